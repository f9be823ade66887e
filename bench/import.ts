/**
 * Import benchmark (docs/benchmarks-import.md): a generated legacy file imported through `redline import`'s
 * service on PostgreSQL and on PGlite (cases per second, peak memory of this process), against PostgreSQL
 * `COPY` of the very rows the import wrote into the same tables (same indexes and constraints, a twin
 * database made from the same template) in the same run.
 *
 *   npx tsx bench/import.ts --count 100000 [--file /tmp/legacy-100k.csv] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--no-pglite] [--tag NAME] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createUser } from '../src/services/accounts.ts';
import { type Call, systemActor } from '../src/services/context.ts';
import { executeImport, startImport } from '../src/services/import/run.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { generateLegacyFile } from './legacy-gen.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    file: { type: 'string' },
    pg: {
      type: 'string',
      default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'no-pglite': { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
    batch: { type: 'string', default: '1000' },
    /** Added to the names of the bench's databases (several runs on one server). */
    tag: { type: 'string', default: '' },
    // keep the database the import wrote (its name is printed), to measure reads on it afterwards
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const file = values.file ?? join(tmpdir(), `legacy-${count}.csv`);
const batchSize = Number(values.batch);
/** The tables an import writes, in foreign-key order. */
const TABLES = [
  'import_runs',
  'persons',
  'notices',
  'notice_warrants',
  'cases',
  'case_gate_status',
  'case_notices',
  'case_facts',
  'screenings',
  'case_search_terms',
];

function peakSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function seed(db: Awaited<ReturnType<typeof openDatabase>>) {
  await migrateToLatest(db.db);
  await db.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
  const app = { db: db.db, dbKind: db.kind, clock: () => new Date(), signer: null };
  await createUser(
    { app, actor: systemActor('bench'), meta: { requestId: null, sourceIp: null } },
    {
      username: 'sup.bench',
      displayName: 'Supervisor Bench',
      role: 'supervisor',
      officeId: 'NYC',
      passphrase: 'plum kettle orbit lantern',
    },
  );
}

async function importInto(db: Awaited<ReturnType<typeof openDatabase>>) {
  const app = { db: db.db, dbKind: db.kind, clock: () => new Date(), signer: null };
  const call: Call = { app, actor: systemActor('bench'), meta: { requestId: null, sourceIp: null } };
  global.gc?.();
  const base = process.memoryUsage().rss;
  const sampler = peakSampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { run } = await startImport(call, { path: file, source: 'LEGACY-EARM', officeId: 'NYC' });
  const done = await executeImport(call, run.id, file, { batchSize });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peak = sampler.stop();
  return {
    done,
    seconds,
    rate: done.created / seconds,
    peakMb: peak / 2 ** 20,
    baseMb: base / 2 ** 20,
    /** This process's CPU during the import (user + system), in seconds: less sensitive to the load than the wall time. */
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    /** The CPU of the server processes of the database's connections still open at the end (PostgreSQL on this machine). */
    serverCpuSeconds: db.kind === 'postgres' ? await serverCpu(db) : null,
  };
}

/** utime + stime of the server processes serving this database's connections, from /proc (null when not readable). */
async function serverCpu(db: Awaited<ReturnType<typeof openDatabase>>): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(db.db);
  let seconds = 0;
  for (const { pid } of rows) {
    const s = cpuOfStat(existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '');
    if (s === null) return null;
    seconds += s;
  }
  return seconds;
}

