/**
 * diffScreenings: what changed for one case between two screenings — typically the same facts under
 * an old and a new ruleset version, or new facts under the same ruleset.
 */
import { jsonEqual } from '../canonical.ts';
import type { IndicatorOutcome } from './indicators.ts';
import type { IndicatorResult, Recommendation, ScreeningResult } from './screen.ts';

export type IndicatorChangeKind = 'added' | 'removed' | 'changed';

export interface IndicatorChange {
  id: string;
  kind: IndicatorChangeKind;
  outcome?: { from: IndicatorOutcome | null; to: IndicatorOutcome | null };
  /** Names of the other properties that changed: strength, citation, title, explanation, triggeredBy, missing. */
  changedFields: string[];
}

export interface ScreeningDiff {
  rulesetVersion: { from: string; to: string } | null;
  inputsChanged: boolean;
  recommendation: { from: Recommendation; to: Recommendation } | null;
  indicators: IndicatorChange[];
  /** True when nothing that a reviewer relies on changed. */
  unchanged: boolean;
}

const COMPARED: Array<keyof IndicatorResult> = [
  'strength',
  'title',
  'citation',
  'explanation',
  'triggeredBy',
  'missing',
];

/**
 * Equal in content, whatever the order of object keys: a stored result comes back from a jsonb column
 * with its keys reordered (jsonb keeps them by length, then bytes), a fresh one in the order it was built.
 */
const same = jsonEqual;

export function diffScreenings(oldResult: ScreeningResult, newResult: ScreeningResult): ScreeningDiff {
  const before = new Map(oldResult.results.map((r) => [r.id, r]));
  const after = new Map(newResult.results.map((r) => [r.id, r]));
  const indicators: IndicatorChange[] = [];
  for (const [id, a] of before) {
    const b = after.get(id);
    if (!b) {
      indicators.push({ id, kind: 'removed', outcome: { from: a.outcome, to: null }, changedFields: [] });
      continue;
    }
    const changedFields = COMPARED.filter((k) => !same(a[k], b[k]));
    if (a.outcome !== b.outcome || changedFields.length > 0) {
      const change: IndicatorChange = { id, kind: 'changed', changedFields };
      if (a.outcome !== b.outcome) change.outcome = { from: a.outcome, to: b.outcome };
      indicators.push(change);
    }
  }
  for (const [id, b] of after) {
    if (!before.has(id))
      indicators.push({ id, kind: 'added', outcome: { from: null, to: b.outcome }, changedFields: [] });
  }
  const recommendation =
    oldResult.summary.recommendation === newResult.summary.recommendation
      ? null
      : { from: oldResult.summary.recommendation, to: newResult.summary.recommendation };
  const rulesetVersion =
    oldResult.rulesetVersion === newResult.rulesetVersion
      ? null
      : { from: oldResult.rulesetVersion, to: newResult.rulesetVersion };
  return {
    rulesetVersion,
    inputsChanged: oldResult.inputsDigest !== newResult.inputsDigest,
    recommendation,
    indicators,
    unchanged: indicators.length === 0 && recommendation === null,
  };
}
