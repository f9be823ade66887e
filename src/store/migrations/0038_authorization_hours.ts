import { type Kysely, sql } from 'kysely';
import { type KeptCounter, keptCounterDown, keptCounterUp } from './counter-trigger.ts';

/**
 * Time to first authorization, counted by tenth of an hour (services/counters.ts, the dashboard's "time to
 * authorization"; docs/reads-at-scale.md).
 *
 * The dashboard's median and 90th percentile of the hours from a case's opening to its first
 * authorization were computed over every authorization (300,000 at a million cases: about 3 s). They are
 * read now from the counter `auth_tenths` of `office_counts`: per office, the number of cases whose first
 * authorization came that many tenths of an hour after opening (key: the whole number of tenths, rounded
 * half up, as the dashboard rounds). Rounding is monotonic, so the percentile of the rounded values is the
 * rounded percentile: the figures are the same as before, read from a few thousand rows instead of every
 * authorization.
 *
 * Kept from `report_case_facts` (migration 0028: office, opening time and first authorization per case,
 * maintained by triggers on every path that changes them) by statement-level triggers with transition
 * tables, as every counter; the recount view `office_counts_expected` (which `redline gates verify
 * --repair` compares and repairs) is extended with it without restating the counters before it.
 */

const contrib = (r: string) => `
  select ${r}.office_id, 'auth_tenths'::text as counter,
         floor(extract(epoch from (${r}.first_authorized_at - ${r}.created_at)) / 360.0 + 0.5)::bigint::text as key,
         1::bigint as n
  from ${r} where ${r}.first_authorized_at is not null`;

const COUNTER: KeptCounter = {
  counter: 'auth_tenths',
  fn: 'redline_counts_auth_tenths',
  table: 'report_case_facts',
  triggerPrefix: 'report_case_facts_auth',
  viewSuffix: '0038',
  contrib,
};

const UP = keptCounterUp(COUNTER);
const DOWN = keptCounterDown(COUNTER);

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
