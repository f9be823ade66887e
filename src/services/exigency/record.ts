/**
 * An exigency: the request to rely on the notice in proceedings before the contest is over (D9). The
 * officer or supervisor says what it is for and why it cannot wait; the field office director decides.
 */
import { randomUUID } from 'node:crypto';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface ExigencyInput {
  /** The action the reliance is for, e.g. "removal hearing on 2026-07-02 before the immigration court". */
  action: string;
  /** Why it cannot wait until the contest window closes or the contest is decided. */
  reason: string;
}

export async function requestExigency(
  call: Call,
  caseId: string,
  input: ExigencyInput,
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'exigency.request', permission: 'exigency.request', entityType: 'exigency' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (row.status === 'closed') throw conflict('case_closed', 'The case is closed.');
      const fields: FieldProblem[] = [];
      requireText(
        input.action,
        'action',
        'Say what the reliance on the notice is for (the hearing or step).',
        fields,
      );
      requireText(input.reason, 'reason', 'Explain why it cannot wait until the contest is over.', fields);
      if (!fields.length) {
        const policy = await currentPolicy(trx);
        fields.push(
          ...(await checkReasons(
            trx,
            caseId,
            [{ text: input.reason, field: 'reason', kind: 'exigency' }],
            reasonMinChars(policy),
          )),
        );
      }
      if (fields.length) throw invalid('The exigency could not be recorded.', fields);
      const pending = await trx
        .selectFrom('exigencies')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'requested')
        .executeTakeFirst();
      if (pending)
        throw conflict(
          'exigency_pending',
          'An exigency on this case is already awaiting the field office director’s decision.',
          { exigencyId: pending.id },
        );
      const id = randomUUID();
      await trx
        .insertInto('exigencies')
        .values({
          id,
          case_id: caseId,
          action: input.action.trim(),
          reason: input.reason.trim(),
          requested_by: actingUser(call),
          requested_at: now,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { action: input.action.trim() };
      return { id };
    },
  );
}
