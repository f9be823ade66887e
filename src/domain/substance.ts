/**
 * The substance check: does a written reason say something? Pure; no I/O.
 *
 * Every rationale, acknowledgement of an indicator, disposition explanation, contest decision, legal
 * review, service note, exigency and unavailability explanation on a case must be a reason in the
 * writer's own words. `checkSubstance(input)` returns what is wrong with one such text, as findings
 * for the person at the form (an empty list means the text passes):
 *
 * - `SUBSTANCE-PLACEHOLDER`  the text still holds a template marker ("[court]", "TBD", "XXX", "{{name}}").
 * - `SUBSTANCE-STOCK-PHRASE` the text is only stock phrases ("Noted.", "OK to proceed.", "Reviewed, no
 *                            concerns.", "n/a", "-"), or mostly stock words with fewer than
 *                            `MIN_MEANINGFUL_WORDS` meaningful words.
 * - `SUBSTANCE-TOO-SHORT`    fewer than `minChars` characters after trimming, or fewer than
 *                            `MIN_MEANINGFUL_WORDS` meaningful words (not reported with STOCK-PHRASE).
 * - `SUBSTANCE-DUPLICATE`    identical, after normalisation, to another free text already on the case.
 * - `SUBSTANCE-NOT-ADDRESSED` `mustAddress` is given and the text neither names nor quotes it: no
 *                            substantial part of its title, nor its id, citation or a keyword (not
 *                            reported with STOCK-PHRASE, whose message already names the subject).
 * - `SUBSTANCE-WORDING`      the wording check (Directive D10) finds a problem; the message carries the
 *                            D10 rule id and the flagged words.
 *
 * Each finding's `message` says what is wrong and then what is expected; `expected` repeats the second
 * part on its own (for a hint under the field). Findings come in the order of the list above.
 *
 * Definitions:
 * - *Normalised text* (for stock phrases and duplicates): Unicode NFKC, lower case, curly quotes made
 *   straight, "n/a" read as "na", every character that is not a letter or digit turned into a space,
 *   whitespace collapsed.
 * - A *meaningful word* is a run of letters or digits that has at least two letters (or any digit), and is
 *   neither a common function word ("the", "is", "and", "of", ...) nor a stock word ("noted", "ok",
 *   "approved", "reviewed", "concerns", ...). "Article 3" counts "article" and "3".
 *
 * The caller (a service) passes the policy's `minReasonChars` as `minChars` and the case's other free
 * texts as `otherEntries`, and refuses the input when the list is not empty, showing each finding's
 * `message` (what is wrong) and `expected` (what to write instead, for this kind of text).
 */

import { checkWording } from './wording.ts';

export const SUBSTANCE_KINDS = [
  'rationale',
  'acknowledgement',
  'disposition',
  'contest_decision',
  'legal_review',
  'service_note',
  'exigency',
  'unavailability',
  'charge_correction',
  'wording_dismissal',
  'identity_link',
  'request_cancellation',
] as const;
export type SubstanceKind = (typeof SUBSTANCE_KINDS)[number];

/** An indicator or contest ground the text must answer. */
export interface SubstanceSubject {
  id: string;
  title: string;
  /** E.g. "Article 3", "RPD Art. 83". */
  citation?: string;
  /** Further words that count as naming the subject (e.g. "journalism", "reporter"). */
  keywords?: string[];
}

export interface SubstanceInput {
  text: string;
  /** E.g. 'acknowledgements.IND_ART3_JOURNALIST'; copied into every finding. */
  field: string;
  kind: SubstanceKind;
  /** From policy (`minReasonChars`). */
  minChars: number;
  /** The text must name or quote it. */
  mustAddress?: SubstanceSubject;
  /** Other free texts already on the case; a text identical to one of them (normalised) is refused. */
  otherEntries?: string[];
  /**
   * `false` leaves out the D10 wording rule (`SUBSTANCE-WORDING`), for a text that must be able to quote
   * wording the check flags: the reason a wording finding is dismissed quotes the dismissed words. The
   * placeholder rule still applies, except to placeholders inside `mayQuote`.
   */
  wordingRule?: boolean;
  /** Words the text may quote (the dismissed excerpt): a placeholder inside one of them is not a finding. */
  mayQuote?: string[];
}

