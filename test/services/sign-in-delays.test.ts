// Sign-in hardening (issue 9, item 9): one answer for every failed sign-in, progressive delays per account
// and per source address instead of a lock anyone could trigger, and passphrases that are hard to guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, passphraseProblems, setUserDisabled, signIn } from '../../src/services/accounts.ts';
import type { Call } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
const PASS = 'correct horse battery staple';
const from = (ip: string): Call => ({ ...t.system, meta: { requestId: 'req-1', sourceIp: ip } });

async function failure(call: Call, username: string, passphrase = 'not the right one at all') {
  try {
    await signIn(call, username, passphrase, null);
  } catch (err) {
    const e = err as { status: number; code: string; message: string; detail: Record<string, unknown> };
    return { status: e.status, code: e.code, message: e.message, detail: e.detail };
  }
  throw new Error('signed in');
}

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await d.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
  for (const [username, role] of [
    ['ofc.one', 'officer'],
    ['ofc.two', 'officer'],
    ['ofc.off', 'officer'],
    ['adm.one', 'administrator'],
  ] as const) {
    await createUser(from('10.0.0.1'), {
      username,
      displayName: username,
      role,
      officeId: role === 'officer' ? 'NYC' : null,
      passphrase: PASS,
    });
  }
  await setUserDisabled(from('10.0.0.1'), 'ofc.off', true);
});
afterAll(async () => d.close());

describe('one answer for every failed sign-in', () => {
  it('answers an unknown account, a disabled account and a wrong passphrase alike, and audits the real reason', async () => {
    const unknown = await failure(from('10.1.0.1'), 'nobody.here', PASS);
    const disabled = await failure(from('10.1.0.2'), 'ofc.off', PASS);
    const wrong = await failure(from('10.1.0.3'), 'ofc.one');
    expect(unknown).toEqual({ status: 401, code: 'login_failed', message: unknown.message, detail: {} });
    expect(disabled).toEqual(unknown);
    expect(wrong).toEqual(unknown);
    const reasons = await d.db
      .selectFrom('audit_log')
      .select(['actor_username', 'outcome', 'detail'])
      .where('action', '=', 'session.login')
      .where('actor_username', 'in', ['nobody.here', 'ofc.off', 'ofc.one'])
      .orderBy('seq')
      .execute();
    expect(
      reasons.map((r) => [r.actor_username, r.outcome, (r.detail as { reason: string }).reason]),
    ).toEqual([
      ['nobody.here', 'failed', 'unknown user'],
      ['ofc.off', 'failed', 'account disabled'],
      ['ofc.one', 'failed', 'wrong passphrase'],
    ]);
  });
});

describe('progressive delays instead of a lock', () => {
  it('makes the account wait after 3 failures, doubling each time, for real and unknown usernames alike', async () => {
    for (const username of ['ofc.two', 'no.such.user']) {
      for (let i = 0; i < 3; i++) expect((await failure(from(`10.2.0.${i}`), username)).status).toBe(401);
      // The 4th failure sets a 2-second wait; the next attempt, even with the right passphrase, is refused.
      expect((await failure(from('10.2.0.9'), username)).status).toBe(401);
      const early = await failure(from('10.2.1.1'), username, PASS);
      expect(early).toMatchObject({ status: 429, code: 'sign_in_delayed', detail: { retryAfterSeconds: 2 } });
      t.clock.advance(2_000);
      expect((await failure(from('10.2.0.9'), username)).status).toBe(401); // 5th: 4 s
      expect(await failure(from('10.2.1.1'), username, PASS)).toMatchObject({
        status: 429,
        detail: { retryAfterSeconds: 4 },
      });
      t.clock.advance(4_000);
    }
    // After the wait, the right passphrase signs in (and clears the account's failures).
    expect((await signIn(from('10.2.2.2'), 'ofc.two', PASS, null)).user.username).toBe('ofc.two');
    for (let i = 0; i < 3; i++) expect((await failure(from('10.2.0.8'), 'ofc.two')).status).toBe(401);
  });

  it('never locks an administrator out: after many failures the wait is capped and then sign-in works', async () => {
    for (let i = 0; i < 30; i++) {
      const f = await failure(from(`10.3.${i}.1`), 'adm.one');
      if (f.status === 429) t.clock.advance(Number(f.detail.retryAfterSeconds) * 1000);
      else expect(f.status).toBe(401);
    }
    const waiting = await failure(from('10.3.99.1'), 'adm.one', PASS);
    expect(waiting).toMatchObject({ status: 429 });
    expect(Number(waiting.detail.retryAfterSeconds)).toBeLessThanOrEqual(15 * 60);
    t.clock.advance(15 * 60_000);
    expect((await signIn(from('10.3.99.1'), 'adm.one', PASS, null)).user.role).toBe('administrator');
    const delayed = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'session.login')
      .where('outcome', '=', 'denied')
      .where('actor_username', '=', 'adm.one')
      .execute();
    expect(delayed.length).toBeGreaterThan(0);
    expect(delayed.every((r) => (r.detail as { reason: string }).reason === 'account delayed')).toBe(true);
  });

  it('makes one source address wait after 20 failures across many usernames, and not another address', async () => {
    for (let i = 0; i < 20; i++)
      expect((await failure(from('10.4.0.1'), `spray.${i}`, 'Winter2026!')).status).toBe(401);
    expect((await failure(from('10.4.0.1'), 'spray.20', 'Winter2026!')).status).toBe(401);
    const next = await failure(from('10.4.0.1'), 'ofc.one', PASS);
    expect(next).toMatchObject({ status: 429, code: 'sign_in_delayed' });
    const audit = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'session.login')
      .where('outcome', '=', 'denied')
      .where('actor_username', '=', 'ofc.one')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect((audit.detail as { reason: string }).reason).toBe('source delayed');
    expect((await signIn(from('10.4.0.2'), 'ofc.one', PASS, null)).user.username).toBe('ofc.one');
  });
});

describe('passphrases that are hard to guess', () => {
  it('refuses short, common and guessable passphrases in plain words', () => {
    expect(passphraseProblems('aaaaaaaa', 'someone')).toEqual([
      'Use at least 12 characters.',
      'This passphrase is too easy to guess: it repeats the same characters. Use a longer phrase of several unrelated words.',
    ]);
    expect(passphraseProblems('Summer2026', 'someone').join(' ')).toMatch(/too easy to guess/);
    expect(passphraseProblems('aaaaaaaaaaaaaaaa', 'someone')).toHaveLength(1);
    expect(passphraseProblems('Password123456', 'someone').join(' ')).toMatch(/guess|common/);
    expect(passphraseProblems('officer.one.2026', 'officer.one').join(' ')).toMatch(/guess/);
    expect(passphraseProblems(PASS, 'someone')).toEqual([]);
  });

  it('refuses a weak passphrase when an account is created, naming the field', async () => {
    for (const passphrase of ['aaaaaaaa', 'Summer2026']) {
      await expect(
        createUser(from('10.0.0.1'), {
          username: 'weak.one',
          displayName: 'Weak One',
          role: 'auditor',
          passphrase,
        }),
      ).rejects.toMatchObject({
        status: 422,
        detail: {
          fields: expect.arrayContaining([
            expect.objectContaining({ field: 'passphrase', message: expect.stringMatching(/guess/) }),
          ]),
        },
      });
    }
  });
});
