import { type Kysely, sql } from 'kysely';

/**
 * Stored screenings kept in their table's own pages, compressed, instead of moved out to its TOAST table
 * (docs/bulk-rescreening.md, "What a batch costs on the database").
 *
 * PostgreSQL compresses a row over about 2 KB, and moves a value out of line when the compressed row is
 * still over `toast_tuple_target` (2 KB by default): a row in the TOAST table and an entry in its index for
 * every screening written, and a look-up in that index for every read of it. A compact screening compresses
 * to about 1.9 KB on average, and a third of them end just over 2 KB. With the target at 8 KB, the most a
 * page holds, a compressed screening stays in its row; only a screening over 8 KB compressed (none of the
 * compact ones measured) still goes out of line. Rows already stored stay where they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table screenings set (toast_tuple_target = 8160)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table screenings reset (toast_tuple_target)`.execute(db);
}
