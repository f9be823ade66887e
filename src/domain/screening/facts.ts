/**
 * The case-facts format the preliminary-review screening (Directive D5, concern C1) reads.
 *
 * Every field is optional. The convention the indicators rely on:
 *   - a field that is ABSENT (undefined) means "not known yet": indicators that need it answer
 *     `undetermined` and say which document to request;
 *   - a field that is PRESENT but empty (`[]`, `false`) means "known: none / no".
 *
 * Every fact (or group of facts) may carry `source` {document, documentId, reportedBy, recordedBy}: the
 * document the fact comes from (or who reported it) and who recorded it, so a reviewer can check it.
 *
 * Pure: types and a Zod schema, no I/O.
 */
import { z } from 'zod';

const isoDate = z.iso.date();
/** ISO 3166-1 alpha-2 country code, upper case (e.g. `RU`, `TR`). */
const iso2 = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, upper case');

export const sourceSchema = z
  .object({
    /** The document the fact comes from (title, reference or file id). */
    document: z.string().min(1).optional(),
    /** The id of that document when it is one of the case's documents. */
    documentId: z.uuid().optional(),
    /** Who reported the fact when no document shows it (e.g. "the person's counsel, interview of 2 May"). */
    reportedBy: z.string().min(1).optional(),
    /** Who recorded the fact (user id or name). */
    recordedBy: z.string().min(1).optional(),
  })
  .strict();
export type FactSource = z.infer<typeof sourceSchema>;

const source = sourceSchema.optional();

/** How a fact about the subject is known: from documents, or only from the subject's own account. */
export const FACT_BASES = ['documented', 'self_reported'] as const;
export type FactBasis = (typeof FACT_BASES)[number];
const basis = z.enum(FACT_BASES).optional();

// ---------------------------------------------------------------------------
// Notice
// ---------------------------------------------------------------------------

export const noticeFactsSchema = z
  .object({
    type: z.enum(['red_notice', 'diffusion']).optional(),
    interpolRef: z.string().optional(),
    issuingCountry: iso2.optional(),
    /** Status as INTERPOL Washington reported it. */
    status: z
      .enum(['valid', 'suspended', 'withdrawn', 'cancelled', 'deleted', 'expired', 'refused'])
      .optional(),
    statusCheckedOn: isoDate.optional(),
    /** Date the notice was published or the diffusion circulated. */
    issuedOn: isoDate.optional(),
    expiresOn: isoDate.optional(),
    purpose: z.enum(['prosecution', 'sentence']).optional(),
    /** True when a Red Notice for the same person was requested and refused before this diffusion. */
    afterRefusedRedNotice: z.boolean().optional(),
    source,
  })
  .strict();

// ---------------------------------------------------------------------------
// Subject
// ---------------------------------------------------------------------------

export const PROFILE_TAGS = [
  'journalist',
  'human_rights_defender',
  'opposition_politician',
  'activist',
  'whistleblower',
  'critic',
  'religious_minority',
  'ethnic_minority',
  'former_official',
  'businessperson',
] as const;
export type ProfileTag = (typeof PROFILE_TAGS)[number];

/** Profile tags that make the subject a person INTERPOL abuse typically targets (IND_PROFILE_DISSIDENT). */
export const DISSIDENT_PROFILE_TAGS: readonly ProfileTag[] = [
  'journalist',
  'human_rights_defender',
  'opposition_politician',
  'activist',
  'whistleblower',
  'critic',
];

export const profileTagSchema = z
  .object({
    tag: z.enum(PROFILE_TAGS),
    /** Free text, e.g. the outlet, the movement, the office held. */
    detail: z.string().optional(),
    /** `documented` (publications, NGO statements, court findings) or only the subject's own account. */
    basis,
    source,
  })
  .strict();

export const PROTECTION_STATUSES = [
  'refugee',
  'asylee',
  'subsidiary_protection',
  'withholding_of_removal',
  'cat_protection',
] as const;

export const protectionGrantSchema = z
  .object({
    status: z.enum(PROTECTION_STATUSES),
    /** The country that granted it. */
    grantingCountry: iso2.optional(),
    /** The country the person is protected from (where persecution is feared). */
    inRespectOf: iso2.optional(),
    grantedOn: isoDate.optional(),
    revoked: z.boolean().optional(),
    source,
  })
  .strict();

