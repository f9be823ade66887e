/** `redline import FILE`: a legacy file into cases, with a progress bar and an error file. */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { csvLine } from '../domain/csv-cell.ts';
import type { AppContext, Call } from '../services/context.ts';
import type { LegacyFormat } from '../services/import/reader.ts';
import { executeImport, type ImportRunRow, importErrors, startImport } from '../services/import/run.ts';

export interface ImportCommandOptions {
  source: string;
  office: string;
  officer?: string;
  allOrNothing?: boolean;
  errors?: string;
  batchSize?: string;
  format?: LegacyFormat;
  progress?: boolean;
}

/** Writes the run's rejected rows as CSV (line, field, reason), cells escaped by domain/csv-cell.ts. */
export async function writeErrorReport(app: AppContext, runId: string, path: string): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(csvLine(['line', 'field', 'reason']));
  for await (const row of errorRows(app, runId)) {
    await write(csvLine([row.line, row.field, row.reason]));
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/** Every rejected row of a run, read in keyset pages (line, field). */
export async function* errorRows(app: AppContext, runId: string) {
  let after = { line: 0, field: '' };
  for (;;) {
    const page = await importErrors(app.db, runId, after, 5000);
    for (const r of page) yield r;
    if (page.length < 5000) return;
    const last = page[page.length - 1]!;
    after = { line: last.line, field: last.field };
  }
}

export async function runImportCommand(
  call: Call,
  file: string,
  o: ImportCommandOptions,
): Promise<ImportRunRow> {
  const { run, resumed } = await startImport(call, {
    path: file,
    source: o.source,
    officeId: o.office,
    officer: o.officer,
    allOrNothing: o.allOrNothing,
    format: o.format,
  });
  if (resumed)
    console.log(`Resuming the unfinished import of this file after line ${run.last_committed_line}.`);
  const bar =
    o.progress === false
      ? null
      : new cliProgress.SingleBar(
          {
            format:
              '{phase} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {created} new, {updated} updated, {rejected} rejected | ETA {eta_formatted}',
            hideCursor: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
  const started = Date.now();
  const startRows = run.rows_seen;
  bar?.start(Number(run.bytes_total) || 1, Number(run.bytes_read), {
    phase: run.phase === 'check' ? 'Checking' : 'Importing',
    rows: run.rows_seen,
    rate: 0,
    created: run.created,
    updated: run.updated,
    rejected: run.rejected,
  });
  let done: ImportRunRow;
  try {
    done = await executeImport(call, run.id, file, {
      batchSize: o.batchSize ? Number(o.batchSize) : undefined,
      onProgress: (p) => {
        const seconds = (Date.now() - started) / 1000;
        bar?.update(p.bytesRead, {
          phase: p.phase === 'check' ? 'Checking' : 'Importing',
          rows: p.rowsSeen,
          rate: seconds > 0 ? Math.round((p.rowsSeen - (p.phase === 'check' ? 0 : startRows)) / seconds) : 0,
          created: p.created,
          updated: p.updated,
          rejected: p.rejected,
        });
      },
    });
  } finally {
    bar?.stop();
  }
  const errorsPath = o.errors ?? `${file}.errors.csv`;
  const rejected = done.rejected > 0 ? await writeErrorReport(call.app, done.id, errorsPath) : 0;
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${done.status === 'completed' ? 'Imported' : 'Nothing imported (all or nothing)'}: ${done.rows_seen} rows read; ${done.created} cases created, ${done.updated} updated, ${done.unchanged} unchanged, ${done.rejected} rows rejected; ${seconds.toFixed(1)} s. Run ${done.id}, file SHA-256 ${done.sha256}.`,
  );
  if (rejected) console.log(`Rejected rows (line, field, reason): ${errorsPath}`);
  return done;
}

export function registerImportCommand(
  program: Command,
  withCall: (fn: (call: Call) => Promise<void>) => Promise<void>,
): void {
  program
    .command('import')
    .description('Import a legacy file of case records (CSV or JSON lines; docs/legacy-import.md)')
    .argument('<file>', 'the CSV or JSON-lines file')
    .requiredOption(
      '--source <name>',
      'the source system the records come from (with the external id, their key)',
    )
    .requiredOption('--office <id>', 'the office the cases belong to')
    .option(
      '--officer <username>',
      "the officer the cases are assigned to (default: the office's first supervisor)",
    )
    .option('--all-or-nothing', 'import nothing if any row is rejected')
    .option('--errors <file>', 'where to write the rejected rows (default: FILE.errors.csv)')
    .option('--batch-size <n>', 'rows per transaction (default 1000)')
    .option('--format <format>', 'csv or jsonl (default: from the file name)')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, o: ImportCommandOptions) =>
      withCall(async (call) => {
        const done = await runImportCommand(call, file, o);
        if (done.status !== 'completed') process.exitCode = 3;
      }),
    );
}
