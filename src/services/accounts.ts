/**
 * Local accounts and sessions: Argon2id password hashes, passphrase rules (length from the policy,
 * refused when easy to guess or on a common/breached list), progressive delays after failed sign-ins
 * per account and per source address, a second factor (TOTP, services/mfa.ts), server-side sessions
 * with idle and absolute limits, and a CSRF token per session.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { sql } from 'kysely';
import {
  ACCOUNT_DELAY,
  DEFAULT_PASSPHRASE_MIN_CHARS,
  type DelayRule,
  delayAfterFailures,
  mfaRequired,
  passphraseMinChars,
  SOURCE_DELAY,
} from '../domain/sign-in.ts';
import { storableText } from '../domain/text-rules.ts';
import { ROLES, type Role } from '../domain/types.ts';
import { type DbOrTrx, PREPARE } from '../store/db.ts';
import type { UserRow } from '../store/schema.ts';
import {
  type Actor,
  type AppContext,
  auditEvent,
  authorize,
  type Call,
  currentPolicy,
  runAction,
} from './context.ts';
import { conflict, invalid, notFound, ServiceError } from './errors.ts';
import { cleanInput } from './inputs.ts';
import { type FactorResult, verifySecondFactor } from './mfa.ts';
import { type AuthenticationResponseJSON, verifySecurityKey } from './webauthn.ts';

export const PASSPHRASE_MIN = DEFAULT_PASSPHRASE_MIN_CHARS;
export const PASSPHRASE_MAX = 128;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** A session waiting for its second factor or its enrolment lasts this long at most. */
export const SESSION_PENDING_MS = 10 * 60_000;
/** Wrong codes allowed on one pending session before it ends (each also counts towards the delays). */
export const PENDING_MFA_FAILURES = 5;

const COMMON_PASSWORDS = new Set(
  ((dictionary as Record<string, unknown>)['passwords-common'] as string[]).map((p) => p.toLowerCase()),
);

const zxcvbn = new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });

/** Plain words for zxcvbn's warnings (its own texts need a translation package). */
const GUESSABLE: Record<string, string> = {
  simpleRepeat: 'it repeats the same characters',
  extendedRepeat: 'it repeats the same group of characters',
  sequences: 'it is a sequence like abc or 6543',
  keyPattern: 'it follows a pattern on the keyboard',
  straightRow: 'it is a row of keys on the keyboard',
  recentYears: 'it ends with a recent year',
  dates: 'it contains a date',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is a commonly used password with small changes',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is a single name',
  commonNames: 'it is a common name',
  userInputs: 'it contains your username or name',
  pwned: 'it has appeared in a data breach',
};

/** The lowest zxcvbn score accepted (0–4; 3 = "safely unguessable: moderate protection"). */
export const PASSPHRASE_MIN_SCORE = 3;

/**
 * Passphrase rules (NIST SP 800-63B 3.1.1.2): a minimum length from the policy, not a known common or
 * breached password, not guessable (zxcvbn score below 3, e.g. `aaaaaaaa`, `Summer2026`), not the username.
 */
export function passphraseProblems(
  passphrase: string,
  username: string,
  minChars = DEFAULT_PASSPHRASE_MIN_CHARS,
  otherInputs: string[] = [],
): string[] {
  const problems: string[] = [];
  const length = [...passphrase].length;
  if (length < minChars) problems.push(`Use at least ${minChars} characters.`);
  if (length > PASSPHRASE_MAX) problems.push(`Use at most ${PASSPHRASE_MAX} characters.`);
  if (passphrase.toLowerCase() === username.toLowerCase())
    problems.push('Your passphrase may not be your username.');
  else if (COMMON_PASSWORDS.has(passphrase.toLowerCase()))
    problems.push('This passphrase is on a list of commonly used passwords. Choose another.');
  else if (length <= PASSPHRASE_MAX) {
    const result = zxcvbn.check(passphrase, [username, ...otherInputs].filter(Boolean));
    if (result.score < PASSPHRASE_MIN_SCORE) {
      const why = result.feedback.warning ? GUESSABLE[result.feedback.warning] : undefined;
      problems.push(
        `This passphrase is too easy to guess${why ? `: ${why}` : ''}. Use a longer phrase of several unrelated words.`,
      );
    }
  }
  return problems;
}

