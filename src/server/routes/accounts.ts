import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mfaRequired } from '../../domain/sign-in.ts';
import { ROLES } from '../../domain/types.ts';
import {
  activateAfterEnrolment,
  completeSecondFactor,
  createUser,
  PASSPHRASE_MAX,
  releaseLockout,
  type SessionInfo,
  type SessionStage,
  setUserDisabled,
  signIn,
  signOut,
  toPublicUser,
} from '../../services/accounts.ts';
import { type AppContext, type Call, currentPolicy, runAction } from '../../services/context.ts';
import { ServiceError } from '../../services/errors.ts';
import {
  confirmEnrolment,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  resetMfa,
  startEnrolment,
} from '../../services/mfa.ts';
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
  mfaEnrolled: z.boolean().describe('The account has confirmed an authenticator app.'),
});

const sessionView = z.object({
  user: publicUser,
  stage: z
    .enum(['active', 'mfa', 'enrol'])
    .describe(
      '`active`: signed in. `mfa`: send the authenticator code (POST /session/mfa). `enrol`: this role requires an authenticator app; set one up (POST /session/mfa/enrolment) before anything else.',
    ),
  csrfToken: z
    .string()
    .describe('Send this value in the x-csrf-token header of every state-changing request.'),
  idleExpiresAt: z.string(),
  absoluteExpiresAt: z.string(),
  systemUseNotice: z.string(),
});

const username = z.string().min(1).max(63);
const totpCode = z
  .string()
  .regex(/^\d{6}$/, 'Enter the 6 digits your authenticator app shows.')
  .describe('The 6-digit code of the authenticator app.');
const recoveryCode = z.string().min(8).max(40).describe('One of the recovery codes shown at enrolment.');
const recoveryCodesView = z.object({
  recoveryCodes: z
    .array(z.string())
    .describe('Shown once. Each signs in once when the authenticator app is not at hand. Keep them safe.'),
});

/** A session in one of the given stages (the steps of signing in), or a 401. */
function stageCall(req: FastifyRequest, ctx: AppContext, stages: SessionStage[]): Call {
  const s = req.session;
  if (!s || !stages.includes(s.stage))
    throw new ServiceError(401, 'not_signed_in', 'Sign in first. Your session may have ended.');
  return { app: ctx, actor: s.actor, meta: { requestId: req.id, sourceIp: req.ip } };
}

