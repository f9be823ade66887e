/**
 * Separation of duties on a case (domain/permissions.ts#SEPARATION_RULES): who holds each duty on the
 * case, read in one query, and the check every use case that gives someone a duty calls before it writes.
 * The same definitions of each duty (`HOLDERS`) filter the work queues (`conflictsOnCase`), so a queue
 * never offers work that the service would refuse.
 */
import { type RawBuilder, sql } from 'kysely';
import {
  checkSeparation,
  DUTIES,
  type Duty,
  type DutyHolders,
  SEPARATION_RULES,
} from '../domain/permissions.ts';
import type { DbOrTrx } from '../store/db.ts';
import { PermissionDenied } from './errors.ts';

/** A case id: a value, or a column of the outer query (`sql.ref('c.id')`). */
type CaseRef = string | RawBuilder<unknown>;

/**
 * Who holds each duty on a case now, as a query of user ids:
 * - officer: who opened the case and its assigned officer;
 * - reviewer: who completed the current (not superseded) preliminary review;
 * - approver: who decided an approval that is not voided;
 * - legal_reviewer: who recorded a legal review of the current preliminary review;
 * - server: who recorded a service of documents on the person;
 * - contest_decider: who decided a contest.
 */
const HOLDERS: Record<Duty, (c: CaseRef) => RawBuilder<{ user_id: string }>> = {
  officer: (c) => sql`select created_by as user_id from cases where id = ${c}
    union all select assigned_officer_id from cases where id = ${c}`,
  reviewer: (c) => sql`select reviewer_id as user_id from reviews
    where case_id = ${c} and superseded_at is null and status = 'complete'`,
  approver: (c) =>
    sql`select approver_id as user_id from approvals where case_id = ${c} and voided_at is null`,
  legal_reviewer: (c) => sql`select l.attorney_id as user_id from legal_reviews l
    join reviews r on r.id = l.review_id where l.case_id = ${c} and r.superseded_at is null`,
  server: (c) => sql`select recorded_by as user_id from disclosures where case_id = ${c}`,
  contest_decider: (c) => sql`select decided_by as user_id from contests
    where case_id = ${c} and decided_by is not null`,
};

export async function loadDutyHolders(trx: DbOrTrx, caseId: string): Promise<DutyHolders> {
  const rows = await sql<{ duty: Duty; user_id: string }>`${sql.join(
    DUTIES.map((d) => sql`select ${d}::text as duty, h.user_id from (${HOLDERS[d](caseId)}) h`),
    sql` union all `,
  )}`.execute(trx);
  const holders = Object.fromEntries(DUTIES.map((d) => [d, [] as string[]])) as Record<Duty, string[]>;
  for (const r of rows.rows) if (!holders[r.duty].includes(r.user_id)) holders[r.duty].push(r.user_id);
  return holders;
}

/**
 * True (as SQL) when `userId` holds a duty on the case that a separation rule forbids together with
 * `duty`: the same answer as `checkSeparation`, for filtering many cases in one query.
 */
export function conflictsOnCase(duty: Duty, userId: string, c: CaseRef): RawBuilder<boolean> {
  const others = [
    ...new Set(
      SEPARATION_RULES.filter((r) => r.duties.includes(duty)).map((r) =>
        r.duties[0] === duty ? r.duties[1] : r.duties[0],
      ),
    ),
  ];
  if (!others.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    others.map((o) => sql`${userId} in (${HOLDERS[o](c)})`),
    sql` or `,
  )})`;
}

/** Refuses (403, with the rule) when `userId` may not take `duty` on the case. */
export async function requireSeparation(
  trx: DbOrTrx,
  caseId: string,
  duty: Duty,
  userId: string,
): Promise<void> {
  const verdict = checkSeparation(duty, userId, await loadDutyHolders(trx, caseId));
  if (!verdict.allowed) throw new PermissionDenied(verdict.rule, verdict.reason);
}
