/** Changing a country-context row (administrators; audited and versioned). */
import { type Call, runAction } from '../context.ts';
import { type FieldProblem, invalid, notFound } from '../errors.ts';
import { bumpCountryContextVersion } from './table.ts';
import { type CountryContextInput, checkCountryRow, toCountryView } from './view.ts';

export interface CountryContextUpdate extends Partial<Omit<CountryContextInput, 'iso2' | 'reportYear'>> {
  /** Retire the row (it stops counting), or bring it back with false. */
  retired?: boolean;
  retiredReason?: string | null;
}

export async function updateCountryContext(
  call: Call,
  id: string,
  input: CountryContextUpdate,
): Promise<{ id: string; version: string }> {
  return runAction(
    call,
    { action: 'country_context.update', permission: 'country_context.manage', entityType: 'country_context' },
    async (trx, audit, now) => {
      audit.entityId = id;
      const row = await trx.selectFrom('country_context').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('The country-context row');
      const fields: FieldProblem[] = [];
      checkCountryRow(input, fields);
      if (input.retired === true && !input.retiredReason?.trim())
        fields.push({ field: 'retiredReason', message: 'Explain why the row is retired.' });
      if (fields.length) throw invalid('The row could not be changed.', fields);
      const set = {
        ...(input.report !== undefined ? { report: input.report.trim() } : {}),
        ...(input.statement !== undefined ? { statement: input.statement.trim() } : {}),
        ...(input.url !== undefined ? { url: input.url.trim() } : {}),
        ...(input.compiledFrom !== undefined ? { compiled_from: input.compiledFrom.trim() } : {}),
        ...(input.verified !== undefined ? { verified: input.verified } : {}),
        ...(input.retired === true ? { retired_at: now, retired_reason: input.retiredReason!.trim() } : {}),
        ...(input.retired === false ? { retired_at: null, retired_reason: null } : {}),
      };
      if (Object.keys(set).length === 0)
        throw invalid('The row could not be changed.', [{ field: 'body', message: 'Nothing to change.' }]);
      await trx
        .updateTable('country_context')
        .set({ ...set, updated_by: call.actor.username, updated_at: now })
        .where('id', '=', id)
        .execute();
      const version = await bumpCountryContextVersion(
        trx,
        call.actor.username,
        input.note ?? `changed ${row.iso2} ${row.report_year}`,
        now,
      );
      audit.before = toCountryView(row);
      audit.after = set;
      audit.detail = { iso2: row.iso2, reportYear: row.report_year, version, fields: Object.keys(set) };
      return { id, version: version.to };
    },
  );
}
