/**
 * The indicator table (interpol-rules.md §3): strong indicators (each maps onto an INTERPOL rule or
 * policy and alone justifies referral to legal review), contextual indicators (raise scrutiny, never
 * decisive alone) and the validity check VAL_NOT_CURRENT.
 *
 * Each indicator is data (id, title, strength, citation, explanation, what to request) plus one pure
 * predicate over the prepared case. Outcomes:
 *   present      — with the facts that triggered it (`triggeredBy`);
 *   absent       — the facts needed are known and do not trigger it;
 *   undetermined — facts are missing (`missing`, each with the document to request and from whom).
 */
import {
  ART83_EXCLUDED_CATEGORIES,
  type ChargeReading,
  SERIOUS_ORDINARY_CATEGORIES,
  VIOLENT_ACT_CATEGORIES,
} from './charges.ts';
import { type CountryContextTable, countryContextFor } from './country-context.ts';
import {
  type CaseFacts,
  DISSIDENT_PROFILE_TAGS,
  type EvidenceItem,
  type EvidenceTag,
  type JudicialDocumentKind,
  type OffenceCategory,
  type ProfileTagFact,
} from './facts.ts';

export type IndicatorStrength = 'strong' | 'contextual' | 'validity';
export type IndicatorOutcome = 'present' | 'absent' | 'undetermined';

export interface TriggeredFact {
  /** Path of the fact in the case facts, e.g. `subject.protection.grants[0].inRespectOf`. */
  field: string;
  value: unknown;
  /**
   * Where the fact comes from, in words, when it names its source: `document “CCF decision, 2024”` or
   * `reported by the person's counsel`. Set by the screening from the fact's `source`.
   */
  source?: string;
}

export type RequestFrom = 'interpol_washington' | 'subject_or_counsel' | 'case_file' | 'public_sources';

export interface MissingFact {
  field: string;
  /** The document to request (or the check to make) so the indicator can be decided. */
  requestDocument: string;
  requestFrom: RequestFrom;
}

export interface IndicatorEvaluation {
  outcome: IndicatorOutcome;
  triggeredBy: TriggeredFact[];
  missing: MissingFact[];
}

/** Effective offence category of the case: from the reviewer's confirmation, or the charge reader. */
export interface EffectiveCategory {
  category: OffenceCategory;
  confidence: number;
  firm: boolean;
  origin: 'confirmed' | 'charge_reader';
  /** Matched words (charge reader) or the confirming reviewer. */
  evidence: string[];
}

/** What every predicate receives: the facts plus things computed once per case. */
export interface PreparedCase {
  facts: CaseFacts;
  /** ISO date the screening is made for (expiry, elapsed time). */
  asOf: string;
  /** Charge reading of all warrant charges (null when there is no charge text). */
  charges: ChargeReading | null;
  /** Charge reading of the summary of facts text (null when there is none). */
  summary: ChargeReading | null;
  /** Effective categories, or null when the charges are unknown or were not recognised. */
  categories: Map<OffenceCategory, EffectiveCategory> | null;
  countryContext: CountryContextTable;
}

export interface IndicatorDefinition {
  id: string;
  title: string;
  strength: IndicatorStrength;
  /** The rule the indicator rests on. */
  citation: string;
  /** Plain-language explanation for an officer. */
  explanation: string;
  evaluate(c: PreparedCase): IndicatorEvaluation;
}

/** Thresholds and windows: data, so a new ruleset version can change them (RPD is amended over time). */
export const RULESET_PARAMETERS = {
  /** RPD Art. 83(1)(a)(ii): prosecution — punishable by at least two years. */
  prosecutionMinPenaltyMonths: 24,
  /** RPD Art. 83(1)(a)(ii): sentence — at least six months imposed and six months remaining. */
  sentenceMinMonths: 6,
  /** General Secretariat practice on unfunded cheques: at least USD 10,000 or repetitive. */
  chequeThresholdUsd: 10_000,
  /** CTX_LOW_SERIOUSNESS: damage below this (USD) is treated as trivial. */
  lowSeriousnessUsd: 1_000,
  /** CTX_TIMING_AFTER_CRITICISM: public activity at most this many months before the notice. */
  criticismWindowMonths: 60,
  /** CTX_NO_EXTRADITION_FOLLOWUP: days after the subject was located with no extradition request. */
  extraditionFollowUpDays: 180,
} as const;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const NONE: never[] = [];

function present(triggeredBy: TriggeredFact[]): IndicatorEvaluation {
  return { outcome: 'present', triggeredBy, missing: NONE };
}
const ABSENT: IndicatorEvaluation = Object.freeze({
  outcome: 'absent',
  triggeredBy: NONE,
  missing: NONE,
}) as IndicatorEvaluation;
function absent(): IndicatorEvaluation {
  return ABSENT;
}
function undetermined(missing: MissingFact[]): IndicatorEvaluation {
  return { outcome: 'undetermined', triggeredBy: NONE, missing };
}

/** The documents an undetermined indicator asks for (every `missing` entry names one of these). */
export const MISSING_REQUESTS = {
  warrant: {
    requestDocument:
      'National arrest warrant or judgment: charges, law cited and maximum penalty (underlying documentation, via INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  penalty: {
    requestDocument:
      'Law cited and maximum penalty for each charge — needed for the RPD Art. 83 two-year threshold (underlying documentation, via INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  sentence: {
    requestDocument:
      'Judgment with the sentence imposed and the time remaining to be served — RPD Art. 83 six-month threshold (via INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  summary: {
    requestDocument:
      "Summary of facts of the case with time, place and the person's role (judicial data of the notice, via INTERPOL Washington)",
    requestFrom: 'interpol_washington',
  },
  status: {
    requestDocument:
      'Current status and expiry of the notice or diffusion (validity confirmation from INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  notice: {
    requestDocument:
      'Notice or diffusion record: type, issuing country, issue date (from INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  history: {
    requestDocument:
      'INTERPOL file history on the subject: earlier refusals, cancellations, CCF decisions and addenda (via INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  foreignDecisions: {
    requestDocument:
      'Foreign court or government decisions on the subject (extradition, asylum), with their grounds (subject or counsel; DOJ Office of International Affairs)',
    requestFrom: 'subject_or_counsel',
  },
  protection: {
    requestDocument:
      'Asylum and refugee records: claims, grants (by which country, in respect of which country, date), naturalisation',
    requestFrom: 'case_file',
  },
  profile: {
    requestDocument:
      "Independent documentation of the subject's public role (publications, NGO or UN statements, press, court findings)",
    requestFrom: 'public_sources',
  },
  evidence: {
    requestDocument:
      'Submissions of the subject or counsel and independent material (medical reports, NGO or UN findings, trial record, alibi proof)',
    requestFrom: 'subject_or_counsel',
  },
  context: {
    requestDocument: 'Reviewer assessment of the case context from the file and public reporting',
    requestFrom: 'public_sources',
  },
  damage: {
    requestDocument:
      'Amount of the damage or value involved (underlying documentation, via INTERPOL Washington)',
    requestFrom: 'interpol_washington',
  },
  extradition: {
    requestDocument:
      'Record of extradition requests by the requesting state and of when it learned where the person is (INTERPOL Washington; DOJ Office of International Affairs)',
    requestFrom: 'interpol_washington',
  },
  claims: {
    requestDocument: "The subject's or counsel's statement on the case",
    requestFrom: 'subject_or_counsel',
  },
} as const satisfies Record<string, Omit<MissingFact, 'field'>>;
const REQ = MISSING_REQUESTS;

