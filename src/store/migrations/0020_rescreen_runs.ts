import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Bulk re-screening runs: one row per run with its filter, the versions it screens under, its state
 * (running, paused, completed, failed, cancelled), its counters and its keyset cursor (the last case id
 * done), so that a run is paused or resumed by updating its row and picks up after a restart from where
 * it stopped. Screenings written by a run name it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table rescreen_runs (
      id uuid primary key,
      state text not null check (state in ('running','paused','completed','failed','cancelled')),
      filter jsonb not null default '{}',
      ruleset_version text not null,
      batch_size integer not null check (batch_size between 1 and 10000),
      total integer not null,
      processed integer not null default 0,
      stored integer not null default 0,
      changed integer not null default 0,
      reviews_superseded integer not null default 0,
      batches integer not null default 0,
      cursor_case_id uuid,
      last_error text,
      created_by uuid references users(id),
      created_by_name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz
    );
    create index rescreen_runs_state on rescreen_runs (state, created_at);
    alter table screenings add column rescreen_run_id uuid references rescreen_runs(id);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    alter table screenings drop column rescreen_run_id;
    drop table rescreen_runs;
    `,
  );
}
