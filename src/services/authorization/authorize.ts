/** Authorization (D2): only when every gate is met. */
import { randomUUID } from 'node:crypto';
import { evaluateGates } from '../../domain/gates.ts';
import type { GateEvaluation } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, ServiceError } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

export async function authorizeCase(
  call: Call,
  caseId: string,
): Promise<{ id: string; evaluation: GateEvaluation }> {
  return runAction(
    call,
    { action: 'authorization.create', permission: 'authorization.create', entityType: 'authorization' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (row.status === 'closed')
        throw conflict('case_closed', 'The case is closed; it cannot be authorized.');
      const policy = await currentPolicy(trx);
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const evaluation = evaluateGates(snapshot, policy, now);
      if (!evaluation.allMet) {
        const lines = evaluation.gates
          .filter((g) => evaluation.blocking.includes(g.gate))
          .map((g) => `${g.gate} (${g.title}): ${g.reason}`);
        throw new ServiceError(
          409,
          'gates_unmet',
          `The case cannot be authorized until every safeguard is met. Not met: ${lines.join(' ')}`,
          { gates: evaluation.gates },
        );
      }
      const active = await trx
        .selectFrom('authorizations')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (active) throw conflict('already_authorized', 'The case already has an active authorization.');
      const id = randomUUID();
      await trx
        .insertInto('authorizations')
        .values({
          id,
          case_id: caseId,
          purpose: row.purpose,
          authorized_by: actingUser(call),
          authorized_at: now,
          case_version_hash: evaluation.caseVersionHash,
          policy_version: policy.version,
          gates: JSON.stringify(evaluation.gates),
        })
        .execute();
      await trx
        .updateTable('cases')
        .set({ status: 'authorized', updated_at: now })
        .where('id', '=', caseId)
        .execute();
      audit.entityId = id;
      audit.before = { status: row.status };
      audit.after = { status: 'authorized' };
      audit.detail = {
        purpose: row.purpose,
        caseVersionHash: evaluation.caseVersionHash,
        policyVersion: policy.version,
      };
      return { id, evaluation };
    },
  );
}
