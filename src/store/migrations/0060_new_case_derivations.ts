import { type Kysely, sql } from 'kysely';
import { CASE_ROW_FUNCTION } from './0021_rereview_queue.ts';
import { FACT_COLUMNS } from './0028_report_facts.ts';

/**
 * Less derived work when cases are inserted (docs/decisions/import-batched-writes.md, "The triggers of a
 * batch of new cases").
 *
 * A batch of the legacy import inserts its new cases, then their notice links, then their screenings, and
 * each of the three statements derived the report's facts (migration 0028) and the re-review key (0021,
 * 0035) of the same cases again, each time reading what the case had so far:
 *
 * - **A case being inserted has nothing yet.** Its notice links, screenings, disclosures and
 *   authorizations reference it (foreign keys), so none can exist before it. Its facts are its own columns
 *   with no countries, indicators, categories or authorization, and its queue tier is the formula with
 *   those facts false: both are now written from the row itself, without the reads. The triggers on the
 *   tables that reference the case derive them again when those rows are added, as before.
 * - **Links of new cases whose screenings follow.** A batch of the import marks, for its own transaction
 *   only (`set_config('redline.links_of_new_cases', 'on', true)`, cleared after the insert), the links it
 *   inserts for the cases it has just inserted. The screenings it then inserts for every one of those cases
 *   derive their facts and tier from the transition table, the links included, so the refresh on the links
 *   is skipped. Every other insert of a link (a notice added to a case, the import's changed records)
 *   derives as before.
 *
 * A test imports files with the setting and compares every case's facts and tier with a recomputation
 * from the records (test/services/import/legacy-import.test.ts).
 */
const UP: string[] = [
  `create or replace function redline_rereview_case_row() returns trigger language plpgsql as $fn$
   declare next_tier smallint;
   begin
     if tg_op = 'INSERT' then
       -- nothing references the case yet: no screening, notice or disclosure
       next_tier := redline_rereview_bits(new.custody_status, new.in_proceedings, false, false, false);
       new.rereview_since := coalesce(new.rereview_since, new.created_at);
     else
       next_tier := redline_rereview_tier(new.id, new.custody_status, new.in_proceedings);
       if next_tier < old.rereview_tier and new.rereview_state = 'reviewed' then
         new.rereview_state := 'pending';
       end if;
     end if;
     new.rereview_tier := next_tier;
     return new;
   end
   $fn$`,
  // Facts of new cases from their own rows. "Do nothing" on a conflict: a row that references a case
  // inserted in the same statement (a data-modifying WITH) has already derived the complete facts.
  `create function redline_report_facts_new_cases() returns trigger language plpgsql as $fn$
   begin
     insert into report_case_facts (${FACT_COLUMNS})
     select c.id, c.office_id, c.status, c.created_at, '{}', '{}', '{}', null from changed_rows c
     on conflict (case_id) do nothing;
     return null;
   end
   $fn$`,
  `drop trigger if exists cases_report_facts_ins on cases`,
  `create trigger cases_report_facts_ins after insert on cases referencing new table as changed_rows
     for each statement execute function redline_report_facts_new_cases()`,
  // The two triggers on links keep their names (the generators switch the facts' one off while they load).
  ...(
    [
      ['case_notices_report_facts_ins', 'redline_report_facts_by_links', 'redline_report_facts_refresh'],
      ['case_notices_rereview_key_ins', 'redline_rereview_by_links', 'redline_rereview_refresh'],
    ] as const
  ).flatMap(([trigger, fn, refresh]) => [
    `create function ${fn}() returns trigger language plpgsql as $fn$
     begin
       if current_setting('redline.links_of_new_cases', true) = 'on' then
         return null;
       end if;
       perform ${refresh}(array(select distinct case_id from changed_rows));
       return null;
     end
     $fn$`,
    `drop trigger if exists ${trigger} on case_notices`,
    `create trigger ${trigger} after insert on case_notices referencing new table as changed_rows
       for each statement execute function ${fn}()`,
  ]),
];

const DOWN: string[] = [
  `drop trigger if exists case_notices_report_facts_ins on case_notices`,
  `create trigger case_notices_report_facts_ins after insert on case_notices referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_rows()`,
  `drop trigger if exists case_notices_rereview_key_ins on case_notices`,
  `create trigger case_notices_rereview_key_ins after insert on case_notices referencing new table as changed_rows
     for each statement execute function redline_rereview_by_case_rows()`,
  `drop function if exists redline_report_facts_by_links()`,
  `drop function if exists redline_rereview_by_links()`,
  `drop trigger if exists cases_report_facts_ins on cases`,
  `create trigger cases_report_facts_ins after insert on cases referencing new table as changed_rows
     for each statement execute function redline_report_facts_by_case_ids()`,
  `drop function if exists redline_report_facts_new_cases()`,
  `create or replace ${CASE_ROW_FUNCTION}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
