/**
 * The e-mail delivery state for administrators (notifications/email-status.ts), on the test database (both
 * PGlite and PostgreSQL): failed first with the attempts and the last error, keyset pages that neither skip
 * nor repeat, the state filter, the permission, and "retry now" (from failed only, under the row lock, with
 * its audit entry; two administrators retrying at once queue it once).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { listEmailDelivery, retryEmailDelivery } from '../../src/services/notifications/email-status.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  await d.db.updateTable('notifications').set({ email_state: null }).execute();
  const user = await d.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'supervisor')
    .executeTakeFirstOrThrow();
  const base = t.clock.now().getTime();
  const states = [
    ['sent1', 'sent', 1, null],
    ['failed1', 'failed', 5, '451 Mailbox busy, try again later'],
    ['queued1', 'queued', 0, null],
    ['retrying1', 'retrying', 2, '421 Service not available'],
    ['failed2', 'failed', 5, '550 No such user'],
    ['sent2', 'sent', 1, null],
    ['failed3', 'failed', 3, 'connect ECONNREFUSED'],
  ] as const;
  for (const [i, [name, state, attempts, error]] of states.entries()) {
    const id = randomUUID();
    ids[name] = id;
    await d.db
      .insertInto('notifications')
      .values({
        id,
        user_id: user.id,
        kind: 'notice_status',
        case_id: null,
        text: `Test notification ${name}`,
        dedupe_key: null,
        created_at: new Date(base - i * 60_000),
        email_state: state,
        email_attempts: attempts,
        email_error: error,
      } as never)
      .execute();
  }
});
afterAll(async () => {
  await d.close();
});

describe('e-mail delivery state', () => {
  it('lists failed first with attempts and error, pages without gaps, filters by state', async () => {
    const admin = await callAsUser(t.app, 'admin');
    const all = await listEmailDelivery(admin, { limit: 200 });
    expect(all.items.map((r) => r.id)).toEqual([
      ids.failed1,
      ids.failed2,
      ids.failed3,
      ids.retrying1,
      ids.queued1,
      ids.sent1,
      ids.sent2,
    ]);
    expect(all.counts).toEqual({ failed: 3, retrying: 1, sending: 0, queued: 1, sent: 2 });
    expect(all.items[0]).toMatchObject({
      state: 'failed',
      attempts: 5,
      error: '451 Mailbox busy, try again later',
      username: 'supervisor',
    });
    expect(all.next).toBeNull();
    // Pages of two: the same rows, in the same order, none twice.
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listEmailDelivery(admin, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.items.map((r) => r.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(all.items.map((r) => r.id));
    const failed = await listEmailDelivery(admin, { state: 'failed' });
    expect(failed.items.map((r) => r.id)).toEqual([ids.failed1, ids.failed2, ids.failed3]);
    await expect(listEmailDelivery(admin, { after: 'nonsense' })).rejects.toMatchObject({ status: 422 });
    await expect(listEmailDelivery(await callAsUser(t.app, 'supervisor'), {})).rejects.toMatchObject({
      status: 403,
    });
  });

  it('retry now: from failed only, attempts counted afresh, audited; once when two retry at once', async () => {
    const admin = await callAsUser(t.app, 'admin');
    await expect(retryEmailDelivery(await callAsUser(t.app, 'auditor'), ids.failed1!)).rejects.toMatchObject({
      status: 403,
    });
    await expect(retryEmailDelivery(admin, ids.sent1!)).rejects.toMatchObject({
      status: 409,
      code: 'email_not_failed',
    });
    await expect(retryEmailDelivery(admin, randomUUID())).rejects.toMatchObject({ status: 404 });
    const requeued: string[] = [];
    t.app.emailRequeue = async (list) => {
      requeued.push(...list);
    };
    try {
      const results = await Promise.allSettled([
        retryEmailDelivery(admin, ids.failed2!),
        retryEmailDelivery(await callAsUser(t.app, 'admin'), ids.failed2!),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
      expect((ok[0] as PromiseFulfilledResult<{ jobQueued: boolean }>).value.jobQueued).toBe(true);
      expect(requeued).toEqual([ids.failed2]);
    } finally {
      t.app.emailRequeue = undefined;
    }
    const row = await d.db
      .selectFrom('notifications')
      .select(['email_state', 'email_attempts'])
      .where('id', '=', ids.failed2!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email_state: 'queued', email_attempts: 0 });
    const audit = await d.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'notification.email.retry')
      .where('entity_id', '=', ids.failed2!)
      .execute();
    expect(audit.filter((a) => a.outcome === 'ok')).toHaveLength(1);
    expect(JSON.stringify(audit.find((a) => a.outcome === 'ok')!.detail)).toContain('550 No such user');
    // Without a job queue in this process it stays queued for the next server that runs one.
    const later = await retryEmailDelivery(admin, ids.failed3!);
    expect(later).toEqual({ id: ids.failed3, state: 'queued', jobQueued: false });
  });
});
