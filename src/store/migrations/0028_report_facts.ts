import { type Kysely, sql } from 'kysely';

/**
 * The oversight report's per-case facts (services/report/oversight.ts, docs/reads-at-scale.md).
 *
 * The report used to read each case's latest screening and unpack its JSON on every request (22 s at
 * 100,000 cases). `report_case_facts` keeps, per case, the few facts the report counts, in compact
 * columns: office, state and opening time (copies of `cases`), the issuing countries of its notices,
 * the indicators its latest screening found present, the offence categories of that screening, and the
 * time of its first authorization. The report is then SQL aggregation over this one narrow table.
 *
 * The facts are kept by triggers in the same transaction as every change that can alter them, as the
 * re-review key of migration 0021 is: a case inserted or its state, office or opening changed (cases),
 * a screening written (screenings), a notice linked or unlinked (case_notices), a notice's issuing
 * country corrected (notices), an authorization recorded or its time changed (authorizations). Triggers,
 * rather than a step in the services, so that the writes that do not go through one action per case
 * (the legacy import's batches, bulk re-screening, generators and repairs in SQL) keep them too. The
 * triggers on other tables are statement-level with transition tables: a batch of 1,000 screenings
 * refreshes its cases in one statement.
 *
 * `redline_report_facts_refresh(ids)` re-derives the given cases (index lookups per case);
 * `redline_report_facts_fill()` re-derives every case with set-based joins (this migration, generators,
 * and a repair by hand).
 *
 * Also: the period indexes the report's other aggregations use (contests filed, refusals in the audit log),
 * and `tasks.for_role`: the role a task is for (a referral from the retrospective review to counsel or to
 * oversight, services/rereview/referral-task.ts); null for the tasks of the case's office as before.
 */
export const FACT_COLUMNS =
  'case_id, office_id, status, created_at, countries, indicators, categories, first_authorized_at';

// The indicators found present by a screening's results (`r`), as in the screening summary.
export const indicatorsOf = (
  r: string,
) => `select jsonb_array_elements_text(coalesce(${r} -> 'summary' -> 'strongPresent', '[]'::jsonb))
     union select jsonb_array_elements_text(coalesce(${r} -> 'summary' -> 'contextualPresent', '[]'::jsonb))
     union select jsonb_array_elements_text(coalesce(${r} -> 'summary' -> 'validityPresent', '[]'::jsonb))`;
// The offence categories a screening's results (`r`) read from the charges.
export const categoriesOf = (r: string) => `select e ->> 'category' from jsonb_array_elements(
       case when jsonb_typeof(${r} -> 'offenceCategories') = 'array' then ${r} -> 'offenceCategories' else '[]'::jsonb end) e`;

const UPSERT = `on conflict (case_id) do update set office_id = excluded.office_id, status = excluded.status,
     created_at = excluded.created_at, countries = excluded.countries, indicators = excluded.indicators,
     categories = excluded.categories, first_authorized_at = excluded.first_authorized_at`;

