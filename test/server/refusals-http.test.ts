// A refusal that names a rule carries the rule's plain explanation, on the problem and on each field, so
// the browser shows both next to the field without a copy of the rule table.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { SEPARATION_RULES } from '../../src/domain/permissions.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let server: FastifyInstance;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
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

type Session = DemoSession;
const signIn = (username: string): Promise<Session> => signInDemo(server, username, t.app);
const caseByNumber = (n: string) =>
  d.db.selectFrom('cases').selectAll().where('case_number', '=', n).executeTakeFirstOrThrow();

describe('refusals name the rule and explain it', () => {
  it('gives each field problem its rule and the rule’s plain explanation', async () => {
    const officer = await signIn('officer');
    const c = await caseByNumber('RL-2026-000001');
    const res = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/exigencies`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
      payload: { action: 'Removal hearing on 2026-07-02', reason: 'Noted.' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      {
        field: 'reason',
        rule: 'SUBSTANCE-STOCK-PHRASE',
        message: expect.stringContaining('is a stock phrase, not a reason'),
        explanation: expect.stringContaining('A stock phrase instead of a reason'),
      },
    ]);
  });

  it('explains the rule of a refusal by permission', async () => {
    const auditor = await signIn('auditor');
    const c = await caseByNumber('RL-2026-000001');
    const res = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/close`,
      headers: { cookie: auditor.cookie, 'x-csrf-token': auditor.csrf },
      payload: { reason: 'The auditor may not close a case.' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ rule: expect.any(String), ruleExplanation: expect.any(String) });
  });

  it('answers a case of another office exactly as an unknown case, and audits the scope rule', async () => {
    const officer = await signIn('officer');
    const other = await caseByNumber('RL-2026-000005');
    const get = (id: string) =>
      server.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: { cookie: officer.cookie } });
    const res = await get(other.id);
    const unknown = await get('00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined });
    expect(strip(res.json())).toEqual(strip(unknown.json()));
    const denied = await d.db
      .selectFrom('audit_log')
      .select(['detail', 'case_id'])
      .where('action', '=', 'case.read')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.some((e) => (e.detail as { rule?: string }).rule === 'SCOPE-OWN-OFFICE')).toBe(true);
  });

  it('leaves out an explanation for a field problem without a rule', async () => {
    const officer = await signIn('officer');
    const c = await caseByNumber('RL-2026-000001');
    const res = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/exigencies`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
      payload: { action: '', reason: '' },
    });
    expect(res.statusCode).toBe(422);
    for (const e of res.json().errors) expect(e.explanation).toBeUndefined();
  });
});

describe('GET /who-may-do-what', () => {
  it('gives every signed-in user the separation-of-duties table and the roles of each action, in plain words', async () => {
    const auditor = await signIn('auditor');
    const res = await server.inject({
      method: 'GET',
      url: '/api/v1/who-may-do-what',
      headers: { cookie: auditor.cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.separation.map((r: { rule: string }) => r.rule)).toEqual(SEPARATION_RULES.map((r) => r.id));
    expect(body.separation[0]).toMatchObject({
      rule: 'SOD-SELF-APPROVAL',
      duties: [expect.stringContaining("the case's officer"), expect.stringContaining('the approver')],
      clauses: ['D6'],
      reason: expect.stringContaining('may not approve'),
      summary: expect.stringContaining('Separation of duties'),
    });
    expect(body.permissions).toContainEqual({
      action: 'contest.decide',
      describe: 'decide a contest',
      roles: ['Agency attorney'],
      training: false,
    });
  });

  it('is refused without a session', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/who-may-do-what' });
    expect(res.statusCode).toBe(401);
  });
});
