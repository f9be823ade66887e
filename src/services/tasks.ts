import { withdrawAuthorizations } from './cases.ts';
import { type Call, runAction, spansOffices } from './context.ts';
import { conflict, invalid, notFound, ServiceError } from './errors.ts';
import { loadCaseForAction, loadPeople } from './snapshot.ts';

function actingUser(call: Call): string {
  if (!call.actor.userId)
    throw new ServiceError(
      400,
      'user_required',
      'This action must be taken by a named user, not the system.',
    );
  return call.actor.userId;
}

export interface CloseCaseInput {
  reason: string;
  /**
   * A case with an active authorization is not closed silently: either withdraw the authorization
   * first, or say so here and it is withdrawn with the same reason, in the same transaction.
   */
  withdrawAuthorization?: boolean;
}

export interface ClosedCase {
  id: string;
  caseNumber: string;
  withdrawnAuthorizations: string[];
  cancelledRequests: string[];
}

/** Closes a case with a reason (supervisors). Open re-review tasks stay open: past reliance is still reviewed. */
export async function closeCase(call: Call, caseId: string, input: CloseCaseInput): Promise<ClosedCase> {
  return runAction(
    call,
    { action: 'case.close', permission: 'case.close', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId);
      if (!input.reason?.trim())
        throw invalid('The case could not be closed.', [
          { field: 'reason', message: 'Give the reason for closing the case.' },
        ]);
      if (row.status === 'closed') throw conflict('case_closed', 'The case is already closed.');
      const active = await trx
        .selectFrom('authorizations')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'active')
        .execute();
      if (active.length && !input.withdrawAuthorization)
        throw conflict(
          'authorization_active',
          'The case has an active authorization. Withdraw it first, or ask to withdraw it as you close the case (withdrawAuthorization, or --withdraw-authorization on the command line), so nobody acts on an authorization of a closed case.',
          { authorizations: active.map((a) => a.id) },
        );
      const reason = input.reason.trim();
      const withdrawn = active.length
        ? await withdrawAuthorizations(trx, caseId, now, `Withdrawn because the case was closed: ${reason}`)
        : [];
      const pending = await trx
        .selectFrom('liaison_requests')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'pending')
        .execute();
      if (pending.length)
        await trx
          .updateTable('liaison_requests')
          .set({ status: 'cancelled', cancelled_reason: `The case was closed: ${reason}` })
          .where(
            'id',
            'in',
            pending.map((p) => p.id),
          )
          .execute();
      await trx
        .updateTable('cases')
        .set({ status: 'closed', closed_at: now, close_reason: reason, updated_at: now })
        .where('id', '=', caseId)
        .execute();
      actingUser(call);
      audit.before = { status: row.status };
      audit.after = { status: 'closed' };
      audit.detail = {
        reason,
        withdrawnAuthorizations: withdrawn,
        cancelledRequests: pending.map((p) => p.id),
      };
      return {
        id: caseId,
        caseNumber: row.case_number,
        withdrawnAuthorizations: withdrawn,
        cancelledRequests: pending.map((p) => p.id),
      };
    },
  );
}

export const RE_REVIEW_OUTCOMES = [
  /** The case no longer relies on the notice; nothing else to do. */
  'reliance_ended',
  /** The change does not affect the case (e.g. the notice was corrected, not withdrawn). */
  'no_impact',
  /** The case must go through the gates again before anyone acts. */
  'reauthorization_required',
  /** Past actions taken on the notice need legal follow-up (release, notice to the court). */
  'remedial_action_required',
] as const;
export type ReReviewOutcome = (typeof RE_REVIEW_OUTCOMES)[number];

export interface TaskView {
  id: string;
  caseId: string;
  caseNumber: string;
  officeId: string;
  kind: string;
  reason: string;
  priority: number;
  status: string;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
  closedByName: string | null;
  resolution: string | null;
}

/** Tasks of your office's cases (every office for liaison and auditors), most urgent first. */
export async function listTasks(
  call: Call,
  filter: { status?: 'open' | 'done'; limit?: number } = {},
): Promise<TaskView[]> {
  return runAction(
    call,
    { action: 'task.list', permission: 'task.list', entityType: 'task' },
    async (trx, audit) => {
      let q = trx
        .selectFrom('tasks')
        .innerJoin('cases', 'cases.id', 'tasks.case_id')
        .selectAll('tasks')
        .select(['cases.case_number', 'cases.office_id'])
        .orderBy('tasks.status', 'desc')
        .orderBy('tasks.priority')
        .orderBy('tasks.created_at')
        .limit(filter.limit ?? 200);
      if (!spansOffices(call)) q = q.where('cases.office_id', '=', call.actor.officeId ?? '');
      if (filter.status) q = q.where('tasks.status', '=', filter.status);
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
        reason: r.reason,
        priority: r.priority,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
        closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        closedBy: r.closed_by,
        closedByName: r.closed_by ? (people[r.closed_by]?.displayName ?? null) : null,
        resolution: r.resolution,
      }));
    },
  );
}

/** Completes a re-review task with its outcome and a note (supervisors and attorneys). */
export async function completeTask(
  call: Call,
  taskId: string,
  input: { outcome: ReReviewOutcome; note: string },
): Promise<{ id: string; outcome: ReReviewOutcome }> {
  return runAction(
    call,
    { action: 'task.complete', permission: 'task.complete', entityType: 'task' },
    async (trx, audit, now) => {
      audit.entityId = taskId;
      const task = await trx.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
      if (!task) throw notFound('The task');
      audit.caseId = task.case_id;
      await loadCaseForAction(trx, call, task.case_id);
      const fields = [];
      if (!RE_REVIEW_OUTCOMES.includes(input.outcome))
        fields.push({ field: 'outcome', message: `Outcome is one of: ${RE_REVIEW_OUTCOMES.join(', ')}.` });
      if (!input.note?.trim()) fields.push({ field: 'note', message: 'Write what you found and decided.' });
      if (fields.length) throw invalid('The task could not be completed.', fields);
      if (task.status !== 'open') throw conflict('task_done', 'This task is already completed.');
      const resolution = `${input.outcome}: ${input.note.trim()}`;
      await trx
        .updateTable('tasks')
        .set({ status: 'done', closed_at: now, closed_by: actingUser(call), resolution })
        .where('id', '=', taskId)
        .execute();
      audit.before = { status: 'open' };
      audit.after = { status: 'done' };
      audit.detail = { outcome: input.outcome, note: input.note.trim(), kind: task.kind };
      return { id: taskId, outcome: input.outcome };
    },
  );
}
