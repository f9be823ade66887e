import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { caseSearchTerms, searchTokens, soundKey } from '../../src/domain/name-search.ts';
import { listCasesPage } from '../../src/services/case/list.ts';
import { openCase } from '../../src/services/case/open.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let nyc: { id: string; caseNumber: string };
let mia: { id: string; caseNumber: string };

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  nyc = await openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: {
      languages: ['tg', 'ru'],
      familyName: 'Karimov',
      givenNames: 'Mukhammad Ali',
      aliases: ['Мухаммад Каримов'],
      aNumber: 'A201234567',
    },
    notice: { type: 'red_notice', interpolRef: '2025/881234', issuingCountry: 'TJ' },
  });
  // The same name in another office: never found from NYC.
  mia = await openCase(await as('officer2'), {
    purpose: 'law_enforcement_action',
    person: { familyName: 'Karimov', givenNames: 'Muhammad', aNumber: 'A209999999', languages: ['tg'] },
    notice: { type: 'red_notice', interpolRef: '2025/881299', issuingCountry: 'TJ' },
  });
});
afterAll(async () => {
  await d.close();
});

const as = (username: string): Promise<Call> => callAsUser(t.app, username);
const find = async (username: string, q: string) =>
  (await listCasesPage(await as(username), { q })).items.map((c) => c.caseNumber);

describe('the search terms of a case', () => {
  it('gives transliteration variants of a name the same sound key', () => {
    const keys = ['Mukhammad', 'Muhammad', 'Мухаммад', 'Mohammed', 'محمد'].map(soundKey);
    expect(new Set(keys)).toEqual(new Set(['~mhmd']));
    expect(soundKey('Aleksandr')).toBe(soundKey('Alexander'));
    expect(soundKey('Чайковский')).toBe(soundKey('Tchaikovsky'));
  });

  it('keeps references as one word and indexes names, A-number, notice and case number', () => {
    expect(searchTokens('RL-2026-000001').map((x) => x.prefix)).toEqual(['rl2026000001']);
    expect(searchTokens('A012-345-678')).toEqual([{ prefix: 'a012345678', soundKey: null }]);
    const terms = caseSearchTerms({
      caseNumber: 'RL-2026-000012',
      familyName: 'Al-Hassan',
      givenNames: 'Omar',
      aliases: [],
      aNumber: 'A012345678',
      noticeRefs: ['2026/12345'],
    });
    for (const term of ['rl2026000012', '000012', 'alhassan', 'hassan', 'omar', '012345678', '202612345'])
      expect(terms).toContain(term);
  });
});

describe('finding cases (GET /cases?q=)', () => {
  it('finds a person by name in any transliteration, in their office', async () => {
    for (const q of ['Mukhammad', 'muhammad', 'Мухаммад', 'Mohammed Karimov', 'karim', 'Каримов'])
      expect(await find('officer', q), q).toEqual([nyc.caseNumber]);
  });

  it('finds by A-number, notice reference and case number, with or without separators', async () => {
    expect(await find('officer', 'A201234567')).toEqual([nyc.caseNumber]);
    expect(await find('officer', '201-234-567')).toEqual([nyc.caseNumber]);
    expect(await find('officer', '2025/881234')).toEqual([nyc.caseNumber]);
    expect(await find('officer', nyc.caseNumber)).toEqual([nyc.caseNumber]);
    expect(await find('officer', nyc.caseNumber.toLowerCase().replaceAll('-', ''))).toEqual([nyc.caseNumber]);
  });

  it("never finds another office's case; roles that span offices find both", async () => {
    expect(await find('officer', 'A209999999')).toEqual([]);
    expect(await find('officer', mia.caseNumber)).toEqual([]);
    expect(await find('officer2', 'Karimov')).toEqual([mia.caseNumber]);
    expect((await find('liaison', 'Karimov')).sort()).toEqual([nyc.caseNumber, mia.caseNumber].sort());
  });

  it('requires every word to match and shows the name in the list', async () => {
    expect(await find('officer', 'Mukhammad Smith')).toEqual([]);
    const page = await listCasesPage(await as('officer'), { q: 'Karimov', sort: 'person' });
    expect(page.total).toBe(1);
    expect(page.items[0]!.personName).toBe('Karimov, Mukhammad Ali');
  });

  it('does not keep the words searched for in the audit entry', async () => {
    await find('officer', 'Karimov');
    await foldAllReads(t.app); // reads reach the chain through the read log (services/read-log.ts)
    const last = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'case.list')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(last.detail)).not.toMatch(/karimov/i);
    expect(last.detail).toMatchObject({ searchWords: 1 });
  });
});
