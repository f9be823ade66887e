// Every refusal the portal shows, in the portal's language: the server's stable codes (the problem's `code`
// and each field's `code`, src/domain/portal-problems.ts) mapped to a text in the translation files. The
// server's English `detail` and `message` are never shown here, whatever the language.
import type { TFunction } from 'i18next';
import {
  PORTAL_FIELD_CODES,
  PORTAL_PROBLEM_CODES,
  type PortalFieldCode,
  type PortalProblemCode,
} from '../../domain/portal-problems.ts';
import { ApiError } from '../api/client.ts';

/** The translation key of each problem code. */
export const PROBLEM_KEYS: Record<PortalProblemCode, string> = {
  invalid_input: 'error.fields',
  file_refused: 'problems.fileRefused',
  file_too_large: 'problems.file.tooLarge',
  malformed_multipart: 'problems.fileRefused',
  payload_too_large: 'problems.payloadTooLarge',
  portal_access_refused: 'signin.refused',
  portal_locked: 'signin.locked',
  rate_limited: 'signin.rate',
  portal_not_signed_in: 'problems.notSignedIn',
  csrf_failed: 'problems.csrf',
  not_found: 'problems.notFound',
  ccf_report_reviewed: 'problems.reviewed',
  documents_unavailable: 'problems.unavailable',
  document_store_unavailable: 'problems.unavailable',
  database_unavailable: 'problems.unavailable',
  internal_error: 'error.generic',
  network_error: 'problems.network',
};

const FILE_TYPE = 'problems.file.type';
const PDF_ACTIVE = 'problems.file.pdfActive';
const DOCX_ACTIVE = 'problems.file.docxActive';
const PDF_UNREADABLE = 'problems.file.pdfUnreadable';
const NAME = 'problems.file.name';
const INVALID = 'problems.field.invalid';
const TEXT = 'problems.field.text';

/** The translation key of each field code. */
export const FIELD_KEYS: Record<PortalFieldCode, string> = {
  malformed_multipart: 'problems.fileRefused',
  invalid_type: INVALID,
  too_big: 'problems.field.tooLong',
  too_small: 'problems.field.missing',
  invalid_value: INVALID,
  invalid_format: INVALID,
  invalid_union: INVALID,
  unrecognized_keys: INVALID,
  custom: INVALID,
  text_well_formed: TEXT,
  text_control: TEXT,
  text_one_line: TEXT,
  text_bidi: TEXT,
  text_nesting: TEXT,
  grounds_required: 'problems.field.grounds',
  statement_required: 'problems.field.statement',
  name_required: 'problems.field.name',
  role_required: 'problems.field.role',
  contact_required: 'problems.field.contact',
  email_invalid: 'problems.field.email',
  applied_on_invalid: 'problems.field.appliedOn',
  outcome_invalid: 'problems.field.outcome',
  outcome_on_invalid: 'problems.field.outcomeOn',
  outcome_before_applied: 'problems.field.outcomeBeforeApplied',
  file_missing: 'problems.file.missing',
  too_large: 'problems.file.tooLarge',
  empty: 'problems.file.empty',
  type_not_allowed: FILE_TYPE,
  type_unknown: FILE_TYPE,
  name_mismatch: FILE_TYPE,
  text_markup: FILE_TYPE,
  text_script: FILE_TYPE,
  polyglot: 'problems.file.polyglot',
  docx_macros: DOCX_ACTIVE,
  docx_activex: DOCX_ACTIVE,
  docx_embedded: DOCX_ACTIVE,
  pdf_javascript: PDF_ACTIVE,
  pdf_embedded_file: PDF_ACTIVE,
  pdf_xfa: PDF_ACTIVE,
  pdf_rich_media: PDF_ACTIVE,
  pdf_launch: PDF_ACTIVE,
  pdf_uri: PDF_ACTIVE,
  pdf_submit: PDF_ACTIVE,
  pdf_import: PDF_ACTIVE,
  pdf_remote: PDF_ACTIVE,
  pdf_unreadable: PDF_UNREADABLE,
  pdf_encrypted: PDF_UNREADABLE,
  doc_name: NAME,
  doc_name_control: NAME,
  doc_name_bidi: NAME,
  doc_name_path: NAME,
};

const isProblemCode = (c: string): c is PortalProblemCode =>
  (PORTAL_PROBLEM_CODES as readonly string[]).includes(c);
const isFieldCode = (c: string): c is PortalFieldCode =>
  (PORTAL_FIELD_CODES as readonly string[]).includes(c);

/** The text for a refusal as a whole (the message above a form, or beside a one-field form). */
export function problemText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    // A file refused: say why, not only that it was.
    if (err.code === 'file_refused' || err.code === 'file_too_large') {
      const f = err.fields.find((x) => x.field === 'file');
      if (f) return fieldText(f.code, t);
    }
    if (isProblemCode(err.code)) return t(PROBLEM_KEYS[err.code]);
    if (err.status === 429) return t('signin.rate');
  }
  return t('error.generic');
}

/** The text for one field's problem; a code the portal does not know gets the general one. */
export function fieldText(code: string | undefined, t: TFunction): string {
  return t(code && isFieldCode(code) ? FIELD_KEYS[code] : INVALID);
}

/** The field problems of a refusal, translated, by field (without the `body.` prefix). */
export function fieldTexts(err: unknown, t: TFunction): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fields)
    out[f.field.replace(/^(body|querystring|params)\./, '')] ??= fieldText(f.code, t);
  return out;
}
