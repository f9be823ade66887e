/**
 * The gate evaluator: the threshold criteria of ICE Directive 15006.1 (D2) that must all be met
 * before anyone acts on a Red Notice or Wanted Person Diffusion. Pure: it reads a case snapshot,
 * the policy settings and the current time, and explains every verdict.
 */
import { caseVersionHash, describeMaterialChanges, materialFacts } from './case-version.ts';
import type {
  ApprovalFact,
  CasePurpose,
  CaseSnapshot,
  DirectiveClause,
  DisclosureFact,
  GateEvaluation,
  GateId,
  GateResult,
  LiaisonRequestFact,
  MaterialFacts,
  NoticeFact,
  PolicySettings,
} from './types.ts';
import { reviewRecommendation } from './types.ts';
import { checkWording } from './wording.ts';

// ---------------------------------------------------------------------------
// Gate definitions: what the UI and the docs show.
// ---------------------------------------------------------------------------

export interface GateDefinition {
  id: GateId;
  title: string;
  clauses: DirectiveClause[];
  /** `all` purposes, or only use of the notice in immigration proceedings. */
  appliesTo: 'all' | 'immigration_proceedings';
  /** What the gate protects against, in plain language. */
  description: string;
  /** What the case needs for the gate to be met. */
  satisfiedBy: string;
}

export const GATE_DEFINITIONS: readonly GateDefinition[] = [
  {
    id: 'G-TRAINING',
    title: 'Annual training is current',
    clauses: ['D3'],
    appliesTo: 'all',
    description:
      'Only people who completed the mandatory annual training on INTERPOL notices may act on one. This covers the assigned officer now, and the approving supervisor at the moment they approved.',
    satisfiedBy:
      "The assigned officer's training was completed within the training validity period (policy setting) and has not yet expired; if the case is approved, the approver's training was current when they approved.",
  },
  {
    id: 'G-VALIDITY',
    title: 'Notice confirmed valid by INTERPOL Washington',
    clauses: ['D4'],
    appliesTo: 'all',
    description:
      'A notice may be suspended, withdrawn, cancelled or expired without the agency knowing. Its status must be confirmed with INTERPOL Washington shortly before anyone relies on it.',
    satisfiedBy:
      'Every notice on the case has status valid, a known expiry date that has not passed, and a validity confirmation from INTERPOL Washington that says valid and is no older than the freshness limit (policy setting).',
  },
  {
    id: 'G-REVIEW',
    title: 'Preliminary review complete',
    clauses: ['D5'],
    appliesTo: 'all',
    description:
      "Notices can be abused, for example to pursue political opponents. A trained reviewer screens the case for indications of abuse or non-compliance with INTERPOL's rules and decides each indicator.",
    satisfiedBy:
      'The preliminary review is marked complete by a reviewer whose training was current at completion, and every indicator found present or undetermined has a recorded disposition.',
  },
  {
    id: 'G-INDEPENDENT',
    title: 'Independent basis documented',
    clauses: ['D1'],
    appliesTo: 'all',
    description:
      'A notice alone never justifies an action or its use in proceedings. The agency must document its own basis: facts and evidence that do not come from INTERPOL.',
    satisfiedBy:
      'A written summary of the independent basis (at least 20 characters of substance) and at least one evidence item whose source is not INTERPOL.',
  },
  {
    id: 'G-DOCS-REQUESTED',
    title: 'Underlying documentation requested',
    clauses: ['D7'],
    appliesTo: 'all',
    description:
      'The warrant or judgment behind the notice, the charges, the law cited and the facts must be requested from the requesting country through INTERPOL Washington.',
    satisfiedBy:
      'A documentation request to INTERPOL Washington is on record, pending or answered (a cancelled request does not count).',
  },
  {
    id: 'G-LANGUAGE',
    title: 'No wording that treats the notice as a warrant',
    clauses: ['D10'],
    appliesTo: 'all',
    description:
      "A notice is not an arrest warrant, gives no legal authority of its own in the United States, and is not INTERPOL's judgment on probable cause or on the foreign proceedings. No narrative or document may say or imply otherwise.",
    satisfiedBy:
      'The wording check finds nothing in the narrative, the independent basis or the generated documents, or a supervisor dismissed each finding with a reason.',
  },
  {
    id: 'G-APPROVAL',
    title: 'Supervisory approval of this case version',
    clauses: ['D6'],
    appliesTo: 'all',
    description:
      'A supervisor who neither requested the case nor is assigned to it approves acting on it. The approval covers the case as it stood: any material change (purpose, person, notices, charges, independent basis, review) voids it.',
    satisfiedBy:
      'The latest supervisory decision is an approval of the current case version, not voided, by someone other than the requester and the assigned officer, whose training was current when they approved.',
  },
  {
    id: 'G-USE-AUTH',
    title: 'Use authorization granted by INTERPOL Washington',
    clauses: ['D8'],
    appliesTo: 'immigration_proceedings',
    description:
      'INTERPOL data may be used in immigration proceedings only with authorization obtained through INTERPOL Washington, within its scope and conditions.',
    satisfiedBy:
      'INTERPOL Washington answered a use-authorization request with a grant that has not expired (it is valid through its end date, if one was set).',
  },
  {
    id: 'G-DOCS-RECEIVED',
    title: 'Underlying documentation on file',
    clauses: ['D7', 'D9'],
    appliesTo: 'immigration_proceedings',
    description:
      'The agency cannot use a notice in proceedings, or let the person contest it, without the documentation it rests on.',
    satisfiedBy:
      'At least one document received from INTERPOL Washington is on file. An answer that the documentation is unavailable does not meet this gate.',
  },
  {
    id: 'G-DISCLOSURE',
    title: 'Person served with the documentation',
    clauses: ['D9'],
    appliesTo: 'immigration_proceedings',
    description:
      'The person must receive the underlying documentation (or the restriction INTERPOL Washington placed on disclosing it) and notice of their opportunity to contest it.',
    satisfiedBy:
      'A disclosure was served that includes documents, or records the restriction INTERPOL Washington placed on disclosure with an explanatory note; it sets the contest deadline.',
  },
  {
    id: 'G-CONTEST',
    title: 'Contest window closed or contest decided',
    clauses: ['D9'],
    appliesTo: 'immigration_proceedings',
    description:
      'The person must have a meaningful opportunity to contest the notice inside the agency before it is used against them.',
    satisfiedBy:
      'After the latest disclosure, either the contest window closed with no contest filed, or every contest was decided and none was sustained. A sustained contest means the notice may not be used.',
  },
];

