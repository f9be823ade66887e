/**
 * One batch of a bulk re-screening run (bulk.ts): its cases locked, their inputs read with one query per
 * table, screened in memory, the new screenings written set-based, one audit entry with the digest of the
 * batch's results; and a batch planned before the one ahead of it has committed (`BatchPlan`).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { jsonbText } from '../../domain/jsonb-text.ts';
import {
  type CaseFacts,
  type CompactScreening,
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
import type { DbOrTrx } from '../../store/db.ts';
import { newRowId } from '../../store/ids.ts';
import type { ProtectionStatusJson, RescreenFilterJson } from '../../store/schema.ts';
import { type AppContext, type Call, runAction, systemActor } from '../context.ts';
import { loadCountryContext } from '../country-context/table.ts';
import { filteredCases, type RescreenRunView, viewOf } from './bulk.ts';
import { assembleScreeningInput, type ScreeningInputRows } from './input.ts';
import { type RescreenOutcome, reconcileReview } from './rescreen.ts';

// ---------------------------------------------------------------------------
// One batch
// ---------------------------------------------------------------------------

/** The rows grouped by a key, each group in the rows' order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

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
  const warrantsOf = groupBy(warrants, (w) => w.notice_id);
  const confirmedOf = new Map(confirmations.map((c) => [c.notice_id, c]));
  const changedOf = new Map(changes.map((c) => [c.notice_id, c]));
  const noticesOf = groupBy(notices, (n) => n.case_id);
  const correctionsOf = groupBy(corrections, (k) => k.case_id);
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

/** One new screening row. */
interface ScreeningRowValues {
  id: string;
  case_id: string;
  ruleset_version: string;
  country_context_version: string;
  inputs_digest: string;
  results: CompactScreening;
  diff: ScreeningDiff | null;
}

/**
 * One set-based insert: the rows as one JSON array parameter, read by `jsonb_to_recordset` in the given
 * order. A JSON array costs less on both sides than a text array per column (`unnest`): the client sends
 * the JSON as it is instead of escaping every quote of every screening into an array literal, and the
 * server parses it once into `jsonb` instead of parsing the array literal and then each element. The
 * array is written by one `JSON.stringify` of the rows (about half the time of a text per screening
 * spliced into a text per row).
 */
function insertScreenings(trx: DbOrTrx, values: ScreeningRowValues[], now: Date, runId: string | null) {
  return sql`insert into screenings
      (id, case_id, ruleset_version, country_context_version, inputs_digest, results, diff, trigger,
       created_at, rescreen_run_id)
    select t.id, t.case_id, t.ruleset_version, t.country_context_version, t.inputs_digest, t.results, t.diff,
      ${TRIGGER}, ${now}, ${runId}::uuid
    from rows from (jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as (id uuid, case_id uuid,
      ruleset_version text, country_context_version text, inputs_digest text, results jsonb, diff jsonb))
      with ordinality as t(id, case_id, ruleset_version, country_context_version, inputs_digest, results, diff, ord)
    order by t.ord`.execute(trx);
}

/**
 * The parts of a previous compact screening marked `usual: 1` (as every new one is) that a diff compares,
 * as the server writes them (`jsonb` text).
 */
interface PreviousParts {
  open: string;
  summary: string;
}

interface PreviousScreenings {
  /** Read whole and expanded: asked for whole, or in another form than the new screenings'. */
  whole: Map<string, ScreeningResult>;
  /** Read in the parts a diff compares. */
  parts: Map<string, PreviousParts>;
}

async function readWhole(trx: DbOrTrx, ids: string[]): Promise<Map<string, ScreeningResult>> {
  const out = new Map<string, ScreeningResult>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await trx
      .selectFrom('screenings')
      .select(['id', 'results'])
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.id, expandScreening(r.results));
  }
  return out;
}

/**
 * Reads the previous screenings: `whole` ones whole; of the others, the parts a diff compares when they are
 * in the new screenings' form, and the whole row otherwise (one statement either way: a row stored before
 * the `usual` marker is not read twice).
 */
