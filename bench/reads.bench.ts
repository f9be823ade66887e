/**
 * Reads at scale (docs/benchmarks.md, section "Reads"). On PostgreSQL with REDLINE_BENCH_CASES generated
 * cases (default 1,000,000; scripts/gen-cases-sql.ts, in a database named redline_reads_<size>):
 * - the dashboard, the work queues, the first page of the case list and the home page (its two queue
 *   calls), as the services run them: median latency, against `SELECT count(*) FROM cases` in the same run;
 * - the case page read and the gates read over HTTP under autocannon (50 connections, loopback), against
 *   a bare Fastify route doing one primary-key read on the same database, in the same run;
 * then the same HTTP comparison on PGlite (REDLINE_BENCH_PGLITE_CASES cases, default 20,000: the SQL
 * generator runs in the embedded database too), with the longest wait.
 * Every figure is also appended to bench/results.json as { name, value, unit, baseline, ratio }.
 *
 * For a quick loop: REDLINE_BENCH_READS_PARTS=http runs only the HTTP comparison (not the service
 * latencies), REDLINE_BENCH_PGLITE=0 leaves out the PGlite part, REDLINE_BENCH_POSTGRES=0 the
 * PostgreSQL part, REDLINE_BENCH_RECORD=0 leaves
 * bench/results.json as it is.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { fillCases, generateCases } from '../scripts/gen-cases-sql.ts';
import { syntheticApp } from '../scripts/synthetic-key.ts';
import { demoTotpCode } from '../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemo } from '../src/demo/seed.ts';
import { buildServer } from '../src/server/app.ts';
import { listCasesPage } from '../src/services/case/list.ts';
import { type AppContext, callAsUser, systemActor } from '../src/services/context.ts';
import { pageCache } from '../src/services/page-cache.ts';
import { peopleDirectory } from '../src/services/people-directory.ts';
import { dashboard, listQueues } from '../src/services/queries.ts';
import { readLogWriter } from '../src/services/read-log-writer.ts';
import { type Db, openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { fire, type Load, type LoadOptions } from './load-client.ts';
import type { BenchResult } from './run.ts';

const run = promisify(execFile);

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  ratio: number;
  target?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function latency(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn(); // warm: plans and caches as a server that has been running has them
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const appOf = syntheticApp;

async function serviceLatencies(app: AppContext, figures: Figure[], label: string): Promise<void> {
  const count = await latency(() => sql`select count(*) from cases`.execute(app.db));
  const supervisor = await callAsUser(app, 'supervisor');
  const auditor = await callAsUser(app, 'auditor');
  const officer = await callAsUser(app, 'officer');
  const add = (name: string, ms: number, target: string) =>
    figures.push({
      name: `${name} (${label})`,
      value: ms,
      unit: 'ms',
      baseline: 'SELECT count(*) FROM cases',
      baselineValue: count,
      ratio: ms / count,
      target,
    });
  add('dashboard, one office', await latency(() => dashboard(supervisor)), '< 300 ms');
  add('dashboard, every office', await latency(() => dashboard(auditor)), '< 300 ms');
  add('work queues, officer', await latency(() => listQueues(officer)), '< 100 ms');
  add('work queues, supervisor', await latency(() => listQueues(supervisor)), '< 100 ms');
  add(
    'case list first page, one office',
    await latency(() => listCasesPage(officer, { limit: 50 })),
    '< 100 ms',
  );
  add(
    'case list first page, every office',
    await latency(() => listCasesPage(auditor, { limit: 50 })),
    '< 100 ms',
  );
  add(
    'home page (two queue summaries)',
    await latency(async () => {
      await listQueues(officer, { limit: 1 });
      await listQueues(officer, { limit: 1, overdue: true });
    }),
    '< 500 ms',
  );
}

/**
 * autocannon at `url` over `paths` in turn, 50 connections. By default in a process of its own
 * (bench/load-client.ts), so that the client's work — reading and parsing answers of 1 KB for the bare
 * route and 7–10 KB for the gates and the page with its parts — does not run on the event loop of the
 * server it measures; `REDLINE_BENCH_LOAD=inprocess` runs it in this process, as before (docs/benchmarks.md).
 */