const DEFINITIONS_BY_ID = new Map<GateId, GateDefinition>(GATE_DEFINITIONS.map((d) => [d.id, d]));

/** The definition of one gate. */
export function gateDefinition(id: GateId): GateDefinition {
  const definition = DEFINITIONS_BY_ID.get(id);
  if (definition === undefined) throw new Error(`unknown gate ${id}`);
  return definition;
}

// ---------------------------------------------------------------------------
// Time and formatting helpers.
// ---------------------------------------------------------------------------

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** 00:00 UTC of a `YYYY-MM-DD` date, or null when the string is not a real calendar date. */
function startOfUtcDate(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(Date.UTC(year, month - 1, day));
  if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) {
    return null;
  }
  return start;
}

/** The first instant after a `YYYY-MM-DD` date ends: 00:00 UTC of the next day. */
function endOfUtcDate(date: string): Date | null {
  const start = startOfUtcDate(date);
  return start === null ? null : new Date(start.getTime() + DAY_MS);
}

function when(instant: Date): string {
  return `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function iso(instant: Date | null | undefined): string | null {
  return instant ? instant.toISOString() : null;
}

function hoursBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / HOUR_MS) * 10) / 10;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function latestBy<T>(items: readonly T[], time: (item: T) => Date): T | undefined {
  let latest: T | undefined;
  for (const item of items) {
    if (latest === undefined || time(item).getTime() >= time(latest).getTime()) latest = item;
  }
  return latest;
}

interface TrainingStatus {
  current: boolean;
  completedAt: Date | null;
  expiresAt: Date | null;
  /** Plain-language account, e.g. "completed 2024-01-01 10:00 UTC, expired 2025-01-01 10:00 UTC". */
  account: string;
}

/** Whether training completed at `completedAt` was current at instant `at`. */
function trainingAt(completedAt: Date | null, at: Date, validityDays: number): TrainingStatus {
  if (completedAt === null) {
    return { current: false, completedAt, expiresAt: null, account: 'has no record of the annual training' };
  }
  const expiresAt = new Date(completedAt.getTime() + validityDays * DAY_MS);
  if (completedAt.getTime() > at.getTime()) {
    return {
      current: false,
      completedAt,
      expiresAt,
      account: `completed the training only at ${when(completedAt)}, after ${when(at)}`,
    };
  }
  if (at.getTime() >= expiresAt.getTime()) {
    return {
      current: false,
      completedAt,
      expiresAt,
      account: `had training that expired at ${when(expiresAt)} (completed ${when(completedAt)})`,
    };
  }
  return {
    current: true,
    completedAt,
    expiresAt,
    account: `has training current until ${when(expiresAt)} (completed ${when(completedAt)})`,
  };
}

// ---------------------------------------------------------------------------
// Gate checks: one small function per gate.
// ---------------------------------------------------------------------------

interface GateContext {
  snapshot: CaseSnapshot;
  policy: PolicySettings;
  now: Date;
  current: MaterialFacts;
  currentHash: string;
}

interface Verdict {
  met: boolean;
  reason: string;
  nextStep: string;
  facts: Record<string, unknown>;
}

const met = (reason: string, facts: Record<string, unknown>): Verdict => ({
  met: true,
  reason,
  nextStep: '',
  facts,
});

const unmet = (reason: string, nextStep: string, facts: Record<string, unknown>): Verdict => ({
  met: false,
  reason,
  nextStep,
  facts,
});

function latestApproval(snapshot: CaseSnapshot): ApprovalFact | undefined {
  return latestBy(snapshot.approvals, (a) => a.decidedAt);
}

/** The approval that currently authorizes the case: the latest decision, approved, not voided, same version. */
function currentApproval(ctx: GateContext): ApprovalFact | undefined {
  const latest = latestApproval(ctx.snapshot);
  if (latest === undefined || latest.decision !== 'approved' || latest.voidedAt !== null) return undefined;
  return latest.caseVersionHash === ctx.currentHash ? latest : undefined;
}

function checkTraining(ctx: GateContext): Verdict {
  const { snapshot, policy, now } = ctx;
  const officerId = snapshot.assignedOfficerId;
  const officer = trainingAt(snapshot.officerTraining.completedAt, now, policy.trainingValidityDays);
  const facts: Record<string, unknown> = {
    assignedOfficerId: officerId,
    officerTrainingCompletedAt: iso(officer.completedAt),
    officerTrainingExpiresAt: iso(officer.expiresAt),
    trainingValidityDays: policy.trainingValidityDays,
  };
  const problems: string[] = [];
  const steps: string[] = [];
  const fine: string[] = [];
  if (officer.current) {
    fine.push(`The assigned officer (${officerId}) ${officer.account}.`);
  } else {
    problems.push(`The assigned officer (${officerId}) ${officer.account}.`);
    steps.push(
      `The assigned officer (${officerId}) must complete the annual INTERPOL notice training, or the case must be reassigned to an officer whose training is current.`,
    );
  }

  const approval = currentApproval(ctx);
  if (approval !== undefined) {
    const approver = trainingAt(
      approval.approverTrainingCompletedAt,
      approval.decidedAt,
      policy.trainingValidityDays,
    );
    facts.approvalId = approval.id;
    facts.approverId = approval.approverId;
    facts.approvalDecidedAt = iso(approval.decidedAt);
    facts.approverTrainingCompletedAt = iso(approver.completedAt);
    facts.approverTrainingExpiresAt = iso(approver.expiresAt);
    const account = `When approving at ${when(approval.decidedAt)}, the approver (${approval.approverId})`;
    if (approver.current) {
      fine.push(`${account} ${approver.account}.`);
    } else {
      problems.push(`${account} ${approver.account}.`);
      steps.push('A supervisor whose training is current must approve the case again.');
    }
  }
  facts.approverTrainingChecked = approval !== undefined;

  if (problems.length === 0) return met(fine.join(' '), facts);
  return unmet(problems.join(' '), steps.join(' '), facts);
}

interface NoticeValidity {
  problems: string[];
  steps: string[];
  fine: string;
  facts: Record<string, unknown>;
}

function checkNoticeValidity(notice: NoticeFact, ctx: GateContext): NoticeValidity {
  const { snapshot, policy, now } = ctx;
  const ref = notice.interpolRef;
  const confirmation = latestBy(
    snapshot.validityConfirmations.filter((c) => c.noticeId === notice.id),
    (c) => c.confirmedAt,
  );
  const expiresOn = confirmation?.expiresOn ?? notice.expiresOn ?? null;
  const expiryEnd = expiresOn === null ? null : endOfUtcDate(expiresOn);
  const freshUntil =
    confirmation === undefined
      ? null
      : new Date(confirmation.confirmedAt.getTime() + policy.validityFreshnessHours * HOUR_MS);
  const facts: Record<string, unknown> = {
    noticeId: notice.id,
    interpolRef: ref,
    noticeStatus: notice.status,
    expiresOn,
    expirySource: expiresOn === null ? null : confirmation?.expiresOn ? 'confirmation' : 'notice',
    expiredFrom: iso(expiryEnd),
    confirmationId: confirmation?.id ?? null,
    confirmedAt: iso(confirmation?.confirmedAt),
    confirmationResult: confirmation?.result ?? null,
    confirmationSource: confirmation?.source ?? null,
    confirmationAgeHours: confirmation ? hoursBetween(confirmation.confirmedAt, now) : null,
    freshUntil: iso(freshUntil),
  };
  const result = (problems: string[], steps: string[], fine = ''): NoticeValidity => ({
    problems,
    steps,
    fine,
    facts,
  });

  // A notice that is not valid, or past its expiry date, fails whatever else is recorded.
  const fatal: string[] = [];
  if (notice.status !== 'valid') {
    fatal.push(`Notice ${ref} is ${notice.status}: a case may rely only on a valid notice.`);
  }
  if (expiryEnd !== null && now.getTime() >= expiryEnd.getTime()) {
    fatal.push(`Notice ${ref} expired on ${expiresOn}: a notice past its expiry date is never valid.`);
  }
  if (fatal.length > 0) {
    return result(fatal, [`Do not act on notice ${ref}; remove it from the case or close the case.`]);
  }

  const problems: string[] = [];
  const steps = new Set<string>();
  const askConfirmation = `Ask INTERPOL Washington to confirm the status and expiry date of notice ${ref}, and record the confirmation.`;
  if (expiresOn === null) {
    problems.push(
      `Notice ${ref}: expiry date unknown: the validity confirmation must record it (or the notice's expiry date must be entered).`,
    );
    steps.add(askConfirmation);
  } else if (expiryEnd === null) {
    problems.push(`Notice ${ref}: the recorded expiry date "${expiresOn}" is not a valid date.`);
    steps.add(askConfirmation);
  }

  if (confirmation === undefined) {
    problems.push(`Notice ${ref} has no validity confirmation from INTERPOL Washington.`);
    steps.add(askConfirmation);
  } else {
    const at = when(confirmation.confirmedAt);
    if (confirmation.confirmedAt.getTime() > now.getTime()) {
      problems.push(
        `The latest validity confirmation for notice ${ref} is dated ${at}, which is later than now: it cannot count yet.`,
      );
      steps.add(`Correct the time of the validity confirmation for notice ${ref}, or record a new one.`);
    } else {
      if (confirmation.source !== 'interpol_washington') {
        problems.push(
          `The latest validity confirmation for notice ${ref} did not come from INTERPOL Washington (source: ${confirmation.source}).`,
        );
        steps.add(askConfirmation);
      }
      if (confirmation.result !== 'valid') {
        problems.push(`INTERPOL Washington reported notice ${ref} as ${confirmation.result} at ${at}.`);
        steps.add(`Do not act on notice ${ref} unless INTERPOL Washington confirms it is valid again.`);
      }
      if (freshUntil !== null && now.getTime() > freshUntil.getTime()) {
        problems.push(
          `The validity confirmation for notice ${ref} (${at}) is stale: it is ${hoursBetween(confirmation.confirmedAt, now)} hours old and the policy allows ${policy.validityFreshnessHours}.`,
        );
        steps.add(askConfirmation);
      }
    }
  }
  if (problems.length > 0) return result(problems, [...steps]);
  return result(
    [],
    [],
    `Notice ${ref} was confirmed valid by INTERPOL Washington at ${when(confirmation!.confirmedAt)} (fresh until ${when(freshUntil!)}) and expires on ${expiresOn}.`,
  );
}

