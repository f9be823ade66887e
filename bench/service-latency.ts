/**
 * The dashboard and the work queues on an existing database (a generated one: scripts/gen-cases-sql.ts),
 * against `SELECT count(*) FROM cases` in the same run: the median of five calls each, through the services
 * (no HTTP). Migrates the database to the latest migration first.
 *
 *   REDLINE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/redline_reads_1m npx tsx bench/service-latency.ts
 */
import { sql } from 'kysely';
import { syntheticApp } from '../scripts/synthetic-key.ts';
import { callAsUser } from '../src/services/context.ts';
import { dashboard, listQueues } from '../src/services/queries.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const url = process.env.REDLINE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/redline_reads_1m';
const d = await openDatabase({ databaseUrl: url, poolSize: 2 });
const t0 = performance.now();
await migrateToLatest(d.db);
console.log(`migrated in ${Math.round(performance.now() - t0)} ms`);
const app = syntheticApp(d);
const median = async (f: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await f();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[2]! * 10) / 10;
};
const countStar = await median(() => sql`select count(*) from cases`.execute(d.db));
const supervisor = await callAsUser(app, 'supervisor');
const auditor = await callAsUser(app, 'auditor');
const officer = await callAsUser(app, 'officer');
const figures = {
  'SELECT count(*) FROM cases': countStar,
  'dashboard, one office (supervisor)': await median(() => dashboard(supervisor)),
  'dashboard, every office (auditor)': await median(() => dashboard(auditor)),
  'work queues, officer': await median(() => listQueues(officer)),
  'work queues, supervisor': await median(() => listQueues(supervisor)),
};
for (const [name, ms] of Object.entries(figures))
  console.log(`${name}: ${ms} ms (${(ms / countStar).toFixed(2)} × count(*))`);
await d.close();