async function cannon(
  url: string,
  paths: string[],
  headers: Record<string, string>,
  seconds: number,
): Promise<Load> {
  const options: LoadOptions = { url, paths, headers, seconds, connections: 50 };
  if (process.env.REDLINE_BENCH_LOAD === 'inprocess') return fire(options);
  const dir = mkdtempSync(join(tmpdir(), 'redline-load-'));
  const file = join(dir, 'options.json');
  writeFileSync(file, JSON.stringify(options));
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./load-client.ts', import.meta.url)), file],
      { maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Up to 500 case ids of the NYC office, in case-number order, that the routes accept (RFC 9562 version and
 * variant, as z.uuid() checks): the generator's ids are hashes, and most are not; a request for one is
 * answered 422 without reading the case.
 */
export async function loadCaseIds(db: Db): Promise<string[]> {
  return (
    await db
      .selectFrom('cases')
      .select('id')
      .where('office_id', '=', 'NYC')
      .where(
        sql<boolean>`id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'`,
      )
      .orderBy('case_number')
      .limit(500)
      .execute()
  ).map((r) => r.id);
}

/** The baseline: a bare Fastify route doing one primary-key read on the same database, listening on `port`. */
export async function listenBare(db: Db, port: number) {
  const bare = Fastify();
  bare.get<{ Params: { id: string } }>('/bare/:id', async (req) =>
    db.selectFrom('cases').selectAll().where('id', '=', req.params.id).executeTakeFirst(),
  );
  await bare.listen({ port, host: '127.0.0.1' });
  return bare;
}

/** Signs the demo officer in on the API at `base` and answers the session's cookie header. */
export async function signInOfficer(base: string): Promise<string> {
  const signIn = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'officer',
      passphrase: DEMO_PASSPHRASE,
      code: demoTotpCode('officer', new Date()),
    }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
  return signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function httpLoad(
  app: AppContext,
  figures: Figure[],
  label: string,
  seconds: number,
): Promise<string[]> {
  const notes: string[] = [];
  const ids = await loadCaseIds(app.db);
  const bare = await listenBare(app.db, 0);
  const server = await buildServer({
    app,
    secureCookies: false,
    cookieSecret: 'b'.repeat(32),
    webRoot: false,
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const port = (s: typeof server | typeof bare) => (s.addresses()[0] as { port: number }).port;
  const kept = pageCache(app.db);
  const keptSize = kept.size;
  try {
    const cookie = await signInOfficer(`http://127.0.0.1:${port(server)}`);
    const base = await cannon(
      `http://127.0.0.1:${port(bare)}`,
      ids.map((id) => `/bare/${id}`),
      {},
      seconds,
    );
    for (const [name, suffix, keep] of [
      // every read in full: no page kept in this process (services/page-cache.ts)
      ['case page read GET /cases/:id, no page kept', '', false],
      // the same 500 cases read again and again, as an office works its cases: the first read of each
      // is in full, the others serve the page kept while its stamp stands
      ['case page read GET /cases/:id', '', true],
      ['gates read GET /cases/:id/gates', '/gates', true],
      [
        'case page with its parts GET /cases/:id?include=gates,history,facts',
        '?include=gates,history,facts',
        true,
      ],
    ] as const) {
      kept.clear();
      kept.size = keep ? keptSize : 0;
      const before = { ...kept.stats };
      const ours = await cannon(
        `http://127.0.0.1:${port(server)}`,
        ids.map((id) => `/api/v1/cases/${id}${suffix}`),
        { cookie },
        seconds,
      );
      figures.push({
        name: `${name} (${label}), 50 connections`,
        value: ours.rps,
        unit: 'req/s',
        baseline: 'bare Fastify route, one primary-key read',
        baselineValue: base.rps,
        ratio: ours.rps / base.rps,
        target: '>= 0.5x',
      });
      figures.push({
        name: `${name} (${label}) p99`,
        value: ours.p99,
        unit: 'ms',
        baseline: 'bare route p99',
        baselineValue: base.p99,
        ratio: ours.p99 / Math.max(base.p99, 1),
        target: '< 50 ms',
      });
      if (keep)
        notes.push(
          `${label} ${name}: pages served kept ${kept.stats.hits - before.hits}, read in full and kept ${kept.stats.stored - before.stored}, found out of date ${kept.stats.stale - before.stale}`,
        );
      const dir = peopleDirectory(app.db).stats;
      notes.push(
        `${label} ${name}: people directory so far: ${dir.lookups} look-ups, ${dir.misses} with people read, ${dir.stale} found out of date`,
      );
      const written = readLogWriter(app.db).stats;
      notes.push(
        `${label} ${name}: read-log entries ${written.entries} in ${written.batches} statements so far`,
      );
      notes.push(
        `${label} ${name}: ${ours.rps.toFixed(0)} req/s, p50 ${ours.p50} ms, p99 ${ours.p99} ms, max ${ours.max} ms, errors ${ours.errors}; bare route ${base.rps.toFixed(0)} req/s, p50 ${base.p50} ms, p99 ${base.p99} ms`,
      );
      if (label.startsWith('PGlite'))
        figures.push({
          name: `${name} (${label}) longest wait`,
          value: ours.max,
          unit: 'ms',
          baseline: 'bare route longest wait',
          baselineValue: base.max,
          ratio: ours.max / Math.max(base.max, 1),
          target: '< 1000 ms',
        });
    }
  } finally {
    kept.size = keptSize;
    await server.close();
    await bare.close();
    // The load generator drops its connections at the end with requests in flight; their handlers run on
    // (their answers go nowhere). Let them finish before the caller closes the database.
    await new Promise((r) => setTimeout(r, 2_000));
  }
  return notes;
}

function appendResults(figures: Figure[], meta: Record<string, unknown>): void {
  const file = new URL('./results.json', import.meta.url);
  const list: unknown[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown[]) : [];
  for (const f of figures)
    list.push({
      name: f.name,
      value: Math.round(f.value * 100) / 100,
      unit: f.unit,
      baseline: { name: f.baseline, value: Math.round(f.baselineValue * 100) / 100 },
      ratio: Math.round(f.ratio * 1000) / 1000,
      target: f.target ?? null,
      ...meta,
    });
  writeFileSync(file, `${JSON.stringify(list, null, 2)}\n`);
}

/**
 * The pool of the PostgreSQL part: REDLINE_BENCH_POOL connections, by default the server's own default
 * (REDLINE_DB_POOL_SIZE, 10), for both the routes measured and the bare route (they share it).
 */
export function benchPoolSize(): number {
  return Number(process.env.REDLINE_BENCH_POOL ?? 10);
}

export async function runReadsBench(): Promise<BenchResult> {
  const n = Number(process.env.REDLINE_BENCH_CASES ?? 1_000_000);
  const seconds = Number(process.env.REDLINE_BENCH_HTTP_SECONDS ?? 10);
  const pgliteCases = Number(process.env.REDLINE_BENCH_PGLITE_CASES ?? 20_000);
  const name = n === 1_000_000 ? '1m' : String(n);
  const url = process.env.REDLINE_BENCH_PG_URL ?? `postgres://postgres@127.0.0.1:5432/redline_reads_${name}`;
  const httpOnly = process.env.REDLINE_BENCH_READS_PARTS === 'http';
  const withPglite = process.env.REDLINE_BENCH_PGLITE !== '0';
  const figures: Figure[] = [];
  const notes: string[] = [];

  if (process.env.REDLINE_BENCH_POSTGRES !== '0') {
    console.log(`  generating up to ${n} cases in ${url.replace(/^.*\//, '')}…`);
    await generateCases(url, n, (l) => console.log(l));
    const pgDb = await openDatabase({ databaseUrl: url, poolSize: benchPoolSize() });
    try {
      const app = appOf(pgDb);
      if (!httpOnly) await serviceLatencies(app, figures, `PostgreSQL, ${n} cases`);
      notes.push(...(await httpLoad(app, figures, `PostgreSQL, ${n} cases`, seconds)));
    } finally {
      await pgDb.close();
    }
  }

  const lite = withPglite ? await openDatabase({ dataDir: 'memory://' }) : null;
  if (lite)
    try {
      await migrateToLatest(lite.db);
      const app = appOf(lite);
      await seedDemo({ app, actor: systemActor('bench'), meta: { requestId: null, sourceIp: null } });
      await fillCases(
        async (text) => Number((await sql.raw(text).execute(lite.db)).numAffectedRows ?? 0),
        pgliteCases,
        () => {},
        async (text) => String((await sql.raw<{ v: string }>(text).execute(lite.db)).rows[0]!.v),
      );
      if (!httpOnly) await serviceLatencies(app, figures, `PGlite, ${pgliteCases} cases`);
      notes.push(...(await httpLoad(app, figures, `PGlite, ${pgliteCases} cases`, seconds)));
    } finally {
      await lite.close();
    }

  if (process.env.REDLINE_BENCH_RECORD !== '0')
    appendResults(figures, { at: new Date().toISOString(), cases: n });
  for (const f of figures)
    notes.push(
      `${f.name}: ${f.value.toFixed(1)} ${f.unit} (baseline ${f.baseline}: ${f.baselineValue.toFixed(1)}; ratio ${f.ratio.toFixed(2)}; target ${f.target ?? '-'})`,
    );
  const head =
    figures.find((f) => f.name.startsWith('dashboard, every office')) ??
    figures.find((f) => f.unit === 'req/s')!;
  return {
    name: head.name,
    baseline: head.baseline,
    unit: head.unit,
    ours: head.value,
    theirs: head.baselineValue,
    ratio: head.ratio,
    notes,
  };
}
