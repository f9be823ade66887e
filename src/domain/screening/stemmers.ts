/**
 * Typed wrapper over the Snowball stemmers: the `snowball-stemmers` package as vendored by
 * scripts/vendor-snowball.mjs (the same code with plain field reads instead of `hasOwnProperty` getters
 * and overload dispatch: the same stems, several times faster; test/domain/screening/stemmers.test.ts
 * compares them with the package's). CommonJS: works whether it is loaded as ESM (Node, tsx) or through
 * CJS interop (vitest, bundlers). Stemmers are created once at module load; `stem` never throws (falls
 * back to the word itself).
 */
import * as snowballNs from './vendor/snowball-stemmers.cjs';

export const STEMMER_LANGUAGES = ['english', 'russian', 'turkish', 'spanish', 'arabic'] as const;
export type StemmerLanguage = (typeof STEMMER_LANGUAGES)[number];

type SnowballApi = { newStemmer: typeof snowballNs.newStemmer };
const api: SnowballApi =
  typeof snowballNs.newStemmer === 'function'
    ? snowballNs
    : ((snowballNs as unknown as { default: SnowballApi }).default as SnowballApi);

const stemmers = new Map(STEMMER_LANGUAGES.map((l) => [l, api.newStemmer(l)] as const));

export function stem(language: StemmerLanguage, word: string): string {
  const s = stemmers.get(language);
  if (!s) return word;
  try {
    const out = s.stem(word);
    return out.length > 0 ? out : word;
  } catch {
    return word;
  }
}
