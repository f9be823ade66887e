import { type Kysely, sql } from 'kysely';
import { type KeptCounter, keptCounterDown, keptCounterUp } from './counter-trigger.ts';

/**
 * Open tasks counted by the role they are for (services/counters.ts, docs/rereview.md "Who sees a referral").
 *
 * A referral from the retrospective review is a task for one role (`tasks.for_role`, migration 0028): for
 * oversight (auditors, every office) or for counsel (the office's attorneys). It is listed and completed by
 * that role only, so each role's count of open tasks leaves out the tasks raised for another role. The
 * counter `tasks_for_role`, key `role|due day` ('' when no due day), counts the open tasks that have a role;
 * a role's re-review queue count is `tasks_open` less the other roles' `tasks_for_role`, and oversight's
 * referrals are the `auditor|` keys across every office.
 *
 * Additive to migration 0022: a trigger function of its own on `tasks` (statement triggers with transition
 * tables, as every counter), and the recount view `office_counts_expected` (which `redline gates verify
 * --repair` compares and repairs) extended with the new counter without restating the counters before it.
 */

const contrib = (r: string) => `
  select ${r}.office_id, 'tasks_for_role'::text as counter,
         ${r}.for_role || '|' || coalesce(to_char(${r}.due_at at time zone 'UTC', 'YYYY-MM-DD'), '') as key,
         1::bigint as n
  from ${r} where ${r}.status = 'open' and ${r}.for_role is not null`;

const COUNTER: KeptCounter = {
  counter: 'tasks_for_role',
  fn: 'redline_counts_tasks_for_role',
  table: 'tasks',
  triggerPrefix: 'tasks_role_counts',
  viewSuffix: '0031',
  contrib,
};

const UP: string[] = [
  ...keptCounterUp(COUNTER),
  // Oversight's referrals, every office, soonest due first (services/tasks/list.ts, queue oversight_referrals).
  `create index tasks_for_role_open_due on tasks (for_role, due_at, id) where status = 'open' and for_role is not null`,
];

const DOWN: string[] = [`drop index if exists tasks_for_role_open_due`, ...keptCounterDown(COUNTER)];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
