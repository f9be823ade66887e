import { type Kysely, sql } from 'kysely';

/**
 * The pages of the INTERPOL Washington requests and the tasks queues are ordered by due date, then by id
 * (queries.ts#caseQueue). Migration 0022 indexed them by due date and `id::text`, an expression the queue's
 * order does not use, so for an office's page PostgreSQL took the (status, due date) index of every office,
 * filtered the office's rows out of it and sorted them in parallel workers: at a million cases (250,000
 * pending requests) 22.7 ms of an officer's 23 ms queue statement, and about 10 ms of server CPU per call
 * under load (docs/benchmarks.md). These indexes follow the order as written, so a page is read in order
 * from its index: 0.96 ms for the same statement. The `id::text` indexes are dropped: no query uses them.
 */
const UP = [
  `drop index if exists liaison_requests_pending_due`,
  `drop index if exists liaison_requests_office_pending_due`,
  `drop index if exists tasks_open_due`,
  `drop index if exists tasks_office_open_due`,
  `create index liaison_requests_pending_due on liaison_requests (due_at, id) where status = 'pending'`,
  `create index liaison_requests_office_pending_due on liaison_requests (office_id, due_at, id)
     where status = 'pending'`,
  `create index tasks_open_due on tasks (due_at, id) where status = 'open'`,
  `create index tasks_office_open_due on tasks (office_id, due_at, id) where status = 'open'`,
];

const DOWN = [
  `drop index if exists liaison_requests_pending_due`,
  `drop index if exists liaison_requests_office_pending_due`,
  `drop index if exists tasks_open_due`,
  `drop index if exists tasks_office_open_due`,
  `create index liaison_requests_pending_due on liaison_requests (due_at, (id::text)) where status = 'pending'`,
  `create index liaison_requests_office_pending_due on liaison_requests (office_id, due_at, (id::text))
     where status = 'pending'`,
  `create index tasks_open_due on tasks (due_at, (id::text)) where status = 'open'`,
  `create index tasks_office_open_due on tasks (office_id, due_at, (id::text)) where status = 'open'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
