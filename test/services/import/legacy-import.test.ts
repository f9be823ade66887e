import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFile, legacyRecord } from '../../../bench/legacy-gen.ts';
import { writeErrorReport } from '../../../src/cli/import.ts';
import { LEGACY_COLUMNS, type LegacyRecord, readLegacyRow } from '../../../src/domain/legacy-record.ts';
import { digestFacts } from '../../../src/domain/screening/index.ts';
import { createUser } from '../../../src/services/accounts.ts';
import { type Call, currentPolicy } from '../../../src/services/context.ts';
import { evaluateStatus, storedGateStatus, verifyGateStatus } from '../../../src/services/gate-status.ts';
import { legacySnapshot, legacySnapshotContext } from '../../../src/services/import/legacy-snapshot.ts';
import { readLegacyRows } from '../../../src/services/import/reader.ts';
import { executeImport, importErrors, startImport } from '../../../src/services/import/run.ts';
import { verifyReportCounts } from '../../../src/services/report/day-counts.ts';
import { screeningInputForCase } from '../../../src/services/screening/input.ts';
import { loadCaseSnapshot } from '../../../src/services/snapshot.ts';
import { recordTraining } from '../../../src/services/training.ts';
import type { Database } from '../../../src/store/db.ts';
import { testApp } from '../../helpers/app.ts';
import { testDatabase } from '../../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let call: Call;
const dir = tmpdir();
const tag = `${process.pid}-${Date.now()}`;

beforeAll(async () => {
  d = await testDatabase('import');
  t = testApp(d);
  call = t.system;
  await d.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
  await createUser(call, {
    username: 'sup.legacy',
    displayName: 'Supervisor Legacy',
    role: 'supervisor',
    officeId: 'NYC',
    passphrase: 'plum kettle orbit lantern',
  });
}, 120_000);
afterAll(async () => d.close());

async function importFile(
  path: string,
  opts: { allOrNothing?: boolean; maxRowBytes?: number; tidyAfterRows?: number } = {},
) {
  const { run, resumed } = await startImport(call, {
    path,
    source: 'LEGACY-EARM',
    officeId: 'NYC',
    allOrNothing: opts.allOrNothing,
  });
  const done = await executeImport(call, run.id, path, {
    batchSize: 40,
    maxRowBytes: opts.maxRowBytes,
    tidyAfterRows: opts.tidyAfterRows,
  });
  return { done, resumed };
}

