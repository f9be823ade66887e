import { type Kysely, sql } from 'kysely';

/**
 * Counts kept per office (docs/decisions/0022-office-counters.md, services/counters.ts).
 *
 * `office_counts` holds signed deltas: (office, counter, key, n). The count of a (counter, key) in an office
 * is the sum of its rows. Every change to a counted table adds delta rows through a statement-level trigger
 * with transition tables, in the same transaction as the change: one grouped insert per statement, however
 * many rows it touched (a legacy import or the synthetic generator writes a million cases in one statement
 * and its counts in one more). Writers only insert, never update a shared row, so concurrent changes in one
 * office neither wait on each other nor deadlock, and no count is lost. `compactCounters` folds the rows of
 * each (office, counter, key) into one, now and then.
 *
 * What is counted (`office_counts_expected` is the same definition as a recount over the tables):
 * - `cases`, key `status|purpose`: the case list's total, the dashboard's cases by state and office;
 * - `my_cases`, key `user|status`: the cases a user is the assigned officer of or opened (once when both);
 * - `blocking`, key the gate id: open cases whose stored gate status (case_gate_status) the gate blocks;
 * - `liaison_pending`, key the due day (UTC, YYYY-MM-DD): requests to INTERPOL Washington waiting for an
 *   answer; the overdue count is the days before today plus the requests due earlier today;
 * - `tasks_open`, key the due day or '' when none: open tasks;
 * - `contests`, key the decision or '' when undecided.
 * The office of a request, a task, a contest or a disclosure is its case's, kept on the row (`office_id`, set
 * by a trigger on insert) so that each queue's page is one range of a partial index (office, due, id).
 */

/** The tables of the queues: each row carries its case's office. */
const QUEUE_TABLES = ['liaison_requests', 'tasks', 'contests', 'disclosures'] as const;

/** Each counted table's contribution over a row set `r` (the table itself, or a transition table). */
const CONTRIB = {
  cases: (r: string) => `
    select ${r}.office_id, 'cases'::text as counter, ${r}.status || '|' || ${r}.purpose as key, 1::bigint as n from ${r}
    union all
    select ${r}.office_id, 'my_cases', ${r}.assigned_officer_id::text || '|' || ${r}.status, 1 from ${r}
    union all
    select ${r}.office_id, 'my_cases', ${r}.created_by::text || '|' || ${r}.status, 1 from ${r}
      where ${r}.created_by is distinct from ${r}.assigned_officer_id and ${r}.created_by is not null`,
  case_gate_status: (r: string) => `
    select ${r}.office_id, 'blocking'::text as counter, g as key, 1::bigint as n
    from ${r} cross join lateral unnest(${r}.blocking) as g where ${r}.case_status = 'open'`,
  liaison_requests: (r: string) => `
    select ${r}.office_id, 'liaison_pending'::text as counter,
           to_char(${r}.due_at at time zone 'UTC', 'YYYY-MM-DD') as key, 1::bigint as n
    from ${r} where ${r}.status = 'pending'`,
  tasks: (r: string) => `
    select ${r}.office_id, 'tasks_open'::text as counter,
           coalesce(to_char(${r}.due_at at time zone 'UTC', 'YYYY-MM-DD'), '') as key, 1::bigint as n
    from ${r} where ${r}.status = 'open'`,
  contests: (r: string) => `
    select ${r}.office_id, 'contests'::text as counter, coalesce(${r}.decision, '') as key, 1::bigint as n
    from ${r}`,
} as const;

const TABLES = Object.keys(CONTRIB) as Array<keyof typeof CONTRIB>;

