/** Adding a country-context row (administrators; audited and versioned). */
import { randomUUID } from 'node:crypto';
import { type Call, runAction } from '../context.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import { bumpCountryContextVersion } from './table.ts';
import { type CountryContextInput, checkCountryRow } from './view.ts';

export async function addCountryContext(
  call: Call,
  input: CountryContextInput,
): Promise<{ id: string; version: string }> {
  return runAction(
    call,
    { action: 'country_context.add', permission: 'country_context.manage', entityType: 'country_context' },
    async (trx, audit, now) => {
      const fields: FieldProblem[] = [];
      for (const k of ['iso2', 'reportYear', 'report', 'statement', 'url'] as const)
        if (input[k] === undefined || input[k] === null)
          fields.push({ field: k, message: `Enter the ${k}.` });
      checkCountryRow(input, fields);
      if (fields.length) throw invalid('The row could not be added.', fields);
      const clash = await trx
        .selectFrom('country_context')
        .select('id')
        .where('iso2', '=', input.iso2)
        .where('report_year', '=', input.reportYear)
        .executeTakeFirst();
      if (clash)
        throw invalid('The row could not be added.', [
          {
            field: 'reportYear',
            message: `This country already has a row for this report year (id ${clash.id}); change it instead.`,
          },
        ]);
      const id = randomUUID();
      await trx
        .insertInto('country_context')
        .values({
          id,
          iso2: input.iso2,
          report_year: input.reportYear,
          report: input.report.trim(),
          statement: input.statement.trim(),
          url: input.url.trim(),
          compiled_from: input.compiledFrom?.trim() || 'entered by an administrator',
          verified: input.verified ?? false,
          updated_by: call.actor.username,
          updated_at: now,
        })
        .execute();
      const version = await bumpCountryContextVersion(
        trx,
        call.actor.username,
        input.note ?? `added ${input.iso2} ${input.reportYear}`,
        now,
      );
      audit.entityId = id;
      audit.after = { iso2: input.iso2, reportYear: input.reportYear, verified: input.verified ?? false };
      audit.detail = { version, note: input.note ?? null };
      return { id, version: version.to };
    },
  );
}
