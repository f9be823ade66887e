/**
 * Legal review when the screening says "do not act" (G-LEGAL-REVIEW), and what counts as approving
 * against the advice (an override). Pure: reads a case snapshot.
 *
 * - A preliminary review that confirms a strong indicator advises "Do not act; refer for legal review".
 *   An attorney independent of the case then analyses each confirmed strong indicator against the rule it
 *   cites and concludes: proceed, proceed with conditions, or do not proceed.
 * - A legal review is tied to the review it analysed: when that review is superseded (a new screening),
 *   a new legal review is needed.
 * - A "do not proceed" stands, whatever review it analysed, until a later legal review reverses it with
 *   written reasons; re-screening the case does not clear it.
 */
import { INDICATORS_BY_ID } from './screening/indicators.ts';
import type { CaseSnapshot, LegalReviewFact, ReviewIndicator } from './types.ts';
import { LEGAL_REVIEW_CONCLUSION_LABELS, reviewRecommendation } from './types.ts';

/** The indicator's title and citation from the screening catalogue (the id when unknown). */
export function indicatorLabel(indicatorId: string): { id: string; title: string; citation: string } {
  const d = INDICATORS_BY_ID.get(indicatorId);
  return { id: indicatorId, title: d?.title ?? indicatorId, citation: d?.citation ?? '' };
}

function latest(reviews: readonly LegalReviewFact[]): LegalReviewFact | undefined {
  let out: LegalReviewFact | undefined;
  for (const r of reviews) if (!out || r.recordedAt.getTime() >= out.recordedAt.getTime()) out = r;
  return out;
}

/** The latest legal review on the case, whatever review it analysed. */
export function latestLegalReview(snapshot: CaseSnapshot): LegalReviewFact | undefined {
  return latest(snapshot.legalReviews ?? []);
}

/** The latest legal review of the current preliminary review. */
export function currentLegalReview(snapshot: CaseSnapshot): LegalReviewFact | undefined {
  const reviewId = snapshot.review?.id;
  if (!reviewId) return undefined;
  return latest((snapshot.legalReviews ?? []).filter((l) => l.reviewId === reviewId));
}

/** Strong indicators the current review confirmed as a concern. */
export function confirmedStrongIndicators(snapshot: CaseSnapshot): string[] {
  return reviewRecommendation((snapshot.review?.indicators ?? []) as ReviewIndicator[]).confirmedStrong;
}

export interface LegalReviewStanding {
  /** Strong indicators the current review confirmed. */
  confirmedStrong: string[];
  /** The latest legal review on the case when it concludes "do not proceed" (it blocks until reversed). */
  doNotProceed: LegalReviewFact | null;
  /** The latest legal review of the current review. */
  current: LegalReviewFact | null;
  /** Whether a legal review is required (G-LEGAL-REVIEW applies). */
  required: boolean;
  /** The current legal review concludes proceed (with or without conditions) and covers every confirmed indicator. */
  clearsAdvice: boolean;
}

export function legalReviewStanding(snapshot: CaseSnapshot): LegalReviewStanding {
  const confirmedStrong = confirmedStrongIndicators(snapshot);
  const last = latestLegalReview(snapshot);
  const doNotProceed = last?.conclusion === 'do_not_proceed' ? last : null;
  const current = currentLegalReview(snapshot) ?? null;
  const covered = new Set(current?.analyses.map((a) => a.indicatorId) ?? []);
  const clearsAdvice =
    doNotProceed === null &&
    current !== null &&
    current.conclusion !== 'do_not_proceed' &&
    confirmedStrong.every((id) => covered.has(id));
  return {
    confirmedStrong,
    doNotProceed,
    current,
    required: confirmedStrong.length > 0 || doNotProceed !== null,
    clearsAdvice,
  };
}

/**
 * Whether approving the case now goes against the advice in force, and which advice: the review's
 * "Do not act; refer for legal review" (a confirmed strong indicator with no legal review concluding that
 * the case may proceed), or an attorney's "do not proceed". Null when approving follows the advice.
 */
export function overrideOf(snapshot: CaseSnapshot): string | null {
  const s = legalReviewStanding(snapshot);
  const parts: string[] = [];
  if (s.doNotProceed)
    parts.push(
      `the legal review of ${s.doNotProceed.recordedAt.toISOString().slice(0, 10)} concluded "${LEGAL_REVIEW_CONCLUSION_LABELS.do_not_proceed}"`,
    );
  if (s.confirmedStrong.length > 0 && !s.clearsAdvice && !s.doNotProceed)
    parts.push(
      `the preliminary review advised "Do not act; refer for legal review" (confirmed strong ${s.confirmedStrong.length === 1 ? 'indicator' : 'indicators'}: ${s.confirmedStrong.map((id) => indicatorLabel(id).title).join('; ')})${s.current ? '' : ' and no legal review is recorded'}`,
    );
  if (parts.length === 0) return null;
  return `Approved against the advice: ${parts.join('; and ')}.`;
}
