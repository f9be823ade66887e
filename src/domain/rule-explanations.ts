/**
 * The plain explanation of each rule a refusal can name (`errors[].rule` and the problem's `rule`): what the
 * rule asks, in one sentence, for the person at the form. The server adds it to every refusal that names a
 * rule, so the browser shows the rule id and its meaning next to the field without a copy of this table.
 * Pure; no I/O.
 */
import { type Action, DUTY_LABELS, PERMISSIONS, SEPARATION_RULES } from './permissions.ts';
import { SUBSTANCE_RULES } from './substance.ts';

const FIXED: Record<string, string> = {
  'SERVICE-LANGUAGE':
    'A service counts only in a language the person reads, or through an interpreter into one (Directive D9).',
  'SERVICE-DOCUMENTS':
    'A service counts only when documents were served, each of them on the case before the service (Directive D9).',
  'SERVICE-BACKDATE': 'A service recorded long after it happened needs a reason for the delay.',
  'CONTEST-ANSWER-EACH-GROUND': 'A contest decision answers each ground the person raised (Directive D9).',
  'PERSON-LANGUAGES':
    'Intake records the languages the person reads, so that the documents can later be served in one of them.',
  'D3-TRAINING-CURRENT': 'This action needs current annual INTERPOL notices training (Directive D3).',
  'SCOPE-OWN-OFFICE': 'Cases are seen and worked by their own office only.',
  'TASK-FOR-ROLE':
    'A referral from the retrospective review is completed by the role it is for: oversight (auditors) for a referral to oversight, the office’s attorneys for a referral to counsel. Other re-review tasks are completed by the office’s supervisors and attorneys.',
  'SOD-EXIGENCY-INDEPENDENCE':
    'An exigency is decided by the field office director, never by the person who requested it or the case’s officer.',
};

const SUBSTANCE: Record<string, string> = Object.fromEntries(
  SUBSTANCE_RULES.map((r) => [r.id, `${r.title}: a written reason must say something of its own.`]),
);

const strip = (label: string) => label.replace(/\s*\(.*\)$/, '');

const SEPARATION: Record<string, string> = Object.fromEntries(
  SEPARATION_RULES.map((r) => [
    r.id,
    `Separation of duties: one person may not be both ${strip(DUTY_LABELS[r.duties[0]])} and ${strip(
      DUTY_LABELS[r.duties[1]],
    )} on the same case (${r.clauses.map((c) => `Directive ${c}`).join(', ')}).`,
  ]),
);

/** The plain explanation of a rule id, or undefined when the rule is not one a person is told about. */
export function ruleExplanation(rule: string | null | undefined): string | undefined {
  if (!rule) return undefined;
  if (rule.startsWith('ROLE:')) {
    const action = rule.slice('ROLE:'.length);
    if (Object.hasOwn(PERMISSIONS, action)) {
      const p = PERMISSIONS[action as Action];
      return `Only some roles may ${p.describe}: ${p.roles.join(', ')}.`;
    }
    return 'Your role may not take this action.';
  }
  return SUBSTANCE[rule] ?? SEPARATION[rule] ?? FIXED[rule];
}
