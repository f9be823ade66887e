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
 *
 * Most indicators of most cases are undetermined for the same reason: the one fact they need is not on
 * file, and the document to ask for is always the same (about a thousand bytes a case of `open` entries
 * that say so). A row marked `usual: 1` leaves out such an entry: an indicator listed in
 * `summary.undetermined` with no entry in `open` is undetermined, triggered by nothing, and missing
 * exactly the facts `USUAL_MISSING_V1` names for it. An entry that differs in any way (a fact found, a
 * document on file to read it from, several facts missing) is written out. The table is part of the
 * stored format: changing it means a new table and a new marker value, never editing this one.
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
  /** 1: the undetermined indicators without an `open` entry miss what `USUAL_MISSING_V1` names. */
  usual?: 1;
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

/**
 * For each indicator, the facts it usually misses when undetermined, as the compact form writes them
 * (`[field, key of the document]`). Fixed: rows marked `usual: 1` are read with it.
 */
export const USUAL_MISSING_V1: Readonly<Record<string, ReadonlyArray<readonly [string, RequestKey]>>> = {
  VAL_NOT_CURRENT: [['notice.status', 'status']],
  CTX_ASYLUM_PENDING: [['subject.protection', 'protection']],
  CTX_LOW_SERIOUSNESS: [['judicial.damageValue', 'damage']],
  CTX_MINORITY_MEMBER: [['subject.profileTags', 'profile']],
  IND_PROFILE_DISSIDENT: [['subject.profileTags', 'profile']],
  CTX_SUBJECT_CLAIM_ONLY: [['subject.claims', 'claims']],
  CTX_TIMING_AFTER_ASYLUM: [['subject.protection', 'protection']],
  CTX_MASS_LISTING_CAMPAIGN: [['context.massListingCampaign', 'context']],
  IND_EXTRAJUDICIAL_PURSUIT: [['evidence', 'evidence']],
  CTX_BUSINESS_ASSET_DISPUTE: [['context.assetDispute', 'context']],
  CTX_TIMING_AFTER_CRITICISM: [['subject.publicActivities', 'profile']],
  IND_DUE_PROCESS_OR_TORTURE: [['evidence', 'evidence']],
  CTX_NO_EXTRADITION_FOLLOWUP: [['extradition', 'extradition']],
  IND_FOREIGN_POLITICAL_FINDING: [['priorDecisions', 'foreignDecisions']],
  IND_EVIDENCE_FABRICATION_SIGNS: [['evidence', 'evidence']],
  IND_INSUFFICIENT_JUDICIAL_DATA: [['judicial.summaryOfFacts', 'summary']],
  IND_REFUGEE_FROM_ISSUING_STATE: [['subject.protection', 'protection']],
  CTX_REGIME_CHANGE_FORMER_OFFICIAL: [['subject.profileTags', 'profile']],
  CTX_RELATIVES_OR_ASSOCIATES_TARGETED: [['context.relatedPersons', 'context']],
  IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION: [['priorDecisions', 'history']],
  IND_BELOW_PENALTY_THRESHOLD: [['judicial.warrants[].maxPenaltyMonths', 'penalty']],
  IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP: [['judicial.summaryOfFacts', 'summary']],
};

/** Whether compact missing facts are exactly the usual ones of the indicator. */
function isUsual(id: string, missing: CompactMissing[]): boolean {
  const usual = USUAL_MISSING_V1[id];
  if (!usual || usual.length !== missing.length) return false;
  for (let i = 0; i < usual.length; i++) {
    const m = missing[i]!;
    if (!Array.isArray(m) || m[0] !== usual[i]![0] || m[1] !== usual[i]![1]) return false;
  }
  return true;
}

/** The compact form of a screening (what the bulk re-screening stores). */
export function compactScreening(r: ScreeningResult): CompactScreening {
  const open: CompactScreening['open'] = {};
  const listed = new Set(r.summary.undetermined);
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
    if (
      x.outcome === 'undetermined' &&
      x.triggeredBy.length === 0 &&
      listed.has(x.id) &&
      isUsual(x.id, missing)
    )
      continue;
    open[x.id] = [x.outcome, x.triggeredBy, missing];
  }
  const s = r.summary;
  return {
    form: 'compact',
    usual: 1,
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
  const usual = stored.usual === 1 ? new Set(stored.summary.undetermined) : null;
  const results: IndicatorResult[] = INDICATORS.map((d) => {
    let o = open[d.id];
    if (!o && usual?.has(d.id)) {
      const missing = USUAL_MISSING_V1[d.id];
      if (missing) o = ['undetermined', [], missing as CompactMissing[]];
    }
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
