/**
 * Bulk re-screening: every case, or a filtered set (office, issuing country, state), screened again
 * under the current ruleset and country context as a background run with progress, pause and resume.
 *
 * A run is a row (`rescreen_runs`) with its state, counters and keyset cursor (the last case id done).
 * Each batch is one audited action in one transaction: the run row and the batch's case rows are locked,
 * the screening inputs of the batch are read with one query per table (never a query per case), the
 * screenings are computed in memory with the same code as the case-by-case screening
 * (`assembleScreeningInput`, `screenCase`, `diffScreenings`), new screenings are written with one
 * multi-row insert, and one audit entry records the batch with the SHA-256 digest of its results. A case
 * whose current review rests on its screening goes through the same review reconciliation as the
 * case-by-case screening. Pausing or resuming is an update of the run row; a run that was running when
 * the process stopped resumes from its cursor.
 *
 * Who may launch, pause and resume (permission `screening.bulk`): supervisors, for the cases of their
 * own office only, and administrators, for any office.
 *
 * This file: the run (launch, pause, resume, cancel, read). A batch: bulk-batch.ts; the driver and the
 * server's worker: bulk-worker.ts.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { RULESET_VERSION } from '../../domain/screening/index.ts';
import { CASE_STATUSES } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { RescreenFilterJson } from '../../store/schema.ts';
import { type Call, runAction } from '../context.ts';
import { conflict, invalid, notFound, ServiceError } from '../errors.ts';

export const RUN_STATES = ['running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const DEFAULT_BATCH_SIZE = 1000;
export const MAX_BATCH_SIZE = 5000;

export interface RescreenFilter {
  officeId?: string;
  /** ISO 3166-1 alpha-2 of a notice on the case. */
  issuingCountry?: string;
  /** The case's state: open, authorized, closed. */
  status?: string;
  /** Legacy (imported) cases only: true for every source, or the name of one import source. */
  legacy?: boolean | string;
}

export interface RescreenRunView {
  id: string;
  state: RunState;
  filter: RescreenFilter;
  rulesetVersion: string;
  batchSize: number;
  total: number;
  processed: number;
  /** New screenings stored (the inputs, the ruleset or the country context changed). */
  stored: number;
  /** Stored screenings whose outcome or advice differs from the previous screening. */
  changed: number;
  reviewsSuperseded: number;
  batches: number;
  lastError: string | null;
  /** The username of who launched the run ("system" and the like for a run of no account). */
  createdBy: string;
  /** The name of who launched it, as the rest of the history names people (the username when there is none). */
  createdByName: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

type RunRow = {
  id: string;
  state: string;
  filter: unknown;
  ruleset_version: string;
  batch_size: number;
  total: number;
  processed: number;
  stored: number;
  changed: number;
  reviews_superseded: number;
  batches: number;
  cursor_case_id: string | null;
  last_error: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

function runView(r: RunRow, name: string): RescreenRunView {
  return {
    id: r.id,
    state: r.state as RunState,
    filter: (r.filter ?? {}) as RescreenFilter,
    rulesetVersion: r.ruleset_version,
    batchSize: r.batch_size,
    total: r.total,
    processed: r.processed,
    stored: r.stored,
    changed: r.changed,
    reviewsSuperseded: r.reviews_superseded,
    batches: r.batches,
    lastError: r.last_error,
    createdBy: r.created_by_name,
    createdByName: name,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
  };
}

/** The runs as shown: who launched each named by the account's display name. */
async function runViews(trx: DbOrTrx, rows: RunRow[]): Promise<RescreenRunView[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.created_by ? [r.created_by] : [])))];
  const names = new Map(
    ids.length
      ? (await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map(
          (u) => [u.id, u.display_name],
        )
      : [],
  );
  return rows.map((r) => runView(r, (r.created_by && names.get(r.created_by)) || r.created_by_name));
}
export const viewOf = async (trx: DbOrTrx, r: RunRow) => (await runViews(trx, [r]))[0]!;