const legacyCount = async () =>
  Number(
    (
      await d.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('legacy_source', '=', 'LEGACY-EARM')
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Every case's report facts and re-review tier as the import's triggers left them equal a recomputation from
 * the records (migration 0060 skips the derivations a batch would repeat): the facts refilled set-based, the
 * tier by the one-case formula, the day counts by a recount.
 */
async function expectDerivedAsRecomputed() {
  const facts = async () =>
    (
      await sql<Record<string, unknown>>`select case_id, office_id, status, created_at, countries, indicators,
        categories, first_authorized_at, review_present from report_case_facts order by case_id`.execute(d.db)
    ).rows;
  const kept = await facts();
  expect(kept.length).toBe(
    Number((await sql<{ n: string }>`select count(*)::text as n from cases`.execute(d.db)).rows[0]!.n),
  );
  expect(kept.filter((f) => (f.countries as string[]).length === 0)).toEqual([]);
  await sql`delete from report_case_facts`.execute(d.db);
  await sql`select redline_report_facts_fill()`.execute(d.db);
  expect(await facts()).toEqual(kept);
  expect((await verifyReportCounts(d.db)).differences).toEqual([]);
  const tiers = await sql<{ id: string }>`select id from cases
    where rereview_tier is distinct from redline_rereview_tier(id, custody_status, in_proceedings)`.execute(
    d.db,
  );
  expect(tiers.rows).toEqual([]);
}

describe('legacy import', () => {
  const file = join(dir, `legacy-${tag}.csv`);

  it('imports a generated file: cases marked legacy, screened as the case would be, one audit entry', async () => {
    await generateLegacyFile({ count: 120, out: file, seed: 7 });
    const { done } = await importFile(file);
    expect(done).toMatchObject({ status: 'completed', rows_seen: 120, created: 120, rejected: 0 });
    expect(await legacyCount()).toBe(120);
    const cases = await d.db
      .selectFrom('cases')
      .innerJoin('screenings', 'screenings.case_id', 'cases.id')
      .select(['cases.id', 'cases.legacy_external_id', 'cases.office_id', 'screenings.inputs_digest'])
      .where('cases.legacy_source', '=', 'LEGACY-EARM')
      .execute();
    expect(cases).toHaveLength(120);
    expect(new Set(cases.map((c) => c.legacy_external_id)).size).toBe(120);
    // time-ordered ids (store/ids.ts): in the file's order, each case's id sorts after the one before
    const inFileOrder = (
      await d.db
        .selectFrom('cases')
        .select('id')
        .where('legacy_source', '=', 'LEGACY-EARM')
        .orderBy('legacy_line')
        .execute()
    ).map((c) => c.id);
    expect(inFileOrder.every((id) => id[14] === '7')).toBe(true);
    expect(inFileOrder).toEqual([...inFileOrder].sort());
    // the screening stored by the import equals the one the case's stored record gives
    for (const c of cases.slice(0, 40))
      expect(digestFacts(await screeningInputForCase(d.db, c.id))).toBe(c.inputs_digest);
    const audit = await d.db
      .selectFrom('audit_log')
      .select(['detail', 'entity_id'])
      .where('action', '=', 'legacy.import')
      .execute();
    expect(audit).toHaveLength(1);
    const sha = (await import('node:crypto'))
      .createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    expect(audit[0]!.detail).toMatchObject({ sha256: sha, created: 120, rejected: 0, rowsSeen: 120 });
    // the stored gate status the import wrote from what it knew is the one the stored case gives
    // (gates, blocking, next step and the time it goes stale), for every imported case
    const policy = await currentPolicy(d.db);
    for (const c of cases) {
      const stored = await storedGateStatus(d.db, c.id);
      const derived = await evaluateStatus(d.db, c.id, new Date(stored!.computedAt), policy);
      expect({ ...stored, computedAt: null }).toEqual({ ...derived, computedAt: null });
    }
    await expectDerivedAsRecomputed();
  }, 300_000);

  it('the gate snapshot the import builds for a new case is the one read back from the stored case', async () => {
    const records = new Map<string, LegacyRecord>();
    for await (const item of readLegacyRows(createReadStream(file), 'csv', { knownColumns: LEGACY_COLUMNS }))
      if (item.kind === 'row') {
        const { record } = readLegacyRow(item.values, 'LEGACY-EARM');
        if (record) records.set(record.externalId, record);
      }
    const rows = await d.db
      .selectFrom('cases')
      .innerJoin('case_notices', 'case_notices.case_id', 'cases.id')
      .selectAll('cases')
      .select('case_notices.notice_id')
      .where('cases.legacy_source', '=', 'LEGACY-EARM')
      .execute();
    expect(rows).toHaveLength(120);
    const ctx = await legacySnapshotContext(d.db, rows[0]!.assigned_officer_id, rows[0]!.created_by);
    for (const { notice_id, ...row } of rows) {
      // the columns the import inserts (the others are the table's defaults, NEW_CASE_DEFAULTS)
      const inserted = {
        id: row.id,
        person_id: row.person_id,
        purpose: row.purpose,
        office_id: row.office_id,
        created_by: row.created_by,
        assigned_officer_id: row.assigned_officer_id,
        narrative: row.narrative,
        custody_status: row.custody_status,
      };
      const record = records.get(row.legacy_external_id!)!;
      const stored = await loadCaseSnapshot(d.db, row.id);
      expect(legacySnapshot({ ...inserted, case_number: row.case_number }, record, notice_id, ctx)).toEqual(
        stored,
      );
      // as the import builds it, before the case number is drawn: the same but for the number
      expect(legacySnapshot(inserted, record, notice_id, ctx)).toEqual({ ...stored, caseNumber: '' });
    }
  }, 300_000);

  it('importing the same file again creates nothing; a changed record updates its case', async () => {
    const again = await importFile(file);
    expect(again.resumed).toBe(false);
    expect(again.done).toMatchObject({ created: 0, updated: 0, unchanged: 120, rejected: 0 });
    expect(await legacyCount()).toBe(120);

    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    // line 2 (the first record) with a changed custody status and family name
    const first: Record<string, string> = {
      ...(await firstRecord(file)),
      custody_status: 'in_custody',
      family_name: 'Changedname',
    };
    lines[1] = LEGACY_COLUMNS.map((k) => csvQuote(first[k])).join(',');
    const changed = join(dir, `legacy-changed-${tag}.csv`);
    await writeFile(changed, lines.join('\n'));
    const upd = await importFile(changed);
    expect(upd.done).toMatchObject({ created: 0, updated: 1, unchanged: 119, rejected: 0 });
    expect(await legacyCount()).toBe(120);
    const row = await d.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select(['cases.custody_status', 'persons.family_name', 'cases.id'])
      .where('cases.legacy_external_id', '=', String(first.external_id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ custody_status: 'in_custody', family_name: 'Changedname' });
    await expectDerivedAsRecomputed();
  }, 300_000);

  it('prepares a batch again when what it depends on changed between its preparation and its write', async () => {
    // 120 new records in batches of 40; once the second batch is prepared (with the officer untrained), the
    // officer's training is recorded: the second and third batches must be written as of that training.
    const path = join(dir, `legacy-basis-${tag}.csv`);
    await generateLegacyFile({ count: 120, out: path, seed: 21, start: 500_001 });
    const officer = await createUser(call, {
      username: 'officer.basis',
      displayName: 'Officer Basis',
      role: 'officer',
      officeId: 'NYC',
      passphrase: 'plum kettle orbit lantern',
    });
    const { run } = await startImport(call, {
      path,
      source: 'LEGACY-BASIS',
      officeId: 'NYC',
      officer: 'officer.basis',
    });
    const done = await executeImport(call, run.id, path, {
      batchSize: 40,
      beforeWrite: async (batch) => {
        if (batch !== 2) return;
        await recordTraining(call, {
          userId: officer.id,
          course: 'INTERPOL notices annual training',
          completedAt: t.clock.now(),
        });
      },
    });
    expect(done).toMatchObject({ created: 120, rejected: 0 });
    const cases = await d.db
      .selectFrom('cases')
      .select(['id', 'legacy_external_id'])
      .where('legacy_source', '=', 'LEGACY-BASIS')
      .orderBy('case_number')
      .execute();
    expect(cases).toHaveLength(120);
    const policy = await currentPolicy(d.db);
    const trainingMet = async (id: string) => {
      const stored = await storedGateStatus(d.db, id);
      return { stored, met: stored!.gates.find((g) => g.gate === 'G-TRAINING')?.status === 'met' };
    };
    // the first batch was written before the training: its cases say so
    expect((await trainingMet(cases[0]!.id)).met).toBe(false);
    // the later batches, prepared before it and written after, say what the evaluator says now
    for (const c of cases.slice(40)) {
      const { stored, met } = await trainingMet(c.id);
      expect(met, c.legacy_external_id!).toBe(true);
      const derived = await evaluateStatus(d.db, c.id, new Date(stored!.computedAt), policy);
      expect({ ...stored, computedAt: null }).toEqual({ ...derived, computedAt: null });
    }
  }, 300_000);

  it('folds the kept counts and refreshes the planner statistics of the tables it wrote after a large import, not after a small one', async () => {
    const analyzed = async () => {
      const r = await sql<{ table: string; n: string }>`select relname as table, analyze_count as n
        from pg_stat_user_tables where relname in ('cases', 'screenings', 'case_gate_status', 'persons')`.execute(
        d.db,
      );
      return Object.fromEntries(r.rows.map((x) => [x.table, Number(x.n)]));
    };
    const small = join(dir, `legacy-analyze-${tag}.csv`);
    await generateLegacyFile({ count: 30, out: small, seed: 11, start: 600_001 });
    const before = await analyzed();
    // 30 cases created: under the default threshold, no ANALYZE
    const first = await importFile(small);
    expect(first.done).toMatchObject({ created: 30, rejected: 0 });
    expect(await analyzed()).toEqual(before);
    // the same records changed (another seed, same external ids): 30 updated, at a threshold of 30
    await generateLegacyFile({ count: 30, out: small, seed: 12, start: 600_001 });
    const second = await importFile(small, { tidyAfterRows: 30 });
    expect(second.done.created + second.done.updated).toBe(30);
    const after = await analyzed();
    for (const table of ['cases', 'screenings', 'case_gate_status', 'persons']) {
      expect(after[table], table).toBe((before[table] ?? 0) + 1);
    }
    // and the kept counts' delta rows are folded: one row per count
    const unfolded = await sql<{ n: string }>`select
      (select count(*) from (select 1 from office_counts group by office_id, counter, key having count(*) > 1) o)
      + (select count(*) from (select 1 from report_day_counts
           group by grain, day, office_id, counter, country, k1, k2 having count(*) > 1) r) as n`.execute(
      d.db,
    );
    expect(Number(unfolded.rows[0]!.n)).toBe(0);
  }, 300_000);
});

describe('the documented samples', () => {
  it('the CSV sample imports without a rejected row, and the JSON-lines sample is the same records', async () => {
    // A database of its own: the sample's A-numbers are the generator's first ones, which the generated
    // files above also hold (as other people's records, so they would be refused as duplicates here).
    const own = await testDatabase('import');
    try {
      const ta = testApp(own);
      const system = ta.system;
      await own.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
      await createUser(system, {
        username: 'sup.sample',
        displayName: 'Supervisor Sample',
        role: 'supervisor',
        officeId: 'NYC',
        passphrase: 'plum kettle orbit lantern',
      });
      const run = async (path: string) => {
        const { run } = await startImport(system, { path, source: 'SAMPLE', officeId: 'NYC' });
        return executeImport(system, run.id, path);
      };
      expect(await run('docs/examples/legacy-sample.csv')).toMatchObject({ created: 5, rejected: 0 });
      // Each imported case has its stored gate status at once, and it is what the evaluator says.
      const stored = await own.db
        .selectFrom('case_gate_status')
        .innerJoin('cases', 'cases.id', 'case_gate_status.case_id')
        .select(['case_gate_status.all_met'])
        .where('cases.legacy_source', '=', 'SAMPLE')
        .execute();
      expect(stored).toHaveLength(5);
      const report = await verifyGateStatus(own.db, { now: ta.clock.now() });
      expect(report.differences).toEqual([]);
      expect(await run('docs/examples/legacy-sample.jsonl')).toMatchObject({
        created: 0,
        unchanged: 5,
        rejected: 0,
      });
    } finally {
      await own.close();
    }
  }, 300_000);
});

function csvQuote(v: unknown): string {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function firstRecord(path: string): Promise<Record<string, string>> {
  const { parse } = await import('csv-parse/sync');
  const rows = parse(await readFile(path), { columns: true }) as Record<string, string>[];
  return rows[0]!;
}

describe('bad rows', () => {
  const good = (n: number, extra: Record<string, string> = {}): Record<string, string> => {
    const r = legacyRecord(3, n, 900_000) as Record<string, string>;
    return { ...r, screening_facts: '', ...extra };
  };
  const row = (r: Record<string, string>) => LEGACY_COLUMNS.map((k) => csvQuote(r[k])).join(',');

  async function corpus(): Promise<{ path: string; ids: string[] }> {
    const a = good(1);
    const rows: Buffer[] = [
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${LEGACY_COLUMNS.join(',')}\n`),
      Buffer.from(`${row(a)}\n`), // 2: good
      Buffer.from(`${row(good(2, { family_name: '' }))}\n`), // 3: missing field
      Buffer.from(`${row(good(3, { notice_issued_on: '2021-02-30' }))}\n`), // 4: bad date
      Buffer.from(`${row(good(4, { issuing_country: 'XX' }))}\n`), // 5: bad country
      Buffer.from(`${row(good(5, { external_id: a.external_id! }))}\n`), // 6: duplicate id
    ];
    // 7: Latin-1 bytes in a UTF-8 file
    const latin = row(good(6, { family_name: 'MULLER' })).replace('MULLER', 'M\u00fcLLER');
    rows.push(Buffer.from(`${latin}\n`, 'latin1'));
    const injection = good(7, { family_name: "=cmd|' /C calc'!A0", given_names: '@SUM(1+1)' });
    rows.push(Buffer.from(`${row(injection)}\n`)); // 8: injection payload, a valid row
    const huge = good(8, { narrative: 'x'.repeat(50 * 1024 * 1024) });
    rows.push(Buffer.from(`${row(huge)}\n`)); // 9: a 50 MB row
    const b = good(9);
    rows.push(Buffer.from(`${row(b)}\n`)); // 10: good
    const cut = row(good(10));
    rows.push(Buffer.from(cut.slice(0, Math.floor(cut.length / 2)))); // 11: truncated, no line break
    const path = join(dir, `legacy-bad-${tag}.csv`);
    await writeFile(path, Buffer.concat(rows));
    return { path, ids: [a.external_id!, injection.external_id!, b.external_id!] };
  }

  const encoding =
    'Not valid UTF-8 (bytes of another encoding, such as Latin-1): save the file as UTF-8 and import it again.';
  const expected = (id: string) => [
    { line: 3, field: 'family_name', reason: 'Missing: this field is required.' },
    { line: 4, field: 'notice_issued_on', reason: 'Not a real date written YYYY-MM-DD: "2021-02-30".' },
    { line: 5, field: 'issuing_country', reason: 'Not an ISO 3166-1 alpha-2 country code: "XX".' },
    {
      line: 6,
      field: 'external_id',
      reason: `Duplicate: line 2 has the same external id (LEGACY-EARM, ${id}).`,
    },
    { line: 7, field: 'family_name', reason: encoding },
    {
      line: 9,
      field: '(row)',
      reason: expect.stringMatching(
        /^The row is \d+ bytes, over the limit of 1048576 bytes per row; it was not read\.$/,
      ),
    },
    { line: 11, field: '(row)', reason: 'Truncated: the file ends in the middle of this row.' },
  ];

  it('all or nothing: every bad row reported, nothing imported', async () => {
    const { path, ids } = await corpus();
    const before = await legacyCount();
    const { done } = await importFile(path, { allOrNothing: true });
    expect(done).toMatchObject({ status: 'rejected', created: 0, updated: 0, rejected: 7 });
    expect(await importErrors(d.db, done.id)).toEqual(expected(ids[0]!));
    expect(await legacyCount()).toBe(before);
    const persons = await d.db
      .selectFrom('persons')
      .select('id')
      .where('family_name', '=', "=cmd|' /C calc'!A0")
      .execute();
    expect(persons).toHaveLength(0);
  }, 300_000);

  it('imports the valid rows, stores the injection payload as text, and reports each bad row exactly', async () => {
    const { path, ids } = await corpus();
    const before = await legacyCount();
    const { done } = await importFile(path);
    expect(done).toMatchObject({ status: 'completed', created: 3, rejected: 7, rows_seen: 10 });
    expect(await importErrors(d.db, done.id)).toEqual(expected(ids[0]!));
    expect(await legacyCount()).toBe(before + 3);
    const injected = await d.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select(['persons.family_name', 'persons.given_names'])
      .where('cases.legacy_external_id', '=', ids[1]!)
      .executeTakeFirstOrThrow();
    expect(injected).toEqual({ family_name: "=cmd|' /C calc'!A0", given_names: '@SUM(1+1)' });
  }, 300_000);

  it('a notice already on another case is refused by its type and reference; a diffusion with that reference is another notice', async () => {
    const header = `${LEGACY_COLUMNS.join(',')}\n`;
    const first = good(30, { notice_type: 'red_notice' });
    const path1 = join(dir, `legacy-notice-a-${tag}.csv`);
    await writeFile(path1, header + row(first));
    expect((await importFile(path1)).done).toMatchObject({ created: 1, rejected: 0 });
    const again = good(31, { interpol_ref: first.interpol_ref!, notice_type: 'red_notice' });
    const diffusion = good(32, { interpol_ref: first.interpol_ref!, notice_type: 'diffusion' });
    const path2 = join(dir, `legacy-notice-b-${tag}.csv`);
    await writeFile(path2, `${header}${row(again)}\n${row(diffusion)}`);
    const { done } = await importFile(path2);
    expect(done).toMatchObject({ created: 1, rejected: 1 });
    expect(await importErrors(d.db, done.id)).toEqual([
      {
        line: 2,
        field: 'interpol_ref',
        reason: `This notice (${first.interpol_ref}) is already recorded on another case.`,
      },
    ]);
    const notices = await d.db
      .selectFrom('notices')
      .select('type')
      .where('interpol_ref', '=', first.interpol_ref!)
      .orderBy('type')
      .execute();
    expect(notices.map((n) => n.type)).toEqual(['diffusion', 'red_notice']);
  }, 300_000);

  it('the error report escapes a formula in any cell (JSON lines with an injected key)', async () => {
    const path = join(dir, `legacy-inject-${tag}.jsonl`);
    const r = good(20);
    await writeFile(path, `${JSON.stringify({ ...r, "=cmd|' /C calc'!A0": 'x' })}\n`);
    const { done } = await importFile(path);
    expect(done).toMatchObject({ created: 0, rejected: 1 });
    const report = join(dir, `legacy-inject-${tag}.errors.csv`);
    await writeErrorReport(t.app, done.id, report);
    expect(await readFile(report, 'utf8')).toBe(
      `line,field,reason\r\n1,'=cmd|' /C calc'!A0,Unknown column.\r\n`,
    );
  }, 120_000);
});
