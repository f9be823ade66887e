/**
 * Scheduled duties: what each scan finds, that a duty runs once a day (a second run adds nothing), and
 * that a job queued before a restart of the embedded database is done after it (pg-boss over PGlite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { DAY_MS } from '../../src/services/inputs.ts';
import { DUTY_IDS } from '../../src/services/jobs/duties.ts';
import { runDuty } from '../../src/services/jobs/run.ts';
import { startJobs } from '../../src/services/jobs/scheduler.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { type Database, openDatabase } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

async function notificationsOf(d: Database, username: string, caseId?: string) {
  let q = d.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.kind', 'n.text', 'n.dedupe_key', 'n.case_id'])
    .where('u.username', '=', username);
  if (caseId) q = q.where('n.case_id', '=', caseId);
  return q.execute();
}

describe('scheduled duties', () => {
  let d: Database;
  let t: ReturnType<typeof testApp>;
  beforeAll(async () => {
    d = await testDatabase();
    t = testApp(d);
    await seedDemoData(t.system);
  });
  afterAll(() => d.close());

  it('reminds the requester of an overdue request, escalates to the supervisors later, once a day', async () => {
    const w = caseWalker(t);
    const c = await w.open('officer');
    await requestLiaison(await callAsUser(t.app, 'officer'), c.id, { kind: 'validity' });
    // Validity requests are due in 2 days: 3 days on it is overdue (a reminder), 10 days on it is overdue by
    // more than the 7 follow-up days (an escalation to the office's supervisors too).
    t.clock.advance(3 * DAY_MS);
    const first = await runDuty(t.app, 'liaison_overdue');
    expect(first.status).toBe('ran');
    expect((await notificationsOf(d, 'officer', c.id)).map((n) => n.kind)).toEqual(['liaison_overdue']);
    expect(await notificationsOf(d, 'supervisor', c.id)).toEqual([]);

    // The same day again: the claim holds, nothing new, no second audit entry.
    expect((await runDuty(t.app, 'liaison_overdue')).status).toBe('already_ran');
    expect(await notificationsOf(d, 'officer', c.id)).toHaveLength(1);
    const audits = await d.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'job.run')
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toMatchObject({
      duty: 'liaison_overdue',
      notifications: first.counts!.notifications,
    });

    t.clock.advance(7 * DAY_MS);
    const later = await runDuty(t.app, 'liaison_overdue');
    expect(later.status).toBe('ran');
    const officer = await notificationsOf(d, 'officer', c.id);
    expect(officer.map((n) => n.kind)).toEqual(['liaison_overdue', 'liaison_overdue']);
    expect(officer[1]!.text).toMatch(/has no answer\. Send a follow-up\./);
    const supervisor = await notificationsOf(d, 'supervisor', c.id);
    expect(supervisor.map((n) => n.kind)).toEqual(['liaison_escalation']);
    expect(supervisor[0]!.text).toMatch(/overdue by 8 days/);
    // Both supervisors of the case's office (NYC) are told; the officer of another office is not.
    expect((await notificationsOf(d, 'supervisor2', c.id)).map((n) => n.kind)).toEqual([
      'liaison_escalation',
    ]);
    expect(await notificationsOf(d, 'officer2', c.id)).toEqual([]);
  });

  it('runs every duty, each once a day, and audits each run with its counts', async () => {
    t.clock.advance(DAY_MS);
    const runs = [];
    for (const duty of DUTY_IDS) runs.push(await runDuty(t.app, duty));
    expect(runs.map((r) => r.status)).toEqual(DUTY_IDS.map(() => 'ran'));
    for (const duty of DUTY_IDS) expect((await runDuty(t.app, duty)).status).toBe('already_ran');
    const rows = await d.db
      .selectFrom('job_runs')
      .select(['duty'])
      .where('slot', '=', runs[0]!.slot)
      .execute();
    expect(rows.map((r) => r.duty).sort()).toEqual([...DUTY_IDS].sort());
  });
});

describe('the queue on the embedded database survives a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redline-jobs-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a job queued before the restart is done after it, and a second start adds nothing', async () => {
    // First start: the queue is created and today's catch-up jobs are queued, but this server does no work
    // and stops (as a server that is shut down before the queue got to them).
    let d = await openDatabase({ dataDir: dir });
    await migrateToLatest(d.db);
    let t = testApp(d);
    await seedDemoData(t.system);
    let jobs = await startJobs(t.app, d, { work: false, pollSeconds: 0.5, instance: 'first' });
    const queued = await jobs.boss.getQueueSize('redline-duty-liaison_overdue');
    expect(queued).toBe(1);
    await jobs.stop();
    await d.close();
    expect(await countRuns(dir)).toBe(0);

    // Second start, no catch-up of its own: the jobs queued before the restart are done.
    d = await openDatabase({ dataDir: dir });
    t = testApp(d);
    jobs = await startJobs(t.app, d, { catchUp: false, pollSeconds: 0.5, instance: 'second' });
    await waitFor(
      async () => (await d.db.selectFrom('job_runs').select('id').execute()).length === DUTY_IDS.length,
    );
    const runs = await d.db.selectFrom('job_runs').select(['duty', 'instance']).execute();
    expect(runs.map((r) => r.instance)).toEqual(DUTY_IDS.map(() => 'second'));
    const notifications = (await d.db.selectFrom('notifications').select('id').execute()).length;
    // A third start on the same day queues its catch-up again: the runs find their claim, nothing is added.
    expect(await jobs.queueToday()).toBeGreaterThan(0);
    await waitFor(async () => (await jobs.boss.getQueueSize('redline-duty-disclosure_not_served')) === 0);
    await waitFor(async () => (await jobs.boss.getQueueSize('redline-duty-liaison_overdue')) === 0);
    await jobs.stop();
    expect((await d.db.selectFrom('job_runs').select('id').execute()).length).toBe(DUTY_IDS.length);
    expect((await d.db.selectFrom('notifications').select('id').execute()).length).toBe(notifications);
    expect(
      (await d.db.selectFrom('audit_log').select('seq').where('action', '=', 'job.run').execute()).length,
    ).toBe(DUTY_IDS.length);
    await d.close();
  }, 120_000);
});

async function countRuns(dir: string): Promise<number> {
  const d = await openDatabase({ dataDir: dir });
  try {
    return (await d.db.selectFrom('job_runs').select('id').execute()).length;
  } finally {
    await d.close();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}
