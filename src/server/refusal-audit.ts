/**
 * Refusals the services did not audit themselves (issue 9): a request refused before any service ran
 * (no session on a mutation, a CSRF token that does not match, a body that fails validation) or refused
 * by a service outside runAction. Each refused request leaves exactly one entry: when the request
 * already left one (runAction audits its own refusals; sign-in audits every attempt), nothing is added.
 * The entry keeps the route, the status, the code, the rule and the names of the fields at fault —
 * never a submitted value, so no passphrase, token or code reaches the log.
 */
import type { FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  type AppContext,
  auditEvent,
  refusalDetail,
  refusalOutcome,
  requestAudited,
} from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import type { RefusalThrottle } from './refusal-throttle.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The status the error handler will answer with, for the refusals it audits (4xx), or null. */
function refusal(err: unknown): { status: number; detail: Record<string, unknown> } | null {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    return {
      status: 422,
      detail: {
        code: 'invalid_input',
        status: 422,
        fields: [
          ...new Set(
            err.validation.map((v) => [where, ...v.instancePath.split('/').filter(Boolean)].join('.')),
          ),
        ],
      },
    };
  }
  if (err instanceof ServiceError) return { status: err.status, detail: refusalDetail(err) };
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (err as { code?: string }).code?.toLowerCase() ?? 'bad_request';
    return { status, detail: { code, status } };
  }
  return null;
}

/**
 * Audits a refused API request once: every refused mutation (any 4xx), and reads refused as forbidden or
 * not found. Never throws: a failure to audit is logged, and the refusal is still answered.
 */
export async function auditRefusedRequest(
  app: AppContext,
  req: FastifyRequest,
  err: unknown,
  throttle: RefusalThrottle | null = null,
): Promise<void> {
  if (!req.url.startsWith('/api/')) return;
  const r = refusal(err);
  if (!r) return;
  if (
    SAFE_METHODS.has(req.method) &&
    !(err instanceof ServiceError && (r.status === 403 || r.status === 404))
  )
    return;
  try {
    if (await requestAudited(app, req.id)) return;
    // An anonymous refusal past its address's limit is counted in the window's one entry instead.
    if (throttle && !req.session) {
      const now = app.clock().getTime();
      if ((await throttle.note(req.ip, now)) === 'suppress') return;
      // windows that have ended are reported before this refusal's own entry
      await throttle.report(now);
    }
    const actor = req.session?.actor ?? {
      kind: 'user' as const,
      userId: null,
      username: 'anonymous',
      role: null,
      officeId: null,
    };
    const route =
      req.routeOptions?.url ??
      req.url
        .split('?')[0]!
        .slice(0, 200)
        .replace(/[^\x21-\x7e]/g, '?');
    await auditEvent(
      { app, actor, meta: { requestId: req.id, sourceIp: req.ip } },
      'request.refused',
      refusalOutcome(r.status),
      { detail: { method: req.method, route, ...r.detail } },
    );
  } catch (auditErr) {
    req.log.error({ err: auditErr }, 'could not audit a refused request');
  }
}
