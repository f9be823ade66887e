/**
 * Loads a case snapshot: everything the gate evaluator reads, in one consistent read inside the
 * caller's transaction. Also the common "load this case for an action" check (404, office scope).
 */

import { type RawBuilder, type Selectable, sql } from 'kysely';
import { BASIS_ACTIONS, BASIS_GROUNDS } from '../domain/basis.ts';
import { checkOfficeScope } from '../domain/permissions.ts';
import { DEFAULT_POLICY } from '../domain/policy-settings.ts';
import { indicatorTitle } from '../domain/screening/indicator-titles.ts';
import {
  type ApprovalDecision,
  type CasePurpose,
  type CaseSnapshot,
  type CaseStatus,
  type CaseText,
  type ContestDecision,
  type ContestGround,
  type CustodyStatus,
  type EvidenceSourceType,
  type ExigencyStatus,
  type IndependentBasis,
  type LegalReviewConclusion,
  type LegalReviewFact,
  type LiaisonRequestKind,
  type LiaisonRequestStatus,
  type MaterialFacts,
  type NoticePurpose,
  type NoticeStatus,
  type NoticeType,
  type PolicySettings,
  type ReviewIndicator,
  type ReviewStatus,
  ROLE_LABELS,
  type Role,
  reviewRecommendation,
  type SubjectLinkFact,
  type WarrantFact,
} from '../domain/types.ts';
import { type DbOrTrx, PREPARE } from '../store/db.ts';
import type {
  ApprovalsTable,
  AuthorizationsTable,
  CaseNoticesTable,
  CaseRow,
  ContestsTable,
  DisclosuresTable,
  DocumentationSignOffsTable,
  ExigenciesTable,
  LegalReviewsTable,
  LiaisonRequestsTable,
  LiaisonResponsesTable,
  NoticesTable,
  NoticeWarrantsTable,
  ReviewsTable,
  ValidityConfirmationsTable,
  WordingDismissalsTable,
} from '../store/schema.ts';
import type { Call, ReadStep } from './context.ts';
import { notFound } from './errors.ts';
import { peopleDirectory, trainingAsOf } from './people-directory.ts';
import { notFoundInScope } from './scope.ts';

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const toDateOrNull = (v: Date | string | null): Date | null => (v === null ? null : toDate(v));

export function toIndependentBasis(raw: unknown): IndependentBasis {
  const b = (raw ?? {}) as Partial<IndependentBasis>;
  return {
    summary: typeof b.summary === 'string' ? b.summary : '',
    evidence: Array.isArray(b.evidence)
      ? b.evidence.map((e) => ({
          description: e.description ?? '',
          sourceType: e.sourceType as EvidenceSourceType,
          source: e.source ?? '',
          reference: e.reference ?? null,
          obtainedOn: e.obtainedOn ?? null,
        }))
      : [],
    actions: Array.isArray(b.actions) ? b.actions.filter((a) => BASIS_ACTIONS.includes(a)) : [],
    legalAuthority: typeof b.legalAuthority === 'string' ? b.legalAuthority : '',
    grounds: Array.isArray(b.grounds) ? b.grounds.filter((g) => BASIS_GROUNDS.includes(g)) : [],
  };
}

/** A user as shown to people: display name and role, never a bare id. */
export interface PersonName {
  displayName: string;
  role: string;
  roleLabel: string;
}

/** Display names of the given users, in one query. Unknown ids are left out. */
export async function loadPeople(db: DbOrTrx, ids: readonly string[]): Promise<Record<string, PersonName>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return {};
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('id', 'in', unique)
    .execute();
  const out: Record<string, PersonName> = {};
  for (const r of rows)
    out[r.id] = {
      displayName: r.display_name,
      role: r.role,
      roleLabel: ROLE_LABELS[r.role as Role] ?? r.role,
    };
  return out;
}

/** Replaces user ids written in gate reasons and next steps with the person's name and role. */
export function namePeopleIn<T extends { gates: Array<{ reason: string; nextStep: string }> }>(
  evaluation: T,
  people: Record<string, PersonName>,
): T {
  const name = (text: string) => plainLabels(text, people);
  return {
    ...evaluation,
    gates: evaluation.gates.map((g) => ({ ...g, reason: name(g.reason), nextStep: name(g.nextStep) })),
  };
}

