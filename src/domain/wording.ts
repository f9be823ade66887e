/**
 * The wording check (Directive D10): finds text that represents a Red Notice or diffusion
 * as an arrest warrant, as legal authority of its own, or as INTERPOL's judgment on probable
 * cause or on the validity of the foreign proceedings. Pure; no I/O.
 *
 * The rules are data: `WORDING_PATTERNS` is a table of regular expressions, each tied to one
 * of the four rules in `WORDING_RULES` and carrying a builder for a compliant rewording. The
 * engine (`checkWording`) runs every pattern over a length-preserving normalisation of the
 * text (curly quotes and apostrophes to straight ones, dashes to `-`), so offsets in the
 * normalised text are offsets in the original. A space in a pattern source stands for "one to
 * 40 whitespace characters, line breaks included".
 */

import { createHash } from 'node:crypto';
import { mayMatch, requiredLiterals } from './regex-literals.ts';

export interface WordingFinding {
  /** Stable rule id, e.g. `D10-WARRANT`. */
  ruleId: string;
  /** The field the text came from (passed in by the caller). */
  field: string;
  /** Character offsets of the problem span in the text: [start, end). */
  start: number;
  end: number;
  /** The offending words as written. */
  excerpt: string;
  /** Why this is a problem, in plain language. */
  explanation: string;
  /** A compliant rewording of the excerpt (or of its sentence). */
  suggestion: string;
  /** Stable id of this finding: same field + rule + normalised excerpt => same fingerprint. */
  fingerprint: string;
  /** Which pattern of the rule matched (for diagnostics; not part of the fingerprint). */
  patternId?: string;
}

export interface WordingRule {
  id: string;
  title: string;
  explanation: string;
}

/** Bumped whenever a pattern, an explanation or a suggestion changes. */
export const WORDING_RULESET_VERSION = 'd10-wording-2026.1';

export type WordingRuleId =
  | 'D10-WARRANT'
  | 'D10-AUTHORITY'
  | 'D10-PROBABLE-CAUSE'
  | 'D10-VALIDITY-OF-PROCEEDINGS'
  | 'D10-CHARACTERIZATION'
  | 'TEXT-PLACEHOLDER';

export const WORDING_RULES: WordingRule[] = [
  {
    id: 'D10-WARRANT',
    title: 'A notice described as a warrant',
    explanation:
      'A Red Notice or diffusion is not an arrest warrant. It is a request, circulated through INTERPOL, ' +
      'asking police in other countries to locate and provisionally arrest a person pending extradition. ' +
      'The warrant, if there is one, is the national warrant of the requesting country that the notice rests on. ' +
      'Calling the notice a warrant ("INTERPOL warrant", "international arrest warrant") misstates what it is (D10).',
  },
  {
    id: 'D10-AUTHORITY',
    title: 'A notice presented as legal authority',
    explanation:
      'A Red Notice or diffusion carries no legal authority of its own in the United States: nobody can be ' +
      'arrested, detained or held "on" or "under" it, it does not require or authorize any action, and nobody ' +
      '"must" be detained or removed because of it. Every action needs an independent U.S. legal basis (for ' +
      'example an administrative warrant under 8 U.S.C. 1226(a) or a warrant issued by a U.S. court), and the ' +
      'text should name that basis (D10, D1).',
  },
  {
    id: 'D10-PROBABLE-CAUSE',
    title: "A notice presented as INTERPOL's finding on guilt or probable cause",
    explanation:
      'INTERPOL does not investigate cases, weigh evidence or assess probable cause or guilt. A notice repeats ' +
      'what the requesting country alleges. Text must not say or imply that INTERPOL found, verified or ' +
      'established guilt, the charges, the evidence or probable cause, or that the notice itself establishes ' +
      'probable cause or shows that the person committed the offence (D10).',
  },
  {
    id: 'D10-VALIDITY-OF-PROCEEDINGS',
    title: 'A notice presented as INTERPOL vouching for the foreign case or for the notice',
    explanation:
      "INTERPOL's review of a notice concerns compliance with INTERPOL's own rules; it is not a judgment that " +
      'the foreign proceedings, charges, conviction or sentence are lawful, fair or legitimate, and it does not ' +
      'vet or verify the facts in the notice. Text must not say or imply that INTERPOL, or the notice, validated ' +
      'or confirmed the foreign case, that INTERPOL vetted or verified the notice, or that the notice is reliable ' +
      'or credible because INTERPOL published it. (Confirming that the notice itself is valid, i.e. not ' +
      'suspended, withdrawn or expired, is fine: that is the D4 validity check.) (D10)',
  },
  {
    id: 'D10-CHARACTERIZATION',
    title: 'The person described as wanted by INTERPOL, a fugitive or a danger on the strength of the notice',
    explanation:
      "INTERPOL does not want, seek or pursue anyone: it circulates the requesting country's request. And a " +
      'notice is not a finding that the person fled justice or is dangerous. Calling the person "wanted by ' +
      'INTERPOL", "an INTERPOL fugitive", "an international fugitive", or a fugitive or a danger to the community ' +
      'because of the notice presents the request as a judgment about the person. Say who seeks the person (the ' +
      'requesting country), and base any statement about flight or danger on facts in the record (D10).',
  },
  {
    id: 'TEXT-PLACEHOLDER',
    title: 'An unfilled placeholder in the text',
    explanation:
      'The text still contains a placeholder or template marker (such as "[court]", "[NAME]", "<insert date>", ' +
      '"XXX", "TBD", "{{name}}" or "[…]"). A placeholder is not a fact: a reader cannot tell what was meant, and ' +
      'the text would go out unfinished. Replace it with the actual fact from the record, or remove it. There is ' +
      'no suggested wording, because only you know the fact.',
  },
];

const RULE_PRIORITY: Record<WordingRuleId, number> = {
  'TEXT-PLACEHOLDER': 6,
  'D10-PROBABLE-CAUSE': 5,
  'D10-VALIDITY-OF-PROCEEDINGS': 4,
  'D10-CHARACTERIZATION': 3,
  'D10-AUTHORITY': 2,
  'D10-WARRANT': 1,
};

const RULE_EXPLANATION = new Map(WORDING_RULES.map((r) => [r.id, r.explanation] as const));

// ---------------------------------------------------------------------------------------------
// Vocabulary shared by the patterns (regular-expression source; a space means whitespace).
// ---------------------------------------------------------------------------------------------

/** A specific notice term: Red Notice, diffusion, RN, WPD, "INTERPOL notice". */
const NOTICE_SPECIFIC =
  "(?:(?:interpol(?:'s)? )?(?:red(?:-| )notices?|(?:wanted(?:-| )persons? )?diffusions?)\\b|interpol(?:'s)? notices?\\b|(?:rns?|wpds?)\\b)";
/** A bare "notice", only after a determiner and never "notice to appear" and the like. */
const NOTICE_BARE =
  '(?<=\\b(?:the|this|that|an?|each|every|any|such) )notices?\\b(?! (?:to|of)\\b)(?! for (?:a )?hearing\\b)(?! and (?:order|consent|comment|hearing|an opportunity)\\b)';
/** The notice as a grammatical subject (the span starts here). */
const NSUBJ = `(?:${NOTICE_SPECIFIC}|${NOTICE_BARE})`;
/** Optional determiner and at most one descriptive word before a notice term. */
const DET = "(?:(?:the|this|that|these|those|an?|his|her|their|its|said|such|same|[a-z]+'s) )?";
const ADJ =
  "(?:(?!(?:and|or|not|no|nor|than|without|federal|state|national|domestic|administrative|judicial|court|immigration|removal|u\\.s\\.)\\b)[a-z][\\w'-]* )?";
/** The notice miscalled a warrant, as an object: "an INTERPOL warrant", "the RN warrant". */
const NOTICE_AS_WARRANT =
  "(?:interpol(?:'s)? (?:arrest )?|(?:interpol )?(?:red(?:-| )notice|rn|wpd|diffusion) (?:arrest )?)warrants?\\b";
/** A reference to a notice as an object: "the Red Notice", "an Uzbek diffusion", "the notice". */
const NREF = `${DET}${ADJ}["']?(?:${NOTICE_AS_WARRANT}|${NSUBJ})["']?(?! (?:challenge|hearing|interview|meeting|briefing)\\b)`;
/** INTERPOL the organisation (General Secretariat), not INTERPOL Washington and not its rules. */
const INTERPOL_GS =
  "interpol(?! (?:washington|national central|ncb|rules|constitution)\\b)(?!'s (?:rules|constitution)\\b)(?!-)";
/** INTERPOL including INTERPOL Washington (for wording that is wrong whoever the speaker is). */
const INTERPOL_ANY = 'interpol(?: washington| general secretariat)?(?!-)';
/** The action a notice is wrongly said to authorize. */
const ACTION =
  '(?:arrest\\w*|detain\\w*|detention|apprehen\\w*|custody|extradit\\w*|remov(?:e|al|ing)|deport\\w*|take (?:him|her|them|the subject) into custody)';
/** Up to n words that are not a negation, a conjunction or punctuation. */
const words = (n: number) =>
  `(?: (?!(?:not|never|no|nor|and|or|but|without|pending|awaiting|until|after|before|while|following|during|regarding|concerning|about)\\b)(?:mrs?\\.|ms\\.|dr\\.|[^\\s.;:!?,()]+)){0,${n}}?`;
/** A gap inside a clause that does not cross sentence punctuation or a word from `stop`. */
const gap = (n: number, stop: string) => `(?:(?!\\b(?:${stop})\\b)[^.;!?]){0,${n}}?`;
const STOP_PC =
  'courts?|judges?|tribunal|jury|prosecutors?|police|authorities|country|alleg\\w*|accus\\w*|claim\\w*|request\\w*|but|however|although|whereas|not|no|never';
const STOP_VALIDITY = `${STOP_PC}|notices?|diffusions?|rn|wpd|status`;
/** Words for the guilt / probable-cause judgment, not preceded by a negation. */
const PC_KEY =
  '(?<!\\b(?:not|no|never|nor) )(?:guilty|guilt|committed|culpable|responsible for|probable cause|perpetrated|perpetrator|did commit|criminally liable|sufficient evidence|evidence (?:is|was) sufficient|reasonable grounds)';
