/**
 * The oversight report (C4, D2): for a period and optionally an office or an issuing country — cases by
 * state, gates that blocked, indicators found by issuing country and by charge category, outcomes of the
 * retrospective review, contests and their outcomes, time to authorization (median and 90th percentile).
 * Every figure is one SQL aggregation over compact per-case facts (`report_case_facts`, kept by triggers,
 * migration 0028); no loop over cases and no screening JSON read at report time. Generating the report is audited (one entry,
 * with the period, the filters and the format). The publishable forms (CSV, PDF) apply the suppression rule
 * of `domain/suppression.ts`; the web application shows the counts to readers inside the agency.
 */
import { type RawBuilder, sql } from 'kysely';
import { REREVIEW_OUTCOMES } from '../../domain/rereview.ts';
import type { CountTable } from '../../domain/suppression.ts';
import { CASE_STATUSES } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, runAction, spansOffices } from '../context.ts';
import { type FieldProblem, invalid, notFound } from '../errors.ts';
import { timesFromCounts } from './time-to-authorization.ts';

export interface ReportFilter {
  /** First day of the period (YYYY-MM-DD), inclusive. */
  from: string;
  /** Last day of the period (YYYY-MM-DD), inclusive. */
  to: string;
  officeId?: string;
  /** ISO 3166-1 alpha-2 code of the issuing country of a notice of the case. */
  country?: string;
}

export const REPORT_TABLE_IDS = [
  'cases_by_state',
  'blocking_gates',
  'indicators_by_country',
  'indicators_by_category',
  'rereview_outcomes',
  'contests',
] as const;
export type ReportTableId = (typeof REPORT_TABLE_IDS)[number];

export interface ReportTable {
  id: ReportTableId;
  title: string;
  /** What is counted, in plain words. */
  counts: string;
  rowLabel: string;
  colLabel: string;
  table: CountTable;
}

