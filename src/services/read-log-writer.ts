/**
 * Group commit of read-log entries (docs/reads-at-scale.md, "Read-log entries written in batches").
 *
 * A read no longer writes its own entry: its statements only read, and the entry is handed to this
 * process's writer, which inserts the entries waiting at that moment in one statement (one commit, one
 * flush of the write-ahead log) and settles every read of the batch when that statement has committed.
 * While a batch is being written, the next reads' entries wait and go in the next one: under load the
 * batches grow by themselves, at rest a batch is one entry written at once.
 *
 * The rule is unchanged: a read is answered only after its entry is durable. A read whose entry has not
 * been committed yet has not been answered, so a process that dies with entries waiting has answered none
 * of those reads (test/services/read-log-writer.test.ts). If a batch's statement fails, each of its entries
 * is tried again on its own, so that one entry the database refuses fails only its own read.
 */

import type { DbOrTrx } from '../store/db.ts';
import type { AuditInput } from './audit.ts';
import { perDatabase } from './per-database.ts';

/** At most this many entries in one statement (12 parameters each, far below the protocol's 65,535). */
export const WRITE_BATCH = 500;

interface Waiting {
  entry: AuditInput;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Inserts read-log entries, in the order given, as one statement. */
export async function insertReads(db: DbOrTrx, entries: readonly AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('read_log')
    .values(
      entries.map((input) => ({
        at: input.at,
        actor_id: input.actorId,
        actor_username: input.actorUsername,
        actor_role: input.actorRole,
        action: input.action,
        outcome: input.outcome,
        entity_type: input.entityType ?? null,
        entity_id: input.entityId ?? null,
        case_id: input.caseId ?? null,
        detail: JSON.stringify(input.detail ?? {}),
        request_id: input.requestId,
        source_ip: input.sourceIp,
      })),
    )
    .execute();
}

export class ReadLogWriter {
  private waiting: Waiting[] = [];
  private writing = false;
  /** Statements written and entries committed since the start (for tests and the benchmark's notes). */
  readonly stats = { batches: 0, entries: 0 };

  constructor(private readonly db: DbOrTrx) {}

  /** Resolves once the entry is committed; rejects when the database refused it (the read must fail). */
  append(entry: AuditInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      // Let the reads that finish in this turn of the event loop join the first batch.
      await new Promise<void>((r) => setImmediate(r));
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, WRITE_BATCH);
        await this.write(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      await insertReads(
        this.db,
        batch.map((w) => w.entry),
      );
      this.stats.batches++;
      this.stats.entries += batch.length;
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // One refused entry must not fail the other reads of its batch: each is tried alone.
      for (const w of batch) {
        try {
          await insertReads(this.db, [w.entry]);
          this.stats.batches++;
          this.stats.entries++;
          w.resolve();
        } catch (one) {
          w.reject(one);
        }
      }
    }
  }
}

/** The writer of this process for a database (one per pool: every read of that pool shares its batches). */
export const readLogWriter = perDatabase((db) => new ReadLogWriter(db));
