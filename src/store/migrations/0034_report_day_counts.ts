import { type Kysely, sql } from 'kysely';
import { categoriesOf, FACT_COLUMNS, indicatorsOf } from './0028_report_facts.ts';

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
 * the table here and by `redline gates verify`.
 *
 * Also, for the writes that keep the facts (a bulk re-screening batch spent most of its insert there): the
 * facts' refresh leaves a row alone when nothing in it changed; the trigger on `screenings` reads the
 * indicators and categories from the inserted rows (the transition table) instead of reading each case's
 * latest screening JSON back twice; and these statements run with `jit = off` (on a batch the estimated
 * cost passes the JIT threshold, and compiling took seconds on a loaded server).
 */

/** A row set's contribution (`r`: report_case_facts, or a transition table of it). */
export const contrib = (r: string) => `
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
export const grains = (r: string, of: (r: string) => string = contrib) => `
  select g.grain, case g.grain when 'd' then x.day when 'm' then date_trunc('month', x.day)::date
           else date_trunc('year', x.day)::date end as day,
         x.office_id, x.counter, x.country, x.k1, x.k2, x.n
  from (${of(r)}) x cross join (values ('d'), ('m'), ('y')) g(grain)`;

export const COLS = 'grain, day, office_id, counter, country, k1, k2';

const FACTS = [
  'office_id',
  'status',
  'created_at',
  'countries',
  'indicators',
  'categories',
  'first_authorized_at',
];
const UPSERT_CHANGED = `on conflict (case_id) do update set ${FACTS.map((c) => `${c} = excluded.${c}`).join(', ')}
  where (${FACTS.map((c) => `report_case_facts.${c}`).join(', ')})
    is distinct from (${FACTS.map((c) => `excluded.${c}`).join(', ')})`;
export const GROUP = 'group by 1, 2, 3, 4, 5, 6, 7';

/**
 * The facts of the cases of a statement's inserted screenings (`changed_rows`), derived whole: migration 0061
 * runs it when the links of new cases were inserted without their own refresh (migration 0060).
 */
export const FACTS_BY_SCREENING_ROWS = `with newest as (
       select distinct on (r.case_id) r.case_id, r.seq, r.results from changed_rows r order by r.case_id, r.seq desc),
     latest as (
       select w.case_id, coalesce((select s.results from screenings s where s.case_id = w.case_id and s.seq > w.seq
                                   order by s.seq desc limit 1), w.results) as results
       from newest w)
     insert into report_case_facts (${FACT_COLUMNS})
     select c.id, c.office_id, c.status, c.created_at,
       coalesce((select array_agg(distinct n.issuing_country order by n.issuing_country)
                 from case_notices cn join notices n on n.id = cn.notice_id where cn.case_id = c.id), '{}'),
       coalesce((select array_agg(distinct i.ind order by i.ind) from (${indicatorsOf('l.results')}) i(ind)), '{}'),
       coalesce((select array_agg(distinct k.category order by k.category) from (${categoriesOf('l.results')}) k(category)
                 where k.category is not null), '{}'),
       (select min(z.authorized_at) from authorizations z where z.case_id = c.id)
     from latest l join cases c on c.id = l.case_id
     ${UPSERT_CHANGED}`;

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
  // set jit = off: the planner's estimate for these statements passes the JIT threshold, and compiling
  // them took seconds on a loaded server for a batch that runs in milliseconds.
  `create function redline_report_day_counts() returns trigger language plpgsql set jit = off as $fn$
   begin
     if tg_op = 'INSERT' then
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, sum(n) from (${grains('new_rows')}) d ${GROUP};
     elsif tg_op = 'DELETE' then
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, -sum(n) from (${grains('old_rows')}) d ${GROUP};
     else
       -- Only the rows whose counted columns changed (an upsert rewrites unchanged rows too).
       with changed as (
         select o.case_id from old_rows o join new_rows w on w.case_id = o.case_id
         where (o.office_id, o.status, o.created_at, o.countries, o.indicators, o.categories)
           is distinct from (w.office_id, w.status, w.created_at, w.countries, w.indicators, w.categories)),
       nr as (select w.* from new_rows w where w.case_id in (select case_id from changed)),
       orr as (select o.* from old_rows o where o.case_id in (select case_id from changed))
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, sum(n) from (
         select * from (${grains('nr')}) a
         union all
         select ${COLS}, -n from (${grains('orr')}) b
       ) d ${GROUP} having sum(n) <> 0;
     end if;
     return null;
   end
   $fn$`,
  // The facts' refresh (migration 0028) leaves a case's row alone when nothing in it changed (a new
  // screening that finds what the previous one found), so no dead row and no delta is written for it.
  `create or replace function redline_report_facts_refresh(p_cases uuid[]) returns void language sql
   set jit = off as $fn$
     insert into report_case_facts (${FACT_COLUMNS})
     select c.id, c.office_id, c.status, c.created_at,
       coalesce((select array_agg(distinct n.issuing_country order by n.issuing_country)
                 from case_notices cn join notices n on n.id = cn.notice_id where cn.case_id = c.id), '{}'),
       coalesce((select array_agg(distinct i.ind order by i.ind)
                 from (select s.results from screenings s where s.case_id = c.id order by s.seq desc limit 1) l
                 cross join lateral (${indicatorsOf('l.results')}) i(ind)), '{}'),
       coalesce((select array_agg(distinct k.category order by k.category)
                 from (select s.results from screenings s where s.case_id = c.id order by s.seq desc limit 1) l
                 cross join lateral (${categoriesOf('l.results')}) k(category)
                 where k.category is not null), '{}'),
       (select min(z.authorized_at) from authorizations z where z.case_id = c.id)
     from (select distinct u.id from unnest(p_cases) u(id)) x join cases c on c.id = x.id
     ${UPSERT_CHANGED}
   $fn$`,
  // Screenings inserted: the indicators and categories are read from the newest inserted screening of each
  // case (the transition table holds it as written; no JSON read back from the table), unless a newer one is
  // already stored for the case, which is then read.
  `create function redline_report_facts_by_screening_rows() returns trigger language plpgsql set jit = off as $fn$
   begin
     ${FACTS_BY_SCREENING_ROWS};
     return null;
   end
   $fn$`,
  `drop trigger if exists screenings_report_facts on screenings`,
  `create trigger screenings_report_facts after insert on screenings referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_screening_rows()`,
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
  `drop trigger if exists screenings_report_facts on screenings`,
  `create trigger screenings_report_facts after insert on screenings referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  `drop function if exists redline_report_facts_by_screening_rows()`,
  `alter function redline_report_facts_refresh(uuid[]) reset jit`,
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
