import { type Kysely, sql } from 'kysely';

/**
 * The re-review queue (retrospective review of past cases).
 *
 * Each case carries its place in the queue as a stored key: `rereview_tier` (1 comes first; see
 * `domain/rereview.ts` for how the five priority facts make the tier) and `rereview_since` (the time of the
 * last retrospective review, or the case's opening when it never had one; the older, the earlier). The key is
 * kept by triggers in the same transaction as every change that can alter it: the case's custody and
 * proceedings (cases), its latest screening (screenings), the status of its notices (notices, case_notices)
 * and service on the person (disclosures). The triggers on the other tables are statement-level with
 * transition tables, so a batch of screenings written in one statement refreshes its cases in one update.
 *
 * `rereview_state`: pending (in the queue), assigned (a reviewer took it), reviewed (an outcome is recorded;
 * the case comes back to the queue, as pending, when its tier rises: a new risk appeared).
 *
 * The custody and proceedings facts are the existing `cases.custody_status` and `cases.in_proceedings`
 * (migration 0001): no new column is added for them.
 */
/**
 * The row trigger's function as this migration defines it (without its `create`): migration 0060 replaces
 * it and puts it back on the way down.
 */
export const CASE_ROW_FUNCTION = `function redline_rereview_case_row() returns trigger language plpgsql as $fn$
   declare next_tier smallint;
   begin
     next_tier := redline_rereview_tier(new.id, new.custody_status, new.in_proceedings);
     if tg_op = 'INSERT' then
       new.rereview_since := coalesce(new.rereview_since, new.created_at);
     elsif next_tier < old.rereview_tier and new.rereview_state = 'reviewed' then
       new.rereview_state := 'pending';
     end if;
     new.rereview_tier := next_tier;
     return new;
   end
   $fn$`;

