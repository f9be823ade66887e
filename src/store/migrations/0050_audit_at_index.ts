import { type Kysely, sql } from 'kysely';

/**
 * The audit search by date (services/audit-search.ts, docs/audit-search.md): entries from one day to
 * another. The search reads newest first by `seq`; without an index on `at`, a range in the past is found
 * only by reading every later entry backwards through the primary key. With `audit_at (at)` the planner
 * reads the range from this index and sorts that range's entries by `seq` when the range is a small part
 * of the log, and keeps the backwards read when the range is recent or wide.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists audit_at on audit_log (at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists audit_at`.execute(db);
}
