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
  reauthenticate,
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
import {
  listSecurityKeys,
  registerSecurityKey,
  registrationOptions,
  removeSecurityKey,
  signInOptions,
} from '../../services/webauthn.ts';
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

const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'Expected base64url.');
const credentialCommon = {
  id: b64url.min(1).max(1400),
  rawId: b64url.min(1).max(1400),
  type: z.literal('public-key'),
  clientExtensionResults: z.object({}).loose(),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
const registrationResponse = z
  .object({
    ...credentialCommon,
    response: z
      .object({
        clientDataJSON: b64url,
        attestationObject: b64url,
        transports: z.array(z.string()).optional(),
      })
      .loose(),
  })
  .describe(
    'What `navigator.credentials.create` answered, as JSON (@simplewebauthn/browser `startRegistration`).',
  );
const authenticationResponse = z
  .object({
    ...credentialCommon,
    response: z
      .object({
        clientDataJSON: b64url,
        authenticatorData: b64url,
        signature: b64url,
        userHandle: b64url.optional(),
      })
      .loose(),
  })
  .describe(
    'What `navigator.credentials.get` answered, as JSON (@simplewebauthn/browser `startAuthentication`).',
  );
const ceremonyOptions = z
  .object({ challenge: z.string() })
  .loose()
  .describe('WebAuthn options as JSON, for @simplewebauthn/browser (`optionsJSON`).');
const securityKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  deviceType: z.string().describe('`singleDevice`: a hardware key; `multiDevice`: a passkey kept in sync.'),
});
const keyView = (k: Awaited<ReturnType<typeof listSecurityKeys>>[number]) => ({
  id: k.id,
  name: k.name,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  deviceType: k.deviceType,
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

  server.post(
    '/session/security-key/options',
    {
      schema: {
        tags: ['session'],
        summary: 'Second step of signing in with a security key: the options for the browser',
        description:
          'For a session in stage `mfa` whose account has a security key. The challenge is kept on the server for 5 minutes and works once. 404 `no_security_key` when the account has none.',
        response: { 200: ceremonyOptions },
      },
    },
    async (req) => ({ ...(await signInOptions(stageCall(req, ctx, ['mfa']), req.session!.sessionId)) }),
  );

  server.post(
    '/session/security-key',
    {
      schema: {
        tags: ['session'],
        summary: 'Second step of signing in: the security key’s answer instead of the code',
        description:
          'For a session in stage `mfa`. A valid answer to this session’s challenge, from a key of the account, with a signature counter that has increased, ends that session and starts an active one.',
        body: z.object({ response: authenticationResponse }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const call = stageCall(req, ctx, ['mfa']);
      const s = await withRetryAfter(reply, () =>
        completeSecondFactor(
          call,
          req.session!.sessionId,
          { securityKey: req.body.response as Parameters<typeof completeSecondFactor>[2]['securityKey'] },
          req.headers['user-agent'] ?? null,
        ),
      );
      return startSession(reply, s);
    },
  );

  server.get(
    '/account/security-keys',
    {
      schema: {
        tags: ['session'],
        summary: 'Your security keys',
        response: {
          200: z.object({
            available: z.boolean().describe('Security keys are set up on this server.'),
            keys: z.array(securityKeyView),
          }),
        },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      return {
        available: Boolean(ctx.webauthn),
        keys: (await listSecurityKeys(ctx.db, call.actor.userId!)).map(keyView),
      };
    },
  );

  server.post(
    '/account/security-keys/options',
    {
      schema: {
        tags: ['session'],
        summary: 'Start adding a security key: the options for the browser',
        description:
          'Needs an active session and an authenticator app already set up. The challenge is kept on the server for 5 minutes and works once.',
        response: { 200: ceremonyOptions },
      },
    },
    async (req) => ({ ...(await registrationOptions(userCall(req, ctx), req.session!.sessionId)) }),
  );

  server.post(
    '/account/security-keys',
    {
      schema: {
        tags: ['session'],
        summary: 'Add a security key: its answer to the options, and a name',
        body: z.object({ name: z.string().max(200), response: registrationResponse }),
        response: { 201: securityKeyView },
      },
    },
    async (req, reply) => {
      const key = await registerSecurityKey(userCall(req, ctx), req.session!.sessionId, {
        name: req.body.name,
        response: req.body.response as Parameters<typeof registerSecurityKey>[2]['response'],
      });
      return reply.status(201).send(keyView(key));
    },
  );

  server.post(
    '/account/security-keys/:id/remove',
    {
      schema: {
        tags: ['session'],
        summary: 'Remove one of your security keys; needs your passphrase and a current code',
        params: z.object({ id: z.uuid() }),
        body: z.object({ passphrase: z.string().min(1).max(PASSPHRASE_MAX), code: totpCode }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const call = userCall(req, ctx);
      await reauthenticate(call, req.body, 'remove security key');
      await removeSecurityKey(call, req.params.id);
      return reply.status(204).send(null);
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
