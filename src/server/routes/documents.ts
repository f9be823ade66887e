/**
 * Documents that exist: upload (multipart, streamed, size limit from the policy settings), the list of a
 * case's documents, and download (as an attachment, or inline for the browser's preview only).
 */
import multipart from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { documentMaxBytes } from '../../domain/types.ts';
import { type AppContext, authorize, currentPolicy } from '../../services/context.ts';
import { downloadDocument } from '../../services/documents/download.ts';
import { DOCUMENT_KINDS } from '../../services/documents/kinds.ts';
import { listCaseDocuments } from '../../services/documents/list.ts';
import { collectUpload } from '../../services/documents/store-upload.ts';
import { uploadDocument } from '../../services/documents/upload.ts';
import { ServiceError } from '../../services/errors.ts';
import { attachCcfLetter } from '../../services/portal/ccf.ts';
import { userCall } from '../auth.ts';

const id = z.uuid();
const instantView = z.any().meta({ type: 'string', format: 'date-time', description: 'ISO 8601 instant' });

const documentView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  language: z.string().nullable(),
  source: z.string().nullable(),
  receivedAt: instantView,
  uploadedAt: instantView.nullable(),
  uploadedBy: z.string().nullable(),
  hasFile: z.boolean().describe('False for a document recorded as received without a stored file.'),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  byteSize: z.number().nullable(),
  sha256: z.string().nullable(),
  attachedTo: z.object({
    kind: z.enum(['liaison_request', 'liaison_response', 'contest', 'case']),
    id: z.string().nullable(),
    label: z.string(),
  }),
  gates: z.array(z.object({ gate: z.string(), text: z.string() })),
});

/** Types the browser may show inline in the preview, with the policy each is served under. */
const storedDocument = z.object({
  documentId: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  deduplicated: z.boolean(),
});

/**
 * The one `file` part of a multipart upload, read up to the policy's size limit (what is past it is drained
 * and reported as `tooLarge`, for the service to refuse). A body that is not multipart, or a part of
 * another name, is a 422 naming `file`.
 */
async function readFilePart(req: FastifyRequest, ctx: AppContext) {
  const max = documentMaxBytes(await currentPolicy(ctx.db));
  const noFile = (message: string) =>
    new ServiceError(422, 'invalid_input', message, {
      fields: [{ field: 'file', message: 'Choose a file to upload.' }],
    });
  if (!req.isMultipart()) throw noFile('Send the file as multipart/form-data, in a part named file.');
  const part = await req.file({ limits: { fileSize: max, files: 1, fields: 0, parts: 1 } });
  if (part?.fieldname !== 'file') {
    if (part) await collectUpload(part.file, 0);
    throw noFile('Choose a file to upload.');
  }
  const { bytes, tooLarge } = await collectUpload(part.file, max);
  return { bytes, tooLarge, fileName: part.filename };
}

const PREVIEW_CSP: Record<string, string> = {
  'application/pdf': "default-src 'none'; object-src 'self'; frame-ancestors 'self'",
  'image/png':
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
  'image/jpeg':
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
  'text/plain': "default-src 'none'; frame-ancestors 'self'; sandbox",
};

