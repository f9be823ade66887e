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
 * The lexicon is compiled at module load into one character trie per script for the word forms and
 * two Aho–Corasick automata (Chinese terms, their pinyin), so reading a text costs the same whatever
 * the number of terms. Nothing is cached by text; a bounded memo of word forms saves the stemmer calls
 * for words already seen. Pure.
 */
import anyAscii from 'any-ascii';
import { CHARGE_LEXICON, type ChargeLanguage, STOP_WORDS } from './charge-lexicon.ts';
import type { OffenceCategory } from './facts.ts';
import { type StemmerLanguage, stem } from './stemmers.ts';

export { CHARGE_LANGUAGES, CHARGE_LEXICON_VERSION, type ChargeLanguage } from './charge-lexicon.ts';

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

/**
 * Token scanner equivalent to TOKEN_RE (maximal runs of Han-script code points, or of letters, marks
 * and numbers that are not Han), without a regular expression: each code point's class is looked up in
 * a table (filled on first sight from the same Unicode properties; ASCII precomputed).
 */
const HAN_CP_RE = /^\p{Script=Han}$/u;
const WORD_CP_RE = /^[\p{L}\p{M}\p{N}]$/u;
const CLASS_OTHER = 1;
const CLASS_WORD = 2;
const CLASS_HAN = 3;
/** Class of each BMP code unit (0 = not yet seen). */
const bmpClass = new Uint8Array(0x10000);

function classOfString(ch: string): number {
  return HAN_CP_RE.test(ch) ? CLASS_HAN : WORD_CP_RE.test(ch) ? CLASS_WORD : CLASS_OTHER;
}

function classOfCodePoint(cp: number): number {
  if (cp >= 0x10000) return classOfString(String.fromCodePoint(cp));
  let k = bmpClass[cp]!;
  if (k === 0) {
    k = classOfString(String.fromCharCode(cp));
    bmpClass[cp] = k;
  }
  return k;
}
for (let c = 0; c < 128; c++) classOfCodePoint(c);

/** Start and end offsets of the tokens of `text`, appended to `out` in pairs; returns `out`. */
function tokenOffsets(text: string, out: number[]): number[] {
  const n = text.length;
  let i = 0;
  let prevClass = CLASS_OTHER;
  let start = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let width = 1;
    let k: number;
    if (c < 128) k = bmpClass[c]!;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        width = 2;
        k = classOfCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
      } else k = classOfCodePoint(c);
    } else k = classOfCodePoint(c);
    if (k !== prevClass) {
      if (prevClass !== CLASS_OTHER) out.push(start, i);
      start = i;
      prevClass = k;
    }
    i += width;
  }
  if (prevClass !== CLASS_OTHER) out.push(start, n);
  return out;
}

/** The tokens of a text as the reader splits it (for tests: the same as `text.match(TOKEN_RE)`). */
export function chargeTokens(text: string): string[] {
  const o = tokenOffsets(text, []);
  const out: string[] = [];
  for (let t = 0; t < o.length; t += 2) out.push(text.slice(o[t]!, o[t + 1]!));
  return out;
}

function scriptOf(token: string): Script {
  return scriptOfCode(token.charCodeAt(0));
}

