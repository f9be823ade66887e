import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
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

async function as(username: string) {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  const cookie = `redline_session=${res.cookies.find((c) => c.name === 'redline_session')!.value}`;
  const csrf = res.json().csrfToken as string;
  return (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    server.inject({
      method,
      url,
      headers: { cookie, 'x-csrf-token': csrf },
      ...(payload ? { payload: payload as object } : {}),
    });
}

describe('training, policy and audit over HTTP', () => {
  it('coordinators import training; officers may not', async () => {
    const coord = await as('coordinator');
    const ok = await coord('POST', '/api/v1/training/import', {
      csv: 'username,course,completed_on\nliaison,Annual,2026-05-01\n',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().imported).toBe(1);
    const bad = await coord('POST', '/api/v1/training/import', {
      csv: 'username,course,completed_on\nliaison,Annual,01/05/2026\n',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('line 2.completed_on');
    const list = await coord('GET', '/api/v1/training');
    expect(list.json().items.find((i: { username: string }) => i.username === 'officer').current).toBe(true);
    const officer = await as('officer');
    const refused = await officer('POST', '/api/v1/training/import', {
      csv: 'username,course,completed_on\nofficer,x,2026-01-01\n',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('administrators version the policy; bounds are enforced per field', async () => {
    const admin = await as('admin');
    const settings = {
      validityFreshnessHours: 12,
      trainingValidityDays: 365,
      contestWindowDays: 30,
      liaisonDeadlineDays: { validity: 2, documentation: 30, use_authorization: 14 },
      liaisonFollowUpDays: 7,
    };
    const saved = await admin('PUT', '/api/v1/policy', { settings, note: 'tighter validity window' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(2);
    const tooLong = await admin('PUT', '/api/v1/policy', {
      settings: { ...settings, validityFreshnessHours: 10_000 },
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().errors[0].field).toBe('body.settings.validityFreshnessHours');
    const supervisor = await as('supervisor');
    expect((await supervisor('PUT', '/api/v1/policy', { settings })).statusCode).toBe(403);
    const current = await supervisor('GET', '/api/v1/policy');
    expect(current.json().current.validityFreshnessHours).toBe(12);
  });

  it('auditors search and verify the chain; the chain breaks visibly after tampering', async () => {
    const auditor = await as('auditor');
    const search = await auditor('GET', '/api/v1/audit?outcome=denied');
    expect(search.statusCode).toBe(200);
    expect(search.json().items.length).toBeGreaterThan(0);
    const verified = await auditor('POST', '/api/v1/audit/verify');
    expect(verified.json()).toMatchObject({ ok: true });
    await sql`update audit_log set action = 'x' where seq = 3`.execute(d.db);
    const broken = await auditor('POST', '/api/v1/audit/verify');
    expect(broken.json()).toMatchObject({ ok: false, firstBad: { seq: 3 } });
    const admin = await as('admin');
    expect((await admin('GET', '/api/v1/audit')).statusCode).toBe(403);
  });
});
