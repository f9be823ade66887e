/** Closing a case: its authorizations are withdrawn and its pending requests cancelled. */

import { type Call, runAction } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { withdrawAuthorizations } from './material-change.ts';

export interface CloseCaseInput {
  reason: string;
  /**
   * A case with an active authorization is not closed silently: either withdraw the authorization
   * first, or say so here and it is withdrawn with the same reason, in the same transaction.
   */
  withdrawAuthorization?: boolean;
}

export interface ClosedCase {
  id: string;
  caseNumber: string;
  withdrawnAuthorizations: string[];
  cancelledRequests: string[];
}

/** Closes a case with a reason (supervisors). Open re-review tasks stay open: past reliance is still reviewed. */
export async function closeCase(call: Call, caseId: string, input: CloseCaseInput): Promise<ClosedCase> {
  return runAction(
    call,
    { action: 'case.close', permission: 'case.close', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (!input.reason?.trim())
        throw invalid('The case could not be closed.', [
          { field: 'reason', message: 'Give the reason for closing the case.' },
        ]);
      if (row.status === 'closed') throw conflict('case_closed', 'The case is already closed.');
      const active = await trx
        .selectFrom('authorizations')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', 'in', ['active', 'suspended'])
        .execute();
      if (active.length && !input.withdrawAuthorization)
        throw conflict(
          'authorization_active',
          'The case has an active authorization. Withdraw it first, or ask to withdraw it as you close the case (withdrawAuthorization, or --withdraw-authorization on the command line), so nobody acts on an authorization of a closed case.',
          { authorizations: active.map((a) => a.id) },
        );
      const reason = input.reason.trim();
      const withdrawn = active.length
        ? await withdrawAuthorizations(trx, caseId, now, `Withdrawn because the case was closed: ${reason}`)
        : [];
      const pending = await trx
        .selectFrom('liaison_requests')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'pending')
        .execute();
      if (pending.length)
        await trx
          .updateTable('liaison_requests')
          .set({ status: 'cancelled', cancelled_reason: `The case was closed: ${reason}` })
          .where(
            'id',
            'in',
            pending.map((p) => p.id),
          )
          .execute();
      await trx
        .updateTable('cases')
        .set({ status: 'closed', closed_at: now, close_reason: reason, updated_at: now })
        .where('id', '=', caseId)
        .execute();
      actingUser(call);
      audit.before = { status: row.status };
      audit.after = { status: 'closed' };
      audit.detail = {
        reason,
        withdrawnAuthorizations: withdrawn,
        cancelledRequests: pending.map((p) => p.id),
      };
      return {
        id: caseId,
        caseNumber: row.case_number,
        withdrawnAuthorizations: withdrawn,
        cancelledRequests: pending.map((p) => p.id),
      };
    },
  );
}
