/**
 * Separation of duties on a case (domain/permissions.ts#SEPARATION_RULES): who holds each duty on the
 * case, read in one query, and the check every use case that gives someone a duty calls before it writes.
 */
import { sql } from 'kysely';
import { checkSeparation, DUTIES, type Duty, type DutyHolders } from '../domain/permissions.ts';
import type { DbOrTrx } from '../store/db.ts';
import { PermissionDenied } from './errors.ts';

/**
 * Who holds each duty on the case now:
 * - officer: who opened the case and its assigned officer;
 * - reviewer: who completed the current (not superseded) preliminary review;
 * - approver: who decided an approval that is not voided;
 * - legal_reviewer: who recorded a legal review of the current preliminary review;
 * - server: who recorded a service of documents on the person;
 * - contest_decider: who decided a contest.
 */
export async function loadDutyHolders(trx: DbOrTrx, caseId: string): Promise<DutyHolders> {
  const rows = await sql<{ duty: Duty; user_id: string }>`
    select 'officer' as duty, created_by as user_id from cases where id = ${caseId}
    union all
    select 'officer', assigned_officer_id from cases where id = ${caseId}
    union all
    select 'reviewer', reviewer_id from reviews
      where case_id = ${caseId} and superseded_at is null and status = 'complete'
    union all
    select 'approver', approver_id from approvals where case_id = ${caseId} and voided_at is null
    union all
    select 'legal_reviewer', l.attorney_id from legal_reviews l
      join reviews r on r.id = l.review_id
      where l.case_id = ${caseId} and r.superseded_at is null
    union all
    select 'server', recorded_by from disclosures where case_id = ${caseId}
    union all
    select 'contest_decider', decided_by from contests where case_id = ${caseId} and decided_by is not null
  `.execute(trx);
  const holders = Object.fromEntries(DUTIES.map((d) => [d, [] as string[]])) as Record<Duty, string[]>;
  for (const r of rows.rows) if (!holders[r.duty].includes(r.user_id)) holders[r.duty].push(r.user_id);
  return holders;
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