function miss(field: string, req: Omit<MissingFact, 'field'>): MissingFact {
  return { field, requestDocument: req.requestDocument, requestFrom: req.requestFrom };
}

/** Which documents on the case hold what each judicial request asks for, in the order they are read. */
const HELD_IN: ReadonlyArray<[Omit<MissingFact, 'field'>, readonly JudicialDocumentKind[], string]> = [
  [
    REQ.warrant,
    ['warrant', 'judgment', 'charging_document'],
    'its charges, the law cited and the maximum penalty',
  ],
  [
    REQ.penalty,
    ['warrant', 'judgment', 'charging_document'],
    'the law cited and the maximum penalty for each charge',
  ],
  [
    REQ.sentence,
    ['judgment'],
    'the sentence imposed, the time remaining and whether the person was tried in absentia',
  ],
  [
    REQ.summary,
    ['charging_document', 'warrant', 'judgment'],
    "the summary of facts: time, place and the person's role",
  ],
];

const KIND_WORDS: Record<JudicialDocumentKind, string> = {
  warrant: 'warrant',
  judgment: 'judgment',
  charging_document: 'charging document',
};

/**
 * A missing judicial fact. When a document that holds it is on the case (a warrant, judgment or charging
 * document), the next step is to read it from that document and record it, not to ask INTERPOL
 * Washington for it again; the indicator stays undetermined until the fact is recorded.
 */
function missFrom(c: PreparedCase, field: string, req: Omit<MissingFact, 'field'>): MissingFact {
  const held = HELD_IN.find(([r]) => r === req);
  const docs = held ? (c.facts.documentsOnFile ?? []).filter((d) => held[1].includes(d.kind)) : [];
  if (!held || docs.length === 0) return miss(field, req);
  const named = docs.map((d) => `the ${KIND_WORDS[d.kind]} “${d.title}”`).join(', ');
  return {
    field,
    requestDocument: `On file: ${named}. Read ${held[2]} from it and record them in the screening facts, naming the document as their source`,
    requestFrom: 'case_file',
  };
}

function isDocumented(x: { basis?: 'documented' | 'self_reported' | undefined }): boolean {
  return x.basis !== 'self_reported';
}

function firmCategory(c: PreparedCase, cat: OffenceCategory): EffectiveCategory | undefined {
  const e = c.categories?.get(cat);
  return e?.firm ? e : undefined;
}

function categoryTrigger(e: EffectiveCategory): TriggeredFact {
  return e.origin === 'confirmed'
    ? { field: 'judicial.confirmedCategories', value: e.category }
    : { field: 'judicial.warrants[].charge', value: { category: e.category, matched: e.evidence } };
}

/** Missing-charges result shared by the charge-based indicators. */
function chargesMissing(c: PreparedCase): MissingFact[] {
  if (c.charges === null) return [missFrom(c, 'judicial.warrants[].charge', REQ.warrant)];
  return [
    {
      field: 'judicial.confirmedCategories',
      requestDocument:
        'The charges were not recognised by the charge reader: a reviewer must classify them (request a translation of the warrant via INTERPOL Washington if needed)',
      requestFrom: 'interpol_washington',
    },
  ];
}

function evidenceByTags(
  c: PreparedCase,
  tags: ReadonlySet<EvidenceTag>,
): { documented: TriggeredFact[]; selfReported: TriggeredFact[] } {
  const documented: TriggeredFact[] = [];
  const selfReported: TriggeredFact[] = [];
  const ev: EvidenceItem[] = c.facts.evidence ?? [];
  ev.forEach((e, i) => {
    if (!tags.has(e.tag)) return;
    const t = { field: `evidence[${i}].tag`, value: e.description ? `${e.tag}: ${e.description}` : e.tag };
    if (isDocumented(e)) documented.push(t);
    else selfReported.push(t);
  });
  return { documented, selfReported };
}

function evidenceIndicator(
  c: PreparedCase,
  tags: ReadonlySet<EvidenceTag>,
  extra: TriggeredFact[] = [],
): IndicatorEvaluation {
  const { documented, selfReported } = evidenceByTags(c, tags);
  if (documented.length > 0 || extra.length > 0) return present([...documented, ...extra]);
  if (selfReported.length > 0) {
    return undetermined([
      {
        field: 'evidence[].basis',
        requestDocument: `Independent corroboration of the subject's account (${selfReported.map((t) => t.value).join('; ')})`,
        requestFrom: 'subject_or_counsel',
      },
    ]);
  }
  if (c.facts.evidence === undefined) return undetermined([miss('evidence', REQ.evidence)]);
  return absent();
}

function monthsBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(fromIso);
  const b = Date.parse(toIso);
  return (b - a) / (1000 * 60 * 60 * 24 * 30.4375);
}

function daysBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / (1000 * 60 * 60 * 24);
}

function tagsOf(c: PreparedCase): ProfileTagFact[] | undefined {
  return c.facts.subject?.profileTags;
}