export const protectionFactsSchema = z
  .object({
    /** Date an asylum claim was lodged (anywhere). */
    asylumClaimedOn: isoDate.optional(),
    asylumClaimedIn: iso2.optional(),
    /** Outcome of the claim when known. `pending` until decided. */
    asylumClaimStatus: z.enum(['pending', 'granted', 'refused', 'withdrawn']).optional(),
    /** Refugee / asylee (and related) grants, by any country. `[]` = known none. */
    grants: z.array(protectionGrantSchema).optional(),
    /** Later naturalisation (former refugees keep protection in CCF practice). */
    naturalisedIn: iso2.optional(),
    naturalisedOn: isoDate.optional(),
    source,
  })
  .strict();

export const PUBLIC_ACTIVITY_TYPES = [
  'criticism',
  'testimony',
  'reporting',
  'election_candidacy',
  'sanctions_advocacy',
  'protest',
  'litigation_against_state',
] as const;

export const publicActivitySchema = z
  .object({
    type: z.enum(PUBLIC_ACTIVITY_TYPES),
    date: isoDate.optional(),
    description: z.string().optional(),
    source,
  })
  .strict();

export const SUBJECT_CLAIM_TYPES = [
  'political_motive',
  'private_matter',
  'unfair_trial',
  'torture',
  'innocence',
] as const;

export const subjectClaimSchema = z
  .object({
    type: z.enum(SUBJECT_CLAIM_TYPES),
    /** True when independent material (documents, third parties) supports the claim. */
    corroborated: z.boolean().optional(),
    description: z.string().optional(),
    source,
  })
  .strict();

export const subjectFactsSchema = z
  .object({
    /** `[]` = known: none of these profiles. */
    profileTags: z.array(profileTagSchema).optional(),
    protection: protectionFactsSchema.optional(),
    /** Public criticism, testimony, reporting, candidacies... `[]` = known none. */
    publicActivities: z.array(publicActivitySchema).optional(),
    /** What the subject says about the case (political motive, private matter, unfair trial...). */
    claims: z.array(subjectClaimSchema).optional(),
    source,
  })
  .strict();

// ---------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------

const contextFlag = z
  .object({
    value: z.boolean(),
    description: z.string().optional(),
    source,
  })
  .strict();

export const relatedPersonSchema = z
  .object({
    relation: z.enum(['family', 'colleague', 'lawyer', 'associate', 'co_defendant', 'other']),
    /** True when this person was also targeted (charged, listed, detained, harassed). */
    targeted: z.boolean(),
    description: z.string().optional(),
    source,
  })
  .strict();

