/** Authorization (D2): only when every gate is met. */
import { randomUUID } from 'node:crypto';
import { evaluateGates } from '../../domain/gates.ts';
import type { GateEvaluation } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, ServiceError } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { lockCaseNotices } from '../notice/lock.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

const alreadyAuthorized = (status: string) =>
  conflict(
    'already_authorized',
    status === 'suspended'
      ? 'The case already has an authorization, suspended while a contest is decided.'
      : 'The case already has an active authorization.',
  );

/** A unique violation of the named index (PostgreSQL code 23505). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

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
      // The notices the gates read are locked too: a notice status change or a change of the notice's
      // facts waits for this authorization (and then withdraws it), or this waits and sees the change.
      await lockCaseNotices(trx, caseId);
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
      const standing = await trx
        .selectFrom('authorizations')
        .select(['id', 'status'])
        .where('case_id', '=', caseId)
        .where('status', 'in', ['active', 'suspended'])
        .executeTakeFirst();
      if (standing) throw alreadyAuthorized(standing.status);
      const id = randomUUID();
      // The unique index (one standing authorization per case, migration 0010) backs the row lock: if it
      // ever fires, the answer is the same refusal, never a server error.
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
        .execute()
        .catch((err: unknown) => {
          if (isUniqueViolation(err, 'authorizations_one_standing')) throw alreadyAuthorized('active');
          throw err;
        });
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
