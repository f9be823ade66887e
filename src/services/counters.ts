/**
 * Counts kept per office (table `office_counts`, migration 0022; docs/decisions/0022-office-counters.md).
 *
 * The triggers of migration 0022 add signed delta rows in the same transaction as every change to a counted
 * table; a count is the sum of its rows. Reads sum a handful of rows per office instead of counting cases;
 * `compactCounters` folds the rows now and then; `verifyCounters` compares the table with a recount over the
 * tables (view `office_counts_expected`) and, with `repair`, adds the correcting deltas.
 */
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../store/db.ts';
import { startPeriodic } from './periodic.ts';

export type CounterName =
  | 'cases'
  | 'my_cases'
  | 'blocking'
  | 'liaison_pending'
  | 'tasks_open'
  | 'contests'
  /** Open tasks raised for one role (migration 0031), key `role|due day`. */
  | 'tasks_for_role'
  /** Cases by tenths of an hour from opening to first authorization (migration 0038), key the tenths. */
  | 'auth_tenths'
  /** Cases waiting in the re-review queue (migration 0052), key ''. */
  | 'rereview_pending'
  /** Cases with documents received and never served on the person (migration 0054), key ''. */
  | 'disclosures_due'
  /** Cases whose current review confirmed an indicator, by issuing country (migration 0057), key `country|indicator`. */
  | 'review_indicators';

export interface CountRow {
  officeId: string;
  key: string;
  n: number;
}

/**
 * The counts of one counter, per office and key, in one office (`officeId`) or every office (null);
 * `keys` narrows to those keys, `keyPrefix` to the keys that start with it. Keys whose count is zero are left out.
 */
export async function readCounts(
  db: DbOrTrx,
  counter: CounterName,
  opts: { officeId: string | null; keys?: string[]; keyPrefix?: string },
): Promise<CountRow[]> {
  let q = db
    .selectFrom('office_counts')
    .select(['office_id', 'key'])
    .select(sql<string>`sum(n)`.as('n'))
    .where('counter', '=', counter)
    .groupBy(['office_id', 'key'])
    .having(sql`sum(n)`, '<>', 0);
  if (opts.officeId !== null) q = q.where('office_id', '=', opts.officeId);
  if (opts.keys) {
    if (opts.keys.length === 0) return [];
    q = q.where('key', 'in', opts.keys);
  }
  if (opts.keyPrefix !== undefined) q = q.where(sql<boolean>`starts_with(key, ${opts.keyPrefix})`);
  const rows = await q.execute();
  return rows.map((r) => ({ officeId: r.office_id, key: r.key, n: Number(r.n) }));
}

/** The sum of the counts read (one number for the office or every office). */
export const total = (rows: CountRow[]): number => rows.reduce((s, r) => s + r.n, 0);

/**
 * Folds the delta rows of each (office, counter, key) into one. One statement, so a reader sees the rows
 * before or after it, never between; rows added while it runs are not touched. Two compactions never run at
 * once (an advisory lock; the second one returns 0). Returns how many rows were folded.
 */
export async function compactCounters(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(22022) as ok`.execute(trx);
    if (!got.rows[0]?.ok) return 0;
    const r = await sql<{ folded: string | number }>`
      with d as (delete from office_counts returning office_id, counter, key, n),
           s as (insert into office_counts (office_id, counter, key, n)
                 select office_id, counter, key, sum(n) from d group by 1, 2, 3 having sum(n) <> 0
                 returning 1)
      select (select count(*) from d) as folded`.execute(trx);
    return Number(r.rows[0]?.folded ?? 0);
  });
}

export interface CounterDifference {
  officeId: string;
  counter: string;
  key: string;
  stored: number;
  expected: number;
}

/**
 * Compares every count with a recount over the tables, in one statement (one snapshot: changes committed
 * while it runs add their own deltas, which stay right). With `repair`, adds each difference as a delta in
 * that same statement, so the corrected count is exact whatever else commits meanwhile. A count that follows a
 * case column (the disclosures due) is right once the column is: `redline gates verify --repair` recomputes
 * the columns first (queue-columns.ts).
 */
export async function verifyCounters(
  db: DbOrTrx,
  opts: { repair?: boolean } = {},
): Promise<{ differences: CounterDifference[]; repaired: number }> {
  const diff = sql`
    select coalesce(e.office_id, s.office_id) as office_id, coalesce(e.counter, s.counter) as counter,
           coalesce(e.key, s.key) as key, coalesce(s.n, 0)::bigint as stored, coalesce(e.n, 0)::bigint as expected
    from office_counts_expected e
    full join (select office_id, counter, key, sum(n)::bigint as n from office_counts group by 1, 2, 3) s
      on s.office_id = e.office_id and s.counter = e.counter and s.key = e.key
    where coalesce(s.n, 0) <> coalesce(e.n, 0)`;
  type Row = { office_id: string; counter: string; key: string; stored: string; expected: string };
  const rows = opts.repair
    ? (
        await sql<Row>`
          with d as (${diff}),
               fix as (insert into office_counts (office_id, counter, key, n)
                       select office_id, counter, key, expected - stored from d returning 1)
          select * from d order by office_id, counter, key`.execute(db)
      ).rows
    : (await sql<Row>`select * from (${diff}) d order by office_id, counter, key`.execute(db)).rows;
  const differences = rows.map((r) => ({
    officeId: r.office_id,
    counter: r.counter,
    key: r.key,
    stored: Number(r.stored),
    expected: Number(r.expected),
  }));
  return { differences, repaired: opts.repair ? differences.length : 0 };
}

/** Compacts the counts on a timer in a server instance (every `everyMs`, default 30 s); returns the stop function. */
export function startCounterCompaction(
  db: Db,
  onError: (err: unknown) => void,
  everyMs = 30_000,
): () => void {
  return startPeriodic(() => compactCounters(db), onError, everyMs);
}
