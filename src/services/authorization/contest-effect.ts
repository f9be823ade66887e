/**
 * What a contest does to an authorization already given (D9):
 * - filed after the authorization, on a case for immigration proceedings: the authorization is suspended
 *   until every contest is decided (the notice may not be used in the proceedings meanwhile);
 * - decided and not sustained (or withdrawn), with no other contest undecided: the suspension ends;
 * - sustained: every standing authorization is withdrawn (whatever the purpose) and a re-review task raised.
 * A law-enforcement action is not suspended by a contest: it rests on the agency's own basis
 * (G-INDEPENDENT), and G-CONTEST does not apply to it; a sustained contest still withdraws it.
 * Runs in the caller's transaction, under the case row lock.
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../../store/db.ts';
import type { CaseRow } from '../../store/schema.ts';
import { withdrawAuthorizations } from '../case/material-change.ts';
import { currentPolicy } from '../context.ts';
import { DAY_MS } from '../inputs.ts';

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Suspends the case's active authorization for a contest filed after it (immigration proceedings only). */
export async function suspendForContest(
  trx: DbOrTrx,
  row: CaseRow,
  contestId: string,
  now: Date,
): Promise<string | null> {
  if (row.purpose !== 'immigration_proceedings') return null;
  const active = await trx
    .selectFrom('authorizations')
    .select('id')
    .where('case_id', '=', row.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!active) return null;
  await trx
    .updateTable('authorizations')
    .set({
      status: 'suspended',
      suspended_at: now,
      suspended_contest_id: contestId,
      suspended_reason: `Suspended because the person contested the notice after this authorization (contest recorded ${stamp(now)}): the notice may not be used in immigration proceedings until the contest is decided.`,
      resumed_at: null,
    })
    .where('id', '=', active.id)
    .execute();
  return active.id;
}

export interface ContestDecisionEffect {
  resumedAuthorization: string | null;
  withdrawnAuthorizations: string[];
  taskId: string | null;
}

/** After a contest is decided: a sustained contest withdraws; otherwise a suspension may end. */
export async function applyContestDecision(
  trx: DbOrTrx,
  row: CaseRow,
  decision: string,
  now: Date,
): Promise<ContestDecisionEffect> {
  if (decision === 'sustained') {
    const withdrawn = await withdrawAuthorizations(
      trx,
      row.id,
      now,
      `Withdrawn because the contest was sustained (${stamp(now)}): the notice may not be used.`,
    );
    const taskId = withdrawn.length
      ? await raiseReReview(
          trx,
          row,
          'A contest was sustained after the case was authorized; the authorization was withdrawn. Re-review the case.',
          now,
        )
      : null;
    return { resumedAuthorization: null, withdrawnAuthorizations: withdrawn, taskId };
  }
  const suspended = await trx
    .selectFrom('authorizations')
    .select('id')
    .where('case_id', '=', row.id)
    .where('status', '=', 'suspended')
    .executeTakeFirst();
  if (!suspended) return { resumedAuthorization: null, withdrawnAuthorizations: [], taskId: null };
  const undecided = await trx
    .selectFrom('contests')
    .select('id')
    .where('case_id', '=', row.id)
    .where('decision', 'is', null)
    .executeTakeFirst();
  if (undecided) return { resumedAuthorization: null, withdrawnAuthorizations: [], taskId: null };
  await trx
    .updateTable('authorizations')
    .set({ status: 'active', resumed_at: now })
    .where('id', '=', suspended.id)
    .execute();
  return { resumedAuthorization: suspended.id, withdrawnAuthorizations: [], taskId: null };
}

/** A re-review task on the case (priority 1 in custody, else 2), due within the policy's reReviewDueDays. */
async function raiseReReview(trx: DbOrTrx, row: CaseRow, reason: string, now: Date): Promise<string> {
  const { reReviewDueDays } = await currentPolicy(trx);
  const priority = row.custody_status === 'in_custody' ? 1 : 2;
  const id = randomUUID();
  await trx
    .insertInto('tasks')
    .values({
      id,
      case_id: row.id,
      kind: 're_review',
      reason,
      priority,
      created_at: now,
      due_at: new Date(
        now.getTime() + (priority === 1 ? reReviewDueDays.inCustody : reReviewDueDays.notInCustody) * DAY_MS,
      ),
    })
    .execute();
  return id;
}
