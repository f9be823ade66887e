// The intake draft: what the officer has typed so far, kept in memory only (it holds PII, so never in
// localStorage or the URL), and its translation into the body of POST /cases.
import { ApiError, type FieldError } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { humanField } from '../components/field-names.ts';
import { languageCode } from './languages.ts';

export const CASE_PURPOSES = ['law_enforcement_action', 'immigration_proceedings'] as const;
export type CasePurpose = (typeof CASE_PURPOSES)[number];
export const PURPOSE_LABELS: Record<CasePurpose, string> = {
  law_enforcement_action: 'Law-enforcement action',
  immigration_proceedings: 'Immigration proceedings',
};

export const NOTICE_TYPE_LABELS = {
  red_notice: 'Red Notice (RN)',
  diffusion: 'Wanted Person Diffusion (WPD)',
};
export type NoticeType = keyof typeof NOTICE_TYPE_LABELS;
export const NOTICE_PURPOSE_LABELS = { prosecution: 'Prosecution', sentence: 'To serve a sentence' };
export type NoticePurpose = keyof typeof NOTICE_PURPOSE_LABELS;

export const CUSTODY_LABELS = {
  in_custody: 'In custody',
  not_in_custody: 'Not in custody',
  released: 'Released',
  unknown: 'Not known',
};
export type CustodyStatus = keyof typeof CUSTODY_LABELS;

export const EVIDENCE_SOURCE_LABELS = {
  federal_record: 'Federal record',
  state_or_local_record: 'State or local record',
  foreign_government_direct: 'Foreign government, directly (not through INTERPOL)',
  officer_observation: 'Officer observation',
  witness: 'Witness',
  documentary: 'Document',
  other: 'Other',
  interpol: 'INTERPOL (does not count as independent)',
};
export type EvidenceSourceType = keyof typeof EVIDENCE_SOURCE_LABELS;

export const PROTECTION_LABELS = {
  none: 'No asylum claim or protection known',
  asylum_pending: 'Asylum claimed, not yet decided',
  refugee: 'Refugee status granted',
  asylee: 'Asylum granted',
  withholding: 'Withholding of removal granted',
  cat: 'Protection under the Convention Against Torture granted',
  naturalised: 'Former refugee, since naturalised',
};
export type ProtectionStatus = keyof typeof PROTECTION_LABELS;
export const GRANTED: readonly ProtectionStatus[] = ['refugee', 'asylee', 'withholding', 'cat'];

export interface WarrantDraft {
  kind: 'arrest_warrant' | 'judgment';
  charge: string;
  chargeTranslation: string;
  lawCited: string;
  maxPenaltyMonths: string;
  sentenceMonths: string;
  remainingMonths: string;
  inAbsentia: '' | 'yes' | 'no';
  issuingCourt: string;
  issuedOn: string;
  issuingCountry: string;
}

export interface EvidenceDraft {
  description: string;
  sourceType: '' | EvidenceSourceType;
  source: string;
  reference: string;
  obtainedOn: string;
}

export interface Draft {
  person: {
    familyName: string;
    givenNames: string;
    aliases: string[];
    datesOfBirth: string[];
    nationalities: string[];
    aNumber: string;
    languages: string[];
    sex: string;
    placeOfBirth: string;
    protection: {
      status: '' | ProtectionStatus;
      asylumClaimedOn: string;
      grantingCountry: string;
      inRespectOfCountry: string;
      grantedOn: string;
    };
  };
  notice: {
    type: '' | NoticeType;
    interpolRef: string;
    issuingCountry: string;
    requestingAuthority: string;
    issuedOn: string;
    expiresOn: string;
    purpose: '' | NoticePurpose;
    summaryOfFacts: string;
    warrants: WarrantDraft[];
  };
  purpose: '' | CasePurpose;
  custodyStatus: '' | CustodyStatus;
  /** Whether the person is already in immigration proceedings. */
  inProceedings: '' | 'yes' | 'no';
  /** When the officer met the person (a `datetime-local` value, the officer's local time). */
  encounterAt: string;
  encounterLocation: string;
  basis: {
    summary: string;
    evidence: EvidenceDraft[];
    /** What the basis supports, its kinds of ground and the legal authority (G-INDEPENDENT). */
    actions: Array<'detention' | 'removal_proceedings' | 'admissibility' | 'evidence'>;
    grounds: Array<
      | 'visa_overstay'
      | 'entry_without_inspection'
      | 'fraud_or_misrepresentation'
      | 'criminal_conviction'
      | 'us_criminal_process'
      | 'final_order_of_removal'
      | 'custody_determination'
      | 'security_grounds'
      | 'other'
    >;
    legalAuthority: string;
  };
  narrative: string;
}

