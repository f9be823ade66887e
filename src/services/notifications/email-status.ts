/**
 * Where each notification's e-mail stands, for administrators (migration 0024): the state (queued,
 * sending, retrying, sent, failed), the attempts, the last attempt and the last error. Failed first, then
 * retrying, sending, queued and sent; newest first within a state; keyset-paged; filtered by state.
 *
 * "Retry now" puts a failed e-mail back in the queue: under the notification's row lock, from `failed` only,
 * the state becomes `queued` with the attempts counted afresh (the attempts and error before are kept in
 * the audit entry), and after commit the delivery job is sent to the job queue (pg-boss) when this server
 * runs it. A server that does not run the queue leaves it `queued`; the next server that starts the queue
 * sends its job (scheduler.ts: `emailAwaitingDelivery`).
 */
import { sql } from 'kysely';
import { authorize, type Call, runAction } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { notFoundInScope } from '../scope.ts';

export const EMAIL_STATES = ['failed', 'retrying', 'sending', 'queued', 'sent'] as const;
export type EmailStateName = (typeof EMAIL_STATES)[number];

export interface EmailDeliveryRow {
  id: string;
  username: string;
  email: string | null;
  kind: string;
  caseNumber: string | null;
  createdAt: string;
  state: EmailStateName;
  attempts: number;
  attemptedAt: string | null;
  error: string | null;
}

export interface EmailDeliveryPage {
  items: EmailDeliveryRow[];
  /** How many notifications are in each state (all pages). */
  counts: Record<EmailStateName, number>;
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const rankOf = (s: string) => EMAIL_STATES.indexOf(s as EmailStateName);
const RANK = sql<number>`case n.email_state when 'failed' then 0 when 'retrying' then 1 when 'sending' then 2 when 'queued' then 3 else 4 end`;
const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

/** `after`: `<rank>_<ISO time>_<id>` of the last row of the previous page. */
function parseCursor(after: string | undefined): { rank: number; at: Date; id: string } | null {
  if (!after) return null;
  const m = /^([0-4])_(.+)_([0-9a-f-]{36})$/.exec(after);
  const at = m ? new Date(m[2]!) : null;
  if (!m || !at || Number.isNaN(at.getTime()))
    throw invalid('The page could not be read.', [
      { field: 'after', message: 'Use the `next` value of the previous page.' },
    ]);
  return { rank: Number(m[1]), at, id: m[3]! };
}

export async function listEmailDelivery(
  call: Call,
  query: { state?: EmailStateName; limit?: number; after?: string } = {},
): Promise<EmailDeliveryPage> {
  await authorize(call, {
    action: 'notification.email.read',
    permission: 'notification.email.read',
    entityType: 'notification',
  });
  if (query.state !== undefined && !EMAIL_STATES.includes(query.state))
    throw invalid('The state is not known.', [
      { field: 'state', message: `Choose one of ${EMAIL_STATES.join(', ')}.` },
    ]);
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const cursor = parseCursor(query.after);
  const db = call.app.db;
  let q = db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .leftJoin('cases as c', 'c.id', 'n.case_id')
    .select([
      'n.id',
      'u.username',
      'u.email',
      'n.kind',
      'c.case_number',
      'n.created_at',
      'n.email_state',
      'n.email_attempts',
      'n.email_attempted_at',
      'n.email_error',
      RANK.as('rank'),
    ])
    .where('n.email_state', 'is not', null);
  if (query.state) q = q.where('n.email_state', '=', query.state);
  if (cursor)
    q = q.where((eb) =>
      eb.or([
        eb(RANK, '>', cursor.rank),
        eb.and([
          eb(RANK, '=', cursor.rank),
          eb.or([
            eb('n.created_at', '<', cursor.at),
            eb.and([eb('n.created_at', '=', cursor.at), eb('n.id', '<', cursor.id)]),
          ]),
        ]),
      ]),
    );
  const rows = await q
    .orderBy(RANK)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit + 1)
    .execute();
  const grouped = await db
    .selectFrom('notifications')
    .select(['email_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('email_state', 'is not', null)
    .groupBy('email_state')
    .execute();
  const counts = Object.fromEntries(EMAIL_STATES.map((s) => [s, 0])) as Record<EmailStateName, number>;
  for (const g of grouped) if (g.email_state) counts[g.email_state as EmailStateName] = Number(g.n);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      username: r.username,
      email: r.email,
      kind: r.kind,
      caseNumber: r.case_number,
      createdAt: iso(r.created_at)!,
      state: r.email_state as EmailStateName,
      attempts: Number(r.email_attempts),
      attemptedAt: iso(r.email_attempted_at),
      error: r.email_error,
    })),
    counts,
    next:
      rows.length > limit && last ? `${rankOf(last.email_state!)}_${iso(last.created_at)}_${last.id}` : null,
  };
}

export async function retryEmailDelivery(
  call: Call,
  notificationId: string,
): Promise<{ id: string; state: 'queued'; jobQueued: boolean }> {
  await runAction(
    call,
    {
      action: 'notification.email.retry',
      permission: 'notification.email.retry',
      entityType: 'notification',
    },
    async (trx, audit) => {
      audit.entityId = notificationId;
      const row = UUID.test(notificationId)
        ? await trx
            .selectFrom('notifications')
            .select(['id', 'case_id', 'email_state', 'email_attempts', 'email_error'])
            .where('id', '=', notificationId)
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFoundInScope('The notification');
      audit.caseId = row.case_id;
      if (row.email_state !== 'failed')
        throw conflict(
          'email_not_failed',
          `Only an e-mail whose every attempt failed can be retried; this one is ${row.email_state ?? 'not queued'}.`,
        );
      await trx
        .updateTable('notifications')
        .set({ email_state: 'queued', email_attempts: 0 })
        .where('id', '=', row.id)
        .execute();
      audit.detail = { previousAttempts: Number(row.email_attempts), previousError: row.email_error };
    },
  );
  let jobQueued = false;
  if (call.app.emailRequeue) {
    await call.app.emailRequeue([notificationId]);
    jobQueued = true;
  }
  return { id: notificationId, state: 'queued', jobQueued };
}