async function readPrevious(trx: DbOrTrx, whole: string[], parts: string[]): Promise<PreviousScreenings> {
  const out: PreviousScreenings = { whole: await readWhole(trx, whole), parts: new Map() };
  for (let i = 0; i < parts.length; i += 1000) {
    const rows = await sql<{ id: string; open: string | null; summary: string | null; results: unknown }>`
      select id,
        case when marked then (results -> 'open')::text end as open,
        case when marked then (results -> 'summary')::text end as summary,
        case when not marked then results end as results
      from (select id, results, coalesce(results ->> 'form' = 'compact' and results ->> 'usual' = '1', false) as marked
            from screenings where id = any(${parts.slice(i, i + 1000)}::uuid[])) s`.execute(trx);
    for (const r of rows.rows) {
      if (r.open !== null && r.summary !== null) out.parts.set(r.id, { open: r.open, summary: r.summary });
      else out.whole.set(r.id, expandScreening(r.results));
    }
  }
  return out;
}

/**
 * The diff of a new screening against the previous one when their parts show that no indicator and no
 * advice changed: both compact with the same usual missing facts (`readPrevious` gives parts only for
 * such rows), and the same `open` entries and summary, compared as the server's text of them (equal
 * texts, equal values). Such screenings expand to the same indicators (titles and texts come from the
 * ruleset in this code for both), which is what `diffScreenings` would find. Null when the parts differ
 * or cannot be written as the server writes them: then the whole previous screening is read and diffed.
 */
function diffFromParts(
  parts: PreviousParts,
  prev: { ruleset_version: string; inputs_digest: string },
  compact: CompactScreening,
  result: ScreeningResult,
): ScreeningDiff | null {
  if (parts.summary !== jsonbText(compact.summary) || parts.open !== jsonbText(compact.open)) return null;
  return {
    rulesetVersion:
      prev.ruleset_version === result.rulesetVersion
        ? null
        : { from: prev.ruleset_version, to: result.rulesetVersion },
    inputsChanged: prev.inputs_digest !== result.inputsDigest,
    recommendation: null,
    indicators: [],
    unchanged: true,
  };
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
  // previous screenings read whole (the review reconciliation needs them) or in the parts a diff compares
  const needWhole: string[] = [];
  const needParts: string[] = [];
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
      if (prev) (withReview.has(c.id) ? needWhole : needParts).push(prev.id);
    } else if (withReview.has(c.id)) needWhole.push(prev.id);
  }
  // 2. The previous screenings the diffs need are read while the new ones are computed.
  const previousRead = readPrevious(trx, needWhole, needParts);
  previousRead.catch(() => {});
  let previous: PreviousScreenings | null = null;

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
    const compacts = new Map<string, CompactScreening>();
    for (const c of chunk) {
      const f = factsOf.get(c.id);
      if (!f) continue;
      const result = screenCase(f.facts, { asOf, countryContext, inputsDigest: f.inputsDigest });
      computed.set(c.id, result);
      compacts.set(c.id, compactScreening(result));
    }
    previous ??= await previousRead;
    // the diff of each case, from the parts when they show nothing changed, else from the whole screening
    const diffs = new Map<string, ScreeningDiff>();
    const wholeNeeded: string[] = [];
    for (const c of chunk) {
      const prev = latestOf.get(c.id);
      const result = computed.get(c.id);
      if (!prev || !result) continue;
      const whole = previous.whole.get(prev.id);
      const parts = previous.parts.get(prev.id);
      const quick = !whole && parts ? diffFromParts(parts, prev, compacts.get(c.id)!, result) : null;
      if (whole) diffs.set(c.id, diffScreenings(whole, result));
      else if (quick) diffs.set(c.id, quick);
      else wholeNeeded.push(prev.id);
    }
    if (wholeNeeded.length > 0) {
      const more = await readWhole(trx, wholeNeeded);
      for (const c of chunk) {
        const prev = latestOf.get(c.id);
        const result = computed.get(c.id);
        if (prev && result && !diffs.has(c.id)) diffs.set(c.id, diffScreenings(more.get(prev.id)!, result));
      }
    }
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
        const diff = diffs.get(c.id) ?? null;
        if (diff && (diff.indicators.some((i) => i.outcome) || diff.recommendation)) changed++;
        const id = newRowId();
        values.push({
          id,
          case_id: c.id,
          ruleset_version: result.rulesetVersion,
          country_context_version: result.countryContextVersion,
          inputs_digest: result.inputsDigest,
          results: compacts.get(c.id)!,
          diff,
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
    const next = computed.get(c.id) ?? previous.whole.get(latestOf.get(c.id)?.id ?? '');
    if (!next) continue;
    await myTurn();
    await reconcileReview(trx, c.id, outcome, next, now, 'ruleset_rescreen');
    if (outcome.reviewSuperseded) reviewsSuperseded++;
  }
  return { stored, changed, reviewsSuperseded, digest: hash.digest('hex'), outcomes };
}
