import { type Kysely, sql } from 'kysely';

/**
 * Policy version 1, so that every database has the settings its first evaluation and authorization refer
 * to. The values are written out here (not imported) so that this migration never changes.
 */
const VERSION_1 = {
  version: 1,
  validityFreshnessHours: 24,
  trainingValidityDays: 365,
  contestWindowDays: 30,
  liaisonDeadlineDays: { validity: 2, documentation: 30, use_authorization: 14 },
  liaisonFollowUpDays: 7,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into policy_versions (version, settings, note) values (1, ${JSON.stringify(VERSION_1)}::jsonb, 'initial policy') on conflict (version) do nothing`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from policy_versions where version = 1`.execute(db);
}