/** The script of a token, by its first code unit. */
function scriptOfCode(c: number): Script {
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

/** Normalised forms of one token of text, given lowercased (word forms the lexicon is matched against). */
function tokenForms(lower: string, script: Script): string[] {
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

// ---------------------------------------------------------------------------
// The compiled matcher
//
// Word forms: one character trie per script. A node holds the refs of the lexicon forms that END there,
// split into prefix forms (match any text form that starts with them) and exact forms (match only a
// text form that ends there too). Looking up a text form walks the trie once along its characters, so
// the cost depends on the form's length, not on how many terms the lexicon has.
// Chinese terms and their pinyin: two Aho–Corasick automata (all terms found in one pass over the text).
// Every ref carries its order of addition, so the refs of a word come out in the order the lexicon
// gives them (readings, including the order of equal-weight matches, do not depend on the structure).
// ---------------------------------------------------------------------------

interface TrieNode {
  next: Map<number, TrieNode>;
  prefix: SeqRef[] | null;
  exact: SeqRef[] | null;
}

interface SeqRef extends Ref {
  seq: number;
}

const newNode = (): TrieNode => ({ next: new Map(), prefix: null, exact: null });
const tries: Record<Exclude<Script, 'han'>, TrieNode> = {
  latin: newNode(),
  cyrillic: newNode(),
  arabic: newNode(),
};
let refSeq = 0;

const SYMBOLS = 36;
const SYMBOL_CODES = Int32Array.from({ length: SYMBOLS }, (_, k) => (k < 26 ? 97 + k : 48 + k - 26));

/** 0–25 for a–z, 26–35 for 0–9, -1 for any other code unit. */
function symbol(c: number): number {
  return c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : -1;
}

/** Aho–Corasick automaton over UTF-16 code units. */
class Automaton {
  private readonly goto: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  /** Pattern ids ending at a state (own and through failure links), with their lengths. */
  private readonly out: Array<Array<[id: number, len: number]>> = [[]];
  private built = false;

  add(pattern: string, id: number): void {
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let t = this.goto[s]!.get(c);
      if (t === undefined) {
        t = this.goto.length;
        this.goto.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.goto[s]!.set(c, t);
      }
      s = t;
    }
    this.out[s]!.push([id, pattern.length]);
  }

  build(): void {
    const queue: number[] = [];
    for (const t of this.goto[0]!.values()) queue.push(t);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [c, t] of this.goto[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.goto[f]!.has(c)) f = this.fail[f]!;
        const g = this.goto[f]!.get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        this.out[t]!.push(...this.out[this.fail[t]!]!);
        queue.push(t);
      }
    }
    this.buildDense(queue);
    this.built = true;
  }

  /**
   * When every pattern is made of [a-z0-9] (the folded pinyin), the full transition table over those 36
   * symbols, failure links folded in: one array read a character. Any other character leads back to
   * the root (no pattern contains it).
   */
  private dense: Int32Array | null = null;

  private buildDense(bfs: readonly number[]): void {
    for (const m of this.goto) for (const c of m.keys()) if (symbol(c) < 0) return;
    const n = this.goto.length;
    const d = new Int32Array(n * SYMBOLS);
    for (const s of [0, ...bfs]) {
      const m = this.goto[s]!;
      for (let k = 0; k < SYMBOLS; k++) {
        const t = m.get(SYMBOL_CODES[k]!);
        d[s * SYMBOLS + k] = t !== undefined ? t : s === 0 ? 0 : d[this.fail[s]! * SYMBOLS + k]!;
      }
    }
    this.dense = d;
  }

  /** Calls `hit(id, start)` for every occurrence of every pattern in `text`. */
  scan(text: string, hit: (id: number, start: number) => void): void {
    if (!this.built) this.build();
    const d = this.dense;
    if (d) {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const k = symbol(text.charCodeAt(i));
        s = k < 0 ? 0 : d[s * SYMBOLS + k]!;
        const o = this.out[s]!;
        for (let j = 0; j < o.length; j++) hit(o[j]![0], i - o[j]![1] + 1);
      }
      return;
    }
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = this.goto[s]!.get(c);
      while (t === undefined && s !== 0) {
        s = this.fail[s]!;
        t = this.goto[s]!.get(c);
      }
      s = t ?? 0;
      const o = this.out[s]!;
      for (let k = 0; k < o.length; k++) hit(o[k]![0], i - o[k]![1] + 1);
    }
  }
}

/** Han terms: substring search (one automaton, pattern id = index in hanVariants). */
const hanVariants: number[] = [];
const hanAutomaton = new Automaton();
/** Pinyin of Han terms (folded, no spaces): searched over the text's joined Latin words. */
const pinyinVariants: Array<{ pinyin: string; variant: number }> = [];
const pinyinAutomaton = new Automaton();
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

