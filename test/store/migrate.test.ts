import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { up as addMinReasonChars } from '../../src/store/migrations/0005_policy_min_reason_chars.ts';
import { testDatabase } from '../helpers/db.ts';

describe('migrations', () => {
  it('leave policy version 1 equal to the default settings, and are idempotent', async () => {
    const d = await testDatabase();
    try {
      expect(await currentPolicy(d.db)).toEqual(DEFAULT_POLICY);
      await migrateToLatest(d.db);
      const rows = await d.db.selectFrom('policy_versions').select('version').execute();
      expect(rows.map((r) => r.version)).toEqual([1]);
    } finally {
      await d.close();
    }
  });

  it('give stored policy versions without minReasonChars the default, and leave others alone', async () => {
    const d = await testDatabase();
    try {
      await sql`update policy_versions set settings = settings - 'minReasonChars'`.execute(d.db);
      await sql`insert into policy_versions (version, settings, note) values (2, ${JSON.stringify({ ...DEFAULT_POLICY, version: 2, minReasonChars: 120 })}::jsonb, 'longer reasons')`.execute(
        d.db,
      );
      await addMinReasonChars(d.db as unknown as Kysely<unknown>);
      const rows = await d.db
        .selectFrom('policy_versions')
        .select(['version', 'settings'])
        .orderBy('version')
        .execute();
      expect(rows.map((r) => (r.settings as { minReasonChars: number }).minReasonChars)).toEqual([40, 120]);
      expect(await currentPolicy(d.db)).toEqual({ ...DEFAULT_POLICY, version: 2, minReasonChars: 120 });
    } finally {
      await d.close();
    }
  });
});
