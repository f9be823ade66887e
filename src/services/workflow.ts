/**
 * The workflow of a case from opening to authorization: requests to INTERPOL Washington and their
 * answers (D4, D7, D8), the preliminary review (D5), wording dismissals (D10), supervisory approval
 * (D6), disclosure and contest (D9), authorization once every gate is met (D2), and notice status
 * changes that withdraw authorizations and raise re-review tasks.
 */
import { randomUUID } from 'node:crypto';
import { caseVersionHash, materialFacts } from '../domain/case-version.ts';
import { evaluateGates } from '../domain/gates.ts';
import { SEPARATION_OF_DUTIES } from '../domain/permissions.ts';
import {
  APPROVAL_DECISIONS,
  type ApprovalDecision,
  CONTEST_DECISIONS,
  type ContestDecision,
  DOCUMENTATION_OUTCOMES,
  type GateEvaluation,
  INDICATOR_DISPOSITIONS,
  type IndicatorDisposition,
  LIAISON_REQUEST_KINDS,
  type LiaisonRequestKind,
  NOTICE_STATUSES,
  type NoticeStatus,
  type ReviewIndicator,
  type ReviewRecommendation,
  reviewRecommendation,
  USE_AUTH_OUTCOMES,
} from '../domain/types.ts';
import { checkWording } from '../domain/wording.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { ReviewIndicatorJson } from '../store/schema.ts';
import { applyMaterialChange, isIsoDate, withdrawAuthorizations } from './cases.ts';
import { type Call, currentPolicy, runAction } from './context.ts';
import { conflict, type FieldProblem, invalid, notFound, PermissionDenied, ServiceError } from './errors.ts';
import { latestScreening, rescreenCase, rescreenDetail, reviewIndicatorsFrom } from './screening.ts';
import { loadCaseForAction, loadCaseSnapshot } from './snapshot.ts';

const DAY_MS = 86_400_000;

/** The acting user's id: these actions are always attributed to a named user. */
function actingUser(call: Call): string {
  if (!call.actor.userId)
    throw new ServiceError(
      400,
      'user_required',
      'This action must be taken by a named user, not the system.',
    );
  return call.actor.userId;
}

function requireText(
  value: string | null | undefined,
  field: string,
  message: string,
  fields: FieldProblem[],
) {
  if (!value?.trim()) fields.push({ field, message });
}

// ---------------------------------------------------------------------------
// Notice status propagation (shared by validity answers and status reports).
// ---------------------------------------------------------------------------

export interface AffectedCase {
  caseId: string;
  caseNumber: string;
  withdrawnAuthorizations: string[];
  taskId: string;
  priority: number;
}

/**
 * Records a change of a notice's status and propagates it: every case that relies on the notice —
 * closed ones included — loses its active authorizations, goes back to open when authorized, and
 * gets a re-review task (priority 1 for people in custody, else 2).
 */
async function changeNoticeStatus(
  trx: DbOrTrx,
  input: {
    noticeId: string;
    from: string;
    to: NoticeStatus;
    effectiveAt: Date;
    source: string;
    usncbReference: string | null;
    note: string | null;
    recordedBy: string;
    now: Date;
  },
): Promise<AffectedCase[]> {
  const { now } = input;
  await trx
    .updateTable('notices')
    .set({ status: input.to, status_updated_at: now, updated_at: now })
    .where('id', '=', input.noticeId)
    .execute();
  await trx
    .insertInto('notice_status_changes')
    .values({
      id: randomUUID(),
      notice_id: input.noticeId,
      from_status: input.from,
      to_status: input.to,
      effective_at: input.effectiveAt,
      source: input.source,
      usncb_reference: input.usncbReference,
      note: input.note,
      recorded_by: input.recordedBy,
      recorded_at: now,
    })
    .execute();
  const cases = await trx
    .selectFrom('case_notices')
    .innerJoin('cases', 'cases.id', 'case_notices.case_id')
    .select(['cases.id', 'cases.case_number', 'cases.custody_status'])
    .where('case_notices.notice_id', '=', input.noticeId)
    .orderBy('cases.case_number')
    .execute();
  const affected: AffectedCase[] = [];
  for (const c of cases) {
    const reason = `The notice's status changed from ${input.from} to ${input.to} (reported by INTERPOL Washington${input.usncbReference ? `, ref. ${input.usncbReference}` : ''}).`;
    const withdrawn = await withdrawAuthorizations(trx, c.id, now, reason);
    // The validity indicator reads the notice's status: screen again now, not at the next review.
    await rescreenCase(trx, c.id, now, 'notice_status_changed');
    const priority = c.custody_status === 'in_custody' ? 1 : 2;
    const taskId = randomUUID();
    await trx
      .insertInto('tasks')
      .values({
        id: taskId,
        case_id: c.id,
        kind: 're_review',
        reason: `${reason} Re-review the case.`,
        priority,
        created_at: now,
      })
      .execute();
    affected.push({
      caseId: c.id,
      caseNumber: c.case_number,
      withdrawnAuthorizations: withdrawn,
      taskId,
      priority,
    });
  }
  return affected;
}

