import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';
import { ServiceError } from '../../services/errors.ts';
import { beginSso, completeSso, type OidcSettings } from '../../services/sso.ts';
import { anonymousCall, SESSION_COOKIE } from '../auth.ts';

/** Whether the request is a browser's page navigation (it prefers HTML to JSON). */
const wantsHtml = (accept: string | undefined) =>
  !!accept && accept.includes('text/html') && !accept.startsWith('application/json');

/** Single sign-on through OpenID Connect (services/sso.ts). Registered only when it is configured. */
export const ssoRoutes: FastifyPluginAsyncZod<{
  ctx: AppContext;
  secureCookies: boolean;
  oidc: OidcSettings | null;
}> = async (server, { ctx, secureCookies, oidc }) => {
  server.get(
    '/sso',
    {
      schema: {
        tags: ['session'],
        summary: 'Whether single sign-on is offered',
        response: { 200: z.object({ enabled: z.boolean(), loginUrl: z.string().nullable() }) },
      },
    },
    async () => ({ enabled: oidc !== null, loginUrl: oidc ? '/api/v1/sso/login' : null }),
  );
  if (!oidc) return;

  server.get(
    '/sso/login',
    {
      schema: {
        tags: ['session'],
        summary:
          'Start single sign-on: redirects to the identity provider (authorization code flow with PKCE)',
      },
    },
    async (req, reply) => reply.redirect((await beginSso(anonymousCall(req, ctx), oidc)).href, 302),
  );

  server.get(
    '/sso/callback',
    {
      schema: {
        tags: ['session'],
        summary:
          'Where the identity provider sends the browser back; opens the session and goes to the home page',
        querystring: z.object({
          code: z.string().max(2000).optional(),
          state: z.string().max(500).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(1000).optional(),
          iss: z.string().max(500).optional(),
          session_state: z.string().max(500).optional(),
        }),
      },
    },
    async (req, reply) => {
      // The URL the provider redirected to, rebuilt on the configured redirect URI (not on request headers).
      const current = new URL(oidc.redirectUri);
      current.search = new URL(req.url, 'http://x').search;
      let s: Awaited<ReturnType<typeof completeSso>>;
      try {
        s = await completeSso(anonymousCall(req, ctx), oidc, current, req.headers['user-agent'] ?? null);
      } catch (err) {
        // A browser coming back from the provider gets the sign-in page with a plain message (the refusal
        // is audited by the service); an API client gets the problem document.
        if (err instanceof ServiceError && err.code === 'sso_failed' && wantsHtml(req.headers.accept))
          return reply.redirect('/?sso=failed', 303);
        throw err;
      }
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax', // the provider's redirect is a cross-site top-level navigation
        secure: secureCookies,
        signed: true,
        maxAge: Math.floor((s.absoluteExpiresAt.getTime() - ctx.clock().getTime()) / 1000),
      });
      return reply.redirect('/', 302);
    },
  );
};
