import { type Kysely, sql } from 'kysely';

/**
 * Stored screenings written whole into their table's own pages instead of compressed and moved out to its
 * TOAST table (docs/bulk-rescreening.md, "What a batch costs on the database").
 *
 * PostgreSQL compresses the values of a row over about 2 KB until the row fits in `toast_tuple_target` (2 KB
 * by default), and moves what still does not fit out of line: for a compact screening (about 3 KB of
 * `jsonb`, 1.9 KB compressed on average and a third of them just over 2 KB), an LZ4 compression on every
 * write, and for a third of them a row in the TOAST table and an entry in its index, and a look-up in that
 * index and a decompression on every read of it (the triggers that keep the re-review key and the report's
 * facts read every new screening). With the target at 8 KB, the most a page holds, a row that fits in a page
 * is written as it is: no compression, nothing out of line. Measured on copies of a 100,000-case database,
 * first bulk runs: the server's CPU 37–47 s against 52–54 s. The price is space: 352 MB for the table and
 * its indexes against 241 MB. Rows already stored stay as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table screenings set (toast_tuple_target = 8160)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table screenings reset (toast_tuple_target)`.execute(db);
}
