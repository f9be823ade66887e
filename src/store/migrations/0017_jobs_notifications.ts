import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Deadlines that run themselves and the people they reach (issue 10):
 * - notifications: one message to one user (in the web application, and by e-mail when SMTP is
 *   configured); `dedupe_key` is unique per user, so a scan that runs again (a retry, a second server)
 *   never creates a second notification for the same duty, item and day;
 * - job_runs: one row per run of a scheduled duty and slot (a UTC day); the unique (duty, slot) is the
 *   claim that keeps two servers on one database from running the same duty twice.
 * The queue itself (pg-boss) keeps its own tables in the `pgboss` schema, created when it starts.
 * Cases already record custody (`custody_status`) and immigration proceedings (`in_proceedings`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table notifications (
      id uuid primary key,
      user_id uuid not null references users(id),
      kind text not null,
      case_id uuid references cases(id),
      text text not null,
      dedupe_key text,
      created_at timestamptz not null,
      read_at timestamptz,
      emailed_at timestamptz,
      email_error text
    );
    create unique index notifications_dedupe on notifications(user_id, dedupe_key);
    create index notifications_user_recent on notifications(user_id, created_at desc, id desc);
    create index notifications_user_unread on notifications(user_id) where read_at is null;
    create index notifications_email_pending on notifications(created_at) where emailed_at is null and email_error is null;

    create table job_runs (
      id uuid primary key,
      duty text not null,
      slot text not null,
      instance text not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      counts jsonb not null default '{}'
    );
    create unique index job_runs_claim on job_runs(duty, slot)
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop table if exists job_runs;
    drop table if exists notifications
    `,
  );
}
