import { type Kysely, sql } from 'kysely';
import { dropStatementTriggers, refreshTriggerFunction, statementTriggers } from './refresh-trigger.ts';

/**
 * The stamp of a case page (services/page-cache.ts, docs/reads-at-scale.md "Case pages kept by their stamp"): a value
 * that changes in the same transaction as every change to anything the case page shows, so that a page kept
 * in a server's memory is served again only while its stamp is the one read now.
 *
 * The stamp of a case is four parts, read in one statement with the session:
 * - the case row's own version (`xmin`: every update of the row writes a new version), and the version of
 *   its person's row (the languages the page shows);
 * - `case_page_stamps.v`: set from a sequence (never the same value twice) by statement-level triggers on
 *   every other table the page reads, for the cases the statement's rows belong to: the case's own child
 *   tables by `case_id`; the notices, their warrants and validity confirmations through the cases linked to
 *   the notice; INTERPOL Washington's answers through their request. A case whose row the same transaction
 *   has written is left alone: its row's version changes when that transaction commits (so a new case's
 *   rows, written with it by an import, cost nothing here);
 * - `page_stamp_global.v`: set from the same sequence when a display name or role changes (`users`) or a
 *   training record is written, deleted or changed (`training_records`): those are shown on many cases.
 * The tables a page reads are listed once (`PAGE_TABLES`); a test checks that every table the page's
 * statement names has its triggers (test/services/page-cache.test.ts).
 */

/** Every table the case page reads, with the SELECT of the case ids a set of its rows (`rows`) touches. */
export const PAGE_TABLES: Record<string, (rows: string) => string> = {
  case_notices: (rows) => `select case_id from ${rows}`,
  notices: (rows) => `select cn.case_id from case_notices cn where cn.notice_id in (select id from ${rows})`,
  notice_warrants: (rows) =>
    `select cn.case_id from case_notices cn where cn.notice_id in (select notice_id from ${rows})`,
  validity_confirmations: (rows) =>
    `select cn.case_id from case_notices cn where cn.notice_id in (select notice_id from ${rows})`,
  reviews: (rows) => `select case_id from ${rows}`,
  liaison_requests: (rows) => `select case_id from ${rows}`,
  liaison_responses: (rows) =>
    `select r.case_id from liaison_requests r where r.id in (select request_id from ${rows})`,
  documents: (rows) => `select case_id from ${rows}`,
  disclosures: (rows) => `select case_id from ${rows}`,
  contests: (rows) => `select case_id from ${rows}`,
  exigencies: (rows) => `select case_id from ${rows}`,
  approvals: (rows) => `select case_id from ${rows}`,
  documentation_sign_offs: (rows) => `select case_id from ${rows}`,
  legal_reviews: (rows) => `select case_id from ${rows}`,
  wording_dismissals: (rows) => `select case_id from ${rows}`,
  authorizations: (rows) => `select case_id from ${rows}`,
};

/** Tables whose changes touch every page (shown on many cases, changed rarely). */
export const GLOBAL_PAGE_TABLES = ['users', 'training_records'] as const;

const fnOf = (table: string) => `redline_page_touch_by_${table}`;

const UP: string[] = [
  `create sequence case_page_stamp_seq`,
  `create table case_page_stamps (case_id uuid primary key, v bigint not null)`,
  `create table page_stamp_global (id boolean primary key default true check (id), v bigint not null)`,
  `insert into page_stamp_global (v) values (nextval('case_page_stamp_seq'))`,
  // A new value for each listed case (in id order, so that two statements never wait on each other's rows
  // in opposite orders), except a case whose row this transaction has written: that row's version (`xmin`,
  // this transaction's id) is already a new part of the stamp once the transaction commits.
  `create function redline_page_touch(p_cases uuid[]) returns void language sql as $fn$
     insert into case_page_stamps (case_id, v)
     select s.k, nextval('case_page_stamp_seq')
     from (select distinct k from unnest(p_cases) k where k is not null order by k) s
     where not exists (select 1 from cases c where c.id = s.k and c.xmin = pg_current_xact_id()::xid)
     on conflict (case_id) do update set v = excluded.v
   $fn$`,
  ...Object.entries(PAGE_TABLES).flatMap(([table, casesOf]) => [
    refreshTriggerFunction(fnOf(table), 'redline_page_touch', { casesOf }),
    ...statementTriggers(table, `${table}_page_stamp`, fnOf(table)),
  ]),
  `create function redline_page_touch_global() returns trigger language plpgsql as $fn$
   begin
     -- an update of an account that changes neither its display name nor its role (a sign-in, a lock)
     -- shows nowhere on a case page
     if tg_table_name = 'users' and tg_op = 'UPDATE' then
       -- (a separate test: the transition table of the old rows exists only for an update)
       if not exists (select 1 from old_rows o join new_rows n on n.id = o.id
                      where (o.display_name, o.role) is distinct from (n.display_name, n.role)) then
         return null;
       end if;
     end if;
     update page_stamp_global set v = nextval('case_page_stamp_seq');
     return null;
   end
   $fn$`,
  ...GLOBAL_PAGE_TABLES.flatMap((t) => statementTriggers(t, `${t}_page_stamp`, 'redline_page_touch_global')),
];

const DOWN: string[] = [
  ...GLOBAL_PAGE_TABLES.flatMap((t) => dropStatementTriggers(t, `${t}_page_stamp`)),
  `drop function if exists redline_page_touch_global()`,
  ...Object.keys(PAGE_TABLES).flatMap((t) => [
    ...dropStatementTriggers(t, `${t}_page_stamp`),
    `drop function if exists ${fnOf(t)}()`,
  ]),
  `drop function if exists redline_page_touch(uuid[])`,
  `drop table if exists page_stamp_global`,
  `drop table if exists case_page_stamps`,
  `drop sequence if exists case_page_stamp_seq`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