const INTERPOL_BODIES = new Set(['interpol_general_secretariat', 'ndtf', 'ccf']);
const NEGATIVE_INTERPOL_RESULTS = new Set(['refused', 'cancelled', 'deleted']);
const OTHER_STATE_BODIES = new Set(['foreign_court', 'foreign_government', 'us_court', 'us_agency']);
const POLITICAL_GROUNDS = new Set([
  'political',
  'human_rights',
  'due_process',
  'torture',
  'refugee_status',
  'article_3',
  'article_2',
]);
const DUE_PROCESS_GROUNDS = new Set(['due_process', 'torture', 'human_rights', 'article_2']);
const DUE_PROCESS_TAGS = new Set<EvidenceTag>([
  'torture_allegation',
  'coerced_confession',
  'denial_of_counsel',
  'military_or_special_tribunal',
  'un_or_ngo_finding',
  'invalid_warrant',
]);
const PURSUIT_TAGS = new Set<EvidenceTag>([
  'abduction_attempt',
  'rendition_attempt',
  'forced_return_of_associates',
  'surveillance_of_travel',
]);
const FABRICATION_TAGS = new Set<EvidenceTag>([
  'alibi',
  'witness_recantation',
  'witness_paid',
  'case_collapsed_elsewhere',
]);
const DISSIDENT = new Set(DISSIDENT_PROFILE_TAGS);
const LOW_SERIOUSNESS_CATEGORIES: OffenceCategory[] = [
  'property_crime',
  'fraud_economic',
  'private_dispute',
  'administrative_regulatory',
];

/** Earliest asylum claim or protection grant date. */
function earliestProtectionDate(c: PreparedCase): string | undefined {
  const p = c.facts.subject?.protection;
  if (!p) return undefined;
  let d = p.asylumClaimedOn;
  for (const g of p.grants ?? []) if (g.grantedOn && (!d || g.grantedOn < d)) d = g.grantedOn;
  return d;
}

// ---------------------------------------------------------------------------
// Strong indicators
// ---------------------------------------------------------------------------

const refugeeFromIssuingState: IndicatorDefinition = {
  id: 'IND_REFUGEE_FROM_ISSUING_STATE',
  title: 'Refugee or asylee in respect of the issuing state',
  strength: 'strong',
  citation:
    'INTERPOL refugee policy (notified to NCBs 2014/2015; General Assembly resolution 2017): no Red Notice or diffusion against a person whose refugee status is confirmed, at the request of the country where persecution is feared. CCF practice extends this to former refugees who naturalised.',
  explanation:
    'The person has been recognised as a refugee or granted asylum by some country because of a fear of persecution by the very state that now asks for them. INTERPOL generally will not process such requests. Do not act: refer for legal review.',
  evaluate(c) {
    const p = c.facts.subject?.protection;
    const issuing = c.facts.notice?.issuingCountry;
    if (!p) return undetermined([miss('subject.protection', REQ.protection)]);
    const grants = p.grants ?? [];
    const hits: TriggeredFact[] = [];
    let unknownFrom = false;
    grants.forEach((g, i) => {
      if (g.revoked === true) return;
      if (g.status !== 'refugee' && g.status !== 'asylee') return;
      if (!g.inRespectOf) {
        unknownFrom = true;
        return;
      }
      if (issuing && g.inRespectOf === issuing) {
        hits.push({
          field: `subject.protection.grants[${i}]`,
          value: {
            status: g.status,
            grantingCountry: g.grantingCountry,
            inRespectOf: g.inRespectOf,
            grantedOn: g.grantedOn,
          },
        });
      }
    });
    if (hits.length > 0) {
      if (p.naturalisedIn) hits.push({ field: 'subject.protection.naturalisedIn', value: p.naturalisedIn });
      return present([...hits, { field: 'notice.issuingCountry', value: issuing }]);
    }
    const m: MissingFact[] = [];
    if (!issuing && grants.length > 0) m.push(miss('notice.issuingCountry', REQ.notice));
    if (unknownFrom) m.push(miss('subject.protection.grants[].inRespectOf', REQ.protection));
    if (p.grants === undefined && p.asylumClaimStatus === 'granted')
      m.push(miss('subject.protection.grants', REQ.protection));
    return m.length > 0 ? undetermined(m) : absent();
  },
};

const art3PoliticalCharacter: IndicatorDefinition = {
  id: 'IND_ART3_POLITICAL_CHARACTER',
  title: 'Charges or context predominantly political',
  strength: 'strong',
  citation:
    'INTERPOL Constitution Art. 3 (no intervention of a political, military, religious or racial character); predominance test, AGN/20/RES/11 (1951); RPD Art. 34.',
  explanation:
    'The charge punishes speech, protest, opposition activity or similar political conduct, or the case grew out of an election, a coup allegation or a protest movement. INTERPOL may not be used for such cases. The charge reading is a suggestion: confirm it against the warrant.',
  evaluate(c) {
    const hits: TriggeredFact[] = [];
    const pol = firmCategory(c, 'political_speech');
    if (pol) hits.push(categoryTrigger(pol));
    const ev = c.facts.context?.politicalEvent;
    if (ev?.value === true) hits.push({ field: 'context.politicalEvent', value: ev.kind ?? true });
    if (hits.length > 0) return present(hits);
    if (c.categories === null) return undetermined(chargesMissing(c));
    return absent();
  },
};

const terrorismVsPeacefulGroup: IndicatorDefinition = {
  id: 'IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP',
  title: 'Terrorism or extremism charge without a concrete violent act',
  strength: 'strong',
  citation:
    'INTERPOL Constitution Art. 3; AGN/53/RES/7 (1984): terrorism cases are processed only under conditions (a concrete violent act, not mere membership of a political, religious or ethnic movement).',
  explanation:
    'The person is charged with terrorism, extremism or membership of a banned organisation, but the charge and the summary of facts describe no concrete violent act with a time and place, or the organisation is not designated by the UN or the US. Such charges are often used against peaceful movements.',
  evaluate(c) {
    const terror = firmCategory(c, 'terrorism_extremism');
    if (!terror) {
      if (c.categories === null) return undetermined(chargesMissing(c));
      return absent();
    }
    const hits: TriggeredFact[] = [categoryTrigger(terror)];
    const org = c.facts.judicial?.organisation;
    if (org?.designatedByUnOrUs === false) {
      return present([
        ...hits,
        { field: 'judicial.organisation', value: { name: org.name, designatedByUnOrUs: false } },
      ]);
    }
    const violentInCharges = VIOLENT_ACT_CATEGORIES.some((k) => firmCategory(c, k));
    const s = c.facts.judicial?.summaryOfFacts;
    const violentInSummary =
      c.summary?.categories.some((x) => x.firm && VIOLENT_ACT_CATEGORIES.includes(x.category)) ?? false;
    if (s === undefined) {
      if (violentInCharges) return absent();
      return undetermined([missFrom(c, 'judicial.summaryOfFacts', REQ.summary)]);
    }
    const concrete = (violentInCharges || violentInSummary) && !!s.time && !!s.place;
    if (concrete) return absent();
    hits.push({
      field: 'judicial.summaryOfFacts',
      value: {
        concreteViolentAct: violentInCharges || violentInSummary,
        time: s.time ?? null,
        place: s.place ?? null,
      },
    });
    return present(hits);
  },
};

