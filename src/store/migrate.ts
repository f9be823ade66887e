import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_initial_policy.ts';
import * as m0003 from './migrations/0003_screening.ts';
import * as m0004 from './migrations/0004_case_numbers.ts';
import * as m0009 from './migrations/0009_search_and_task_due.ts';

/** The one list of migrations, applied identically on PGlite and PostgreSQL. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_initial_policy': m0002,
  '0003_screening': m0003,
  '0004_case_numbers': m0004,
  '0009_search_and_task_due': m0009,
};

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any database shape
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'redline_migrations',
    migrationLockTableName: 'redline_migrations_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
