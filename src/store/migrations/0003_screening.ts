import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import {
  COUNTRY_CONTEXT_ROWS,
  COUNTRY_CONTEXT_VERSION,
} from '../../domain/screening/country-context-data.ts';
import { execStatements } from './exec.ts';

/**
 * Screening integrated into the case workflow (issue 3): stored case facts (versioned), stored
 * screenings, charge-category corrections, and the country-context table as audited, versioned data.
 *
 * The country-context table is seeded from COUNTRY_CONTEXT_ROWS (version COUNTRY_CONTEXT_VERSION);
 * later changes go through the administrators' API (audited, each one a new version).
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table case_facts (
      id uuid primary key,
      case_id uuid not null references cases(id),
      version integer not null,
      facts jsonb not null,
      note text,
      recorded_by uuid references users(id),
      recorded_by_name text not null,
      recorded_at timestamptz not null,
      unique (case_id, version)
    );

    create table screenings (
      id uuid primary key,
      seq bigserial not null unique,
      case_id uuid not null references cases(id),
      ruleset_version text not null,
      country_context_version text not null,
      inputs_digest text not null,
      results jsonb not null,
      diff jsonb,
      trigger text not null,
      created_at timestamptz not null
    );
    create index screenings_case on screenings(case_id, seq desc);

    alter table reviews add column screening_id uuid references screenings(id);

    create table charge_corrections (
      id uuid primary key,
      case_id uuid not null references cases(id),
      notice_id uuid not null references notices(id),
      warrant_position integer not null,
      charge text not null,
      suggested jsonb not null default '[]',
      categories jsonb not null,
      decision text not null check (decision in ('confirmed','corrected')),
      reason text not null,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    );
    create index charge_corrections_case on charge_corrections(case_id, recorded_at);

    create table country_context_versions (
      version text primary key,
      seq bigserial not null unique,
      note text,
      created_by text not null,
      created_at timestamptz not null default now()
    );

    create table country_context (
      id uuid primary key,
      iso2 text not null,
      report_year integer not null,
      report text not null,
      statement text not null,
      url text not null,
      compiled_from text not null,
      verified boolean not null default false,
      retired_at timestamptz,
      retired_reason text,
      updated_by text not null,
      updated_at timestamptz not null default now(),
      unique (iso2, report_year)
    )
  `,
  );
  await sql`insert into country_context_versions (version, note, created_by) values (${COUNTRY_CONTEXT_VERSION}, 'seeded from the State Department reports compilation', 'migration')`.execute(
    db,
  );
  for (const r of COUNTRY_CONTEXT_ROWS) {
    await sql`insert into country_context (id, iso2, report_year, report, statement, url, compiled_from, verified, updated_by)
      values (${randomUUID()}, ${r.iso2}, ${r.reportYear}, ${r.report}, ${r.statement}, ${r.url}, ${r.compiledFrom}, ${r.verified}, 'migration')`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop table if exists country_context;
    drop table if exists country_context_versions;
    drop table if exists charge_corrections;
    alter table reviews drop column if exists screening_id;
    drop table if exists screenings;
    drop table if exists case_facts
  `,
  );
}
