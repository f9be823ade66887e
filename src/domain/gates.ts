/**
 * The gate evaluator: the threshold criteria of ICE Directive 15006.1 (D2) that must all be met
 * before anyone acts on a Red Notice or Wanted Person Diffusion. Pure: it reads a case snapshot,
 * the policy settings and the current time, and explains every verdict.
 */
import { assessBasisFit, BASIS_ACTION_NOUNS } from './basis.ts';
import { caseVersionHash, describeMaterialChanges, materialFacts } from './case-version.ts';
import { languageLabel, readsLanguage } from './languages.ts';
import { indicatorLabel, legalReviewStanding } from './legal-review.ts';
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
import { LEGAL_REVIEW_CONCLUSION_LABELS, reviewRecommendation } from './types.ts';
import { checkWording, type WordingFinding } from './wording.ts';

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
      "Every notice on the case has status valid, a known expiry date that has not passed, and a validity confirmation from INTERPOL Washington that says valid and is no older than the freshness limit (policy setting); and each notice is about the case's person: it was recorded on this person, or its subject's name, date of birth and nationality agree with the person's, or an attorney confirmed the link with a reason.",
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
    id: 'G-LEGAL-REVIEW',
    title: 'Legal review when the review says "do not act"',
    clauses: ['D5', 'D6', 'D11'],
    appliesTo: 'all',
    description:
      "A confirmed strong indicator means the notice may be an abuse of INTERPOL's channels, and the review advises: do not act; refer for legal review. Officers cannot be expected to judge INTERPOL's rules alone, so an agency attorney who is neither the reviewer, nor the approver, nor the case's officer analyses each confirmed indicator against the rule it cites and concludes.",
    satisfiedBy:
      'Not applicable when the review confirmed no strong indicator. Otherwise the latest legal review of the current preliminary review, by an independent attorney, analyses every confirmed strong indicator in writing and concludes "proceed" or "proceed with conditions". A "do not proceed" blocks until a later legal review reverses it with its reasons; a superseded review needs a new legal review.',
  },
  {
    id: 'G-INDEPENDENT',
    title: 'Independent basis documented',
    clauses: ['D1'],
    appliesTo: 'all',
    description:
      'A notice alone never justifies an action or its use in proceedings. The agency must document its own basis: facts and evidence that do not come from INTERPOL.',
    satisfiedBy:
      'A written summary of the independent basis (at least 20 characters of substance), at least one evidence item whose source is not INTERPOL, the action the basis supports, its kind of ground and the legal authority (a statute or regulation). The basis must support an action the purpose needs (law-enforcement action: detention; immigration proceedings: removal proceedings or admissibility), each action it claims must be supported by its kind of ground, and a person recorded in custody needs a basis for detention.',
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
      'The latest supervisory decision is an approval of the current case version, not voided, by someone other than the requester, the assigned officer and the reviewer who completed the preliminary review, whose training was current when they approved.',
  },
  {
    id: 'G-USE-AUTH',
    title: 'Use authorization granted by INTERPOL Washington',
    clauses: ['D8'],
    appliesTo: 'immigration_proceedings',
    description:
      'INTERPOL data may be used in immigration proceedings only with authorization obtained through INTERPOL Washington, within its scope and conditions.',
    satisfiedBy:
      "INTERPOL Washington answered a use-authorization request with a grant that has not expired (it is valid through its end date, if one was set), whose scope covers the case's purpose, and whose conditions the case keeps: a grant that must be disclosed in full conflicts with a service restricted in what was disclosed.",
  },
  {
    id: 'G-DOCS-RECEIVED',
    title: 'Underlying documentation on file',
    clauses: ['D7', 'D9'],
    appliesTo: 'immigration_proceedings',
    description:
      'The agency cannot use a notice in proceedings, or let the person contest it, without the documentation it rests on.',
    satisfiedBy:
      "At least one document received from INTERPOL Washington is on file and the latest answer provided the documentation in full; or, where it was provided only in part or is unavailable, each missing item is recorded with INTERPOL Washington's reason it is unavailable and an agency attorney signed off on going on without it.",
  },
  {
    id: 'G-DISCLOSURE',
    title: 'Person served with the documentation',
    clauses: ['D9'],
    appliesTo: 'immigration_proceedings',
    description:
      'The person must receive the underlying documentation (or the restriction INTERPOL Washington placed on disclosing it) and notice of their opportunity to contest it.',
    satisfiedBy:
      'A service that counts: in a language the person reads (or through an interpreter, named with the language pair), serving at least one document that was on the case before the service. It opens the contest window, counted from the later of the service and its recording.',
  },
  {
    id: 'G-CONTEST',
    title: 'Contest window closed or contest decided',
    clauses: ['D9'],
    appliesTo: 'immigration_proceedings',
    description:
      'The person must have a meaningful opportunity to contest the notice inside the agency before it is used against them.',
    satisfiedBy:
      'The contest window of the latest service that counts has closed, and either no contest was filed or every contest was decided with an answer to each ground and none was sustained. Before the window closes, only an exigency approved by the field office director allows reliance. A sustained contest means the notice may not be used. A contest filed after the case was authorized suspends the authorization until the contest is decided (in force again if not sustained); a sustained contest withdraws it and the case is re-reviewed.',
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

interface GateContext extends PreparedSnapshot {
  policy: PolicySettings;
  now: Date;
}

/**
 * What the gates read from a snapshot that does not depend on the time or the policy: its material facts,
 * their hash and the wording check of its texts. `prepareSnapshot` computes it once, so that evaluating
 * the same snapshot at several instants (the stored gate status looks for the next change) does not
 * repeat it.
 */
export interface PreparedSnapshot {
  snapshot: CaseSnapshot;
  current: MaterialFacts;
  currentHash: string;
  wordingFindings: WordingFinding[];
}

interface Verdict {
  met: boolean;
  /** The gate does not apply to this case (beyond its purpose), e.g. no legal review needed. */
  notApplicable?: boolean;
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
  const { snapshot, policy } = ctx;
  const officerId = snapshot.assignedOfficerId;
  const officer = trainingAt(snapshot.officerTraining.completedAt, ctx.now, policy.trainingValidityDays);
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
  const { snapshot, policy } = ctx;
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
    confirmationAgeHours: confirmation ? hoursBetween(confirmation.confirmedAt, ctx.now) : null,
    freshUntil: iso(freshUntil),
    subjectLink: notice.subjectLink?.status ?? 'same_person',
  };
  // The notice must be about this person (domain/subject-link.ts): a link not shown by the record waits
  // for an attorney's confirmation, whatever else is recorded.
  const link = notice.subjectLink;
  const linkProblems: string[] = [];
  const linkSteps: string[] = [];
  if (link?.status === 'unconfirmed') {
    linkProblems.push(
      `Notice ${ref} may not be about this person: ${link.differences.join(' ') || "the person is not shown to be the notice's subject."} Nobody may rely on the notice for this person until an attorney confirms the link.`,
    );
    linkSteps.push(
      `An attorney checks whether the person is the subject of notice ${ref} (photographs, fingerprints, identity documents, INTERPOL Washington) and records the confirmation with the reason; otherwise close the case.`,
    );
  }
  const result = (problems: string[], steps: string[], fine = ''): NoticeValidity => ({
    problems: [...problems, ...linkProblems],
    steps: [...steps, ...linkSteps],
    fine: linkProblems.length ? '' : fine,
    facts,
  });

  // A notice that is not valid, or past its expiry date, fails whatever else is recorded.
  const fatal: string[] = [];
  if (notice.status !== 'valid') {
    fatal.push(`Notice ${ref} is ${notice.status}: a case may rely only on a valid notice.`);
  }
  if (expiryEnd !== null && ctx.now.getTime() >= expiryEnd.getTime()) {
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
    if (confirmation.confirmedAt.getTime() > ctx.now.getTime()) {
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
      if (freshUntil !== null && ctx.now.getTime() > freshUntil.getTime()) {
        problems.push(
          `The validity confirmation for notice ${ref} (${at}) is stale: it is ${hoursBetween(confirmation.confirmedAt, ctx.now)} hours old and the policy allows ${policy.validityFreshnessHours}.`,
        );
        steps.add(askConfirmation);
      }
    }
  }
  if (problems.length > 0 || linkProblems.length > 0) return result(problems, [...steps]);
  return result(
    [],
    [],
    `${link?.status === 'confirmed' ? `An attorney confirmed that the person is the subject of notice ${ref}. ` : ''}Notice ${ref} was confirmed valid by INTERPOL Washington at ${when(confirmation!.confirmedAt)} (fresh until ${when(freshUntil!)}) and expires on ${expiresOn}.`,
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
  const facts: Record<string, unknown> = {
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
  const fit = assessBasisFit(basis, ctx.snapshot.purpose, ctx.snapshot.custodyStatus);
  Object.assign(facts, fit.facts);
  problems.push(...fit.problems);
  steps.push(...fit.steps);
  if (problems.length > 0) return unmet(problems.join(' ') + notCounting, steps.join(' '), facts);
  return met(
    `An independent basis for ${fit.supported.map((a) => BASIS_ACTION_NOUNS[a]).join(', ')} under ${basis.legalAuthority?.trim()} is documented with ${plural(counting.length, 'evidence item')} from non-INTERPOL sources (${[...new Set(counting.map((e) => e.sourceType.replaceAll('_', ' ')))].join(', ')}).${notCounting}`,
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
  const { snapshot } = ctx;
  const requests = liveRequests(snapshot, 'documentation');
  const overdue = requests.filter((r) => r.status === 'pending' && r.dueAt.getTime() < ctx.now.getTime());
  const facts = {
    requests: requests.map((r) => requestFacts(r, ctx.now)),
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
  const findings = ctx.wordingFindings;
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
  if (snapshot.review?.status === 'complete' && latest.approverId === snapshot.review.reviewerId) {
    problems.push(
      `The approver (${latest.approverId}) completed the preliminary review: the approval must check the review, so it must come from someone else (SOD-APPROVER-REVIEWER).`,
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
  const { snapshot } = ctx;
  const requests = liveRequests(snapshot, 'use_authorization');
  const answered = requests.filter((r) => r.status === 'answered' && r.response !== null);
  const pending = requests.filter((r) => r.status === 'pending');
  const latest = latestBy(answered, (r) => r.response!.respondedAt);
  const response = latest?.response ?? null;
  const facts: Record<string, unknown> = {
    requests: requests.map((r) => requestFacts(r, ctx.now)),
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
      : ` A request sent at ${when(pending[0]!.requestedAt)} is awaiting an answer (due ${when(pending[0]!.dueAt)}${pending[0]!.dueAt.getTime() < ctx.now.getTime() ? ', overdue' : ''}).`;
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
    if (ctx.now.getTime() >= end.getTime()) {
      return unmet(
        `The use authorization granted at ${at} expired at the end of ${response.validUntil}.${pendingNote}`,
        'Request a renewed use authorization via INTERPOL Washington.',
        facts,
      );
    }
  }
  const conflicts = grantConditionConflicts(ctx, response, at);
  facts.scopePurposes = response.scopePurposes ?? null;
  facts.disclosureInFull = response.disclosureInFull ?? null;
  facts.conditionConflicts = conflicts.problems;
  if (conflicts.problems.length > 0) {
    return unmet(`${conflicts.problems.join(' ')}${pendingNote}`, conflicts.steps.join(' '), facts);
  }
  return met(
    `INTERPOL Washington granted use authorization at ${at}, valid ${response.validUntil ? `through ${response.validUntil}` : 'with no end date'}, covering ${(response.scopePurposes ?? []).map((p) => p.replaceAll('_', ' ')).join(' and ')}${response.disclosureInFull ? '; the documentation must be disclosed in full' : ''}.${scope}`,
    facts,
  );
}

/** The conditions of a granted use authorization checked against what the case records. */
function grantConditionConflicts(
  ctx: GateContext,
  response: NonNullable<LiaisonRequestFact['response']>,
  at: string,
): { problems: string[]; steps: string[] } {
  const { snapshot } = ctx;
  const problems: string[] = [];
  const steps: string[] = [];
  const scopes = response.scopePurposes ?? [];
  const purpose = snapshot.purpose.replaceAll('_', ' ');
  if (scopes.length === 0) {
    problems.push(
      `The use authorization granted at ${at} does not record which purposes it covers, so it cannot be matched to this case (${purpose}).`,
    );
    steps.push(
      `Ask INTERPOL Washington for a use authorization whose scope names the purpose of this case (${purpose}), and record it with its scope.`,
    );
  } else if (!scopes.includes(snapshot.purpose)) {
    problems.push(
      `Conflict: the use authorization covers ${scopes.map((p) => p.replaceAll('_', ' ')).join(' and ')}, but this case is for ${purpose}.`,
    );
    steps.push(
      `Do not use the notice for ${purpose}: ask INTERPOL Washington for an authorization that covers it, or correct the case's purpose.`,
    );
  }
  if (response.disclosureInFull === true) {
    const served = latestDisclosure(snapshot);
    if (served?.restricted) {
      problems.push(
        `Conflict: the use authorization requires the documentation to be disclosed in full, but the service at ${when(served.servedAt)} was restricted${served.restrictionNote ? ` ("${served.restrictionNote}")` : ''}.`,
      );
      steps.push(
        'Serve the person the documentation in full, or ask INTERPOL Washington to revise the condition; do not use the notice while the service and the condition conflict.',
      );
    }
  }
  return { problems, steps };
}

function checkDocsReceived(ctx: GateContext): Verdict {
  const { snapshot } = ctx;
  const documents = snapshot.documents.filter((d) => d.fromLiaison);
  const requests = liveRequests(snapshot, 'documentation');
  const facts = {
    documentIds: documents.map((d) => d.id),
    requests: requests.map((r) => requestFacts(r, ctx.now)),
  };
  const onFile = `${plural(documents.length, 'document')} from INTERPOL Washington ${documents.length === 1 ? 'is' : 'are'} on file: ${documents.map((d) => `"${d.title}"`).join(', ')}.`;
  const latest = latestBy(
    requests.filter((r) => r.status === 'answered' && r.response !== null),
    (r) => r.response!.respondedAt,
  );
  const response = latest?.response ?? null;
  const missing = response?.missingItems ?? [];
  if (response !== null && response.outcome !== 'provided' && missing.length > 0) {
    const signOffs = (snapshot.documentationSignOffs ?? []).filter((s) => s.responseId === response.id);
    const signed = (item: string) => signOffs.find((s) => s.item === item);
    const unsigned = missing.filter((m) => signed(m.item) === undefined);
    const answer = `INTERPOL Washington answered at ${when(response.respondedAt)} that the documentation is ${response.outcome === 'unavailable' ? 'unavailable' : 'only partially provided'}; missing: ${missing.map((m) => `${m.item} (${m.reason.trim().replace(/[.\s]+$/, '')})`).join('; ')}.`;
    const gateFacts = {
      ...facts,
      responseId: response.id,
      outcome: response.outcome,
      missingItems: missing.map((m) => ({ ...m, signedOffBy: signed(m.item)?.signedBy ?? null })),
      itemsWithoutSignOff: unsigned.map((m) => m.item),
    };
    if (unsigned.length > 0) {
      return unmet(
        `${answer} No attorney has signed off on going on without: ${unsigned.map((m) => m.item).join(', ')}.`,
        `Obtain the missing ${unsigned.length === 1 ? 'item' : 'items'}, or ask an agency attorney to sign off on each (${unsigned.map((m) => m.item).join(', ')}), stating why the case may go on without it.`,
        gateFacts,
      );
    }
    if (response.outcome === 'partially_provided' && documents.length === 0) {
      return unmet(
        `${answer} Each missing item is signed off, but no document received from INTERPOL Washington is on file.`,
        'Attach the documents received from INTERPOL Washington to the case.',
        gateFacts,
      );
    }
    return met(
      `${documents.length > 0 ? `${onFile} ` : ''}${answer} An attorney signed off on going on without each: ${signOffs.map((s) => `${s.item} (${s.signedBy}, ${when(s.signedAt)})`).join('; ')}.`,
      gateFacts,
    );
  }
  if (response !== null && response.outcome === 'partially_provided') {
    return unmet(
      `INTERPOL Washington answered at ${when(response.respondedAt)} that the documentation is only partially provided, without recording which items are missing and why.${documents.length > 0 ? ` ${onFile}` : ''}`,
      "Ask INTERPOL Washington again for the documentation, and record each missing item with INTERPOL Washington's reason it is unavailable; an attorney then signs off on each.",
      { ...facts, responseId: response.id, outcome: response.outcome },
    );
  }
  if (documents.length > 0) return met(onFile, facts);
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
    const overdue = pending.dueAt.getTime() < ctx.now.getTime();
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

/** Why a service does not count (empty when it does): language, documents served, documents existing. */
/**
 * SERVICE-DOCUMENTS and SERVICE-PACKET: did the document (or packet) exist when the person was served?
 * Service times are entered to the minute (the form's date and time field), so a document received or a
 * packet generated within that minute counts.
 */
export function receivedByService(receivedAt: Date, servedAt: Date): boolean {
  return Math.floor(receivedAt.getTime() / 60_000) * 60_000 <= servedAt.getTime();
}

export function serviceProblems(disclosure: DisclosureFact, snapshot: CaseSnapshot): string[] {
  const problems: string[] = [];
  const languages = snapshot.personLanguages ?? [];
  const interpreter = disclosure.interpreter;
  const hasInterpreter =
    !!interpreter && interpreter.name.trim() !== '' && interpreter.language.trim() !== '';
  if (!hasInterpreter && !readsLanguage(languages, disclosure.language)) {
    problems.push(
      languages.length === 0
        ? `it was in ${languageLabel(disclosure.language)} with no interpreter, and the languages the person reads are not recorded`
        : `it was in ${languageLabel(disclosure.language)}, which the person does not read (${languages.map(languageLabel).join(', ')}), and no interpreter is recorded`,
    );
  }
  if (disclosure.documentIds.length === 0) {
    problems.push('it served no document');
  } else {
    for (const id of disclosure.documentIds) {
      const doc = snapshot.documents.find((d) => d.id === id);
      if (doc === undefined) problems.push(`document ${id} is not on the case`);
      else if (!receivedByService(doc.receivedAt, disclosure.servedAt))
        problems.push(`"${doc.title}" was received only at ${when(doc.receivedAt)}, after the service`);
    }
  }
  return problems;
}

/** The contest window of a service: from the later of the service and its recording, for the policy's days. */
export function contestWindow(
  disclosure: DisclosureFact,
  policy: PolicySettings,
): { opensAt: Date; closesAt: Date } {
  const recordedAt = disclosure.recordedAt ?? disclosure.servedAt;
  const opensAt = recordedAt.getTime() > disclosure.servedAt.getTime() ? recordedAt : disclosure.servedAt;
  const computed = opensAt.getTime() + policy.contestWindowDays * DAY_MS;
  return {
    opensAt,
    closesAt: new Date(Math.max(computed, disclosure.contestDeadline.getTime())),
  };
}

/** The latest service that counts: in a language the person reads (or interpreted), serving documents that existed. */
function latestDisclosure(snapshot: CaseSnapshot): DisclosureFact | undefined {
  return latestBy(
    snapshot.disclosures.filter((d) => serviceProblems(d, snapshot).length === 0),
    (d) => d.servedAt,
  );
}

function checkDisclosure(ctx: GateContext): Verdict {
  const { snapshot, policy } = ctx;
  const disclosure = latestDisclosure(snapshot);
  const serve = `Serve the person the underlying documentation in a language they read (or through an interpreter), with notice of their ${policy.contestWindowDays}-day window to contest. Only documents already on the case can be served.`;
  if (disclosure === undefined) {
    const others = snapshot.disclosures;
    return unmet(
      others.length === 0
        ? 'The person has not been served the underlying documentation.'
        : `No service on record counts: ${others
            .map(
              (d) =>
                `the service at ${when(d.servedAt)} does not count because ${serviceProblems(d, snapshot).join('; ')}`,
            )
            .join('. ')}.`,
      serve,
      {
        disclosureId: null,
        contestDeadline: null,
        personLanguages: snapshot.personLanguages ?? [],
        notCountingDisclosureIds: others.map((d) => d.id),
      },
    );
  }
  const window = contestWindow(disclosure, policy);
  const facts = {
    disclosureId: disclosure.id,
    servedAt: iso(disclosure.servedAt),
    recordedAt: iso(disclosure.recordedAt),
    method: disclosure.method,
    language: disclosure.language,
    interpreter: disclosure.interpreter ?? null,
    personLanguages: snapshot.personLanguages ?? [],
    documentIds: disclosure.documentIds,
    restricted: disclosure.restricted,
    restrictionNote: disclosure.restrictionNote,
    contestWindowOpensAt: iso(window.opensAt),
    contestDeadline: iso(window.closesAt),
  };
  const how = disclosure.interpreter
    ? `in ${languageLabel(disclosure.language)} through an interpreter (${disclosure.interpreter.name}, ${disclosure.interpreter.language})`
    : `in ${languageLabel(disclosure.language)}, a language the person reads`;
  const restriction = disclosure.restricted
    ? ', with the restriction INTERPOL Washington placed on disclosure'
    : '';
  return met(
    `The person was served ${plural(disclosure.documentIds.length, 'document')}${restriction} at ${when(disclosure.servedAt)} (${disclosure.method}, ${how}); the contest window closes at ${when(window.closesAt)}.`,
    facts,
  );
}

/** The approved exigency that lets the case rely on the notice before the contest is over, if any. */
function approvedExigency(snapshot: CaseSnapshot) {
  return latestBy(
    (snapshot.exigencies ?? []).filter(
      (e) =>
        e.status === 'approved' &&
        e.decidedBy !== null &&
        e.decidedBy !== e.requestedBy &&
        e.decidedBy !== snapshot.assignedOfficerId,
    ),
    (e) => e.decidedAt ?? e.requestedAt,
  );
}

function decidedWithReasons(c: CaseSnapshot['contests'][number]): boolean {
  if (c.decision === null) return false;
  const grounds = c.groundCount ?? 0;
  const answered = c.answeredGrounds ?? 0;
  if (grounds > 0 && answered >= grounds) return true;
  return c.decision === 'withdrawn' && (c.decisionRationale ?? '').trim() !== '';
}

function checkContest(ctx: GateContext): Verdict {
  const { snapshot, policy } = ctx;
  const disclosure = latestDisclosure(snapshot);
  const contests = snapshot.contests;
  const exigency = approvedExigency(snapshot);
  const window = disclosure ? contestWindow(disclosure, policy) : null;
  const facts: Record<string, unknown> = {
    disclosureId: disclosure?.id ?? null,
    contestWindowOpensAt: iso(window?.opensAt),
    contestDeadline: iso(window?.closesAt),
    exigencyId: exigency?.id ?? null,
    contests: contests.map((c) => ({
      id: c.id,
      filedAt: iso(c.filedAt),
      decision: c.decision,
      decidedAt: iso(c.decidedAt),
      grounds: c.groundCount ?? null,
      answered: c.answeredGrounds ?? null,
    })),
  };
  if (disclosure === undefined || window === null) {
    return unmet(
      'No contest window has opened because no service on record counts (see G-DISCLOSURE): serve the person first.',
      'Serve the person the documentation in a language they read, and notice of the contest window (see G-DISCLOSURE).',
      facts,
    );
  }
  const closes = when(window.closesAt);
  const sustained = contests.filter((c) => c.decision === 'sustained');
  if (sustained.length > 0) {
    return unmet(
      `The contest was sustained: the notice may not be used in immigration proceedings (contest ${sustained.map((c) => `${c.id} decided ${when(c.decidedAt ?? c.filedAt)}`).join(', ')}). An exigency does not change this.`,
      'Do not use the notice in immigration proceedings. Close the case, or continue without relying on the notice (on the independent basis alone).',
      facts,
    );
  }
  const exigencyMet = () =>
    met(
      `Met by exigency approved by ${exigency!.decidedBy} at ${when(exigency!.decidedAt ?? exigency!.requestedAt)}: ${exigency!.reason} (for: ${exigency!.action}). The contest window closes at ${closes}; any contest the person files must still be decided.`,
      facts,
    );
  const pending = contests.filter((c) => c.decision === null);
  if (pending.length > 0) {
    if (exigency) return exigencyMet();
    return unmet(
      `The person contested the notice and the contest is not decided yet (${pending.map((c) => `contest ${c.id} filed ${when(c.filedAt)}`).join('; ')}). The contest window closes at ${closes}. An authorization given before the contest is suspended until it is decided.`,
      'An attorney independent of the case decides the contest, answering each ground raised.',
      facts,
    );
  }
  const unanswered = contests.filter((c) => !decidedWithReasons(c));
  if (unanswered.length > 0) {
    if (exigency) return exigencyMet();
    return unmet(
      `A contest was decided without an answer to each ground it raised (${unanswered.map((c) => `contest ${c.id}: ${c.answeredGrounds ?? 0} of ${c.groundCount ?? 0} grounds answered`).join('; ')}). The contest window closes at ${closes}.`,
      'The contest must be decided with a written answer to each ground; until then the notice may not be relied on.',
      facts,
    );
  }
  const open = ctx.now.getTime() < window.closesAt.getTime();
  if (open) {
    if (exigency) return exigencyMet();
    const requested = (snapshot.exigencies ?? []).filter((e) => e.status === 'requested');
    const filed = contests.length
      ? `${plural(contests.length, 'contest')} filed so far ${contests.length === 1 ? 'is' : 'are'} decided, but the person may still contest until then`
      : 'no contest filed yet';
    return unmet(
      `The contest window is still open: it closes at ${closes} (${filed}). The notice may not be relied on in proceedings before then${requested.length ? "; an exigency is awaiting the field office director's decision" : ''}.`,
      `Wait until the contest window closes at ${closes}, and record any contest the person files. Only an exigency approved by the field office director allows reliance earlier.`,
      facts,
    );
  }
  if (contests.length > 0) {
    return met(
      `The contest window closed at ${closes}, and every contest filed was decided with an answer to each ground and none was sustained (${contests.map((c) => `${c.id}: ${c.decision?.replaceAll('_', ' ')} at ${when(c.decidedAt ?? c.filedAt)}`).join('; ')}).`,
      facts,
    );
  }
  return met(`The contest window closed at ${closes} with no contest filed.`, facts);
}

function checkLegalReview(ctx: GateContext): Verdict {
  const { snapshot } = ctx;
  const review = snapshot.review;
  const standing = legalReviewStanding(snapshot);
  const titles = (ids: readonly string[]) => ids.map((id) => `"${indicatorLabel(id).title}"`).join(', ');
  const current = standing.current;
  const facts: Record<string, unknown> = {
    reviewId: review?.id ?? null,
    confirmedStrongIndicators: standing.confirmedStrong,
    /** What the attorney must analyse: each confirmed strong indicator with its title and citation. */
    indicatorsToAnalyse: standing.confirmedStrong.map(indicatorLabel),
    legalReviewId: current?.id ?? null,
    attorneyId: current?.attorneyId ?? null,
    conclusion: current?.conclusion ?? null,
    recordedAt: iso(current?.recordedAt),
    analysedIndicators: current?.analyses.map((a) => a.indicatorId) ?? [],
    doNotProceedId: standing.doNotProceed?.id ?? null,
    legalReviewIds: (snapshot.legalReviews ?? []).map((l) => l.id),
  };
  if (!standing.required) {
    return {
      met: true,
      notApplicable: true,
      reason: 'The preliminary review confirmed no strong indicator, so no legal review is required.',
      nextStep: '',
      facts,
    };
  }
  const independent =
    "An agency attorney who is neither the reviewer, nor the approver, nor the case's officer must record a legal review: a written analysis of each confirmed strong indicator against the rule it cites, and a conclusion.";
  if (standing.doNotProceed !== null) {
    const d = standing.doNotProceed;
    return unmet(
      `The legal review by ${d.attorneyId} at ${when(d.recordedAt)} concluded "${LEGAL_REVIEW_CONCLUSION_LABELS.do_not_proceed}": the case may not be authorized until a later legal review reverses that conclusion with its reasons.`,
      'Do not act on the notice. Only a later legal review by an independent attorney, giving the reasons for reversing the conclusion, can lift this.',
      facts,
    );
  }
  const advice = `The preliminary review confirmed ${plural(standing.confirmedStrong.length, 'strong indicator')} (${titles(standing.confirmedStrong)}) and advises: do not act; refer for legal review.`;
  if (review === null || review.status !== 'complete') {
    return unmet(
      `${advice} The preliminary review is not complete, so it cannot be analysed yet.`,
      `Complete the preliminary review. Then: ${independent}`,
      facts,
    );
  }
  if (current === null) {
    const earlier = (snapshot.legalReviews ?? []).filter((l) => l.reviewId !== review.id);
    return unmet(
      earlier.length > 0
        ? `${advice} The legal review on record analysed an earlier preliminary review, which a new screening has superseded: the current review needs a legal review of its own.`
        : `${advice} No legal review is recorded.`,
      independent,
      facts,
    );
  }
  const covered = new Set(current.analyses.map((a) => a.indicatorId));
  const missing = standing.confirmedStrong.filter((id) => !covered.has(id));
  facts.missingIndicators = missing;
  if (missing.length > 0) {
    return unmet(
      `${advice} The legal review by ${current.attorneyId} at ${when(current.recordedAt)} does not analyse ${titles(missing)}.`,
      independent,
      facts,
    );
  }
  const approval = currentApproval(ctx);
  const conflicts: string[] = [];
  if (current.attorneyId === review.reviewerId) conflicts.push('the reviewer');
  if (current.attorneyId === snapshot.requesterId || current.attorneyId === snapshot.assignedOfficerId)
    conflicts.push("the case's officer");
  if (approval !== undefined && current.attorneyId === approval.approverId) conflicts.push('the approver');
  if (conflicts.length > 0) {
    return unmet(
      `The legal review was recorded by ${current.attorneyId}, who is also ${conflicts.join(' and ')} of this case: it is not independent.`,
      independent,
      facts,
    );
  }
  const conditions =
    current.conclusion === 'proceed_with_conditions' && current.conditions
      ? ` Conditions: ${current.conditions}`
      : '';
  return met(
    `The legal review by ${current.attorneyId} at ${when(current.recordedAt)} analysed each confirmed strong indicator (${titles(standing.confirmedStrong)}) and concluded "${LEGAL_REVIEW_CONCLUSION_LABELS[current.conclusion]}".${conditions}`,
    facts,
  );
}

const CHECKS: Record<GateId, (ctx: GateContext) => Verdict> = {
  'G-TRAINING': checkTraining,
  'G-VALIDITY': checkValidity,
  'G-REVIEW': checkReview,
  'G-LEGAL-REVIEW': checkLegalReview,
  'G-INDEPENDENT': checkIndependent,
  'G-DOCS-REQUESTED': checkDocsRequested,
  'G-LANGUAGE': checkLanguage,
  'G-APPROVAL': checkApproval,
  'G-USE-AUTH': checkUseAuthorization,
  'G-DOCS-RECEIVED': checkDocsReceived,
  'G-DISCLOSURE': checkDisclosure,
  'G-CONTEST': checkContest,
};

/** What a gate that applies only to immigration proceedings says on a law-enforcement case. */
const NOT_APPLICABLE_TO_LAW_ENFORCEMENT: Partial<Record<GateId, string>> = {
  'G-CONTEST':
    'Not required for a law-enforcement action (this gate applies when the notice is to be used in immigration proceedings): the action rests on the agency’s own basis (see G-INDEPENDENT), so a contest filed after authorization does not suspend it. Any contest the person files is still recorded and decided by an independent attorney; a sustained contest withdraws the authorization and the case is re-reviewed.',
};

function appliesTo(definition: GateDefinition, purpose: CasePurpose): boolean {
  return definition.appliesTo === 'all' || definition.appliesTo === purpose;
}

/** The context of the checks (its properties written out: see `evaluateGate`). */
function gateContext(prepared: PreparedSnapshot, policy: PolicySettings, now: Date): GateContext {
  return {
    snapshot: prepared.snapshot,
    current: prepared.current,
    currentHash: prepared.currentHash,
    wordingFindings: prepared.wordingFindings,
    policy,
    now,
  };
}

function evaluateGate(definition: GateDefinition, ctx: GateContext): GateResult {
  // the result's properties written out rather than spread from a common base: object spread takes V8's
  // generic copy, a noticeable part of an evaluation (the stored gate status evaluates every new case)
  const gate = definition.id;
  const title = definition.title;
  const clauses = [...definition.clauses];
  if (!appliesTo(definition, ctx.snapshot.purpose)) {
    return {
      gate,
      title,
      clauses,
      status: 'not_applicable',
      reason:
        NOT_APPLICABLE_TO_LAW_ENFORCEMENT[definition.id] ??
        'Not required for a law-enforcement action: this gate applies only when the notice is to be used in immigration proceedings.',
      nextStep: '',
      facts: { purpose: ctx.snapshot.purpose },
    };
  }
  const verdict = CHECKS[definition.id](ctx);
  if (verdict.notApplicable) {
    return {
      gate,
      title,
      clauses,
      status: 'not_applicable',
      reason: verdict.reason,
      nextStep: '',
      facts: verdict.facts,
    };
  }
  return {
    gate,
    title,
    clauses,
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
  return evaluatePrepared(prepareSnapshot(snapshot), policy, now);
}

/** The time-independent part of an evaluation of `snapshot` (see PreparedSnapshot). */
export function prepareSnapshot(snapshot: CaseSnapshot): PreparedSnapshot {
  const current = materialFacts(snapshot);
  return {
    snapshot,
    current,
    currentHash: caseVersionHash(current),
    wordingFindings: snapshot.texts.flatMap((t) =>
      checkWording(t.text, t.field).map((f) => ({ ...f, field: f.field || t.field })),
    ),
  };
}

/** `evaluateGates` of a prepared snapshot: the same evaluation, without preparing it again. */
export function evaluatePrepared(
  prepared: PreparedSnapshot,
  policy: PolicySettings,
  now: Date,
): GateEvaluation {
  const ctx = gateContext(prepared, policy, now);
  return assemble(
    prepared,
    policy,
    now,
    GATE_DEFINITIONS.map((definition) => evaluateGate(definition, ctx)),
  );
}

function assemble(
  prepared: PreparedSnapshot,
  policy: PolicySettings,
  now: Date,
  gates: GateResult[],
): GateEvaluation {
  const blocking = gates.filter((g) => g.status === 'unmet').map((g) => g.gate);
  return {
    caseId: prepared.snapshot.id,
    purpose: prepared.snapshot.purpose,
    evaluatedAt: now.toISOString(),
    policyVersion: policy.version,
    caseVersionHash: prepared.currentHash,
    gates,
    allMet: blocking.length === 0,
    blocking,
  };
}

/**
 * `evaluatePrepared`, and the gates whose check read the time. A check is a pure function of the prepared
 * snapshot, the policy and `now` (nothing in this module reads the clock); a check that finished without
 * reading `now` took the same path, and gives the same verdict, at any instant. So only the gates listed
 * in `timed` can change with time alone (services/gate-status.ts#nextChangeAt probes only those).
 */
export function evaluateTracked(
  prepared: PreparedSnapshot,
  policy: PolicySettings,
  now: Date,
): { evaluation: GateEvaluation; timed: GateId[] } {
  const timed: GateId[] = [];
  const gates = GATE_DEFINITIONS.map((definition) => {
    let read = false;
    const ctx: GateContext = {
      snapshot: prepared.snapshot,
      current: prepared.current,
      currentHash: prepared.currentHash,
      wordingFindings: prepared.wordingFindings,
      policy,
      get now() {
        read = true;
        return now;
      },
    };
    const result = evaluateGate(definition, ctx);
    if (read) timed.push(definition.id);
    return result;
  });
  return { evaluation: assemble(prepared, policy, now, gates), timed };
}

/**
 * The evaluation at `now` of a prepared snapshot whose evaluation under the same policy at an earlier
 * instant gave `earlier` and read the time only in the gates `timed` (`evaluateTracked`): those gates are
 * evaluated again at `now`, the others taken from `earlier` (a check that did not read the time gives the
 * same result at any instant). The same evaluation as `evaluatePrepared` at `now`.
 */
export function evaluateTimedAgain(
  prepared: PreparedSnapshot,
  policy: PolicySettings,
  now: Date,
  earlier: readonly GateResult[],
  timed: ReadonlySet<GateId>,
): GateEvaluation {
  const ctx = gateContext(prepared, policy, now);
  const gates = GATE_DEFINITIONS.map((definition, i) => {
    const kept = earlier[i];
    if (kept?.gate !== definition.id) throw new Error(`earlier evaluation out of order at ${definition.id}`);
    return timed.has(definition.id) ? evaluateGate(definition, ctx) : kept;
  });
  return assemble(prepared, policy, now, gates);
}

/** The status of the named gates alone at `now` (the other gates are not evaluated). */
export function gateStatusesAt(
  prepared: PreparedSnapshot,
  policy: PolicySettings,
  now: Date,
  ids: readonly GateId[],
): Map<GateId, GateResult['status']> {
  const ctx = gateContext(prepared, policy, now);
  const out = new Map<GateId, GateResult['status']>();
  for (const definition of GATE_DEFINITIONS)
    if (ids.includes(definition.id)) out.set(definition.id, evaluateGate(definition, ctx).status);
  return out;
}
