import { type Kysely, sql } from 'kysely';
import { categoriesOf, FACT_COLUMNS, indicatorsOf } from './0028_report_facts.ts';
import { FACTS_BY_SCREENING_ROWS } from './0034_report_day_counts.ts';
import { REREVIEW_BY_SCREENING_ROWS } from './0035_rereview_set_based.ts';

/** Set by the legacy import from its insert of the links of its new cases to its insert of their screenings. */
const LINKS_OF_NEW_CASES = `current_setting('redline.links_of_new_cases', true) = 'on'`;

/** The statement-level trigger `name` on inserted screenings, pointed at the function `fn`. */
const onInsertedScreenings = (name: string, fn: string) => [
  `drop trigger if exists ${name} on screenings`,
  `create trigger ${name} after insert on screenings referencing new table as changed_rows
     for each statement execute function ${fn}()`,
];

/**
 * Less derived work when screenings are inserted (docs/bulk-rescreening.md, "What a batch costs on the
 * database").
 *
 * A new screening changes two derived things about its case, and only two: the report's indicators and
 * offence categories (`report_case_facts.indicators`, `.categories`, migration 0028) and the strong-indicator
 * bit of the re-review tier (`cases.rereview_tier`, migrations 0021, 0035). Every other fact they hold — the
 * case's office, state and opening, its notices' countries, its first authorization, its custody and
 * proceedings, whether a notice is no longer valid, whether the person was served — comes from other tables,
 * whose own triggers keep it in the same transaction as their changes. The triggers on `screenings` still
 * derived all of them again for every case of a batch: a join through the case's notices, its
 * authorizations and its disclosures, and an upsert of the whole facts row (whose `before insert` row trigger
 * reads the case's review for every row, even when the upsert ends as an update).
 *
 * Now, for each case whose newest inserted screening is its latest:
 * - the facts row is updated in its two screening columns only, and only when they change; a case without a
 *   facts row yet gets the whole row derived as before;
 * - the tier keeps its other bits and sets the strong bit (4 in the score; tier = 32 − score, see
 *   `redline_rereview_bits`) from the screening, and goes back to pending when it rises, as before.
 * A case whose inserted screening is not its latest (a newer one is already stored) is left alone: the newer
 * one's own statement derived it.
 *
 * Except for the screenings of new cases whose notice links the legacy import inserted without their own
 * refresh (migration 0060: `redline.links_of_new_cases` is on from that insert until the screenings are in):
 * their countries and their notices' validity were not derived yet, so the facts and the tier are derived
 * whole, as before this migration.
 *
 * Tests: test/services/rereview-bulk-keys.test.ts and test/services/report-facts.test.ts ("… (migration
 * 0061)") compare the stored facts and tiers with a recomputation from the records after batches of
 * screenings; test/services/import/legacy-import.test.ts, the facts and tiers of imported cases.
 */
const UP: string[] = [
  // A tier with its strong-indicator bit set or cleared (4 in the score; tier = 32 − score), the others kept.
  `create function redline_rereview_with_strong(p_tier smallint, p_strong boolean) returns smallint
     language sql immutable as $fn$
     select (32 - (((32 - p_tier) & ~4) | case when p_strong then 4 else 0 end))::smallint
   $fn$`,
  `create function redline_report_facts_by_new_screenings() returns trigger language plpgsql set jit = off as $fn$
   begin
     if ${LINKS_OF_NEW_CASES} then
       ${FACTS_BY_SCREENING_ROWS};
       return null;
     end if;
     with newest as (
       select distinct on (r.case_id) r.case_id, r.seq, r.results from changed_rows r order by r.case_id, r.seq desc),
     latest as (
       select w.case_id, w.results from newest w
       where not exists (select 1 from screenings s where s.case_id = w.case_id and s.seq > w.seq)),
     derived as (
       select l.case_id,
         coalesce((select array_agg(distinct i.ind order by i.ind) from (${indicatorsOf('l.results')}) i(ind)), '{}')
           as indicators,
         coalesce((select array_agg(distinct k.category order by k.category) from (${categoriesOf('l.results')}) k(category)
                   where k.category is not null), '{}') as categories
       from latest l),
     kept as (
       update report_case_facts f set indicators = d.indicators, categories = d.categories
       from derived d
       where f.case_id = d.case_id and (f.indicators, f.categories) is distinct from (d.indicators, d.categories))
     insert into report_case_facts (${FACT_COLUMNS})
     select c.id, c.office_id, c.status, c.created_at,
       coalesce((select array_agg(distinct n.issuing_country order by n.issuing_country)
                 from case_notices cn join notices n on n.id = cn.notice_id where cn.case_id = c.id), '{}'),
       d.indicators, d.categories,
       (select min(z.authorized_at) from authorizations z where z.case_id = c.id)
     from derived d join cases c on c.id = d.case_id
     where not exists (select 1 from report_case_facts f where f.case_id = d.case_id)
     on conflict (case_id) do update set indicators = excluded.indicators, categories = excluded.categories
       where (report_case_facts.indicators, report_case_facts.categories)
         is distinct from (excluded.indicators, excluded.categories);
     return null;
   end
   $fn$`,
  `create function redline_rereview_by_new_screenings() returns trigger language plpgsql set jit = off as $fn$
   declare
     v_cases uuid[];
     v_known uuid[];
     v_strong uuid[];
   begin
     if ${LINKS_OF_NEW_CASES} then
       ${REREVIEW_BY_SCREENING_ROWS}
       return null;
     end if;
     -- The new tier is computed from the row being updated, not from a copy read before: a change of the
     -- case's other facts committed meanwhile (custody, say) is in the row the update finally writes.
     with newest as (
       select distinct on (r.case_id) r.case_id, r.seq, r.results from changed_rows r order by r.case_id, r.seq desc),
     strong as (
       select n.case_id,
         jsonb_array_length(coalesce(n.results -> 'summary' -> 'strongPresent', '[]'::jsonb)) > 0 as present
       from newest n
       where not exists (select 1 from screenings s where s.case_id = n.case_id and s.seq > n.seq))
     update cases c set
       rereview_state = case when redline_rereview_with_strong(c.rereview_tier, t.present) < c.rereview_tier
           and c.rereview_state = 'reviewed' then 'pending' else c.rereview_state end,
       rereview_tier = redline_rereview_with_strong(c.rereview_tier, t.present)
     from strong t
     where c.id = t.case_id and c.rereview_tier <> redline_rereview_with_strong(c.rereview_tier, t.present);
     return null;
   end
   $fn$`,
  ...onInsertedScreenings('screenings_report_facts', 'redline_report_facts_by_new_screenings'),
  ...onInsertedScreenings('screenings_rereview_key', 'redline_rereview_by_new_screenings'),
];

const DOWN: string[] = [
  ...onInsertedScreenings('screenings_report_facts', 'redline_report_facts_by_screening_rows'),
  ...onInsertedScreenings('screenings_rereview_key', 'redline_rereview_by_screening_rows'),
  `drop function if exists redline_report_facts_by_new_screenings()`,
  `drop function if exists redline_rereview_by_new_screenings()`,
  `drop function if exists redline_rereview_with_strong(smallint, boolean)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
