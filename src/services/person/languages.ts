/**
 * The languages a person reads, recorded or corrected after intake (a person recorded before they were
 * asked has an empty list: unknown). Service counts only in one of them or through an interpreter (D9),
 * so the change says who gave the information, and the audit entry keeps the list before and after.
 */

import { languageCode } from '../../domain/languages.ts';
import { checkOfficeScope } from '../../domain/permissions.ts';
import { type Call, runAction } from '../context.ts';
import { type FieldProblem, invalid, notFound } from '../errors.ts';
import { requireText } from '../inputs.ts';
import { requireInScope } from '../scope.ts';

export async function recordPersonLanguages(
  call: Call,
  personId: string,
  input: { languages: string[]; source: string },
): Promise<{ id: string; languages: string[] }> {
  return runAction(
    call,
    { action: 'person.languages', permission: 'person.write', entityType: 'person' },
    async (trx, audit, now) => {
      audit.entityId = personId;
      const p = await trx
        .selectFrom('persons')
        .select(['id', 'languages'])
        .where('id', '=', personId)
        .forUpdate() // a service being recorded reads the list FOR SHARE: one waits for the other
        .executeTakeFirst();
      if (!p) throw notFound('The person');
      await requireInScope(trx, call, 'person', personId);
      if (call.actor.kind !== 'system') {
        const cases = await trx
          .selectFrom('cases')
          .select(['id', 'office_id'])
          .where('person_id', '=', personId)
          .execute();
        const own = cases.find(
          (c) => checkOfficeScope(call.actor.role, call.actor.officeId, c.office_id).allowed,
        );
        audit.caseId = own?.id ?? null;
      }
      const fields: FieldProblem[] = [];
      const given = (input.languages ?? []).filter((l) => l?.trim());
      if (given.length === 0)
        fields.push({ field: 'languages', message: 'Record at least one language the person reads.' });
      given.forEach((l, i) => {
        if (languageCode(l) === null)
          fields.push({
            field: `languages.${i}`,
            message: 'Choose the language from the list (an ISO 639-1 code such as tg, or its name).',
          });
      });
      requireText(
        input.source,
        'source',
        'Say who gave the information (for example, the person at the interview, or counsel).',
        fields,
      );
      if (fields.length) throw invalid('The languages could not be recorded.', fields);
      const languages = [...new Set(given.map((l) => languageCode(l)!))];
      await trx
        .updateTable('persons')
        .set({ languages: JSON.stringify(languages), updated_at: now })
        .where('id', '=', personId)
        .execute();
      audit.before = { languages: p.languages ?? [] };
      audit.after = { languages };
      audit.detail = { source: input.source.trim() };
      return { id: personId, languages };
    },
  );
}
