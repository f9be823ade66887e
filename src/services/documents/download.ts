/**
 * Download a stored document: permission `document.download` and the case's office scope (another
 * office's document answers as an unknown one). Every download is audited with the document, its
 * SHA-256 and whether it was opened for preview.
 */
import { type AppContext, type Call, runAction } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { requireInScope } from '../scope.ts';
import { DocumentKeyError } from './keys.ts';

export interface DownloadedDocument {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  sha256: string;
}

export async function downloadDocument(
  call: Call,
  documentId: string,
  options: { preview?: boolean } = {},
): Promise<DownloadedDocument> {
  return runAction(
    call,
    { action: 'document.download', permission: 'document.download', entityType: 'document' },
    async (trx, audit) => {
      await requireInScope(trx, call, 'document', documentId);
      const doc = await trx
        .selectFrom('documents')
        .leftJoin('stored_objects', 'stored_objects.sha256', 'documents.stored_sha256')
        .select([
          'documents.case_id',
          'documents.file_status',
          'documents.file_name',
          'stored_objects.sha256',
          'stored_objects.wrapped_key',
          'stored_objects.key_id',
          'stored_objects.content_type',
        ])
        .where('documents.id', '=', documentId)
        .executeTakeFirstOrThrow();
      audit.caseId = doc.case_id;
      audit.entityId = documentId;
      if (doc.file_status !== 'stored' || !doc.sha256 || !doc.wrapped_key || !doc.key_id)
        throw new ServiceError(
          409,
          'no_stored_file',
          'This document was recorded without a file: there is nothing to download.',
        );
      const bytes = await readStoredObject(call.app, documentId, {
        sha256: doc.sha256,
        wrapped_key: doc.wrapped_key,
        key_id: doc.key_id,
      });
      audit.detail = { sha256: doc.sha256, preview: options.preview === true };
      return {
        bytes,
        fileName: doc.file_name ?? `document-${documentId.slice(0, 8)}`,
        contentType: doc.content_type ?? 'application/octet-stream',
        sha256: doc.sha256,
      };
    },
  );
}

/**
 * The plaintext of a stored object, decrypted and checked against its SHA-256: 503 when storage or the key
 * is not available, 409 when the object is missing or changed. Every reader of a stored file (the agency's
 * download, the counsel portal's) goes through it.
 */
export async function readStoredObject(
  app: AppContext,
  documentId: string,
  object: { sha256: string; wrapped_key: string; key_id: string },
): Promise<Buffer> {
  const vault = app.documents;
  if (!vault)
    throw new ServiceError(
      503,
      'documents_unavailable',
      'Document storage is not configured on this server.',
    );
  let read: Awaited<ReturnType<typeof vault.read>>;
  try {
    read = await vault.read(object);
  } catch (err) {
    if (err instanceof DocumentKeyError) {
      app.log?.error({ documentId, err: err.message }, 'document key error');
      throw new ServiceError(503, 'document_key_error', err.message);
    }
    throw err;
  }
  if (!read.ok)
    throw new ServiceError(
      409,
      read.problem === 'missing' ? 'stored_file_missing' : 'stored_file_changed',
      read.problem === 'missing'
        ? 'The stored file is missing from the document store. An administrator can run `redline documents verify`.'
        : 'The stored file does not match what was uploaded (it was changed or damaged). An administrator can run `redline documents verify`.',
    );
  return read.bytes;
}