// ---------------------------------------------------------------------------
// INTERPOL Washington requests and answers.
// ---------------------------------------------------------------------------

export interface LiaisonRequestInput {
  kind: LiaisonRequestKind;
  /** Defaults to the case's first notice. */
  noticeId?: string | null;
  details?: string | null;
}

export async function requestLiaison(
  call: Call,
  caseId: string,
  input: LiaisonRequestInput,
): Promise<{ id: string; dueAt: Date }> {
  return runAction(
    call,
    { action: 'liaison.request', permission: 'liaison.request', entityType: 'liaison_request' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      if (!LIAISON_REQUEST_KINDS.includes(input.kind))
        throw invalid('The request could not be sent.', [
          { field: 'kind', message: `Kind is one of: ${LIAISON_REQUEST_KINDS.join(', ')}.` },
        ]);
      const linked = await trx
        .selectFrom('case_notices')
        .select('notice_id')
        .where('case_id', '=', caseId)
        .orderBy('added_at')
        .execute();
      const noticeId = input.noticeId ?? linked[0]?.notice_id ?? null;
      if (noticeId && !linked.some((l) => l.notice_id === noticeId))
        throw notFound('The notice on this case');
      const policy = await currentPolicy(trx);
      const dueAt = new Date(now.getTime() + policy.liaisonDeadlineDays[input.kind] * DAY_MS);
      const id = randomUUID();
      await trx
        .insertInto('liaison_requests')
        .values({
          id,
          case_id: caseId,
          notice_id: noticeId,
          kind: input.kind,
          details: input.details ?? null,
          requested_by: actingUser(call),
          requested_at: now,
          due_at: dueAt,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { kind: input.kind, noticeId, dueAt: dueAt.toISOString() };
      return { id, dueAt };
    },
  );
}

export interface LiaisonResponseInput {
  /** Recorded by an officer or supervisor from another channel (phone, e-mail) rather than the liaison. */
  outOfBand?: boolean;
  usncbReference?: string | null;
  /** documentation: provided|partially_provided|unavailable; use_authorization: granted|denied; validity: the status. */
  outcome?: string;
  notes?: string | null;
  /** Validity answers. */
  result?: NoticeStatus;
  expiresOn?: string | null;
  method?: string;
  /** Documentation answers. */
  documents?: Array<{ title: string; kind: string; language?: string | null }>;
  disclosureRestrictions?: string | null;
  /** Use-authorization answers. */
  scope?: string | null;
  conditions?: string | null;
  validUntil?: string | null;
}

export interface LiaisonResponseResult {
  id: string;
  validityConfirmationId: string | null;
  documentIds: string[];
  affectedCases: AffectedCase[];
}

export async function respondLiaison(
  call: Call,
  requestId: string,
  input: LiaisonResponseInput,
): Promise<LiaisonResponseResult> {
  const outOfBand = input.outOfBand === true;
  return runAction(
    call,
    {
      action: outOfBand ? 'liaison.respond_out_of_band' : 'liaison.respond',
      permission: outOfBand ? 'liaison.respond_out_of_band' : 'liaison.respond',
      entityType: 'liaison_response',
    },
    async (trx, audit, now) => {
      const request = await trx
        .selectFrom('liaison_requests')
        .selectAll()
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!request) throw notFound('The request');
      audit.caseId = request.case_id;
      await loadCaseForAction(trx, call, request.case_id);
      if (request.status !== 'pending')
        throw conflict(
          'request_not_pending',
          `This request is ${request.status}; it cannot be answered again.`,
        );

      const kind = request.kind as LiaisonRequestKind;
      const fields: FieldProblem[] = [];
      if (outOfBand)
        requireText(
          input.usncbReference,
          'usncbReference',
          'An answer received by another channel must carry the INTERPOL Washington reference.',
          fields,
        );
      let outcome = input.outcome ?? '';
      if (kind === 'validity') {
        if (!input.result || !NOTICE_STATUSES.includes(input.result))
          fields.push({ field: 'result', message: `Result is one of: ${NOTICE_STATUSES.join(', ')}.` });
        if (input.expiresOn && !isIsoDate(input.expiresOn))
          fields.push({ field: 'expiresOn', message: 'Enter a real date as YYYY-MM-DD.' });
        if (!request.notice_id) fields.push({ field: 'noticeId', message: 'The request names no notice.' });
        outcome = input.result ?? '';
      } else if (kind === 'documentation') {
        if (!(DOCUMENTATION_OUTCOMES as readonly string[]).includes(outcome))
          fields.push({
            field: 'outcome',
            message: `Outcome is one of: ${DOCUMENTATION_OUTCOMES.join(', ')}.`,
          });
        (input.documents ?? []).forEach((d, i) => {
          requireText(d.title, `documents.${i}.title`, 'Enter the title.', fields);
          requireText(d.kind, `documents.${i}.kind`, 'Enter the kind of document.', fields);
        });
      } else {
        if (!(USE_AUTH_OUTCOMES as readonly string[]).includes(outcome))
          fields.push({ field: 'outcome', message: `Outcome is one of: ${USE_AUTH_OUTCOMES.join(', ')}.` });
        if (input.validUntil && !isIsoDate(input.validUntil))
          fields.push({ field: 'validUntil', message: 'Enter a real date as YYYY-MM-DD.' });
        if (outcome === 'granted')
          requireText(input.scope, 'scope', 'Record the scope of the authorization.', fields);
      }
      if (fields.length) throw invalid('The answer could not be recorded.', fields);

      const userId = actingUser(call);
      const id = randomUUID();
      await trx
        .insertInto('liaison_responses')
        .values({
          id,
          request_id: requestId,
          responded_by: userId,
          responded_at: now,
          out_of_band: outOfBand,
          usncb_reference: input.usncbReference ?? null,
          outcome,
          notes: input.notes ?? null,
          scope: input.scope ?? null,
          conditions: input.conditions ?? null,
          valid_until: input.validUntil ?? null,
          disclosure_restrictions: input.disclosureRestrictions ?? null,
        })
        .execute();
      await trx
        .updateTable('liaison_requests')
        .set({ status: 'answered' })
        .where('id', '=', requestId)
        .execute();

      let validityConfirmationId: string | null = null;
      let affectedCases: AffectedCase[] = [];
      if (kind === 'validity') {
        const notice = await trx
          .selectFrom('notices')
          .select(['id', 'status'])
          .where('id', '=', request.notice_id!)
          .executeTakeFirstOrThrow();
        validityConfirmationId = randomUUID();
        await trx
          .insertInto('validity_confirmations')
          .values({
            id: validityConfirmationId,
            notice_id: notice.id,
            case_id: request.case_id,
            liaison_request_id: requestId,
            result: input.result!,
            expires_on: input.expiresOn ?? null,
            method: input.method ?? (outOfBand ? 'out_of_band' : 'liaison_response'),
            usncb_reference: input.usncbReference ?? null,
            confirmed_at: now,
            recorded_by: userId,
            recorded_at: now,
          })
          .execute();
        if (notice.status !== input.result) {
          affectedCases = await changeNoticeStatus(trx, {
            noticeId: notice.id,
            from: notice.status,
            to: input.result!,
            effectiveAt: now,
            source: 'validity_confirmation',
            usncbReference: input.usncbReference ?? null,
            note: input.notes ?? null,
            recordedBy: userId,
            now,
          });
        }
      }
      const documentIds: string[] = [];
      if (kind === 'documentation') {
        for (const d of input.documents ?? []) {
          const docId = randomUUID();
          await trx
            .insertInto('documents')
            .values({
              id: docId,
              case_id: request.case_id,
              notice_id: request.notice_id,
              liaison_response_id: id,
              kind: d.kind,
              title: d.title,
              language: d.language ?? null,
              received_at: now,
              recorded_by: userId,
            })
            .execute();
          documentIds.push(docId);
        }
      }
      audit.entityId = id;
      audit.detail = {
        requestId,
        kind,
        outcome,
        outOfBand,
        usncbReference: input.usncbReference ?? null,
        validityConfirmationId,
        documentIds,
        affectedCases: affectedCases.map((a) => a.caseId),
      };
      return { id, validityConfirmationId, documentIds, affectedCases };
    },
  );
}

// ---------------------------------------------------------------------------
// Preliminary review (D5).
// ---------------------------------------------------------------------------

export interface DispositionInput {
  indicatorId: string;
  disposition: IndicatorDisposition;
  /** Why the concern is confirmed or how it was resolved (required to resolve). */
  explanation?: string | null;
  /** The evidence that resolves the indicator (required to resolve). */
  evidence?: string | null;
  /** Why the indicator does not apply (required for not_applicable). */
  reason?: string | null;
}

export interface ReviewInput {
  /** Starts a new review from the latest stored screening (supersedes the current one). */
  start?: boolean;
  dispositions?: DispositionInput[];
  complete?: boolean;
  summary?: string | null;
}

export interface ReviewView {
  id: string;
  status: 'in_progress' | 'complete';
  screeningId: string | null;
  rulesetVersion: string | null;
  reviewerId: string;
  indicators: ReviewIndicatorJson[];
  recommendation: ReviewRecommendation;
}

/**
 * The preliminary review (D5). It is built on the server from the latest stored screening of the
 * case: the reviewer decides each indicator found present or undetermined, then completes it.
 */
export async function recordReview(call: Call, caseId: string, input: ReviewInput): Promise<ReviewView> {
  return runAction(
    call,
    { action: 'review.record', permission: 'review.perform', entityType: 'review' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const userId = actingUser(call);
      const loadCurrent = () =>
        trx
          .selectFrom('reviews')
          .selectAll()
          .where('case_id', '=', caseId)
          .where('superseded_at', 'is', null)
          .orderBy('started_at', 'desc')
          .limit(1)
          .executeTakeFirst();
      let review = await loadCurrent();
      const started = input.start === true || !review;
      let rescreened: Record<string, unknown> | null = null;
      if (started) {
        // screen with the facts as they stand now, then build the review from that screening
        const outcome = await rescreenCase(trx, caseId, now, 'review_started');
        rescreened = rescreenDetail(outcome);
        review = await loadCurrent();
      }
      const before = materialFacts(await loadCaseSnapshot(trx, caseId));
      if (started) {
        const { id: screeningId, result } = await latestScreening(trx, caseId, now);
        if (review)
          await trx.updateTable('reviews').set({ superseded_at: now }).where('id', '=', review.id).execute();
        const id = randomUUID();
        await trx
          .insertInto('reviews')
          .values({
            id,
            case_id: caseId,
            reviewer_id: userId,
            status: 'in_progress',
            indicators: JSON.stringify(reviewIndicatorsFrom(result)),
            ruleset_version: result.rulesetVersion,
            screening_id: screeningId,
            started_at: now,
          })
          .execute();
        review = await trx.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      } else if (review!.status === 'complete' && (input.dispositions?.length || input.complete)) {
        throw conflict(
          'review_complete',
          'The review is complete. Start a new review (start: true) to change it.',
        );
      }
      const current = review!;
      const indicators = [...(current.indicators ?? [])];
      const fields: FieldProblem[] = [];
      (input.dispositions ?? []).forEach((d, i) => {
        const at = `dispositions.${i}`;
        const target = indicators.find((x) => x.indicatorId === d.indicatorId);
        if (!target) {
          fields.push({ field: `${at}.indicatorId`, message: 'This review has no such indicator.' });
          return;
        }
        if (target.outcome === 'absent') {
          fields.push({
            field: `${at}.indicatorId`,
            message: 'The screening found this indicator absent; it needs no disposition.',
          });
          return;
        }
        if (!INDICATOR_DISPOSITIONS.includes(d.disposition)) {
          fields.push({
            field: `${at}.disposition`,
            message: `Disposition is one of: ${INDICATOR_DISPOSITIONS.join(', ')}.`,
          });
          return;
        }
        const before = fields.length;
        if (d.disposition === 'resolved') {
          requireText(d.explanation, `${at}.explanation`, 'Explain how the indicator was resolved.', fields);
          requireText(d.evidence, `${at}.evidence`, 'Name the evidence that resolves it.', fields);
        }
        if (d.disposition === 'not_applicable')
          requireText(d.reason, `${at}.reason`, 'Give the reason the indicator does not apply.', fields);
        if (fields.length > before) return;
        target.disposition = d.disposition;
        target.note = (d.disposition === 'not_applicable' ? d.reason : d.explanation)?.trim() || null;
        target.evidence = d.disposition === 'resolved' ? d.evidence!.trim() : null;
        target.decidedBy = userId;
        target.decidedAt = now.toISOString();
      });
      if (input.complete) {
        const undecided = indicators.filter((x) => x.outcome !== 'absent' && x.disposition === null);
        for (const x of undecided)
          fields.push({
            field: `indicators.${x.indicatorId}`,
            message: 'Decide this indicator before completing the review.',
          });
      }
      if (fields.length) throw invalid('The review could not be recorded.', fields);
      const status = input.complete ? 'complete' : (current.status as 'in_progress' | 'complete');
      await trx
        .updateTable('reviews')
        .set({
          indicators: JSON.stringify(indicators),
          status,
          ...(input.complete ? { completed_at: now, reviewer_id: userId } : {}),
          ...(input.summary !== undefined ? { summary: input.summary } : {}),
        })
        .where('id', '=', current.id)
        .execute();
      const effect = await applyMaterialChange(trx, caseId, before, now);
      const recommendation = reviewRecommendation(indicators as ReviewIndicator[]);
      audit.entityId = current.id;
      audit.detail = {
        started,
        screeningId: current.screening_id,
        ...(rescreened ? { screening: rescreened } : {}),
        dispositions: (input.dispositions ?? []).map((d) => ({
          indicatorId: d.indicatorId,
          disposition: d.disposition,
        })),
        status,
        recommendation: recommendation.code,
        voidedApprovals: effect.voidedApprovals,
        withdrawnAuthorizations: effect.withdrawnAuthorizations,
      };
      return {
        id: current.id,
        status,
        screeningId: current.screening_id,
        rulesetVersion: current.ruleset_version,
        reviewerId: input.complete ? userId : current.reviewer_id,
        indicators,
        recommendation,
      };
    },
  );
}

// ---------------------------------------------------------------------------
// Wording (D10) and approval (D6).
// ---------------------------------------------------------------------------

export async function dismissWording(
  call: Call,
  caseId: string,
  input: { fingerprint: string; reason: string },
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'wording.dismiss', permission: 'wording.dismiss', entityType: 'wording_dismissal' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      if (!input.reason?.trim())
        throw invalid('The finding could not be dismissed.', [
          { field: 'reason', message: 'Explain why the wording is acceptable.' },
        ]);
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const finding = snapshot.texts
        .flatMap((t) => checkWording(t.text, t.field))
        .find((f) => f.fingerprint === input.fingerprint);
      if (!finding) throw notFound('The wording finding');
      const id = randomUUID();
      await trx
        .insertInto('wording_dismissals')
        .values({
          id,
          case_id: caseId,
          fingerprint: finding.fingerprint,
          field: finding.field,
          excerpt: finding.excerpt,
          reason: input.reason.trim(),
          dismissed_by: actingUser(call),
          dismissed_at: now,
        })
        .onConflict((oc) => oc.columns(['case_id', 'fingerprint']).doNothing())
        .execute();
      audit.entityId = id;
      audit.detail = { fingerprint: finding.fingerprint, field: finding.field, ruleId: finding.ruleId };
      return { id };
    },
  );
}