function checkValidity(ctx: GateContext): Verdict {
  const { snapshot, policy } = ctx;
  const baseFacts = { validityFreshnessHours: policy.validityFreshnessHours };
  if (snapshot.notices.length === 0) {
    return unmet(
      'The case has no notice recorded.',
      'Record the Red Notice or diffusion the case concerns, then ask INTERPOL Washington to confirm its validity.',
      { ...baseFacts, notices: [] },
    );
  }
  const checks = snapshot.notices.map((notice) => checkNoticeValidity(notice, ctx));
  const facts = { ...baseFacts, notices: checks.map((c) => c.facts) };
  const problems = checks.flatMap((c) => c.problems);
  if (problems.length === 0) return met(checks.map((c) => c.fine).join(' '), facts);
  return unmet(problems.join(' '), [...new Set(checks.flatMap((c) => c.steps))].join(' '), facts);
}

function checkReview(ctx: GateContext): Verdict {
  const { snapshot, policy } = ctx;
  const review = snapshot.review;
  if (review === null) {
    return unmet(
      'No preliminary review has been started.',
      'Start the preliminary review: screen the case for indications of abuse or non-compliance with INTERPOL rules and decide each indicator.',
      { reviewId: null },
    );
  }
  const undecided = review.indicators
    .filter((i) => (i.outcome === 'present' || i.outcome === 'undetermined') && i.disposition === null)
    .map((i) => i.indicatorId);
  // asked for but not yet known: the indicator stays open until the fact is recorded and re-screened
  const awaiting = review.indicators
    .filter((i) => i.outcome !== 'absent' && i.disposition === 'information_requested')
    .map((i) => i.indicatorId);
  const facts: Record<string, unknown> = {
    reviewId: review.id,
    status: review.status,
    reviewerId: review.reviewerId,
    completedAt: iso(review.completedAt),
    reviewerTrainingCompletedAt: iso(review.reviewerTrainingCompletedAt),
    rulesetVersion: review.rulesetVersion,
    indicatorsFound: review.indicators.filter((i) => i.outcome !== 'absent').map((i) => i.indicatorId),
    undecidedIndicators: undecided,
    awaitingInformation: awaiting,
  };
  const problems: string[] = [];
  const steps: string[] = [];
  if (awaiting.length > 0) {
    problems.push(
      `Information was requested but not yet recorded for ${plural(awaiting.length, 'indicator')}: ${awaiting.join(', ')}.`,
    );
    steps.push(
      `Record the facts requested for ${awaiting.join(', ')} in the screening facts; the case is screened again and the indicator decided on what they show.`,
    );
  }
  if (undecided.length > 0) {
    problems.push(
      `${plural(undecided.length, 'indicator')} found present or undetermined ${undecided.length === 1 ? 'has' : 'have'} no disposition: ${undecided.join(', ')}.`,
    );
    steps.push(`Decide each open indicator (${undecided.join(', ')}) and record a disposition.`);
  }
  if (review.status !== 'complete') {
    problems.unshift(`The preliminary review (${review.id}) is still in progress.`);
    steps.push('Complete the preliminary review.');
  } else if (review.completedAt === null) {
    problems.unshift(`The preliminary review (${review.id}) is marked complete but has no completion time.`);
    steps.push('Complete the preliminary review again so its completion time is recorded.');
  } else {
    const training = trainingAt(
      review.reviewerTrainingCompletedAt,
      review.completedAt,
      policy.trainingValidityDays,
    );
    facts.reviewerTrainingExpiresAt = iso(training.expiresAt);
    if (!training.current) {
      problems.push(
        `When completing the review at ${when(review.completedAt)}, the reviewer (${review.reviewerId}) ${training.account}.`,
      );
      steps.push('A reviewer whose annual training is current must redo the preliminary review.');
    }
  }
  const advice = reviewRecommendation(review.indicators);
  facts.recommendation = advice.code;
  facts.confirmedStrongIndicators = advice.confirmedStrong;
  const adviceText = advice.code === 'none' ? '' : ` Recommendation: ${advice.text}`;
  if (problems.length > 0) return unmet(problems.join(' ') + adviceText, steps.join(' '), facts);
  const found = (facts.indicatorsFound as string[]).length;
  return met(
    `The preliminary review (${review.id}) was completed at ${when(review.completedAt!)} by a trained reviewer (${review.reviewerId}); ${found === 0 ? 'no indicator was found' : `all ${plural(found, 'indicator')} found ${found === 1 ? 'was' : 'were'} decided`}.${adviceText}`,
    facts,
  );
}

