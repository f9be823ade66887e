/**
 * The driver of a bulk re-screening run (bulk.ts): batch after batch from the run's cursor, two in flight on
 * PostgreSQL (bulk-batch.ts, `BatchPlan`), and the server's background worker that drives every running run.
 */
import type { AppContext } from '../context.ts';
import type { RescreenRunView } from './bulk.ts';
import { type BatchOutcome, BatchSuperseded, rescreenBatch } from './bulk-batch.ts';

// ---------------------------------------------------------------------------
// The worker
// ---------------------------------------------------------------------------

/**
 * Drives a run batch after batch until it completes, is paused or cancelled, or fails (the error is
 * written on the row and the run is marked failed; resuming it continues from the cursor).
 * Yields to the event loop between batches so the process keeps serving.
 *
 * On PostgreSQL two batches are in flight: the next one starts as soon as this one has locked its cases,
 * so the server reads and locks the next batch while this process screens this one, and this process
 * screens the next while the server writes this one. The batches still commit one after the other, from
 * the cursor (`BatchPlan`). PGlite has one connection, so there batches run one at a time.
 */
export async function driveRun(
  app: AppContext,
  runId: string,
  onBatch?: (run: RescreenRunView) => void,
  shouldStop: () => boolean = () => false,
): Promise<RescreenRunView | null> {
  if (app.dbKind !== 'postgres') return driveInTurn(app, runId, onBatch, shouldStop);
  let last: RescreenRunView | null = null;
  const cursorNow = async () => {
    const run = await app.db
      .selectFrom('rescreen_runs')
      .select(['state', 'cursor_case_id'])
      .where('id', '=', runId)
      .executeTakeFirst();
    return run?.state === 'running' ? { from: run.cursor_case_id } : null;
  };
  let next = await cursorNow();
  let ahead: Promise<BatchOutcome> | null = null;
  for (;;) {
    // Start the next batch (unless told to stop, or the batch ahead holds the last cases) and wait
    // until it has locked its cases, or ended without.
    let current: Promise<BatchOutcome> | null = null;
    if (next && !shouldStop()) {
      let locked: (lastId: string | null) => void = () => {};
      const lockedCases = new Promise<string | null>((resolve) => {
        locked = resolve;
      });
      current = rescreenBatch(app, runId, {
        from: next.from,
        ahead: ahead ?? Promise.resolve(),
        onCases: locked,
      });
      current.catch(() => {}); // settled below, in order
      const lastId = await Promise.race([
        lockedCases,
        current.then(
          () => null,
          () => null,
        ),
      ]);
      next = lastId === null ? null : { from: lastId };
    }
    if (ahead) {
      const out = await settle(app, runId, ahead);
      if (out === 'replan') {
        // Another process moved the cursor: plan again from it once the batch in flight has ended.
        if (current) await current.catch(() => null);
        ahead = null;
        next = await cursorNow();
        continue;
      }
      if (out.run) {
        last = out.run;
        onBatch?.(out.run);
      }
      if (out.next !== 'more') {
        if (current) await current.catch(() => null); // it rolls back: the run is not running
        return last;
      }
    }
    if (!current) return last;
    ahead = current;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The outcome of a batch in flight; a failure marks the run failed, as a batch run in turn does. */
async function settle(
  app: AppContext,
  runId: string,
  batch: Promise<BatchOutcome>,
): Promise<BatchOutcome | 'replan'> {
  try {
    return await batch;
  } catch (err) {
    if (err instanceof BatchSuperseded) return 'replan';
    await markFailed(app, runId, err);
    return { next: 'stopped', run: null };
  }
}

async function markFailed(app: AppContext, runId: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  app.log?.error({ err, runId }, 'bulk re-screening batch failed');
  await app.db
    .updateTable('rescreen_runs')
    .set({ state: 'failed', last_error: message.slice(0, 2000), updated_at: app.clock() })
    .where('id', '=', runId)
    .where('state', '=', 'running')
    .execute();
}

/** One batch at a time, each from the run's cursor (PGlite). */
async function driveInTurn(
  app: AppContext,
  runId: string,
  onBatch: ((run: RescreenRunView) => void) | undefined,
  shouldStop: () => boolean,
): Promise<RescreenRunView | null> {
  let last: RescreenRunView | null = null;
  while (!shouldStop()) {
    let out: BatchOutcome;
    try {
      out = await rescreenBatch(app, runId);
    } catch (err) {
      await markFailed(app, runId, err);
      break;
    }
    if (out.run) {
      last = out.run;
      onBatch?.(out.run);
    }
    if (out.next !== 'more') break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return last;
}

/** The runs that are running (picked up at start: a run interrupted by a stop resumes from its cursor). */
export async function runningRunIds(app: AppContext): Promise<string[]> {
  const rows = await app.db
    .selectFrom('rescreen_runs')
    .select('id')
    .where('state', '=', 'running')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

/** Background runner of the server process: drives every running run, one at a time. */
export class RescreenWorker {
  private busy: Promise<void> | null = null;
  private stopping = false;
  private again = false;

  constructor(private readonly app: AppContext) {}

  /** Looks for running runs and drives them (no-op when already driving; it looks again after). */
  kick(): void {
    if (this.stopping) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = (async () => {
      do {
        this.again = false;
        for (const id of await runningRunIds(this.app)) {
          if (this.stopping) return;
          await driveRun(this.app, id, undefined, () => this.stopping);
        }
      } while (this.again && !this.stopping);
    })()
      .catch((err: unknown) => this.app.log?.error({ err }, 'bulk re-screening worker failed'))
      .finally(() => {
        this.busy = null;
      });
  }

  /** Stops after the batch in progress (its transaction commits or rolls back whole). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.busy;
  }

  /** Resolves when the worker is idle (for tests). */
  async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }
}