export interface ApprovalInput {
  decision: ApprovalDecision;
  rationale: string;
  acknowledgements?: Array<{ indicatorId: string; justification: string }>;
}

export async function decideApproval(
  call: Call,
  caseId: string,
  input: ApprovalInput,
): Promise<{ id: string; caseVersionHash: string }> {
  return runAction(
    call,
    { action: 'approval.decide', permission: 'approval.decide', entityType: 'approval' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId);
      const userId = actingUser(call);
      const sod = SEPARATION_OF_DUTIES.approval(userId, row.created_by, row.assigned_officer_id);
      if (!sod.allowed) throw new PermissionDenied(sod.rule, sod.reason);
      const fields: FieldProblem[] = [];
      if (!APPROVAL_DECISIONS.includes(input.decision))
        fields.push({ field: 'decision', message: `Decision is one of: ${APPROVAL_DECISIONS.join(', ')}.` });
      requireText(input.rationale, 'rationale', 'Write the rationale for the decision.', fields);
      if (fields.length) throw invalid('The decision could not be recorded.', fields);
      if (row.status === 'closed') throw conflict('case_closed', 'The case is closed.');
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const acknowledgements = (input.acknowledgements ?? []).map((a) => ({
        indicatorId: a.indicatorId,
        justification: a.justification?.trim() ?? '',
      }));
      const confirmedStrong = reviewRecommendation(snapshot.review?.indicators ?? []).confirmedStrong;
      if (input.decision === 'approved') {
        // an approval despite confirmed strong indicators needs one written acknowledgement per indicator
        const ackFields: FieldProblem[] = [];
        for (const indicatorId of confirmedStrong) {
          const acks = acknowledgements.filter((a) => a.indicatorId === indicatorId);
          if (acks.length === 0)
            ackFields.push({
              field: `acknowledgements.${indicatorId}`,
              message: `The reviewer confirmed the strong indicator ${indicatorId} (advice: do not act; refer for legal review). Acknowledge it and justify approving despite it.`,
            });
          else if (acks.some((a) => !a.justification))
            ackFields.push({
              field: `acknowledgements.${indicatorId}`,
              message: 'Write the justification for approving despite this indicator.',
            });
          else if (acks.length > 1)
            ackFields.push({
              field: `acknowledgements.${indicatorId}`,
              message: 'Acknowledge each indicator once.',
            });
        }
        for (const a of acknowledgements)
          if (!confirmedStrong.includes(a.indicatorId))
            ackFields.push({
              field: `acknowledgements.${a.indicatorId}`,
              message: 'This is not a strong indicator the reviewer confirmed; remove the acknowledgement.',
            });
        if (ackFields.length)
          throw new ServiceError(
            400,
            'acknowledgements_invalid',
            'The approval could not be recorded: acknowledge each confirmed strong indicator, and only those.',
            { fields: ackFields },
          );
      }
      const material = materialFacts(snapshot);
      const hash = caseVersionHash(material);
      const id = randomUUID();
      await trx
        .insertInto('approvals')
        .values({
          id,
          case_id: caseId,
          decision: input.decision,
          rationale: input.rationale.trim(),
          approver_id: userId,
          decided_at: now,
          case_version_hash: hash,
          material: JSON.stringify(material),
          acknowledgements: JSON.stringify(acknowledgements),
        })
        .execute();
      audit.entityId = id;
      audit.detail = {
        decision: input.decision,
        caseVersionHash: hash,
        confirmedStrongIndicators: confirmedStrong,
        acknowledgements,
      };
      return { id, caseVersionHash: hash };
    },
  );
}

