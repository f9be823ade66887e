/** What an officer submits to open or change a case, and the checks on it. */
import { randomUUID } from 'node:crypto';
import { BASIS_ACTIONS, BASIS_GROUNDS, isLegalAuthority, LEGAL_AUTHORITY_HINT } from '../../domain/basis.ts';
import { languageCode } from '../../domain/languages.ts';
import {
  CASE_PURPOSES,
  type CasePurpose,
  CUSTODY_STATUSES,
  type CustodyStatus,
  EVIDENCE_SOURCE_TYPES,
  type IndependentBasis,
  NOTICE_PURPOSES,
  NOTICE_TYPES,
  type NoticePurpose,
  type NoticeType,
  type WarrantFact,
} from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { ProtectionStatusJson } from '../../store/schema.ts';
import { currentPolicy } from '../context.ts';
import type { FieldProblem } from '../errors.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { A_NUMBER, INTERPOL_REF, isCountryCode, isIsoDate } from './fields.ts';

export interface WarrantInput {
  kind: WarrantFact['kind'];
  charge: string;
  chargeTranslation?: string | null;
  lawCited?: string | null;
  maxPenaltyMonths?: number | null;
  sentenceMonths?: number | null;
  remainingMonths?: number | null;
  inAbsentia?: boolean | null;
  issuingCourt?: string | null;
  issuedOn?: string | null;
  issuingCountry?: string | null;
}

export interface PersonInput {
  familyName: string;
  givenNames?: string | null;
  aliases?: string[];
  datesOfBirth?: string[];
  sex?: string | null;
  placeOfBirth?: string | null;
  nationalities?: string[];
  aNumber?: string | null;
  languages?: string[];
  /** Asylum claimed or protection granted, as known at intake (screening reads it). */
  protectionStatus?: ProtectionStatusJson | null;
}

export interface NoticeInput {
  type: NoticeType;
  interpolRef: string;
  issuingCountry: string;
  requestingAuthority?: string | null;
  issuedOn?: string | null;
  expiresOn?: string | null;
  purpose?: NoticePurpose | null;
  summaryOfFacts?: string | null;
  warrants?: WarrantInput[];
}

export interface OpenCaseInput {
  purpose: CasePurpose;
  /** A new person, or `personId` of one already recorded. */
  person?: PersonInput;
  personId?: string;
  /** A new notice, or `noticeId` of one already recorded. */
  notice?: NoticeInput;
  noticeId?: string;
  assignedOfficerId?: string;
  /** Only for system actors, who have no office of their own. */
  officeId?: string;
  independentBasis?: IndependentBasis;
  narrative?: string;
  custodyStatus?: CustodyStatus;
  inProceedings?: boolean;
  encounterAt?: Date | null;
  encounterLocation?: string | null;
}

export interface CaseFactsPatch {
  purpose?: CasePurpose;
  narrative?: string;
  independentBasis?: IndependentBasis;
  custodyStatus?: CustodyStatus;
  inProceedings?: boolean;
  /** Changes to one notice on the case. */
  notice?: {
    noticeId: string;
    warrants?: WarrantInput[];
    summaryOfFacts?: string | null;
    purpose?: NoticePurpose | null;
    expiresOn?: string | null;
  };
}

export function checkWarrants(warrants: WarrantInput[] | undefined, prefix: string, fields: FieldProblem[]) {
  (warrants ?? []).forEach((w, i) => {
    if (w.kind !== 'arrest_warrant' && w.kind !== 'judgment')
      fields.push({ field: `${prefix}.${i}.kind`, message: 'Kind is arrest_warrant or judgment.' });
    if (!w.charge?.trim()) fields.push({ field: `${prefix}.${i}.charge`, message: 'Enter the charge.' });
    if (w.issuedOn && !isIsoDate(w.issuedOn))
      fields.push({ field: `${prefix}.${i}.issuedOn`, message: 'Enter a real date as YYYY-MM-DD.' });
    if (w.issuingCountry && !isCountryCode(w.issuingCountry))
      fields.push({ field: `${prefix}.${i}.issuingCountry`, message: 'Use an ISO 3166 alpha-2 code.' });
  });
}

export function checkBasis(basis: IndependentBasis | undefined, fields: FieldProblem[]) {
  if (!basis) return;
  if (typeof basis.summary !== 'string')
    fields.push({ field: 'independentBasis.summary', message: 'Enter the summary as text.' });
  (basis.evidence ?? []).forEach((e, i) => {
    if (!EVIDENCE_SOURCE_TYPES.includes(e.sourceType))
      fields.push({
        field: `independentBasis.evidence.${i}.sourceType`,
        message: `Source type is one of: ${EVIDENCE_SOURCE_TYPES.join(', ')}.`,
      });
    if (!e.description?.trim())
      fields.push({ field: `independentBasis.evidence.${i}.description`, message: 'Describe the evidence.' });
    if (e.obtainedOn && !isIsoDate(e.obtainedOn))
      fields.push({ field: `independentBasis.evidence.${i}.obtainedOn`, message: 'Enter YYYY-MM-DD.' });
  });
  (basis.actions ?? []).forEach((a, i) => {
    if (!BASIS_ACTIONS.includes(a))
      fields.push({
        field: `independentBasis.actions.${i}`,
        message: `Action is one of: ${BASIS_ACTIONS.join(', ')}.`,
      });
  });
  (basis.grounds ?? []).forEach((g, i) => {
    if (!BASIS_GROUNDS.includes(g))
      fields.push({
        field: `independentBasis.grounds.${i}`,
        message: `Kind of ground is one of: ${BASIS_GROUNDS.join(', ')}.`,
      });
  });
  const authority = basis.legalAuthority?.trim() ?? '';
  const claimsAction = (basis.actions ?? []).length > 0;
  if ((authority || claimsAction) && !isLegalAuthority(authority))
    fields.push({
      field: 'independentBasis.legalAuthority',
      message: authority
        ? `"${authority}" does not name a statute or regulation. ${LEGAL_AUTHORITY_HINT}`
        : `Name the legal authority for the action. ${LEGAL_AUTHORITY_HINT}`,
    });
}

