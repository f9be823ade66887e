import { type Kysely, sql } from 'kysely';

/**
 * The audit search's "safeguards overridden" (services/audit-search.ts, docs/audit-search.md): approvals
 * decided against the advice in force and exigencies the director approved. They are rare among approvals
 * and exigency decisions, so a search for them through `audit_action (action, seq)`, or newest first through
 * the primary key, reads every approval of the log to find a page of them. This partial index holds only
 * those entries, by `seq`: a page of overrides, of either kind or both, is one index range. The search's
 * conditions are written with these same constants so that the planner can use the index (a condition on
 * one kind implies the index's condition).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_overrides on audit_log (seq)
    where (action = 'approval.decide' and detail->>'override' = 'true')
       or (action = 'exigency.decide' and detail->>'decision' = 'approved')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists audit_overrides`.execute(db);
}
