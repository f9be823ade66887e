/**
 * Storing an uploaded file as a document: the one function every upload goes through (the case page's
 * upload, and any feature that takes a file from outside the agency, such as counsel's contest submission).
 *
 * Use:
 *   const stored = await storeUploadedDocument(trx, call.app, {
 *     file: { bytes, fileName, tooLarge },          // collectUpload(stream, limit) gives these
 *     caseId, attachTo: { contestId },              // or { liaisonRequestId } / { liaisonResponseId } / {}
 *     kind: 'contest_submission', language: 'es', source: 'Counsel', title: null,
 *     uploader: { label: 'Counsel (portal)' },      // or { userId }
 *     now, maxBytes: documentMaxBytes(policy),
 *   });
 * Call it inside the caller's transaction (runAction), after the caller checked permission and office
 * scope of the case and of the record the file is attached to; put `stored.documentId` and
 * `stored.sha256` in the audit entry. For a contest submission use `storeContestSubmission`.
 *
 * What it does: refuses the file with a ServiceError (413 `file_too_large`, 422 `file_refused` naming
 * field `file` and the reason) when it is empty, over the limit, has an unsafe name, or is not an allowed
 * type or carries active content (inspect.ts); otherwise it seals the file (a fresh AES-256-GCM data key,
 * wrapped by the master key), records the object (content-addressed by the SHA-256 of the plaintext: the
 * same file uploaded twice is stored once) and the document row, and writes the object to the store last,
 * so that a refusal or a failure leaves no row (the transaction rolls back) and no object.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type FileRefusalReason, textRuleCode } from '../../domain/portal-problems.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { AppContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { inspectFile } from './inspect.ts';
import type { DocumentKind } from './kinds.ts';
import { fileNameProblem, safeFileName } from './names.ts';
import { sha256Of } from './vault.ts';

export interface UploadedFile {
  bytes: Buffer;
  /** The name the uploader gave (checked; only a safe form of it is stored). */
  fileName: string;
  /** True when the upload went past the limit (the bytes are then incomplete and never stored). */
  tooLarge?: boolean;
}

export interface StoreUploadInput {
  file: UploadedFile;
  caseId: string;
  attachTo: {
    liaisonRequestId?: string;
    liaisonResponseId?: string;
    contestId?: string;
    ccfReportId?: string;
  };
  kind: DocumentKind;
  title?: string | null;
  language?: string | null;
  source?: string | null;
  uploader: { userId: string } | { label: string };
  now: Date;
  maxBytes: number;
  /** The notice the document concerns, when known. */
  noticeId?: string | null;
}

export interface StoredUpload {
  documentId: string;
  sha256: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  /** The same content was already stored: the object was reused, not written again. */
  deduplicated: boolean;
}

/**
 * Reads an upload stream into memory, stopping at `limit + 1` bytes (the rest is drained, not kept): the
 * whole file is needed to hash and inspect it, and the limit bounds the memory it takes.
 */
