/**
 * The oversight report's per-case facts (migration 0028, kept by triggers) give the same report as the
 * computation from the stored records (each case's latest screening JSON unpacked: the report before the
 * facts), on a random workload: random cases, then random later changes (a new screening, a change of
 * state or office, a second notice, a notice unlinked, an issuing country corrected, an earlier
 * authorization), then random periods and filters. The published CSV (suppression applied) is the same
 * text. And the set-based fill gives the same rows as the triggers kept.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { verifyCounters } from '../../src/services/counters.ts';
import { dashboard } from '../../src/services/queries.ts';
import { compactReportCounts, verifyReportCounts } from '../../src/services/report/day-counts.ts';
import { reportFigures } from '../../src/services/report/oversight.ts';
import { reportFiguresFromRecords } from '../../src/services/report/oversight-reference.ts';
import { reportCsv } from '../../src/services/report/publish.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases, type SyntheticCase } from '../helpers/synthetic-cases.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let ids: string[] = [];

const IND = [
  'IND_PROFILE_DISSIDENT',
  'IND_ASYLUM_SAME_STATE',
  'IND_CTX_COUNTRY',
  'IND_DUE_PROCESS_OR_TORTURE',
];
const CAT = ['fraud', 'corruption', 'violent_crime', 'political_speech'];
const COUNTRY = ['RU', 'TR', 'CN', 'FR'];
const date = (min: string, max: string) =>
  fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true });

const arbCase: fc.Arbitrary<SyntheticCase> = fc.record({
  office: fc.constantFrom('NYC' as const, 'MIA' as const),
  status: fc.constantFrom('open' as const, 'authorized' as const, 'closed' as const),
  custody: fc.constantFrom('in_custody' as const, 'unknown' as const),
  inProceedings: fc.boolean(),
  strongIndicators: fc.subarray(IND.slice(0, 2)),
  contextualIndicators: fc.subarray(IND.slice(2)),
  categories: fc.subarray(CAT),
  noticeStatus: fc.constantFrom('valid' as const, 'withdrawn' as const),
  issuingCountry: fc.constantFrom(...COUNTRY),
  disclosed: fc.boolean(),
  createdAt: date('2024-01-01T00:00:00Z', '2024-12-31T23:00:00Z'),
  authorizedAfterHours: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: null }),
  contest: fc.constantFrom(null, 'pending' as const, 'sustained' as const),
});

type Change =
  | { kind: 'screening'; strong: string[]; ctx: string[]; cats: string[] }
  | { kind: 'state'; status: 'open' | 'authorized' | 'closed' }
  | { kind: 'office'; office: 'NYC' | 'MIA' }
  | { kind: 'notice'; country: string }
  | { kind: 'unlink' }
  | { kind: 'country'; country: string }
  | { kind: 'authorization'; hours: number };

const arbChange: fc.Arbitrary<[number, Change]> = fc.tuple(
  fc.nat(),
  fc.oneof(
    fc.record({
      kind: fc.constant('screening' as const),
      strong: fc.subarray(IND.slice(0, 2)),
      ctx: fc.subarray(IND.slice(2)),
      cats: fc.subarray(CAT),
    }),
    fc.record({
      kind: fc.constant('state' as const),
      status: fc.constantFrom('open' as const, 'authorized' as const, 'closed' as const),
    }),
    fc.record({
      kind: fc.constant('office' as const),
      office: fc.constantFrom('NYC' as const, 'MIA' as const),
    }),
    fc.record({ kind: fc.constant('notice' as const), country: fc.constantFrom(...COUNTRY) }),
    fc.record({ kind: fc.constant('unlink' as const) }),
    fc.record({ kind: fc.constant('country' as const), country: fc.constantFrom(...COUNTRY) }),
    fc.record({ kind: fc.constant('authorization' as const), hours: fc.integer({ min: 1, max: 3000 }) }),
  ),
);

async function apply(caseId: string, ch: Change): Promise<void> {
  const db = d.db;
  const officer = (
    await db.selectFrom('users').select('id').where('username', '=', 'officer').executeTakeFirstOrThrow()
  ).id;
  switch (ch.kind) {
    case 'screening':
      await db
        .insertInto('screenings')
        .values({
          id: randomUUID(),
          case_id: caseId,
          ruleset_version: 'test',
          country_context_version: 'test',
          inputs_digest: 'y',
          results: JSON.stringify({
            summary: {
              strongPresent: ch.strong,
              contextualPresent: ch.ctx,
              validityPresent: [],
              undetermined: [],
            },
            offenceCategories: ch.cats.map((category) => ({ category, confidence: 1 })),
            results: [],
          }),
          trigger: 'manual',
          created_at: new Date('2025-01-01T00:00:00Z'),
        })
        .execute();
      return;
    case 'state':
      await db.updateTable('cases').set({ status: ch.status }).where('id', '=', caseId).execute();
      return;
    case 'office':
      await db.updateTable('cases').set({ office_id: ch.office }).where('id', '=', caseId).execute();
      return;
    case 'notice': {
      const c = await db
        .selectFrom('cases')
        .select('person_id')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      const noticeId = randomUUID();
      await sql`insert into notices (id, type, interpol_ref, issuing_country, purpose, status, person_id, created_by, created_at, updated_at)
        values (${noticeId}, 'red_notice', ${`T/${noticeId.slice(0, 8)}`}, ${ch.country}, 'prosecution', 'valid',
          ${c.person_id}, ${officer}, now(), now())`.execute(db);
      await db
        .insertInto('case_notices')
        .values({ case_id: caseId, notice_id: noticeId, added_at: new Date() })
        .execute();
      return;
    }
    case 'unlink':
      await sql`delete from case_notices where ctid = (select ctid from case_notices where case_id = ${caseId} limit 1)`.execute(
        db,
      );
      return;
    case 'country':
      await sql`update notices set issuing_country = ${ch.country}
        where id = (select notice_id from case_notices where case_id = ${caseId} limit 1)`.execute(db);
      return;
    case 'authorization': {
      const c = await db
        .selectFrom('cases')
        .select('created_at')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('authorizations')
        .values({
          id: randomUUID(),
          case_id: caseId,
          purpose: 'law_enforcement_action',
          authorized_by: officer,
          authorized_at: new Date(new Date(c.created_at).getTime() + ch.hours * 3_600_000),
          case_version_hash: 'x',
          policy_version: 1,
          gates: '[]',
          // Withdrawn: a case has at most one standing authorization; this one only moves the first time.
          status: 'withdrawn',
        })
        .execute();
      return;
    }
  }
}

const arbFilter = fc.record({
  from: fc.constantFrom('2023-06-01', '2024-01-01', '2024-03-15', '2024-07-01'),
  to: fc.constantFrom('2024-06-30', '2024-09-30', '2024-12-31', '2025-12-31'),
  office: fc.constantFrom(undefined, 'NYC', 'MIA'),
  country: fc.constantFrom(undefined, ...COUNTRY),
});

beforeAll(async () => {
  d = await testDatabase('rfacts');
  t = testApp(d);
  await seedDemo(t.system);
  const cases = fc.sample(arbCase, { numRuns: 150, seed: 20261130 });
  ids = await insertSyntheticCases(d.db, cases);
  const changes = fc.sample(arbChange, { numRuns: 250, seed: 7 });
  for (const [i, ch] of changes) await apply(ids[i % ids.length]!, ch);
}, 900_000);
afterAll(async () => d.close());

describe('the report from the per-case facts', () => {
  it('equals the report from the stored records, and publishes the same CSV, for random periods and filters', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const filters = fc.sample(arbFilter, { numRuns: 24, seed: 11 });
    let nonEmpty = 0;
    for (const f of filters) {
      if (f.to < f.from) continue;
      const filter = {
        from: f.from,
        to: f.to,
        ...(f.office ? { officeId: f.office } : {}),
        ...(f.country ? { country: f.country } : {}),
      };
      const facts = await reportFigures(d.db, filter, now);
      const records = await reportFiguresFromRecords(d.db, filter, now);
      expect(facts, JSON.stringify(filter)).toEqual(records);
      // The counts per day (migration 0034) and the scan of the facts (before it) agree too.
      expect(await reportFigures(d.db, filter, now, { countsFrom: 'facts' }), JSON.stringify(filter)).toEqual(
        records,
      );
      expect(reportCsv(facts)).toBe(reportCsv(records));
      if (facts.tables.some((tb) => tb.table.cells.flat().some((n) => n > 0))) nonEmpty += 1;
    }
    // The workload is not empty: most filters count something (so the comparison compares figures).
    expect(nonEmpty).toBeGreaterThan(filters.length / 2);
  }, 300_000);

  it('keeps the counts per day equal to a recount over the facts; compaction keeps the report; a lost delta is found and repaired', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const filters = [
      { from: '2023-06-01', to: '2025-12-31' },
      { from: '2024-03-15', to: '2024-09-30', officeId: 'MIA' },
      { from: '2024-01-01', to: '2024-12-31', country: 'RU' },
    ];
    const same = async () => {
      for (const f of filters)
        expect(await reportFigures(d.db, f, now), JSON.stringify(f)).toEqual(
          await reportFiguresFromRecords(d.db, f, now),
        );
    };
    const rows = async () =>
      Number(
        (await sql<{ n: string }>`select count(*)::text as n from report_day_counts`.execute(d.db)).rows[0]!
          .n,
      );
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
    const before = await rows();
    const folded = await compactReportCounts(d.db);
    expect(folded).toBe(before);
    // The random changes left deltas that compaction folds: fewer rows, the same counts.
    expect(await rows()).toBeLessThan(before);
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
    await same();
    // A delta lost (deleted by hand): the check names it, the repair restores the count.
    const lost = (
      await sql<{ id: string; counter: string; n: string }>`
        delete from report_day_counts where id = (select id from report_day_counts where counter = 'state'
          and country = '' order by id limit 1) returning id, counter, n::text`.execute(d.db)
    ).rows[0]!;
    const found = await verifyReportCounts(d.db);
    expect(found.differences).toHaveLength(1);
    expect(found.differences[0]).toMatchObject({
      counter: 'state',
      country: '',
      stored: 0,
      expected: Number(lost.n),
    });
    expect((await verifyReportCounts(d.db, { repair: true })).repaired).toBe(1);
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
    await same();
  }, 300_000);

  it('keeps the counts in one statement that rewrites many facts: unchanged, changed, and two cases swapping their values', async () => {
    // An upsert rewrites every row of a batch; the trigger must count only the difference, row for row.
    const ids = (
      await sql<{ case_id: string }>`select case_id from report_case_facts order by case_id limit 60`.execute(
        d.db,
      )
    ).rows.map((r) => r.case_id);
    expect(ids.length).toBeGreaterThan(10);
    const [a, b] = ids;
    await sql`
      update report_case_facts f set
        status = case when f.case_id = any(${ids.slice(2, 20)}::uuid[]) then 'closed' else f.status end,
        countries = case when f.case_id = any(${ids.slice(10, 30)}::uuid[]) then array['RU', 'TJ'] else f.countries end,
        created_at = case f.case_id when ${a}::uuid then (select created_at from report_case_facts where case_id = ${b}::uuid)
                                    when ${b}::uuid then (select created_at from report_case_facts where case_id = ${a}::uuid)
                                    else f.created_at end,
        office_id = case f.case_id when ${a}::uuid then (select office_id from report_case_facts where case_id = ${b}::uuid)
                                   when ${b}::uuid then (select office_id from report_case_facts where case_id = ${a}::uuid)
                                   else f.office_id end
      where f.case_id = any(${ids}::uuid[])`.execute(d.db);
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
    // and a statement that rewrites every row with its own values changes no count
    const rows = async () =>
      (await sql<{ n: string }>`select count(*)::text as n from report_day_counts`.execute(d.db)).rows[0]!.n;
    const before = await rows();
    await sql`update report_case_facts set status = status`.execute(d.db);
    expect(await rows()).toBe(before);
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
    // the facts as the records give them again (a delete and a set-based fill, through the same triggers)
    await sql`delete from report_case_facts`.execute(d.db);
    await sql`select redline_report_facts_fill()`.execute(d.db);
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
  }, 300_000);

  it('keeps the facts through a batch of screenings in one statement: cases with and without a facts row, two screenings of one case, one whose stored screening is newer (migration 0061)', async () => {
    const read = async (of: string[]) =>
      (
        await sql<
          Record<string, unknown>
        >`select case_id, office_id, status, created_at, countries, indicators,
          categories, first_authorized_at from report_case_facts where case_id = any(${of}::uuid[])
          order by case_id`.execute(d.db)
      ).rows;
    const ids = (await sql<{ id: string }>`select id from cases order by id limit 40`.execute(d.db)).rows.map(
      (r) => r.id,
    );
    expect(ids.length).toBe(40);
    const results = (strong: string[], ctx: string[], cats: string[]) =>
      JSON.stringify({
        summary: { strongPresent: strong, contextualPresent: ctx, validityPresent: [], undetermined: [] },
        offenceCategories: cats.map((category) => ({ category })),
        results: [],
      });
    const row = (caseId: string, r: string, seq?: number) => ({
      id: randomUUID(),
      case_id: caseId,
      ruleset_version: 'test',
      country_context_version: 'test',
      inputs_digest: 'x',
      results: r,
      trigger: 'manual' as const,
      created_at: new Date('2026-06-01T00:00:00Z'),
      ...(seq === undefined ? {} : { seq }),
    });
    // Ten cases lose their facts row (a database loaded with the facts' triggers off): the batch derives it whole.
    await sql`delete from report_case_facts where case_id = any(${ids.slice(0, 10)}::uuid[])`.execute(d.db);
    // The last case has a screening stored with a higher sequence number than the batch will get.
    const { max } = (
      await sql<{ max: string }>`select coalesce(max(seq), 0)::text as max from screenings`.execute(d.db)
    ).rows[0]!;
    const newer = results([], ['IND_CTX_COUNTRY'], ['corruption']);
    await d.db
      .insertInto('screenings')
      .values(row(ids[39]!, newer, Number(max) + 1_000_000))
      .execute();
    const afterNewer = await read([ids[39]!]);
    // The batch: every case once; the first five twice (the later one counts); alternating results.
    const batch = ids.flatMap((id, i) => {
      const r =
        i % 3 === 0
          ? results(['IND_PROFILE_DISSIDENT'], [], ['fraud', 'political_speech'])
          : i % 3 === 1
            ? results([], [], [])
            : results(['IND_ASYLUM_SAME_STATE'], ['IND_CTX_COUNTRY'], ['violent_crime']);
      return i < 5 ? [row(id, results([], [], ['fraud'])), row(id, r)] : [row(id, r)];
    });
    await d.db.insertInto('screenings').values(batch).execute();
    const kept = await read(ids);
    expect(kept.length).toBe(40);
    // the case whose stored screening is newer keeps what that one says
    expect(await read([ids[39]!])).toEqual(afterNewer);
    expect(kept.find((r) => r.case_id === ids[39])!.indicators).toEqual(['IND_CTX_COUNTRY']);
    expect(kept.find((r) => r.case_id === ids[0])!.indicators).toEqual(['IND_PROFILE_DISSIDENT']);
    expect(kept.find((r) => r.case_id === ids[0])!.categories).toEqual(['fraud', 'political_speech']);
    // every row as the records give it, and the counts per day with them
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
    await sql`delete from report_case_facts where case_id = any(${ids}::uuid[])`.execute(d.db);
    await sql`select redline_report_facts_fill()`.execute(d.db);
    expect(await read(ids)).toEqual(kept);
    expect((await verifyReportCounts(d.db)).differences).toEqual([]);
  }, 300_000);

  it('the set-based fill gives the rows the triggers kept', async () => {
    const read = async () =>
      (
        await sql<
          Record<string, unknown>
        >`select case_id, office_id, status, created_at, countries, indicators,
          categories, first_authorized_at from report_case_facts order by case_id`.execute(d.db)
      ).rows;
    const kept = await read();
    expect(kept.length).toBe(
      Number((await sql<{ n: string }>`select count(*)::text as n from cases`.execute(d.db)).rows[0]!.n),
    );
    await sql`delete from report_case_facts`.execute(d.db);
    await sql`select redline_report_facts_fill()`.execute(d.db);
    expect(await read()).toEqual(kept);
  }, 300_000);
});

describe("the dashboard's time to authorization, from the counts by tenth of an hour (migration 0038)", () => {
  // The computation it replaces: every case's first authorization, percentile_disc over the hours.
  const reference = async (office: string | null) => {
    const r = (
      await sql<{ n: string; p50: string | null; p90: string | null }>`
        select count(*)::text as n,
               percentile_disc(0.5) within group (order by h) as p50,
               percentile_disc(0.9) within group (order by h) as p90
        from (select (extract(epoch from min(a.authorized_at)) - extract(epoch from c.created_at)) / 3600.0 as h
              from authorizations a join cases c on c.id = a.case_id
              where ${office === null ? sql`true` : sql`c.office_id = ${office}`}
              group by a.case_id, c.created_at) t`.execute(d.db)
    ).rows[0]!;
    const round = (v: string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
    return { cases: Number(r.n), medianHours: round(r.p50), p90Hours: round(r.p90) };
  };

  it('equals percentile_disc over the authorizations, for one office and every office, after changes and a repair', async () => {
    const check = async () => {
      for (const [user, office] of [
        ['supervisor', 'NYC'],
        ['auditor', null],
      ] as const) {
        const board = await dashboard(await callAsUser(t.app, user));
        expect(board.timeToAuthorization, user).toEqual(await reference(office));
      }
    };
    const officer = (
      await d.db.selectFrom('users').select('id').where('username', '=', 'officer').executeTakeFirstOrThrow()
    ).id;
    // Earlier authorizations at odd minutes, on random cases: the first authorization moves for some.
    const extra = fc.sample(fc.tuple(fc.nat(ids.length - 1), fc.integer({ min: 1, max: 200_000 })), {
      numRuns: 60,
      seed: 38,
    });
    for (const [i, minutes] of extra) {
      const c = await d.db
        .selectFrom('cases')
        .select('created_at')
        .where('id', '=', ids[i]!)
        .executeTakeFirstOrThrow();
      await d.db
        .insertInto('authorizations')
        .values({
          id: randomUUID(),
          case_id: ids[i]!,
          purpose: 'law_enforcement_action',
          authorized_by: officer,
          authorized_at: new Date(new Date(c.created_at).getTime() + minutes * 60_000 + 17_000),
          case_version_hash: 'x',
          policy_version: 1,
          gates: '[]',
          status: 'withdrawn',
        })
        .execute();
    }
    const all = await reference(null);
    // The workload authorizes enough cases, in both offices, for the percentiles to mean something.
    expect(all.cases).toBeGreaterThan(40);
    expect((await reference('NYC')).cases).toBeGreaterThan(10);
    await check();
    expect((await verifyCounters(d.db)).differences).toEqual([]);
    // A case moved to the other office moves its hours with it.
    await sql`update cases set office_id = 'MIA' where id = ${ids[0]!}`.execute(d.db);
    await check();
    // A count lost: the check names it, the repair restores the figures.
    await sql`delete from office_counts where counter = 'auth_tenths'
      and key = (select key from office_counts where counter = 'auth_tenths' group by key having sum(n) <> 0
        order by key limit 1)`.execute(d.db);
    expect((await verifyCounters(d.db)).differences.some((x) => x.counter === 'auth_tenths')).toBe(true);
    await verifyCounters(d.db, { repair: true });
    expect((await verifyCounters(d.db)).differences).toEqual([]);
    await check();
  }, 300_000);
});
