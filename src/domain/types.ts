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
  'director',
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
  director: 'Field office director',
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
  'G-LEGAL-REVIEW',
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
  /** Fewest characters a written reason (rationale, acknowledgement, decision, note) may have. */
  minReasonChars: number;
  /**
   * Hours a service may be recorded after it happened without a reason (72 when not set); an older
   * `servedAt` needs a backdating reason.
   */
  serviceBackdateHours?: number;
  /** Days a counsel portal access code (and its one-time link) stays usable after issue (90 when not set). */
  portalAccessDays?: number;
  /**
   * Days a referral task raised by the retrospective review has before it is overdue, for counsel and for
   * oversight (7 and 14 when not set; domain/rereview.ts#referralDueDays).
   */
  referralDueDays?: { counsel: number; oversight: number };
  /** Days a re-review task has before it is overdue: priority 1 (person in custody) and priority 2. */
  reReviewDueDays: {
    inCustody: number;
    notInCustody: number;
  };
  /** A signed audit checkpoint is written at least every this many audit entries. */
  auditCheckpointEveryEntries: number;
  /**
   * …and at least this many seconds after an entry was written (by the next append or by the server's
   * checkpoint timer, whichever comes first).
   */
  auditCheckpointEverySeconds: number;
  /** Fewest characters a passphrase may have (12 when not set; domain/sign-in.ts). */
  passphraseMinChars?: number;
  /** Roles that must use a second factor to sign in (domain/sign-in.ts#DEFAULT_MFA_REQUIRED_ROLES when not set). */
  mfaRequiredRoles?: Role[];
  /** Largest document file that may be uploaded, in bytes (25 MiB when not set; documentMaxBytes). */
  documentMaxBytes?: number;
}

/** Largest document file that may be uploaded, in bytes. */
export function documentMaxBytes(policy: PolicySettings): number {
  return policy.documentMaxBytes ?? 25 * 1024 * 1024;
}

/** Days a counsel portal access code stays usable after it is issued. */
export function portalAccessDays(policy: PolicySettings): number {
  return policy.portalAccessDays ?? 90;
}

/** Hours a service may be recorded after it happened without a reason. */
export function serviceBackdateHours(policy: PolicySettings): number {
  return policy.serviceBackdateHours ?? 72;
}

export const LIAISON_REQUEST_KINDS = ['validity', 'documentation', 'use_authorization'] as const;
export type LiaisonRequestKind = (typeof LIAISON_REQUEST_KINDS)[number];

export const LIAISON_REQUEST_STATUSES = ['pending', 'answered', 'cancelled'] as const;
export type LiaisonRequestStatus = (typeof LIAISON_REQUEST_STATUSES)[number];

export const DOCUMENTATION_OUTCOMES = ['provided', 'partially_provided', 'unavailable'] as const;
/** An item of the documentation INTERPOL Washington could not provide, with its reason. */
export interface MissingDocumentationItem {
  item: string;
  reason: string;
}

/** What an independent basis can support (domain/basis.ts says which purpose needs which). */
export const BASIS_ACTIONS = ['detention', 'removal_proceedings', 'admissibility', 'evidence'] as const;
export type BasisAction = (typeof BASIS_ACTIONS)[number];

/** The kinds of ground an independent basis rests on (domain/basis.ts says what each supports). */
export const BASIS_GROUNDS = [
  'visa_overstay',
  'entry_without_inspection',
  'fraud_or_misrepresentation',
  'criminal_conviction',
  'us_criminal_process',
  'final_order_of_removal',
  'custody_determination',
  'security_grounds',
  'other',
] as const;
export type BasisGround = (typeof BASIS_GROUNDS)[number];

/** An attorney's sign-off that the case may go on without one missing item. */
export interface DocumentationSignOffFact {
  id: string;
  responseId: string;
  item: string;
  rationale: string;
  signedBy: string;
  signedAt: Date;
}

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
  /** The actions the basis supports (domain/basis.ts): detention, removal proceedings, admissibility, evidence. */
  actions?: BasisAction[];
  /** The statute or regulation that authorizes the action, e.g. "INA 236(a), 8 U.S.C. 1226(a)". */
  legalAuthority?: string;
  /** The kinds of ground the basis rests on (domain/basis.ts GROUND_SUPPORTS). */
  grounds?: BasisGround[];
}

