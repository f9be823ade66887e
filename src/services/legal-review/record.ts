/**
 * The legal review (G-LEGAL-REVIEW): when the preliminary review confirms a strong indicator and advises
 * "Do not act; refer for legal review", an attorney independent of the case analyses each confirmed
 * indicator against the rule it cites and concludes. A conclusion that reverses an earlier "do not
 * proceed" must give its reasons.
 */
import { randomUUID } from 'node:crypto';
import { indicatorLabel, latestLegalReview, legalReviewStanding } from '../../domain/legal-review.ts';
import {
  LEGAL_REVIEW_CONCLUSIONS,
  type LegalAnalysis,
  type LegalReviewConclusion,
} from '../../domain/types.ts';
import { withdrawAuthorizations } from '../case/material-change.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { checkReasons, type ReasonItem, reasonMinChars } from '../reasons.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

export interface LegalReviewInput {
  /** One written analysis per confirmed strong indicator. */
  analyses: Array<{ indicatorId: string; analysis: string }>;
  conclusion: LegalReviewConclusion;
  /** Required with `proceed_with_conditions`. */
  conditions?: string | null;
  /** Required when the previous legal review concluded `do_not_proceed` and this one does not. */
  reversalReason?: string | null;
}

export interface LegalReviewResult {
  id: string;
  reviewId: string;
  conclusion: LegalReviewConclusion;
  /** The "do not proceed" legal review this one reverses, if any. */
  reverses: string | null;
  /** Authorizations withdrawn because the conclusion is "do not proceed". */
  withdrawnAuthorizations: string[];
}

export async function recordLegalReview(
  call: Call,
  caseId: string,
  input: LegalReviewInput,
): Promise<LegalReviewResult> {
  return runAction(
    call,
    { action: 'legal_review.record', permission: 'legal_review.record', entityType: 'legal_review' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      const userId = actingUser(call);
      if (row.status === 'closed') throw conflict('case_closed', 'The case is closed.');
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const review = snapshot.review;
      const standing = legalReviewStanding(snapshot);
      if (!standing.required)
        throw conflict(
          'legal_review_not_required',
          'The preliminary review confirmed no strong indicator, so there is nothing for a legal review to analyse.',
        );
      if (review === null || review.status !== 'complete')
        throw conflict(
          'review_incomplete',
          'The preliminary review is not complete: the legal review analyses the completed review.',
        );
      await requireSeparation(trx, caseId, 'legal_reviewer', userId);

      const fields: FieldProblem[] = [];
      const conclusion = input.conclusion;
      if (!LEGAL_REVIEW_CONCLUSIONS.includes(conclusion))
        fields.push({
          field: 'conclusion',
          message: 'Choose the conclusion: proceed, proceed with conditions, or do not proceed.',
        });
      const given = input.analyses ?? [];
      const analyses: LegalAnalysis[] = [];
      const reasons: ReasonItem[] = [];
      for (const indicatorId of standing.confirmedStrong) {
        const label = indicatorLabel(indicatorId);
        const field = `analyses.${indicatorId}`;
        const items = given.filter((a) => a.indicatorId === indicatorId);
        if (items.length === 0) {
          fields.push({
            field,
            message: `Required: write your analysis of the confirmed strong indicator “${label.title}” against the rule it cites.`,
          });
          continue;
        }
        if (items.length > 1) {
          fields.push({ field, message: 'Write one analysis for each indicator.' });
          continue;
        }
        const text = items[0]!.analysis?.trim() ?? '';
        reasons.push({
          text,
          field,
          kind: 'legal_review',
          mustAddress: { id: label.id, title: label.title, citation: label.citation },
        });
        analyses.push({ indicatorId, title: label.title, citation: label.citation, analysis: text });
      }
      for (const a of given)
        if (!standing.confirmedStrong.includes(a.indicatorId))
          fields.push({
            field: `analyses.${a.indicatorId}`,
            message:
              'The review did not confirm this indicator as a strong concern: analyse only the confirmed strong indicators.',
          });
      const conditions = input.conditions?.trim() || null;
      if (conclusion === 'proceed_with_conditions')
        reasons.push({ text: conditions, field: 'conditions', kind: 'legal_review' });
      const previous = latestLegalReview(snapshot);
      const reverses =
        previous?.conclusion === 'do_not_proceed' && conclusion !== 'do_not_proceed' ? previous : null;
      const reversalReason = reverses ? input.reversalReason?.trim() || null : null;
      if (reverses) reasons.push({ text: reversalReason, field: 'reversalReason', kind: 'legal_review' });
      fields.push(...(await checkReasons(trx, caseId, reasons, reasonMinChars(await currentPolicy(trx)))));
      if (fields.length) throw invalid('The legal review could not be recorded.', fields);

      const id = randomUUID();
      await trx
        .insertInto('legal_reviews')
        .values({
          id,
          case_id: caseId,
          review_id: review.id,
          attorney_id: userId,
          conclusion,
          analyses: JSON.stringify(analyses),
          conditions: conclusion === 'proceed_with_conditions' ? conditions : null,
          reversal_reason: reversalReason,
          reverses_id: reverses?.id ?? null,
          recorded_at: now,
        })
        .execute();
      // "do not proceed" ends any reliance already authorized: the gate is no longer met
      const withdrawn =
        conclusion === 'do_not_proceed'
          ? await withdrawAuthorizations(
              trx,
              caseId,
              now,
              'The legal review concluded "Do not proceed" (G-LEGAL-REVIEW).',
            )
          : [];
      audit.entityId = id;
      audit.detail = {
        conclusion,
        reviewId: review.id,
        indicators: analyses.map((a) => a.indicatorId),
        reverses: reverses?.id ?? null,
        withdrawnAuthorizations: withdrawn,
      };
      return {
        id,
        reviewId: review.id,
        conclusion,
        reverses: reverses?.id ?? null,
        withdrawnAuthorizations: withdrawn,
      };
    },
  );
}
