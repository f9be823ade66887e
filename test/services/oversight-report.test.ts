import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { appendAudit } from '../../src/services/audit.ts';
import { type OversightReport, reportFigures } from '../../src/services/report/oversight.ts';
import { reportCsv } from '../../src/services/report/publish.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases, type SyntheticCase } from '../helpers/synthetic-cases.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

const GATES = ['G-VALIDITY', 'G-REVIEW', 'G-DISCLOSURE'];
interface Generated extends SyntheticCase {
  blockedBy: string[];
  blockedAt: Date;
  rereview: null | 'no_action' | 'referral_counsel' | 'referral_oversight';
  rereviewAt: Date;
}

const date2024 = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2024-12-31T23:00:00Z'),
  noInvalidDate: true,
});
const arbCase: fc.Arbitrary<Generated> = fc.record({
  office: fc.constantFrom('NYC' as const, 'MIA' as const),
  status: fc.constantFrom('open' as const, 'authorized' as const, 'closed' as const),
  custody: fc.constantFrom('in_custody' as const, 'unknown' as const),
  inProceedings: fc.boolean(),
  strongIndicators: fc.subarray(['IND_PROFILE_DISSIDENT', 'IND_ASYLUM_SAME_STATE']),
  contextualIndicators: fc.subarray(['IND_CTX_COUNTRY']),
  categories: fc.subarray(['fraud', 'corruption', 'violent_crime'], { minLength: 1 }),
  noticeStatus: fc.constantFrom('valid' as const, 'withdrawn' as const),
  issuingCountry: fc.constantFrom('RU', 'TR', 'CN', 'FR'),
  disclosed: fc.boolean(),
  createdAt: date2024,
  authorizedAfterHours: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
  contest: fc.constantFrom(null, 'pending' as const, 'sustained' as const, 'not_sustained' as const),
  blockedBy: fc.subarray(GATES),
  blockedAt: date2024,
  rereview: fc.constantFrom(
    null,
    'no_action' as const,
    'referral_counsel' as const,
    'referral_oversight' as const,
  ),
  rereviewAt: date2024,
});

let dataset: Generated[] = [];
let ids: string[] = [];

beforeAll(async () => {
  d = await testDatabase('review');
  t = testApp(d);
  await seedDemo(t.system);
  dataset = fc.sample(arbCase, { numRuns: 120, seed: 20261129 });
  ids = await insertSyntheticCases(d.db, dataset);
  const reviewer = await d.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'supervisor2')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < dataset.length; i++) {
    const c = dataset[i]!;
    if (c.blockedBy.length)
      await d.db.transaction().execute((trx) =>
        appendAudit(trx, {
          at: c.blockedAt,
          actorId: null,
          actorUsername: 'test',
          actorRole: null,
          action: 'authorization.create',
          outcome: 'denied',
          caseId: ids[i]!,
          detail: { code: 'gates_unmet', unmetGates: c.blockedBy },
        }),
      );
    if (c.rereview)
      await d.db
        .insertInto('rereview_outcomes')
        .values({
          id: crypto.randomUUID(),
          case_id: ids[i]!,
          outcome: c.rereview,
          reasons: 'synthetic',
          reviewer_id: reviewer.id,
          tier: 1,
          recorded_at: c.rereviewAt,
        })
        .execute();
  }
}, 300_000);
afterAll(async () => {
  await d.close();
});

/** The nearest rank (percentile_disc): the ceil(p × n)-th smallest value, of the values rounded to the tenth. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = values.map((v) => Math.floor(v * 10 + 0.5)).sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(p * s.length)) - 1]! / 10;
}

/** The report's numbers, counted by hand from the generated dataset. */
function bruteForce(from: string, to: string, office?: string, country?: string) {
  const start = new Date(`${from}T00:00:00Z`).getTime();
  const end = new Date(`${to}T00:00:00Z`).getTime() + 86_400_000;
  const inPeriod = (d: Date) => d.getTime() >= start && d.getTime() < end;
  const scoped = dataset.filter(
    (c) => (!office || c.office === office) && (!country || c.issuingCountry === country),
  );
  const count = (pairs: [string, string][]) => {
    const m = new Map<string, number>();
    for (const [r, c] of pairs) m.set(`${r}|${c}`, (m.get(`${r}|${c}`) ?? 0) + 1);
    return m;
  };
  const opened = scoped.filter((c) => inPeriod(c.createdAt));
  const indicators = (c: Generated) => [...new Set([...c.strongIndicators, ...c.contextualIndicators])];
  const times = scoped
    .filter(
      (c) =>
        c.authorizedAfterHours !== null &&
        inPeriod(new Date(c.createdAt.getTime() + c.authorizedAfterHours * 3_600_000)),
    )
    .map((c) => ({ office: c.office, h: c.authorizedAfterHours! }));
  return {
    cases_by_state: count(opened.map((c) => [c.status, c.office])),
    blocking_gates: count(
      scoped
        .filter((c) => inPeriod(c.blockedAt))
        .flatMap((c) => c.blockedBy.map((g) => [g, c.office] as [string, string])),
    ),
    indicators_by_country: count(
      opened.flatMap((c) => indicators(c).map((i) => [i, c.issuingCountry] as [string, string])),
    ),
    indicators_by_category: count(
      opened.flatMap((c) =>
        indicators(c).flatMap((i) => c.categories.map((k) => [i, k] as [string, string])),
      ),
    ),
    rereview_outcomes: count(
      scoped.filter((c) => c.rereview && inPeriod(c.rereviewAt)).map((c) => [c.rereview!, c.office]),
    ),
    contests: count(
      scoped.filter((c) => c.contest && inPeriod(c.createdAt)).map((c) => [c.contest!, c.office]),
    ),
    times,
  };
}

