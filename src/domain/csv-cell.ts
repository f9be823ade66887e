/**
 * One way to write a CSV cell for every CSV the system exports (RFC 4180 quoting plus spreadsheet
 * formula neutralisation). A cell that a spreadsheet would read as a formula — it starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return, also after leading spaces — gets a leading apostrophe, so
 * `=cmd|' /C calc'!A0` is shown as text and never run. The stored value is never changed; only the export.
 * Pure.
 */

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

/** The text of one cell, neutralised and quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  // Numbers are written as numbers (a negative number is not a formula).
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 writes it). */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
