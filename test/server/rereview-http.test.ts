/**
 * The re-review queue and the oversight report over HTTP. On PostgreSQL (REDLINE_TEST_DB=postgres) the
 * concurrent "take next" requests really run at the same time on separate connections; on PGlite they are
 * served one after the other, and the same invariants must hold.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases, type SyntheticCase } from '../helpers/synthetic-cases.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

const CASES = 24;

beforeAll(async () => {
  d = await testDatabase('review');
  t = testApp(d);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  const base: SyntheticCase = {
    office: 'NYC',
    status: 'open',
    custody: 'in_custody',
    inProceedings: true,
    strongIndicators: [],
    contextualIndicators: [],
    categories: ['fraud'],
    noticeStatus: 'valid',
    issuingCountry: 'TR',
    disclosed: false,
    createdAt: new Date('2024-02-01T00:00:00Z'),
    authorizedAfterHours: null,
    contest: null,
  };
  await insertSyntheticCases(
    d.db,
    Array.from({ length: CASES }, (_, i) => ({ ...base, createdAt: new Date(Date.UTC(2024, 1, 1 + i)) })),
  );
}, 300_000);
afterAll(async () => {
  await server.close();
  await d.close();
});

const send = (s: DemoSession, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: payload as object,
  });

describe('take next under concurrent requests', () => {
  it('never gives one case to two reviewers', async () => {
    const a = await signInDemo(server, 'supervisor2', t.app);
    const b = await signInDemo(server, 'attorney', t.app);
    const requests = Array.from({ length: 16 }, (_, i) => send(i % 2 ? a : b, 'POST', '/rereview/next'));
    const answers = await Promise.all(requests);
    for (const r of answers) expect(r.statusCode, r.body).toBe(200);
    const taken = answers.map((r) => (r.json() as { taken: { caseId: string } | null }).taken?.caseId);
    expect(taken.every((x) => typeof x === 'string')).toBe(true);
    expect(new Set(taken).size).toBe(taken.length);
    // Each case is assigned, in the database, to the reviewer whose answer named it.
    const rows = await d.db
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.rereview_assignee')
      .select(['cases.id', 'users.username'])
      .where('cases.rereview_state', '=', 'assigned')
      .execute();
    expect(rows.length).toBe(16);
    answers.forEach((r, i) => {
      const id = (r.json() as { taken: { caseId: string } }).taken.caseId;
      expect(rows.find((x) => x.id === id)?.username).toBe(i % 2 ? 'supervisor2' : 'attorney');
    });
    // Taken from the top: the oldest cases of the highest tier went first.
    const queue = await send(a, 'GET', '/rereview/queue?limit=50');
    const body = queue.json() as {
      items: { tier: number; since: string }[];
      mine: unknown[];
      pending: number;
    };
    expect(body.mine.length).toBe(8);
    const takenSince = await d.db
      .selectFrom('cases')
      .select('rereview_since')
      .where('rereview_state', '=', 'assigned')
      .execute();
    const latestTaken = Math.max(...takenSince.map((x) => new Date(x.rereview_since).getTime()));
    const sameTier = body.items.filter((x) => x.tier === 7);
    for (const x of sameTier) expect(new Date(x.since).getTime()).toBeGreaterThan(latestTaken);
  });

  it('refuses the outcome of a case you did not take, and records one of a case you did', async () => {
    const a = await signInDemo(server, 'supervisor2', t.app);
    const b = await signInDemo(server, 'attorney', t.app);
    const mine = (await send(a, 'GET', '/rereview/queue?limit=1')).json() as { mine: { caseId: string }[] };
    const id = mine.mine[0]!.caseId;
    const reasons =
      'The person has been held since February with no independent basis on file; the notice is the only ground named in the detention record, so counsel must review it.';
    const refused = await send(b, 'POST', `/rereview/cases/${id}/outcome`, {
      outcome: 'referral_counsel',
      reasons,
    });
    expect(refused.statusCode).toBe(409);
    const bad = await send(a, 'POST', `/rereview/cases/${id}/outcome`, { outcome: 'maybe', reasons });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('outcome');
    const ok = await send(a, 'POST', `/rereview/cases/${id}/outcome`, {
      outcome: 'referral_counsel',
      reasons,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const entry = await d.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'case_id'])
      .where('action', '=', 'rereview.outcome')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ outcome: 'ok', case_id: id });
  });

  it('the officer may not read the queue', async () => {
    const o = await signInDemo(server, 'officer', t.app);
    expect((await send(o, 'GET', '/rereview/queue')).statusCode).toBe(403);
    expect((await send(o, 'POST', '/rereview/next')).statusCode).toBe(403);
  });
});

describe('the oversight report over HTTP', () => {
  it('serves the JSON, the CSV and the PDF to the auditor, and audits each', async () => {
    const s = await signInDemo(server, 'auditor', t.app);
    const q = 'from=2024-01-01&to=2024-12-31';
    const json = await send(s, 'GET', `/reports/oversight?${q}`);
    expect(json.statusCode, json.body).toBe(200);
    const body = json.json() as {
      tables: { id: string; table: { cells: number[][] }; published: { cells: (number | null)[][] } }[];
    };
    const byState = body.tables.find((x) => x.id === 'cases_by_state')!;
    expect(byState.table.cells.flat().reduce((a, b) => a + b, 0)).toBe(CASES);
    const csv = await send(s, 'GET', `/reports/oversight.csv?${q}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('section,row,column,value');
    const pdf = await send(s, 'GET', `/reports/oversight.pdf?${q}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const entries = await d.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'report.oversight')
      .where('outcome', '=', 'ok')
      .execute();
    expect(entries.map((e) => (e.detail as { format: string }).format).sort()).toEqual([
      'csv',
      'json',
      'pdf',
    ]);
  });

  it('keeps the director to their own office and refuses bad input naming the field', async () => {
    const s = await signInDemo(server, 'director', t.app);
    const other = await send(s, 'GET', '/reports/oversight?from=2024-01-01&to=2024-12-31&office=MIA');
    const unknown = await send(s, 'GET', '/reports/oversight?from=2024-01-01&to=2024-12-31&office=XXX');
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(other.json().detail).toBe(unknown.json().detail);
    const own = await send(s, 'GET', '/reports/oversight?from=2024-01-01&to=2024-12-31');
    expect((own.json() as { officeId: string }).officeId).toBe('NYC');
    const bad = await send(s, 'GET', '/reports/oversight?from=yesterday&to=2024-12-31');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('from');
    const o = await signInDemo(server, 'officer', t.app);
    expect((await send(o, 'GET', '/reports/oversight?from=2024-01-01&to=2024-12-31')).statusCode).toBe(403);
  });
});
