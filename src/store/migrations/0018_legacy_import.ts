import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Legacy import (docs/legacy-import.md). A legacy case keeps its source system and its stable external id
 * (unique together: importing the same file again updates, never duplicates), the digest of the record it
 * was last written from (an unchanged record is left alone), the import run and file line that wrote it,
 * and what the agency did on it and when. An import run records its file (name, SHA-256, size), its
 * progress (the last line whose batch committed: an interrupted import resumes after it) and its counts;
 * every rejected row is one row of `import_run_errors` (line, field, reason).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table import_runs (
      id uuid primary key,
      source text not null,
      file_name text not null,
      format text not null check (format in ('csv','jsonl')),
      sha256 text not null,
      bytes_total bigint not null,
      office_id text not null references offices(id),
      officer_id uuid not null references users(id),
      all_or_nothing boolean not null default false,
      status text not null default 'running'
        check (status in ('running','completed','rejected','failed')),
      phase text not null default 'import' check (phase in ('check','import')),
      bytes_read bigint not null default 0,
      last_committed_line integer not null default 0,
      rows_seen integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      rejected integer not null default 0,
      started_by uuid references users(id),
      started_by_name text not null,
      started_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz,
      failure text
    );
    create index import_runs_resume on import_runs (sha256, source, office_id) where status = 'running';
    create table import_run_errors (
      run_id uuid not null references import_runs(id) on delete cascade,
      line integer not null,
      field text not null,
      reason text not null,
      primary key (run_id, line, field)
    );
    alter table cases add column legacy_source text;
    alter table cases add column legacy_external_id text;
    alter table cases add column legacy_digest text;
    alter table cases add column legacy_run_id uuid references import_runs(id);
    alter table cases add column legacy_line integer;
    alter table cases add column legacy_actions jsonb;
    create unique index cases_legacy_key on cases (legacy_source, legacy_external_id)
      where legacy_external_id is not null;
    `,
  );
}