export const documentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  await server.register(multipart, {
    throwFileSizeLimit: false,
    // The name exactly as sent: a name with a path is refused, not silently cut to its last part.
    preservePath: true,
    limits: { files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 50 },
  });

  server.post(
    '/cases/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload a document to the case',
        description:
          'multipart/form-data with one part, `file`. What the document is goes in the query string. The type is detected from the content (PDF, PNG, JPEG, TIFF, DOCX, plain text); PDFs with active content, polyglots, empty files, files over the policy limit and unsafe names are refused (422 `file_refused` or 413 `file_too_large`, field `file`) and nothing is stored. The file is stored encrypted, addressed by its SHA-256.',
        consumes: ['multipart/form-data'],
        params: z.object({ id }),
        querystring: z.object({
          kind: z.enum(DOCUMENT_KINDS).describe('What the document is.'),
          title: z.string().max(300).optional().describe('A title; the safe file name when not given.'),
          language: z
            .string()
            .max(50)
            .optional()
            .describe('Its language: an ISO 639-1 code such as es, or its name.'),
          source: z
            .string()
            .max(300)
            .optional()
            .describe('Where it came from, e.g. the court or INTERPOL Washington.'),
          liaisonRequestId: id
            .optional()
            .describe('Attach to this request to INTERPOL Washington on the case.'),
          liaisonResponseId: id
            .optional()
            .describe('Attach to this answer from INTERPOL Washington on the case.'),
          contestId: id.optional().describe('Attach to this contest on the case.'),
        }),
        response: { 201: storedDocument },
      },
    },
    async (req, reply) => {
      const call = userCall(req, ctx);
      // Permission first: nobody who may not upload gets to send a file body to be read.
      await authorize(call, {
        action: 'document.upload',
        permission: 'document.record',
        entityType: 'document',
      });
      const { bytes, tooLarge, fileName } = await readFilePart(req, ctx);
      const stored = await uploadDocument(call, req.params.id, req.query, {
        bytes,
        tooLarge,
        fileName,
      });
      return reply.status(201).send(stored);
    },
  );

  server.post(
    '/ccf-reports/:id/letter',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload the CCF’s letter to a CCF report filed through the counsel portal (attorneys)',
        description:
          'multipart/form-data with one part, `file`. For the attorney who confirms the finding when counsel did not send the letter through the portal: the same checks as every upload (422 `file_refused` or 413 `file_too_large`, field `file`, and nothing is stored), stored encrypted as kind `ccf_letter` on the report. A report already reviewed takes no more letters (409 `ccf_report_reviewed`).',
        consumes: ['multipart/form-data'],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ language: z.string().max(50).optional() }),
        response: { 201: storedDocument },
      },
    },
    async (req, reply) => {
      const call = userCall(req, ctx);
      await authorize(call, {
        action: 'ccf_report.letter',
        permission: 'ccf_report.confirm',
        entityType: 'document',
      });
      const { bytes, tooLarge, fileName } = await readFilePart(req, ctx);
      const stored = await attachCcfLetter(call, req.params.id, { bytes, tooLarge, fileName }, req.query);
      return reply.status(201).send(stored);
    },
  );

  server.get(
    '/cases/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: "The case's documents, with the gate each counts toward",
        params: z.object({ id }),
        response: { 200: z.object({ documents: z.array(documentView) }) },
      },
    },
    async (req) => ({ documents: await listCaseDocuments(userCall(req, ctx), req.params.id) }),
  );

  server.get(
    '/documents/:id/file',
    {
      schema: {
        tags: ['documents'],
        summary: 'Download a stored document',
        description:
          'Served as an attachment with a safe file name and `X-Content-Type-Options: nosniff`; audited. `disposition=inline` serves PDFs, PNG and JPEG images and text for the preview only, under a strict Content-Security-Policy.',
        params: z.object({ id }),
        querystring: z.object({ disposition: z.enum(['attachment', 'inline']).optional() }),
      },
    },
    async (req, reply) => {
      const inline = req.query.disposition === 'inline';
      const doc = await downloadDocument(userCall(req, ctx), req.params.id, { preview: inline });
      const previewCsp = PREVIEW_CSP[doc.contentType];
      const asInline = inline && previewCsp !== undefined;
      reply
        .header(
          'content-type',
          doc.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : doc.contentType,
        )
        .header(
          'content-disposition',
          contentDisposition(doc.fileName, { type: asInline ? 'inline' : 'attachment' }),
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('x-document-sha256', doc.sha256)
        .header('content-security-policy', asInline ? previewCsp : "default-src 'none'; sandbox");
      if (asInline) reply.header('x-frame-options', 'SAMEORIGIN');
      return reply.send(doc.bytes);
    },
  );
};
