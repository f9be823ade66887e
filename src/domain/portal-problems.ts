/**
 * The stable codes of every refusal the counsel portal's routes give, for the portal to show each one in
 * the person's language. A problem carries `code` (what went wrong) and, per field, `errors[].code` (what
 * is wrong with that field; for an upload, the reason the file was refused). The English `detail` and
 * `message` stay for programs and staff; the portal translates the code and never shows the English text
 * in another language. Each code here has a text in every file of src/web/portal/locales (a test checks).
 */

/** The problem's own code (`code` of the application/problem+json body). */
export const PORTAL_PROBLEM_CODES = [
  'invalid_input',
  'file_refused',
  'file_too_large',
  'malformed_multipart',
  'payload_too_large',
  'portal_access_refused',
  'portal_locked',
  'rate_limited',
  'portal_not_signed_in',
  'csrf_failed',
  'not_found',
  'ccf_report_reviewed',
  'documents_unavailable',
  'document_store_unavailable',
  'database_unavailable',
  'internal_error',
  'network_error',
] as const;
export type PortalProblemCode = (typeof PORTAL_PROBLEM_CODES)[number];

/** Why an upload was refused (the `reason` of file_refused / file_too_large, and the field code of `file`). */
export const FILE_REFUSAL_REASONS = [
  'too_large',
  'empty',
  'type_not_allowed',
  'type_unknown',
  'name_mismatch',
  'text_markup',
  'text_script',
  'polyglot',
  'docx_macros',
  'docx_activex',
  'docx_embedded',
  'pdf_javascript',
  'pdf_embedded_file',
  'pdf_xfa',
  'pdf_rich_media',
  'pdf_launch',
  'pdf_uri',
  'pdf_submit',
  'pdf_import',
  'pdf_remote',
  'pdf_unreadable',
  'pdf_encrypted',
  'doc_name',
  'doc_name_control',
  'doc_name_bidi',
  'doc_name_path',
] as const;
export type FileRefusalReason = (typeof FILE_REFUSAL_REASONS)[number];

/** What is wrong with one field (`errors[].code`). */
export const PORTAL_FIELD_CODES = [
  // An upload whose multipart body does not parse (cut short, no boundary).
  'malformed_multipart',
  // Request validation (the schema's check that failed; Zod's issue codes).
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_value',
  'invalid_format',
  'invalid_union',
  'unrecognized_keys',
  'custom',
  // Text every route refuses (domain/text-rules.ts).
  'text_well_formed',
  'text_control',
  'text_one_line',
  'text_bidi',
  'text_nesting',
  // The contest form.
  'grounds_required',
  'statement_required',
  'name_required',
  'role_required',
  'contact_required',
  'email_invalid',
  // The CCF report.
  'applied_on_invalid',
  'outcome_invalid',
  'outcome_on_invalid',
  'outcome_before_applied',
  // Uploads.
  'file_missing',
  ...FILE_REFUSAL_REASONS,
] as const;
export type PortalFieldCode = (typeof PORTAL_FIELD_CODES)[number];

/** The field code of a text-rule refusal (TEXT-CONTROL → text_control). */
export const textRuleCode = (rule: string) => rule.toLowerCase().replaceAll('-', '_');