export async function collectUpload(
  stream: Readable & { truncated?: boolean },
  limit: number,
): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    if (tooLarge) continue;
    size += b.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(b);
  }
  if (stream.truncated) tooLarge = true;
  return { bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

const refused = (message: string, reason: FileRefusalReason, rule: string) =>
  new ServiceError(422, 'file_refused', message, {
    reason,
    rule,
    fields: [{ field: 'file', message, rule, code: reason }],
  });

/** The checks alone (no storage): the refusal, or the type and safe name. */
export async function checkUpload(file: UploadedFile, maxBytes: number) {
  if (file.tooLarge || file.bytes.length > maxBytes) {
    const message = `The file is larger than the limit of ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MiB).`;
    throw new ServiceError(413, 'file_too_large', message, {
      reason: 'too_large',
      rule: 'DOC-SIZE',
      limit: maxBytes,
      fields: [{ field: 'file', message, rule: 'DOC-SIZE', code: 'too_large' }],
    });
  }
  const name = fileNameProblem(file.fileName);
  if (name) throw refused(name.reason, textRuleCode(name.rule) as FileRefusalReason, name.rule);
  const verdict = await inspectFile(file.bytes, file.fileName);
  if (!verdict.ok) throw refused(verdict.message, verdict.reason, verdict.rule);
  return { ...verdict, safeName: safeFileName(file.fileName, verdict.ext) };
}

export async function storeUploadedDocument(
  trx: DbOrTrx,
  app: AppContext,
  input: StoreUploadInput,
): Promise<StoredUpload> {
  const vault = app.documents;
  if (!vault)
    throw new ServiceError(
      503,
      'documents_unavailable',
      'Document storage is not configured on this server.',
    );
  const checked = await checkUpload(input.file, input.maxBytes);
  const bytes = input.file.bytes;
  const sha256 = sha256Of(bytes);

  const existing = await trx
    .selectFrom('stored_objects')
    .select(['sha256'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  let sealed: ReturnType<typeof vault.seal> | null = null;
  if (!existing) {
    sealed = vault.seal(bytes, sha256);
    await trx
      .insertInto('stored_objects')
      .values({
        sha256,
        byte_size: bytes.length,
        content_type: checked.mime,
        wrapped_key: sealed.wrappedKey,
        key_id: sealed.keyId,
        created_at: input.now,
      })
      .execute();
  }
  const documentId = randomUUID();
  await trx
    .insertInto('documents')
    .values({
      id: documentId,
      case_id: input.caseId,
      notice_id: input.noticeId ?? null,
      liaison_response_id: input.attachTo.liaisonResponseId ?? null,
      liaison_request_id: input.attachTo.liaisonRequestId ?? null,
      contest_id: input.attachTo.contestId ?? null,
      ccf_report_id: input.attachTo.ccfReportId ?? null,
      kind: input.kind,
      title: input.title?.trim() || checked.safeName,
      language: input.language ?? null,
      source: input.source?.trim() || null,
      received_at: input.now,
      uploaded_at: input.now,
      content_type: checked.mime,
      sha256,
      byte_size: bytes.length,
      file_status: 'stored',
      stored_sha256: sha256,
      file_name: checked.safeName,
      recorded_by: 'userId' in input.uploader ? input.uploader.userId : null,
      uploader_label: 'label' in input.uploader ? input.uploader.label : null,
    })
    .execute();
  // The object last: every check passed and the rows are written; a failure here rolls them back.
  if (sealed) await putObject(app, sha256, sealed.stored);
  else if (!(await vault.store.exists(sha256).catch((err: unknown) => storeFailed(app, err)))) {
    // The row exists but the object is gone (see `redline documents verify`): store it again.
    const row = await trx
      .selectFrom('stored_objects')
      .select(['wrapped_key', 'key_id'])
      .where('sha256', '=', sha256)
      .executeTakeFirstOrThrow();
    sealed = vault.seal(bytes, sha256);
    await trx
      .updateTable('stored_objects')
      .set({ wrapped_key: sealed.wrappedKey, key_id: sealed.keyId, rewrapped_at: input.now })
      .where('sha256', '=', sha256)
      .where('wrapped_key', '=', row.wrapped_key)
      .execute();
    await putObject(app, sha256, sealed.stored);
  }
  return {
    documentId,
    sha256,
    fileName: checked.safeName,
    contentType: checked.mime,
    byteSize: bytes.length,
    deduplicated: !sealed,
  };
}

function storeFailed(app: AppContext, err: unknown): never {
  app.log?.error({ err: (err as Error).message }, 'document store failed');
  throw new ServiceError(
    503,
    'document_store_unavailable',
    'The document store could not be reached; nothing was stored. Try again later.',
  );
}

async function putObject(app: AppContext, sha256: string, bytes: Buffer): Promise<void> {
  try {
    await app.documents!.store.put(sha256, bytes);
  } catch (err) {
    storeFailed(app, err);
  }
}

/**
 * A supporting document of a contest (counsel's portal, or staff recording a contest): kind
 * `contest_submission`, attached to the contest. The caller checks that the contest is on the case.
 */
export function storeContestSubmission(
  trx: DbOrTrx,
  app: AppContext,
  input: Omit<StoreUploadInput, 'attachTo' | 'kind'> & { contestId: string },
): Promise<StoredUpload> {
  const { contestId, ...rest } = input;
  return storeUploadedDocument(trx, app, { ...rest, kind: 'contest_submission', attachTo: { contestId } });
}
