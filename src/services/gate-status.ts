/**
 * The stored gate status of each case (table `case_gate_status`, migration 0019): what the evaluator
 * says about the case, kept so that the dashboard, the queues and the case list are SQL aggregations
 * rather than an evaluation per case on every read. docs/reads-at-scale.md explains the guarantees.
 *
 * - Written in the same transaction as every change that can alter it: `runAction` calls
 *   `afterAction` for every action that is not a read (services/context.ts), which re-derives the case
 *   the action names and the cases an action on a shared record (a notice, a person, an officer's
 *   training, the policy) can alter.
 * - Time: a gate can change with time alone (a contest window closes, a validity confirmation ages, a
 *   notice expires). `stale_at` is the first instant at which the status changes with no other change;
 *   a row past it is re-derived before an aggregation uses it (`refreshStaleGateStatus`).
 * - Re-derivable: `verifyGateStatus` compares every stored row with the evaluator (`redline gates verify`,
 *   `--repair` rewrites the rows that differ).
 */

import { sql } from 'kysely';
import {
  type evaluateGates,
  evaluateTracked,
  gateStatusesAt,
  type PreparedSnapshot,
  prepareSnapshot,
} from '../domain/gates.ts';
import { GATE_IDS, type GateEvaluation, type GateId, type PolicySettings } from '../domain/types.ts';
import type { Db, DbOrTrx } from '../store/db.ts';
import { currentPolicy } from './current-policy.ts';
import { loadCaseSnapshot, type NamedCaseSnapshot } from './snapshot.ts';

/** Bumped whenever the evaluator's rules change in a way that can change a status: older rows are re-derived. */
export const EVALUATOR_VERSION = 1;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** How many candidate instants are tried when looking for the next change (each is one evaluation). */
const MAX_PROBES = 8;

export interface GateStatusSummary {
  allMet: boolean;
  blocking: string[];
  blockingMask: number;
  gates: Array<{ gate: string; status: string }>;
  nextStep: string | null;
}

export interface StoredGateStatus extends GateStatusSummary {
  caseId: string;
  officeId: string;
  caseStatus: string;
  policyVersion: number;
  evaluatorVersion: number;
  computedAt: string;
  staleAt: string | null;
}

/** The part of an evaluation that is stored (and compared by `gates verify`). */
export function summarise(ev: GateEvaluation): GateStatusSummary {
  let mask = 0;
  for (const g of ev.blocking) mask |= 1 << GATE_IDS.indexOf(g);
  const first = ev.gates.find((g) => g.gate === ev.blocking[0]);
  return {
    allMet: ev.allMet,
    blocking: [...ev.blocking],
    blockingMask: mask,
    gates: ev.gates.map((g) => ({ gate: g.gate, status: g.status })),
    nextStep: first?.nextStep || null,
  };
}

const statusKey = (s: Pick<GateStatusSummary, 'gates' | 'allMet'>): string =>
  `${s.allMet}|${s.gates.map((g) => `${g.gate}=${g.status}`).join(',')}`;

/** Every instant in a snapshot: Date values and ISO dates or times in strings. */
function instantsIn(value: unknown, out: number[], depth = 0): void {
  if (depth > 8 || value === null || value === undefined) return;
  if (value instanceof Date) {
    const t = value.getTime();
    if (!Number.isNaN(t)) out.push(t);
  } else if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}/.test(value) && value.length <= 30) {
      const t = Date.parse(value.length === 10 ? `${value}T00:00:00.000Z` : value);
      if (!Number.isNaN(t)) out.push(t, t + DAY_MS);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) instantsIn(v, out, depth + 1);
  } else if (typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) instantsIn(v, out, depth + 1);
  }
}

/** Every duration the policy sets (settings named …Hours or …Days, nested ones too), in ms, and zero. */
function policyDurations(policy: PolicySettings): number[] {
  const out = new Set<number>([0]);
  const walk = (obj: Record<string, unknown>, hours: boolean, days: boolean) => {
    for (const [k, v] of Object.entries(obj)) {
      const h = hours || k.endsWith('Hours');
      const d = days || k.endsWith('Days');
      if (typeof v === 'number' && (h || d)) out.add(v * (h ? HOUR_MS : DAY_MS));
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, h, d);
    }
  };
  walk(policy as unknown as Record<string, unknown>, false, false);
  out.add(72 * HOUR_MS); // serviceBackdateHours' default when the setting is absent
  return [...out];
}

/**
 * The first instant after `now` at which the status changes with time alone, or null when it never does
 * (within the instants tried). Every time limit the evaluator applies is an instant of the case (a date
 * or a time it records) plus a duration of the policy (or none), so the status can only change at one
 * of those sums; they are tried in order. When none of the first MAX_PROBES changes the status, the
 * row is marked stale at the last one tried, so that the search goes on from there.
 */
