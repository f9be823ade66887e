/**
 * What each entry of a case's history says beyond its action: what the answer or decision was
 * ("INTERPOL Washington answered the documentation request: partially provided", "approved, against the
 * advice (override)", "decided the contest: not sustained"), and repeated entries grouped into one line
 * with a count and a time range. Pure; used by queries.ts#loadCaseHistory.
 */

const words = (s: unknown): string => String(s).replaceAll('_', ' ');

const REQUEST_KINDS: Record<string, string> = {
  validity: 'validity',
  documentation: 'documentation',
  use_authorization: 'use authorization',
};

const TRIGGERS: Record<string, string> = {
  case_opened: 'the case was opened',
  case_updated: 'the facts changed',
  facts_recorded: 'screening facts were recorded',
  charge_correction: 'a charge category was confirmed or corrected',
  review_started: 'the review started',
  notice_status_changed: "the notice's status changed",
  notice_changed: 'a notice it relies on was changed through another case',
  liaison_answered: 'INTERPOL Washington answered a request',
  document_added: 'a warrant, judgment or charging document was added',
  manual: 'asked for',
  ruleset_rescreen: 'the screening rules changed',
};

const TASK_OUTCOMES: Record<string, string> = {
  reliance_ended: 'the case no longer relies on the notice',
  no_impact: 'the change does not affect the case',
  reauthorization_required: 'the case must go through the safeguards again',
  remedial_action_required: 'past actions on the notice need legal follow-up',
};

/**
 * The sentence's verb phrase for an entry whose detail says what the answer or decision was, or null to
 * keep the action's plain text (ACTION_TEXT). Only for entries that succeeded.
 */
export function outcomeText(action: string, detail: Record<string, unknown>): string | null {
  switch (action) {
    case 'liaison.respond':
    case 'liaison.respond_out_of_band': {
      const kind = REQUEST_KINDS[String(detail.kind)] ?? 'a';
      const how = action === 'liaison.respond_out_of_band' ? ' (received by another channel)' : '';
      return detail.outcome
        ? `recorded that INTERPOL Washington answered the ${kind} request${how}: ${words(detail.outcome)}`
        : null;
    }
    case 'liaison.request':
      return REQUEST_KINDS[String(detail.kind)]
        ? `sent a ${REQUEST_KINDS[String(detail.kind)]} request to INTERPOL Washington`
        : null;
    case 'approval.decide': {
      if (typeof detail.decision !== 'string') return null;
      const strong = Array.isArray(detail.confirmedStrongIndicators)
        ? detail.confirmedStrongIndicators.length
        : 0;
      const against =
        detail.decision === 'approved' &&
        (detail.override === true || detail.againstAdvice === true || strong > 0);
      const verb =
        detail.decision === 'approved'
          ? 'approved the case'
          : detail.decision === 'denied'
            ? 'refused approval'
            : detail.decision === 'returned'
              ? 'returned the case for more work'
              : `decided on approval: ${words(detail.decision)}`;
      return against ? `${verb}, against the reviewer's advice not to act (override)` : verb;
    }
    case 'contest.decide':
      return typeof detail.decision === 'string' ? `decided the contest: ${words(detail.decision)}` : null;
    case 'notice.status.record':
      return detail.to
        ? `recorded that the notice is now ${words(detail.to)}${detail.from ? ` (was ${words(detail.from)})` : ''}`
        : null;
    case 'task.complete':
      return typeof detail.outcome === 'string'
        ? `completed a re-review task: ${TASK_OUTCOMES[detail.outcome] ?? words(detail.outcome)}`
        : null;
    case 'review.record': {
      const rec = detail.recommendation;
      if (detail.status === 'complete')
        return `completed the preliminary review${rec ? `: the advice is ${adviceText(String(rec))}` : ''}`;
      return detail.started ? 'started the preliminary review' : null;
    }
    case 'screening.run': {
      const why = TRIGGERS[String(detail.trigger)];
      const changed = Array.isArray(detail.changedIndicators) ? detail.changedIndicators.length : 0;
      return `ran the screening again${why ? ` (${why})` : ''}${
        changed ? `: ${changed} indicator${changed === 1 ? '' : 's'} changed` : ': nothing changed'
      }`;
    }
    default:
      return null;
  }
}

function adviceText(code: string): string {
  if (code === 'do_not_act_refer_legal_review') return 'do not act; refer for legal review';
  return words(code);
}

export interface GroupableEntry {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  outcome: string;
  summary: string;
  reasons: string[];
  /** How many entries this line stands for (1 when alone). */
  count: number;
  /** The time of the last entry of the group (null when alone). */
  lastAt: string | null;
}

/**
 * Actions that are repeated without changing anything decided: reads, safeguard checks, screening runs,
 * follow-ups. Only these are grouped; every other action keeps its own line.
 */
export const REPEATABLE_ACTIONS = new Set([
  'case.read',
  'case.evaluate',
  'case.history',
  'case.list',
  'screening.facts.read',
  'screening.read',
  'screening.run',
  'liaison.read',
  'liaison.follow_up',
  'person.read',
  'notice.read',
  'wording.check',
]);

/**
 * Groups repeated entries: a repeatable entry (REPEATABLE_ACTIONS) without reasons joins an earlier one
 * with the same person, action, outcome and sentence, as long as no other entry (a decision, a change)
 * came between them. The group keeps the first entry's place and time, with the count and the last time.
 */
export function groupRepeated<T extends GroupableEntry>(entries: T[]): T[] {
  const out: T[] = [];
  let open = new Map<string, T>();
  for (const e of entries) {
    if (e.reasons.length > 0 || !REPEATABLE_ACTIONS.has(e.action)) {
      open = new Map();
      out.push(e);
      continue;
    }
    const key = `${e.actorId ?? ''}|${e.action}|${e.outcome}|${e.summary}`;
    const group = open.get(key);
    if (group) {
      group.count += e.count;
      group.lastAt = e.lastAt ?? e.at;
      continue;
    }
    const copy = { ...e };
    open.set(key, copy);
    out.push(copy);
  }
  return out;
}