function triggerStatements(table: keyof typeof CONTRIB): string[] {
  const f = `redline_counts_${table}`;
  return [
    `create function ${f}() returns trigger language plpgsql as $fn$
     begin
       if tg_op = 'INSERT' then
         insert into office_counts (office_id, counter, key, n)
         select office_id, counter, key, sum(n) from (${CONTRIB[table]('new_rows')}) d
         group by 1, 2, 3;
       elsif tg_op = 'DELETE' then
         insert into office_counts (office_id, counter, key, n)
         select office_id, counter, key, -sum(n) from (${CONTRIB[table]('old_rows')}) d
         group by 1, 2, 3;
       else
         insert into office_counts (office_id, counter, key, n)
         select office_id, counter, key, sum(n) from (
           select * from (${CONTRIB[table]('new_rows')}) a
           union all
           select office_id, counter, key, -n from (${CONTRIB[table]('old_rows')}) b
         ) d group by 1, 2, 3 having sum(n) <> 0;
       end if;
       return null;
     end
     $fn$`,
    `create trigger ${table}_counts_ins after insert on ${table} referencing new table as new_rows
       for each statement execute function ${f}()`,
    `create trigger ${table}_counts_upd after update on ${table}
       referencing old table as old_rows new table as new_rows
       for each statement execute function ${f}()`,
    `create trigger ${table}_counts_del after delete on ${table} referencing old table as old_rows
       for each statement execute function ${f}()`,
  ];
}

const UP: string[] = [
  ...QUEUE_TABLES.map((t) => `alter table ${t} add column office_id text`),
  ...QUEUE_TABLES.map((t) => `update ${t} x set office_id = c.office_id from cases c where c.id = x.case_id`),
  ...QUEUE_TABLES.map((t) => `alter table ${t} alter column office_id set not null`),
  `create function redline_case_office() returns trigger language plpgsql as $fn$
   begin
     new.office_id := (select c.office_id from cases c where c.id = new.case_id);
     return new;
   end
   $fn$`,
  ...QUEUE_TABLES.map(
    (t) => `create trigger ${t}_case_office before insert or update of case_id on ${t}
       for each row execute function redline_case_office()`,
  ),
  `create table office_counts (
     id bigserial primary key,
     office_id text not null,
     counter text not null,
     key text not null,
     n bigint not null
   )`,
  `create index office_counts_key on office_counts (office_id, counter, key) include (n)`,
  `create index office_counts_counter on office_counts (counter, key) include (n)`,
  // The same definition as a recount over the tables, for `gates verify` and to fill the table below.
  `create view office_counts_expected as
     select office_id, counter, key, sum(n)::bigint as n from (
       ${TABLES.map((t) => CONTRIB[t](t)).join('\n       union all\n')}
     ) d group by 1, 2, 3`,
  ...TABLES.flatMap(triggerStatements),
  `insert into office_counts (office_id, counter, key, n) select office_id, counter, key, n from office_counts_expected`,
  // The queues' pages, read in due order (then id, as the queue sorts) without sorting every pending row.
  `create index liaison_requests_pending_due on liaison_requests (due_at, (id::text)) where status = 'pending'`,
  `create index liaison_requests_office_pending_due on liaison_requests (office_id, due_at, (id::text))
     where status = 'pending'`,
  `create index tasks_open_due on tasks (due_at, (id::text)) where status = 'open'`,
  `create index tasks_office_open_due on tasks (office_id, due_at, (id::text)) where status = 'open'`,
  `create index contests_office_undecided on contests (office_id, (id::text)) where decision is null`,
  `create index disclosures_office_deadline on disclosures (office_id, contest_deadline)`,
  // The stale-row check before each aggregation (gate-status.ts#refreshStaleGateStatus): index ranges.
  `create index case_gate_status_policy on case_gate_status (policy_version)`,
  `create index case_gate_status_evaluator on case_gate_status (evaluator_version)`,
];

const DOWN: string[] = [
  `drop index if exists case_gate_status_evaluator`,
  `drop index if exists case_gate_status_policy`,
  `drop index if exists disclosures_office_deadline`,
  `drop index if exists contests_office_undecided`,
  `drop index if exists tasks_office_open_due`,
  `drop index if exists tasks_open_due`,
  `drop index if exists liaison_requests_office_pending_due`,
  `drop index if exists liaison_requests_pending_due`,
  ...TABLES.flatMap((t) => [
    `drop trigger if exists ${t}_counts_del on ${t}`,
    `drop trigger if exists ${t}_counts_upd on ${t}`,
    `drop trigger if exists ${t}_counts_ins on ${t}`,
    `drop function if exists redline_counts_${t}()`,
  ]),
  `drop view if exists office_counts_expected`,
  `drop table if exists office_counts`,
  ...QUEUE_TABLES.map((t) => `drop trigger if exists ${t}_case_office on ${t}`),
  `drop function if exists redline_case_office()`,
  ...QUEUE_TABLES.map((t) => `alter table ${t} drop column if exists office_id`),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