export const emptyWarrant = (): WarrantDraft => ({
  kind: 'arrest_warrant',
  charge: '',
  chargeTranslation: '',
  lawCited: '',
  maxPenaltyMonths: '',
  sentenceMonths: '',
  remainingMonths: '',
  inAbsentia: '',
  issuingCourt: '',
  issuedOn: '',
  issuingCountry: '',
});

export const emptyEvidence = (): EvidenceDraft => ({
  description: '',
  sourceType: '',
  source: '',
  reference: '',
  obtainedOn: '',
});

export const emptyDraft = (): Draft => ({
  person: {
    familyName: '',
    givenNames: '',
    aliases: [''],
    datesOfBirth: [''],
    nationalities: [''],
    aNumber: '',
    languages: [''],
    sex: '',
    placeOfBirth: '',
    protection: {
      status: '',
      asylumClaimedOn: '',
      grantingCountry: '',
      inRespectOfCountry: '',
      grantedOn: '',
    },
  },
  notice: {
    type: '',
    interpolRef: '',
    issuingCountry: '',
    requestingAuthority: '',
    issuedOn: '',
    expiresOn: '',
    purpose: '',
    summaryOfFacts: '',
    warrants: [emptyWarrant()],
  },
  purpose: '',
  custodyStatus: '',
  inProceedings: '',
  encounterAt: '',
  encounterLocation: '',
  basis: { summary: '', evidence: [emptyEvidence()], actions: [], grounds: [], legalAuthority: '' },
  narrative: '',
});

export const STEPS = [
  'The person',
  'The notice',
  'Purpose',
  'Independent basis',
  'Narrative',
  'Check your answers',
] as const;
export const CHECK_STEP = STEPS.length - 1;

/** The step that holds an API field path (without the "body." prefix). */
export function stepOf(path: string): number {
  const p = path.replace(/^(body|query|params)\./, '');
  if (p.startsWith('person')) return 0;
  if (p.startsWith('notice')) return 1;
  if (['purpose', 'custodyStatus', 'inProceedings', 'encounterAt', 'encounterLocation'].includes(p)) return 2;
  if (p.startsWith('independentBasis')) return 3;
  if (p === 'narrative') return 4;
  return CHECK_STEP;
}

const FIELD_LABELS: Record<string, string> = {
  'person.familyName': 'Family name',
  'person.givenNames': 'Given names',
  'person.aNumber': 'A-number',
  'person.sex': 'Sex',
  'person.placeOfBirth': 'Place of birth',
  'person.protectionStatus.asylumClaimedOn': 'Date asylum was claimed',
  'person.protectionStatus.grantingCountry': 'Country that granted protection',
  'person.protectionStatus.inRespectOfCountry': 'Country the person is protected from',
  'person.protectionStatus.grantedOn': 'Date protection was granted',
  'notice.type': 'Type of notice',
  'notice.interpolRef': 'INTERPOL reference',
  'notice.issuingCountry': 'Issuing country',
  'notice.requestingAuthority': 'Requesting authority',
  'notice.issuedOn': 'Issue date',
  'notice.expiresOn': 'Expiry date',
  'notice.purpose': 'Purpose of the notice',
  'notice.summaryOfFacts': 'Summary of facts',
  purpose: 'Purpose of the case',
  custodyStatus: 'Custody',
  inProceedings: 'Already in immigration proceedings',
  encounterAt: 'When you met the person',
  encounterLocation: 'Where you met the person',
  'independentBasis.summary': 'Summary of the independent basis',
  'independentBasis.actions': 'What the basis supports',
  'independentBasis.grounds': 'Kind of ground',
  'independentBasis.legalAuthority': 'Legal authority for the action',
  narrative: 'Narrative',
};

