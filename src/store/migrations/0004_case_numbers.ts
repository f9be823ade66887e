import { type Kysely, sql } from 'kysely';
import { createCaseNumberSequence } from '../case-numbers.ts';

/**
 * Case numbers from a PostgreSQL sequence per year instead of counting rows (two concurrent openings
 * could draw the same number). Creates the sequence of every year already used, past its highest number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const years = await sql<{ y: string }>`
    select distinct substring(case_number from 4 for 4) as y from cases where case_number like 'RL-____-%'`.execute(
    db,
  );
  for (const { y } of years.rows) await createCaseNumberSequence(db, Number(y));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const seqs = await sql<{ name: string }>`
    select relname as name from pg_class where relkind = 'S' and relname like 'case\\_number\\_%'`.execute(
    db,
  );
  for (const { name } of seqs.rows)
    if (/^case_number_\d{4}$/.test(name)) await sql.raw(`drop sequence if exists ${name}`).execute(db);
}