const MIN_BASIS_SUMMARY = 20;

function checkIndependent(ctx: GateContext): Verdict {
  const basis = ctx.snapshot.independentBasis;
  const substance = basis.summary.replace(/\s+/g, ' ').trim();
  const counting = basis.evidence.filter((e) => e.sourceType !== 'interpol');
  const interpol = basis.evidence.filter((e) => e.sourceType === 'interpol');
  const facts = {
    summaryLength: substance.length,
    minimumSummaryLength: MIN_BASIS_SUMMARY,
    independentEvidence: counting.map((e) => ({ description: e.description, sourceType: e.sourceType })),
    interpolEvidence: interpol.map((e) => e.description),
  };
  const notCounting =
    interpol.length === 0
      ? ''
      : ` Evidence that comes from INTERPOL does not count: ${interpol.map((e) => `"${e.description}"`).join(', ')}.`;
  const problems: string[] = [];
  const steps: string[] = [];
  if (substance.length < MIN_BASIS_SUMMARY) {
    problems.push(
      substance.length === 0
        ? 'The independent basis has no summary.'
        : `The independent basis summary is too short (${substance.length} characters; at least ${MIN_BASIS_SUMMARY} needed).`,
    );
    steps.push('Write a summary of the facts, not from INTERPOL, that justify the action.');
  }
  if (counting.length === 0) {
    problems.push('No evidence from a source other than INTERPOL is recorded.');
    steps.push(
      'Add at least one evidence item from a non-INTERPOL source (e.g. a federal, state or local record, an officer observation, a witness or a document).',
    );
  }
  if (problems.length > 0) return unmet(problems.join(' ') + notCounting, steps.join(' '), facts);
  return met(
    `An independent basis is documented with ${plural(counting.length, 'evidence item')} from non-INTERPOL sources (${[...new Set(counting.map((e) => e.sourceType.replaceAll('_', ' ')))].join(', ')}).${notCounting}`,
    facts,
  );
}

