import { type Kysely, sql } from 'kysely';

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

const UP: string[] = [
  `create function redline_counts_tasks_for_role() returns trigger language plpgsql as $fn$
   begin
     if tg_op = 'INSERT' then
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, sum(n) from (${contrib('new_rows')}) d group by 1, 2, 3;
     elsif tg_op = 'DELETE' then
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, -sum(n) from (${contrib('old_rows')}) d group by 1, 2, 3;
     else
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, sum(n) from (
         select * from (${contrib('new_rows')}) a
         union all
         select office_id, counter, key, -n from (${contrib('old_rows')}) b
       ) d group by 1, 2, 3 having sum(n) <> 0;
     end if;
     return null;
   end
   $fn$`,
  `create trigger tasks_role_counts_ins after insert on tasks referencing new table as new_rows
     for each statement execute function redline_counts_tasks_for_role()`,
  `create trigger tasks_role_counts_upd after update on tasks
     referencing old table as old_rows new table as new_rows
     for each statement execute function redline_counts_tasks_for_role()`,
  `create trigger tasks_role_counts_del after delete on tasks referencing old table as old_rows
     for each statement execute function redline_counts_tasks_for_role()`,
  // The recount: the counters defined before (whatever they are now), and this one.
  `alter view office_counts_expected rename to office_counts_expected_before_0031`,
  `create view office_counts_expected as
     select office_id, counter, key, n from office_counts_expected_before_0031
     union all
     select office_id, counter, key, sum(n)::bigint as n from (${contrib('tasks')}) d group by 1, 2, 3`,
  `insert into office_counts (office_id, counter, key, n)
     select office_id, counter, key, n from office_counts_expected where counter = 'tasks_for_role'`,
  // Oversight's referrals, every office, soonest due first (services/tasks/list.ts, queue oversight_referrals).
  `create index tasks_for_role_open_due on tasks (for_role, due_at, id) where status = 'open' and for_role is not null`,
];

const DOWN: string[] = [
  `drop index if exists tasks_for_role_open_due`,
  `delete from office_counts where counter = 'tasks_for_role'`,
  `drop view if exists office_counts_expected`,
  `alter view office_counts_expected_before_0031 rename to office_counts_expected`,
  `drop trigger if exists tasks_role_counts_del on tasks`,
  `drop trigger if exists tasks_role_counts_upd on tasks`,
  `drop trigger if exists tasks_role_counts_ins on tasks`,
  `drop function if exists redline_counts_tasks_for_role()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
