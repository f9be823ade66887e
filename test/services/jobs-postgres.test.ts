/**
 * Two application instances on one PostgreSQL database, each with its job queue (pg-boss) working: every
 * duty runs once, with one audit entry and no duplicate notification. Runs with REDLINE_TEST_DB=postgres
 * and DATABASE_URL (the server's URL); its database is named redline_jobs_… and dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { DAY_MS } from '../../src/services/inputs.ts';
import { DUTY_IDS } from '../../src/services/jobs/duties.ts';
import { runDuty } from '../../src/services/jobs/run.ts';
import { type Jobs, startJobs } from '../../src/services/jobs/scheduler.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { type Database, openDatabase } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { testApp, testClock } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';

const serverUrl = process.env.REDLINE_TEST_DB === 'postgres' ? process.env.DATABASE_URL : undefined;
const name = `redline_jobs_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
let url = '';

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!serverUrl)('two instances on one PostgreSQL database', () => {
  const dbs: Database[] = [];
  const jobs: Jobs[] = [];
  const clock = testClock(new Date());
  beforeAll(async () => {
    await admin(`create database ${name}`);
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    for (let i = 0; i < 2; i++) dbs.push(await openDatabase({ databaseUrl: url, poolSize: 3 }));
    await migrateToLatest(dbs[0]!.db);
  });
  afterAll(async () => {
    for (const j of jobs) await j.stop().catch(() => {});
    for (const d of dbs) await d.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('runs each duty once: one run, one audit entry, no duplicate notification', async () => {
    const a = testApp(dbs[0]!, clock);
    const b = testApp(dbs[1]!, clock);
    await seedDemoData(a.system);
    const w = caseWalker(a);
    const c = await w.open('officer');
    await requestLiaison(await callAsUser(a.app, 'officer'), c.id, { kind: 'validity' });
    clock.advance(10 * DAY_MS);

    // Both instances start their queue at the same time; each queues today's catch-up and works.
    jobs.push(
      ...(await Promise.all([
        startJobs(a.app, dbs[0]!, { databaseUrl: url, pollSeconds: 0.5, instance: 'a' }),
        startJobs(b.app, dbs[1]!, { databaseUrl: url, pollSeconds: 0.5, instance: 'b' }),
      ])),
    );
    const db = dbs[0]!.db;
    await waitFor(
      async () => (await db.selectFrom('job_runs').select('id').execute()).length >= DUTY_IDS.length,
    );
    // Let every queued job (two catch-ups per duty) be delivered before counting.
    await waitFor(async () => {
      for (const duty of DUTY_IDS)
        if ((await jobs[0]!.boss.getQueueSize(`redline-duty-${duty}`, { before: 'completed' })) > 0)
          return false;
      return true;
    });
    const runs = await db.selectFrom('job_runs').select(['duty', 'instance']).execute();
    expect(runs.map((r) => r.duty).sort()).toEqual([...DUTY_IDS].sort());
    const audits = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'job.run')
      .execute();
    expect(audits).toHaveLength(DUTY_IDS.length);
    const reminders = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'liaison_overdue')
      .execute();
    expect(reminders).toHaveLength(1);
    const escalations = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'liaison_escalation')
      .execute();
    expect(escalations).toHaveLength(2); // supervisor and supervisor2 of NYC, once each

    // The next day, both instances asked to run the same duty at the same moment: one runs, one finds the claim.
    clock.advance(DAY_MS);
    const both = await Promise.all([
      runDuty(a.app, 'liaison_overdue', 'a'),
      runDuty(b.app, 'liaison_overdue', 'b'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['already_ran', 'ran']);
    expect(
      (
        await db
          .selectFrom('notifications')
          .select('id')
          .where('case_id', '=', c.id)
          .where('kind', '=', 'liaison_overdue')
          .execute()
      ).length,
    ).toBe(2);
  }, 240_000);
});
