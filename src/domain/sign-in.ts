/**
 * Sign-in rules that are policy, not plumbing (pure; no I/O): who must use a second factor, how long a
 * passphrase must be, and how long to wait after failed attempts.
 */
import { type PolicySettings, ROLES, type Role } from './types.ts';

/**
 * Roles that must use a second factor unless the policy says otherwise. Each of them can do harm beyond
 * one case or see more than one office's people: administrators change accounts and policy; auditors
 * read the whole audit trail; directors and supervisors approve reliance on a notice and override;
 * attorneys give the legal review that opens the gates; the INTERPOL Washington liaison answers validity
 * and documentation requests for every office. Officers and training coordinators may enrol and are
 * asked to; an administrator can add them to the policy (OMB M-22-09 expects it for every account).
 */
export const DEFAULT_MFA_REQUIRED_ROLES: readonly Role[] = [
  'administrator',
  'auditor',
  'director',
  'supervisor',
  'attorney',
  'liaison',
];

export const DEFAULT_PASSPHRASE_MIN_CHARS = 12;

export function mfaRequired(policy: PolicySettings, role: Role): boolean {
  const roles = policy.mfaRequiredRoles ?? DEFAULT_MFA_REQUIRED_ROLES;
  return roles.includes(role) && ROLES.includes(role);
}

export function passphraseMinChars(policy: PolicySettings): number {
  return policy.passphraseMinChars ?? DEFAULT_PASSPHRASE_MIN_CHARS;
}

export interface DelayRule {
  /** Failures allowed without any wait. */
  free: number;
  /** The first wait, doubled after every further failure. */
  baseMs: number;
  maxMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
}

/** Per account (the username as typed, so unknown usernames are treated the same as real ones). */
export const ACCOUNT_DELAY: DelayRule = {
  free: 3,
  baseMs: 2_000,
  maxMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};

/** Per source address: more room, since many people may sign in from behind one address. */
export const SOURCE_DELAY: DelayRule = {
  free: 20,
  baseMs: 1_000,
  maxMs: 15 * 60_000,
  forgetAfterMs: 3_600_000,
};

/**
 * The wait after the n-th consecutive failure: none for the first `free` ones, then exponential
 * back-off (base, 2×base, 4×base …) up to the maximum. Nobody is ever locked out for good.
 */
export function delayAfterFailures(failures: number, rule: DelayRule): number {
  if (failures <= rule.free) return 0;
  const exp = Math.min(failures - rule.free - 1, 30);
  return Math.min(rule.baseMs * 2 ** exp, rule.maxMs);
}