/** The foreign proceedings (with and without "charges"). */
const PROC_NOCHARGE =
  '(?:criminal case|cases?|proceedings?|convictions?|judg(?:e)?ments?|sentences?|prosecutions?|trials?|verdicts?|indictments?|court decisions?|extradition requests?)';
const PROC = `(?:${PROC_NOCHARGE}|charges)`;
const PC_NOUN = '(?:charges?|evidence|allegations?|accusations?|facts|case against)';
/** Up to two describing words before a PROC noun ("the Uzbek criminal case"). */
const PROC_MODS = "(?:(?!(?:not|no|notice|notices|diffusion|status|by|and|or|but)\\b)[\\w'-]+ ){0,2}?";
const VALID_ADJ =
  '(?:lawful|valid|legitimate|legal|fair|proper|sound|well-founded|genuine|bona fide|in order|credible|justified|non-political|not political|free of (?:political|bias)\\w*|compliant|properly (?:obtained|conducted)|final)';
const COPULA = '(?:is|are|was|were|remains?|has been|have been|to be|as)';
/** The person a notice is about, as a grammatical subject ("he", "the subject", "Mr. Karimov"). */
const PERSON =
  "(?:he|she|they|the (?:subject|person|individual|respondent|noncitizen|alien|defendant|accused|applicant|detainee|man|woman)|(?:mr|ms|mrs|dr)\\. [\\w'-]+)";
/** Participles of the actions a notice is wrongly said to require ("be detained", "be removed"). */
const ACTION_PP =
  '(?:arrested|detained|held|apprehended|taken into custody|removed|deported|extradited|returned|surrendered|handed over|jailed|booked|placed in (?:custody|detention)|kept in (?:custody|detention))';
/** Base forms of the same actions ("must arrest him"). */
const ACTION_BASE = '(?:arrest|detain|hold|apprehend|remove|deport|extradite|return|surrender|jail|book)';
/** "must", "shall", "is to", "has to" and the like. */
const MUST =
  '(?:must|shall|has to|have to|had to|is to|are to|was to|were to|needs to|need to|will have to|is required to|are required to|was required to|is obliged to|are obliged to|is obligated to)';
/** Guilt or commission, as a finding about the person. */
const PC_PRED =
  '(?:(?:is|was|are|were|has been|had been) (?:(?:clearly|plainly|obviously|in fact|indeed) )?(?:guilty|culpable|criminally liable|responsible for|the (?:perpetrator|offender))|(?:has |had )?(?:committed|perpetrated)|did commit)';
/** Flight or danger, as a finding about the person. */
const CHAR_PRED =
  '(?:(?:is|was|are|were|has been|had been|remains|remained) (?:(?:clearly|plainly|obviously|in fact|indeed) )?(?:(?:an?|the) )?(?:(?:international|foreign|known|dangerous|violent|wanted|armed) )*(?:fugitives?|danger|threat|flight risk)|(?:is|was|are|were|remains) (?:(?:armed|violent) and )?dangerous|(?:is|was|are|were) (?:an?|the) (?:(?:known|dangerous|violent|hardened|career|wanted|international) )+(?:criminal|offender|man|woman|person|individual)|(?:has |had )?(?:fled|escaped|absconded from|evaded) (?:from )?(?:justice|prosecution|the (?:courts?|authorities|country)))';
/** Adjectives that vouch for a notice's content. */
const RELIABLE_ADJ =
  '(?:reliable|credible|trustworthy|verified|vetted|accurate|authoritative|dependable|substantiated|proven|well-founded|corroborated|beyond question|beyond doubt|trusted)';
/** "…, so it is reliable", "which makes it reliable", "and can be relied on": the conclusion drawn from vetting. */
const RELIABLE_TAIL = `(?<tail>,? (?:(?:so|and|therefore|thus|which means|meaning)(?: that)? (?:it|the notice|the red notice|the diffusion|the rn|its contents|the information(?: in it)?) (?:is|was|are|can be|must be) (?:therefore |thus |considered )?${RELIABLE_ADJ}|(?:which makes|making|and found|finding) (?:it|the notice) ${RELIABLE_ADJ}|and (?:is|was) (?:therefore |thus )?${RELIABLE_ADJ}|and can (?:therefore )?be (?:relied (?:on|upon)|trusted)))?`;
/** Vouching verbs, for INTERPOL said to have vetted the notice. */
const VET_VERB =
  '(?:vetted|verified|approved|confirmed|validated|checked|reviewed|screened|authenticated|certified|endorsed|cleared|scrutini[sz]ed|examined|investigated|fact-checked|looked into|vouched for)';
/** The notice "is valid / current" (a D4 status fact, not vouching). */
const STATUS_AFTER =
  '(?! (?:is|was|remains|remained|to be|as|as being|and found it|and found that it) (?:still |currently |now )?(?:valid|current|active|in effect|in force|live|outstanding|published|not (?:suspended|withdrawn|cancelled|expired)))(?! status\\b)';