const profileDissident: IndicatorDefinition = {
  id: 'IND_PROFILE_DISSIDENT',
  title: 'Journalist, human-rights defender, opposition politician, activist, whistle-blower or critic',
  strength: 'strong',
  citation:
    'RPD Art. 34 factor "status of the persons concerned"; 22 U.S.C. § 263b(a) (TRAP Act: misuse against political opponents, human rights defenders or journalists).',
  explanation:
    "Documents show the person is a journalist, human-rights defender, opposition politician, activist, whistle-blower or prominent critic of the issuing government. These are the people INTERPOL abuse most often targets. The person's own say-so is not enough: it must come from documents.",
  evaluate(c) {
    const tags = tagsOf(c);
    if (tags === undefined) return undetermined([miss('subject.profileTags', REQ.profile)]);
    const hits: TriggeredFact[] = [];
    let selfOnly = false;
    tags.forEach((t, i) => {
      if (!DISSIDENT.has(t.tag)) return;
      if (isDocumented(t))
        hits.push({ field: `subject.profileTags[${i}]`, value: t.detail ? `${t.tag}: ${t.detail}` : t.tag });
      else selfOnly = true;
    });
    if (hits.length > 0) return present(hits);
    if (selfOnly) return undetermined([miss('subject.profileTags[].basis', REQ.profile)]);
    return absent();
  },
};

const art83ExcludedCategory: IndicatorDefinition = {
  id: 'IND_ART83_EXCLUDED_CATEGORY',
  title: 'Offence in a category excluded by RPD Article 83',
  strength: 'strong',
  citation:
    'RPD Art. 83(1)(a)(i): no Red Notice for offences raising behavioural or cultural norms, family or private matters, private disputes or administrative violations, unless linked to serious or organised crime; unfunded cheques only from USD 10,000 or when repetitive (General Secretariat practice).',
  explanation:
    'The offence is of a kind INTERPOL does not accept for Red Notices: defamation or insult, family or custody matters, debts and other private disputes (including bounced cheques under USD 10,000), or administrative violations — and nothing links it to serious or organised crime.',
  evaluate(c) {
    if (c.categories === null) return undetermined(chargesMissing(c));
    const excluded = ART83_EXCLUDED_CATEGORIES.map((k) => firmCategory(c, k)).filter(
      (x): x is EffectiveCategory => x !== undefined,
    );
    if (excluded.length === 0) return absent();
    const j = c.facts.judicial;
    const cheque = c.charges?.cheque === true && excluded.some((e) => e.category === 'private_dispute');
    const seriousCats = SERIOUS_ORDINARY_CATEGORIES.filter((k) => !(cheque && k === 'fraud_economic'));
    const serious = seriousCats.map((k) => firmCategory(c, k)).filter((x) => x !== undefined);
    if (j?.seriousCrimeLink === true || serious.length > 0) return absent();
    const nonCheque = excluded.filter((e) => !(cheque && e.category === 'private_dispute'));
    if (nonCheque.length > 0) return present(nonCheque.map(categoryTrigger));
    // only an unfunded-cheque offence: the USD 10,000 / repetition rule decides
    const amount = j?.damageValue?.amountUsd;
    if (j?.repetitiveCheques === true) return absent();
    if (amount === undefined) {
      return undetermined([
        miss('judicial.damageValue', REQ.damage),
        {
          field: 'judicial.repetitiveCheques',
          requestDocument:
            'Whether several cheques were issued on several occasions (underlying documentation)',
          requestFrom: 'interpol_washington',
        },
      ]);
    }
    if (amount >= RULESET_PARAMETERS.chequeThresholdUsd) return absent();
    return present([
      ...excluded.map(categoryTrigger),
      { field: 'judicial.damageValue.amountUsd', value: amount },
    ]);
  },
};

const belowPenaltyThreshold: IndicatorDefinition = {
  id: 'IND_BELOW_PENALTY_THRESHOLD',
  title: 'Below the RPD Article 83 penalty threshold',
  strength: 'strong',
  citation:
    "RPD Art. 83(1)(a)(ii): prosecution — conduct punishable by at least two years' deprivation of liberty; sentence — at least six months imposed and at least six months remaining to be served.",
  explanation:
    'The offence is punishable by less than two years (prosecution), or the sentence or the time left to serve is under six months. A Red Notice should not have been issued. When the penalty is not known, ask INTERPOL Washington for the warrant, the law cited and the maximum penalty.',
  evaluate(c) {
    const warrants = c.facts.judicial?.warrants;
    if (!warrants || warrants.length === 0)
      return undetermined([missFrom(c, 'judicial.warrants', REQ.penalty)]);
    const hasSentenceData = warrants.some((w) => w.kind === 'judgment' || w.sentenceMonths !== undefined);
    const purpose = c.facts.notice?.purpose ?? (hasSentenceData ? 'sentence' : 'prosecution');
    const P = RULESET_PARAMETERS;
    if (purpose === 'prosecution') {
      let anyUnknown = false;
      const low: TriggeredFact[] = [];
      for (let i = 0; i < warrants.length; i++) {
        const m = warrants[i]!.maxPenaltyMonths;
        if (m === undefined) anyUnknown = true;
        else if (m >= P.prosecutionMinPenaltyMonths) return absent();
        else low.push({ field: `judicial.warrants[${i}].maxPenaltyMonths`, value: m });
      }
      if (anyUnknown) return undetermined([missFrom(c, 'judicial.warrants[].maxPenaltyMonths', REQ.penalty)]);
      return present(low);
    }
    let anyUnknown = false;
    const low: TriggeredFact[] = [];
    for (let i = 0; i < warrants.length; i++) {
      const w = warrants[i]!;
      if (w.sentenceMonths === undefined) {
        anyUnknown = true;
        continue;
      }
      if (w.sentenceMonths < P.sentenceMinMonths) {
        low.push({ field: `judicial.warrants[${i}].sentenceMonths`, value: w.sentenceMonths });
        continue;
      }
      if (w.remainingMonths === undefined) {
        anyUnknown = true;
        continue;
      }
      if (w.remainingMonths < P.sentenceMinMonths) {
        low.push({ field: `judicial.warrants[${i}].remainingMonths`, value: w.remainingMonths });
        continue;
      }
      return absent();
    }
    if (anyUnknown) return undetermined([missFrom(c, 'judicial.warrants[].sentenceMonths', REQ.sentence)]);
    return present(low);
  },
};

