/**
 * Tasks of the cases a user may see (re-review tasks, and referrals from the retrospective review for the
 * user's role), open ones first, soonest due first.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Call, runAction, spansOffices } from '../context.ts';
import { invalid } from '../errors.ts';
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

/** Keyset position of a task in the list order, with the fingerprint of the list that gave it. */
interface TaskCursor {
  /** status, due day exact (null: none), priority, created exact, id, fingerprint */
  s: string;
  d: string | null;
  p: number;
  c: string;
  i: string;
  k: string;
}

const badCursor = (message = 'Give the nextCursor of the previous page, unchanged.') =>
  invalid('The tasks could not be paged.', [{ field: 'after', message }]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXACT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeCursor(raw: string): TaskCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as TaskCursor;
    if (
      typeof c.s === 'string' &&
      (c.d === null || (typeof c.d === 'string' && EXACT.test(c.d))) &&
      Number.isInteger(c.p) &&
      typeof c.c === 'string' &&
      EXACT.test(c.c) &&
      typeof c.i === 'string' &&
      UUID.test(c.i) &&
      typeof c.k === 'string'
    )
      return c;
  } catch {
    // reported below
  }
  throw badCursor();
}

export interface TaskListFilter {
  status?: 'open' | 'done';
  /** Only the tasks raised for the caller's role (oversight's referrals for an auditor). */
  mine?: boolean;
  /** At most 500; 200 when not given. */
  limit?: number;
  /** Keyset paging: the `nextCursor` of the previous page, with the same filters. */
  after?: string;
}

/**
 * Tasks of your office's cases (every office for liaison and auditors): open ones first, then by due date
 * (soonest first), priority and age; the task id breaks ties. A task raised for one role (a referral to
 * counsel or to oversight) is listed to that role only. Keyset pages: `nextCursor` is given while more tasks
 * follow; a cursor is valid only for the list that gave it (same filters, role and office scope).
 */
export async function listTasksPage(
  call: Call,
  filter: TaskListFilter = {},
): Promise<{ items: TaskView[]; nextCursor: string | null }> {
  return runAction(
    call,
    { action: 'task.list', permission: 'task.list', entityType: 'task' },
    async (trx, audit, now) => {
      const scope = spansOffices(call) ? '*' : (call.actor.officeId ?? '');
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([scope, call.actor.role, filter.status ?? '', filter.mine === true]))
        .digest('base64url')
        .slice(0, 22);
      const limit = filter.limit ?? 200;
      const due = sql`coalesce(tasks.due_at, 'infinity'::timestamptz)`;
      let q = trx
        .selectFrom('tasks')
        .innerJoin('cases', 'cases.id', 'tasks.case_id')
        .selectAll('tasks')
        .select(['cases.case_number', 'cases.office_id'])
        .select([
          sql<string | null>`to_char(tasks.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
            'due_exact',
          ),
          sql<string>`to_char(tasks.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
            'created_exact',
          ),
        ])
        .orderBy('tasks.status', 'desc')
        .orderBy(due)
        .orderBy('tasks.priority')
        .orderBy('tasks.created_at')
        .orderBy('tasks.id')
        .limit(limit + 1);
      if (!spansOffices(call)) q = q.where('tasks.office_id', '=', call.actor.officeId ?? '');
      if (filter.status) q = q.where('tasks.status', '=', filter.status);
      // A task for one role (a referral to counsel or to oversight) is in that role's list only.
      q = filter.mine
        ? q.where('tasks.for_role', '=', call.actor.role ?? '')
        : q.where((eb) =>
            eb.or([eb('tasks.for_role', 'is', null), eb('tasks.for_role', '=', call.actor.role ?? '')]),
          );
      if (filter.after !== undefined) {
        const c = decodeCursor(filter.after);
        if (c.k !== fingerprint)
          throw badCursor(
            'This cursor belongs to another list (other filters, role or office): start again from the first page.',
          );
        const d = c.d === null ? sql`'infinity'::timestamptz` : sql`cast(${c.d} as timestamptz)`;
        // Open before done (status descending), then the rest ascending.
        q = q.where(
          sql<boolean>`(tasks.status < ${c.s} or (tasks.status = ${c.s} and (${due}, tasks.priority, tasks.created_at, tasks.id) > (${d}, ${c.p}, cast(${c.c} as timestamptz), cast(${c.i} as uuid))))`,
        );
      }
      const fetched = await q.execute();
      const more = fetched.length > limit;
      const rows = more ? fetched.slice(0, limit) : fetched;
      const people = await loadPeople(
        trx,
        rows.map((r) => r.closed_by).filter((x): x is string => x !== null),
      );
      audit.detail = { count: rows.length, status: filter.status ?? null, mine: filter.mine === true };
      const last = rows[rows.length - 1];
      const nextCursor =
        more && last
          ? Buffer.from(
              JSON.stringify({
                s: last.status,
                d: last.due_exact,
                p: last.priority,
                c: last.created_exact,
                i: last.id,
                k: fingerprint,
              } satisfies TaskCursor),
            ).toString('base64url')
          : null;
      return {
        nextCursor,
        items: rows.map((r) => ({
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
        })),
      };
    },
  );
}

/** The first page of `listTasksPage` (its items). */
export async function listTasks(call: Call, filter: TaskListFilter = {}): Promise<TaskView[]> {
  return (await listTasksPage(call, filter)).items;
}
