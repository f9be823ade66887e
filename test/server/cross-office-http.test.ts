/**
 * Ids across offices over HTTP: another office's person or notice named in a body, or read by id, answers
 * exactly as an unknown id; no answer carries the id of a record the caller may not reach.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { FEDERAL_BASIS } from '../helpers/case-walk.ts';
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
const call = (s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The answer without what differs from request to request. */
const body = (res: { json: () => Record<string, unknown> }) => {
  const { instance: _i, requestId: _r, ...rest } = res.json();
  return rest;
};

let refSeq = 81_000;
const newNotice = () => ({
  type: 'red_notice',
  interpolRef: `2025/${++refSeq}`,
  issuingCountry: 'FR',
  warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
});
const newPerson = (aNumber?: string) => ({
  familyName: 'Martin',
  givenNames: 'Paul',
  languages: ['fr'],
  datesOfBirth: ['1969-07-14'],
  nationalities: ['FR'],
  ...(aNumber ? { aNumber } : {}),
});

describe("another office's records named by id", () => {
  it('POST /cases with its personId or noticeId: the same 404 as an unknown id', async () => {
    const nyc = await signIn('officer');
    const mia = await signIn('officer2');
    const opened = await call(nyc, 'POST', '/cases', {
      purpose: 'law_enforcement_action',
      person: newPerson(),
      notice: newNotice(),
      independentBasis: FEDERAL_BASIS,
    });
    expect(opened.statusCode).toBe(201);
    const { personId, noticeId } = opened.json() as { personId: string; noticeId: string };

    const open = (extra: object) =>
      call(mia, 'POST', '/cases', {
        purpose: 'law_enforcement_action',
        independentBasis: FEDERAL_BASIS,
        ...extra,
      });
    const byPerson = await open({ personId, notice: newNotice() });
    const unknownPerson = await open({ personId: UNKNOWN, notice: newNotice() });
    expect(byPerson.statusCode).toBe(404);
    expect(body(byPerson)).toEqual(body(unknownPerson));

    const byNotice = await open({ person: newPerson(), noticeId });
    const unknownNotice = await open({ person: newPerson(), noticeId: UNKNOWN });
    expect(byNotice.statusCode).toBe(404);
    expect(body(byNotice)).toEqual(body(unknownNotice));

    for (const url of [`/persons/${personId}`, `/notices/${noticeId}`]) {
      const other = await call(mia, 'GET', url);
      const unknown = await call(mia, 'GET', url.replace(UUID, UNKNOWN));
      expect(other.statusCode).toBe(404);
      expect(body(other)).toEqual(body(unknown));
    }
  });

  it('POST /cases with the assignedOfficerId of an officer of another office: the same 404 as an unknown id', async () => {
    const mia = await signIn('officer2');
    const idOf = async (username: string) =>
      (await d.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
        .id;
    const open = (assignedOfficerId: string) =>
      call(mia, 'POST', '/cases', {
        purpose: 'law_enforcement_action',
        person: newPerson(),
        notice: newNotice(),
        independentBasis: FEDERAL_BASIS,
        assignedOfficerId,
      });
    const unknown = await open(UNKNOWN);
    expect(unknown.statusCode).toBe(404);
    expect(body(unknown)).toMatchObject({ code: 'not_found', detail: 'The assigned officer was not found.' });
    for (const username of ['officer', 'supervisor']) {
      const id = await idOf(username);
      const other = await open(id);
      expect(other.statusCode).toBe(404);
      expect(body(other)).toEqual(body(unknown));
      expect(other.body).not.toContain(id);
    }
    const own = await open(await idOf('officer2'));
    expect(own.statusCode).toBe(201);
  });

  it("a duplicate A-number or notice reference of another office: 409, without the record's id", async () => {
    const nyc = await signIn('officer');
    const mia = await signIn('officer2');
    const notice = newNotice();
    const first = await call(nyc, 'POST', '/cases', {
      purpose: 'law_enforcement_action',
      person: newPerson('A987654321'),
      notice,
      independentBasis: FEDERAL_BASIS,
    });
    expect(first.statusCode).toBe(201);
    const samePerson = await call(mia, 'POST', '/cases', {
      purpose: 'law_enforcement_action',
      person: newPerson('A987654321'),
      notice: newNotice(),
      independentBasis: FEDERAL_BASIS,
    });
    const sameNotice = await call(mia, 'POST', '/cases', {
      purpose: 'law_enforcement_action',
      person: newPerson(),
      notice,
      independentBasis: FEDERAL_BASIS,
    });
    for (const res of [samePerson, sameNotice]) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'recorded_elsewhere' });
    }
    // No id of any record of the other office in the answers (the request id is not a record).
    for (const res of [samePerson, sameNotice]) expect(JSON.stringify(body(res))).not.toMatch(UUID);
  });
});
