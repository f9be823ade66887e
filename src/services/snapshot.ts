/**
 * Loads a case snapshot: everything the gate evaluator reads, in one consistent read inside the
 * caller's transaction. Also the common "load this case for an action" check (404, office scope).
 */
import { BASIS_ACTIONS, BASIS_GROUNDS } from '../domain/basis.ts';
import { checkOfficeScope } from '../domain/permissions.ts';
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
  type ReviewIndicator,
  type ReviewStatus,
  ROLE_LABELS,
  type Role,
  reviewRecommendation,
  type SubjectLinkFact,
  type WarrantFact,
} from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { CaseRow } from '../store/schema.ts';
import { type Call, latestTraining } from './context.ts';
import { notFound } from './errors.ts';
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

/** The snapshot plus the display names of everyone it mentions (for case views). */
export type NamedCaseSnapshot = CaseSnapshot & { people: Record<string, PersonName> };

/** The notices a case relies on (in the order they were added) and their warrants (by notice, then position). */
export async function loadCaseNotices(trx: DbOrTrx, caseId: string) {
  const notices = await trx
    .selectFrom('case_notices')
    .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
    .selectAll('notices')
    .select([
      'case_notices.subject_link',
      'case_notices.subject_differences',
      'case_notices.link_confirmed_by',
      'case_notices.link_confirmed_at',
      'case_notices.link_confirmation_reason',
    ])
    .where('case_notices.case_id', '=', caseId)
    .orderBy('case_notices.added_at')
    .orderBy('notices.interpol_ref')
    .execute();
  const noticeIds = notices.map((n) => n.id);
  const warrants = noticeIds.length
    ? await trx
        .selectFrom('notice_warrants')
        .selectAll()
        .where('notice_id', 'in', noticeIds)
        .orderBy('notice_id')
        .orderBy('position')
        .execute()
    : [];
  return { notices, warrants };
}

/** Everything the gate evaluator needs about one case, and the names of the people on it. */
export async function loadCaseSnapshot(
  trx: DbOrTrx,
  caseId: string,
  /** The case row when the caller has just read it in this transaction (one statement fewer). */
  row?: CaseRow,
): Promise<NamedCaseSnapshot> {
  const c =
    row?.id === caseId
      ? row
      : await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!c) throw notFound('The case');

  const { notices: noticeRows, warrants: warrantRows } = await loadCaseNotices(trx, caseId);
  const noticeIds = noticeRows.map((n) => n.id);
  const confirmationRows = noticeIds.length
    ? await trx
        .selectFrom('validity_confirmations')
        .selectAll()
        .where('notice_id', 'in', noticeIds)
        .orderBy('confirmed_at')
        .execute()
    : [];

  const reviewRow = await trx
    .selectFrom('reviews')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('superseded_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();

  const requestRows = await trx
    .selectFrom('liaison_requests')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('requested_at')
    .execute();
  const responseRows = requestRows.length
    ? await trx
        .selectFrom('liaison_responses')
        .selectAll()
        .where(
          'request_id',
          'in',
          requestRows.map((r) => r.id),
        )
        .execute()
    : [];
  const documentRows = await trx
    .selectFrom('documents')
    .select(['id', 'kind', 'title', 'received_at', 'liaison_response_id'])
    .where('case_id', '=', caseId)
    .orderBy('received_at')
    .execute();
  const disclosureRows = await trx
    .selectFrom('disclosures')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('served_at')
    .execute();
  const contestRows = await trx
    .selectFrom('contests')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('filed_at')
    .execute();
  const exigencyRows = await trx
    .selectFrom('exigencies')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('requested_at')
    .execute();
  const personRow = await trx
    .selectFrom('persons')
    .select('languages')
    .where('id', '=', c.person_id)
    .executeTakeFirst();
  const approvalRows = await trx
    .selectFrom('approvals')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('decided_at')
    .execute();
  const signOffRows = await trx
    .selectFrom('documentation_sign_offs')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('signed_at')
    .execute();
  const legalReviewRows = await trx
    .selectFrom('legal_reviews')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .execute();
  const dismissalRows = await trx
    .selectFrom('wording_dismissals')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('dismissed_at')
    .execute();

  const approvals = [];
  for (const a of approvalRows) {
    const decidedAt = toDate(a.decided_at);
    approvals.push({
      id: a.id,
      decision: a.decision as ApprovalDecision,
      approverId: a.approver_id,
      approverTrainingCompletedAt: await latestTraining(trx, a.approver_id, decidedAt),
      decidedAt,
      caseVersionHash: a.case_version_hash,
      material: a.material as MaterialFacts,
      voidedAt: toDateOrNull(a.voided_at),
      voidReason: a.void_reason,
      override: a.override,
      overrideReason: a.override_reason,
    });
  }

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
        reviewerTrainingCompletedAt: await latestTraining(
          trx,
          reviewRow.reviewer_id,
          toDateOrNull(reviewRow.completed_at),
        ),
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
      completedAt: await latestTraining(trx, c.assigned_officer_id, null),
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
      const resp = responseRows.find((x) => x.request_id === r.id);
      return {
        id: r.id,
        kind: r.kind as LiaisonRequestKind,
        noticeId: r.notice_id,
        status: r.status as LiaisonRequestStatus,
        requestedAt: toDate(r.requested_at),
        dueAt: toDate(r.due_at),
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
    personLanguages: personRow?.languages ?? [],
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
  const people = await loadPeople(trx, [
    snapshot.requesterId,
    snapshot.assignedOfficerId,
    ...(snapshot.review ? [snapshot.review.reviewerId] : []),
    ...snapshot.approvals.map((a) => a.approverId),
    ...(snapshot.legalReviews ?? []).map((l) => l.attorneyId),
    ...snapshot.validityConfirmations.map((v) => v.recordedBy),
    ...snapshot.liaisonRequests.flatMap((r) => (r.response ? [r.response.respondedBy] : [])),
    ...snapshot.contests.flatMap((k) => (k.decidedBy ? [k.decidedBy] : [])),
    ...snapshot.wordingDismissals.map((w) => w.dismissedBy),
    ...(snapshot.exigencies ?? []).flatMap((e) => [e.requestedBy, ...(e.decidedBy ? [e.decidedBy] : [])]),
    ...(snapshot.documentationSignOffs ?? []).map((o) => o.signedBy),
    ...snapshot.notices.flatMap((n) => (n.subjectLink?.confirmedBy ? [n.subjectLink.confirmedBy] : [])),
  ]);
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