function asMap(report: OversightReport, id: string) {
  const t = report.tables.find((x) => x.id === id)!.table;
  const m = new Map<string, number>();
  t.rows.forEach((r, i) => {
    t.cols.forEach((c, j) => {
      const v = t.cells[i]![j]!;
      if (v) m.set(`${r}|${c}`, v);
    });
  });
  return m;
}

const sorted = (m: Map<string, number>) => [...m.entries()].sort();

describe('the oversight report', () => {
  const periods: [string, string, string?, string?][] = [
    ['2024-01-01', '2024-12-31'],
    ['2024-03-15', '2024-08-02'],
    ['2024-01-01', '2024-12-31', 'MIA'],
    ['2024-02-01', '2024-11-30', undefined, 'RU'],
    ['2024-05-01', '2024-05-01', 'NYC', 'TR'],
  ];
  for (const [from, to, office, country] of periods)
    it(`equals a count by hand of the generated dataset (${from}..${to} ${office ?? 'all offices'} ${country ?? 'all countries'})`, async () => {
      const report = await reportFigures(d.db, { from, to, officeId: office, country }, new Date());
      const expected = bruteForce(from, to, office, country);
      for (const id of [
        'cases_by_state',
        'blocking_gates',
        'indicators_by_country',
        'indicators_by_category',
        'rereview_outcomes',
        'contests',
      ] as const)
        expect(sorted(asMap(report, id)), id).toEqual(sorted(expected[id]));
      const all = report.timeToAuthorization.find((s) => s.group === 'All offices');
      const hours = expected.times.map((x) => x.h);
      if (!hours.length) expect(all?.n ?? 0).toBe(0);
      else {
        expect(all?.n).toBe(hours.length);
        expect(all?.medianHours).toBeCloseTo(percentile(hours, 0.5)!, 1);
        expect(all?.p90Hours).toBeCloseTo(percentile(hours, 0.9)!, 1);
      }
      for (const o of ['NYC', 'MIA']) {
        const h = expected.times.filter((x) => x.office === o).map((x) => x.h);
        const s = report.timeToAuthorization.find((x) => x.group === o);
        if (!h.length) expect(s).toBeUndefined();
        else expect(s?.medianHours).toBeCloseTo(percentile(h, 0.5)!, 1);
      }
    });

  it('refuses a period that is not one, naming the field', async () => {
    await expect(
      reportFigures(d.db, { from: '2024-13-01', to: '2024-01-01' }, new Date()),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'from' })] },
    });
    await expect(
      reportFigures(d.db, { from: '2024-02-01', to: '2024-01-01' }, new Date()),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'to' })] },
    });
  });

  it('the CSV withholds every count below 11 and escapes text a spreadsheet would run', async () => {
    await insertSyntheticCases(d.db, [
      {
        ...dataset[0]!,
        issuingCountry: '=HYPERLINK("http://x","y")',
        categories: ['@SUM(1+1)', '-2+3', '+cmd', '\tTAB', '\rCR'],
        strongIndicators: ['IND_PROFILE_DISSIDENT'],
        createdAt: new Date('2023-06-01T00:00:00Z'),
      },
    ]);
    const report = await reportFigures(d.db, { from: '2023-01-01', to: '2024-12-31' }, new Date());
    const csv = reportCsv(report);
    for (const line of csv.split('\n').slice(1)) {
      if (!line) continue;
      const value = line.slice(line.lastIndexOf(',') + 1);
      if (/^\d+$/.test(value)) expect(Number(value)).toBeGreaterThanOrEqual(11);
    }
    expect(csv).toContain('withheld');
    expect(csv).not.toMatch(/(^|,)"?[=+\-@\t\r]/m);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain("'@SUM(1+1)");
    expect(csv).toContain("'-2+3");
  });
});
