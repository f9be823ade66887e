/** A request to INTERPOL Washington (validity D4, documentation D7, use authorization D8). */
import { randomUUID } from 'node:crypto';
import { LIAISON_REQUEST_KINDS, type LiaisonRequestKind } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { invalid } from '../errors.ts';
import { actingUser, DAY_MS } from '../inputs.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface LiaisonRequestInput {
  kind: LiaisonRequestKind;
  /** Defaults to the case's first notice. */
  noticeId?: string | null;
  details?: string | null;
}

export async function requestLiaison(
  call: Call,
  caseId: string,
  input: LiaisonRequestInput,
): Promise<{ id: string; dueAt: Date }> {
  return runAction(
    call,
    { action: 'liaison.request', permission: 'liaison.request', entityType: 'liaison_request' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId, { lock: true });
      if (!LIAISON_REQUEST_KINDS.includes(input.kind))
        throw invalid('The request could not be sent.', [
          { field: 'kind', message: `Kind is one of: ${LIAISON_REQUEST_KINDS.join(', ')}.` },
        ]);
      const linked = await trx
        .selectFrom('case_notices')
        .select('notice_id')
        .where('case_id', '=', caseId)
        .orderBy('added_at')
        .execute();
      const noticeId = input.noticeId ?? linked[0]?.notice_id ?? null;
      if (input.noticeId)
        await requireInScope(trx, call, 'notice', input.noticeId, {
          onCase: caseId,
          label: 'The notice on this case',
        });
      const policy = await currentPolicy(trx);
      const dueAt = new Date(now.getTime() + policy.liaisonDeadlineDays[input.kind] * DAY_MS);
      const id = randomUUID();
      await trx
        .insertInto('liaison_requests')
        .values({
          id,
          case_id: caseId,
          notice_id: noticeId,
          kind: input.kind,
          details: input.details ?? null,
          requested_by: actingUser(call),
          requested_at: now,
          due_at: dueAt,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { kind: input.kind, noticeId, dueAt: dueAt.toISOString() };
      return { id, dueAt };
    },
  );
}
