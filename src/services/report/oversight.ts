/**
 * The oversight report (C4, D2): for a period and optionally an office or an issuing country — cases by
 * state, gates that blocked, indicators found by issuing country and by charge category, outcomes of the
 * retrospective review, contests and their outcomes, time to authorization (median and 90th percentile).
 * Every figure is one SQL aggregation; no loop over cases. Generating the report is audited (one entry,
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

function checkFilter(f: ReportFilter): { start: Date; end: Date } {
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

async function triples(trx: DbOrTrx, q: RawBuilder<unknown>) {
  return (await sql<{ r: string; c: string; n: number }>`${q}`.execute(trx)).rows;
}

/** Produces the report's figures (the caller audits). */
export async function reportFigures(trx: DbOrTrx, filter: ReportFilter, now: Date): Promise<OversightReport> {
  const { start, end } = checkFilter(filter);
  const office = filter.officeId ?? null;
  const country = filter.country ?? null;
  // The cases in scope of the filters (office, issuing country): a condition on `c`.
  const scope = sql`(${office}::text is null or c.office_id = ${office})
    and (${country}::text is null or exists (select 1 from case_notices fcn join notices fn on fn.id = fcn.notice_id
      where fcn.case_id = c.id and fn.issuing_country = ${country}))`;
  const offices = (
    await sql<{
      id: string;
    }>`select id from offices where ${office}::text is null or id = ${office} order by id`.execute(trx)
  ).rows.map((r) => r.id);

  const byState = await triples(
    trx,
    sql`select c.status as r, c.office_id as c, count(*)::int as n from cases c
      where c.created_at >= ${start} and c.created_at < ${end} and ${scope}
      group by 1, 2`,
  );
  const gates = await triples(
    trx,
    sql`select g.gate as r, c.office_id as c, count(distinct c.id)::int as n
      from audit_log a
      join cases c on c.id = a.case_id
      cross join lateral jsonb_array_elements_text(
        case when jsonb_typeof(a.detail -> 'unmetGates') = 'array' then a.detail -> 'unmetGates' else '[]'::jsonb end
      ) g(gate)
      where a.outcome = 'denied' and a.at >= ${start} and a.at < ${end} and ${scope}
      group by 1, 2`,
  );
  // The latest screening of each case opened in the period, and the indicators it found present.
  const latest = sql`(select distinct on (s.case_id) s.case_id, s.results from screenings s
      join cases c on c.id = s.case_id
      where c.created_at >= ${start} and c.created_at < ${end} and ${scope}
      order by s.case_id, s.seq desc)`;
  const present = sql`(select l.case_id, i.ind from ${latest} l
      cross join lateral (
        select jsonb_array_elements_text(coalesce(l.results -> 'summary' -> 'strongPresent', '[]'::jsonb))
        union select jsonb_array_elements_text(coalesce(l.results -> 'summary' -> 'contextualPresent', '[]'::jsonb))
        union select jsonb_array_elements_text(coalesce(l.results -> 'summary' -> 'validityPresent', '[]'::jsonb))
      ) i(ind))`;
  const byCountry = await triples(
    trx,
    sql`select p.ind as r, n.issuing_country as c, count(distinct p.case_id)::int as n
      from ${present} p join case_notices cn on cn.case_id = p.case_id join notices n on n.id = cn.notice_id
      where ${country}::text is null or n.issuing_country = ${country}
      group by 1, 2`,
  );
  const byCategory = await triples(
    trx,
    sql`select p.ind as r, k.category as c, count(distinct p.case_id)::int as n
      from ${present} p
      join ${latest} l on l.case_id = p.case_id
      cross join lateral (select distinct e ->> 'category' from jsonb_array_elements(
        case when jsonb_typeof(l.results -> 'offenceCategories') = 'array' then l.results -> 'offenceCategories' else '[]'::jsonb end
      ) e) k(category)
      where k.category is not null
      group by 1, 2`,
  );
  const outcomes = await triples(
    trx,
    sql`select o.outcome as r, c.office_id as c, count(*)::int as n
      from rereview_outcomes o join cases c on c.id = o.case_id
      where o.recorded_at >= ${start} and o.recorded_at < ${end} and ${scope}
      group by 1, 2`,
  );
  const contests = await triples(
    trx,
    sql`select coalesce(k.decision, 'pending') as r, c.office_id as c, count(*)::int as n
      from contests k join cases c on c.id = k.case_id
      where k.filed_at >= ${start} and k.filed_at < ${end} and ${scope}
      group by 1, 2`,
  );
  // Time from opening to the case's first authorization, for first authorizations in the period.
  const times = await sql<{ grp: string | null; n: number; median: number | null; p90: number | null }>`
    with firsts as (
      select c.office_id, extract(epoch from (min(z.authorized_at) - c.created_at)) / 3600.0 as hours
      from authorizations z join cases c on c.id = z.case_id
      where ${scope}
      group by c.id, c.office_id, c.created_at
      having min(z.authorized_at) >= ${start} and min(z.authorized_at) < ${end}
    )
    select office_id as grp, count(*)::int as n,
      percentile_cont(0.5) within group (order by hours) as median,
      percentile_cont(0.9) within group (order by hours) as p90
    from firsts group by grouping sets ((office_id), ())
    order by grp nulls first`.execute(trx);

  const countries = [...new Set(byCountry.map((t) => t.c))].sort();
  const categories = [...new Set(byCategory.map((t) => t.c))].sort();
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    from: filter.from,
    to: filter.to,
    officeId: office,
    country,
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
    timeToAuthorization: times.rows.map((r) => ({
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