const LIST_LABELS: Record<string, string> = {
  'person.aliases': 'Alias',
  'person.datesOfBirth': 'Date of birth',
  'person.nationalities': 'Nationality',
  'person.languages': 'Language',
  'notice.warrants': 'Warrant or judgment',
  'independentBasis.evidence': 'Evidence item',
};

/** A plain-language name for a field path, e.g. "Warrant or judgment 1: charge". */
export function fieldLabel(path: string): string {
  const p = path.replace(/^(body|query|params)\./, '');
  if (FIELD_LABELS[p]) return FIELD_LABELS[p];
  const m = /^(.+?)\.(\d+)(?:\.(.+))?$/.exec(p);
  if (m?.[1] && LIST_LABELS[m[1]]) {
    const rest = m[3] ? `: ${m[3].replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}` : '';
    return `${LIST_LABELS[m[1]]} ${Number(m[2]) + 1}${rest}`;
  }
  return humanField(p);
}

/** Problems the officer can fix before going on: the required answers of one step. */
export function checkStep(draft: Draft, step: number): FieldError[] {
  const out: FieldError[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) out.push({ field, message });
  };
  if (step === 0) {
    need(!!draft.person.familyName.trim(), 'person.familyName', 'Enter the family name.');
    need(
      draft.person.languages.some((l) => l.trim()),
      'person.languages.0',
      'Choose at least one language the person reads.',
    );
  }
  if (step === 1) {
    need(!!draft.notice.type, 'notice.type', 'Choose Red Notice or Wanted Person Diffusion.');
    need(!!draft.notice.interpolRef.trim(), 'notice.interpolRef', 'Enter the INTERPOL reference.');
    need(!!draft.notice.issuingCountry, 'notice.issuingCountry', 'Choose the issuing country.');
    draft.notice.warrants.forEach((w, i) => {
      if (isBlankWarrant(w) && draft.notice.warrants.length > 1) return;
      need(!!w.charge.trim(), `notice.warrants.${i}.charge`, 'Enter the charge as written.');
    });
  }
  if (step === 2) {
    need(!!draft.purpose, 'purpose', 'Choose what you intend to do.');
  }
  if (step === 3) {
    draft.basis.evidence.forEach((e, i) => {
      if (isBlankEvidence(e)) return;
      need(!!e.description.trim(), `independentBasis.evidence.${i}.description`, 'Describe the evidence.');
      need(!!e.sourceType, `independentBasis.evidence.${i}.sourceType`, 'Choose the kind of source.');
    });
    const b = draft.basis;
    if (b.actions.length > 0 || b.grounds.length > 0 || b.legalAuthority.trim()) {
      need(b.actions.length > 0, 'independentBasis.actions', 'Tick what the basis supports.');
      need(b.grounds.length > 0, 'independentBasis.grounds', 'Tick the kind of ground the basis rests on.');
      need(
        !!b.legalAuthority.trim(),
        'independentBasis.legalAuthority',
        'Name the statute or regulation, for example INA 236(a), 8 U.S.C. 1226(a).',
      );
    }
  }
  return out;
}

export function stepError(fields: FieldError[]): ApiError | null {
  if (fields.length === 0) return null;
  return new ApiError({
    status: 400,
    code: 'invalid',
    detail: 'Answer the questions below before you continue.',
    errors: fields,
  });
}

