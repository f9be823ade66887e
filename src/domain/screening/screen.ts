/**
 * screenCase: runs every indicator over one case's facts and summarises the result. Pure apart from
 * sha256 (node:crypto). The recommendation is ADVICE to the reviewer, never a decision: a trained
 * reviewer decides each indicator and a supervisor approves any action (Directive D5, D6).
 */
import { hash } from 'node:crypto';
import { CHARGE_LEXICON_VERSION, type ChargeReading, readCharge, readCharges } from './charges.ts';
import { type CountryContextTable, DEFAULT_COUNTRY_CONTEXT } from './country-context.ts';
import { type CaseFacts, type OffenceCategory, parseCaseFacts } from './facts.ts';
import {
  type EffectiveCategory,
  INDICATORS,
  type IndicatorOutcome,
  type IndicatorStrength,
  type MissingFact,
  type PreparedCase,
  type TriggeredFact,
} from './indicators.ts';

/**
 * Version of the screening ruleset: indicator table, predicates, thresholds and charge lexicon.
 * Bump it whenever any of these change; diffScreenings shows per case what changed.
 */
export const RULESET_VERSION = '2026.1.0';

export type Recommendation = 'do_not_act_refer_legal_review' | 'heightened_scrutiny' | 'no_indicators';

export const RECOMMENDATION_TEXT: Record<Recommendation, string> = {
  do_not_act_refer_legal_review:
    'Advice: a strong indicator of possible abuse or non-compliance, or a validity problem, was found. Do not act on the notice or diffusion; refer the case for legal review. The reviewer decides each indicator; this is not a decision.',
  heightened_scrutiny:
    'Advice: contextual indicators were found, or strong indicators could not be determined. Review with heightened scrutiny and request the missing documents before relying on the notice. This is not a decision.',
  no_indicators:
    'Advice: no indicator of abuse was found in the facts recorded so far. The reviewer must still decide each indicator, and a supervisor must approve any action. This is not a decision.',
};

export interface IndicatorResult {
  id: string;
  title: string;
  strength: IndicatorStrength;
  citation: string;
  explanation: string;
  outcome: IndicatorOutcome;
  triggeredBy: TriggeredFact[];
  missing: MissingFact[];
}

export interface ScreeningSummary {
  strongPresent: string[];
  contextualPresent: string[];
  validityPresent: string[];
  undetermined: string[];
  recommendation: Recommendation;
  recommendationText: string;
}

export interface ScreeningResult {
  rulesetVersion: string;
  chargeLexiconVersion: string;
  countryContextVersion: string;
  /** ISO date the screening was made for (expiry and elapsed-time checks). */
  asOf: string;
  /** sha256 (hex) of the canonical JSON of the facts. */
  inputsDigest: string;
  /** Offence categories used (confirmed by a reviewer, or suggested by the charge reader). */
  offenceCategories: EffectiveCategory[];
  /** The charge reader's reading of the warrant charges (suggestion for the reviewer), or null. */
  chargeReading: ChargeReading | null;
  results: IndicatorResult[];
  summary: ScreeningSummary;
}

export interface ScreenOptions {
  /** ISO date (YYYY-MM-DD) to screen as of. Default: today (UTC). */
  asOf?: string;
  countryContext?: CountryContextTable;
  /** Validate the facts with the Zod schema first (throws on invalid input). Default false. */
  validate?: boolean;
  /** `digestFacts` of these facts when the caller has computed it already (it is not computed twice). */
  inputsDigest?: string;
}

// ---------------------------------------------------------------------------
// Canonical digest
// ---------------------------------------------------------------------------

const quotedKeys = new Map<string, string>();

function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, lone surrogates). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON escapes
const NEEDS_ESCAPE_RE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE_RE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** Sorts a few keys in place by UTF-16 code units (what Array.prototype.sort does with strings). */
function sortKeys(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}

