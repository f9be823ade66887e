import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * The counsel portal (services/portal/):
 * - portal_access: an access code (and a one-time link) tied to one case; only their SHA-256 hashes are
 *   kept. It expires (policy portalAccessDays), can be revoked, and records when it was last used;
 * - portal_sessions: a portal session (its own cookie, never an agency session), tied to one access;
 * - portal_lockouts: bad codes counted per source address; the address is locked after repeated ones;
 * - contests filed through the portal: their source, the access used, the contact details given and the
 *   receipt's reference number. Such a contest is not received by a staff member (received_by is empty);
 * - portal_ccf_reports: what the person reports of an application to the CCF and its outcome, waiting for
 *   an attorney to confirm a deletion or non-compliance finding as a notice status change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table portal_access (
      id uuid primary key,
      case_id uuid not null references cases(id),
      code_hash text not null unique,
      link_token_hash text not null unique,
      link_used_at timestamptz,
      issued_by uuid references users(id),
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references users(id),
      revoke_reason text,
      last_used_at timestamptz,
      use_count integer not null default 0
    );
    create index portal_access_case on portal_access (case_id, issued_at);

    create table portal_sessions (
      id text primary key,
      access_id uuid not null references portal_access(id),
      csrf_token text not null,
      language text not null default 'en',
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null,
      ended_at timestamptz
    );
    create index portal_sessions_access on portal_sessions (access_id);

    create table portal_lockouts (
      key text primary key,
      failures integer not null default 0,
      first_failure_at timestamptz not null,
      locked_until timestamptz
    );

    alter table contests alter column received_by drop not null;
    alter table contests add column source text not null default 'staff' check (source in ('staff','portal'));
    alter table contests add column portal_access_id uuid references portal_access(id);
    alter table contests add column contact jsonb;
    alter table contests add column reference text unique;

    create table portal_ccf_reports (
      id uuid primary key,
      case_id uuid not null references cases(id),
      access_id uuid not null references portal_access(id),
      reference text not null unique,
      applied_on date not null,
      ccf_reference text,
      outcome text not null check (outcome in ('pending','deletion','non_compliant','correction','retained','other')),
      outcome_on date,
      statement text,
      reported_at timestamptz not null,
      status text not null default 'reported' check (status in ('reported','confirmed','not_confirmed','recorded')),
      reviewed_by uuid references users(id),
      reviewed_at timestamptz,
      review_note text,
      notice_id uuid references notices(id),
      notice_status text
    );
    create index portal_ccf_reports_case on portal_ccf_reports (case_id, reported_at);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop table portal_ccf_reports;
    alter table contests drop column reference;
    alter table contests drop column contact;
    alter table contests drop column portal_access_id;
    alter table contests drop column source;
    drop table portal_lockouts;
    drop table portal_sessions;
    drop table portal_access;
    `,
  );
}
