/** How a country-context row is shown, and the checks on one. */
import { isCountryCode } from '../case/fields.ts';
import type { FieldProblem } from '../errors.ts';

// ---------------------------------------------------------------------------
// Country context administration.
// ---------------------------------------------------------------------------

export interface CountryContextView {
  id: string;
  iso2: string;
  reportYear: number;
  report: string;
  statement: string;
  url: string;
  compiledFrom: string;
  verified: boolean;
  retiredAt: string | null;
  retiredReason: string | null;
  updatedBy: string;
  updatedAt: string;
}

export type CountryContextDbRow = {
  id: string;
  iso2: string;
  report_year: number;
  report: string;
  statement: string;
  url: string;
  compiled_from: string;
  verified: boolean;
  retired_at: Date | string | null;
  retired_reason: string | null;
  updated_by: string;
  updated_at: Date | string;
};

export const toCountryView = (r: CountryContextDbRow): CountryContextView => ({
  id: r.id,
  iso2: r.iso2,
  reportYear: r.report_year,
  report: r.report,
  statement: r.statement,
  url: r.url,
  compiledFrom: r.compiled_from,
  verified: r.verified,
  retiredAt: r.retired_at ? new Date(r.retired_at).toISOString() : null,
  retiredReason: r.retired_reason,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});
export interface CountryContextInput {
  iso2: string;
  reportYear: number;
  report: string;
  statement: string;
  url: string;
  compiledFrom?: string;
  verified?: boolean;
  note?: string | null;
}

export function checkCountryRow(input: Partial<CountryContextInput>, fields: FieldProblem[]) {
  if (input.iso2 !== undefined && !isCountryCode(input.iso2))
    fields.push({ field: 'iso2', message: 'Use an ISO 3166 alpha-2 country code, e.g. TR.' });
  if (input.reportYear !== undefined && !(Number.isInteger(input.reportYear) && input.reportYear >= 1990))
    fields.push({ field: 'reportYear', message: 'Enter the year the report covers, e.g. 2023.' });
  for (const k of ['report', 'statement', 'url'] as const)
    if (input[k] !== undefined && !input[k]?.trim()) fields.push({ field: k, message: `Enter the ${k}.` });
  if (input.url?.trim() && !isWebAddress(input.url.trim()))
    fields.push({ field: 'url', message: 'Enter a web address starting with https:// or http://.' });
}

/** True for an absolute http or https address (a link shown to reviewers is never javascript:, data: or file:). */
export function isWebAddress(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
}
