import { type Kysely, sql } from 'kysely';

/**
 * "My cases" read in index order (services/queries.ts, `myCasesRows`). A user's cases are those they are the
 * assigned officer of or opened; an import assigns every case of a file to one officer or supervisor of the
 * office, so one user can hold a million cases. The queue's page is then the first rows of two index ranges
 * (assigned to the user; opened by the user and assigned to someone else) in the order asked for, merged:
 * by id for the default order (a case has no due date), by creation time, or by case number. These indexes
 * replace `cases_officer (assigned_officer_id)` and `cases_created_by (created_by)`; the lookups by the
 * assigned officer alone are served by the first three. Nothing else looks cases up by their creator.
 */
/**
 * The creator of a case opened for someone else, null when the creator is its assigned officer (an import, or
 * an officer opening their own case). The second range reads by this expression: a range of every case of
 * the creator would read a million entries to keep none, and a condition "creator and assignee differ"
 * has no statistics, so the planner took it to hold for every case and preferred the case number's index
 * (0.5 s). An index on the expression gives it statistics (`ANALYZE` samples indexed expressions): null for
 * most cases. `myCasesRows` (services/queries.ts) states the same expression, so that the planner uses them.
 */
const OPENED_FOR = 'nullif(created_by, assigned_officer_id)';

const INDEXES: Array<[string, string]> = [
  ['cases_officer_id', 'assigned_officer_id, id'],
  ['cases_officer_created', 'assigned_officer_id, created_at'],
  ['cases_officer_number', 'assigned_officer_id, case_number'],
  ['cases_creator_id', `(${OPENED_FOR}), id`],
  ['cases_creator_created', `(${OPENED_FOR}), created_at`],
  ['cases_creator_number', `(${OPENED_FOR}), case_number`],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, columns] of INDEXES) {
    await sql.raw(`create index if not exists ${name} on cases (${columns})`).execute(db);
  }
  await sql`drop index if exists cases_officer`.execute(db);
  await sql`drop index if exists cases_created_by`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists cases_officer on cases (assigned_officer_id)`.execute(db);
  await sql`create index if not exists cases_created_by on cases (created_by)`.execute(db);
  for (const [name] of INDEXES) await sql.raw(`drop index if exists ${name}`).execute(db);
}
