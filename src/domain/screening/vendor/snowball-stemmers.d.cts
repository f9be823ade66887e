// Typings for the vendored copy of `snowball-stemmers` (scripts/vendor-snowball.mjs).
export interface SnowballStemmer {
  stem(word: string): string;
}
export function newStemmer(language: string): SnowballStemmer;
export function algorithms(): string[];