/**
 * What a person reads instead of ids: a user id becomes "name, role"; an indicator id its title; the id of a
 * record (a review, a request, a contest) is left out, as the sentence already says what it is.
 */
export function plainLabels(text: string, people: Record<string, PersonName>): string {
  return text
    .replace(/\b(?:IND|CTX|VAL)_[A-Z0-9_]+\b/g, (id) => `“${indicatorTitle(id)}”`)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      const p = people[id];
      return p ? `${p.displayName}, ${p.roleLabel}` : '\uE000';
    })
    .replace(/ ?\(\uE000\)/g, '')
    .replace(/\uE000: /g, '')
    .replace(/ ?\uE000/g, '')
    .replace(/\( */g, '(')
    .replace(/ {2,}/g, ' ');
}

/**
 * The ids of a case's own records, as its snapshot holds them: the case, the person, and every record with an
 * `id` (notices, the review, requests and responses, documents, disclosures, contests, exigencies, approvals,
 * sign-offs, legal reviews, dismissals, authorizations). None is a person's id: people appear only as
 * references (`approverId`, `requesterId`, …) and in `people`, keyed by id, whose values have no `id`.
 */
export function recordIdsOf(snapshot: CaseSnapshot): Set<string> {
  const ids = new Set<string>([snapshot.id, snapshot.personId]);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === 'object' && !(value instanceof Date))
      for (const [k, v] of Object.entries(value)) {
        if (k === 'people') continue;
        if (k === 'id' && typeof v === 'string') ids.add(v);
        else walk(v);
      }
  };
  walk(snapshot);
  return ids;
}

/** The snapshot plus the display names of everyone it mentions (for case views). */
export type NamedCaseSnapshot = CaseSnapshot & { people: Record<string, PersonName> };

/**
 * The stamp of the case page of the case `c` (migrations 0058, 0059): the versions of the case row and of
 * its person's row, the stamp its child rows' triggers set, the stamp of the log entries its history shows,
 * and the stamp of the names and training records.
 * Read in the same statement as what it stamps.
 */
const PAGE_STAMP = sql`c.xmin::text || '.' || (select p.xmin::text from persons p where p.id = c.person_id)
      || '.' || coalesce((select s.v from case_page_stamps s where s.case_id = c.id), 0)
      || '.' || coalesce((select h.v from case_history_stamps h where h.case_id = c.id), 0)
      || '.' || (select g.v from page_stamp_global g)`;

/**
 * Everything about one case that the snapshot reads, as one statement: the case row and, as JSON, each of
 * its child tables in the order the snapshot lists them, the training dates it needs and the names of the
 * people it mentions. One round trip instead of about twenty (docs/reads-at-scale.md).
 */
