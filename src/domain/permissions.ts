/**
 * Who may do what. One table of role × action, plus the separation-of-duties rules.
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
  'charge.correct': {
    roles: [O, S, A],
    training: true,
    describe: 'confirm or correct the offence category of a charge',
  },
  'wording.dismiss': { roles: [S], training: true, describe: 'dismiss a wording finding' },
  'approval.decide': { roles: [S], training: true, describe: 'approve, deny or return a case' },
  // Person's documents and contest
  'document.record': { roles: [O, S, A, L], training: false, describe: 'record a document' },
  'disclosure.record': { roles: [O, S, A], training: true, describe: 'record service of documents' },
  'contest.record': { roles: [O, S, A], training: false, describe: 'record a contest' },
  'contest.decide': { roles: [A], training: false, describe: 'decide a contest' },
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
  // Authorization and follow-up
  'authorization.create': { roles: [O, S], training: true, describe: 'authorize a case' },
  'authorization.withdraw': { roles: [S], training: true, describe: 'withdraw an authorization' },
  /** Completing a re-review decides whether the case may still rely on the notice: a supervisor or attorney. */
  'task.complete': { roles: [S, A], training: true, describe: 'complete a re-review task' },
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

/** Separation of duties: the rules that no role can override. */
export const SEPARATION_OF_DUTIES = {
  /** D6: the approver is never the person who opened the case nor the acting officer. */
  approval(approverId: string, requesterId: string, assignedOfficerId: string): PermissionVerdict {
    if (approverId === requesterId || approverId === assignedOfficerId) {
      return {
        allowed: false,
        rule: 'SOD-SELF-APPROVAL',
        reason:
          'You opened this case or are its assigned officer, so you may not approve it (Directive D6). Another supervisor must decide.',
      };
    }
    return { allowed: true };
  },
  /** D9/C2: the contest is decided by someone who did not open the case or act on it. */
  contestDecision(deciderId: string, requesterId: string, assignedOfficerId: string): PermissionVerdict {
    if (deciderId === requesterId || deciderId === assignedOfficerId) {
      return {
        allowed: false,
        rule: 'SOD-CONTEST-INDEPENDENCE',
        reason: 'You opened or acted on this case, so you may not decide the contest against it.',
      };
    }
    return { allowed: true };
  },
} as const;

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