function canonical(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + canonical(v[i]);
    return `${s}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  sortKeys(keys);
  let s = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = o[k];
    if (x === undefined) continue;
    s += (first ? '' : ',') + quoteKey(k) + canonical(x);
    first = false;
  }
  return `${s}}`;
}

/** Canonical JSON (sorted keys, no undefined) of the facts. */
export function canonicalFacts(facts: CaseFacts): string {
  return canonical(facts);
}

/** sha256 hex of the canonical facts. */
export function digestFacts(facts: CaseFacts): string {
  return hash('sha256', canonical(facts), 'hex');
}

// ---------------------------------------------------------------------------
// Preparation
// ---------------------------------------------------------------------------

function chargeTexts(facts: CaseFacts): string[] {
  const out: string[] = [];
  for (const w of facts.judicial?.warrants ?? []) {
    if (w.charge?.trim()) out.push(w.charge);
    if (w.chargeTranslation?.trim()) out.push(w.chargeTranslation);
  }
  return out;
}

function effectiveCategories(
  facts: CaseFacts,
  reading: ChargeReading | null,
): Map<OffenceCategory, EffectiveCategory> | null {
  const confirmed = facts.judicial?.confirmedCategories;
  if (confirmed) {
    const m = new Map<OffenceCategory, EffectiveCategory>();
    for (const category of confirmed.categories) {
      m.set(category, {
        category,
        confidence: 1,
        firm: true,
        origin: 'confirmed',
        evidence: confirmed.confirmedBy
          ? [`confirmed by ${confirmed.confirmedBy}`]
          : ['confirmed by reviewer'],
      });
    }
    return m;
  }
  const warrants = facts.judicial?.warrants ?? [];
  if (warrants.some((w) => w.confirmedCategories)) {
    // Per-warrant corrections: confirmed categories for those warrants, the reader for the others.
    const m = new Map<OffenceCategory, EffectiveCategory>();
    const rest: string[] = [];
    for (const w of warrants) {
      if (w.confirmedCategories) {
        for (const category of w.confirmedCategories)
          m.set(category, {
            category,
            confidence: 1,
            firm: true,
            origin: 'confirmed',
            evidence: [`confirmed for the charge "${w.charge ?? ''}"`],
          });
      } else {
        if (w.charge?.trim()) rest.push(w.charge);
        if (w.chargeTranslation?.trim()) rest.push(w.chargeTranslation);
      }
    }
    const restReading = rest.length > 0 ? readCharges(rest) : null;
    for (const c of restReading?.categories ?? []) {
      if (m.has(c.category)) continue;
      m.set(c.category, {
        category: c.category,
        confidence: c.confidence,
        firm: c.firm,
        origin: 'charge_reader',
        evidence: c.matches.map((x) => x.matched),
      });
    }
    return m.size > 0 ? m : null;
  }
  if (!reading || reading.categories.length === 0) return null;
  const m = new Map<OffenceCategory, EffectiveCategory>();
  for (const c of reading.categories) {
    m.set(c.category, {
      category: c.category,
      confidence: c.confidence,
      firm: c.firm,
      origin: 'charge_reader',
      evidence: c.matches.map((x) => x.matched),
    });
  }
  return m;
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Computes what the predicates share (charge reading, categories). Exported for tests and tools. */
export function prepareCase(facts: CaseFacts, options: ScreenOptions = {}): PreparedCase {
  const texts = chargeTexts(facts);
  const charges = texts.length > 0 ? readCharges(texts) : null;
  const summaryText = facts.judicial?.summaryOfFacts?.text;
  const summary = summaryText ? readCharge(summaryText) : null;
  return {
    facts,
    asOf: options.asOf ?? todayIso(),
    charges,
    summary,
    categories: effectiveCategories(facts, charges),
    countryContext: options.countryContext ?? DEFAULT_COUNTRY_CONTEXT,
  };
}

// ---------------------------------------------------------------------------
// Screening
// ---------------------------------------------------------------------------

/**
 * The result of an indicator that is absent with nothing triggered and nothing missing is the same for
 * every case: one frozen object per indicator, shared (most indicators are absent in most cases).
 */
const ABSENT_RESULTS: readonly IndicatorResult[] = INDICATORS.map((d) =>
  Object.freeze({
    id: d.id,
    title: d.title,
    strength: d.strength,
    citation: d.citation,
    explanation: d.explanation,
    outcome: 'absent' as const,
    triggeredBy: Object.freeze([]) as unknown as TriggeredFact[],
    missing: Object.freeze([]) as unknown as MissingFact[],
  }),
);

/**
 * The source of the fact at a path such as `priorDecisions[0]` or `subject.protection.grants[0].inRespectOf`:
 * the nearest `source` on the way down (a fact inherits the source of the fact that contains it), in words.
 * Undefined when the path is not a single fact (`judicial.warrants[].charge`) or nothing names a source.
 */
export function sourceOfFact(facts: CaseFacts, field: string): string | undefined {
  let node: unknown = facts;
  let found: { document?: string; reportedBy?: string } | undefined;
  for (const [key, index] of factPath(field)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (index !== undefined) node = Array.isArray(node) ? node[index] : undefined;
    if (!node || typeof node !== 'object') break;
    const src = (node as { source?: { document?: string; reportedBy?: string } }).source;
    if (src && (src.document || src.reportedBy)) found = src;
  }
  if (found?.document) return `document “${found.document}”`;
  if (found?.reportedBy) return `reported by ${found.reportedBy}`;
  return undefined;
}

type PathStep = readonly [key: string, index: number | undefined];

/** The fields indicators name are few: their parsed paths are kept (bounded). */
const parsedPaths = new Map<string, readonly PathStep[]>();

/** The steps of a field's path up to the first segment that is not a single fact (`x[]`, odd names). */
function factPath(field: string): readonly PathStep[] {
  let steps = parsedPaths.get(field);
  if (steps !== undefined) return steps;
  const out: PathStep[] = [];
  for (const seg of field.split(' ')[0]!.split('.')) {
    const m = /^([A-Za-z]+)(?:\[(\d*)\])?$/.exec(seg);
    if (!m || m[2] === '') break;
    out.push([m[1]!, m[2] !== undefined ? Number(m[2]) : undefined]);
  }
  steps = out;
  if (parsedPaths.size >= 10_000) parsedPaths.clear();
  parsedPaths.set(field, steps);
  return steps;
}

function withSources(facts: CaseFacts, triggered: TriggeredFact[]): TriggeredFact[] {
  let out: TriggeredFact[] | undefined;
  for (let i = 0; i < triggered.length; i++) {
    const source = sourceOfFact(facts, triggered[i]!.field);
    if (source === undefined) continue;
    out ??= triggered.slice();
    out[i] = { ...triggered[i]!, source };
  }
  return out ?? triggered;
}

export function screenCase(input: CaseFacts, options: ScreenOptions = {}): ScreeningResult {
  const facts = options.validate ? parseCaseFacts(input) : input;
  const prepared = prepareCase(facts, options);
  const results: IndicatorResult[] = new Array(INDICATORS.length);
  const strongPresent: string[] = [];
  const contextualPresent: string[] = [];
  const validityPresent: string[] = [];
  const undetermined: string[] = [];
  let strongUndetermined = false;
  for (let i = 0; i < INDICATORS.length; i++) {
    const d = INDICATORS[i]!;
    const r = d.evaluate(prepared);
    if (r.outcome === 'absent' && r.triggeredBy.length === 0 && r.missing.length === 0) {
      results[i] = ABSENT_RESULTS[i]!;
      continue;
    }
    results[i] = {
      id: d.id,
      title: d.title,
      strength: d.strength,
      citation: d.citation,
      explanation: d.explanation,
      outcome: r.outcome,
      triggeredBy: r.outcome === 'present' ? withSources(facts, r.triggeredBy) : r.triggeredBy,
      missing: r.missing,
    };
    if (r.outcome === 'present') {
      if (d.strength === 'strong') strongPresent.push(d.id);
      else if (d.strength === 'contextual') contextualPresent.push(d.id);
      else validityPresent.push(d.id);
    } else if (r.outcome === 'undetermined') {
      undetermined.push(d.id);
      if (d.strength !== 'contextual') strongUndetermined = true;
    }
  }
  const recommendation: Recommendation =
    strongPresent.length > 0 || validityPresent.length > 0
      ? 'do_not_act_refer_legal_review'
      : contextualPresent.length > 0 || strongUndetermined
        ? 'heightened_scrutiny'
        : 'no_indicators';
  return {
    rulesetVersion: RULESET_VERSION,
    chargeLexiconVersion: CHARGE_LEXICON_VERSION,
    countryContextVersion: prepared.countryContext.version,
    asOf: prepared.asOf,
    inputsDigest: options.inputsDigest ?? digestFacts(facts),
    offenceCategories: prepared.categories ? [...prepared.categories.values()] : [],
    chargeReading: prepared.charges,
    results,
    summary: {
      strongPresent,
      contextualPresent,
      validityPresent,
      undetermined,
      recommendation,
      recommendationText: RECOMMENDATION_TEXT[recommendation],
    },
  };
}
