// GET /notices/:id as the notice page reads it: the subject as recorded, every status change with who
// reported and who recorded it, and only the cases of the offices the reader may see.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
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

type Session = DemoSession;
const signIn = (username: string) => signInDemo(server, username, t.app);
const get = (s: Session, url: string) =>
  server.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: s.cookie } });
const post = (s: Session, url: string, payload: object) =>
  server.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload,
  });

async function caseByNumber(n: string) {
  return d.db.selectFrom('cases').selectAll().where('case_number', '=', n).executeTakeFirstOrThrow();
}
async function noticeOf(caseId: string) {
  const l = await d.db
    .selectFrom('case_notices')
    .select('notice_id')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return l.notice_id;
}

describe('GET /notices/:id for the notice page', () => {
  it('gives the subject, the status history with its source and recorder, and the cases in scope', async () => {
    const nyc = await caseByNumber('RL-2026-000001');
    const mia = await caseByNumber('RL-2026-000005');
    const noticeId = await noticeOf(nyc.id);
    // The same notice relied on by a case of another office.
    await d.db
      .insertInto('case_notices')
      .values({ case_id: mia.id, notice_id: noticeId, added_at: new Date() })
      .execute();
    const officer = await signIn('officer');
    const officer2 = await signIn('officer2');
    const liaison = await signIn('liaison');

    const before = await get(officer, `/notices/${noticeId}`);
    expect(before.statusCode).toBe(200);
    const person = await d.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', before.json().personId)
      .executeTakeFirstOrThrow();
    expect(before.json().subject).toEqual({
      familyName: person.family_name,
      givenNames: person.given_names,
      aliases: person.aliases ?? [],
      datesOfBirth: person.dates_of_birth ?? [],
      sex: person.sex,
      placeOfBirth: person.place_of_birth,
      nationalities: person.nationalities ?? [],
    });
    // Each office sees its own case on the notice; the liaison (every office) sees both.
    const numbers = (r: { json(): { cases: Array<{ caseNumber: string }> } }) =>
      r.json().cases.map((c) => c.caseNumber);
    expect(numbers(before)).toEqual(['RL-2026-000001']);
    expect(numbers(await get(officer2, `/notices/${noticeId}`))).toEqual(['RL-2026-000005']);
    expect(numbers(await get(liaison, `/notices/${noticeId}`))).toEqual(['RL-2026-000001', 'RL-2026-000005']);

    const changed = await post(liaison, `/notices/${noticeId}/status`, {
      status: 'suspended',
      usncbReference: 'USNCB-2026-0101',
      note: 'The General Secretariat suspended the notice pending a review.',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().affectedCases.map((a: { caseNumber: string }) => a.caseNumber)).toEqual([
      'RL-2026-000001',
      'RL-2026-000005',
    ]);

    const after = await get(officer, `/notices/${noticeId}`);
    expect(after.json().status).toBe('suspended');
    const last = after.json().statusChanges.at(-1);
    const liaisonName = await d.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'liaison')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      from: before.json().status,
      to: 'suspended',
      source: 'interpol_washington',
      recordedByName: liaisonName.display_name,
      usncbReference: 'USNCB-2026-0101',
      note: 'The General Secretariat suspended the notice pending a review.',
    });
    expect(numbers(after)).toEqual(['RL-2026-000001']);
  });

  it('answers a notice on no case of the office exactly as an unknown id', async () => {
    const officer = await signIn('officer');
    // The Miami case's own notice: no case of the officer's office (New York) relies on it.
    const rows = await d.db
      .selectFrom('case_notices as mine')
      .innerJoin('cases', 'cases.id', 'mine.case_id')
      .select('mine.notice_id')
      .where('cases.case_number', '=', 'RL-2026-000005')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('case_notices as other')
              .innerJoin('cases as oc', 'oc.id', 'other.case_id')
              .select('other.case_id')
              .whereRef('other.notice_id', '=', 'mine.notice_id')
              .where('oc.office_id', '=', 'NYC'),
          ),
        ),
      )
      .execute();
    expect(rows).toHaveLength(1);
    const noticeId = rows[0]!.notice_id;
    const other = await get(officer, `/notices/${noticeId}`);
    const unknown = await get(officer, '/notices/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined });
    expect(strip(other.json())).toEqual(strip(unknown.json()));
  });
});

describe('GET /cases/:id for the case page: the follow-ups of a request to INTERPOL Washington', () => {
  it('lists each follow-up; one asked too early names, in plain words, from when', async () => {
    let officer = await signIn('officer');
    const c = await caseByNumber('RL-2026-000003');
    const sent = await post(officer, `/cases/${c.id}/liaison-requests`, { kind: 'documentation' });
    expect(sent.statusCode).toBe(201);
    const requestId = sent.json().id as string;
    const followUpsOf = async (s: Session) => {
      const view = await get(s, `/cases/${c.id}`);
      expect(view.statusCode).toBe(200);
      return view.json().liaisonRequests.find((r: { id: string }) => r.id === requestId).followUps;
    };
    expect(await followUpsOf(officer)).toEqual([]);

    const early = await post(officer, `/liaison-requests/${requestId}/follow-ups`, {
      note: 'Reminded the duty officer by secure e-mail of the documentation still outstanding.',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('not_overdue');
    expect(early.json().detail).toMatch(/from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/);

    t.clock.advance(31 * 86_400_000);
    officer = await signIn('officer');
    const done = await post(officer, `/liaison-requests/${requestId}/follow-ups`, {
      note: 'Reminded the duty officer by secure e-mail of the documentation still outstanding.',
    });
    expect(done.statusCode).toBe(201);
    expect(done.json().followUps).toBe(1);
    expect(await followUpsOf(officer)).toEqual([{ at: t.clock.now().toISOString() }]);
  });
});