const isBlankWarrant = (w: WarrantDraft) => Object.entries(w).every(([k, v]) => k === 'kind' || v === '');
const isBlankEvidence = (e: EvidenceDraft) => Object.values(e).every((v) => v === '');

const opt = (s: string) => (s.trim() ? s.trim() : undefined);
const list = (xs: string[]) => xs.map((x) => x.trim()).filter(Boolean);
/** A whole number as a number; anything else as typed, so the server names the field. */
const num = (s: string): number | string | undefined => {
  const t = s.trim();
  if (!t) return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
};
/** A `datetime-local` value as an ISO instant; anything unparseable as typed, so the server names it. */
const localInstant = (s: string): string | undefined => {
  if (!s.trim()) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
};
const yesNo = (s: '' | 'yes' | 'no') => (s === '' ? undefined : s === 'yes');

/** The warrants and judgments as the API takes them (blank ones left out). */
export function warrantBodies(warrants: WarrantDraft[]) {
  return warrants
    .filter((w) => !isBlankWarrant(w))
    .map((w) => ({
      kind: w.kind,
      charge: w.charge.trim(),
      chargeTranslation: opt(w.chargeTranslation),
      lawCited: opt(w.lawCited),
      maxPenaltyMonths: num(w.maxPenaltyMonths),
      sentenceMonths: num(w.sentenceMonths),
      remainingMonths: num(w.remainingMonths),
      inAbsentia: yesNo(w.inAbsentia),
      issuingCourt: opt(w.issuingCourt),
      issuedOn: opt(w.issuedOn),
      issuingCountry: opt(w.issuingCountry),
    }));
}

/** A warrant or judgment on file, as a draft to change. */
export function warrantDraftOf(w: {
  kind: WarrantDraft['kind'];
  charge: string;
  chargeTranslation: string | null;
  lawCited: string | null;
  maxPenaltyMonths: number | null;
  sentenceMonths: number | null;
  remainingMonths: number | null;
  inAbsentia: boolean | null;
  issuingCourt: string | null;
  issuedOn: string | null;
  issuingCountry: string | null;
}): WarrantDraft {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    kind: w.kind,
    charge: w.charge,
    chargeTranslation: text(w.chargeTranslation),
    lawCited: text(w.lawCited),
    maxPenaltyMonths: text(w.maxPenaltyMonths),
    sentenceMonths: text(w.sentenceMonths),
    remainingMonths: text(w.remainingMonths),
    inAbsentia: w.inAbsentia === null ? '' : w.inAbsentia ? 'yes' : 'no',
    issuingCourt: text(w.issuingCourt),
    issuedOn: text(w.issuedOn),
    issuingCountry: text(w.issuingCountry),
  };
}

