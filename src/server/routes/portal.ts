/**
 * The counsel portal's HTTP face, in two parts:
 * - `portalRoutes` under /api/v1/portal: for the person or their counsel, outside the agency's sign-in.
 *   Its own cookie (`redline_portal`, path /api/v1/portal, so a browser never sends it anywhere else), its
 *   own CSRF token, rate-limited per address (@fastify/rate-limit); the case is always the one the portal
 *   session's access names, never one the request names. The agency's session hook ignores these routes
 *   (auth.ts), and an agency route never accepts a portal session.
 * - `portalAgencyRoutes`: the agency's side (issue, revoke, the panel on the case page, CCF confirmation),
 *   signed in as staff like every other agency route.
 */
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTEST_GROUNDS, documentMaxBytes, NOTICE_STATUSES } from '../../domain/types.ts';
import { type AppContext, currentPolicy } from '../../services/context.ts';
import { collectUpload } from '../../services/documents/store-upload.ts';
import { ServiceError } from '../../services/errors.ts';
import { issuePortalAccessForCase, revokePortalAccess } from '../../services/portal/access.ts';
import { CCF_OUTCOMES, reportCcf, reviewCcfReport } from '../../services/portal/ccf.ts';
import { filePortalContest } from '../../services/portal/contest.ts';
import { attachPortalCcfLetter, attachPortalContestDocument } from '../../services/portal/documents.ts';
import { portalPanel } from '../../services/portal/panel.ts';
import {
  PORTAL_LANGUAGES,
  type PortalSession,
  portalCsrfMatches,
  portalSignIn,
  portalSignOut,
  resolvePortalSession,
  setPortalLanguage,
} from '../../services/portal/session.ts';
import { portalDocument, portalOverview, portalPacket } from '../../services/portal/view.ts';
import { userCall } from '../auth.ts';
import { sharedRateLimitStore } from '../shared-rate-limit-store.ts';

export const PORTAL_COOKIE = 'redline_portal';
export const PORTAL_PREFIX = '/api/v1/portal';
/** Requests per minute from one address: sign-in attempts, and every portal request. */
export const PORTAL_RATE = { signInPerMinute: 10, requestsPerMinute: 120 } as const;