/** Words that attribute a statement to its source rather than adopt it. */
const ATTRIBUTION =
  /\b(?:alleg\w*|claim\w*|assert\w*|accus\w*|describ\w*|call(?:s|ed)|label(?:s|led|ed)?|characteri[sz]\w*|refer(?:s|red)? to|says|said|(?<!united )states?|stated|stating|purport\w*|in the words of|list(?:s|ed)? (?:him|her|them|the subject) as|warn(?:s|ed|ing)?|caution\w*|according to (?:the )?(?:requesting|issuing|foreign|\w+n) (?:country|state|government|authorities)|according to (?:the )?(?:notice|red notice|diffusion|rn|wpd))\b|["'](?:international )?(?:fugitive|danger\w*)/i;
/** Statements that keep the notice apart from the judgment ("independently of the Red Notice"). */
const INDEPENDENT_OF =
  /\b(?:independent(?:ly)? of|apart from|regardless of|aside from|rather than|separately from|whether)\b/i;
/** A reported question ("He asked whether INTERPOL was looking for him"). */
const REPORTED_QUESTION = /\b(?:whether|asked if|wondered if|asks if|asking if)\b/i;
/** Attribution or a reported question: the sentence does not adopt the words as its own. */
const NOT_ADOPTED = new RegExp(`${ATTRIBUTION.source}|${REPORTED_QUESTION.source}`, 'i');
/** Attribution or a statement kept independent of the notice. */
const NOT_FROM_NOTICE = new RegExp(`${ATTRIBUTION.source}|${INDEPENDENT_OF.source}`, 'i');
/** Any negation in the sentence (for the sentence-level patterns, which err on the side of not flagging). */
const SENTENCE_NEGATION = /\b(?:not|no|never|nothing|neither|nor|cannot|without)\b|n't\b/i;
/** A sentence that mentions a notice or INTERPOL. */
const MENTIONS_NOTICE =
  /\b(?:red[- ]notices?|diffusions?|rns?|wpds?|interpol|(?:the|this|that|a|an) notices?\b(?! (?:to|of|for)\b))/i;

// ---------------------------------------------------------------------------------------------
// Suggestion helpers
// ---------------------------------------------------------------------------------------------

export interface MatchInfo {
  /** The excerpt as written. */
  excerpt: string;
  /** Named groups of the match (undefined when a group did not take part). */
  groups: Record<string, string | undefined>;
}

const isDiffusion = (s: string) => /diffusion|\bwpd\b/i.test(s);
/** "Red Notice" or "diffusion", whichever the excerpt talks about. */
const shortName = (s: string) => (isDiffusion(s) ? 'diffusion' : 'Red Notice');
/** "Red Notice", "diffusion" or, when the text says only "notice", "notice". */
const noticeWord = (s: string) =>
  isDiffusion(s) ? 'diffusion' : /red\s*-?\s*notice|\brn\b/i.test(s) ? 'Red Notice' : 'notice';
/** "Red Notice" or "Wanted Person Diffusion". */
const longName = (s: string) => (isDiffusion(s) ? 'Wanted Person Diffusion' : 'Red Notice');
const isPlural = (s: string) => /warrants\b/i.test(s);
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
/** A neutral description of what a notice is, for rewordings that cannot know the U.S. legal basis. */
const NOT_AUTHORITY = 'a request to locate and provisionally arrest, which is not legal authority';

/** The notice term as the excerpt starts with it ("Red Notice", "RN", "notice"), for subject-first rewordings. */
const lead = (m: MatchInfo) => collapse(m.groups.n ?? shortName(m.excerpt));
/** "is" or "are" for a proceedings noun ("the conviction is", "the proceedings are"). */
const be = (noun: string) => (/s$/i.test(noun) ? 'are' : 'is');
/** Past tense in, past tense out: "asks" or "asked" after a verb as written. */
const tense = (verb: string | undefined, present: string, past: string) =>
  /^(?:was|were|had)\b|(?:ed|ought|ade|ew|ave|ound|eant|eld|ept|old|aid|left)$/i.test(collapse(verb ?? ''))
    ? past
    : present;
/** Insert "not" after the first word of an auxiliary: "was" -> "was not", "has been" -> "has not been". */
const negateAux = (aux: string) => {
  const [first, ...rest] = collapse(aux).split(' ');
  return [first, 'not', ...rest].join(' ');
};

function notWarrant(m: MatchInfo): string {
  const name = longName(m.excerpt);
  return isPlural(m.excerpt)
    ? `INTERPOL ${name}s (requests to locate and provisionally arrest, not warrants)`
    : `INTERPOL ${name} (a request to locate and provisionally arrest, not a warrant)`;
}

/** "a person", "the person" or "persons", following the article the excerpt used. */
function personNoun(m: MatchInfo): string {
  const plural = /fugitives\b/i.test(m.excerpt);
  const art = (m.groups.art ?? '').toLowerCase();
  if (plural) return art === 'the' ? 'the persons' : 'persons';
  if (art === 'the') return 'the person';
  if (art) return 'a person';
  return 'person';
}

// ---------------------------------------------------------------------------------------------
// The pattern table
// ---------------------------------------------------------------------------------------------

export interface WordingPattern {
  /** Stable id of the pattern, e.g. `warrant.interpol-warrant`. */
  id: string;
  ruleId: WordingRuleId;
  /** Regular-expression source; a space stands for 1 to MAX_GAP whitespace characters (line breaks too). */
  source: string;
  /** Skip the match when its sentence matches this (e.g. an ICC warrant really is international). */
  unless?: RegExp;
  /** Only keep the match when its sentence matches this (e.g. it mentions a notice). */
  onlyIf?: RegExp;
  /** Skip the match when its sentence contains any negation (for loose, sentence-level patterns). */
  skipNegatedSentence?: boolean;
  /** Do not apply the negation check at all (a placeholder is a placeholder, negated or not). */
  ignoreNegation?: boolean;
  /**
   * Builds a compliant rewording of the excerpt: finished words that can be pasted in place of the
   * excerpt. Never instructions, placeholders or examples. May be empty only for TEXT-PLACEHOLDER,
   * where the right words are a fact the check cannot know.
   */
  suggest: (m: MatchInfo) => string;
  /** Sentences this pattern flags (used by the tests: each is flagged, and its suggestion fixes it). */
  examples: readonly string[];
}

export const WORDING_PATTERNS: readonly WordingPattern[] = [
  // ----- TEXT-PLACEHOLDER --------------------------------------------------------------------
  {
    id: 'placeholder.square-brackets',
    ruleId: 'TEXT-PLACEHOLDER',
    // Any bracketed text except the editorial marks that belong in quotations ([sic], [emphasis added],
    // a footnote number, a single pronoun) and citations like "[2021]".
    source:
      '\\[(?!\\s*(?:sic|emphasis (?:added|supplied|mine)|redacted|sealed|\\d{1,4}|he|she|they|him|her|them|his|their|it)\\s*\\])[^\\[\\]\\n]{0,120}\\]',
    ignoreNegation: true,
    suggest: () => '',
    examples: [
      'The warrant was issued by [court] on 3 May 2021.',
      'Subject [NAME] was encountered in Newark.',
      'The court stated that the defendant [\u2026] fled the country.',
      'Officers arrested him under [the U.S. legal basis].',
    ],
  },
  {
    id: 'placeholder.angle-brackets',
    ruleId: 'TEXT-PLACEHOLDER',
    source: '<<?(?=[a-z])[^<>\\n]{1,60}(?<=\\S)>>?',
    ignoreNegation: true,
    suggest: () => '',
    examples: ['Encounter on <insert date> at the Newark field office.', 'Served on <NAME> in person.'],
  },
  {
    id: 'placeholder.curly-braces',
    ruleId: 'TEXT-PLACEHOLDER',
    source: "\\{\\{[^{}\\n]{0,60}\\}\\}|\\{(?=[a-z_])[\\w .'-]{1,40}\\}",
    ignoreNegation: true,
    suggest: () => '',
    examples: ['Dear {{name}}, the notice was received.', 'The requesting country is {country}.'],
  },
  {
    id: 'placeholder.marker',
    ruleId: 'TEXT-PLACEHOLDER',
    source:
      '(?:x{3,}|xx(?:[/.-]x{2,4})+|tbd|tbc|tba|todo|fixme|to be (?:determined|confirmed|inserted|completed)|_{3,}|\\?{3,}|(?:insert|enter|fill in|add) (?:the )?(?:name|date|court|country|authority|number|basis|facts?|details?|reason|citation)(?: here)?)',
    ignoreNegation: true,
    suggest: () => '',
    examples: [
      'The subject entered on XXX and overstayed.',
      'Court: TBD.',
      'Arrest warrant dated XX/XX/XXXX.',
      'Signed: ____ on 3 May.',
      'The national warrant was issued by insert court here.',
    ],
  },

  // ----- D10-WARRANT -------------------------------------------------------------------------
  {
    id: 'warrant.interpol-warrant',
    ruleId: 'D10-WARRANT',
    source:
      "interpol(?:'s|-issued)? (?:(?:international|arrest|red notice|criminal|fugitive) )*warrants?(?!\\s*:)",
    suggest: notWarrant,
    examples: ['Uzbekistan issued an Interpol arrest warrant for him.', 'He has an INTERPOL warrant.'],
  },
  {
    id: 'warrant.international-warrant',
    ruleId: 'D10-WARRANT',
    source: '(?:international|global|worldwide|world-wide|transnational) (?:arrest )?warrants?(?!\\s*:)',
    unless: /\b(?:ICC|International Criminal Court|European arrest warrant)\b/i,
    suggest: notWarrant,
    examples: [
      'ICE checked the international warrant with the USNCB.',
      'Russia obtained a global arrest warrant.',
    ],
  },
  {
    id: 'warrant.notice-warrant',
    ruleId: 'D10-WARRANT',
    source:
      "(?:(?:interpol(?:'s)? )?red(?:-| )notice|rn|wpd|(?:interpol )?diffusion) (?:arrest )?warrants?(?!\\s*:)",
    suggest: notWarrant,
    examples: ['Officers checked the Red Notice warrant in NCIC.', 'The diffusion warrant was received.'],
  },
  {
    id: 'warrant.warrant-issued-by-interpol',
    ruleId: 'D10-WARRANT',
    source: '(?:arrest )?warrants? (?:(?:was|were|has been|had been) )?issued by interpol(?: washington)?',
    suggest: notWarrant,
    examples: ['The arrest warrant issued by INTERPOL lists two counts.'],
  },
  {
    id: 'warrant.warrant-from-interpol',
    ruleId: 'D10-WARRANT',
    source:
      "(?<!(?:national|underlying|foreign|domestic|original|court's|judicial|country's) (?:arrest )?)(?:arrest )?warrants? from interpol(?! (?:washington|national central)\\b)",
    suggest: notWarrant,
    examples: ['We received the warrant from INTERPOL on 4 June.'],
  },
  {
    id: 'warrant.notice-is-warrant',
    ruleId: 'D10-WARRANT',
    source: `(?<n>${NSUBJ}) (?<cop>is|are|was|were|serves as|served as|acts as|acted as|functions as|functioned as|operates as|constitutes|constituted|amounts to|amounted to|counts as|works as),? (?:(?:in effect,?|effectively|essentially|basically|really|practically|legally|itself|equivalent to|the equivalent of|tantamount to|the same as|like) )?(?:an? )?(?:(?:international|valid|outstanding|foreign|global|active|interpol|legal|formal) )*(?:arrest )?warrants?`,
    suggest: (m) => {
      const n = collapse(m.groups.n ?? shortName(m.excerpt));
      const cop = (m.groups.cop ?? 'is').toLowerCase();
      const plural = cop === 'are' || cop === 'were';
      const verb = ['is', 'are', 'was', 'were'].includes(cop) ? cop : 'is';
      return plural
        ? `${n} ${verb} requests to locate and provisionally arrest pending extradition, not arrest warrants`
        : `${n} ${verb} a request to locate and provisionally arrest pending extradition, not an arrest warrant`;
    },
    examples: ['The Red Notice is an arrest warrant.', 'The diffusion serves as a warrant for his arrest.'],
  },
  {
    id: 'warrant.wanted-on-warrant',
    ruleId: 'D10-WARRANT',
    source:
      "wanted (?:on|under|by|via|through|pursuant to) (?:an?|the) (?:interpol|international|global|worldwide)(?:'s)? (?:(?:red notice|arrest) )?warrants?",
    unless: /\b(?:ICC|International Criminal Court)\b/i,
    suggest: (m) =>
      `named in an INTERPOL ${longName(m.excerpt)} (a request to locate and provisionally arrest, not a warrant)`,
    examples: ['The subject is wanted on an INTERPOL warrant from Uzbekistan.'],
  },
  {
    id: 'warrant.interpol-issued-warrant',
    ruleId: 'D10-WARRANT',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:issued|published|put out|sent out|circulated|sent) (?:an? |the )?(?:(?:international|global|worldwide) )?(?:arrest )?warrants?`,
    suggest: (m) =>
      isPlural(m.excerpt)
        ? "INTERPOL published Red Notices at the requesting country's request (requests to locate and provisionally arrest, not warrants)"
        : "INTERPOL published a Red Notice at the requesting country's request (a request to locate and provisionally arrest, not a warrant)",
    examples: ['INTERPOL issued a warrant for his arrest.'],
  },
  {
    id: 'warrant.executed-notice',
    ruleId: 'D10-WARRANT',
    source: `(?<v>executed|executing|execute|execution of|served|serving|serve) ${NREF}`,
    suggest: (m) => {
      const v = (m.groups.v ?? 'executed').toLowerCase();
      const act =
        v === 'execution of'
          ? 'action on'
          : /ing$/.test(v)
            ? 'acting on'
            : /ed$/.test(v)
              ? 'acted on'
              : 'act on';
      return `${act} the information in the ${shortName(m.excerpt)} (a request to locate and provisionally arrest, which is not a warrant and cannot be executed)`;
    },
    examples: [
      'Officers executed the Red Notice at his residence.',
      'The team is serving the diffusion today.',
    ],
  },

  // ----- D10-AUTHORITY -----------------------------------------------------------------------
  {
    id: 'authority.action-on-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?<verb>arrested|arrest|arresting|arrests|detained|detain|detaining|detains|detention|apprehended|apprehend|apprehending|taken into custody|take (?:him |her |them |the subject )?into custody|took (?:him |her |them |the subject )?into custody|(?:placed|kept|held|remains|remained) in (?:ice |immigration |federal )?(?:custody|detention)|(?<!\\b(?:hearing|meeting|interview|conference|call|session|briefing|discussion|training|workshop)s? (?:was |were |is |are |has been |had been )?)(?:(?:being|been|is|was|were|are) )?held|hold(?:ing)? (?:him|her|them|the subject)|booked|jailed|locked up|picked up|remanded|incarcerated|imprisoned|confined)(?<obj>${words(3)}) (?<prep>on|under|upon|pursuant to|based (?:on|upon)|in reliance (?:on|upon)|relying (?:on|upon)|on the (?:basis|strength|authority) of|under the authority of|by (?:virtue|authority) of|solely (?:on|upon)|(?:solely |only )?because of|due to|in accordance with|per|in execution of) ${NREF}`,
    suggest: (m) =>
      `${collapse(`${m.groups.verb ?? 'arrested'}${m.groups.obj ?? ''}`)} in connection with the ${shortName(m.excerpt)} (${NOT_AUTHORITY})`,
    examples: [
      'Officers arrested the subject on the Red Notice.',
      'He was detained on the RN pending removal.',
      'Detention on the diffusion is routine.',
    ],
  },
  {
    id: 'authority.custody-on-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:in|into) (?:ice |immigration |federal )?(?:custody|detention) (?:on|under|pursuant to|based (?:on|upon)|on the basis of|by virtue of) ${NREF}`,
    suggest: (m) => `in custody in connection with the ${shortName(m.excerpt)} (${NOT_AUTHORITY})`,
    examples: ['The subject is in ICE custody pursuant to the diffusion.'],
  },
  {
    id: 'authority.notice-authorizes',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}) (?:alone |itself |clearly )?(?<v>authori[sz]es|authori[sz]ed(?! by)|empowers|empowered(?! by)|mandates|mandated(?! by)|entitles|entitled(?! by)|compels|compelled(?! by)|obliges|obligates)\\b`,
    suggest: (m) =>
      `${lead(m)} (a request, not legal authority) ${tense(m.groups.v, 'requests', 'requested')}`,
    examples: ['The Red Notice authorizes ICE to detain him.', 'The Red Notice mandates his detention.'],
  },
  {
    id: 'authority.notice-requires-action',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}|${INTERPOL_GS}) (?:alone |itself |clearly )?(?<v>requires|required|permits|permitted|allows|allowed|directs|directed|orders|ordered|instructs|instructed|commands|commanded|obliged|obligated|compel|oblige|justifies|justified|warrants|warranted|supports|supported|necessitates|necessitated)(?<mid>${words(3)}) (?<act>${ACTION})`,
    suggest: (m) => {
      const mid = m.groups.mid ?? '';
      const ask = /^(?:compel|oblige)$/i.test(collapse(m.groups.v ?? ''))
        ? 'ask'
        : tense(m.groups.v, 'asks', 'asked');
      const verb = /\bto$/i.test(collapse(mid)) ? `${ask}${mid}` : `${ask} for${mid}`;
      return /^interpol$/i.test(lead(m))
        ? `INTERPOL, through a notice that is a request and not legal authority, ${verb} ${m.groups.act ?? 'arrest'}`
        : `${lead(m)} (a request, not legal authority) ${verb} ${m.groups.act ?? 'arrest'}`;
    },
    examples: [
      'The notice requires us to arrest the subject.',
      'INTERPOL requires us to arrest him.',
      'The Red Notice alone justifies continued detention.',
    ],
  },
  {
    id: 'authority.notice-gives-authority',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}) (?:alone |itself )?(?:gives|gave|grants|granted|confers|conferred|provides|provided|supplies|supplied|creates|created|carries|carried|has|had|is|was|serves as|constitutes|constituted|establishes|established)(?: (?:us|ice|officers|the agency|the officers|agents|law enforcement|dhs))?(?: (?:the|an?|our|their|its|all|enough|only|sufficient|full|independent|legal|lawful|statutory|sole|adequate|necessary|its own|own))* (?:(?:authority|power|powers|jurisdiction|authorization)\\b(?: (?:we|ice|officers|agents|you) (?:need|needs|require|requires))?|(?:legal|lawful) (?:basis|grounds?)\\b|(?:basis|grounds?|justification) (?<for>(?:for|to) (?:the |his |her |an? |any )?${ACTION}))`,
    suggest: (m) => `${lead(m)} gives no legal authority${m.groups.for ? ` ${collapse(m.groups.for)}` : ''}`,
    examples: [
      'The Red Notice gives us authority to hold him.',
      'The Red Notice is the legal basis for his detention.',
    ],
  },
  {
    id: 'authority.authority-of-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:(?:by|under|on|with) (?:the )?(?:authority|strength|force|power) of|by virtue of|pursuant to|as authori[sz]ed by|as required by|as mandated by|as directed by) (?:${NREF}|(?:the )?${INTERPOL_GS}(?!'s))`,
    suggest: (m) => `in connection with the ${shortName(m.excerpt)} (${NOT_AUTHORITY})`,
    examples: [
      'Agents acted by authority of the Red Notice.',
      'The detainer was lodged pursuant to INTERPOL.',
    ],
  },
  {
    id: 'authority.required-by-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:authori[sz]ed|required|mandated|compelled|obligated|obliged|empowered|directed|ordered|justified|warranted) by ${NREF}|(?:required|mandated|compelled|obligated|obliged|empowered|directed|ordered) by (?:the )?${INTERPOL_GS}(?!'s)`,
    suggest: (m) =>
      /by (?:the )?interpol\s*$/i.test(m.excerpt)
        ? 'requested through INTERPOL (a notice is a request, not legal authority)'
        : `requested in the ${shortName(m.excerpt)} (${NOT_AUTHORITY})`,
    examples: ['The arrest was authorized by the Red Notice.', 'His detention is required by INTERPOL.'],
  },
  {
    id: 'authority.authority-from-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?<head>authority|power|jurisdiction|legal basis|basis|grounds)(?<to> to (?:arrest|detain|hold|apprehend) (?:him|her|them|the subject))? (?:derives?|derived|comes|came|stems|stemmed|flows|flowed|arises|arose|rests|rested|is derived) (?:from|on) ${NREF}`,
    suggest: (m) =>
      `${collapse(`${m.groups.head ?? 'authority'}${m.groups.to ?? ''}`)} does not come from the ${shortName(m.excerpt)} (${NOT_AUTHORITY})`,
    examples: ['Our authority to detain him comes from the WPD.'],
  },
  {
    id: 'authority.must-per-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:per|according to|under|pursuant to|based on|in accordance with|as (?:per|stated in|set out in|required by|directed by)|following|in line with|in light of|given|because of) ${NREF},? (?<subj>${PERSON}|we|ice|officers|agents|ero) (?:${MUST}|should|will) (?:(?:be )(?:immediately |promptly |now )?(?<pp>${ACTION_PP})|(?:immediately |promptly |now )?(?<base>${ACTION_BASE})(?<obj> him| her| them| the subject)?)`,
    suggest: (m) => {
      const name = shortName(m.excerpt);
      const subj = (m.groups.subj ?? 'he').replace(/^ICE$/i, 'ICE').replace(/^ero$/i, 'ERO');
      return m.groups.pp
        ? `the ${name} is a request, not legal authority, and ${subj} may be ${collapse(m.groups.pp)} only on a U.S. legal basis`
        : `the ${name} is a request, not legal authority, and ${subj} may ${collapse(m.groups.base ?? 'arrest')}${m.groups.obj ?? ''} only on a U.S. legal basis`;
    },
    examples: [
      'Per the diffusion, he must be detained.',
      'According to the Red Notice, the subject is to be arrested on sight.',
      'Under the RN, officers must arrest him.',
    ],
  },
  {
    id: 'authority.must-by-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?<subj>${PERSON}|we|ice|ero|officers|agents) (?:${MUST}|should) (?:be (?:immediately |promptly )?(?<pp>${ACTION_PP})|(?:immediately |promptly )?(?<base>${ACTION_BASE})(?<obj> him| her| them| the subject)?) (?:solely |only )?(?:per|according to|under|pursuant to|as required by|as directed by|in accordance with|on the basis of|because of|because|since|given) ${NREF}(?: (?:says so|requires it|so requires|demands it|requests it|asks for it))?`,
    suggest: (m) => {
      const subj = m.groups.subj ?? 'he';
      const act = m.groups.pp
        ? `be ${collapse(m.groups.pp)}`
        : `${collapse(m.groups.base ?? 'arrest')}${m.groups.obj ?? ''}`;
      return `${/^(?:ice|ero)$/i.test(subj) ? subj.toUpperCase() : subj} may ${act} only on a U.S. legal basis, and the ${shortName(m.excerpt)} is a request, not legal authority`;
    },
    examples: [
      'She must be removed according to the Red Notice.',
      'He shall be detained per the WPD.',
      'ICE must detain him because the Red Notice says so.',
    ],
  },
  {
    id: 'authority.per-notice-must-loose',
    ruleId: 'D10-AUTHORITY',
    source: `(?:per|according to|under|pursuant to|in accordance with|as (?:per|required by|directed by)) (?:${NREF}|${INTERPOL_GS}(?!'s)),? ${gap(80, 'not|no|never|but|however|although|unless|if|whether|courts?|judges?|statute|law')}${MUST} be (?:immediately |promptly )?(?<pp>${ACTION_PP})`,
    suggest: (m) =>
      `the ${shortName(m.excerpt)} is a request, not legal authority, and the person may be ${collapse(m.groups.pp ?? 'detained')} only on a U.S. legal basis`,
    examples: ['Per INTERPOL, the subject is a convicted fraudster who must be returned to Kazakhstan.'],
  },
  {
    id: 'authority.notice-says-must',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}) (?<v>says|said|states|stated|provides|provided|dictates|dictated|means|meant|makes clear|made clear)(?: that)? (?<subj>${PERSON}) ${MUST} be (?<pp>${ACTION_PP})`,
    suggest: (m) =>
      `${lead(m)} ${tense(m.groups.v, 'asks', 'asked')} that ${m.groups.subj ?? 'he'} be located and provisionally arrested, which is a request and not legal authority`,
    examples: [
      'The Red Notice says he must be arrested.',
      'The diffusion states that the subject is to be detained.',
    ],
  },
  {
    id: 'authority.relied-as-authority',
    ruleId: 'D10-AUTHORITY',
    source: `(?<v>relied|relying|relies|rely) (?:on|upon) ${NREF} (?:as|for) (?:(?:their|our|the|its|his|her|legal|lawful|sole|only|main|primary) )*(?:authority|legal basis|basis|grounds|justification|power)\\b`,
    suggest: (m) =>
      `${collapse(m.groups.v ?? 'relied')} on the ${shortName(m.excerpt)}, which is a request and not legal authority,`,
    examples: ['Officers relied on the Red Notice as their authority to make the arrest.'],
  },
  {
    id: 'authority.notice-so-may-act',
    ruleId: 'D10-AUTHORITY',
    source: `(?:we have|we now have|having|with|given|holding) ${NREF}(?: in hand)?,? (?:so |therefore |thus |which means )?(?<subj>we|ice|ero|officers|agents|the officers|law enforcement) (?:can|may|could|are (?:entitled|allowed|authori[sz]ed|free|able) to) (?:(?:lawfully|legally|now|properly) )?(?<base>${ACTION_BASE})(?<obj> him| her| them| the subject)?`,
    suggest: (m) =>
      `the ${shortName(m.excerpt)} is a request, not legal authority, and ${m.groups.subj ?? 'we'} may ${collapse(m.groups.base ?? 'arrest')}${m.groups.obj ?? ''} only on a U.S. legal basis`,
    examples: [
      'We have the Red Notice, so we can hold him.',
      'With the diffusion in hand, officers may lawfully detain him.',
    ],
  },
  {
    id: 'characterization.wanted-by-interpol',
    ruleId: 'D10-CHARACTERIZATION',
    source: `(?:wanted|sought|being sought|pursued|hunted|searched for|being searched for|looked for|being looked for) by ${INTERPOL_ANY}|on (?:an? |the )?interpol(?:'s)? (?:most[- ])?wanted list|interpol(?:'s)? most[- ]wanted(?: list)?|interpol-wanted`,
    unless: NOT_ADOPTED,
    suggest: (m) =>
      /^on\b/i.test(m.excerpt)
        ? 'in a request circulated through INTERPOL by the requesting country'
        : 'named in a request circulated through INTERPOL by the requesting country',
    examples: ['He is wanted by INTERPOL.', 'The subject, who is being sought by Interpol, was encountered.'],
  },
  {
    id: 'characterization.interpol-seeks',
    ruleId: 'D10-CHARACTERIZATION',
    source: `${INTERPOL_GS} (?<v>(?:is|was|are|were|has been|had been) (?:actively )?(?:looking for|searching for|seeking|hunting(?: for)?|pursuing|tracking|after)|wants|wanted|seeks|sought|pursues|pursued) (?<obj>him|her|them|the subject|this person|the person|the individual|(?:mr|ms|mrs|dr)\\. [\\w'-]+|(?:his|her|their|the subject's) (?:arrest|extradition|detention|return))`,
    unless: NOT_ADOPTED,
    suggest: (m) =>
      `the requesting country ${collapse(m.groups.v ?? 'seeks')} ${m.groups.obj ?? 'him'} through INTERPOL`,
    examples: [
      'INTERPOL is looking for him.',
      'Interpol wants Mr. Karimov.',
      'INTERPOL seeks his extradition.',
    ],
  },
  {
    id: 'characterization.interpol-considers',
    ruleId: 'D10-CHARACTERIZATION',
    source: `${INTERPOL_GS} (?<v>considers|considered|regards|regarded|deems|deemed|classifies|classified|treats|treated|views|viewed|sees|saw|lists|listed|designates|designated) (?<obj>him|her|them|the subject|(?:mr|ms|mrs|dr)\\. [\\w'-]+) (?:as |to be )?(?<what>(?:(?:an?|the) )?(?:(?:international|dangerous|violent|wanted) )*fugitives?|(?:an? )?(?:danger|threat) to (?:the )?(?:community|public safety|public)|dangerous|(?:an? )?criminal|guilty)`,
    suggest: (m) => {
      const subj =
        { him: 'he', her: 'she', them: 'they' }[(m.groups.obj ?? '').toLowerCase()] ?? m.groups.obj ?? 'he';
      const be = subj === 'they' ? 'are' : 'is';
      return `the requesting country alleges that ${subj} ${be} ${collapse(m.groups.what ?? 'a fugitive')}`;
    },
    examples: ['INTERPOL considers him a fugitive.', 'INTERPOL deems him a danger to the public.'],
  },
  {
    id: 'characterization.interpol-fugitive',
    ruleId: 'D10-CHARACTERIZATION',
    source:
      '(?:(?<art>an?|the) )?(?:interpol(?:-wanted|-listed)?|international|global|worldwide|transnational|red notice|rn|wpd|diffusion) fugitives?(?! (?:operations?|ops|unit|team|task force|investigations?|section|squad|program)\\b)',
    unless: NOT_ADOPTED,
    suggest: (m) =>
      `${personNoun(m)} named in ${/fugitives\b/i.test(m.excerpt) ? 'requests' : 'a request'} circulated through INTERPOL`,
    examples: ['He is an INTERPOL fugitive.', 'The subject is an international fugitive.'],
  },
  {
    id: 'characterization.fugitive-near-notice',
    ruleId: 'D10-CHARACTERIZATION',
    source:
      "(?<![\\w'-] ?(?:ice|ero|dhs|fugitive operations?)(?: \\w+)? )(?:(?<art>an?|the) )?(?:(?:known|dangerous|violent|wanted|convicted|foreign) )*fugitives?(?: from (?:(?:the )?(?:[a-z]+ )?)?justice)?(?! (?:operations?|ops|unit|team|task force|investigations?|section|squad|program|alien)\\b)",
    onlyIf: MENTIONS_NOTICE,
    unless: NOT_FROM_NOTICE,
    skipNegatedSentence: true,
    suggest: (m) => `${personNoun(m)} sought by the requesting country`,
    examples: [
      'He is a fugitive from justice wanted on a Red Notice.',
      'Based on the RN, the subject is a fugitive.',
    ],
  },
  {
    id: 'characterization.danger-near-notice',
    ruleId: 'D10-CHARACTERIZATION',
    source:
      '(?<pose>(?:poses?|posed|posing|presents?|presented|represents?|represented) )?(?:(?:an?|the) )?(?:(?:serious|significant|clear|grave|real) )?(?:danger|threat|risk) to (?:the )?(?:community|public safety|public|others|society|officers)|(?<=\\b(?:is|was|are|were|be|been|being|remains|remained|considered|deemed|as) )(?:(?:armed|violent) and )?dangerous\\b',
    onlyIf: MENTIONS_NOTICE,
    unless: NOT_FROM_NOTICE,
    skipNegatedSentence: true,
    suggest: (m) =>
      m.groups.pose
        ? 'may or may not pose a risk, which has to be assessed on the facts in the record'
        : 'a person whose risk has to be assessed on the facts in the record',
    examples: [
      'Because of the Red Notice, he is a danger to the community.',
      'Given the diffusion, he poses a threat to the public.',
    ],
  },
  {
    id: 'characterization.notice-shows',
    ruleId: 'D10-CHARACTERIZATION',
    source: `(?<n>${NSUBJ}) (?:itself |alone |clearly )?(?<v>shows|showed|proves|proved|establishes|established|confirms|confirmed|demonstrates|demonstrated|makes clear|made clear|means|meant|indicates|indicated|leaves no doubt|left no doubt|(?:is|was) (?:(?:sufficient|enough|clear|strong|conclusive|adequate|ample|definitive) )?(?:proof|evidence))(?<subj>${words(3)}) (?<pred>${CHAR_PRED})`,
    suggest: (m) =>
      `${lead(m)} ${tense(m.groups.v, 'repeats', 'repeated')} the requesting country's allegation that${collapse(` ${m.groups.subj ?? ''}`) ? ` ${collapse(m.groups.subj ?? '')}`.replace(/^ that\b/i, '') : ''} ${collapse(m.groups.pred ?? '')}`,
    examples: [
      'The notice shows he is a fugitive from justice and a danger to the community.',
      'The diffusion confirms that the subject fled justice.',
    ],
  },
  {
    id: 'characterization.shown-by-notice',
    ruleId: 'D10-CHARACTERIZATION',
    source: `(?:is|was|are|were|has been|had been) (?:shown|proven|proved|confirmed|established|revealed|designated|branded|classified) (?:to be |as )?(?:(?:an?|the) )?(?:(?:international|dangerous|violent|wanted) )*(?<what>fugitives?|danger to (?:the )?(?:community|public)|dangerous|threat to (?:the )?(?:community|public)) (?:by|in|through|from|per) ${NREF}|(?:is|was|are|were|has been|had been) (?:shown|proven|proved|confirmed|established|revealed) (?:by|in|through) ${NREF} (?:to be|as) (?:(?:an?|the) )?(?:(?:international|dangerous|violent|wanted) )*(?<what2>fugitives?|danger to (?:the )?(?:community|public)|dangerous|threat to (?:the )?(?:community|public))`,
    suggest: (m) =>
      `${/^(?:was|were|had)\b/i.test(m.excerpt) ? 'was' : 'is'} alleged by the requesting country to be ${/^fugitive/i.test(m.groups.what ?? m.groups.what2 ?? '') ? 'a fugitive' : collapse(m.groups.what ?? m.groups.what2 ?? 'dangerous').replace(/^(danger|threat)\b/i, 'a $1')}`,
    examples: [
      'He was shown by the Red Notice to be a fugitive.',
      'The subject is confirmed as dangerous by the RN.',
    ],
  },

  // ----- D10-PROBABLE-CAUSE ------------------------------------------------------------------
  {
    id: 'pc.interpol-found',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:(?:already|clearly|previously|also|itself) )?(?:found|finds|determined|determines|confirmed|confirms|established|establishes|concluded|concludes|decided|ruled|held|verified|verifies|assessed|judged|believes|believed|deemed|considers|considered|certified|certifies|is satisfied|was satisfied)(?<rest> (?:that )?${gap(100, STOP_PC)}${PC_KEY})`,
    suggest: (m) => {
      const rest = collapse(m.groups.rest ?? '').replace(/^that /i, '');
      return /probable cause|reasonable grounds|sufficient evidence|evidence (?:is|was) sufficient/i.test(
        rest,
      )
        ? `INTERPOL made no finding on whether ${rest}`
        : /^(?:he|she|they|it|the (?:subject|person)|(?:mr|ms|mrs|dr)\.|there)\b/i.test(rest) ||
            /^that\b/i.test(collapse(m.groups.rest ?? ''))
          ? `the requesting country alleges that ${rest}`
          : `the requesting country alleges ${rest}`;
    },
    examples: [
      'INTERPOL found that he committed the fraud.',
      'INTERPOL determined there is probable cause to arrest him.',
    ],
  },
  {
    id: 'pc.interpol-found-act',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `${INTERPOL_GS} (?:has |had )?(?:(?:already|clearly) )?(?:found|determined|established|concluded|proved|proven|shown) (?:that )?(?<subj>${PERSON}) (?<act>(?:(?:had|has) )?(?!(?:named|listed|wanted|charged|convicted)\\b)[a-z]+ed)\\b`,
    suggest: (m) =>
      `the requesting country alleges that ${m.groups.subj ?? 'he'} ${collapse(m.groups.act ?? '')}`,
    examples: ['INTERPOL has established that the subject laundered the funds.'],
  },
  {
    id: 'pc.interpol-convicted',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `${INTERPOL_GS} (?:has |had )?(?<v>convicted|sentenced|charged|indicted|prosecuted|tried|found guilty|condemned) (?<obj>him|her|them|the subject|(?:mr|ms|mrs|dr)\\. [\\w'-]+)`,
    suggest: (m) =>
      `the requesting country ${collapse(m.groups.v ?? 'charged').toLowerCase()} ${m.groups.obj ?? 'him'}, according to the notice,`,
    examples: ['INTERPOL has convicted him in absentia.', 'Interpol charged Mr. Karimov with fraud.'],
  },
  {
    id: 'pc.interpol-finding',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:interpol's|(?:the )?interpol) (?:findings?|determination|judg(?:e)?ment|conclusion|ruling|verdict|assessment) (?:of|on|that|regarding|about|as to|concerning) ${gap(60, STOP_PC)}(?:guilt|guilty|probable cause|committed|culpab\\w+|the evidence|the charges|the allegations)|interpol's findings?\\b|findings? (?:of|by|from) ${INTERPOL_GS}`,
    suggest: () =>
      "the requesting country's allegation (INTERPOL makes no finding on guilt or probable cause)",
    examples: [
      'The file relies on INTERPOL\u2019s finding.',
      'The report cites INTERPOL\u2019s finding of probable cause.',
    ],
  },
  {
    id: 'pc.interpol-verified',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `${INTERPOL_GS} (?:has |had |have )?(?:verified|vetted|checked|confirmed|substantiated|corroborated|authenticated|reviewed and confirmed) (?:that )?(?<det>the |all (?:the )?|these |those |his |her )?(?<mods>(?:criminal|foreign|underlying|alleged) )?(?<noun>${PC_NOUN})`,
    suggest: (m) =>
      `INTERPOL has not verified ${collapse(`${m.groups.det ?? 'the '}${m.groups.mods ?? ''}${m.groups.noun ?? 'charges'}`)}`,
    examples: ['INTERPOL has verified the charges against him.', 'INTERPOL vetted the evidence.'],
  },
  {
    id: 'pc.verified-by-interpol',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<noun>${PC_NOUN}) (?<aux>(?:has|have|had) been |(?:is|are|was|were) )?(?<v>vetted|verified|confirmed|checked|substantiated|corroborated|authenticated) by (?:the )?${INTERPOL_GS}`,
    suggest: (m) => {
      const noun = collapse(m.groups.noun ?? 'charges');
      const v = (m.groups.v ?? 'verified').toLowerCase();
      return m.groups.aux
        ? `${noun} ${negateAux(m.groups.aux)} ${v} by INTERPOL`
        : `${noun}, which INTERPOL does not verify,`;
    },
    examples: ['The evidence was verified by INTERPOL.', 'The charges have been vetted by Interpol.'],
  },
  {
    id: 'pc.interpol-vetted',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `interpol-(?:vetted|verified|confirmed|checked|reviewed|approved|validated|certified|sanctioned|endorsed) (?:(?:criminal|foreign) )?(?<noun>${PC_NOUN})`,
    suggest: (m) =>
      `${collapse(m.groups.noun ?? 'charges')} alleged by the requesting country (INTERPOL does not vet charges or evidence)`,
    examples: ['These are INTERPOL-vetted charges.'],
  },
  {
    id: 'pc.probable-cause-from-notice',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `probable cause (?:(?:is |was |has been |had been )?(?:established|exists|existed|shown|demonstrated|found|supported|confirmed|provided|satisfied|met|derived|arises|arose|comes|came|stems|flows) )?(?:by|based on|based upon|on the basis of|through|via|from|under|in|because of|per|according to) (?:${NREF}|(?:the )?${INTERPOL_GS})`,
    suggest: (m) =>
      /^probable\s+cause\s+(?:by|based|on|through|via|from|under|in|because|per|according)\b/i.test(m.excerpt)
        ? `probable cause only if independent facts support it (the ${shortName(m.excerpt)} makes no finding of probable cause)`
        : `probable cause does not rest on the ${shortName(m.excerpt)}, which makes no finding of probable cause`,
    examples: [
      'Probable cause was established by the Red Notice.',
      'There is probable cause based on the diffusion.',
    ],
  },
  {
    id: 'pc.notice-establishes-pc',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<n>${NSUBJ}) (?:itself |alone )?(?:establishes|established|provides|provided|shows|showed|demonstrates|demonstrated|constitutes|constituted|is|was|supplies|supplied|gives|gave|creates|created|proves|proved|amounts to|amounted to|satisfies|satisfied|furnishes|furnished|contains|contained|reflects|reflected) (?:(?:sufficient|adequate|the|independent|enough|an?|finding of|interpol's finding of|evidence of) )*(?<what>probable cause|(?:proof|evidence) of (?:(?:his|her|their|the subject's) )?guilt|proof that)`,
    suggest: (m) =>
      /proof that$/i.test(collapse(m.groups.what ?? ''))
        ? `${lead(m)} repeats the requesting country's allegation that`
        : `${lead(m)} does not establish probable cause; probable cause must rest on independent facts and evidence`,
    examples: ['The Red Notice establishes probable cause.', 'The RN is proof that he did it.'],
  },
  {
    id: 'pc.notice-shows-guilt',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<n>${NSUBJ}) (?:itself |alone |clearly )?(?<v>shows|showed|proves|proved|establishes|established|confirms|confirmed|demonstrates|demonstrated|makes clear|made clear|means|meant|indicates|indicated|leaves no doubt|left no doubt|(?:is|was) (?:(?:sufficient|enough|clear|strong|conclusive|adequate|ample|definitive) )?(?:proof|evidence))(?<subj>${words(3)}) (?<pred>${PC_PRED})`,
    suggest: (m) => {
      const subj = collapse(m.groups.subj ?? '').replace(/^that\b ?/i, '');
      return `${lead(m)} ${tense(m.groups.v, 'repeats', 'repeated')} the requesting country's allegation that ${subj ? `${subj} ` : ''}${collapse(m.groups.pred ?? '')}`;
    },
    examples: [
      'The notice establishes that he committed the offence.',
      'The Red Notice proves Mr. Karimov is guilty of fraud.',
    ],
  },
  {
    id: 'pc.notice-shows-guilt-noun',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<n>${NSUBJ}) (?:itself |alone |clearly )?(?<v>shows|showed|proves|proved|establishes|established|confirms|confirmed|demonstrates|demonstrated) (?:(?:his|her|their|the subject's|(?:mr|ms|mrs)\\. [\\w'-]+'s) )?(?:guilt|culpability|criminal responsibility)`,
    suggest: (m) =>
      `${lead(m)} ${tense(m.groups.v, 'repeats', 'repeated')} the requesting country's accusation`,
    examples: ['The Red Notice establishes his guilt.'],
  },
  {
    id: 'pc.guilt-by-notice',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<poss>his|her|their|the subject's) (?:guilt|culpability) (?:is|was|has been|had been) (?:established|proven|proved|confirmed|shown|demonstrated) (?:by|in|through) ${NREF}|(?:proven|proved|shown|confirmed|established) (?:to be )?guilty (?:by|through|in) ${NREF}`,
    suggest: (m) =>
      m.groups.poss
        ? `${m.groups.poss} guilt is alleged by the requesting country, not established by the ${shortName(m.excerpt)}`
        : 'alleged by the requesting country to be guilty',
    examples: ['His guilt is established by the Red Notice.', 'He was proven guilty by the diffusion.'],
  },
  {
    id: 'pc.published-so-guilty',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:since|because|as|given that|now that) ${INTERPOL_GS} (?:has |had )?(?:published|issued|accepted|approved|circulated) ${NREF},? (?<subj>${PERSON}) (?:must|has to|have to) (?:be guilty|have committed|be a criminal)|${INTERPOL_GS} would (?:not|never) have (?:published|issued|accepted|approved) ${NREF} (?:unless|if) (?<subj2>${PERSON}) (?:was|were|is|had not been|wasn't) (?:guilty|innocent)`,
    ignoreNegation: true,
    suggest: (m) =>
      `INTERPOL published the ${shortName(m.excerpt)} at the requesting country's request, which says nothing about whether ${m.groups.subj ?? m.groups.subj2 ?? 'he'} committed the offence`,
    examples: [
      'Since INTERPOL published the notice, he must be guilty.',
      'INTERPOL would not have published the Red Notice unless he was guilty.',
    ],
  },
  {
    id: 'pc.guilt-interpol-confirmed',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<lead>whose |his |her |their |the )?(?:guilt|culpability) (?:that )?${INTERPOL_GS} (?:has |had )?(?:(?:already|clearly) )?(?:confirmed|established|verified|found|determined|proven|proved|vetted)`,
    suggest: (m) => `${m.groups.lead ?? ''}guilt the requesting country alleges`,
    examples: ['The subject, whose guilt INTERPOL has confirmed, was interviewed.'],
  },
  {
    id: 'pc.according-to-interpol',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:according to|per|as found by|as determined by|as confirmed by) ${INTERPOL_GS}(?<rest>,? ${gap(60, STOP_PC)}${PC_KEY})|(?<first>guilty|probable cause) (?:according to|as found by|as determined by|as confirmed by) ${INTERPOL_GS}`,
    suggest: (m) =>
      m.groups.rest
        ? `according to the requesting country${collapse(m.groups.rest)}`
        : `${collapse(m.groups.first ?? 'guilty')} as alleged by the requesting country`,
    examples: [
      'According to INTERPOL, the subject committed the robbery.',
      'He is guilty according to INTERPOL.',
    ],
  },
  {
    id: 'pc.review-shows-guilt',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:interpol's|the interpol) (?:review|vetting|approval|screening|check|examination|assessment) (?:of (?:the |this |that )?(?:notice|red notice|diffusion|case|request|file) )?(?:confirms|confirmed|shows|showed|establishes|established|proves|proved|demonstrates|demonstrated|found|finds|determined)(?: that)?(?<rest> ${gap(60, STOP_PC)}${PC_KEY})`,
    suggest: (m) => `the requesting country alleges that ${collapse(m.groups.rest ?? '')}`,
    examples: ["INTERPOL's review shows he is guilty of fraud."],
  },

  // ----- D10-VALIDITY-OF-PROCEEDINGS ---------------------------------------------------------
  {
    id: 'validity.interpol-validated',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:validated|approved|certified|endorsed|upheld|legitimi[sz]ed|ratified|sanctioned|vouched for|recognized|accepted) (?:(?<that>that )?(?:(?:the|its|his|her|their|this|these|those) ))?${PROC_MODS}(?<proc>${PROC})`,
    suggest: (m) =>
      m.groups.that
        ? `INTERPOL made no finding on whether the ${collapse(m.groups.proc ?? 'proceedings')}`
        : `INTERPOL published the notice at the requesting country's request; it did not assess the validity of the ${collapse(m.groups.proc ?? 'proceedings')}`,
    examples: [
      'INTERPOL validated the foreign proceedings.',
      'INTERPOL approved the Uzbek conviction in 2020.',
    ],
  },
  {
    id: 'validity.interpol-confirmed',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_GS} (?:has |had |have )?(?:confirmed|verified|vetted|authenticated) (?:(?:the|that the|its|his|her|their|this|these|those) )?${PROC_MODS}(?<proc>${PROC_NOCHARGE})`,
    suggest: (m) =>
      `INTERPOL published the notice at the requesting country's request; it did not assess the validity of the ${collapse(m.groups.proc ?? 'proceedings')}`,
    examples: ['INTERPOL confirmed the conviction.'],
  },
  {
    id: 'validity.interpol-found-valid',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:found|determined|concluded|deemed|considered|ruled|held|confirmed|established|verified|certified|recognized|accepted|agreed|decided|believes|is satisfied|was satisfied) (?:that )?${gap(40, STOP_VALIDITY)}(?<proc>${PROC})(?: ${COPULA})? (?:(?:fully|entirely|legally|procedurally|completely|perfectly) )?${VALID_ADJ}\\b`,
    suggest: (m) =>
      `INTERPOL made no finding on whether the ${collapse(m.groups.proc ?? 'proceedings')} ${be(m.groups.proc ?? 'proceedings')} lawful or fair`,
    examples: ['INTERPOL found the proceedings were fair.'],
  },
  {
    id: 'validity.notice-confirms',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?:itself |alone )?(?:confirms|confirmed|proves|proved|shows|showed|establishes|established|demonstrates|demonstrated|means|meant|guarantees|guaranteed|ensures|ensured|indicates|indicated|reflects|reflected|attests|attested|certifies|certified|validates|validated) (?:that )?(?:(?:the|his|her|their|its) )?${PROC_MODS}(?<proc>${PROC}) ${COPULA} (?:(?:fully|entirely|legally|procedurally|completely|perfectly|both) )?${VALID_ADJ}\\b`,
    suggest: (m) => {
      const proc = collapse(m.groups.proc ?? 'proceedings');
      return `${lead(m)} refers to the ${proc}; it says nothing about whether the ${proc} ${be(proc)} lawful or fair`;
    },
    examples: ['The Red Notice confirms the conviction is lawful.'],
  },
  {
    id: 'validity.notice-validates',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?:itself |alone )?(?<v>validates|validated|legitimi[sz]es|legitimi[sz]ed|certifies|certified|endorses|endorsed|vouches for|vouched for|approves|approved|ratifies|ratified|authenticates|authenticated) (?<obj>(?:(?:the|his|her|their|its) )?${PROC_MODS}(?<proc>${PROC}))`,
    suggest: (m) =>
      `${lead(m)} ${tense(m.groups.v, 'refers', 'referred')} to, but ${tense(m.groups.v, 'does', 'did')} not validate, ${collapse(m.groups.obj ?? 'the proceedings')}`,
    examples: ['The diffusion validates the judgment of the Kyiv court.'],
  },
  {
    id: 'validity.review-confirms',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?:interpol's|interpol washington's|the interpol) (?:review|vetting|approval|screening|check|examination|assessment|publication|issuance|acceptance|compliance review) (?:of (?:the |this |that )?(?:notice|red notice|diffusion|case|request|file) )?(?:confirms|confirmed|shows|showed|establishes|established|proves|proved|demonstrates|demonstrated|means|meant|guarantees|guaranteed|ensures|ensured|indicates|indicated|found|finds|determined) (?:that )?(?:(?:the|his|her|their|its) )?${PROC_MODS}(?<proc>${PROC})(?: ${COPULA})? (?:(?:fully|entirely|legally|procedurally|completely|perfectly) )?${VALID_ADJ}\\b`,
    suggest: (m) =>
      `INTERPOL's review concerns only compliance with its own rules; it does not confirm that the ${collapse(m.groups.proc ?? 'proceedings')} ${be(m.groups.proc ?? 'proceedings')} legitimate`,
    examples: ['INTERPOL\u2019s review confirms the prosecution is legitimate.'],
  },
  {
    id: 'validity.validated-by-interpol',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<proc>${PROC}) (?<aux>(?:has|have|had) been |(?:is|are|was|were) )?(?<v>validated|approved|certified|endorsed|upheld|legitimi[sz]ed|ratified|recognized|accepted|(?:found|deemed|confirmed|certified|recognized|accepted|declared)(?: as| to be)? ${VALID_ADJ}) (?:as ${VALID_ADJ} )?by (?:the )?${INTERPOL_ANY}|(?<proc2>${PROC_NOCHARGE}) (?<aux2>(?:has|have|had) been |(?:is|are|was|were) )?(?<v2>vetted|verified|confirmed|authenticated) by (?:the )?${INTERPOL_GS}`,
    suggest: (m) => {
      const proc = collapse(m.groups.proc ?? m.groups.proc2 ?? 'proceedings');
      const aux = m.groups.aux ?? m.groups.aux2;
      const v = collapse(m.groups.v ?? m.groups.v2 ?? 'validated').toLowerCase();
      return aux
        ? `${proc} ${negateAux(aux)} ${v} by INTERPOL`
        : `${proc}, which INTERPOL does not validate,`;
    },
    examples: ['The conviction was validated by INTERPOL.', 'The judgment has been verified by INTERPOL.'],
  },
  {
    id: 'validity.interpol-approved-adj',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?:(?<art>an?) )?interpol-(?:vetted|verified|confirmed|reviewed|approved|validated|certified|sanctioned|endorsed) (?<proc>${PROC_NOCHARGE})`,
    suggest: (m) => {
      const proc = collapse(m.groups.proc ?? 'proceedings');
      const art = m.groups.art ? `${/^[aeiou]/i.test(proc) ? 'an' : 'a'} ` : '';
      return `${art}${proc} of the requesting country (not validated by INTERPOL)`;
    },
    examples: ['The file holds an INTERPOL-approved conviction.'],
  },
  {
    id: 'validity.interpol-vetted-notice',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_GS} (?:(?:has|had|have) )?(?:(?:carefully|thoroughly|fully|already|properly) )?${VET_VERB}(?: and ${VET_VERB})? ${NREF}${STATUS_AFTER}${RELIABLE_TAIL}`,
    unless:
      /\b(?:compliance|complies|comply|conform\w*|its (?:own )?rules|article \d+|rules on the processing|RPD|task force)\b/i,
    suggest: (m) =>
      `INTERPOL published the ${noticeWord(m.excerpt)} after a review limited to its own rules${m.groups.tail ? ', which does not make it reliable' : ''}`,
    examples: [
      'INTERPOL vetted the notice, so it is reliable.',
      'Interpol has verified the Red Notice.',
      'INTERPOL reviewed the diffusion before it reached us.',
    ],
  },
  {
    id: 'validity.notice-vetted-by-interpol',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?<aux>has been|had been|was|is|were|are) (?:(?:carefully|thoroughly|fully|already|properly) )?${VET_VERB}(?: and ${VET_VERB})? by (?:the )?${INTERPOL_GS}(?:'s (?:legal team|lawyers|staff|experts|officials|analysts))?${RELIABLE_TAIL}`,
    unless:
      /\b(?:compliance|complies|comply|conform\w*|its (?:own )?rules|article \d+|rules on the processing|RPD|task force)\b/i,
    suggest: (m) =>
      `${lead(m)} ${collapse(m.groups.aux ?? 'was')} published by INTERPOL after a review limited to its own rules${m.groups.tail ? ', which does not make it reliable' : ''}`,
    examples: ['The Red Notice was vetted by INTERPOL.', 'The diffusion has been approved by Interpol.'],
  },
  {
    id: 'validity.vetted-notice-adj',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?:(?<art>an?) )?(?:interpol-(?:vetted|verified|approved|validated|checked|reviewed|certified|confirmed|screened|sanctioned|endorsed)|(?:vetted|verified|validated|certified)) (?:${NOTICE_SPECIFIC}|notices?\\b)`,
    suggest: (m) =>
      `${m.groups.art ? 'a ' : ''}${/notices\b|diffusions\b/i.test(m.excerpt) ? 'notices' : shortName(m.excerpt)} published at the requesting country's request`,
    examples: ['He is named in an INTERPOL-vetted Red Notice.', 'We rely on the verified diffusion.'],
  },
  {
    id: 'validity.interpol-endorsement',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_GS}'s (?:stamp of approval|seal of approval|endorsement|blessing|imprimatur|backing|guarantee)|(?<by>(?:backed|endorsed|blessed|guaranteed|vouched for) by) ${INTERPOL_GS}`,
    suggest: (m) =>
      m.groups.by
        ? "published by INTERPOL at the requesting country's request"
        : "no endorsement from INTERPOL, which publishes notices at the requesting country's request",
    examples: [
      "The Red Notice carries INTERPOL's stamp of approval.",
      'This is a notice backed by INTERPOL.',
    ],
  },
  {
    id: 'validity.review-shows-reliable',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?:interpol's|the interpol) (?:review|vetting|approval|screening|check|examination|assessment|publication|acceptance) (?:of (?:the |this |that )?(?:notice|red notice|diffusion|rn|wpd|request) )?(?<v>confirms|confirmed|shows|showed|proves|proved|means|meant|guarantees|guaranteed|ensures|ensured|establishes|established|demonstrates|demonstrated) (?:that )?(?:it|the notice|the red notice|the diffusion|the rn|the information|its contents|the contents) (?:is|are|was|were) (?<adj>${RELIABLE_ADJ})`,
    suggest: (m) =>
      `INTERPOL's review concerns only compliance with its own rules; it says nothing about whether the notice is ${collapse(m.groups.adj ?? 'reliable')}`,
    examples: ["INTERPOL's vetting of the notice confirms that it is accurate."],
  },
  {
    id: 'validity.notice-reliable',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?:itself )?(?<cop>is|was|are|were|remains|has been|seems|appears|is considered|was considered|can be considered|must be considered|should be considered) (?:(?:therefore|thus|so|clearly|highly|fully|entirely|sufficiently|very|generally|inherently|presumptively|presumed|deemed) )*(?:(?:an? )?${RELIABLE_ADJ}(?:,? and ${RELIABLE_ADJ})?(?! (?:as to|only|if)\\b)(?: (?:source|document|record|basis|indication|account)(?: of (?:information|data|evidence))?)?|(?:an? )?(?:reliable|credible|trustworthy|authoritative) (?:source|document|record|basis|indication|account)(?: of (?:information|data|evidence))?)(?: (?:because|since|as) (?:${INTERPOL_GS} (?:published|issued|approved|accepted|circulated) it|it (?:was|has been) (?:published|issued|approved|vetted|accepted) by ${INTERPOL_GS}))?`,
    unless: /\b(?:whether|if|unless)\b/i,
    suggest: (m) =>
      `${lead(m)} ${/^(?:is|was|are|were)$/i.test(collapse(m.groups.cop ?? '')) ? collapse(m.groups.cop ?? 'is') : 'is'} a request by the requesting country, and INTERPOL does not vouch for its accuracy`,
    examples: [
      'The notice is reliable.',
      'The Red Notice is therefore credible.',
      'The diffusion is a reliable source.',
      'The RN has been verified.',
    ],
  },
  {
    id: 'validity.notice-trusted',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?:can|may|should) (?:safely |fully )?be (?:trusted|relied (?:on|upon) (?:safely|fully|without (?:question|further review)))|(?<n2>${NSUBJ}) (?:can|may) safely be relied (?:on|upon)`,
    suggest: (m) =>
      `${collapse(m.groups.n ?? m.groups.n2 ?? shortName(m.excerpt))} is a request by the requesting country, and INTERPOL does not vouch for its accuracy`,
    examples: ['The Red Notice can be trusted.', 'The diffusion can safely be relied on.'],
  },
];
// ---------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------