export type SubstanceRuleId =
  | 'SUBSTANCE-PLACEHOLDER'
  | 'SUBSTANCE-STOCK-PHRASE'
  | 'SUBSTANCE-TOO-SHORT'
  | 'SUBSTANCE-DUPLICATE'
  | 'SUBSTANCE-NOT-ADDRESSED'
  | 'SUBSTANCE-WORDING';

export interface SubstanceFinding {
  rule: SubstanceRuleId;
  field: string;
  /** What is wrong, in plain language. */
  message: string;
  /** What to write instead, for this kind of text (and subject). */
  expected: string;
}

export const SUBSTANCE_RULES: readonly { id: SubstanceRuleId; title: string }[] = [
  { id: 'SUBSTANCE-PLACEHOLDER', title: 'The text still holds a placeholder' },
  { id: 'SUBSTANCE-STOCK-PHRASE', title: 'A stock phrase instead of a reason' },
  { id: 'SUBSTANCE-TOO-SHORT', title: 'Too short to be a reason' },
  { id: 'SUBSTANCE-DUPLICATE', title: 'The same text as another entry on the case' },
  { id: 'SUBSTANCE-NOT-ADDRESSED', title: 'Does not name what it must answer' },
  { id: 'SUBSTANCE-WORDING', title: 'Wording that misrepresents the notice (D10)' },
];

/** Fewest meaningful words a reason must have. */
export const MIN_MEANINGFUL_WORDS = 6;
/** Used when `minChars` is not a usable number. */
export const DEFAULT_MIN_CHARS = 40;

/**
 * Stock phrases, normalised. A text made only of these (in any order, repeated, joined by punctuation or
 * by the filler words below) is not a reason.
 */
export const STOCK_PHRASES: readonly string[] = [
  'noted',
  'noted with thanks',
  'ok',
  'okay',
  'okey',
  'k',
  'ok to proceed',
  'okay to proceed',
  'ok to go',
  'good to go',
  'go ahead',
  'proceed',
  'may proceed',
  'can proceed',
  'approved',
  'approve',
  'approved as submitted',
  'agreed',
  'agree',
  'i agree',
  'concur',
  'concurred',
  'concurs',
  'i concur',
  'na',
  'not applicable',
  'none',
  'nil',
  'nothing',
  'nothing further',
  'nothing to add',
  'no further action',
  'nfa',
  'see file',
  'see the file',
  'see case file',
  'see attached',
  'see attachment',
  'see attachments',
  'see above',
  'see below',
  'see notes',
  'as above',
  'same as above',
  'as discussed',
  'as per policy',
  'per policy',
  'per sop',
  'in accordance with policy',
  'not sustained',
  'sustained',
  'denied',
  'granted',
  'rejected',
  'accepted',
  'reviewed',
  'read',
  'seen',
  'checked',
  'verified',
  'confirmed',
  'done',
  'complete',
  'completed',
  'acknowledged',
  'ack',
  'understood',
  'no issues',
  'no issue',
  'no concerns',
  'no concern',
  'no problems',
  'no problem',
  'no objection',
  'no objections',
  'fine',
  'all fine',
  'good',
  'all good',
  'looks good',
  'looks fine',
  'looks good to me',
  'lgtm',
  'correct',
  'yes',
  'no',
  'test',
  'testing',
  'tbd',
  'x',
  'xx',
  'xxx',
  'thanks',
  'thank you',
];

/** Words that may join stock phrases without adding anything ("Reviewed and approved", "all noted"). */
const FILLER = new Set([
  'and',
  'the',
  'all',
  'is',
  'it',
  'this',
  'that',
  'i',
  'we',
  'me',
  'by',
  'with',
  'to',
  'for',
  'of',
  'so',
  'too',
  'also',
  'already',
  'please',
  'fully',
  'well',
  'has',
  'have',
  'been',
  'was',
  'are',
  'be',
  'case',
  'file',
  'item',
  'here',
  'now',
  'then',
  'therefore',
  'hence',
  'thus',
  'ok',
  'sir',
  'maam',
]);

/** Stock words: the words stock phrases are made of; they never count as meaningful. */
const STOCK_WORDS = new Set(
  `noted ok okay okey approved approve approval agreed agree concur concurred concurs na nil none sustained
  denied granted rejected accepted reviewed acknowledged ack understood issues issue concerns concern problems
  problem objection objections fine good lgtm proceed proceeding policy sop test testing tbd thanks thank seen
  checked verified confirmed done complete completed correct nfa`.split(/\s+/),
);

