/**
 * A legacy record (docs/legacy-import.md, docs/schemas/legacy-record.schema.json): the columns of a CSV
 * file or the keys of a JSON line, and the checks on one record. Pure: it turns the raw values of one row
 * into a record or into field problems (field, reason), each naming the column.
 */
import { createHash } from 'node:crypto';
import countries from 'i18n-iso-countries';
import { canonicalJson } from './canonical.ts';
import { languageCode } from './languages.ts';
import { type CaseFacts, caseFactsSchema } from './screening/index.ts';
import {
  CASE_PURPOSES,
  type CasePurpose,
  CUSTODY_STATUSES,
  type CustodyStatus,
  NOTICE_PURPOSES,
  NOTICE_STATUSES,
  NOTICE_TYPES,
  type NoticePurpose,
  type NoticeStatus,
  type NoticeType,
} from './types.ts';

/** Every column, in the order the sample file and the generator write them. */
export const LEGACY_COLUMNS = [
  'external_id',
  'source',
  'family_name',
  'given_names',
  'aliases',
  'dates_of_birth',
  'sex',
  'place_of_birth',
  'nationalities',
  'a_number',
  'languages',
  'notice_type',
  'interpol_ref',
  'issuing_country',
  'requesting_authority',
  'notice_issued_on',
  'notice_expires_on',
  'notice_purpose',
  'notice_status',
  'summary_of_facts',
  'warrant_kind',
  'charge',
  'charge_translation',
  'law_cited',
  'max_penalty_months',
  'sentence_months',
  'warrant_issued_on',
  'purpose',
  'custody_status',
  'in_proceedings',
  'encounter_at',
  'encounter_location',
  'narrative',
  'actions',
  'protection_status',
  'asylum_claimed_on',
  'protection_granting_country',
  'protection_in_respect_of',
  'protection_granted_on',
  'screening_facts',
] as const;
export type LegacyColumn = (typeof LEGACY_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly LegacyColumn[] = [
  'external_id',
  'family_name',
  'notice_type',
  'interpol_ref',
  'issuing_country',
  'purpose',
];

export const PROTECTION_CODES = [
  'none',
  'asylum_pending',
  'refugee',
  'asylee',
  'withholding',
  'cat',
  'naturalised',
] as const;

export interface LegacyRecord {
  externalId: string;
  /** The source system; the import's `--source` when the row does not name one. */
  source: string;
  person: {
    familyName: string;
    givenNames: string | null;
    aliases: string[];
    datesOfBirth: string[];
    sex: string | null;
    placeOfBirth: string | null;
    nationalities: string[];
    aNumber: string | null;
    languages: string[];
    protection: {
      status: (typeof PROTECTION_CODES)[number];
      asylumClaimedOn: string | null;
      grantingCountry: string | null;
      inRespectOfCountry: string | null;
      grantedOn: string | null;
    } | null;
  };
  notice: {
    type: NoticeType;
    interpolRef: string;
    issuingCountry: string;
    requestingAuthority: string | null;
    issuedOn: string | null;
    expiresOn: string | null;
    purpose: NoticePurpose | null;
    /** As the agency last knew it; not recorded when the file does not say. */
    status: NoticeStatus | null;
    summaryOfFacts: string | null;
  };
  warrant: {
    kind: 'arrest_warrant' | 'judgment';
    charge: string;
    chargeTranslation: string | null;
    lawCited: string | null;
    maxPenaltyMonths: number | null;
    sentenceMonths: number | null;
    issuedOn: string | null;
  } | null;
  purpose: CasePurpose;
  custodyStatus: CustodyStatus;
  inProceedings: boolean;
  encounterAt: string | null;
  encounterLocation: string | null;
  narrative: string;
  actions: Array<{ on: string; action: string }>;
  screeningFacts: CaseFacts | null;
}

export interface RowProblem {
  field: string;
  reason: string;
}

const INTERPOL_REF = /^\d{4}\/\d{1,7}$/;
const A_NUMBER = /^A?\d{8,9}$/;
const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
/** Longest text of a single field (a summary of facts or narrative); the row itself has its own limit. */
export const MAX_FIELD_CHARS = 20_000;

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

const isCountry = (v: string) => /^[A-Z]{2}$/.test(v) && countries.isValid(v);
/** A value quoted in a reason, shortened (the error report is read by people). */
const shown = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/**
 * Reads one row (CSV cells by column name, or a JSON object) into a record, or the problems of the row.
 * Empty strings and nulls are "not recorded".
 */
export function readLegacyRow(
  raw: Record<string, unknown>,
  defaultSource: string,
): { record: LegacyRecord; problems: [] } | { record: null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field, reason });
  for (const key of Object.keys(raw))
    if (!(LEGACY_COLUMNS as readonly string[]).includes(key)) bad(key, 'Unknown column.');

  const text = (k: LegacyColumn): string | null => {
    const v = raw[k];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') {
      bad(k, 'Expected text.');
      return null;
    }
    const t = v.trim();
    if (t.length > MAX_FIELD_CHARS) {
      bad(k, `Longer than ${MAX_FIELD_CHARS} characters.`);
      return null;
    }
    return t === '' ? null : t;
  };
  const required = (k: LegacyColumn): string => {
    const t = text(k);
    if (t === null && !problems.some((p) => p.field === k)) bad(k, 'Missing: this field is required.');
    return t ?? '';
  };
  const list = (k: LegacyColumn): string[] => {
    const v = raw[k];
    if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
    const t = text(k);
    return t === null
      ? []
      : t
          .split(';')
          .map((x) => x.trim())
          .filter(Boolean);
  };
  const date = (k: LegacyColumn): string | null => {
    const t = text(k);
    if (t !== null && !isIsoDate(t)) {
      bad(k, `Not a real date written YYYY-MM-DD: ${shown(t)}.`);
      return null;
    }
    return t;
  };
  const country = (k: LegacyColumn, t: string | null): string | null => {
    if (t !== null && !isCountry(t)) {
      bad(k, `Not an ISO 3166-1 alpha-2 country code: ${shown(t)}.`);
      return null;
    }
    return t;
  };
  const oneOf = <T extends string>(k: LegacyColumn, allowed: readonly T[], t: string | null): T | null => {
    if (t !== null && !allowed.includes(t as T)) {
      bad(k, `${shown(t)} is not one of: ${allowed.join(', ')}.`);
      return null;
    }
    return t as T | null;
  };
  const months = (k: LegacyColumn): number | null => {
    const t = text(k);
    if (t === null) return null;
    if (!/^\d{1,4}$/.test(t)) {
      bad(k, `Not a whole number of months: ${shown(t)}.`);
      return null;
    }
    return Number(t);
  };

  const externalId = required('external_id');
  if (externalId && !EXTERNAL_ID.test(externalId))
    bad('external_id', 'Use 1 to 128 letters, digits and . _ : / - (starting with a letter or digit).');
  const source = text('source') ?? defaultSource;
  if (!source) bad('source', 'Missing: name the source system (the row or the import).');

  const familyName = required('family_name');
  const datesOfBirth = list('dates_of_birth');
  datesOfBirth.forEach((d) => {
    if (!isIsoDate(d)) bad('dates_of_birth', `Not a real date written YYYY-MM-DD: ${shown(d)}.`);
  });
  const nationalities = list('nationalities');
  for (const c of nationalities) country('nationalities', c);
  const aNumber = text('a_number');
  if (aNumber !== null && !A_NUMBER.test(aNumber))
    bad('a_number', 'An A-number is 8 or 9 digits, optionally after A.');
  const languages: string[] = [];
  for (const l of list('languages')) {
    const code = languageCode(l);
    if (code === null) bad('languages', `Not a language name or ISO 639-1 code: ${shown(l)}.`);
    else if (!languages.includes(code)) languages.push(code);
  }
  const protectionStatus = oneOf('protection_status', PROTECTION_CODES, text('protection_status'));
  const protection = protectionStatus
    ? {
        status: protectionStatus,
        asylumClaimedOn: date('asylum_claimed_on'),
        grantingCountry: country('protection_granting_country', text('protection_granting_country')),
        inRespectOfCountry: country('protection_in_respect_of', text('protection_in_respect_of')),
        grantedOn: date('protection_granted_on'),
      }
    : null;
  if (!protectionStatus)
    for (const k of [
      'asylum_claimed_on',
      'protection_granting_country',
      'protection_in_respect_of',
      'protection_granted_on',
    ] as const)
      if (text(k) !== null) bad(k, 'Given without protection_status.');

  const noticeType = oneOf('notice_type', NOTICE_TYPES, required('notice_type') || null);
  const interpolRef = required('interpol_ref');
  if (interpolRef && !INTERPOL_REF.test(interpolRef))
    bad('interpol_ref', `An INTERPOL reference looks like 2024/123456: ${shown(interpolRef)}.`);
  const issuingCountry = country('issuing_country', required('issuing_country') || null);
  const issuedOn = date('notice_issued_on');
  const expiresOn = date('notice_expires_on');
  const noticePurpose = oneOf('notice_purpose', NOTICE_PURPOSES, text('notice_purpose'));
  const noticeStatus = oneOf('notice_status', NOTICE_STATUSES, text('notice_status'));
  if (issuedOn && expiresOn && expiresOn < issuedOn)
    bad('notice_expires_on', 'The notice expires before it was issued.');

  const charge = text('charge');
  const warrantFields = [
    'warrant_kind',
    'charge_translation',
    'law_cited',
    'max_penalty_months',
    'sentence_months',
    'warrant_issued_on',
  ] as const;
  const warrantKind = oneOf('warrant_kind', ['arrest_warrant', 'judgment'] as const, text('warrant_kind'));
  const warrant = charge
    ? {
        kind: warrantKind ?? 'arrest_warrant',
        charge,
        chargeTranslation: text('charge_translation'),
        lawCited: text('law_cited'),
        maxPenaltyMonths: months('max_penalty_months'),
        sentenceMonths: months('sentence_months'),
        issuedOn: date('warrant_issued_on'),
      }
    : null;
  if (!charge) for (const k of warrantFields) if (text(k) !== null) bad(k, 'Given without a charge.');

  const purpose = oneOf('purpose', CASE_PURPOSES, required('purpose') || null);
  const custodyStatus = oneOf('custody_status', CUSTODY_STATUSES, text('custody_status')) ?? 'unknown';
  let inProceedings = false;
  const ip = raw.in_proceedings;
  if (typeof ip === 'boolean') inProceedings = ip;
  else {
    const t = text('in_proceedings')?.toLowerCase() ?? null;
    if (t === 'true' || t === 'yes' || t === '1') inProceedings = true;
    else if (t !== null && t !== 'false' && t !== 'no' && t !== '0')
      bad('in_proceedings', `Write true or false: ${shown(t)}.`);
  }
  let encounterAt = text('encounter_at');
  if (encounterAt !== null) {
    const iso = isIsoDate(encounterAt) ? `${encounterAt}T00:00:00Z` : encounterAt;
    const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(iso) ? new Date(iso) : null;
    if (!d || Number.isNaN(d.getTime()) || !isIsoDate(iso.slice(0, 10))) {
      bad('encounter_at', `Not a date (YYYY-MM-DD) or time (ISO 8601 with zone): ${shown(encounterAt)}.`);
      encounterAt = null;
    } else encounterAt = d.toISOString();
  }

  const actions: Array<{ on: string; action: string }> = [];
  const rawActions = raw.actions;
  const entries: unknown[] = Array.isArray(rawActions)
    ? rawActions
    : (text('actions')
        ?.split('|')
        .map((s) => s.trim())
        .filter(Boolean) ?? []);
  for (const e of entries) {
    let on: string | undefined;
    let action: string | undefined;
    if (typeof e === 'string') {
      const m = /^(\S+):\s*(.+)$/s.exec(e);
      on = m?.[1];
      action = m?.[2]?.trim();
    } else if (e && typeof e === 'object') {
      on = String((e as { on?: unknown }).on ?? '');
      action = String((e as { action?: unknown }).action ?? '').trim();
    }
    if (!on || !action || !isIsoDate(on)) {
      bad(
        'actions',
        `Each action is "YYYY-MM-DD: what was done": ${shown(String(typeof e === 'string' ? e : JSON.stringify(e)))}.`,
      );
      continue;
    }
    actions.push({ on, action });
  }

  let screeningFacts: CaseFacts | null = null;
  const rawFacts = raw.screening_facts;
  if (rawFacts !== undefined && rawFacts !== null && rawFacts !== '') {
    let value: unknown = rawFacts;
    if (typeof rawFacts === 'string') {
      try {
        value = JSON.parse(rawFacts);
      } catch {
        bad('screening_facts', 'Not valid JSON.');
        value = undefined;
      }
    }
    if (value !== undefined) {
      const parsed = caseFactsSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        bad(`screening_facts.${issue.path.join('.')}`.replace(/\.$/, ''), issue.message);
      } else screeningFacts = parsed.data;
    }
  }

  if (problems.length) return { record: null, problems };
  return {
    record: {
      externalId,
      source,
      person: {
        familyName,
        givenNames: text('given_names'),
        aliases: list('aliases'),
        datesOfBirth,
        sex: text('sex'),
        placeOfBirth: text('place_of_birth'),
        nationalities,
        aNumber,
        languages,
        protection,
      },
      notice: {
        type: noticeType!,
        interpolRef,
        issuingCountry: issuingCountry!,
        requestingAuthority: text('requesting_authority'),
        issuedOn,
        expiresOn,
        purpose: noticePurpose,
        status: noticeStatus,
        summaryOfFacts: text('summary_of_facts'),
      },
      warrant,
      purpose: purpose!,
      custodyStatus,
      inProceedings,
      encounterAt,
      encounterLocation: text('encounter_location'),
      narrative: text('narrative') ?? '',
      actions,
      screeningFacts,
    },
    problems: [],
  };
}

/** The digest of a record: an import leaves a case alone when its record's digest has not changed. */
export function legacyDigest(record: LegacyRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}
