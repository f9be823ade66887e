/**
 * Finding a case among 100,000 (GET /cases?q=…): fills an in-memory PGlite database (or DATABASE_URL with
 * REDLINE_BENCH_DB=postgres) with N cases in one office, their search terms, and times listCasesPage with a
 * name in another script, an A-number, a notice reference and a case number.
 *   npx tsx bench/search-100k.ts [N]
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { caseSearchTerms } from '../src/domain/name-search.ts';
import { listCasesPage } from '../src/services/case/list.ts';
import { type AppContext, callAsUser } from '../src/services/context.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const N = Number(process.argv[2] ?? 100_000);
const FAMILY = [
  'Karimov',
  'Rahimov',
  'Ivanova',
  'Petrov',
  'Al-Hassan',
  'Nguyen',
  'Garcia',
  'Kaya',
  'Varga',
  'Smith',
];
const GIVEN = ['Mukhammad', 'Мухаммад', 'Ali', 'Elena', 'Sergei', 'Omar', 'Maria', 'Elif', 'Teodor', 'John'];

const d =
  process.env.REDLINE_BENCH_DB === 'postgres' && process.env.DATABASE_URL
    ? await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 4 })
    : await openDatabase({ dataDir: 'memory://' });
await migrateToLatest(d.db);
const db = d.db;
const officer = randomUUID();
await sql`insert into offices (id, name) values ('BEN', 'Bench office') on conflict do nothing`.execute(db);
await sql`insert into users (id, username, display_name, role, office_id, password_hash)
  values (${officer}::uuid, ${`bench-${officer.slice(0, 6)}`}, 'Bench Officer', 'officer', 'BEN', 'x')`.execute(
  db,
);
await sql`insert into training_records (id, user_id, course, completed_at) values (${randomUUID()}::uuid, ${officer}::uuid, 'annual', now())`.execute(
  db,
);

const t0 = Date.now();
const BATCH = 2000;
// a PostgreSQL database filled by an earlier run is used again as it is (REDLINE_BENCH_REUSE=1)
const existing =
  process.env.REDLINE_BENCH_REUSE === '1'
    ? Number(
        (await sql<{ n: string }>`select count(*) as n from cases where office_id = 'BEN'`.execute(db))
          .rows[0]!.n,
      )
    : 0;
for (let start = Math.min(existing, N); start < N; start += BATCH) {
  const persons = [];
  const notices = [];
  const cases = [];
  const links = [];
  const terms: Array<{ case_id: string; term: string }> = [];
  for (let i = start; i < Math.min(N, start + BATCH); i++) {
    const pid = randomUUID();
    const nid = randomUUID();
    const cid = randomUUID();
    const family = FAMILY[i % FAMILY.length]!;
    const given = GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]!;
    const aNumber = `A${String(200_000_000 + i)}`;
    const ref = `2025/${String(i + 1)}`;
    const caseNumber = `RL-2025-${String(i + 1).padStart(6, '0')}`;
    const now = new Date();
    persons.push({
      id: pid,
      family_name: `${family}${i}`,
      given_names: given,
      a_number: aNumber,
      created_by: officer,
      created_at: now,
      updated_at: now,
    });
    notices.push({
      id: nid,
      type: 'red_notice',
      interpol_ref: ref,
      issuing_country: 'TJ',
      created_by: officer,
      created_at: now,
      updated_at: now,
    });
    cases.push({
      id: cid,
      case_number: caseNumber,
      person_id: pid,
      purpose: 'law_enforcement_action',
      office_id: 'BEN',
      assigned_officer_id: officer,
      created_by: officer,
      created_at: now,
      updated_at: now,
    });
    links.push({ case_id: cid, notice_id: nid, added_at: now });
    for (const term of caseSearchTerms({
      caseNumber,
      familyName: `${family}${i}`,
      givenNames: given,
      aliases: [],
      aNumber,
      noticeRefs: [ref],
    }))
      terms.push({ case_id: cid, term });
  }
  await db.insertInto('persons').values(persons).execute();
  await db.insertInto('notices').values(notices).execute();
  await db.insertInto('cases').values(cases).execute();
  await db.insertInto('case_notices').values(links).execute();
  for (let k = 0; k < terms.length; k += 5000)
    await db
      .insertInto('case_search_terms')
      .values(terms.slice(k, k + 5000))
      .execute();
}
// as autovacuum does after a bulk insert (it also sets the visibility map that index-only scans rely on)
await sql`vacuum analyze`.execute(db);
console.log(`${N} cases and their search terms written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const app: AppContext = { db, dbKind: d.kind, clock: () => new Date(), signer: null };
const call = await callAsUser(app, `bench-${officer.slice(0, 6)}`);
for (const q of [
  'Мухаммад Karimov',
  'Muhammad',
  'A200054321',
  '2025/54322',
  'RL-2025-054322',
  'Karimov54320',
]) {
  await listCasesPage(call, { q, limit: 10 }); // warm
  const runs: number[] = [];
  let total = 0;
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    total = (await listCasesPage(call, { q, limit: 10 })).total;
    runs.push(performance.now() - s);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `q=${JSON.stringify(q).padEnd(20)} matches ${String(total).padStart(6)}  median ${runs[2]!.toFixed(1)} ms`,
  );
}
await d.close();