// Argon2id with the OWASP-recommended minimum (19 MiB, 2 iterations).
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const hashPassphrase = (p: string) => argonHash(p, ARGON);

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  officeId: string | null;
  disabled: boolean;
  locked: boolean;
  /** The account has confirmed a second factor (an authenticator app). */
  mfaEnrolled: boolean;
}

export const toPublicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  email: u.email,
  role: u.role as Role,
  officeId: u.office_id,
  disabled: u.disabled_at !== null,
  locked: u.locked_at !== null,
  mfaEnrolled: u.totp_secret != null,
});

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  role: Role;
  officeId?: string | null;
  passphrase: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export async function createUser(call: Call, input: NewUser): Promise<PublicUser> {
  // Permission first: a caller who may not create accounts is refused (and audited) before the input is
  // looked at or any passphrase is hashed.
  await authorize(call, { action: 'user.create', permission: 'user.manage', entityType: 'user' });
  const fields = [];
  if (!USERNAME.test(input.username))
    fields.push({
      field: 'username',
      message:
        'Use 2–63 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit.',
    });
  if (!ROLES.includes(input.role))
    fields.push({ field: 'role', message: `Role must be one of: ${ROLES.join(', ')}.` });
  if (!input.displayName?.trim()) fields.push({ field: 'displayName', message: 'Enter the person’s name.' });
  const minChars = passphraseMinChars(await currentPolicy(call.app.db));
  for (const p of passphraseProblems(input.passphrase, input.username, minChars, [input.displayName ?? '']))
    fields.push({ field: 'passphrase', message: p });
  const needsOffice = !['liaison', 'auditor', 'administrator', 'training_coordinator'].includes(input.role);
  if (needsOffice && !input.officeId)
    fields.push({ field: 'officeId', message: 'Officers, supervisors and attorneys belong to an office.' });
  if (fields.length) throw invalid('The account could not be created.', fields);
  const passwordHash = await hashPassphrase(input.passphrase);
  return runAction(
    call,
    { action: 'user.create', permission: 'user.manage', entityType: 'user' },
    async (trx, audit) => {
      if (input.officeId) {
        const office = await trx
          .selectFrom('offices')
          .select('id')
          .where('id', '=', input.officeId)
          .executeTakeFirst();
        if (!office)
          throw invalid('The account could not be created.', [
            { field: 'officeId', message: 'No such office.' },
          ]);
      }
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken) throw conflict('username_taken', `The username ${input.username} is already in use.`);
      const id = randomUUID();
      const row = await trx
        .insertInto('users')
        .values({
          id,
          username: input.username,
          display_name: input.displayName.trim(),
          email: input.email ?? null,
          role: input.role,
          office_id: input.officeId ?? null,
          password_hash: passwordHash,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const user = toPublicUser(row);
      Object.assign(audit, {
        entityId: id,
        after: user,
        detail: { username: user.username, role: user.role },
      });
      return user;
    },
  );
}

async function findUser(db: DbOrTrx, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function setUserDisabled(call: Call, username: string, disabled: boolean): Promise<PublicUser> {
  return runAction(
    call,
    { action: disabled ? 'user.disable' : 'user.enable', permission: 'user.manage', entityType: 'user' },
    async (trx, audit, now) => {
      const u = await findUser(trx, username);
      if (!u) throw notFound(`The user ${username}`);
      const row = await trx
        .updateTable('users')
        .set({ disabled_at: disabled ? now : null })
        .where('id', '=', u.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (disabled) {
        await trx
          .updateTable('sessions')
          .set({ ended_at: now, end_reason: 'account disabled' })
          .where('user_id', '=', u.id)
          .where('ended_at', 'is', null)
          .execute();
      }
      Object.assign(audit, { entityId: u.id, before: toPublicUser(u), after: toPublicUser(row) });
      return toPublicUser(row);
    },
  );
}

/**
 * Clears the sign-in delays of an account (after the person has been identified by other means), and a
 * lock left from before delays replaced locks.
 */
export async function releaseLockout(call: Call, username: string): Promise<PublicUser> {
  return runAction(
    call,
    { action: 'user.release_lockout', permission: 'user.manage', entityType: 'user' },
    async (trx, audit) => {
      const u = await findUser(trx, username);
      if (!u) throw notFound(`The user ${username}`);
      const cleared = await trx
        .deleteFrom('sign_in_delays')
        .where('key', '=', accountKey(username))
        .executeTakeFirst();
      if (!u.locked_at && Number(cleared.numDeletedRows) === 0)
        throw conflict('not_locked', `The account ${username} has no sign-in delay to clear.`);
      const row = await trx
        .updateTable('users')
        .set({ locked_at: null, locked_reason: null })
        .where('id', '=', u.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      Object.assign(audit, { entityId: u.id, before: toPublicUser(u), after: toPublicUser(row) });
      return toPublicUser(row);
    },
  );
}

// ---------------------------------------------------------------------------
// Sign-in and sessions
// ---------------------------------------------------------------------------

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const LOGIN_FAILED = 'The username or passphrase is not correct.';
const MFA_FAILED = 'The code is not correct, or it has already been used. Enter the current code.';
const KEY_FAILED =
  'The security key’s answer was not accepted. Try the key again, or enter the code instead.';

export type SessionStage = 'active' | 'mfa' | 'enrol';

export interface SessionInfo {
  /** The opaque token for the cookie. Only its hash is stored. */
  token: string;
  csrfToken: string;
  user: PublicUser;
  /**
   * `active`: signed in. `mfa`: the passphrase was right; the session may only send the second factor.
   * `enrol`: the account's role requires a second factor it does not have; it may only enrol one.
   */
  stage: SessionStage;
  absoluteExpiresAt: Date;
  idleExpiresAt: Date;
}

/** A second factor sent with the passphrase or in the second step. */
export interface SecondFactor {
  code?: string | undefined;
  recoveryCode?: string | undefined;
  /** A security key's answer to the sign-in options of this session (services/webauthn.ts). */
  securityKey?: AuthenticationResponseJSON | undefined;
}

const accountKey = (username: string) => `account:${username.toLowerCase()}`;
const sourceKey = (ip: string) => `source:${ip}`;

function delayKeys(username: string, sourceIp: string | null): Array<{ key: string; rule: DelayRule }> {
  const keys = [{ key: accountKey(username), rule: ACCOUNT_DELAY }];
  if (sourceIp) keys.push({ key: sourceKey(sourceIp), rule: SOURCE_DELAY });
  return keys;
}

/**
 * Refuses an attempt made before the wait after earlier failures has passed: 429 with the seconds to
 * wait, the same for existing and unknown usernames. The audit entry says which wait applied.
 */
async function checkDelays(call: Call, username: string, now: Date): Promise<void> {
  const keys = delayKeys(username, call.meta.sourceIp);
  const rows = await call.app.db
    .selectFrom('sign_in_delays')
    .selectAll()
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .execute();
  const waiting = rows
    .map((r) => ({ ...r, waitMs: new Date(r.next_allowed_at).getTime() - now.getTime() }))
    .filter((r) => r.waitMs > 0)
    .sort((a, b) => b.waitMs - a.waitMs)[0];
  if (!waiting) return;
  const seconds = Math.ceil(waiting.waitMs / 1000);
  await auditEvent(call, 'session.login', 'denied', {
    entityType: 'user',
    detail: {
      reason: waiting.key.startsWith('account:') ? 'account delayed' : 'source delayed',
      failures: waiting.failures,
      retryAfterSeconds: seconds,
    },
  });
  throw new ServiceError(
    429,
    'sign_in_delayed',
    `Too many failed sign-ins. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
    { retryAfterSeconds: seconds },
  );
}

/** Counts a failure against the account and the source, and sets the wait before the next attempt. */
export async function recordFailure(call: Call, username: string, now: Date): Promise<void> {
  for (const { key, rule } of delayKeys(username, call.meta.sourceIp)) {
    const forgetBefore = new Date(now.getTime() - rule.forgetAfterMs);
    const row = await call.app.db
      .insertInto('sign_in_delays')
      .values({ key, failures: 1, last_failure_at: now, next_allowed_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb
            .case()
            .when('sign_in_delays.last_failure_at', '<', forgetBefore)
            .then(1)
            .else(eb('sign_in_delays.failures', '+', 1))
            .end(),
          last_failure_at: now,
        })),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const wait = delayAfterFailures(Number(row.failures), rule);
    await call.app.db
      .updateTable('sign_in_delays')
      .set({ next_allowed_at: new Date(now.getTime() + wait) })
      .where('key', '=', key)
      .execute();
  }
}

async function clearAccountDelay(db: DbOrTrx, username: string): Promise<void> {
  await db.deleteFrom('sign_in_delays').where('key', '=', accountKey(username)).execute();
}

function actorOf(user: UserRow | undefined, username: string): Actor {
  return {
    kind: 'user',
    userId: user?.id ?? null,
    username,
    role: (user?.role as Role | undefined) ?? null,
    officeId: user?.office_id ?? null,
  };
}

/** Creates a session row in the given stage, in the action's transaction. */
async function insertSession(
  trx: DbOrTrx,
  call: Call,
  user: UserRow,
  stage: SessionStage,
  now: Date,
  userAgent: string | null,
): Promise<Omit<SessionInfo, 'user'> & { id: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const absoluteExpiresAt = new Date(
    now.getTime() + (stage === 'active' ? SESSION_ABSOLUTE_MS : SESSION_PENDING_MS),
  );
  const id = sha256(token);
  await trx
    .insertInto('sessions')
    .values({
      id,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      absolute_expires_at: absoluteExpiresAt,
      source_ip: call.meta.sourceIp,
      user_agent: userAgent?.slice(0, 300) ?? null,
      stage,
    })
    .execute();
  return {
    id,
    token,
    csrfToken,
    stage,
    absoluteExpiresAt,
    idleExpiresAt: new Date(Math.min(now.getTime() + SESSION_IDLE_MS, absoluteExpiresAt.getTime())),
  };
}

/**
 * Signs in with a passphrase, and the second factor when one is given. Every attempt is audited with
 * its real reason; the answer is the same 401 for an unknown username, a disabled account and a wrong
 * passphrase. Failures make the next attempt wait (per account and per source address, growing
 * exponentially); an attempt before the wait has passed gets 429.
 *
 * With the right passphrase: an enrolled account that sent a valid code (or recovery code) is signed in;
 * one that sent none gets a session in stage `mfa` that may only send it; an account whose role requires
 * a second factor and has none gets a session in stage `enrol`; anyone else is signed in.
 */
export async function signIn(
  call: Call,
  rawUsername: string,
  rawPassphrase: string,
  rawUserAgent: string | null,
  second: SecondFactor = {},
): Promise<SessionInfo> {
  const { app } = call;
  // The text rule (the HTTP edge applies it too): a NUL or an unpaired surrogate never reaches a query.
  const { username, passphrase } = cleanInput({ username: rawUsername, passphrase: rawPassphrase });
  const userAgent = rawUserAgent === null ? null : storableText(rawUserAgent);
  const now = app.clock();
  const anonymousAttempt: Call = { ...call, actor: actorOf(undefined, username) };
  await checkDelays(anonymousAttempt, username, now);

  const user = await findUser(app.db, username);
  const attemptCall: Call = { ...call, actor: actorOf(user, username) };
  const recordAttempt = async (success: boolean) => {
    await app.db
      .insertInto('login_attempts')
      .values({ username, user_id: user?.id ?? null, at: now, success, source_ip: call.meta.sourceIp })
      .execute();
  };
  // Always spend one Argon2 verification, so timing does not reveal whether the account exists.
  const ok = await argonVerify(user?.password_hash ?? DUMMY_HASH, passphrase).catch(() => false);
  const reason = !user
    ? 'unknown user'
    : !ok
      ? 'wrong passphrase'
      : user.disabled_at
        ? 'account disabled'
        : null;
  if (!user || reason) {
    await recordAttempt(false);
    await recordFailure(call, username, now);
    await auditEvent(attemptCall, 'session.login', 'failed', {
      entityType: 'user',
      entityId: user?.id ?? null,
      detail: { reason },
    });
    throw new ServiceError(401, 'login_failed', LOGIN_FAILED);
  }

  const enrolled = user.totp_secret != null;
  const policy = await currentPolicy(app.db);
  const hasFactor = Boolean(second.code || second.recoveryCode);
  const stage: SessionStage = enrolled
    ? hasFactor
      ? 'active'
      : 'mfa'
    : mfaRequired(policy, user.role as Role)
      ? 'enrol'
      : 'active';

  if (enrolled && hasFactor) {
    const factor = await verifySecondFactor(attemptCall, user.id, second, now);
    if (!factor.ok) {
      await recordAttempt(false);
      await recordFailure(call, username, now);
      await auditEvent(attemptCall, 'session.login', 'failed', {
        entityType: 'user',
        entityId: user.id,
        detail: { reason: factor.reason, factor: factor.kind },
      });
      throw new ServiceError(401, 'mfa_failed', MFA_FAILED);
    }
  }
  await recordAttempt(true);
  if (stage === 'active') await clearAccountDelay(app.db, username);
  const session = await runAction(
    attemptCall,
    { action: 'session.login', entityType: 'session' },
    async (trx, audit) => {
      const s = await insertSession(trx, call, user, stage, now, userAgent);
      Object.assign(audit, {
        entityId: s.id.slice(0, 16),
        detail: {
          userAgent: userAgent?.slice(0, 120) ?? null,
          stage,
          secondFactor: enrolled && hasFactor ? (second.code ? 'totp' : 'recovery code') : null,
        },
      });
      return s;
    },
  );
  return { ...session, user: toPublicUser(user) };
}

/**
 * The second step: a session in stage `mfa` sends a code or a recovery code. A valid one ends the
 * pending session and opens a new active one (a new token, so a token seen before the second factor is
 * worth nothing). A wrong one counts towards the delays; after PENDING_MFA_FAILURES the session ends.
 */
export async function completeSecondFactor(
  call: Call,
  sessionId: string,
  second: SecondFactor,
  userAgent: string | null,
): Promise<SessionInfo> {
  const { app } = call;
  const now = app.clock();
  const username = call.actor.username;
  await checkDelays(call, username, now);
  const user = await findUser(app.db, username);
  if (!user || user.disabled_at) throw new ServiceError(401, 'not_signed_in', 'Sign in first.');
  const factor: FactorResult = second.securityKey
    ? await verifySecurityKey(call, user.id, sessionId, second.securityKey, now).then((r) =>
        r.ok ? { ok: true as const, kind: 'security key' as const } : { ...r, kind: 'security key' as const },
      )
    : await verifySecondFactor(call, user.id, second, now);
  if (!factor.ok) {
    await recordFailure(call, username, now);
    const row = await app.db
      .updateTable('sessions')
      .set((eb) => ({ mfa_failures: eb('mfa_failures', '+', 1) }))
      .where('id', '=', sessionId)
      .returning('mfa_failures')
      .executeTakeFirst();
    const ended = Number(row?.mfa_failures ?? 0) >= PENDING_MFA_FAILURES;
    if (ended)
      await app.db
        .updateTable('sessions')
        .set({ ended_at: now, end_reason: 'too many wrong codes' })
        .where('id', '=', sessionId)
        .execute();
    await auditEvent(call, 'session.mfa', 'failed', {
      entityType: 'user',
      entityId: user.id,
      detail: { reason: factor.reason, factor: factor.kind, sessionEnded: ended },
    });
    throw new ServiceError(
      401,
      'mfa_failed',
      `${factor.kind === 'security key' ? KEY_FAILED : MFA_FAILED}${ended ? ' Too many wrong codes: sign in again.' : ''}`,
    );
  }
  await clearAccountDelay(app.db, username);
  const session = await runAction(
    call,
    { action: 'session.mfa', entityType: 'session' },
    async (trx, audit) => {
      await trx
        .updateTable('sessions')
        .set({ ended_at: now, end_reason: 'second factor given' })
        .where('id', '=', sessionId)
        .execute();
      const s = await insertSession(trx, call, user, 'active', now, userAgent);
      Object.assign(audit, {
        entityId: s.id.slice(0, 16),
        detail: { secondFactor: factor.kind, recoveryCodesLeft: factor.recoveryCodesLeft ?? null },
      });
      return s;
    },
  );
  return { ...session, user: toPublicUser(user) };
}

/**
 * Asks a signed-in person to prove again who they are (the passphrase and a current authenticator code)
 * before a change to their own factors, such as removing a security key. A failure counts towards the
 * sign-in delays, is audited, and answers 422 naming the field (the session stays open).
 */
export async function reauthenticate(
  call: Call,
  input: { passphrase: string; code: string },
  purpose: string,
): Promise<void> {
  const { app } = call;
  const now = app.clock();
  const username = call.actor.username;
  await checkDelays(call, username, now);
  const user = await findUser(app.db, username);
  if (!user || user.disabled_at || user.id !== call.actor.userId)
    throw new ServiceError(401, 'not_signed_in', 'Sign in first.');
  const passphraseOk = await argonVerify(user.password_hash, input.passphrase).catch(() => false);
  const factor = passphraseOk
    ? await verifySecondFactor(call, user.id, { code: input.code }, now)
    : ({ ok: false, kind: 'totp', reason: 'wrong passphrase' } as const);
  if (!factor.ok) {
    await recordFailure(call, username, now);
    await auditEvent(call, 'session.reauthenticate', 'failed', {
      entityType: 'user',
      entityId: user.id,
      detail: { purpose, reason: factor.reason },
    });
    throw invalid('Your identity could not be confirmed.', [
      passphraseOk
        ? {
            field: 'code',
            message: 'This is not the current code of your authenticator app. Enter the code it shows now.',
          }
        : { field: 'passphrase', message: 'The passphrase is not correct.' },
    ]);
  }
  await auditEvent(call, 'session.reauthenticate', 'ok', {
    entityType: 'user',
    entityId: user.id,
    detail: { purpose },
  });
}

/** Opens an active session for an account signed in by the identity provider (services/sso.ts). */
export async function openExternalSession(
  trx: DbOrTrx,
  call: Call,
  user: UserRow,
  userAgent: string | null,
): Promise<SessionInfo & { id: string }> {
  const s = await insertSession(trx, call, user, 'active', call.app.clock(), userAgent);
  return { ...s, user: toPublicUser(user) };
}

/** Replaces a session in stage `enrol` with an active one once the second factor is confirmed. */
export async function activateAfterEnrolment(
  trx: DbOrTrx,
  call: Call,
  sessionId: string,
  userId: string,
  userAgent: string | null,
): Promise<SessionInfo> {
  const now = call.app.clock();
  const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  await trx
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: 'second factor enrolled' })
    .where('id', '=', sessionId)
    .execute();
  const s = await insertSession(trx, call, user, 'active', now, userAgent);
  await clearAccountDelay(trx, user.username);
  return { ...s, user: toPublicUser(user) };
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xw6E0Yk1yk3Jk9q2c2l0b2l2b2l2b2l2b2l2b2l2b2k';

/** How often a session's last-seen time is written at most. */
export const LAST_SEEN_EVERY_MS = 60_000;

export interface ResolvedSession {
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
  actor: Actor;
  user: PublicUser;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

/**
 * Looks a session up by its cookie token, enforcing the idle and absolute limits and the account
 * state. Touches `last_seen_at` so the idle limit slides with activity — unless the request is
 * `passive`: a page polling for progress on its own (an import, a re-screening run) is not the person
 * doing anything, so it must not keep an unattended session open.
 */
export async function resolveSession(
  call: Pick<Call, 'app'>,
  token: string,
  opts: { passive?: boolean } = {},
): Promise<ResolvedSession | null> {
  const { app } = call;
  const now = app.clock();
  const id = sessionIdOf(token);
  // Read on every request: a prepared statement (store/db.ts#PREPARE), not planned each time.
  const row = (
    await sql<SessionRow>`${sql.raw(PREPARE)}
      ${sessionSelect(id)}`.execute(app.db)
  ).rows[0];
  return sessionOfRow(app, id, row, now, opts);
}

/** The id a session is stored under: the digest of its cookie token (the token itself is never stored). */
export const sessionIdOf = (token: string): string => sha256(token);

/** A session's row as `sessionSelect` reads it: the account's row and the session's own columns. */
export type SessionRow = UserRow & {
  session_id: string;
  csrf_token: string;
  last_seen_at: Date | string;
  absolute_expires_at: Date | string;
  ended_at: Date | string | null;
  stage: string;
};

/** The statement that reads a session and its account by id (also a `with` item of a case read). */
export function sessionSelect(id: string) {
  return sql`select u.*, s.id as session_id, s.csrf_token, s.last_seen_at, s.absolute_expires_at, s.ended_at, s.stage
      from sessions s join users u on u.id = s.user_id where s.id = ${id}`;
}

/**
 * A session from its row (undefined: no such session), enforcing the idle and absolute limits and the
 * account state at `now`: a session past a limit, or whose account is disabled or locked, is ended here
 * and answered null. Touches `last_seen_at` as `resolveSession` says.
 */
export async function sessionOfRow(
  app: AppContext,
  id: string,
  row: SessionRow | undefined,
  now: Date,
  opts: { passive?: boolean } = {},
): Promise<ResolvedSession | null> {
  if (!row || row.ended_at) return null;
  const idleEnd = new Date(row.last_seen_at).getTime() + SESSION_IDLE_MS;
  const absoluteEnd = new Date(row.absolute_expires_at).getTime();
  const reason =
    now.getTime() >= absoluteEnd
      ? 'absolute timeout'
      : now.getTime() >= idleEnd
        ? 'idle timeout'
        : row.disabled_at
          ? 'account disabled'
          : row.locked_at
            ? 'account locked'
            : null;
  if (reason) {
    await app.db
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('id', '=', id)
      .execute();
    return null;
  }
  // The idle limit slides with activity, but the row is written at most once a minute: a read does not
  // turn into a write on every request (docs/reads-at-scale.md).
  let seenAt = new Date(row.last_seen_at).getTime();
  if (!opts.passive && now.getTime() - seenAt >= LAST_SEEN_EVERY_MS) {
    await app.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    seenAt = now.getTime();
  }
  const user = toPublicUser(row);
  return {
    sessionId: id,
    stage: row.stage as SessionStage,
    csrfToken: row.csrf_token,
    user,
    actor: {
      kind: 'user',
      userId: user.id,
      username: user.username,
      role: user.role,
      officeId: user.officeId,
    },
    idleExpiresAt: new Date(Math.min(seenAt + SESSION_IDLE_MS, absoluteEnd)),
    absoluteExpiresAt: new Date(absoluteEnd),
  };
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function signOut(call: Call, sessionId: string): Promise<void> {
  await runAction(call, { action: 'session.logout', entityType: 'session' }, async (trx, audit, now) => {
    await trx
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: 'signed out' })
      .where('id', '=', sessionId)
      .where('ended_at', 'is', null)
      .execute();
    Object.assign(audit, { entityId: sessionId.slice(0, 16) });
  });
}