const priorInterpolRefusal: IndicatorDefinition = {
  id: 'IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION',
  title: 'INTERPOL or the CCF refused, cancelled or deleted data on the same person and facts',
  strength: 'strong',
  citation:
    'CCF Statute Art. 41 and CCF practice on re-submissions with modified charges; 22 U.S.C. § 263b(b)(1)(B) (TRAP Act: no re-issue on the same facts after a violation finding).',
  explanation:
    "INTERPOL's General Secretariat, its Notices and Diffusions Task Force or the CCF already refused, cancelled or deleted a request about this person on these facts, or this diffusion follows a refused Red Notice. A re-packaged request on the same facts is a strong sign of misuse.",
  evaluate(c) {
    const pd = c.facts.priorDecisions;
    const hits: TriggeredFact[] = [];
    (pd ?? []).forEach((d, i) => {
      if (INTERPOL_BODIES.has(d.body) && NEGATIVE_INTERPOL_RESULTS.has(d.result) && d.sameFacts !== false) {
        hits.push({
          field: `priorDecisions[${i}]`,
          value: { body: d.body, result: d.result, date: d.date, grounds: d.grounds },
        });
      }
    });
    if (c.facts.notice?.afterRefusedRedNotice === true)
      hits.push({ field: 'notice.afterRefusedRedNotice', value: true });
    if (hits.length > 0) return present(hits);
    if (pd === undefined) return undetermined([miss('priorDecisions', REQ.history)]);
    return absent();
  },
};

const foreignPoliticalFinding: IndicatorDefinition = {
  id: 'IND_FOREIGN_POLITICAL_FINDING',
  title: "Another state's court or government found the case political",
  strength: 'strong',
  citation:
    'RPD Art. 34 factor "position expressed by other member states or international entities"; CCF practice (an extradition refusal alone is an addendum, but a finding of political motive weighs heavily).',
  explanation:
    'A court or government of another state refused extradition on political or human-rights grounds, found the prosecution political, or granted asylum because of it. A refusal on other grounds (procedure, dual criminality) does not count.',
  evaluate(c) {
    const pd = c.facts.priorDecisions;
    if (pd === undefined) return undetermined([miss('priorDecisions', REQ.foreignDecisions)]);
    const hits: TriggeredFact[] = [];
    let groundsUnknown = false;
    pd.forEach((d, i) => {
      if (!OTHER_STATE_BODIES.has(d.body) || d.sameFacts === false) return;
      if (d.result === 'found_political') {
        hits.push({
          field: `priorDecisions[${i}]`,
          value: { body: d.body, result: d.result, country: d.country, date: d.date },
        });
        return;
      }
      if (d.result !== 'extradition_refused' && d.result !== 'asylum_granted') return;
      const grounds = d.grounds ?? [];
      if (grounds.some((g) => POLITICAL_GROUNDS.has(g))) {
        hits.push({
          field: `priorDecisions[${i}]`,
          value: { body: d.body, result: d.result, grounds, country: d.country, date: d.date },
        });
      } else if (grounds.length === 0) groundsUnknown = true;
    });
    if (hits.length > 0) return present(hits);
    if (groundsUnknown) return undetermined([miss('priorDecisions[].grounds', REQ.foreignDecisions)]);
    return absent();
  },
};

const dueProcessOrTorture: IndicatorDefinition = {
  id: 'IND_DUE_PROCESS_OR_TORTURE',
  title: 'Torture, coerced confession, denial of a fair trial or invalid proceedings',
  strength: 'strong',
  citation:
    'INTERPOL Constitution Art. 2(1) (in the spirit of the Universal Declaration of Human Rights); Repository of Practice on Arts. 2 and 3 (2024); CCF grounds "Due process / Fair hearing", "Human rights", "Article 2 (torture)".',
  explanation:
    'There is credible, documented evidence of torture or ill-treatment, a coerced confession, denial of a lawyer, a military or special tribunal, an NGO or UN finding, or an invalid warrant — or INTERPOL or the CCF found a due-process or human-rights problem. The subject’s own account alone leaves this undetermined until corroborated.',
  evaluate(c) {
    const extra: TriggeredFact[] = [];
    (c.facts.priorDecisions ?? []).forEach((d, i) => {
      if (INTERPOL_BODIES.has(d.body) && (d.grounds ?? []).some((g) => DUE_PROCESS_GROUNDS.has(g))) {
        extra.push({ field: `priorDecisions[${i}].grounds`, value: d.grounds });
      }
    });
    return evidenceIndicator(c, DUE_PROCESS_TAGS, extra);
  },
};

const extrajudicialPursuit: IndicatorDefinition = {
  id: 'IND_EXTRAJUDICIAL_PURSUIT',
  title: 'Abduction, rendition or other extra-legal pursuit',
  strength: 'strong',
  citation:
    'INTERPOL Constitution Art. 2(1) (fair-trial risk); Art. 82 RPD (the purpose of a notice is lawful extradition or surrender); TRAP Act findings on transnational repression (22 U.S.C. § 263b(a)).',
  explanation:
    'The requesting state, or people acting for it, tried to abduct or render the person, forced associates to return, or tracked the person’s travel. That shows the request serves persecution rather than lawful extradition.',
  evaluate(c) {
    return evidenceIndicator(c, PURSUIT_TAGS);
  },
};

const insufficientJudicialData: IndicatorDefinition = {
  id: 'IND_INSUFFICIENT_JUDICIAL_DATA',
  title: 'Summary of facts vague, incomplete or incoherent',
  strength: 'strong',
  citation:
    'RPD Art. 83(2): judicial data must include a summary of the facts with the time and place of the alleged criminal activity; CCF ground "Description of criminal activities"; Repository of Practice, "coherence between the charges and supporting facts".',
  explanation:
    'The summary of facts received does not say when or where the alleged crime happened, or what the person did, or a reviewer found it vague or inconsistent with the charges. Without it, nothing links the person to a crime.',
  evaluate(c) {
    const s = c.facts.judicial?.summaryOfFacts;
    if (s === undefined) return undetermined([missFrom(c, 'judicial.summaryOfFacts', REQ.summary)]);
    const hits: TriggeredFact[] = [];
    if (s.assessedDeficient === true)
      hits.push({ field: 'judicial.summaryOfFacts.assessedDeficient', value: true });
    if (!s.time) hits.push({ field: 'judicial.summaryOfFacts.time', value: null });
    if (!s.place) hits.push({ field: 'judicial.summaryOfFacts.place', value: null });
    if (!s.personRole) hits.push({ field: 'judicial.summaryOfFacts.personRole', value: null });
    return hits.length > 0 ? present(hits) : absent();
  },
};