/**
 * Turn a pattern source into a RegExp: a space becomes a bounded run of whitespace (line breaks
 * included; bounded so that lookbehinds and backtracking stay linear on pathological input), and
 * the match must sit on word edges.
 */
function compile(source: string): RegExp {
  const body = source.replace(/ /g, `\\s{1,${MAX_GAP}}`);
  return new RegExp(`(?<![\\w-])(?:${body})(?![\\w-])`, 'gi');
}

/** The longest whitespace run (spaces, tabs, line breaks) allowed between two words of a phrase. */
const MAX_GAP = 40;

/**
 * Each pattern with its expression and the literals any match of it contains (regex-literals.ts): a text
 * that lacks them is not run through the expression. On a narrative that names no notice, no INTERPOL and
 * no warrant, no expression runs at all.
 */
const COMPILED = WORDING_PATTERNS.map((p) => {
  const re = compile(p.source);
  return { pattern: p, re, needs: requiredLiterals(re.source) };
});

/** Each pattern's compiled expression and the literals its matches need (tests and `redline lint-text`). */
export const WORDING_PREFILTER: readonly { id: string; source: string; needs: string[][] }[] = COMPILED.map(
  (c) => ({ id: c.pattern.id, source: c.re.source, needs: c.needs }),
);

const CHAR_MAP: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u02BC': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
};
const CHAR_RE =
  /[\u2018\u2019\u201A\u201B\u2032\u02BC\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2010-\u2014\u2212]/g;

