/**
 * Who may do what. One table of role × action, plus the table of separation of duties on a case.
 * Services call `checkPermission` before every action; the HTTP layer never decides on its own.
 * Pure: the caller supplies the facts (training, who opened the case, offices).
 */
import type { Role } from './types.ts';

const O = 'officer';
const S = 'supervisor';
const L = 'liaison';
const A = 'attorney';
const U = 'auditor';
const T = 'training_coordinator';
const X = 'administrator';
const D = 'director';

interface Permission {
  roles: readonly Role[];
  /** The actor's annual training must be current when acting (D3). */
  training: boolean;
  /** Plain-language description, shown when refused. */
  describe: string;
}

/** The table. Read down the left for actions, across for the roles that may take them. */
export const PERMISSIONS = {
  // Cases and their facts
  'case.create': { roles: [O, S], training: true, describe: 'open a case' },
  'case.read': { roles: [O, S, L, A, U, D], training: false, describe: 'read a case' },
  'case.list': { roles: [O, S, L, A, U, D], training: false, describe: 'list cases' },
  'case.update': { roles: [O, S], training: true, describe: 'change the facts of a case' },
  'case.close': { roles: [S], training: true, describe: 'close a case' },
  'person.write': { roles: [O, S], training: true, describe: 'record or change a person' },
  'person.read': { roles: [O, S, L, A, U, D], training: false, describe: 'read a person' },
  'notice.write': { roles: [O, S], training: true, describe: 'record or change a notice' },
  'notice.read': { roles: [O, S, L, A, U, D], training: false, describe: 'read a notice' },
  // INTERPOL Washington
  'liaison.request': { roles: [O, S, A], training: true, describe: 'send a request to INTERPOL Washington' },
  'liaison.follow_up': { roles: [O, S, A], training: false, describe: 'follow up a request' },
  'liaison.cancel': {
    roles: [O, S, A],
    training: false,
    describe: 'cancel a request to INTERPOL Washington',
  },
  'liaison.respond': { roles: [L], training: false, describe: 'answer a request as INTERPOL Washington' },
  'liaison.respond_out_of_band': {
    roles: [O, S],
    training: true,
    describe: 'record an answer INTERPOL Washington gave by another channel',
  },
  'notice.status.record': {
    roles: [L],
    training: false,
    describe: "record a change of a notice's status reported by INTERPOL Washington",
  },
  // Review, wording, approval
  'review.perform': { roles: [O, S, A], training: true, describe: 'perform the preliminary review' },
  'screening.facts.record': {
    roles: [O, S, A],
    training: true,
    describe: 'record the screening facts of a case',
  },
  'screening.run': { roles: [O, S, A], training: true, describe: 'run the screening of a case again' },
  'screening.bulk': {
    roles: [S, X],
    training: false,
    describe: 'launch, pause, resume or follow a bulk re-screening (supervisors: own office only)',
  },
  'charge.correct': {
    roles: [O, S, A],
    training: true,
    describe: 'confirm or correct the offence category of a charge',
  },
  'wording.dismiss': { roles: [S], training: true, describe: 'dismiss a wording finding' },
  'approval.decide': { roles: [S], training: true, describe: 'approve, deny or return a case' },
  'notice_link.confirm': {
    roles: [A],
    training: true,
    describe:
      "confirm that a case's person is the subject of a notice whose recorded name, date of birth or nationality differ",
  },
  'legal_review.record': {
    roles: [A],
    training: true,
    describe: 'record the legal review of a case whose review advises "do not act"',
  },
  // Person's documents and contest
  'document.record': { roles: [O, S, A, L], training: false, describe: 'record a document' },
  'document.download': {
    roles: [O, S, L, A, U, D],
    training: false,
    describe: 'download a document of a case',
  },
  'disclosure.record': { roles: [O, S, A], training: true, describe: 'record service of documents' },
  'contest.record': { roles: [O, S, A], training: false, describe: 'record a contest' },
  // Disclosure packet: generated for the person; each language's text approved by a coordinator or attorney
  'packet.generate': {
    roles: [O, S, A],
    training: true,
    describe: 'generate the disclosure packet for the person',
  },
  'packet.translations_read': {
    roles: [O, S, A, T, U],
    training: false,
    describe: "read the disclosure packet's translations and their approvals",
  },
  'packet.translation_approve': {
    roles: [T, A],
    training: false,
    describe: "approve a language's text of the disclosure packet (certified review)",
  },
  'contest.decide': { roles: [A], training: false, describe: 'decide a contest' },
  // Counsel portal: access for the person or their counsel, and what they report through it
  'portal_access.issue': {
    roles: [O, S, A],
    training: true,
    describe: 'issue a counsel portal access code for a case',
  },
  'portal_access.revoke': { roles: [S, A], training: false, describe: 'revoke a counsel portal access code' },
  // Notification e-mail: where each stands, and a failed one queued again (administrators)
  'notification.email.read': {
    roles: [X],
    training: false,
    describe: 'read the delivery state of notification e-mail',
  },
  'notification.email.retry': {
    roles: [X],
    training: false,
    describe: 'queue a failed notification e-mail again',
  },
  'ccf_report.confirm': {
    roles: [A],
    training: true,
    describe: 'confirm or set aside a CCF finding the person reported through the counsel portal',
  },
  // Exigency: reliance on the notice before the contest is over, decided above the supervisor
  'exigency.request': {
    roles: [O, S],
    training: true,
    describe: 'request reliance on the notice before the contest is over (exigency)',
  },
  'exigency.decide': {
    roles: [D],
    training: true,
    describe: 'approve or refuse an exigency (field office director)',
  },
  'documentation.sign_off': {
    roles: [A],
    training: false,
    describe:
      'sign off on going on without an item of the documentation INTERPOL Washington could not provide',
  },
  'attorney_queue.read': {
    roles: [A],
    training: false,
    describe: 'read the attorney’s work queue (legal reviews, contests and sign-offs to do)',
  },
  // Authorization and follow-up
  'authorization.create': { roles: [O, S], training: true, describe: 'authorize a case' },
  'authorization.withdraw': { roles: [S], training: true, describe: 'withdraw an authorization' },
  /**
   * Completing a re-review decides whether the case may still rely on the notice: a supervisor or attorney.
   * A referral is completed by the role it is for only (rule TASK-FOR-ROLE, services/tasks/complete.ts): auditors
   * complete the referrals raised for oversight and no other task.
   */
  'task.complete': { roles: [S, A, U], training: true, describe: 'complete a re-review task' },
  'task.list': { roles: [O, S, L, A, U], training: false, describe: 'list re-review tasks' },
  // Training registry
  'training.record': { roles: [T], training: false, describe: 'record training' },
  'training.read': { roles: [T, S, X, U], training: false, describe: 'read training records' },
  // Administration
  'user.manage': { roles: [X], training: false, describe: 'manage user accounts' },
  'user.read': { roles: [X, U, S, T], training: false, describe: 'read user accounts' },
  'policy.update': { roles: [X], training: false, describe: 'change policy settings' },
  'policy.read': { roles: [O, S, L, A, U, T, X, D], training: false, describe: 'read policy settings' },
  'country_context.manage': {
    roles: [X],
    training: false,
    describe: 'add, change or retire country-context rows used by the screening',
  },
  'country_context.read': {
    roles: [O, S, L, A, U, X],
    training: false,
    describe: 'read the country-context table used by the screening',
  },
  // Oversight
  'dashboard.read': { roles: [S, U, D], training: false, describe: 'read the oversight dashboard' },
  'audit.read': { roles: [U], training: false, describe: 'read the audit log' },
  'audit.verify': { roles: [U, X], training: false, describe: 'verify the audit chain' },
  // Legacy import (docs/legacy-import.md)
  'legacy.import': { roles: [X], training: false, describe: 'import legacy case records' },
  // Retrospective review of past cases (the re-review queue) and the oversight report
  'rereview.read': { roles: [S, A, U, D], training: false, describe: 'read the re-review queue' },
  'rereview.take': {
    roles: [S, A],
    training: true,
    describe: 'take a case from the re-review queue, or give it back',
  },
  'rereview.outcome': {
    roles: [S, A],
    training: true,
    describe: 'record the outcome of the retrospective review of a case',
  },
  'report.read': {
    roles: [U, D, S],
    training: false,
    describe: 'read and download the oversight report',
  },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

/** Roles whose work spans every office; everyone else sees only their own office's cases. */
export const OFFICE_SPANNING_ROLES: readonly Role[] = [L, U];

export interface PermissionFacts {
  role: Role | null;
  /** Whether the actor's annual training is current now. */
  trainingCurrent: boolean;
}

export type PermissionVerdict = { allowed: true } | { allowed: false; rule: string; reason: string };

export function checkPermission(action: Action, facts: PermissionFacts): PermissionVerdict {
  const p: Permission = PERMISSIONS[action];
  if (!facts.role || !p.roles.includes(facts.role)) {
    return {
      allowed: false,
      rule: `ROLE:${action}`,
      reason: `Your role may not ${p.describe}. This action is for: ${p.roles.join(', ')}.`,
    };
  }
  if (p.training && !facts.trainingCurrent) {
    return {
      allowed: false,
      rule: 'D3-TRAINING-CURRENT',
      reason: `You may not ${p.describe} because your annual INTERPOL notices training is not current (Directive D3). Ask your training coordinator to record your training.`,
    };
  }
  return { allowed: true };
}

/** Office scope: may this actor see a case of that office? */
export function checkOfficeScope(
  role: Role | null,
  actorOfficeId: string | null,
  caseOfficeId: string,
): PermissionVerdict {
  if (role && OFFICE_SPANNING_ROLES.includes(role)) return { allowed: true };
  if (actorOfficeId !== null && actorOfficeId === caseOfficeId) return { allowed: true };
  return {
    allowed: false,
    rule: 'SCOPE-OWN-OFFICE',
    reason: 'This case belongs to another office. You can see cases of your own office only.',
  };
}

// ---------------------------------------------------------------------------
// Separation of duties across a case: ONE table of duties and the pairs one person may not hold.
// ---------------------------------------------------------------------------

/** The duties a person can hold on one case. */
export const DUTIES = [
  'officer',
  'reviewer',
  'approver',
  'legal_reviewer',
  'server',
  'contest_decider',
] as const;
export type Duty = (typeof DUTIES)[number];

export const DUTY_LABELS: Record<Duty, string> = {
  officer: "the case's officer (who opened it, or the assigned officer)",
  reviewer: 'the reviewer (who completed the preliminary review)',
  approver: 'the approver (who decided the supervisory approval)',
  legal_reviewer: 'the legal reviewer (the attorney who recorded the legal review)',
  server: 'the person who served the documents on the person',
  contest_decider: 'the attorney who decided the contest',
};

export interface SeparationRule {
  id: string;
  /** The two duties one person may not both hold on the same case. */
  duties: readonly [Duty, Duty];
  clauses: readonly string[];
  /** Why, in plain language (shown when refused and on the policy page). */
  reason: string;
}

/**
 * The table. Each rule is a pair of duties; whichever of the two a person takes second is refused.
 * Rules that no role can override.
 *
 * - Approver and officer (D6): the press release says a supervisor, never the requester, approves;
 *   the assigned officer acting on the case is no more independent than the requester.
 * - Approver and reviewer (D5/D6): decided YES. D5 and D6 are two distinct threshold criteria: the
 *   supervisory approval is the check on the case as the review left it, including the dispositions of
 *   each indicator and, when a strong indicator is confirmed, the acknowledgement of it. A supervisor who
 *   completed the review would be approving their own dispositions, so the second criterion would add
 *   nothing. Supervisors may still review cases: another supervisor then approves.
 * - Legal reviewer and reviewer / approver / officer (issue 8): the attorney's analysis is a check on the
 *   review's "do not act" advice and on whoever wants to act; it cannot come from any of them.
 * - Contest decider and officer / reviewer / server / approver / legal reviewer (D9, C2): the contest is
 *   decided by an attorney independent of the case. The legal reviewer is included: an attorney who has
 *   already concluded that the case may proceed would be judging the person's challenge to their own
 *   analysis.
 * - The server (who served the documents, D9) is separated only from the contest decider: the policy asks
 *   nothing else of service, which officers, supervisors and attorneys of the case routinely record.
 * - The reviewer and the officer are not separated: the directive asks for a trained reviewer (D5), and
 *   the supervisory approval by someone else is the independent check.
 */
export const SEPARATION_RULES: readonly SeparationRule[] = [
  {
    id: 'SOD-SELF-APPROVAL',
    duties: ['officer', 'approver'],
    clauses: ['D6'],
    reason:
      'The person who opened the case or is its assigned officer may not approve it (Directive D6). Another supervisor must decide.',
  },
  {
    id: 'SOD-APPROVER-REVIEWER',
    duties: ['reviewer', 'approver'],
    clauses: ['D5', 'D6'],
    reason:
      'The supervisory approval checks the preliminary review: the person who completed the review may not approve the case, and the approver may not complete its review (Directive D5, D6). Another supervisor must decide.',
  },
  {
    id: 'SOD-LEGAL-REVIEWER',
    duties: ['reviewer', 'legal_reviewer'],
    clauses: ['D5'],
    reason:
      "The legal review checks the preliminary review's advice: the person who completed the review may not record the legal review of it. Another attorney must do it.",
  },
  {
    id: 'SOD-LEGAL-APPROVER',
    duties: ['approver', 'legal_reviewer'],
    clauses: ['D6'],
    reason:
      'The legal review advises the approver: the person who decided the approval may not record the legal review, nor may the legal reviewer approve.',
  },
  {
    id: 'SOD-LEGAL-OFFICER',
    duties: ['officer', 'legal_reviewer'],
    clauses: ['D5', 'D6'],
    reason:
      'The person who opened the case or is its assigned officer may not record its legal review: it must come from an attorney independent of the case.',
  },
  {
    id: 'SOD-CONTEST-INDEPENDENCE',
    duties: ['officer', 'contest_decider'],
    clauses: ['D9'],
    reason:
      'The person who opened the case or acted on it as its officer may not decide the contest against it (Directive D9): the contest is decided by an attorney independent of the case.',
  },
  {
    id: 'SOD-CONTEST-REVIEWER',
    duties: ['reviewer', 'contest_decider'],
    clauses: ['D5', 'D9'],
    reason:
      'The person who completed the preliminary review may not decide the contest, and the contest decider may not complete the review: the contest is decided by an attorney independent of the case.',
  },
  {
    id: 'SOD-CONTEST-SERVER',
    duties: ['server', 'contest_decider'],
    clauses: ['D9'],
    reason:
      'The person who served the documents on the person may not decide the contest, and the contest decider may not record service: the contest is decided by an attorney independent of the case.',
  },
  {
    id: 'SOD-CONTEST-APPROVER',
    duties: ['approver', 'contest_decider'],
    clauses: ['D6', 'D9'],
    reason:
      'The person who decided the supervisory approval may not decide the contest against the case, nor may the contest decider approve it.',
  },
  {
    id: 'SOD-CONTEST-LEGAL',
    duties: ['legal_reviewer', 'contest_decider'],
    clauses: ['D9'],
    reason:
      "The attorney who recorded the legal review may not decide the person's contest against the same case, nor may the contest decider record its legal review: the contest is decided by an attorney independent of the case.",
  },
];

/** Who holds each duty on one case (user ids). */
export type DutyHolders = Record<Duty, readonly string[]>;

export type SeparationVerdict =
  | { allowed: true }
  | { allowed: false; rule: string; reason: string; conflictsWith: Duty; clauses: readonly string[] };

/**
 * May `userId` take `duty` on a case whose duties are held by `holders`? Refuses with the first rule
 * of the table that pairs `duty` with a duty the same person already holds.
 */
export function checkSeparation(
  duty: Duty,
  userId: string,
  holders: Partial<DutyHolders>,
): SeparationVerdict {
  for (const rule of SEPARATION_RULES) {
    const [a, b] = rule.duties;
    const other = a === duty ? b : b === duty ? a : null;
    if (other === null) continue;
    if ((holders[other] ?? []).includes(userId))
      return {
        allowed: false,
        rule: rule.id,
        reason: `You are ${DUTY_LABELS[other]} on this case, so you may not act as ${DUTY_LABELS[duty]}. ${rule.reason}`,
        conflictsWith: other,
        clauses: rule.clauses,
      };
  }
  return { allowed: true };
}

/** The table's rows for documentation and the UI. */
export function separationTable(): Array<{
  rule: string;
  duties: [Duty, Duty];
  labels: [string, string];
  clauses: string[];
  reason: string;
}> {
  return SEPARATION_RULES.map((r) => ({
    rule: r.id,
    duties: [r.duties[0], r.duties[1]],
    labels: [DUTY_LABELS[r.duties[0]], DUTY_LABELS[r.duties[1]]],
    clauses: [...r.clauses],
    reason: r.reason,
  }));
}

/** Rows of the table for documentation and the UI: action, description, roles, training. */
export function permissionTable(): Array<{
  action: Action;
  describe: string;
  roles: Role[];
  training: boolean;
}> {
  return (Object.keys(PERMISSIONS) as Action[]).map((action) => {
    const p: Permission = PERMISSIONS[action];
    return { action, describe: p.describe, roles: [...p.roles], training: p.training };
  });
}