export function snapshotQuery(
  caseId: string,
  extra: { policy?: boolean; session?: RawBuilder<unknown>; directory?: boolean } = {},
) {
  // With `directory`, the people named and their training are left to this process's directory
  // (people-directory.ts, `withPeople`): the columns that look them up are not read.
  const dir = extra.directory === true;
  return sql<ReadRow>`${sql.raw(PREPARE)}
    with ${extra.session ? sql`sess as (${extra.session}),` : sql``}
         cn as (select notice_id from case_notices where case_id = ${caseId}),
         rv as (select r.*${
           dir
             ? sql``
             : sql`, (select max(t.completed_at) from training_records t
                             where t.user_id = r.reviewer_id
                               and (r.completed_at is null or t.completed_at <= r.completed_at)) as reviewer_training`
         }
                from reviews r where r.case_id = ${caseId} and r.superseded_at is null
                order by r.started_at desc limit 1)
    select c.*, ${PAGE_STAMP} as j_stamp,
      ${
        dir
          ? sql``
          : sql`(select max(t.completed_at) from training_records t where t.user_id = c.assigned_officer_id) as j_officer_training,`
      }
      (select p.languages from persons p where p.id = c.person_id) as j_languages,
      (select coalesce(json_agg(x order by x.j_added_at, x.interpol_ref), '[]') from (
         select n.*, l.subject_link, l.subject_differences, l.link_confirmed_by, l.link_confirmed_at,
                l.link_confirmation_reason, l.added_at as j_added_at
         from case_notices l join notices n on n.id = l.notice_id where l.case_id = c.id) x) as j_notices,
      (select coalesce(json_agg(w order by w.notice_id, w.position), '[]') from notice_warrants w
         where w.notice_id in (select notice_id from cn)) as j_warrants,
      (select coalesce(json_agg(v order by v.confirmed_at), '[]') from validity_confirmations v
         where v.notice_id in (select notice_id from cn)) as j_confirmations,
      (select row_to_json(rv) from rv) as j_review,
      (select coalesce(json_agg(x order by x.requested_at), '[]') from (
         select r.*, (select row_to_json(p) from liaison_responses p where p.request_id = r.id) as j_response
         from liaison_requests r where r.case_id = c.id) x) as j_requests,
      (select coalesce(json_agg(d order by d.received_at), '[]') from (
         select id, kind, title, received_at, liaison_response_id from documents where case_id = c.id) d) as j_documents,
      (select coalesce(json_agg(d order by d.served_at), '[]') from disclosures d where d.case_id = c.id) as j_disclosures,
      (select coalesce(json_agg(k order by k.filed_at), '[]') from contests k where k.case_id = c.id) as j_contests,
      (select coalesce(json_agg(e order by e.requested_at), '[]') from exigencies e where e.case_id = c.id) as j_exigencies,
      (select coalesce(json_agg(a order by a.decided_at), '[]') from (
         select a.*${
           dir
             ? sql``
             : sql`, (select max(t.completed_at) from training_records t
                      where t.user_id = a.approver_id and t.completed_at <= a.decided_at) as j_training`
         }
         from approvals a where a.case_id = c.id) a) as j_approvals,
      (select coalesce(json_agg(o order by o.signed_at), '[]') from documentation_sign_offs o where o.case_id = c.id) as j_sign_offs,
      (select coalesce(json_agg(l order by l.recorded_at), '[]') from legal_reviews l where l.case_id = c.id) as j_legal_reviews,
      (select coalesce(json_agg(w order by w.dismissed_at), '[]') from wording_dismissals w where w.case_id = c.id) as j_dismissals,
      -- The people named, unless the directory names them: looked up by key (a scan of every user was
      -- half the statement's time with a thousand users), in the order of their ids (a stable order; the
      -- answer keys them by id).
      ${
        dir
          ? sql``
          : sql`(select coalesce(json_agg(json_build_object('id', u.id, 'display_name', u.display_name, 'role', u.role)
                                order by u.id), '[]')
         from users u where u.id = any(array(
           select c.created_by union all select c.assigned_officer_id
           union all select reviewer_id from rv
           union all select approver_id from approvals where case_id = c.id
           union all select attorney_id from legal_reviews where case_id = c.id
           union all select recorded_by from validity_confirmations where notice_id in (select notice_id from cn)
           union all select p.responded_by from liaison_responses p join liaison_requests r on r.id = p.request_id
                     where r.case_id = c.id
           union all select decided_by from contests where case_id = c.id
           union all select dismissed_by from wording_dismissals where case_id = c.id
           union all select requested_by from exigencies where case_id = c.id
           union all select decided_by from exigencies where case_id = c.id
           union all select signed_by from documentation_sign_offs where case_id = c.id
           union all select link_confirmed_by from case_notices where case_id = c.id))) as j_people,`
      }
      ${
        dir
          ? sql`(select coalesce(json_agg(a order by a.authorized_at desc), '[]') from authorizations a
                 where a.case_id = c.id) as j_authorizations`
          : sql`(select coalesce(json_agg(x order by x.authorized_at desc), '[]') from (
         select a.*, u.display_name as authorized_by_name from authorizations a
         join users u on u.id = a.authorized_by where a.case_id = c.id) x) as j_authorizations`
      }
      ${extra.policy ? sql`, ${POLICY_COLUMN}` : sql``}
      ${extra.session ? sql`, (select row_to_json(sess) from sess) as j_session` : sql``}
    from cases c where c.id = ${caseId}`;
}

/** A row of `snapshotQuery` with its optional columns: the policy, the session. */
type ReadRow = SnapshotRow & {
  j_policy?: { version: number; settings: PolicySettings } | null;
  j_session?: Record<string, unknown> | null;
};

