/**
 * The re-review queue, from the top: pending cases in the documented priority order (domain/rereview.ts),
 * one keyset page at a time over the stored key (tier, since, id) and its index; plus the cases the caller
 * has taken and not finished. One SQL query per list; no loop over cases.
 */
import { sql } from 'kysely';
import { decodeQueueCursor, encodeQueueCursor } from '../../domain/rereview.ts';
import { type Call, runAction, spansOffices } from '../context.ts';
import { readCounts, total } from '../counters.ts';
import { invalid } from '../errors.ts';
import { QUEUE_COLUMNS, QUEUE_FROM, type QueueItem, type QueueRow, toQueueItem } from './queue-sql.ts';

export interface QueuePage {
  items: QueueItem[];
  /** The cursor of the next page, or null on the last page. */
  next: string | null;
  /** Cases waiting in the queue (your office, or every office for roles that span offices). */
  pending: number;
  /** Cases taken by the caller and not finished. */
  mine: QueueItem[];
}

export async function listRereviewQueue(
  call: Call,
  filter: { limit?: number; cursor?: string } = {},
): Promise<QueuePage> {
  return runAction(
    call,
    { action: 'rereview.list', permission: 'rereview.read', entityType: 'case' },
    async (trx, audit, now) => {
      const limit = filter.limit ?? 50;
      const after = filter.cursor ? decodeQueueCursor(filter.cursor) : null;
      if (filter.cursor && !after)
        throw invalid('The page cursor is not valid.', [
          { field: 'cursor', message: 'Use the cursor given with the previous page, or leave it out.' },
        ]);
      const office = spansOffices(call) ? sql`true` : sql`c.office_id = ${call.actor.officeId ?? ''}`;
      const keyset = after
        ? sql`(c.rereview_tier, c.rereview_since, c.id) > (${after.tier}, ${after.since}, ${after.id}::uuid)`
        : sql`true`;
      const rows = await sql<QueueRow>`
        select ${QUEUE_COLUMNS} from ${QUEUE_FROM}
        where c.rereview_state = 'pending' and ${office} and ${keyset}
        order by c.rereview_tier, c.rereview_since, c.id
        limit ${limit + 1}`.execute(trx);
      const page = rows.rows.slice(0, limit);
      const last = page[page.length - 1];
      const me = call.actor.userId;
      const mine = me
        ? await sql<QueueRow>`
            select ${QUEUE_COLUMNS} from ${QUEUE_FROM}
            where c.rereview_state = 'assigned' and c.rereview_assignee = ${me}::uuid
            order by c.rereview_tier, c.rereview_since, c.id limit 100`.execute(trx)
        : { rows: [] };
      // from the counts kept per office (migration 0052), not a count of every pending case
      const pending = total(
        await readCounts(trx, 'rereview_pending', {
          officeId: spansOffices(call) ? null : (call.actor.officeId ?? ''),
        }),
      );
      audit.detail = { count: page.length, cursor: filter.cursor ?? null };
      return {
        items: page.map((r) => toQueueItem(r, now)),
        next:
          rows.rows.length > limit && last
            ? encodeQueueCursor({
                tier: last.rereview_tier,
                since: new Date(last.rereview_since),
                id: last.id,
              })
            : null,
        pending,
        mine: mine.rows.map((r) => toQueueItem(r, now)),
      };
    },
  );
}
