/**
 * Supporting documents the person or counsel sends through the counsel portal with a contest they filed
 * there: the same upload checks, encryption and storage as every document (documents/store-upload.ts),
 * attached to that contest as a `contest_submission`, recorded as coming from outside the agency.
 * Only a contest filed through this portal access's case can take one; anything else is not found.
 */
import { documentMaxBytes } from '../../domain/types.ts';
import { currentPolicy, runAction } from '../context.ts';
import {
  type StoredUpload,
  storeContestSubmission,
  storeUploadedDocument,
  type UploadedFile,
} from '../documents/store-upload.ts';
import { ServiceError } from '../errors.ts';
import { type PortalCallMeta, type PortalSession, portalCall } from './session.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function attachPortalContestDocument(
  app: Parameters<typeof portalCall>[0],
  session: PortalSession,
  meta: PortalCallMeta,
  contestId: string,
  file: UploadedFile,
  input: { language?: string | null; title?: string | null } = {},
): Promise<StoredUpload> {
  const call = portalCall(app, session, meta);
  return runAction(
    call,
    { action: 'portal.contest.document', entityType: 'document' },
    async (trx, audit, now) => {
      audit.caseId = session.caseId;
      const contest = UUID.test(contestId)
        ? await trx
            .selectFrom('contests')
            .select(['id', 'case_id', 'source'])
            .where('id', '=', contestId)
            .where('case_id', '=', session.caseId)
            .where('source', '=', 'portal')
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      if (!contest) throw new ServiceError(404, 'not_found', 'The contest was not found.');
      const max = documentMaxBytes(await currentPolicy(trx));
      const stored = await storeContestSubmission(trx, app, {
        file,
        caseId: session.caseId,
        contestId: contest.id,
        language: input.language ?? null,
        title: input.title ?? null,
        source: 'Counsel portal',
        uploader: { label: `Counsel portal (access ${session.accessId.slice(0, 8)})` },
        now,
        maxBytes: max,
      });
      audit.entityId = stored.documentId;
      audit.detail = { contestId: contest.id, sha256: stored.sha256, byteSize: stored.byteSize };
      return stored;
    },
  );
}

/**
 * The CCF's letter, sent with a CCF report filed through this portal access's case: the same checks and
 * storage as every upload, kind `ccf_letter`, attached to the report. The attorney confirming the finding
 * sees it on the case page. A report already reviewed takes no more letters.
 */
export async function attachPortalCcfLetter(
  app: Parameters<typeof portalCall>[0],
  session: PortalSession,
  meta: PortalCallMeta,
  reportId: string,
  file: UploadedFile,
  input: { language?: string | null } = {},
): Promise<StoredUpload> {
  const call = portalCall(app, session, meta);
  return runAction(
    call,
    { action: 'portal.ccf_report.letter', entityType: 'document' },
    async (trx, audit, now) => {
      audit.caseId = session.caseId;
      const report = UUID.test(reportId)
        ? await trx
            .selectFrom('portal_ccf_reports')
            .select(['id', 'status', 'reference'])
            .where('id', '=', reportId)
            .where('case_id', '=', session.caseId)
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      if (!report) throw new ServiceError(404, 'not_found', 'The CCF report was not found.');
      if (report.status !== 'reported')
        throw new ServiceError(
          409,
          'ccf_report_reviewed',
          'This report was already reviewed; it takes no more letters.',
        );
      const max = documentMaxBytes(await currentPolicy(trx));
      const stored = await storeUploadedDocument(trx, app, {
        file,
        caseId: session.caseId,
        kind: 'ccf_letter',
        attachTo: { ccfReportId: report.id },
        language: input.language ?? null,
        title: `CCF letter (${report.reference})`,
        source: 'Counsel portal',
        uploader: { label: `Counsel portal (access ${session.accessId.slice(0, 8)})` },
        now,
        maxBytes: max,
      });
      audit.entityId = stored.documentId;
      audit.detail = { ccfReportId: report.id, sha256: stored.sha256, byteSize: stored.byteSize };
      return stored;
    },
  );
}