declare module 'fastify' {
  interface FastifyRequest {
    portalSession: PortalSession | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const idParams = z.object({ id: z.uuid() });
const language = z.enum(PORTAL_LANGUAGES);

const notSignedIn = () =>
  new ServiceError(
    401,
    'portal_not_signed_in',
    'Open the portal with your access code first. Your visit may have ended.',
  );

function session(req: FastifyRequest): PortalSession {
  if (!req.portalSession) throw notSignedIn();
  return req.portalSession;
}

const meta = (req: FastifyRequest) => ({ requestId: req.id, sourceIp: req.ip });

/** The one part `file` of a multipart upload, read up to the policy's limit (checked by the service). */
async function readOneFile(ctx: AppContext, req: FastifyRequest) {
  const max = documentMaxBytes(await currentPolicy(ctx.db));
  const part = req.isMultipart()
    ? await req.file({ limits: { fileSize: max, files: 1, fields: 0, parts: 1 } })
    : undefined;
  if (part?.fieldname !== 'file') {
    if (part) await collectUpload(part.file, 0);
    throw new ServiceError(422, 'invalid_input', 'Choose a file to send.', {
      fields: [{ field: 'file', code: 'file_missing', message: 'Choose a file to send.' }],
    });
  }
  const { bytes, tooLarge } = await collectUpload(part.file, max);
  return { bytes, tooLarge, fileName: part.filename };
}

const contestView = z.object({
  id: z.string(),
  reference: z.string().nullable(),
  filedAt: z.string(),
  grounds: z.array(z.object({ ground: z.string(), statement: z.string() })),
  status: z.enum(['under_review', 'decided']),
  decision: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rationale: z.string().nullable(),
  answers: z.array(z.object({ groundIndex: z.number(), answer: z.string() })),
});

export const portalRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secureCookies: boolean }> = async (
  server,
  { ctx, secureCookies },
) => {
  await server.register(rateLimit, {
    global: true,
    // counted in the database, so every server instance shares the limit (shared-rate-limit-store.ts)
    store: sharedRateLimitStore(ctx, 'portal'),
    max: PORTAL_RATE.requestsPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, context) =>
      new ServiceError(
        429,
        'rate_limited',
        `Too many requests from here. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
        {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        },
      ),
  });
  await server.register(multipart, {
    throwFileSizeLimit: false,
    // The name exactly as sent: a name with a path is refused, not silently cut to its last part.
    preservePath: true,
    limits: { files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 50 },
  });
  server.decorateRequest('portalSession', null);
  server.addHook('onRequest', async (req) => {
    const raw = req.cookies[PORTAL_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    req.portalSession =
      unsigned?.valid && unsigned.value ? await resolvePortalSession(ctx, unsigned.value) : null;
    const route = `${req.method} ${req.url.split('?')[0]}`;
    if (SAFE.has(req.method) || route === `POST ${PORTAL_PREFIX}/session`) return;
    if (!req.portalSession) throw notSignedIn();
    if (!portalCsrfMatches(req.portalSession.csrfToken, req.headers['x-csrf-token'] as string | undefined))
      throw new ServiceError(
        403,
        'csrf_failed',
        'This request is missing its x-csrf-token header, or the token does not match your portal visit. Reload and try again.',
        { rule: 'CSRF-SYNCHRONIZER-TOKEN' },
      );
  });

  const sessionView = z.object({
    signedIn: z.boolean(),
    csrfToken: z.string().nullable(),
    language: language.nullable(),
    accessExpiresAt: z.string().nullable(),
  });

  server.post(
    '/session',
    {
      config: { rateLimit: { max: PORTAL_RATE.signInPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: 'Open the counsel portal with an access code or a one-time link',
        description:
          'Give `code` (printed on the disclosure packet) or `linkToken` (from the one-time link). Every credential that does not open the portal — unknown, expired, revoked, a link already used — gets the same 401 portal_access_refused. Repeated bad codes from one address lock it for a while (429 portal_locked); requests are rate-limited per address (429 rate_limited).',
        body: z
          .object({
            code: z.string().max(64).optional(),
            linkToken: z.string().max(200).optional(),
            language: language.optional(),
          })
          .refine((b) => (b.code ? 1 : 0) + (b.linkToken ? 1 : 0) === 1, {
            message: 'Give the access code or the link token (one of them).',
            path: ['code'],
          }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const credential = req.body.code ? { code: req.body.code } : { linkToken: req.body.linkToken! };
      const { token, session: s } = await portalSignIn(ctx, credential, meta(req), req.body.language ?? 'en');
      reply.setCookie(PORTAL_COOKIE, token, {
        path: PORTAL_PREFIX,
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        signed: true,
        maxAge: Math.max(1, Math.floor((s.expiresAt.getTime() - ctx.clock().getTime()) / 1000)),
      });
      return {
        signedIn: true,
        csrfToken: s.csrfToken,
        language: s.language,
        accessExpiresAt: s.accessExpiresAt.toISOString(),
      };
    },
  );

  server.get(
    '/session',
    {
      schema: {
        tags: ['portal'],
        summary: 'The current portal visit, if any',
        response: { 200: sessionView },
      },
    },
    async (req) => {
      const s = req.portalSession;
      return {
        signedIn: s !== null,
        csrfToken: s?.csrfToken ?? null,
        language: s?.language ?? null,
        accessExpiresAt: s?.accessExpiresAt.toISOString() ?? null,
      };
    },
  );

  server.delete(
    '/session',
    { schema: { tags: ['portal'], summary: 'Leave the portal (ends the visit)' } },
    async (req, reply: FastifyReply) => {
      await portalSignOut(ctx, session(req), meta(req));
      reply.clearCookie(PORTAL_COOKIE, { path: PORTAL_PREFIX });
      return reply.status(204).send(null);
    },
  );

  server.put(
    '/language',
    {
      schema: {
        tags: ['portal'],
        summary: 'Choose the language of the portal',
        body: z.object({ language }),
        response: { 200: z.object({ language }) },
      },
    },
    async (req) => {
      await setPortalLanguage(ctx, session(req), meta(req), req.body.language);
      return { language: req.body.language };
    },
  );

  server.get(
    '/case',
    {
      schema: {
        tags: ['portal'],
        summary: 'What the portal shows of the case: disclosed documents, contests and CCF reports',
        response: {
          200: z.object({
            accessExpiresAt: z.string(),
            language: z.string(),
            contestDeadline: z.string().nullable(),
            documents: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                kind: z.string(),
                language: z.string().nullable(),
                receivedAt: z.string(),
                downloadable: z.boolean(),
              }),
            ),
            packets: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                language: z.string(),
                version: z.number(),
                servedAt: z.string(),
                sha256: z.string(),
              }),
            ),
            contests: z.array(contestView),
            ccfReports: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                appliedOn: z.string(),
                ccfReference: z.string().nullable(),
                outcome: z.string(),
                outcomeOn: z.string().nullable(),
                reportedAt: z.string(),
                status: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => portalOverview(ctx, session(req), meta(req)),
  );

  server.get(
    '/documents/:id',
    {
      schema: {
        tags: ['portal'],
        summary: 'Download a document disclosed to the person (attachment)',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (req, reply) => {
      const doc = await portalDocument(ctx, session(req), meta(req), req.params.id);
      const safe = doc.title.replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 100) || 'document';
      return reply
        .header('content-type', doc.contentType)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename="${safe.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(safe)}`,
        )
        .send(doc.content);
    },
  );

