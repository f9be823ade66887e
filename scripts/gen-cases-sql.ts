/**
 * Fills a PostgreSQL database with N synthetic cases, fast: every table is filled by one
 * `INSERT … SELECT generate_series` in the database (no round trip per row). Used by the read benchmarks
 * (bench/reads.bench.ts) and by hand:
 *
 *   npx tsx scripts/gen-cases-sql.ts postgres://postgres@127.0.0.1:5432/redline_reads_1m 1000000
 *
 * The database is created when missing, migrated, and given the demo accounts and offices; then N cases
 * with their persons, notices (issuing countries spread as in practice: a few countries issue most
 * notices), offices (two large demo offices and 22 more of decreasing size, 50 officers each), states
 * (about 70 % open, 12 % authorized, 18 % closed), pending requests to INTERPOL Washington, re-review tasks,
 * reviews with indicators, contests, and each case's stored gate status (open cases blocked by the gates
 * an open case is typically blocked by), a screening per case (the summary and offence categories the
 * oversight report counts, about 2 KB of JSON), a first authorization for authorized and closed cases,
 * re-review outcomes, and the oversight report's per-case facts (filled by one set-based statement, with
 * their triggers off during the bulk inserts). Cases already there are kept: it adds up to N.
 */
import pg from 'pg';
import { seedDemo } from '../src/demo/seed.ts';
import { systemActor } from '../src/services/context.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { syntheticApp } from './synthetic-key.ts';

const OFFICES = [
  'NYC',
  'MIA',
  'LAX',
  'HOU',
  'CHI',
  'ATL',
  'DAL',
  'SFR',
  'NEW',
  'PHI',
  'BOS',
  'SEA',
  'DEN',
  'DET',
  'PHO',
  'SNA',
  'ELP',
  'SLC',
  'BAL',
  'WAS',
  'NOL',
  'SPM',
  'BUF',
  'SDC',
];
// Slots per office out of 100: the first offices are the largest.
const OFFICE_WEIGHTS = [18, 12, 8, 7, 6, 5, 5, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2];
// Issuing countries out of 100 slots (a few issue most notices).
const COUNTRIES: Array<[string, number]> = [
  ['RU', 14],
  ['TR', 10],
  ['CN', 8],
  ['VE', 7],
  ['EG', 6],
  ['IN', 6],
  ['AE', 5],
  ['TJ', 4],
  ['KZ', 4],
  ['BY', 4],
  ['MX', 4],
  ['CO', 3],
  ['BR', 3],
  ['AR', 3],
  ['UA', 3],
  ['PK', 3],
  ['NG', 2],
  ['SA', 2],
  ['FR', 2],
  ['DE', 2],
  ['UZ', 2],
  ['AZ', 2],
  ['IR', 1],
  ['GB', 1],
];
const FAMILY = [
  'Karimov',
  'Ivanova',
  'Yilmaz',
  'Wang',
  'Rodriguez',
  'Haddad',
  'Sharma',
  'Nazarov',
  'Petrov',
  'Garcia',
  'Kaya',
  'Li',
  'Mendoza',
  'Mansour',
  'Gupta',
  'Sultanov',
  'Novak',
  'Silva',
];
const GIVEN = ['Alisher', 'Olga', 'Mehmet', 'Wei', 'Maria', 'Omar', 'Priya', 'Rustam', 'Dmitri', 'Ana'];

const expand = (pairs: Array<[string, number]>) => pairs.flatMap(([v, n]) => Array<string>(n).fill(v));
const arr = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

export async function generateCases(databaseUrl: string, n: number, log = console.error): Promise<void> {
  const url = new URL(databaseUrl);
  const dbName = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [dbName]);
  if (exists.rowCount === 0) await admin.query(`create database "${dbName}"`);
  await admin.end();

  const d = await openDatabase({ databaseUrl, poolSize: 1 });
  await migrateToLatest(d.db);
  const app = syntheticApp(d);
  await seedDemo({ app, actor: systemActor('generator'), meta: { requestId: null, sourceIp: null } });
  await d.close();

  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('set synchronous_commit = off');
    await fillCases(
      async (text) => (await c.query(text)).rowCount ?? 0,
      n,
      log,
      async (text) => String((await c.query(text)).rows[0].v),
    );
  } finally {
    await c.end();
  }
}

/**
 * Adds generated cases up to `n` through `exec` (one SQL statement at a time; returns the rows written):
 * the same statements on PostgreSQL and on PGlite. The demo accounts and offices must exist.
 */