export function nextChangeAt(
  snapshot: Parameters<typeof evaluateGates>[0],
  policy: PolicySettings,
  now: Date,
  current: GateStatusSummary,
  prepared: PreparedSnapshot = prepareSnapshot(snapshot),
  timed: readonly GateId[] = evaluateTracked(prepared, policy, now).timed,
): Date | null {
  // Only a gate whose check read the time can change with time alone (gates.ts#evaluateTracked): with none,
  // the status holds until the case changes; otherwise each probe evaluates those gates only.
  if (timed.length === 0) return null;
  const instants: number[] = [];
  instantsIn(snapshot, instants);
  const durations = policyDurations(policy);
  const t0 = now.getTime();
  const candidates = new Set<number>();
  // +1 ms: limits are checked both as `now >= limit` and `now > limit`; one ms later both have turned.
  for (const i of instants) for (const d of durations) if (i + d + 1 > t0) candidates.add(i + d + 1);
  const sorted = [...candidates].sort((a, b) => a - b);
  const key = statusKey(current);
  for (let k = 0; k < sorted.length && k < MAX_PROBES; k++) {
    const at = new Date(sorted[k]!);
    const changed: ReadonlyMap<string, string> = gateStatusesAt(prepared, policy, at, timed);
    const gates = current.gates.map((g) => ({ gate: g.gate, status: changed.get(g.gate) ?? g.status }));
    if (statusKey({ gates, allMet: gates.every((g) => g.status !== 'unmet') }) !== key) return at;
  }
  return sorted.length > MAX_PROBES ? new Date(sorted[MAX_PROBES - 1]!) : null;
}

/** Evaluates a case now and writes its stored status (inside the caller's transaction). */
export async function deriveGateStatus(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
  policy?: PolicySettings,
): Promise<StoredGateStatus | null> {
  const p = policy ?? (await currentPolicy(trx));
  const derived = await evaluateStatus(trx, caseId, now, p);
  if (!derived) return null;
  await writeStatus(trx, derived);
  return derived;
}

/**
 * What the evaluator says about a case at `now`, in the stored form, from a snapshot the caller built (nothing
 * read, nothing written): the same row as `deriveGateStatus` gives when the snapshot is what `loadCaseSnapshot`
 * would read. For a bulk writer that knows what it writes (the legacy import computes its new cases' statuses
 * before its transaction; a test compares the rows with `evaluateStatus`). Write them with `writeGateStatusRows`.
 */
export function gateStatusOf(
  snapshot: NamedCaseSnapshot,
  officeId: string,
  caseStatus: string,
  now: Date,
  policy: PolicySettings,
): StoredGateStatus {
  return statusOf(snapshot, officeId, caseStatus, now, policy);
}

/**
 * Writes several stored statuses (distinct cases, computed by `gateStatusOf`) inside the caller's
 * transaction in one statement: the rows as one JSON array parameter (`jsonb_to_recordset`), so the counts'
 * trigger on `case_gate_status` runs once.
 */
export async function writeGateStatusRows(
  trx: DbOrTrx,
  statuses: readonly StoredGateStatus[],
): Promise<void> {
  if (statuses.length === 0) return;
  const rows = statuses.map((s) => JSON.stringify({ ...statusRow(s), gates: s.gates }));
  await sql`insert into case_gate_status (case_id, office_id, case_status, all_met, blocking, blocking_mask, gates,
      next_step, policy_version, evaluator_version, computed_at, stale_at)
    select case_id, office_id, case_status, all_met, blocking, blocking_mask, gates, next_step, policy_version,
      evaluator_version, computed_at, stale_at
    from rows from (jsonb_to_recordset(${`[${rows.join(',')}]`}::jsonb) as (case_id uuid, office_id text,
      case_status text, all_met boolean, blocking text[], blocking_mask integer, gates jsonb, next_step text,
      policy_version integer, evaluator_version integer, computed_at timestamptz, stale_at timestamptz))
      with ordinality as t(case_id, office_id, case_status, all_met, blocking, blocking_mask, gates, next_step,
        policy_version, evaluator_version, computed_at, stale_at, ord)
    order by t.ord
    on conflict (case_id) do update set office_id = excluded.office_id, case_status = excluded.case_status,
      all_met = excluded.all_met, blocking = excluded.blocking, blocking_mask = excluded.blocking_mask,
      gates = excluded.gates, next_step = excluded.next_step, policy_version = excluded.policy_version,
      evaluator_version = excluded.evaluator_version, computed_at = excluded.computed_at,
      stale_at = excluded.stale_at`.execute(trx);
}

