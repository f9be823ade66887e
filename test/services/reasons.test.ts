import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../src/demo/cases.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import { caseFreeTexts, checkReasons, reasonMinChars } from '../../src/services/reasons.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

// checkReasons reads the case's other free texts from the database (approvals, their acknowledgements,
// contest decisions, wording dismissals, review notes) on both engines.
let d: Database;
let caseId: string;

beforeAll(async () => {
  d = await testDatabase();
  const { system } = testApp(d);
  await seedDemo(system);
  const [first] = await seedDemoCases(system);
  const row = await d.db
    .selectFrom('cases')
    .select('id')
    .where('case_number', '=', first!)
    .executeTakeFirstOrThrow();
  caseId = row.id;
});
afterAll(async () => d.close());

describe('checkReasons', () => {
  it("reads the case's recorded reasons", async () => {
    const texts = await caseFreeTexts(d.db, caseId);
    const approval = await d.db
      .selectFrom('approvals')
      .select('rationale')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(texts).toContain(approval.rationale);
  });

  it('refuses a stock phrase, a copy of another entry and a text that does not name its indicator', async () => {
    const [other] = await caseFreeTexts(d.db, caseId);
    const problems = await checkReasons(
      d.db,
      caseId,
      [
        { text: 'Noted.', field: 'a', kind: 'acknowledgement' },
        { text: other, field: 'b', kind: 'rationale' },
        {
          text: 'The record was read in full and nothing in it changes the outcome of this decision at all.',
          field: 'c',
          kind: 'acknowledgement',
          mustAddress: {
            id: 'IND_JOURNALIST',
            title: 'The person is a journalist',
            keywords: ['journalist'],
          },
        },
      ],
      reasonMinChars(DEFAULT_POLICY),
    );
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['a', 'SUBSTANCE-STOCK-PHRASE'],
      ['b', 'SUBSTANCE-DUPLICATE'],
      ['c', 'SUBSTANCE-NOT-ADDRESSED'],
    ]);
  });

  it('accepts a specific reason, and refuses the same reason given twice in one submission', async () => {
    const text =
      'The journalist indicator rests on a 2019 press card; the charge is a 2021 armed robbery with a named victim.';
    const subject = { id: 'IND_JOURNALIST', title: 'The person is a journalist', keywords: ['journalist'] };
    const ok = await checkReasons(
      d.db,
      caseId,
      [{ text, field: 'a', kind: 'acknowledgement', mustAddress: subject }],
      40,
    );
    expect(ok).toEqual([]);
    const twice = await checkReasons(
      d.db,
      caseId,
      [
        { text, field: 'a', kind: 'acknowledgement', mustAddress: subject },
        { text, field: 'b', kind: 'acknowledgement', mustAddress: subject },
      ],
      40,
    );
    expect(twice.map((p) => [p.field, p.rule])).toEqual([['b', 'SUBSTANCE-DUPLICATE']]);
  });
});
