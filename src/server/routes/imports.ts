/**
 * Legacy import from the web application (administrators): upload a file (multipart), the import runs in
 * the background in this process (batches yield, so the server keeps serving), the page polls the run
 * for progress and downloads the rejected rows as CSV.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvLine } from '../../domain/csv-cell.ts';
import { type AppContext, authorize, type Call } from '../../services/context.ts';
import { invalid, ServiceError } from '../../services/errors.ts';
import {
  executeImport,
  type ImportRunRow,
  importErrors,
  readImportRun,
  startImport,
} from '../../services/import/run.ts';
import { cleanInput } from '../../services/inputs.ts';
import { listOffices } from '../../services/queries.ts';
import { userCall } from '../auth.ts';

const runView = z.object({
  id: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  source: z.string(),
  officeId: z.string(),
  status: z.enum(['running', 'completed', 'rejected', 'failed']),
  phase: z.enum(['check', 'import']),
  allOrNothing: z.boolean(),
  bytesTotal: z.number(),
  bytesRead: z.number(),
  rowsSeen: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Rows per second since the run started (or resumed), and seconds left at that rate. */
  rowsPerSecond: z.number().nullable(),
  secondsLeft: z.number().nullable(),
  failure: z.string().nullable(),
});

function view(r: ImportRunRow, now: Date): z.infer<typeof runView> {
  const started = new Date(r.started_at).getTime();
  const until = r.finished_at ? new Date(r.finished_at).getTime() : now.getTime();
  const seconds = Math.max(0.001, (until - started) / 1000);
  const rate = r.rows_seen > 0 ? r.rows_seen / seconds : null;
  const bytesRate = Number(r.bytes_read) / seconds;
  const left =
    r.status === 'running' && bytesRate > 0
      ? (Number(r.bytes_total) - Number(r.bytes_read)) / bytesRate
      : null;
  return {
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    source: r.source,
    officeId: r.office_id,
    status: r.status as 'running',
    phase: r.phase as 'import',
    allOrNothing: r.all_or_nothing,
    bytesTotal: Number(r.bytes_total),
    bytesRead: Number(r.bytes_read),
    rowsSeen: r.rows_seen,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    startedAt: new Date(r.started_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    rowsPerSecond: rate === null ? null : Math.round(rate),
    secondsLeft: left === null ? null : Math.round(left),
    failure: r.failure,
  };
}

const SPEC = { action: 'legacy.import', permission: 'legacy.import', entityType: 'import_run' } as const;

export const importRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; uploadDir?: string }> = async (
  server,
  { ctx, uploadDir },
) => {
  const dir = uploadDir ?? process.env.REDLINE_IMPORT_DIR ?? join(tmpdir(), 'redline-imports');
  const maxBytes = Number(process.env.REDLINE_IMPORT_MAX_UPLOAD_BYTES) || 4 * 1024 ** 3;
  await server.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10 } });
  /** Runs executing in this process (a run is never executed twice at once). */
  const active = new Set<string>();

  server.post(
    '/imports',
    {
      schema: {
        tags: ['import'],
        summary:
          'Upload a legacy file (multipart: file, source, officeId, allOrNothing) and start importing it in the background (administrators)',
        consumes: ['multipart/form-data'],
        response: { 202: z.object({ id: z.string(), resumed: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const call = userCall(req, ctx);
      await authorize(call, SPEC);
      if (!req.isMultipart())
        throw invalid('Send the file as multipart/form-data.', [
          { field: 'file', message: 'Choose a file.' },
        ]);
      await mkdir(dir, { recursive: true });
      const fields: Record<string, string> = {};
      let path: string | null = null;
      let fileName = '';
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          fileName = part.filename || 'upload.csv';
          path = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.upload`);
          await pipeline(part.file, createWriteStream(path));
          if (part.file.truncated) {
            await rm(path, { force: true });
            throw invalid('The file is too large.', [
              { field: 'file', message: `The largest file accepted is ${maxBytes} bytes.` },
            ]);
          }
        } else fields[part.fieldname] = String(part.value ?? '');
      }
      const input = cleanInput(fields);
      if (!path)
        throw invalid('The import could not start.', [
          { field: 'file', message: 'Choose a file to import.' },
        ]);
      let started: Awaited<ReturnType<typeof startImport>>;
      try {
        started = await startImport(call, {
          path,
          fileName: cleanInput({ file: fileName }).file,
          source: input.source ?? '',
          officeId: input.officeId ?? '',
          officer: input.officer || undefined,
          allOrNothing: input.allOrNothing === 'true' || input.allOrNothing === 'on',
        });
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }
      const { run, resumed } = started;
      if (active.has(run.id)) {
        await rm(path, { force: true });
        throw new ServiceError(
          409,
          'import_running',
          'This file is already being imported; follow its progress.',
          {
            existing: { kind: 'import_run', id: run.id },
          },
        );
      }
      active.add(run.id);
      runInBackground(call, run.id, path, () => active.delete(run.id));
      return reply.status(202).send({ id: run.id, resumed });
    },
  );

  function runInBackground(call: Call, runId: string, path: string, done: () => void) {
    executeImport(call, runId, path)
      .then(() => rm(path, { force: true }))
      .catch((err) => server.log.error({ err, runId }, 'legacy import failed'))
      .finally(done);
  }

  server.get(
    '/imports/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'An import run: its progress, counts and status (administrators)',
        params: z.object({ id: z.uuid() }),
        response: { 200: runView },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      await authorize(call, SPEC);
      return view(await readImportRun(call, req.params.id), ctx.clock());
    },
  );

  server.get(
    '/imports',
    {
      schema: {
        tags: ['import'],
        summary: 'The latest import runs, and the offices an import can target (administrators)',
        response: {
          200: z.object({
            items: z.array(runView),
            offices: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      await authorize(call, SPEC);
      const rows = await ctx.db
        .selectFrom('import_runs')
        .selectAll()
        .orderBy('started_at', 'desc')
        .limit(20)
        .execute();
      const now = ctx.clock();
      const offices = await listOffices(ctx);
      return { items: rows.map((r) => view(r, now)), offices };
    },
  );

  server.get(
    '/imports/:id/errors.csv',
    {
      schema: {
        tags: ['import'],
        summary:
          'The rejected rows of an import as CSV: line, field, reason (cells escaped against formulas)',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req, reply) => {
      const call = userCall(req, ctx);
      await authorize(call, SPEC);
      const run = await readImportRun(call, req.params.id);
      async function* body() {
        yield csvLine(['line', 'field', 'reason']);
        let after = { line: 0, field: '' };
        for (;;) {
          const page = await importErrors(ctx.db, run.id, after, 5000);
          yield page.map((r) => csvLine([r.line, r.field, r.reason])).join('');
          if (page.length < 5000) return;
          const last = page[page.length - 1]!;
          after = { line: last.line, field: last.field };
        }
      }
      const { Readable } = await import('node:stream');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${run.id}-errors.csv"`)
        .send(Readable.from(body()));
    },
  );
};
