/** The signed-in user's notifications: newest first, keyset-paged, with the unread count. */
import { sql } from 'kysely';
import type { Call } from '../context.ts';
import { invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';

export interface NotificationView {
  id: string;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  unread: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** `before`: `<ISO time>_<id>` of the last item of the previous page. */
function parseCursor(before: string | undefined): { at: Date; id: string } | null {
  if (!before) return null;
  const m = /^(.+)_([0-9a-f-]{36})$/.exec(before);
  const at = m ? new Date(m[1]!) : null;
  if (!m || !at || Number.isNaN(at.getTime()))
    throw invalid('The page could not be read.', [
      { field: 'before', message: 'Use the `next` value of the previous page.' },
    ]);
  return { at, id: m[2]! };
}

export async function unreadCount(call: Call): Promise<number> {
  const userId = actingUser(call);
  const row = await call.app.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNotifications(
  call: Call,
  query: { unread?: boolean; limit?: number; before?: string } = {},
): Promise<NotificationPage> {
  const userId = actingUser(call);
  const limit = query.limit ?? 50;
  const cursor = parseCursor(query.before);
  let q = call.app.db
    .selectFrom('notifications as n')
    .leftJoin('cases as c', 'c.id', 'n.case_id')
    .select(['n.id', 'n.kind', 'n.case_id', 'c.case_number', 'n.text', 'n.created_at', 'n.read_at'])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit + 1);
  if (query.unread) q = q.where('n.read_at', 'is', null);
  if (cursor) q = q.where(sql<boolean>`(n.created_at, n.id) < (${cursor.at}, ${cursor.id}::uuid)`);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      caseId: r.case_id,
      caseNumber: r.case_number ?? null,
      text: r.text,
      createdAt: new Date(r.created_at).toISOString(),
      readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    })),
    unread: await unreadCount(call),
    next: rows.length > limit && last ? `${new Date(last.created_at).toISOString()}_${last.id}` : null,
  };
}