export const APPROVAL_DECISIONS = ['approved', 'denied', 'returned'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export const CONTEST_DECISIONS = ['sustained', 'not_sustained', 'withdrawn'] as const;
export type ContestDecision = (typeof CONTEST_DECISIONS)[number];

/** The grounds on which a person may contest a notice (INTERPOL's rules, Articles 2, 3 and 83; D9). */
export const CONTEST_GROUNDS = [
  'political_character',
  'private_or_family_matter',
  'refugee_status',
  'due_process_or_torture',
  'insufficient_judicial_data',
  'not_the_person',
  'notice_not_current',
  'other',
] as const;
export type ContestGroundKind = (typeof CONTEST_GROUNDS)[number];

export const CONTEST_GROUND_LABELS: Record<ContestGroundKind, string> = {
  political_character: 'The case is political in character',
  private_or_family_matter: 'A private or family matter, not a crime',
  refugee_status: 'The person is a refugee or asylum seeker',
  due_process_or_torture: 'Due process or risk of torture',
  insufficient_judicial_data: 'Insufficient judicial data',
  not_the_person: 'Not the person named in the notice',
  notice_not_current: 'The notice is not current',
  other: 'Other ground',
};

export interface ContestGround {
  ground: ContestGroundKind;
  statement: string;
}

/** The decision's answer to one ground, by its position in the contest's list. */
export interface ContestAnswer {
  groundIndex: number;
  answer: string;
}

/** The action an exigency is for: relying on the notice before the contest is over. */
export const EXIGENCY_STATUSES = ['requested', 'approved', 'refused'] as const;
export type ExigencyStatus = (typeof EXIGENCY_STATUSES)[number];

export const REVIEW_STATUSES = ['in_progress', 'complete'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const INDICATOR_DISPOSITIONS = [
  'concern_confirmed',
  'resolved',
  'not_applicable',
  'information_requested',
] as const;
export type IndicatorDisposition = (typeof INDICATOR_DISPOSITIONS)[number];

/**
 * Dispositions that decide an indicator. `information_requested` records that the missing fact was asked
 * for: the indicator stays open (G-REVIEW unmet) until the fact is recorded and the case screened again.
 */
export function isDetermined(i: Pick<ReviewIndicator, 'disposition'>): boolean {
  return i.disposition !== null && i.disposition !== 'information_requested';
}

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
  /**
   * How the case's person is linked to this notice (domain/subject-link.ts). Absent in snapshots built
   * before the check existed: read as the notice recorded on the person.
   */
  subjectLink?: SubjectLinkFact;
}

export interface SubjectLinkFact {
  status: 'same_person' | 'matched' | 'unconfirmed' | 'confirmed';
  /** What differs between the person and the notice's subject (name, date of birth, nationality). */
  differences: string[];
  confirmedBy: string | null;
  confirmedAt: Date | null;
  reason: string | null;
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
  /** Documentation answers: the items INTERPOL Washington could not provide, with its reason. */
  missingItems?: MissingDocumentationItem[];
  /** Use authorizations: the condition "must be disclosed in full". */
  disclosureInFull?: boolean | null;
  /** Use authorizations: the case purposes the authorization covers (null: not recorded). */
  scopePurposes?: CasePurpose[] | null;
}

export interface LiaisonRequestFact {
  id: string;
  kind: LiaisonRequestKind;
  noticeId: string | null;
  status: LiaisonRequestStatus;
  requestedAt: Date;
  dueAt: Date;
  response: LiaisonResponseFact | null;
  /** The follow-ups (reminders) sent on the request, oldest first (absent in older snapshots: none). */
  followUps?: Array<{ at: Date }>;
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
  /** When the service was recorded: the contest window runs from the later of the two. */
  recordedAt?: Date;
  method: string;
  language: string;
  /** The interpreter, when the packet was not in a language the person reads. */
  interpreter?: { name: string; language: string } | null;
  documentIds: string[];
  /** True when INTERPOL Washington restricted disclosure and the restriction was served instead. */
  restricted: boolean;
  restrictionNote: string | null;
  contestDeadline: Date;
}

export interface ContestFact {
  id: string;
  filedAt: Date;
  disclosureId?: string | null;
  /** Grounds raised, with the person's statement of each, and the decision's answers. */
  grounds?: ContestGround[];
  answers?: ContestAnswer[];
  /** Grounds raised (0 for rows not loaded with them). */
  groundCount?: number;
  /** Grounds the decision answered. */
  answeredGrounds?: number;
  decisionRationale?: string | null;
  decision: ContestDecision | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

/** A request to rely on the notice before the contest is over, and the director's decision. */
export interface ExigencyFact {
  id: string;
  action: string;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  status: ExigencyStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export interface ApprovalFact {
  id: string;
  /** Approved against the advice in force (review "do not act", or a legal review "do not proceed"). */
  override?: boolean;
  /** What advice the approval went against, in plain language. */
  overrideReason?: string | null;
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

export const LEGAL_REVIEW_CONCLUSIONS = ['proceed', 'proceed_with_conditions', 'do_not_proceed'] as const;
export type LegalReviewConclusion = (typeof LEGAL_REVIEW_CONCLUSIONS)[number];

export const LEGAL_REVIEW_CONCLUSION_LABELS: Record<LegalReviewConclusion, string> = {
  proceed: 'Proceed',
  proceed_with_conditions: 'Proceed with conditions',
  do_not_proceed: 'Do not proceed',
};

/** An attorney's written analysis of one confirmed strong indicator, with the rule it cites. */
export interface LegalAnalysis {
  indicatorId: string;
  title: string;
  citation: string;
  analysis: string;
}

/**
 * A legal review (G-LEGAL-REVIEW): an attorney independent of the case analyses each strong indicator the
 * review confirmed and concludes. It is tied to the review it analysed.
 */
export interface LegalReviewFact {
  id: string;
  /** The preliminary review it analysed: a superseded review needs a new legal review. */
  reviewId: string;
  attorneyId: string;
  recordedAt: Date;
  conclusion: LegalReviewConclusion;
  analyses: LegalAnalysis[];
  conditions: string | null;
  /** Why an earlier "do not proceed" is reversed (required when the previous conclusion was do_not_proceed). */
  reversalReason: string | null;
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
  /** The languages the person reads (ISO 639-1 codes); empty when unknown. */
  personLanguages?: string[];
  /** Exigencies requested on the case (reliance before the contest is over). */
  exigencies?: ExigencyFact[];
  approvals: ApprovalFact[];
  /** Every legal review on the case, oldest first (absent in older snapshots: none). */
  legalReviews?: LegalReviewFact[];
  /** All free text the wording check must read (narrative, basis, generated documents). */
  texts: CaseText[];
  wordingDismissals: WordingDismissalFact[];
  /** Custody as recorded at intake or since (G-INDEPENDENT: in custody needs a basis for detention). */
  custodyStatus?: CustodyStatus;
  /** Attorneys' sign-offs on missing documentation items (G-DOCS-RECEIVED). */
  documentationSignOffs?: DocumentationSignOffFact[];
}
