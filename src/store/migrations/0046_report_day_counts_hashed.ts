import { type Kysely, sql } from 'kysely';
import { COLS, GROUP, grains } from './0034_report_day_counts.ts';
import { counted, withAuth } from './0042_report_authorization_buckets.ts';

/**
 * The day counts' update trigger without a quadratic join (docs/benchmarks-import.md).
 *
 * `redline_report_day_counts` (migrations 0034, 0042) found the rows of `report_case_facts` whose counted
 * columns an update changed by joining the statement's old and new rows on the case. Transition tables have
 * no statistics: the planner takes each for one row and joins them in a nested loop, so a statement of n
 * rows compared n² pairs — 999,000 comparisons for a batch of 1,000 facts (0.23 s), 9 million for 3,000
 * rows in one `COPY`, and a statement of 100,000 rows never ended. The changed rows are now the new rows
 * `except all` the old ones and the other way round, which PostgreSQL hashes (or sorts): an unchanged row
 * is on both sides and cancels; a changed one leaves its new contribution on one side and its old one on
 * the other. As before, the counts are the grouped difference, and a sum of zero is not written.
 *
 * The insert and delete branches are unchanged.
 */
const COUNTED = 'office_id, status, created_at, countries, indicators, categories';

const fn = (of: (r: string) => string, cols: string) =>
  `create or replace function redline_report_day_counts() returns trigger language plpgsql set jit = off as $fn$
   begin
     if tg_op = 'INSERT' then
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, sum(n) from (${grains('new_rows', of)}) d ${GROUP};
     elsif tg_op = 'DELETE' then
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, -sum(n) from (${grains('old_rows', of)}) d ${GROUP};
     else
       -- Only the rows whose counted columns changed (an upsert rewrites unchanged rows too): a multiset
       -- difference, hashed or sorted, never a join of the two transition tables.
       with nr as (select ${cols} from new_rows except all select ${cols} from old_rows),
            orr as (select ${cols} from old_rows except all select ${cols} from new_rows)
       insert into report_day_counts (${COLS}, n)
       select ${COLS}, sum(n) from (
         select * from (${grains('nr', of)}) a
         union all
         select ${COLS}, -n from (${grains('orr', of)}) b
       ) d ${GROUP} having sum(n) <> 0;
     end if;
     return null;
   end
   $fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(fn(withAuth, `${COUNTED}, first_authorized_at`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The function as migration 0042 made it (its second statement); the counts are the same either way.
  const previous = counted(true)[1];
  if (previous) await sql.raw(previous).execute(db);
}