function requestFacts(request: LiaisonRequestFact, now: Date) {
  return {
    id: request.id,
    status: request.status,
    requestedAt: iso(request.requestedAt),
    dueAt: iso(request.dueAt),
    overdue: request.status === 'pending' && request.dueAt.getTime() < now.getTime(),
    outcome: request.response?.outcome ?? null,
    respondedAt: iso(request.response?.respondedAt),
  };
}

function liveRequests(snapshot: CaseSnapshot, kind: LiaisonRequestFact['kind']): LiaisonRequestFact[] {
  return snapshot.liaisonRequests.filter((r) => r.kind === kind && r.status !== 'cancelled');
}

function checkDocsRequested(ctx: GateContext): Verdict {
  const { snapshot, now } = ctx;
  const requests = liveRequests(snapshot, 'documentation');
  const overdue = requests.filter((r) => r.status === 'pending' && r.dueAt.getTime() < now.getTime());
  const facts = {
    requests: requests.map((r) => requestFacts(r, now)),
    overdueRequestIds: overdue.map((r) => r.id),
  };
  const latest = latestBy(requests, (r) => r.requestedAt);
  if (latest === undefined) {
    return unmet(
      'The underlying documentation has not been requested from INTERPOL Washington (cancelled requests do not count).',
      'Request the underlying documentation (warrant or judgment, charges, law cited, penalty, summary of facts) via INTERPOL Washington.',
      facts,
    );
  }
  const overdueNote =
    overdue.length === 0
      ? ''
      : ` The answer is overdue: ${overdue.map((r) => `request ${r.id} was due at ${when(r.dueAt)}`).join('; ')}. Send INTERPOL Washington a follow-up.`;
  return met(
    `The underlying documentation was requested from INTERPOL Washington at ${when(latest.requestedAt)} (request ${latest.id}, ${latest.status}).${overdueNote}`,
    facts,
  );
}

function checkLanguage(ctx: GateContext): Verdict {
  const { snapshot } = ctx;
  const dismissed = new Set(snapshot.wordingDismissals.map((d) => d.fingerprint));
  const findings = snapshot.texts.flatMap((t) =>
    checkWording(t.text, t.field).map((f) => ({ ...f, field: f.field || t.field })),
  );
  const open = findings.filter((f) => !dismissed.has(f.fingerprint));
  const facts = {
    fieldsChecked: snapshot.texts.map((t) => t.field),
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      field: f.field,
      excerpt: f.excerpt,
      fingerprint: f.fingerprint,
      dismissed: dismissed.has(f.fingerprint),
    })),
    openFindings: open.length,
    dismissedFindings: findings.length - open.length,
  };
  if (open.length === 0) {
    const dismissedNote =
      findings.length === 0 ? '' : ` ${plural(findings.length, 'finding')} dismissed by a supervisor.`;
    return met(
      `No wording represents the notice as a warrant or as legal authority (${plural(snapshot.texts.length, 'text')} checked).${dismissedNote}`,
      facts,
    );
  }
  const listed = open.map((f) => `${f.field}: "${f.excerpt}" (${f.explanation})`);
  const suggestions = open.map((f) => `in ${f.field}, replace "${f.excerpt}" with "${f.suggestion}"`);
  return unmet(
    `${plural(open.length, 'wording problem')} found: ${listed.join('; ')}.`,
    `Rewrite the text using the suggestion (${suggestions.join('; ')}), or ask a supervisor to dismiss the finding with a reason.`,
    facts,
  );
}