/** Length-preserving normalisation: every replaced character is one UTF-16 unit for one. */
function normaliseChars(text: string): string {
  return text.replace(CHAR_RE, (c) => CHAR_MAP[c] ?? c);
}

/** The excerpt as it enters the fingerprint: straight quotes, lowercase, collapsed whitespace. */
export function normaliseExcerpt(excerpt: string): string {
  return normaliseChars(excerpt).toLowerCase().replace(/\s+/g, ' ').trim();
}

export function wordingFingerprint(field: string, ruleId: string, excerpt: string): string {
  return createHash('sha256')
    .update(`${field}\u0000${ruleId}\u0000${normaliseExcerpt(excerpt)}`)
    .digest('hex')
    .slice(0, 32);
}

/** A negation (or an explicit "wrongly called") right before the match: "is not an INTERPOL warrant". */
const NEGATED_BEFORE =
  /(?:\b(?:not|never|no|nothing|none|cannot|nor|neither|without|unlawful|improper|prohibited|impermissible|forbidden)|n't)[\s"'(]+(?:(?:a|an|the|in|be|been|being|is|was|were|are|ever|merely|simply|just|solely|only|itself|legally|actually|formally|properly|lawfully|lawful|legal|such|thing|as|considered|treated|regarded|deemed|called|to|used|authority|power|basis|grounds|independent|anyone|anybody|someone|him|her|them|the subject)[\s"'(]+){0,4}$/i;
const MISNAMED_BEFORE =
  /\b(?:(?:mistakenly|wrongly|incorrectly|erroneously|falsely|inaccurately)\s+(?:called|described\s+as|referred\s+to\s+as|termed|labell?ed(?:\s+as)?)|mistaken\s+for|confused\s+with|misdescribed\s+as)(?:\s+(?:the|this|that|a|an)\s+(?:red\s+notice|notice|diffusion|rn|wpd)(?:\s+as)?)?\s+(?:an?\s+|the\s+)?["'(]*$/i;
/** A negation right after the match: "An arrest on the Red Notice is not permitted." */
const NEGATED_AFTER =
  /^\s*(?:alone\s+|itself\s+)?(?:(?:is|are|was|were|would\s+be|will\s+be)\s+(?:not\b|never\b|prohibited|forbidden|barred|impermissible|unlawful|improper)|(?:must|may|can|should|shall|will|would|could)(?:\s*not\b|\s+never\b)|cannot\b)/i;

function isNegated(norm: string, start: number, end: number): boolean {
  const before = norm.slice(Math.max(0, start - 80), start);
  if (NEGATED_BEFORE.test(before) || MISNAMED_BEFORE.test(before)) return true;
  return NEGATED_AFTER.test(norm.slice(end, end + 60));
}

/** The sentence around [start, end): from the previous sentence end to the next one. */
function sentenceAround(norm: string, start: number, end: number): string {
  const lo = Math.max(0, start - 400);
  const hi = Math.min(norm.length, end + 400);
  let s = start;
  while (s > lo && !(/[.!?]/.test(norm[s - 1] ?? '') && /\s/.test(norm[s] ?? '')) && norm[s - 1] !== '\n')
    s--;
  let e = end;
  while (e < hi && !(/[.!?]/.test(norm[e] ?? '') && /\s|$/.test(norm[e + 1] ?? '')) && norm[e] !== '\n') e++;
  return norm.slice(s, e);
}

/**
 * Fit the suggestion to where it will be pasted: a capital at the start of the excerpt gives a
 * capital at the start of the suggestion, and a lower-case start gives "the", "a", "according"
 * rather than "The", "A", "According" (names such as "INTERPOL" and "Red Notice" keep their case).
 */
function matchCase(norm: string, start: number, suggestion: string): string {
  if (!suggestion) return suggestion;
  const before = norm.slice(Math.max(0, start - 200), start);
  const sentenceStart = /(?:^|[.!?:]["')\]]?\s+|\n\s*)["'(]?$/.test(before);
  if (sentenceStart && /^[a-z]/.test(suggestion)) return suggestion[0]!.toUpperCase() + suggestion.slice(1);
  if (
    !sentenceStart &&
    /^(?:The|A|An|According|Probable|Any|His|Her|Their|Charges|Conviction)\b/.test(suggestion)
  )
    return suggestion[0]!.toLowerCase() + suggestion.slice(1);
  return suggestion;
}

interface Candidate {
  start: number;
  end: number;
  pattern: WordingPattern;
  groups: Record<string, string | undefined>;
}

/**
 * Check one piece of text. Returns findings sorted by start offset, never overlapping: when
 * matches overlap, the longest (most specific) wins, then the rule with higher priority
 * (probable cause > validity > authority > warrant), then the earlier one.
 */
export function checkWording(
  text: string,
  field = 'text',
  options: { prefilter?: boolean } = {},
): WordingFinding[] {
  if (!text) return [];
  const norm = normaliseChars(text);
  const lower = norm.toLowerCase();
  const seen = new Map<string, boolean>();
  const prefilter = options.prefilter !== false;
  const candidates: Candidate[] = [];
  for (const { pattern, re, needs } of COMPILED) {
    if (prefilter && !mayMatch(lower, needs, seen)) continue;
    re.lastIndex = 0;
    for (const m of norm.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) continue;
      if (!pattern.ignoreNegation && isNegated(norm, start, end)) continue;
      if (pattern.unless || pattern.onlyIf || pattern.skipNegatedSentence) {
        const sentence = sentenceAround(norm, start, end);
        if (pattern.unless?.test(sentence)) continue;
        if (pattern.onlyIf && !pattern.onlyIf.test(sentence)) continue;
        if (pattern.skipNegatedSentence && SENTENCE_NEGATION.test(sentence)) continue;
      }
      candidates.push({ start, end, pattern, groups: { ...(m.groups ?? {}) } });
    }
  }

  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      RULE_PRIORITY[b.pattern.ruleId] - RULE_PRIORITY[a.pattern.ruleId] ||
      a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);

  return kept.map((c) => {
    const excerpt = text.slice(c.start, c.end);
    const ruleId = c.pattern.ruleId;
    return {
      ruleId,
      field,
      start: c.start,
      end: c.end,
      excerpt,
      explanation: RULE_EXPLANATION.get(ruleId) ?? '',
      suggestion: matchCase(norm, c.start, c.pattern.suggest({ excerpt, groups: c.groups })),
      fingerprint: wordingFingerprint(field, ruleId, excerpt),
      patternId: c.pattern.id,
    };
  });
}
