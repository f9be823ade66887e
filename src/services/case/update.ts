/** Changing a case's facts; a material change voids approvals and withdraws authorizations (D6). */
import { caseVersionHash, materialFacts } from '../../domain/case-version.ts';
import { prepareSnapshot } from '../../domain/gates.ts';
import { CASE_PURPOSES, type CaseSnapshot, CUSTODY_STATUSES } from '../../domain/types.ts';
import { type Call, runAction } from '../context.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import {
  applySharedNoticeChange,
  lockCasesSharingNotice,
  type SharedNoticeCases,
} from '../notice/shared-change.ts';
import { requireInScope } from '../scope.ts';
import { rescreenCase, rescreenDetail } from '../screening/rescreen.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';
import { isIsoDate } from './fields.ts';
import {
  type CaseFactsPatch,
  checkBasis,
  checkBasisSummary,
  checkWarrants,
  insertWarrants,
} from './inputs.ts';
import { applyMaterialChange, type MaterialChangeEffect } from './material-change.ts';

/** A wording finding on a text of the case, as the answer to a change gives it back. */
export interface TextFinding {
  field: string;
  ruleId: string;
  excerpt: string;
  explanation: string;
  suggestion: string;
  dismissed: boolean;
}

/** What a change of a case's facts did. */
export interface CaseFactsUpdate extends MaterialChangeEffect {
  revision: number;
  /** The wording check of the case's texts as they now stand (G-LANGUAGE): open findings block approval. */
  wording: { findings: TextFinding[]; openFindings: number };
  /** Other cases that rely on a changed notice, and what the change did to each (D6). */
  otherCases: Array<{ caseNumber: string; voidedApprovals: number; withdrawnAuthorizations: number }>;
}

/** The wording findings of a case's texts, each marked dismissed when a supervisor dismissed it. */
export function caseWording(snapshot: CaseSnapshot): CaseFactsUpdate['wording'] {
  const dismissed = new Set(snapshot.wordingDismissals.map((d) => d.fingerprint));
  // the findings exactly as G-LANGUAGE finds them (gates.ts#prepareSnapshot)
  const findings = prepareSnapshot(snapshot).wordingFindings.map((f) => ({
    field: f.field,
    ruleId: f.ruleId,
    excerpt: f.excerpt,
    explanation: f.explanation,
    suggestion: f.suggestion,
    dismissed: dismissed.has(f.fingerprint),
  }));
  return { findings, openFindings: findings.filter((f) => !f.dismissed).length };
}

export async function updateCaseFacts(
  call: Call,
  caseId: string,
  patch: CaseFactsPatch,
): Promise<CaseFactsUpdate> {
  return runAction(
    call,
    { action: 'case.update', permission: 'case.update', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      let sharing: SharedNoticeCases = { ids: [], before: new Map() };
      if (patch.notice) {
        // A change to a notice is a change to every case that relies on it: check the notice is on this
        // case (same 404 whatever the reason), then lock all those cases in id order before reading them.
        await loadCaseForAction(trx, call, caseId);
        await requireInScope(trx, call, 'notice', patch.notice.noticeId, {
          onCase: caseId,
          label: 'The notice on this case',
        });
        sharing = await lockCasesSharingNotice(trx, patch.notice.noticeId, caseId);
      }
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      const fields: FieldProblem[] = [];
      if (patch.purpose !== undefined && !CASE_PURPOSES.includes(patch.purpose))
        fields.push({ field: 'purpose', message: `Purpose is one of: ${CASE_PURPOSES.join(', ')}.` });
      if (patch.custodyStatus !== undefined && !CUSTODY_STATUSES.includes(patch.custodyStatus))
        fields.push({
          field: 'custodyStatus',
          message: `Custody is one of: ${CUSTODY_STATUSES.join(', ')}.`,
        });
      checkBasis(patch.independentBasis, fields);
      if (patch.notice) {
        checkWarrants(patch.notice.warrants, 'notice.warrants', fields);
        if (patch.notice.expiresOn && !isIsoDate(patch.notice.expiresOn))
          fields.push({ field: 'notice.expiresOn', message: 'Enter a real date as YYYY-MM-DD.' });
      }
      if (patch.independentBasis !== undefined)
        fields.push(...(await checkBasisSummary(trx, caseId, patch.independentBasis)));
      if (fields.length) throw invalid('The case could not be changed.', fields);

      const beforeSnapshot = await loadCaseSnapshot(trx, caseId);
      const before = materialFacts(beforeSnapshot);
      if (patch.notice) {
        const n = patch.notice;
        const set: {
          updated_at: Date;
          summary_of_facts?: string | null;
          purpose?: string | null;
          expires_on?: string | null;
        } = { updated_at: now };
        if (n.summaryOfFacts !== undefined) set.summary_of_facts = n.summaryOfFacts;
        if (n.purpose !== undefined) set.purpose = n.purpose;
        if (n.expiresOn !== undefined) set.expires_on = n.expiresOn;
        await trx.updateTable('notices').set(set).where('id', '=', n.noticeId).execute();
        if (n.warrants) {
          await trx.deleteFrom('notice_warrants').where('notice_id', '=', n.noticeId).execute();
          await insertWarrants(trx, n.noticeId, n.warrants);
        }
      }
      const revision = row.revision + 1;
      await trx
        .updateTable('cases')
        .set({
          ...(patch.purpose !== undefined ? { purpose: patch.purpose } : {}),
          ...(patch.narrative !== undefined ? { narrative: patch.narrative } : {}),
          ...(patch.independentBasis !== undefined
            ? { independent_basis: JSON.stringify(patch.independentBasis) }
            : {}),
          ...(patch.custodyStatus !== undefined ? { custody_status: patch.custodyStatus } : {}),
          ...(patch.inProceedings !== undefined ? { in_proceedings: patch.inProceedings } : {}),
          revision,
          updated_at: now,
        })
        .where('id', '=', caseId)
        .execute();
      const screening = await rescreenCase(trx, caseId, now, 'case_updated');
      const after = await loadCaseSnapshot(trx, caseId);
      const effect = await applyMaterialChange(trx, caseId, before, now, '', after);
      const others = patch.notice
        ? await applySharedNoticeChange(trx, call, sharing, {
            noticeId: patch.notice.noticeId,
            throughCaseId: caseId,
            throughCaseNumber: row.case_number,
            now,
          })
        : [];
      audit.before = { revision: row.revision, caseVersionHash: caseVersionHash(before) };
      audit.after = { revision };
      audit.detail = {
        fields: Object.keys(patch),
        materialChange: effect.changed,
        changes: effect.changes,
        voidedApprovals: effect.voidedApprovals,
        withdrawnAuthorizations: effect.withdrawnAuthorizations,
        screening: rescreenDetail(screening),
        ...(others.length ? { otherCases: others } : {}),
      };
      return {
        ...effect,
        revision,
        wording: caseWording(after),
        otherCases: others.map((o) => ({
          caseNumber: o.caseNumber,
          voidedApprovals: o.voidedApprovals.length,
          withdrawnAuthorizations: o.withdrawnAuthorizations.length,
        })),
      };
    },
  );
}
