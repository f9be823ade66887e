import { type Kysely, sql } from 'kysely';

/**
 * Anchoring the tail of the audit trail (issue 9):
 * - the policy settings `auditCheckpointEveryEntries` (50) and `auditCheckpointEverySeconds` (60) are
 *   written into every stored version that lacks them, so every reader sees a complete record;
 * - the latest checkpoint is found by an index on its entry number (read on every append);
 * - a refusal is audited once per request: the server looks for an entry of the request by its id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update policy_versions set settings = settings || '{"auditCheckpointEveryEntries": 50}'::jsonb where not (settings ? 'auditCheckpointEveryEntries')`.execute(
    db,
  );
  await sql`update policy_versions set settings = settings || '{"auditCheckpointEverySeconds": 60}'::jsonb where not (settings ? 'auditCheckpointEverySeconds')`.execute(
    db,
  );
  await sql`create index if not exists audit_checkpoints_seq on audit_checkpoints(seq)`.execute(db);
  await sql`create index if not exists audit_request on audit_log(request_id) where request_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists audit_request`.execute(db);
  await sql`drop index if exists audit_checkpoints_seq`.execute(db);
  await sql`update policy_versions set settings = settings - 'auditCheckpointEveryEntries' - 'auditCheckpointEverySeconds'`.execute(
    db,
  );
}