const evidenceFabrication: IndicatorDefinition = {
  id: 'IND_EVIDENCE_FABRICATION_SIGNS',
  title: 'Signs of fabricated evidence: alibi, recanted or paid witness, collapsed case',
  strength: 'strong',
  citation:
    'RPD Art. 34 factor "nature of the offence, namely the charges and underlying facts"; ICE press release on Directive 15006.1 (records based on unsubstantiated or fabricated evidence).',
  explanation:
    'There is documented evidence of a credible alibi, a witness who recanted or was paid, or a case on the same facts that collapsed or ended in acquittal elsewhere.',
  evaluate(c) {
    return evidenceIndicator(c, FABRICATION_TAGS);
  },
};

// ---------------------------------------------------------------------------
// Contextual indicators
// ---------------------------------------------------------------------------

const timingAfterAsylum: IndicatorDefinition = {
  id: 'CTX_TIMING_AFTER_ASYLUM',
  title: 'Notice issued after the person claimed or obtained asylum',
  strength: 'contextual',
  citation:
    'INTERPOL refugee policy (covers confirmed asylum-seekers); RPD Art. 34 "general context of the case".',
  explanation:
    'The notice or diffusion came after the person sought or obtained protection: it may target the protection claim.',
  evaluate(c) {
    const p = c.facts.subject?.protection;
    if (!p) return undetermined([miss('subject.protection', REQ.protection)]);
    const d = earliestProtectionDate(c);
    if (!d) {
      const claimed = p.asylumClaimStatus !== undefined || (p.grants?.length ?? 0) > 0;
      return claimed ? undetermined([miss('subject.protection.asylumClaimedOn', REQ.protection)]) : absent();
    }
    const issued = c.facts.notice?.issuedOn;
    if (!issued) return undetermined([miss('notice.issuedOn', REQ.notice)]);
    if (issued > d) {
      return present([
        { field: 'notice.issuedOn', value: issued },
        { field: 'subject.protection (earliest claim or grant)', value: d },
      ]);
    }
    return absent();
  },
};

const timingAfterCriticism: IndicatorDefinition = {
  id: 'CTX_TIMING_AFTER_CRITICISM',
  title: 'Notice issued after public criticism, testimony, reporting or candidacy',
  strength: 'contextual',
  citation: 'INTERPOL Constitution Art. 3 and RPD Art. 34 "general context"; 22 U.S.C. § 263b(a).',
  explanation: `The notice came within ${RULESET_PARAMETERS.criticismWindowMonths} months after the person publicly criticised the issuing government, testified, reported on it or stood for election.`,
  evaluate(c) {
    const acts = c.facts.subject?.publicActivities;
    if (acts === undefined) return undetermined([miss('subject.publicActivities', REQ.profile)]);
    if (acts.length === 0) return absent();
    const issued = c.facts.notice?.issuedOn;
    if (!issued) return undetermined([miss('notice.issuedOn', REQ.notice)]);
    const hits: TriggeredFact[] = [];
    let undated = false;
    acts.forEach((a, i) => {
      if (!a.date) {
        undated = true;
        return;
      }
      const months = monthsBetween(a.date, issued);
      if (months >= 0 && months <= RULESET_PARAMETERS.criticismWindowMonths) {
        hits.push({ field: `subject.publicActivities[${i}]`, value: { type: a.type, date: a.date } });
      }
    });
    if (hits.length > 0) return present([...hits, { field: 'notice.issuedOn', value: issued }]);
    if (undated) return undetermined([miss('subject.publicActivities[].date', REQ.profile)]);
    return absent();
  },
};

const trialInAbsentia: IndicatorDefinition = {
  id: 'CTX_TRIAL_IN_ABSENTIA',
  title: 'Conviction in absentia',
  strength: 'contextual',
  citation:
    'INTERPOL Constitution Art. 2 (fair trial); CCF ground "Trial in absentia". Also common in legitimate cases.',
  explanation:
    'The person was convicted without being present. Check whether they were notified and represented and can get a retrial; in absentia judgments also occur in fair, legitimate cases.',
  evaluate(c) {
    const w = c.facts.judicial?.warrants;
    if (!w || w.length === 0) return undetermined([missFrom(c, 'judicial.warrants', REQ.sentence)]);
    const hits: TriggeredFact[] = [];
    let unknown = false;
    w.forEach((x, i) => {
      if (x.inAbsentia === true) hits.push({ field: `judicial.warrants[${i}].inAbsentia`, value: true });
      else if (x.inAbsentia === undefined && (x.kind === 'judgment' || x.sentenceMonths !== undefined))
        unknown = true;
    });
    if (hits.length > 0) return present(hits);
    if (c.facts.notice?.purpose === 'prosecution') return absent();
    if (unknown || c.facts.notice?.purpose === undefined) {
      if (w.every((x) => x.inAbsentia === false)) return absent();
      return undetermined([missFrom(c, 'judicial.warrants[].inAbsentia', REQ.sentence)]);
    }
    return absent();
  },
};

const relativesTargeted: IndicatorDefinition = {
  id: 'CTX_RELATIVES_OR_ASSOCIATES_TARGETED',
  title: 'Relatives, colleagues or lawyers also targeted',
  strength: 'contextual',
  citation:
    'RPD Art. 34 "general context of the case"; pattern of reprisal against a circle of people (Art. 3).',
  explanation:
    'Family members, colleagues or lawyers of the person were also charged, listed, detained or harassed.',
  evaluate(c) {
    const rp = c.facts.context?.relatedPersons;
    if (rp === undefined) return undetermined([miss('context.relatedPersons', REQ.context)]);
    const hits: TriggeredFact[] = [];
    rp.forEach((p, i) => {
      if (p.targeted)
        hits.push({
          field: `context.relatedPersons[${i}]`,
          value: p.description ? `${p.relation}: ${p.description}` : p.relation,
        });
    });
    return hits.length > 0 ? present(hits) : absent();
  },
};

