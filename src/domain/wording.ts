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
export const WORDING_RULESET_VERSION = 'd10-wording-2025.1';

export type WordingRuleId =
  | 'D10-WARRANT'
  | 'D10-AUTHORITY'
  | 'D10-PROBABLE-CAUSE'
  | 'D10-VALIDITY-OF-PROCEEDINGS';

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
      'arrested, detained or held "on" or "under" it, and it does not require or authorize any action. Every ' +
      'action needs an independent U.S. legal basis (for example an administrative warrant under 8 U.S.C. 1226(a) ' +
      'or a warrant issued by a U.S. court), and the text should name that basis (D10, D1).',
  },
  {
    id: 'D10-PROBABLE-CAUSE',
    title: "A notice presented as INTERPOL's finding on guilt or probable cause",
    explanation:
      'INTERPOL does not investigate cases, weigh evidence or assess probable cause or guilt. A notice repeats ' +
      'what the requesting country alleges. Text must not say or imply that INTERPOL found, verified or ' +
      'established guilt, the charges, the evidence or probable cause, or that the notice itself establishes ' +
      'probable cause (D10).',
  },
  {
    id: 'D10-VALIDITY-OF-PROCEEDINGS',
    title: 'A notice presented as INTERPOL vouching for the foreign case',
    explanation:
      "INTERPOL's review of a notice concerns compliance with INTERPOL's own rules; it is not a judgment that " +
      'the foreign proceedings, charges, conviction or sentence are lawful, fair or legitimate. Text must not ' +
      'say or imply that INTERPOL, or the notice, validated or confirmed the foreign case. (Confirming that the ' +
      'notice itself is valid, i.e. not suspended, withdrawn or expired, is fine.) (D10)',
  },
];

