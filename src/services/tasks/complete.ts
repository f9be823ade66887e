/** Completing a re-review task with its outcome. */
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid, notFound, PermissionDenied } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

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
      // Another office's task answers as an unknown one (scope.ts).
      await requireInScope(trx, call, 'task', taskId);
      const found = await trx
        .selectFrom('tasks')
        .select('case_id')
        .where('id', '=', taskId)
        .executeTakeFirst();
      if (!found) throw notFound('The task');
      audit.caseId = found.case_id;
      // The case first, then the task (the order every action takes), read again under the lock.
      await loadCaseForAction(trx, call, found.case_id, { lock: true });
      const task = await trx
        .selectFrom('tasks')
        .selectAll()
        .where('id', '=', taskId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      // A task raised for one role (a referral to counsel or to oversight) is that role's to complete;
      // oversight completes nothing else (an office's re-review tasks are for its supervisors and attorneys).
      if (task.for_role !== null ? call.actor.role !== task.for_role : call.actor.role === 'auditor')
        throw new PermissionDenied(
          'TASK-FOR-ROLE',
          task.for_role === 'auditor'
            ? 'This referral is for oversight: an auditor completes it.'
            : task.for_role === 'attorney'
              ? 'This referral is for counsel: an attorney of the office completes it.'
              : 'Oversight completes only the referrals raised for oversight.',
        );
      // A completed task says so, whatever the note.
      if (task.status !== 'open') throw conflict('task_done', 'This task is already completed.');
      const fields: FieldProblem[] = [];
      if (!RE_REVIEW_OUTCOMES.includes(input.outcome))
        fields.push({ field: 'outcome', message: `Outcome is one of: ${RE_REVIEW_OUTCOMES.join(', ')}.` });
      if (!input.note?.trim()) fields.push({ field: 'note', message: 'Write what you found and decided.' });
      // The note passes the substance check every written reason on a case passes (services/reasons.ts).
      else
        fields.push(
          ...(await checkReasons(
            trx,
            task.case_id,
            [{ text: input.note, field: 'note', kind: 'rationale' }],
            reasonMinChars(await currentPolicy(trx)),
          )),
        );
      if (fields.length) throw invalid('The task could not be completed.', fields);
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
