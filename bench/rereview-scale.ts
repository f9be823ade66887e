/**
 * The re-review queue and the oversight report at size, on PostgreSQL: N synthetic cases written with
 * generate_series (the triggers of migration 0021 keep the queue key as they would for any writer), then the
 * first page of the queue, a page deep down, "take next", and the report, each timed, with `select count(*)
 * from cases` as the baseline measured in the same run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDLINE_BENCH_CASES=100000 npx tsx bench/rereview-scale.ts
 */
import { sql } from 'kysely';
import pg from 'pg';
import { syntheticApp } from '../scripts/synthetic-key.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { callAsUser, systemActor } from '../src/services/context.ts';
import { reportFigures } from '../src/services/report/oversight.ts';
import { listRereviewQueue } from '../src/services/rereview/list.ts';
import { takeNextCase } from '../src/services/rereview/take.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const N = Number(process.env.REDLINE_BENCH_CASES ?? 100_000);
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = 'redline_review_bench';

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`drop database if exists ${name}`);
await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(server);
url.pathname = `/${name}`;
const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
try {
  await migrateToLatest(d.db);
  const app = syntheticApp(d);
  await seedDemo({ app, actor: systemActor('bench'), meta: { requestId: null, sourceIp: null } });
  const officer = (
    await d.db.selectFrom('users').select('id').where('username', '=', 'officer').executeTakeFirstOrThrow()
  ).id;
  const t0 = performance.now();
  await sql`insert into persons (id, family_name, created_by, created_at, updated_at)
    select md5('p' || g)::uuid, 'BENCH-' || g, ${officer}::uuid, now(), now() from generate_series(1, ${N}) g`.execute(
    d.db,
  );
  await sql`insert into notices (id, type, interpol_ref, issuing_country, status, created_by, created_at, updated_at)
    select md5('n' || g)::uuid, 'red_notice', 'B/' || g, (array['RU','TR','CN','FR','VE','EG'])[1 + g % 6],
      case when g % 7 = 0 then 'withdrawn' else 'valid' end, ${officer}::uuid, now(), now()
    from generate_series(1, ${N}) g`.execute(d.db);
  await sql`insert into cases (id, case_number, person_id, purpose, office_id, assigned_officer_id, created_by, status,
      custody_status, in_proceedings, created_at, updated_at)
    select md5('c' || g)::uuid, 'B-' || g, md5('p' || g)::uuid, 'law_enforcement_action',
      case when g % 3 = 0 then 'MIA' else 'NYC' end, ${officer}::uuid, ${officer}::uuid,
      (array['open','authorized','closed'])[1 + g % 3],
      case when g % 11 = 0 then 'in_custody' else 'not_in_custody' end, g % 5 = 0,
      now() - (g % 1000) * interval '1 day', now()
    from generate_series(1, ${N}) g`.execute(d.db);
  await sql`insert into case_notices (case_id, notice_id, added_at)
    select md5('c' || g)::uuid, md5('n' || g)::uuid, now() from generate_series(1, ${N}) g`.execute(d.db);
  await sql`insert into screenings (id, case_id, ruleset_version, country_context_version, inputs_digest, results, trigger, created_at)
    select md5('s' || g)::uuid, md5('c' || g)::uuid, 'bench', 'bench', 'x',
      jsonb_build_object('summary', jsonb_build_object(
        'strongPresent', case when g % 13 = 0 then '["IND_PROFILE_DISSIDENT"]'::jsonb else '[]'::jsonb end,
        'contextualPresent', case when g % 4 = 0 then '["IND_CTX"]'::jsonb else '[]'::jsonb end),
        'offenceCategories', jsonb_build_array(jsonb_build_object('category', (array['fraud','corruption','violent_crime'])[1 + g % 3]))),
      'manual', now()
    from generate_series(1, ${N}) g`.execute(d.db);
  await sql`insert into disclosures (id, case_id, served_at, method, recipient, language, restricted, contest_deadline, recorded_by, recorded_at)
    select md5('d' || g)::uuid, md5('c' || g)::uuid, now(), 'in_person', 'p', 'en', false, now(), ${officer}::uuid, now()
    from generate_series(1, ${N}) g where g % 2 = 0`.execute(d.db);
  await sql`analyze`.execute(d.db);
  const loadSeconds = (performance.now() - t0) / 1000;

  const time = async (label: string, fn: () => Promise<unknown>, runs = 5) => {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    return { label, medianMs: Math.round(ms[Math.floor(ms.length / 2)]! * 10) / 10 };
  };
  const auditor = await callAsUser(app, 'auditor');
  const reviewer = await callAsUser(app, 'supervisor2');
  const baseline = await time('select count(*) from cases', () =>
    sql`select count(*) from cases`.execute(d.db),
  );
  const first = await time('queue, first page of 50 (auditor, every office)', () =>
    listRereviewQueue(auditor, { limit: 50 }),
  );
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++)
    cursor = (await listRereviewQueue(auditor, { limit: 50, cursor })).next ?? undefined;
  const deep = await time('queue, page 21 of 50 (keyset)', () =>
    listRereviewQueue(auditor, { limit: 50, cursor }),
  );
  const take = await time('take next (supervisor2, NYC)', () => takeNextCase(reviewer));
  const report = await time(
    'oversight report, whole period, every office',
    () => reportFigures(d.db, { from: '2020-01-01', to: '2030-12-31' }, new Date()),
    3,
  );
  const load = (await import('node:os')).loadavg();
  console.log(
    JSON.stringify(
      {
        cases: N,
        loadSeconds: Math.round(loadSeconds),
        loadavg: load.map((x) => x.toFixed(1)),
        results: [baseline, first, deep, take, report],
      },
      null,
      2,
    ),
  );
} finally {
  await d.close();
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`drop database if exists ${name}`);
  await c.end();
}