export const accountRoutes: FastifyPluginAsyncZod<{
  ctx: AppContext;
  secureCookies: boolean;
  systemUseNotice: string;
}> = async (server, { ctx, secureCookies, systemUseNotice }) => {
  /** Sets the session cookie and returns the session view. */
  const startSession = (reply: FastifyReply, s: SessionInfo) => {
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
      stage: s.stage,
      csrfToken: s.csrfToken,
      idleExpiresAt: s.idleExpiresAt.toISOString(),
      absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
      systemUseNotice,
    };
  };
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
          code: totpCode.optional(),
          recoveryCode: recoveryCode.optional(),
        }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const s = await withRetryAfter(reply, () =>
        signIn(
          anonymousCall(req, ctx),
          req.body.username,
          req.body.passphrase,
          req.headers['user-agent'] ?? null,
          {
            code: req.body.code,
            recoveryCode: req.body.recoveryCode,
          },
        ),
      );
      return startSession(reply, s);
    },
  );

  server.post(
    '/session/mfa',
    {
      schema: {
        tags: ['session'],
        summary: 'Second step of signing in: the authenticator code or a recovery code',
        description:
          'For a session in stage `mfa`. A good code ends that session and starts an active one (a new cookie and CSRF token).',
        body: z
          .object({ code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
          .refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), {
            message: 'Enter either the code of your authenticator app or one recovery code.',
            path: ['code'],
          }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const call = stageCall(req, ctx, ['mfa']);
      const s = await withRetryAfter(reply, () =>
        completeSecondFactor(call, req.session!.sessionId, req.body, req.headers['user-agent'] ?? null),
      );
      return startSession(reply, s);
    },
  );

  server.post(
    '/session/mfa/enrolment',
    {
      schema: {
        tags: ['session'],
        summary: 'Start setting up an authenticator app',
        description:
          'Returns a new secret, its otpauth URI and a QR code. The secret is shown here only; it works once a first code confirms it.',
        response: {
          200: z.object({
            secret: z.string().describe('The key to type into the app if the QR code cannot be scanned.'),
            otpauthUri: z.string(),
            qrDataUrl: z.string().describe('The otpauth URI as a PNG QR code (data URL).'),
          }),
        },
      },
    },
    async (req) => startEnrolment(stageCall(req, ctx, ['enrol', 'active'])),
  );

  server.post(
    '/session/mfa/enrolment/confirm',
    {
      schema: {
        tags: ['session'],
        summary: 'Confirm the authenticator app with its first code; returns the recovery codes once',
        body: z.object({ code: totpCode }),
        response: { 200: recoveryCodesView.extend({ session: sessionView.nullable() }) },
      },
    },
    async (req, reply) => {
      const call = stageCall(req, ctx, ['enrol', 'active']);
      const pending = req.session!.stage === 'enrol';
      const { recoveryCodes, after } = await confirmEnrolment(call, req.body.code, (trx) =>
        pending
          ? activateAfterEnrolment(
              trx,
              call,
              req.session!.sessionId,
              call.actor.userId!,
              req.headers['user-agent'] ?? null,
            )
          : Promise.resolve(null),
      );
      return { recoveryCodes, session: after ? startSession(reply, after) : null };
    },
  );

  server.get(
    '/session/mfa',
    {
      schema: {
        tags: ['session'],
        summary: 'Your second factor: enrolled or not, and how many recovery codes are left',
        response: {
          200: z.object({
            enrolled: z.boolean(),
            required: z.boolean().describe('Your role must sign in with an authenticator app.'),
            recoveryCodesLeft: z.number().int(),
          }),
        },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      const policy = await currentPolicy(ctx.db);
      return {
        enrolled: req.session!.user.mfaEnrolled,
        required: mfaRequired(policy, req.session!.user.role),
        recoveryCodesLeft: await recoveryCodesLeft(ctx.db, call.actor.userId!),
      };
    },
  );

  server.post(
    '/session/mfa/recovery-codes',
    {
      schema: {
        tags: ['session'],
        summary: 'Make new recovery codes (the old ones stop working); needs a current code',
        body: z.object({ code: totpCode }),
        response: { 200: recoveryCodesView },
      },
    },
    async (req) => ({ recoveryCodes: await regenerateRecoveryCodes(userCall(req, ctx), req.body.code) }),
  );

  server.get(
    '/session',
    { schema: { tags: ['session'], summary: 'The current session', response: { 200: sessionView } } },
    async (req) => {
      userCall(req, ctx); // 401 when there is no live session
      const s = req.session!;
      return {
        user: s.user,
        stage: s.stage,
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
      const call = stageCall(req, ctx, ['active', 'mfa', 'enrol']);
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
        summary: 'Clear the sign-in delays of an account after repeated failed sign-ins',
        params: z.object({ username }),
        response: { 200: publicUser },
      },
    },
    async (req) => releaseLockout(userCall(req, ctx), req.params.username),
  );

  server.delete(
    '/users/:username/mfa',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove a lost authenticator app: the person sets up a new one at the next sign-in',
        params: z.object({ username }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await resetMfa(userCall(req, ctx), req.params.username);
      return reply.status(204).send(null);
    },
  );
};

/** A 429 from the sign-in delays carries Retry-After (seconds), as RFC 9110 asks. */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const seconds = err instanceof ServiceError ? err.detail.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') reply.header('Retry-After', String(seconds));
    throw err;
  }
}
