import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../src/demo/cases.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import {
  diffScreenings,
  expandScreening,
  type ScreeningResult,
  screenCase,
} from '../../src/domain/screening/index.ts';
import { openCase } from '../../src/services/case/open.ts';
import { callAsUser } from '../../src/services/context.ts';
import { loadCountryContext } from '../../src/services/country-context/table.ts';
import {
  changeRescreenRun,
  getRescreenRun,
  listRescreenRuns,
  startRescreenRun,
} from '../../src/services/screening/bulk.ts';
import { rescreenBatch } from '../../src/services/screening/bulk-batch.ts';
import { RescreenWorker } from '../../src/services/screening/bulk-worker.ts';
import { screeningInputForCase } from '../../src/services/screening/input.ts';
import { rescreenCase } from '../../src/services/screening/rescreen.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

const CHARGES: Array<[string, string]> = [
  ['RU', 'Мошенничество в особо крупном размере (ст. 159 ч. 4 УК РФ)'],
  ['TR', 'Silahlı terör örgütü üyeliği; Cumhurbaşkanına hakaret'],
  ['CN', '组织、领导、参加恐怖组织罪'],
  ['FR', 'Fraud and forgery of invoices'],
  ['AE', 'إصدار شيك بدون رصيد'],
  ['VE', 'Traición a la patria; terrorismo'],
  ['TJ', 'Иштирок дар ташкилоти экстремистӣ'],
  ['MX', 'Homicidio calificado'],
];

async function latestOf(caseId: string) {
  return d.db
    .selectFrom('screenings')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  await seedDemoCases(t.system);
  const officer = await callAsUser(t.app, 'officer');
  for (let i = 0; i < 24; i++) {
    const [country, charge] = CHARGES[i % CHARGES.length]!;
    await openCase(officer, {
      purpose: 'law_enforcement_action',
      person: { languages: ['en'], familyName: `Bulk${i}`, nationalities: [country] },
      notice: {
        type: 'red_notice',
        interpolRef: `2024/${9000 + i}`,
        issuingCountry: country,
        issuedOn: '2023-01-10',
        expiresOn: '2029-01-01',
        purpose: 'prosecution',
        warrants: [
          {
            kind: 'arrest_warrant',
            charge: `${charge} ${i}`,
            maxPenaltyMonths: 12 + i * 5,
            inAbsentia: i % 3 === 0,
          },
        ],
      },
      independentBasis: {
        summary: 'Federal records show an overstay and a prior federal conviction.',
        evidence: [{ description: 'Arrival records', sourceType: 'federal_record', source: 'CBP' }],
      },
      narrative: 'Encountered at a routine check-in.',
    });
  }
}, 240_000);

afterAll(async () => {
  await d?.close();
});

