/**
 * The compiled charge matcher (trie + Aho–Corasick, no text cache) reads exactly as the reader it
 * replaced: on every charge text of the labelled set, on generated realistic texts and on random texts
 * built from lexicon words, inflections, other scripts, digits and punctuation (fast-check), with the
 * word memo on and off.
 */
import { readFileSync } from 'node:fs';
import anyAscii from 'any-ascii';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { chargeTexts } from '../../../bench/charge-texts.ts';
import {
  chargeTokens,
  clearChargeCaches,
  readCharge,
  readCharges,
  setChargeWordMemo,
} from '../../../src/domain/screening/charges.ts';
import * as reference from './charges-reference.ts';

const fixtureTexts: string[] = [];
for (const line of readFileSync(
  new URL('../../fixtures/screening/labelled-cases.jsonl', import.meta.url),
  'utf8',
).split('\n')) {
  if (!line.trim()) continue;
  const f = JSON.parse(line) as {
    facts: {
      judicial?: {
        warrants?: Array<{ charge?: string; chargeTranslation?: string }>;
        summaryOfFacts?: { text?: string };
      };
    };
  };
  for (const w of f.facts.judicial?.warrants ?? []) {
    if (w.charge) fixtureTexts.push(w.charge);
    if (w.chargeTranslation) fixtureTexts.push(w.chargeTranslation);
  }
  if (f.facts.judicial?.summaryOfFacts?.text) fixtureTexts.push(f.facts.judicial.summaryOfFacts.text);
}
const testTexts = [
  ...readFileSync(new URL('./charges.test.ts', import.meta.url), 'utf8').matchAll(/\['([^']+)'/g),
].map((m) => m[1]!);

function same(text: string): void {
  reference.clearChargeCaches();
  expect(readCharge(text)).toEqual(reference.readCharge(text));
}

afterAll(() => setChargeWordMemo(true));

describe('charge tokens', () => {
  const TOKEN_RE = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;
  const byRegex = (t: string) => t.match(TOKEN_RE) ?? [];

  it('are the matches of the Unicode-property expression the reader used, on any text (fast-check)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc
        .array(
          fc.constantFrom('a', 'Я', '中', '〆', '⺀', 'ٍ', '١', '𠀀', '𝐀', ' ', '-', '\ud800', '\udc00', '̀'),
          {
            maxLength: 20,
          },
        )
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(chargeTokens(t)).toEqual(byRegex(t));
      }),
      { numRuns: 20_000, seed: 20261201 },
    );
    for (const t of [...fixtureTexts, ...testTexts]) expect(chargeTokens(t)).toEqual(byRegex(t));
  });
});

describe.each([true, false])('compiled charge matcher (word memo %s)', (memo) => {
  it('reads every charge text of the labelled set and of the reader tests as before', () => {
    setChargeWordMemo(memo);
    expect(fixtureTexts.length).toBeGreaterThan(50);
    expect(testTexts.length).toBeGreaterThan(50);
    for (const t of [...fixtureTexts, ...testTexts]) same(t);
    expect(readCharges(fixtureTexts.slice(0, 5))).toEqual(reference.readCharges(fixtureTexts.slice(0, 5)));
  });

  it('reads 5,000 generated realistic charge texts as before', () => {
    setChargeWordMemo(memo);
    const g = chargeTexts(memo ? 11 : 12);
    let recognised = 0;
    for (let i = 0; i < 5_000; i++) {
      const t = g.next();
      const ours = readCharge(t);
      if (i % 500 === 0) reference.clearChargeCaches();
      expect(ours).toEqual(reference.readCharge(t));
      if (ours.categories.length > 0) recognised++;
    }
    // the generator is not trivially empty: most texts carry a recognised charge
    expect(recognised).toBeGreaterThan(2_500);
  });

  it('reads random texts made of lexicon words, inflections, other scripts and noise as before', () => {
    setChargeWordMemo(memo);
    const words = [...new Set(chargeTexts(5).titles.flatMap((t) => t.split(/\s+/)))];
    const word = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...words) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.constantFrom(...words),
            fc.constantFrom('', 's', 'es', 'ed', 'ing', 'ов', 'ами', 'lar', 'ını', 'ción', 'ات', 'ال'),
          )
          .map(([w, s]) => (s === 'ال' ? s + w : w + s)),
      },
      { weight: 1, arbitrary: fc.constantFrom(...words).map((w) => anyAscii(w)) },
      { weight: 1, arbitrary: fc.constantFrom(...words).map((w) => w.slice(0, 1 + (w.length >> 1))) },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 99_999 }).map(String) },
    );
    const sep = fc.constantFrom(' ', ' ', ', ', '; ', '-', '', '、', ' (', ') ', '\n');
    const text = fc
      .array(fc.tuple(word, sep), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(text, (t) => {
        reference.clearChargeCaches();
        expect(readCharge(t)).toEqual(reference.readCharge(t));
      }),
      { numRuns: 3_000, seed: memo ? 20261129 : 20261130 },
    );
  });

  it('reads realistic texts from random generator seeds, alone and merged, as before (fast-check)', () => {
    setChargeWordMemo(memo);
    const texts = fc
      .tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 }))
      .map(([seed, n]) => {
        const g = chargeTexts(seed);
        return Array.from({ length: n }, () => g.next());
      });
    fc.assert(
      fc.property(texts, (ts) => {
        reference.clearChargeCaches();
        for (const t of ts) expect(readCharge(t)).toEqual(reference.readCharge(t));
        expect(readCharges(ts)).toEqual(reference.readCharges(ts));
      }),
      { numRuns: 300, seed: memo ? 20261131 : 20261132 },
    );
  }, 300_000);

  it('gives the same reading on the second read and after the memo is cleared', () => {
    setChargeWordMemo(memo);
    const t =
      'Мошенничество в особо крупном размере; moshennichestvo; 参加恐怖组织罪 canjia kongbu zuzhi zui';
    const a = readCharge(t);
    clearChargeCaches();
    expect(readCharge(t)).toEqual(a);
    expect(readCharge(t)).toEqual(a);
  });
});
