/**
 * The oversight report's time to authorization, from counts (migration 0042; docs/oversight-report.md).
 *
 * For the first authorizations of the period — per office and for all offices — the count, the median and
 * the 90th percentile of the time from the case's opening, in tenths of an hour. The percentile is the
 * nearest rank (`percentile_disc`: the ceil(p × n)-th smallest time), as on the dashboard. Two statements,
 * exact, whatever the number of cases:
 * 1. the counts per bucket of time (`report_day_counts`, counter `auth_bucket`) over the period's years,
 *    months and days, per office: the running sum over the buckets in order gives, for each group and
 *    percentile, the bucket that holds the rank and the rank inside it;
 * 2. for each of those (at most two per office and two for all offices), the authorization at that rank
 *    among the authorizations of the period in that bucket, read through the index on (bucket, office, time
 *    of the authorization) and sorted by their exact time.
 */
import { type RawBuilder, sql } from 'kysely';
import type { DbOrTrx } from '../../store/db.ts';

export interface TimeRow {
  /** The office, or null for all offices. */
  grp: string | null;
  n: number;
  /** Hours, to the tenth. */
  median: number | null;
  p90: number | null;
}

/** One group's buckets (in order) and their counts. */
type Buckets = { bucket: number; n: number }[];

/** The bucket that holds the rank-th smallest time, and the rank inside it (from 1). */
export function rankInBuckets(buckets: Buckets, rank: number): { bucket: number; rank: number } | null {
  let before = 0;
  for (const b of buckets) {
    if (before + b.n >= rank) return { bucket: b.bucket, rank: rank - before };
    before += b.n;
  }
  return null;
}

/** The nearest rank of a percentile among n values (as `percentile_disc`: ceil(p × n), at least 1). */
export function nearestRank(p: number, n: number): number {
  return Math.max(1, Math.ceil(p * n));
}

const PERCENTILES = [0.5, 0.9] as const;

export async function timesFromCounts(
  trx: DbOrTrx,
  q: {
    /** The period's rows of counter `auth_bucket` for the country filter (office_id, k1, k2, n). */
    counts: RawBuilder<unknown>;
    /** The office filter on those rows (alias d). */
    dayOffice: RawBuilder<unknown>;
    /** The office and country filter on the facts (alias f). */
    scope: RawBuilder<unknown>;
    start: Date;
    end: Date;
  },
): Promise<TimeRow[]> {
  const rows = (
    await sql<{ office_id: string; bucket: string; n: string | number }>`
      select d.office_id, d.k1 as bucket, sum(d.n) as n from (${q.counts}) d
      where ${q.dayOffice} group by 1, 2 having sum(d.n) <> 0`.execute(trx)
  ).rows;
  const groups = new Map<string | null, Map<number, number>>([[null, new Map()]]);
  for (const r of rows) {
    const bucket = Number(r.bucket);
    const n = Number(r.n);
    for (const g of [r.office_id, null]) {
      const m = groups.get(g) ?? new Map<number, number>();
      groups.set(g, m);
      m.set(bucket, (m.get(bucket) ?? 0) + n);
    }
  }
  // The rank to find in each group, per percentile.
  const targets: { i: number; grp: string | null; bucket: number; rank: number }[] = [];
  const out: (TimeRow & { at: number[] })[] = [];
  for (const [grp, m] of groups) {
    const buckets = [...m]
      .filter(([, n]) => n > 0)
      .map(([bucket, n]) => ({ bucket, n }))
      .sort((a, b) => a.bucket - b.bucket);
    const n = buckets.reduce((s, b) => s + b.n, 0);
    if (n === 0 && grp !== null) continue;
    const row = { grp, n, median: null, p90: null, at: [] as number[] };
    for (const p of PERCENTILES) {
      const found = n > 0 ? rankInBuckets(buckets, nearestRank(p, n)) : null;
      if (found) {
        row.at.push(targets.length);
        targets.push({ i: targets.length, grp, ...found });
      } else row.at.push(-1);
    }
    out.push(row);
  }
  const found = new Map<number, number>();
  if (targets.length) {
    const values = sql.join(
      targets.map((t) => sql`(${t.i}::int, ${t.grp}::text, ${t.bucket}::bigint, ${t.rank}::bigint)`),
    );
    // The authorization at the rank, among those of its bucket in the period: of every office, or of one
    // (two subqueries, so that each reads one range of the index; the one that does not apply is skipped).
    const atRank = (office: RawBuilder<unknown>) => sql`(
      select redline_auth_tenths(f.created_at, f.first_authorized_at) as tenths
      from report_case_facts f
      where f.first_authorized_at is not null
        and redline_auth_bucket(redline_auth_tenths(f.created_at, f.first_authorized_at)) = t.bucket
        and ${office}
        and f.first_authorized_at >= ${q.start} and f.first_authorized_at < ${q.end}
        and ${q.scope}
      order by 1 offset t.rank - 1 limit 1)`;
    const tenths = (
      await sql<{ i: number; tenths: string | number | null }>`
        select t.i, case when t.grp is null then ${atRank(sql`true`)}
                         else ${atRank(sql`f.office_id = t.grp`)} end as tenths
        from (values ${values}) t(i, grp, bucket, rank)`.execute(trx)
    ).rows;
    for (const r of tenths) if (r.tenths !== null) found.set(Number(r.i), Number(r.tenths));
  }
  const hours = (i: number) => {
    const t = found.get(i);
    return t === undefined ? null : t / 10;
  };
  return out.map(({ grp, n, at }) => ({
    grp,
    n,
    median: at[0]! >= 0 ? hours(at[0]!) : null,
    p90: at[1]! >= 0 ? hours(at[1]!) : null,
  }));
}
