/**
 * The audit search's plans on a large generated log (docs/audit-search.md): the search's own statement
 * (services/audit-search.ts#auditSearchQuery) for a date range, an office, and both, run with EXPLAIN
 * (ANALYZE, BUFFERS) without and with the index `audit_at` (migration 0050), back to back in one run.
 *
 *   npx tsx scripts/gen-cases-sql.ts postgres://postgres@127.0.0.1:5432/a_scratch_database 2000
 *   npx tsx bench/audit-search-plans.ts postgres://postgres@127.0.0.1:5432/a_scratch_database [--entries 1000000]
 *
 * The log is filled in the database (one INSERT … SELECT generate_series), one entry a minute up to now
 * (1,000,000 entries: about 23 months), spread over
 * the cases (their offices as gen-cases-sql spreads them: two large offices, 22 smaller ones), one in ten
 * about no case. Its hashes are not a chain: a scratch database only. The index is dropped and created again
 * by the script; it is left in place at the end.
 */
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import { type AuditQuery, auditSearchQuery } from '../src/services/audit-search.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const { values, positionals } = parseArgs({
  options: { entries: { type: 'string', default: '1000000' } },
  allowPositionals: true,
});
const url = positionals[0];
if (!url)
  throw new Error('Give the URL of a scratch PostgreSQL database filled by scripts/gen-cases-sql.ts.');
const wanted = Number(values.entries);
const d = await openDatabase({ databaseUrl: url, poolSize: 2 });
const db = d.db;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The scans of a plan: "Index Scan Backward on audit_log_pkey", with the rows each read (kept and removed). */
function scans(n: PlanNode, out: string[] = []): string[] {
  if (/Scan/.test(n['Node Type']) && n['Node Type'] !== 'Subquery Scan') {
    const read = ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 1);
    out.push(
      `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}: ${read.toLocaleString('en')} rows`,
    );
  }
  for (const c of n.Plans ?? []) scans(c, out);
  return out;
}

async function explain(q: AuditQuery, officeId: string | null) {
  const compiled = auditSearchQuery(db, q, { caseId: null, officeId }).compile();
  const res = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
    CompiledQuery.raw(`explain (analyze, buffers, format json) ${compiled.sql}`, [...compiled.parameters]),
  );
  const plan = res.rows[0]!['QUERY PLAN'][0]!;
  return { ms: plan['Execution Time'], scans: scans(plan.Plan) };
}

try {
  await migrateToLatest(db);
  const { n: cases } = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(cases) === 0) throw new Error('No cases: run scripts/gen-cases-sql.ts on this database first.');
  const have = Number(
    (
      await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (have < wanted) {
    const t0 = performance.now();
    await sql`
      with c as (select array_agg(id order by id) as ids, count(*)::int as n from cases),
           s as (select coalesce(max(seq), 0) as s from audit_log)
      insert into audit_log (seq, at, actor_id, actor_username, actor_role, action, outcome, entity_type,
                             entity_id, case_id, detail, prev_hash, hash)
      select s.s + g,
             date_trunc('minute', now()) - (${wanted - have}::int - g) * interval '1 minute',
             null, 'officer', 'officer',
             (array['case.read', 'case.update', 'review.record', 'screening.run', 'liaison.request'])[1 + g % 5],
             case when g % 50 = 0 then 'denied' else 'ok' end,
             'case', null,
             case when g % 10 = 0 then null else c.ids[1 + (g::bigint * 7919) % c.n] end,
             '{}'::jsonb, 'generated', 'generated-' || (s.s + g)
      from generate_series(1, ${wanted - have}::int) g, c, s`.execute(db);
    await sql`analyze audit_log`.execute(db);
    console.log(
      `generated ${(wanted - have).toLocaleString('en')} entries in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
  const span = await sql<{ first: Date; last: Date; n: string }>`
    select min(at) as first, max(at) as last, count(*) as n from audit_log`.execute(db);
  const { first, last, n } = span.rows[0]!;
  const offices = await sql<{ office_id: string; entries: string }>`
    select c.office_id, count(*) as entries from audit_log l join cases c on c.id = l.case_id
    group by c.office_id order by count(*) desc`.execute(db);
  const big = offices.rows[0]!;
  const small = offices.rows[offices.rows.length - 1]!;
  console.log(
    `log: ${Number(n).toLocaleString('en')} entries, ${first.toISOString().slice(0, 10)} to ${last.toISOString().slice(0, 10)}; ${offices.rows.length} offices, the largest ${big.office_id} (${Number(big.entries).toLocaleString('en')} entries), the smallest ${small.office_id} (${Number(small.entries).toLocaleString('en')})`,
  );

  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const yearBack = last.getTime() - 365 * 86_400_000;
  const limit = 50;
  const cases_: Array<{ name: string; q: AuditQuery; office: string | null }> = [
    { name: 'one day a year back', q: { from: day(yearBack), to: day(yearBack), limit }, office: null },
    {
      name: 'one month a year back',
      q: { from: day(yearBack), to: day(yearBack + 30 * 86_400_000), limit },
      office: null,
    },
    { name: 'the last 7 days', q: { from: day(last.getTime() - 6 * 86_400_000), limit }, office: null },
    { name: `office ${big.office_id} (largest)`, q: { limit }, office: big.office_id },
    { name: `office ${small.office_id} (smallest)`, q: { limit }, office: small.office_id },
    { name: 'an office with no case', q: { limit }, office: 'NOWHERE' },
    {
      name: `office ${small.office_id}, one month a year back`,
      q: { from: day(yearBack), to: day(yearBack + 30 * 86_400_000), limit },
      office: small.office_id,
    },
  ];
  const results: Record<
    string,
    { without?: Awaited<ReturnType<typeof explain>>; with?: Awaited<ReturnType<typeof explain>> }
  > = {};
  for (const phase of ['without', 'with'] as const) {
    if (phase === 'without') await sql`drop index if exists audit_at`.execute(db);
    else await sql`create index if not exists audit_at on audit_log (at)`.execute(db);
    await sql`analyze audit_log`.execute(db);
    for (const c of cases_) {
      await explain(c.q, c.office); // once to warm the cache, then measured
      const entry = results[c.name] ?? {};
      entry[phase] = await explain(c.q, c.office);
      results[c.name] = entry;
    }
  }
  for (const c of cases_) {
    const r = results[c.name]!;
    console.log(`\n${c.name}:`);
    console.log(`  without audit_at: ${r.without!.ms.toFixed(1)} ms — ${r.without!.scans.join('; ')}`);
    console.log(`  with audit_at:    ${r.with!.ms.toFixed(1)} ms — ${r.with!.scans.join('; ')}`);
    console.log(`  with / without: ${(r.with!.ms / r.without!.ms).toFixed(3)}`);
  }
} finally {
  await d.close();
}
