/**
 * Country context: DATA. Countries named for misuse of INTERPOL in the U.S. State Department's Country
 * Reports on Human Rights Practices (section on transnational repression / politically motivated
 * reprisal abroad), as compiled by Red Notice Monitor (interpol-rules.md §4). U.S. government works are
 * in the public domain (17 U.S.C. § 105).
 *
 * `verified: false` marks rows taken from the secondary compilation and not yet checked line by line
 * against the report itself (interpol-rules.md §4 asks for that check before relying on a row). Codes
 * are ISO 3166-1 alpha-2 as given in the compilation.
 *
 * Used ONLY by the contextual indicator CTX_COUNTRY_PATTERN; never a reason on its own.
 */

export interface CountryContextRow {
  iso2: string;
  /** Report edition (the year the report covers). */
  reportYear: number;
  report: string;
  statement: string;
  url: string;
  /** The secondary source the row was compiled from. */
  compiledFrom: string;
  verified: boolean;
}

export const COUNTRY_CONTEXT_VERSION = '2026.1';

const COMPILATION =
  'https://rednoticemonitor.com/conflicting-accounts-on-interpol-abuse-comparing-us-government-reports/';

const REPORTS: Record<number, { title: string; url: string; countries: string[] }> = {
  2020: {
    title: '2020 Country Reports on Human Rights Practices (U.S. Department of State)',
    url: 'https://www.state.gov/reports/2020-country-reports-on-human-rights-practices/',
    countries: ['BH', 'BJ', 'CI', 'EC', 'IR', 'KZ', 'NI', 'CN', 'RU', 'TJ', 'TR'],
  },
  2021: {
    title: '2021 Country Reports on Human Rights Practices (U.S. Department of State)',
    url: 'https://www.state.gov/reports/2021-country-reports-on-human-rights-practices/',
    countries: ['AZ', 'BJ', 'KZ', 'ME', 'NI', 'RU', 'SA', 'TJ', 'TR'],
  },
  2022: {
    title: '2022 Country Reports on Human Rights Practices (U.S. Department of State)',
    url: 'https://www.state.gov/reports/2022-country-reports-on-human-rights-practices/',
    countries: ['BY', 'CI', 'EC', 'GW', 'IR', 'ME', 'CN', 'RU', 'SA', 'TJ', 'TR', 'VE'],
  },
  2023: {
    title: '2023 Country Reports on Human Rights Practices (U.S. Department of State)',
    url: 'https://www.state.gov/reports/2023-country-reports-on-human-rights-practices/',
    countries: ['BY', 'NI', 'CN', 'RU', 'SR', 'TR', 'VE'],
  },
};

export const COUNTRY_CONTEXT_ROWS: readonly CountryContextRow[] = Object.entries(REPORTS).flatMap(
  ([year, r]) =>
    r.countries.map((iso2) => ({
      iso2,
      reportYear: Number(year),
      report: r.title,
      statement: `The ${year} report names this country among governments reported to have misused INTERPOL Red Notices or diffusions to pursue people abroad (as compiled by Red Notice Monitor).`,
      url: r.url,
      compiledFrom: COMPILATION,
      verified: false,
    })),
);