const RULE_PRIORITY: Record<WordingRuleId, number> = {
  'D10-PROBABLE-CAUSE': 4,
  'D10-VALIDITY-OF-PROCEEDINGS': 3,
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
const NOTICE_BARE = '(?<=\\b(?:the|this|that|an?|each|every|any|such) )notices?\\b(?! (?:to|of|for|and)\\b)';
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
  `(?: (?!(?:not|never|no|nor|and|or|but|without)\\b)(?:mrs?\\.|ms\\.|dr\\.|[^\\s.;:!?,()]+)){0,${n}}?`;
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
/** "Red Notice" or "Wanted Person Diffusion". */
const longName = (s: string) => (isDiffusion(s) ? 'Wanted Person Diffusion' : 'Red Notice');
const isPlural = (s: string) => /warrants\b/i.test(s);
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const INDEPENDENT_BASIS =
  '[the independent U.S. legal basis, e.g. an administrative warrant under 8 U.S.C. 1226(a) or a U.S. court warrant]';

/** The notice term as the excerpt starts with it ("Red Notice", "RN", "notice"), for subject-first rewordings. */
const lead = (m: MatchInfo) => collapse(m.groups.n ?? shortName(m.excerpt));
/** "is" or "are" for a proceedings noun ("the conviction is", "the proceedings are"). */
const be = (noun: string) => (/s$/i.test(noun) ? 'are' : 'is');

function notWarrant(m: MatchInfo): string {
  const name = longName(m.excerpt);
  return isPlural(m.excerpt)
    ? `INTERPOL ${name}s (requests to locate and provisionally arrest, not warrants)`
    : `INTERPOL ${name} (a request to locate and provisionally arrest, not a warrant)`;
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
  /** Builds a compliant rewording of the excerpt. */
  suggest: (m: MatchInfo) => string;
}

export const WORDING_PATTERNS: readonly WordingPattern[] = [
  // ----- D10-WARRANT -------------------------------------------------------------------------
  {
    id: 'warrant.interpol-warrant',
    ruleId: 'D10-WARRANT',
    source:
      "interpol(?:'s|-issued)? (?:(?:international|arrest|red notice|criminal|fugitive) )*warrants?(?!\\s*:)",
    suggest: notWarrant,
  },
  {
    id: 'warrant.international-warrant',
    ruleId: 'D10-WARRANT',
    source: '(?:international|global|worldwide|world-wide|transnational) (?:arrest )?warrants?(?!\\s*:)',
    unless: /\b(?:ICC|International Criminal Court|European arrest warrant)\b/i,
    suggest: notWarrant,
  },
  {
    id: 'warrant.notice-warrant',
    ruleId: 'D10-WARRANT',
    source:
      "(?:(?:interpol(?:'s)? )?red(?:-| )notice|rn|wpd|(?:interpol )?diffusion) (?:arrest )?warrants?(?!\\s*:)",
    suggest: notWarrant,
  },
  {
    id: 'warrant.warrant-issued-by-interpol',
    ruleId: 'D10-WARRANT',
    source: '(?:arrest )?warrants? (?:(?:was|were|has been|had been) )?issued by interpol(?: washington)?',
    suggest: (m) =>
      `${notWarrant(m)}; if you mean the national warrant, say "arrest warrant issued by [court or authority of the requesting country]"`,
  },
  {
    id: 'warrant.warrant-from-interpol',
    ruleId: 'D10-WARRANT',
    source:
      "(?<!(?:national|underlying|foreign|domestic|original|court's|judicial|country's) (?:arrest )?)(?:arrest )?warrants? from interpol(?! (?:washington|national central)\\b)",
    suggest: (m) =>
      `${notWarrant(m)}; if you mean the national warrant, say "the national arrest warrant underlying the ${shortName(m.excerpt)}"`,
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
  },
  {
    id: 'warrant.wanted-on-warrant',
    ruleId: 'D10-WARRANT',
    source:
      "wanted (?:on|under|by|via|through|pursuant to) (?:an?|the) (?:interpol|international|global|worldwide)(?:'s)? (?:(?:red notice|arrest) )?warrants?",
    unless: /\b(?:ICC|International Criminal Court)\b/i,
    suggest: (m) =>
      `named in an INTERPOL ${longName(m.excerpt)} (a request to locate and provisionally arrest, not a warrant)`,
  },
  {
    id: 'warrant.interpol-issued-warrant',
    ruleId: 'D10-WARRANT',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:issued|published|put out|sent out|circulated|sent) (?:an? |the )?(?:(?:international|global|worldwide) )?(?:arrest )?warrants?`,
    suggest: (m) =>
      isPlural(m.excerpt)
        ? "INTERPOL published Red Notices at the requesting country's request (requests to locate and provisionally arrest, not warrants)"
        : "INTERPOL published a Red Notice at the requesting country's request (a request to locate and provisionally arrest, not a warrant)",
  },
  {
    id: 'warrant.executed-notice',
    ruleId: 'D10-WARRANT',
    source: `(?:executed|executing|execute|execution of|served|serving) ${NREF}`,
    suggest: (m) =>
      `acted on the information in the ${shortName(m.excerpt)} (a notice is not a warrant and cannot be executed or served; name the warrant or legal basis actually used)`,
  },

  // ----- D10-AUTHORITY -----------------------------------------------------------------------
  {
    id: 'authority.action-on-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?<verb>arrested|arrest|arresting|arrests|detained|detain|detaining|detains|detention|apprehended|apprehend|apprehending|taken into custody|take (?:him |her |them |the subject )?into custody|took (?:him |her |them |the subject )?into custody|(?:placed|kept|held|remains|remained) in (?:ice |immigration |federal )?(?:custody|detention)|(?<!\\b(?:hearing|meeting|interview|conference|call|session|briefing|discussion) (?:was |were |is |are |has been |had been )?)(?:being|been|is|was|were|are) held|hold(?:ing)? (?:him|her|them|the subject)|booked|jailed|locked up|picked up)(?<obj>${words(3)}) (?<prep>on|under|upon|pursuant to|based (?:on|upon)|in reliance (?:on|upon)|relying (?:on|upon)|on the (?:basis|strength|authority) of|under the authority of|by (?:virtue|authority) of|solely (?:on|upon)|(?:solely |only )?because of|due to|in accordance with|per|in execution of) ${NREF}`,
    suggest: (m) =>
      `${collapse(`${m.groups.verb ?? 'arrested'}${m.groups.obj ?? ''}`)} under ${INDEPENDENT_BASIS} (the ${shortName(m.excerpt)} is not legal authority)`,
  },
  {
    id: 'authority.custody-on-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:in|into) (?:ice |immigration |federal )?(?:custody|detention) (?:on|under|pursuant to|based (?:on|upon)|on the basis of|by virtue of) ${NREF}`,
    suggest: (m) =>
      `in custody under ${INDEPENDENT_BASIS} (the ${shortName(m.excerpt)} is not legal authority)`,
  },
  {
    id: 'authority.notice-authorizes',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}) (?:alone |itself |clearly )?(?:authori[sz]es|authori[sz]ed(?! by)|empowers|empowered(?! by)|mandates|mandated(?! by)|entitles|entitled(?! by)|compels|compelled(?! by)|obliges|obligates)\\b`,
    suggest: (m) =>
      `${lead(m)} is a request to locate and provisionally arrest; it does not itself authorize any action (name ${INDEPENDENT_BASIS})`,
  },
  {
    id: 'authority.notice-requires-action',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}|${INTERPOL_GS}) (?:alone |itself |clearly )?(?:requires|required|permits|permitted|allows|allowed|directs|directed|orders|ordered|instructs|instructed|commands|commanded|obliged|obligated|compel|oblige)${words(3)} ${ACTION}`,
    suggest: (m) =>
      /^interpol$/i.test(lead(m))
        ? `INTERPOL does not require or permit any arrest or detention; a notice is only a request, and any action needs ${INDEPENDENT_BASIS}`
        : `${lead(m)} asks for the person to be located and provisionally arrested; it does not require or permit any arrest or detention, which needs ${INDEPENDENT_BASIS}`,
  },
  {
    id: 'authority.notice-gives-authority',
    ruleId: 'D10-AUTHORITY',
    source: `(?<n>${NSUBJ}) (?:alone |itself )?(?:gives|gave|grants|granted|confers|conferred|provides|provided|supplies|supplied|creates|created|carries|carried|has|had|is|was|serves as|constitutes|constituted|establishes|established)(?: (?:us|ice|officers|the agency|the officers|agents|law enforcement|dhs))?(?: (?:the|an?|sufficient|full|independent|legal|lawful|statutory|sole|adequate|necessary|its own|own))* (?:(?:authority|power|powers|jurisdiction|authorization)\\b|(?:legal|lawful) (?:basis|grounds?)\\b|(?:basis|grounds?|justification) (?:for|to) (?:the |his |her |an? |any )?${ACTION})`,
    suggest: (m) => `${lead(m)} gives no legal authority; the authority is ${INDEPENDENT_BASIS}`,
  },
  {
    id: 'authority.authority-of-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:(?:by|under|on|with) (?:the )?(?:authority|strength|force|power) of|by virtue of|pursuant to|as authori[sz]ed by|as required by|as mandated by|as directed by) (?:${NREF}|(?:the )?${INTERPOL_GS}(?!'s))`,
    suggest: (m) => `under ${INDEPENDENT_BASIS}, not under the ${shortName(m.excerpt)}`,
  },
  {
    id: 'authority.required-by-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:authori[sz]ed|required|mandated|compelled|obligated|obliged|empowered|directed|ordered) by ${NREF}|(?:required|mandated|compelled|obligated|obliged|empowered|directed|ordered) by (?:the )?${INTERPOL_GS}(?!'s)`,
    suggest: (m) =>
      `required and authorized only by ${INDEPENDENT_BASIS}, not by the ${shortName(m.excerpt)}`,
  },
  {
    id: 'authority.authority-from-notice',
    ruleId: 'D10-AUTHORITY',
    source: `(?:authority|power|jurisdiction|legal basis|basis|grounds) (?:to (?:arrest|detain|hold|apprehend) (?:him |her |them |the subject )?)?(?:derives?|derived|comes|came|stems|stemmed|flows|flowed|arises|arose|rests|rested|is derived) (?:from|on) ${NREF}`,
    suggest: (m) => `authority comes from ${INDEPENDENT_BASIS} (a ${shortName(m.excerpt)} confers none)`,
  },

  // ----- D10-PROBABLE-CAUSE ------------------------------------------------------------------
  {
    id: 'pc.interpol-found',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:found|finds|determined|determines|confirmed|confirms|established|establishes|concluded|concludes|decided|ruled|held|verified|verifies|assessed|judged|believes|believed|deemed|considers|considered|certified|certifies|is satisfied|was satisfied)(?<rest> (?:that )?${gap(100, STOP_PC)}${PC_KEY})`,
    suggest: (m) => {
      const rest = collapse(m.groups.rest ?? '');
      return /probable cause/i.test(rest)
        ? 'probable cause must be established from independent facts and evidence (INTERPOL makes no finding on probable cause)'
        : `the requesting country alleges ${rest} (INTERPOL makes no finding on guilt or probable cause)`;
    },
  },
  {
    id: 'pc.interpol-finding',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:interpol's|(?:the )?interpol) (?:findings?|determination|judg(?:e)?ment|conclusion|ruling|verdict|assessment) (?:of|on|that|regarding|about|as to|concerning) ${gap(60, STOP_PC)}(?:guilt|guilty|probable cause|committed|culpab\\w+|the evidence|the charges|the allegations)|interpol's findings?\\b|findings? (?:of|by|from) ${INTERPOL_GS}`,
    suggest: () =>
      "the requesting country's allegation (INTERPOL makes no finding on guilt or probable cause)",
  },
  {
    id: 'pc.interpol-verified',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `${INTERPOL_GS} (?:has |had |have )?(?:verified|vetted|checked|confirmed|substantiated|corroborated|authenticated|reviewed and confirmed) (?:that )?(?:the |all (?:the )?|these |those |his |her )?(?:(?:criminal|foreign|underlying|alleged) )?(?<noun>${PC_NOUN})`,
    suggest: (m) =>
      `the ${collapse(m.groups.noun ?? 'charges')} as stated by the requesting country (INTERPOL does not verify charges or evidence)`,
  },
  {
    id: 'pc.verified-by-interpol',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<noun>${PC_NOUN}) (?:(?:has|have|had) been |(?:is|are|was|were) )?(?:vetted|verified|confirmed|checked|substantiated|corroborated|authenticated) by (?:the )?${INTERPOL_GS}`,
    suggest: (m) =>
      `${collapse(m.groups.noun ?? 'charges')} as stated by the requesting country (INTERPOL does not verify charges or evidence)`,
  },
  {
    id: 'pc.interpol-vetted',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `interpol-(?:vetted|verified|confirmed|checked|reviewed|approved|validated|certified|sanctioned|endorsed) (?:(?:criminal|foreign) )?(?<noun>${PC_NOUN})`,
    suggest: (m) =>
      `${collapse(m.groups.noun ?? 'charges')} alleged by the requesting country (INTERPOL does not vet charges or evidence)`,
  },
  {
    id: 'pc.probable-cause-from-notice',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `probable cause (?:(?:is |was |has been |had been )?(?:established|exists|existed|shown|demonstrated|found|supported|confirmed|provided|satisfied|met|derived|arises|arose|comes|came|stems|flows) )?(?:by|based on|based upon|on the basis of|through|via|from|under|in|because of|per|according to) (?:${NREF}|(?:the )?${INTERPOL_GS})`,
    suggest: (m) =>
      `probable cause based on [independent facts and evidence] (a ${shortName(m.excerpt)} does not establish probable cause)`,
  },
  {
    id: 'pc.notice-establishes-pc',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?<n>${NSUBJ}) (?:itself |alone )?(?:establishes|established|provides|provided|shows|showed|demonstrates|demonstrated|constitutes|constituted|is|was|supplies|supplied|gives|gave|creates|created|proves|proved|amounts to|amounted to|satisfies|satisfied|furnishes|furnished|contains|contained|reflects|reflected) (?:(?:sufficient|adequate|the|independent|enough|an?|finding of|interpol's finding of|evidence of) )*(?:probable cause|proof of guilt|evidence of guilt|proof that)`,
    suggest: (m) =>
      `${lead(m)} does not establish probable cause; probable cause must rest on independent facts and evidence`,
  },
  {
    id: 'pc.according-to-interpol',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:according to|per|as found by|as determined by|as confirmed by) ${INTERPOL_GS}(?<rest>,? ${gap(60, STOP_PC)}${PC_KEY})|(?:guilty|probable cause) (?:according to|as found by|as determined by|as confirmed by) ${INTERPOL_GS}`,
    suggest: (m) =>
      m.groups.rest
        ? `according to the requesting country${collapse(m.groups.rest)} (INTERPOL makes no finding on guilt or probable cause)`
        : 'as alleged by the requesting country (INTERPOL makes no finding on guilt or probable cause)',
  },
  {
    id: 'pc.review-shows-guilt',
    ruleId: 'D10-PROBABLE-CAUSE',
    source: `(?:interpol's|the interpol) (?:review|vetting|approval|screening|check|examination|assessment) (?:of (?:the |this |that )?(?:notice|red notice|diffusion|case|request|file) )?(?:confirms|confirmed|shows|showed|establishes|established|proves|proved|demonstrates|demonstrated|found|finds|determined)(?: that)? ${gap(60, STOP_PC)}${PC_KEY}`,
    suggest: () =>
      "INTERPOL's review concerns only compliance with its own rules; it makes no finding on guilt or probable cause",
  },

  // ----- D10-VALIDITY-OF-PROCEEDINGS ---------------------------------------------------------
  {
    id: 'validity.interpol-validated',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:validated|approved|certified|endorsed|upheld|legitimi[sz]ed|ratified|sanctioned|vouched for|recognized|accepted) (?:(?:the|that the|its|his|her|their|this|these|those) )?${PROC_MODS}(?<proc>${PROC})`,
    suggest: (m) =>
      `INTERPOL published the notice at the requesting country's request; it did not assess the validity of the ${collapse(m.groups.proc ?? 'proceedings')}`,
  },
  {
    id: 'validity.interpol-confirmed',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_GS} (?:has |had |have )?(?:confirmed|verified|vetted|authenticated) (?:(?:the|that the|its|his|her|their|this|these|those) )?${PROC_MODS}(?<proc>${PROC_NOCHARGE})`,
    suggest: (m) =>
      `INTERPOL published the notice at the requesting country's request; it did not assess the validity of the ${collapse(m.groups.proc ?? 'proceedings')}`,
  },
  {
    id: 'validity.interpol-found-valid',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `${INTERPOL_ANY} (?:has |had |have )?(?:found|determined|concluded|deemed|considered|ruled|held|confirmed|established|verified|certified|recognized|accepted|agreed|decided|believes|is satisfied|was satisfied) (?:that )?${gap(40, STOP_VALIDITY)}(?<proc>${PROC})(?: ${COPULA})? (?:(?:fully|entirely|legally|procedurally|completely|perfectly) )?${VALID_ADJ}\\b`,
    suggest: (m) =>
      `INTERPOL made no finding on whether the ${collapse(m.groups.proc ?? 'proceedings')} ${be(m.groups.proc ?? 'proceedings')} lawful or fair`,
  },
  {
    id: 'validity.notice-confirms',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?:itself |alone )?(?:confirms|confirmed|proves|proved|shows|showed|establishes|established|demonstrates|demonstrated|means|meant|guarantees|guaranteed|ensures|ensured|indicates|indicated|reflects|reflected|attests|attested|certifies|certified|validates|validated) (?:that )?(?:(?:the|his|her|their|its) )?${PROC_MODS}(?<proc>${PROC}) ${COPULA} (?:(?:fully|entirely|legally|procedurally|completely|perfectly|both) )?${VALID_ADJ}\\b`,
    suggest: (m) => {
      const proc = collapse(m.groups.proc ?? 'proceedings');
      return `${lead(m)} refers to the ${proc}; it says nothing about whether the ${proc} ${be(proc)} lawful or fair`;
    },
  },
  {
    id: 'validity.notice-validates',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<n>${NSUBJ}) (?:itself |alone )?(?:validates|validated|legitimi[sz]es|legitimi[sz]ed|certifies|certified|endorses|endorsed|vouches for|vouched for|approves|approved|ratifies|ratified|authenticates|authenticated) (?:(?:the|his|her|their|its) )?${PROC_MODS}(?<proc>${PROC})`,
    suggest: (m) => {
      const proc = collapse(m.groups.proc ?? 'proceedings');
      return `${lead(m)} refers to the ${proc}; it does not validate it`;
    },
  },
  {
    id: 'validity.review-confirms',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?:interpol's|interpol washington's|the interpol) (?:review|vetting|approval|screening|check|examination|assessment|publication|issuance|acceptance|compliance review) (?:of (?:the |this |that )?(?:notice|red notice|diffusion|case|request|file) )?(?:confirms|confirmed|shows|showed|establishes|established|proves|proved|demonstrates|demonstrated|means|meant|guarantees|guaranteed|ensures|ensured|indicates|indicated|found|finds|determined) (?:that )?(?:(?:the|his|her|their|its) )?${PROC_MODS}(?<proc>${PROC})(?: ${COPULA})? (?:(?:fully|entirely|legally|procedurally|completely|perfectly) )?${VALID_ADJ}\\b`,
    suggest: (m) =>
      `INTERPOL's review concerns only compliance with its own rules; it does not confirm that the ${collapse(m.groups.proc ?? 'proceedings')} ${be(m.groups.proc ?? 'proceedings')} legitimate`,
  },
  {
    id: 'validity.validated-by-interpol',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `(?<proc>${PROC}) (?:(?:has|have|had) been |(?:is|are|was|were) )?(?:validated|approved|certified|endorsed|upheld|legitimi[sz]ed|ratified|recognized|accepted|(?:found|deemed) ${VALID_ADJ}) (?:as ${VALID_ADJ} )?by (?:the )?${INTERPOL_ANY}|(?<proc2>${PROC_NOCHARGE}) (?:(?:has|have|had) been |(?:is|are|was|were) )?(?:vetted|verified|confirmed|authenticated) by (?:the )?${INTERPOL_GS}`,
    suggest: (m) =>
      `the ${collapse(m.groups.proc ?? m.groups.proc2 ?? 'proceedings')} of the requesting country (INTERPOL does not validate foreign proceedings)`,
  },
  {
    id: 'validity.interpol-approved-adj',
    ruleId: 'D10-VALIDITY-OF-PROCEEDINGS',
    source: `interpol-(?:vetted|verified|confirmed|reviewed|approved|validated|certified|sanctioned|endorsed) (?<proc>${PROC_NOCHARGE})`,
    suggest: (m) =>
      `${collapse(m.groups.proc ?? 'proceedings')} of the requesting country (not validated by INTERPOL)`,
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

const COMPILED = WORDING_PATTERNS.map((p) => ({ pattern: p, re: compile(p.source) }));

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
  /(?:\b(?:not|never|no|cannot|nor|neither|without|unlawful|improper|prohibited|impermissible|forbidden)|n't)[\s"'(]+(?:(?:a|an|the|be|been|being|is|was|were|are|ever|merely|simply|just|solely|only|itself|legally|actually|formally|properly|lawfully|lawful|legal|such|thing|as|considered|treated|regarded|deemed|called|to|used|authority|power|basis|grounds|independent|anyone|anybody|someone|him|her|them|the subject)[\s"'(]+){0,4}$/i;
const MISNAMED_BEFORE =
  /\b(?:(?:mistakenly|wrongly|incorrectly|erroneously|falsely|inaccurately)\s+(?:called|described\s+as|referred\s+to\s+as|termed|labell?ed(?:\s+as)?)|mistaken\s+for|confused\s+with|misdescribed\s+as)\s+(?:an?\s+|the\s+)?["'(]*$/i;
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
export function checkWording(text: string, field = 'text'): WordingFinding[] {
  if (!text) return [];
  const norm = normaliseChars(text);
  const candidates: Candidate[] = [];
  for (const { pattern, re } of COMPILED) {
    re.lastIndex = 0;
    for (const m of norm.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) continue;
      if (isNegated(norm, start, end)) continue;
      if (pattern.unless?.test(sentenceAround(norm, start, end))) continue;
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
      suggestion: c.pattern.suggest({ excerpt, groups: c.groups }),
      fingerprint: wordingFingerprint(field, ruleId, excerpt),
      patternId: c.pattern.id,
    };
  });
}
