/**
 * The search's count (services/case/list.ts, migration 0027's covering index): exact up to 1,000 matches,
 * then "more than" (`totalCapped`, total 1,000). 1,001 cases in New York share a family name written straight
 * into the tables and indexed for search as the services do (indexCaseForSearch); 1,000 of them share a
 * given name, 37 a second one; one more case with both names is in Miami.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { listCasesPage, SEARCH_COUNT_CAP } from '../../src/services/case/list.ts';
import { indexCaseForSearch } from '../../src/services/case/search-index.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases, type SyntheticCase } from '../helpers/synthetic-cases.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

const base: SyntheticCase = {
  office: 'NYC',
  status: 'open',
  custody: 'not_in_custody',
  inProceedings: false,
  strongIndicators: [],
  contextualIndicators: [],
  categories: ['fraud'],
  noticeStatus: 'valid',
  issuingCountry: 'TR',
  disclosed: false,
  createdAt: new Date('2024-02-01T00:00:00Z'),
  authorizedAfterHours: null,
  contest: null,
};

/** Names the person of each case and indexes the case for search, as recording a person does. */
async function name(ids: string[], familyName: string, givenNames: (i: number) => string) {
  for (const [i, id] of ids.entries()) {
    await d.db
      .updateTable('persons')
      .set({ family_name: familyName, given_names: givenNames(i) })
      .where('id', '=', (eb) => eb.selectFrom('cases').select('person_id').where('cases.id', '=', id))
      .execute();
    await indexCaseForSearch(d.db, id);
  }
}

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  const nyc = await insertSyntheticCases(
    d.db,
    Array.from({ length: SEARCH_COUNT_CAP + 1 }, (_, i) => ({
      ...base,
      createdAt: new Date(Date.UTC(2024, 1, 1, 0, i)),
    })),
  );
  // 1,000 named Elkhan (37 of them Elkhan Rustam), the last one Timur.
  await name(nyc, 'Zavarzin', (i) =>
    i === SEARCH_COUNT_CAP ? 'Timur' : i < 37 ? 'Elkhan Rustam' : 'Elkhan',
  );
  const [mia] = await insertSyntheticCases(d.db, [{ ...base, office: 'MIA' }]);
  await name([mia!], 'Zavarzin', () => 'Elkhan');
}, 600_000);
afterAll(async () => {
  await d.close();
});

const as = (username: string): Promise<Call> => callAsUser(t.app, username);

describe('the count of a search', () => {
  it('says "more than" past 1,000 matches, and pages on through all of them', async () => {
    const officer = await as('officer');
    const first = await listCasesPage(officer, { q: 'Zavarzin', limit: 100 });
    expect(first).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    expect(first.items).toHaveLength(100);
    // The cap is on the count only: keyset paging reaches every one of the 1,001 cases.
    const seen = new Set(first.items.map((c) => c.id));
    let after = first.nextCursor;
    while (after) {
      const page = await listCasesPage(officer, { q: 'Zavarzin', limit: 500, after });
      expect(page.totalCapped).toBe(true);
      for (const c of page.items) seen.add(c.id);
      after = page.nextCursor;
    }
    expect(seen.size).toBe(SEARCH_COUNT_CAP + 1);
  });

  it('counts exactly at the cap and below it, in the office searched', async () => {
    const officer = await as('officer');
    // Exactly 1,000: the cap itself is an exact count.
    const atCap = await listCasesPage(officer, { q: 'Zavarzin Elkhan', limit: 10 });
    expect(atCap).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: false });
    expect(atCap.items).toHaveLength(10);
    // 37, counted (the page of 10 is full, so the count is not the page's length).
    const some = await listCasesPage(officer, { q: 'Rustam Zavarzin', limit: 10 });
    expect(some).toMatchObject({ total: 37, totalCapped: false });
    // A sound-alike spelling finds the same cases.
    expect(await listCasesPage(officer, { q: 'Zawarzin Rustam', limit: 10 })).toMatchObject({
      total: 37,
      totalCapped: false,
    });
    // One, on a page that is not full.
    expect(await listCasesPage(officer, { q: 'Zavarzin Timur' })).toMatchObject({
      total: 1,
      totalCapped: false,
    });
    // From a later page (offset), the count is still the whole search's.
    expect(await listCasesPage(officer, { q: 'Rustam Zavarzin', limit: 10, offset: 30 })).toMatchObject({
      total: 37,
      totalCapped: false,
    });
    // The Miami case is not counted in New York; a role that spans offices counts it: 1,001, past the cap.
    expect(await listCasesPage(await as('auditor'), { q: 'Zavarzin Elkhan', limit: 10 })).toMatchObject({
      total: SEARCH_COUNT_CAP,
      totalCapped: true,
    });
  });

  it('keeps the count in the audit entry', async () => {
    await listCasesPage(await as('officer'), { q: 'Zavarzin', limit: 5 });
    await foldAllReads(t.app); // reads reach the chain through the read log (services/read-log.ts)
    const entry = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'case.list')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, searchWords: 1 });
  });
});
