/** Follow-up of requests to INTERPOL Washington: cancelling one, and sending a reminder on an overdue one. */
import { type Call, currentPolicy, runAction } from './context.ts';
import { conflict, invalid, notFound, ServiceError } from './errors.ts';
import { loadCaseForAction } from './snapshot.ts';

const DAY_MS = 86_400_000;

function actingUser(call: Call): string {
  if (!call.actor.userId)
    throw new ServiceError(
      400,
      'user_required',
      'This action must be taken by a named user, not the system.',
    );
  return call.actor.userId;
}

async function pendingRequest(
  trx: Parameters<Parameters<typeof runAction>[2]>[0],
  call: Call,
  requestId: string,
) {
  const request = await trx
    .selectFrom('liaison_requests')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!request) throw notFound('The request');
  await loadCaseForAction(trx, call, request.case_id);
  return request;
}

/** Cancels a pending request with a reason. */
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
export async function followUpLiaisonRequest(
  call: Call,
  requestId: string,
  input: { note: string },
): Promise<{ id: string; followUps: number; dueAt: string }> {
  return runAction(
    call,
    { action: 'liaison.follow_up', permission: 'liaison.follow_up', entityType: 'liaison_request' },
    async (trx, audit, now) => {
      audit.entityId = requestId;
      const request = await pendingRequest(trx, call, requestId);
      audit.caseId = request.case_id;
      if (!input.note?.trim())
        throw invalid('The follow-up could not be recorded.', [
          { field: 'note', message: 'Write what you asked INTERPOL Washington.' },
        ]);
      if (request.status !== 'pending')
        throw conflict('request_not_pending', `This request is ${request.status}; it needs no follow-up.`);
      const policy = await currentPolicy(trx);
      const due = new Date(request.due_at);
      const followUpFrom = new Date(
        Math.min(
          due.getTime(),
          new Date(request.requested_at).getTime() + policy.liaisonFollowUpDays * DAY_MS,
        ),
      );
      if (now.getTime() < followUpFrom.getTime())
        throw conflict(
          'not_overdue',
          `This request is not overdue yet. You can follow it up from ${followUpFrom.toISOString()}.`,
          { followUpFrom: followUpFrom.toISOString() },
        );
      const followUps = [
        ...(request.follow_ups ?? []),
        { at: now.toISOString(), by: actingUser(call), note: input.note.trim() },
      ];
      await trx
        .updateTable('liaison_requests')
        .set({ follow_ups: JSON.stringify(followUps) })
        .where('id', '=', requestId)
        .execute();
      audit.detail = {
        kind: request.kind,
        note: input.note.trim(),
        followUps: followUps.length,
        dueAt: due.toISOString(),
      };
      return { id: requestId, followUps: followUps.length, dueAt: due.toISOString() };
    },
  );
}