/** What the evaluator says about a case now, in the stored form (nothing written). */
export async function evaluateStatus(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
  policy: PolicySettings,
): Promise<StoredGateStatus | null> {
  const head = await trx
    .selectFrom('cases')
    .select(['id', 'office_id', 'status'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!head) return null;
  const snapshot = await loadCaseSnapshot(trx, caseId);
  return statusOf(snapshot, head.office_id, head.status, now, policy);
}

function statusOf(
  snapshot: NamedCaseSnapshot,
  officeId: string,
  caseStatus: string,
  now: Date,
  policy: PolicySettings,
): StoredGateStatus {
  const prepared = prepareSnapshot(snapshot);
  const { evaluation, timed } = evaluateTracked(prepared, policy, now);
  const summary = summarise(evaluation);
  const staleAt = nextChangeAt(snapshot, policy, now, summary, prepared, timed);
  return {
    ...summary,
    caseId: snapshot.id,
    officeId,
    caseStatus,
    policyVersion: policy.version,
    evaluatorVersion: EVALUATOR_VERSION,
    computedAt: now.toISOString(),
    staleAt: staleAt?.toISOString() ?? null,
  };
}

function statusRow(s: StoredGateStatus) {
  return {
    case_id: s.caseId,
    office_id: s.officeId,
    case_status: s.caseStatus,
    all_met: s.allMet,
    blocking: s.blocking,
    blocking_mask: s.blockingMask,
    gates: JSON.stringify(s.gates),
    next_step: s.nextStep,
    policy_version: s.policyVersion,
    evaluator_version: s.evaluatorVersion,
    computed_at: s.computedAt,
    stale_at: s.staleAt,
  };
}

async function writeStatus(trx: DbOrTrx, s: StoredGateStatus): Promise<void> {
  const row = statusRow(s);
  const { case_id: _id, ...update } = row;
  await trx
    .insertInto('case_gate_status')
    .values(row)
    .onConflict((oc) => oc.column('case_id').doUpdateSet(update))
    .execute();
}

/** Actions that change a record shared by several cases: which cases they can alter. */
async function casesTouchedBeyondOne(
  trx: DbOrTrx,
  action: string,
  draft: AfterActionDraft,
): Promise<{ derive: string[]; markAll?: boolean; officers?: string[] }> {
  const entityId = draft.entityId ?? null;
  if (action === 'notice.status.record' && entityId) {
    const rows = await trx
      .selectFrom('case_notices')
      .select('case_id')
      .where('notice_id', '=', entityId)
      .execute();
    return { derive: rows.map((r) => r.case_id) };
  }
  if (action === 'person.languages' && entityId) {
    const rows = await trx.selectFrom('cases').select('id').where('person_id', '=', entityId).execute();
    return { derive: rows.map((r) => r.id) };
  }
  if (action === 'training.record' || action === 'training.import') {
    // A training record changes the gates of the cases its user is the assigned officer of.
    const userId = (draft.after as { userId?: unknown } | undefined)?.userId;
    if (action === 'training.record' && typeof userId === 'string') return { derive: [], officers: [userId] };
    return { derive: [], markAll: true };
  }
  if (action === 'policy.update') return { derive: [], markAll: true };
  return { derive: [] };
}

interface AfterActionDraft {
  caseId?: string | null;
  entityId?: string | null;
  after?: unknown;
}

/**
 * Called by runAction inside the action's transaction, after the use case and before the audit entry,
 * for every action that is not a read: re-derives the case the action names and the cases a change to a
 * shared record can alter. Cases too many to re-derive in the request (an officer's training, a new
 * policy) are marked stale: the next aggregation or `gates verify --repair` re-derives them.
 */
export async function afterAction(
  trx: DbOrTrx,
  action: string,
  draft: AfterActionDraft,
  now: Date,
): Promise<void> {
  const touched = await casesTouchedBeyondOne(trx, action, draft);
  const ids = new Set(touched.derive);
  if (draft.caseId) ids.add(draft.caseId);
  if (ids.size === 0 && !touched.markAll && !touched.officers) return;
  const policy = await currentPolicy(trx);
  for (const id of [...ids].sort()) await deriveGateStatus(trx, id, now, policy);
  if (touched.officers?.length)
    await trx
      .updateTable('case_gate_status')
      .set({ stale_at: now })
      .where('case_id', 'in', (eb) =>
        eb.selectFrom('cases').select('id').where('assigned_officer_id', 'in', touched.officers!),
      )
      .execute();
  if (touched.markAll) await trx.updateTable('case_gate_status').set({ stale_at: now }).execute();
}

/**
 * Re-derives the stored rows in scope that are stale (past `stale_at`, or written under an older policy
 * or evaluator). Returns how many were re-derived. Aggregations call it first, so they never count a
 * stale status; when nothing has aged it is one indexed query.
 */
export async function refreshStaleGateStatus(
  trx: DbOrTrx,
  now: Date,
  scope: { officeId: string | null },
): Promise<number> {
  const policy = await currentPolicy(trx);
  let done = 0;
  for (;;) {
    // Three index ranges (stale_at, policy_version, evaluator_version; migrations 0019 and 0022) rather than
    // one `or`, which no index serves: when nothing has aged this reads no row.
    const part = (cond: ReturnType<typeof sql<boolean>>) => {
      let q = trx.selectFrom('case_gate_status').select('case_id').where(cond);
      if (scope.officeId !== null) q = q.where('office_id', '=', scope.officeId);
      return q;
    };
    const rows = await part(sql<boolean>`stale_at <= ${now}`)
      .union(part(sql<boolean>`policy_version < ${policy.version}`))
      .union(part(sql<boolean>`evaluator_version < ${EVALUATOR_VERSION}`))
      .orderBy('case_id')
      .limit(500)
      .execute();
    for (const r of rows) await deriveGateStatus(trx, r.case_id, now, policy);
    done += rows.length;
    if (rows.length < 500) return done;
  }
}

export interface GateStatusDifference {
  caseId: string;
  caseNumber: string;
  /** `missing`: no stored row; `stale`: past its stale time (re-derived before use); `differs`: wrong. */
  kind: 'missing' | 'stale' | 'differs';
  stored: { allMet: boolean; blocking: string[] } | null;
  derived: { allMet: boolean; blocking: string[] };
}

export interface GateStatusReport {
  checked: number;
  differences: GateStatusDifference[];
  repaired: number;
}

/**
 * Compares every case's stored status with the evaluator now (cases read in keyset pages of 500).
 * With `repair`, rewrites each row that is missing, stale or different, each page in its own transaction.
 */
export async function verifyGateStatus(
  db: Db,
  opts: { now: Date; repair?: boolean; onProgress?: (done: number) => void },
): Promise<GateStatusReport> {
  const policy = await currentPolicy(db);
  const report: GateStatusReport = { checked: 0, differences: [], repaired: 0 };
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('cases')
      .leftJoin('case_gate_status as s', 's.case_id', 'cases.id')
      .select([
        'cases.id',
        'cases.case_number',
        'cases.status',
        's.case_id as stored_id',
        's.all_met',
        's.blocking',
        's.gates',
        's.case_status',
        's.stale_at',
        's.policy_version',
        's.evaluator_version',
      ])
      .where('cases.case_number', '>', after)
      .orderBy('cases.case_number')
      .limit(500)
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1]!.case_number;
    await db.transaction().execute(async (trx) => {
      for (const row of page) {
        report.checked += 1;
        const derived = await evaluateStatus(trx, row.id, opts.now, policy);
        if (!derived) continue;
        let kind: GateStatusDifference['kind'] | null = null;
        if (row.stored_id === null) kind = 'missing';
        else if (
          statusKey({ allMet: row.all_met!, gates: row.gates as Array<{ gate: string; status: string }> }) !==
            statusKey(derived) ||
          row.case_status !== row.status
        )
          kind =
            (row.stale_at !== null && new Date(row.stale_at).getTime() <= opts.now.getTime()) ||
            row.policy_version! < policy.version ||
            row.evaluator_version! < EVALUATOR_VERSION
              ? 'stale'
              : 'differs';
        if (!kind) continue;
        report.differences.push({
          caseId: row.id,
          caseNumber: row.case_number,
          kind,
          stored: row.stored_id === null ? null : { allMet: row.all_met!, blocking: row.blocking! },
          derived: { allMet: derived.allMet, blocking: derived.blocking },
        });
        if (opts.repair) {
          await writeStatus(trx, derived);
          report.repaired += 1;
        }
      }
    });
    opts.onProgress?.(report.checked);
  }
  return report;
}

/** The stored status of one case as a plain object (null when there is none). */
export async function storedGateStatus(db: DbOrTrx, caseId: string): Promise<StoredGateStatus | null> {
  const r = await db
    .selectFrom('case_gate_status')
    .selectAll()
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    caseId: r.case_id,
    officeId: r.office_id,
    caseStatus: r.case_status,
    allMet: r.all_met,
    blocking: r.blocking,
    blockingMask: r.blocking_mask,
    gates: r.gates,
    nextStep: r.next_step,
    policyVersion: r.policy_version,
    evaluatorVersion: r.evaluator_version,
    computedAt: new Date(r.computed_at).toISOString(),
    staleAt: r.stale_at === null ? null : new Date(r.stale_at).toISOString(),
  };
}
