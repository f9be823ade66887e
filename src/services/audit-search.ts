/**
 * The audit search (auditors): entries of the audit log, newest first, in keyset pages on `seq` (no OFFSET).
 *
 * Every filter is an indexed condition on `audit_log`: a case number is resolved to the case's id first (one
 * lookup on the unique `case_number`), then `case_id` uses `audit_case (case_id, seq)`; a person picked by name
 * uses `audit_actor (actor_id, seq)`; an action `audit_action (action, seq)`; the overrides the partial index
 * `audit_overrides (seq)` of migration 0047; a date range `audit_at (at)` of migration 0050, where the planner
 * finds reading the range cheaper than reading the log backwards. An office is
 * the cases of that office (`cases_office_number`), matched on `case_id`. The page's case numbers, offices and
 * display names are then read in one query each for the ids on the page, not per entry.
 *
 * Scope: a caller whose role does not span offices sees only entries about cases of their own office; a case
 * number or office outside the caller's scope, or unknown, gives no entries (the same answer for both).
 */
import { sql } from 'kysely';
import { actionLabel } from '../domain/audit-actions.ts';
import type { DbOrTrx } from '../store/db.ts';
import { type Call, runAction, spansOffices } from './context.ts';
import { outcomeText } from './history-text.ts';
import { foldAllReads } from './read-log.ts';

export type OverrideFilter = 'any' | 'true' | 'false' | 'exigency';

export interface AuditQuery {
  /** The exact username written in the entry (also for sign-in attempts with an unknown name). */
  actor?: string | undefined;
  /** The user's id (the picker of people by display name). */
  actorId?: string | undefined;
  action?: string | undefined;
  caseId?: string | undefined;
  /** The case number as people use it (RL-2026-000123). */
  caseNumber?: string | undefined;
  officeId?: string | undefined;
  outcome?: 'ok' | 'denied' | 'failed' | undefined;
  /**
   * Safeguards overridden: 'true' approvals decided against the advice in force; 'false' approvals that were
   * not; 'exigency' exigencies the field office director approved (reliance before the contest is over);
   * 'any' both kinds of override.
   */
  override?: OverrideFilter | undefined;
  /** YYYY-MM-DD (UTC), included. */
  from?: string | undefined;
  to?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actorUsername: string;
  /** The person's display name (null: not a user account, e.g. the system or an unknown sign-in name). */
  actorName: string | null;
  actorRole: string | null;
  action: string;
  /** The action in plain words (domain/audit-actions.ts). */
  actionLabel: string;
  /** What the answer or decision was, when the entry says ("approved the case, against … (override)"). */
  summary: string | null;
  outcome: string;
  entityType: string | null;
  entityId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  officeId: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
  sourceIp: string | null;
  hash: string;
}

const DAY_MS = 86_400_000;

export async function searchAudit(call: Call, q: AuditQuery): Promise<{ items: AuditEntryView[] }> {
  await foldAllReads(call.app); // reads recorded since the last fold appear in the search (read-log.ts)
  return runAction(
    call,
    { action: 'audit.search', permission: 'audit.read', entityType: 'audit' },
    async (trx, audit) => {
      audit.detail = { query: q };
      const own = spansOffices(call) ? null : (call.actor.officeId ?? '');
      // The case number names one case: resolve it first (unique index), then filter on its id.
      let numberedCase: string | null = null;
      if (q.caseNumber !== undefined) {
        const c = await trx
          .selectFrom('cases')
          .select(['id', 'office_id'])
          .where('case_number', '=', q.caseNumber.trim().toUpperCase())
          .executeTakeFirst();
        if (!c || (own !== null && c.office_id !== own)) return { items: [] };
        numberedCase = c.id;
      }
      if (own !== null && q.officeId !== undefined && q.officeId !== own) return { items: [] };
      const office = q.officeId ?? own;

      const rows = await auditSearchQuery(trx, q, { caseId: numberedCase, officeId: office }).execute();

      // Names for the page: one query for its cases, one for its people.
      const caseIds = [...new Set(rows.flatMap((r) => (r.case_id ? [r.case_id] : [])))];
      const actorIds = [...new Set(rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])))];
      const cases = new Map(
        (caseIds.length
          ? await trx
              .selectFrom('cases')
              .select(['id', 'case_number', 'office_id'])
              .where('id', 'in', caseIds)
              .execute()
          : []
        ).map((c) => [c.id, c]),
      );
      const names = new Map(
        (actorIds.length
          ? await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', actorIds).execute()
          : []
        ).map((u) => [u.id, u.display_name]),
      );
      return {
        items: rows.map((r) => {
          const c = r.case_id ? cases.get(r.case_id) : undefined;
          const detail = (r.detail ?? {}) as Record<string, unknown>;
          return {
            seq: Number(r.seq),
            at: new Date(r.at).toISOString(),
            actorUsername: r.actor_username,
            actorName: r.actor_id ? (names.get(r.actor_id) ?? null) : null,
            actorRole: r.actor_role,
            action: r.action,
            actionLabel: actionLabel(r.action),
            summary: r.outcome === 'ok' ? outcomeText(r.action, detail) : null,
            outcome: r.outcome,
            entityType: r.entity_type,
            entityId: r.entity_id,
            caseId: r.case_id,
            caseNumber: c?.case_number ?? null,
            officeId: c?.office_id ?? null,
            detail,
            requestId: r.request_id,
            sourceIp: r.source_ip,
            hash: r.hash,
          };
        }),
      };
    },
  );
}

/**
 * The search's one statement over `audit_log`, newest first (exported for bench/audit-search-plans.ts, which
 * shows its plans): `scope.caseId` is the case a case number resolved to, `scope.officeId` the office searched
 * (or the caller's own).
 */
export function auditSearchQuery(
  db: DbOrTrx,
  q: AuditQuery,
  scope: { caseId: string | null; officeId: string | null },
) {
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
  if (scope.caseId) query = query.where('case_id', '=', scope.caseId);
  if (q.caseId) query = query.where('case_id', '=', q.caseId);
  const office = scope.officeId;
  if (office !== null)
    query = query.where('case_id', 'in', (eb) =>
      eb.selectFrom('cases').select('cases.id').where('cases.office_id', '=', office),
    );
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.actor) query = query.where('actor_username', '=', q.actor);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  // Written with constants, as the partial index audit_overrides (migration 0047) is, so that it serves them.
  const againstAdvice = sql<boolean>`action = 'approval.decide' and detail->>'override' = 'true'`;
  const exigencyGranted = sql<boolean>`action = 'exigency.decide' and detail->>'decision' = 'approved'`;
  if (q.override === 'true') query = query.where(againstAdvice);
  if (q.override === 'false')
    query = query
      .where('action', '=', 'approval.decide')
      .where(sql`coalesce(detail->>'override', 'false')`, '=', 'false');
  if (q.override === 'exigency') query = query.where(exigencyGranted);
  if (q.override === 'any') query = query.where(sql<boolean>`(${againstAdvice}) or (${exigencyGranted})`);
  if (q.from) query = query.where('at', '>=', new Date(`${q.from}T00:00:00.000Z`));
  if (q.to) query = query.where('at', '<', new Date(new Date(`${q.to}T00:00:00.000Z`).getTime() + DAY_MS));
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  return query;
}
