/**
 * A notification e-mail the SMTP server refuses is retried by the job queue with backoff: a real SMTP server
 * (smtp-server, in process) refuses the first attempts, the mail arrives later, once; an address it always
 * refuses ends `failed` after the set number of attempts, with the server's error kept on the notification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { EMAIL_QUEUE, type Jobs, startJobs } from '../../src/services/jobs/scheduler.ts';
import { createMailer } from '../../src/services/notifications/email.ts';
import { listEmailDelivery, retryEmailDelivery } from '../../src/services/notifications/email-status.ts';
import { notify } from '../../src/services/notifications/notify.ts';
import { type Database, openDatabase } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { testApp } from '../helpers/app.ts';

let d: Database;
let dataDir = '';
let t: ReturnType<typeof testApp>;
let smtp: SMTPServer;
let jobs: Jobs | null = null;
const received: string[] = [];
/** Refusals the server still gives, by address; 'always' for an address it never takes. */
const refuse = new Map<string, number | 'always'>();
const refusedTimes: string[] = [];

async function waitFor(check: () => Promise<boolean>, seconds = 120): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('waited too long');
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  // The queue on the embedded database, in this process, in both test passes (on PostgreSQL the queue's
  // own pool is covered by jobs-postgres.test.ts); the delivery rules are the same on both.
  dataDir = mkdtempSync(join(tmpdir(), 'redline-email-retry-'));
  d = await openDatabase({ dataDir });
  await migrateToLatest(d.db);
  t = testApp(d);
  await seedDemoData(t.system);
  // The demo data's own notifications are not what this test sends.
  await d.db.updateTable('notifications').set({ emailed_at: t.clock.now(), email_state: 'sent' }).execute();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      const left = refuse.get(address.address);
      if (left === 'always' || (typeof left === 'number' && left > 0)) {
        if (typeof left === 'number') refuse.set(address.address, left - 1);
        refusedTimes.push(address.address);
        const err = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await jobs?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await d.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const user = (username: string) =>
  d.db.selectFrom('users').select(['id', 'email']).where('username', '=', username).executeTakeFirstOrThrow();
const row = (id: string) =>
  d.db
    .selectFrom('notifications')
    .select(['email_state', 'email_attempts', 'email_error', 'emailed_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('notification e-mail through the job queue', () => {
  it('is retried with backoff until the server takes it, and sent once; a refused address ends failed', async () => {
    const supervisor = await user('supervisor');
    const liaison = await user('liaison');
    refuse.set(supervisor.email!, 2);
    refuse.set(liaison.email!, 'always');
    const ids: Record<string, string> = {};
    for (const [name, u] of [
      ['supervisor', supervisor],
      ['liaison', liaison],
    ] as const) {
      await d.db.transaction().execute(async (trx) => {
        await notify(trx, {
          userIds: [u.id],
          kind: 'notice_status',
          text: `For the ${name}.`,
          at: t.clock.now(),
        });
      });
      ids[name] = (
        await d.db
          .selectFrom('notifications')
          .select('id')
          .where('text', '=', `For the ${name}.`)
          .executeTakeFirstOrThrow()
      ).id;
    }
    const port = (smtp.server.address() as AddressInfo).port;
    jobs = await startJobs(t.app, d, {
      catchUp: false,
      pollSeconds: 0.5,
      mailer: createMailer(`smtp://127.0.0.1:${port}`, 'redline@agency.invalid'),
      emailRetry: { attempts: 4, delaySeconds: 1 },
    });
    // The minute's look for e-mail to send, now.
    await jobs.boss.send(EMAIL_QUEUE, {});

    await waitFor(async () => (await row(ids.supervisor!)).email_state === 'sent');
    const sent = await row(ids.supervisor!);
    expect(sent.email_attempts).toBe(3);
    expect(sent.email_error).toBeNull();
    expect(sent.emailed_at).not.toBeNull();
    expect(refusedTimes.filter((a) => a === supervisor.email)).toHaveLength(2);

    await waitFor(async () => (await row(ids.liaison!)).email_state === 'failed');
    const failed = await row(ids.liaison!);
    expect(failed.email_attempts).toBe(4);
    expect(failed.email_error).toMatch(/451|try again later/i);
    expect(failed.emailed_at).toBeNull();
    expect(refusedTimes.filter((a) => a === liaison.email)).toHaveLength(4);

    // Another look for e-mail, and the queue drained: nothing is sent twice, nothing more is tried.
    await jobs.boss.send(EMAIL_QUEUE, {});
    await waitFor(async () => (await jobs!.boss.getQueueSize(EMAIL_QUEUE)) === 0);
    await waitFor(async () => (await jobs!.boss.getQueueSize('redline-email-send')) === 0);
    expect(received).toEqual([supervisor.email]);
    expect(refusedTimes).toHaveLength(6);
    expect((await row(ids.supervisor!)).email_attempts).toBe(3);

    // The administrator sees the failed e-mail first, with its attempts and the server's error, and
    // retries it once the mailbox takes mail again: the delivery job goes back to the queue and it arrives.
    const admin = await callAsUser(t.app, 'admin');
    const failedPage = await listEmailDelivery(admin, { state: 'failed' });
    expect(failedPage.items.map((r) => r.id)).toEqual([ids.liaison]);
    expect(failedPage.items[0]).toMatchObject({ attempts: 4, username: 'liaison' });
    expect(failedPage.items[0]!.error).toMatch(/451|try again later/i);
    refuse.delete(liaison.email!);
    const retried = await retryEmailDelivery(admin, ids.liaison!);
    expect(retried).toEqual({ id: ids.liaison, state: 'queued', jobQueued: true });
    await waitFor(async () => (await row(ids.liaison!)).email_state === 'sent');
    expect(received).toEqual([supervisor.email, liaison.email]);
    expect((await row(ids.liaison!)).email_attempts).toBe(1);
    expect((await listEmailDelivery(admin, { state: 'failed' })).items).toEqual([]);
  }, 240_000);
});
