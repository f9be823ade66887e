import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
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
});
