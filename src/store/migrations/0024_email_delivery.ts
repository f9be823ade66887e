import { type Kysely, sql } from 'kysely';

/**
 * E-mail delivery of notifications, retried by the job queue. Each notification for a user with an address
 * gets one delivery job (pg-boss, with its retry limit and exponential backoff); the notification keeps
 * where its e-mail is: `email_state` null (not yet queued), `queued`, `sending` (claimed for one attempt),
 * `retrying` (an attempt failed, another will come), `sent`, or `failed` (every attempt failed), with the
 * number of attempts, the time of the last one and the last error (`email_error`, from migration 0017).
 *
 * Rows from before: those sent are `sent` after one attempt; those whose one attempt failed are `failed`.
 */
const UP: string[] = [
  `alter table notifications add column email_state text
     check (email_state in ('queued', 'sending', 'retrying', 'sent', 'failed'))`,
  `alter table notifications add column email_attempts integer not null default 0`,
  `alter table notifications add column email_attempted_at timestamptz`,
  `update notifications set email_state = 'sent', email_attempts = 1, email_attempted_at = emailed_at
     where emailed_at is not null`,
  `update notifications set email_state = 'failed', email_attempts = 1
     where emailed_at is null and email_error is not null`,
  `create index notifications_email_state on notifications (email_state, created_at)
     where email_state is distinct from 'sent'`,
];

const DOWN: string[] = [
  `drop index if exists notifications_email_state`,
  `alter table notifications drop column if exists email_attempted_at`,
  `alter table notifications drop column if exists email_attempts`,
  `alter table notifications drop column if exists email_state`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
