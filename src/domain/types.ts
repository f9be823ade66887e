/**
 * Core domain vocabulary of Redline. Pure types and constant lists: no I/O.
 *
 * Times are JavaScript `Date` objects (UTC instants). Calendar dates (issue and
 * expiry dates of notices, dates of birth) are ISO strings `YYYY-MM-DD`.
 */

export const ROLES = [
  'officer',
  'supervisor',
  'liaison',
  'attorney',
  'auditor',
  'training_coordinator',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  officer: 'Officer',
  supervisor: 'Supervisor',
  liaison: 'INTERPOL Washington liaison',
  attorney: 'Agency attorney',
  auditor: 'Oversight auditor',
  training_coordinator: 'Training coordinator',
  administrator: 'Administrator',
};

export const NOTICE_TYPES = ['red_notice', 'diffusion'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** Status of a notice as INTERPOL Washington reports it. Only `valid` lets a case rely on it. */
export const NOTICE_STATUSES = [
  'valid',
  'suspended',
  'withdrawn',
  'cancelled',
  'deleted',
  'expired',
  'refused',
] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const NOTICE_PURPOSES = ['prosecution', 'sentence'] as const;
export type NoticePurpose = (typeof NOTICE_PURPOSES)[number];

/** What the agency intends to do with the case. */
export const CASE_PURPOSES = ['law_enforcement_action', 'immigration_proceedings'] as const;
export type CasePurpose = (typeof CASE_PURPOSES)[number];

export const CASE_STATUSES = ['open', 'authorized', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CUSTODY_STATUSES = ['in_custody', 'not_in_custody', 'released', 'unknown'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];

export const GATE_IDS = [
  'G-TRAINING',
  'G-VALIDITY',
  'G-REVIEW',
  'G-INDEPENDENT',
  'G-DOCS-REQUESTED',
  'G-LANGUAGE',
  'G-APPROVAL',
  'G-USE-AUTH',
  'G-DOCS-RECEIVED',
  'G-DISCLOSURE',
  'G-CONTEST',
] as const;
export type GateId = (typeof GATE_IDS)[number];

export type DirectiveClause = 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8' | 'D9' | 'D10' | 'D11';

export type GateStatus = 'met' | 'unmet' | 'not_applicable';

/** One gate's verdict, with everything needed to explain it. */
export interface GateResult {
  gate: GateId;
  title: string;
  status: GateStatus;
  /** Directive clauses this gate enforces. */
  clauses: DirectiveClause[];
  /** Plain-language reason for the status. */
  reason: string;
  /** What the user must do next to meet the gate (empty when met or not applicable). */
  nextStep: string;
  /** The facts the decision used (ids, times, values), so it can be explained and replayed. */
  facts: Record<string, unknown>;
}

export interface GateEvaluation {
  caseId: string;
  purpose: CasePurpose;
  evaluatedAt: string; // ISO instant
  policyVersion: number;
  caseVersionHash: string;
  gates: GateResult[];
  /** True when every applicable gate is met. */
  allMet: boolean;
  /** Applicable gates not met, in gate order. */
  blocking: GateId[];
}

/** Versioned policy settings. Every evaluation records the version it used. */
export interface PolicySettings {
  version: number;
  /** A validity confirmation older than this is stale. */
  validityFreshnessHours: number;
  /** Annual training is valid this many days after completion. */
  trainingValidityDays: number;
  /** Days the person has to contest after being served. */
  contestWindowDays: number;
  /** Days INTERPOL Washington has to answer each kind of request before it is overdue. */
  liaisonDeadlineDays: {
    validity: number;
    documentation: number;
    use_authorization: number;
  };
  /** Days after which an unanswered liaison request should get a follow-up. */
  liaisonFollowUpDays: number;
  /** Days a re-review task has before it is overdue: priority 1 (person in custody) and priority 2. */
  reReviewDueDays: {
    inCustody: number;
    notInCustody: number;
  };
}

export const LIAISON_REQUEST_KINDS = ['validity', 'documentation', 'use_authorization'] as const;
export type LiaisonRequestKind = (typeof LIAISON_REQUEST_KINDS)[number];

export const LIAISON_REQUEST_STATUSES = ['pending', 'answered', 'cancelled'] as const;
export type LiaisonRequestStatus = (typeof LIAISON_REQUEST_STATUSES)[number];

export const DOCUMENTATION_OUTCOMES = ['provided', 'partially_provided', 'unavailable'] as const;
export const USE_AUTH_OUTCOMES = ['granted', 'denied'] as const;
export type UseAuthOutcome = (typeof USE_AUTH_OUTCOMES)[number];

export const EVIDENCE_SOURCE_TYPES = [
  'interpol', // anything that comes from INTERPOL: never counts as independent
  'federal_record',
  'state_or_local_record',
  'foreign_government_direct',
  'officer_observation',
  'witness',
  'documentary',
  'other',
] as const;
export type EvidenceSourceType = (typeof EVIDENCE_SOURCE_TYPES)[number];

export interface EvidenceItem {
  description: string;
  sourceType: EvidenceSourceType;
  source: string;
  reference?: string | null;
  obtainedOn?: string | null; // YYYY-MM-DD
}

export interface IndependentBasis {
  summary: string;
  evidence: EvidenceItem[];
}

export const APPROVAL_DECISIONS = ['approved', 'denied', 'returned'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export const CONTEST_DECISIONS = ['sustained', 'not_sustained', 'withdrawn'] as const;
export type ContestDecision = (typeof CONTEST_DECISIONS)[number];

export const REVIEW_STATUSES = ['in_progress', 'complete'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const INDICATOR_DISPOSITIONS = ['concern_confirmed', 'resolved', 'not_applicable'] as const;
export type IndicatorDisposition = (typeof INDICATOR_DISPOSITIONS)[number];

/** An indicator as the review sees it: what the screening found and what the reviewer decided. */
export interface ReviewIndicator {
  indicatorId: string;
  strength: 'strong' | 'contextual' | 'validity';
  outcome: 'present' | 'absent' | 'undetermined';
  disposition: IndicatorDisposition | null;
  note: string | null;
}

// ---------------------------------------------------------------------------
// The case snapshot: everything the gate evaluator reads, loaded by the store.
// ---------------------------------------------------------------------------

export interface TrainingFact {
  userId: string;
  /** Latest completion of the annual course, or null if never trained. */
  completedAt: Date | null;
}

export interface WarrantFact {
  kind: 'arrest_warrant' | 'judgment';
  charge: string;
  chargeTranslation: string | null;
  lawCited: string | null;
  maxPenaltyMonths: number | null;
  sentenceMonths: number | null;
  remainingMonths: number | null;
  inAbsentia: boolean | null;
  issuingCourt: string | null;
  issuedOn: string | null;
  issuingCountry: string | null;
}

export interface NoticeFact {
  id: string;
  type: NoticeType;
  interpolRef: string;
  issuingCountry: string;
  status: NoticeStatus;
  issuedOn: string | null;
  expiresOn: string | null;
  purpose: NoticePurpose | null;
  warrants: WarrantFact[];
  summaryOfFacts: string | null;
}

export interface ValidityConfirmationFact {
  id: string;
  noticeId: string;
  /** The status INTERPOL Washington reported. */
  result: NoticeStatus;
  /** Expiry date INTERPOL Washington reported, if any. */
  expiresOn: string | null;
  source: 'interpol_washington';
  method: string;
  confirmedAt: Date;
  recordedBy: string;
}

/** What a review advises once the reviewer has decided: confirmed strong indicators mean do not act. */
export interface ReviewRecommendation {
  code: 'do_not_act_refer_legal_review' | 'none';
  text: string;
  /** Strong indicators the reviewer confirmed as a concern. */
  confirmedStrong: string[];
}

export const DO_NOT_ACT_TEXT = 'Do not act; refer for legal review';

/** Pure: the review's recommendation from its indicators. */
export function reviewRecommendation(indicators: readonly ReviewIndicator[]): ReviewRecommendation {
  const confirmedStrong = indicators
    .filter((i) => i.strength === 'strong' && i.disposition === 'concern_confirmed')
    .map((i) => i.indicatorId);
  return confirmedStrong.length > 0
    ? {
        code: 'do_not_act_refer_legal_review',
        text: `${DO_NOT_ACT_TEXT} (confirmed strong ${confirmedStrong.length === 1 ? 'indicator' : 'indicators'}: ${confirmedStrong.join(', ')}).`,
        confirmedStrong,
      }
    : { code: 'none', text: 'No strong indicator was confirmed.', confirmedStrong };
}

export interface ReviewFact {
  id: string;
  status: ReviewStatus;
  reviewerId: string;
  reviewerTrainingCompletedAt: Date | null;
  completedAt: Date | null;
  indicators: ReviewIndicator[];
  rulesetVersion: string | null;
  /** The review's recommendation (derived from the indicators; set by the store). */
  recommendation?: ReviewRecommendation;
}

export interface LiaisonResponseFact {
  id: string;
  respondedAt: Date;
  respondedBy: string;
  outOfBand: boolean;
  outcome: string;
  scope: string | null;
  conditions: string | null;
  validUntil: string | null; // YYYY-MM-DD, for use authorizations
}

export interface LiaisonRequestFact {
  id: string;
  kind: LiaisonRequestKind;
  noticeId: string | null;
  status: LiaisonRequestStatus;
  requestedAt: Date;
  dueAt: Date;
  response: LiaisonResponseFact | null;
}

export interface DocumentFact {
  id: string;
  kind: string;
  title: string;
  receivedAt: Date;
  fromLiaison: boolean;
}

export interface DisclosureFact {
  id: string;
  servedAt: Date;
  method: string;
  language: string;
  documentIds: string[];
  /** True when INTERPOL Washington restricted disclosure and the restriction was served instead. */
  restricted: boolean;
  restrictionNote: string | null;
  contestDeadline: Date;
}

export interface ContestFact {
  id: string;
  filedAt: Date;
  decision: ContestDecision | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface ApprovalFact {
  id: string;
  decision: ApprovalDecision;
  approverId: string;
  approverTrainingCompletedAt: Date | null;
  decidedAt: Date;
  caseVersionHash: string;
  /** Material facts as they stood when approved: used to say what changed. */
  material: MaterialFacts;
  voidedAt: Date | null;
  voidReason: string | null;
}

/** A piece of free text on the case that the wording check (D10) must read. */
export interface CaseText {
  /** Stable field name, e.g. `narrative`, `independentBasis.summary`, `document:<id>`. */
  field: string;
  text: string;
}

/** A supervisor's dismissal of one wording finding, keyed by the finding's fingerprint. */
export interface WordingDismissalFact {
  fingerprint: string;
  reason: string;
  dismissedBy: string;
  dismissedAt: Date;
}

/** The facts whose change voids an approval (D6). */
export interface MaterialFacts {
  purpose: CasePurpose;
  personId: string;
  notices: Array<{
    interpolRef: string;
    type: NoticeType;
    issuingCountry: string;
    purpose: NoticePurpose | null;
    warrants: Array<
      Pick<
        WarrantFact,
        'charge' | 'lawCited' | 'maxPenaltyMonths' | 'sentenceMonths' | 'remainingMonths' | 'inAbsentia'
      >
    >;
    summaryOfFacts: string | null;
  }>;
  independentBasis: IndependentBasis;
  review: {
    status: ReviewStatus | null;
    dispositions: Array<{ indicatorId: string; disposition: IndicatorDisposition | null }>;
  };
}

export interface CaseSnapshot {
  id: string;
  caseNumber: string;
  purpose: CasePurpose;
  status: CaseStatus;
  officeId: string;
  personId: string;
  /** The user who opened the case (the requester). */
  requesterId: string;
  assignedOfficerId: string;
  /** Training of the assigned (acting) officer. */
  officerTraining: TrainingFact;
  independentBasis: IndependentBasis;
  narrative: string;
  notices: NoticeFact[];
  validityConfirmations: ValidityConfirmationFact[];
  review: ReviewFact | null;
  liaisonRequests: LiaisonRequestFact[];
  documents: DocumentFact[];
  disclosures: DisclosureFact[];
  contests: ContestFact[];
  approvals: ApprovalFact[];
  /** All free text the wording check must read (narrative, basis, generated documents). */
  texts: CaseText[];
  wordingDismissals: WordingDismissalFact[];
}
