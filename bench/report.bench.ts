/**
 * The oversight report at scale (docs/benchmarks.md, section "Report"). On PostgreSQL with
 * REDLINE_BENCH_CASES generated cases (default 1,000,000; scripts/gen-cases-sql.ts, in a database named
 * redline_report_<size>, generated when missing; or the database REDLINE_BENCH_REPORT_DB names):
 * - the report as the service runs it (`oversightReport`, audited, all offices), for the whole period the
 *   cases span and for one year, median latency of 7 runs after one warm-up;
 * - the same report with the counts of the cases opened in the period read by a scan of the per-case
 *   facts (migration 0028; before the counts per day of migration 0034), median of 3 runs;
 * - the same figures computed from the stored records (each case's latest screening JSON unpacked: how the
 *   report was produced before migration 0028), fewer runs since it is slow; REDLINE_BENCH_REPORT_REFERENCE=0
 *   skips it;
 * - baseline: `SELECT count(*) FROM cases` in the same run.
 * Both sides produce the same report (checked here): the facts are the same numbers, only read faster.
 *
 *   npx tsx bench/report.bench.ts            # or: npm run bench -- report
 */
import { sql } from 'kysely';
import { generateCases } from '../scripts/gen-cases-sql.ts';
import { type AppContext, callAsUser } from '../src/services/context.ts';
import { oversightReport, reportFigures } from '../src/services/report/oversight.ts';
import { reportFiguresFromRecords } from '../src/services/report/oversight-reference.ts';
import { openDatabase } from '../src/store/db.ts';
import type { BenchResult } from './run.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function latency(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function runReportBench(): Promise<BenchResult[]> {
  const n = Number(process.env.REDLINE_BENCH_CASES ?? 1_000_000);
  const base = process.env.REDLINE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const url =
    process.env.REDLINE_BENCH_REPORT_DB ??
    `${base}/redline_report_${n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`}`;
  await generateCases(url, n);
  const d = await openDatabase({ databaseUrl: url, poolSize: 2 });
  const app: AppContext = { db: d.db, dbKind: d.kind, clock: () => new Date(), signer: null };
  const withReference = process.env.REDLINE_BENCH_REPORT_REFERENCE !== '0';
  try {
    const span = (
      await sql<{ lo: string; hi: string }>`select min(created_at)::date::text as lo, now()::date::text as hi
        from cases`.execute(d.db)
    ).rows[0]!;
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const periods = [
      { label: 'whole period', from: span.lo, to: span.hi },
      { label: 'one year', from: yearAgo, to: span.hi },
    ];
    const oversight = await callAsUser(app, 'auditor');
    const cases = Number(
      (await sql<{ n: string }>`select count(*)::text as n from cases`.execute(d.db)).rows[0]!.n,
    );
    const results: BenchResult[] = [];
    for (const p of periods) {
      const count = await latency(() => sql`select count(*) from cases`.execute(d.db), 7);
      const ours = await latency(() => oversightReport(oversight, { from: p.from, to: p.to }), 7);
      // The same report with the counts of the cases opened in the period read by a scan of the per-case
      // facts (before migration 0034's counts per day), in the same run.
      const scan = await latency(
        () => reportFigures(d.db, { from: p.from, to: p.to }, new Date(), { countsFrom: 'facts' }),
        3,
      );
      const notes = [
        `${cases.toLocaleString('en-US')} cases, ${p.from}..${p.to}`,
        `counts from a scan of the per-case facts (before migration 0034): ${Math.round(scan)} ms`,
      ];
      if (withReference) {
        const now = new Date();
        const a = await reportFigures(d.db, { from: p.from, to: p.to }, now);
        const b = await reportFiguresFromRecords(d.db, { from: p.from, to: p.to }, now);
        const same = JSON.stringify(a) === JSON.stringify(b);
        const old = await latency(
          () => reportFiguresFromRecords(d.db, { from: p.from, to: p.to }, new Date()),
          1,
        );
        notes.push(
          `from the stored records (before migration 0028): ${Math.round(old)} ms; same figures: ${same ? 'yes' : 'NO'}`,
        );
      }
      results.push({
        name: `oversight report, ${p.label} (PostgreSQL, ${cases.toLocaleString('en-US')} cases)`,
        baseline: 'SELECT count(*) FROM cases',
        unit: 'ms',
        ours,
        theirs: count,
        ratio: ours / count,
        notes,
      });
    }
    return results;
  } finally {
    await d.close();
  }
}

const isMain = process.argv[1]?.endsWith('report.bench.ts');
if (isMain) {
  runReportBench()
    .then((rs) => {
      for (const r of rs)
        console.log(
          `${r.name}: ${r.ours.toFixed(1)} ms; ${r.baseline}: ${r.theirs.toFixed(1)} ms; ratio ${r.ratio.toFixed(2)}\n  ${(r.notes ?? []).join('\n  ')}`,
        );
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
