/**
 * Case pages kept by their stamp (services/page-cache.ts, migration 0058):
 * - every table the case page's statement reads has the triggers that change the stamp;
 * - a change through a shared record (a notice on two cases, INTERPOL Washington's answer, the person, a
 *   display name, a training record) changes the stamp of every case that shows it, and a change that shows
 *   nowhere (a sign-in) changes none;
 * - over HTTP a kept page is served only to a session that may read it (each read audited), and a change
 *   made on another server instance is on the very next read;
 * - the gate evaluation kept in part for a page (services/kept-evaluation.ts) is the evaluation from
 *   scratch for cases at several stages at instants from a minute to a year and a half on, and under a new policy.
 * The random workflows of test/services/office-counters.test.ts check, after every step, that a page whose
 * stamp did not change is the page a full read returns.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { appendAudit } from '../../src/services/audit.ts';
import { caseViewOf } from '../../src/services/case/read.ts';
import { getCasePage } from '../../src/services/case-page.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { keptEvaluationStats } from '../../src/services/kept-evaluation.ts';
import { PageCache, pageCache, pageCacheSize } from '../../src/services/page-cache.ts';
import { evaluateCaseNamed, READ_ACTIONS } from '../../src/services/queries.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import { readCaseStamp, readSnapshotRow, snapshotQuery } from '../../src/services/snapshot.ts';
import type { Database } from '../../src/store/db.ts';
import { GLOBAL_PAGE_TABLES, PAGE_TABLES } from '../../src/store/migrations/0058_case_page_stamps.ts';
import { PART_READ_ACTIONS, PART_TABLES } from '../../src/store/migrations/0059_case_part_stamps.ts';
import { signInDemo, testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { expectKeptEvaluations, LATER_HOURS } from '../helpers/kept-evaluation.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;
let a: FastifyInstance;
let b: FastifyInstance;

beforeAll(async () => {
  d = await testDatabase('pagecache');
  t = testApp(d);
  w = caseWalker(t);
  await seedDemo(t.system);
  const opts = { app: t.app, secureCookies: false, cookieSecret: 'test-secret-test-secret-test-secret' };
  a = await buildServer(opts);
  b = await buildServer(opts);
}, 900_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await d?.close();
});

const signIn = (server: FastifyInstance, username: string) => signInDemo(server, username, t.app);

const stamp = async (caseId: string) => (await readCaseStamp(d.db, caseId))!.j_stamp;

describe('the stamp of a case page', () => {
  it('is kept by triggers on every table the page reads', async () => {
    const text = snapshotQuery('00000000-0000-4000-8000-000000000000', { policy: true }).compile(d.db).sql;
    const named = new Set([...text.matchAll(/\b(?:from|join)\s+([a-z_]+)/g)].map((m) => m[1]!));
    // the statement's own `with` items, the case and its person (their rows' versions are part of the
    // stamp), the stamp tables, and the policy (read afresh for the gates, never kept)
    for (const own of [
      'cn',
      'rv',
      'cases',
      'persons',
      'case_page_stamps',
      'case_history_stamps',
      'page_stamp_global',
      'policy_versions',
    ])
      named.delete(own);
    const kept = new Set([...Object.keys(PAGE_TABLES), ...GLOBAL_PAGE_TABLES]);
    const withParts = new Set([...kept, ...Object.keys(PART_TABLES)]);
    expect([...named].filter((table) => !kept.has(table))).toEqual([]);
    const triggers = (
      await sql<{ table: string; n: number }>`select c.relname as table, count(*)::int as n from pg_trigger g
        join pg_class c on c.oid = g.tgrelid where g.tgname like '%\\_page\\_stamp\\_%' group by c.relname`.execute(
        d.db,
      )
    ).rows;
    expect(Object.fromEntries(triggers.map((r) => [r.table, r.n]))).toEqual(
      Object.fromEntries([...withParts].map((table) => [table, 3])),
    );
    // the history's entries: one insert trigger on the log (entries are never changed)
    const history = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_trigger g join pg_class c on c.oid = g.tgrelid
      where c.relname = 'audit_log' and g.tgname = 'audit_log_history_stamp'`.execute(d.db);
    expect(history.rows[0]!.n).toBe(1);
  });

  it('changes for every case a shared record shows on, and not for a change shown nowhere', async () => {
    const one = await w.open('officer');
    const other = await w.open('officer');
    // the second case on the first one's notice, as a shared notice is
    await sql`insert into case_notices (case_id, notice_id, added_at) values (${other.id}, ${one.noticeId}, now())`.execute(
      d.db,
    );
    const both = async () => [await stamp(one.id), await stamp(other.id)];
    let before = await both();
    const changed = async (what: string, change: () => Promise<unknown>, expected: [boolean, boolean]) => {
      await change();
      const after = await both();
      expect([after[0] !== before[0], after[1] !== before[1]], what).toEqual(expected);
      before = after;
    };
    await changed(
      'a warrant of the shared notice',
      () =>
        sql`update notice_warrants set charge = charge || ' ' where notice_id = ${one.noticeId}`.execute(
          d.db,
        ),
      [true, true],
    );
    await changed(
      'the shared notice',
      () => sql`update notices set summary_of_facts = 'Changed.' where id = ${one.noticeId}`.execute(d.db),
      [true, true],
    );
    await changed(
      'the first case row',
      () => sql`update cases set narrative = narrative || ' ' where id = ${one.id}`.execute(d.db),
      [true, false],
    );
    await changed(
      'the first case row and a warrant of the shared notice, in one transaction',
      () =>
        d.db.transaction().execute(async (trx) => {
          await sql`update cases set narrative = narrative || ' ' where id = ${one.id}`.execute(trx);
          await sql`update notice_warrants set charge = charge || ' ' where notice_id = ${one.noticeId}`.execute(
            trx,
          );
        }),
      [true, true],
    );
    await w.confirmAndRequest(one.id);
    before = await both();
    await changed('an answer of INTERPOL Washington to the first case', () => w.receiveDocuments(one.id), [
      true,
      false,
    ]);
    await changed(
      "the second case's person",
      () =>
        sql`update persons set languages = '["fr","en"]' where id = (select person_id from cases where id = ${other.id})`.execute(
          d.db,
        ),
      [false, true],
    );
    await changed(
      'a sign-in (an account changed, not its name or role)',
      () => sql`update users set totp_last_step = totp_last_step where username = 'officer'`.execute(d.db),
      [false, false],
    );
    await changed(
      'a display name',
      () => sql`update users set display_name = display_name || ' ' where username = 'officer'`.execute(d.db),
      [true, true],
    );
    await changed(
      'a training record',
      () =>
        sql`update training_records set completed_at = completed_at where id = (select id from training_records limit 1)`.execute(
          d.db,
        ),
      [true, true],
    );
    await changed(
      'the second case left alone, the first one reviewed',
      () => w.review(one.id, 'supervisor2'),
      [true, false],
    );
    // the parts of the page (migration 0059): its screening facts and its history
    await changed(
      "the first case's recorded screening facts",
      () => sql`update case_facts set note = coalesce(note, '') where case_id = ${one.id}`.execute(d.db),
      [true, false],
    );
    await changed(
      'a status change of the shared notice',
      () =>
        sql`insert into notice_status_changes (id, notice_id, from_status, to_status, effective_at, source, recorded_by, recorded_at)
          select gen_random_uuid(), ${one.noticeId}, 'valid', 'valid', now(), 'test', id, now() from users where username = 'officer'`.execute(
          d.db,
        ),
      [true, true],
    );
    await changed(
      "a charge correction on the second case's notice",
      () =>
        sql`insert into charge_corrections (id, case_id, notice_id, warrant_position, charge, categories, decision, reason, recorded_at, recorded_by)
          select gen_random_uuid(), ${other.id}, ${one.noticeId}, 1, 'Fraud', '[]'::jsonb, 'confirmed', 'Checked.', now(), id
          from users where username = 'officer'`.execute(d.db),
      [false, true],
    );
    // reads, folded into the log, are left out of a history and stamp nothing
    await changed('reads of both cases, folded into the log', async () => {
      for (const id of [one.id, other.id]) await getCasePage(await w.as('officer'), id, ['history']);
      expect(await foldAllReads(t.app)).toBeGreaterThan(0);
    }, [false, false]);
    // an entry the history shows stamps its case (in a transaction rolled back: the log is left as it was)
    let inside: string[] = [];
    await d.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into audit_log (seq, at, actor_username, action, outcome, case_id, detail, prev_hash, hash)
          values ((select max(seq) + 1 from audit_log), now(), 'test', 'case.update', 'denied', ${one.id}, '{}', 'x', 'y')`.execute(
          trx,
        );
        inside = [(await readCaseStamp(trx, one.id))!.j_stamp, (await readCaseStamp(trx, other.id))!.j_stamp];
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect([inside[0] !== before[0], inside[1] !== before[1]], 'a refused attempt in the log').toEqual([
      true,
      false,
    ]);
  });

  it.runIf(process.env.REDLINE_TEST_DB === 'postgres')(
    'a refused attempt logged on a case while an action on it is under way waits for neither (PostgreSQL)',
    async () => {
      const c = await w.open('officer');
      const entry = (action: string, outcome: 'ok' | 'denied') => ({
        at: new Date(),
        actorId: null,
        actorUsername: 'test',
        actorRole: null,
        action,
        outcome,
        caseId: c.id,
      });
      let releaseA!: () => void;
      const aMayLog = new Promise<void>((r) => {
        releaseA = r;
      });
      let stamped!: () => void;
      const aStamped = new Promise<void>((r) => {
        stamped = r;
      });
      // A: an action on the case that has stamped it (a warrant changed) and will log its entry last
      const a = d.db.transaction().execute(async (trx) => {
        await sql`update notice_warrants set charge = charge || ' ' where notice_id = ${c.noticeId}`.execute(
          trx,
        );
        stamped();
        await aMayLog;
        await appendAudit(trx, entry('case.update', 'ok'));
      });
      await aStamped;
      // B: a refused attempt on the same case, logged meanwhile (it takes the log's lock first)
      const b = d.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '5s'`.execute(trx);
        await appendAudit(trx, entry('case.update', 'denied'));
      });
      try {
        await b;
      } finally {
        releaseA();
        await a;
      }
      const logged = await sql<{ outcome: string }>`select outcome from audit_log where case_id = ${c.id}
        and actor_username = 'test' order by seq`.execute(d.db);
      expect(logged.rows.map((r) => r.outcome)).toEqual(['denied', 'ok']);
    },
  );

  it('covers the audited reads the history leaves out, and no other action', () => {
    expect([...PART_READ_ACTIONS].sort()).toEqual([...READ_ACTIONS].sort());
  });
});

describe('kept pages', () => {
  it('are bounded, least recently used first, and never served under another stamp', () => {
    const kept = new PageCache<string>(2);
    kept.set('a', '1', 'page a');
    kept.set('b', '1', 'page b');
    expect(kept.get('a', '1')).toBe('page a'); // a is now the most recently used
    kept.set('c', '1', 'page c');
    expect(kept.has('b')).toBe(false);
    expect(kept.get('a', '2')).toBeUndefined();
    expect(kept.has('a')).toBe(false); // dropped once found out of date
    expect(kept.get('c', '1')).toBe('page c');
    const none = new PageCache<string>(0);
    none.set('a', '1', 'page a');
    expect(none.has('a')).toBe(false);
    expect(pageCacheSize({})).toBe(2_000);
    expect(pageCacheSize({ REDLINE_PAGE_CACHE_SIZE: '0' })).toBe(0);
    expect(() => pageCacheSize({ REDLINE_PAGE_CACHE_SIZE: '-1' })).toThrow(/REDLINE_PAGE_CACHE_SIZE/);
  });

  it('over HTTP: served again only to a session that may read it, audited each time, never out of date', async () => {
    const c = await w.open('officer');
    const read = (server: FastifyInstance, cookie: string) =>
      server.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: { cookie } });
    const reads = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from read_log where case_id = ${c.id}`.execute(
            d.db,
          )
        ).rows[0]!.n,
      );
    const kept = pageCache(d.db);
    const officer = await signIn(a, 'officer');
    const first = await read(a, officer.cookie);
    expect(first.statusCode, first.body).toBe(200);
    const hits = kept.stats.hits;
    const again = await read(b, officer.cookie);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(kept.stats.hits).toBe(hits + 1);
    expect(await reads()).toBe(2);

    // another office's officer: the same 404 as for a page never kept, audited, no read entry
    const miami = await signIn(a, 'officer2');
    expect((await read(b, miami.cookie)).statusCode).toBe(404);
    expect(await reads()).toBe(2);

    // a change through the API on one instance is on the next read on the other
    const patch = await a.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${c.id}`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
      payload: { custodyStatus: 'in_custody' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const changed = await read(b, officer.cookie);
    expect(changed.json().custodyStatus).toBe('in_custody');
    expect(changed.json().revision).toBe(first.json().revision + 1);
    // and a change behind every service's back (a document row written directly) too
    await sql`insert into documents (id, case_id, kind, title, language, source, received_at, recorded_by)
      select gen_random_uuid(), ${c.id}, 'warrant', 'Warrant written directly', 'fr', 'test', now(), id
      from users where username = 'officer'`.execute(d.db);
    const direct = await read(a, officer.cookie);
    expect(direct.json().documents.map((x: { title: string }) => x.title)).toContain(
      'Warrant written directly',
    );

    // signed out: 401, even though the page is kept
    const out = await a.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect((await read(b, officer.cookie)).statusCode).toBe(401);
    expect(await reads()).toBe(4);
  });

  it('the gates read over HTTP: from the kept snapshot, evaluated now, audited with its result', async () => {
    const c = await w.open('officer');
    let cookie = (await signIn(a, 'officer')).cookie;
    const gates = (server: FastifyInstance) =>
      server.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/gates`, headers: { cookie } });
    const service = async () =>
      JSON.parse(JSON.stringify(await evaluateCaseNamed(await w.as('officer'), c.id)));
    const same = (x: Record<string, unknown>, y: Record<string, unknown>) => {
      const { evaluatedAt: _a, ...xs } = x;
      const { evaluatedAt: _b, ...ys } = y;
      expect(xs).toEqual(ys);
    };
    const first = await gates(a);
    expect(first.statusCode, first.body).toBe(200);
    same(first.json(), await service());
    const kept = pageCache(d.db);
    // served from the kept case (a write elsewhere that changes the stamp in between makes one read in full)
    const hits = kept.stats.hits;
    let again = await gates(b);
    for (let i = 0; i < 2 && kept.stats.hits === hits; i++) again = await gates(b);
    expect(kept.stats.hits).toBe(hits + 1);
    same(again.json(), first.json());
    const entries = await sql<{
      action: string;
      detail: Record<string, unknown>;
    }>`select action, detail from read_log
      where request_id = ${String(again.headers['x-request-id'])}`.execute(d.db);
    expect(entries.rows).toEqual([
      { action: 'case.evaluate', detail: { allMet: first.json().allMet, blocking: first.json().blocking } },
    ]);
    // the validity confirmed and the documentation requested: the next read evaluates the changed case
    await w.confirmAndRequest(c.id);
    const changed = await gates(b);
    same(changed.json(), await service());
    expect(changed.json()).not.toEqual(first.json());
    // time alone moves the evaluation on, kept snapshot or not
    t.clock.advance(40 * 86_400_000);
    cookie = (await signIn(a, 'officer')).cookie;
    const later = await gates(a);
    expect(later.statusCode, later.body).toBe(200);
    same(later.json(), await service());
    // read again a second later each time: the JSON kept for the evaluation's variant, with each read's time
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1_000);
      const next = await gates(a);
      expect(next.json().evaluatedAt).toBe(t.clock.now().toISOString());
      expect(next.json()).toEqual(await service());
    }
  });

  it('the gate evaluation kept in part for a page is the evaluation from scratch, for cases at every stage, then and later, and after a policy change', async () => {
    // cases at several stages: opened; validity confirmed and documents requested; served; reviewed (with
    // the demo's own and the cases earlier tests left)
    await w.open('officer', { purpose: 'immigration_proceedings' });
    const asked = await w.open('officer');
    await w.confirmAndRequest(asked.id);
    const { c: served } = await w.openServed('officer');
    const { c: reviewed } = await w.openServed('officer');
    await w.review(reviewed.id, 'supervisor');
    const ids = (await sql<{ id: string }>`select id from cases order by id`.execute(d.db)).rows.map(
      (r) => r.id,
    );
    expect(ids).toContain(served.id);
    const before = { ...keptEvaluationStats };
    const views = [];
    for (const id of ids) {
      const view = caseViewOf((await readSnapshotRow(d.db, id))!);
      views.push(view);
      await expectKeptEvaluations(d.db, view, t.clock.now(), `case ${id}`);
    }
    expect(keptEvaluationStats.fresh - before.fresh).toBe(ids.length);
    expect(keptEvaluationStats.reused - before.reused).toBe(ids.length * (LATER_HOURS.length - 1));
    // a new policy version: each page's evaluation is kept anew under it
    const policy = await currentPolicy(d.db);
    await sql`insert into policy_versions (version, settings, note) values (${policy.version + 1},
      ${JSON.stringify({ ...policy, version: policy.version + 1, validityFreshnessHours: 1 })}::jsonb, 'test')`.execute(
      d.db,
    );
    try {
      const fresh = keptEvaluationStats.fresh;
      for (const [i, view] of views.entries())
        await expectKeptEvaluations(d.db, view, t.clock.now(), `case ${ids[i]}`);
      expect(keptEvaluationStats.fresh - fresh).toBe(ids.length);
    } finally {
      await sql`delete from policy_versions where version > ${policy.version}`.execute(d.db);
    }
  });

  it('the page with its parts over HTTP: kept with the page, the answer of a full read, afresh after a change', async () => {
    const c = await w.open('officer');
    const officer = await signIn(a, 'officer');
    const url = `/api/v1/cases/${c.id}?include=gates,history,facts`;
    const read = async () => {
      const res = await a.inject({ method: 'GET', url, headers: { cookie: officer.cookie } });
      expect(res.statusCode, res.body).toBe(200);
      const { gates, ...rest } = res.json();
      const { evaluatedAt: _, ...evaluation } = gates;
      return { ...rest, gates: evaluation };
    };
    const service = async () => {
      const page = JSON.parse(
        JSON.stringify(await getCasePage(await w.as('officer'), c.id, ['gates', 'history', 'facts'])),
      );
      const { evaluatedAt: _, ...evaluation } = page.gates;
      return { ...page, gates: evaluation };
    };
    const kept = pageCache(d.db);
    const first = await read();
    expect(first).toEqual(await service());
    const hits = kept.stats.hits;
    const again = await read();
    expect(kept.stats.hits).toBe(hits + 1);
    expect(again).toEqual(first);
    // validity confirmed and documentation requested: new history entries; the next read has them
    await w.confirmAndRequest(c.id);
    const changed = await read();
    expect(changed.history.items.length).toBeGreaterThan(first.history.items.length);
    expect(changed).toEqual(await service());
    // read again a second later each time: the JSON kept for the page, with each read's evaluation time
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1_000);
      const res = await a.inject({ method: 'GET', url, headers: { cookie: officer.cookie } });
      expect(res.json().gates.evaluatedAt).toBe(t.clock.now().toISOString());
      expect(res.json()).toEqual(
        JSON.parse(
          JSON.stringify(await getCasePage(await w.as('officer'), c.id, ['gates', 'history', 'facts'])),
        ),
      );
    }
  });

  it('a page read in full equals the kept one while the stamp stands', async () => {
    const c = await w.open('officer');
    const raw = (await readSnapshotRow(d.db, c.id))!;
    expect(raw.j_stamp).toBe(await stamp(c.id));
    expect(caseViewOf(raw)).toEqual(caseViewOf((await readSnapshotRow(d.db, c.id))!));
  });
});
