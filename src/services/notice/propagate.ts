/** Propagating a change of a notice's status to every case that relies on it. */
import { randomUUID } from 'node:crypto';
import type { NoticeStatus } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { withdrawAuthorizations } from '../case/material-change.ts';
import { currentPolicy } from '../context.ts';
import { DAY_MS } from '../inputs.ts';
import { notify } from '../notifications/notify.ts';
import { rescreenCase } from '../screening/rescreen.ts';

export interface AffectedCase {
  caseId: string;
  caseNumber: string;
  withdrawnAuthorizations: string[];
  taskId: string;
  priority: number;
  /** When the re-review is due: the policy's reReviewDueDays for the priority. */
  dueAt: string;
  /** Users notified (services/notifications): the case's officer and its office's supervisors. */
  notified: number;
}

/**
 * Records a change of a notice's status and propagates it: every case that relies on the notice —
 * closed ones included — loses its active authorizations, goes back to open when authorized, and
 * gets a re-review task (priority 1 for people in custody, else 2) due within the policy's
 * reReviewDueDays for its priority.
 */
export async function changeNoticeStatus(
  trx: DbOrTrx,
  input: {
    noticeId: string;
    from: string;
    to: NoticeStatus;
    effectiveAt: Date;
    source: string;
    usncbReference: string | null;
    note: string | null;
    recordedBy: string;
    now: Date;
  },
): Promise<AffectedCase[]> {
  const { now } = input;
  await trx
    .updateTable('notices')
    .set({ status: input.to, status_updated_at: now, updated_at: now })
    .where('id', '=', input.noticeId)
    .execute();
  await trx
    .insertInto('notice_status_changes')
    .values({
      id: randomUUID(),
      notice_id: input.noticeId,
      from_status: input.from,
      to_status: input.to,
      effective_at: input.effectiveAt,
      source: input.source,
      usncb_reference: input.usncbReference,
      note: input.note,
      recorded_by: input.recordedBy,
      recorded_at: now,
    })
    .execute();
  const cases = await trx
    .selectFrom('case_notices')
    .innerJoin('cases', 'cases.id', 'case_notices.case_id')
    .select([
      'cases.id',
      'cases.case_number',
      'cases.custody_status',
      'cases.in_proceedings',
      'cases.status',
      'cases.office_id',
      'cases.assigned_officer_id',
    ])
    .where('case_notices.notice_id', '=', input.noticeId)
    .orderBy('cases.case_number')
    .execute();
  const { reReviewDueDays } = await currentPolicy(trx);
  const affected: AffectedCase[] = [];
  for (const c of cases) {
    const reason = `The notice's status changed from ${input.from} to ${input.to} (${input.source === 'ccf' ? 'a finding of the CCF the person reported, confirmed by an attorney' : 'reported by INTERPOL Washington'}${input.usncbReference ? `, ref. ${input.usncbReference}` : ''}).`;
    const withdrawn = await withdrawAuthorizations(trx, c.id, now, reason);
    // The validity indicator reads the notice's status: screen again now, not at the next review.
    await rescreenCase(trx, c.id, now, 'notice_status_changed');
    const priority = c.custody_status === 'in_custody' ? 1 : 2;
    const taskId = randomUUID();
    const dueAt = new Date(
      now.getTime() + (priority === 1 ? reReviewDueDays.inCustody : reReviewDueDays.notInCustody) * DAY_MS,
    );
    await trx
      .insertInto('tasks')
      .values({
        id: taskId,
        case_id: c.id,
        kind: 're_review',
        reason: `${reason} Re-review the case.`,
        priority,
        created_at: now,
        due_at: dueAt,
      })
      .execute();
    // The people who act on the case hear of it: on a closed case only while the person is still in
    // custody or in immigration proceedings (cases.custody_status, cases.in_proceedings).
    const stillAtStake = c.custody_status === 'in_custody' || c.in_proceedings;
    let notified = 0;
    if (c.status !== 'closed' || stillAtStake) {
      const held = [
        c.custody_status === 'in_custody' ? 'in custody' : null,
        c.in_proceedings ? 'in immigration proceedings' : null,
      ].filter(Boolean);
      const text =
        `${reason} Case ${c.case_number}` +
        (c.status === 'closed' ? ` is closed, but the person is still ${held.join(' and ')}.` : '.') +
        (withdrawn.length ? ` ${withdrawn.length} authorization(s) withdrawn.` : '') +
        ` A priority ${priority} re-review is due ${dueAt.toISOString().slice(0, 10)}.`;
      const base = { kind: 'notice_status', caseId: c.id, text, at: now };
      notified += (await notify(trx, { ...base, userIds: [c.assigned_officer_id] })).created;
      notified += (await notify(trx, { ...base, role: 'supervisor', office: c.office_id })).created;
    }
    affected.push({
      caseId: c.id,
      caseNumber: c.case_number,
      withdrawnAuthorizations: withdrawn,
      taskId,
      priority,
      dueAt: dueAt.toISOString(),
      notified,
    });
  }
  return affected;
}
