import { type Kysely, sql } from 'kysely';
import { dropStatementTriggers, refreshTriggerFunction, statementTriggers } from './refresh-trigger.ts';

/**
 * The stamp of a case page (migration 0058) made to cover the page's two other parts as well: its history
 * and its screening facts (`GET /cases/:id?include=gates,history,facts`, the browser's case page), so that
 * a server keeps them with the page (services/case-page.ts, docs/reads-at-scale.md "The parts of a kept
 * page"). The same statement-level triggers as 0058 stamp the cases of every row written to:
 * - the tables the screening facts read that the page itself does not: the recorded facts
 *   (`case_facts`), the charge corrections, and a notice's status changes (through the cases linked to it);
 * - `audit_log`, for the entries a case's history shows: every entry with a case id except the audited
 *   reads (`PART_READ_ACTIONS`, which must be the history's own list: test/services/page-cache.test.ts).
 *   Reads are left out so that a read, folded into the log, never makes the page it read out of date; a
 *   refused attempt on a case, which changes nothing else, is in its history and stamps it.
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
  audit_log: (rows) => `select case_id from ${rows} where case_id is not null and action not in (${reads})`,
};

const fnOf = (table: string) => `redline_page_touch_by_${table}`;

const UP: string[] = Object.entries(PART_TABLES).flatMap(([table, casesOf]) => [
  refreshTriggerFunction(fnOf(table), 'redline_page_touch', { casesOf }),
  ...statementTriggers(table, `${table}_page_stamp`, fnOf(table)),
]);

const DOWN: string[] = Object.keys(PART_TABLES).flatMap((t) => [
  ...dropStatementTriggers(t, `${t}_page_stamp`),
  `drop function if exists ${fnOf(t)}()`,
]);

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
