// Security keys (WebAuthn) over HTTP, with a software authenticator that signs real attestations and
// assertions (test/helpers/soft-authenticator.ts): adding a named key from the account, signing in with it
// instead of the code, refusals of replays, rolled-back counters, other origins and expired challenges, and
// removal that needs the passphrase and a code again. Every step that changes something is audited.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import { CHALLENGE_TTL_MS } from '../../src/services/webauthn.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { SoftAuthenticator } from '../helpers/soft-authenticator.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;
let key: SoftAuthenticator;
let keyId: string;

beforeAll(async () => {
  d = await testDatabase('webauthn');
  t = testApp(d);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  key = new SoftAuthenticator({ origin: t.app.webauthn!.origin, rpId: t.app.webauthn!.rpId });
});
afterAll(async () => {
  await server.close();
  await d.close();
});

type Session = { cookie: string; csrf: string; body: Record<string, unknown> };
const asSession = (res: LightMyRequestResponse): Session => {
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  const body = res.json() as Record<string, unknown>;
  return { cookie: `redline_session=${cookie.value}`, csrf: body.csrfToken as string, body };
};
const post = (url: string, payload: object, s?: Session) =>
  server.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
  });
const get = (url: string, s: Session) =>
  server.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: s.cookie } });

/** A passphrase-only session of the officer (stage `mfa`), after the delays of earlier failures. */
async function pendingOfficer(): Promise<Session> {
  t.clock.advance(10 * 60_000);
  const res = await post('/session', { username: 'officer', passphrase: DEMO_PASSPHRASE });
  expect(res.statusCode, res.body).toBe(200);
  const s = asSession(res);
  expect(s.body.stage).toBe('mfa');
  return s;
}

const auditOf = (actions: string[]) =>
  d.db
    .selectFrom('audit_log')
    .select(['action', 'outcome', 'detail'])
    .where('actor_username', '=', 'officer')
    .where('action', 'in', actions)
    .orderBy('seq')
    .execute();

