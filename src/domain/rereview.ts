/**
 * The re-review queue's priority (retrospective review of past cases). Pure: the facts of a case in, its
 * place and the reasons for it out.
 *
 * The order, most urgent first:
 *   1. the person is in custody;
 *   2. the person is in active proceedings (immigration or criminal);
 *   3. the latest screening found a strong indicator of misuse;
 *   4. a notice of the case is no longer valid (suspended, withdrawn, cancelled, deleted, expired, refused);
 *   5. the documents were never served on the person (no disclosure recorded);
 * and, among cases with the same facts, the longest time since the last retrospective review (or since the
 * case was opened, when it never had one) first; the case id breaks the last ties.
 *
 * The comparison is lexicographic: a case in custody comes before every case that is not, whatever else is
 * true of either. The five facts are bits of one number (16, 8, 4, 2, 1); the stored key is the tier,
 * `32 - bits`, so that tier 1 (all five facts) comes first in ascending order. The database computes the
 * same key in `redline_rereview_tier` (migration 0021); a test checks that the two agree.
 */

export const PRIORITY_FACTS = [
  { id: 'in_custody', bit: 16, text: 'The person is in custody' },
  { id: 'in_proceedings', bit: 8, text: 'The person is in active proceedings' },
  { id: 'strong_indicator', bit: 4, text: 'The latest screening found a strong indicator of misuse' },
  { id: 'notice_not_valid', bit: 2, text: 'A notice of the case is no longer valid' },
  { id: 'never_disclosed', bit: 1, text: 'The documents were never served on the person' },
] as const;

export type PriorityFactId = (typeof PRIORITY_FACTS)[number]['id'];

export interface PriorityFacts {
  inCustody: boolean;
  inProceedings: boolean;
  strongIndicator: boolean;
  noticeNotValid: boolean;
  neverDisclosed: boolean;
}

/** The five facts as bits (16 custody … 1 never disclosed). */
export function priorityBits(f: PriorityFacts): number {
  return (
    (f.inCustody ? 16 : 0) +
    (f.inProceedings ? 8 : 0) +
    (f.strongIndicator ? 4 : 0) +
    (f.noticeNotValid ? 2 : 0) +
    (f.neverDisclosed ? 1 : 0)
  );
}

/** The stored key: 1 (every fact) comes first, 32 (none) last. */
export function priorityTier(f: PriorityFacts): number {
  return 32 - priorityBits(f);
}

/** The facts a tier stands for. */
export function factsOfTier(tier: number): PriorityFacts {
  const bits = 32 - tier;
  return {
    inCustody: (bits & 16) !== 0,
    inProceedings: (bits & 8) !== 0,
    strongIndicator: (bits & 4) !== 0,
    noticeNotValid: (bits & 2) !== 0,
    neverDisclosed: (bits & 1) !== 0,
  };
}

/** Why a case is where it is in the queue, in plain words, most important first. */
export function priorityReasons(tier: number, since: Date, now: Date, reviewedBefore: boolean): string[] {
  const bits = 32 - tier;
  const reasons: string[] = PRIORITY_FACTS.filter((p) => (bits & p.bit) !== 0).map((p) => p.text);
  const days = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
  reasons.push(
    reviewedBefore
      ? `Last reviewed ${days} day${days === 1 ? '' : 's'} ago`
      : `Never reviewed; opened ${days} day${days === 1 ? '' : 's'} ago`,
  );
  return reasons;
}

export interface QueueEntryKey {
  tier: number;
  since: Date;
  id: string;
}

/** The queue's order: negative when `a` comes before `b`. */
export function compareQueueEntries(a: QueueEntryKey, b: QueueEntryKey): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  const dt = a.since.getTime() - b.since.getTime();
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** What a retrospective review can conclude. */
export const REREVIEW_OUTCOMES = [
  'no_action',
  'authorization_withdrawn',
  'release_recommended',
  'referral_counsel',
  'referral_oversight',
] as const;
export type RereviewOutcome = (typeof REREVIEW_OUTCOMES)[number];

export const REREVIEW_OUTCOME_LABELS: Record<RereviewOutcome, string> = {
  no_action: 'No action',
  authorization_withdrawn: 'Authorization withdrawn',
  release_recommended: 'Release or relief recommended',
  referral_counsel: 'Referred to counsel',
  referral_oversight: 'Referred to oversight',
};

/** Task kinds in plain words (the CLI's `tasks`; the web application's queues use the same words). */
export const TASK_KIND_LABELS: Record<string, string> = {
  re_review: 'Re-review',
  referral_counsel: 'Referral to counsel',
  referral_oversight: 'Referral to oversight',
};

/** The keyset cursor of the queue: tier, since and id, as an opaque string. */
export function encodeQueueCursor(k: QueueEntryKey): string {
  return Buffer.from(JSON.stringify([k.tier, k.since.toISOString(), k.id])).toString('base64url');
}

export function decodeQueueCursor(cursor: string): QueueEntryKey | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [tier, since, id] = v;
    if (!Number.isInteger(tier) || tier < 1 || tier > 32) return null;
    const d = new Date(since);
    if (typeof since !== 'string' || Number.isNaN(d.getTime())) return null;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { tier, since: d, id };
  } catch {
    return null;
  }
}

/**
 * The referrals a retrospective review can make, and who acts on them: a referral to counsel becomes a
 * task for the attorneys of the case's office, a referral to oversight a task for oversight (auditors,
 * who see every office). Each is due within the policy's `referralDueDays` (7 and 14 days when not set).
 */
export const REFERRAL_TASKS = {
  referral_counsel: { kind: 'referral_counsel', forRole: 'attorney', setting: 'counsel' },
  referral_oversight: { kind: 'referral_oversight', forRole: 'auditor', setting: 'oversight' },
} as const;

export const DEFAULT_REFERRAL_DUE_DAYS = { counsel: 7, oversight: 14 } as const;

export function referralDueDays(
  policy: { referralDueDays?: { counsel: number; oversight: number } },
  setting: 'counsel' | 'oversight',
): number {
  return policy.referralDueDays?.[setting] ?? DEFAULT_REFERRAL_DUE_DAYS[setting];
}