// ---------------------------------------------------------------------------
// Disclosure and contest (D9, C2).
// ---------------------------------------------------------------------------

export interface DisclosureInput {
  servedAt: Date;
  method: string;
  recipient: string;
  language: string;
  documentIds?: string[];
  restricted?: boolean;
  restrictionNote?: string | null;
}

export async function recordDisclosure(
  call: Call,
  caseId: string,
  input: DisclosureInput,
): Promise<{ id: string; contestDeadline: Date }> {
  return runAction(
    call,
    { action: 'disclosure.record', permission: 'disclosure.record', entityType: 'disclosure' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const fields: FieldProblem[] = [];
      if (Number.isNaN(input.servedAt?.getTime()) || input.servedAt.getTime() > now.getTime())
        fields.push({
          field: 'servedAt',
          message: 'Enter when the documents were served; not in the future.',
        });
      requireText(input.method, 'method', 'Enter how the documents were served.', fields);
      requireText(input.recipient, 'recipient', 'Enter who received them.', fields);
      requireText(input.language, 'language', 'Enter the language of the packet.', fields);
      if (input.restricted)
        requireText(input.restrictionNote, 'restrictionNote', 'Explain the restriction.', fields);
      const docIds = input.documentIds ?? [];
      if (docIds.length) {
        const found = await trx
          .selectFrom('documents')
          .select('id')
          .where('case_id', '=', caseId)
          .where('id', 'in', docIds)
          .execute();
        docIds.forEach((d, i) => {
          if (!found.some((f) => f.id === d))
            fields.push({ field: `documentIds.${i}`, message: 'No such document on this case.' });
        });
      }
      if (fields.length) throw invalid('The service could not be recorded.', fields);
      const policy = await currentPolicy(trx);
      const contestDeadline = new Date(input.servedAt.getTime() + policy.contestWindowDays * DAY_MS);
      const id = randomUUID();
      await trx
        .insertInto('disclosures')
        .values({
          id,
          case_id: caseId,
          served_at: input.servedAt,
          method: input.method,
          recipient: input.recipient,
          language: input.language,
          document_ids: JSON.stringify(docIds),
          restricted: input.restricted ?? false,
          restriction_note: input.restrictionNote ?? null,
          contest_deadline: contestDeadline,
          recorded_by: actingUser(call),
          recorded_at: now,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { contestDeadline: contestDeadline.toISOString(), documents: docIds.length };
      return { id, contestDeadline };
    },
  );
}

export interface ContestInput {
  filedBy: string;
  grounds: string;
  filedAt?: Date;
  disclosureId?: string | null;
  ccfApplication?: string | null;
}

export async function recordContest(
  call: Call,
  caseId: string,
  input: ContestInput,
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'contest.record', permission: 'contest.record', entityType: 'contest' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const fields: FieldProblem[] = [];
      requireText(input.filedBy, 'filedBy', 'Enter who filed the contest.', fields);
      requireText(input.grounds, 'grounds', 'Enter the grounds.', fields);
      const filedAt = input.filedAt ?? now;
      if (filedAt.getTime() > now.getTime()) fields.push({ field: 'filedAt', message: 'Not in the future.' });
      if (fields.length) throw invalid('The contest could not be recorded.', fields);
      if (input.disclosureId) {
        const d = await trx
          .selectFrom('disclosures')
          .select('id')
          .where('id', '=', input.disclosureId)
          .where('case_id', '=', caseId)
          .executeTakeFirst();
        if (!d) throw notFound('The disclosure');
      }
      const id = randomUUID();
      await trx
        .insertInto('contests')
        .values({
          id,
          case_id: caseId,
          disclosure_id: input.disclosureId ?? null,
          filed_at: filedAt,
          filed_by: input.filedBy,
          grounds: input.grounds,
          received_by: actingUser(call),
          ccf_application: input.ccfApplication ?? null,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { filedAt: filedAt.toISOString(), disclosureId: input.disclosureId ?? null };
      return { id };
    },
  );
}

export async function decideContest(
  call: Call,
  contestId: string,
  input: { decision: ContestDecision; rationale: string },
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'contest.decide', permission: 'contest.decide', entityType: 'contest' },
    async (trx, audit, now) => {
      audit.entityId = contestId;
      const contest = await trx
        .selectFrom('contests')
        .selectAll()
        .where('id', '=', contestId)
        .executeTakeFirst();
      if (!contest) throw notFound('The contest');
      audit.caseId = contest.case_id;
      const row = await loadCaseForAction(trx, call, contest.case_id);
      const userId = actingUser(call);
      const sod = SEPARATION_OF_DUTIES.contestDecision(userId, row.created_by, row.assigned_officer_id);
      if (!sod.allowed) throw new PermissionDenied(sod.rule, sod.reason);
      const fields: FieldProblem[] = [];
      if (!CONTEST_DECISIONS.includes(input.decision))
        fields.push({ field: 'decision', message: `Decision is one of: ${CONTEST_DECISIONS.join(', ')}.` });
      requireText(input.rationale, 'rationale', 'Write the rationale for the decision.', fields);
      if (fields.length) throw invalid('The decision could not be recorded.', fields);
      if (contest.decision !== null)
        throw conflict('contest_decided', 'This contest has already been decided.');
      await trx
        .updateTable('contests')
        .set({
          decision: input.decision,
          decision_rationale: input.rationale,
          decided_by: userId,
          decided_at: now,
        })
        .where('id', '=', contestId)
        .execute();
      audit.detail = { decision: input.decision };
      return { id: contestId };
    },
  );
}

