/** A material change (D6): approvals bound to another version are voided and authorizations withdrawn. */
import { caseVersionHash, describeMaterialChanges, materialFacts } from '../../domain/case-version.ts';
import type { CaseSnapshot, MaterialFacts } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { loadCaseSnapshot } from '../snapshot.ts';

/** What a material change did to the case's approvals and authorizations. */
export interface MaterialChangeEffect {
  changed: boolean;
  changes: string[];
  voidedApprovals: string[];
  withdrawnAuthorizations: string[];
}

/**
 * After a change to a case, compare the material facts with those before: when they differ, void every
 * standing approval bound to another version and withdraw active authorizations (D6).
 */
export async function applyMaterialChange(
  trx: DbOrTrx,
  caseId: string,
  before: MaterialFacts,
  now: Date,
  /** Said after the changes in the reasons, e.g. where a shared notice was changed. */
  cause = '',
  /** The case as it is now, when the caller has just read it (read here otherwise). */
  current?: CaseSnapshot,
): Promise<MaterialChangeEffect> {
  const after = materialFacts(current ?? (await loadCaseSnapshot(trx, caseId)));
  const beforeHash = caseVersionHash(before);
  const afterHash = caseVersionHash(after);
  const effect: MaterialChangeEffect = {
    changed: beforeHash !== afterHash,
    changes: describeMaterialChanges(before, after),
    voidedApprovals: [],
    withdrawnAuthorizations: [],
  };
  if (!effect.changed) return effect;
  const approvals = await trx
    .selectFrom('approvals')
    .select(['id', 'case_version_hash', 'material'])
    .where('case_id', '=', caseId)
    .where('voided_at', 'is', null)
    .execute();
  for (const a of approvals) {
    if (a.case_version_hash === afterHash) continue;
    const changes = describeMaterialChanges(a.material as MaterialFacts, after);
    const reason = `Voided because the case changed after this decision: ${changes.join('; ') || 'material facts changed'}${cause}.`;
    await trx
      .updateTable('approvals')
      .set({ voided_at: now, void_reason: reason })
      .where('id', '=', a.id)
      .execute();
    effect.voidedApprovals.push(a.id);
  }
  effect.withdrawnAuthorizations = await withdrawAuthorizations(
    trx,
    caseId,
    now,
    `Withdrawn because the case changed: ${effect.changes.join('; ') || 'material facts changed'}${cause}.`,
  );
  return effect;
}

/** Withdraws every standing (active or suspended) authorization of a case and puts an authorized case back to open. */
export async function withdrawAuthorizations(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
  reason: string,
): Promise<string[]> {
  const active = await trx
    .selectFrom('authorizations')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', 'in', ['active', 'suspended'])
    .execute();
  if (active.length) {
    await trx
      .updateTable('authorizations')
      .set({ status: 'withdrawn', withdrawn_at: now, withdrawn_reason: reason })
      .where(
        'id',
        'in',
        active.map((a) => a.id),
      )
      .execute();
  }
  await trx
    .updateTable('cases')
    .set({ status: 'open', updated_at: now })
    .where('id', '=', caseId)
    .where('status', '=', 'authorized')
    .execute();
  return active.map((a) => a.id);
}
