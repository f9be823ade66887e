/**
 * Reading a legacy file row by row without holding it in memory. The framing (where a row ends) is done
 * here on bytes, so a row longer than the row limit is refused while it streams past — its bytes are never
 * kept — and every row keeps its line number; each row's bytes are then decoded as strict UTF-8 and, for
 * CSV, parsed by csv-parse (quotes, doubled quotes and line breaks inside quoted cells). A byte-order mark
 * at the start is accepted and dropped. A last row without its line break that does not parse is reported
 * as truncated.
 */
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import type { RowProblem } from '../../domain/legacy-record.ts';

export type LegacyFormat = 'csv' | 'jsonl';

export type ReadItem =
  | { kind: 'row'; line: number; values: Record<string, unknown>; endOffset: number }
  | { kind: 'rejected'; line: number; problems: RowProblem[]; endOffset: number }
  /** A row at or before the resume point: counted for progress, not decoded. */
  | { kind: 'skipped'; line: number; endOffset: number };

export class FileProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Rows longer than this are refused (1 MiB by default; `REDLINE_IMPORT_MAX_ROW_BYTES`). */
export const DEFAULT_MAX_ROW_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function formatOf(fileName: string, declared?: string): LegacyFormat {
  if (declared === 'csv' || declared === 'jsonl') return declared;
  return /\.(jsonl|ndjson|json)$/i.test(fileName) ? 'jsonl' : 'csv';
}

interface Frame {
  line: number;
  bytes: Buffer | null;
  /** Bytes of the row when it was refused for its size. */
  oversize: number;
  endOffset: number;
  /** The file ended before the row's line break. */
  unterminated: boolean;
  /** CSV: the file ended inside a quoted cell. */
  openQuote: boolean;
}

/** Splits the byte stream into rows (a line break outside CSV quotes ends a row). */
async function* frames(input: Readable, csv: boolean, maxRowBytes: number): AsyncGenerator<Frame> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversize = 0;
  let inQuote = false;
  let line = 1;
  let rowLine = 1;
  let offset = 0;
  let first = true;
  const take = (chunk: Buffer, from: number, to: number) => {
    if (oversize > 0 || size + (to - from) > maxRowBytes) {
      oversize = (oversize || size) + (to - from);
      parts = [];
      size = 0;
      return;
    }
    if (to > from) {
      parts.push(chunk.subarray(from, to));
      size += to - from;
    }
  };
  for await (const raw of input) {
    let chunk = raw as Buffer;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        offset += 3;
      }
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x22 && csv) inQuote = !inQuote;
      else if (b === 0x0a) {
        line++;
        if (inQuote) continue;
        take(chunk, start, i);
        const endOffset = offset + i + 1;
        start = i + 1;
        let bytes = oversize ? null : Buffer.concat(parts, size);
        if (bytes && bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
        if (oversize || (bytes && bytes.length > 0))
          yield { line: rowLine, bytes, oversize, endOffset, unterminated: false, openQuote: false };
        parts = [];
        size = 0;
        oversize = 0;
        rowLine = line;
      }
    }
    take(chunk, start, chunk.length);
    offset += chunk.length;
  }
  if (oversize || size > 0) {
    const bytes = oversize ? null : Buffer.concat(parts, size);
    yield { line: rowLine, bytes, oversize, endOffset: offset, unterminated: true, openQuote: inQuote };
  }
}

const CSV_ROW = { relax_column_count: true };
/**
 * A row without a line break (nearly all): the same parse with the record delimiter named, so csv-parse does
 * not try to discover it at every character (it never would find one: the text has no CR or LF).
 */
const CSV_ROW_NO_BREAK = { relax_column_count: true, record_delimiter: '\n' };
const CR_OR_LF = /[\r\n]/;

/** Decodes strict UTF-8; on a bad byte, returns the text with replacement characters and the problem. */
function decode(bytes: Buffer): { text: string; invalid: boolean } {
  try {
    return { text: utf8.decode(bytes), invalid: false };
  } catch {
    return { text: lenient.decode(bytes), invalid: true };
  }
}

