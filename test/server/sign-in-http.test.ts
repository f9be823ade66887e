// Sign-in over HTTP: one 401 for every failed sign-in, 429 with Retry-After while an account must wait,
// weak passphrases refused with a 422 naming the field, and the second factor (TOTP and recovery codes).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;
const PASS = 'plum kettle orbit lantern';

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
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
const post = (url: string, payload: object, s?: Session, ip = '127.0.0.1') =>
  server.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    remoteAddress: ip,
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
  });
const get = (url: string, s: Session) =>
  server.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: s.cookie } });
const withoutRequestId = (res: LightMyRequestResponse) => {
  const { requestId: _ignored, ...rest } = res.json() as Record<string, unknown>;
  return { status: res.statusCode, body: rest };
};
const codeAt = (secret: string, offsetSeconds = 0) =>
  generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) + offsetSeconds, period: 30 });

async function admin(): Promise<Session> {
  const res = await post('/session', demoSignInBody('admin', t.app));
  expect(res.statusCode, res.body).toBe(200);
  return asSession(res);
}

async function newUser(username: string, role: string, officeId: string | null = 'NYC') {
  const res = await post(
    '/users',
    { username, displayName: `Test ${username}`, role, officeId, passphrase: PASS },
    await admin(),
  );
  expect(res.statusCode, res.body).toBe(201);
}

describe('failed sign-ins', () => {
  it('answers an unknown, a disabled account and a wrong passphrase with the same 401', async () => {
    await newUser('gone.officer', 'officer');
    const a = await admin();
    expect((await post('/users/gone.officer/disable', {}, a)).statusCode).toBe(200);
    const unknown = await post('/session', { username: 'no.one', passphrase: PASS }, undefined, '10.9.0.1');
    const disabled = await post(
      '/session',
      { username: 'gone.officer', passphrase: PASS },
      undefined,
      '10.9.0.2',
    );
    const wrong = await post('/session', { username: 'officer', passphrase: PASS }, undefined, '10.9.0.3');
    expect(withoutRequestId(unknown)).toMatchObject({ status: 401, body: { code: 'login_failed' } });
    expect(withoutRequestId(disabled)).toEqual(withoutRequestId(unknown));
    expect(withoutRequestId(wrong)).toEqual(withoutRequestId(unknown));
  });

  it('answers 429 with Retry-After while the account waits, for unknown usernames too', async () => {
    for (const username of ['officer2', 'not.an.account']) {
      for (let i = 0; i < 4; i++)
        expect((await post('/session', { username, passphrase: 'wrong wrong wrong' })).statusCode).toBe(401);
      const early = await post('/session', { username, passphrase: DEMO_PASSPHRASE });
      expect(early.statusCode).toBe(429);
      expect(early.headers['retry-after']).toBe('2');
      expect(early.json()).toMatchObject({ code: 'sign_in_delayed', retryAfterSeconds: 2 });
      t.clock.advance(2_000);
    }
    expect((await post('/session', demoSignInBody('officer2', t.app))).statusCode).toBe(200);
  });

  it('refuses weak passphrases for new accounts with a 422 naming the field, in plain words', async () => {
    const a = await admin();
    for (const passphrase of ['aaaaaaaa', 'Summer2026']) {
      const res = await post(
        '/users',
        { username: 'weak.pass', displayName: 'Weak Pass', role: 'auditor', passphrase },
        a,
      );
      expect(res.statusCode).toBe(422);
      const errors = res.json().errors as Array<{ field: string; message: string }>;
      expect(errors.some((e) => e.field === 'passphrase' && /too easy to guess/.test(e.message))).toBe(true);
    }
  });
});