function checkApproval(ctx: GateContext): Verdict {
  const { snapshot, policy, current, currentHash } = ctx;
  const latest = latestApproval(snapshot);
  const facts: Record<string, unknown> = {
    currentCaseVersionHash: currentHash,
    requesterId: snapshot.requesterId,
    assignedOfficerId: snapshot.assignedOfficerId,
    approvalId: latest?.id ?? null,
    decision: latest?.decision ?? null,
    approverId: latest?.approverId ?? null,
    decidedAt: iso(latest?.decidedAt),
    approvedCaseVersionHash: latest?.caseVersionHash ?? null,
    voidedAt: iso(latest?.voidedAt),
  };
  const submit =
    'Submit the case to a supervisor who is neither the requester nor the assigned officer for approval of the case as it now stands.';
  if (latest === undefined) {
    return unmet('No supervisor has approved acting on this case.', submit, facts);
  }
  if (latest.decision === 'denied') {
    return unmet(
      `The supervisor (${latest.approverId}) denied approval at ${when(latest.decidedAt)}.`,
      'Do not act on the notice. Address the reasons the supervisor gave and, if the case changes, resubmit it for approval.',
      facts,
    );
  }
  if (latest.decision === 'returned') {
    return unmet(
      `The supervisor (${latest.approverId}) returned the case for more work at ${when(latest.decidedAt)}.`,
      "Address the supervisor's comments and resubmit the case for approval.",
      facts,
    );
  }
  if (latest.voidedAt !== null || latest.caseVersionHash !== currentHash) {
    const changes = describeMaterialChanges(latest.material, current);
    facts.materialChanges = changes;
    facts.voidReason = latest.voidReason;
    const why =
      changes.length > 0
        ? changes.join('; ')
        : (latest.voidReason ?? 'the case changed after it was approved');
    return unmet(`approval voided: ${why}.`, submit, facts);
  }
  const problems: string[] = [];
  if (latest.approverId === snapshot.requesterId) {
    problems.push(
      `The approver (${latest.approverId}) is the person who requested the case: nobody may approve their own request.`,
    );
  }
  if (latest.approverId === snapshot.assignedOfficerId) {
    problems.push(
      `The approver (${latest.approverId}) is the officer assigned to the case: approval must come from someone else.`,
    );
  }
  const training = trainingAt(
    latest.approverTrainingCompletedAt,
    latest.decidedAt,
    policy.trainingValidityDays,
  );
  if (!training.current) {
    problems.push(
      `When approving at ${when(latest.decidedAt)}, the approver (${latest.approverId}) ${training.account}.`,
    );
  }
  if (problems.length > 0) {
    return unmet(
      problems.join(' '),
      'Ask a different supervisor, with current training, who neither requested the case nor is assigned to it, to approve it.',
      facts,
    );
  }
  return met(
    `The supervisor (${latest.approverId}) approved this version of the case at ${when(latest.decidedAt)}.`,
    facts,
  );
}

