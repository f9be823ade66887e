import { type Kysely, sql } from 'kysely';
import { type KeptCounter, keptCounterDown, keptCounterUp } from './counter-trigger.ts';
import {
  dropStatementTriggers,
  refreshFunction,
  refreshTriggerFunction,
  statementTriggers,
  updatedCases,
} from './refresh-trigger.ts';

/**
 * The queue of documents to disclose to the person (`disclosures_due`): open and authorized cases that have
 * received documents and have never been served. The queue read every document of the system, grouped by
 * case, on every queue call of an officer, a supervisor or an attorney, whatever their office, and counted
 * what it found: its cost grew with every document recorded (docs/benchmarks.md).
 *
 * Now each case carries the two facts the queue needs, kept by statement-level triggers in the same
 * transaction as the change:
 * - `first_document_at`: when its first document was received (documents; null when none);
 * - `disclosed`: whether it has been served on the person (disclosures).
 * A new document or a new service merges into the case row as it stands when the update takes its lock
 * (`least`, `not disclosed`), so two changes to one case committed at once both count. A document or a
 * service deleted or changed (the application does neither) recomputes its cases from the tables.
 *
 * The queue's page is then a range of a partial index of the cases waiting, by office, and its count is kept
 * in `office_counts` (counter `disclosures_due`, key ''), recounted by `redline gates verify` from the
 * documents and services themselves, so that a column that drifted shows as a difference;
 * `--repair` recomputes the columns (`redline_disclosure_due_refresh(null)`) and then the count.
 */
const COUNTER: KeptCounter = {
  counter: 'disclosures_due',
  fn: 'redline_counts_disclosures_due',
  table: 'cases',
  triggerPrefix: 'cases_disclosures_due',
  viewSuffix: '0054',
  contrib: (r) => `
    select ${r}.office_id, 'disclosures_due'::text as counter, ''::text as key, 1::bigint as n
    from ${r} where ${r}.first_document_at is not null and not ${r}.disclosed and ${r}.status <> 'closed'`,
  recount: `
    select c.office_id, 'disclosures_due'::text as counter, ''::text as key, 1::bigint as n
    from cases c where c.status <> 'closed' and exists (select 1 from documents d where d.case_id = c.id)
      and not exists (select 1 from disclosures s where s.case_id = c.id)`,
};

/** The recount of the given cases' two facts, from `source` (the cases `x`), as one statement. */
const refresh = (source: string) => `
       with t as (
         select x.id, (select min(d.received_at) from documents d where d.case_id = x.id) as first,
                exists (select 1 from disclosures s where s.case_id = x.id) as disclosed
         from ${source}),
       u as (
         update cases c set first_document_at = t.first, disclosed = t.disclosed from t
         where c.id = t.id and (c.first_document_at is distinct from t.first or c.disclosed <> t.disclosed)
         returning 1)
       select count(*) into n from u;`;

const UP: string[] = [
  `alter table cases add column first_document_at timestamptz`,
  `alter table cases add column disclosed boolean not null default false`,
  // Recomputes the two facts of the given cases (every case when null) from the tables.
  refreshFunction('redline_disclosure_due_refresh', 'cases', 'id', refresh),
  refreshTriggerFunction('redline_disclosure_due_by_documents', 'redline_disclosure_due_refresh', {
    onInsert: `update cases c set first_document_at = least(c.first_document_at, m.first)
       from (select case_id, min(received_at) as first from new_rows group by case_id) m
       where c.id = m.case_id and (c.first_document_at is null or m.first < c.first_document_at);`,
    // Only the rows whose case or time of receipt changed (a file stored on a document changes neither).
    updated: updatedCases('n.case_id <> o.case_id or n.received_at <> o.received_at'),
  }),
  refreshTriggerFunction('redline_disclosure_due_by_disclosures', 'redline_disclosure_due_refresh', {
    onInsert: `update cases c set disclosed = true where c.id in (select case_id from new_rows) and not c.disclosed;`,
    updated: updatedCases('n.case_id <> o.case_id'),
  }),
  ...['documents', 'disclosures'].flatMap((t) =>
    statementTriggers(t, `${t}_disclosure_due`, `redline_disclosure_due_by_${t}`),
  ),
  // The cases recorded so far: only those with documents or a service are touched.
  `update cases c set first_document_at = m.first
   from (select case_id, min(received_at) as first from documents group by case_id) m where c.id = m.case_id`,
  `update cases c set disclosed = true where c.id in (select case_id from disclosures)`,
  `create index cases_disclosures_due on cases (office_id, id)
     where first_document_at is not null and not disclosed and status <> 'closed'`,
];

const DOWN: string[] = [
  `drop index if exists cases_disclosures_due`,
  ...['documents', 'disclosures'].flatMap((t) => dropStatementTriggers(t, `${t}_disclosure_due`)),
  `drop function if exists redline_disclosure_due_by_disclosures()`,
  `drop function if exists redline_disclosure_due_by_documents()`,
  `drop function if exists redline_disclosure_due_refresh(uuid[])`,
  `alter table cases drop column if exists disclosed`,
  `alter table cases drop column if exists first_document_at`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
  for (const statement of keptCounterUp(COUNTER)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of keptCounterDown(COUNTER)) await sql.raw(statement).execute(db);
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
