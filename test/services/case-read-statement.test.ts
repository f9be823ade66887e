/**
 * Case reads without a transaction (context.ts#runRead, snapshot.ts#readCaseForRead): the read's entry is
 * in the read log once the answer is given, written by the read's own statement only when the case is in
 * the caller's scope; a missing case and another office's case are the same 404, audited as refused, with
 * no read entry; a role the permission table refuses is refused without reading the case.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { evaluateCase, evaluateCaseWithNames } from '../../src/services/case/evaluate.ts';
import { getCase } from '../../src/services/case/read.ts';
import { getCasePage } from '../../src/services/case-page.ts';
import type { Call } from '../../src/services/context.ts';
import { nameEvaluation } from '../../src/services/queries.ts';
import { type Database, PREPARE } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;
let caseId: string;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  w = caseWalker(t);
  await seedDemo(t.system);
  caseId = (await w.open('officer')).id; // an NYC case
});
afterAll(async () => d.close());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
let n = 0;
const withRequest = (call: Call): Call => ({
  ...call,
  meta: { requestId: `req-${++n}`, sourceIp: '10.0.0.9' },
});

const readEntries = (requestId: string) =>
  d.db.selectFrom('read_log').selectAll().where('request_id', '=', requestId).execute();
const chainEntries = (requestId: string) =>
  d.db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId).execute();

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    const err = e as { status: number; code: string; message: string };
    return { status: err.status, code: err.code, message: err.message };
  }
  throw new Error('expected a refusal');
}

describe('a case read', () => {
  it('has its read-log entry when it answers, once, naming the case, the caller and the request', async () => {
    const call = withRequest(await w.as('officer'));
    const view = await getCase(call, caseId);
    expect(view.id).toBe(caseId);
    const entries = await readEntries(call.meta.requestId!);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'case.read',
      outcome: 'ok',
      actor_username: 'officer',
      actor_role: 'officer',
      entity_type: 'case',
      entity_id: caseId,
      case_id: caseId,
      source_ip: '10.0.0.9',
    });
    expect(await chainEntries(call.meta.requestId!)).toHaveLength(0);
  });

  it('with its parts: one entry naming the parts', async () => {
    const call = withRequest(await w.as('supervisor'));
    const page = await getCasePage(call, caseId, ['gates', 'history', 'facts']);
    expect(page.gates?.gates.length).toBeGreaterThan(0);
    expect(page.history?.items.length).toBeGreaterThan(0);
    expect(page.facts?.caseId).toBe(caseId);
    const entries = await readEntries(call.meta.requestId!);
    expect(entries.map((e) => [e.action, e.outcome, e.detail])).toEqual([
      ['case.read', 'ok', { include: ['gates', 'history', 'facts'] }],
    ]);
  });

  it('of the gates: one entry naming the result', async () => {
    const call = withRequest(await w.as('officer'));
    const evaluation = await evaluateCase(call, caseId);
    const entries = await readEntries(call.meta.requestId!);
    expect(entries.map((e) => [e.action, e.detail])).toEqual([
      ['case.evaluate', { allMet: evaluation.allMet, blocking: evaluation.blocking }],
    ]);
  });

  it("of another office's case: the same 404 as an unknown id, audited as refused, no read entry", async () => {
    const mia = withRequest(await w.as('officer2'));
    const other = await refusal(getCase(mia, caseId));
    const unknownCall = withRequest(await w.as('officer2'));
    const unknown = await refusal(getCase(unknownCall, UNKNOWN));
    expect(other).toEqual(unknown);
    expect(other.status).toBe(404);
    for (const [call, id, rule] of [
      [mia, caseId, 'SCOPE-OWN-OFFICE'],
      [unknownCall, UNKNOWN, null],
    ] as const) {
      expect(await readEntries(call.meta.requestId!)).toHaveLength(0);
      const audited = await chainEntries(call.meta.requestId!);
      expect(
        audited.map((e) => [e.action, e.outcome, e.case_id, (e.detail as { rule: unknown }).rule]),
      ).toEqual([['case.read', 'denied', id, rule]]);
    }
    // the page with its parts and the gates read refuse the same way
    for (const read of [
      (c: Call) => getCasePage(c, caseId, ['gates', 'history', 'facts']),
      (c: Call) => evaluateCase(c, caseId),
    ]) {
      const call = withRequest(await w.as('officer2'));
      expect(await refusal(read(call))).toEqual(unknown);
      expect(await readEntries(call.meta.requestId!)).toHaveLength(0);
      expect((await chainEntries(call.meta.requestId!)).map((e) => e.outcome)).toEqual(['denied']);
    }
  });

  it('by a role that may not read cases: refused by the permission table, audited, no read entry', async () => {
    const call = withRequest(await w.as('admin'));
    const r = await refusal(getCase(call, caseId));
    expect(r.status).toBe(403);
    expect(await readEntries(call.meta.requestId!)).toHaveLength(0);
    const audited = await chainEntries(call.meta.requestId!);
    expect(audited.map((e) => [e.action, e.outcome, (e.detail as { rule: unknown }).rule])).toEqual([
      ['case.read', 'denied', 'ROLE:case.read'],
    ]);
  });

  it('reads by roles that span offices are in scope (an auditor reads an NYC case)', async () => {
    const call = withRequest(await w.as('auditor'));
    expect((await getCase(call, caseId)).id).toBe(caseId);
    expect(await readEntries(call.meta.requestId!)).toHaveLength(1);
  });
});

describe('naming the people of a gate evaluation (queries.ts#nameEvaluation)', () => {
  it("looks up no one when the snapshot names everyone: the case's own record ids are not people", async () => {
    const call = withRequest(await w.as('officer'));
    const { evaluation, people, records } = await evaluateCaseWithNames(call, caseId);
    expect(records.has(caseId)).toBe(true);
    const notices = (await getCase(withRequest(await w.as('officer')), caseId)).notices;
    for (const n of notices) expect(records.has(n.id)).toBe(true);
    for (const id of Object.keys(people)) expect(records.has(id)).toBe(false);
    // Without the record ids the case and notice ids are looked up as people; with them, the database is
    // not touched at all (a database that throws on use), and the names are the same.
    const untouchable = new Proxy(
      {},
      {
        get() {
          throw new Error('the database was used');
        },
      },
    ) as unknown as typeof d.db;
    const named = await nameEvaluation(untouchable, evaluation, people, records);
    expect(named).toEqual(await nameEvaluation(d.db, evaluation, people));
    expect(Object.keys(named.people).length).toBeGreaterThan(0);
    await expect(nameEvaluation(untouchable, evaluation, people)).rejects.toThrow('the database was used');
  });
});

describe('a prepared statement (store/db.ts#PREPARE)', () => {
  it('still runs after a migration changes the table it reads with *', async () => {
    await sql`create table prepared_probe (id int primary key)`.execute(d.db);
    await sql`insert into prepared_probe values (1)`.execute(d.db);
    const read = () =>
      sql<{ id: number }>`${sql.raw(PREPARE)} select * from prepared_probe where id = ${1}`.execute(d.db);
    for (let i = 0; i < 8; i++) expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`alter table prepared_probe add column note text`.execute(d.db);
    expect((await read()).rows).toEqual([{ id: 1, note: null }]);
    await sql`drop table prepared_probe`.execute(d.db);
  });
});