function checkUseAuthorization(ctx: GateContext): Verdict {
  const { snapshot, now } = ctx;
  const requests = liveRequests(snapshot, 'use_authorization');
  const answered = requests.filter((r) => r.status === 'answered' && r.response !== null);
  const pending = requests.filter((r) => r.status === 'pending');
  const latest = latestBy(answered, (r) => r.response!.respondedAt);
  const response = latest?.response ?? null;
  const facts: Record<string, unknown> = {
    requests: requests.map((r) => requestFacts(r, now)),
    requestId: latest?.id ?? null,
    outcome: response?.outcome ?? null,
    respondedAt: iso(response?.respondedAt),
    scope: response?.scope ?? null,
    conditions: response?.conditions ?? null,
    validUntil: response?.validUntil ?? null,
  };
  const pendingNote =
    pending.length === 0
      ? ''
      : ` A request sent at ${when(pending[0]!.requestedAt)} is awaiting an answer (due ${when(pending[0]!.dueAt)}${pending[0]!.dueAt.getTime() < now.getTime() ? ', overdue' : ''}).`;
  const request =
    'Request authorization to use the notice in immigration proceedings via INTERPOL Washington, and record the answer.';

  if (latest === undefined || response === null) {
    if (pending.length > 0) {
      return unmet(
        `Use authorization has not been granted yet.${pendingNote}`,
        'Wait for INTERPOL Washington to answer the use-authorization request; send a follow-up if it is overdue.',
        facts,
      );
    }
    return unmet('Use authorization has not been requested from INTERPOL Washington.', request, facts);
  }
  const at = when(response.respondedAt);
  if (response.outcome === 'denied') {
    return unmet(
      `INTERPOL Washington denied use authorization at ${at}: the notice may not be used in immigration proceedings.${pendingNote}`,
      'Do not use the notice in immigration proceedings. Only a new request granted by INTERPOL Washington can change this.',
      facts,
    );
  }
  if (response.outcome !== 'granted') {
    return unmet(
      `INTERPOL Washington answered the use-authorization request at ${at} with "${response.outcome}", which is not a grant.${pendingNote}`,
      request,
      facts,
    );
  }
  const scope = `${response.scope ? ` Scope: ${response.scope}.` : ''}${response.conditions ? ` Conditions: ${response.conditions}.` : ''}`;
  if (response.validUntil !== null) {
    const end = endOfUtcDate(response.validUntil);
    facts.expiredFrom = iso(end);
    if (end === null) {
      return unmet(
        `The use authorization granted at ${at} has an end date that is not a valid date ("${response.validUntil}").`,
        'Correct the end date of the use authorization as INTERPOL Washington gave it.',
        facts,
      );
    }
    if (now.getTime() >= end.getTime()) {
      return unmet(
        `The use authorization granted at ${at} expired at the end of ${response.validUntil}.${pendingNote}`,
        'Request a renewed use authorization via INTERPOL Washington.',
        facts,
      );
    }
  }
  return met(
    `INTERPOL Washington granted use authorization at ${at}, valid ${response.validUntil ? `through ${response.validUntil}` : 'with no end date'}.${scope}`,
    facts,
  );
}

function checkDocsReceived(ctx: GateContext): Verdict {
  const { snapshot, now } = ctx;
  const documents = snapshot.documents.filter((d) => d.fromLiaison);
  const requests = liveRequests(snapshot, 'documentation');
  const facts = {
    documentIds: documents.map((d) => d.id),
    requests: requests.map((r) => requestFacts(r, now)),
  };
  if (documents.length > 0) {
    return met(
      `${plural(documents.length, 'document')} from INTERPOL Washington ${documents.length === 1 ? 'is' : 'are'} on file: ${documents.map((d) => `"${d.title}"`).join(', ')}.`,
      facts,
    );
  }
  const unavailable = requests.find((r) => r.response?.outcome === 'unavailable');
  if (unavailable !== undefined) {
    return unmet(
      `INTERPOL Washington answered at ${when(unavailable.response!.respondedAt)} that the underlying documentation is unavailable. Without the documentation the agency cannot use the notice in immigration proceedings: the person could not be given it or contest it.`,
      'Do not use the notice in immigration proceedings. If INTERPOL Washington later provides the documentation, record it on the case.',
      facts,
    );
  }
  const answered = requests.find((r) => r.status === 'answered');
  if (answered !== undefined) {
    return unmet(
      `INTERPOL Washington answered the documentation request (${answered.response?.outcome ?? 'no outcome recorded'}), but no document received from INTERPOL Washington is on file.`,
      'Attach the documents received from INTERPOL Washington to the case.',
      facts,
    );
  }
  const pending = requests.find((r) => r.status === 'pending');
  if (pending !== undefined) {
    const overdue = pending.dueAt.getTime() < now.getTime();
    return unmet(
      `The underlying documentation was requested at ${when(pending.requestedAt)} and has not arrived (due ${when(pending.dueAt)}${overdue ? ', overdue' : ''}).`,
      overdue
        ? 'Send INTERPOL Washington a follow-up on the overdue documentation request, and record the documents when they arrive.'
        : 'Wait for INTERPOL Washington to provide the documentation, and record the documents when they arrive.',
      facts,
    );
  }
  return unmet(
    'No underlying documentation is on file and none has been requested.',
    'Request the underlying documentation via INTERPOL Washington.',
    facts,
  );
}

function disclosureQualifies(disclosure: DisclosureFact): boolean {
  return (
    disclosure.documentIds.length > 0 ||
    (disclosure.restricted && (disclosure.restrictionNote ?? '').trim().length > 0)
  );
}

/** The latest disclosure that actually served documents or a recorded restriction. */
function latestDisclosure(snapshot: CaseSnapshot): DisclosureFact | undefined {
  return latestBy(snapshot.disclosures.filter(disclosureQualifies), (d) => d.servedAt);
}

function checkDisclosure(ctx: GateContext): Verdict {
  const { snapshot, policy } = ctx;
  const disclosure = latestDisclosure(snapshot);
  const serve = `Serve the person the underlying documentation (or the restriction INTERPOL Washington placed on disclosure, with an explanation) in a language they read, with notice of their ${policy.contestWindowDays}-day window to contest.`;
  if (disclosure === undefined) {
    const empty = snapshot.disclosures;
    return unmet(
      empty.length === 0
        ? 'The person has not been served the underlying documentation.'
        : `${plural(empty.length, 'disclosure')} on record served no documents and recorded no restriction: ${empty.map((d) => d.id).join(', ')}.`,
      serve,
      { disclosureId: null, contestDeadline: null, incompleteDisclosureIds: empty.map((d) => d.id) },
    );
  }
  const facts = {
    disclosureId: disclosure.id,
    servedAt: iso(disclosure.servedAt),
    method: disclosure.method,
    language: disclosure.language,
    documentIds: disclosure.documentIds,
    restricted: disclosure.restricted,
    restrictionNote: disclosure.restrictionNote,
    contestDeadline: iso(disclosure.contestDeadline),
  };
  const what =
    disclosure.documentIds.length > 0
      ? plural(disclosure.documentIds.length, 'document')
      : 'the restriction INTERPOL Washington placed on disclosure';
  return met(
    `The person was served ${what} at ${when(disclosure.servedAt)} (${disclosure.method}, in ${disclosure.language}); the contest window closes at ${when(disclosure.contestDeadline)}.`,
    facts,
  );
}