function flagIndicator(
  path: 'assetDispute' | 'governmentChange' | 'massListingCampaign',
): (c: PreparedCase) => IndicatorEvaluation {
  return (c) => {
    const f = c.facts.context?.[path];
    if (f === undefined) return undetermined([miss(`context.${path}`, REQ.context)]);
    return f.value ? present([{ field: `context.${path}`, value: f.description ?? true }]) : absent();
  };
}

const businessAssetDispute: IndicatorDefinition = {
  id: 'CTX_BUSINESS_ASSET_DISPUTE',
  title: 'Economic charges amid a dispute with state-linked actors',
  strength: 'contextual',
  citation:
    'RPD Art. 83 private-dispute exclusion and Art. 3 context; economic charges are a common vehicle for raiding.',
  explanation:
    'The person is in a business or asset dispute with state-linked actors (raiding, expropriation, nationalisation); economic charges may be a lever in that dispute.',
  evaluate(c) {
    const r = flagIndicator('assetDispute')(c);
    if (r.outcome !== 'present') return r;
    const biz = (tagsOf(c) ?? []).findIndex((t) => t.tag === 'businessperson');
    return biz >= 0
      ? present([...r.triggeredBy, { field: `subject.profileTags[${biz}]`, value: 'businessperson' }])
      : r;
  },
};

const regimeChangeFormerOfficial: IndicatorDefinition = {
  id: 'CTX_REGIME_CHANGE_FORMER_OFFICIAL',
  title: 'Former official pursued after a change of government',
  strength: 'contextual',
  citation: 'NDTF screening weighs regime change; INTERPOL Constitution Art. 3 context.',
  explanation:
    'The person held office under a previous government and is pursued after the government changed.',
  evaluate(c) {
    const tags = tagsOf(c);
    if (tags === undefined) return undetermined([miss('subject.profileTags', REQ.profile)]);
    const i = tags.findIndex((t) => t.tag === 'former_official');
    if (i < 0) return absent();
    const g = c.facts.context?.governmentChange;
    if (g === undefined) return undetermined([miss('context.governmentChange', REQ.context)]);
    if (!g.value) return absent();
    return present([
      { field: `subject.profileTags[${i}]`, value: tags[i]!.detail ?? 'former_official' },
      { field: 'context.governmentChange', value: g.description ?? true },
    ]);
  },
};

const minorityMember: IndicatorDefinition = {
  id: 'CTX_MINORITY_MEMBER',
  title: 'Member of a persecuted religious or ethnic minority',
  strength: 'contextual',
  citation: 'INTERPOL Constitution Art. 3 (religious or racial character).',
  explanation: 'The person belongs to a religious or ethnic minority persecuted by the issuing state.',
  evaluate(c) {
    const tags = tagsOf(c);
    if (tags === undefined) return undetermined([miss('subject.profileTags', REQ.profile)]);
    const hits: TriggeredFact[] = [];
    tags.forEach((t, i) => {
      if (t.tag === 'religious_minority' || t.tag === 'ethnic_minority') {
        hits.push({ field: `subject.profileTags[${i}]`, value: t.detail ? `${t.tag}: ${t.detail}` : t.tag });
      }
    });
    return hits.length > 0 ? present(hits) : absent();
  },
};

const countryPattern: IndicatorDefinition = {
  id: 'CTX_COUNTRY_PATTERN',
  title: 'Issuing state named for misuse of INTERPOL',
  strength: 'contextual',
  citation:
    'RPD Art. 34 factor "identity of the source of the data"; 22 U.S.C. § 263b(c)(2)(A); U.S. State Department Country Reports on Human Rights Practices.',
  explanation:
    'The issuing state has been named in U.S. State Department human-rights reports for misusing INTERPOL. This is context only: such states also send legitimate requests, and it is never a reason on its own.',
  evaluate(c) {
    const iso = c.facts.notice?.issuingCountry;
    if (!iso) return undetermined([miss('notice.issuingCountry', REQ.notice)]);
    const rows = countryContextFor(iso, c.countryContext);
    if (rows.length === 0) return absent();
    return present([
      { field: 'notice.issuingCountry', value: iso },
      ...rows.map((r) => ({
        field: 'countryContext',
        value: {
          report: r.report,
          reportYear: r.reportYear,
          statement: r.statement,
          url: r.url,
          verified: r.verified,
        },
      })),
    ]);
  },
};

const diffusionNotPreviewed: IndicatorDefinition = {
  id: 'CTX_DIFFUSION_NOT_PREVIEWED',
  title: 'Diffusion (no INTERPOL review before circulation)',
  strength: 'contextual',
  citation:
    "No General Secretariat review before a Wanted Person Diffusion is circulated (RPD; INTERPOL's NDTF statements).",
  explanation:
    'This is a diffusion sent directly by a member country: nobody at INTERPOL checked it before it was circulated — especially telling if a Red Notice was refused first.',
  evaluate(c) {
    const n = c.facts.notice;
    if (n?.type === undefined) return undetermined([miss('notice.type', REQ.notice)]);
    if (n.type !== 'diffusion') return absent();
    const hits: TriggeredFact[] = [{ field: 'notice.type', value: 'diffusion' }];
    if (n.afterRefusedRedNotice === true) hits.push({ field: 'notice.afterRefusedRedNotice', value: true });
    return present(hits);
  },
};

const massListingCampaign: IndicatorDefinition = {
  id: 'CTX_MASS_LISTING_CAMPAIGN',
  title: 'Part of a mass listing campaign',
  strength: 'contextual',
  citation:
    'INTERPOL Constitution Art. 3 (wholesale listings of a group point to political or religious targeting).',
  explanation:
    'The notice is one of many against members of a group (a post-coup purge, a banned party, a movement).',
  evaluate: flagIndicator('massListingCampaign'),
};

const lowSeriousness: IndicatorDefinition = {
  id: 'CTX_LOW_SERIOUSNESS',
  title: 'Trivial harm or low international interest',
  strength: 'contextual',
  citation:
    'RPD Art. 83 ("serious ordinary-law crime") and the interest for international police cooperation; CCF ground "International interest and seriousness".',
  explanation: `The amount at stake is below USD ${RULESET_PARAMETERS.lowSeriousnessUsd.toLocaleString('en-US')}: even with a formal penalty above the threshold, the case may not be serious enough for INTERPOL.`,
  evaluate(c) {
    const d = c.facts.judicial?.damageValue;
    if (d !== undefined) {
      return d.amountUsd < RULESET_PARAMETERS.lowSeriousnessUsd
        ? present([{ field: 'judicial.damageValue.amountUsd', value: d.amountUsd }])
        : absent();
    }
    if (c.categories === null) return undetermined(chargesMissing(c));
    const relevant = LOW_SERIOUSNESS_CATEGORIES.some((k) => c.categories?.has(k));
    return relevant ? undetermined([miss('judicial.damageValue', REQ.damage)]) : absent();
  },
};

