/** Keeping a case's search terms (domain/name-search.ts) in step with what it records. */
import { caseSearchTerms } from '../../domain/name-search.ts';
import type { DbOrTrx } from '../../store/db.ts';

/**
 * Replaces the search terms of a case from its person (names, aliases, A-number), its notices'
 * references and its case number. Called in the transaction that writes any of these.
 */
export async function indexCaseForSearch(trx: DbOrTrx, caseId: string): Promise<void> {
  const row = await trx
    .selectFrom('cases')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .select([
      'cases.case_number',
      'persons.family_name',
      'persons.given_names',
      'persons.aliases',
      'persons.a_number',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return;
  const refs = await trx
    .selectFrom('case_notices')
    .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
    .select('notices.interpol_ref')
    .where('case_notices.case_id', '=', caseId)
    .execute();
  const terms = caseSearchTerms({
    caseNumber: row.case_number,
    familyName: row.family_name,
    givenNames: row.given_names,
    aliases: Array.isArray(row.aliases) ? (row.aliases as string[]) : [],
    aNumber: row.a_number,
    noticeRefs: refs.map((r) => r.interpol_ref),
  });
  await trx.deleteFrom('case_search_terms').where('case_id', '=', caseId).execute();
  if (terms.length)
    await trx
      .insertInto('case_search_terms')
      .values(terms.map((term) => ({ case_id: caseId, term })))
      .execute();
}
