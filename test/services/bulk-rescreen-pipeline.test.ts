// A bulk run driven with two batches in flight (PostgreSQL; PGlite runs them in turn): a pause, a failed
// batch and a second process driving the same run leave the run where its committed batches end, and every
// case gets exactly one screening of the run.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../src/demo/cases.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { openCase } from '../../src/services/case/open.ts';
import { callAsUser } from '../../src/services/context.ts';
import {
  changeRescreenRun,
  getRescreenRun,
  type RescreenRunView,
  startRescreenRun,
} from '../../src/services/screening/bulk.ts';
import { driveRun } from '../../src/services/screening/bulk-worker.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let caseIds: string[];

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  await seedDemoCases(t.system);
  const officer = await callAsUser(t.app, 'officer');
  for (let i = 0; i < 14; i++) {
    await openCase(officer, {
      purpose: 'law_enforcement_action',
      person: { languages: ['en'], familyName: `Pipe${i}`, nationalities: ['TR'] },
      notice: {
        type: 'red_notice',
        interpolRef: `2024/${7000 + i}`,
        issuingCountry: 'TR',
        issuedOn: '2023-01-10',
        expiresOn: '2029-01-01',
        purpose: 'prosecution',
        warrants: [{ kind: 'arrest_warrant', charge: `Dolandırıcılık ${i}`, maxPenaltyMonths: 24 }],
      },
      independentBasis: {
        summary: 'Federal records show an overstay and a prior federal conviction.',
        evidence: [{ description: 'Arrival records', sourceType: 'federal_record', source: 'CBP' }],
      },
      narrative: 'Encountered at a routine check-in.',
    });
  }
  caseIds = (await d.db.selectFrom('cases').select('id').orderBy('id').execute()).map((c) => c.id);
}, 240_000);

afterAll(async () => {
  await d?.close();
});

beforeEach(async () => {
  // a new ruleset: every stored screening is from an older one, so every case is screened again
  await d.db.updateTable('screenings').set({ ruleset_version: '2025.0.0' }).execute();
});

/** The run's screenings by case, and the run row as stored. */
async function stateOf(runId: string) {
  const rows = await d.db
    .selectFrom('screenings')
    .select('case_id')
    .where('rescreen_run_id', '=', runId)
    .execute();
  const run = await d.db
    .selectFrom('rescreen_runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  const batches = await d.db
    .selectFrom('audit_log')
    .select('detail')
    .where('action', '=', 'screening.bulk.batch')
    .where(sql<boolean>`detail->>'runId' = ${runId}`)
    .execute();
  return { screened: rows.map((r) => r.case_id).sort(), run, batches };
}

/** What every stopped run must show: its batches committed from the first case up to its cursor, whole. */
function expectConsistent(s: Awaited<ReturnType<typeof stateOf>>) {
  const upTo = s.run.cursor_case_id ? caseIds.filter((id) => id <= s.run.cursor_case_id!) : [];
  expect(s.screened).toEqual(upTo);
  expect(s.run.processed).toBe(upTo.length);
  const cases = s.batches.reduce((n, b) => n + Number((b.detail as { cases?: number }).cases ?? 0), 0);
  expect(cases).toBe(upTo.length);
}

describe('bulk re-screening with batches in flight', () => {
  it('a pause takes effect at once: the batch in flight rolls back, the resumed run screens each case once', async () => {
    const admin = await callAsUser(t.app, 'admin');
    const run = await startRescreenRun(admin, { batchSize: 3 });
    let pausing: Promise<RescreenRunView> | null = null;
    let probe: Promise<string> | null = null;
    const seen: number[] = [];
    await driveRun(t.app, run.id, (r) => {
      seen.push(r.processed);
      // Told of batch 1, the next batch already holds its cases (PostgreSQL): it was started before
      // batch 1 committed. A lock taken without waiting shows it.
      if (r.batches === 1)
        probe ??= d.db
          .transaction()
          .execute(async (trx) => {
            await sql`select id from cases where id = ${caseIds[r.processed]!} for update nowait`.execute(
              trx,
            );
            return 'free';
          })
          .catch((err: { code?: string }) => err.code ?? 'error');
      if (r.batches === 2) pausing ??= changeRescreenRun(admin, run.id, 'pause');
    });
    await pausing;
    expect(await probe).toBe(d.kind === 'postgres' ? '55P03' : 'free');
    const paused = await stateOf(run.id);
    expect(paused.run.state).toBe('paused');
    expect(paused.run.processed).toBeGreaterThanOrEqual(6);
    expect(paused.run.processed).toBeLessThan(caseIds.length);
    expectConsistent(paused);
    // progress was told in order, batch after batch
    expect(seen).toEqual(seen.slice().sort((a, b) => a - b));

    await changeRescreenRun(admin, run.id, 'resume');
    const done = await driveRun(t.app, run.id);
    expect(done).toMatchObject({ state: 'completed', processed: caseIds.length, stored: caseIds.length });
    const end = await stateOf(run.id);
    expect(end.screened).toEqual(caseIds);
    expectConsistent(end);
  });

  it('a batch that fails marks the run failed where the batches before it end; resumed, it completes', async () => {
    const admin = await callAsUser(t.app, 'admin');
    const failAt = caseIds[Math.floor(caseIds.length / 2)]!;
    // A real failure inside the batch's transaction: the server refuses the screening of one case.
    await sql
      .raw(`create function test_refuse_screening() returns trigger language plpgsql as $$
        begin
          if new.case_id = '${failAt}' then raise exception 'refused for the test'; end if;
          return new;
        end $$`)
      .execute(d.db);
    await sql
      .raw(`create trigger test_refuse_screening before insert on screenings for each row
        execute function test_refuse_screening()`)
      .execute(d.db);
    const run = await startRescreenRun(admin, { batchSize: 4 });
    try {
      const last = await driveRun(t.app, run.id);
      expect(last?.state).toBe('running'); // the last batch that committed
    } finally {
      await sql.raw('drop trigger test_refuse_screening on screenings').execute(d.db);
      await sql.raw('drop function test_refuse_screening()').execute(d.db);
    }
    const failed = await stateOf(run.id);
    expect(failed.run.state).toBe('failed');
    expect(failed.run.last_error).toContain('refused for the test');
    expectConsistent(failed);
    // the batch that failed, and every batch planned after it, wrote nothing
    expect(failed.screened).not.toContain(failAt);
    expect(failed.screened.every((id) => id < failAt)).toBe(true);

    await changeRescreenRun(admin, run.id, 'resume');
    expect(await driveRun(t.app, run.id)).toMatchObject({ state: 'completed', processed: caseIds.length });
    const end = await stateOf(run.id);
    expect(end.screened).toEqual(caseIds);
    expectConsistent(end);
  });

  it('two processes driving one run share it: each case is screened once, the cursor only moves forward', async () => {
    const admin = await callAsUser(t.app, 'admin');
    const run = await startRescreenRun(admin, { batchSize: 2 });
    // a second application context on the same database, as a second server process would have
    const other = testApp(d);
    const [a, b] = await Promise.all([driveRun(t.app, run.id), driveRun(other.app, run.id)]);
    const end = await stateOf(run.id);
    expect(end.run.state).toBe('completed');
    expect(end.screened).toEqual(caseIds);
    expectConsistent(end);
    expect(await getRescreenRun(admin, run.id)).toMatchObject({
      processed: caseIds.length,
      stored: caseIds.length,
    });
    // both drivers ended on the completed run or on the last batch they committed
    for (const r of [a, b]) if (r) expect(r.processed).toBeLessThanOrEqual(caseIds.length);
  });
});
