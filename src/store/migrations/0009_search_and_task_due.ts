import { type Kysely, sql } from 'kysely';
import { caseSearchTerms } from '../../domain/name-search.ts';
import { execStatements } from './exec.ts';

/**
 * Finding a case: the normalised terms of each case (person's names and aliases with their sound keys,
 * A-number, notice references, case number), kept on write and indexed for prefix search. Re-review tasks
 * get a due date; existing tasks are given the default (2 days in custody, else 14) from their creation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table case_search_terms (
      case_id uuid not null references cases(id) on delete cascade,
      term text not null,
      primary key (case_id, term)
    );
    create index case_search_terms_term on case_search_terms (term text_pattern_ops);

    alter table tasks add column due_at timestamptz;
    update tasks set due_at = created_at + (case when priority = 1 then interval '2 days' else interval '14 days' end) where due_at is null;
    create index tasks_status_due on tasks (status, due_at);
    `,
  );
  // Backfill the search terms of the cases already recorded (transliteration needs the application's code).
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await sql<{
      id: string;
      case_number: string;
      family_name: string;
      given_names: string | null;
      aliases: unknown;
      a_number: string | null;
      refs: unknown;
    }>`
      select c.id, c.case_number, p.family_name, p.given_names, p.aliases, p.a_number,
        coalesce((select json_agg(n.interpol_ref) from case_notices cn join notices n on n.id = cn.notice_id
          where cn.case_id = c.id), '[]'::json) as refs
      from cases c join persons p on p.id = c.person_id
      where c.id > ${after}::uuid order by c.id limit 500`.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) {
      const aliases = (typeof r.aliases === 'string' ? JSON.parse(r.aliases) : r.aliases) as string[];
      const refs = (typeof r.refs === 'string' ? JSON.parse(r.refs) : r.refs) as string[];
      const terms = caseSearchTerms({
        caseNumber: r.case_number,
        familyName: r.family_name,
        givenNames: r.given_names,
        aliases: Array.isArray(aliases) ? aliases : [],
        aNumber: r.a_number,
        noticeRefs: Array.isArray(refs) ? refs : [],
      });
      for (const term of terms)
        await sql`insert into case_search_terms (case_id, term) values (${r.id}::uuid, ${term}) on conflict do nothing`.execute(
          db,
        );
    }
    after = rows.rows[rows.rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop table if exists case_search_terms;
    drop index if exists tasks_status_due;
    alter table tasks drop column if exists due_at;
    `,
  );
}
