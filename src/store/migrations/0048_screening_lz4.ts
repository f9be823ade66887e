import { type Kysely, sql } from 'kysely';

/**
 * Stored screenings compressed with LZ4 instead of pglz (docs/bulk-rescreening.md).
 *
 * A compact screening is about 5 KB of `jsonb`, over the 2 KB at which PostgreSQL compresses a row, so every
 * screening written is compressed, and every trigger that reads a field of a new screening (the re-review key,
 * the report's facts) decompresses it again. pglz is slow at both; LZ4 compresses and decompresses several
 * times faster at about the same size (2.6 KB against 2.4 KB a row, measured on 2,000 compact screenings). On
 * a bulk re-screening batch of 2,000 first screenings the server's CPU time for the insert without its
 * triggers went from 350–440 ms to 230–290 ms (three runs each, load 10–11).
 *
 * Only rows written from now on are compressed with LZ4; rows already stored stay as they are and are read
 * as before (PostgreSQL records the method per value). A server built without LZ4 (PGlite) keeps pglz: the
 * change is skipped there, and nothing else depends on it.
 */
const COLUMNS = ['results', 'diff'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`do $do$
      begin
        ${COLUMNS.map((c) => `alter table screenings alter column ${c} set compression lz4;`).join('\n        ')}
      exception when feature_not_supported then
        null; -- built without LZ4: the default method stays
      end
    $do$`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of COLUMNS)
    await sql.raw(`alter table screenings alter column ${c} set compression default`).execute(db);
}
