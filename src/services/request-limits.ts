/**
 * Request limits kept in the database (migration 0037), so that every server instance on one database
 * counts against the same limit: an address cannot multiply its allowance by the number of instances
 * behind the load balancer.
 *
 * A limit counts in fixed windows (`window_ms`, aligned on multiples of the window since the epoch): each
 * request is one `insert … on conflict do update` that returns the window's count, so concurrent requests
 * on any instance are counted exactly once each, without a read-then-write race.
 *
 * Two limits use it:
 * - the counsel portal's requests per address and route (server/shared-rate-limit-store.ts, the store of
 *   @fastify/rate-limit);
 * - anonymous refusals per address (server/refusal-throttle.ts): the first `perWindow` of a window are
 *   audited one by one, then the address is turned away (429) until the window ends, and what was refused
 *   past the limit is written as one audit entry per window by whichever instance takes it first.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTrx } from '../store/db.ts';
import { type AppContext, auditInTransaction } from './context.ts';

export const REFUSALS_SCOPE = 'refusals';

export const windowStartOf = (now: number, windowMs: number) => Math.floor(now / windowMs) * windowMs;

export interface WindowCount {
  /** Requests counted in the window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** Counts one request of `key` in its window and returns the window's count. */
export async function countRequest(
  db: DbOrTrx,
  scope: string,
  key: string,
  windowMs: number,
  now: number,
): Promise<WindowCount> {
  const start = windowStartOf(now, windowMs);
  const row = await db
    .insertInto('request_limits')
    .values({ scope, key, window_start: new Date(start), window_ms: windowMs, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['scope', 'key', 'window_start']).doUpdateSet({ hits: sql`request_limits.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return { hits: row.hits, ttlMs: start + windowMs - now };
}

/**
 * Notes one anonymous refusal from `address`: `audit` it on its own (one of the first `perWindow` of
 * the window) or `suppress` it (counted in the window's one entry).
 */
export async function noteRefusal(
  db: DbOrTrx,
  address: string,
  perWindow: number,
  windowMs: number,
  now: number,
): Promise<'audit' | 'suppress'> {
  const { hits } = await countRequest(db, REFUSALS_SCOPE, address, windowMs, now);
  return hits <= perWindow ? 'audit' : 'suppress';
}

/**
 * When `address` has used up its refusals in the current window, counts this request as turned away and
 * returns the seconds until the window ends; otherwise 0 (the request is heard). One statement.
 */
export async function turnAwayIfLimited(
  db: DbOrTrx,
  address: string,
  perWindow: number,
  windowMs: number,
  now: number,
): Promise<number> {
  const start = windowStartOf(now, windowMs);
  const row = await db
    .updateTable('request_limits')
    .set({ turned_away: sql`turned_away + 1` })
    .where('scope', '=', REFUSALS_SCOPE)
    .where('key', '=', address)
    .where('window_start', '=', new Date(start))
    .where('hits', '>=', perWindow)
    .returning('window_start')
    .executeTakeFirst();
  if (!row) return 0;
  return Math.max(1, Math.ceil((start + windowMs - now) / 1000));
}

export interface EndedRefusalWindow {
  address: string;
  /** Start of the window (ISO 8601). */
  from: string;
  /** End of the window (ISO 8601). */
  to: string;
  /** Refusals past the limit, 429s included. */
  suppressed: number;
}

/**
 * Writes one audit entry (`request.refused.throttled`, with the count) for each ended window that had
 * refusals past the limit, and marks the window reported in the same transaction. The rows are taken
 * with `for update skip locked`, so two instances never report the same window, and a report that fails
 * leaves its window to be reported on the next turn: nothing is lost, nothing written twice.
 */
export async function reportEndedRefusalWindows(
  app: AppContext,
  perWindow: number,
  now: number,
): Promise<EndedRefusalWindow[]> {
  return auditInTransaction(app, new Date(now), async (append, trx) => {
    const rows = await trx
      .selectFrom('request_limits')
      .select(['key', 'window_start', 'window_ms', 'hits', 'turned_away'])
      .where('scope', '=', REFUSALS_SCOPE)
      .where('reported', '=', false)
      .where(sql<boolean>`window_start + window_ms * interval '1 millisecond' <= ${new Date(now)}`)
      .where((eb) => eb.or([eb('hits', '>', perWindow), eb('turned_away', '>', 0)]))
      .orderBy('window_start')
      .limit(500)
      .forUpdate()
      .skipLocked()
      .execute();
    const out: EndedRefusalWindow[] = [];
    for (const r of rows) {
      const start = new Date(r.window_start).getTime();
      const w = {
        address: r.key,
        from: new Date(start).toISOString(),
        to: new Date(start + r.window_ms).toISOString(),
        suppressed: Math.max(0, r.hits - perWindow) + r.turned_away,
      };
      await append({
        at: new Date(now),
        actorId: null,
        actorUsername: 'anonymous',
        actorRole: null,
        action: 'request.refused.throttled',
        outcome: 'denied',
        detail: { ...w, perWindow },
        requestId: randomUUID(),
        sourceIp: w.address,
      });
      await trx
        .updateTable('request_limits')
        .set({ reported: true })
        .where('scope', '=', REFUSALS_SCOPE)
        .where('key', '=', r.key)
        .where('window_start', '=', r.window_start)
        .execute();
      out.push(w);
    }
    return out;
  });
}

/** Deletes windows that ended more than an hour ago and have nothing left to report. */
export async function forgetEndedWindows(db: DbOrTrx, perWindow: number, now: number): Promise<number> {
  const r = await db
    .deleteFrom('request_limits')
    .where(sql<boolean>`window_start + window_ms * interval '1 millisecond' <= ${new Date(now - 3_600_000)}`)
    .where((eb) =>
      eb.or([
        eb('reported', '=', true),
        eb('scope', '<>', REFUSALS_SCOPE),
        eb.and([eb('hits', '<=', perWindow), eb('turned_away', '=', 0)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
