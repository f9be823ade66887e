/**
 * `GET /cases/:id` reads the session in the case's own statement (services/case-page.ts#readCaseSignedIn,
 * server/auth.ts#deferredSession). Two server instances share one database, as stateless instances do: a
 * sign-out, a disabled account or a session past its limit on one takes effect on the very next case read
 * on the other; the read's entry names the session's account; another office's case, a role that may not
 * read cases and an unknown case are refused and audited as before, with no read entry.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import {
  LAST_SEEN_EVERY_MS,
  SESSION_IDLE_MS,
  sessionIdOf,
  setUserDisabled,
} from '../../src/services/accounts.ts';
import { getCase } from '../../src/services/case/read.ts';
import { getCasePage } from '../../src/services/case-page.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;
let a: FastifyInstance;
let b: FastifyInstance;
let caseId: string;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  d = await testDatabase('caseread');
  t = testApp(d);
  w = caseWalker(t);
  await seedDemo(t.system);
  caseId = (await w.open('officer')).id; // an NYC case
  const opts = { app: t.app, secureCookies: false, cookieSecret: 'test-secret-test-secret-test-secret' };
  a = await buildServer(opts);
  b = await buildServer(opts);
}, 900_000);
afterAll(async () => {
  await a.close();
  await b.close();
  await d.close();
});

async function signIn(server: FastifyInstance, username: string) {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  expect(res.statusCode, res.body).toBe(200);
  const value = res.cookies.find((c) => c.name === 'redline_session')!.value;
  // the signed cookie is `token.signature`; the session is stored under the token's digest
  const sessionId = sessionIdOf(decodeURIComponent(value).split('.')[0]!);
  return { cookie: `redline_session=${value}`, csrf: res.json().csrfToken as string, sessionId };
}

const read = (
  server: FastifyInstance,
  cookie: string | null,
  url = `/api/v1/cases/${caseId}`,
  passive = false,
) =>
  server.inject({
    method: 'GET',
    url,
    headers: { ...(cookie ? { cookie } : {}), ...(passive ? { 'x-redline-activity': 'passive' } : {}) },
  });

const requestId = (res: LightMyRequestResponse) => String(res.headers['x-request-id']);
const readEntries = (res: LightMyRequestResponse) =>
  d.db.selectFrom('read_log').selectAll().where('request_id', '=', requestId(res)).execute();
const chainEntries = (res: LightMyRequestResponse) =>
  d.db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId(res)).execute();
const readCount = async () =>
  Number(
    (
      await d.db
        .selectFrom('read_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const sessionRow = (id: string) =>
  d.db
    .selectFrom('sessions')
    .select(['ended_at', 'end_reason', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('a case read with its session in one statement', () => {
  it('answers what the service answers, with one entry naming the account and the request', async () => {
    const officer = await signIn(a, 'officer');
    const res = await read(b, officer.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const service = await getCase(await w.as('officer'), caseId);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(service)));
    const user = await d.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'officer')
      .executeTakeFirstOrThrow();
    const [entry, ...more] = await readEntries(res);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      action: 'case.read',
      outcome: 'ok',
      actor_id: user.id,
      actor_username: 'officer',
      actor_role: 'officer',
      entity_type: 'case',
      entity_id: caseId,
      case_id: caseId,
      detail: {},
      source_ip: '127.0.0.1',
    });
    expect(await chainEntries(res)).toHaveLength(0);

    const page = await read(b, officer.cookie, `/api/v1/cases/${caseId}?include=gates,history,facts`);
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json();
    const servicePage = JSON.parse(
      JSON.stringify(await getCasePage(await w.as('officer'), caseId, ['gates', 'history', 'facts'])),
    );
    // the history holds the reads themselves, and the gates their time: the rest is the same
    for (const v of [body, servicePage]) {
      delete v.history;
      delete v.gates.evaluatedAt;
    }
    expect(body).toEqual(servicePage);
    expect((await readEntries(page)).map((e) => [e.actor_username, e.detail])).toEqual([
      ['officer', { include: ['gates', 'history', 'facts'] }],
    ]);
  });

  it('a sign-out on one instance takes effect on the next read on the other', async () => {
    const officer = await signIn(a, 'officer');
    expect((await read(b, officer.cookie)).statusCode).toBe(200);
    const out = await a.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
    });
    expect(out.statusCode).toBe(204);
    const before = await readCount();
    const res = await read(b, officer.cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('not_signed_in');
    expect(await readCount()).toBe(before);
  });

  it('a disabled account is refused on the next read, and its session is ended', async () => {
    const supervisor = await signIn(a, 'supervisor');
    expect((await read(b, supervisor.cookie)).statusCode).toBe(200);
    await setUserDisabled(await w.as('admin'), 'supervisor', true);
    try {
      const before = await readCount();
      const res = await read(b, supervisor.cookie);
      expect(res.statusCode).toBe(401);
      expect(await readCount()).toBe(before);
      expect(await sessionRow(supervisor.sessionId)).toMatchObject({ end_reason: 'account disabled' });
      expect((await sessionRow(supervisor.sessionId)).ended_at).not.toBeNull();
    } finally {
      await setUserDisabled(await w.as('admin'), 'supervisor', false);
    }
  });

  it('a session past its idle limit is refused and ended; a passive read does not slide the limit', async () => {
    const officer = await signIn(a, 'officer');
    const session = await sessionRow(officer.sessionId);
    t.clock.advance(LAST_SEEN_EVERY_MS * 2);
    expect((await read(b, officer.cookie, undefined, true)).statusCode).toBe(200);
    expect((await sessionRow(officer.sessionId)).last_seen_at).toEqual(session.last_seen_at);
    expect((await read(b, officer.cookie)).statusCode).toBe(200);
    const seen = (await sessionRow(officer.sessionId)).last_seen_at;
    expect(new Date(seen).getTime()).toBe(t.clock.now().getTime());
    t.clock.advance(SESSION_IDLE_MS);
    const before = await readCount();
    const res = await read(b, officer.cookie);
    expect(res.statusCode).toBe(401);
    expect(await readCount()).toBe(before);
    expect(await sessionRow(officer.sessionId)).toMatchObject({ end_reason: 'idle timeout' });
  });

  it('no cookie, or one not validly signed: 401 without reading', async () => {
    const before = await readCount();
    expect((await read(b, null)).statusCode).toBe(401);
    expect((await read(b, 'redline_session=forged.value')).statusCode).toBe(401);
    expect(await readCount()).toBe(before);
  });

  it("another office's case and an unknown id: the same 404, audited as refused, no read entry", async () => {
    const mia = await signIn(a, 'officer2');
    const other = await read(b, mia.cookie);
    const unknown = await read(b, mia.cookie, `/api/v1/cases/${UNKNOWN}`);
    for (const [res, id, rule] of [
      [other, caseId, 'SCOPE-OWN-OFFICE'],
      [unknown, UNKNOWN, null],
    ] as const) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
      expect(await readEntries(res)).toHaveLength(0);
      expect(
        (await chainEntries(res)).map((e) => [
          e.action,
          e.outcome,
          e.actor_username,
          e.case_id,
          (e.detail as { rule: unknown }).rule,
        ]),
      ).toEqual([['case.read', 'denied', 'officer2', id, rule]]);
    }
    expect(other.json().detail).toBe(unknown.json().detail);
  });

  it('a role that may not read cases: 403, audited, no read entry; a role spanning offices reads', async () => {
    const admin = await signIn(a, 'admin');
    const refused = await read(b, admin.cookie);
    expect(refused.statusCode).toBe(403);
    expect(await readEntries(refused)).toHaveLength(0);
    expect(
      (await chainEntries(refused)).map((e) => [e.action, e.outcome, (e.detail as { rule: unknown }).rule]),
    ).toEqual([['case.read', 'denied', 'ROLE:case.read']]);
    const auditor = await signIn(a, 'auditor');
    const res = await read(b, auditor.cookie);
    expect(res.statusCode).toBe(200);
    expect((await readEntries(res)).map((e) => [e.actor_username, e.actor_role])).toEqual([
      ['auditor', 'auditor'],
    ]);
  });
});
