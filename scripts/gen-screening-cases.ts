/**
 * Fills a PostgreSQL database with N stored cases for the bulk re-screening measurement:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npx tsx scripts/gen-screening-cases.ts [--cases 1000000] [--db redline_rescreen_1m]
 *
 * The database is dropped and created again (its name must contain `rescreen`), migrated, seeded with
 * the demo offices and accounts, then filled in chunks of 10,000 cases with multi-row inserts from
 * arrays (`insert … select from unnest(…)`): a person, a Red Notice from one of 16 countries with one to
 * three warrants whose charge texts come from the realistic generator (bench/charge-texts.ts: most texts
 * distinct, words from the charge vocabulary of the covered languages), a summary of facts on a third of
 * them, spread over the offices and states. No screening is stored: the cases are as a legacy import
 * leaves them, so the first re-screening computes and stores every screening.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { chargeTexts, rng } from '../bench/charge-texts.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { systemActor } from '../src/services/context.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { syntheticApp } from './synthetic-key.ts';

const CHUNK = 10_000;

const COUNTRIES = [
  'RU',
  'TR',
  'CN',
  'IN',
  'MX',
  'CO',
  'DE',
  'FR',
  'VE',
  'TJ',
  'AE',
  'BR',
  'NG',
  'KZ',
  'ES',
  'IR',
];
const SUMMARIES = [
  'On 3 March 2019 in the city centre the person, acting with others, took part in an unauthorised rally.',
  'Between 2015 and 2017 the person, as director, issued false invoices and laundered the proceeds.',
  'The person is accused of membership of an organisation the authorities call extremist.',
  'In May 2021 the person shot the victim during a robbery at a petrol station.',
];

/** Creates the database `DB` on the server of `serverUrl` with N cases; returns its address. */
export async function generateScreeningCases(
  serverUrl: string,
  DB: string,
  N: number,
  log: (line: string) => void = () => {},
): Promise<string> {
  if (!/^[a-z0-9_]*rescreen[a-z0-9_]*$/.test(DB))
    throw new Error('The database name must contain "rescreen".');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${DB}`);
  await admin.query(`create database ${DB}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${DB}`;
  const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  await migrateToLatest(d.db);
  const app = syntheticApp(d);
  await seedDemo({ app, actor: systemActor('generator'), meta: { requestId: null, sourceIp: null } });
  const offices = (await d.db.selectFrom('offices').select('id').execute()).map((o) => o.id);
  const officer = await d.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'officer')
    .executeTakeFirstOrThrow();
  await d.close();

  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const r = rng(20261129);
  const texts = chargeTexts(20261129);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const t0 = Date.now();
  const now = new Date().toISOString();
  for (let start = 0; start < N; start += CHUNK) {
    const n = Math.min(CHUNK, N - start);
    const persons: string[] = [];
    const names: string[] = [];
    const nats: string[] = [];
    const notices: string[] = [];
    const refs: string[] = [];
    const countries: string[] = [];
    const issued: string[] = [];
    const expires: string[] = [];
    const summaries: Array<string | null> = [];
    const cases: string[] = [];
    const numbers: string[] = [];
    const officeIds: string[] = [];
    const states: string[] = [];
    const w = {
      id: [] as string[],
      notice: [] as string[],
      pos: [] as number[],
      charge: [] as string[],
      pen: [] as Array<number | null>,
      abs: [] as boolean[],
    };
    for (let i = 0; i < n; i++) {
      const k = start + i;
      const country = pick(COUNTRIES);
      persons.push(randomUUID());
      names.push(`Legacy${k}`);
      nats.push(JSON.stringify([country]));
      const notice = randomUUID();
      notices.push(notice);
      refs.push(`L${String(k).padStart(7, '0')}`);
      countries.push(country);
      const y = 2008 + Math.floor(r() * 18);
      issued.push(`${y}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`);
      expires.push(`${y + 5}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`);
      summaries.push(r() < 0.33 ? pick(SUMMARIES) : null);
      cases.push(randomUUID());
      numbers.push(`LEG-${String(k).padStart(7, '0')}`);
      officeIds.push(pick(offices));
      states.push(r() < 0.8 ? 'open' : r() < 0.5 ? 'authorized' : 'closed');
      const warrants = r() < 0.7 ? 1 : r() < 0.7 ? 2 : 3;
      for (let p = 1; p <= warrants; p++) {
        w.id.push(randomUUID());
        w.notice.push(notice);
        w.pos.push(p);
        w.charge.push(texts.next());
        w.pen.push(r() < 0.85 ? 6 + Math.floor(r() * 234) : null);
        w.abs.push(r() < 0.2);
      }
    }
    await client.query('begin');
    await client.query(
      `insert into persons (id, family_name, nationalities, created_by, created_at, updated_at)
       select p, f, n::jsonb, $4, $5, $5 from unnest($1::uuid[], $2::text[], $3::text[]) as t(p, f, n)`,
      [persons, names, nats, officer.id, now],
    );
    await client.query(
      `insert into notices (id, type, interpol_ref, issuing_country, issued_on, expires_on, purpose, status,
         summary_of_facts, person_id, created_by, created_at, updated_at)
       select id, 'red_notice', ref, c, i::date, e::date, 'prosecution', 'valid', s, p, $8, $9, $9
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[])
         as t(id, ref, c, i, e, s, p)`,
      [notices, refs, countries, issued, expires, summaries, persons, officer.id, now],
    );
    await client.query(
      `insert into notice_warrants (id, notice_id, position, kind, charge, max_penalty_months, in_absentia)
       select id, nid, pos, 'arrest_warrant', ch, pen, ab
       from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::bool[]) as t(id, nid, pos, ch, pen, ab)`,
      [w.id, w.notice, w.pos, w.charge, w.pen, w.abs],
    );
    await client.query(
      `insert into cases (id, case_number, person_id, purpose, office_id, assigned_officer_id, created_by,
         status, created_at, updated_at)
       select id, num, p, 'law_enforcement_action', o, $6, $6, st, $7, $7
       from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[]) as t(id, num, p, o, st)`,
      [cases, numbers, persons, officeIds, states, officer.id, now],
    );
    await client.query(
      `insert into case_notices (case_id, notice_id, added_at)
       select c, n, $3 from unnest($1::uuid[], $2::uuid[]) as t(c, n)`,
      [cases, notices, now],
    );
    await client.query('commit');
    const done = start + n;
    if (done % 100_000 === 0 || done === N)
      process.stderr.write(
        `  ${done.toLocaleString('en-US')} cases (${Math.round(done / ((Date.now() - t0) / 1000))} cases/s)\n`,
      );
  }
  await client.query('analyze');
  await client.end();
  log(`${N.toLocaleString('en-US')} cases in ${DB} (${((Date.now() - t0) / 1000).toFixed(0)} s).`);
  return url.toString();
}

const isMain = process.argv[1]?.endsWith('gen-screening-cases.ts');
if (isMain) {
  const args = process.argv.slice(2);
  const arg = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
  };
  generateScreeningCases(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    arg('db', 'redline_rescreen_1m'),
    Number(arg('cases', '1000000')),
    (l) => process.stderr.write(`${l}\n`),
  ).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
