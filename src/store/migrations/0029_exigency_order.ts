import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * The dashboard lists exigencies newest first, a page at a time (services/exigency/oversight.ts): an index
 * in that order, so a page is a short index range whatever the number of exigencies on record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(db, `create index exigencies_requested on exigencies (requested_at desc, id desc);`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(db, `drop index if exists exigencies_requested;`);
}
