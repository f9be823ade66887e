/** Screening a case again inside the caller's transaction; a change in an open indicator supersedes the review. */
import { randomUUID } from 'node:crypto';
import { materialFacts } from '../../domain/case-version.ts';
import {
  diffScreenings,
  digestFacts,
  expandScreening,
  RULESET_VERSION,
  type ScreeningDiff,
  type ScreeningResult,
  screenCase,
} from '../../domain/screening/index.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { newRowId } from '../../store/ids.ts';
import type { ReviewIndicatorJson } from '../../store/schema.ts';
import { applyMaterialChange } from '../case/material-change.ts';
import { loadCountryContext } from '../country-context/table.ts';
import { loadCaseSnapshot } from '../snapshot.ts';
import { screeningInputForCase } from './input.ts';

export type ScreeningTrigger =
  | 'case_opened'
  | 'case_updated'
  | 'facts_recorded'
  | 'charge_correction'
  | 'review_started'
  | 'notice_status_changed'
  | 'notice_changed'
  | 'liaison_answered'
  | 'document_added'
  | 'manual'
  | 'ruleset_rescreen';
// ---------------------------------------------------------------------------
// Screening, stored.
// ---------------------------------------------------------------------------

export interface RescreenOutcome {
  screeningId: string;
  /** True when a new screening row was stored. */
  stored: boolean;
  diff: ScreeningDiff | null;
  /** The superseded review and the new one, when the change reached the current review. */
  reviewSuperseded: { from: string; to: string } | null;
  voidedApprovals: string[];
  withdrawnAuthorizations: string[];
}

