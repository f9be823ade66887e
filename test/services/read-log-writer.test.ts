/**
 * Read-log entries written in batches (services/read-log-writer.ts): concurrent reads share the writer's
 * statements and each read still has exactly one entry; an entry the database refuses fails its own read
 * and no other; and (PostgreSQL, where another connection can hold the table) a read is not answered
 * while its entry cannot be committed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { getCase } from '../../src/services/case/read.ts';
import { getCasePage } from '../../src/services/case-page.ts';
import type { Call } from '../../src/services/context.ts';
import { readLogWriter } from '../../src/services/read-log-writer.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;
let caseId: string;

beforeAll(async () => {
  d = await testDatabase('rlw');
  t = testApp(d);
  w = caseWalker(t);
  await seedDemo(t.system);
  caseId = (await w.open('officer')).id;
});
afterAll(async () => d.close());

const withRequest = (call: Call, requestId: string): Call => ({
  ...call,
  meta: { requestId, sourceIp: '10.0.0.7' },
});
const entriesOf = async (prefix: string) =>
  (
    await d.db
      .selectFrom('read_log')
      .select(['request_id', 'action', 'actor_username', 'case_id'])
      .where('request_id', 'like', `${prefix}%`)
      .execute()
  ).sort((a, b) => String(a.request_id).localeCompare(String(b.request_id)));

describe('read-log entries written in batches', () => {
  it('forty concurrent reads: forty entries, one each, in fewer statements than reads', async () => {
    const officer = await w.as('officer');
    const writer = readLogWriter(t.app.db);
    const before = { ...writer.stats };
    const ids = Array.from({ length: 40 }, (_, i) => `batch-${String(i).padStart(2, '0')}`);
    const views = await Promise.all(
      ids.map((id, i) =>
        i % 2
          ? getCase(withRequest(officer, id), caseId)
          : getCasePage(withRequest(officer, id), caseId, ['gates']),
      ),
    );
    expect(views.every((v) => v.id === caseId)).toBe(true);
    const entries = await entriesOf('batch-');
    expect(entries.map((e) => e.request_id)).toEqual(ids);
    expect(
      entries.every(
        (e) => e.action === 'case.read' && e.actor_username === 'officer' && e.case_id === caseId,
      ),
    ).toBe(true);
    expect(writer.stats.entries - before.entries).toBe(40);
    expect(writer.stats.batches - before.batches).toBeLessThan(40);
  });

  it('an entry the database refuses fails its own read only, and leaves no entry', async () => {
    // A trigger that refuses one request's entry: its batch fails, and each entry is then tried alone.
    await sql`create function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.request_id = 'poison-07' then raise exception 'refused for the test'; end if;
        return new;
      end $$`.execute(d.db);
    await sql`create trigger refuse_poison before insert on read_log for each row execute function refuse_poison()`.execute(
      d.db,
    );
    try {
      const officer = await w.as('officer');
      const ids = Array.from({ length: 12 }, (_, i) => `poison-${String(i).padStart(2, '0')}`);
      const settled = await Promise.allSettled(ids.map((id) => getCase(withRequest(officer, id), caseId)));
      expect(settled.map((s) => s.status)).toEqual(
        ids.map((id) => (id === 'poison-07' ? 'rejected' : 'fulfilled')),
      );
      expect((await entriesOf('poison-')).map((e) => e.request_id)).toEqual(
        ids.filter((id) => id !== 'poison-07'),
      );
    } finally {
      await sql`drop trigger refuse_poison on read_log`.execute(d.db);
      await sql`drop function refuse_poison()`.execute(d.db);
    }
  });

  it.runIf(process.env.REDLINE_TEST_DB === 'postgres')(
    'a read is not answered while its entry cannot be committed (PostgreSQL)',
    async () => {
      const officer = await w.as('officer');
      // Another connection holds the read log: the writer's insert waits, and so must the read.
      const held = await d.db.connection().execute(async (conn) => {
        await sql`begin`.execute(conn);
        await sql`lock table read_log in exclusive mode`.execute(conn);
        let answered = false;
        const read = getCase(withRequest(officer, 'held-1'), caseId).then((v) => {
          answered = true;
          return v;
        });
        await new Promise((r) => setTimeout(r, 400));
        const beforeRelease = answered;
        await sql`commit`.execute(conn);
        const view = await read;
        return { beforeRelease, view };
      });
      expect(held.beforeRelease).toBe(false);
      expect(held.view.id).toBe(caseId);
      expect((await entriesOf('held-')).map((e) => e.request_id)).toEqual(['held-1']);
    },
  );
});
