/**
 * Tasks of the cases a user may see (re-review tasks, and referrals from the retrospective review for the
 * user's role), open ones first, soonest due first.
 */
import { sql } from 'kysely';
import { type Call, runAction, spansOffices } from '../context.ts';
import { loadPeople } from '../snapshot.ts';

export interface TaskView {
  id: string;
  caseId: string;
  caseNumber: string;
  officeId: string;
  kind: string;
  /** The role the task is for (a referral from the retrospective review), or null for the office's staff. */
  forRole: string | null;
  reason: string;
  priority: number;
  status: string;
  createdAt: string;
  /** When the re-review is due (policy reReviewDueDays by priority). */
  dueAt: string | null;
  /** Open and past its due date. */
  overdue: boolean;
  closedAt: string | null;
  closedBy: string | null;
  closedByName: string | null;
  resolution: string | null;
}

/**
 * Tasks of your office's cases (every office for liaison and auditors): open ones first, then by due date
 * (soonest first), priority and age.
 */
export async function listTasks(
  call: Call,
  filter: { status?: 'open' | 'done'; limit?: number } = {},
): Promise<TaskView[]> {
  return runAction(
    call,
    { action: 'task.list', permission: 'task.list', entityType: 'task' },
    async (trx, audit, now) => {
      let q = trx
        .selectFrom('tasks')
        .innerJoin('cases', 'cases.id', 'tasks.case_id')
        .selectAll('tasks')
        .select(['cases.case_number', 'cases.office_id'])
        .orderBy('tasks.status', 'desc')
        .orderBy(sql`tasks.due_at asc nulls last`)
        .orderBy('tasks.priority')
        .orderBy('tasks.created_at')
        .limit(filter.limit ?? 200);
      if (!spansOffices(call)) q = q.where('cases.office_id', '=', call.actor.officeId ?? '');
      if (filter.status) q = q.where('tasks.status', '=', filter.status);
      // A task for one role (a referral to counsel or to oversight) is in that role's list only.
      q = q.where((eb) =>
        eb.or([eb('tasks.for_role', 'is', null), eb('tasks.for_role', '=', call.actor.role)]),
      );
      const rows = await q.execute();
      const people = await loadPeople(
        trx,
        rows.map((r) => r.closed_by).filter((x): x is string => x !== null),
      );
      audit.detail = { count: rows.length, status: filter.status ?? null };
      return rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.case_number,
        officeId: r.office_id,
        kind: r.kind,
        forRole: r.for_role,
        reason: r.reason,
        priority: r.priority,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
        dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
        overdue: r.status === 'open' && r.due_at !== null && new Date(r.due_at).getTime() < now.getTime(),
        closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        closedBy: r.closed_by,
        closedByName: r.closed_by ? (people[r.closed_by]?.displayName ?? null) : null,
        resolution: r.resolution,
      }));
    },
  );
}

/** Completes a re-review task with its outcome and a note (supervisors and attorneys). */
