import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseShowHead, caseShowText } from '../../src/cli/case-show.ts';
import { seedDemoData } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { evaluateCaseNamed } from '../../src/services/queries.ts';
import type { Database } from '../../src/store/db.ts';
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

describe('redline case show', () => {
  it('prints titles, names and countries, never user ids, indicator ids or country codes', async () => {
    for (const n of ['RL-2026-000001', 'RL-2026-000002', 'RL-2026-000003']) {
      const row = await d.db
        .selectFrom('cases')
        .select(['id', 'status', 'purpose'])
        .where('case_number', '=', n)
        .executeTakeFirstOrThrow();
      const ev = await evaluateCaseNamed(await callAsUser(t.app, 'supervisor', 'cli'), row.id);
      const text = caseShowText(n, row, ev, await caseShowHead(d.db, row.id));
      expect(text).toMatch(/^Person: /m);
      expect(text).toMatch(/^Notice: (Red Notice|diffusion) \d{4}\/\d+ from \p{Lu}\p{Ll}/mu);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(text).not.toMatch(/\b(IND|CTX|VAL)_[A-Z_]+/);
      expect(text).not.toMatch(/\bG-[A-Z]+\b.*\(/);
    }
  });
});