describe('bulk re-screening', () => {
  it('refuses officers, bad filters and other offices plainly', async () => {
    await expect(startRescreenRun(await callAsUser(t.app, 'officer'), {})).rejects.toMatchObject({
      status: 403,
    });
    const admin = await callAsUser(t.app, 'admin');
    await expect(startRescreenRun(admin, { filter: { issuingCountry: 'russia' } })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'filter.issuingCountry' }] },
    });
    await expect(startRescreenRun(admin, { filter: { status: 'nope' } })).rejects.toMatchObject({
      status: 422,
    });
    await expect(startRescreenRun(admin, { filter: { legacy: 'a;b' } })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'filter.legacy' }] },
    });
    await expect(startRescreenRun(admin, { batchSize: 0 })).rejects.toMatchObject({ status: 422 });
    const supervisor = await callAsUser(t.app, 'supervisor');
    const other = await d.db
      .selectFrom('offices')
      .select('id')
      .where('id', '!=', supervisor.actor.officeId!)
      .executeTakeFirst();
    if (other)
      await expect(startRescreenRun(supervisor, { filter: { officeId: other.id } })).rejects.toMatchObject({
        status: 404,
      });
    expect(await d.db.selectFrom('rescreen_runs').select('id').execute()).toHaveLength(0);
  });

  it('stores for every case what the case-by-case screening gives, in batches with one audit entry each', async () => {
    // a new ruleset: every stored screening is from an older one
    await d.db.updateTable('screenings').set({ ruleset_version: '2025.0.0' }).execute();
    const cases = await d.db.selectFrom('cases').select(['id']).orderBy('id').execute();
    expect(cases.length).toBeGreaterThan(25);
    const countryContext = await loadCountryContext(d.db);
    const asOf = t.clock.now().toISOString().slice(0, 10);
    const expected = new Map<string, { result: ScreeningResult; previous: ScreeningResult }>();
    for (const c of cases) {
      const facts = await screeningInputForCase(d.db, c.id);
      expected.set(c.id, {
        result: JSON.parse(JSON.stringify(screenCase(facts, { asOf, countryContext }))),
        previous: (await latestOf(c.id)).results as ScreeningResult,
      });
    }
    const auditBefore = await d.db.selectFrom('audit_log').select('seq').execute();
    const outOfLine = async () =>
      (
        await sql<{ n: string }>`select pg_relation_size(reltoastrelid)::text as n from pg_class
          where oid = 'screenings'::regclass`.execute(d.db)
      ).rows[0]!.n;
    const outOfLineBefore = await outOfLine();

    const admin = await callAsUser(t.app, 'admin');
    const run = await startRescreenRun(admin, { batchSize: 7 });
    expect(run).toMatchObject({ state: 'running', total: cases.length, processed: 0 });
    // one batch here, then "a restart": a new worker picks the running run up from its cursor
    const first = await rescreenBatch(t.app, run.id);
    expect(first.run).toMatchObject({ processed: 7, batches: 1 });
    const worker = new RescreenWorker(t.app);
    worker.kick();
    await worker.idle();
    const done = await getRescreenRun(admin, run.id);
    expect(done).toMatchObject({
      state: 'completed',
      total: cases.length,
      processed: cases.length,
      stored: cases.length,
    });

    for (const c of cases) {
      const rows = await d.db
        .selectFrom('screenings')
        .selectAll()
        .where('case_id', '=', c.id)
        .where('rescreen_run_id', '=', run.id)
        .execute();
      expect(rows).toHaveLength(1);
      const e = expected.get(c.id)!;
      // stored in the compact form; read back, it is exactly the case-by-case screening
      expect(rows[0]!.results).toMatchObject({ form: 'compact', inputsDigest: e.result.inputsDigest });
      expect(expandScreening(rows[0]!.results)).toEqual(e.result);
      expect(rows[0]!.trigger).toBe('ruleset_rescreen');
      expect(rows[0]!.diff).toEqual(JSON.parse(JSON.stringify(diffScreenings(e.previous, e.result))));
      // the case-by-case screening now finds nothing to store
      const again = await d.db
        .transaction()
        .execute((trx) => rescreenCase(trx, c.id, t.clock.now(), 'manual'));
      expect(again.stored).toBe(false);
    }
    // written in the order of the run (by case id), one row per case
    const written = await d.db
      .selectFrom('screenings')
      .select(['case_id', sql<string | null>`pg_column_compression(results)`.as('method')])
      .where('rescreen_run_id', '=', run.id)
      .orderBy('seq')
      .execute();
    expect(written.map((w) => w.case_id)).toEqual(cases.map((c) => c.id));
    // written as they are in their rows (migration 0062): not compressed, nothing moved out to the TOAST
    // table; a row too large for a page would be compressed, with LZ4 on a server that has it (0048)
    expect(written.filter((w) => w.method !== null)).toEqual([]);
    expect(await outOfLine()).toBe(outOfLineBefore);

    const entries = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'screening.bulk.batch')
      .orderBy('seq')
      .execute();
    const batches = Math.ceil(cases.length / 7);
    expect(entries).toHaveLength(batches + 1); // and the entry that completes the run
    const detail = entries[0]!.detail as Record<string, unknown>;
    expect(detail).toMatchObject({ runId: run.id, cases: 7, stored: 7 });
    expect(detail.resultsDigest).toMatch(/^[0-9a-f]{64}$/);
    const total = entries.reduce((n, e) => n + Number((e.detail as { cases?: number }).cases ?? 0), 0);
    expect(total).toBe(cases.length);
    const auditAfter = await d.db.selectFrom('audit_log').select('seq').execute();
    // start + batches + completion + the read above
    expect(auditAfter.length - auditBefore.length).toBe(1 + batches + 1 + 1);
  });

  it('pauses, refuses a second run, resumes and filters by country', async () => {
    const admin = await callAsUser(t.app, 'admin');
    await d.db.updateTable('screenings').set({ ruleset_version: '2025.0.0' }).execute();
    const ru = await d.db
      .selectFrom('cases')
      .innerJoin('case_notices', 'case_notices.case_id', 'cases.id')
      .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
      .select('cases.id')
      .distinct()
      .where('notices.issuing_country', '=', 'RU')
      .execute();
    // The legacy filter counts the imported cases only, of every source or of one.
    const some = await d.db.selectFrom('cases').select('id').orderBy('id').limit(3).execute();
    await d.db
      .updateTable('cases')
      .set({ legacy_source: 'EARM' })
      .where(
        'id',
        'in',
        some.slice(0, 2).map((c) => c.id),
      )
      .execute();
    await d.db.updateTable('cases').set({ legacy_source: 'OTHER' }).where('id', '=', some[2]!.id).execute();
    const earm = await startRescreenRun(admin, { filter: { legacy: 'EARM' } });
    expect(earm.total).toBe(2);
    await changeRescreenRun(admin, earm.id, 'cancel');
    const legacy = await startRescreenRun(admin, { filter: { legacy: true } });
    expect(legacy.total).toBe(3);
    await changeRescreenRun(admin, legacy.id, 'cancel');
    await d.db.updateTable('cases').set({ legacy_source: null }).execute();
    const run = await startRescreenRun(admin, { filter: { issuingCountry: 'RU' }, batchSize: 2 });
    expect(run.total).toBe(ru.length);
    await expect(startRescreenRun(admin, {})).rejects.toMatchObject({ status: 409 });
    await rescreenBatch(t.app, run.id);
    const paused = await changeRescreenRun(admin, run.id, 'pause');
    expect(paused).toMatchObject({ state: 'paused', processed: Math.min(2, ru.length) });
    expect((await rescreenBatch(t.app, run.id)).next).toBe('stopped');
    await expect(changeRescreenRun(admin, run.id, 'pause')).rejects.toMatchObject({ status: 409 });
    await changeRescreenRun(admin, run.id, 'resume');
    const worker = new RescreenWorker(t.app);
    worker.kick();
    await worker.idle();
    const done = await getRescreenRun(admin, run.id);
    expect(done).toMatchObject({ state: 'completed', processed: ru.length });
    const written = await d.db
      .selectFrom('screenings')
      .select('case_id')
      .where('rescreen_run_id', '=', run.id)
      .execute();
    expect(new Set(written.map((w) => w.case_id))).toEqual(new Set(ru.map((r) => r.id)));
    expect(written).toHaveLength(ru.length);
  });

  it('names who launched each run as the history names people: the display name, the username when the account is gone', async () => {
    const admin = await callAsUser(t.app, 'admin');
    const run = await startRescreenRun(admin, { filter: { issuingCountry: 'MX' } });
    expect(run).toMatchObject({ createdBy: 'admin', createdByName: 'Demo Administrator Robin Shaw' });
    await changeRescreenRun(admin, run.id, 'cancel');
    expect(await getRescreenRun(admin, run.id)).toMatchObject({
      createdByName: 'Demo Administrator Robin Shaw',
    });
    // A run whose account no longer exists (or a run of no account) keeps the name it was launched under.
    await d.db.updateTable('rescreen_runs').set({ created_by: null }).where('id', '=', run.id).execute();
    const runs = await listRescreenRuns(admin);
    expect(runs.find((r) => r.id === run.id)).toMatchObject({ createdBy: 'admin', createdByName: 'admin' });
    expect(runs.filter((r) => r.id !== run.id).map((r) => r.createdByName)).not.toContain('admin');
  });

  it('finds what changed from the parts of the previous screenings as the whole comparison does', async () => {
    const admin = await callAsUser(t.app, 'admin');
    const active = (await listRescreenRuns(admin)).filter(
      (r) => r.state === 'running' || r.state === 'paused',
    );
    for (const r of active) await changeRescreenRun(admin, r.id, 'cancel');
    // every latest screening now from an older ruleset, in its column and in its results
    await sql`update screenings set ruleset_version = '2025.0.0',
      results = jsonb_set(results, '{rulesetVersion}', '"2025.0.0"')`.execute(d.db);
    const latest = await d.db
      .selectFrom('screenings')
      .select(['id', 'case_id', 'results'])
      .distinctOn('case_id')
      .orderBy('case_id')
      .orderBy('seq', 'desc')
      .execute();
    const compact = latest.filter((l) => (l.results as { usual?: number }).usual === 1);
    expect(compact.length).toBeGreaterThan(20);
    // two of them differ from what a screening now gives: an indicator's entry, and the advice
    const [a, b] = compact;
    await sql`update screenings set results = jsonb_set(results, '{open,IND_ART3_POLITICAL_CHARACTER}',
      '["present", [{"field": "x", "value": 1}], []]') where id = ${a!.id}`.execute(d.db);
    await sql`update screenings set results = jsonb_set(results, '{summary,recommendation}', '"act"')
      where id = ${b!.id}`.execute(d.db);
    const before = new Map<string, ScreeningResult>();
    for (const l of await d.db.selectFrom('screenings').select(['id', 'results']).execute())
      before.set(l.id, expandScreening(l.results));

    const run = await startRescreenRun(admin, { batchSize: 9 });
    const worker = new RescreenWorker(t.app);
    worker.kick();
    await worker.idle();
    expect(await getRescreenRun(admin, run.id)).toMatchObject({ state: 'completed', stored: latest.length });
    const rows = await d.db
      .selectFrom('screenings')
      .select(['case_id', 'results', 'diff'])
      .where('rescreen_run_id', '=', run.id)
      .execute();
    expect(rows).toHaveLength(latest.length);
    const previousOf = new Map(latest.map((l) => [l.case_id, l.id]));
    let unchanged = 0;
    for (const r of rows) {
      const previous = before.get(previousOf.get(r.case_id)!)!;
      const expected = JSON.parse(JSON.stringify(diffScreenings(previous, expandScreening(r.results))));
      expect(r.diff, r.case_id).toEqual(expected);
      if (expected.unchanged) unchanged++;
    }
    expect(unchanged).toBeGreaterThan(20);
    const diffOf = (caseId: string) => rows.find((r) => r.case_id === caseId)!.diff as { unchanged: boolean };
    expect(diffOf(a!.case_id).unchanged).toBe(false);
    expect(diffOf(b!.case_id).unchanged).toBe(false);
  });
});
