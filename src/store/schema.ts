import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** date: read and written as `YYYY-MM-DD` (both drivers are configured to keep it a string). */
type CalendarDate = string;
/** jsonb: read parsed; written as a JSON string (both drivers accept text for jsonb). */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

export interface OfficesTable {
  id: string;
  name: string;
  created_at: TimestampDefault;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  office_id: string | null;
  password_hash: string;
  disabled_at: Timestamp | null;
  locked_at: Timestamp | null;
  locked_reason: string | null;
  created_at: TimestampDefault;
  password_changed_at: TimestampDefault;
  /** The confirmed TOTP secret (base32). Never returned by the API after enrolment. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  /** A secret shown during enrolment, until the first code confirms it. */
  totp_pending_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enrolled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The last accepted TOTP time step: a code is accepted once. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  /** Demo accounts only (published secrets): the same code may sign in several browsers at once. */
  totp_reuse_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  oidc_issuer: ColumnType<string | null, string | null | undefined, string | null>;
  oidc_subject: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SignInDelaysTable {
  /** `account:<username>` or `source:<address>`. */
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  next_allowed_at: Timestamp;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  /** SHA-256 of the normalised code; the code itself is shown once. */
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface OidcRequestsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  user_id: string | null;
  at: Timestamp;
  success: boolean;
  source_ip: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
  source_ip: string | null;
  user_agent: string | null;
  /** `active`, or `mfa` (second factor pending) or `enrol` (must enrol a second factor first). */
  stage: ColumnType<string, string | undefined, string>;
  mfa_failures: ColumnType<number, number | undefined, number>;
}

export interface TrainingRecordsTable {
  id: string;
  user_id: string;
  course: string;
  completed_at: Timestamp;
  recorded_by: string | null;
  recorded_via: ColumnType<string, string | undefined, string>;
  certificate_ref: string | null;
  created_at: TimestampDefault;
}

export interface PolicyVersionsTable {
  version: number;
  settings: Json<unknown>;
  note: string | null;
  created_by: string | null;
  created_at: TimestampDefault;
}

export interface ProtectionStatusJson {
  asylumClaimedOn?: string | null;
  status?: 'none' | 'asylum_pending' | 'refugee' | 'asylee' | 'withholding' | 'cat' | 'naturalised' | null;
  grantingCountry?: string | null;
  inRespectOfCountry?: string | null;
  grantedOn?: string | null;
  note?: string | null;
}

export interface PersonsTable {
  id: string;
  family_name: string;
  given_names: string | null;
  aliases: JsonDefault<string[]>;
  dates_of_birth: JsonDefault<string[]>;
  sex: string | null;
  place_of_birth: string | null;
  nationalities: JsonDefault<string[]>;
  a_number: string | null;
  languages: JsonDefault<string[]>;
  protection_status: Json<ProtectionStatusJson> | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NoticesTable {
  id: string;
  type: string;
  interpol_ref: string;
  issuing_country: string;
  requesting_authority: string | null;
  issued_on: CalendarDate | null;
  expires_on: CalendarDate | null;
  purpose: string | null;
  status: ColumnType<string, string | undefined, string>;
  status_updated_at: Timestamp | null;
  summary_of_facts: string | null;
  person_id: string | null;
  public_extract: Json<unknown> | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NoticeWarrantsTable {
  id: string;
  notice_id: string;
  position: number;
  kind: string;
  charge: string;
  charge_translation: string | null;
  law_cited: string | null;
  max_penalty_months: number | null;
  sentence_months: number | null;
  remaining_months: number | null;
  in_absentia: boolean | null;
  issuing_court: string | null;
  issued_on: CalendarDate | null;
  issuing_country: string | null;
}

export interface IndependentBasisJson {
  summary: string;
  evidence: Array<{
    description: string;
    sourceType: string;
    source: string;
    reference?: string | null;
    obtainedOn?: string | null;
  }>;
  /** Migration 0007: the actions the basis supports, its legal authority and kinds of ground. */
  actions?: string[];
  legalAuthority?: string;
  grounds?: string[];
}

export interface CasesTable {
  id: string;
  case_number: string;
  person_id: string;
  purpose: string;
  office_id: string;
  assigned_officer_id: string;
  created_by: string;
  status: ColumnType<string, string | undefined, string>;
  independent_basis: JsonDefault<IndependentBasisJson>;
  narrative: ColumnType<string, string | undefined, string>;
  encounter_at: Timestamp | null;
  encounter_location: string | null;
  custody_status: ColumnType<string, string | undefined, string>;
  in_proceedings: ColumnType<boolean, boolean | undefined, boolean>;
  revision: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  close_reason: string | null;
}

export interface CaseNoticesTable {
  case_id: string;
  notice_id: string;
  added_at: Timestamp;
  /** Migration 0011: how the case's person is linked to the notice (domain/subject-link.ts). */
  subject_link: ColumnType<string, string | undefined, string>;
  subject_differences: JsonDefault<string[]>;
  link_confirmed_by: string | null;
  link_confirmed_at: Timestamp | null;
  link_confirmation_reason: string | null;
}

export interface FollowUpJson {
  at: string;
  by: string;
  note: string;
}

export interface LiaisonRequestsTable {
  id: string;
  case_id: string;
  notice_id: string | null;
  kind: string;
  status: ColumnType<string, string | undefined, string>;
  details: string | null;
  requested_by: string;
  requested_at: Timestamp;
  due_at: Timestamp;
  follow_ups: JsonDefault<FollowUpJson[]>;
  cancelled_reason: string | null;
}

export interface LiaisonResponsesTable {
  id: string;
  request_id: string;
  responded_by: string;
  responded_at: Timestamp;
  out_of_band: boolean;
  usncb_reference: string | null;
  outcome: string;
  notes: string | null;
  scope: string | null;
  conditions: string | null;
  valid_until: CalendarDate | null;
  disclosure_restrictions: string | null;
  /** Migration 0007: documentation items not provided, with INTERPOL Washington's reason. */
  missing_items: JsonDefault<Array<{ item: string; reason: string }>>;
  /** Migration 0007: use authorizations: "must be disclosed in full", and the purposes covered. */
  disclosure_in_full: boolean | null;
  scope_purposes: Json<string[]> | null;
}

/** Migration 0007: an attorney's sign-off that the case may go on without a missing item. */
export interface DocumentationSignOffsTable {
  id: string;
  case_id: string;
  liaison_response_id: string;
  item: string;
  rationale: string;
  signed_by: string;
  signed_at: Timestamp;
}

export interface ValidityConfirmationsTable {
  id: string;
  notice_id: string;
  case_id: string | null;
  liaison_request_id: string | null;
  result: string;
  expires_on: CalendarDate | null;
  source: ColumnType<string, string | undefined, string>;
  method: string;
  usncb_reference: string | null;
  confirmed_at: Timestamp;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface DocumentsTable {
  id: string;
  case_id: string;
  notice_id: string | null;
  liaison_response_id: string | null;
  kind: string;
  title: string;
  language: string | null;
  received_at: Timestamp;
  content_type: string | null;
  sha256: string | null;
  byte_size: number | null;
  content: Buffer | null;
  /** The user who recorded or uploaded it; null for a file from outside the agency (uploader_label). */
  recorded_by: string | null;
  uploader_label: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'none': a record of a document received, without a stored file; 'stored': the file is in the store. */
  file_status: ColumnType<'none' | 'stored', 'none' | 'stored' | undefined, 'none' | 'stored'>;
  stored_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  file_name: ColumnType<string | null, string | null | undefined, string | null>;
  source: ColumnType<string | null, string | null | undefined, string | null>;
  liaison_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  contest_id: ColumnType<string | null, string | null | undefined, string | null>;
  uploaded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One stored file, addressed by the SHA-256 of its plaintext; its data key wrapped by the master key. */
export interface StoredObjectsTable {
  sha256: string;
  byte_size: number;
  content_type: string;
  wrapped_key: string;
  key_id: string;
  created_at: Timestamp;
  rewrapped_at: Timestamp | null;
}

export interface ReviewIndicatorJson {
  indicatorId: string;
  strength: 'strong' | 'contextual' | 'validity';
  outcome: 'present' | 'absent' | 'undetermined';
  disposition: 'concern_confirmed' | 'resolved' | 'not_applicable' | 'information_requested' | null;
  note: string | null;
  /** information_requested: the liaison request that asks for the fact, or whom it was asked of. */
  liaisonRequestId?: string | null;
  requestedFrom?: string | null;
  decidedBy?: string | null;
  decidedAt?: string | null;
}

export interface ReviewsTable {
  id: string;
  case_id: string;
  reviewer_id: string;
  status: string;
  indicators: JsonDefault<ReviewIndicatorJson[]>;
  ruleset_version: string | null;
  summary: string | null;
  started_at: Timestamp;
  completed_at: Timestamp | null;
  superseded_at: Timestamp | null;
}

export interface ApprovalsTable {
  id: string;
  case_id: string;
  decision: string;
  rationale: string;
  approver_id: string;
  decided_at: Timestamp;
  case_version_hash: string;
  material: Json<unknown>;
  acknowledgements: JsonDefault<Array<{ indicatorId: string; justification: string }>>;
  voided_at: Timestamp | null;
  void_reason: string | null;
}

export interface WordingDismissalsTable {
  id: string;
  case_id: string;
  fingerprint: string;
  field: string;
  excerpt: string;
  reason: string;
  dismissed_by: string;
  dismissed_at: Timestamp;
}

export interface DisclosuresTable {
  id: string;
  case_id: string;
  served_at: Timestamp;
  method: string;
  recipient: string;
  language: string;
  document_ids: JsonDefault<string[]>;
  restricted: boolean;
  restriction_note: string | null;
  contest_deadline: Timestamp;
  recorded_by: string;
  recorded_at: Timestamp;
  /** The interpreter, when the packet is not in a language the person reads (0006). */
  interpreter_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** The language pair the interpreter worked in, e.g. "en-tg" (0006). */
  interpreter_language: ColumnType<string | null, string | null | undefined, string | null>;
  note: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why a service is recorded more than the policy's backdating window after it happened (0006). */
  backdate_reason: string | null;
}

export interface ContestsTable {
  id: string;
  case_id: string;
  disclosure_id: string | null;
  filed_at: Timestamp;
  filed_by: string;
  grounds: string;
  /** The staff member who recorded it; empty for a contest filed through the counsel portal (0016). */
  received_by: string | null;
  decision: string | null;
  decision_rationale: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  ccf_application: string | null;
  /** The grounds raised, one entry each (0006; older free-text grounds became one 'other' ground). */
  grounds_list: JsonDefault<ContestGroundJson[]>;
  /** The decision's answer to each ground (0006). */
  answers: JsonDefault<ContestAnswerJson[]>;
  /** When the contest was recorded (0010); `filed_at` may be earlier. */
  recorded_at: Timestamp;
  /** Why a filing time older than the backdating window is recorded only now (0010). */
  backdate_reason: string | null;
}

export interface ContestGroundJson {
  ground: string;
  statement: string;
}

export interface ContestAnswerJson {
  groundIndex: number;
  answer: string;
}

/** A request to rely on the notice before the contest is over, decided by the field office director (0006). */
export interface ExigenciesTable {
  id: string;
  case_id: string;
  action: string;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  status: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}

export interface AuthorizationsTable {
  id: string;
  case_id: string;
  purpose: string;
  authorized_by: string;
  authorized_at: Timestamp;
  case_version_hash: string;
  policy_version: number;
  gates: Json<unknown>;
  status: ColumnType<string, string | undefined, string>;
  withdrawn_at: Timestamp | null;
  withdrawn_reason: string | null;
  /** Migration 0010: suspended while a contest filed after it is undecided (immigration proceedings). */
  suspended_at: Timestamp | null;
  suspended_reason: string | null;
  suspended_contest_id: string | null;
  resumed_at: Timestamp | null;
}

export interface NoticeStatusChangesTable {
  id: string;
  notice_id: string;
  from_status: string;
  to_status: string;
  effective_at: Timestamp;
  source: string;
  usncb_reference: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface TasksTable {
  id: string;
  case_id: string;
  kind: string;
  reason: string;
  priority: ColumnType<number, number | undefined, number>;
  status: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by: string | null;
  resolution: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string;
  actor_role: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  case_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  detail: Json<Record<string, unknown>>;
  request_id: string | null;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  id: Generated<number>;
  seq: number;
  hash: string;
  signed_at: Timestamp;
  key_id: string;
  signature: string;
}

export interface DB {
  offices: OfficesTable;
  users: UsersTable;
  login_attempts: LoginAttemptsTable;
  sessions: SessionsTable;
  sign_in_delays: SignInDelaysTable;
  recovery_codes: RecoveryCodesTable;
  oidc_requests: OidcRequestsTable;
  training_records: TrainingRecordsTable;
  policy_versions: PolicyVersionsTable;
  persons: PersonsTable;
  notices: NoticesTable;
  notice_warrants: NoticeWarrantsTable;
  cases: CasesTable;
  case_notices: CaseNoticesTable;
  liaison_requests: LiaisonRequestsTable;
  liaison_responses: LiaisonResponsesTable;
  documentation_sign_offs: DocumentationSignOffsTable;
  validity_confirmations: ValidityConfirmationsTable;
  documents: DocumentsTable;
  stored_objects: StoredObjectsTable;
  reviews: ReviewsTable;
  approvals: ApprovalsTable;
  wording_dismissals: WordingDismissalsTable;
  disclosures: DisclosuresTable;
  contests: ContestsTable;
  exigencies: ExigenciesTable;
  authorizations: AuthorizationsTable;
  notice_status_changes: NoticeStatusChangesTable;
  tasks: TasksTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  notifications: NotificationsTable;
  job_runs: JobRunsTable;
}

/** Migration 0017: one message to one user; `dedupe_key` is unique per user. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  case_id: string | null;
  text: string;
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
  emailed_at: Timestamp | null;
  email_error: string | null;
}

/** Migration 0017: one run of a scheduled duty for one slot (a UTC day); (duty, slot) is unique. */
export interface JobRunsTable {
  id: string;
  duty: string;
  slot: string;
  instance: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  counts: JsonDefault<Record<string, number>>;
}

export type UserRow = Selectable<UsersTable>;
export type CaseRow = Selectable<CasesTable>;
export type NoticeRow = Selectable<NoticesTable>;
export type PersonRow = Selectable<PersonsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
export type CaseUpdate = Updateable<CasesTable>;

// ---------------------------------------------------------------------------
// Screening (migration 0003). Declaration merging adds these tables to DB.
// ---------------------------------------------------------------------------

export interface CaseFactsTable {
  id: string;
  case_id: string;
  version: number;
  facts: Json<Record<string, unknown>>;
  note: string | null;
  recorded_by: string | null;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface ScreeningsTable {
  id: string;
  /** Insertion order (several screenings can share a timestamp). */
  seq: Generated<number>;
  case_id: string;
  ruleset_version: string;
  country_context_version: string;
  inputs_digest: string;
  results: Json<unknown>;
  diff: Json<unknown> | null;
  trigger: string;
  created_at: Timestamp;
  /** Migration 0020: the bulk re-screening run that wrote it, if any. */
  rescreen_run_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Migration 0020: a bulk re-screening run (services/screening/bulk.ts). */
export interface RescreenRunsTable {
  id: string;
  state: string;
  filter: JsonDefault<RescreenFilterJson>;
  ruleset_version: string;
  batch_size: number;
  total: number;
  processed: ColumnType<number, number | undefined, number>;
  stored: ColumnType<number, number | undefined, number>;
  changed: ColumnType<number, number | undefined, number>;
  reviews_superseded: ColumnType<number, number | undefined, number>;
  batches: ColumnType<number, number | undefined, number>;
  cursor_case_id: string | null;
  last_error: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface RescreenFilterJson {
  officeId?: string;
  issuingCountry?: string;
  status?: string;
  /** Legacy (imported) cases only: true for every source, or the name of one source. */
  legacy?: true | string;
}

export interface ChargeCorrectionsTable {
  id: string;
  case_id: string;
  notice_id: string;
  warrant_position: number;
  charge: string;
  suggested: JsonDefault<string[]>;
  categories: Json<string[]>;
  decision: string;
  reason: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface CountryContextVersionsTable {
  version: string;
  seq: Generated<number>;
  note: string | null;
  created_by: string;
  created_at: TimestampDefault;
}

export interface CountryContextTable {
  id: string;
  iso2: string;
  report_year: number;
  report: string;
  statement: string;
  url: string;
  compiled_from: string;
  verified: ColumnType<boolean, boolean | undefined, boolean>;
  retired_at: Timestamp | null;
  retired_reason: string | null;
  updated_by: string;
  updated_at: TimestampDefault;
}

export interface DB {
  case_facts: CaseFactsTable;
  screenings: ScreeningsTable;
  charge_corrections: ChargeCorrectionsTable;
  rescreen_runs: RescreenRunsTable;
  country_context_versions: CountryContextVersionsTable;
  country_context: CountryContextTable;
}

export interface ReviewsTable {
  /** The stored screening the review was built on. */
  screening_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReviewIndicatorJson {
  /** Screening details carried into the review (migration 0003). */
  title?: string;
  citation?: string;
  /** Evidence the reviewer relied on to resolve the indicator. */
  evidence?: string | null;
}

// ---------------------------------------------------------------------------
// Legal review and overrides (migration 0005).
// ---------------------------------------------------------------------------

export interface LegalAnalysisJson {
  indicatorId: string;
  title: string;
  citation: string;
  analysis: string;
}

export interface LegalReviewsTable {
  id: string;
  case_id: string;
  /** The preliminary review it analysed. */
  review_id: string;
  attorney_id: string;
  conclusion: string;
  analyses: JsonDefault<LegalAnalysisJson[]>;
  conditions: string | null;
  reversal_reason: string | null;
  /** The "do not proceed" legal review this one reverses. */
  reverses_id: string | null;
  recorded_at: Timestamp;
}

export interface DB {
  legal_reviews: LegalReviewsTable;
}

export interface ApprovalsTable {
  /** Approved against the advice in force (migration 0005). */
  override: ColumnType<boolean, boolean | undefined, boolean>;
  override_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The legal review the approver had before them. */
  legal_review_id: ColumnType<string | null, string | null | undefined, string | null>;
}

// ---------------------------------------------------------------------------
// Finding cases and task due dates (migration 0009). Declaration merging adds these to DB.
// ---------------------------------------------------------------------------

/** The normalised terms a case is found by (domain/name-search.ts), kept on write. */
export interface CaseSearchTermsTable {
  case_id: string;
  term: string;
}

export interface DB {
  case_search_terms: CaseSearchTermsTable;
}

export interface TasksTable {
  /** When the re-review is due (the policy's reReviewDueDays for the task's priority). */
  due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

// ---------------------------------------------------------------------------
// Counsel portal (migration 0016). Declaration merging adds these to DB.
// ---------------------------------------------------------------------------

export interface PortalAccessTable {
  id: string;
  case_id: string;
  code_hash: string;
  link_token_hash: string;
  link_used_at: Timestamp | null;
  issued_by: string | null;
  issued_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  last_used_at: Timestamp | null;
  use_count: ColumnType<number, number | undefined, number>;
}

export interface PortalSessionsTable {
  id: string;
  access_id: string;
  csrf_token: string;
  language: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface PortalLockoutsTable {
  key: string;
  failures: number;
  first_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface PortalContactJson {
  name: string;
  role: 'person' | 'counsel';
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface ContestsTable {
  /** Who filed it through which channel: recorded by staff, or filed through the counsel portal. */
  source: ColumnType<string, string | undefined, string>;
  portal_access_id: ColumnType<string | null, string | null | undefined, string | null>;
  contact: ColumnType<PortalContactJson | null, string | null | undefined, string | null>;
  /** The receipt's reference number (portal contests). */
  reference: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PortalCcfReportsTable {
  id: string;
  case_id: string;
  access_id: string;
  reference: string;
  applied_on: CalendarDate;
  ccf_reference: string | null;
  outcome: string;
  outcome_on: CalendarDate | null;
  statement: string | null;
  reported_at: Timestamp;
  status: ColumnType<string, string | undefined, string>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  notice_id: string | null;
  notice_status: string | null;
}

export interface DB {
  portal_access: PortalAccessTable;
  portal_sessions: PortalSessionsTable;
  portal_lockouts: PortalLockoutsTable;
  portal_ccf_reports: PortalCcfReportsTable;
}

// ---------------------------------------------------------------------------
// Disclosure packets (migration 0015). Declaration merging adds these tables to DB.
// ---------------------------------------------------------------------------

export interface DisclosurePacketsTable {
  id: string;
  case_id: string;
  /** The packet id printed on it, e.g. PK-2026-7F3A2C1D. */
  reference: string;
  language: string;
  /** Per case and language, from 1. */
  version: number;
  /** The SHA-256 printed on the cover (of the packet's canonical content). */
  content_sha256: string;
  /** The SHA-256 of the PDF file itself. */
  file_sha256: string;
  byte_size: number;
  pdf: Buffer;
  /** What decides a new version: the documents, restrictions, translation and its approval. */
  fingerprint: string;
  translation_sha256: string;
  translation_approved: boolean;
  document_ids: JsonDefault<string[]>;
  withheld_document_ids: JsonDefault<string[]>;
  portal_access_id: string | null;
  generated_by: string | null;
  generated_at: Timestamp;
}

export interface PacketTranslationApprovalsTable {
  id: string;
  language: string;
  /** The SHA-256 of the translation file approved. */
  content_sha256: string;
  /** Per language, from 1. */
  version: number;
  approved_by: string;
  approved_role: string;
  approved_at: Timestamp;
  note: string | null;
}

export interface DisclosuresTable {
  /** The disclosure packet served (0015). */
  packet_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who served it (0015). */
  served_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The person's acknowledgement: signed, refused to sign, counsel's receipt (0015). */
  acknowledgement: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DB {
  disclosure_packets: DisclosurePacketsTable;
  packet_translation_approvals: PacketTranslationApprovalsTable;
}
// ---------------------------------------------------------------------------
// Legacy import (migration 0018). Declaration merging adds these to DB and to the cases table.
// ---------------------------------------------------------------------------

type Opt<T> = ColumnType<T, T | undefined, T>;

export interface LegacyActionJson {
  on: string;
  action: string;
}

export interface CasesTable {
  legacy_source: Opt<string | null>;
  legacy_external_id: Opt<string | null>;
  legacy_digest: Opt<string | null>;
  legacy_run_id: Opt<string | null>;
  legacy_line: Opt<number | null>;
  legacy_actions: ColumnType<LegacyActionJson[] | null, string | null | undefined, string | null>;
}

export interface ImportRunsTable {
  id: string;
  source: string;
  file_name: string;
  format: string;
  sha256: string;
  bytes_total: number;
  office_id: string;
  officer_id: string;
  all_or_nothing: boolean;
  status: Opt<string>;
  phase: Opt<string>;
  bytes_read: Opt<number>;
  last_committed_line: Opt<number>;
  rows_seen: Opt<number>;
  created: Opt<number>;
  updated: Opt<number>;
  unchanged: Opt<number>;
  rejected: Opt<number>;
  started_by: string | null;
  started_by_name: string;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
  failure: Opt<string | null>;
}

export interface ImportRunErrorsTable {
  run_id: string;
  line: number;
  field: string;
  reason: string;
}

export interface DB {
  import_runs: ImportRunsTable;
  import_run_errors: ImportRunErrorsTable;
}

// ---------------------------------------------------------------------------
// The re-review queue (migration 0021). Declaration merging adds these to DB.
// ---------------------------------------------------------------------------

export interface CasesTable {
  /** The stored queue key, kept by triggers: 1 comes first (domain/rereview.ts). */
  rereview_tier: ColumnType<number, number | undefined, number>;
  /** The last retrospective review, or the case's opening when it never had one. */
  rereview_since: ColumnType<Date, Date | string | undefined, Date | string>;
  rereview_state: ColumnType<string, string | undefined, string>;
  rereview_assignee: ColumnType<string | null, string | null | undefined, string | null>;
  rereview_assigned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  rereview_last_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the case's first document was received (null when none): kept by triggers (migration 0054). */
  first_document_at: ColumnType<Date | null, never, never>;
  /** Whether the case has been served on the person: kept by triggers (migration 0054). */
  disclosed: ColumnType<boolean, never, never>;
  /**
   * The reviewer of the current complete review while no approval decision stands (null otherwise): the case
   * awaits a supervisor's approval. Kept by triggers (migration 0056).
   */
  approval_reviewer_id: ColumnType<string | null, never, never>;
}

export interface RereviewOutcomesTable {
  id: string;
  case_id: string;
  outcome: string;
  reasons: string;
  reviewer_id: string;
  tier: number;
  withdrawn_authorizations: JsonDefault<string[]>;
  taken_at: Timestamp | null;
  recorded_at: Timestamp;
}

export interface DB {
  rereview_outcomes: RereviewOutcomesTable;
}

// ---------------------------------------------------------------------------
// Stored gate status and the read log (migration 0019, docs/reads-at-scale.md).
// ---------------------------------------------------------------------------

export interface CaseGateStatusTable {
  case_id: string;
  office_id: string;
  case_status: string;
  all_met: boolean;
  blocking: string[];
  /** Bit i set when GATE_IDS[i] blocks. */
  blocking_mask: number;
  gates: ColumnType<Array<{ gate: string; status: string }>, string, string>;
  next_step: string | null;
  policy_version: number;
  evaluator_version: number;
  computed_at: Timestamp;
  /** When the status next changes with time alone; null when it never does. */
  stale_at: Timestamp | null;
}

export interface ReadLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string;
  actor_role: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  case_id: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
  request_id: string | null;
  source_ip: string | null;
}

export interface DB {
  case_gate_status: CaseGateStatusTable;
  read_log: ReadLogTable;
}

// ---------------------------------------------------------------------------
// E-mail delivery of notifications, retried by the job queue (migration 0024). Declaration merging.
// ---------------------------------------------------------------------------

export type EmailState = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';

export interface NotificationsTable {
  /** null: not yet queued for e-mail (or the user has no address). */
  email_state: ColumnType<EmailState | null, EmailState | null | undefined, EmailState | null>;
  email_attempts: ColumnType<number, number | undefined, number>;
  email_attempted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

// ---------------------------------------------------------------------------
// Counts kept per office (migration 0022, services/counters.ts). Declaration merging adds these to DB.
// ---------------------------------------------------------------------------

export interface OfficeCountsTable {
  id: Generated<number>;
  office_id: string;
  counter: string;
  key: string;
  /** A signed delta: the count is the sum of the rows of one (office, counter, key). */
  n: number;
}

/** The oversight report's counts per opening day (migration 0034): signed deltas, summed when read. */
export interface ReportDayCountsTable {
  id: Generated<number>;
  day: string;
  office_id: string;
  counter: string;
  country: string;
  k1: string;
  k2: string;
  n: number;
}

export interface OfficeCountsExpectedView {
  office_id: string;
  counter: string;
  key: string;
  n: number;
}

export interface DB {
  office_counts: OfficeCountsTable;
  office_counts_expected: OfficeCountsExpectedView;
  report_day_counts: ReportDayCountsTable;
}

/** Migration 0022: the case's office, set by a trigger on insert (the queues' pages are index ranges). */
type CaseOffice = ColumnType<string, string | undefined, string>;
export interface LiaisonRequestsTable {
  office_id: CaseOffice;
}
export interface TasksTable {
  office_id: CaseOffice;
}
export interface ContestsTable {
  office_id: CaseOffice;
}
export interface DisclosuresTable {
  office_id: CaseOffice;
}

// ---------------------------------------------------------------------------
// The oversight report's per-case facts (migration 0028), kept by triggers.
// ---------------------------------------------------------------------------

export interface ReportCaseFactsTable {
  case_id: string;
  office_id: string;
  status: string;
  created_at: Timestamp;
  /** Issuing countries of the case's notices, distinct and sorted. */
  countries: string[];
  /** Indicators the latest screening found present, distinct and sorted. */
  indicators: string[];
  /** Offence categories of the latest screening, distinct and sorted. */
  categories: string[];
  first_authorized_at: Timestamp | null;
  /** Indicators the case's current review confirmed present, distinct and sorted: kept by triggers (migration 0057). */
  review_present: ColumnType<string[], never, never>;
}

export interface DB {
  report_case_facts: ReportCaseFactsTable;
}

export interface TasksTable {
  /** Migration 0028: the role the task is for (a referral to counsel or oversight); null for the office. */
  for_role: ColumnType<string | null, string | null | undefined, string | null>;
}

// ---------------------------------------------------------------------------
// Security keys (migration 0025). Declaration merging adds these tables to DB.
// ---------------------------------------------------------------------------

export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  /** The credential id, base64url. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter (0 when it keeps none); a lower or equal one is a replay. */
  counter: ColumnType<string | number, number | undefined, number>;
  transports: ColumnType<string[], string | undefined, string>;
  /** The name the person gave the key. */
  name: string;
  device_type: string;
  backed_up: boolean;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface WebauthnChallengesTable {
  /** The session the ceremony belongs to (sessions.id). */
  session_id: string;
  purpose: 'register' | 'sign-in';
  user_id: string;
  challenge: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface DB {
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
}

// ---------------------------------------------------------------------------
// The CCF's letter sent through the counsel portal (migration 0026). Declaration merging adds the column.
// ---------------------------------------------------------------------------

export interface DocumentsTable {
  /** The CCF report (portal_ccf_reports) this letter was sent with. */
  ccf_report_id: ColumnType<string | null, string | null | undefined, string | null>;
}

// ---------------------------------------------------------------------------
// Request limits shared by the server instances (migration 0037, services/request-limits.ts).
// ---------------------------------------------------------------------------

export interface RequestLimitsTable {
  /** What is limited: `refusals` (anonymous refusals per address) or `portal:<route>`. */
  scope: string;
  /** The source address. */
  key: string;
  window_start: Timestamp;
  window_ms: number;
  /** Requests counted in the window (for `refusals`: refusals noted). */
  hits: ColumnType<number, number | undefined, number>;
  /** Requests answered 429 before they were heard (refusals only). */
  turned_away: ColumnType<number, number | undefined, number>;
  /** The window's refusals past the limit are in the audit log. */
  reported: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface DB {
  request_limits: RequestLimitsTable;
}
