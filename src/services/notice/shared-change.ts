/**
 * A change to a notice that several cases rely on, made through one of them (PATCH /cases/{id} with
 * `notice`): a material change for every one of them (D6), not only the case it was made through.
 */
import { materialFacts } from '../../domain/case-version.ts';
import type { MaterialFacts } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { appendAudit } from '../audit.ts';
import { applyMaterialChange, type MaterialChangeEffect } from '../case/material-change.ts';
import type { Call } from '../context.ts';
import { rescreenCase, rescreenDetail } from '../screening/rescreen.ts';
import { loadCaseSnapshot } from '../snapshot.ts';

/** The other cases that rely on a notice being changed, locked, with their material facts before the change. */
export interface SharedNoticeCases {
  ids: string[];
  before: Map<string, MaterialFacts>;
}

/**
 * Before a notice is changed through one case: locks every case that relies on the notice (that case
 * included) in id order, so that two changes through different cases, or an action on any of them, wait
 * for each other instead of deadlocking, and reads the material facts of the other cases.
 */
export async function lockCasesSharingNotice(
  trx: DbOrTrx,
  noticeId: string,
  caseId: string,
): Promise<SharedNoticeCases> {
  const rows = await trx
    .selectFrom('cases')
    .select('id')
    .where('id', 'in', trx.selectFrom('case_notices').select('case_id').where('notice_id', '=', noticeId))
    .orderBy('id')
    .forUpdate()
    .execute();
  const ids = rows.map((r) => r.id).filter((id) => id !== caseId);
  const before = new Map<string, MaterialFacts>();
  for (const id of ids) before.set(id, materialFacts(await loadCaseSnapshot(trx, id)));
  return { ids, before };
}

/** What a change to a shared notice did to another case that relies on it. */
export interface SharedNoticeEffect extends MaterialChangeEffect {
  caseId: string;
  caseNumber: string;
}

/**
 * After a notice was changed through one case: the change is material for every other case that relies
 * on it (D6). For each, approvals bound to another version are voided and authorizations withdrawn, it is
 * screened again, and each gets its own audit entry (`case.material_change`) in the same
 * transaction, so that the case's history shows what happened to it and through which case.
 */
export async function applySharedNoticeChange(
  trx: DbOrTrx,
  call: Call,
  sharing: SharedNoticeCases,
  input: { noticeId: string; throughCaseId: string; throughCaseNumber: string; now: Date },
): Promise<SharedNoticeEffect[]> {
  const { now } = input;
  const out: SharedNoticeEffect[] = [];
  for (const id of sharing.ids) {
    // The notice's change first (its reasons name the case it came through), then the screening, which
    // may supersede the review in turn.
    const effect = await applyMaterialChange(
      trx,
      id,
      sharing.before.get(id)!,
      now,
      ` (the notice was changed through case ${input.throughCaseNumber})`,
    );
    const screening = await rescreenCase(trx, id, now, 'notice_changed');
    const row = await trx
      .updateTable('cases')
      .set((eb) =>
        effect.changed ? { revision: eb('revision', '+', 1), updated_at: now } : { updated_at: now },
      )
      .where('id', '=', id)
      .returning(['case_number', 'revision'])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: now,
      actorId: call.actor.userId,
      actorUsername: call.actor.username,
      actorRole: call.actor.role,
      action: 'case.material_change',
      outcome: 'ok',
      entityType: 'case',
      entityId: id,
      caseId: id,
      after: { revision: row.revision },
      detail: {
        noticeId: input.noticeId,
        throughCase: input.throughCaseId,
        throughCaseNumber: input.throughCaseNumber,
        materialChange: effect.changed,
        changes: effect.changes,
        voidedApprovals: effect.voidedApprovals,
        withdrawnAuthorizations: effect.withdrawnAuthorizations,
        screening: rescreenDetail(screening),
      },
      requestId: call.meta.requestId,
      sourceIp: call.meta.sourceIp,
    });
    out.push({ caseId: id, caseNumber: row.case_number, ...effect });
  }
  return out;
}
