/** A notice status change reported by INTERPOL Washington. */
import { NOTICE_STATUSES, type NoticeStatus } from '../../domain/types.ts';
import { type Call, runAction } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { lockNoticeAndCases } from './lock.ts';
import { type AffectedCase, changeNoticeStatus } from './propagate.ts';

export interface NoticeStatusInput {
  status: NoticeStatus;
  effectiveAt?: Date;
  usncbReference?: string | null;
  note?: string | null;
  source?: string;
}

export async function recordNoticeStatus(
  call: Call,
  noticeId: string,
  input: NoticeStatusInput,
): Promise<{ affectedCases: AffectedCase[] }> {
  return runAction(
    call,
    { action: 'notice.status.record', permission: 'notice.status.record', entityType: 'notice' },
    async (trx, audit, now) => {
      audit.entityId = noticeId;
      if (!NOTICE_STATUSES.includes(input.status))
        throw invalid('The status could not be recorded.', [
          { field: 'status', message: `Status is one of: ${NOTICE_STATUSES.join(', ')}.` },
        ]);
      // NOTICE-STATUS-TIME: a status change is reported after it happened; a time ahead of the clock (beyond
      // five minutes of drift between systems) would date the change into the future.
      if (input.effectiveAt && input.effectiveAt.getTime() > now.getTime() + 5 * 60_000)
        throw invalid('The status could not be recorded.', [
          {
            field: 'effectiveAt',
            message: 'Enter when the status changed, as INTERPOL Washington reported it; not in the future.',
          },
        ]);
      // The cases on the notice, then the notice, locked before its status is read: an authorization
      // in progress on one of the cases finishes first (and is withdrawn here), or waits and sees the change.
      const notice = await lockNoticeAndCases(trx, noticeId);
      if (notice.status === input.status)
        throw conflict('status_unchanged', `The notice is already recorded as ${input.status}.`);
      const affectedCases = await changeNoticeStatus(trx, {
        noticeId,
        from: notice.status,
        to: input.status,
        effectiveAt: input.effectiveAt ?? now,
        source: input.source ?? 'interpol_washington',
        usncbReference: input.usncbReference ?? null,
        note: input.note ?? null,
        recordedBy: actingUser(call),
        now,
      });
      audit.before = { status: notice.status };
      audit.after = { status: input.status };
      audit.detail = {
        from: notice.status,
        to: input.status,
        affectedCases: affectedCases.map((a) => ({
          caseId: a.caseId,
          caseNumber: a.caseNumber,
          withdrawnAuthorizations: a.withdrawnAuthorizations,
          taskId: a.taskId,
          priority: a.priority,
        })),
      };
      return { affectedCases };
    },
  );
}
