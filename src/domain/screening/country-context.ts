/**
 * Country-context lookup for CTX_COUNTRY_PATTERN. The issuing country is context, never a verdict:
 * states with many refused requests also send legitimate ones (interpol-rules.md §3.1).
 */
import {
  COUNTRY_CONTEXT_ROWS,
  COUNTRY_CONTEXT_VERSION,
  type CountryContextRow,
} from './country-context-data.ts';

export {
  COUNTRY_CONTEXT_ROWS,
  COUNTRY_CONTEXT_VERSION,
  type CountryContextRow,
} from './country-context-data.ts';

export interface CountryContextTable {
  version: string;
  rows: readonly CountryContextRow[];
}

export const DEFAULT_COUNTRY_CONTEXT: CountryContextTable = {
  version: COUNTRY_CONTEXT_VERSION,
  rows: COUNTRY_CONTEXT_ROWS,
};

const indexCache = new WeakMap<CountryContextTable, Map<string, CountryContextRow[]>>();

function indexOf(table: CountryContextTable): Map<string, CountryContextRow[]> {
  let idx = indexCache.get(table);
  if (!idx) {
    idx = new Map();
    for (const r of table.rows) {
      const list = idx.get(r.iso2);
      if (list) list.push(r);
      else idx.set(r.iso2, [r]);
    }
    for (const list of idx.values()) list.sort((a, b) => b.reportYear - a.reportYear);
    indexCache.set(table, idx);
  }
  return idx;
}

/** Rows naming the country, newest report first (empty when not named). */
export function countryContextFor(
  iso2: string,
  table: CountryContextTable = DEFAULT_COUNTRY_CONTEXT,
): readonly CountryContextRow[] {
  return indexOf(table).get(iso2.toUpperCase()) ?? [];
}
