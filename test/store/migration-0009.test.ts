import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { listCasesPage } from '../../src/services/case/list.ts';
import { callAsUser } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import * as m0009 from '../../src/store/migrations/0009_search_and_task_due.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
});
afterAll(async () => {
  await d.close();
});

describe('migration 0009 on existing data', () => {
  it('fills the search terms of existing cases and gives existing tasks a due date', async () => {
    const task = await d.db
      .insertInto('tasks')
      .values({
        id: crypto.randomUUID(),
        case_id: (await d.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id,
        kind: 're_review',
        reason: 'A task raised before due dates existed.',
        priority: 1,
        created_at: new Date('2026-05-01T00:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Later migrations built on the column 0009 adds (the counts' recount views read tasks.due_at; each
    // later counter wraps the view before it): set the views aside while 0009 is taken down and put up
    // again, then restore them as they were, oldest first.
    const views = (
      await sql<{ name: string; def: string }>`
        select c.relname as name, pg_get_viewdef(c.oid, true) as def from pg_class c
        join pg_namespace s on s.oid = c.relnamespace
        where c.relkind = 'v' and s.nspname = current_schema() and c.relname like 'office_counts_expected%'
        order by c.oid`.execute(d.db)
    ).rows;
    for (const v of [...views].reverse()) await sql`drop view ${sql.id(v.name)}`.execute(d.db);
    await m0009.down(d.db as never);
    await m0009.up(d.db as never);
    for (const v of views) await sql.raw(`create view "${v.name}" as ${v.def}`).execute(d.db);
    const cases = await d.db.selectFrom('cases').select(['id', 'case_number']).execute();
    const indexed = await d.db.selectFrom('case_search_terms').select('case_id').distinct().execute();
    expect(indexed.length).toBe(cases.length);
    const found = await listCasesPage(await callAsUser(t.app, 'officer'), { q: 'DEMO-Varga' });
    expect(found.items.map((c) => c.caseNumber)).toEqual(['RL-2026-000001']);
    const row = await d.db
      .selectFrom('tasks')
      .select('due_at')
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.due_at!).toISOString()).toBe('2026-05-03T00:00:00.000Z');
  });
});
