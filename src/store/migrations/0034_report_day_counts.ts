import { type Kysely, sql } from 'kysely';

/**
 * The oversight report's counts pre-aggregated per day (services/report/day-counts.ts,
 * docs/oversight-report.md, docs/decisions/report-day-counts.md).
 *
 * Three of the report's tables count the cases opened in the period (cases by state, indicators by issuing
 * country, indicators by charge category). Read from `report_case_facts` (migration 0028) they cost a scan
 * of every case of the period and an expansion of its arrays: 3.3 s at 1,000,000 cases. `report_day_counts`
 * holds the same counts per opening day (UTC), office and key, so a report for a period is a sum over its
 * days (read as whole years, whole months and the days left).
 *
 * As `office_counts` (migration 0022), the table holds *signed deltas*: a count is the sum of its rows.
 * Statement-level triggers on `report_case_facts` (insert, update, delete; an upsert of the facts fires
 * both insert and update) insert the grouped difference between the new and the old rows' contributions
 * in the same transaction, so every path that keeps the facts (services, import, bulk re-screening,
 * generators) keeps the counts. Writers only insert; `compactReportCounts` folds the rows now and then.
 *
 * Counters (`country` is '' for the count over every issuing country, or one issuing country of the case:
 * a case with notices from two countries adds to '' once and to each of its countries once):
 * - `state`: k1 = the case's state now;
 * - `ind_country`: k1 = an indicator its latest screening found present, k2 = an issuing country of the
 *   case (country ''; filtered on k2, since this table's columns are the countries);
 * - `ind_category`: k1 = an indicator found present, k2 = an offence category of its charges.
 * Each count is kept at three grains (`grain`: 'd' day, 'm' month, 'y' year; `day` is the bucket's first
 * day), so a period is read as its whole years, whole months and remaining days.
 * The same definition is the view `report_day_counts_expected` (a recount over the facts), used to fill
 * the table here and by `redline report verify`.
 */

/** A row set's contribution (`r`: report_case_facts, or a transition table of it). */
const contrib = (r: string) => `
  select (${r}.created_at at time zone 'UTC')::date as day, ${r}.office_id, 'state'::text as counter,
         ''::text as country, ${r}.status as k1, ''::text as k2, 1::bigint as n
  from ${r}
  union all
  select (${r}.created_at at time zone 'UTC')::date, ${r}.office_id, 'state', c, ${r}.status, '', 1
  from ${r} cross join lateral unnest(${r}.countries) c
  union all
  select (${r}.created_at at time zone 'UTC')::date, ${r}.office_id, 'ind_country', '', i, c, 1
  from ${r} cross join lateral unnest(${r}.indicators) i cross join lateral unnest(${r}.countries) c
  union all
  select (${r}.created_at at time zone 'UTC')::date, ${r}.office_id, 'ind_category', '', i, k, 1
  from ${r} cross join lateral unnest(${r}.indicators) i cross join lateral unnest(${r}.categories) k
  union all
  select (${r}.created_at at time zone 'UTC')::date, ${r}.office_id, 'ind_category', c, i, k, 1
  from ${r} cross join lateral unnest(${r}.indicators) i cross join lateral unnest(${r}.categories) k
    cross join lateral unnest(${r}.countries) c`;

/**
 * The contribution counted at three grains: the day, its month and its year (`day` is the first day of the
 * bucket), so that a period is read as its whole years, whole months and remaining days: a few dozen
 * buckets whatever its length.
 */
const grains = (r: string) => `
  select g.grain, case g.grain when 'd' then x.day when 'm' then date_trunc('month', x.day)::date
           else date_trunc('year', x.day)::date end as day,
         x.office_id, x.counter, x.country, x.k1, x.k2, x.n
  from (${contrib(r)}) x cross join (values ('d'), ('m'), ('y')) g(grain)`;

const COLS = 'grain, day, office_id, counter, country, k1, k2';
const GROUP = 'group by 1, 2, 3, 4, 5, 6, 7';

const UP: string[] = [
  `create table report_day_counts (
     id bigserial primary key,
     grain text not null check (grain in ('d', 'm', 'y')),
     day date not null,
     office_id text not null,
     counter text not null,
     country text not null,
     k1 text not null,
     k2 text not null,
     n bigint not null
   )`,
  // A report reads one counter for one country ('' for all) over a few ranges of buckets.
  `create index report_day_counts_read on report_day_counts (counter, country, grain, day)
     include (office_id, k1, k2, n)`,
  `create view report_day_counts_expected as
     select ${COLS}, sum(n)::bigint as n from (${grains('report_case_facts')}) d ${GROUP}`,
  `create function redline_report_day_counts() returns trigger language plpgsql as $fn$
   begin
     if tg_op = 'INSERT' then
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, sum(n) from (${grains('new_rows')}) d ${GROUP};
     elsif tg_op = 'DELETE' then
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, -sum(n) from (${grains('old_rows')}) d ${GROUP};
     else
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, sum(n) from (
         select * from (${grains('new_rows')}) a
         union all
         select ${COLS}, -n from (${grains('old_rows')}) b
       ) d ${GROUP} having sum(n) <> 0;
     end if;
     return null;
   end
   $fn$`,
  `create trigger report_case_facts_day_ins after insert on report_case_facts referencing new table as new_rows
     for each statement execute function redline_report_day_counts()`,
  `create trigger report_case_facts_day_upd after update on report_case_facts
     referencing old table as old_rows new table as new_rows
     for each statement execute function redline_report_day_counts()`,
  `create trigger report_case_facts_day_del after delete on report_case_facts referencing old table as old_rows
     for each statement execute function redline_report_day_counts()`,
  `insert into report_day_counts (${COLS}, n) select ${COLS}, n from report_day_counts_expected`,
  `analyze report_day_counts`,
  // Time to authorization reads the authorizations of the period with what it needs from the index.
  `create index report_case_facts_authorized_cover on report_case_facts (first_authorized_at)
     include (office_id, created_at, countries) where first_authorized_at is not null`,
  `drop index if exists report_case_facts_authorized`,
];

const DOWN: string[] = [
  `create index if not exists report_case_facts_authorized on report_case_facts (first_authorized_at)
     where first_authorized_at is not null`,
  `drop index if exists report_case_facts_authorized_cover`,
  `drop trigger if exists report_case_facts_day_del on report_case_facts`,
  `drop trigger if exists report_case_facts_day_upd on report_case_facts`,
  `drop trigger if exists report_case_facts_day_ins on report_case_facts`,
  `drop function if exists redline_report_day_counts()`,
  `drop view if exists report_day_counts_expected`,
  `drop table if exists report_day_counts`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
