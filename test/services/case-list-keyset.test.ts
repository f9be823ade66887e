/**
 * Keyset paging of the case list: walking every page with `after` gives each case exactly once, in the
 * same order as one long page, for both keyed sorts and both directions; a cursor that was tampered
 * with is a 422 naming the field.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillCases } from '../../scripts/gen-cases-sql.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { listCasesPage } from '../../src/services/case/list.ts';
import { callAsUser } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  // 300 cases straight into the tables (scripts/gen-cases-sql.ts), many sharing a creation time.
  await fillCases(
    async (text) => Number((await sql.raw(text).execute(d.db)).numAffectedRows ?? 0),
    300,
    () => {},
    async (text) => String((await sql.raw<{ v: string }>(text).execute(d.db)).rows[0]!.v),
  );
  await d.db
    .updateTable('cases')
    .set({ created_at: new Date('2026-01-01T00:00:00Z') })
    .where('case_number', '<', 'RL-GEN-00000100')
    .execute();
});
afterAll(async () => d.close());

describe('case list keyset paging', () => {
  for (const sort of ['createdAt', 'caseNumber'] as const)
    for (const order of ['asc', 'desc'] as const)
      it(`walks every case once by ${sort} ${order}`, async () => {
        const auditor = await callAsUser(t.app, 'auditor');
        const all = await listCasesPage(auditor, { sort, order, limit: 500 });
        expect(all.total).toBeGreaterThanOrEqual(300);
        const walked: string[] = [];
        let after: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await listCasesPage(auditor, { sort, order, limit: 37, after });
          walked.push(...page.items.map((c) => c.id));
          if (!page.nextCursor) break;
          after = page.nextCursor;
        }
        expect(walked).toEqual(all.items.map((c) => c.id));
        expect(new Set(walked).size).toBe(walked.length);
      });

  it('refuses a cursor that is not one it gave, naming the field', async () => {
    const officer = await callAsUser(t.app, 'officer');
    await expect(listCasesPage(officer, { after: 'not-a-cursor' })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'after' })] },
    });
    await expect(
      listCasesPage(officer, { sort: 'person', after: 'eyJ2IjoiYSIsIm4iOiJiIn0' }),
    ).rejects.toMatchObject({
      status: 422,
    });
  });
});