const noExtraditionFollowup: IndicatorDefinition = {
  id: 'CTX_NO_EXTRADITION_FOLLOWUP',
  title: 'No extradition follow-up by the requesting state',
  strength: 'contextual',
  citation:
    "RPD Art. 82 (purpose: extradition, surrender or similar lawful action); CCF ground 'Lack of action for extradition'.",
  explanation: `The requesting state has not asked for extradition ${RULESET_PARAMETERS.extraditionFollowUpDays} days after learning where the person is, or there is no extradition treaty and the notice is used in immigration proceedings instead.`,
  evaluate(c) {
    const x = c.facts.extradition;
    if (x === undefined) return undetermined([miss('extradition', REQ.extradition)]);
    if (x.requests && x.requests.length > 0) return absent();
    const hits: TriggeredFact[] = [];
    if (x.treatyExists === false) hits.push({ field: 'extradition.treatyExists', value: false });
    if (x.requests !== undefined && x.subjectLocatedOn) {
      const days = daysBetween(x.subjectLocatedOn, c.asOf);
      if (days >= RULESET_PARAMETERS.extraditionFollowUpDays) {
        hits.push({ field: 'extradition.subjectLocatedOn', value: x.subjectLocatedOn });
        hits.push({ field: 'extradition.requests', value: [] });
      } else if (hits.length === 0) return absent();
    }
    if (hits.length > 0) return present(hits);
    const m: MissingFact[] = [];
    if (x.requests === undefined) m.push(miss('extradition.requests', REQ.extradition));
    if (!x.subjectLocatedOn) m.push(miss('extradition.subjectLocatedOn', REQ.extradition));
    return m.length > 0 ? undetermined(m) : absent();
  },
};

const asylumPending: IndicatorDefinition = {
  id: 'CTX_ASYLUM_PENDING',
  title: 'Asylum claim pending',
  strength: 'contextual',
  citation:
    '22 U.S.C. § 263b(c)(2)(F) (aliens with pending asylum, withholding or CAT claims); INTERPOL refugee policy applies once status is confirmed.',
  explanation:
    'The person has an asylum claim that is not yet decided. Reliance on the notice may prejudice that claim.',
  evaluate(c) {
    const p = c.facts.subject?.protection;
    if (!p) return undetermined([miss('subject.protection', REQ.protection)]);
    const activeGrant = (p.grants ?? []).some((g) => g.revoked !== true);
    if (p.asylumClaimStatus === 'pending') {
      return present([{ field: 'subject.protection.asylumClaimStatus', value: 'pending' }]);
    }
    if (p.asylumClaimedOn && p.asylumClaimStatus === undefined && !activeGrant) {
      return undetermined([miss('subject.protection.asylumClaimStatus', REQ.protection)]);
    }
    return absent();
  },
};

const subjectClaimOnly: IndicatorDefinition = {
  id: 'CTX_SUBJECT_CLAIM_ONLY',
  title: "Subject's own claim, not yet corroborated",
  strength: 'contextual',
  citation:
    'RPD Art. 34: the claim must be weighed, but a bare claim of political motive is weak without corroboration.',
  explanation:
    'The person says the case is political, private or unfair, but nothing independent supports it yet. Weigh it, and ask for corroboration; on its own it does not show abuse.',
  evaluate(c) {
    const claims = c.facts.subject?.claims;
    const hits: TriggeredFact[] = [];
    (claims ?? []).forEach((cl, i) => {
      if (cl.corroborated !== true) hits.push({ field: `subject.claims[${i}]`, value: cl.type });
    });
    (tagsOf(c) ?? []).forEach((t, i) => {
      if (t.basis === 'self_reported')
        hits.push({ field: `subject.profileTags[${i}].basis`, value: `${t.tag}: self_reported` });
    });
    (c.facts.evidence ?? []).forEach((e, i) => {
      if (e.basis === 'self_reported')
        hits.push({ field: `evidence[${i}].basis`, value: `${e.tag}: self_reported` });
    });
    if (hits.length > 0) return present(hits);
    if (claims === undefined) return undetermined([miss('subject.claims', REQ.claims)]);
    return absent();
  },
};

// ---------------------------------------------------------------------------
// Validity
// ---------------------------------------------------------------------------

const notCurrent: IndicatorDefinition = {
  id: 'VAL_NOT_CURRENT',
  title: 'Notice not current (suspended, withdrawn, cancelled, deleted, refused or expired)',
  strength: 'validity',
  citation:
    'ICE Directive 15006.1 (verify validity: not suspended, withdrawn or expired); RPD Arts. 51, 81 (lifecycle); CCF Statute Art. 41.',
  explanation:
    'INTERPOL Washington reports the notice or diffusion is not in force, or it is past its expiry date. Nothing may rely on it, whatever the other indicators say.',
  evaluate(c) {
    const n = c.facts.notice;
    if (n?.status === undefined) return undetermined([miss('notice.status', REQ.status)]);
    if (n.status !== 'valid') return present([{ field: 'notice.status', value: n.status }]);
    if (n.expiresOn && n.expiresOn < c.asOf)
      return present([{ field: 'notice.expiresOn', value: n.expiresOn }]);
    return absent();
  },
};

/** The indicator table, in display order: strong, then contextual, then validity. */
export const INDICATORS: readonly IndicatorDefinition[] = [
  refugeeFromIssuingState,
  art3PoliticalCharacter,
  terrorismVsPeacefulGroup,
  profileDissident,
  art83ExcludedCategory,
  belowPenaltyThreshold,
  priorInterpolRefusal,
  foreignPoliticalFinding,
  dueProcessOrTorture,
  extrajudicialPursuit,
  insufficientJudicialData,
  evidenceFabrication,
  timingAfterAsylum,
  timingAfterCriticism,
  trialInAbsentia,
  relativesTargeted,
  businessAssetDispute,
  regimeChangeFormerOfficial,
  minorityMember,
  countryPattern,
  diffusionNotPreviewed,
  massListingCampaign,
  lowSeriousness,
  noExtraditionFollowup,
  asylumPending,
  subjectClaimOnly,
  notCurrent,
];

export const INDICATORS_BY_ID: ReadonlyMap<string, IndicatorDefinition> = new Map(
  INDICATORS.map((i) => [i.id, i]),
);
