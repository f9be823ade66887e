import { type Kysely, sql } from 'kysely';
import { dropStatementTriggers, refreshTriggerFunction, statementTriggers } from './refresh-trigger.ts';

/**
 * The stamp of a case page (migration 0058) made to cover the page's two other parts as well: its history
 * and its screening facts (`GET /cases/:id?include=gates,history,facts`, the browser's case page), so that
 * a server keeps them with the page (services/case-page.ts, docs/reads-at-scale.md "The parts of a kept
 * page"):
 * - the tables the screening facts read that the page itself does not: the recorded facts (`case_facts`),
 *   the charge corrections, and a notice's status changes (through the cases linked to it), with the same
 *   statement-level triggers as 0058 on `case_page_stamps`;
 * - `audit_log`, for the entries a case's history shows: every entry with a case id except the audited
 *   reads (`PART_READ_ACTIONS`, which must be the history's own list: test/services/page-cache.test.ts).
 *   Reads are left out so that a read, folded into the log, never makes the page it read out of date; a
 *   refused attempt on a case, which changes nothing else, is in its history and stamps it. These stamps go
 *   to a table of their own, `case_history_stamps`, written only by this trigger: every entry is appended
 *   under the log's lock (a transaction-level lock held to the commit), so a transaction that waits for one
 *   of its rows never holds what the lock's holder waits for. On `case_page_stamps` a refused attempt,
 *   holding the lock, could wait for an action on the same case that has stamped the case and waits for the
 *   lock in turn.
 */

/** The audited reads a case's history leaves out (services/queries.ts#READ_ACTIONS, as of this migration). */
export const PART_READ_ACTIONS = [
  'case.read',
  'case.evaluate',
  'case.history',
  'case.list',
  'screening.facts.read',
  'screening.read',
  'liaison.read',
  'person.read',
  'notice.read',
  'packet.list',
] as const;

const reads = PART_READ_ACTIONS.map((a) => `'${a}'`).join(', ');

/** The tables of the parts, with the SELECT of the case ids a set of their rows (`rows`) touches. */
export const PART_TABLES: Record<string, (rows: string) => string> = {
  case_facts: (rows) => `select case_id from ${rows}`,
  charge_corrections: (rows) => `select case_id from ${rows}`,
  notice_status_changes: (rows) =>
    `select cn.case_id from case_notices cn where cn.notice_id in (select notice_id from ${rows})`,
};

/** The cases of the log entries a history shows (`rows`: the inserted entries). */
export const historyCasesOf = (rows: string) =>
  `select case_id from ${rows} where case_id is not null and action not in (${reads})`;

const fnOf = (table: string) => `redline_page_touch_by_${table}`;

const UP: string[] = [
  ...Object.entries(PART_TABLES).flatMap(([table, casesOf]) => [
    refreshTriggerFunction(fnOf(table), 'redline_page_touch', { casesOf }),
    ...statementTriggers(table, `${table}_page_stamp`, fnOf(table)),
  ]),
  `create table case_history_stamps (case_id uuid primary key, v bigint not null)`,
  // entries are only ever inserted (and always under the log's lock): an insert trigger alone
  `create function redline_history_touch() returns trigger language plpgsql as $fn$
   begin
     insert into case_history_stamps (case_id, v)
     select s.k, nextval('case_page_stamp_seq')
     from (select distinct k from (${historyCasesOf('new_rows')}) x(k) order by k) s
     on conflict (case_id) do update set v = excluded.v;
     return null;
   end
   $fn$`,
  `create trigger audit_log_history_stamp after insert on audit_log referencing new table as new_rows
     for each statement execute function redline_history_touch()`,
];

const DOWN: string[] = [
  `drop trigger if exists audit_log_history_stamp on audit_log`,
  `drop function if exists redline_history_touch()`,
  `drop table if exists case_history_stamps`,
  ...Object.keys(PART_TABLES).flatMap((t) => [
    ...dropStatementTriggers(t, `${t}_page_stamp`),
    `drop function if exists ${fnOf(t)}()`,
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