/** utime + stime, in seconds, of a /proc/PID/stat line in a text (null when there is none). */
function cpuOfStat(text: string): number | null {
  const line = text.split('\n').find((l) => /^\d+ \(.*\) /.test(l));
  if (!line) return null;
  const fields = line
    .slice(line.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function psql(url: string, commands: string[]): void {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, ...commands.flatMap((c) => ['-c', c])], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function main() {
  if (!existsSync(file)) {
    console.log(`generating ${count} records into ${file}…`);
    await generateLegacyFile({ count, out: file, seed: 1 });
  }
  const size = (await stat(file)).size;
  console.log(`file ${file}: ${(size / 2 ** 20).toFixed(1)} MiB, ${count} records`);
  console.log(`load: ${execFileSync('uptime').toString().trim()}`);
  const results: Record<string, unknown> = { count, fileBytes: size, batchSize };

  if (!values['no-postgres']) {
    const server = values.pg!;
    const stamp = `${values.tag ? `${values.tag.replace(/[^a-z0-9_]/gi, '').toLowerCase()}_` : ''}${Date.now().toString(36)}`;
    const names = {
      template: `redline_import_bench_tpl_${stamp}`,
      ours: `redline_import_bench_${stamp}`,
      copy: `redline_import_bench_copy_${stamp}`,
    };
    const urlOf = (name: string) => {
      const u = new URL(server);
      u.pathname = `/${name}`;
      return u.toString();
    };
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const dir = await mkdtemp(join(tmpdir(), 'redline-import-bench-'));
    try {
      await admin.query(`create database ${names.template}`);
      const tpl = await openDatabase({ databaseUrl: urlOf(names.template), poolSize: 2 });
      await seed(tpl);
      await tpl.close();
      await admin.query(`create database ${names.ours} template ${names.template}`);
      await admin.query(`create database ${names.copy} template ${names.template}`);

      const ours = await openDatabase({ databaseUrl: urlOf(names.ours), poolSize: 4 });
      console.log('importing into PostgreSQL…');
      const r = await importInto(ours);
      await ours.close();
      console.log(
        `PostgreSQL import: ${r.done.created} cases in ${r.seconds.toFixed(1)} s = ${Math.round(r.rate)} cases/s; peak RSS ${r.peakMb.toFixed(0)} MiB (at start ${r.baseMb.toFixed(0)} MiB); rejected ${r.done.rejected}; CPU ${r.cpuSeconds.toFixed(1)} s here, ${r.serverCpuSeconds?.toFixed(1) ?? '?'} s in the server's connections`,
      );
      // COPY baseline: the same rows into the same tables of a twin database
      const files = TABLES.map((t) => join(dir, `${t}.copy`));
      psql(
        urlOf(names.ours),
        TABLES.map((t, i) => `\\copy ${t} to '${files[i]}'`),
      );
      const rows = Object.fromEntries(
        await Promise.all(
          TABLES.map(async (t) => {
            const c = new pg.Client({ connectionString: urlOf(names.ours) });
            await c.connect();
            const n = Number((await c.query(`select count(*) as n from ${t}`)).rows[0].n);
            await c.end();
            return [t, n] as const;
          }),
        ),
      );
      // case numbers: the sequence the import drew from must exist in the twin too (not timed)
      console.log('COPY of the same rows into the twin database…');
      const t0 = performance.now();
      // one script on stdin, so that the server process's CPU can be read from /proc before psql ends
      const out = execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', urlOf(names.copy)], {
        input: [
          'select pg_backend_pid() as bpid \\gset',
          '\\setenv BPID :bpid',
          'begin;',
          ...TABLES.map((t, i) => `\\copy ${t} from '${files[i]}'`),
          'commit;',
          '\\! cat /proc/$BPID/stat 2>/dev/null || true',
        ].join('\n'),
        stdio: ['pipe', 'pipe', 'inherit'],
      }).toString();
      const copySeconds = (performance.now() - t0) / 1000;
      const copyRate = r.done.created / copySeconds;
      const copyCpu = cpuOfStat(out);
      console.log(
        `PostgreSQL COPY: ${r.done.created} cases (${Object.values(rows).reduce((a, b) => a + b, 0)} rows in ${TABLES.length} tables) in ${copySeconds.toFixed(1)} s = ${Math.round(copyRate)} cases/s; CPU ${copyCpu?.toFixed(1) ?? '?'} s in the server's connection`,
      );
      console.log(`ratio import/COPY: ${(r.rate / copyRate).toFixed(2)} (target ≥ 0.5)`);
      Object.assign(results, {
        postgres: {
          seconds: r.seconds,
          casesPerSecond: r.rate,
          peakRssMb: r.peakMb,
          startRssMb: r.baseMb,
          cpuSeconds: r.cpuSeconds,
          serverCpuSeconds: r.serverCpuSeconds,
        },
        copy: { seconds: copySeconds, casesPerSecond: copyRate, rows, serverCpuSeconds: copyCpu },
        ratio: r.rate / copyRate,
      });
    } finally {
      for (const n of Object.values(names)) {
        if (values.keep && n === names.ours) {
          console.log(`kept the imported database: ${n}`);
          continue;
        }
        await admin.query(`drop database if exists ${n}`).catch(() => {});
      }
      await admin.end();
      await rm(dir, { recursive: true, force: true });
    }
  }

  if (!values['no-pglite']) {
    const dir = await mkdtemp(join(tmpdir(), 'redline-import-bench-pglite-'));
    try {
      const db = await openDatabase({ dataDir: join(dir, 'data') });
      await seed(db);
      console.log('importing into PGlite…');
      const r = await importInto(db);
      await db.close();
      console.log(
        `PGlite import: ${r.done.created} cases in ${r.seconds.toFixed(1)} s = ${Math.round(r.rate)} cases/s; peak RSS ${r.peakMb.toFixed(0)} MiB (at start ${r.baseMb.toFixed(0)} MiB)`,
      );
      Object.assign(results, {
        pglite: { seconds: r.seconds, casesPerSecond: r.rate, peakRssMb: r.peakMb, startRssMb: r.baseMb },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(`load: ${execFileSync('uptime').toString().trim()}`);
  console.log(JSON.stringify(results));
}

await main();