/** Common function words: never meaningful on their own. */
const STOPWORDS = new Set(
  `a an the and or but nor so yet if then than that this these those there here it its it's is are was were be been being
  am do does did done has have had having of to in on at by for with from into onto upon about as per via
  not no yes i we you he she they me us him her them my our your his their mine ours
  which who whom whose what when where why how all any each every some such same other
  can could may might must shall should will would also too very just only even still already
  another s t d ll re ve m o`.split(/\s+/),
);

// ---------------------------------------------------------------------------------------------
// Normalisation and words
// ---------------------------------------------------------------------------------------------

/** Normalised text (see the file header): used for stock phrases and duplicates. */
export function normaliseForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC]/g, "'")
    .replace(/\bn\s*\/\s*a\b/g, 'na')
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const wordsOf = (normalised: string) => (normalised ? normalised.split(' ') : []);

/** The meaningful words of a text (see the file header). */
export function meaningfulWords(text: string): string[] {
  return wordsOf(normaliseForComparison(text)).filter(
    (w) =>
      (/\d/.test(w) || (w.match(/\p{L}/gu)?.length ?? 0) >= 2) && !STOPWORDS.has(w) && !STOCK_WORDS.has(w),
  );
}

const STOCK_TOKENS: readonly string[][] = [...STOCK_PHRASES]
  .map((p) => p.split(' '))
  .sort((a, b) => b.length - a.length);

/** True when the normalised words can be read entirely as stock phrases and filler words. */
function onlyStockPhrases(words: readonly string[]): boolean {
  if (words.length === 0) return true;
  // reachable[i]: the first i words are stock phrases and filler.
  const reachable = new Array<boolean>(words.length + 1).fill(false);
  reachable[0] = true;
  let anyStock = false;
  for (let i = 0; i < words.length; i++) {
    if (!reachable[i]) continue;
    if (FILLER.has(words[i]!)) reachable[i + 1] = true;
    for (const phrase of STOCK_TOKENS) {
      if (phrase.every((w, k) => words[i + k] === w)) {
        reachable[i + phrase.length] = true;
        anyStock = true;
      }
    }
  }
  return reachable[words.length]! && anyStock;
}

/** Stock: only stock phrases, or mostly stock words with too few meaningful words. */
function isStock(text: string): boolean {
  const words = wordsOf(normaliseForComparison(text));
  if (words.length === 0) return text.trim().length > 0; // "-", ".", "..."
  if (onlyStockPhrases(words)) return true;
  const stock = words.filter((w) => STOCK_WORDS.has(w)).length;
  return (
    stock > 0 &&
    stock * 2 >= words.length - stopwordCount(words) &&
    meaningfulWords(text).length < MIN_MEANINGFUL_WORDS
  );
}

const stopwordCount = (words: readonly string[]) => words.filter((w) => STOPWORDS.has(w)).length;

// ---------------------------------------------------------------------------------------------
// Naming the subject
// ---------------------------------------------------------------------------------------------

/** Words too general to show that a text addresses a particular subject. */
const GENERIC = new Set(
  `person persons subject subjects individual case cases notice notices red diffusion interpol requesting country
  countries information record records may might possible possibly has have been being there any indicator
  indicators ground grounds issue issues concern concerns matter matters related relating regarding within`.split(
    /\s+/,
  ),
);

const SUFFIXES = [
  'istically',
  'ically',
  'ations',
  'ation',
  'ities',
  'istic',
  'ments',
  'ment',
  'ness',
  'ings',
  'ists',
  'isms',
  'ions',
  'ical',
  'ity',
  'ing',
  'ist',
  'ism',
  'ion',
  'ies',
  'ive',
  'ous',
  'ed',
  'es',
  'ic',
  'al',
  'ly',
  'er',
  's',
];

/** A loose stem: one common suffix off, never shorter than four letters. */
export function looseStem(word: string): string {
  const w = word.toLowerCase();
  for (const s of SUFFIXES) {
    if (s === 's' && w.endsWith('ss')) continue;
    if (w.endsWith(s) && w.length - s.length >= 4) return w.slice(0, -s.length);
  }
  return w;
}

