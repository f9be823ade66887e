/** A session's last-seen time is written at most once a minute (services/accounts.ts#LAST_SEEN_EVERY_MS). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, LAST_SEEN_EVERY_MS, resolveSession, signIn } from '../../src/services/accounts.ts';
import type { Call } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
const PASS = 'correct horse battery staple';
const call = (): Call => ({ ...t.system, meta: { requestId: null, sourceIp: '10.0.0.9' } });

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await d.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
  await createUser(call(), {
    username: 'ofc.seen',
    displayName: 'Officer Seen',
    role: 'officer',
    officeId: 'NYC',
    passphrase: PASS,
  });
});
afterAll(async () => d.close());

const lastSeen = async () =>
  new Date(
    (await d.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at,
  ).getTime();

describe('last seen', () => {
  it('is written at most once a minute, and the idle limit follows what was written', async () => {
    const s = await signIn(call(), 'ofc.seen', PASS, null);
    const first = await lastSeen();
    t.clock.advance(LAST_SEEN_EVERY_MS / 2);
    const r1 = await resolveSession({ app: t.app }, s.token);
    expect(r1).not.toBeNull();
    expect(await lastSeen()).toBe(first);
    t.clock.advance(LAST_SEEN_EVERY_MS / 2);
    await resolveSession({ app: t.app }, s.token);
    expect(await lastSeen()).toBe(t.clock.now().getTime());
  });
});