export async function fillCases(
  exec: (text: string) => Promise<number>,
  n: number,
  log: (line: string) => void = console.error,
  queryOne: ((text: string) => Promise<string>) | null = null,
): Promise<void> {
  const one = queryOne ?? (async () => '0');
  const q = async (label: string, text: string) => {
    const t0 = Date.now();
    const rows = await exec(text);
    log(`  ${label}: ${rows} rows, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  const have = Number(await one(`select count(*)::text as v from cases where case_number like 'RL-GEN-%'`));
  const from = have + 1;
  const to = n;
  if (from > to) {
    log(`  ${have} generated cases already there`);
    return;
  }
  const officeSlots = arr(OFFICES.flatMap((o, i) => Array<string>(OFFICE_WEIGHTS[i]!).fill(o)));
  const countrySlots = arr(expand(COUNTRIES));
  const officer = await one(`select id::text as v from users where username = 'officer'`);
  await q(
    'offices',
    `insert into offices (id, name) select o, o || ' Field Office (synthetic)' from unnest(${arr(OFFICES)}) o
     on conflict (id) do nothing`,
  );
  // 50 officers per office, ids derived from the office and number (md5 → uuid) so cases can name them.
  await q(
    'officers',
    `insert into users (id, username, display_name, email, role, office_id, password_hash)
     select md5('officer-' || o || '-' || k)::uuid, 'gen.officer.' || lower(o) || '.' || k,
            'Officer ' || k || ' (' || o || ')', null, 'officer', o, u.password_hash
     from unnest(${arr(OFFICES)}) o cross join generate_series(0, 49) k
     cross join (select password_hash from users where username = 'officer') u
     on conflict (username) do nothing`,
  );
  await q(
    'training',
    `insert into training_records (id, user_id, course, completed_at, recorded_by, recorded_via)
     select md5('training-' || u.id)::uuid, u.id, 'INTERPOL notices annual training',
            now() - ((abs(hashtext(u.id::text)) % 400) || ' days')::interval, '${officer}', 'import'
     from users u where u.username like 'gen.officer.%' on conflict (id) do nothing`,
  );
  const series = `generate_series(${from}, ${to}) i`;
  // The report's per-case facts are filled once at the end (set-based), not by a trigger per statement.
  for (const [table, trigger] of REPORT_FACT_TRIGGERS)
    await exec(`alter table ${table} disable trigger ${trigger}`);
  // The office of case i, its officer and issuing country, all derived from i.
  const office = `(${officeSlots})[(1 + (i::bigint * 7919) % 100)::int]`;
  await q(
    'persons',
    `insert into persons (id, family_name, given_names, nationalities, dates_of_birth, languages, created_by, created_at, updated_at)
     select md5('p' || i)::uuid, (${arr(FAMILY)})[(1 + i % ${FAMILY.length})::int] || '-' || i,
            (${arr(GIVEN)})[(1 + (i / 7) % ${GIVEN.length})::int],
            jsonb_build_array((${countrySlots})[(1 + (i * 31) % 100)::int]),
            jsonb_build_array(make_date((1950 + i % 50)::int, (1 + i % 12)::int, (1 + i % 28)::int)::text),
            '["en"]', '${officer}', now() - ((i % 2000) || ' days')::interval, now()
     from ${series}
     on conflict do nothing`,
  );
  await q(
    'notices',
    `insert into notices (id, type, interpol_ref, issuing_country, issued_on, expires_on, purpose, status, person_id, created_by, created_at, updated_at)
     select md5('n' || i)::uuid, 'red_notice', 'GEN/' || i, (${countrySlots})[(1 + (i * 31) % 100)::int],
            (current_date - (i % 3000))::date, (current_date - (i % 3000) + 1825)::date,
            case when i % 5 = 0 then 'sentence' else 'prosecution' end,
            case when i % 23 = 0 then 'cancelled' when i % 41 = 0 then 'withdrawn' else 'valid' end,
            md5('p' || i)::uuid, '${officer}', now() - ((i % 2000) || ' days')::interval, now()
     from ${series}
     on conflict do nothing`,
  );
  await q(
    'cases',
    `insert into cases (id, case_number, person_id, purpose, office_id, assigned_officer_id, created_by, status, custody_status, in_proceedings, created_at, updated_at, closed_at)
     select md5('c' || i)::uuid, 'RL-GEN-' || lpad(i::text, 8, '0'), md5('p' || i)::uuid,
            case when i % 3 = 0 then 'immigration_proceedings' else 'law_enforcement_action' end,
            ${office}, md5('officer-' || ${office} || '-' || (i % 50))::uuid,
            md5('officer-' || ${office} || '-' || ((i / 50) % 50))::uuid,
            case when i % 100 < 70 then 'open' when i % 100 < 82 then 'authorized' else 'closed' end,
            case when i % 9 = 0 then 'in_custody' else 'not_in_custody' end, i % 3 = 0,
            now() - ((i % 2000) || ' days')::interval - ((i % 1440) || ' minutes')::interval, now(),
            case when i % 100 >= 82 then now() - ((i % 300) || ' days')::interval end
     from ${series}
     on conflict do nothing`,
  );
  await q(
    'case_notices',
    `insert into case_notices (case_id, notice_id, added_at)
     select md5('c' || i)::uuid, md5('n' || i)::uuid, now() - ((i % 2000) || ' days')::interval from ${series}
     on conflict do nothing`,
  );
  await q(
    'liaison_requests (pending, about 25 % of cases)',
    `insert into liaison_requests (id, case_id, notice_id, kind, status, requested_by, requested_at, due_at)
     select md5('l' || i)::uuid, md5('c' || i)::uuid, md5('n' || i)::uuid,
            case when i % 2 = 0 then 'validity' else 'documentation' end,
            case when i % 100 < 70 then 'pending' else 'answered' end, '${officer}',
            now() - ((i % 60) || ' days')::interval, now() - ((i % 60) || ' days')::interval + interval '14 days'
     from ${series} where i % 4 = 1
     on conflict do nothing`,
  );
  await q(
    'tasks (re-review, about 5 % of cases)',
    `insert into tasks (id, case_id, kind, reason, priority, status, created_at, due_at)
     select md5('t' || i)::uuid, md5('c' || i)::uuid, 're_review', 'The notice changed: review the reliance on it again.',
            1 + i % 3, case when i % 3 = 0 then 'done' else 'open' end,
            now() - ((i % 90) || ' days')::interval, now() - ((i % 90) || ' days')::interval + interval '30 days'
     from ${series} where i % 20 = 3
     on conflict do nothing`,
  );
  await q(
    'contests (about 2 % of cases)',
    `insert into contests (id, case_id, filed_at, filed_by, grounds, received_by, decision, recorded_at)
     select md5('k' || i)::uuid, md5('c' || i)::uuid, now() - ((i % 200) || ' days')::interval,
            'the person', 'The person contests the notice as political.', '${officer}',
            case when i % 3 = 0 then null when i % 3 = 1 then 'sustained' else 'not_sustained' end,
            now() - ((i % 200) || ' days')::interval
     from ${series} where i % 50 = 7
     on conflict do nothing`,
  );
  // Documents received (recorded without a file, as the rows recorded before files could be stored), and
  // their service on the person for two cases in three of them: the queue of documents to disclose then
  // holds about one case in ten, and the documents table three rows for every ten cases.
  await q(
    'documents (about 30 % of cases)',
    `insert into documents (id, case_id, notice_id, kind, title, language, received_at, recorded_by)
     select md5('d' || i)::uuid, md5('c' || i)::uuid, md5('n' || i)::uuid,
            case when i % 2 = 0 then 'arrest_warrant' else 'judgment' end, 'Document received for case ' || i,
            'ru', now() - ((i % 60) || ' days')::interval, '${officer}'
     from ${series} where i % 10 between 1 and 3
     on conflict do nothing`,
  );
  await q(
    'disclosures (about 20 % of cases)',
    `insert into disclosures (id, case_id, served_at, method, recipient, language, document_ids, contest_deadline, recorded_by, recorded_at)
     select md5('x' || i)::uuid, md5('c' || i)::uuid, now() - ((i % 50) || ' days')::interval, 'in_person',
            'the person', 'ru', jsonb_build_array(md5('d' || i)::uuid::text),
            now() - ((i % 50) || ' days')::interval + interval '30 days', '${officer}', now() - ((i % 50) || ' days')::interval
     from ${series} where i % 10 between 1 and 2
     on conflict do nothing`,
  );
  // Completed reviews (by another officer of the office) for the cases authorized or closed, and for the open
  // cases that wait only on a supervisor's approval (their gate status below); approvals for the authorized
  // and closed cases. So the queue of cases awaiting approval holds about one case in ten.
  await q(
    'reviews (about 40 % of cases)',
    `insert into reviews (id, case_id, reviewer_id, status, indicators, ruleset_version, summary, started_at, completed_at)
     select md5('r' || i)::uuid, md5('c' || i)::uuid, md5('officer-' || ${office} || '-' || ((i + 7) % 50))::uuid,
            'complete',
            -- Three reviews in twenty confirm a strong indicator of abuse (the dashboard counts them by country).
            case when i % 20 < 3 then jsonb_build_array(jsonb_build_object(
              'indicatorId', (${arr(INDICATORS)})[(1 + (i / 20) % ${INDICATORS.length})::int], 'strength', 'strong',
              'outcome', 'present', 'disposition', 'concern_confirmed',
              'note', 'The documents on file confirm it.')) else '[]'::jsonb end,
            'gen', 'Reviewed against the notice and the documents.',
            now() - ((i % 2000) || ' days')::interval + interval '1 day',
            now() - ((i % 2000) || ' days')::interval + interval '2 days'
     from ${series} where i % 100 >= 70 or (i % 100 < 70 and i % 7 = 2)
     on conflict do nothing`,
  );
  await q(
    'approvals (authorized and closed cases)',
    `insert into approvals (id, case_id, decision, rationale, approver_id, decided_at, case_version_hash, material)
     select md5('ap' || i)::uuid, md5('c' || i)::uuid, 'approved',
            'The review found no concern and the documentation supports the action.', '${officer}',
            now() - ((i % 2000) || ' days')::interval + interval '3 days', md5('v' || i),
            -- The material facts the decision was bound to (domain/case-version.ts), as the case stands.
            jsonb_build_object(
              'purpose', case when i % 3 = 0 then 'immigration_proceedings' else 'law_enforcement_action' end,
              'personId', md5('p' || i)::uuid,
              'notices', jsonb_build_array(jsonb_build_object(
                'interpolRef', 'GEN/' || i, 'type', 'red_notice',
                'issuingCountry', (${countrySlots})[(1 + (i * 31) % 100)::int],
                'purpose', case when i % 5 = 0 then 'sentence' else 'prosecution' end,
                'warrants', '[]'::jsonb, 'summaryOfFacts', null)),
              'independentBasis', jsonb_build_object('summary', '', 'evidence', '[]'::jsonb),
              'review', jsonb_build_object('status', 'complete', 'dispositions', '[]'::jsonb))
     from ${series} where i % 100 >= 70
     on conflict do nothing`,
  );
  // Stored gate status: what the evaluator says of such cases (an open case waits on its validity
  // confirmation, review, documentation or approval; authorized and closed cases as they were left).
  await q(
    'case_gate_status',
    `insert into case_gate_status (case_id, office_id, case_status, all_met, blocking, blocking_mask, gates, next_step, policy_version, evaluator_version, computed_at, stale_at)
     select md5('c' || i)::uuid, ${office},
            case when i % 100 < 70 then 'open' when i % 100 < 82 then 'authorized' else 'closed' end,
            i % 100 between 70 and 81, b.blocking, 0, '[]'::jsonb,
            case when cardinality(b.blocking) > 0 then 'Do what the first gate not met asks.' end, 1, 1, now(),
            case when i % 100 between 70 and 81 then now() + ((1 + i % 300) || ' days')::interval end
     from ${series}
     cross join lateral (select case when i % 100 between 70 and 81 then array[]::text[]
                                     when i % 7 = 0 then array['G-VALIDITY','G-REVIEW','G-APPROVAL']
                                     when i % 7 = 1 then array['G-REVIEW','G-DOCS-REQUESTED','G-APPROVAL']
                                     when i % 7 = 2 then array['G-APPROVAL']
                                     when i % 7 = 3 then array['G-VALIDITY']
                                     else array['G-VALIDITY','G-DOCS-REQUESTED','G-REVIEW','G-APPROVAL'] end as blocking) b
     on conflict (case_id) do nothing`,
  );
  // A screening per case: indicators found present (about 40 % of cases, more for a few countries) and
  // the offence categories read from the charges, plus a per-indicator result list as stored screenings have.
  const indSlots = arr(INDICATORS);
  const catSlots = arr(CATEGORIES);
  await q(
    'screenings',
    `insert into screenings (id, case_id, ruleset_version, country_context_version, inputs_digest, results, trigger, created_at)
     select md5('s' || i)::uuid, md5('c' || i)::uuid, 'gen', 'gen', md5('d' || i),
            jsonb_build_object(
              'summary', jsonb_build_object(
                'strongPresent', case when i % 5 < 2 then jsonb_build_array((${indSlots})[(1 + i % ${INDICATORS.length})::int]) else '[]'::jsonb end,
                'contextualPresent', case when i % 7 = 0 then jsonb_build_array((${indSlots})[(1 + (i / 3) % ${INDICATORS.length})::int]) else '[]'::jsonb end,
                'validityPresent', '[]'::jsonb,
                'undetermined', '[]'::jsonb),
              'offenceCategories', jsonb_build_array(
                jsonb_build_object('category', (${catSlots})[(1 + (i * 13) % ${CATEGORIES.length})::int],
                  'confidence', 1, 'firm', true, 'origin', 'charge_text', 'evidence', '[]'::jsonb)),
              'results', (select jsonb_agg(jsonb_build_object('id', x, 'status', 'absent', 'reasons', '[]'::jsonb,
                  'explanation', 'No sign of this indicator in the recorded facts.')) from unnest(${indSlots}) x)),
            'case_created', now() - ((i % 2000) || ' days')::interval
     from ${series}
     on conflict do nothing`,
  );
  await q(
    'authorizations (authorized and closed cases)',
    `insert into authorizations (id, case_id, purpose, authorized_by, authorized_at, case_version_hash, policy_version, gates, status)
     select md5('a' || i)::uuid, md5('c' || i)::uuid,
            case when i % 3 = 0 then 'immigration_proceedings' else 'law_enforcement_action' end, '${officer}',
            now() - ((i % 2000) || ' days')::interval + ((1 + i % 700) || ' hours')::interval, md5('v' || i), 1, '[]'::jsonb,
            case when i % 100 < 82 then 'active' else 'withdrawn' end
     from ${series} where i % 100 >= 70
     on conflict do nothing`,
  );
  await q(
    're-review outcomes (about 1 % of cases)',
    `insert into rereview_outcomes (id, case_id, outcome, reasons, reviewer_id, tier, recorded_at)
     select md5('o' || i)::uuid, md5('c' || i)::uuid,
            (array['no_action','authorization_withdrawn','release_recommended','referral_counsel','referral_oversight'])[(1 + i % 5)::int],
            'Reviewed against the current rules; see the case record.', '${officer}', 32, now() - ((i % 200) || ' days')::interval
     from ${series} where i % 100 = 11
     on conflict do nothing`,
  );
  await q('report facts', 'select redline_report_facts_fill()');
  for (const [table, trigger] of REPORT_FACT_TRIGGERS)
    await exec(`alter table ${table} enable trigger ${trigger}`);
  // As autovacuum would after the bulk load, in one go: statistics for the planner, and the visibility map
  // set so that index-only scans read no table page (without it the report's time to authorization read
  // the table for every entry of its index: 600 ms instead of under 50 at 1,000,000 cases).
  await q('vacuum analyze', 'vacuum analyze');
}

const REPORT_FACT_TRIGGERS: Array<[string, string]> = [
  ['cases', 'cases_report_facts_ins'],
  ['screenings', 'screenings_report_facts'],
  ['case_notices', 'case_notices_report_facts_ins'],
  ['authorizations', 'authorizations_report_facts_ins'],
];
const INDICATORS = [
  'IND_PROFILE_DISSIDENT',
  'IND_REFUGEE_FROM_ISSUING_STATE',
  'IND_DUE_PROCESS_OR_TORTURE',
  'IND_FOREIGN_POLITICAL_FINDING',
  'IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION',
  'IND_EVIDENCE_FABRICATION_SIGNS',
  'IND_EXTRAJUDICIAL_PURSUIT',
  'IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP',
  'IND_INSUFFICIENT_JUDICIAL_DATA',
  'IND_BELOW_PENALTY_THRESHOLD',
];
const CATEGORIES = [
  'fraud_economic',
  'property_crime',
  'drug_trafficking',
  'organised_crime',
  'political_speech',
  'private_dispute',
  'administrative_regulatory',
  'family_private',
  'sexual_offence',
  'behavioural_cultural',
];

const isMain = process.argv[1]?.endsWith('gen-cases-sql.ts');
if (isMain) {
  const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/redline_reads_1m';
  const n = Number(process.argv[3] ?? process.env.REDLINE_BENCH_CASES ?? 1_000_000);
  const t0 = Date.now();
  generateCases(url, n)
    .then(() => console.error(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
