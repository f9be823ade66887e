/**
 * The oversight report computed from the stored records themselves: each case's latest screening read
 * and its JSON unpacked on every request. This is how the report was produced before the per-case facts
 * of migration 0028 (22 s at 100,000 cases on PostgreSQL). It is kept as the reference the facts are
 * checked against: the tests compare both on random workloads, and the benchmark measures both.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../store/db.ts';
import {
  assembleReport,
  checkFilter,
  type OversightReport,
  type ReportFilter,
  reportOffices,
  triples,
} from './oversight.ts';

export async function reportFiguresFromRecords(
  trx: DbOrTrx,
  filter: ReportFilter,
  now: Date,
): Promise<OversightReport> {
  const { start, end } = checkFilter(filter);
  const office = filter.officeId ?? null;
  const country = filter.country ?? null;
  // The cases in scope of the filters (office, issuing country): a condition on `c`.
  const scope = sql`(${office}::text is null or c.office_id = ${office})
    and (${country}::text is null or exists (select 1 from case_notices fcn join notices fn on fn.id = fcn.notice_id
      where fcn.case_id = c.id and fn.issuing_country = ${country}))`;
  const offices = await reportOffices(trx, office);

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
      select c.office_id, redline_auth_tenths(c.created_at, min(z.authorized_at)) as tenths
      from authorizations z join cases c on c.id = z.case_id
      where ${scope}
      group by c.id, c.office_id, c.created_at
      having min(z.authorized_at) >= ${start} and min(z.authorized_at) < ${end}
    )
    select office_id as grp, count(*)::int as n,
      percentile_disc(0.5) within group (order by tenths) / 10.0 as median,
      percentile_disc(0.9) within group (order by tenths) / 10.0 as p90
    from firsts group by grouping sets ((office_id), ())
    order by grp nulls first`.execute(trx);

  return assembleReport(filter, now, {
    offices,
    byState,
    gates,
    byCountry,
    byCategory,
    outcomes,
    contests,
    times: times.rows,
  });
}
