import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Reads that scale (docs/reads-at-scale.md):
 * - `case_gate_status`: each case's gate status as the evaluator last derived it, written in the same
 *   transaction as every change that can alter it; `stale_at` is when the status next changes by the
 *   passing of time alone (a contest window closing, a validity confirmation ageing), after which the
 *   stored row is re-derived before it is used. Aggregations (dashboard, queues) read this table.
 * - `read_log`: audited reads, written in the read's own transaction without the chain lock, then
 *   folded into the hash chain in batches (services/read-log.ts).
 * - indexes for keyset pages of the case list and the queues.
 * Rows for existing cases are derived by `redline gates verify --repair` (or on first read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table case_gate_status (
      case_id uuid primary key references cases(id) on delete cascade,
      office_id text not null,
      case_status text not null,
      all_met boolean not null,
      blocking text[] not null,
      blocking_mask integer not null,
      gates jsonb not null,
      next_step text,
      policy_version integer not null,
      evaluator_version integer not null,
      computed_at timestamptz not null,
      stale_at timestamptz
    );
    create index case_gate_status_office on case_gate_status(office_id, case_status);
    create index case_gate_status_stale on case_gate_status(stale_at) where stale_at is not null;

    create table read_log (
      id bigserial primary key,
      at timestamptz not null,
      actor_id text,
      actor_username text not null,
      actor_role text,
      action text not null,
      outcome text not null,
      entity_type text,
      entity_id text,
      case_id text,
      detail jsonb not null,
      request_id text,
      source_ip text
    );

    create index cases_office_number on cases(office_id, case_number);
    create index cases_office_created on cases(office_id, created_at, case_number);
    create index cases_created on cases(created_at, case_number);
    create index cases_created_by on cases(created_by);
    create index tasks_case_open on tasks(case_id) where status = 'open';
    create index liaison_requests_pending_case on liaison_requests(case_id) where status = 'pending';
    create index contests_undecided_case on contests(case_id) where decision is null;
    create index disclosures_deadline on disclosures(contest_deadline, case_id)
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop index if exists disclosures_deadline;
    drop index if exists contests_undecided_case;
    drop index if exists liaison_requests_pending_case;
    drop index if exists tasks_case_open;
    drop index if exists cases_created_by;
    drop index if exists cases_created;
    drop index if exists cases_office_created;
    drop index if exists cases_office_number;
    drop table read_log;
    drop table case_gate_status
    `,
  );
}