/** A row of a table as JSON: timestamps are ISO strings, everything else as the driver gives it. */
type J<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type AuthorizationJson = J<Selectable<AuthorizationsTable>> & { authorized_by_name: string };

/** The case row and its child tables, as `snapshotQuery` reads them. */
export type SnapshotRow = CaseRow & {
  /** The case page's stamp (`PAGE_STAMP`). */
  j_stamp: string;
  j_officer_training: Date | string | null;
  j_languages: string[] | null;
  j_notices: Array<
    J<Selectable<NoticesTable>> &
      Pick<
        J<Selectable<CaseNoticesTable>>,
        | 'subject_link'
        | 'subject_differences'
        | 'link_confirmed_by'
        | 'link_confirmed_at'
        | 'link_confirmation_reason'
      >
  >;
  j_warrants: Array<Selectable<NoticeWarrantsTable>>;
  j_confirmations: Array<J<Selectable<ValidityConfirmationsTable>>>;
  j_review: (J<Selectable<ReviewsTable>> & { reviewer_training: string | null }) | null;
  j_requests: Array<
    J<Selectable<LiaisonRequestsTable>> & { j_response: J<Selectable<LiaisonResponsesTable>> | null }
  >;
  j_documents: Array<{
    id: string;
    kind: string;
    title: string;
    received_at: string;
    liaison_response_id: string | null;
  }>;
  j_disclosures: Array<J<Selectable<DisclosuresTable>>>;
  j_contests: Array<J<Selectable<ContestsTable>>>;
  j_exigencies: Array<J<Selectable<ExigenciesTable>>>;
  j_approvals: Array<J<Selectable<ApprovalsTable>> & { j_training: string | null }>;
  j_sign_offs: Array<J<Selectable<DocumentationSignOffsTable>>>;
  j_legal_reviews: Array<J<Selectable<LegalReviewsTable>>>;
  j_dismissals: Array<J<Selectable<WordingDismissalsTable>>>;
  j_people: Array<{ id: string; display_name: string; role: string }>;
  j_authorizations: AuthorizationJson[];
};

/** Reads the case row and everything its snapshot needs, in one statement (undefined: no such case). */
export async function readSnapshotRow(trx: DbOrTrx, caseId: string): Promise<SnapshotRow | undefined> {
  return (await snapshotQuery(caseId).execute(trx)).rows[0];
}

/** The ids of the people a case page names: those the statement without `directory` looks up. */
function peopleIdsOf(r: SnapshotRow): Array<string | null> {
  return [
    r.created_by,
    r.assigned_officer_id,
    r.j_review?.reviewer_id ?? null,
    ...r.j_approvals.map((a) => a.approver_id),
    ...r.j_legal_reviews.map((l) => l.attorney_id),
    ...r.j_confirmations.map((v) => v.recorded_by),
    ...r.j_requests.map((q) => q.j_response?.responded_by ?? null),
    ...r.j_contests.map((k) => k.decided_by),
    ...r.j_dismissals.map((w) => w.dismissed_by),
    ...r.j_exigencies.flatMap((e) => [e.requested_by, e.decided_by]),
    ...r.j_sign_offs.map((o) => o.signed_by),
    ...r.j_notices.map((n) => n.link_confirmed_by),
  ];
}

/**
 * Completes a row read with `directory` from this process's directory of people (people-directory.ts):
 * the people named, the officer's, the reviewer's and each approver's training as the statement without
 * `directory` reads them, the authorizations' authors' names. False when the names and training records
 * have changed since the row was read (its stamp's last part): the caller reads the case again.
 */
async function withPeople(db: DbOrTrx, r: SnapshotRow): Promise<boolean> {
  const stamp = r.j_stamp.slice(r.j_stamp.lastIndexOf('.') + 1);
  const named = peopleIdsOf(r);
  const dir = await peopleDirectory(db).lookup(db, stamp, [
    ...named,
    ...r.j_authorizations.map((a) => a.authorized_by),
  ]);
  if (!dir) return false;
  const people: SnapshotRow['j_people'] = [];
  for (const id of [...new Set(named)].sort()) {
    const u = id === null ? null : dir.get(id);
    if (u && id) people.push({ id, display_name: u.displayName, role: u.role });
  }
  r.j_people = people;
  r.j_officer_training = trainingAsOf(dir.get(r.assigned_officer_id), null);
  if (r.j_review)
    r.j_review.reviewer_training = trainingAsOf(dir.get(r.j_review.reviewer_id), r.j_review.completed_at);
  for (const a of r.j_approvals) a.j_training = trainingAsOf(dir.get(a.approver_id), a.decided_at);
  // as the statement's inner join with the users: an authorization names its author
  r.j_authorizations = r.j_authorizations.flatMap((a) => {
    const u = dir.get(a.authorized_by);
    return u ? [{ ...a, authorized_by_name: u.displayName }] : [];
  });
  return true;
}

