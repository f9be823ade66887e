/**
 * Row locks around notices. The order is the same everywhere, so two actions never wait on each other in
 * a circle: case rows first (in id order when there are several), then notice rows (in id order).
 *
 * - An action on one case locks the case (`snapshot.ts#loadCaseForAction` with `lock: true`), then, when
 *   what it decides depends on the notices (an authorization), those notices (`lockCaseNotices`).
 * - A change to a notice that reaches every case on it (a status change) locks the cases on the notice
 *   in id order, then the notice (`lockNoticeAndCases`), and reads the notice's status under the lock.
 */
import type { DbOrTrx } from '../../store/db.ts';
import { notFound } from '../errors.ts';

/**
 * Locks the notices a case relies on (shared locks, in id order) after the case row is locked: a notice
 * status change or a change of its facts waits until the action commits, and an action that starts
 * after it sees the new status.
 */
export async function lockCaseNotices(trx: DbOrTrx, caseId: string): Promise<void> {
  const ids = await trx
    .selectFrom('case_notices')
    .select('notice_id')
    .where('case_id', '=', caseId)
    .orderBy('notice_id')
    .execute();
  if (ids.length === 0) return;
  await trx
    .selectFrom('notices')
    .select('id')
    .where(
      'id',
      'in',
      ids.map((r) => r.notice_id),
    )
    .orderBy('id')
    .forShare()
    .execute();
}

/**
 * Locks every case that relies on a notice (in id order), then the notice itself, and returns the notice
 * as it stands under the lock. Cases linked to the notice while this waited are locked too.
 */
export async function lockNoticeAndCases(
  trx: DbOrTrx,
  noticeId: string,
): Promise<{ id: string; status: string; caseIds: string[] }> {
  const locked = new Set<string>();
  for (;;) {
    const ids = await trx
      .selectFrom('case_notices')
      .select('case_id')
      .where('notice_id', '=', noticeId)
      .execute();
    const missing = ids.map((r) => r.case_id).filter((id) => !locked.has(id));
    if (missing.length === 0) break;
    // A second pass (a case linked meanwhile) may lock a lower id after a higher one: rare, and the
    // database resolves a resulting deadlock by refusing one side, which is retried.
    await trx.selectFrom('cases').select('id').where('id', 'in', missing).orderBy('id').forUpdate().execute();
    for (const id of missing) locked.add(id);
  }
  const notice = await trx
    .selectFrom('notices')
    .select(['id', 'status'])
    .where('id', '=', noticeId)
    .forUpdate()
    .executeTakeFirst();
  if (!notice) throw notFound('The notice');
  return { ...notice, caseIds: [...locked].sort() };
}
