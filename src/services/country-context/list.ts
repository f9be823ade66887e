/** Listing the country-context table. */
import { type Call, runAction } from '../context.ts';
import { loadCountryContext } from './table.ts';
import { type CountryContextView, toCountryView } from './view.ts';

export async function listCountryContext(
  call: Call,
): Promise<{ version: string; rows: CountryContextView[] }> {
  return runAction(
    call,
    { action: 'country_context.read', permission: 'country_context.read', entityType: 'country_context' },
    async (trx) => {
      const { version } = await loadCountryContext(trx);
      const rows = await trx
        .selectFrom('country_context')
        .selectAll()
        .orderBy('iso2')
        .orderBy('report_year')
        .execute();
      return { version, rows: rows.map(toCountryView) };
    },
  );
}
