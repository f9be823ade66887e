/** The preliminary review (D5): indicators, dispositions, completion. */
import { randomUUID } from 'node:crypto';
import { materialFacts } from '../../domain/case-version.ts';
import {
  INDICATOR_DISPOSITIONS,
  type IndicatorDisposition,
  type ReviewIndicator,
  type ReviewRecommendation,
  reviewRecommendation,
} from '../../domain/types.ts';
import type { ReviewIndicatorJson } from '../../store/schema.ts';
import { applyMaterialChange } from '../case/material-change.ts';
import { type Call, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
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
      // completing the review makes the actor its reviewer: separation of duties on the case
      if (input.complete) await requireSeparation(trx, caseId, 'reviewer', userId);
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
