/**
 * The charge reader as it was before the compiled matcher (text and word caches, prefix lists keyed by
 * three letters, substring loops over the Chinese and pinyin terms). Kept only as the reference the
 * compiled matcher must agree with (test/domain/screening/charge-matcher.test.ts).
 */
/**
 * The charge reader: classifies free-form charge text (any of the covered languages, native script or
 * transliterated) into offence categories, showing which words matched. The result is a SUGGESTION the
 * reviewer confirms or corrects (`judicial.confirmedCategories`).
 *
 * Pipeline: tokenise by script (Latin, Cyrillic, Arabic script, Han) -> normalise (case, diacritics,
 * Arabic letter variants, transliteration to ASCII with any-ascii plus a small spelling fold) -> word
 * forms via Snowball stemmers (English, Spanish, Turkish, Russian — also used for Tajik Cyrillic —
 * and Arabic) -> prefix lookup in the lexicon compiled at module load -> phrase assembly (words in
 * order, up to three words between them) -> per-category confidence.
 *
 * Pure. Results are memoised (bounded caches) because charge texts repeat across cases.
 */
import anyAscii from 'any-ascii';
import {
  CHARGE_LEXICON,
  type ChargeLanguage,
  STOP_WORDS,
} from '../../../src/domain/screening/charge-lexicon.ts';
import type { OffenceCategory } from '../../../src/domain/screening/facts.ts';
import { type StemmerLanguage, stem } from '../../../src/domain/screening/stemmers.ts';

export {
  CHARGE_LANGUAGES,
  CHARGE_LEXICON_VERSION,
  type ChargeLanguage,
} from '../../../src/domain/screening/charge-lexicon.ts';

/** Categories whose confidence is at least this are "firm" suggestions that strong indicators may use. */
export const FIRM_CONFIDENCE = 0.6;

export interface ChargeMatch {
  /** The lexicon term that matched. */
  term: string;
  lang: ChargeLanguage;
  /** The words of the text that matched, as written. */
  matched: string;
  /** `transliteration` when a Cyrillic or Chinese term matched Latin-script text. */
  via: 'native' | 'transliteration';
  weight: number;
}

export interface ChargeCategory {
  category: OffenceCategory;
  /** 0..1: 1 - product of (1 - weight) over the distinct terms that matched. */
  confidence: number;
  /** confidence >= FIRM_CONFIDENCE. */
  firm: boolean;
  matches: ChargeMatch[];
}

export interface ChargeReading {
  text: string;
  /** Sorted by confidence, highest first. Empty when nothing was recognised. */
  categories: ChargeCategory[];
  /** An unfunded / bounced cheque offence was recognised. */
  cheque: boolean;
  /** Languages of the terms that matched. */
  languages: ChargeLanguage[];
}

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

type Script = 'latin' | 'cyrillic' | 'arabic' | 'han';

const TOKEN_RE = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;

function scriptOf(token: string): Script {
  const c = token.charCodeAt(0);
  if (c >= 0x0400 && c <= 0x052f) return 'cyrillic';
  if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfeff))
    return 'arabic';
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff))
    return 'han';
  return 'latin';
}

const ARABIC_MARKS_RE = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;

/** Arabic-script normalisation: no diacritics or tatweel, one alef, Persian/Arabic yeh and kaf unified. */
function normArabic(s: string): string {
  return s
    .replace(ARABIC_MARKS_RE, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىيئ]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و');
}

const ARABIC_CLITICS = ['وال', 'بال', 'فال', 'کال', 'لل', 'ال', 'و', 'ب', 'ف', 'ل'];

/**
 * Latin spelling fold applied to BOTH lexicon and text after any-ascii, so that common transliteration
 * variants meet: shch/sch/sh -> s, ch -> c, zh -> z, kh -> h, ts/tz -> c, x -> ks, z -> s, y/j -> i,
 * w -> v, doubled letters -> one.
 */
function foldLatin(s: string): string {
  return s
    .replace(/[^a-z0-9]/g, '')
    .replace(/shch|sch|sh/g, 's')
    .replace(/ch/g, 'c')
    .replace(/zh/g, 'z')
    .replace(/kh/g, 'h')
    .replace(/t[sz]/g, 'c')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/[yj]/g, 'i')
    .replace(/w/g, 'v')
    .replace(/(.)\1+/g, '$1');
}

function toAsciiFold(s: string): string {
  return foldLatin(anyAscii(s).toLowerCase());
}

