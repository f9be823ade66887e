/**
 * Taking the next case from the top of the re-review queue, and giving a taken case back.
 *
 * `takeNextCase` picks the first pending case of the caller's office in the queue's order that the caller
 * may review (SEP-REREVIEW-INDEPENDENT), locking it with `FOR UPDATE SKIP LOCKED`: two reviewers asking at
 * the same moment lock different rows, and the first to commit has set the case to `assigned`, so the
 * other can never get it. One statement finds and locks; one updates.
 */
import { sql } from 'kysely';
import { type Call, runAction, spansOffices } from '../context.ts';
import { conflict } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';
import {
  independentOf,
  QUEUE_COLUMNS,
  QUEUE_FROM,
  type QueueItem,
  type QueueRow,
  toQueueItem,
} from './queue-sql.ts';

export async function takeNextCase(call: Call): Promise<{ taken: QueueItem | null }> {
  return runAction(
    call,
    { action: 'rereview.take', permission: 'rereview.take', entityType: 'case' },
    async (trx, audit, now) => {
      const me = actingUser(call);
      const office = spansOffices(call) ? sql`true` : sql`c.office_id = ${call.actor.officeId ?? ''}`;
      const picked = await sql<{ id: string; rereview_tier: number }>`
        select c.id, c.rereview_tier from cases c
        where c.rereview_state = 'pending' and ${office} and ${independentOf(me, sql.raw('c'))}
        order by c.rereview_tier, c.rereview_since, c.id
        limit 1
        for update of c skip locked`.execute(trx);
      const row = picked.rows[0];
      if (!row) {
        audit.detail = { taken: null };
        return { taken: null };
      }
      await trx
        .updateTable('cases')
        .set({ rereview_state: 'assigned', rereview_assignee: me, rereview_assigned_at: now })
        .where('id', '=', row.id)
        .execute();
      const view =
        await sql<QueueRow>`select ${QUEUE_COLUMNS} from ${QUEUE_FROM} where c.id = ${row.id}::uuid`.execute(
          trx,
        );
      audit.entityId = row.id;
      audit.caseId = row.id;
      audit.before = { rereviewState: 'pending' };
      audit.after = { rereviewState: 'assigned', assignee: me };
      audit.detail = { tier: row.rereview_tier };
      return { taken: toQueueItem(view.rows[0]!, now) };
    },
  );
}

/** Gives a taken case back to the queue (the reviewer who took it; or a supervisor of the office). */
export async function releaseCase(call: Call, caseId: string): Promise<{ caseId: string; state: 'pending' }> {
  return runAction(
    call,
    { action: 'rereview.release', permission: 'rereview.take', entityType: 'case' },
    async (trx, audit) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      await requireInScope(trx, call, 'case', caseId);
      const c = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (c.rereview_state !== 'assigned')
        throw conflict('not_taken', 'This case is not taken by anyone: there is nothing to give back.');
      const me = actingUser(call);
      if (c.rereview_assignee !== me && call.actor.role !== 'supervisor')
        throw conflict(
          'taken_by_another',
          'Another reviewer has taken this case; only they or a supervisor can give it back.',
        );
      await trx
        .updateTable('cases')
        .set({ rereview_state: 'pending', rereview_assignee: null, rereview_assigned_at: null })
        .where('id', '=', caseId)
        .execute();
      audit.before = { rereviewState: 'assigned', assignee: c.rereview_assignee };
      audit.after = { rereviewState: 'pending' };
      return { caseId, state: 'pending' as const };
    },
  );
}
