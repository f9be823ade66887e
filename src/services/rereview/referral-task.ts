/**
 * The task a referral from the retrospective review raises (outcome.ts): for the attorneys of the case's
 * office (referral to counsel) or for oversight (referral to oversight), due within the policy's
 * `referralDueDays`, with the reviewer's reasons. It is written in the outcome's transaction and named in
 * its audit entry; it appears in the Tasks list of the role it is for (tasks/list.ts).
 */
import { randomUUID } from 'node:crypto';
import { REFERRAL_TASKS, type RereviewOutcome, referralDueDays } from '../../domain/rereview.ts';
import type { PolicySettings } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';

const DAY_MS = 86_400_000;

export interface ReferralTask {
  id: string;
  kind: string;
  forRole: string;
  dueAt: string;
}

/** Raises the referral task of an outcome, or nothing for an outcome that is not a referral. */
export async function raiseReferralTask(
  trx: DbOrTrx,
  c: { id: string; custody_status: string },
  outcome: RereviewOutcome,
  reasons: string,
  policy: PolicySettings,
  now: Date,
): Promise<ReferralTask | null> {
  if (outcome !== 'referral_counsel' && outcome !== 'referral_oversight') return null;
  const spec = REFERRAL_TASKS[outcome];
  const dueAt = new Date(now.getTime() + referralDueDays(policy, spec.setting) * DAY_MS);
  const id = randomUUID();
  const to = spec.forRole === 'attorney' ? 'counsel' : 'oversight';
  await trx
    .insertInto('tasks')
    .values({
      id,
      case_id: c.id,
      kind: spec.kind,
      for_role: spec.forRole,
      reason: `Referred to ${to} on retrospective review: ${reasons}`,
      priority: c.custody_status === 'in_custody' ? 1 : 2,
      created_at: now,
      due_at: dueAt,
    })
    .execute();
  return { id, kind: spec.kind, forRole: spec.forRole, dueAt: dueAt.toISOString() };
}
