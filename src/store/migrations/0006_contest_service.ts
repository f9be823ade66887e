import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * A contest that is meaningful (issue 8):
 * - a service records the interpreter (name and language pair) when the packet is not in a language the
 *   person reads, a note, and the reason when it is recorded long after it happened;
 * - a contest's grounds become a list of { ground, statement } (the free text of existing rows becomes one
 *   'other' ground), and its decision answers each ground;
 * - exigencies: reliance on the notice before the contest is over, requested with a reason and approved
 *   or refused by the field office director;
 * - the role `director` (field office leadership).
 * Persons already have `languages` (an empty list means unknown).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    alter table users drop constraint if exists users_role_check;
    alter table users add constraint users_role_check check (role in ('officer','supervisor','liaison','attorney','auditor','training_coordinator','administrator','director'));

    alter table disclosures add column interpreter_name text;
    alter table disclosures add column interpreter_language text;
    alter table disclosures add column note text;
    alter table disclosures add column backdate_reason text;

    alter table contests add column grounds_list jsonb not null default '[]';
    alter table contests add column answers jsonb not null default '[]';
    update contests set grounds_list = jsonb_build_array(jsonb_build_object('ground', 'other', 'statement', grounds)) where grounds_list = '[]'::jsonb;

    create table exigencies (
      id uuid primary key,
      case_id uuid not null references cases(id),
      action text not null,
      reason text not null,
      requested_by uuid not null references users(id),
      requested_at timestamptz not null,
      status text not null default 'requested' check (status in ('requested','approved','refused')),
      decided_by uuid references users(id),
      decided_at timestamptz,
      decision_reason text
    );
    create index exigencies_case on exigencies(case_id)
    `,
  );
}

/** Back to 0004: the role check is restored for new rows only (`not valid`), so director accounts survive. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop table if exists exigencies;
    alter table contests drop column if exists answers;
    alter table contests drop column if exists grounds_list;
    alter table disclosures drop column if exists backdate_reason;
    alter table disclosures drop column if exists note;
    alter table disclosures drop column if exists interpreter_language;
    alter table disclosures drop column if exists interpreter_name;
    alter table users drop constraint if exists users_role_check;
    alter table users add constraint users_role_check check (role in ('officer','supervisor','liaison','attorney','auditor','training_coordinator','administrator')) not valid
    `,
  );
}