// ---------------------------------------------------------------------------
// Authorization (D2) and notice status changes.
// ---------------------------------------------------------------------------

export async function authorizeCase(
  call: Call,
  caseId: string,
): Promise<{ id: string; evaluation: GateEvaluation }> {
  return runAction(
    call,
    { action: 'authorization.create', permission: 'authorization.create', entityType: 'authorization' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId);
      if (row.status === 'closed')
        throw conflict('case_closed', 'The case is closed; it cannot be authorized.');
      const policy = await currentPolicy(trx);
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const evaluation = evaluateGates(snapshot, policy, now);
      if (!evaluation.allMet) {
        const lines = evaluation.gates
          .filter((g) => evaluation.blocking.includes(g.gate))
          .map((g) => `${g.gate} (${g.title}): ${g.reason}`);
        throw new ServiceError(
          409,
          'gates_unmet',
          `The case cannot be authorized until every safeguard is met. Not met: ${lines.join(' ')}`,
          { gates: evaluation.gates },
        );
      }
      const active = await trx
        .selectFrom('authorizations')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (active) throw conflict('already_authorized', 'The case already has an active authorization.');
      const id = randomUUID();
      await trx
        .insertInto('authorizations')
        .values({
          id,
          case_id: caseId,
          purpose: row.purpose,
          authorized_by: actingUser(call),
          authorized_at: now,
          case_version_hash: evaluation.caseVersionHash,
          policy_version: policy.version,
          gates: JSON.stringify(evaluation.gates),
        })
        .execute();
      await trx
        .updateTable('cases')
        .set({ status: 'authorized', updated_at: now })
        .where('id', '=', caseId)
        .execute();
      audit.entityId = id;
      audit.before = { status: row.status };
      audit.after = { status: 'authorized' };
      audit.detail = {
        purpose: row.purpose,
        caseVersionHash: evaluation.caseVersionHash,
        policyVersion: policy.version,
      };
      return { id, evaluation };
    },
  );
}