export async function latestScreeningRow(trx: DbOrTrx, caseId: string) {
  return trx
    .selectFrom('screenings')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export const OPEN_OUTCOMES = new Set(['present', 'undetermined']);

/** Indicators whose change matters to a review: present or undetermined before or after. */
export function materialIndicatorChanges(diff: ScreeningDiff, next: ScreeningResult): string[] {
  const now = new Map(next.results.map((r) => [r.id, r.outcome]));
  return diff.indicators
    .filter(
      (c) =>
        (c.outcome && (OPEN_OUTCOMES.has(c.outcome.from ?? '') || OPEN_OUTCOMES.has(c.outcome.to ?? ''))) ||
        OPEN_OUTCOMES.has(now.get(c.id) ?? ''),
    )
    .map((c) => c.id);
}

/** The review's indicators built from a screening, carrying over dispositions where given. */
export function reviewIndicatorsFrom(
  result: ScreeningResult,
  carry: ReviewIndicatorJson[] = [],
  changed: ReadonlySet<string> = new Set(),
): ReviewIndicatorJson[] {
  return result.results.map((r) => {
    const old = carry.find((x) => x.indicatorId === r.id);
    const keep = old && !changed.has(r.id) && old.outcome === r.outcome && r.outcome !== 'absent';
    return {
      indicatorId: r.id,
      title: r.title,
      citation: r.citation,
      strength: r.strength,
      outcome: r.outcome,
      disposition: keep ? old.disposition : null,
      note: keep ? old.note : null,
      evidence: keep ? (old.evidence ?? null) : null,
      ...(keep && old.disposition === 'information_requested'
        ? { liaisonRequestId: old.liaisonRequestId ?? null, requestedFrom: old.requestedFrom ?? null }
        : {}),
      decidedBy: keep ? (old.decidedBy ?? null) : null,
      decidedAt: keep ? (old.decidedAt ?? null) : null,
    };
  });
}

/** Results as a review saw them, for reviews started before screenings were stored. */
export function resultFromReview(indicators: ReviewIndicatorJson[], base: ScreeningResult): ScreeningResult {
  const byId = new Map(indicators.map((i) => [i.indicatorId, i]));
  return {
    ...base,
    results: base.results.map((r) => {
      const i = byId.get(r.id);
      return i ? { ...r, outcome: i.outcome } : { ...r, outcome: 'absent' as const };
    }),
  };
}

/**
 * Screens the case again inside the caller's transaction. Stores a new screening only when the
 * inputs, the ruleset or the country-context version changed. When the new result differs from the
 * screening the current review was built on in an indicator that is present or undetermined, the
 * review is superseded by a new in-progress one (dispositions of unchanged indicators carried over)
 * and the material change voids approvals and withdraws authorizations.
 */
export async function rescreenCase(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
  trigger: ScreeningTrigger,
): Promise<RescreenOutcome> {
  const facts = await screeningInputForCase(trx, caseId);
  const countryContext = await loadCountryContext(trx);
  const digest = digestFacts(facts);
  const latest = await latestScreeningRow(trx, caseId);
  const outcome: RescreenOutcome = {
    screeningId: latest?.id ?? '',
    stored: false,
    diff: null,
    reviewSuperseded: null,
    voidedApprovals: [],
    withdrawnAuthorizations: [],
  };
  let result = latest ? expandScreening(latest.results) : undefined;
  if (
    !latest ||
    latest.inputs_digest !== digest ||
    latest.ruleset_version !== RULESET_VERSION ||
    latest.country_context_version !== countryContext.version
  ) {
    result = screenCase(facts, {
      asOf: now.toISOString().slice(0, 10),
      countryContext,
      inputsDigest: digest,
    });
    const diff = latest ? diffScreenings(expandScreening(latest.results), result) : null;
    const id = newRowId();
    await trx
      .insertInto('screenings')
      .values({
        id,
        case_id: caseId,
        ruleset_version: result.rulesetVersion,
        country_context_version: result.countryContextVersion,
        inputs_digest: result.inputsDigest,
        results: JSON.stringify(result),
        diff: diff ? JSON.stringify(diff) : null,
        trigger,
        created_at: now,
      })
      .execute();
    Object.assign(outcome, { screeningId: id, stored: true, diff });
  }
  await reconcileReview(trx, caseId, outcome, result!, now, trigger);
  return outcome;
}

/**
 * After a screening of a case (stored or not): the current review now rests on it, or, when it changed
 * in an indicator the reviewer relies on, the review is superseded and the material change applied.
 * Updates `outcome` in place.
 */
export async function reconcileReview(
  trx: DbOrTrx,
  caseId: string,
  outcome: RescreenOutcome,
  next: ScreeningResult,
  now: Date,
  trigger: ScreeningTrigger,
): Promise<void> {
  const review = await trx
    .selectFrom('reviews')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('superseded_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!review || review.screening_id === outcome.screeningId) return;
  let basis: ScreeningResult;
  if (review.screening_id) {
    const row = await trx
      .selectFrom('screenings')
      .select('results')
      .where('id', '=', review.screening_id)
      .executeTakeFirstOrThrow();
    basis = expandScreening(row.results);
  } else basis = resultFromReview(review.indicators ?? [], next);
  const changed = materialIndicatorChanges(diffScreenings(basis, next), next);
  if (changed.length === 0) {
    // nothing a reviewer relies on changed: the review now rests on the new screening
    await trx
      .updateTable('reviews')
      .set({ screening_id: outcome.screeningId })
      .where('id', '=', review.id)
      .execute();
    return;
  }
  const before = materialFacts(await loadCaseSnapshot(trx, caseId));
  await trx.updateTable('reviews').set({ superseded_at: now }).where('id', '=', review.id).execute();
  const id = randomUUID();
  await trx
    .insertInto('reviews')
    .values({
      id,
      case_id: caseId,
      reviewer_id: review.reviewer_id,
      status: 'in_progress',
      indicators: JSON.stringify(reviewIndicatorsFrom(next, review.indicators ?? [], new Set(changed))),
      ruleset_version: next.rulesetVersion,
      summary: `The screening changed (${trigger}) in: ${changed.join(', ')}. Decide these indicators again.`,
      started_at: now,
      screening_id: outcome.screeningId,
    })
    .execute();
  outcome.reviewSuperseded = { from: review.id, to: id };
  const effect = await applyMaterialChange(trx, caseId, before, now);
  outcome.voidedApprovals = effect.voidedApprovals;
  outcome.withdrawnAuthorizations = effect.withdrawnAuthorizations;
}

/** The latest stored screening of a case (screens it first when none is stored). */
export async function latestScreening(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
): Promise<{ id: string; result: ScreeningResult }> {
  let row = await latestScreeningRow(trx, caseId);
  if (!row) {
    await rescreenCase(trx, caseId, now, 'review_started');
    row = await latestScreeningRow(trx, caseId);
  }
  return { id: row!.id, result: expandScreening(row!.results) };
}

/** What an audit entry says about a re-screening. */
export function rescreenDetail(o: RescreenOutcome): Record<string, unknown> {
  return {
    screeningId: o.screeningId,
    stored: o.stored,
    changedIndicators: o.diff?.indicators.map((i) => i.id) ?? [],
    reviewSuperseded: o.reviewSuperseded,
    voidedApprovals: o.voidedApprovals,
    withdrawnAuthorizations: o.withdrawnAuthorizations,
  };
}