const LATIN_STEMMERS: StemmerLanguage[] = ['english', 'spanish', 'turkish'];

/** Normalised forms of one token of text (word forms the lexicon is matched against). */
function tokenForms(raw: string, script: Script): string[] {
  const lower = raw.toLowerCase();
  const out = new Set<string>();
  if (script === 'latin') {
    out.add(toAsciiFold(lower));
    for (const l of LATIN_STEMMERS) out.add(toAsciiFold(stem(l, lower)));
  } else if (script === 'cyrillic') {
    const w = lower.replace(/ё/g, 'е');
    out.add(w);
    out.add(stem('russian', w));
  } else if (script === 'arabic') {
    const w = normArabic(lower);
    out.add(w);
    for (const c of ARABIC_CLITICS) {
      if (w.startsWith(c) && w.length - c.length >= 2) out.add(w.slice(c.length));
    }
    const s = normArabic(stem('arabic', lower));
    if (s.length >= 4) out.add(s);
  }
  out.delete('');
  return [...out];
}

// ---------------------------------------------------------------------------
// Lexicon compilation (module load)
// ---------------------------------------------------------------------------

interface Form {
  text: string;
  exact: boolean;
}

interface Variant {
  entry: number;
  /** Alternative forms per phrase position. */
  words: Form[][];
  via: 'native' | 'transliteration';
  maxGap: number;
}

interface Entry {
  category: OffenceCategory;
  lang: ChargeLanguage;
  term: string;
  weight: number;
  cheque: boolean;
}

interface Ref {
  variant: number;
  pos: number;
}

const MIN_PREFIX = 4;
const MAX_GAP = 3;

const entries: Entry[] = [];
const variants: Variant[] = [];
/** Prefix-matched forms, keyed by script + first 3 characters. */
const prefixIndex = new Map<string, Array<Ref & { form: string }>>();
/** Exactly-matched forms, keyed by script + whole form. */
const exactIndex = new Map<string, Ref[]>();
/** Han terms: substring search. */
const hanTerms: Array<{ term: string; variant: number }> = [];
/** Pinyin of Han terms (folded, no spaces): substring search over the text's joined Latin words. */
const pinyinTerms: Array<{ pinyin: string; variant: number }> = [];
const MIN_PINYIN = 5;

const STEMMER_OF: Partial<Record<ChargeLanguage, StemmerLanguage>> = {
  en: 'english',
  es: 'spanish',
  tr: 'turkish',
  ru: 'russian',
  tg: 'russian',
  ar: 'arabic',
};

function lexiconWordForms(word: string, lang: ChargeLanguage, script: Script): string[] {
  const lower = word.toLowerCase();
  const stemmer = STEMMER_OF[lang];
  if (script === 'latin') {
    return [toAsciiFold(stemmer ? stem(stemmer, lower) : lower)];
  }
  if (script === 'cyrillic') {
    const w = lower.replace(/ё/g, 'е');
    return [stemmer ? stem(stemmer, w) : w];
  }
  if (script === 'arabic') {
    const w = normArabic(lower);
    const forms = new Set<string>([w]);
    if (w.startsWith('ال') && w.length > 4) forms.add(w.slice(2));
    return [...forms];
  }
  return [lower];
}

function addVariant(v: Variant, script: Script): void {
  const id = variants.length;
  variants.push(v);
  v.words.forEach((alts, pos) => {
    for (const f of alts) {
      if (f.exact) {
        const k = `${script}|${f.text}`;
        const list = exactIndex.get(k);
        if (list) list.push({ variant: id, pos });
        else exactIndex.set(k, [{ variant: id, pos }]);
      } else {
        const k = `${script}|${f.text.slice(0, 3)}`;
        const list = prefixIndex.get(k);
        const ref = { variant: id, pos, form: f.text };
        if (list) list.push(ref);
        else prefixIndex.set(k, [ref]);
      }
    }
  });
}

function mkForm(text: string, exactMark: boolean): Form {
  return { text, exact: exactMark || text.length < MIN_PREFIX };
}