/**
 * A case read for a page (no lock, no transaction): the statement of `snapshotQuery` without its look-ups of
 * people and training, which come from this process's directory. Read again when the directory finds that
 * names or training records changed in between; after two such reads, the statement with its look-ups.
 */
async function readSnapshotNamed(
  db: DbOrTrx,
  caseId: string,
  extra: { policy?: boolean; session?: RawBuilder<unknown> },
): Promise<ReadRow | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const raw = (await snapshotQuery(caseId, { ...extra, directory: true }).execute(db)).rows[0];
    if (!raw || (await withPeople(db, raw))) return raw;
  }
  return (await snapshotQuery(caseId, extra).execute(db)).rows[0];
}

/** The case row alone, from a snapshot row (what `loadCaseForAction` returns). */
export function caseRowOf(r: SnapshotRow): CaseRow {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('j_')) row[k] = v;
  return row as CaseRow;
}

/** Everything the gate evaluator needs about one case, and the names of the people on it (one statement). */
export async function loadCaseSnapshot(trx: DbOrTrx, caseId: string): Promise<NamedCaseSnapshot> {
  const r = await readSnapshotRow(trx, caseId);
  if (!r) throw notFound('The case');
  return snapshotOf(r);
}

/** The named snapshot of a row read by `readSnapshotRow`. */
export function snapshotOf(r: SnapshotRow): NamedCaseSnapshot {
  const c = r;
  const noticeRows = r.j_notices;
  const warrantRows = r.j_warrants;
  const confirmationRows = r.j_confirmations;
  const reviewRow = r.j_review;
  const requestRows = r.j_requests;
  const documentRows = r.j_documents;
  const disclosureRows = r.j_disclosures;
  const contestRows = r.j_contests;
  const exigencyRows = r.j_exigencies;
  const approvalRows = r.j_approvals;
  const signOffRows = r.j_sign_offs;
  const legalReviewRows = r.j_legal_reviews;
  const dismissalRows = r.j_dismissals;

  const approvals = approvalRows.map((a) => {
    const decidedAt = toDate(a.decided_at);
    return {
      id: a.id,
      decision: a.decision as ApprovalDecision,
      approverId: a.approver_id,
      approverTrainingCompletedAt: toDateOrNull(a.j_training),
      decidedAt,
      caseVersionHash: a.case_version_hash,
      material: a.material as MaterialFacts,
      voidedAt: toDateOrNull(a.voided_at),
      voidReason: a.void_reason,
      override: a.override,
      overrideReason: a.override_reason,
    };
  });

  const reviewIndicators = (reviewRow?.indicators ?? []).map(
    (i): ReviewIndicator => ({
      indicatorId: i.indicatorId,
      strength: i.strength,
      outcome: i.outcome,
      disposition: i.disposition ?? null,
      note: i.note ?? null,
    }),
  );
  const review = reviewRow
    ? {
        id: reviewRow.id,
        status: reviewRow.status as ReviewStatus,
        reviewerId: reviewRow.reviewer_id,
        reviewerTrainingCompletedAt: toDateOrNull(reviewRow.reviewer_training),
        completedAt: toDateOrNull(reviewRow.completed_at),
        indicators: reviewIndicators,
        rulesetVersion: reviewRow.ruleset_version,
        recommendation: reviewRecommendation(reviewIndicators),
      }
    : null;

  const independentBasis = toIndependentBasis(c.independent_basis);
  const texts: CaseText[] = [
    { field: 'narrative', text: c.narrative },
    { field: 'independentBasis.summary', text: independentBasis.summary },
    ...independentBasis.evidence.map((e, i) => ({
      field: `independentBasis.evidence.${i}.description`,
      text: e.description,
    })),
  ].filter((t) => t.text.length > 0);

  const snapshot: CaseSnapshot = {
    id: c.id,
    caseNumber: c.case_number,
    purpose: c.purpose as CasePurpose,
    status: c.status as CaseStatus,
    officeId: c.office_id,
    personId: c.person_id,
    requesterId: c.created_by,
    assignedOfficerId: c.assigned_officer_id,
    officerTraining: {
      userId: c.assigned_officer_id,
      completedAt: toDateOrNull(r.j_officer_training),
    },
    independentBasis,
    narrative: c.narrative,
    notices: noticeRows.map((n) => ({
      id: n.id,
      type: n.type as NoticeType,
      interpolRef: n.interpol_ref,
      issuingCountry: n.issuing_country,
      status: n.status as NoticeStatus,
      issuedOn: n.issued_on,
      expiresOn: n.expires_on,
      purpose: n.purpose as NoticePurpose | null,
      warrants: warrantRows
        .filter((w) => w.notice_id === n.id)
        .map(
          (w): WarrantFact => ({
            kind: w.kind as WarrantFact['kind'],
            charge: w.charge,
            chargeTranslation: w.charge_translation,
            lawCited: w.law_cited,
            maxPenaltyMonths: w.max_penalty_months,
            sentenceMonths: w.sentence_months,
            remainingMonths: w.remaining_months,
            inAbsentia: w.in_absentia,
            issuingCourt: w.issuing_court,
            issuedOn: w.issued_on,
            issuingCountry: w.issuing_country,
          }),
        ),
      summaryOfFacts: n.summary_of_facts,
      subjectLink: {
        status: n.subject_link as SubjectLinkFact['status'],
        differences: n.subject_differences ?? [],
        confirmedBy: n.link_confirmed_by,
        confirmedAt: toDateOrNull(n.link_confirmed_at),
        reason: n.link_confirmation_reason,
      },
    })),
    validityConfirmations: confirmationRows.map((v) => ({
      id: v.id,
      noticeId: v.notice_id,
      result: v.result as NoticeStatus,
      expiresOn: v.expires_on,
      source: 'interpol_washington' as const,
      method: v.method,
      confirmedAt: toDate(v.confirmed_at),
      recordedBy: v.recorded_by,
    })),
    review,
    liaisonRequests: requestRows.map((r) => {
      const resp = r.j_response;
      return {
        id: r.id,
        kind: r.kind as LiaisonRequestKind,
        noticeId: r.notice_id,
        status: r.status as LiaisonRequestStatus,
        requestedAt: toDate(r.requested_at),
        dueAt: toDate(r.due_at),
        followUps: (r.follow_ups ?? []).map((f) => ({ at: toDate(f.at) })),
        response: resp
          ? {
              id: resp.id,
              respondedAt: toDate(resp.responded_at),
              respondedBy: resp.responded_by,
              outOfBand: resp.out_of_band,
              outcome: resp.outcome,
              scope: resp.scope,
              conditions: resp.conditions,
              validUntil: resp.valid_until,
              missingItems: resp.missing_items ?? [],
              disclosureInFull: resp.disclosure_in_full,
              scopePurposes: (resp.scope_purposes as CasePurpose[] | null) ?? null,
            }
          : null,
      };
    }),
    documents: documentRows.map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      receivedAt: toDate(d.received_at),
      fromLiaison: d.liaison_response_id !== null,
    })),
    disclosures: disclosureRows.map((d) => ({
      id: d.id,
      servedAt: toDate(d.served_at),
      recordedAt: toDate(d.recorded_at),
      method: d.method,
      language: d.language,
      interpreter:
        d.interpreter_name && d.interpreter_language
          ? { name: d.interpreter_name, language: d.interpreter_language }
          : null,
      documentIds: d.document_ids ?? [],
      restricted: d.restricted,
      restrictionNote: d.restriction_note,
      contestDeadline: toDate(d.contest_deadline),
    })),
    contests: contestRows.map((k) => ({
      id: k.id,
      filedAt: toDate(k.filed_at),
      disclosureId: k.disclosure_id,
      grounds: (k.grounds_list ?? []).map((g) => ({
        ground: g.ground as ContestGround['ground'],
        statement: g.statement,
      })),
      answers: k.answers ?? [],
      groundCount: (k.grounds_list ?? []).length,
      answeredGrounds: new Set((k.answers ?? []).filter((a) => a.answer?.trim()).map((a) => a.groundIndex))
        .size,
      decisionRationale: k.decision_rationale,
      decision: k.decision as ContestDecision | null,
      decidedAt: toDateOrNull(k.decided_at),
      decidedBy: k.decided_by,
    })),
    personLanguages: r.j_languages ?? [],
    exigencies: exigencyRows.map((e) => ({
      id: e.id,
      action: e.action,
      reason: e.reason,
      requestedBy: e.requested_by,
      requestedAt: toDate(e.requested_at),
      status: e.status as ExigencyStatus,
      decidedBy: e.decided_by,
      decidedAt: toDateOrNull(e.decided_at),
      decisionReason: e.decision_reason,
    })),
    approvals,
    legalReviews: legalReviewRows.map(
      (l): LegalReviewFact => ({
        id: l.id,
        reviewId: l.review_id,
        attorneyId: l.attorney_id,
        recordedAt: toDate(l.recorded_at),
        conclusion: l.conclusion as LegalReviewConclusion,
        analyses: (l.analyses ?? []).map((a) => ({
          indicatorId: a.indicatorId,
          title: a.title,
          citation: a.citation,
          analysis: a.analysis,
        })),
        conditions: l.conditions,
        reversalReason: l.reversal_reason,
      }),
    ),
    texts,
    wordingDismissals: dismissalRows.map((w) => ({
      fingerprint: w.fingerprint,
      reason: w.reason,
      dismissedBy: w.dismissed_by,
      dismissedAt: toDate(w.dismissed_at),
    })),
    custodyStatus: c.custody_status as CustodyStatus,
    documentationSignOffs: signOffRows.map((o) => ({
      id: o.id,
      responseId: o.liaison_response_id,
      item: o.item,
      rationale: o.rationale,
      signedBy: o.signed_by,
      signedAt: toDate(o.signed_at),
    })),
  };
  const people: Record<string, PersonName> = {};
  for (const u of r.j_people)
    people[u.id] = {
      displayName: u.display_name,
      role: u.role,
      roleLabel: ROLE_LABELS[u.role as Role] ?? u.role,
    };
  return { ...snapshot, people };
}

