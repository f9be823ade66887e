import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/types.ts';
import {
  createUser,
  PASSPHRASE_MAX,
  releaseLockout,
  setUserDisabled,
  signIn,
  signOut,
  toPublicUser,
} from '../../services/accounts.ts';
import { type AppContext, runAction } from '../../services/context.ts';
import { anonymousCall, SESSION_COOKIE, userCall } from '../auth.ts';

const publicUser = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  officeId: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
});

const sessionView = z.object({
  user: publicUser,
  csrfToken: z
    .string()
    .describe('Send this value in the x-csrf-token header of every state-changing request.'),
  idleExpiresAt: z.string(),
  absoluteExpiresAt: z.string(),
  systemUseNotice: z.string(),
});

const username = z.string().min(1).max(63);

export const accountRoutes: FastifyPluginAsyncZod<{
  ctx: AppContext;
  secureCookies: boolean;
  systemUseNotice: string;
}> = async (server, { ctx, secureCookies, systemUseNotice }) => {
  server.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in',
        description: 'Creates a server-side session and sets an HttpOnly cookie. Every attempt is audited.',
        body: z.object({
          username,
          passphrase: z.string().min(1).max(PASSPHRASE_MAX),
        }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const s = await signIn(
        anonymousCall(req, ctx),
        req.body.username,
        req.body.passphrase,
        req.headers['user-agent'] ?? null,
      );
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        signed: true,
        maxAge: Math.floor((s.absoluteExpiresAt.getTime() - ctx.clock().getTime()) / 1000),
      });
      return {
        user: s.user,
        csrfToken: s.csrfToken,
        idleExpiresAt: s.idleExpiresAt.toISOString(),
        absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
        systemUseNotice,
      };
    },
  );

  server.get(
    '/session',
    { schema: { tags: ['session'], summary: 'The current session', response: { 200: sessionView } } },
    async (req) => {
      userCall(req, ctx); // 401 when there is no live session
      const s = req.session!;
      return {
        user: s.user,
        csrfToken: s.csrfToken,
        idleExpiresAt: s.idleExpiresAt.toISOString(),
        absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
        systemUseNotice,
      };
    },
  );

  server.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out (ends the session on the server)',
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const call = userCall(req, ctx);
      await signOut(call, req.session!.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  server.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List user accounts (administrators, auditors, supervisors, training coordinators)',
        response: { 200: z.object({ items: z.array(publicUser) }) },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      // Reads are audited like any other access to personal data.
      const rows = await runAction(
        call,
        { action: 'user.list', permission: 'user.read', entityType: 'user' },
        (trx) => trx.selectFrom('users').selectAll().orderBy('username').execute(),
      );
      return { items: rows.map(toPublicUser) };
    },
  );

  server.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user account (administrators)',
        body: z.object({
          username,
          displayName: z.string().min(1).max(200),
          email: z.email().max(254).nullish(),
          role: z.enum(ROLES),
          officeId: z.string().min(1).max(40).nullish(),
          passphrase: z.string().min(1).max(1000),
        }),
        response: { 201: publicUser },
      },
    },
    async (req, reply) => {
      const user = await createUser(userCall(req, ctx), req.body);
      return reply.status(201).send(user);
    },
  );

  server.post(
    '/users/:username/disable',
    {
      schema: {
        tags: ['users'],
        summary: 'Disable an account and end its sessions',
        params: z.object({ username }),
        response: { 200: publicUser },
      },
    },
    async (req) => setUserDisabled(userCall(req, ctx), req.params.username, true),
  );

  server.post(
    '/users/:username/enable',
    {
      schema: {
        tags: ['users'],
        summary: 'Enable an account',
        params: z.object({ username }),
        response: { 200: publicUser },
      },
    },
    async (req) => setUserDisabled(userCall(req, ctx), req.params.username, false),
  );

  server.delete(
    '/users/:username/lockout',
    {
      schema: {
        tags: ['users'],
        summary: 'Release a lockout after repeated failed sign-ins',
        params: z.object({ username }),
        response: { 200: publicUser },
      },
    },
    async (req) => releaseLockout(userCall(req, ctx), req.params.username),
  );
};
