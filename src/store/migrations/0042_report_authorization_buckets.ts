import { type Kysely, sql } from 'kysely';
import { COLS, contrib, GROUP, grains } from './0034_report_day_counts.ts';

/**
 * The oversight report's time to authorization from counts (services/report/time-to-authorization.ts,
 * docs/oversight-report.md, docs/decisions/report-day-counts.md).
 *
 * The report's median and 90th percentile of the hours from a case's opening to its first authorization,
 * for the first authorizations of a period, were computed by sorting every one of them (300,000 at a
 * million cases). They are now found in two steps, both exact:
 * 1. counts of first authorizations per day of the authorization (UTC), office and issuing country, by
 *    *bucket* of time to authorization (counter `auth_bucket` of `report_day_counts`, k1 = the bucket): a
 *    period's counts per bucket are a sum over its years, months and days, as the report's other counts;
 *    the running sum over the buckets in order gives the bucket that holds the authorization of the
 *    percentile's rank and its rank inside the bucket;
 * 2. that authorization is read from the few in its bucket, through the index below (bucket, office,
 *    authorization time), sorted by their exact time.
 * A bucket is a range of tenths of an hour (the precision the report shows); the ranges widen with the time
 * (an hour up to a day, six hours up to a week, a day up to 90 days, then a week), so a year of one office
 * has at most a few hundred buckets. The bucket function is monotonic: the buckets in order are the times in
 * order, which is all step 1 needs to be exact.
 *
 * The counter is kept by the same statement-level triggers on `report_case_facts` as the other day counts
 * (the trigger function is replaced with the extended contribution, and its test of changed rows now also
 * looks at the first authorization, which the counts before did not depend on). The recount view
 * `report_day_counts_expected` is replaced the same way, so `redline gates verify --repair` covers it.
 */

/** Tenths of an hour from opening to first authorization, rounded half up (as the dashboard's counts). */
const TENTHS = `create function redline_auth_tenths(opened timestamptz, authorized timestamptz) returns bigint
  language sql immutable parallel safe as
  $$ select floor(extract(epoch from (authorized - opened)) / 360.0 + 0.5)::bigint $$`;

/** The bucket of a time in tenths: its lower bound (every negative time, which no workflow writes, in one). */
const BUCKET = `create function redline_auth_bucket(t bigint) returns bigint
  language sql immutable parallel safe as
  $$ select case when t < 0 then -1
                 when t < 240 then t / 10 * 10
                 when t < 1680 then t / 60 * 60
                 when t < 21600 then t / 240 * 240
                 else t / 1680 * 1680 end $$`;

/** The first authorizations of a row set, by authorization day, office, country ('' and each), bucket. */
const authContrib = (r: string) => `
  select (${r}.first_authorized_at at time zone 'UTC')::date as day, ${r}.office_id, 'auth_bucket'::text as counter,
         ''::text as country, redline_auth_bucket(redline_auth_tenths(${r}.created_at, ${r}.first_authorized_at))::text as k1,
         ''::text as k2, 1::bigint as n
  from ${r} where ${r}.first_authorized_at is not null
  union all
  select (${r}.first_authorized_at at time zone 'UTC')::date, ${r}.office_id, 'auth_bucket', c,
         redline_auth_bucket(redline_auth_tenths(${r}.created_at, ${r}.first_authorized_at))::text, '', 1
  from ${r} cross join lateral unnest(${r}.countries) c where ${r}.first_authorized_at is not null`;

export const withAuth = (r: string) => `${contrib(r)}\n  union all ${authContrib(r)}`;

export const counted = (withAuthorization: boolean) => {
  const of = withAuthorization ? withAuth : contrib;
  const cols = `office_id, status, created_at, countries, indicators, categories${withAuthorization ? ', first_authorized_at' : ''}`;
  return [
    `create or replace view report_day_counts_expected as
       select ${COLS}, sum(n)::bigint as n from (${grains('report_case_facts', of)}) d ${GROUP}`,
    `create or replace function redline_report_day_counts() returns trigger language plpgsql set jit = off as $fn$
     begin
       if tg_op = 'INSERT' then
         insert into report_day_counts (${COLS}, n)
         select ${COLS}, sum(n) from (${grains('new_rows', of)}) d ${GROUP};
       elsif tg_op = 'DELETE' then
         insert into report_day_counts (${COLS}, n)
         select ${COLS}, -sum(n) from (${grains('old_rows', of)}) d ${GROUP};
       else
         -- Only the rows whose counted columns changed (an upsert rewrites unchanged rows too).
         with changed as (
           select o.case_id from old_rows o join new_rows w on w.case_id = o.case_id
           where (${cols
             .split(', ')
             .map((c) => `o.${c}`)
             .join(', ')})
             is distinct from (${cols
               .split(', ')
               .map((c) => `w.${c}`)
               .join(', ')})),
         nr as (select w.* from new_rows w where w.case_id in (select case_id from changed)),
         orr as (select o.* from old_rows o where o.case_id in (select case_id from changed))
         insert into report_day_counts (${COLS}, n)
         select ${COLS}, sum(n) from (
           select * from (${grains('nr', of)}) a
           union all
           select ${COLS}, -n from (${grains('orr', of)}) b
         ) d ${GROUP} having sum(n) <> 0;
       end if;
       return null;
     end
     $fn$`,
  ];
};

const UP: string[] = [
  TENTHS,
  BUCKET,
  ...counted(true),
  // The counts of the authorizations already there, at the three grains.
  `insert into report_day_counts (${COLS}, n)
     select ${COLS}, sum(n) from (${grains('report_case_facts', authContrib)}) d ${GROUP}`,
  // Step 2 reads the authorizations of one bucket in the period (of one office, or all), with what it needs
  // from the index.
  `create index report_case_facts_auth_bucket on report_case_facts
     (redline_auth_bucket(redline_auth_tenths(created_at, first_authorized_at)), office_id, first_authorized_at)
     include (created_at, countries) where first_authorized_at is not null`,
  // The contests and re-review outcomes of a period look up each one's case's office and countries: from
  // the index alone (at 1,000,000 cases, 20,000 contests: 115 ms through the primary key and the table,
  // 70 ms from this index).
  `create index report_case_facts_scope on report_case_facts (case_id) include (office_id, countries)`,
  `analyze report_day_counts`,
  `analyze report_case_facts`,
];

const DOWN: string[] = [
  `drop index if exists report_case_facts_scope`,
  `drop index if exists report_case_facts_auth_bucket`,
  `delete from report_day_counts where counter = 'auth_bucket'`,
  ...counted(false),
  `drop function if exists redline_auth_bucket(bigint)`,
  `drop function if exists redline_auth_tenths(timestamptz, timestamptz)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