/**
 * Loads a case row for an action: 404 when missing, and the very same 404 when the actor works in another
 * office (audited as denied under SCOPE-OWN-OFFICE), so that a case id in a URL never tells whether another
 * office holds that case. System actors pass.
 */
export async function loadCaseForAction(
  trx: DbOrTrx,
  call: Call,
  caseId: string,
  options: { lock?: boolean } = {},
): Promise<CaseRow> {
  // An action that reads the case's state and then writes on it locks the case row first, so that two
  // such actions on one case (an authorization and a legal review, two approvals) run one after the other.
  const query = trx.selectFrom('cases').selectAll().where('id', '=', caseId);
  const row = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound('The case');
  if (call.actor.kind !== 'system') {
    const verdict = checkOfficeScope(call.actor.role, call.actor.officeId, row.office_id);
    if (!verdict.allowed) throw notFoundInScope('The case');
  }
  return row;
}

/**
 * `loadCaseForAction` and `loadCaseSnapshot` in one statement, for reads (no lock): the same 404 for a
 * missing case and for a case of another office. Returns the case row, the named snapshot and the raw row
 * (its authorizations, for the case view).
 */
export async function loadCaseSnapshotForRead(
  trx: DbOrTrx,
  call: Call,
  caseId: string,
): Promise<{ row: CaseRow; snapshot: NamedCaseSnapshot; raw: SnapshotRow }> {
  const raw = await readSnapshotRow(trx, caseId);
  if (!raw) throw notFound('The case');
  if (call.actor.kind !== 'system') {
    const verdict = checkOfficeScope(call.actor.role, call.actor.officeId, raw.office_id);
    if (!verdict.allowed) throw notFoundInScope('The case');
  }
  return { row: caseRowOf(raw), snapshot: snapshotOf(raw), raw };
}

