/**
 * Re-screening all stored cases on PostgreSQL (bulk re-screening run: keyset reads, batched writes, one
 * audit entry per batch) against `screenCase` alone in memory on the same cases' inputs, in the same run.
 *
 * Needs a PostgreSQL server: `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/postgres). The
 * database `redline_rescreen_bench` (or the one REDLINE_BENCH_RESCREEN_DB names) is created again with REDLINE_BENCH_CASES cases by
 * scripts/gen-screening-cases.ts (no screening stored, as after a legacy import), or reused as it is
 * when REDLINE_BENCH_REUSE=1. Two figures: the first run (every case gets a new stored screening) and a
 * second run (nothing changed: every case read, its input digested and compared, nothing written).
 */
import { generateScreeningCases } from '../scripts/gen-screening-cases.ts';
import { screenCase } from '../src/domain/screening/index.ts';
import { type AppContext, systemActor } from '../src/services/context.ts';
import { loadCountryContext } from '../src/services/country-context/table.ts';
import { startRescreenRun } from '../src/services/screening/bulk.ts';
import { loadInputRowsBatch } from '../src/services/screening/bulk-batch.ts';
import { driveRun } from '../src/services/screening/bulk-worker.ts';
import { assembleScreeningInput } from '../src/services/screening/input.ts';
import { openDatabase } from '../src/store/db.ts';
import type { BenchResult } from './run.ts';
import { benchCases } from './screening.bench.ts';

const DB = process.env.REDLINE_BENCH_RESCREEN_DB ?? 'redline_rescreen_bench';

export async function runRescreenBench(): Promise<BenchResult[]> {
  const n = benchCases();
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let url: string;
  if (process.env.REDLINE_BENCH_REUSE === '1') {
    const u = new URL(server);
    u.pathname = `/${DB}`;
    url = u.toString();
  } else url = await generateScreeningCases(server, DB, n, (l) => console.log(l));
  const d = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    const app: AppContext = { db: d.db, dbKind: 'postgres', clock: () => new Date(), signer: null };
    const call = { app, actor: systemActor('bench'), meta: { requestId: null, sourceIp: null } };
    await d.db
      .updateTable('rescreen_runs')
      .set({ state: 'cancelled' })
      .where('state', 'in', ['running', 'paused'])
      .execute();
    const runOnce = async () => {
      const run = await startRescreenRun(call, { batchSize: 2000 });
      const t0 = performance.now();
      const done = await driveRun(app, run.id);
      const s = (performance.now() - t0) / 1000;
      return { rate: (done?.processed ?? 0) / s, processed: done?.processed ?? 0, stored: done?.stored ?? 0 };
    };
    const first = await runOnce();
    const second = await runOnce();

    // baseline: screenCase alone in memory, on the same cases' inputs (read before the clock starts)
    const countryContext = await loadCountryContext(d.db);
    const asOf = new Date().toISOString().slice(0, 10);
    let ms = 0;
    let count = 0;
    let cursor: string | null = null;
    for (;;) {
      let q = d.db.selectFrom('cases').select(['id', 'person_id']).orderBy('id').limit(10_000);
      if (cursor) q = q.where('id', '>', cursor);
      const page = await q.execute();
      if (page.length === 0) break;
      cursor = page[page.length - 1]!.id;
      const rows = await d.db.transaction().execute((trx) => loadInputRowsBatch(trx, page));
      const facts = page.map((c) => assembleScreeningInput(rows.get(c.id)!).facts);
      const t0 = performance.now();
      for (const f of facts) screenCase(f, { asOf, countryContext });
      ms += performance.now() - t0;
      count += facts.length;
    }
    const mem = count / (ms / 1000);
    return [
      {
        name: 'bulk re-screening on PostgreSQL, first run (a new screening stored per case)',
        baseline: 'screenCase alone in memory, same cases',
        unit: 'cases/s',
        ours: first.rate,
        theirs: mem,
        ratio: first.rate / mem,
        notes: [
          `${first.processed.toLocaleString('en-US')} stored cases; first run stored ${first.stored.toLocaleString('en-US')} screenings, second run ${second.stored.toLocaleString('en-US')}`,
        ],
      },
      {
        name: 'bulk re-screening on PostgreSQL, nothing changed (read, digest, compare)',
        baseline: 'screenCase alone in memory, same cases',
        unit: 'cases/s',
        ours: second.rate,
        theirs: mem,
        ratio: second.rate / mem,
      },
    ];
  } finally {
    await d.close();
  }
}
