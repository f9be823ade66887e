import { type Kysely, sql } from 'kysely';

/**
 * The re-review queue key (migration 0021) recomputed set-based (docs/bulk-rescreening.md).
 *
 * Migration 0021 refreshed the tier of the cases a statement touched by calling `redline_rereview_tier` once
 * per case: three subqueries a case (its latest screening's JSON, its notices, its disclosures). A bulk
 * re-screening batch of 2,000 screenings spent two thirds of its insert there. Now:
 *
 * - `redline_rereview_bits(custody, in_proceedings, strong, notice_not_valid, disclosed)` is the one formula of
 *   the tier (`32 - bits`, as `domain/rereview.ts`), used by every path below and by `redline_rereview_tier`;
 * - `redline_rereview_refresh(cases)` computes the facts of all the given cases with one join each (the latest
 *   screening of each case, the cases with a notice no longer valid, the cases with a disclosure) and updates
 *   the cases whose tier changed in the same statement;
 * - the trigger on `screenings` takes the strong-indicator fact from the rows just inserted (the transition
 *   table: the newest screening of each of its cases, unless the table holds a newer one for that case, which
 *   is then read instead), so the stored screening JSON is not read back.
 *
 * The statements run with `jit = off`: on a batch their estimated cost passes the JIT threshold, and compiling
 * them cost more than running them.
 *
 * The tier of every case is the same as before; a test compares a bulk batch's queue keys with those the
 * case-by-case path gives.
 */
/**
 * The statements of the re-review trigger on inserted screenings (`changed_rows`), which derive each case's
 * tier whole, into the variables `v_cases`, `v_known`, `v_strong` (uuid[]) the function declares: migration
 * 0061 runs them when the links of new cases were inserted without their own refresh (0060).
 */
export const REREVIEW_BY_SCREENING_ROWS = `with newest as (
       select distinct on (r.case_id) r.case_id, r.seq, r.results from changed_rows r order by r.case_id, r.seq desc),
     latest as (
       select n.case_id, n.results from newest n
       where not exists (select 1 from screenings s where s.case_id = n.case_id and s.seq > n.seq))
     select array(select case_id from newest),
            array(select case_id from latest),
            array(select case_id from latest
                  where jsonb_array_length(coalesce(results -> 'summary' -> 'strongPresent', '[]'::jsonb)) > 0)
       into v_cases, v_known, v_strong;
     perform redline_rereview_apply(v_cases, v_known, v_strong);`;

const UP: string[] = [
  `create function redline_rereview_bits(p_custody text, p_in_proceedings boolean, p_strong boolean,
     p_notice_not_valid boolean, p_disclosed boolean) returns smallint language sql immutable as $fn$
     select (32 - (
       (case when p_custody = 'in_custody' then 16 else 0 end)
       + (case when p_in_proceedings then 8 else 0 end)
       + (case when p_strong then 4 else 0 end)
       + (case when p_notice_not_valid then 2 else 0 end)
       + (case when p_disclosed then 0 else 1 end)
     ))::smallint
   $fn$`,
  // The one-case form (the row trigger on cases), now written with the same formula.
  `create or replace function redline_rereview_tier(p_case uuid, p_custody text, p_in_proceedings boolean)
   returns smallint language sql stable as $fn$
     select redline_rereview_bits(p_custody, p_in_proceedings,
       exists (
         select 1 from (select s.results from screenings s where s.case_id = p_case order by s.seq desc limit 1) l
         where jsonb_array_length(coalesce(l.results -> 'summary' -> 'strongPresent', '[]'::jsonb)) > 0),
       exists (
         select 1 from case_notices cn join notices n on n.id = cn.notice_id
         where cn.case_id = p_case and n.status <> 'valid'),
       exists (select 1 from disclosures d where d.case_id = p_case))
   $fn$`,
  /*
   * Applies the tiers of the given cases. `p_strong_known`: cases whose strong-indicator fact the caller
   * already knows (`p_strong`: those of them where it is true); the latest screening of the other cases is
   * read. A reviewed case whose tier rose (a smaller number) is pending again.
   */
  `create function redline_rereview_apply(p_cases uuid[], p_strong_known uuid[], p_strong uuid[])
   returns void language sql set jit = off as $fn$
     with ids as (select distinct u.id from unnest(p_cases) u(id)),
     known as (select distinct u.id from unnest(p_strong_known) u(id)),
     read_strong as (
       select ids.id from ids
       cross join lateral (select s.results from screenings s where s.case_id = ids.id order by s.seq desc limit 1) l
       where not exists (select 1 from known where known.id = ids.id)
         and jsonb_array_length(coalesce(l.results -> 'summary' -> 'strongPresent', '[]'::jsonb)) > 0),
     strong as (select id from read_strong union select u.id from unnest(p_strong) u(id)),
     not_valid as (
       select distinct cn.case_id as id from case_notices cn join notices n on n.id = cn.notice_id
       where cn.case_id in (select id from ids) and n.status <> 'valid'),
     disclosed as (select distinct d.case_id as id from disclosures d where d.case_id in (select id from ids)),
     t as (
       select c.id, redline_rereview_bits(c.custody_status, c.in_proceedings,
           c.id in (select id from strong), c.id in (select id from not_valid), c.id in (select id from disclosed)
         ) as tier
       from cases c where c.id in (select id from ids))
     update cases c set
       rereview_state = case when t.tier < c.rereview_tier and c.rereview_state = 'reviewed'
         then 'pending' else c.rereview_state end,
       rereview_tier = t.tier
     from t
     where c.id = t.id and c.rereview_tier is distinct from t.tier
   $fn$`,
  `create or replace function redline_rereview_refresh(p_cases uuid[]) returns void language plpgsql as $fn$
   begin
     perform redline_rereview_apply(p_cases, '{}'::uuid[], '{}'::uuid[]);
   end
   $fn$`,
  // Screenings inserted: the strong fact from the newest inserted screening of each case, unless a newer one
  // is stored (then that one is read by redline_rereview_apply).
  `create function redline_rereview_by_screening_rows() returns trigger language plpgsql as $fn$
   declare
     v_cases uuid[];
     v_known uuid[];
     v_strong uuid[];
   begin
     ${REREVIEW_BY_SCREENING_ROWS}
     return null;
   end
   $fn$`,
  `drop trigger if exists screenings_rereview_key on screenings`,
  `create trigger screenings_rereview_key after insert on screenings referencing new table as changed_rows
     for each statement execute function redline_rereview_by_screening_rows()`,
];

const DOWN: string[] = [
  `drop trigger if exists screenings_rereview_key on screenings`,
  `create trigger screenings_rereview_key after insert on screenings referencing new table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `drop function if exists redline_rereview_by_screening_rows()`,
  `create or replace function redline_rereview_refresh(p_cases uuid[]) returns void language plpgsql as $fn$
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
  `drop function if exists redline_rereview_apply(uuid[], uuid[], uuid[])`,
  `create or replace function redline_rereview_tier(p_case uuid, p_custody text, p_in_proceedings boolean)
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
  `drop function if exists redline_rereview_bits(text, boolean, boolean, boolean, boolean)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
