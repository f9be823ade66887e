/**
 * An import killed in the middle (SIGKILL, a child process) resumes after its last committed batch: no
 * row is written twice and the run ends with every record imported once.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { generateLegacyFile } from '../../../bench/legacy-gen.ts';
import { createUser } from '../../../src/services/accounts.ts';
import { executeImport, startImport } from '../../../src/services/import/run.ts';
import { type Database, openDatabase } from '../../../src/store/db.ts';
import { migrateToLatest } from '../../../src/store/migrate.ts';
import { testApp } from '../../helpers/app.ts';

const serverUrl = process.env.REDLINE_TEST_DB === 'postgres' ? process.env.DATABASE_URL : undefined;
let dir = '';
let dbName = '';

/** The database the child and the test share: a PGlite directory, or a new PostgreSQL database. */
async function target(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'redline-import-resume-'));
  if (!serverUrl) return join(dir, 'data');
  dbName = `redline_import_t_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}
const open = (t: string): Promise<Database> =>
  openDatabase(t.startsWith('postgres') ? { databaseUrl: t, poolSize: 4 } : { dataDir: t });

afterAll(async () => {
  if (dbName) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.end();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('resumes an import killed in the middle, with no duplicates', async () => {
  const t = await target();
  const file = join(dir, 'legacy.csv');
  const total = 600;
  await generateLegacyFile({ count: total, out: file, seed: 11 });
  let d = await open(t);
  await migrateToLatest(d.db);
  await d.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
  await createUser(testApp(d).system, {
    username: 'sup.resume',
    displayName: 'Supervisor Resume',
    role: 'supervisor',
    officeId: 'NYC',
    passphrase: 'plum kettle orbit lantern',
  });
  await d.close();

  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/import-child.ts', t, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let committed = 0;
  let finished = false;
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'done') finished = true;
        else if (line.startsWith('{')) {
          committed = JSON.parse(line).created;
          if (committed >= 100 && !child.killed) child.kill('SIGKILL');
        }
      }
    });
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  expect(finished).toBe(false);
  expect(committed).toBeGreaterThanOrEqual(100);
  expect(committed).toBeLessThan(total);

  d = await open(t);
  try {
    const call = testApp(d).system;
    const before = await d.db.selectFrom('import_runs').selectAll().executeTakeFirstOrThrow();
    expect(before.status).toBe('running');
    expect(before.created).toBeGreaterThanOrEqual(committed);
    const { run, resumed } = await startImport(call, { path: file, source: 'LEGACY-EARM', officeId: 'NYC' });
    expect(resumed).toBe(true);
    expect(run.id).toBe(before.id);
    const done = await executeImport(call, run.id, file, { batchSize: 50 });
    expect(done).toMatchObject({ status: 'completed', created: total, rows_seen: total, rejected: 0 });
    const counts = await d.db
      .selectFrom('cases')
      .select((eb) => [
        eb.fn.countAll().as('n'),
        eb.fn.count(eb.fn('distinct', ['cases.legacy_external_id'] as never)).as('ids'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(total);
    const persons = await d.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(persons.n)).toBe(total);
    const audit = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'legacy.import')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ created: total, resumedAfterLine: before.last_committed_line });
  } finally {
    await d.close();
  }
}, 600_000);
