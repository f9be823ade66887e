/** The preliminary review (D5): indicators, dispositions, completion. */
import { randomUUID } from 'node:crypto';
import { materialFacts } from '../../domain/case-version.ts';
import { expandScreening } from '../../domain/screening/index.ts';
import {
  INDICATOR_DISPOSITIONS,
  type IndicatorDisposition,
  type ReviewIndicator,
  type ReviewRecommendation,
  reviewRecommendation,
} from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { ReviewIndicatorJson } from '../../store/schema.ts';
import { applyMaterialChange } from '../case/material-change.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, type ReasonItem, reasonMinChars } from '../reasons.ts';
import { scopeOf } from '../scope.ts';
import {
  latestScreening,
  rescreenCase,
  rescreenDetail,
  reviewIndicatorsFrom,
} from '../screening/rescreen.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

export interface DispositionInput {
  indicatorId: string;
  disposition: IndicatorDisposition;
  /** Why the concern is confirmed or how it was resolved (required to resolve). */
  explanation?: string | null;
  /** The evidence that resolves the indicator (required to resolve). */
  evidence?: string | null;
  /** Why the indicator does not apply (required for not_applicable). */
  reason?: string | null;
  /** information_requested: the request to INTERPOL Washington on this case that asks for the fact… */
  liaisonRequestId?: string | null;
  /** …or whom it was asked of (the person's counsel, a court, a public source). */
  requestedFrom?: string | null;
}

/** The facts each undetermined indicator lacks, from the screening the review rests on. */
async function missingFacts(trx: DbOrTrx, screeningId: string | null): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!screeningId) return out;
  const row = await trx
    .selectFrom('screenings')
    .select('results')
    .where('id', '=', screeningId)
    .executeTakeFirst();
  for (const r of row ? expandScreening(row.results).results : [])
    if (r.outcome === 'undetermined') out.set(r.id, [...new Set(r.missing.map((m) => m.requestDocument))]);
  return out;
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
      await loadCaseForAction(trx, call, caseId, { lock: true });
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
      const missingFor = await missingFacts(trx, current.screening_id);
      const reasons: Array<{ item: ReasonItem; index: number }> = [];
      const accepted: Array<{ target: ReviewIndicatorJson; d: DispositionInput }> = [];
      for (const [i, d] of (input.dispositions ?? []).entries()) {
        const at = `dispositions.${i}`;
        const target = indicators.find((x) => x.indicatorId === d.indicatorId);
        if (!target) {
          fields.push({ field: `${at}.indicatorId`, message: 'This review has no such indicator.' });
          continue;
        }
        if (target.outcome === 'absent') {
          fields.push({
            field: `${at}.indicatorId`,
            message: 'The screening found this indicator absent; it needs no disposition.',
          });
          continue;
        }
        if (!INDICATOR_DISPOSITIONS.includes(d.disposition)) {
          fields.push({
            field: `${at}.disposition`,
            message: `Disposition is one of: ${INDICATOR_DISPOSITIONS.join(', ')}.`,
          });
          continue;
        }
        const title = target.title ?? d.indicatorId;
        // REVIEW-UNDETERMINED-STRONG: "no information" never clears an undetermined strong indicator
        if (
          target.outcome === 'undetermined' &&
          target.strength === 'strong' &&
          (d.disposition === 'resolved' || d.disposition === 'not_applicable')
        ) {
          const needs = missingFor.get(d.indicatorId) ?? [];
          fields.push({
            field: `${at}.disposition`,
            message: `The screening could not determine “${title}” because the file lacks the facts it needs${needs.length ? ` (to request: ${needs.join('; ')})` : ''}. A strong indicator is not set aside or resolved for want of information (rule REVIEW-UNDETERMINED-STRONG). Record the fact it needs in the screening facts (the case is screened again), record that you requested it, or confirm the concern.`,
          });
          continue;
        }
        if (d.disposition === 'information_requested' && target.outcome !== 'undetermined') {
          fields.push({
            field: `${at}.disposition`,
            message:
              'Only an indicator the screening could not determine can wait for requested information.',
          });
          continue;
        }
        const before = fields.length;
        if (d.disposition === 'resolved')
          requireText(d.evidence, `${at}.evidence`, 'Name the evidence that resolves it.', fields);
        if (d.disposition === 'information_requested') {
          if (d.liaisonRequestId) {
            if (
              (await scopeOf(trx, call, 'liaison_request', d.liaisonRequestId, { onCase: caseId })) !== 'ok'
            )
              fields.push({
                field: `${at}.liaisonRequestId`,
                message: 'Choose a request to INTERPOL Washington on this case.',
              });
          } else
            requireText(
              d.requestedFrom,
              `${at}.requestedFrom`,
              'Say whom the information was requested from, or choose the request to INTERPOL Washington.',
              fields,
            );
        }
        const textField = d.disposition === 'not_applicable' ? 'reason' : 'explanation';
        reasons.push({
          index: i,
          item: {
            text: textField === 'reason' ? d.reason : d.explanation,
            field: `${at}.${textField}`,
            kind: 'disposition',
            mustAddress: {
              id: d.indicatorId,
              title,
              ...(target.citation ? { citation: target.citation } : {}),
            },
          },
        });
        if (fields.length > before) continue;
        accepted.push({ target, d });
      }
      // Every reason is checked on its own: the same text given to several indicators in one request is
      // one reason shared by them, and it must name each of them.
      const minChars = reasonMinChars(await currentPolicy(trx));
      for (const r of reasons) fields.push(...(await checkReasons(trx, caseId, [r.item], minChars)));
      if (fields.length === 0)
        for (const { target, d } of accepted) {
          target.disposition = d.disposition;
          target.note = (d.disposition === 'not_applicable' ? d.reason : d.explanation)?.trim() || null;
          target.evidence = d.disposition === 'resolved' ? d.evidence!.trim() : null;
          target.liaisonRequestId =
            d.disposition === 'information_requested' ? (d.liaisonRequestId ?? null) : null;
          target.requestedFrom =
            d.disposition === 'information_requested' ? d.requestedFrom?.trim() || null : null;
          target.decidedBy = userId;
          target.decidedAt = now.toISOString();
        }
      // completing the review makes the actor its reviewer: separation of duties on the case
      if (input.complete) await requireSeparation(trx, caseId, 'reviewer', userId);
      if (input.complete) {
        const undecided = indicators.filter((x) => x.outcome !== 'absent' && x.disposition === null);
        for (const x of undecided)
          fields.push({
            field: `indicators.${x.indicatorId}`,
            message: 'Decide this indicator before completing the review.',
          });
        for (const x of indicators.filter(
          (y) => y.outcome !== 'absent' && y.disposition === 'information_requested',
        ))
          fields.push({
            field: `indicators.${x.indicatorId}`,
            message: `The information requested for “${x.title ?? x.indicatorId}” has not been recorded yet. Record it in the screening facts (the case is screened again), then decide the indicator and complete the review.`,
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
          ...(d.disposition === 'information_requested'
            ? { liaisonRequestId: d.liaisonRequestId ?? null, requestedFrom: d.requestedFrom ?? null }
            : {}),
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