describe('second factor (TOTP)', () => {
  it('signs an enrolled account in with two steps, and a passphrase-only session can do nothing else', async () => {
    const first = await post('/session', { username: 'auditor', passphrase: DEMO_PASSPHRASE });
    expect(first.statusCode).toBe(200);
    const pending = asSession(first);
    expect(pending.body.stage).toBe('mfa');
    expect((await get('/audit', pending)).statusCode).toBe(401);
    expect((await get('/session', pending)).statusCode).toBe(401);
    const wrong = await post('/session/mfa', { code: '000000' }, pending);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('mfa_failed');
    const ok = await post('/session/mfa', { code: demoTotpCode('auditor', t.clock.now()) }, pending);
    expect(ok.statusCode, ok.body).toBe(200);
    const active = asSession(ok);
    expect(active.body.stage).toBe('active');
    expect(active.cookie).not.toBe(pending.cookie);
    expect((await get('/session', active)).statusCode).toBe(200);
    // The pending session's cookie is worth nothing now.
    expect(
      (await post('/session/mfa', { code: demoTotpCode('auditor', t.clock.now()) }, pending)).statusCode,
    ).toBe(401);
    const audit = await d.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'detail'])
      .where('actor_username', '=', 'auditor')
      .where('action', 'in', ['session.login', 'session.mfa'])
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'session.login ok',
      'session.mfa failed',
      'session.mfa ok',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/\b\d{6}\b/);
  });

  it('makes a privileged account without a second factor enrol before anything else, then shows recovery codes once', async () => {
    await newUser('new.supervisor', 'supervisor');
    const first = asSession(await post('/session', { username: 'new.supervisor', passphrase: PASS }));
    expect(first.body.stage).toBe('enrol');
    expect((await get('/cases', first)).statusCode).toBe(401);
    const start = await post('/session/mfa/enrolment', {}, first);
    expect(start.statusCode, start.body).toBe(200);
    const { secret, otpauthUri, qrDataUrl } = start.json() as Record<string, string>;
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Redline:new\.supervisor\?/);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const bad = await post('/session/mfa/enrolment/confirm', { code: '123456' }, first);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('code');
    const confirmed = await post('/session/mfa/enrolment/confirm', { code: codeAt(secret!) }, first);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { recoveryCodes, session } = confirmed.json() as {
      recoveryCodes: string[];
      session: { stage: string };
    };
    expect(recoveryCodes).toHaveLength(10);
    expect(session.stage).toBe('active');
    const activeCookie = confirmed.cookies.find((c) => c.name === 'redline_session')!;
    const active: Session = {
      cookie: `redline_session=${activeCookie.value}`,
      csrf: (session as unknown as { csrfToken: string }).csrfToken,
      body: session,
    };
    const status = await get('/session/mfa', { ...active, csrf: '' });
    expect(status.json()).toEqual({ enrolled: true, required: true, recoveryCodesLeft: 10 });
    // Neither the secret nor the codes are stored in clear, nor returned again.
    const row = await d.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .innerJoin('users', 'users.id', 'recovery_codes.user_id')
      .where('users.username', '=', 'new.supervisor')
      .execute();
    expect(row.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]!);
    expect(JSON.stringify((await get('/session', active)).json())).not.toContain(secret!);
    expect((await post('/session/mfa/enrolment', {}, active)).statusCode).toBe(409);

    // The code just used to confirm cannot sign in again within its window; the next one can.
    const again = await post('/session', {
      username: 'new.supervisor',
      passphrase: PASS,
      code: codeAt(secret!),
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('mfa_failed');
    t.clock.advance(30_000);
    const next = await post('/session', {
      username: 'new.supervisor',
      passphrase: PASS,
      code: codeAt(secret!),
    });
    expect(next.statusCode, next.body).toBe(200);
    expect(asSession(next).body.stage).toBe('active');

    // A recovery code works once.
    const pending = asSession(await post('/session', { username: 'new.supervisor', passphrase: PASS }));
    expect((await post('/session/mfa', { recoveryCode: recoveryCodes[0]! }, pending)).statusCode).toBe(200);
    const pending2 = asSession(await post('/session', { username: 'new.supervisor', passphrase: PASS }));
    expect((await post('/session/mfa', { recoveryCode: recoveryCodes[0]! }, pending2)).statusCode).toBe(401);
    expect((await post('/session/mfa', { recoveryCode: recoveryCodes[1]! }, pending2)).statusCode).toBe(200);

    // New recovery codes need a current code; the old ones stop working.
    t.clock.advance(30_000);
    const regen = await post('/session/mfa/recovery-codes', { code: codeAt(secret!) }, active);
    expect(regen.statusCode, regen.body).toBe(200);
    const fresh = (regen.json() as { recoveryCodes: string[] }).recoveryCodes;
    expect(fresh).toHaveLength(10);
    const pending3 = asSession(await post('/session', { username: 'new.supervisor', passphrase: PASS }));
    expect((await post('/session/mfa', { recoveryCode: recoveryCodes[2]! }, pending3)).statusCode).toBe(401);
    expect((await post('/session/mfa', { recoveryCode: fresh[0]! }, pending3)).statusCode).toBe(200);
  });

  it('lets an officer sign in without a second factor, and enrol one from the account page', async () => {
    await newUser('plain.officer', 'officer');
    const s = asSession(await post('/session', { username: 'plain.officer', passphrase: PASS }));
    expect(s.body.stage).toBe('active');
    const status = await get('/session/mfa', s);
    expect(status.json()).toEqual({ enrolled: false, required: false, recoveryCodesLeft: 0 });
  });

  it('lets an administrator remove a lost authenticator; the person enrols again', async () => {
    await newUser('lost.attorney', 'attorney');
    const s = asSession(await post('/session', { username: 'lost.attorney', passphrase: PASS }));
    const { secret } = (await post('/session/mfa/enrolment', {}, s)).json() as { secret: string };
    expect((await post('/session/mfa/enrolment/confirm', { code: codeAt(secret!) }, s)).statusCode).toBe(200);
    const a = await admin();
    const reset = await server.inject({
      method: 'DELETE',
      url: '/api/v1/users/lost.attorney/mfa',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(reset.statusCode).toBe(204);
    const after = asSession(await post('/session', { username: 'lost.attorney', passphrase: PASS }));
    expect(after.body.stage).toBe('enrol');
  });
});
