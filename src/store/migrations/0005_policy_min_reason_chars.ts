import { type Kysely, sql } from 'kysely';

/**
 * The policy setting `minReasonChars` (the shortest acceptable written reason) was added after
 * version 1. Stored versions that lack it get the value the code would assume, 40, so that every
 * reader (the gates, the services, the policy page and its response schema) sees a complete record.
 * Versions that already carry it are left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update policy_versions set settings = settings || '{"minReasonChars": 40}'::jsonb where not (settings ? 'minReasonChars')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update policy_versions set settings = settings - 'minReasonChars'`.execute(db);
}
