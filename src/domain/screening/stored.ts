/**
 * The compact form of a stored screening. A full `ScreeningResult` repeats, for each of the 27
 * indicators, its title, strength, citation and explanation, and for each missing fact the text of the
 * document to request: about 19 KB of JSON a case, nearly all of it constants of the ruleset. The compact
 * form keeps only what depends on the case — the outcomes that are not `absent` with the facts that
 * triggered them and the facts that are missing (each naming its document by key), the offence
 * categories, the charge reading, the summary (same paths as the full form, so SQL that reads
 * `results -> 'summary'` or `results -> 'offenceCategories'` reads both forms) and the versions — and
 * `expandScreening` resolves the rest from the ruleset when it is read. Rows stored in the full form
 * are read as they are. Pure.
 *
 * The texts are resolved from the ruleset in this code: a ruleset version that changes a title,
 * citation, explanation or document text must keep the previous version's texts for the compact rows
 * stored under it (a test checks the compact form of the current version round-trips exactly).
 */
import type { ChargeReading } from './charges.ts';
import {
  type EffectiveCategory,
  INDICATORS,
  type IndicatorOutcome,
  MISSING_REQUESTS,
  type MissingFact,
  type TriggeredFact,
} from './indicators.ts';
import {
  type IndicatorResult,
  RECOMMENDATION_TEXT,
  type Recommendation,
  type ScreeningResult,
} from './screen.ts';

type RequestKey = keyof typeof MISSING_REQUESTS;

/** A missing fact: `[field, key of the document]`, or the whole fact when its document is not a known one. */
export type CompactMissing = [field: string, request: string] | MissingFact;

export interface CompactScreening {
  form: 'compact';
  rulesetVersion: string;
  chargeLexiconVersion: string;
  countryContextVersion: string;
  asOf: string;
  inputsDigest: string;
  offenceCategories: EffectiveCategory[];
  chargeReading: ChargeReading | null;
  summary: {
    strongPresent: string[];
    contextualPresent: string[];
    validityPresent: string[];
    undetermined: string[];
    recommendation: Recommendation;
  };
  /** Every indicator whose outcome is not a plain `absent`, by id; the others are absent. */
  open: Record<string, [outcome: IndicatorOutcome, triggeredBy: TriggeredFact[], missing: CompactMissing[]]>;
}

const requestKeyOf = new Map<string, RequestKey>();
for (const [k, v] of Object.entries(MISSING_REQUESTS) as Array<
  [RequestKey, (typeof MISSING_REQUESTS)[RequestKey]]
>)
  requestKeyOf.set(`${v.requestFrom}\u0000${v.requestDocument}`, k);

const NONE: never[] = [];

/** The compact form of a screening (what the bulk re-screening stores). */
export function compactScreening(r: ScreeningResult): CompactScreening {
  const open: CompactScreening['open'] = {};
  for (const x of r.results) {
    if (x.outcome === 'absent' && x.triggeredBy.length === 0 && x.missing.length === 0) continue;
    let missing: CompactMissing[] = NONE;
    if (x.missing.length > 0) {
      missing = new Array(x.missing.length);
      for (let i = 0; i < x.missing.length; i++) {
        const m = x.missing[i]!;
        const key = requestKeyOf.get(`${m.requestFrom}\u0000${m.requestDocument}`);
        missing[i] = key !== undefined ? [m.field, key] : m;
      }
    }
    open[x.id] = [x.outcome, x.triggeredBy, missing];
  }
  const s = r.summary;
  return {
    form: 'compact',
    rulesetVersion: r.rulesetVersion,
    chargeLexiconVersion: r.chargeLexiconVersion,
    countryContextVersion: r.countryContextVersion,
    asOf: r.asOf,
    inputsDigest: r.inputsDigest,
    offenceCategories: r.offenceCategories,
    chargeReading: r.chargeReading,
    summary: {
      strongPresent: s.strongPresent,
      contextualPresent: s.contextualPresent,
      validityPresent: s.validityPresent,
      undetermined: s.undetermined,
      recommendation: s.recommendation,
    },
    open,
  };
}

function isCompact(v: unknown): v is CompactScreening {
  return typeof v === 'object' && v !== null && (v as { form?: unknown }).form === 'compact';
}

/** A stored screening (either form) as the full `ScreeningResult`. */
export function expandScreening(stored: unknown): ScreeningResult {
  if (!isCompact(stored)) return stored as ScreeningResult;
  const open = stored.open ?? {};
  const results: IndicatorResult[] = INDICATORS.map((d) => {
    const o = open[d.id];
    return {
      id: d.id,
      title: d.title,
      strength: d.strength,
      citation: d.citation,
      explanation: d.explanation,
      outcome: o ? o[0] : 'absent',
      triggeredBy: o ? o[1] : [],
      missing: o
        ? o[2].map((m): MissingFact => {
            if (!Array.isArray(m)) return m;
            const req = MISSING_REQUESTS[m[1] as RequestKey];
            return req
              ? { field: m[0], requestDocument: req.requestDocument, requestFrom: req.requestFrom }
              : { field: m[0], requestDocument: m[1], requestFrom: 'case_file' };
          })
        : [],
    };
  });
  const s = stored.summary;
  return {
    rulesetVersion: stored.rulesetVersion,
    chargeLexiconVersion: stored.chargeLexiconVersion,
    countryContextVersion: stored.countryContextVersion,
    asOf: stored.asOf,
    inputsDigest: stored.inputsDigest,
    offenceCategories: stored.offenceCategories,
    chargeReading: stored.chargeReading,
    results,
    summary: {
      strongPresent: s.strongPresent,
      contextualPresent: s.contextualPresent,
      validityPresent: s.validityPresent,
      undetermined: s.undetermined,
      recommendation: s.recommendation,
      recommendationText: RECOMMENDATION_TEXT[s.recommendation],
    },
  };
}
