/**
 * The vendored Snowball stemmers (scripts/vendor-snowball.mjs: the `snowball-stemmers` package with plain
 * field reads and direct overload calls) give exactly the package's stems: on every word of the lexicon,
 * the labelled set and generated charge texts, and on random words (fast-check), in every language used.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as pkg from 'snowball-stemmers';
import { describe, expect, it } from 'vitest';
import { chargeTexts } from '../../../bench/charge-texts.ts';
import { STEMMER_LANGUAGES, stem } from '../../../src/domain/screening/stemmers.ts';

type Api = { newStemmer(l: string): { stem(w: string): string } };
const api: Api = typeof pkg.newStemmer === 'function' ? pkg : (pkg.default as Api);
const reference = new Map(STEMMER_LANGUAGES.map((l) => [l, api.newStemmer(l)] as const));

/** What `stem` did with the package: its stem, or the word when the stem is empty or the stemmer throws. */
function packageStem(language: (typeof STEMMER_LANGUAGES)[number], word: string): string {
  try {
    const out = reference.get(language)!.stem(word);
    return out.length > 0 ? out : word;
  } catch {
    return word;
  }
}

const TOKEN_RE = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;

function corpusWords(): string[] {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const m of text.matchAll(TOKEN_RE)) {
      words.add(m[0]);
      words.add(m[0].toLowerCase());
    }
  };
  add(readFileSync(new URL('../../fixtures/screening/labelled-cases.jsonl', import.meta.url), 'utf8'));
  const g = chargeTexts(3);
  for (const t of g.titles) add(t);
  for (let i = 0; i < 3_000; i++) add(g.next());
  return [...words];
}

describe('vendored Snowball stemmers', () => {
  const words = corpusWords();

  it('stem every word of the lexicon, the labelled set and generated texts as the package does', () => {
    expect(words.length).toBeGreaterThan(2_000);
    for (const l of STEMMER_LANGUAGES) for (const w of words) expect(stem(l, w)).toBe(packageStem(l, w));
  });

  it('stem random words as the package does (fast-check)', () => {
    const letters = [...new Set(words.join(''))];
    const word = fc.oneof(
      fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 16 }).map((a) => a.join('')),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    );
    fc.assert(
      fc.property(word, fc.constantFrom(...STEMMER_LANGUAGES), (w, l) => {
        expect(stem(l, w)).toBe(packageStem(l, w));
      }),
      { numRuns: 20_000, seed: 20261130 },
    );
  });
});