function addVariant(v: Variant, script: Exclude<Script, 'han'>): void {
  const id = variants.length;
  variants.push(v);
  v.words.forEach((alts, pos) => {
    for (const f of alts) {
      let node = tries[script];
      for (let i = 0; i < f.text.length; i++) {
        const c = f.text.charCodeAt(i);
        let n = node.next.get(c);
        if (!n) {
          n = newNode();
          node.next.set(c, n);
        }
        node = n;
      }
      const ref: SeqRef = { variant: id, pos, seq: refSeq++ };
      if (f.exact) {
        node.exact ??= [];
        node.exact.push(ref);
      } else {
        node.prefix ??= [];
        node.prefix.push(ref);
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
        hanAutomaton.add(term, hanVariants.length);
        hanVariants.push(id);
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
          pinyinAutomaton.add(folded, pinyinVariants.length);
          pinyinVariants.push({ pinyin: folded, variant: pid });
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
  hanAutomaton.build();
  pinyinAutomaton.build();
}

compileLexicon();

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/** What a word of text contributes: the lexicon refs it matches and its folded Latin spelling. */
interface WordInfo {
  refs: Ref[];
  /** toAsciiFold of the word (Latin script only; joined for the pinyin search). */
  folded: string;
}

/** Refs of one text form, appended to `out` in lexicon order (exact before prefix, as added). */
function lookupForm(root: TrieNode, form: string, out: SeqRef[][]): void {
  let node: TrieNode | undefined = root;
  let prefixHits: SeqRef[] | null = null;
  for (let i = 0; i < form.length && node; i++) {
    node = node.next.get(form.charCodeAt(i));
    if (node?.prefix) {
      if (prefixHits) prefixHits = prefixHits.concat(node.prefix);
      else prefixHits = node.prefix;
    }
  }
  if (node?.exact && node !== root) out.push(node.exact);
  if (prefixHits) {
    if (prefixHits.length > 1) prefixHits = [...prefixHits].sort((a, b) => a.seq - b.seq);
    out.push(prefixHits);
  }
}

const NO_REFS: Ref[] = [];

function wordInfo(raw: string, script: Script): WordInfo {
  if (script === 'han') {
    const hits: number[] = [];
    hanAutomaton.scan(raw, (id) => {
      if (!hits.includes(id)) hits.push(id);
    });
    hits.sort((a, b) => a - b);
    return { refs: hits.map((id) => ({ variant: hanVariants[id]!, pos: 0 })), folded: '' };
  }
  const lists: SeqRef[][] = [];
  const root = tries[script];
  if (script === 'latin' && ASCII_DIGITS_RE.test(raw)) {
    // a number: the stemmers leave digits as they are, so its only form is its fold
    const folded = foldDigits(raw);
    if (folded) lookupForm(root, folded, lists);
    return { refs: lists.length ? refsOf(lists) : NO_REFS, folded };
  }
  return {
    refs: formRefs(raw.toLowerCase(), script, root),
    folded: script === 'latin' ? toAsciiFold(raw) : '',
  };
}

/** The refs of a lowercased word (Latin, Cyrillic or Arabic script, not a number). */
function wordRefs(lower: string, script: Exclude<Script, 'han'>, root: TrieNode): Ref[] {
  const lists: SeqRef[][] = [];
  for (const form of tokenForms(lower, script)) lookupForm(root, form, lists);
  return lists.length ? refsOf(lists) : NO_REFS;
}

/**
 * The refs of a word depend only on its lowercase form: the memo of them is keyed by it, so "Fraud",
 * "FRAUD" and "fraud" cost one set of stemmer calls (two generations, as the word memo).
 */
let refsMemo = new Map<string, Ref[]>();
let oldRefsMemo = new Map<string, Ref[]>();

function formRefs(lower: string, script: Exclude<Script, 'han'>, root: TrieNode): Ref[] {
  if (!wordMemoOn) return wordRefs(lower, script, root);
  const key = script === 'latin' ? lower : `${script}|${lower}`;
  let refs = refsMemo.get(key);
  if (refs === undefined) {
    refs = oldRefsMemo.get(key) ?? wordRefs(lower, script, root);
    if (refsMemo.size >= WORD_MEMO_LIMIT) {
      oldRefsMemo = refsMemo;
      refsMemo = new Map();
    }
    refsMemo.set(key, refs);
  }
  return refs;
}

const ASCII_DIGITS_RE = /^[0-9]+$/;

/** foldLatin of a string of ASCII digits: runs of one digit become one. */
function foldDigits(raw: string): string {
  let out = raw.charAt(0);
  for (let i = 1; i < raw.length; i++) if (raw.charCodeAt(i) !== raw.charCodeAt(i - 1)) out += raw.charAt(i);
  return out;
}

/** The refs of a word's forms, each (variant, position) once, first occurrence first. */
function refsOf(lists: SeqRef[][]): Ref[] {
  if (lists.length === 1 && lists[0]!.length === 1) return lists[0]!;
  const refs: Ref[] = [];
  const seen = new Set<number>();
  for (const list of lists)
    for (const r of list) {
      const k = r.variant * 64 + r.pos;
      if (!seen.has(k)) {
        seen.add(k);
        refs.push(r);
      }
    }
  return refs;
}

/**
 * Word memo: a word's forms cost several stemmer calls, and the vocabulary of charge texts is small
 * next to the number of texts (a new text mostly reuses known words). Two generations of at most
 * WORD_MEMO_LIMIT words each: when the young one is full it becomes the old one, and a word found in
 * the old one moves back to the young one, so the words in use survive and a stream of new words
 * (article and case numbers, names) never empties the memo. Numbers are not memoised: their only form
 * is their fold (no stemmer call), cheaper than a memo entry.
 * Readings never depend on it (the matcher gives the same reading with it off: see the tests).
 */
const WORD_MEMO_LIMIT = 50_000;
let wordMemo = new Map<string, WordInfo>();
let oldWordMemo = new Map<string, WordInfo>();
let wordMemoOn = true;

function lookupWord(raw: string, script: Script): WordInfo {
  if (!wordMemoOn || (script === 'latin' && ASCII_DIGITS_RE.test(raw))) return wordInfo(raw, script);
  const key = script === 'latin' ? raw : `${script}|${raw}`;
  let info = wordMemo.get(key);
  if (info === undefined) {
    info = oldWordMemo.get(key) ?? wordInfo(raw, script);
    if (wordMemo.size >= WORD_MEMO_LIMIT) {
      oldWordMemo = wordMemo;
      wordMemo = new Map();
    }
    wordMemo.set(key, info);
  }
  return info;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Per-call scratch, indexed by variant and entry id: an epoch marks what the current call has seen, so
 * nothing is allocated or cleared per text (readCharge runs to completion; it is never re-entered).
 */
let epoch = 0;
let variantSeen = new Int32Array(0);
let variantSlot = new Int32Array(0);
let entrySeen = new Int32Array(0);
const entryMatch: ChargeMatch[] = [];
let pinyinSeen = new Int32Array(0);
let pinyinFirst = new Int32Array(0);

function nextEpoch(): number {
  if (variantSeen.length !== variants.length) {
    variantSeen = new Int32Array(variants.length);
    variantSlot = new Int32Array(variants.length);
    entrySeen = new Int32Array(entries.length);
    pinyinSeen = new Int32Array(pinyinVariants.length);
    pinyinFirst = new Int32Array(pinyinVariants.length);
    epoch = 0;
  }
  if (epoch >= 0x7fff_ffff) {
    variantSeen.fill(0);
    entrySeen.fill(0);
    pinyinSeen.fill(0);
    epoch = 0;
  }
  return ++epoch;
}

/**
 * Rank of each entry's term and of each category in `localeCompare` order, computed once: sorting by
 * rank gives the order the reader has always given (equal strings under localeCompare share a rank).
 */
function localeRanks(values: readonly string[]): Map<string, number> {
  const sorted = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  let r = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i - 1]!.localeCompare(sorted[i]!) !== 0) r++;
    rank.set(sorted[i]!, r);
  }
  return rank;
}
const termRankOf = localeRanks(entries.map((e) => e.term));
const termRank = Int32Array.from(entries, (e) => termRankOf.get(e.term)!);
const categoryRank = localeRanks(entries.map((e) => e.category));

function byConfidenceThenCategory(a: ChargeCategory, b: ChargeCategory): number {
  if (b.confidence !== a.confidence) return b.confidence - a.confidence;
  const ra = categoryRank.get(a.category);
  const rb = categoryRank.get(b.category);
  return ra !== undefined && rb !== undefined ? ra - rb : a.category.localeCompare(b.category);
}

/**
 * Front of the word memo, keyed by the word's place in the text: an open-addressing table of the words
 * seen (hash of the code units computed while reading them), so a known word is found without cutting
 * it out of the text or hashing a new string. A miss goes to the word memo (lookupWord); the table is
 * emptied when half full (the word memo behind it keeps the words in use). Numbers bypass it, as they
 * bypass the word memo.
 */
const SPAN_SLOTS = 1 << 16;
const SPAN_MASK = SPAN_SLOTS - 1;
const SPAN_LIMIT = SPAN_SLOTS >> 1;
const spanKeys: Array<string | undefined> = new Array(SPAN_SLOTS).fill(undefined);
const spanInfos: Array<WordInfo | undefined> = new Array(SPAN_SLOTS).fill(undefined);
const spanHashes = new Int32Array(SPAN_SLOTS);
let spanCount = 0;

function clearSpans(): void {
  spanKeys.fill(undefined);
  spanInfos.fill(undefined);
  spanCount = 0;
}

/** The WordInfo of the token text[start, end) of the given script. */
function spanWord(text: string, start: number, end: number, script: Script): WordInfo {
  let h = 0x811c9dc5 | 0;
  let digits = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ c, 0x01000193);
    if (c < 48 || c > 57) digits = false;
  }
  if (!wordMemoOn || digits) return lookupWord(text.slice(start, end), script);
  const len = end - start;
  let slot = h & SPAN_MASK;
  for (let k = spanKeys[slot]; k !== undefined; k = spanKeys[slot]) {
    if (spanHashes[slot] === h && k.length === len && text.startsWith(k, start)) return spanInfos[slot]!;
    slot = (slot + 1) & SPAN_MASK;
  }
  const raw = text.slice(start, end);
  const info = lookupWord(raw, script);
  if (spanCount >= SPAN_LIMIT) {
    clearSpans();
    slot = h & SPAN_MASK;
  }
  spanKeys[slot] = raw;
  spanInfos[slot] = info;
  spanHashes[slot] = h;
  spanCount++;
  return info;
}

