/** The kinds of document, and what a document is attached to. Shared by the services, routes and web. */
export const DOCUMENT_KINDS = [
  'warrant',
  'judgment',
  'charging_document',
  'translation',
  'iw_correspondence',
  'contest_submission',
  'interpol_decision',
  'court_decision',
  'protection_decision',
  'ccf_letter',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  warrant: 'Warrant',
  judgment: 'Judgment',
  charging_document: 'Charging document',
  translation: 'Translation',
  iw_correspondence: 'INTERPOL Washington correspondence',
  contest_submission: 'Contest submission',
  interpol_decision: 'Decision of the CCF or of INTERPOL',
  court_decision: 'Court or government decision (extradition, political finding)',
  protection_decision: 'Asylum, refugee or other protection decision',
  ccf_letter: 'CCF letter',
  other: 'Other',
};
