/** Cancelling a request to INTERPOL Washington that is no longer needed. */
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { pendingRequest } from './pending.ts';

export async function cancelLiaisonRequest(
  call: Call,
  requestId: string,
  input: { reason: string },
): Promise<{ id: string; status: 'cancelled' }> {
  return runAction(
    call,
    { action: 'liaison.cancel', permission: 'liaison.cancel', entityType: 'liaison_request' },
    async (trx, audit) => {
      audit.entityId = requestId;
      const request = await pendingRequest(trx, call, requestId);
      audit.caseId = request.case_id;
      if (!input.reason?.trim())
        throw invalid('The request could not be cancelled.', [
          { field: 'reason', message: 'Give the reason for cancelling the request.' },
        ]);
      if (request.status !== 'pending')
        throw conflict(
          'request_not_pending',
          `This request is ${request.status}; only a pending request can be cancelled.`,
        );
      // A cancelled request leaves its safeguard unmet (or met by another answer): the reason says which,
      // as every written reason on a case must (services/reasons.ts).
      const problems = await checkReasons(
        trx,
        request.case_id,
        [{ text: input.reason, field: 'reason', kind: 'request_cancellation' }],
        reasonMinChars(await currentPolicy(trx)),
      );
      if (problems.length) throw invalid('The request could not be cancelled.', problems);
      actingUser(call);
      await trx
        .updateTable('liaison_requests')
        .set({ status: 'cancelled', cancelled_reason: input.reason.trim() })
        .where('id', '=', requestId)
        .execute();
      audit.before = { status: 'pending' };
      audit.after = { status: 'cancelled' };
      audit.detail = { kind: request.kind, reason: input.reason.trim() };
      return { id: requestId, status: 'cancelled' };
    },
  );
}

/**
 * Records a follow-up (reminder) to INTERPOL Washington on a pending request that is overdue, or that
 * has waited longer than the policy's follow-up period.
 */
