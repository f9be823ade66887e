/**
 * The counsel portal as the agency sees it on the case page: each access issued (when, by whom, until
 * when, revoked, last used), the contests filed through the portal, and the CCF reports waiting for an
 * attorney's confirmation. Read with the case (`case.read`, audited as `portal.panel.read`).
 */
import { type Call, runAction } from '../context.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { accessState } from './access.ts';

export interface PortalPanel {
  accesses: Array<{
    id: string;
    state: 'active' | 'expired' | 'revoked';
    issuedAt: string;
    issuedBy: string | null;
    expiresAt: string;
    revokedAt: string | null;
    revokedBy: string | null;
    revokeReason: string | null;
    lastUsedAt: string | null;
    useCount: number;
    linkUsed: boolean;
  }>;
  contests: Array<{
    id: string;
    reference: string | null;
    filedAt: string;
    filedBy: string;
    contact: unknown;
    decision: string | null;
  }>;
  ccfReports: Array<{
    id: string;
    reference: string;
    appliedOn: string;
    ccfReference: string | null;
    outcome: string;
    outcomeOn: string | null;
    statement: string | null;
    reportedAt: string;
    status: string;
    reviewNote: string | null;
    noticeStatus: string | null;
    /** The CCF's letters sent with the report through the portal (download: /documents/{id}/file). */
    letters: Array<{
      documentId: string;
      fileName: string;
      contentType: string;
      byteSize: number;
      sentAt: string;
    }>;
  }>;
  /** The notices of the case, for the attorney confirming a CCF finding. */
  notices: Array<{ id: string; interpolRef: string; status: string }>;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

export async function portalPanel(call: Call, caseId: string): Promise<PortalPanel> {
  return runAction(
    call,
    { action: 'portal.panel.read', permission: 'case.read', entityType: 'case' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      audit.entityId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const accesses = await trx
        .selectFrom('portal_access')
        .leftJoin('users as i', 'i.id', 'portal_access.issued_by')
        .leftJoin('users as r', 'r.id', 'portal_access.revoked_by')
        .selectAll('portal_access')
        .select(['i.display_name as issued_by_name', 'r.display_name as revoked_by_name'])
        .where('portal_access.case_id', '=', caseId)
        .orderBy('portal_access.issued_at', 'desc')
        .execute();
      const contests = await trx
        .selectFrom('contests')
        .select(['id', 'reference', 'filed_at', 'filed_by', 'contact', 'decision'])
        .where('case_id', '=', caseId)
        .where('source', '=', 'portal')
        .orderBy('filed_at', 'desc')
        .execute();
      const reports = await trx
        .selectFrom('portal_ccf_reports')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('reported_at', 'desc')
        .execute();
      const letters = await trx
        .selectFrom('documents')
        .select(['id', 'ccf_report_id', 'file_name', 'content_type', 'byte_size', 'uploaded_at'])
        .where('case_id', '=', caseId)
        .where('ccf_report_id', 'is not', null)
        .orderBy('uploaded_at')
        .execute();
      const notices = await trx
        .selectFrom('case_notices')
        .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
        .select(['notices.id', 'notices.interpol_ref', 'notices.status'])
        .where('case_notices.case_id', '=', caseId)
        .orderBy('notices.interpol_ref')
        .execute();
      return {
        accesses: accesses.map((a) => ({
          id: a.id,
          state: accessState(a, now),
          issuedAt: new Date(a.issued_at).toISOString(),
          issuedBy: a.issued_by_name ?? null,
          expiresAt: new Date(a.expires_at).toISOString(),
          revokedAt: iso(a.revoked_at),
          revokedBy: a.revoked_by_name ?? null,
          revokeReason: a.revoke_reason,
          lastUsedAt: iso(a.last_used_at),
          useCount: a.use_count,
          linkUsed: a.link_used_at !== null,
        })),
        contests: contests.map((c) => ({
          id: c.id,
          reference: c.reference,
          filedAt: new Date(c.filed_at).toISOString(),
          filedBy: c.filed_by,
          contact: c.contact,
          decision: c.decision,
        })),
        ccfReports: reports.map((r) => ({
          id: r.id,
          reference: r.reference,
          appliedOn: day(r.applied_on)!,
          ccfReference: r.ccf_reference,
          outcome: r.outcome,
          outcomeOn: day(r.outcome_on),
          statement: r.statement,
          reportedAt: new Date(r.reported_at).toISOString(),
          status: r.status,
          reviewNote: r.review_note,
          noticeStatus: r.notice_status,
          letters: letters
            .filter((l) => l.ccf_report_id === r.id)
            .map((l) => ({
              documentId: l.id,
              fileName: l.file_name ?? 'letter',
              contentType: l.content_type ?? 'application/octet-stream',
              byteSize: Number(l.byte_size ?? 0),
              sentAt: iso(l.uploaded_at)!,
            })),
        })),
        notices: notices.map((n) => ({ id: n.id, interpolRef: n.interpol_ref, status: n.status })),
      };
    },
  );
}