export interface NoticeStatusInput {
  status: NoticeStatus;
  effectiveAt?: Date;
  usncbReference?: string | null;
  note?: string | null;
  source?: string;
}

export async function recordNoticeStatus(
  call: Call,
  noticeId: string,
  input: NoticeStatusInput,
): Promise<{ affectedCases: AffectedCase[] }> {
  return runAction(
    call,
    { action: 'notice.status.record', permission: 'notice.status.record', entityType: 'notice' },
    async (trx, audit, now) => {
      audit.entityId = noticeId;
      if (!NOTICE_STATUSES.includes(input.status))
        throw invalid('The status could not be recorded.', [
          { field: 'status', message: `Status is one of: ${NOTICE_STATUSES.join(', ')}.` },
        ]);
      const notice = await trx
        .selectFrom('notices')
        .select(['id', 'status'])
        .where('id', '=', noticeId)
        .executeTakeFirst();
      if (!notice) throw notFound('The notice');
      if (notice.status === input.status)
        throw conflict('status_unchanged', `The notice is already recorded as ${input.status}.`);
      const affectedCases = await changeNoticeStatus(trx, {
        noticeId,
        from: notice.status,
        to: input.status,
        effectiveAt: input.effectiveAt ?? now,
        source: input.source ?? 'interpol_washington',
        usncbReference: input.usncbReference ?? null,
        note: input.note ?? null,
        recordedBy: actingUser(call),
        now,
      });
      audit.before = { status: notice.status };
      audit.after = { status: input.status };
      audit.detail = {
        from: notice.status,
        to: input.status,
        affectedCases: affectedCases.map((a) => ({
          caseId: a.caseId,
          caseNumber: a.caseNumber,
          withdrawnAuthorizations: a.withdrawnAuthorizations,
          taskId: a.taskId,
          priority: a.priority,
        })),
      };
      return { affectedCases };
    },
  );
}