export const contextFactsSchema = z
  .object({
    /** Business or asset dispute with state-linked actors (raiding, expropriation, nationalisation). */
    assetDispute: contextFlag.optional(),
    /** Change of government between the alleged conduct and the notice. */
    governmentChange: contextFlag.optional(),
    /** Part of a mass listing campaign (post-coup purge, banned party's members). */
    massListingCampaign: contextFlag.optional(),
    /** The case arose from an election, a coup allegation or a protest movement. */
    politicalEvent: z
      .object({
        value: z.boolean(),
        kind: z.enum(['election', 'coup_allegation', 'protest', 'other']).optional(),
        description: z.string().optional(),
        source,
      })
      .strict()
      .optional(),
    /** Other people targeted in connection with the subject. `[]` = known none. */
    relatedPersons: z.array(relatedPersonSchema).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------
// Prior decisions
// ---------------------------------------------------------------------------

export const DECISION_BODIES = [
  'interpol_general_secretariat',
  'ndtf',
  'ccf',
  'foreign_court',
  'foreign_government',
  'us_court',
  'us_agency',
] as const;

export const DECISION_RESULTS = [
  'refused',
  'cancelled',
  'deleted',
  'compliant',
  'extradition_refused',
  'extradition_granted',
  'found_political',
  'asylum_granted',
  'asylum_refused',
] as const;

export const DECISION_GROUNDS = [
  'political',
  'human_rights',
  'due_process',
  'torture',
  'refugee_status',
  'article_3',
  'article_2',
  'private_matter',
  'insufficient_data',
  'procedural',
  'dual_criminality',
  'other',
] as const;

export const priorDecisionSchema = z
  .object({
    body: z.enum(DECISION_BODIES),
    result: z.enum(DECISION_RESULTS),
    grounds: z.array(z.enum(DECISION_GROUNDS)).optional(),
    /** Country of a foreign court or government. */
    country: iso2.optional(),
    date: isoDate.optional(),
    /** False when the decision concerned different facts. Unknown = assumed same facts. */
    sameFacts: z.boolean().optional(),
    description: z.string().optional(),
    source,
  })
  .strict();

// ---------------------------------------------------------------------------
// Evidence tags
// ---------------------------------------------------------------------------

export const EVIDENCE_TAGS = [
  'torture_allegation',
  'coerced_confession',
  'denial_of_counsel',
  'military_or_special_tribunal',
  'un_or_ngo_finding',
  'invalid_warrant',
  'alibi',
  'witness_recantation',
  'witness_paid',
  'case_collapsed_elsewhere',
  'abduction_attempt',
  'rendition_attempt',
  'forced_return_of_associates',
  'surveillance_of_travel',
] as const;
export type EvidenceTag = (typeof EVIDENCE_TAGS)[number];

export const evidenceItemSchema = z
  .object({
    tag: z.enum(EVIDENCE_TAGS),
    description: z.string().optional(),
    basis,
    source,
  })
  .strict();

// ---------------------------------------------------------------------------
// Judicial data
// ---------------------------------------------------------------------------

export const OFFENCE_CATEGORIES = [
  'political_speech',
  'terrorism_extremism',
  'behavioural_cultural',
  'family_private',
  'private_dispute',
  'administrative_regulatory',
  'violent_crime',
  'drug_trafficking',
  'sexual_offence_child',
  'sexual_offence',
  'fraud_economic',
  'organised_crime',
  'property_crime',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

export const warrantFactsSchema = z
  .object({
    kind: z.enum(['arrest_warrant', 'judgment']).optional(),
    /** Charge as written in the warrant, any language. */
    charge: z.string().optional(),
    chargeTranslation: z.string().optional(),
    lawCited: z.string().optional(),
    /** Maximum penalty for the offence, in months (same unit as the shared WarrantFact). */
    maxPenaltyMonths: z.number().nonnegative().optional(),
    sentenceMonths: z.number().nonnegative().optional(),
    remainingMonths: z.number().nonnegative().optional(),
    inAbsentia: z.boolean().optional(),
    issuedOn: isoDate.optional(),
    /** Offence categories of this charge as a reviewer confirmed or corrected them (overrides the charge reader for this warrant). */
    confirmedCategories: z.array(z.enum(OFFENCE_CATEGORIES)).optional(),
    source,
  })
  .strict();

export const summaryOfFactsSchema = z
  .object({
    text: z.string().optional(),
    /** When the alleged conduct happened, as the summary states it. */
    time: z.string().optional(),
    place: z.string().optional(),
    /** What the person is said to have done. */
    personRole: z.string().optional(),
    /** A reviewer's or expert's finding that the summary is vague, incoherent or inaccurate. */
    assessedDeficient: z.boolean().optional(),
    source,
  })
  .strict();

export const judicialFactsSchema = z
  .object({
    /** Each arrest warrant or judgment behind the notice. `[]` = none supplied. */
    warrants: z.array(warrantFactsSchema).optional(),
    /** Absent = summary not received. Present = as received (missing elements are missing in the document). */
    summaryOfFacts: summaryOfFactsSchema.optional(),
    /** Damage or amount involved, in USD (converted by the recorder). */
    damageValue: z
      .object({
        amountUsd: z.number().nonnegative(),
        originalAmount: z.string().optional(),
        source,
      })
      .strict()
      .optional(),
    /** Unfunded cheques issued on several occasions in a repetitive manner. */
    repetitiveCheques: z.boolean().optional(),
    /** Organisation the subject is said to belong to, and whether the UN or the US designates it. */
    organisation: z
      .object({
        name: z.string().optional(),
        designatedByUnOrUs: z.boolean().optional(),
        source,
      })
      .strict()
      .optional(),
    /** Offence categories as confirmed or corrected by a reviewer (overrides the charge reader). */
    confirmedCategories: z
      .object({
        categories: z.array(z.enum(OFFENCE_CATEGORIES)),
        confirmedBy: z.string().optional(),
        source,
      })
      .strict()
      .optional(),
    /** A link to organised crime or a serious crime that lifts an Art. 83 exclusion. */
    seriousCrimeLink: z.boolean().optional(),
  })
  .strict();

// ---------------------------------------------------------------------------
// Extradition follow-up
// ---------------------------------------------------------------------------

export const extraditionFactsSchema = z
  .object({
    /** Date the requesting state learned (or was told) where the person is. */
    subjectLocatedOn: isoDate.optional(),
    /** Extradition requests made by the requesting state. `[]` = known none. */
    requests: z
      .array(
        z
          .object({
            date: isoDate.optional(),
            status: z.enum(['pending', 'granted', 'refused', 'withdrawn']).optional(),
            source,
          })
          .strict(),
      )
      .optional(),
    /** Whether an extradition treaty exists between the requesting state and the United States. */
    treatyExists: z.boolean().optional(),
    source,
  })
  .strict();

// ---------------------------------------------------------------------------
// Documents on file
// ---------------------------------------------------------------------------

/** The kinds of document on the case that the screening reads for the judicial data. */
export const JUDICIAL_DOCUMENT_KINDS = ['warrant', 'judgment', 'charging_document'] as const;
export type JudicialDocumentKind = (typeof JUDICIAL_DOCUMENT_KINDS)[number];

/** The kinds documents are recorded under (uploads, and INTERPOL Washington's answers) that are judicial documents. */
const JUDICIAL_KIND_OF: Readonly<Record<string, JudicialDocumentKind>> = {
  warrant: 'warrant',
  arrest_warrant: 'warrant',
  judgment: 'judgment',
  judgement: 'judgment',
  charging_document: 'charging_document',
  charge_sheet: 'charging_document',
  indictment: 'charging_document',
};

/**
 * The judicial kind of a document's recorded kind, or undefined: upload kinds (`warrant`) and the free
 * words of an INTERPOL Washington answer (`arrest warrant`, `Charge sheet`) alike.
 */
export function judicialKindOf(kind: string): JudicialDocumentKind | undefined {
  const k = kind
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return Object.hasOwn(JUDICIAL_KIND_OF, k) ? JUDICIAL_KIND_OF[k] : undefined;
}

/**
 * A warrant, judgment or charging document on the case. Never typed: the screening input lists the
 * case's documents of these kinds, so an indicator that needs what such a document holds says to read it
 * from the file instead of asking INTERPOL Washington for it again.
 */
export const documentOnFileSchema = z
  .object({
    kind: z.enum(JUDICIAL_DOCUMENT_KINDS),
    title: z.string().min(1),
    documentId: z.uuid(),
  })
  .strict();
export type DocumentOnFile = z.infer<typeof documentOnFileSchema>;

// ---------------------------------------------------------------------------
// The whole
// ---------------------------------------------------------------------------

export const caseFactsSchema = z
  .object({
    notice: noticeFactsSchema.optional(),
    subject: subjectFactsSchema.optional(),
    context: contextFactsSchema.optional(),
    /** Earlier decisions on this person and these facts. `[]` = known none. */
    priorDecisions: z.array(priorDecisionSchema).optional(),
    /** Tagged evidence (torture, alibi, abduction attempt...). `[]` = known none. */
    evidence: z.array(evidenceItemSchema).optional(),
    judicial: judicialFactsSchema.optional(),
    extradition: extraditionFactsSchema.optional(),
    /** Warrants, judgments and charging documents on the case (from its documents, never typed). */
    documentsOnFile: z.array(documentOnFileSchema).optional(),
  })
  .strict();

export type CaseFacts = z.infer<typeof caseFactsSchema>;
export type NoticeFacts = z.infer<typeof noticeFactsSchema>;
export type SubjectFacts = z.infer<typeof subjectFactsSchema>;
export type ProfileTagFact = z.infer<typeof profileTagSchema>;
export type ProtectionFacts = z.infer<typeof protectionFactsSchema>;
export type ProtectionGrant = z.infer<typeof protectionGrantSchema>;
export type PublicActivity = z.infer<typeof publicActivitySchema>;
export type SubjectClaim = z.infer<typeof subjectClaimSchema>;
export type ContextFacts = z.infer<typeof contextFactsSchema>;
export type RelatedPerson = z.infer<typeof relatedPersonSchema>;
export type PriorDecision = z.infer<typeof priorDecisionSchema>;
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;
export type JudicialFacts = z.infer<typeof judicialFactsSchema>;
export type WarrantFacts = z.infer<typeof warrantFactsSchema>;
export type SummaryOfFacts = z.infer<typeof summaryOfFactsSchema>;
export type ExtraditionFacts = z.infer<typeof extraditionFactsSchema>;

/** Validates unknown input (API body, imported file) into CaseFacts. Throws a ZodError on bad input. */
export function parseCaseFacts(input: unknown): CaseFacts {
  return caseFactsSchema.parse(input);
}