/** Reads one charge text. A new object each call (nothing is cached by text). */
export function readCharge(text: string): ChargeReading {
  const offsets = tokenOffsets(text, []);
  const nTokens = offsets.length >> 1;
  const infos: WordInfo[] = new Array(nTokens);
  const scripts: Script[] = new Array(nTokens);
  for (let t = 0; t < nTokens; t++) {
    const start = offsets[2 * t]!;
    const script = scriptOfCode(text.charCodeAt(start));
    scripts[t] = script;
    infos[t] = spanWord(text, start, offsets[2 * t + 1]!, script);
  }
  /** Tokens `from` to `to` (inclusive) as written, joined by one space. */
  const raws = (from: number, to: number): string => {
    let out = text.slice(offsets[2 * from]!, offsets[2 * from + 1]!);
    for (let t = from + 1; t <= to; t++) out += ` ${text.slice(offsets[2 * t]!, offsets[2 * t + 1]!)}`;
    return out;
  };
  const ep = nextEpoch();

  // variants in the order they first occur; a one-word variant matches at its first occurrence, a
  // phrase keeps the positions at which each of its words occurs
  const order: number[] = [];
  const firstAt: number[] = [];
  const phrasePos: Array<number[][] | null> = [];
  for (let i = 0; i < infos.length; i++) {
    const refs = infos[i]!.refs;
    for (let k = 0; k < refs.length; k++) {
      const r = refs[k]!;
      const vid = r.variant;
      let slot: number;
      if (variantSeen[vid] !== ep) {
        variantSeen[vid] = ep;
        slot = order.length;
        variantSlot[vid] = slot;
        order.push(vid);
        firstAt.push(i);
        const n = variants[vid]!.words.length;
        if (n === 1) {
          phrasePos.push(null);
          continue;
        }
        const perPos: number[][] = new Array(n);
        for (let p = 0; p < n; p++) perPos[p] = [];
        phrasePos.push(perPos);
      } else slot = variantSlot[vid]!;
      const perPos = phrasePos[slot];
      if (perPos) perPos[r.pos]!.push(i);
    }
  }

  const matchedIds: number[] = [];
  const setMatch = (entryId: number, m: ChargeMatch): void => {
    entrySeen[entryId] = ep;
    entryMatch[entryId] = m;
    matchedIds.push(entryId);
  };
  for (let o = 0; o < order.length; o++) {
    const v = variants[order[o]!]!;
    if (entrySeen[v.entry] === ep) continue;
    const perPos = phrasePos[o];
    if (!perPos) {
      const e = entries[v.entry]!;
      setMatch(v.entry, {
        term: e.term,
        lang: e.lang,
        matched: raws(firstAt[o]!, firstAt[o]!),
        via: v.via,
        weight: e.weight,
      });
      continue;
    }
    for (const start of perPos[0]!) {
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
        const matched = raws(start, prev);
        setMatch(v.entry, { term: e.term, lang: e.lang, matched, via: v.via, weight: e.weight });
        break;
      }
    }
  }

  // pinyin written with or without spaces between syllables or words
  if (pinyinVariants.length > 0) {
    let joined = '';
    const starts: number[] = [];
    const owner: number[] = [];
    for (let i = 0; i < nTokens; i++) {
      if (scripts[i] !== 'latin') continue;
      starts.push(joined.length);
      owner.push(i);
      joined += infos[i]!.folded;
    }
    if (joined.length >= MIN_PINYIN) {
      // first occurrence of each pinyin term (occurrences come left to right), then the terms in
      // lexicon order
      const ids: number[] = [];
      pinyinAutomaton.scan(joined, (id, start) => {
        if (pinyinSeen[id] === ep) return;
        pinyinSeen[id] = ep;
        pinyinFirst[id] = start;
        ids.push(id);
      });
      if (ids.length > 1) ids.sort((a, b) => a - b);
      for (const id of ids) {
        const p = pinyinVariants[id]!;
        const at = pinyinFirst[id]!;
        const entryId = variants[p.variant]!.entry;
        if (entrySeen[entryId] === ep) continue;
        let k = 0;
        while (k + 1 < starts.length && starts[k + 1]! <= at) k++;
        let e = k;
        while (e + 1 < starts.length && starts[e + 1]! < at + p.pinyin.length) e++;
        const en = entries[entryId]!;
        const matched = raws(owner[k]!, owner[e]!);
        setMatch(entryId, {
          term: en.term,
          lang: en.lang,
          matched,
          via: 'transliteration',
          weight: en.weight,
        });
      }
    }
  }

  if (matchedIds.length === 0) return { text, categories: [], cheque: false, languages: [] };
  const byCat = new Map<OffenceCategory, number[]>();
  let cheque = false;
  const langs: ChargeLanguage[] = [];
  for (const eid of matchedIds) {
    const e = entries[eid]!;
    if (e.cheque) cheque = true;
    if (!langs.includes(e.lang)) langs.push(e.lang);
    const list = byCat.get(e.category);
    if (list) list.push(eid);
    else byCat.set(e.category, [eid]);
  }
  const categories: ChargeCategory[] = [];
  for (const [category, ids] of byCat) {
    let miss = 1;
    for (const id of ids) miss *= 1 - entries[id]!.weight;
    const confidence = round2(Math.min(0.99, 1 - miss));
    if (ids.length > 1)
      ids.sort((a, b) => entries[b]!.weight - entries[a]!.weight || termRank[a]! - termRank[b]!);
    const matches = ids.map((id) => entryMatch[id]!);
    categories.push({ category, confidence, firm: confidence >= FIRM_CONFIDENCE, matches });
  }
  if (categories.length > 1) categories.sort(byConfidenceThenCategory);
  return { text, categories, cheque, languages: langs.sort() };
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
  const categories = [...byCat.values()].sort(byConfidenceThenCategory);
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

/** Clears the word memo (for tests and benchmarks). */
export function clearChargeCaches(): void {
  wordMemo.clear();
  oldWordMemo.clear();
  refsMemo.clear();
  oldRefsMemo.clear();
  clearSpans();
}

/** Turns the word memo on or off (off: every word is normalised and stemmed each time it is read). */
export function setChargeWordMemo(on: boolean): void {
  wordMemoOn = on;
  clearChargeCaches();
}
