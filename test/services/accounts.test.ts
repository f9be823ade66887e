import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUser,
  passphraseProblems,
  releaseLockout,
  resolveSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  setUserDisabled,
  signIn,
  signOut,
} from '../../src/services/accounts.ts';
import type { Call } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
const PASS = 'correct horse battery staple';
const call = (): Call => ({ ...t.system, meta: { requestId: 'req-1', sourceIp: '10.0.0.9' } });

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await d.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
});
afterAll(async () => d.close());

describe('passphrase rules', () => {
  it('rejects short, over-long, common and username passphrases', () => {
    expect(passphraseProblems('zq9!', 'a')[0]).toBe('Use at least 12 characters.');
    expect(passphraseProblems('x'.repeat(129), 'a')[0]).toMatch(/at most/);
    expect(passphraseProblems('password1', 'a').join(' ')).toMatch(/commonly used/);
    expect(passphraseProblems('password1234', 'a').join(' ')).toMatch(/commonly used|too easy/);
    expect(passphraseProblems('officer.one', 'officer.one').join(' ')).toMatch(/username/);
    expect(passphraseProblems('plum kettle orbit lantern', 'someone')).toEqual([]);
  });
});

describe('accounts', () => {
  it('creates a user and names every bad field', async () => {
    const u = await createUser(call(), {
      username: 'ofc.alpha',
      displayName: 'Officer Alpha',
      role: 'officer',
      officeId: 'NYC',
      passphrase: PASS,
    });
    expect(u.role).toBe('officer');
    await expect(
      createUser(call(), { username: 'Bad Name', displayName: '', role: 'officer', passphrase: '123456' }),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'username' }),
          expect.objectContaining({ field: 'displayName' }),
          expect.objectContaining({ field: 'passphrase' }),
          expect.objectContaining({ field: 'officeId' }),
        ]),
      },
    });
    const users = await d.db.selectFrom('users').select('username').execute();
    expect(users.map((r) => r.username)).toEqual(['ofc.alpha']);
  });

  it('signs in, resolves the session, and signs out on the server', async () => {
    const s = await signIn(call(), 'ofc.alpha', PASS, 'vitest');
    const resolved = await resolveSession({ app: t.app }, s.token);
    expect(resolved?.user.username).toBe('ofc.alpha');
    expect(resolved?.csrfToken).toBe(s.csrfToken);
    await signOut({ ...call(), actor: resolved!.actor }, resolved!.sessionId);
    expect(await resolveSession({ app: t.app }, s.token)).toBeNull();
  });

  it('ends a session after 30 idle minutes but not before', async () => {
    const s = await signIn(call(), 'ofc.alpha', PASS, null);
    t.clock.advance(SESSION_IDLE_MS - 1);
    expect(await resolveSession({ app: t.app }, s.token)).not.toBeNull();
    t.clock.advance(SESSION_IDLE_MS);
    expect(await resolveSession({ app: t.app }, s.token)).toBeNull();
  });

  it('ends an active session at the 12-hour absolute limit', async () => {
    const s = await signIn(call(), 'ofc.alpha', PASS, null);
    for (let spent = 0; spent < SESSION_ABSOLUTE_MS - 20 * 60_000; spent += 20 * 60_000) {
      t.clock.advance(20 * 60_000);
      expect(await resolveSession({ app: t.app }, s.token)).not.toBeNull();
    }
    t.clock.advance(20 * 60_000);
    expect(await resolveSession({ app: t.app }, s.token)).toBeNull();
  });

  it('makes the account wait after 4 failures until an administrator clears the wait, and audits each attempt', async () => {
    await createUser(call(), {
      username: 'sup.beta',
      displayName: 'Sup Beta',
      role: 'supervisor',
      officeId: 'NYC',
      passphrase: PASS,
    });
    for (let i = 0; i < 4; i++) {
      await expect(signIn(call(), 'sup.beta', 'wrong passphrase!', null)).rejects.toMatchObject({
        status: 401,
      });
    }
    await expect(signIn(call(), 'sup.beta', PASS, null)).rejects.toMatchObject({
      status: 429,
      code: 'sign_in_delayed',
    });
    await releaseLockout(call(), 'sup.beta');
    expect((await signIn(call(), 'sup.beta', PASS, null)).user.username).toBe('sup.beta');
    const attempts = await d.db
      .selectFrom('audit_log')
      .select(['outcome'])
      .where('action', '=', 'session.login')
      .where('actor_username', '=', 'sup.beta')
      .execute();
    expect(attempts.filter((a) => a.outcome === 'failed')).toHaveLength(4);
    expect(attempts.filter((a) => a.outcome === 'denied')).toHaveLength(1);
    expect(attempts.filter((a) => a.outcome === 'ok')).toHaveLength(1);
  });

  it('does not make anyone wait for failures spaced beyond the wait', async () => {
    await createUser(call(), {
      username: 'ofc.gamma',
      displayName: 'G',
      role: 'officer',
      officeId: 'NYC',
      passphrase: PASS,
    });
    for (let i = 0; i < 6; i++) {
      await expect(signIn(call(), 'ofc.gamma', 'nope nope nope', null)).rejects.toMatchObject({
        status: 401,
      });
      t.clock.advance(4 * 60_000);
    }
  });

  it('refuses a disabled account and ends its sessions', async () => {
    const s = await signIn(call(), 'ofc.alpha', PASS, null);
    await setUserDisabled(call(), 'ofc.alpha', true);
    expect(await resolveSession({ app: t.app }, s.token)).toBeNull();
    await expect(signIn(call(), 'ofc.alpha', PASS, null)).rejects.toMatchObject({
      status: 401,
      code: 'login_failed',
    });
  });

  it('an officer may not manage accounts; the refusal names the rule and is audited', async () => {
    const officer = {
      ...call(),
      actor: {
        kind: 'user' as const,
        userId: null,
        username: 'ofc.gamma',
        role: 'officer' as const,
        officeId: 'NYC',
      },
    };
    await expect(releaseLockout(officer, 'sup.beta')).rejects.toMatchObject({
      status: 403,
      detail: { rule: 'ROLE:user.manage' },
    });
    const denied = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('outcome', '=', 'denied')
      .where('action', '=', 'user.release_lockout')
      .execute();
    expect(denied).toHaveLength(1);
  });
});
