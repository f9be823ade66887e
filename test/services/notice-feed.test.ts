/**
 * The notice-status feed: good lines apply as single changes do, bad lines are reported with line, field
 * and reason while the others apply, the same file twice changes nothing, and a withdrawal reaches a
 * closed case whose person is still in custody (re-review task, people notified). Then the HTTP side:
 * the feed endpoint for the liaison, and the notifications list, count and marking read.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { NOTICE_STATUSES } from '../../src/domain/types.ts';
import { buildServer } from '../../src/server/app.ts';
import { closeCase } from '../../src/services/case/close.ts';
import { openCase } from '../../src/services/case/open.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { importNoticeStatuses, parseFeedFile } from '../../src/services/notice/import-status.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let server: FastifyInstance;
const as = (u: string): Promise<Call> => callAsUser(t.app, u);

const open = async (ref: string, custodyStatus: 'in_custody' | 'not_in_custody', inProceedings = false) =>
  openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: { familyName: `Feed${ref.replace('/', '')}`, languages: ['fr'] },
    notice: { type: 'red_notice', interpolRef: ref, issuingCountry: 'FR' },
    custodyStatus,
    inProceedings,
  });

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

const noticeStatus = async (ref: string) =>
  (
    await d.db
      .selectFrom('notices')
      .select('status')
      .where('interpol_ref', '=', ref)
      .executeTakeFirstOrThrow()
  ).status;
const openTasks = async (caseId: string) =>
  d.db.selectFrom('tasks').select(['kind', 'priority']).where('case_id', '=', caseId).execute();
const notificationsOn = async (caseId: string) =>
  d.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['u.username', 'n.kind', 'n.text'])
    .where('n.case_id', '=', caseId)
    .orderBy('u.username')
    .execute();

describe('notice-status feed (file)', () => {
  it('applies good lines, reports bad lines exactly, and a repeat changes nothing', async () => {
    const a = await open('2025/770001', 'not_in_custody');
    const b = await open('2025/770002', 'in_custody');
    const file = [
      '{"interpolRef":"2025/770001","status":"withdrawn","effectiveAt":"2026-05-30T09:00:00Z","usncbReference":"USNCB-1"}',
      '{"interpolRef":"2025/770002","status":"suspended"}',
      '{"interpolRef":"2025/779999","status":"withdrawn"}',
      '{"interpolRef":"2025/770001","status":"revoked"}',
      '',
      '{"interpolRef":"2025/770002","status":"suspended","effectiveAt":"yesterday"}',
      'not json',
      '{"status":"withdrawn","colour":"red"}',
    ].join('\n');
    const lines = parseFeedFile('updates.jsonl', file);
    const report = await importNoticeStatuses(await as('liaison'), lines);
    expect(report).toMatchObject({ total: 7, applied: 2, unchanged: 0, failed: 5 });
    const byLine = Object.fromEntries(report.results.map((r) => [r.line, r]));
    expect(byLine[1]).toMatchObject({ outcome: 'applied', affectedCases: 1 });
    expect(byLine[2]).toMatchObject({ outcome: 'applied', affectedCases: 1 });
    expect(byLine[3]!.errors).toEqual([
      { field: 'interpolRef', reason: 'No notice has this INTERPOL reference.' },
    ]);
    expect(byLine[4]!.errors).toEqual([
      { field: 'status', reason: `Status is one of: ${NOTICE_STATUSES.join(', ')}.` },
    ]);
    expect(byLine[6]!.errors).toEqual([
      { field: 'effectiveAt', reason: 'An ISO 8601 time with its offset, e.g. 2026-11-02T09:30:00Z.' },
    ]);
    expect(byLine[7]!.errors[0]).toMatchObject({ field: '(line)' });
    expect(byLine[7]!.errors[0]!.reason).toMatch(/^Not a JSON object/);
    expect(byLine[8]!.errors).toEqual([
      { field: 'interpolRef', reason: 'Required.' },
      {
        field: 'colour',
        reason:
          'Not a field of a status update (fields: interpolRef, status, effectiveAt, usncbReference, note).',
      },
    ]);
    expect(await noticeStatus('2025/770001')).toBe('withdrawn');
    expect(await noticeStatus('2025/770002')).toBe('suspended');
    expect(await openTasks(a.id)).toEqual([{ kind: 're_review', priority: 2 }]);
    expect(await openTasks(b.id)).toEqual([{ kind: 're_review', priority: 1 }]);
    const told = await notificationsOn(b.id);
    expect(told.map((n) => n.username)).toEqual(['officer', 'supervisor', 'supervisor2']);
    expect(told[0]!.text).toMatch(/from valid to suspended/);

    // The same file again: nothing changes (no new status change, task, notification or authorization).
    const before = await counts();
    const again = await importNoticeStatuses(await as('liaison'), lines);
    expect(again).toMatchObject({ total: 7, applied: 0, unchanged: 2, failed: 5 });
    expect(again.results[0]!.outcome).toBe('already_recorded');
    expect(again.results[1]!.outcome).toBe('unchanged');
    expect(await counts()).toEqual(before);
  });

  it('reads CSV with a header, naming the line of each record', async () => {
    await open('2025/770003', 'not_in_custody');
    const csv =
      'interpolRef,status,effectiveAt,note\n2025/770003,cancelled,2026-05-31T10:00:00Z,By the issuing country\n2025/770003,gone,,\n';
    const report = await importNoticeStatuses(await as('liaison'), parseFeedFile('feed.csv', csv));
    expect(report.results.map((r) => [r.line, r.outcome])).toEqual([
      [2, 'applied'],
      [3, 'error'],
    ]);
    expect(report.results[1]!.errors[0]!.field).toBe('status');
  });

  it('reaches a closed case whose person is still in custody: re-review and people notified', async () => {
    const c = await open('2025/770004', 'in_custody');
    const quiet = await open('2025/770005', 'not_in_custody');
    for (const x of [c, quiet])
      await closeCase(await as('supervisor'), x.id, {
        reason: 'Removal order executed; the case is closed.',
      });
    const report = await importNoticeStatuses(
      await as('liaison'),
      parseFeedFile(
        'w.jsonl',
        '{"interpolRef":"2025/770004","status":"withdrawn"}\n{"interpolRef":"2025/770005","status":"withdrawn"}',
      ),
    );
    expect(report.applied).toBe(2);
    expect(await openTasks(c.id)).toEqual([{ kind: 're_review', priority: 1 }]);
    const told = await notificationsOn(c.id);
    expect(told.map((n) => n.username)).toEqual(['officer', 'supervisor', 'supervisor2']);
    expect(told[0]!.text).toMatch(/is closed, but the person is still in custody\./);
    // A closed case whose person is neither in custody nor in proceedings: the task, but nobody is paged.
    expect(await openTasks(quiet.id)).toEqual([{ kind: 're_review', priority: 2 }]);
    expect(await notificationsOn(quiet.id)).toEqual([]);
    expect(report.results[0]!.notified).toBe(3);
  });

  it('is refused whole to a role that may not record notice statuses', async () => {
    await expect(
      importNoticeStatuses(await as('officer'), [
        { line: 1, value: { interpolRef: '2025/770001', status: 'valid' } },
      ]),
    ).rejects.toMatchObject({ status: 403 });
  });
});

async function counts() {
  const n = async (table: 'notice_status_changes' | 'tasks' | 'notifications') =>
    Number(
      (
        await d.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    changes: await n('notice_status_changes'),
    tasks: await n('tasks'),
    notifications: await n('notifications'),
  };
}

describe('HTTP: the feed endpoint and the notifications', () => {
  let liaison: DemoSession;
  let officer: DemoSession;
  const send = (s: DemoSession, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    server.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  beforeAll(async () => {
    liaison = await signInDemo(server, 'liaison', t.app);
    officer = await signInDemo(server, 'officer', t.app);
  });

  it('answers per item, and refuses a body that is not an array of at most 1000 items', async () => {
    await open('2025/770006', 'not_in_custody');
    const res = await send(liaison, 'POST', '/api/v1/notices/status-feed', [
      { interpolRef: '2025/770006', status: 'suspended' },
      { interpolRef: '2025/770006', status: 'nope' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, applied: 1, failed: 1 });
    expect(res.json().results[1].errors[0].field).toBe('status');
    const notArray = await send(liaison, 'POST', '/api/v1/notices/status-feed', { interpolRef: 'x' });
    expect(notArray.statusCode).toBe(422);
    const tooMany = await send(
      liaison,
      'POST',
      '/api/v1/notices/status-feed',
      Array.from({ length: 1001 }, () => ({ interpolRef: 'x', status: 'valid' })),
    );
    expect(tooMany.statusCode).toBe(422);
    expect(
      (await send(officer, 'POST', '/api/v1/notices/status-feed', [{ interpolRef: 'x', status: 'valid' }]))
        .statusCode,
    ).toBe(403);
  });

  it('lists the user’s notifications with the unread count, and marks them read', async () => {
    const count = (await send(officer, 'GET', '/api/v1/notifications/unread-count')).json().unread as number;
    expect(count).toBeGreaterThan(0);
    const page = await send(officer, 'GET', '/api/v1/notifications?limit=2');
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items).toHaveLength(2);
    expect(body.unread).toBe(count);
    expect(body.next).toBeTruthy();
    const older = (
      await send(officer, 'GET', `/api/v1/notifications?limit=2&before=${encodeURIComponent(body.next)}`)
    ).json();
    expect(older.items[0].id).not.toBe(body.items[0].id);
    const read = await send(officer, 'POST', `/api/v1/notifications/${body.items[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect((await send(officer, 'GET', '/api/v1/notifications/unread-count')).json().unread).toBe(count - 1);
    // Another user's notification is unknown to the liaison.
    expect((await send(liaison, 'POST', `/api/v1/notifications/${body.items[1].id}/read`)).statusCode).toBe(
      404,
    );
    expect((await send(officer, 'POST', '/api/v1/notifications/read-all')).json().marked).toBe(count - 1);
    expect((await send(officer, 'GET', '/api/v1/notifications?unread=true')).json().items).toEqual([]);
    expect((await send(officer, 'GET', '/api/v1/notifications?before=garbage')).statusCode).toBe(422);
  });
});
