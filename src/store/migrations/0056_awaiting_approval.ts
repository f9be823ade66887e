import { type Kysely, sql } from 'kysely';
import {
  dropStatementTriggers,
  refreshFunction,
  refreshTriggerFunction,
  statementTriggers,
} from './refresh-trigger.ts';

/**
 * The queue of cases awaiting a supervisor's approval (`awaiting_my_approval`): open cases whose current
 * review is complete and that have no standing approval decision. The queue joined every complete review of
 * the office to its case, checked each for an approval, counted them all and sorted them for a page: at a
 * million cases (18,568 waiting in the largest office) 450 ms a call (docs/benchmarks.md).
 *
 * Each case now carries `approval_reviewer_id`: the reviewer of its current complete review while no
 * approval decision stands (null otherwise). It is recomputed from the reviews and approvals of the cases a
 * statement changed, by statement-level triggers in the same transaction. Every writer of reviews and
 * approvals holds the case row's lock from the start of its transaction (loadCaseForAction, the bulk
 * re-screening's batch lock, the shared-notice change's lock of every case on the notice), so the recount
 * cannot miss a change committed meanwhile. The queue is then a range of a partial index of the waiting
 * cases by (office, id), which also holds the three people the queue leaves out (who opened the case, its
 * officer, its reviewer), so that its count is read from the index alone.
 * `redline gates verify` compares the column with a recount (services/queue-columns.ts).
 */
/** The recount of the given cases' reviewer awaiting approval, from `source` (the cases `x`), as one statement. */
const refresh = (source: string) => `
       with t as (
         select x.id, (select r.reviewer_id from reviews r
                       where r.case_id = x.id and r.status = 'complete' and r.superseded_at is null
                         and not exists (select 1 from approvals a where a.case_id = x.id and a.voided_at is null)
                       order by r.completed_at desc nulls last, r.id limit 1) as reviewer
         from ${source}),
       u as (
         update cases c set approval_reviewer_id = t.reviewer from t
         where c.id = t.id and c.approval_reviewer_id is distinct from t.reviewer
         returning 1)
       select count(*) into n from u;`;

const UP: string[] = [
  `alter table cases add column approval_reviewer_id uuid`,
  refreshFunction('redline_awaiting_approval_refresh', 'cases', 'id', refresh),
  refreshTriggerFunction('redline_awaiting_approval_by_rows', 'redline_awaiting_approval_refresh'),
  ...['reviews', 'approvals'].flatMap((t) =>
    statementTriggers(t, `${t}_awaiting_approval`, 'redline_awaiting_approval_by_rows'),
  ),
  // The cases recorded so far, in one statement.
  `update cases c set approval_reviewer_id = r.reviewer_id
   from (select distinct on (case_id) case_id, reviewer_id from reviews
         where status = 'complete' and superseded_at is null
         order by case_id, completed_at desc nulls last, id) r
   where c.id = r.case_id and not exists (select 1 from approvals a where a.case_id = c.id and a.voided_at is null)`,
  `create index cases_awaiting_approval on cases (office_id, id)
     include (created_by, assigned_officer_id, approval_reviewer_id)
     where status = 'open' and approval_reviewer_id is not null`,
];

const DOWN: string[] = [
  `drop index if exists cases_awaiting_approval`,
  ...['reviews', 'approvals'].flatMap((t) => dropStatementTriggers(t, `${t}_awaiting_approval`)),
  `drop function if exists redline_awaiting_approval_by_rows()`,
  `drop function if exists redline_awaiting_approval_refresh(uuid[])`,
  `alter table cases drop column if exists approval_reviewer_id`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