function checkContest(ctx: GateContext): Verdict {
  const { snapshot, now } = ctx;
  const disclosure = latestDisclosure(snapshot);
  const contests = snapshot.contests;
  const facts: Record<string, unknown> = {
    disclosureId: disclosure?.id ?? null,
    contestDeadline: iso(disclosure?.contestDeadline),
    contests: contests.map((c) => ({
      id: c.id,
      filedAt: iso(c.filedAt),
      decision: c.decision,
      decidedAt: iso(c.decidedAt),
    })),
  };
  if (disclosure === undefined) {
    return unmet(
      'No contest window has opened because the person has not been served: serve the person first.',
      'Serve the person the documentation and notice of the contest window (see G-DISCLOSURE).',
      facts,
    );
  }
  const sustained = contests.filter((c) => c.decision === 'sustained');
  if (sustained.length > 0) {
    return unmet(
      `the contest was sustained: the notice may not be used (contest ${sustained.map((c) => c.id).join(', ')}).`,
      'Do not use the notice in immigration proceedings. Close the case or continue without relying on the notice.',
      facts,
    );
  }
  const pending = contests.filter((c) => c.decision === null);
  if (pending.length > 0) {
    return unmet(
      `The person contested the notice and the contest is not decided yet (${pending.map((c) => `contest ${c.id} filed ${when(c.filedAt)}`).join('; ')}).`,
      'Decide the contest and record the decision with its reasons.',
      facts,
    );
  }
  if (contests.length > 0) {
    return met(
      `Every contest was decided and none was sustained (${contests.map((c) => `${c.id}: ${c.decision?.replaceAll('_', ' ')}`).join('; ')}).`,
      facts,
    );
  }
  const deadline = disclosure.contestDeadline;
  if (now.getTime() >= deadline.getTime()) {
    return met(`The contest window closed at ${when(deadline)} with no contest filed.`, facts);
  }
  return unmet(
    `The contest window is still open: it closes at ${when(deadline)} (${deadline.toISOString().slice(0, 10)}).`,
    `Wait until the contest window closes at ${when(deadline)}, and record any contest the person files.`,
    facts,
  );
}

const CHECKS: Record<GateId, (ctx: GateContext) => Verdict> = {
  'G-TRAINING': checkTraining,
  'G-VALIDITY': checkValidity,
  'G-REVIEW': checkReview,
  'G-INDEPENDENT': checkIndependent,
  'G-DOCS-REQUESTED': checkDocsRequested,
  'G-LANGUAGE': checkLanguage,
  'G-APPROVAL': checkApproval,
  'G-USE-AUTH': checkUseAuthorization,
  'G-DOCS-RECEIVED': checkDocsReceived,
  'G-DISCLOSURE': checkDisclosure,
  'G-CONTEST': checkContest,
};

function appliesTo(definition: GateDefinition, purpose: CasePurpose): boolean {
  return definition.appliesTo === 'all' || definition.appliesTo === purpose;
}

function evaluateGate(definition: GateDefinition, ctx: GateContext): GateResult {
  const base = { gate: definition.id, title: definition.title, clauses: [...definition.clauses] };
  if (!appliesTo(definition, ctx.snapshot.purpose)) {
    return {
      ...base,
      status: 'not_applicable',
      reason:
        'Not required for a law-enforcement action: this gate applies only when the notice is to be used in immigration proceedings.',
      nextStep: '',
      facts: { purpose: ctx.snapshot.purpose },
    };
  }
  const verdict = CHECKS[definition.id](ctx);
  return {
    ...base,
    status: verdict.met ? 'met' : 'unmet',
    reason: verdict.reason,
    nextStep: verdict.met ? '' : verdict.nextStep,
    facts: verdict.facts,
  };
}

/**
 * Evaluates every gate for the case as it stands at `now` under `policy`.
 * Gates come back in GATE_IDS order; `blocking` lists the applicable gates not met.
 */
export function evaluateGates(snapshot: CaseSnapshot, policy: PolicySettings, now: Date): GateEvaluation {
  const current = materialFacts(snapshot);
  const ctx: GateContext = { snapshot, policy, now, current, currentHash: caseVersionHash(current) };
  const gates = GATE_DEFINITIONS.map((definition) => evaluateGate(definition, ctx));
  const blocking = gates.filter((g) => g.status === 'unmet').map((g) => g.gate);
  return {
    caseId: snapshot.id,
    purpose: snapshot.purpose,
    evaluatedAt: now.toISOString(),
    policyVersion: policy.version,
    caseVersionHash: ctx.currentHash,
    gates,
    allMet: blocking.length === 0,
    blocking,
  };
}