const UP: string[] = [
  `alter table cases add column rereview_tier smallint not null default 32`,
  `alter table cases add column rereview_since timestamptz`,
  `alter table cases add column rereview_state text not null default 'pending'
     check (rereview_state in ('pending', 'assigned', 'reviewed'))`,
  `alter table cases add column rereview_assignee uuid references users(id)`,
  `alter table cases add column rereview_assigned_at timestamptz`,
  `alter table cases add column rereview_last_at timestamptz`,
  `create table rereview_outcomes (
     id uuid primary key,
     case_id uuid not null references cases(id),
     outcome text not null check (outcome in ('no_action', 'authorization_withdrawn', 'release_recommended',
       'referral_counsel', 'referral_oversight')),
     reasons text not null,
     reviewer_id uuid not null references users(id),
     tier smallint not null,
     withdrawn_authorizations jsonb not null default '[]',
     taken_at timestamptz,
     recorded_at timestamptz not null
   )`,
  `create index rereview_outcomes_case on rereview_outcomes (case_id, recorded_at desc)`,
  `create index rereview_outcomes_recorded on rereview_outcomes (recorded_at)`,
  // The priority facts of one case, as bits: 16 in custody, 8 in proceedings, 4 strong indicator present in
  // the latest screening, 2 a notice of the case no longer valid, 1 never served on the person.
  `create function redline_rereview_tier(p_case uuid, p_custody text, p_in_proceedings boolean)
   returns smallint language sql stable as $fn$
     select (32 - (
       (case when p_custody = 'in_custody' then 16 else 0 end)
       + (case when p_in_proceedings then 8 else 0 end)
       + (case when exists (
           select 1 from (select s.results from screenings s where s.case_id = p_case order by s.seq desc limit 1) l
           where jsonb_array_length(coalesce(l.results -> 'summary' -> 'strongPresent', '[]'::jsonb)) > 0
         ) then 4 else 0 end)
       + (case when exists (
           select 1 from case_notices cn join notices n on n.id = cn.notice_id
           where cn.case_id = p_case and n.status <> 'valid'
         ) then 2 else 0 end)
       + (case when exists (select 1 from disclosures d where d.case_id = p_case) then 0 else 1 end)
     ))::smallint
   $fn$`,
  // Recomputes the tier of the given cases in one statement; a reviewed case whose tier rose is pending again.
  `create function redline_rereview_refresh(p_cases uuid[]) returns void language plpgsql as $fn$
   begin
     update cases c set
       rereview_state = case when t.tier < c.rereview_tier and c.rereview_state = 'reviewed'
         then 'pending' else c.rereview_state end,
       rereview_tier = t.tier
     from (select x.id, redline_rereview_tier(x.id, x.custody_status, x.in_proceedings) as tier
           from cases x where x.id = any(p_cases)) t
     where c.id = t.id and c.rereview_tier is distinct from t.tier;
   end
   $fn$`,
  `create ${CASE_ROW_FUNCTION}`,
  `create trigger cases_rereview_key before insert or update of custody_status, in_proceedings on cases
     for each row execute function redline_rereview_case_row()`,
  `create function redline_rereview_by_case_rows() returns trigger language plpgsql as $fn$
   begin
     perform redline_rereview_refresh(array(select distinct case_id from changed_rows));
     return null;
   end
   $fn$`,
  `create function redline_rereview_by_notice_rows() returns trigger language plpgsql as $fn$
   begin
     perform redline_rereview_refresh(array(
       select distinct cn.case_id from case_notices cn where cn.notice_id in (select id from changed_rows)));
     return null;
   end
   $fn$`,
  `create trigger screenings_rereview_key after insert on screenings referencing new table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `create trigger disclosures_rereview_key_ins after insert on disclosures referencing new table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `create trigger disclosures_rereview_key_del after delete on disclosures referencing old table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `create trigger case_notices_rereview_key_ins after insert on case_notices referencing new table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `create trigger case_notices_rereview_key_del after delete on case_notices referencing old table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `create trigger notices_rereview_key after update on notices referencing new table as changed_rows
     for each statement execute function redline_rereview_by_notice_rows()`,
  // The cases already recorded: one statement.
  `update cases set rereview_since = created_at,
     rereview_tier = redline_rereview_tier(id, custody_status, in_proceedings)`,
  `alter table cases alter column rereview_since set not null`,
  // The queue's order, for every office (roles that span offices) and within one office.
  `create index cases_rereview_queue on cases (rereview_tier, rereview_since, id) where rereview_state = 'pending'`,
  `create index cases_rereview_queue_office on cases (office_id, rereview_tier, rereview_since, id)
     where rereview_state = 'pending'`,
  `create index cases_rereview_assignee on cases (rereview_assignee) where rereview_state = 'assigned'`,
];

const DOWN: string[] = [
  `drop trigger if exists notices_rereview_key on notices`,
  `drop trigger if exists case_notices_rereview_key_del on case_notices`,
  `drop trigger if exists case_notices_rereview_key_ins on case_notices`,
  `drop trigger if exists disclosures_rereview_key_del on disclosures`,
  `drop trigger if exists disclosures_rereview_key_ins on disclosures`,
  `drop trigger if exists screenings_rereview_key on screenings`,
  `drop trigger if exists cases_rereview_key on cases`,
  `drop function if exists redline_rereview_by_notice_rows()`,
  `drop function if exists redline_rereview_by_case_rows()`,
  `drop function if exists redline_rereview_case_row()`,
  `drop function if exists redline_rereview_refresh(uuid[])`,
  `drop function if exists redline_rereview_tier(uuid, text, boolean)`,
  `drop table if exists rereview_outcomes`,
  `alter table cases drop column if exists rereview_last_at`,
  `alter table cases drop column if exists rereview_assigned_at`,
  `alter table cases drop column if exists rereview_assignee`,
  `alter table cases drop column if exists rereview_state`,
  `alter table cases drop column if exists rereview_since`,
  `alter table cases drop column if exists rereview_tier`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
