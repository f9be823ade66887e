/**
 * Screening throughput, single core, every side on the SAME cases in the same run, nothing subtracted:
 *
 * - `screenCase` (27 indicators, charge reader, digest) against a plain hand-written function for the
 *   twelve strong rules, and against json-rules-engine evaluating the same twelve rules (the library a
 *   user would pick). Both baselines get the charge reader's categories (a rules engine cannot read
 *   free text), so every side pays for charge reading.
 * - `screenCase` with the charge reader's word memo off (every word normalised and stemmed each time).
 *
 * The cases are the labelled set varied deterministically, and every warrant carries a charge text from
 * the realistic generator (bench/charge-texts.ts: most texts distinct). `REDLINE_BENCH_CASES` sets how
 * many cases (default 1,000,000); cases are generated in chunks outside the timed loops.
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
  setChargeWordMemo,
} from '../src/domain/screening/index.ts';
import { chargeTexts, rng } from './charge-texts.ts';
import type { BenchResult } from './run.ts';

const AS_OF = '2026-01-15';
const CHUNK = 10_000;

export function benchCases(): number {
  const n = Number(process.env.REDLINE_BENCH_CASES ?? 1_000_000);
  return Number.isInteger(n) && n > 0 ? n : 1_000_000;
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

let templates: CaseFacts[] | null = null;
function loadTemplates(): CaseFacts[] {
  templates ??= readFileSync(
    new URL('../test/fixtures/screening/labelled-cases.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { facts: CaseFacts }).facts);
  return templates;
}

/**
 * Deterministic generator: labelled cases with varied country, dates, penalties and gaps, and realistic
 * charge texts (most distinct). The same seed gives the same cases.
 */
