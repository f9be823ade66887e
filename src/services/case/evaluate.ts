/** Evaluating a case's gates now, under the current policy (audited as a read). */
import { evaluateGates } from '../../domain/gates.ts';
import type { GateEvaluation } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

/** Evaluates the gates of a case now, under the current policy (audited as a read). */
export async function evaluateCase(call: Call, caseId: string): Promise<GateEvaluation> {
  return runAction(
    call,
    { action: 'case.evaluate', permission: 'case.read', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const evaluation = evaluateGates(await loadCaseSnapshot(trx, caseId), await currentPolicy(trx), now);
      audit.detail = { allMet: evaluation.allMet, blocking: evaluation.blocking };
      return evaluation;
    },
  );
}
