/**
 * Recording the outcome of a retrospective review: no action; authorization withdrawn (through the same
 * withdrawal as a material change, `case/material-change.ts#withdrawAuthorizations`, so the authorization is
 * really withdrawn and an authorized case goes back to open); release or relief recommended; referral to
 * counsel; referral to oversight. The reasons must have substance (domain/substance.ts through
 * services/reasons.ts). Only the reviewer who took the case records its outcome; the case leaves the queue
 * (`reviewed`) and comes back when a new risk raises its priority.
 */
import { randomUUID } from 'node:crypto';
import { checkPermission } from '../../domain/permissions.ts';
import { REREVIEW_OUTCOME_LABELS, REREVIEW_OUTCOMES, type RereviewOutcome } from '../../domain/rereview.ts';
import { withdrawAuthorizations } from '../case/material-change.ts';
import { type Call, currentPolicy, latestTraining, runAction, trainingCurrentAt } from '../context.ts';
import { conflict, type FieldProblem, invalid, PermissionDenied } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { type ReferralTask, raiseReferralTask } from './referral-task.ts';

export interface OutcomeInput {
  outcome: RereviewOutcome;
  reasons: string;
}

export interface OutcomeResult {
  id: string;
  caseId: string;
  outcome: RereviewOutcome;
  withdrawnAuthorizations: string[];
  /** The task a referral raised (for counsel or for oversight), or null. */
  task: ReferralTask | null;
}

export async function recordRereviewOutcome(
  call: Call,
  caseId: string,
  input: OutcomeInput,
): Promise<OutcomeResult> {
  return runAction(
    call,
    { action: 'rereview.outcome', permission: 'rereview.outcome', entityType: 'rereview_outcome' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await requireInScope(trx, call, 'case', caseId);
      const c = await loadCaseForAction(trx, call, caseId, { lock: true });
      const fields: FieldProblem[] = [];
      if (!REREVIEW_OUTCOMES.includes(input.outcome))
        fields.push({ field: 'outcome', message: `Outcome is one of: ${REREVIEW_OUTCOMES.join(', ')}.` });
      const policy = await currentPolicy(trx);
      fields.push(
        ...(await checkReasons(
          trx,
          caseId,
          [{ text: input.reasons, field: 'reasons', kind: 'rationale' }],
          reasonMinChars(policy),
        )),
      );
      if (fields.length) throw invalid('The outcome could not be recorded.', fields);
      const me = actingUser(call);
      if (c.rereview_state !== 'assigned' || c.rereview_assignee !== me)
        throw conflict(
          'not_taken_by_you',
          'Take the case from the re-review queue before recording its outcome: only the reviewer who took it records it.',
        );
      let withdrawn: string[] = [];
      if (input.outcome === 'authorization_withdrawn') {
        // Withdrawing is its own permission (supervisors), checked as runAction checks any action.
        if (call.actor.kind === 'user') {
          const trained = trainingCurrentAt(await latestTraining(trx, me), now, policy);
          const verdict = checkPermission('authorization.withdraw', {
            role: call.actor.role,
            trainingCurrent: trained,
          });
          if (!verdict.allowed) throw new PermissionDenied(verdict.rule, verdict.reason);
        }
        withdrawn = await withdrawAuthorizations(
          trx,
          caseId,
          now,
          `Withdrawn on retrospective review: ${input.reasons.trim()}`,
        );
        if (!withdrawn.length)
          throw conflict(
            'no_authorization',
            'This case has no active or suspended authorization to withdraw. Choose another outcome.',
          );
      }
      const id = randomUUID();
      await trx
        .insertInto('rereview_outcomes')
        .values({
          id,
          case_id: caseId,
          outcome: input.outcome,
          reasons: input.reasons.trim(),
          reviewer_id: me,
          tier: c.rereview_tier,
          withdrawn_authorizations: JSON.stringify(withdrawn),
          taken_at: c.rereview_assigned_at,
          recorded_at: now,
        })
        .execute();
      await trx
        .updateTable('cases')
        .set({
          rereview_state: 'reviewed',
          rereview_assignee: null,
          rereview_assigned_at: null,
          rereview_last_at: now,
          rereview_since: now,
        })
        .where('id', '=', caseId)
        .execute();
      const task = await raiseReferralTask(trx, c, input.outcome, input.reasons.trim(), policy, now);
      audit.entityId = id;
      audit.before = { rereviewState: 'assigned', tier: c.rereview_tier };
      audit.after = { rereviewState: 'reviewed', outcome: input.outcome };
      audit.detail = {
        outcome: input.outcome,
        outcomeText: REREVIEW_OUTCOME_LABELS[input.outcome],
        reasons: input.reasons.trim(),
        withdrawnAuthorizations: withdrawn,
        ...(task ? { task } : {}),
      };
      return { id, caseId, outcome: input.outcome, withdrawnAuthorizations: withdrawn, task };
    },
  );
}
