/**
 * The oversight report's counts per opening day (table `report_day_counts`, migration 0034;
 * docs/decisions/report-day-counts.md).
 *
 * Triggers on `report_case_facts` add signed delta rows in the same transaction as every change to the facts;
 * a count is the sum of its rows. `compactReportCounts` folds the rows of each (day, office, counter,
 * country, key) into one now and then; `verifyReportCounts` compares the table with a recount over the facts
 * (view `report_day_counts_expected`) and, with `repair`, adds the correcting deltas in the same statement.
 */
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../store/db.ts';
import { startPeriodic } from '../periodic.ts';

const KEY = 'grain, day, office_id, counter, country, k1, k2';

/**
 * Folds the delta rows of each count into one. One statement, so a reader sees the rows before or after it;
 * rows inserted by transactions that commit meanwhile are not in its snapshot and stay. Two compactions
 * never run at once (an advisory lock; the second returns 0). Returns how many rows were folded.
 */
export async function compactReportCounts(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(22034) as ok`.execute(trx);
    if (!got.rows[0]?.ok) return 0;
    const r = await sql<{ folded: string | number }>`
      with d as (delete from report_day_counts returning ${sql.raw(KEY)}, n),
           s as (insert into report_day_counts (${sql.raw(KEY)}, n)
                 select ${sql.raw(KEY)}, sum(n) from d group by 1, 2, 3, 4, 5, 6, 7 having sum(n) <> 0
                 returning 1)
      select (select count(*) from d) as folded`.execute(trx);
    return Number(r.rows[0]?.folded ?? 0);
  });
}

export interface ReportCountDifference {
  /** 'd' a day, 'm' the month that starts on `day`, 'y' the year that starts on `day`. */
  grain: string;
  day: string;
  officeId: string;
  counter: string;
  country: string;
  k1: string;
  k2: string;
  stored: number;
  expected: number;
}

/**
 * Compares every count with a recount over the facts, in one statement (one snapshot). With `repair`, adds
 * each difference as a delta in that same statement, so the corrected count is exact whatever else commits
 * meanwhile.
 */
export async function verifyReportCounts(
  db: DbOrTrx,
  opts: { repair?: boolean } = {},
): Promise<{ differences: ReportCountDifference[]; repaired: number }> {
  const diff = sql`
    select coalesce(e.grain, s.grain) as grain, coalesce(e.day, s.day)::text as day, coalesce(e.office_id, s.office_id) as office_id,
           coalesce(e.counter, s.counter) as counter, coalesce(e.country, s.country) as country,
           coalesce(e.k1, s.k1) as k1, coalesce(e.k2, s.k2) as k2,
           coalesce(s.n, 0)::bigint as stored, coalesce(e.n, 0)::bigint as expected
    from report_day_counts_expected e
    full join (select ${sql.raw(KEY)}, sum(n)::bigint as n from report_day_counts group by 1, 2, 3, 4, 5, 6, 7) s
      on s.grain = e.grain and s.day = e.day and s.office_id = e.office_id and s.counter = e.counter and s.country = e.country
         and s.k1 = e.k1 and s.k2 = e.k2
    where coalesce(s.n, 0) <> coalesce(e.n, 0)`;
  type Row = {
    grain: string;
    day: string;
    office_id: string;
    counter: string;
    country: string;
    k1: string;
    k2: string;
    stored: string;
    expected: string;
  };
  const order = sql`order by grain, day, office_id, counter, country, k1, k2`;
  const rows = opts.repair
    ? (
        await sql<Row>`
          with d as (${diff}),
               fix as (insert into report_day_counts (${sql.raw(KEY)}, n)
                       select grain, day::date, office_id, counter, country, k1, k2, expected - stored from d returning 1)
          select * from d ${order}`.execute(db)
      ).rows
    : (await sql<Row>`select * from (${diff}) d ${order}`.execute(db)).rows;
  const differences = rows.map((r) => ({
    grain: r.grain,
    day: r.day,
    officeId: r.office_id,
    counter: r.counter,
    country: r.country,
    k1: r.k1,
    k2: r.k2,
    stored: Number(r.stored),
    expected: Number(r.expected),
  }));
  return { differences, repaired: opts.repair ? differences.length : 0 };
}

/** Compacts the report's counts on a timer in a server instance (default every 60 s); returns the stop function. */
export function startReportCountCompaction(
  db: Db,
  onError: (err: unknown) => void,
  everyMs = 60_000,
): () => void {
  return startPeriodic(() => compactReportCounts(db), onError, everyMs);
}
