/**
 * The HTTP application: thin. Parse (Zod), authorise (session + CSRF), call one service, present.
 */

import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ruleExplanation } from '../domain/rule-explanations.ts';
import type { AppContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { startPeriodic } from '../services/periodic.ts';
import type { OidcSettings } from '../services/sso.ts';
import { DEFAULT_SITE, type SiteConfig } from '../site.ts';
import { registerSessionHooks, SESSION_COOKIE } from './auth.ts';
import { problem } from './problem.ts';
import { auditRefusedRequest } from './refusal-audit.ts';
import { RefusalThrottle } from './refusal-throttle.ts';
import { accountRoutes } from './routes/accounts.ts';
import { adminRoutes } from './routes/admin.ts';
import { caseRoutes } from './routes/cases.ts';
import { documentRoutes } from './routes/documents.ts';
import { importRoutes } from './routes/imports.ts';
import { interpolImportRoutes } from './routes/interpol-import.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { packetRoutes } from './routes/packets.ts';
import { PORTAL_PREFIX, portalAgencyRoutes, portalRoutes } from './routes/portal.ts';
import { queryRoutes } from './routes/queries.ts';
import { rereviewRoutes } from './routes/rereview.ts';
import { rescreenRoutes } from './routes/rescreen.ts';
import { screeningRoutes } from './routes/screening.ts';
import { ssoRoutes } from './routes/sso.ts';
import { systemRoutes } from './routes/system.ts';
import { taskRoutes } from './routes/tasks.ts';
import { registerTextRule } from './text-edge.ts';
import { DEFAULT_RETRY_AFTER_SECONDS, replyIfDatabaseUnavailable } from './unavailable.ts';
import { installPlainValidationMessages } from './validation-messages.ts';
import { registerWeb, wantsWebPage } from './web.ts';

/** Busboy's messages for a multipart body that does not parse. */
const MALFORMED_MULTIPART =
  /^(Unexpected end of multipart data|Multipart: Boundary not found|Boundary required|.* terminated early due to unexpected end of multipart data)$/;

export interface ServerOptions {
  app: AppContext;
  secureCookies: boolean;
  cookieSecret: string;
  logLevel?: string;
  version?: string;
  /** The agency, the site's address and the banner; a demonstration when not given. */
  site?: SiteConfig;
  /** Directory of the built web application; defaults to dist/web. `false` serves no web application. */
  webRoot?: string | false;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges); none when not given. */
  trustedProxies?: string[];
  /** Retry-After, in seconds, when the database is unavailable (503). */
  retryAfterSeconds?: number;
  /**
   * Anonymous refused mutations audited one by one per source address and minute before the address is
   * answered 429 for the rest of the minute (refusal-throttle.ts); undefined or 0: no limit.
   */
  anonymousRefusalsPerMinute?: number;
  /** Single sign-on through OpenID Connect; off when not given (services/sso.ts#oidcSettingsFromEnv). */
  oidc?: OidcSettings | null;
}

