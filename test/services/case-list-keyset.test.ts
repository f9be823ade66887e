/**
 * Keyset paging of the case list: walking every page with `after` gives each case exactly once, in the
 * same order as one long page, for every sort and both directions, with and without filters; a cursor that
 * was tampered with, or that belongs to another list or another office, is a 422 naming the field.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillCases } from '../../scripts/gen-cases-sql.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { CASE_LIST_SORTS, listCasesPage } from '../../src/services/case/list.ts';
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
  for (const sort of CASE_LIST_SORTS)
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

  it('walks a filtered and searched list once, with the same total on every page', async () => {
    const auditor = await callAsUser(t.app, 'auditor');
    for (const query of [
      { status: 'open' as const, sort: 'person' as const },
      { purpose: 'immigration_proceedings' as const, sort: 'officer' as const, order: 'desc' as const },
      { q: 'RL', sort: 'caseNumber' as const },
    ]) {
      const all = await listCasesPage(auditor, { ...query, limit: 500 });
      const walked: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await listCasesPage(auditor, { ...query, limit: 23, after });
        walked.push(...page.items.map((c) => c.id));
        if (pages > 0) expect(page.total).toBe(all.total);
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      expect(walked).toEqual(all.items.map((c) => c.id));
      expect(new Set(walked).size).toBe(walked.length);
    }
  });

  it('refuses a cursor from another list or another office', async () => {
    const auditor = await callAsUser(t.app, 'auditor');
    const officer = await callAsUser(t.app, 'officer');
    const first = await listCasesPage(auditor, { sort: 'caseNumber', limit: 5 });
    expect(first.nextCursor).toBeTruthy();
    const after = first.nextCursor!;
    // The same cursor with another order, filter, search or sort.
    for (const other of [
      { sort: 'caseNumber' as const, order: 'desc' as const },
      { sort: 'caseNumber' as const, status: 'open' as const },
      { sort: 'caseNumber' as const, q: 'DEMO' },
      { sort: 'person' as const },
    ])
      await expect(listCasesPage(auditor, { ...other, limit: 5, after })).rejects.toMatchObject({
        status: 422,
        detail: { fields: [expect.objectContaining({ field: 'after' })] },
      });
    // An auditor's cursor (every office) is no cursor for an officer (one office), and the reverse.
    await expect(listCasesPage(officer, { sort: 'caseNumber', limit: 5, after })).rejects.toMatchObject({
      status: 422,
    });
    const mine = await listCasesPage(officer, { sort: 'caseNumber', limit: 1 });
    expect(mine.nextCursor).toBeTruthy();
    await expect(
      listCasesPage(auditor, { sort: 'caseNumber', limit: 1, after: mine.nextCursor! }),
    ).rejects.toMatchObject({ status: 422 });
    // A forged cursor with the right fingerprint still reads only the officer's office.
    const forged = JSON.parse(Buffer.from(mine.nextCursor!, 'base64url').toString('utf8'));
    forged.v = '';
    forged.n = '';
    const page = await listCasesPage(officer, {
      sort: 'caseNumber',
      limit: 500,
      after: Buffer.from(JSON.stringify(forged)).toString('base64url'),
    });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((c) => c.officeId === 'NYC')).toBe(true);
    // Offset and a cursor together are refused.
    await expect(
      listCasesPage(auditor, { sort: 'caseNumber', limit: 5, after, offset: 5 }),
    ).rejects.toMatchObject({ status: 422 });
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