  server.get(
    '/packets/:id',
    {
      schema: {
        tags: ['portal'],
        summary: 'Download a disclosure packet served on the person (PDF attachment)',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (req, reply) => {
      const p = await portalPacket(ctx, session(req), meta(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="${p.reference}.pdf"`)
        .send(p.pdf);
    },
  );

  server.post(
    '/contests',
    {
      schema: {
        tags: ['portal'],
        summary: 'File a contest (the person or counsel)',
        description:
          'Creates the contest in the workflow (source "portal"); an attorney decides it, and the decision with its reasons shows in the portal. Answers a receipt with a reference number.',
        body: z.object({
          grounds: z
            .array(
              z.object({
                ground: z.enum(CONTEST_GROUNDS),
                statement: z.string().max(20_000),
              }),
            )
            .max(CONTEST_GROUNDS.length),
          contact: z.object({
            name: z.string().max(300),
            role: z.enum(['person', 'counsel']),
            email: z.string().max(300).nullish(),
            phone: z.string().max(60).nullish(),
            address: z.string().max(1000).nullish(),
          }),
        }),
        response: { 201: z.object({ id: z.string(), reference: z.string(), filedAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const receipt = await filePortalContest(ctx, session(req), meta(req), req.body);
      return reply.status(201).send(receipt);
    },
  );

  server.post(
    '/contests/:id/documents',
    {
      schema: {
        tags: ['portal'],
        summary: 'Send a supporting document with a contest filed through the portal',
        description:
          'multipart/form-data with one part, `file`. The same checks as every upload: the type is read from the content (PDF, PNG, JPEG, TIFF, DOCX, plain text); active content, polyglots, empty files, files over the limit and unsafe names are refused (422 `file_refused` or 413 `file_too_large`, field `file`) and nothing is stored. Stored encrypted and attached to the contest; staff see it on the case page.',
        consumes: ['multipart/form-data'],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({
          language: z.string().max(50).optional(),
          title: z.string().max(300).optional(),
        }),
        response: {
          201: z.object({ documentId: z.string(), fileName: z.string(), byteSize: z.number() }),
        },
      },
    },
    async (req, reply) => {
      const s = session(req);
      const file = await readOneFile(ctx, req);
      const stored = await attachPortalContestDocument(ctx, s, meta(req), req.params.id, file, req.query);
      return reply
        .status(201)
        .send({ documentId: stored.documentId, fileName: stored.fileName, byteSize: stored.byteSize });
    },
  );

  server.post(
    '/ccf-reports/:id/letter',
    {
      schema: {
        tags: ['portal'],
        summary: 'Send the CCF’s letter with a CCF report filed through the portal',
        description:
          'multipart/form-data with one part, `file`. The same checks as every upload (422 `file_refused` or 413 `file_too_large`, field `file`, and nothing is stored). Stored encrypted and attached to the report; the attorney who confirms the finding reads it. A report already reviewed takes no more letters (409 `ccf_report_reviewed`).',
        consumes: ['multipart/form-data'],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ language: z.string().max(50).optional() }),
        response: {
          201: z.object({ documentId: z.string(), fileName: z.string(), byteSize: z.number() }),
        },
      },
    },
    async (req, reply) => {
      const s = session(req);
      const file = await readOneFile(ctx, req);
      const stored = await attachPortalCcfLetter(ctx, s, meta(req), req.params.id, file, req.query);
      return reply
        .status(201)
        .send({ documentId: stored.documentId, fileName: stored.fileName, byteSize: stored.byteSize });
    },
  );

  server.post(
    '/ccf-reports',
    {
      schema: {
        tags: ['portal'],
        summary: 'Report an application to the CCF and its outcome',
        description:
          'A deletion or a finding of non-compliance changes the notice’s status only once an attorney confirms it.',
        body: z.object({
          appliedOn: z.string().max(10),
          ccfReference: z.string().max(200).nullish(),
          outcome: z.enum(CCF_OUTCOMES),
          outcomeOn: z.string().max(10).nullish(),
          statement: z.string().max(10_000).nullish(),
        }),
        response: { 201: z.object({ id: z.string(), reference: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await reportCcf(ctx, session(req), meta(req), req.body)),
  );
};

export const portalAgencyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/cases/:id/portal',
    {
      schema: {
        tags: ['portal'],
        summary: 'The counsel portal of a case: accesses, contests filed through it, CCF reports',
        params: idParams,
        response: {
          200: z.object({
            accesses: z.array(
              z.object({
                id: z.string(),
                state: z.enum(['active', 'expired', 'revoked']),
                issuedAt: z.string(),
                issuedBy: z.string().nullable(),
                expiresAt: z.string(),
                revokedAt: z.string().nullable(),
                revokedBy: z.string().nullable(),
                revokeReason: z.string().nullable(),
                lastUsedAt: z.string().nullable(),
                useCount: z.number(),
                linkUsed: z.boolean(),
              }),
            ),
            contests: z.array(
              z.object({
                id: z.string(),
                reference: z.string().nullable(),
                filedAt: z.string(),
                filedBy: z.string(),
                contact: z.unknown(),
                decision: z.string().nullable(),
              }),
            ),
            ccfReports: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                appliedOn: z.string(),
                ccfReference: z.string().nullable(),
                outcome: z.string(),
                outcomeOn: z.string().nullable(),
                statement: z.string().nullable(),
                reportedAt: z.string(),
                status: z.string(),
                reviewNote: z.string().nullable(),
                noticeStatus: z.string().nullable(),
                letters: z.array(
                  z.object({
                    documentId: z.string(),
                    fileName: z.string(),
                    contentType: z.string(),
                    byteSize: z.number(),
                    sentAt: z.string(),
                  }),
                ),
              }),
            ),
            notices: z.array(z.object({ id: z.string(), interpolRef: z.string(), status: z.string() })),
          }),
        },
      },
    },
    async (req) => portalPanel(userCall(req, ctx), req.params.id),
  );

  server.post(
    '/cases/:id/portal/access',
    {
      schema: {
        tags: ['portal'],
        summary: 'Issue a counsel portal access code and one-time link for a case',
        description: 'The code and the link are shown once, in this answer; only their hashes are kept.',
        params: idParams,
        response: {
          201: z.object({ id: z.string(), code: z.string(), link: z.string(), expiresAt: z.string() }),
        },
      },
    },
    async (req, reply) => {
      const issued = await issuePortalAccessForCase(userCall(req, ctx), req.params.id);
      return reply.status(201).send({
        id: issued.accessId,
        code: issued.code,
        link: `/portal/link/${issued.linkToken}`,
        expiresAt: issued.expiresAt.toISOString(),
      });
    },
  );

  server.post(
    '/portal-access/:id/revoke',
    {
      schema: {
        tags: ['portal'],
        summary: 'Revoke a counsel portal access (attorneys and supervisors)',
        params: idParams,
        body: z.object({ reason: z.string().max(2000) }),
        response: { 200: z.object({ id: z.string(), revokedAt: z.string() }) },
      },
    },
    async (req) => {
      const r = await revokePortalAccess(userCall(req, ctx), req.params.id, req.body.reason);
      return { id: r.id, revokedAt: r.revokedAt.toISOString() };
    },
  );

  server.post(
    '/ccf-reports/:id/review',
    {
      schema: {
        tags: ['portal'],
        summary: 'Confirm or set aside a CCF finding reported through the portal (attorneys)',
        description:
          'Confirming a deletion or non-compliance finding records the notice status change (deleted unless another status is given): every case on the notice loses its authorizations and gets a re-review.',
        params: idParams,
        body: z.object({
          confirm: z.boolean(),
          noticeId: z.string().max(64).nullish(),
          status: z
            .enum(NOTICE_STATUSES.filter((s) => s !== 'valid') as ['suspended', ...string[]])
            .optional(),
          note: z.string().max(5000),
        }),
        response: { 200: z.object({ id: z.string(), status: z.string(), affectedCases: z.number() }) },
      },
    },
    async (req) =>
      reviewCcfReport(userCall(req, ctx), req.params.id, {
        ...req.body,
        status: req.body.status as never,
      }),
  );
};
