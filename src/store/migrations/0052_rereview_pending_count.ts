import { type Kysely, sql } from 'kysely';
import { type KeptCounter, keptCounterDown, keptCounterUp } from './counter-trigger.ts';

/**
 * The number of cases waiting in the re-review queue, per office, kept in `office_counts` (counter
 * `rereview_pending`, key '') by statement-level triggers on `cases` (counter-trigger.ts), as the other queue
 * counts are (migration 0022). The queue's page was already a keyset range of its index; its count read
 * every pending case: after an import of a million legacy cases, about a million index entries, 150–180 ms
 * a page (docs/benchmarks.md). `redline gates verify --repair` recounts it with the others.
 */
const contrib = (r: string) => `
  select ${r}.office_id, 'rereview_pending'::text as counter, ''::text as key, 1::bigint as n
  from ${r} where ${r}.rereview_state = 'pending'`;

const COUNTER: KeptCounter = {
  counter: 'rereview_pending',
  fn: 'redline_counts_rereview_pending',
  table: 'cases',
  triggerPrefix: 'cases_rereview_pending',
  viewSuffix: '0052',
  contrib,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of keptCounterUp(COUNTER)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of keptCounterDown(COUNTER)) await sql.raw(statement).execute(db);
}