const UP: string[] = [
  `create table report_case_facts (
     case_id uuid primary key references cases(id) on delete cascade,
     office_id text not null,
     status text not null,
     created_at timestamptz not null,
     countries text[] not null default '{}',
     indicators text[] not null default '{}',
     categories text[] not null default '{}',
     first_authorized_at timestamptz
   )`,
  `create index report_case_facts_created on report_case_facts (created_at) include (office_id, status)`,
  `create index report_case_facts_office on report_case_facts (office_id, created_at)`,
  `create index report_case_facts_authorized on report_case_facts (first_authorized_at)
     where first_authorized_at is not null`,
  `create index contests_filed on contests (filed_at)`,
  `alter table tasks add column for_role text`,
  `create index audit_denied_at on audit_log (at) where outcome = 'denied'`,
  `create function redline_report_facts_refresh(p_cases uuid[]) returns void language sql as $fn$
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
     ${UPSERT}
   $fn$`,
  `create function redline_report_facts_fill() returns void language sql as $fn$
     insert into report_case_facts (${FACT_COLUMNS})
     select c.id, c.office_id, c.status, c.created_at, coalesce(ct.countries, '{}'),
       coalesce(ind.indicators, '{}'), coalesce(cat.categories, '{}'), az.first_at
     from cases c
     left join (select cn.case_id, array_agg(distinct n.issuing_country order by n.issuing_country) as countries
                from case_notices cn join notices n on n.id = cn.notice_id group by cn.case_id) ct on ct.case_id = c.id
     left join (select l.case_id, array_agg(distinct i.ind order by i.ind) as indicators
                from (select distinct on (s.case_id) s.case_id, s.results from screenings s order by s.case_id, s.seq desc) l
                cross join lateral (${indicatorsOf('l.results')}) i(ind) group by l.case_id) ind on ind.case_id = c.id
     left join (select l.case_id, array_agg(distinct k.category order by k.category) as categories
                from (select distinct on (s.case_id) s.case_id, s.results from screenings s order by s.case_id, s.seq desc) l
                cross join lateral (${categoriesOf('l.results')}) k(category)
                where k.category is not null group by l.case_id) cat on cat.case_id = c.id
     left join (select z.case_id, min(z.authorized_at) as first_at from authorizations z group by z.case_id) az
       on az.case_id = c.id
     ${UPSERT}
   $fn$`,
  `create function redline_report_facts_by_case_rows() returns trigger language plpgsql as $fn$
   begin
     perform redline_report_facts_refresh(array(select distinct case_id from changed_rows));
     return null;
   end
   $fn$`,
  `create function redline_report_facts_by_case_ids() returns trigger language plpgsql as $fn$
   begin
     perform redline_report_facts_refresh(array(select id from changed_rows));
     return null;
   end
   $fn$`,
  `create function redline_report_facts_by_notice_rows() returns trigger language plpgsql as $fn$
   begin
     perform redline_report_facts_refresh(array(
       select distinct cn.case_id from case_notices cn
       join changed_rows n on n.id = cn.notice_id
       join old_rows o on o.id = n.id
       where n.issuing_country is distinct from o.issuing_country));
     return null;
   end
   $fn$`,
  // A case's own columns: the row is updated in place (no other table is read).
  `create function redline_report_facts_case_row() returns trigger language plpgsql as $fn$
   begin
     update report_case_facts set office_id = new.office_id, status = new.status, created_at = new.created_at
       where case_id = new.id;
     return null;
   end
   $fn$`,
  `create trigger cases_report_facts_ins after insert on cases referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_ids()`,
  `create trigger cases_report_facts_upd after update of status, office_id, created_at on cases
     for each row when (old.status is distinct from new.status or old.office_id is distinct from new.office_id
       or old.created_at is distinct from new.created_at)
     execute function redline_report_facts_case_row()`,
  `create trigger screenings_report_facts after insert on screenings referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  `create trigger case_notices_report_facts_ins after insert on case_notices referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  `create trigger case_notices_report_facts_del after delete on case_notices referencing old table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  `create trigger notices_report_facts after update on notices
     referencing new table as changed_rows old table as old_rows
     for each statement execute function redline_report_facts_by_notice_rows()`,
  `create trigger authorizations_report_facts_ins after insert on authorizations
     referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  `create trigger authorizations_report_facts_upd after update on authorizations
     referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  // The cases already recorded: one set-based statement.
  `select redline_report_facts_fill()`,
];

const DOWN: string[] = [
  `drop trigger if exists authorizations_report_facts_upd on authorizations`,
  `drop trigger if exists authorizations_report_facts_ins on authorizations`,
  `drop trigger if exists notices_report_facts on notices`,
  `drop trigger if exists case_notices_report_facts_del on case_notices`,
  `drop trigger if exists case_notices_report_facts_ins on case_notices`,
  `drop trigger if exists screenings_report_facts on screenings`,
  `drop trigger if exists cases_report_facts_upd on cases`,
  `drop trigger if exists cases_report_facts_ins on cases`,
  `drop function if exists redline_report_facts_case_row()`,
  `drop function if exists redline_report_facts_by_notice_rows()`,
  `drop function if exists redline_report_facts_by_case_ids()`,
  `drop function if exists redline_report_facts_by_case_rows()`,
  `drop function if exists redline_report_facts_fill()`,
  `drop function if exists redline_report_facts_refresh(uuid[])`,
  `drop index if exists audit_denied_at`,
  `alter table tasks drop column if exists for_role`,
  `drop index if exists contests_filed`,
  `drop table if exists report_case_facts`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
