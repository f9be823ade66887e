/**
 * Screening throughput: screenCase on N cases generated deterministically from the labelled set
 * (with variations), against json-rules-engine evaluating the same twelve strong indicators on the
 * same cases, in the same run, single core.
 *
 * The baseline gets the charge reader's output too (the rules engine cannot read free text), so both
 * sides pay for charge reading. The baseline only answers present / not present, without the
 * undetermined outcome, the missing-document list, the explanations or the digest — ours does more.
 */
import { readFileSync } from 'node:fs';
import { Engine, type RuleProperties } from 'json-rules-engine';
import {
  ART83_EXCLUDED_CATEGORIES,
  type CaseFacts,
  clearChargeCaches,
  DISSIDENT_PROFILE_TAGS,
  readCharges,
  SERIOUS_ORDINARY_CATEGORIES,
  screenCase,
} from '../src/domain/screening/index.ts';
import type { BenchResult } from './run.ts';

const AS_OF = '2026-01-15';
const OURS_CASES = 200_000;
const THEIRS_CASES = 10_000;
const TIME_BUDGET_MS = 20_000;

/** mulberry32: small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = [
  'RU',
  'TR',
  'CN',
  'IN',
  'MX',
  'CO',
  'DE',
  'FR',
  'VE',
  'TJ',
  'AE',
  'BR',
  'NG',
  'KZ',
  'ES',
  'GB',
];

function loadTemplates(): CaseFacts[] {
  const text = readFileSync(
    new URL('../test/fixtures/screening/labelled-cases.jsonl', import.meta.url),
    'utf8',
  );
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { facts: CaseFacts }).facts);
}

/** Deterministic generator: labelled cases with varied country, dates, penalties, charge wording and gaps. */
export function generateCases(n: number, seed = 42): CaseFacts[] {
  const templates = loadTemplates();
  const r = rng(seed);
  const out: CaseFacts[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = structuredClone(templates[Math.floor(r() * templates.length)]!);
    if (f.notice && r() < 0.5) f.notice.issuingCountry = COUNTRIES[Math.floor(r() * COUNTRIES.length)]!;
    if (f.notice && r() < 0.7)
      f.notice.issuedOn = `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    for (const w of f.judicial?.warrants ?? []) {
      // different article numbers / case references: many distinct charge texts, as in real data
      if (w.charge && r() < 0.6) w.charge = `${w.charge} (art. ${1 + Math.floor(r() * 400)})`;
      if (r() < 0.3) w.maxPenaltyMonths = Math.floor(r() * 240);
      if (r() < 0.1) delete w.maxPenaltyMonths;
    }
    if (r() < 0.15) delete f.priorDecisions;
    if (r() < 0.15) delete f.evidence;
    if (f.subject && r() < 0.1) delete f.subject.profileTags;
    out[i] = f;
  }
  return out;
}

// ---------------------------------------------------------------------------
// json-rules-engine baseline: the same strong indicators
// ---------------------------------------------------------------------------

type Any = Record<string, unknown>;
const arr = (x: unknown): Any[] => (Array.isArray(x) ? (x as Any[]) : []);

function buildEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator(
    'containsAnyOf',
    (a: unknown, b: unknown) => Array.isArray(a) && (b as unknown[]).some((x) => a.includes(x)),
  );
  engine.addOperator(
    'containsNoneOf',
    (a: unknown, b: unknown) => !Array.isArray(a) || !(b as unknown[]).some((x) => a.includes(x)),
  );
  engine.addOperator('grantFrom', (grants: unknown, issuing: unknown) =>
    arr(grants).some(
      (g) =>
        g.revoked !== true && (g.status === 'refugee' || g.status === 'asylee') && g.inRespectOf === issuing,
    ),
  );
  engine.addOperator('documentedTagIn', (items: unknown, tags: unknown) =>
    arr(items).some((t) => (tags as unknown[]).includes(t.tag) && t.basis !== 'self_reported'),
  );
  engine.addOperator('allPenaltiesBelow', (warrants: unknown, min: unknown) => {
    const w = arr(warrants);
    return (
      w.length > 0 &&
      w.every((x) => typeof x.maxPenaltyMonths === 'number' && x.maxPenaltyMonths < (min as number))
    );
  });
  engine.addOperator('interpolNegative', (pd: unknown) =>
    arr(pd).some(
      (d) =>
        ['interpol_general_secretariat', 'ndtf', 'ccf'].includes(d.body as string) &&
        ['refused', 'cancelled', 'deleted'].includes(d.result as string) &&
        d.sameFacts !== false,
    ),
  );
  engine.addOperator('foreignPolitical', (pd: unknown) =>
    arr(pd).some(
      (d) =>
        ['foreign_court', 'foreign_government', 'us_court', 'us_agency'].includes(d.body as string) &&
        (d.result === 'found_political' ||
          ((d.result === 'extradition_refused' || d.result === 'asylum_granted') &&
            arr(d.grounds).some((g) =>
              [
                'political',
                'human_rights',
                'due_process',
                'torture',
                'refugee_status',
                'article_3',
                'article_2',
              ].includes(g as unknown as string),
            ))),
    ),
  );
  engine.addOperator('summaryDeficient', (s: unknown) => {
    if (!s || typeof s !== 'object') return false;
    const x = s as Any;
    return x.assessedDeficient === true || !x.time || !x.place || !x.personRole;
  });

  const rule = (name: string, conditions: RuleProperties['conditions']): RuleProperties => ({
    name,
    conditions,
    event: { type: name },
  });
  const f = (path: string, operator: string, value: unknown) => ({ fact: 'case', path, operator, value });
  const cat = (operator: string, value: unknown) => ({ fact: 'categories', operator, value });
  const rules: RuleProperties[] = [
    rule('IND_REFUGEE_FROM_ISSUING_STATE', {
      all: [f('$.subject.protection.grants', 'grantFrom', { fact: 'case', path: '$.notice.issuingCountry' })],
    }),
    rule('IND_ART3_POLITICAL_CHARACTER', {
      any: [cat('containsAnyOf', ['political_speech']), f('$.context.politicalEvent.value', 'equal', true)],
    }),
    rule('IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP', {
      all: [
        cat('containsAnyOf', ['terrorism_extremism']),
        cat('containsNoneOf', ['violent_crime']),
        {
          any: [
            f('$.judicial.summaryOfFacts', 'summaryDeficient', true),
            f('$.judicial.organisation.designatedByUnOrUs', 'equal', false),
          ],
        },
      ],
    }),
    rule('IND_PROFILE_DISSIDENT', {
      all: [f('$.subject.profileTags', 'documentedTagIn', [...DISSIDENT_PROFILE_TAGS])],
    }),
    rule('IND_ART83_EXCLUDED_CATEGORY', {
      all: [
        cat('containsAnyOf', [...ART83_EXCLUDED_CATEGORIES]),
        cat('containsNoneOf', [...SERIOUS_ORDINARY_CATEGORIES]),
      ],
    }),
    rule('IND_BELOW_PENALTY_THRESHOLD', { all: [f('$.judicial.warrants', 'allPenaltiesBelow', 24)] }),
    rule('IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION', {
      any: [
        f('$.priorDecisions', 'interpolNegative', true),
        f('$.notice.afterRefusedRedNotice', 'equal', true),
      ],
    }),
    rule('IND_FOREIGN_POLITICAL_FINDING', { all: [f('$.priorDecisions', 'foreignPolitical', true)] }),
    rule('IND_DUE_PROCESS_OR_TORTURE', {
      all: [
        f('$.evidence', 'documentedTagIn', [
          'torture_allegation',
          'coerced_confession',
          'denial_of_counsel',
          'military_or_special_tribunal',
          'un_or_ngo_finding',
          'invalid_warrant',
        ]),
      ],
    }),
    rule('IND_EXTRAJUDICIAL_PURSUIT', {
      all: [
        f('$.evidence', 'documentedTagIn', [
          'abduction_attempt',
          'rendition_attempt',
          'forced_return_of_associates',
          'surveillance_of_travel',
        ]),
      ],
    }),
    rule('IND_INSUFFICIENT_JUDICIAL_DATA', {
      all: [f('$.judicial.summaryOfFacts', 'summaryDeficient', true)],
    }),
    rule('IND_EVIDENCE_FABRICATION_SIGNS', {
      all: [
        f('$.evidence', 'documentedTagIn', [
          'alibi',
          'witness_recantation',
          'witness_paid',
          'case_collapsed_elsewhere',
        ]),
      ],
    }),
  ];
  for (const r of rules) engine.addRule(r);
  return engine;
}

function firmCategoriesOf(c: CaseFacts): string[] {
  const texts: string[] = [];
  for (const w of c.judicial?.warrants ?? []) {
    if (w.charge) texts.push(w.charge);
    if (w.chargeTranslation) texts.push(w.chargeTranslation);
  }
  if (c.judicial?.confirmedCategories) return c.judicial.confirmedCategories.categories;
  return texts.length
    ? readCharges(texts)
        .categories.filter((x) => x.firm)
        .map((x) => x.category)
    : [];
}

export async function runScreeningBench(): Promise<BenchResult> {
  const ours = generateCases(OURS_CASES);
  const theirs = ours.slice(0, THEIRS_CASES);

  // warm-up (JIT), then clear the charge caches so both sides start cold
  for (let i = 0; i < 2_000; i++) screenCase(ours[i]!, { asOf: AS_OF });
  clearChargeCaches();

  let flaggedOurs = 0;
  let done = 0;
  const t0 = performance.now();
  for (; done < ours.length; done++) {
    if (screenCase(ours[done]!, { asOf: AS_OF }).summary.strongPresent.length > 0) flaggedOurs++;
    if ((done & 1023) === 0 && performance.now() - t0 > TIME_BUDGET_MS) break;
  }
  const oursRate = done / ((performance.now() - t0) / 1000);

  const engine = buildEngine();
  clearChargeCaches();
  await engine.run({ case: theirs[0]!, categories: firmCategoriesOf(theirs[0]!) });
  let theirsDone = 0;
  let agree = 0;
  const t1 = performance.now();
  for (; theirsDone < theirs.length; theirsDone++) {
    const c = theirs[theirsDone]!;
    const { events } = await engine.run({ case: c, categories: firmCategoriesOf(c) });
    const oursFlag = screenCase(c, { asOf: AS_OF }).summary.strongPresent.length > 0;
    if (oursFlag === events.length > 0) agree++;
    if ((theirsDone & 255) === 0 && performance.now() - t1 > TIME_BUDGET_MS) break;
  }
  // the agreement check above re-runs screenCase inside the baseline loop: time it separately and remove it
  const tCheck = performance.now();
  for (let i = 0; i < theirsDone; i++) screenCase(theirs[i]!, { asOf: AS_OF });
  const checkMs = performance.now() - tCheck;
  const theirsRate = theirsDone / ((performance.now() - t1 - 2 * checkMs) / 1000);

  return {
    name: 'screenCase (27 indicators + charge reader + sha256)',
    baseline: 'json-rules-engine 7 (12 strong indicators)',
    unit: 'cases/s',
    ours: oursRate,
    theirs: theirsRate,
    ratio: oursRate / theirsRate,
    notes: [
      `ours: ${done.toLocaleString('en-US')} generated cases, ${((flaggedOurs / done) * 100).toFixed(1)}% with a strong indicator; baseline: ${theirsDone.toLocaleString('en-US')} cases`,
      `"any strong indicator" agreement with the baseline on its cases: ${((agree / theirsDone) * 100).toFixed(1)}%`,
      `1,000,000 cases at this rate: ${(1_000_000 / oursRate).toFixed(0)} s single core`,
    ],
  };
}