describe('security keys', () => {
  it('adds a named key from a signed-in session; the options need a session and an authenticator app', async () => {
    const officer = asSession(await post('/session', demoSignInBody('officer', t.app)));
    const listed = await get('/account/security-keys', officer);
    expect(listed.json()).toEqual({ available: true, keys: [] });

    // Without options first there is no challenge to answer.
    const early = await post(
      '/account/security-keys',
      { name: 'Blue key', response: key.register({ challenge: 'x' }) },
      officer,
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('webauthn_challenge_missing');

    const options = await post('/account/security-keys/options', {}, officer);
    expect(options.statusCode, options.body).toBe(200);
    const o = options.json() as { challenge: string; rp: { id: string }; user: { name: string } };
    expect(o.rp.id).toBe('localhost');
    expect(o.user.name).toBe('officer');

    const noName = await post('/account/security-keys', { name: '  ', response: key.register(o) }, officer);
    expect(noName.statusCode).toBe(422);
    expect(noName.json().errors[0].field).toBe('name');
    // A missing name does not use the challenge up: the same answer with a name is accepted.
    const added = await post(
      '/account/security-keys',
      { name: 'Blue key', response: key.register(o) },
      officer,
    );
    expect(added.statusCode, added.body).toBe(201);
    // The challenge was used: the same answer again finds none.
    const again = await post(
      '/account/security-keys',
      { name: 'Blue key', response: key.register(o) },
      officer,
    );
    expect(again.statusCode).toBe(409);
    keyId = added.json().id;
    expect(added.json()).toMatchObject({ name: 'Blue key', lastUsedAt: null, deviceType: 'singleDevice' });
    const after = (await get('/account/security-keys', officer)).json() as { keys: Array<{ name: string }> };
    expect(after.keys.map((k) => k.name)).toEqual(['Blue key']);

    // The next options exclude the key already registered.
    const o3 = (await post('/account/security-keys/options', {}, officer)).json() as {
      excludeCredentials: Array<{ id: string }>;
    };
    expect(o3.excludeCredentials.map((c) => c.id)).toEqual([key.id]);

    const audit = await auditOf(['webauthn.register']);
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toContain('webauthn.register ok');
    expect(audit.find((a) => a.outcome === 'ok')?.detail).toMatchObject({ name: 'Blue key' });
  });

  it('refuses a key answer made for another origin', async () => {
    const officer = asSession(await post('/session', demoSignInBody('officer', t.app)));
    const other = new SoftAuthenticator({ origin: 'https://evil.example', rpId: 'localhost' });
    const o = (await post('/account/security-keys/options', {}, officer)).json() as { challenge: string };
    const res = await post('/account/security-keys', { name: 'Other', response: other.register(o) }, officer);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('response');
  });

  it('signs in with the key instead of the code', async () => {
    const pending = await pendingOfficer();
    // A passphrase-only session cannot add keys.
    expect((await post('/account/security-keys/options', {}, pending)).statusCode).toBe(401);
    const options = await post('/session/security-key/options', {}, pending);
    expect(options.statusCode, options.body).toBe(200);
    const o = options.json() as { challenge: string; allowCredentials: Array<{ id: string }> };
    expect(o.allowCredentials.map((c) => c.id)).toEqual([key.id]);
    const res = await post('/session/security-key', { response: key.assert(o) }, pending);
    expect(res.statusCode, res.body).toBe(200);
    const active = asSession(res);
    expect(active.body.stage).toBe('active');
    expect((await get('/session', active)).statusCode).toBe(200);
    const row = await d.db
      .selectFrom('webauthn_credentials')
      .select(['counter', 'last_used_at'])
      .where('id', '=', keyId)
      .executeTakeFirstOrThrow();
    expect(Number(row.counter)).toBe(key.counter);
    expect(row.last_used_at).not.toBeNull();
    const audit = await auditOf(['session.mfa']);
    expect(audit.at(-1)).toMatchObject({ outcome: 'ok', detail: { secondFactor: 'security key' } });
  });

  it('refuses a replayed answer, a counter that went back, another origin and an expired challenge', async () => {
    // Replay: the answer accepted before, sent to a new session's challenge.
    let pending = await pendingOfficer();
    const o1 = (await post('/session/security-key/options', {}, pending)).json() as { challenge: string };
    const good = key.assert(o1);
    expect((await post('/session/security-key', { response: good }, pending)).statusCode).toBe(200);
    pending = await pendingOfficer();
    await post('/session/security-key/options', {}, pending);
    const replay = await post('/session/security-key', { response: good }, pending);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('mfa_failed');

    // A clone of the key: its counter is behind the one stored.
    pending = await pendingOfficer();
    const o2 = (await post('/session/security-key/options', {}, pending)).json() as { challenge: string };
    const behind = await post('/session/security-key', { response: key.assert(o2, { counter: 1 }) }, pending);
    expect(behind.statusCode).toBe(401);
    key.counter = 100; // the real key carries on from where it was

    // Another origin.
    pending = await pendingOfficer();
    const o3 = (await post('/session/security-key/options', {}, pending)).json() as { challenge: string };
    const phished = await post(
      '/session/security-key',
      { response: key.assert(o3, { origin: 'https://evil.example' }) },
      pending,
    );
    expect(phished.statusCode).toBe(401);

    // A challenge kept past its expiry.
    pending = await pendingOfficer();
    const o4 = (await post('/session/security-key/options', {}, pending)).json() as { challenge: string };
    t.clock.advance(CHALLENGE_TTL_MS + 1000);
    const late = await post('/session/security-key', { response: key.assert(o4) }, pending);
    expect(late.statusCode).toBe(401);

    const reasons = (await auditOf(['session.mfa']))
      .filter((a) => a.outcome === 'failed')
      .map((a) => (a.detail as { reason: string }).reason);
    expect(reasons).toEqual([
      'assertion not valid',
      'signature counter did not increase',
      'assertion not valid',
      'no challenge or challenge expired',
    ]);
  });

  it('removes a key only with the passphrase and a current code, audited', async () => {
    t.clock.advance(10 * 60_000);
    const officer = asSession(await post('/session', demoSignInBody('officer', t.app)));
    const code = demoTotpCode('officer', t.clock.now());
    const wrong = await post(
      `/account/security-keys/${keyId}/remove`,
      { passphrase: 'not it at all', code },
      officer,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('passphrase');
    expect(await d.db.selectFrom('webauthn_credentials').select('id').execute()).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    const ok = await post(
      `/account/security-keys/${keyId}/remove`,
      { passphrase: DEMO_PASSPHRASE, code: demoTotpCode('officer', t.clock.now()) },
      officer,
    );
    expect(ok.statusCode, ok.body).toBe(204);
    expect(await d.db.selectFrom('webauthn_credentials').select('id').execute()).toHaveLength(0);
    const audit = await auditOf(['session.reauthenticate', 'webauthn.remove']);
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'session.reauthenticate failed',
      'session.reauthenticate ok',
      'webauthn.remove ok',
    ]);
    expect(audit.at(-1)?.detail).toMatchObject({ name: 'Blue key' });
    // No key: the sign-in offers the code only.
    const pending = await pendingOfficer();
    const none = await post('/session/security-key/options', {}, pending);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('no_security_key');
    expect((await verifyAuditChain(d.db, null)).ok).toBe(true);
  });
});