const encodingReason =
  'Not valid UTF-8 (bytes of another encoding, such as Latin-1): save the file as UTF-8 and import it again.';
const truncatedReason = 'Truncated: the file ends in the middle of this row.';

/**
 * The rows of a legacy file. The first CSV row is the header (column names); a problem with the header
 * stops the import (a FileProblem), as every row would be read wrongly.
 */
export async function* readLegacyRows(
  input: Readable,
  format: LegacyFormat,
  opts: { maxRowBytes?: number; skipThroughLine?: number; knownColumns: readonly string[] },
): AsyncGenerator<ReadItem> {
  const csv = format === 'csv';
  const max = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  const skipThrough = opts.skipThroughLine ?? 0;
  let header: string[] | null = null;
  for await (const f of frames(input, csv, max)) {
    const { line, endOffset } = f;
    if (f.oversize) {
      if (!header && csv) throw new FileProblem('(header)', `The header row is longer than ${max} bytes.`);
      if (line <= skipThrough) yield { kind: 'skipped', line, endOffset };
      else
        yield {
          kind: 'rejected',
          line,
          endOffset,
          problems: [
            {
              field: '(row)',
              reason: `The row is ${f.oversize} bytes, over the limit of ${max} bytes per row; it was not read.`,
            },
          ],
        };
      continue;
    }
    const bytes = f.bytes!;
    if (csv && !header) {
      const { text, invalid } = decode(bytes);
      if (invalid) throw new FileProblem('(header)', encodingReason);
      const names = (parseCsv(text, { relax_quotes: false }) as string[][])[0] ?? [];
      header = names.map((n) => n.trim());
      const unknown = header.filter((n) => !opts.knownColumns.includes(n));
      if (unknown.length)
        throw new FileProblem(
          '(header)',
          `Unknown column(s): ${unknown.join(', ')}. See docs/legacy-import.md.`,
        );
      const dup = header.find((n, i) => header!.indexOf(n) !== i);
      if (dup) throw new FileProblem('(header)', `The column ${dup} appears twice.`);
      continue;
    }
    if (line <= skipThrough) {
      yield { kind: 'skipped', line, endOffset };
      continue;
    }
    const rejected = (field: string, reason: string): ReadItem => ({
      kind: 'rejected',
      line,
      endOffset,
      problems: [{ field, reason }],
    });
    if (f.openQuote) {
      yield rejected('(row)', truncatedReason);
      continue;
    }
    const { text, invalid } = decode(bytes);
    let values: Record<string, unknown>;
    if (csv) {
      let cells: string[];
      try {
        cells = (parseCsv(text, CR_OR_LF.test(text) ? CSV_ROW : CSV_ROW_NO_BREAK) as string[][])[0] ?? [];
      } catch (err) {
        yield rejected(
          '(row)',
          f.unterminated ? truncatedReason : `Not a CSV row: ${(err as Error).message}`,
        );
        continue;
      }
      if (cells.length !== header!.length) {
        yield rejected(
          '(row)',
          f.unterminated && cells.length < header!.length
            ? truncatedReason
            : `The row has ${cells.length} cells; the header has ${header!.length}.`,
        );
        continue;
      }
      values = Object.fromEntries(header!.map((h, i) => [h, cells[i]]));
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        yield rejected(
          '(row)',
          f.unterminated ? truncatedReason : `Not valid JSON: ${(err as Error).message}`,
        );
        continue;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        yield rejected('(row)', 'Each line is one JSON object.');
        continue;
      }
      values = parsed as Record<string, unknown>;
    }
    if (invalid) {
      const fields = Object.entries(values)
        .filter(([, v]) => JSON.stringify(v ?? '').includes('\uFFFD'))
        .map(([k]) => k);
      yield {
        kind: 'rejected',
        line,
        endOffset,
        problems: (fields.length ? fields : ['(row)']).map((field) => ({ field, reason: encodingReason })),
      };
      continue;
    }
    yield { kind: 'row', line, values, endOffset };
  }
  if (csv && !header)
    throw new FileProblem('(header)', 'The file is empty: a CSV file starts with its header row.');
}