function compileLexicon(): void {
  for (const row of CHARGE_LEXICON) {
    const stop = new Set(STOP_WORDS[row.lang]);
    for (const term of row.terms) {
      const entryId = entries.length;
      entries.push({
        category: row.category,
        lang: row.lang,
        term,
        weight: row.weight,
        cheque: row.marker === 'cheque',
      });
      const rawWords = (term.match(TOKEN_RE) ?? []).map((w, i, arr) => {
        // keep the `$` exact marker that follows a word in the term
        const idx = term.indexOf(w);
        const exact = term.charAt(idx + w.length) === '$';
        return { w, exact, last: i === arr.length - 1 };
      });
      const words = rawWords.filter((x) => !stop.has(x.w.toLowerCase()));
      if (words.length === 0) continue;
      const script = scriptOf(words[0]!.w);
      if (script === 'han') {
        const id = variants.length;
        variants.push({ entry: entryId, words: [[{ text: term, exact: false }]], via: 'native', maxGap: 0 });
        hanTerms.push({ term, variant: id });
        // pinyin (any-ascii gives capitalised syllables): as one word and as separate syllables
        const pinyin = anyAscii(term);
        const folded = foldLatin(pinyin.toLowerCase());
        if (folded.length >= MIN_PINYIN) {
          const pid = variants.length;
          variants.push({
            entry: entryId,
            words: [[{ text: folded, exact: false }]],
            via: 'transliteration',
            maxGap: 0,
          });
          pinyinTerms.push({ pinyin: folded, variant: pid });
        }
        continue;
      }
      const native: Form[][] = words.map((x) =>
        lexiconWordForms(x.w, row.lang, script).map((f) => mkForm(f, x.exact)),
      );
      addVariant({ entry: entryId, words: native, via: 'native', maxGap: MAX_GAP }, script);
      if (script === 'cyrillic') {
        const translit: Form[][] = native.map((alts) =>
          alts.map((f) => mkForm(toAsciiFold(f.text), f.exact)),
        );
        addVariant({ entry: entryId, words: translit, via: 'transliteration', maxGap: MAX_GAP }, 'latin');
      }
    }
  }
}

compileLexicon();

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

interface Token {
  raw: string;
  script: Script;
}

const CACHE_LIMIT = 50_000;
const tokenCache = new Map<string, Ref[]>();
const readingCache = new Map<string, ChargeReading>();

