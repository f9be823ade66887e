/** The decision on a contest, by an attorney independent of the case: a written answer to each ground. */
import {
  CONTEST_DECISIONS,
  CONTEST_GROUND_LABELS,
  type ContestAnswer,
  type ContestDecision,
  type ContestGroundKind,
} from '../../domain/types.ts';
import { applyContestDecision } from '../authorization/contest-effect.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { conflict, type FieldProblem, invalid, notFound } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, type ReasonItem, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface ContestDecisionInput {
  decision: ContestDecision;
  /** One answer per ground raised, by the ground's position in the contest (from 0). */
  answers?: ContestAnswer[];
  /** A summary of the decision; required for a withdrawal (which answers no ground). */
  rationale?: string | null;
}

const STOP = new Set(
  'about above after again against because before being between could does during every from have having into only other over same should since some such than that their them then there these they this those through under until very were what when where which while with would your person notice'.split(
    ' ',
  ),
);

/** Words of the person's statement that an answer to it can name (the longest, most specific first). */
export function statementKeywords(statement: string): string[] {
  const words = statement
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 5 && !STOP.has(w));
  return [...new Set(words)].sort((a, b) => b.length - a.length).slice(0, 8);
}

export async function decideContest(
  call: Call,
  contestId: string,
  input: ContestDecisionInput,
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'contest.decide', permission: 'contest.decide', entityType: 'contest' },
    async (trx, audit, now) => {
      audit.entityId = contestId;
      // Another office's contest answers as an unknown one (scope.ts).
      await requireInScope(trx, call, 'contest', contestId);
      const found = await trx
        .selectFrom('contests')
        .select('case_id')
        .where('id', '=', contestId)
        .executeTakeFirst();
      if (!found) throw notFound('The contest');
      audit.caseId = found.case_id;
      // The case row first (the order every action takes), then the contest's. Decided once: a concurrent
      // second decision waits for the first, then reads it under the lock.
      const row = await loadCaseForAction(trx, call, found.case_id, { lock: true });
      const contest = await trx
        .selectFrom('contests')
        .selectAll()
        .where('id', '=', contestId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const userId = actingUser(call);
      await requireSeparation(trx, contest.case_id, 'contest_decider', userId);
      if (contest.decision !== null)
        throw conflict(
          'contest_decided',
          `This contest has already been decided (${contest.decision.replaceAll('_', ' ')} at ${new Date(contest.decided_at!).toISOString().slice(0, 16).replace('T', ' ')} UTC). A contest is decided once.`,
          {
            firstDecision: {
              decision: contest.decision,
              decidedBy: contest.decided_by,
              decidedAt: new Date(contest.decided_at!).toISOString(),
              answers: contest.answers ?? [],
              rationale: contest.decision_rationale,
            },
          },
        );

      const fields: FieldProblem[] = [];
      if (!CONTEST_DECISIONS.includes(input.decision))
        fields.push({ field: 'decision', message: `Decision is one of: ${CONTEST_DECISIONS.join(', ')}.` });
      const grounds = contest.grounds_list ?? [];
      const answers = Array.isArray(input.answers) ? input.answers : [];
      const items: ReasonItem[] = [];
      const kept: ContestAnswer[] = [];
      if (input.decision === 'withdrawn') {
        requireText(
          input.rationale,
          'rationale',
          'Say how and when the person withdrew the contest, and what they withdrew.',
          fields,
        );
      } else {
        // CONTEST-ANSWER-EACH-GROUND
        grounds.forEach((g, i) => {
          const label = CONTEST_GROUND_LABELS[g.ground as ContestGroundKind] ?? g.ground;
          const given = answers.find((a) => a.groundIndex === i);
          if (!given?.answer?.trim()) {
            fields.push({
              field: `answers.${i}`,
              rule: 'CONTEST-ANSWER-EACH-GROUND',
              message: `Answer ground ${i + 1} (${label}: "${g.statement.slice(0, 120)}"). The decision must say why this ground does or does not hold.`,
            });
            return;
          }
          kept.push({ groundIndex: i, answer: given.answer.trim() });
          items.push({
            text: given.answer,
            field: `answers.${i}`,
            kind: 'contest_decision',
            mustAddress: {
              id: g.ground,
              title: label,
              keywords: statementKeywords(g.statement),
            },
          });
        });
        answers.forEach((a, i) => {
          if (!Number.isInteger(a.groundIndex) || a.groundIndex < 0 || a.groundIndex >= grounds.length)
            fields.push({
              field: `answers.${i}.groundIndex`,
              message: `The contest raises ${grounds.length} ground(s); answer each by its number from 0.`,
            });
        });
      }
      if (input.rationale?.trim())
        items.push({ text: input.rationale, field: 'rationale', kind: 'contest_decision' });
      if (items.length) {
        const policy = await currentPolicy(trx);
        fields.push(...(await checkReasons(trx, contest.case_id, items, reasonMinChars(policy))));
      }
      if (fields.length) throw invalid('The decision could not be recorded.', fields);

      const summary =
        input.rationale?.trim() ||
        kept
          .map((a) => {
            const g = grounds[a.groundIndex]!;
            return `Ground ${a.groundIndex + 1} (${CONTEST_GROUND_LABELS[g.ground as ContestGroundKind] ?? g.ground}): ${a.answer}`;
          })
          .join('\n');
      await trx
        .updateTable('contests')
        .set({
          decision: input.decision,
          decision_rationale: summary,
          answers: JSON.stringify(kept),
          decided_by: userId,
          decided_at: now,
        })
        .where('id', '=', contestId)
        .execute();
      // Sustained: the authorization is withdrawn with a re-review; otherwise a suspension may end.
      const effect = await applyContestDecision(trx, row, input.decision, now);
      audit.detail = {
        decision: input.decision,
        grounds: grounds.length,
        answered: kept.length,
        ...effect,
      };
      return { id: contestId };
    },
  );
}
