/** Marking one's own notifications read (another user's notification is answered as unknown). */
import { type Call, runAction } from '../context.ts';
import { notFound } from '../errors.ts';
import { actingUser } from '../inputs.ts';

export async function markNotificationRead(call: Call, id: string): Promise<{ id: string; readAt: string }> {
  return runAction(
    call,
    { action: 'notification.read', entityType: 'notification' },
    async (trx, audit, now) => {
      const userId = actingUser(call);
      audit.entityId = id;
      const row = await trx
        .selectFrom('notifications')
        .select(['id', 'read_at', 'case_id'])
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('The notification');
      audit.caseId = row.case_id;
      const readAt = row.read_at ? new Date(row.read_at) : now;
      if (!row.read_at)
        await trx.updateTable('notifications').set({ read_at: now }).where('id', '=', id).execute();
      return { id, readAt: readAt.toISOString() };
    },
  );
}

export async function markAllNotificationsRead(call: Call): Promise<{ marked: number }> {
  return runAction(
    call,
    { action: 'notification.read_all', entityType: 'notification' },
    async (trx, audit, now) => {
      const userId = actingUser(call);
      const res = await trx
        .updateTable('notifications')
        .set({ read_at: now })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      const marked = Number(res.numUpdatedRows ?? 0);
      audit.detail = { marked };
      return { marked };
    },
  );
}
