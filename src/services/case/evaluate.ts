/** Evaluating a case's gates now, under the current policy (audited as a read). */
import { evaluateGates } from '../../domain/gates.ts';
import type { GateEvaluation } from '../../domain/types.ts';
import { type Call, runRead } from '../context.ts';
import { type PersonName, readCaseForRead, recordIdsOf } from '../snapshot.ts';

/**
 * Evaluates the gates of a case now, under the current policy (audited as a read). The case, its snapshot and
 * the policy are one statement; the read-log entry, which names the result, is handed to the read-log writer
 * after it and committed before the answer (context.ts#runRead). No transaction.
 */
export async function evaluateCase(call: Call, caseId: string): Promise<GateEvaluation> {
  return (await evaluateCaseWithNames(call, caseId)).evaluation;
}

/**
 * `evaluateCase`, with the names of the people the snapshot mentions (read by the same statement) and the ids
 * of the case's own records.
 */
export async function evaluateCaseWithNames(
  call: Call,
  caseId: string,
): Promise<{
  evaluation: GateEvaluation;
  people: Record<string, PersonName>;
  /** The ids of the case's own records (not people). */
  records: Set<string>;
}> {
  return runRead(
    call,
    { action: 'case.evaluate', permission: 'case.read', entityType: 'case' },
    async (step) => {
      step.audit.entityId = caseId;
      step.audit.caseId = caseId;
      const { snapshot, policy } = await readCaseForRead(step, call, caseId, {
        policy: true,
        record: false,
      });
      const evaluation = evaluateGates(snapshot, policy!, step.now);
      step.audit.detail = { allMet: evaluation.allMet, blocking: evaluation.blocking };
      return { evaluation, people: snapshot.people, records: recordIdsOf(snapshot) };
    },
  );
}