/** Two words match when their loose stems are equal, or one is a prefix (of five letters or more) of the other. */
function wordsMatch(a: string, b: string): boolean {
  const sa = looseStem(a);
  const sb = looseStem(b);
  if (sa === sb) return true;
  const [short, long] = sa.length <= sb.length ? [sa, sb] : [sb, sa];
  return short.length >= 5 && long.startsWith(short);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "Article 3", "Art. 3", "art 3", "RPD Art. 83" -> a pattern that accepts any of those spellings. */
function citationPattern(citation: string): RegExp {
  const m = /\b(?:article|art\.?|arts?\.?)\s*(\d+[a-z]?(?:\(\d+\))?)/i.exec(citation);
  if (m) return new RegExp(`\\b(?:articles?|arts?\\.?)\\s*${escapeRe(m[1]!)}(?![\\d])`, 'i');
  const words = normaliseForComparison(citation);
  return new RegExp(`(?:^|\\s)${escapeRe(words).replace(/ /g, '\\s+')}(?:\\s|$)`, 'i');
}

/** Does the text name or quote the subject (title, id, citation or keyword)? */
export function addressesSubject(text: string, subject: SubstanceSubject): boolean {
  const norm = normaliseForComparison(text);
  const textWords = wordsOf(norm);
  if (!textWords.length) return false;
  const idWords = normaliseForComparison(subject.id);
  if (
    idWords &&
    (` ${norm} `.includes(` ${idWords} `) || text.toLowerCase().includes(subject.id.toLowerCase()))
  )
    return true;
  if (subject.citation?.trim() && citationPattern(subject.citation).test(norm.replace(/\s+/g, ' ')))
    return true;
  if (subject.citation?.trim() && citationPattern(subject.citation).test(text)) return true;
  for (const k of subject.keywords ?? []) {
    const kw = wordsOf(normaliseForComparison(k));
    if (!kw.length) continue;
    // every word of the keyword, in order, next to each other
    for (let i = 0; i + kw.length <= textWords.length; i++)
      if (kw.every((w, j) => wordsMatch(w, textWords[i + j]!))) return true;
  }
  const significant = [
    ...new Set(
      wordsOf(normaliseForComparison(subject.title)).filter(
        (w) => w.length >= 3 && !STOPWORDS.has(w) && !GENERIC.has(w),
      ),
    ),
  ];
  if (!significant.length) return false;
  const found = significant.filter((w) => textWords.some((t) => wordsMatch(w, t))).length;
  return found >= Math.max(1, Math.ceil(significant.length / 2));
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

const quote = (s: string) => `\u201C${s}\u201D`;
const shorten = (s: string, n = 60) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}\u2026` : t;
};
const subjectName = (s: SubstanceSubject) => `${quote(s.title)} (${s.id})`;

/** What to write instead, for each kind of text (and the subject it must answer, if any). */
export function substanceExpected(kind: SubstanceKind, subject?: SubstanceSubject): string {
  const about = subject ? subjectName(subject) : undefined;
  switch (kind) {
    case 'acknowledgement':
      return about
        ? `Explain in your own words why the case may proceed despite ${about}: what the record shows and why it does or does not bear on the notice.`
        : 'Explain in your own words why the case may proceed despite this indicator: what the record shows and why it does or does not bear on the notice.';
    case 'disposition':
      return about
        ? `Explain why ${about} is present, absent or undetermined: what in the record shows it, or what is missing.`
        : 'Explain why the indicator is present, absent or undetermined: what in the record shows it, or what is missing.';
    case 'contest_decision':
      return about
        ? `Explain the decision on ${about}: what the person said, what the record shows, and why the ground is sustained or not.`
        : 'Explain the decision on the contest: which grounds the person raised, what the record shows on each, and why the contest is sustained or not.';
    case 'legal_review':
      return about
        ? `Set out the legal review of ${about}: the question, the facts and rules relied on, and the conclusion with its reasons.`
        : 'Set out the legal review: the question reviewed, the facts and rules relied on, and the conclusion with its reasons.';
    case 'service_note':
      return 'Describe the service: how, where and when the documentation was given to the person, in which language, and anything the person said.';
    case 'exigency':
      return 'Describe the exigency: the specific facts that made it impossible to wait for the safeguards, when they arose, and who decided.';
    case 'unavailability':
      return about
        ? `Explain why ${about} is unavailable: whom you asked, when, and what answer you received.`
        : 'Explain why the information is unavailable: whom you asked, when, and what answer you received.';
    case 'charge_correction':
      return 'Explain the reading of the charge: what the warrant (or its translation or annex) says the person did, and why that falls under the categories you chose.';
    case 'wording_dismissal':
      return 'Explain why the flagged wording is acceptable here: for example, that it quotes the requesting state or the notice word for word, and where.';
    case 'request_cancellation':
      return 'Say why the request to INTERPOL Washington is no longer needed: what changed on the case (for example, the answer arrived by another channel, or the request named the wrong notice) and what takes its place.';
    case 'identity_link':
      return "Say what establishes that the person is the notice's subject: what was compared (photographs, fingerprints, identity documents, INTERPOL Washington's answer) and how each difference in name, date of birth or nationality is explained.";
    default:
      return about
        ? `Explain in your own words the reason, with regard to ${about}: the facts in the record it rests on and why they support it.`
        : 'Explain in your own words the reason for this step: the facts in the record it rests on and why they support it.';
  }
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

export function checkSubstance(input: SubstanceInput): SubstanceFinding[] {
  const { field, kind, mustAddress } = input;
  const text = input.text ?? '';
  const trimmed = text.trim();
  const minChars =
    Number.isFinite(input.minChars) && input.minChars > 0 ? Math.floor(input.minChars) : DEFAULT_MIN_CHARS;
  const expected = substanceExpected(kind, mustAddress);
  const findings: SubstanceFinding[] = [];
  const add = (rule: SubstanceRuleId, message: string) =>
    findings.push({ rule, field, message: `${message} ${expected}`, expected });

  const wording = checkWording(text, field);
  const quoted = (input.mayQuote ?? []).map((q) => q.toLowerCase()).filter((q) => q.trim());
  const placeholders = wording.filter(
    (f) => f.ruleId === 'TEXT-PLACEHOLDER' && !quoted.some((q) => q.includes(f.excerpt.toLowerCase())),
  );
  if (placeholders.length)
    add(
      'SUBSTANCE-PLACEHOLDER',
      `The text still holds ${placeholders.length === 1 ? 'a placeholder' : 'placeholders'}: ${placeholders
        .map((f) => quote(f.excerpt))
        .join(
          ', ',
        )}. Replace ${placeholders.length === 1 ? 'it' : 'each'} with the actual fact from the record.`,
    );

  const stock = trimmed.length > 0 && isStock(trimmed);
  if (!trimmed) {
    add('SUBSTANCE-TOO-SHORT', 'The text is empty. A reason is required here.');
  } else if (stock) {
    add('SUBSTANCE-STOCK-PHRASE', `${quote(shorten(trimmed))} is a stock phrase, not a reason.`);
  } else {
    const meaningful = meaningfulWords(trimmed).length;
    if (trimmed.length < minChars)
      add(
        'SUBSTANCE-TOO-SHORT',
        `The text is too short to be a reason: ${trimmed.length} characters, and at least ${minChars} are required.`,
      );
    else if (meaningful < MIN_MEANINGFUL_WORDS)
      add(
        'SUBSTANCE-TOO-SHORT',
        `The text says too little to be a reason: ${meaningful} meaningful ${meaningful === 1 ? 'word' : 'words'}, and at least ${MIN_MEANINGFUL_WORDS} are required.`,
      );
  }

  const norm = normaliseForComparison(text);
  if (norm && (input.otherEntries ?? []).some((o) => normaliseForComparison(o ?? '') === norm))
    add(
      'SUBSTANCE-DUPLICATE',
      'The same text is already on the case in another entry. Each entry needs its own reason, about its own question.',
    );

  if (mustAddress && trimmed && !stock && !addressesSubject(text, mustAddress))
    add(
      'SUBSTANCE-NOT-ADDRESSED',
      `The text does not name ${subjectName(mustAddress)}. Say what it is about: name it${
        mustAddress.citation ? ` or cite ${mustAddress.citation}` : ''
      }, or quote it.`,
    );

  for (const f of input.wordingRule === false ? [] : wording) {
    if (f.ruleId === 'TEXT-PLACEHOLDER') continue;
    add(
      'SUBSTANCE-WORDING',
      `${quote(f.excerpt)} misrepresents the notice (${f.ruleId}). ${f.explanation}${
        f.suggestion ? ` Suggested wording: ${quote(f.suggestion)}.` : ''
      }`,
    );
  }
  return findings;
}