/**
 * A case read for `runRead` (context.ts), in one statement without a transaction: the case and its snapshot,
 * and the current policy when asked. A missing case and a case of another office are the same 404 as
 * `loadCaseSnapshotForRead` (the refusal is audited by runRead). A case in scope is recorded at once
 * (`step.record()`: its entry's batch is written while the caller goes on) unless `record` is false, for a
 * read whose entry names what it finds (runRead records it after).
 */
export async function readCaseForRead(
  step: ReadStep,
  call: Call,
  caseId: string,
  opts: { policy?: boolean; record?: boolean } = {},
): Promise<{
  raw: SnapshotRow;
  snapshot: NamedCaseSnapshot;
  policy: PolicySettings | null;
}> {
  const raw = await readSnapshotNamed(step.db, caseId, { policy: opts.policy });
  if (!raw) throw notFound('The case');
  const { actor } = call;
  if (actor.kind !== 'system') {
    const verdict = checkOfficeScope(actor.role, actor.officeId, raw.office_id);
    if (!verdict.allowed) throw notFoundInScope('The case');
  }
  if (opts.record !== false) step.record();
  return caseReadOf(raw);
}

/** The case row, its snapshot and the policy from a row of `snapshotQuery`. */
function caseReadOf(raw: ReadRow): {
  raw: SnapshotRow;
  snapshot: NamedCaseSnapshot;
  policy: PolicySettings | null;
} {
  const { j_policy, j_session: _, ...row } = raw;
  return { raw: row as SnapshotRow, snapshot: snapshotOf(row as SnapshotRow), policy: policyOf(j_policy) };
}