export function generateCases(n: number, seed = 42): CaseFacts[] {
  const all = loadTemplates();
  const r = rng(seed);
  const texts = chargeTexts(seed);
  const out: CaseFacts[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = structuredClone(all[Math.floor(r() * all.length)]!);
    if (f.notice && r() < 0.5) f.notice.issuingCountry = COUNTRIES[Math.floor(r() * COUNTRIES.length)]!;
    if (f.notice && r() < 0.7)
      f.notice.issuedOn = `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    for (const w of f.judicial?.warrants ?? []) {
      // a charge text as written in a real warrant: most texts never repeat
      if (w.charge) w.charge = texts.next();
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

// ---------------------------------------------------------------------------
// Hand-written baseline: the same twelve strong rules as plain code
// ---------------------------------------------------------------------------

const DUE_PROCESS_TAGS = [
  'torture_allegation',
  'coerced_confession',
  'denial_of_counsel',
  'military_or_special_tribunal',
  'un_or_ngo_finding',
  'invalid_warrant',
];
const PURSUIT_TAGS = [
  'abduction_attempt',
  'rendition_attempt',
  'forced_return_of_associates',
  'surveillance_of_travel',
];
const FABRICATION_TAGS = ['alibi', 'witness_recantation', 'witness_paid', 'case_collapsed_elsewhere'];
const POLITICAL_GROUNDS = [
  'political',
  'human_rights',
  'due_process',
  'torture',
  'refugee_status',
  'article_3',
  'article_2',
];

/** The twelve strong rules of the json-rules-engine baseline, written by hand: ids of those present. */
export function handWrittenStrong(c: CaseFacts, categories: string[]): string[] {
  const x = c as unknown as Any;
  const subject = (x.subject ?? {}) as Any;
  const notice = (x.notice ?? {}) as Any;
  const judicial = (x.judicial ?? {}) as Any;
  const has = (cat: string) => categories.includes(cat);
  const documented = (items: unknown, tags: readonly string[]) =>
    arr(items).some((t) => tags.includes(t.tag as string) && t.basis !== 'self_reported');
  const summary = judicial.summaryOfFacts as Any | undefined;
  const deficient =
    !!summary &&
    (summary.assessedDeficient === true || !summary.time || !summary.place || !summary.personRole);
  const out: string[] = [];
  const protection = (subject.protection ?? {}) as Any;
  if (
    arr(protection.grants).some(
      (g) =>
        g.revoked !== true &&
        (g.status === 'refugee' || g.status === 'asylee') &&
        g.inRespectOf === notice.issuingCountry,
    )
  )
    out.push('IND_REFUGEE_FROM_ISSUING_STATE');
  if (has('political_speech') || ((x.context as Any)?.politicalEvent as Any)?.value === true)
    out.push('IND_ART3_POLITICAL_CHARACTER');
  if (
    has('terrorism_extremism') &&
    !has('violent_crime') &&
    (deficient || (judicial.organisation as Any)?.designatedByUnOrUs === false)
  )
    out.push('IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP');
  if (documented(subject.profileTags, DISSIDENT_PROFILE_TAGS)) out.push('IND_PROFILE_DISSIDENT');
  if (ART83_EXCLUDED_CATEGORIES.some(has) && !SERIOUS_ORDINARY_CATEGORIES.some(has))
    out.push('IND_ART83_EXCLUDED_CATEGORY');
  const warrants = arr(judicial.warrants);
  if (
    warrants.length > 0 &&
    warrants.every((w) => typeof w.maxPenaltyMonths === 'number' && w.maxPenaltyMonths < 24)
  )
    out.push('IND_BELOW_PENALTY_THRESHOLD');
  const prior = arr(x.priorDecisions);
  if (
    prior.some(
      (d) =>
        ['interpol_general_secretariat', 'ndtf', 'ccf'].includes(d.body as string) &&
        ['refused', 'cancelled', 'deleted'].includes(d.result as string) &&
        d.sameFacts !== false,
    ) ||
    notice.afterRefusedRedNotice === true
  )
    out.push('IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION');
  if (
    prior.some(
      (d) =>
        ['foreign_court', 'foreign_government', 'us_court', 'us_agency'].includes(d.body as string) &&
        (d.result === 'found_political' ||
          ((d.result === 'extradition_refused' || d.result === 'asylum_granted') &&
            arr(d.grounds).some((g) => POLITICAL_GROUNDS.includes(g as unknown as string)))),
    )
  )
    out.push('IND_FOREIGN_POLITICAL_FINDING');
  if (documented(x.evidence, DUE_PROCESS_TAGS)) out.push('IND_DUE_PROCESS_OR_TORTURE');
  if (documented(x.evidence, PURSUIT_TAGS)) out.push('IND_EXTRAJUDICIAL_PURSUIT');
  if (deficient) out.push('IND_INSUFFICIENT_JUDICIAL_DATA');
  if (documented(x.evidence, FABRICATION_TAGS)) out.push('IND_EVIDENCE_FABRICATION_SIGNS');
  return out;
}

/** Times `fn` over every case, chunk by chunk (generation outside the timed part); cases/s. */
async function timed(
  n: number,
  fn: (c: CaseFacts) => unknown | Promise<unknown>,
  isAsync = false,
): Promise<{ rate: number; seconds: number }> {
  let ms = 0;
  for (let start = 0, k = 0; start < n; start += CHUNK, k++) {
    const cases = generateCases(Math.min(CHUNK, n - start), 1000 + k);
    const t0 = performance.now();
    if (isAsync) for (const c of cases) await fn(c);
    else for (const c of cases) fn(c);
    ms += performance.now() - t0;
  }
  return { rate: n / (ms / 1000), seconds: ms / 1000 };
}

export async function runScreeningBench(): Promise<BenchResult[]> {
  const n = benchCases();
  // warm-up (JIT) on other cases than the measured ones
  for (const c of generateCases(2_000, 7)) {
    screenCase(c, { asOf: AS_OF });
    handWrittenStrong(c, firmCategoriesOf(c));
  }
  clearChargeCaches();
  const ours = await timed(n, (c) => screenCase(c, { asOf: AS_OF }));
  clearChargeCaches();
  const hand = await timed(n, (c) => handWrittenStrong(c, firmCategoriesOf(c)));
  const engine = buildEngine();
  clearChargeCaches();
  await engine.run({ case: loadTemplates()[0]!, categories: [] });
  const lib = await timed(n, (c) => engine.run({ case: c, categories: firmCategoriesOf(c) }), true);
  setChargeWordMemo(false);
  const cold = await timed(Math.min(n, 20_000), (c) => screenCase(c, { asOf: AS_OF }));
  setChargeWordMemo(true);

  // agreement on "any strong indicator", outside every timed loop
  let agreeHand = 0;
  let agreeLib = 0;
  let flagged = 0;
  const check = generateCases(Math.min(n, 5_000), 1000);
  for (const c of check) {
    const cats = firmCategoriesOf(c);
    const oursFlag = screenCase(c, { asOf: AS_OF }).summary.strongPresent.length > 0;
    if (oursFlag) flagged++;
    if (oursFlag === handWrittenStrong(c, cats).length > 0) agreeHand++;
    if (oursFlag === (await engine.run({ case: c, categories: cats })).events.length > 0) agreeLib++;
  }
  const pct = (k: number) => `${((k / check.length) * 100).toFixed(1)}%`;
  const note = [
    `${n.toLocaleString('en-US')} cases on every side (the same cases), most charge texts distinct; word memo off: first ${Math.min(n, 20_000).toLocaleString('en-US')} cases`,
    `${pct(flagged)} with a strong indicator; "any strong indicator" agrees with the hand-written rules on ${pct(agreeHand)} and with json-rules-engine on ${pct(agreeLib)} (of ${check.length.toLocaleString('en-US')})`,
    `1,000,000 cases at this rate: ${(1_000_000 / ours.rate).toFixed(0)} s single core`,
  ];
  const name = 'screenCase (27 indicators + charge reader + sha256), distinct charge texts';
  return [
    {
      name,
      baseline: 'hand-written function, 12 strong rules (same charge reader)',
      unit: 'cases/s',
      ours: ours.rate,
      theirs: hand.rate,
      ratio: ours.rate / hand.rate,
      notes: note,
    },
    {
      name,
      baseline: 'json-rules-engine 7, 12 strong rules (same charge reader)',
      unit: 'cases/s',
      ours: ours.rate,
      theirs: lib.rate,
      ratio: ours.rate / lib.rate,
    },
    {
      name: 'screenCase, charge reader word memo off (every word stemmed each time)',
      baseline: 'screenCase, word memo on',
      unit: 'cases/s',
      ours: cold.rate,
      theirs: ours.rate,
      ratio: cold.rate / ours.rate,
    },
  ];
}
