import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

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

type Session = { cookie: string; csrf: string };
async function signIn(username: string): Promise<Session> {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  return { cookie: `redline_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}
const get = (s: Session, url: string) =>
  server.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: s.cookie } });

async function caseByNumber(n: string) {
  return d.db.selectFrom('cases').selectAll().where('case_number', '=', n).executeTakeFirstOrThrow();
}

describe('read endpoints', () => {
  it('documents them in OpenAPI', async () => {
    const paths = Object.keys(
      (await server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/persons/{id}',
        '/api/v1/notices/{id}',
        '/api/v1/notices',
        '/api/v1/queues',
        '/api/v1/liaison-requests/{id}',
        '/api/v1/cases/{id}/history',
        '/api/v1/dashboard',
        '/api/v1/users/names',
      ]),
    );
  });

  it('reads persons and notices within the office, and refuses other offices', async () => {
    const officer = await signIn('officer');
    const nyc = await caseByNumber('RL-2026-000001');
    const mia = await caseByNumber('RL-2026-000005');
    const p = await get(officer, `/persons/${nyc.person_id}`);
    expect(p.statusCode).toBe(200);
    expect(p.json().cases.map((c: { id: string }) => c.id)).toContain(nyc.id);
    // Another office's person answers exactly as an unknown id does (the refusal is audited).
    const other = await get(officer, `/persons/${mia.person_id}`);
    const unknown = await get(officer, '/persons/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined });
    expect(strip(other.json())).toEqual(strip(unknown.json()));
    const denied = await d.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'person.read')
      .where('entity_id', '=', mia.person_id)
      .execute();
    expect(denied.map((r) => r.outcome)).toEqual(['denied']);

    const link = await d.db
      .selectFrom('case_notices')
      .selectAll()
      .where('case_id', '=', nyc.id)
      .executeTakeFirstOrThrow();
    const n = await get(officer, `/notices/${link.notice_id}`);
    expect(n.statusCode).toBe(200);
    const ref = n.json().interpolRef as string;
    const found = await get(officer, `/notices?reference=${encodeURIComponent(ref)}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((x: { id: string }) => x.id)).toEqual([link.notice_id]);
    const auditor = await signIn('auditor');
    expect((await get(auditor, `/persons/${mia.person_id}`)).statusCode).toBe(200);

    const bad = await get(officer, '/notices?reference=12345');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('querystring.reference');
    expect((await get(officer, '/notices/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('gives each role its queues with counts, paging and validation', async () => {
    const officer = await signIn('officer');
    const q = await get(officer, '/queues');
    expect(q.statusCode).toBe(200);
    const ids = q.json().queues.map((x: { id: string }) => x.id);
    expect(ids).toContain('my_cases');
    expect(ids).not.toContain('awaiting_my_approval');
    const mine = q.json().queues.find((x: { id: string }) => x.id === 'my_cases');
    expect(mine.count).toBeGreaterThan(0);
    const paged = await get(officer, '/queues?queue=my_cases&limit=1&sort=case_number&order=desc');
    expect(paged.json().queues).toHaveLength(1);
    expect(paged.json().queues[0].items).toHaveLength(1);
    expect(paged.json().queues[0].count).toBe(mine.count);
    const bad = await get(officer, '/queues?limit=0&sort=sideways');
    expect(bad.statusCode).toBe(422);

    const supervisor2 = await signIn('supervisor2');
    const s = await get(supervisor2, '/queues?queue=awaiting_my_approval');
    expect(s.statusCode).toBe(200);
    for (const item of s.json().queues[0].items) {
      const c = await caseByNumber(item.caseNumber);
      expect(c.status).toBe('open');
    }
    const coordinator = await signIn('coordinator');
    const tq = await get(coordinator, '/queues');
    expect(tq.json().queues.map((x: { id: string }) => x.id)).toEqual(['trainings_expiring']);
  });

  it('reads one request to INTERPOL Washington, office scoped and audited', async () => {
    const liaison = await signIn('liaison');
    const officer = await signIn('officer');
    const coordinator = await signIn('coordinator');
    const nyc = await caseByNumber('RL-2026-000001');
    const reqs = await d.db
      .selectFrom('liaison_requests')
      .innerJoin('cases', 'cases.id', 'liaison_requests.case_id')
      .select(['liaison_requests.id', 'liaison_requests.kind', 'cases.office_id', 'cases.id as caseId'])
      .execute();
    const own = reqs.find((r) => r.caseId === nyc.id && r.kind === 'validity')!;
    const res = await get(liaison, `/liaison-requests/${own.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: own.id, kind: 'validity', caseId: nyc.id, caseNumber: nyc.case_number });
    expect(body.status).toBe('answered');
    expect(body.notice?.interpolRef).toMatch(/^\d{4}\/\d+$/);
    expect(body.responses).toHaveLength(1);
    expect(body.confirmations).toEqual([expect.objectContaining({ result: 'valid' })]);
    expect((await get(officer, `/liaison-requests/${own.id}`)).statusCode).toBe(200);
    await foldAllReads(t.app); // reads reach the chain through the read log (services/read-log.ts)
    const audited = await d.db
      .selectFrom('audit_log')
      .select(['outcome', 'case_id'])
      .where('action', '=', 'liaison.read')
      .where('entity_id', '=', own.id)
      .execute();
    expect(audited.map((a) => a.outcome)).toEqual(['ok', 'ok']);
    const other = reqs.find((r) => r.office_id !== nyc.office_id);
    if (other) {
      const refused = await get(officer, `/liaison-requests/${other.id}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().rule).toBe('SCOPE-OWN-OFFICE');
      expect((await get(liaison, `/liaison-requests/${other.id}`)).statusCode).toBe(200);
    }
    expect((await get(coordinator, `/liaison-requests/${own.id}`)).statusCode).toBe(403);
    const missing = await get(liaison, '/liaison-requests/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
  });

  it('tells the history of a case in plain language', async () => {
    const officer = await signIn('officer');
    const c = await caseByNumber('RL-2026-000001');
    const h = await get(officer, `/cases/${c.id}/history`);
    expect(h.statusCode).toBe(200);
    const items = h.json().items as Array<{ action: string; summary: string; actorName: string }>;
    expect(items[0]!.action).toBe('case.create');
    expect(items[0]!.summary).toMatch(/opened the case\.$/);
    expect(items.some((i) => i.action === 'case.read')).toBe(false);
    const mia = await caseByNumber('RL-2026-000005');
    const refused = await get(officer, `/cases/${mia.id}/history`);
    const unknown = await get(officer, '/cases/00000000-0000-4000-8000-000000000000/history');
    expect(refused.statusCode).toBe(404);
    expect(refused.json().detail).toBe(unknown.json().detail);
  });

  it('shows the dashboard to supervisors and auditors only', async () => {
    const auditor = await signIn('auditor');
    const r = await get(auditor, '/dashboard');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.scope).toBe('all_offices');
    expect(body.casesByStateAndOffice.reduce((n: number, x: { count: number }) => n + x.count, 0)).toBe(5);
    expect(body.timeToAuthorization.cases).toBeGreaterThanOrEqual(1);
    const supervisor = await signIn('supervisor');
    const s = await get(supervisor, '/dashboard');
    expect(s.json().casesByStateAndOffice.every((x: { officeId: string }) => x.officeId === 'NYC')).toBe(
      true,
    );
    const officer = await signIn('officer');
    const o = await get(officer, '/dashboard');
    expect(o.statusCode).toBe(403);
    expect(o.json().rule).toBe('ROLE:dashboard.read');
  });

  it('pages the exigencies on the dashboard newest first with a keyset cursor, each office seeing its own', async () => {
    // 45 exigencies recorded straight in the table (the list, not the workflow, is what is tested here),
    // five of them within the same microsecond so that the cursor must break ties by id.
    const cases = await d.db.selectFrom('cases').select(['id', 'office_id']).execute();
    const officer = await d.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'officer')
      .executeTakeFirstOrThrow();
    const base = Date.parse('2026-03-01T00:00:00Z');
    const rows = Array.from({ length: 45 }, (_, i) => ({
      id: crypto.randomUUID(),
      case_id: cases[i % cases.length]!.id,
      action: `Hearing ${i}`,
      reason: `Exigency ${i} for the paging test`,
      requested_by: officer.id,
      requested_at: new Date(base + (i < 5 ? 0 : i) * 60_000),
      status: i % 3 === 0 ? 'approved' : i % 3 === 1 ? 'refused' : 'requested',
    }));
    await d.db.insertInto('exigencies').values(rows).execute();
    try {
      const auditor = await signIn('auditor');
      const dash = (await get(auditor, '/dashboard')).json().exigencies;
      expect(dash.items).toHaveLength(20);
      expect(dash.nextCursor).toEqual(expect.any(String));
      const total = dash.byOffice.reduce(
        (n: number, o: { approved: number; refused: number; requested: number }) =>
          n + o.approved + o.refused + o.requested,
        0,
      );
      expect(total).toBe(45);
      const seen: Array<{ id: string; requestedAt: string }> = [...dash.items];
      let cursor: string | null = dash.nextCursor;
      while (cursor) {
        const r = await get(auditor, `/exigencies?after=${encodeURIComponent(cursor)}&limit=7`);
        expect(r.statusCode).toBe(200);
        seen.push(...r.json().items);
        cursor = r.json().nextCursor;
      }
      expect(seen.map((x) => x.id).sort()).toEqual(rows.map((x) => x.id).sort());
      expect(new Set(seen.map((x) => x.id)).size).toBe(45);
      for (let i = 1; i < seen.length; i++)
        expect(seen[i - 1]!.requestedAt >= seen[i]!.requestedAt).toBe(true);

      // a supervisor sees only the own office's, in the counts and in every page
      const supervisor = await signIn('supervisor');
      const own = (await get(supervisor, '/dashboard')).json().exigencies;
      expect(own.byOffice.every((o: { officeId: string }) => o.officeId === 'NYC')).toBe(true);
      expect(own.items.every((x: { officeId: string }) => x.officeId === 'NYC')).toBe(true);
      const nycCases = new Set(cases.filter((c) => c.office_id === 'NYC').map((c) => c.id));
      const nycCount = rows.filter((r) => nycCases.has(r.case_id)).length;
      const allOwn = [...own.items];
      let c2: string | null = own.nextCursor;
      while (c2) {
        const r = await get(supervisor, `/exigencies?after=${encodeURIComponent(c2)}`);
        allOwn.push(...r.json().items);
        c2 = r.json().nextCursor;
      }
      expect(allOwn).toHaveLength(nycCount);

      // a cursor that is not one, or a page too large, is a field problem; an officer may not read the list
      const bad = await get(auditor, '/exigencies?after=not-a-cursor');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].field).toBe('after');
      expect((await get(auditor, '/exigencies?limit=1000')).statusCode).toBe(422);
      expect((await get(await signIn('officer'), '/exigencies')).statusCode).toBe(403);
    } finally {
      await d.db
        .deleteFrom('exigencies')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
  });

  it('names people by display name in user lists and gate reasons', async () => {
    const officer = await signIn('officer');
    const names = await get(officer, '/users/names');
    expect(names.statusCode).toBe(200);
    const me = names.json().items.find((u: { username: string }) => u.username === 'officer');
    expect(me.displayName.length).toBeGreaterThan(0);
    const c = await caseByNumber('RL-2026-000002');
    const view = await get(officer, `/cases/${c.id}`);
    expect(view.json().people[c.assigned_officer_id].displayName).toBe(me.displayName);
    const gates = await get(officer, `/cases/${c.id}/gates`);
    expect(gates.statusCode).toBe(200);
    expect(JSON.stringify(gates.json().gates.map((g: { reason: string }) => g.reason))).not.toContain(
      c.assigned_officer_id,
    );
  });
});