// ---------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a filter and applies the office rule (a supervisor re-screens only the own office). */
async function checkFilter(trx: DbOrTrx, call: Call, f: RescreenFilter): Promise<RescreenFilterJson> {
  const out: RescreenFilterJson = {};
  const problems: Array<{ field: string; message: string }> = [];
  if (f.issuingCountry !== undefined) {
    if (!/^[A-Z]{2}$/.test(f.issuingCountry))
      problems.push({ field: 'filter.issuingCountry', message: 'Give a two-letter country code, e.g. RU.' });
    else out.issuingCountry = f.issuingCountry;
  }
  if (f.status !== undefined) {
    if (!(CASE_STATUSES as readonly string[]).includes(f.status))
      problems.push({ field: 'filter.status', message: `The state is one of: ${CASE_STATUSES.join(', ')}.` });
    else out.status = f.status;
  }
  if (f.legacy !== undefined && f.legacy !== false) {
    if (f.legacy === true) out.legacy = true;
    else if (typeof f.legacy === 'string' && /^[A-Za-z0-9 ._-]{1,64}$/.test(f.legacy)) out.legacy = f.legacy;
    else
      problems.push({
        field: 'filter.legacy',
        message: 'Give true for every imported case, or the name of one import source.',
      });
  }
  if (f.officeId !== undefined && (f.officeId.length === 0 || f.officeId.length > 200))
    problems.push({ field: 'filter.officeId', message: 'Give the id of an office.' });
  if (problems.length) throw invalid('The filter of the re-screening is not valid.', problems);
  const own = call.actor.kind === 'user' && call.actor.role !== 'administrator' ? call.actor.officeId : null;
  if (f.officeId !== undefined) {
    const office = await trx
      .selectFrom('offices')
      .select('id')
      .where('id', '=', f.officeId)
      .executeTakeFirst();
    // another office's id gets the same answer as an unknown one
    if (!office || (own !== null && own !== f.officeId)) throw notFound('The office');
    out.officeId = f.officeId;
  } else if (own !== null) out.officeId = own;
  else if (call.actor.kind === 'user' && call.actor.role !== 'administrator')
    throw new ServiceError(
      403,
      'office_required',
      'A re-screening by a supervisor covers the own office only.',
    );
  return out;
}

/** The filtered cases, as a query on `cases` (alias c). */
export function filteredCases(trx: DbOrTrx, f: RescreenFilterJson) {
  let q = trx.selectFrom('cases as c');
  if (f.officeId) q = q.where('c.office_id', '=', f.officeId);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.legacy === true) q = q.where('c.legacy_source', 'is not', null);
  else if (typeof f.legacy === 'string') q = q.where('c.legacy_source', '=', f.legacy);
  if (f.issuingCountry) {
    const country = f.issuingCountry;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_notices as cn')
          .innerJoin('notices as n', 'n.id', 'cn.notice_id')
          .select(sql`1`.as('one'))
          .whereRef('cn.case_id', '=', 'c.id')
          .where('n.issuing_country', '=', country),
      ),
    );
  }
  return q;
}

// ---------------------------------------------------------------------------
// Launch, pause, resume, read
// ---------------------------------------------------------------------------

export interface StartRunInput {
  filter?: RescreenFilter;
  batchSize?: number;
}