function lookupToken(raw: string, script: Script): Ref[] {
  const key = `${script}|${raw}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  const refs: Ref[] = [];
  const seen = new Set<string>();
  const push = (r: Ref) => {
    const k = `${r.variant}:${r.pos}`;
    if (!seen.has(k)) {
      seen.add(k);
      refs.push(r);
    }
  };
  if (script === 'han') {
    for (const h of hanTerms) if (raw.includes(h.term)) push({ variant: h.variant, pos: 0 });
  } else {
    for (const form of tokenForms(raw, script)) {
      const ex = exactIndex.get(`${script}|${form}`);
      if (ex) for (const r of ex) push(r);
      const pre = prefixIndex.get(`${script}|${form.slice(0, 3)}`);
      if (pre) for (const r of pre) if (form.startsWith(r.form)) push(r);
    }
  }
  if (tokenCache.size >= CACHE_LIMIT) tokenCache.clear();
  tokenCache.set(key, refs);
  return refs;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Reads one charge text. Memoised; the returned object must be treated as read-only. */
export function readCharge(text: string): ChargeReading {
  const cached = readingCache.get(text);
  if (cached) return cached;

  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) tokens.push({ raw: m[0], script: scriptOf(m[0]) });

  // positions at which each (variant, pos) occurs
  const occ = new Map<number, number[][]>();
  tokens.forEach((t, i) => {
    for (const r of lookupToken(t.raw, t.script)) {
      let perPos = occ.get(r.variant);
      if (!perPos) {
        perPos = variants[r.variant]!.words.map(() => []);
        occ.set(r.variant, perPos);
      }
      perPos[r.pos]!.push(i);
    }
  });

  const matchedEntries = new Map<number, ChargeMatch>();
  for (const [vid, perPos] of occ) {
    const v = variants[vid]!;
    if (matchedEntries.has(v.entry)) continue;
    const firsts = perPos[0]!;
    for (const start of firsts) {
      let prev = start;
      let ok = true;
      for (let p = 1; p < perPos.length; p++) {
        const next = perPos[p]!.find((i) => i > prev && i - prev - 1 <= v.maxGap);
        if (next === undefined) {
          ok = false;
          break;
        }
        prev = next;
      }
      if (ok) {
        const e = entries[v.entry]!;
        const matched = tokens
          .slice(start, prev + 1)
          .map((t) => t.raw)
          .join(' ');
        matchedEntries.set(v.entry, { term: e.term, lang: e.lang, matched, via: v.via, weight: e.weight });
        break;
      }
    }
  }

  // pinyin written with or without spaces between syllables or words
  if (pinyinTerms.length > 0) {
    let joined = '';
    const starts: number[] = [];
    const owner: number[] = [];
    tokens.forEach((t, i) => {
      if (t.script !== 'latin') return;
      starts.push(joined.length);
      owner.push(i);
      joined += toAsciiFold(t.raw);
    });
    if (joined.length >= MIN_PINYIN) {
      for (const p of pinyinTerms) {
        const at = joined.indexOf(p.pinyin);
        const entryId = variants[p.variant]!.entry;
        if (at < 0 || matchedEntries.has(entryId)) continue;
        let k = 0;
        while (k + 1 < starts.length && starts[k + 1]! <= at) k++;
        let e = k;
        while (e + 1 < starts.length && starts[e + 1]! < at + p.pinyin.length) e++;
        const en = entries[entryId]!;
        const matched = tokens
          .slice(owner[k]!, owner[e]! + 1)
          .map((t) => t.raw)
          .join(' ');
        matchedEntries.set(entryId, {
          term: en.term,
          lang: en.lang,
          matched,
          via: 'transliteration',
          weight: en.weight,
        });
      }
    }
  }

  const byCat = new Map<OffenceCategory, ChargeMatch[]>();
  let cheque = false;
  const langs = new Set<ChargeLanguage>();
  for (const [eid, m] of matchedEntries) {
    const e = entries[eid]!;
    if (e.cheque) cheque = true;
    langs.add(e.lang);
    const list = byCat.get(e.category);
    if (list) list.push(m);
    else byCat.set(e.category, [m]);
  }
  const categories: ChargeCategory[] = [];
  for (const [category, matches] of byCat) {
    let miss = 1;
    for (const m of matches) miss *= 1 - m.weight;
    const confidence = round2(Math.min(0.99, 1 - miss));
    matches.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    categories.push({ category, confidence, firm: confidence >= FIRM_CONFIDENCE, matches });
  }
  categories.sort((a, b) => b.confidence - a.confidence || a.category.localeCompare(b.category));

  const reading: ChargeReading = { text, categories, cheque, languages: [...langs].sort() };
  if (readingCache.size >= CACHE_LIMIT) readingCache.clear();
  readingCache.set(text, reading);
  return reading;
}

/** Reads several charge texts and merges the categories (max confidence, all matches). */
export function readCharges(texts: readonly string[]): ChargeReading {
  if (texts.length === 1) return readCharge(texts[0]!);
  const byCat = new Map<OffenceCategory, ChargeCategory>();
  let cheque = false;
  const langs = new Set<ChargeLanguage>();
  for (const t of texts) {
    const r = readCharge(t);
    if (r.cheque) cheque = true;
    for (const l of r.languages) langs.add(l);
    for (const c of r.categories) {
      const prev = byCat.get(c.category);
      if (!prev) byCat.set(c.category, { ...c, matches: [...c.matches] });
      else {
        prev.matches.push(...c.matches);
        if (c.confidence > prev.confidence) {
          prev.confidence = c.confidence;
          prev.firm = c.firm;
        }
      }
    }
  }
  const categories = [...byCat.values()].sort(
    (a, b) => b.confidence - a.confidence || a.category.localeCompare(b.category),
  );
  return { text: texts.join(' | '), categories, cheque, languages: [...langs].sort() };
}

/** Offence categories of the Article 83(1)(a)(i) exclusions. */
export const ART83_EXCLUDED_CATEGORIES: readonly OffenceCategory[] = [
  'behavioural_cultural',
  'family_private',
  'private_dispute',
  'administrative_regulatory',
];

/** Ordinary serious crime (lifts an Art. 83 exclusion when present in the same case). */
export const SERIOUS_ORDINARY_CATEGORIES: readonly OffenceCategory[] = [
  'violent_crime',
  'drug_trafficking',
  'sexual_offence_child',
  'sexual_offence',
  'fraud_economic',
  'organised_crime',
];

/** Categories that describe a concrete violent act. */
export const VIOLENT_ACT_CATEGORIES: readonly OffenceCategory[] = ['violent_crime'];

/** Clears the memo caches (for tests and benchmarks). */
export function clearChargeCaches(): void {
  tokenCache.clear();
  readingCache.clear();
}