export interface TimeStat {
  group: string;
  /** Authorizations counted. */
  n: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface OversightReport {
  from: string;
  to: string;
  officeId: string | null;
  country: string | null;
  generatedAt: string;
  tables: ReportTable[];
  timeToAuthorization: TimeStat[];
}

export const CONTEST_DECISIONS = ['pending', 'sustained', 'not_sustained', 'withdrawn'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayStart(d: string): Date {
  return new Date(`${d}T00:00:00.000Z`);
}

export function checkFilter(f: ReportFilter): { start: Date; end: Date } {
  const fields: FieldProblem[] = [];
  // Years the database's timestamps and the report can hold (no year 0, no five-digit year).
  const valid = (d: string) =>
    Number(d.slice(0, 4)) >= 1900 &&
    Number(d.slice(0, 4)) <= 2200 &&
    DATE.test(d) &&
    !Number.isNaN(dayStart(d).getTime()) &&
    dayStart(d).toISOString().startsWith(d);
  if (!valid(f.from))
    fields.push({
      field: 'from',
      message: 'Give the first day of the period as YYYY-MM-DD, a year from 1900 to 2200.',
    });
  if (!valid(f.to))
    fields.push({
      field: 'to',
      message: 'Give the last day of the period as YYYY-MM-DD, a year from 1900 to 2200.',
    });
  if (!fields.length && f.to < f.from)
    fields.push({ field: 'to', message: 'The last day of the period must not be before the first.' });
  if (f.country !== undefined && !/^[A-Z]{2}$/.test(f.country))
    fields.push({ field: 'country', message: 'Give the issuing country as a two-letter code, e.g. RU.' });
  if (fields.length) throw invalid('The report could not be produced.', fields);
  return { start: dayStart(f.from), end: new Date(dayStart(f.to).getTime() + 86_400_000) };
}

export interface PeriodBucket {
  /** 'y' whole years, 'm' whole months, 'd' days. */
  grain: 'y' | 'm' | 'd';
  /** The first bucket of the range (the first day of a year, of a month, or a day), YYYY-MM-DD. */
  first: string;
  /** The last bucket of the range, inclusive. */
  last: string;
}

/**
 * The period from `from` to `to` (inclusive days, YYYY-MM-DD, UTC) cut into at most five ranges of buckets of
 * report_day_counts: the days before the first whole month, the whole months before the first whole year, the
 * whole years, the whole months after them and the days left. Each day of the period is in exactly one bucket.
 */
export function periodBuckets(from: string, to: string): PeriodBucket[] {
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const end = day(to);
  const out: PeriodBucket[] = [];
  const push = (grain: PeriodBucket['grain'], first: number) => {
    const last = out[out.length - 1];
    if (last && last.grain === grain) last.last = iso(first);
    else out.push({ grain, first: iso(first), last: iso(first) });
  };
  let t = day(from);
  while (t <= end) {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const nextYear = Date.UTC(y + 1, 0, 1);
    const nextMonth = Date.UTC(y, m + 1, 1);
    if (m === 0 && d.getUTCDate() === 1 && nextYear - 86_400_000 <= end) {
      push('y', t);
      t = nextYear;
    } else if (d.getUTCDate() === 1 && nextMonth - 86_400_000 <= end) {
      push('m', t);
      t = nextMonth;
    } else {
      push('d', t);
      t += 86_400_000;
    }
  }
  return out;
}

/** Builds a table from (row, col, n) triples, with the rows and columns given (or those found). */
function toTable(
  triples: { r: string; c: string; n: number }[],
  rows: readonly string[] | null,
  cols: readonly string[],
): CountTable {
  const rowList = rows ? [...rows] : [...new Set(triples.map((t) => t.r))].sort();
  const colList = [...cols];
  const cells = rowList.map(() => colList.map(() => 0));
  for (const t of triples) {
    const i = rowList.indexOf(t.r);
    const j = colList.indexOf(t.c);
    if (i >= 0 && j >= 0) cells[i]![j]! += Number(t.n);
  }
  return { rows: rowList, cols: colList, cells };
}

export interface Triple {
  r: string;
  c: string;
  n: number;
}

export async function triples(trx: DbOrTrx, q: RawBuilder<unknown>): Promise<Triple[]> {
  return (await sql<Triple>`${q}`.execute(trx)).rows;
}

/** The raw figures of a report, before they are laid out as tables. */
export interface ReportParts {
  offices: string[];
  byState: Triple[];
  gates: Triple[];
  byCountry: Triple[];
  byCategory: Triple[];
  outcomes: Triple[];
  contests: Triple[];
  times: { grp: string | null; n: number; median: number | null; p90: number | null }[];
}

/**
 * Produces the report's figures (the caller audits): SQL aggregations over the per-case facts
 * (`report_case_facts`, migration 0028, kept by triggers), the re-review outcomes, the contests and the
 * refusals in the audit log, each bounded by the period through an index.
 */
export async function reportFigures(
  trx: DbOrTrx,
  filter: ReportFilter,
  now: Date,
  opts: { countsFrom?: 'days' | 'facts' } = {},
): Promise<OversightReport> {
  const { start, end } = checkFilter(filter);
  // Each of the report's statements runs in milliseconds, but the planner's estimates for some pass the JIT
  // threshold and compiling them cost more than running them (measured at 1,000,000 cases). `set local`
  // lasts until the end of the caller's transaction.
  await sql`set local jit = off`.execute(trx);
  const office = filter.officeId ?? null;
  const country = filter.country ?? null;
  // The cases in scope of the filters (office, issuing country): a condition on the facts `f`.
  const scope = sql`(${office}::text is null or f.office_id = ${office})
    and (${country}::text is null or ${country}::text = any(f.countries))`;
  // The counts of the cases opened in the period: sums over its whole years, whole months and remaining
  // days (report_day_counts, migration 0034).
  const ranges = periodBuckets(filter.from, filter.to);
  // The rows of one counter and country over those ranges: one index range each (report_day_counts_read).
  const counts = (counter: string, countryKey: string) =>
    sql.join(
      ranges.map(
        (b) => sql`select office_id, k1, k2, n from report_day_counts
          where counter = ${counter} and country = ${countryKey} and grain = ${b.grain}
            and day >= ${b.first}::date and day <= ${b.last}::date`,
      ),
      sql` union all `,
    );
  const dayOffice = sql`(${office}::text is null or d.office_id = ${office})`;
  // The facts of the case of each row of the period (outcomes, contests): one primary-key lookup a row (a
  // subquery with a limit is not flattened, so the planner does not hash every case's facts instead).
  const factsOf = (t: string) =>
    sql`cross join lateral (select x.office_id, x.countries from report_case_facts x
      where x.case_id = ${sql.ref(`${t}.case_id`)} limit 1) f`;
  // The same counts by a scan of the facts of the period (the report before migration 0034): for the
  // benchmark and the test that compares both.
  const fromFacts = opts.countsFrom === 'facts';
  const opened = sql`f.created_at >= ${start} and f.created_at < ${end}`;
  const parts: ReportParts = {
    offices: await reportOffices(trx, office),
    byState: await triples(
      trx,
      fromFacts
        ? sql`select f.status as r, f.office_id as c, count(*)::int as n from report_case_facts f
            where ${opened} and ${scope} group by 1, 2`
        : sql`select d.k1 as r, d.office_id as c, sum(d.n)::int as n from (${counts('state', country ?? '')}) d
            where ${dayOffice} group by 1, 2 having sum(d.n) <> 0`,
    ),
    gates: await triples(
      trx,
      sql`select g.gate as r, f.office_id as c, count(distinct f.case_id)::int as n
        from audit_log a
        join report_case_facts f on f.case_id = a.case_id
        cross join lateral jsonb_array_elements_text(
          case when jsonb_typeof(a.detail -> 'unmetGates') = 'array' then a.detail -> 'unmetGates' else '[]'::jsonb end
        ) g(gate)
        where a.outcome = 'denied' and a.at >= ${start} and a.at < ${end} and ${scope}
        group by 1, 2`,
    ),
    byCountry: await triples(
      trx,
      fromFacts
        ? sql`select i.ind as r, k.country as c, count(*)::int as n
            from report_case_facts f
            cross join lateral unnest(f.indicators) i(ind)
            cross join lateral unnest(f.countries) k(country)
            where ${opened} and ${scope} and cardinality(f.indicators) > 0
              and (${country}::text is null or k.country = ${country})
            group by 1, 2`
        : sql`select d.k1 as r, d.k2 as c, sum(d.n)::int as n from (${counts('ind_country', '')}) d
            where (${country}::text is null or d.k2 = ${country}) and ${dayOffice}
            group by 1, 2 having sum(d.n) <> 0`,
    ),
    byCategory: await triples(
      trx,
      fromFacts
        ? sql`select i.ind as r, k.category as c, count(*)::int as n
            from report_case_facts f
            cross join lateral unnest(f.indicators) i(ind)
            cross join lateral unnest(f.categories) k(category)
            where ${opened} and ${scope} and cardinality(f.indicators) > 0
            group by 1, 2`
        : sql`select d.k1 as r, d.k2 as c, sum(d.n)::int as n from (${counts('ind_category', country ?? '')}) d
            where ${dayOffice} group by 1, 2 having sum(d.n) <> 0`,
    ),
    outcomes: await triples(
      trx,
      sql`select o.outcome as r, f.office_id as c, count(*)::int as n
        from rereview_outcomes o ${factsOf('o')}
        where o.recorded_at >= ${start} and o.recorded_at < ${end} and ${scope}
        group by 1, 2`,
    ),
    contests: await triples(
      trx,
      sql`select coalesce(k.decision, 'pending') as r, f.office_id as c, count(*)::int as n
        from contests k ${factsOf('k')}
        where k.filed_at >= ${start} and k.filed_at < ${end} and ${scope}
        group by 1, 2`,
    ),
    // Time from opening to the case's first authorization, for first authorizations in the period.
    times: fromFacts
      ? (
          await sql<ReportParts['times'][number]>`
          with firsts as (
            select f.office_id, redline_auth_tenths(f.created_at, f.first_authorized_at) as tenths
            from report_case_facts f
            where f.first_authorized_at >= ${start} and f.first_authorized_at < ${end} and ${scope}
          )
          select office_id as grp, count(*)::int as n,
            percentile_disc(0.5) within group (order by tenths) / 10.0 as median,
            percentile_disc(0.9) within group (order by tenths) / 10.0 as p90
          from firsts group by grouping sets ((office_id), ())
          order by grp nulls first`.execute(trx)
        ).rows
      : await timesFromCounts(trx, {
          counts: counts('auth_bucket', country ?? ''),
          dayOffice,
          scope,
          start,
          end,
        }),
  };
  return assembleReport(filter, now, parts);
}

/** The offices a report's columns list: the one filtered on, or all. */
export async function reportOffices(trx: DbOrTrx, office: string | null): Promise<string[]> {
  return (
    await sql<{
      id: string;
    }>`select id from offices where ${office}::text is null or id = ${office} order by id`.execute(trx)
  ).rows.map((r) => r.id);
}

/** Lays the raw figures out as the report's tables. */
export function assembleReport(filter: ReportFilter, now: Date, parts: ReportParts): OversightReport {
  const { offices, byState, gates, byCountry, byCategory, outcomes, contests, times } = parts;
  const countries = [...new Set(byCountry.map((t) => t.c))].sort();
  const categories = [...new Set(byCategory.map((t) => t.c))].sort();
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    from: filter.from,
    to: filter.to,
    officeId: filter.officeId ?? null,
    country: filter.country ?? null,
    generatedAt: now.toISOString(),
    tables: [
      {
        id: 'cases_by_state',
        title: 'Cases by state',
        counts: 'Cases opened in the period, by their state now and their office.',
        rowLabel: 'State',
        colLabel: 'Office',
        table: toTable(byState, CASE_STATUSES, offices),
      },
      {
        id: 'blocking_gates',
        title: 'Gates that blocked',
        counts:
          'Cases on which an action was refused in the period because the gate was not met, by gate and office.',
        rowLabel: 'Gate',
        colLabel: 'Office',
        table: toTable(gates, null, offices),
      },
      {
        id: 'indicators_by_country',
        title: 'Indicators found, by issuing country',
        counts:
          'Cases opened in the period whose latest screening found the indicator present, by the issuing country of their notices.',
        rowLabel: 'Indicator',
        colLabel: 'Issuing country',
        table: toTable(byCountry, null, countries),
      },
      {
        id: 'indicators_by_category',
        title: 'Indicators found, by charge category',
        counts:
          'Cases opened in the period whose latest screening found the indicator present, by the offence categories of their charges.',
        rowLabel: 'Indicator',
        colLabel: 'Charge category',
        table: toTable(byCategory, null, categories),
      },
      {
        id: 'rereview_outcomes',
        title: 'Outcomes of the retrospective review',
        counts: 'Retrospective reviews concluded in the period, by outcome and office.',
        rowLabel: 'Outcome',
        colLabel: 'Office',
        table: toTable(outcomes, REREVIEW_OUTCOMES, offices),
      },
      {
        id: 'contests',
        title: 'Contests and their outcomes',
        counts: 'Contests filed in the period, by decision (pending when not decided yet) and office.',
        rowLabel: 'Decision',
        colLabel: 'Office',
        table: toTable(contests, CONTEST_DECISIONS, offices),
      },
    ],
    // All offices first, then each office by code (the same order whichever plan the database chose).
    timeToAuthorization: [...times]
      .sort((a, b) => (a.grp === null ? -1 : b.grp === null ? 1 : a.grp < b.grp ? -1 : a.grp > b.grp ? 1 : 0))
      .map((r) => ({
        group: r.grp ?? 'All offices',
        n: Number(r.n),
        medianHours: round(r.median),
        p90Hours: round(r.p90),
      })),
  };
}

export type ReportFormat = 'json' | 'csv' | 'pdf';

/** The report for the caller, audited: office-bound roles see their own office only. */
export async function oversightReport(
  call: Call,
  filter: ReportFilter,
  format: ReportFormat = 'json',
): Promise<OversightReport> {
  return runAction(
    call,
    { action: 'report.oversight', permission: 'report.read', entityType: 'report' },
    async (trx, audit, now) => {
      let officeId = filter.officeId;
      if (officeId !== undefined) {
        const known = await trx
          .selectFrom('offices')
          .select('id')
          .where('id', '=', officeId)
          .executeTakeFirst();
        const reachable = spansOffices(call) || officeId === call.actor.officeId;
        if (!known || !reachable) throw notFound('The office');
      } else if (!spansOffices(call)) {
        officeId = call.actor.officeId ?? '';
      }
      const report = await reportFigures(trx, { ...filter, officeId }, now);
      audit.detail = {
        format,
        from: report.from,
        to: report.to,
        officeId: report.officeId,
        country: report.country,
        suppressed: format !== 'json',
      };
      return report;
    },
  );
}
