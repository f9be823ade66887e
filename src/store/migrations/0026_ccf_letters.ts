import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * The CCF's letter, sent through the counsel portal with a report of an application to the CCF: a stored
 * document (the same checks, encryption and storage as every upload) attached to that report, for the
 * attorney who confirms the finding to read. `documents.ccf_report_id` names the report; a report can have
 * more than one letter (a decision and a later correction).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    alter table documents add column ccf_report_id uuid references portal_ccf_reports(id);
    create index documents_ccf_report on documents (ccf_report_id) where ccf_report_id is not null;
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop index documents_ccf_report;
    alter table documents drop column ccf_report_id;
    `,
  );
}
