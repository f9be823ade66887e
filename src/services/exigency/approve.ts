/**
 * The field office director's decision on an exigency ("above the supervisor"): approved or refused, with
 * a reason. The director may be neither the requester nor the case's officer. An approved exigency lets
 * G-CONTEST be met before the contest window closes, and the dashboard shows it to oversight.
 */
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid, notFound, PermissionDenied } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export const EXIGENCY_DECISIONS = ['approved', 'refused'] as const;
export type ExigencyDecision = (typeof EXIGENCY_DECISIONS)[number];

export async function decideExigency(
  call: Call,
  exigencyId: string,
  input: { decision: ExigencyDecision; reason: string },
): Promise<{ id: string; status: ExigencyDecision }> {
  return runAction(
    call,
    { action: 'exigency.decide', permission: 'exigency.decide', entityType: 'exigency' },
    async (trx, audit, now) => {
      audit.entityId = exigencyId;
      // Another office's exigency answers as an unknown one (scope.ts).
      await requireInScope(trx, call, 'exigency', exigencyId);
      const e = await trx
        .selectFrom('exigencies')
        .selectAll()
        .where('id', '=', exigencyId)
        .forUpdate()
        .executeTakeFirst();
      if (!e) throw notFound('The exigency');
      audit.caseId = e.case_id;
      const row = await loadCaseForAction(trx, call, e.case_id, { lock: true });
      const userId = actingUser(call);
      if (userId === e.requested_by || userId === row.assigned_officer_id)
        throw new PermissionDenied(
          'SOD-EXIGENCY-INDEPENDENCE',
          'You requested this exigency or are the officer on the case, so you may not decide it. Another field office director must.',
        );
      if (e.status !== 'requested')
        throw conflict('exigency_decided', `This exigency has already been ${e.status}.`, {
          status: e.status,
          decidedBy: e.decided_by,
        });
      const fields: FieldProblem[] = [];
      if (!(EXIGENCY_DECISIONS as readonly string[]).includes(input.decision))
        fields.push({ field: 'decision', message: 'Decision is approved or refused.' });
      requireText(input.reason, 'reason', 'Give the reason for your decision.', fields);
      if (!fields.length) {
        const policy = await currentPolicy(trx);
        fields.push(
          ...(await checkReasons(
            trx,
            e.case_id,
            [{ text: input.reason, field: 'reason', kind: 'exigency' }],
            reasonMinChars(policy),
          )),
        );
      }
      if (fields.length) throw invalid('The decision could not be recorded.', fields);
      await trx
        .updateTable('exigencies')
        .set({
          status: input.decision,
          decided_by: userId,
          decided_at: now,
          decision_reason: input.reason.trim(),
        })
        .where('id', '=', exigencyId)
        .execute();
      audit.before = { status: e.status };
      audit.after = { status: input.decision };
      audit.detail = { decision: input.decision };
      return { id: exigencyId, status: input.decision };
    },
  );
}
