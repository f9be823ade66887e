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
    webRoot: false,
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
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  return { cookie: `redline_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

describe('GET /cases?q= (finding cases)', () => {
  it('finds a case by name, notice reference or case number, within the office, with the name listed', async () => {
    const officer = await signIn('officer');
    const get = (url: string, s = officer) =>
      server.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: s.cookie } });
    const opened = await server.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
      payload: {
        purpose: 'law_enforcement_action',
        person: {
          familyName: 'Rahimov',
          givenNames: 'Мухаммад',
          aNumber: 'A301234567',
          languages: ['tg', 'ru'],
        },
        notice: { type: 'red_notice', interpolRef: '2024/771177', issuingCountry: 'TJ' },
      },
    });
    expect(opened.statusCode).toBe(201);
    const { caseNumber } = opened.json() as { caseNumber: string };
    for (const q of ['Muhammad Rahimov', 'A301234567', '2024/771177', caseNumber]) {
      const res = await get(`/cases?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      const body = res.json() as { total: number; items: Array<{ caseNumber: string; personName: string }> };
      expect(body.total, q).toBe(1);
      expect(body.items[0]).toMatchObject({ caseNumber, personName: 'Rahimov, Мухаммад' });
    }
    const other = await signIn('officer2');
    expect((await get(`/cases?q=${encodeURIComponent(caseNumber)}`, other)).json().total).toBe(0);
    const tooLong = await get(`/cases?q=${'x'.repeat(201)}`);
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().errors[0].field).toMatch(/q$/);
  });
});