/** Launches a run (one at a time: refused while another run is running or paused). */
export async function startRescreenRun(call: Call, input: StartRunInput): Promise<RescreenRunView> {
  return runAction(
    call,
    { action: 'screening.bulk.start', permission: 'screening.bulk', entityType: 'rescreen_run' },
    async (trx, audit, now) => {
      const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
        throw invalid('The batch size is not valid.', [
          { field: 'batchSize', message: `A whole number from 1 to ${MAX_BATCH_SIZE}.` },
        ]);
      const filter = await checkFilter(trx, call, input.filter ?? {});
      const active = await trx
        .selectFrom('rescreen_runs')
        .select('id')
        .where('state', 'in', ['running', 'paused'])
        .forUpdate()
        .executeTakeFirst();
      if (active)
        throw conflict(
          'rescreen_active',
          'Another re-screening is running or paused: finish or cancel it first.',
          {
            runId: active.id,
          },
        );
      const { n } = await filteredCases(trx, filter)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      const row = await trx
        .insertInto('rescreen_runs')
        .values({
          id,
          state: 'running',
          filter: JSON.stringify(filter),
          ruleset_version: RULESET_VERSION,
          batch_size: batchSize,
          total: Number(n),
          created_by: call.actor.userId,
          created_by_name: call.actor.username,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit.entityId = id;
      audit.detail = { filter, total: Number(n), batchSize, rulesetVersion: RULESET_VERSION };
      return viewOf(trx, row);
    },
  );
}

const NEXT_STATE: Record<'pause' | 'resume' | 'cancel', { from: RunState[]; to: RunState }> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused', 'failed'], to: 'running' },
  cancel: { from: ['running', 'paused', 'failed'], to: 'cancelled' },
};

/** Pauses, resumes or cancels a run by updating its row (the batch in progress finishes first). */
export async function changeRescreenRun(
  call: Call,
  id: string,
  change: 'pause' | 'resume' | 'cancel',
): Promise<RescreenRunView> {
  return runAction(
    call,
    { action: `screening.bulk.${change}`, permission: 'screening.bulk', entityType: 'rescreen_run' },
    async (trx, audit, now) => {
      audit.entityId = id;
      const run = await lockedRun(trx, call, id);
      const rule = NEXT_STATE[change];
      if (!rule.from.includes(run.state as RunState))
        throw conflict(
          'rescreen_state',
          `A ${run.state} re-screening cannot be ${change === 'pause' ? 'paused' : change === 'resume' ? 'resumed' : 'cancelled'}.`,
          {
            state: run.state,
          },
        );
      const row = await trx
        .updateTable('rescreen_runs')
        .set({
          state: rule.to,
          updated_at: now,
          ...(rule.to === 'cancelled' ? { finished_at: now } : {}),
          ...(rule.to === 'running' ? { last_error: null } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      audit.detail = { from: run.state, to: rule.to, processed: run.processed, total: run.total };
      return viewOf(trx, row);
    },
  );
}

/** A run the caller may see (a supervisor sees the runs of the own office). */
async function lockedRun(trx: DbOrTrx, call: Call, id: string): Promise<RunRow> {
  if (!UUID_RE.test(id)) throw notFound('The re-screening');
  const run = await trx
    .selectFrom('rescreen_runs')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!run || !visible(call, run)) throw notFound('The re-screening');
  return run;
}

function visible(call: Call, run: { filter: unknown }): boolean {
  if (call.actor.kind !== 'user' || call.actor.role === 'administrator') return true;
  return (run.filter as RescreenFilterJson).officeId === call.actor.officeId;
}

export async function getRescreenRun(call: Call, id: string): Promise<RescreenRunView> {
  return runAction(
    call,
    { action: 'screening.bulk.read', permission: 'screening.bulk', entityType: 'rescreen_run' },
    async (trx, audit) => {
      audit.entityId = id;
      if (!UUID_RE.test(id)) throw notFound('The re-screening');
      const run = await trx.selectFrom('rescreen_runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!run || !visible(call, run)) throw notFound('The re-screening');
      return viewOf(trx, run);
    },
  );
}

/** The latest runs the caller may see, newest first. */
export async function listRescreenRuns(call: Call, limit = 20): Promise<RescreenRunView[]> {
  return runAction(
    call,
    { action: 'screening.bulk.read', permission: 'screening.bulk', entityType: 'rescreen_run' },
    async (trx) => {
      let q = trx.selectFrom('rescreen_runs').selectAll().orderBy('created_at', 'desc').limit(limit);
      if (call.actor.kind === 'user' && call.actor.role !== 'administrator')
        q = q.where(sql<string>`filter->>'officeId'`, '=', call.actor.officeId ?? '');
      return runViews(trx, await q.execute());
    },
  );
}
