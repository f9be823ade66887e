/** The current country-context table and its versions. */
import type { CountryContextRow, CountryContextTable } from '../../domain/screening/index.ts';
import type { DbOrTrx } from '../../store/db.ts';

// ---------------------------------------------------------------------------
// Country context (DB, versioned).
// ---------------------------------------------------------------------------

/** The current country-context table: the latest version and every row not retired. */
export async function loadCountryContext(trx: DbOrTrx): Promise<CountryContextTable> {
  const v = await trx
    .selectFrom('country_context_versions')
    .select('version')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow(); // migration 0003 writes the first version
  const rows = await trx
    .selectFrom('country_context')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('iso2')
    .orderBy('report_year')
    .execute();
  return {
    version: v.version,
    rows: rows.map(
      (r): CountryContextRow => ({
        iso2: r.iso2,
        reportYear: r.report_year,
        report: r.report,
        statement: r.statement,
        url: r.url,
        compiledFrom: r.compiled_from,
        verified: r.verified,
      }),
    ),
  };
}

/** The next version after `v`: the last number goes up by one (2026.1 → 2026.2). */
export function nextVersion(v: string): string {
  const m = /^(.*?)(\d+)$/.exec(v);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${v}.1`;
}

export async function bumpCountryContextVersion(trx: DbOrTrx, by: string, note: string, now: Date) {
  const current = await loadCountryContext(trx);
  let version = nextVersion(current.version);
  // never reuse a version
  while (
    await trx
      .selectFrom('country_context_versions')
      .select('version')
      .where('version', '=', version)
      .executeTakeFirst()
  )
    version = nextVersion(version);
  await trx
    .insertInto('country_context_versions')
    .values({ version, note, created_by: by, created_at: now })
    .execute();
  return { from: current.version, to: version };
}
