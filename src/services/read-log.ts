/**
 * How reads are audited without the chain lock (docs/reads-at-scale.md).
 *
 * A read's audit entry is inserted into `read_log`: plain inserts, no lock on the chain. Every read hands it
 * to the process's read-log writer (read-log-writer.ts), which inserts the entries of concurrent reads
 * together: a read without a transaction (context.ts#runRead) as soon as it is allowed, a read run by
 * runAction once its transaction has committed. The read is answered only after its entry commits, so no
 * read is ever answered without its record being durable. A folder then moves the entries, oldest first,
 * into the hash chain in batches: one transaction takes the chain lock once, deletes up to a batch of
 * rows from `read_log` and appends each as its own chained entry (same time, actor, action, request id as
 * the read), plus a signed checkpoint when one is due. If the process dies during a fold, that
 * transaction rolls back whole: the rows are still in `read_log` and the next fold takes them. So a read
 * entry is always in exactly one of the two tables, never lost and never twice.
 */

import { sql } from 'kysely';
import { AUDIT_LOCK_KEY, type AuditInput, appendAuditEntries, type Checkpoint } from './audit.ts';
import { checkpointIfDue } from './audit-anchor.ts';
import type { AppContext } from './context.ts';
import { startPeriodic } from './periodic.ts';

/** Actions that only read: audited through the read log rather than straight into the chain. */
export const READ_LOG_ACTIONS: ReadonlySet<string> = new Set([
  'case.read',
  'case.evaluate',
  'case.history',
  'case.list',
  'screening.facts.read',
  'screening.read',
  'liaison.read',
  'person.read',
  'notice.read',
  'notice.search',
  'queues.read',
  'dashboard.read',
  'exigency.list',
  'user.names',
  'user.list',
  'task.list',
  'country_context.read',
  'policy.read',
  'attorney_queue.read',
  'training.list',
  'audit.search',
  'gates.read',
]);

/** How many read entries one fold moves into the chain at most. */
export const FOLD_BATCH = 1000;

/**
 * Moves up to `batch` read entries from the read log into the chain in one transaction (one chain lock).
 * Returns how many were moved. Run until it returns less than the batch to empty the log.
 */
export async function foldReadLog(app: AppContext, batch = FOLD_BATCH): Promise<number> {
  let checkpoint: Checkpoint | null = null;
  const moved = await app.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
    const rows = await trx
      .deleteFrom('read_log')
      .where('id', 'in', (eb) => eb.selectFrom('read_log').select('id').orderBy('id').limit(batch))
      .returningAll()
      .execute();
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    // One chain lock, one read of the chain's end, the rows inserted a few hundred per statement: a fold
    // holds the connection (PGlite's only one) for a few statements, not three per entry.
    await appendAuditEntries(
      trx,
      rows.map((r) => ({
        at: new Date(r.at),
        actorId: r.actor_id,
        actorUsername: r.actor_username,
        actorRole: r.actor_role,
        action: r.action,
        outcome: r.outcome as AuditInput['outcome'],
        entityType: r.entity_type,
        entityId: r.entity_id,
        caseId: r.case_id,
        detail: r.detail,
        requestId: r.request_id,
        sourceIp: r.source_ip,
      })),
    );
    if (rows.length && app.signer) checkpoint = await checkpointIfDue(trx, app.signer, app.clock());
    return rows.length;
  });
  if (checkpoint) app.signer?.mirror(checkpoint);
  return moved;
}

/** Empties the read log into the chain (before reading the chain, at shutdown). */
export async function foldAllReads(app: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await foldReadLog(app);
    total += n;
    if (n < FOLD_BATCH) return total;
  }
}

/**
 * Folds the read log on a timer (every `everyMs`, default 1 s) in a server instance. Returns the
 * function that stops it; the caller folds what is left at shutdown.
 */
export function startReadFolder(
  app: AppContext,
  onError: (err: unknown) => void,
  everyMs = 1000,
): () => void {
  return startPeriodic(() => foldAllReads(app), onError, everyMs);
}
