/** The decision on a contest, by an attorney independent of the case. */
import { CONTEST_DECISIONS, type ContestDecision } from '../../domain/types.ts';
import { type Call, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { conflict, type FieldProblem, invalid, notFound } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { loadCaseForAction } from '../snapshot.ts';

export async function decideContest(
  call: Call,
  contestId: string,
  input: { decision: ContestDecision; rationale: string },
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'contest.decide', permission: 'contest.decide', entityType: 'contest' },
    async (trx, audit, now) => {
      audit.entityId = contestId;
      const contest = await trx
        .selectFrom('contests')
        .selectAll()
        .where('id', '=', contestId)
        .executeTakeFirst();
      if (!contest) throw notFound('The contest');
      audit.caseId = contest.case_id;
      await loadCaseForAction(trx, call, contest.case_id);
      const userId = actingUser(call);
      await requireSeparation(trx, contest.case_id, 'contest_decider', userId);
      const fields: FieldProblem[] = [];
      if (!CONTEST_DECISIONS.includes(input.decision))
        fields.push({ field: 'decision', message: `Decision is one of: ${CONTEST_DECISIONS.join(', ')}.` });
      requireText(input.rationale, 'rationale', 'Write the rationale for the decision.', fields);
      if (fields.length) throw invalid('The decision could not be recorded.', fields);
      if (contest.decision !== null)
        throw conflict('contest_decided', 'This contest has already been decided.');
      await trx
        .updateTable('contests')
        .set({
          decision: input.decision,
          decision_rationale: input.rationale,
          decided_by: userId,
          decided_at: now,
        })
        .where('id', '=', contestId)
        .execute();
      audit.detail = { decision: input.decision };
      return { id: contestId };
    },
  );
}
