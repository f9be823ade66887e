/** A follow-up (reminder) on an overdue request to INTERPOL Washington. */
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { actingUser, DAY_MS } from '../inputs.ts';
import { pendingRequest } from './pending.ts';

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
          `This request is not overdue yet. You can follow it up from ${followUpFrom.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
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
