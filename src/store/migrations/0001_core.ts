import { type Kysely, sql } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * The core schema. Plain SQL in the subset shared by PostgreSQL 15 and PGlite (PostgreSQL 18):
 * no uuidv7(), no virtual generated columns, no MERGE ... RETURNING.
 * Ids are UUIDs generated in the application (crypto.randomUUID) so services know them before insert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table offices (
      id text primary key,
      name text not null,
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key,
      username text not null unique,
      display_name text not null,
      email text,
      role text not null check (role in ('officer','supervisor','liaison','attorney','auditor','training_coordinator','administrator')),
      office_id text references offices(id),
      password_hash text not null,
      disabled_at timestamptz,
      locked_at timestamptz,
      locked_reason text,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz not null default now()
    );

    create table login_attempts (
      id bigserial primary key,
      username text not null,
      user_id uuid references users(id),
      at timestamptz not null,
      success boolean not null,
      source_ip text
    );
    create index login_attempts_user_at on login_attempts(user_id, at);

    create table sessions (
      id text primary key,            -- sha256 of the cookie token; the token itself is never stored
      user_id uuid not null references users(id),
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text,
      source_ip text,
      user_agent text
    );
    create index sessions_user on sessions(user_id);

    create table training_records (
      id uuid primary key,
      user_id uuid not null references users(id),
      course text not null,
      completed_at timestamptz not null,
      recorded_by uuid references users(id),
      recorded_via text not null default 'manual',
      certificate_ref text,
      created_at timestamptz not null default now()
    );
    create index training_user on training_records(user_id, completed_at desc);

    create table policy_versions (
      version integer primary key,
      settings jsonb not null,
      note text,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );

    create table persons (
      id uuid primary key,
      family_name text not null,
      given_names text,
      aliases jsonb not null default '[]',
      dates_of_birth jsonb not null default '[]',
      sex text,
      place_of_birth text,
      nationalities jsonb not null default '[]',
      a_number text unique,
      languages jsonb not null default '[]',
      protection_status jsonb,
      created_by uuid not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table notices (
      id uuid primary key,
      type text not null check (type in ('red_notice','diffusion')),
      interpol_ref text not null,
      issuing_country text not null,
      requesting_authority text,
      issued_on date,
      expires_on date,
      purpose text check (purpose in ('prosecution','sentence')),
      status text not null default 'valid',
      status_updated_at timestamptz,
      summary_of_facts text,
      person_id uuid references persons(id),
      public_extract jsonb,
      created_by uuid not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (type, interpol_ref)
    );

    create table notice_warrants (
      id uuid primary key,
      notice_id uuid not null references notices(id) on delete cascade,
      position integer not null,
      kind text not null check (kind in ('arrest_warrant','judgment')),
      charge text not null,
      charge_translation text,
      law_cited text,
      max_penalty_months integer,
      sentence_months integer,
      remaining_months integer,
      in_absentia boolean,
      issuing_court text,
      issued_on date,
      issuing_country text,
      unique (notice_id, position)
    );

    create table cases (
      id uuid primary key,
      case_number text not null unique,
      person_id uuid not null references persons(id),
      purpose text not null check (purpose in ('law_enforcement_action','immigration_proceedings')),
      office_id text not null references offices(id),
      assigned_officer_id uuid not null references users(id),
      created_by uuid not null references users(id),
      status text not null default 'open' check (status in ('open','authorized','closed')),
      independent_basis jsonb not null default '{"summary":"","evidence":[]}',
      narrative text not null default '',
      encounter_at timestamptz,
      encounter_location text,
      custody_status text not null default 'unknown',
      in_proceedings boolean not null default false,
      revision integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      closed_at timestamptz,
      close_reason text
    );
    create index cases_office_status on cases(office_id, status);
    create index cases_officer on cases(assigned_officer_id);

    create table case_notices (
      case_id uuid not null references cases(id),
      notice_id uuid not null references notices(id),
      added_at timestamptz not null,
      primary key (case_id, notice_id)
    );
    create index case_notices_notice on case_notices(notice_id);

    create table liaison_requests (
      id uuid primary key,
      case_id uuid not null references cases(id),
      notice_id uuid references notices(id),
      kind text not null check (kind in ('validity','documentation','use_authorization')),
      status text not null default 'pending' check (status in ('pending','answered','cancelled')),
      details text,
      requested_by uuid not null references users(id),
      requested_at timestamptz not null,
      due_at timestamptz not null,
      follow_ups jsonb not null default '[]',
      cancelled_reason text
    );
    create index liaison_requests_case on liaison_requests(case_id);
    create index liaison_requests_status_due on liaison_requests(status, due_at);

    create table liaison_responses (
      id uuid primary key,
      request_id uuid not null unique references liaison_requests(id),
      responded_by uuid not null references users(id),
      responded_at timestamptz not null,
      out_of_band boolean not null default false,
      usncb_reference text,
      outcome text not null,
      notes text,
      scope text,
      conditions text,
      valid_until date,
      disclosure_restrictions text
    );

    create table validity_confirmations (
      id uuid primary key,
      notice_id uuid not null references notices(id),
      case_id uuid references cases(id),
      liaison_request_id uuid references liaison_requests(id),
      result text not null,
      expires_on date,
      source text not null default 'interpol_washington' check (source = 'interpol_washington'),
      method text not null,
      usncb_reference text,
      confirmed_at timestamptz not null,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    );
    create index validity_notice on validity_confirmations(notice_id, confirmed_at desc);

    create table documents (
      id uuid primary key,
      case_id uuid not null references cases(id),
      notice_id uuid references notices(id),
      liaison_response_id uuid references liaison_responses(id),
      kind text not null,
      title text not null,
      language text,
      received_at timestamptz not null,
      content_type text,
      sha256 text,
      byte_size integer,
      content bytea,
      recorded_by uuid not null references users(id)
    );
    create index documents_case on documents(case_id);

    create table reviews (
      id uuid primary key,
      case_id uuid not null references cases(id),
      reviewer_id uuid not null references users(id),
      status text not null check (status in ('in_progress','complete')),
      indicators jsonb not null default '[]',
      ruleset_version text,
      summary text,
      started_at timestamptz not null,
      completed_at timestamptz,
      superseded_at timestamptz
    );
    create index reviews_case on reviews(case_id);

    create table approvals (
      id uuid primary key,
      case_id uuid not null references cases(id),
      decision text not null check (decision in ('approved','denied','returned')),
      rationale text not null,
      approver_id uuid not null references users(id),
      decided_at timestamptz not null,
      case_version_hash text not null,
      material jsonb not null,
      acknowledgements jsonb not null default '[]',
      voided_at timestamptz,
      void_reason text
    );
    create index approvals_case on approvals(case_id, decided_at desc);

    create table wording_dismissals (
      id uuid primary key,
      case_id uuid not null references cases(id),
      fingerprint text not null,
      field text not null,
      excerpt text not null,
      reason text not null,
      dismissed_by uuid not null references users(id),
      dismissed_at timestamptz not null,
      unique (case_id, fingerprint)
    );

    create table disclosures (
      id uuid primary key,
      case_id uuid not null references cases(id),
      served_at timestamptz not null,
      method text not null,
      recipient text not null,
      language text not null,
      document_ids jsonb not null default '[]',
      restricted boolean not null default false,
      restriction_note text,
      contest_deadline timestamptz not null,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    );
    create index disclosures_case on disclosures(case_id);

    create table contests (
      id uuid primary key,
      case_id uuid not null references cases(id),
      disclosure_id uuid references disclosures(id),
      filed_at timestamptz not null,
      filed_by text not null,
      grounds text not null,
      received_by uuid not null references users(id),
      decision text check (decision in ('sustained','not_sustained','withdrawn')),
      decision_rationale text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      ccf_application text
    );
    create index contests_case on contests(case_id);

    create table authorizations (
      id uuid primary key,
      case_id uuid not null references cases(id),
      purpose text not null,
      authorized_by uuid not null references users(id),
      authorized_at timestamptz not null,
      case_version_hash text not null,
      policy_version integer not null references policy_versions(version),
      gates jsonb not null,
      status text not null default 'active' check (status in ('active','withdrawn')),
      withdrawn_at timestamptz,
      withdrawn_reason text
    );
    create index authorizations_case on authorizations(case_id);

    create table notice_status_changes (
      id uuid primary key,
      notice_id uuid not null references notices(id),
      from_status text not null,
      to_status text not null,
      effective_at timestamptz not null,
      source text not null,
      usncb_reference text,
      note text,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    );
    create index notice_status_changes_notice on notice_status_changes(notice_id);

    create table tasks (
      id uuid primary key,
      case_id uuid not null references cases(id),
      kind text not null,
      reason text not null,
      priority integer not null default 3,
      status text not null default 'open' check (status in ('open','done')),
      created_at timestamptz not null,
      closed_at timestamptz,
      closed_by uuid references users(id),
      resolution text
    );
    create index tasks_open on tasks(status, priority, created_at);

    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_username text not null,
      actor_role text,
      action text not null,
      outcome text not null check (outcome in ('ok','denied','failed')),
      entity_type text,
      entity_id text,
      case_id uuid,
      before_digest text,
      after_digest text,
      detail jsonb not null default '{}',
      request_id text,
      source_ip text,
      prev_hash text not null,
      hash text not null unique
    );
    create index audit_case on audit_log(case_id, seq);
    create index audit_actor on audit_log(actor_id, seq);
    create index audit_action on audit_log(action, seq);

    create table audit_checkpoints (
      id bigserial primary key,
      seq bigint not null,
      hash text not null,
      signed_at timestamptz not null,
      key_id text not null,
      signature text not null
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists audit_checkpoints, audit_log, tasks, notice_status_changes, authorizations, contests,
      disclosures, wording_dismissals, approvals, reviews, documents, validity_confirmations, liaison_responses,
      liaison_requests, case_notices, cases, notice_warrants, notices, persons, policy_versions, training_records,
      sessions, login_attempts, users, offices cascade;
  `.execute(db);
}
