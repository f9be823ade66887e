/**
 * One run of a scheduled duty. The run claims its slot (the duty and the UTC day) in `job_runs` in the
 * same transaction as the notifications it writes and its audit entry (`job.run`, with the counts): a
 * second server, or the same job delivered again, finds the claim and does nothing; a run that fails
 * leaves no claim and is tried again.
 */
import { randomUUID } from 'node:crypto';
import { type AppContext, currentPolicy, runAction, systemActor } from '../context.ts';
import { insertNotifications } from '../notifications/notify.ts';
import { type DutyId, SCANS } from './duties.ts';

export interface DutyRun {
  duty: DutyId;
  slot: string;
  status: 'ran' | 'already_ran';
  counts: { items: number; notifications: number; duplicates: number } | null;
}

class AlreadyRan extends Error {}

/** The slot of a run: the UTC day. */
export const slotOf = (now: Date) => now.toISOString().slice(0, 10);

export async function runDuty(app: AppContext, duty: DutyId, instance = 'local'): Promise<DutyRun> {
  const call = { app, actor: systemActor('jobs'), meta: { requestId: null, sourceIp: null } };
  const slot = slotOf(app.clock());
  try {
    const counts = await runAction(
      call,
      { action: 'job.run', entityType: 'job' },
      async (trx, audit, now) => {
        const claim = await trx
          .insertInto('job_runs')
          .values({ id: randomUUID(), duty, slot, instance, started_at: now })
          .onConflict((oc) => oc.columns(['duty', 'slot']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!claim) throw new AlreadyRan();
        const scan = await SCANS[duty](trx, now, await currentPolicy(trx));
        const created = await insertNotifications(trx, scan.rows, now);
        const counts = { items: scan.items, notifications: created, duplicates: scan.rows.length - created };
        await trx
          .updateTable('job_runs')
          .set({ finished_at: now, counts: JSON.stringify(counts) })
          .where('id', '=', claim.id)
          .execute();
        audit.entityId = claim.id;
        audit.detail = { duty, slot, instance, ...counts };
        return counts;
      },
    );
    return { duty, slot, status: 'ran', counts };
  } catch (err) {
    if (err instanceof AlreadyRan) return { duty, slot, status: 'already_ran', counts: null };
    throw err;
  }
}
