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
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  type CaseFacts,
  compactScreening,
  diffScreenings,
  digestFacts,
  expandScreening,
  judicialKindOf,
  RULESET_VERSION,
  type ScreeningDiff,
  type ScreeningResult,
  screenCase,
} from '../../domain/screening/index.ts';
import { CASE_STATUSES } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { ProtectionStatusJson, RescreenFilterJson } from '../../store/schema.ts';
import { type AppContext, type Call, runAction, systemActor } from '../context.ts';
import { loadCountryContext } from '../country-context/table.ts';
import { conflict, invalid, notFound, ServiceError } from '../errors.ts';
import { assembleScreeningInput, type ScreeningInputRows } from './input.ts';
import { type RescreenOutcome, reconcileReview } from './rescreen.ts';

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
const viewOf = async (trx: DbOrTrx, r: RunRow) => (await runViews(trx, [r]))[0]!;

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
function filteredCases(trx: DbOrTrx, f: RescreenFilterJson) {
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

// ---------------------------------------------------------------------------
// One batch
// ---------------------------------------------------------------------------

/** Reads the screening inputs of a batch of cases: one query per table. */
export async function loadInputRowsBatch(
  trx: DbOrTrx,
  cases: Array<{ id: string; person_id: string }>,
): Promise<Map<string, ScreeningInputRows>> {
  const caseIds = cases.map((c) => c.id);
  const out = new Map<string, ScreeningInputRows>();
  if (caseIds.length === 0) return out;
  const personIds = [...new Set(cases.map((c) => c.person_id))];
  const [facts, persons, notices, corrections, documents] = await Promise.all([
    trx
      .selectFrom('case_facts')
      .select(['case_id', 'facts'])
      .distinctOn('case_id')
      .where('case_id', 'in', caseIds)
      .orderBy('case_id')
      .orderBy('version', 'desc')
      .execute(),
    trx.selectFrom('persons').select(['id', 'protection_status']).where('id', 'in', personIds).execute(),
    trx
      .selectFrom('case_notices')
      .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
      .select([
        'case_notices.case_id',
        'notices.id',
        'notices.type',
        'notices.interpol_ref',
        'notices.issuing_country',
        'notices.issued_on',
        'notices.expires_on',
        'notices.purpose',
        'notices.status',
        'notices.summary_of_facts',
      ])
      .where('case_notices.case_id', 'in', caseIds)
      .orderBy('case_notices.case_id')
      .orderBy('case_notices.added_at')
      .orderBy('notices.interpol_ref')
      .execute(),
    trx
      .selectFrom('charge_corrections')
      .select(['case_id', 'notice_id', 'warrant_position', 'charge', 'categories', 'decision', 'recorded_at'])
      .where('case_id', 'in', caseIds)
      .orderBy('case_id')
      .orderBy('recorded_at')
      .execute(),
    // the documents on file (the screening reads the warrants, judgments and charging documents among them)
    trx
      .selectFrom('documents')
      .select(['case_id', 'id', 'title', 'kind', 'received_at'])
      .where('case_id', 'in', caseIds)
      .orderBy('case_id')
      .orderBy('received_at')
      .orderBy('title')
      .execute(),
  ]);
  const documentsOf = new Map<string, ScreeningInputRows['documents']>();
  for (const d of documents) {
    if (!d.case_id || !judicialKindOf(d.kind)) continue;
    const row = { id: d.id, title: d.title, kind: d.kind, received_at: d.received_at, responded_at: null };
    const list = documentsOf.get(d.case_id);
    if (list) list.push(row);
    else documentsOf.set(d.case_id, [row]);
  }
  const noticeIds = [...new Set(notices.map((n) => n.id))];
  const firstNoticeIds = new Set<string>();
  const seenCase = new Set<string>();
  for (const n of notices)
    if (!seenCase.has(n.case_id)) {
      seenCase.add(n.case_id);
      firstNoticeIds.add(n.id);
    }
  const firsts = [...firstNoticeIds];
  const [warrants, confirmations, changes] = noticeIds.length
    ? await Promise.all([
        trx
          .selectFrom('notice_warrants')
          .select([
            'notice_id',
            'position',
            'kind',
            'charge',
            'charge_translation',
            'law_cited',
            'max_penalty_months',
            'sentence_months',
            'remaining_months',
            'in_absentia',
            'issued_on',
          ])
          .where('notice_id', 'in', noticeIds)
          .orderBy('notice_id')
          .orderBy('position')
          .execute(),
        trx
          .selectFrom('validity_confirmations')
          .select(['notice_id', 'confirmed_at'])
          .distinctOn('notice_id')
          .where('notice_id', 'in', firsts)
          .orderBy('notice_id')
          .orderBy('confirmed_at', 'desc')
          .execute(),
        trx
          .selectFrom('notice_status_changes')
          .select(['notice_id', 'effective_at'])
          .distinctOn('notice_id')
          .where('notice_id', 'in', firsts)
          .orderBy('notice_id')
          .orderBy('effective_at', 'desc')
          .execute(),
      ])
    : [[], [], []];

  const factsOf = new Map(facts.map((f) => [f.case_id, f.facts as CaseFacts]));
  const protectionOf = new Map(
    persons.map((p) => [p.id, p.protection_status as ProtectionStatusJson | null]),
  );
  const warrantsOf = new Map<string, typeof warrants>();
  for (const w of warrants) {
    const list = warrantsOf.get(w.notice_id);
    if (list) list.push(w);
    else warrantsOf.set(w.notice_id, [w]);
  }
  const confirmedOf = new Map(confirmations.map((c) => [c.notice_id, c]));
  const changedOf = new Map(changes.map((c) => [c.notice_id, c]));
  const noticesOf = new Map<string, typeof notices>();
  for (const n of notices) {
    const list = noticesOf.get(n.case_id);
    if (list) list.push(n);
    else noticesOf.set(n.case_id, [n]);
  }
  const correctionsOf = new Map<string, typeof corrections>();
  for (const k of corrections) {
    const list = correctionsOf.get(k.case_id);
    if (list) list.push(k);
    else correctionsOf.set(k.case_id, [k]);
  }
  for (const c of cases) {
    const ns = noticesOf.get(c.id) ?? [];
    // warrants ordered as readScreeningRows (input.ts) gives them: by notice id, then position
    const ws = [...new Set(ns.map((n) => n.id))].sort().flatMap((id) => warrantsOf.get(id) ?? []);
    const first = ns[0];
    out.set(c.id, {
      stored: factsOf.get(c.id) ?? {},
      protection: protectionOf.get(c.person_id) ?? null,
      notices: ns,
      warrants: ws,
      corrections: correctionsOf.get(c.id) ?? [],
      reported: first ? confirmedOf.get(first.id) : undefined,
      changed: first ? changedOf.get(first.id) : undefined,
      documents: documentsOf.get(c.id) ?? [],
    });
  }
  return out;
}

export interface BatchOutcome {
  /** `more`: call again; `done`: the run completed; `stopped`: the run is not running. */
  next: 'more' | 'done' | 'stopped';
  run: RescreenRunView | null;
}

class NotRunning extends Error {}

const stripped = (id: string) => id.replace(/-/g, '');

const TRIGGER = 'ruleset_rescreen';

/**
 * Re-screens the next batch of a run in one transaction with one audit entry (the digest of the batch's
 * results in its detail). Safe to call from several processes at once: the run row is locked, so batches
 * follow each other from the cursor.
 */
export async function rescreenBatch(app: AppContext, runId: string, plan?: BatchPlan): Promise<BatchOutcome> {
  const call: Call = { app, actor: systemActor('bulk-rescreen'), meta: { requestId: null, sourceIp: null } };
  try {
    return await runAction(
      call,
      { action: 'screening.bulk.batch', entityType: 'rescreen_run' },
      async (trx, audit, now) => {
        audit.entityId = runId;
        // Planned: the run row is read now and locked only once the batch before has ended (`settled`).
        let q = trx.selectFrom('rescreen_runs').selectAll().where('id', '=', runId);
        if (!plan) q = q.forUpdate();
        const run = await q.executeTakeFirst();
        if (run?.state !== 'running') throw new NotRunning();
        const from = plan ? plan.from : run.cursor_case_id;
        const filter = (run.filter ?? {}) as RescreenFilterJson;
        let page = filteredCases(trx, filter)
          .select(['c.id', 'c.person_id'])
          .orderBy('c.id')
          .limit(run.batch_size)
          .forUpdate();
        if (from) page = page.where('c.id', '>', from);
        const cases = await page.execute();
        plan?.onCases(cases.length ? cases[cases.length - 1]!.id : null);
        const settled = plan ? takeTurn(trx, runId, plan) : null;
        settled?.catch(() => {}); // awaited before the first write, and below
        if (cases.length === 0) {
          await settled;
          const done = await trx
            .updateTable('rescreen_runs')
            .set({ state: 'completed', updated_at: now, finished_at: now })
            .where('id', '=', runId)
            .returningAll()
            .executeTakeFirstOrThrow();
          audit.detail = { runId, completed: true, processed: run.processed, stored: run.stored };
          return { next: 'done' as const, run: await viewOf(trx, done) };
        }
        const r = await rescreenCases(trx, cases, now, runId, settled ?? undefined);
        await settled;
        const last = cases[cases.length - 1]!.id;
        const updated = await trx
          .updateTable('rescreen_runs')
          .set({
            processed: sql`processed + ${cases.length}`,
            stored: sql`stored + ${r.stored}`,
            changed: sql`changed + ${r.changed}`,
            reviews_superseded: sql`reviews_superseded + ${r.reviewsSuperseded}`,
            batches: sql`batches + 1`,
            cursor_case_id: last,
            updated_at: now,
          })
          .where('id', '=', runId)
          .returningAll()
          .executeTakeFirstOrThrow();
        audit.detail = {
          runId,
          batch: updated.batches,
          firstCaseId: cases[0]!.id,
          lastCaseId: last,
          cases: cases.length,
          stored: r.stored,
          changed: r.changed,
          reviewsSuperseded: r.reviewsSuperseded,
          resultsDigest: r.digest,
        };
        return { next: 'more' as const, run: await viewOf(trx, updated) };
      },
    );
  } catch (err) {
    if (err instanceof NotRunning) return { next: 'stopped', run: null };
    throw err;
  }
}

/**
 * A batch started before the one ahead of it has committed (`driveRun` on PostgreSQL): it begins after
 * the last case that batch locked, not at the run's cursor. It locks its own cases and reads and screens
 * them at once, but writes nothing until the batch ahead has ended; then it locks the run row and goes on
 * only if the run is still running and its cursor is where this batch begins. Otherwise (the batch ahead
 * failed or was stopped, or another process moved the cursor) it rolls back whole. That check, under the
 * run row's lock, is what keeps the batches in order; the wait only keeps this batch from asking for the
 * lock before the batch ahead does (its reads would queue behind the lock on its connection).
 */
export interface BatchPlan {
  /** The last case id of the batch ahead (null: the run's first case). */
  from: string | null;
  /** Settles when the batch ahead has committed or rolled back. */
  ahead: Promise<unknown>;
  /** Told the last case id of this batch once its cases are locked (null: no case was left). */
  onCases: (lastId: string | null) => void;
}

/** The batch ahead of a planned batch did not end where this one begins: it is rolled back, to plan again. */
export class BatchSuperseded extends Error {}

/**
 * How long a planned batch waits for the one ahead before it gives up (rolls back, and is planned again).
 * It holds its cases' row locks while it waits; a transaction that needs one of them and holds a row the
 * batch ahead needs would otherwise wait on a cycle that passes through this process, which the server's
 * deadlock detector cannot see.
 */
export const AHEAD_WAIT_MS = 30_000;

async function takeTurn(trx: DbOrTrx, runId: string, plan: BatchPlan): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), AHEAD_WAIT_MS);
  });
  const ended = await Promise.race([
    plan.ahead.then(
      () => 'ended' as const,
      () => 'ended' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (ended === 'late') throw new BatchSuperseded('the batch ahead did not end in time');
  const run = await trx
    .selectFrom('rescreen_runs')
    .select(['state', 'cursor_case_id'])
    .where('id', '=', runId)
    .forUpdate()
    .executeTakeFirst();
  if (run?.state !== 'running') throw new NotRunning();
  if (run.cursor_case_id !== plan.from) throw new BatchSuperseded('the run did not reach this batch');
}

/** Cases screened and written per statement within a batch (the insert of one overlaps the next's screening). */
const WRITE_CHUNK = 500;

/** One new screening row, its `results` and `diff` already as JSON text. */
interface ScreeningRowValues {
  id: string;
  case_id: string;
  ruleset_version: string;
  country_context_version: string;
  inputs_digest: string;
  /** JSON of the compact screening. */
  results: string;
  diff: string | null;
}

/** The JSON array of rows `insertScreenings` sends: the JSON texts of `results` and `diff` are spliced in. */
function rowsJson(values: ScreeningRowValues[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    parts[i] =
      `{"id":${JSON.stringify(v.id)},"case_id":${JSON.stringify(v.case_id)},` +
      `"ruleset_version":${JSON.stringify(v.ruleset_version)},` +
      `"country_context_version":${JSON.stringify(v.country_context_version)},` +
      `"inputs_digest":${JSON.stringify(v.inputs_digest)},"results":${v.results},"diff":${v.diff ?? 'null'}}`;
  }
  return `[${parts.join(',')}]`;
}

/**
 * One set-based insert: the rows as one JSON array parameter, read by `jsonb_to_recordset` in the given
 * order. A JSON array costs less on both sides than a text array per column (`unnest`): the client sends
 * the JSON as it is instead of escaping every quote of every screening into an array literal, and the
 * server parses it once into `jsonb` instead of parsing the array literal and then each element.
 */
function insertScreenings(trx: DbOrTrx, values: ScreeningRowValues[], now: Date, runId: string | null) {
  return sql`insert into screenings
      (id, case_id, ruleset_version, country_context_version, inputs_digest, results, diff, trigger,
       created_at, rescreen_run_id)
    select t.id, t.case_id, t.ruleset_version, t.country_context_version, t.inputs_digest, t.results, t.diff,
      ${TRIGGER}, ${now}, ${runId}::uuid
    from rows from (jsonb_to_recordset(${rowsJson(values)}::jsonb) as (id uuid, case_id uuid,
      ruleset_version text, country_context_version text, inputs_digest text, results jsonb, diff jsonb))
      with ordinality as t(id, case_id, ruleset_version, country_context_version, inputs_digest, results, diff, ord)
    order by t.ord`.execute(trx);
}

export interface CasesRescreened {
  stored: number;
  changed: number;
  reviewsSuperseded: number;
  /** SHA-256 over `caseId screeningId inputsDigest recommendation` of every case, in case order. */
  digest: string;
  outcomes: Map<string, RescreenOutcome>;
}

/**
 * Screens the given cases again inside the caller's transaction: the same result, stored row, diff and
 * review reconciliation as `rescreenCase` for each case, read and written in bulk.
 */
export async function rescreenCases(
  trx: DbOrTrx,
  cases: Array<{ id: string; person_id: string }>,
  now: Date,
  runId: string | null,
  /** Awaited before the first write (a planned batch's turn, see `BatchPlan`). */
  beforeWrite?: Promise<void>,
): Promise<CasesRescreened> {
  let turn = beforeWrite;
  const myTurn = async () => {
    if (turn) await turn;
    turn = undefined;
  };
  const caseIds = cases.map((c) => c.id);
  const [inputs, countryContext, latest, reviews] = await Promise.all([
    loadInputRowsBatch(trx, cases),
    loadCountryContext(trx),
    trx
      .selectFrom('screenings')
      .select(['case_id', 'id', 'inputs_digest', 'ruleset_version', 'country_context_version'])
      .distinctOn('case_id')
      .where('case_id', 'in', caseIds)
      .orderBy('case_id')
      .orderBy('seq', 'desc')
      .execute(),
    trx
      .selectFrom('reviews')
      .select('case_id')
      .distinct()
      .where('case_id', 'in', caseIds)
      .where('superseded_at', 'is', null)
      .execute(),
  ]);
  const latestOf = new Map(latest.map((l) => [l.case_id, l]));
  const withReview = new Set(reviews.map((r) => r.case_id));
  const asOf = now.toISOString().slice(0, 10);

  // 1. The inputs and their digests; a case whose digest and versions are unchanged is not screened again.
  const factsOf = new Map<string, { facts: CaseFacts; inputsDigest: string }>();
  const needPrevious: string[] = [];
  for (const c of cases) {
    const facts = assembleScreeningInput(inputs.get(c.id)!).facts;
    const prev = latestOf.get(c.id);
    const inputsDigest = digestFacts(facts);
    if (
      !prev ||
      prev.inputs_digest !== inputsDigest ||
      prev.ruleset_version !== RULESET_VERSION ||
      prev.country_context_version !== countryContext.version
    ) {
      factsOf.set(c.id, { facts, inputsDigest });
      if (prev) needPrevious.push(prev.id);
    } else if (withReview.has(c.id)) needPrevious.push(prev.id);
  }
  // 2. The previous screenings the diffs need are read while the new ones are computed.
  const previousRead = (async () => {
    const previous = new Map<string, ScreeningResult>();
    for (let i = 0; i < needPrevious.length; i += 1000) {
      const rows = await trx
        .selectFrom('screenings')
        .select(['id', 'results'])
        .where('id', 'in', needPrevious.slice(i, i + 1000))
        .execute();
      for (const r of rows) previous.set(r.id, expandScreening(r.results));
    }
    return previous;
  })();
  previousRead.catch(() => {});
  let previous: Map<string, ScreeningResult> | null = null;

  // 3. Screened, diffed and written a chunk at a time: a chunk's insert runs on the server while the
  // next chunk is computed here (the transaction's connection runs the statements in order).
  const computed = new Map<string, ScreeningResult>();
  const outcomes = new Map<string, RescreenOutcome>();
  const writes: Array<Promise<unknown>> = [];
  let stored = 0;
  let changed = 0;
  const hash = createHash('sha256');
  for (let from = 0; from < cases.length; from += WRITE_CHUNK) {
    const chunk = cases.slice(from, from + WRITE_CHUNK);
    for (const c of chunk) {
      const f = factsOf.get(c.id);
      if (f) computed.set(c.id, screenCase(f.facts, { asOf, countryContext, inputsDigest: f.inputsDigest }));
    }
    previous ??= await previousRead;
    const values: ScreeningRowValues[] = [];
    for (const c of chunk) {
      const prev = latestOf.get(c.id);
      const result = computed.get(c.id);
      const outcome: RescreenOutcome = {
        screeningId: prev?.id ?? '',
        stored: false,
        diff: null,
        reviewSuperseded: null,
        voidedApprovals: [],
        withdrawnAuthorizations: [],
      };
      if (result) {
        const diff: ScreeningDiff | null = prev ? diffScreenings(previous.get(prev.id)!, result) : null;
        if (diff && (diff.indicators.some((i) => i.outcome) || diff.recommendation)) changed++;
        const id = randomUUID();
        values.push({
          id,
          case_id: c.id,
          ruleset_version: result.rulesetVersion,
          country_context_version: result.countryContextVersion,
          inputs_digest: result.inputsDigest,
          results: JSON.stringify(compactScreening(result)),
          diff: diff ? JSON.stringify(diff) : null,
        });
        Object.assign(outcome, { screeningId: id, stored: true, diff });
      }
      outcomes.set(c.id, outcome);
      const rec = result ? result.summary.recommendation : '-';
      hash.update(
        `${stripped(c.id)} ${stripped(outcome.screeningId)} ${result?.inputsDigest ?? prev?.inputs_digest ?? ''} ${rec}\n`,
      );
    }
    if (values.length > 0) {
      stored += values.length;
      await myTurn();
      const write = insertScreenings(trx, values, now, runId);
      write.catch(() => {}); // awaited below; no unhandled rejection while the next chunk is computed
      writes.push(write);
    }
  }
  await Promise.all(writes);
  previous ??= await previousRead;

  let reviewsSuperseded = 0;
  for (const c of cases) {
    if (!withReview.has(c.id)) continue;
    const outcome = outcomes.get(c.id)!;
    const next = computed.get(c.id) ?? previous.get(latestOf.get(c.id)?.id ?? '');
    if (!next) continue;
    await myTurn();
    await reconcileReview(trx, c.id, outcome, next, now, 'ruleset_rescreen');
    if (outcome.reviewSuperseded) reviewsSuperseded++;
  }
  return { stored, changed, reviewsSuperseded, digest: hash.digest('hex'), outcomes };
}

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