/**
 * The basis summary is a reason: checked for substance and wording (not a stock phrase, long enough,
 * no wording that treats the notice as a warrant). Only when a summary is given.
 */
export async function checkBasisSummary(
  trx: DbOrTrx,
  caseId: string,
  basis: IndependentBasis | undefined,
): Promise<FieldProblem[]> {
  const summary = basis?.summary?.trim() ?? '';
  if (!summary) return [];
  const policy = await currentPolicy(trx);
  return checkReasons(
    trx,
    caseId,
    [{ text: summary, field: 'independentBasis.summary', kind: 'rationale' }],
    reasonMinChars(policy),
  );
}

export function checkOpenInput(input: OpenCaseInput): FieldProblem[] {
  const fields: FieldProblem[] = [];
  if (!CASE_PURPOSES.includes(input.purpose))
    fields.push({ field: 'purpose', message: `Purpose is one of: ${CASE_PURPOSES.join(', ')}.` });
  if (!input.person && !input.personId)
    fields.push({ field: 'person', message: 'Record the person, or give the id of one already recorded.' });
  if (input.person) {
    const p = input.person;
    if (!p.familyName?.trim()) fields.push({ field: 'person.familyName', message: 'Enter the family name.' });
    (p.datesOfBirth ?? []).forEach((d, i) => {
      if (!isIsoDate(d)) fields.push({ field: `person.datesOfBirth.${i}`, message: 'Enter YYYY-MM-DD.' });
    });
    (p.nationalities ?? []).forEach((c, i) => {
      if (!isCountryCode(c))
        fields.push({ field: `person.nationalities.${i}`, message: 'Use an ISO 3166 alpha-2 code.' });
    });
    // PERSON-LANGUAGES: a service counts only in a language the person reads, so intake records them.
    const langs = p.languages ?? [];
    if (langs.filter((l) => l?.trim()).length === 0)
      fields.push({
        field: 'person.languages',
        rule: 'PERSON-LANGUAGES',
        message:
          'Record at least one language the person reads (ask the person or counsel). The documents must later be served in one of them, or through an interpreter.',
      });
    langs.forEach((l, i) => {
      if (l?.trim() && languageCode(l) === null)
        fields.push({
          field: `person.languages.${i}`,
          message: 'Choose the language from the list (an ISO 639-1 code such as tg, or its name).',
        });
    });
    if (p.aNumber && !A_NUMBER.test(p.aNumber))
      fields.push({ field: 'person.aNumber', message: 'An A-number is 8 or 9 digits, optionally after A.' });
  }
  if (!input.notice && !input.noticeId)
    fields.push({ field: 'notice', message: 'Record the notice, or give the id of one already recorded.' });
  if (input.notice) {
    const n = input.notice;
    if (!NOTICE_TYPES.includes(n.type))
      fields.push({ field: 'notice.type', message: `Type is one of: ${NOTICE_TYPES.join(', ')}.` });
    if (!INTERPOL_REF.test(n.interpolRef ?? ''))
      fields.push({ field: 'notice.interpolRef', message: 'An INTERPOL reference looks like 2024/123456.' });
    if (!isCountryCode(n.issuingCountry ?? ''))
      fields.push({ field: 'notice.issuingCountry', message: 'Use an ISO 3166 alpha-2 code, e.g. FR.' });
    if (n.issuedOn && !isIsoDate(n.issuedOn))
      fields.push({ field: 'notice.issuedOn', message: 'Enter a real date as YYYY-MM-DD.' });
    if (n.expiresOn && !isIsoDate(n.expiresOn))
      fields.push({ field: 'notice.expiresOn', message: 'Enter a real date as YYYY-MM-DD.' });
    if (n.purpose && !NOTICE_PURPOSES.includes(n.purpose))
      fields.push({ field: 'notice.purpose', message: 'Purpose is prosecution or sentence.' });
    checkWarrants(n.warrants, 'notice.warrants', fields);
  }
  if (input.custodyStatus && !CUSTODY_STATUSES.includes(input.custodyStatus))
    fields.push({ field: 'custodyStatus', message: `Custody is one of: ${CUSTODY_STATUSES.join(', ')}.` });
  checkBasis(input.independentBasis, fields);
  return fields;
}

export async function insertWarrants(trx: DbOrTrx, noticeId: string, warrants: WarrantInput[]) {
  if (warrants.length === 0) return;
  await trx
    .insertInto('notice_warrants')
    .values(
      warrants.map((w, position) => ({
        id: randomUUID(),
        notice_id: noticeId,
        position,
        kind: w.kind,
        charge: w.charge,
        charge_translation: w.chargeTranslation ?? null,
        law_cited: w.lawCited ?? null,
        max_penalty_months: w.maxPenaltyMonths ?? null,
        sentence_months: w.sentenceMonths ?? null,
        remaining_months: w.remainingMonths ?? null,
        in_absentia: w.inAbsentia ?? null,
        issuing_court: w.issuingCourt ?? null,
        issued_on: w.issuedOn ?? null,
        issuing_country: w.issuingCountry ?? null,
      })),
    )
    .execute();
}
