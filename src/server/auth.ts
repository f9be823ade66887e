import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfMatches, type ResolvedSession, resolveSession } from '../services/accounts.ts';
import type { AppContext, Call } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';

export const SESSION_COOKIE = 'redline_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Requests that may change state without a session (signing in creates the session). */
const NO_SESSION_WRITES = new Set(['POST /api/v1/session']);
/**
 * The header a page sends on requests it makes on its own, such as polling the progress of an import
 * or a re-screening run every second: `x-redline-activity: passive`. Such a request is served as any
 * other, but it does not count as activity, so the session still ends after the idle limit when nobody
 * is at the screen. Only safe methods can be passive; a change always counts as activity.
 */
export const ACTIVITY_HEADER = 'x-redline-activity';

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null;
    /**
     * Set instead of `session` on a request whose handler reads the session in its own statement
     * (`GET /cases/:id`, services/case-page.ts#readCaseSignedIn): the cookie's token (null: none, or not
     * validly signed) and whether the request is passive. The handler sets `session` from what it read.
     */
    deferredSession: { token: string | null; passive: boolean } | null;
  }
  interface FastifyContextConfig {
    /** The handler reads the session itself, in its own statement (a safe method only): see `deferredSession`. */
    sessionInHandler?: boolean;
  }
}

/**
 * Resolves the session cookie on every API request and enforces CSRF on state-changing requests:
 * the `x-csrf-token` header must equal the token bound to the session (synchronizer-token pattern).
 */
export function registerSessionHooks(server: FastifyInstance, opts: { app: AppContext }): void {
  server.decorateRequest('session', null);
  server.decorateRequest('deferredSession', null);
  server.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    // The counsel portal has its own session and CSRF token (routes/portal.ts): an agency session is
    // never read there, and a portal session is never read here.
    if (req.url === '/api/v1/portal' || req.url.startsWith('/api/v1/portal/')) return;
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    const passive = SAFE_METHODS.has(req.method) && req.headers[ACTIVITY_HEADER] === 'passive';
    // A safe method (no CSRF check follows) whose handler reads the session with what it reads.
    if (SAFE_METHODS.has(req.method) && req.routeOptions.config?.sessionInHandler) {
      req.deferredSession = { token: unsigned?.valid && unsigned.value ? unsigned.value : null, passive };
      return;
    }
    req.session =
      unsigned?.valid && unsigned.value
        ? await resolveSession({ app: opts.app }, unsigned.value, { passive })
        : null;
    const route = `${req.method} ${req.url.split('?')[0]}`;
    if (SAFE_METHODS.has(req.method) || NO_SESSION_WRITES.has(route)) return;
    if (!req.session)
      throw new ServiceError(401, 'not_signed_in', 'Sign in first. Your session may have ended.');
    if (!csrfMatches(req.session.csrfToken, req.headers['x-csrf-token'] as string | undefined)) {
      throw new ServiceError(
        403,
        'csrf_failed',
        'This request is missing its x-csrf-token header, or the token does not match your session. Reload and try again.',
        { rule: 'CSRF-SYNCHRONIZER-TOKEN' },
      );
    }
  });
}

/**
 * The call for a signed-in user, or a 401. A session still waiting for its second factor (or for the
 * enrolment its role requires) is not signed in yet; only the routes of that step accept it.
 */
export function userCall(req: FastifyRequest, app: AppContext): Call {
  if (req.session?.stage !== 'active')
    throw new ServiceError(401, 'not_signed_in', 'Sign in first. Your session may have ended.');
  return { app, actor: req.session.actor, meta: { requestId: req.id, sourceIp: req.ip } };
}

export function anonymousCall(req: FastifyRequest, app: AppContext): Call {
  return {
    app,
    actor: { kind: 'user', userId: null, username: 'anonymous', role: null, officeId: null },
    meta: { requestId: req.id, sourceIp: req.ip },
  };
}