/** The body of POST /cases (src/server/routes/cases.ts). Blank answers are left out. */
export function toBody(d: Draft): Record<string, unknown> {
  const pr = d.person.protection;
  const granted = pr.status !== '' && GRANTED.includes(pr.status);
  const protectionStatus = pr.status
    ? {
        status: pr.status,
        asylumClaimedOn: opt(pr.asylumClaimedOn),
        grantingCountry: granted || pr.status === 'naturalised' ? opt(pr.grantingCountry) : undefined,
        inRespectOfCountry: granted ? opt(pr.inRespectOfCountry) : undefined,
        grantedOn: granted ? opt(pr.grantedOn) : undefined,
      }
    : undefined;
  const evidence = d.basis.evidence
    .filter((e) => !isBlankEvidence(e))
    .map((e) => ({
      description: e.description.trim(),
      sourceType: e.sourceType || undefined,
      source: e.source.trim(),
      reference: opt(e.reference),
      obtainedOn: opt(e.obtainedOn),
    }));
  return {
    purpose: d.purpose || undefined,
    person: {
      familyName: d.person.familyName.trim(),
      givenNames: opt(d.person.givenNames),
      aliases: list(d.person.aliases),
      datesOfBirth: list(d.person.datesOfBirth),
      nationalities: list(d.person.nationalities),
      aNumber: opt(d.person.aNumber),
      languages: list(d.person.languages),
      sex: opt(d.person.sex),
      placeOfBirth: opt(d.person.placeOfBirth),
      protectionStatus,
    },
    notice: {
      type: d.notice.type || undefined,
      interpolRef: d.notice.interpolRef.trim(),
      issuingCountry: d.notice.issuingCountry,
      requestingAuthority: opt(d.notice.requestingAuthority),
      issuedOn: opt(d.notice.issuedOn),
      expiresOn: opt(d.notice.expiresOn),
      purpose: d.notice.purpose || undefined,
      summaryOfFacts: opt(d.notice.summaryOfFacts),
      warrants: warrantBodies(d.notice.warrants),
    },
    custodyStatus: d.custodyStatus || undefined,
    inProceedings: yesNo(d.inProceedings),
    encounterAt: localInstant(d.encounterAt),
    encounterLocation: opt(d.encounterLocation),
    independentBasis:
      d.basis.summary.trim() || evidence.length || d.basis.actions.length || d.basis.legalAuthority.trim()
        ? {
            summary: d.basis.summary.trim(),
            evidence,
            actions: d.basis.actions,
            grounds: d.basis.grounds,
            legalAuthority: d.basis.legalAuthority.trim(),
          }
        : undefined,
    narrative: opt(d.narrative),
  };
}

/** The answer of POST /notices/interpol-extract. */
export type NoticePrefill = Res<'/notices/interpol-extract', 'post'>;

const orOne = (xs: string[]) => (xs.length ? xs : ['']);

export function applyPrefill(d: Draft, p: NoticePrefill): Draft {
  return {
    ...d,
    person: {
      ...d.person,
      familyName: p.person.familyName,
      givenNames: p.person.givenNames ?? '',
      datesOfBirth: orOne(p.person.datesOfBirth),
      nationalities: orOne(p.person.nationalities),
      sex: p.person.sex ?? '',
      placeOfBirth: p.person.placeOfBirth ?? '',
      languages: orOne(p.person.languages.map((l) => languageCode(l) ?? l)),
    },
    notice: {
      ...d.notice,
      type: p.notice.type,
      interpolRef: p.notice.interpolRef,
      issuingCountry: p.notice.issuingCountry,
      warrants: p.notice.warrants.length
        ? p.notice.warrants.map((w) => ({
            ...emptyWarrant(),
            kind: w.kind,
            charge: w.charge,
            chargeTranslation: w.chargeTranslation ?? '',
            issuingCountry: w.issuingCountry,
          }))
        : d.notice.warrants,
    },
  };
}

const keepOne = <T>(xs: T[], blank: (x: T) => boolean, empty: () => T): T[] => {
  const kept = xs.filter((x) => !blank(x));
  return kept.length ? kept : [empty()];
};

/**
 * Drops blank entries of the lists, so that the positions the server names in its errors
 * ("person.datesOfBirth.1") are the positions on screen.
 */
export function compact(d: Draft): Draft {
  const blankText = (s: string) => !s.trim();
  const emptyText = () => '';
  return {
    ...d,
    person: {
      ...d.person,
      aliases: keepOne(d.person.aliases, blankText, emptyText),
      datesOfBirth: keepOne(d.person.datesOfBirth, blankText, emptyText),
      nationalities: keepOne(d.person.nationalities, blankText, emptyText),
      languages: keepOne(d.person.languages, blankText, emptyText),
    },
    notice: { ...d.notice, warrants: keepOne(d.notice.warrants, isBlankWarrant, emptyWarrant) },
    basis: { ...d.basis, evidence: keepOne(d.basis.evidence, isBlankEvidence, emptyEvidence) },
  };
}
