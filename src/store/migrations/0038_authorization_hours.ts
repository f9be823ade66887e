import { type Kysely, sql } from 'kysely';

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

const UP: string[] = [
  `create function redline_counts_auth_tenths() returns trigger language plpgsql as $fn$
   begin
     if tg_op = 'INSERT' then
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, sum(n) from (${contrib('new_rows')}) d group by 1, 2, 3;
     elsif tg_op = 'DELETE' then
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, -sum(n) from (${contrib('old_rows')}) d group by 1, 2, 3;
     else
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, sum(n) from (
         select * from (${contrib('new_rows')}) a
         union all
         select office_id, counter, key, -n from (${contrib('old_rows')}) b
       ) d group by 1, 2, 3 having sum(n) <> 0;
     end if;
     return null;
   end
   $fn$`,
  `create trigger report_case_facts_auth_ins after insert on report_case_facts referencing new table as new_rows
     for each statement execute function redline_counts_auth_tenths()`,
  `create trigger report_case_facts_auth_upd after update on report_case_facts
     referencing old table as old_rows new table as new_rows
     for each statement execute function redline_counts_auth_tenths()`,
  `create trigger report_case_facts_auth_del after delete on report_case_facts referencing old table as old_rows
     for each statement execute function redline_counts_auth_tenths()`,
  // The recount: the counters defined before (whatever they are now), and this one.
  `alter view office_counts_expected rename to office_counts_expected_before_0038`,
  `create view office_counts_expected as
     select office_id, counter, key, n from office_counts_expected_before_0038
     union all
     select office_id, counter, key, sum(n)::bigint as n from (${contrib('report_case_facts')}) d group by 1, 2, 3`,
  `insert into office_counts (office_id, counter, key, n)
     select office_id, counter, key, n from office_counts_expected where counter = 'auth_tenths'`,
];

const DOWN: string[] = [
  `delete from office_counts where counter = 'auth_tenths'`,
  `drop view if exists office_counts_expected`,
  `alter view office_counts_expected_before_0038 rename to office_counts_expected`,
  `drop trigger if exists report_case_facts_auth_del on report_case_facts`,
  `drop trigger if exists report_case_facts_auth_upd on report_case_facts`,
  `drop trigger if exists report_case_facts_auth_ins on report_case_facts`,
  `drop function if exists redline_counts_auth_tenths()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
