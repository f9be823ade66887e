import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Finding a case by a common name: the search-terms index carries the case id, so each word of a search
 * is answered from the index alone (an index-only scan of the matching terms) instead of visiting the table
 * for every matching row. It replaces the index on the term alone, which it covers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create index case_search_terms_term_case on case_search_terms (term text_pattern_ops, case_id);
    drop index if exists case_search_terms_term;
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create index if not exists case_search_terms_term on case_search_terms (term text_pattern_ops);
    drop index if exists case_search_terms_term_case;
    `,
  );
}
