import { type Kysely, sql } from 'kysely';

/**
 * Runs a DDL script one statement at a time. PGlite's driver uses the extended query protocol,
 * which takes a single statement per call; PostgreSQL accepts both. Statements are separated by a
 * semicolon at the end of a line; the DDL must not contain such a semicolon inside a statement.
 */
export async function execStatements(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*\n/)
    .map((s) => s.replace(/--[^\n]*$/gm, '').trim())
    .filter((s) => s.length > 0);
  for (const statement of statements) {
    await sql.raw(statement.replace(/;\s*$/, '')).execute(db);
  }
}
