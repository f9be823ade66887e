/** Migration 0006 keeps what older contests said: their free-text grounds become one 'other' ground. */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { openCase } from '../../src/services/case/open.ts';
import { callAsUser } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import * as m0006 from '../../src/store/migrations/0006_contest_service.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

describe('migration 0006', () => {
  it('turns the free-text grounds of an existing contest into one "other" ground, and keeps the languages of persons', async () => {
    const officer = await callAsUser(t.app, 'officer');
    const c = await openCase(officer, {
      purpose: 'immigration_proceedings',
      person: { familyName: 'Older', languages: ['fr'] },
      notice: { type: 'red_notice', interpolRef: '2023/777001', issuingCountry: 'FR' },
    });
    // the database as it stood before 0006, with a contest and a person recorded then
    await m0006.down(d.db as unknown as Kysely<unknown>);
    const userId = officer.actor.userId!;
    // (recorded_at is a later migration's column, 0010, present in this database and required)
    const filedAt = new Date('2026-05-01T10:00:00Z');
    await sql`insert into contests (id, case_id, filed_at, recorded_at, filed_by, grounds, received_by)
      values ('00000000-0000-4000-8000-000000000601', ${c.id}, ${filedAt}, ${filedAt},
        'Counsel', 'The prosecution is political.', ${userId})`.execute(d.db);
    await m0006.up(d.db as unknown as Kysely<unknown>);
    const row = await d.db
      .selectFrom('contests')
      .selectAll()
      .where('id', '=', '00000000-0000-4000-8000-000000000601')
      .executeTakeFirstOrThrow();
    expect(row.grounds_list).toEqual([{ ground: 'other', statement: 'The prosecution is political.' }]);
    expect(row.answers).toEqual([]);
    expect(row.grounds).toBe('The prosecution is political.');
    const person = await d.db
      .selectFrom('persons')
      .select('languages')
      .where('id', '=', c.personId)
      .executeTakeFirstOrThrow();
    expect(person.languages).toEqual(['fr']);
  });
});
