/**
 * Case numbers `RL-YYYY-NNNNNN` come from one PostgreSQL sequence per year (`case_number_YYYY`), so
 * concurrent openings never draw the same number. A year's sequence is created on first use, in its
 * own transaction, starting past the highest number already issued that year (migration 0004 does
 * the same for the years already present).
 */
import { type Kysely, sql, type Transaction } from 'kysely';

export const caseNumberSequence = (year: number): string => {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`Not a year: ${year}`);
  return `case_number_${year}`;
};

/** Creates the year's sequence and moves it past existing numbers (inside the caller's transaction). */
// biome-ignore lint/suspicious/noExplicitAny: used by the migration on any database shape
export async function createCaseNumberSequence(trx: Kysely<any> | Transaction<any>, year: number) {
  const name = caseNumberSequence(year);
  await sql.raw(`create sequence if not exists ${name} minvalue 1 start 1`).execute(trx);
  const max = await sql<{ n: number | string | null }>`
    select max(cast(substring(case_number from 9) as integer)) as n
    from cases where case_number like ${`RL-${year}-%`}`.execute(trx);
  const n = Number(max.rows[0]?.n ?? 0);
  if (n > 0) await sql`select setval(${name}::regclass, ${n}, true)`.execute(trx);
}

// biome-ignore lint/suspicious/noExplicitAny: works on any database shape
export async function caseNumberSequenceExists(db: Kysely<any> | Transaction<any>, year: number) {
  const r = await sql<{ r: string | null }>`select to_regclass(${caseNumberSequence(year)}) as r`.execute(db);
  return Boolean(r.rows[0]?.r);
}

/** Makes sure the year's sequence exists. Safe when several openers race to create it. */
// biome-ignore lint/suspicious/noExplicitAny: works on any database shape
export async function ensureCaseNumberSequence(db: Kysely<any>, year: number): Promise<void> {
  if (await caseNumberSequenceExists(db, year)) return;
  try {
    await db.transaction().execute((trx) => createCaseNumberSequence(trx, year));
  } catch (err) {
    // Another opener created it at the same moment: duplicate relation or catalog key.
    const code = (err as { code?: string }).code;
    if (code !== '42P07' && code !== '23505') throw err;
  }
}

/** Draws the next number of the year inside the opening transaction. */
// biome-ignore lint/suspicious/noExplicitAny: works on any database shape
export async function drawCaseNumber(trx: Kysely<any> | Transaction<any>, year: number): Promise<number> {
  const r = await sql<{
    n: number | string;
  }>`select nextval(${caseNumberSequence(year)}::regclass) as n`.execute(trx);
  return Number(r.rows[0]!.n);
}
