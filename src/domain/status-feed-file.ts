/**
 * Reading a notice-status feed file (docs/notifications.md): CSV with a header row, a JSON array, or JSON
 * lines, decided by the name and then the content. One reader for the `redline notices import-status`
 * command and for the liaison's feed page in the browser, so both send the API the same updates with the
 * same line numbers. The CSV parser is passed in (csv-parse's Node or browser build).
 */

export interface FeedLine {
  /** Line of the file (1-based; CSV: the line of the record), or position in the API array (1-based). */
  line: number;
  value: unknown;
}

/** The file as a whole cannot be read (a JSON array that does not parse, or JSON that is not an array). */
export class FeedFileError extends Error {}

/** csv-parse's `parse` (sync), with the options used here. */
export type CsvParse = (
  text: string,
  options: {
    columns: true;
    skip_empty_lines: true;
    trim: true;
    info: true;
    relax_column_count: true;
  },
) => unknown;

/**
 * The file's updates with their line numbers. A JSON line that does not parse becomes
 * `{ __unreadable: reason }`, which the import reports as that line's problem.
 */
export function parseFeedText(name: string, content: string, parseCsv: CsvParse): FeedLine[] {
  const text = content.replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (name.toLowerCase().endsWith('.csv') || (!trimmed.startsWith('{') && !trimmed.startsWith('['))) {
    const records = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
    return records.map(({ record, info }) => ({
      line: info.lines,
      value: Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')),
    }));
  }
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(text);
    } catch (err) {
      throw new FeedFileError(`The file is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(arr)) throw new FeedFileError('The file must hold a JSON array or JSON lines.');
    return arr.map((value, i) => ({ line: i + 1, value }));
  }
  const out: FeedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      out.push({ line: i + 1, value: { __unreadable: (err as Error).message } });
    }
  });
  return out;
}
