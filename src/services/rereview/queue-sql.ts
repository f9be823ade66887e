/**
 * What the re-review queue's use cases share: the row they show, the reviewer-independence condition, and
 * the mapping of a row to its view (with the reasons for its place).
 */
import { type RawBuilder, sql } from 'kysely';
import { priorityReasons } from '../../domain/rereview.ts';

/**
 * True (as SQL) when the user may review the case retrospectively: they did not open it, are not its
 * assigned officer, and did not approve or authorize it (rule SEP-REREVIEW-INDEPENDENT).
 */
export function independentOf(userId: string, c: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(
    ${userId}::uuid <> ${c}.created_by and ${userId}::uuid <> ${c}.assigned_officer_id
    and not exists (select 1 from approvals a where a.case_id = ${c}.id and a.approver_id = ${userId}::uuid)
    and not exists (select 1 from authorizations z where z.case_id = ${c}.id and z.authorized_by = ${userId}::uuid)
  )`;
}

export const SEP_REREVIEW_RULE = 'SEP-REREVIEW-INDEPENDENT';

export interface QueueRow {
  id: string;
  case_number: string;
  office_id: string;
  status: string;
  family_name: string;
  given_names: string | null;
  rereview_tier: number;
  rereview_since: Date | string;
  rereview_state: string;
  rereview_assignee: string | null;
  rereview_assigned_at: Date | string | null;
  rereview_last_at: Date | string | null;
  assignee_name: string | null;
}

/** The columns of a queue row, over `cases c join persons p`, with the assignee's name. */
export const QUEUE_COLUMNS = sql`c.id, c.case_number, c.office_id, c.status, p.family_name, p.given_names,
  c.rereview_tier, c.rereview_since, c.rereview_state, c.rereview_assignee, c.rereview_assigned_at,
  c.rereview_last_at, u.display_name as assignee_name`;

export const QUEUE_FROM = sql`cases c join persons p on p.id = c.person_id
  left join users u on u.id = c.rereview_assignee`;

export interface QueueItem {
  caseId: string;
  caseNumber: string;
  officeId: string;
  caseStatus: string;
  person: string;
  tier: number;
  /** The last retrospective review, or the case's opening when it never had one. */
  since: string;
  state: string;
  assignee: string | null;
  assigneeName: string | null;
  assignedAt: string | null;
  lastReviewedAt: string | null;
  /** Why the case is where it is, most important first. */
  reasons: string[];
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toQueueItem(r: QueueRow, now: Date): QueueItem {
  const since = new Date(r.rereview_since);
  return {
    caseId: r.id,
    caseNumber: r.case_number,
    officeId: r.office_id,
    caseStatus: r.status,
    person: [r.family_name, r.given_names].filter(Boolean).join(', '),
    tier: r.rereview_tier,
    since: since.toISOString(),
    state: r.rereview_state,
    assignee: r.rereview_assignee,
    assigneeName: r.assignee_name,
    assignedAt: iso(r.rereview_assigned_at),
    lastReviewedAt: iso(r.rereview_last_at),
    reasons: priorityReasons(r.rereview_tier, since, now, r.rereview_last_at !== null),
  };
}
