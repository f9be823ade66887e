import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { isUniqueViolation } from '../../src/services/authorization/authorize.ts';
import type { Database } from '../../src/store/db.ts';
import * as m0010 from '../../src/store/migrations/0010_serialised_actions.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
  await seedDemoData(testApp(d).system);
});
afterAll(async () => {
  await d.close();
});

describe('migration 0010: one standing authorization per case', () => {
  it('withdraws the older of two active authorizations left by a race, then refuses a second one', async () => {
    await m0010.down(d.db as never);
    const first = await d.db
      .selectFrom('authorizations')
      .selectAll()
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const twin = crypto.randomUUID();
    await d.db
      .insertInto('authorizations')
      .values({
        ...first,
        id: twin,
        authorized_at: new Date(new Date(first.authorized_at).getTime() + 1000),
        gates: JSON.stringify(first.gates),
      } as never)
      .execute();
    await m0010.up(d.db as never);
    const rows = await d.db
      .selectFrom('authorizations')
      .select(['id', 'status', 'withdrawn_reason'])
      .where('case_id', '=', first.case_id)
      .execute();
    expect(rows.find((r) => r.id === twin)?.status).toBe('active');
    const older = rows.find((r) => r.id === first.id)!;
    expect(older.status).toBe('withdrawn');
    expect(older.withdrawn_reason).toMatch(/one standing authorization per case/);

    const err = await d.db
      .insertInto('authorizations')
      .values({ ...first, id: crypto.randomUUID(), status: 'suspended', gates: '[]' } as never)
      .execute()
      .catch((e) => e);
    expect(isUniqueViolation(err, 'authorizations_one_standing')).toBe(true);
  });
});