/** The policy read as `j_policy` (null: not asked for). */
function policyOf(j: ReadRow['j_policy']): PolicySettings | null {
  return j ? { ...DEFAULT_POLICY, ...j.settings, version: j.version } : null;
}

/** The current policy, as a column of a statement on the case `c`. */
const POLICY_COLUMN = sql`(select json_build_object('version', p.version, 'settings', p.settings) from policy_versions p
                   order by p.version desc limit 1) as j_policy`;

/**
 * The session (`session`, a `with` item named `sess`), the case's office and its page's stamp, in one
 * statement: what serving a kept case page needs (services/page-cache.ts). Undefined: no such case.
 */
export async function readCaseStamp(
  db: DbOrTrx,
  caseId: string,
  extra: { session?: RawBuilder<unknown>; policy?: boolean } = {},
): Promise<
  | {
      office_id: string;
      j_stamp: string;
      j_session: Record<string, unknown> | null;
      policy: PolicySettings | null;
    }
  | undefined
> {
  const { session } = extra;
  const row = (
    await sql<
      { office_id: string; j_stamp: string; j_session: Record<string, unknown> | null } & Pick<
        ReadRow,
        'j_policy'
      >
    >`${sql.raw(PREPARE)}
    ${session ? sql`with sess as (${session})` : sql``}
    select c.office_id, ${PAGE_STAMP} as j_stamp,
      ${session ? sql`(select row_to_json(sess) from sess)` : sql`null`} as j_session
      ${extra.policy ? sql`, ${POLICY_COLUMN}` : sql``}
    from cases c where c.id = ${caseId}`.execute(db)
  ).rows[0];
  if (!row) return undefined;
  const { j_policy, ...rest } = row;
  return { ...rest, policy: policyOf(j_policy) };
}

/**
 * A case read by a caller known only by a session id, in one statement: the session and its account
 * (`session`, a `with` item named `sess`), the case and its snapshot (and the policy). Undefined when there
 * is no such case; otherwise the session's row (null: no such session) and the read. The caller decides on
 * the session from its row (accounts.ts#sessionOfRow), and on the role and the office scope, before using
 * the read or recording it.
 */
export async function readCaseAsSession(
  db: DbOrTrx,
  caseId: string,
  extra: { session: RawBuilder<unknown>; policy?: boolean },
): Promise<
  | {
      session: Record<string, unknown> | null;
      read: { raw: SnapshotRow; snapshot: NamedCaseSnapshot; policy: PolicySettings | null };
    }
  | undefined
> {
  const raw = await readSnapshotNamed(db, caseId, extra);
  if (!raw) return undefined;
  return { session: raw.j_session ?? null, read: caseReadOf(raw) };
}
