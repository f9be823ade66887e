/**
 * Supporting documents the person or counsel sends through the counsel portal with a contest they filed
 * there: the same upload checks, encryption and storage as every document (documents/store-upload.ts),
 * attached to that contest as a `contest_submission`, recorded as coming from outside the agency.
 * Only a contest filed through this portal access's case can take one; anything else is not found.
 */
import { documentMaxBytes } from '../../domain/types.ts';
import { currentPolicy, runAction } from '../context.ts';
import { type StoredUpload, storeContestSubmission, type UploadedFile } from '../documents/store-upload.ts';
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
