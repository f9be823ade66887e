/**
 * Normalised search terms for finding a case by the person's name (in any script and transliteration),
 * A-number, notice reference or case number. Pure; no I/O.
 *
 * Every term is lower-case ASCII letters and digits (any-ascii transliterates Cyrillic, Arabic, Chinese…).
 * A name word also gets a sound key (prefixed with "~"): a spelling fold for common transliteration
 * variants (kh -> h, ph -> f, x -> ks, w -> v, j/y -> i, doubled letters -> one) with the vowels removed,
 * so that "Mukhammad", "Muhammad", "Mohammed" and "Мухаммад" share the key "~mhmd".
 */
import anyAscii from 'any-ascii';

/** Lower-case ASCII letters and digits only. */
export function normaliseSearchText(s: string): string {
  return anyAscii(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The sound key of one name word, or null when it is too short to be useful (under 3 consonants). */
export function soundKey(word: string): string | null {
  const folded = normaliseSearchText(word)
    .replace(/[0-9]/g, '')
    .replace(/tch/g, 'ch')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/[jy]/g, 'i')
    .replace(/[aeiou]/g, '')
    .replace(/(.)\1+/g, '$1');
  return folded.length >= 3 ? `~${folded}` : null;
}

/** Words of a text, split on spaces, commas and hyphens (and the whole hyphenated word kept too). */
function words(text: string): string[] {
  const out = new Set<string>();
  for (const w of anyAscii(text).split(/[\s,;/]+/)) {
    if (!w) continue;
    const whole = normaliseSearchText(w);
    if (whole) out.add(whole);
    for (const part of w.split(/[-'’.]+/)) {
      const p = normaliseSearchText(part);
      if (p) out.add(p);
    }
  }
  return [...out];
}

export interface SearchableCase {
  caseNumber: string;
  familyName: string;
  givenNames: string | null;
  aliases: string[];
  aNumber: string | null;
  noticeRefs: string[];
}

/** Every term a case is found by (stored in case_search_terms). */
export function caseSearchTerms(c: SearchableCase): string[] {
  const terms = new Set<string>();
  const cn = normaliseSearchText(c.caseNumber); // rl2026000001
  terms.add(cn);
  const m = /^rl(\d{4})(\d+)$/.exec(cn);
  if (m) {
    terms.add(`${m[1]}${m[2]}`); // 2026000001
    terms.add(m[2]!); // 000001
    terms.add(String(Number(m[2]))); // 1
  }
  for (const name of [c.familyName, c.givenNames ?? '', ...c.aliases])
    for (const w of words(name)) {
      terms.add(w);
      const k = soundKey(w);
      if (k) terms.add(k);
    }
  if (c.aNumber) {
    const a = normaliseSearchText(c.aNumber).replace(/^a/, '');
    terms.add(a);
    terms.add(`a${a}`);
    const unpadded = a.replace(/^0+/, '');
    if (unpadded && unpadded !== a) terms.add(unpadded);
  }
  for (const ref of c.noticeRefs) {
    const r = normaliseSearchText(ref);
    if (r) terms.add(r);
  }
  return [...terms].filter((t) => t.length > 0 && t.length <= 200);
}

export interface SearchToken {
  /** Matched as a prefix of a term. */
  prefix: string;
  /** Matched exactly against a name's sound key, when the word has one. */
  soundKey: string | null;
}

/**
 * The words of what a user typed, each to match some term of the case (every word must match). A
 * reference typed with separators ("RL-2026-000001", "A012-345-678", "2026/12345") is one word.
 */
export function searchTokens(q: string): SearchToken[] {
  const out: SearchToken[] = [];
  const seen = new Set<string>();
  for (const raw of anyAscii(q).split(/[\s,;]+/)) {
    const prefix = normaliseSearchText(raw);
    if (!prefix || seen.has(prefix)) continue;
    seen.add(prefix);
    // A-numbers are stored without their letter; "A012345678" also matches "a012345678".
    out.push({ prefix, soundKey: /\d/.test(prefix) ? null : soundKey(raw) });
    if (out.length >= 8) break;
  }
  return out;
}
