import { type Kysely, sql } from 'kysely';

/**
 * The contest windows queue (queries.ts#caseQueue) is the services on the person whose window to contest is
 * still open, by closing date then id, and the contests still to decide, by id. Its page read every open
 * window of the office, with its case and person, and sorted them: at a million cases (10,000 open windows in
 * the largest office) 200–230 ms of an officer's 210 ms queue statement (docs/benchmarks.md). Each part of the
 * page is now the first rows of an index already in the queue's order — (office, closing date, id) for the
 * windows, (office, id) for the undecided contests, and the same without the office for the roles that span
 * offices — and the parts are merged: 3 ms for the same statement. The contests' index on `id::text`, an
 * expression the order does not use, and the windows' index without `id` are replaced.
 */
const UP = [
  `drop index if exists contests_office_undecided`,
  `drop index if exists disclosures_office_deadline`,
  `create index disclosures_office_deadline on disclosures (office_id, contest_deadline, id)`,
  `create index disclosures_deadline_id on disclosures (contest_deadline, id)`,
  `create index contests_office_undecided on contests (office_id, id) where decision is null`,
  `create index contests_undecided_id on contests (id) where decision is null`,
];

const DOWN = [
  `drop index if exists contests_undecided_id`,
  `drop index if exists contests_office_undecided`,
  `drop index if exists disclosures_deadline_id`,
  `drop index if exists disclosures_office_deadline`,
  `create index contests_office_undecided on contests (office_id, (id::text)) where decision is null`,
  `create index disclosures_office_deadline on disclosures (office_id, contest_deadline)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
