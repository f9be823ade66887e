/**
 * Upload a document to a case (optionally attached to a request to INTERPOL Washington, its answer, or a
 * contest on the case). Permission `document.record`; the case and the record attached to are checked for
 * office scope (another office's id answers as an unknown id).
 */

import { languageCode } from '../../domain/languages.ts';
import { judicialKindOf } from '../../domain/screening/index.ts';
import { documentMaxBytes } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { requireInScope } from '../scope.ts';
import { rescreenCase, rescreenDetail } from '../screening/rescreen.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { DOCUMENT_KINDS, type DocumentKind } from './kinds.ts';
import { type StoredUpload, storeUploadedDocument, type UploadedFile } from './store-upload.ts';

export interface UploadDocumentInput {
  kind: string;
  title?: string | null;
  language?: string | null;
  source?: string | null;
  liaisonRequestId?: string | null;
  liaisonResponseId?: string | null;
  contestId?: string | null;
}

export async function uploadDocument(
  call: Call,
  caseId: string,
  input: UploadDocumentInput,
  file: UploadedFile,
): Promise<StoredUpload> {
  return runAction(
    call,
    { action: 'document.upload', permission: 'document.record', entityType: 'document' },
    async (trx, audit, now) => {
      const userId = actingUser(call);
      await requireInScope(trx, call, 'case', caseId);
      audit.caseId = caseId;
      const caseRow = await loadCaseForAction(trx, call, caseId, { lock: true });
      const fields: FieldProblem[] = [];
      if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind))
        fields.push({ field: 'kind', message: `Choose the kind of document: ${DOCUMENT_KINDS.join(', ')}.` });
      const language = input.language?.trim() ? languageCode(input.language) : null;
      if (input.language?.trim() && !language)
        fields.push({
          field: 'language',
          message: 'Choose the language from the list (an ISO 639-1 code such as es, or its name).',
        });
      const attached = [input.liaisonRequestId, input.liaisonResponseId, input.contestId].filter(Boolean);
      if (attached.length > 1)
        fields.push({
          field: 'attachTo',
          message: 'Attach the document to one record at most: a request, an answer or a contest.',
        });
      if (fields.length) throw invalid('Some values are missing or not valid.', fields);
      let noticeId: string | null = null;
      if (input.liaisonRequestId) {
        await requireInScope(trx, call, 'liaison_request', input.liaisonRequestId, { onCase: caseId });
        noticeId =
          (
            await trx
              .selectFrom('liaison_requests')
              .select('notice_id')
              .where('id', '=', input.liaisonRequestId)
              .executeTakeFirst()
          )?.notice_id ?? null;
      }
      if (input.liaisonResponseId) {
        await requireInScope(trx, call, 'liaison_response', input.liaisonResponseId, { onCase: caseId });
        noticeId =
          (
            await trx
              .selectFrom('liaison_responses')
              .innerJoin('liaison_requests', 'liaison_requests.id', 'liaison_responses.request_id')
              .select('liaison_requests.notice_id')
              .where('liaison_responses.id', '=', input.liaisonResponseId)
              .executeTakeFirst()
          )?.notice_id ?? null;
      }
      if (input.contestId) await requireInScope(trx, call, 'contest', input.contestId, { onCase: caseId });
      const policy = await currentPolicy(trx);
      const stored = await storeUploadedDocument(trx, call.app, {
        file,
        caseId,
        attachTo: {
          liaisonRequestId: input.liaisonRequestId ?? undefined,
          liaisonResponseId: input.liaisonResponseId ?? undefined,
          contestId: input.contestId ?? undefined,
        },
        kind: input.kind as DocumentKind,
        title: input.title,
        language,
        source: input.source,
        uploader: { userId },
        now,
        maxBytes: documentMaxBytes(policy),
        noticeId,
      });
      audit.entityId = stored.documentId;
      audit.detail = {
        kind: input.kind,
        language,
        sha256: stored.sha256,
        byteSize: stored.byteSize,
        contentType: stored.contentType,
        fileName: stored.fileName,
        deduplicated: stored.deduplicated,
        liaisonRequestId: input.liaisonRequestId ?? null,
        liaisonResponseId: input.liaisonResponseId ?? null,
        contestId: input.contestId ?? null,
      };
      // A warrant, judgment or charging document on file is part of what the screening reads (the judicial
      // data it needs is read from it rather than asked for again): the case is screened again.
      if (caseRow.status !== 'closed' && judicialKindOf(input.kind) !== undefined)
        audit.detail.screening = rescreenDetail(await rescreenCase(trx, caseId, now, 'document_added'));
      return stored;
    },
  );
}