export const API_PREFIX = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  installPlainValidationMessages();
  const server = Fastify({
    logger: {
      level: opts.logLevel ?? 'warn',
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'],
      // A query string may carry what a user searched for (a person's name): logs keep the path only.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: req.url.split('?')[0],
          id: req.id,
        }),
      },
    },
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    // Only a configured proxy may say who the client is; otherwise X-Forwarded-For is ignored and the
    // audited source address is the peer's own.
    trustProxy: opts.trustedProxies?.length ? opts.trustedProxies : false,
  }).withTypeProvider<ZodTypeProvider>();
  // Every answer names its request (the id its audit entry carries), so a client can find the entry.
  server.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Anonymous refusals per source address (refusal-throttle.ts): past the limit, an address's anonymous
  // mutations are turned away for the rest of the window and reported in one entry when it ends. Sign-in
  // has its own delays per account and per source; the portal has its own limits.
  const throttle = opts.anonymousRefusalsPerMinute
    ? new RefusalThrottle(opts.app, opts.anonymousRefusalsPerMinute)
    : null;
  if (throttle) {
    server.addHook('onRequest', async (req, reply) => {
      if (SAFE_METHODS.has(req.method) || !req.url.startsWith(`${API_PREFIX}/`)) return;
      const path = req.url.split('?')[0]!;
      if (path === `${API_PREFIX}/session` || path.startsWith(`${API_PREFIX}/portal`)) return;
      if ((req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`)) return;
      const wait = await throttle.turnAwayIfLimited(req.ip, opts.app.clock().getTime());
      if (wait === 0) return;
      reply.header('retry-after', String(wait));
      return problem(
        reply,
        req,
        429,
        'rate_limited',
        `Too many refused requests from this address. Try again in ${wait} seconds.`,
        { retryAfterSeconds: wait },
      );
    });
    const stop = startPeriodic(
      () => throttle.tidy(opts.app.clock().getTime()),
      (err) => server.log.error({ err }, 'throttled refusals'),
      throttle.windowMs,
    );
    server.addHook('onClose', async () => {
      stop();
      await throttle
        .report(opts.app.clock().getTime())
        .catch((err) => server.log.error({ err }, 'throttled refusals'));
    });
  }
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);

  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: opts.secureCookies,
  });
  await server.register(cookie, { secret: opts.cookieSecret });

  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Redline API',
        version: opts.version ?? '0.1.0',
        description:
          'Case system enforcing ICE Directive 15006.1 safeguards before any reliance on an INTERPOL Red Notice or Wanted Person Diffusion. Errors are application/problem+json with a stable `code`, a plain `detail` message and `errors[]` naming each bad field.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'redline_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await server.register(swaggerUi, { routePrefix: '/api/docs' });

  const retryAfterSeconds = opts.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  server.setErrorHandler(async (err, req, reply) => {
    const unavailable = replyIfDatabaseUnavailable(err, req, reply, retryAfterSeconds);
    if (unavailable) return unavailable;
    await auditRefusedRequest(opts.app, req, err, throttle);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      return problem(
        reply,
        req,
        422,
        'invalid_input',
        'Some values are missing or not valid. See errors for each field.',
        {
          errors: err.validation.map((v) => ({
            field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
            message: v.message ?? 'is not valid',
            code: typeof v.keyword === 'string' ? v.keyword : 'custom',
          })),
        },
      );
    }
    if (err instanceof ServiceError) {
      const { fields, ...rest } = err.detail;
      // Each rule a refusal names comes with its plain explanation, for the browser to show beside it.
      const explained = ruleExplanation(rest.rule);
      return problem(reply, req, err.status, err.code, err.message, {
        ...rest,
        ...(explained ? { ruleExplanation: explained } : {}),
        ...(fields
          ? {
              errors: fields.map((f) => {
                const explanation = ruleExplanation(f.rule);
                return explanation ? { ...f, explanation } : f;
              }),
            }
          : {}),
      });
    }
    // A multipart body that does not parse (cut short, no or another boundary, a part that never ends) is
    // the client's fault: busboy reports it as a plain Error with no status.
    if (MALFORMED_MULTIPART.test((err as Error).message ?? ''))
      return problem(reply, req, 400, 'malformed_multipart', 'The upload is not a complete multipart form.', {
        errors: [
          {
            field: 'body',
            message: 'The upload is not a complete multipart form.',
            code: 'malformed_multipart',
          },
        ],
      });
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413)
      return problem(reply, req, 413, 'payload_too_large', 'The request body is too large (limit 1 MiB).');
    if (status && status >= 400 && status < 500) {
      return problem(
        reply,
        req,
        status,
        (err as { code?: string }).code?.toLowerCase() ?? 'bad_request',
        (err as Error).message,
      );
    }
    req.log.error({ err }, 'unhandled error');
    return problem(
      reply,
      req,
      500,
      'internal_error',
      'Something went wrong on our side. The error was logged with this request id.',
    );
  });
  const web = opts.webRoot === false ? false : await registerWeb(server, opts.webRoot);
  server.setNotFoundHandler((req, reply) => {
    if (web && wantsWebPage(req.method, req.url))
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    return problem(reply, req, 404, 'not_found', `There is no ${req.method} ${req.url.split('?')[0]}.`);
  });

  registerSessionHooks(server, opts);
  registerTextRule(server);
  const site = opts.site ?? DEFAULT_SITE;
  await server.register(systemRoutes, { prefix: API_PREFIX, ctx: opts.app, site, retryAfterSeconds });
  await server.register(accountRoutes, {
    prefix: API_PREFIX,
    ctx: opts.app,
    secureCookies: opts.secureCookies,
    systemUseNotice: site.systemUseNotice,
  });
  await server.register(ssoRoutes, {
    prefix: API_PREFIX,
    ctx: opts.app,
    secureCookies: opts.secureCookies,
    oidc: opts.oidc ?? null,
  });
  await server.register(adminRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(caseRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(interpolImportRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(queryRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(taskRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(packetRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(notificationRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(screeningRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(portalAgencyRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(portalRoutes, {
    prefix: PORTAL_PREFIX,
    ctx: opts.app,
    secureCookies: opts.secureCookies,
  });
  await server.register(documentRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(importRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(rereviewRoutes, { prefix: API_PREFIX, ctx: opts.app });
  await server.register(rescreenRoutes, { prefix: API_PREFIX, ctx: opts.app });
  server.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => server.swagger());
  return server;
}
