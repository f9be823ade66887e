import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Sign-in that meets federal practice:
 * - progressive delays per account and per source address replace the hard lock (a lock anyone could
 *   trigger on any account, administrators included); existing locks are released;
 * - TOTP multi-factor authentication: the confirmed secret, a pending one during enrolment, the last
 *   accepted time step (a code is accepted once), and hashed single-use recovery codes;
 * - sessions have a stage: a passphrase-only session may do nothing but finish the second factor or
 *   enrol it;
 * - single sign-on through OpenID Connect: the provider's subject on the account, and the short-lived
 *   state of each authorization request (state, nonce, PKCE verifier) shared by every instance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table sign_in_delays (
      key text primary key,
      failures integer not null default 0,
      last_failure_at timestamptz not null,
      next_allowed_at timestamptz not null
    );
    update users set locked_at = null, locked_reason = null where locked_at is not null;

    alter table users add column totp_secret text;
    alter table users add column totp_pending_secret text;
    alter table users add column totp_enrolled_at timestamptz;
    alter table users add column totp_last_step integer;
    alter table users add column totp_reuse_allowed boolean not null default false;
    alter table users add column oidc_issuer text;
    alter table users add column oidc_subject text;
    create unique index users_oidc_subject on users (oidc_issuer, oidc_subject) where oidc_subject is not null;

    create table recovery_codes (
      id uuid primary key,
      user_id uuid not null references users(id) on delete cascade,
      code_hash text not null,
      created_at timestamptz not null,
      used_at timestamptz
    );
    create index recovery_codes_user on recovery_codes (user_id);

    alter table sessions add column stage text not null default 'active';
    alter table sessions add column mfa_failures integer not null default 0;

    create table oidc_requests (
      state text primary key,
      nonce text not null,
      code_verifier text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop table oidc_requests;
    alter table sessions drop column mfa_failures;
    alter table sessions drop column stage;
    drop table recovery_codes;
    drop index users_oidc_subject;
    alter table users drop column oidc_subject;
    alter table users drop column oidc_issuer;
    alter table users drop column totp_reuse_allowed;
    alter table users drop column totp_last_step;
    alter table users drop column totp_enrolled_at;
    alter table users drop column totp_pending_secret;
    alter table users drop column totp_secret;
    drop table sign_in_delays;
    `,
  );
}
