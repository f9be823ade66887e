import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

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

async function signIn(username: string) {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Strict');
  return { cookie: `redline_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

describe('HTTP sessions', () => {
  it('signs in as every demo role', async () => {
    for (const u of ['officer', 'supervisor', 'liaison', 'attorney', 'auditor', 'coordinator', 'admin']) {
      const s = await signIn(u);
      const me = await server.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { cookie: s.cookie },
      });
      expect(me.json().user.username).toBe(u);
    }
  });

  it('answers a wrong passphrase with a problem document that does not reveal the account', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', passphrase: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'login_failed', status: 401 });
  });

  it('names each bad field and never 500s on malformed bodies', async () => {
    const res = await server.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 5 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.username',
      'body.passphrase',
    ]);
    const bad = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses a state-changing request without the CSRF token, and accepts it with the token', async () => {
    const s = await signIn('admin');
    const body = {
      username: 'new.officer',
      displayName: 'New Officer',
      role: 'officer',
      officeId: 'NYC',
      passphrase: 'a long enough passphrase',
    };
    const without = await server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'csrf_failed', rule: 'CSRF-SYNCHRONIZER-TOKEN' });
    const wrong = await server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses an officer creating accounts with the rule that refused it', async () => {
    const s = await signIn('officer');
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { username: 'x.y', displayName: 'X', role: 'auditor', passphrase: 'a long enough passphrase' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', rule: 'ROLE:user.manage' });
  });

  it('logout ends the session on the server, so the old cookie no longer works', async () => {
    const s = await signIn('auditor');
    const out = await server.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(204);
    const again = await server.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: s.cookie },
    });
    expect(again.statusCode).toBe(401);
  });

  it('serves security headers, the OpenAPI document and the docs', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths['/api/v1/session']).toBeDefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const docs = await server.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});

describe('INTERPOL public notice import over HTTP', () => {
  it('prefills from the public JSON and names bad fields', async () => {
    const s = await signIn('officer');
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const body = {
      entity_id: '2021/55555',
      name: 'DEMO',
      forename: 'X',
      date_of_birth: '1970/01/31',
      nationalities: ['TJ'],
      arrest_warrants: [{ charge: 'Extremism', issuing_country_id: 'TJ', charge_translation: null }],
    };
    const ok = await server.inject({
      method: 'POST',
      url: '/api/v1/notices/interpol-extract',
      headers,
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().notice.interpolRef).toBe('2021/55555');
    expect(ok.json().warnings[0]).toMatch(/INTERPOL Washington/);
    const bad = await server.inject({
      method: 'POST',
      url: '/api/v1/notices/interpol-extract',
      headers,
      payload: { ...body, entity_id: 'x', nationalities: ['tj'] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.entity_id',
      'body.nationalities.0',
    ]);
  });
});
