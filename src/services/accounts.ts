/**
 * Local accounts and sessions: Argon2id password hashes, passphrase rules, lockout after repeated
 * failures, server-side sessions with idle and absolute limits, and a CSRF token per session.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { storableText } from '../domain/text-rules.ts';
import { ROLES, type Role } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { UserRow } from '../store/schema.ts';
import { type Actor, auditEvent, authorize, type Call, runAction } from './context.ts';
import { conflict, invalid, notFound, ServiceError } from './errors.ts';
import { cleanInput } from './inputs.ts';

export const PASSPHRASE_MIN = 8;
export const PASSPHRASE_MAX = 128;
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;

const COMMON_PASSWORDS = new Set(
  ((dictionary as Record<string, unknown>)['passwords-common'] as string[]).map((p) => p.toLowerCase()),
);

/** Passphrase rules (NIST SP 800-63B style): length, not a known common password, not the username. */
export function passphraseProblems(passphrase: string, username: string): string[] {
  const problems: string[] = [];
  const length = [...passphrase].length;
  if (length < PASSPHRASE_MIN) problems.push(`Use at least ${PASSPHRASE_MIN} characters.`);
  if (length > PASSPHRASE_MAX) problems.push(`Use at most ${PASSPHRASE_MAX} characters.`);
  if (COMMON_PASSWORDS.has(passphrase.toLowerCase()))
    problems.push('This passphrase is on a list of commonly used passwords. Choose another.');
  if (passphrase.toLowerCase() === username.toLowerCase())
    problems.push('Your passphrase may not be your username.');
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
  for (const p of passphraseProblems(input.passphrase, input.username))
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

export async function releaseLockout(call: Call, username: string): Promise<PublicUser> {
  return runAction(
    call,
    { action: 'user.release_lockout', permission: 'user.manage', entityType: 'user' },
    async (trx, audit) => {
      const u = await findUser(trx, username);
      if (!u) throw notFound(`The user ${username}`);
      if (!u.locked_at) throw conflict('not_locked', `The account ${username} is not locked.`);
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

export interface SessionInfo {
  /** The opaque token for the cookie. Only its hash is stored. */
  token: string;
  csrfToken: string;
  user: PublicUser;
  absoluteExpiresAt: Date;
  idleExpiresAt: Date;
}

/**
 * Signs in. Every attempt is audited, success or failure. After LOCKOUT_FAILURES failures within
 * LOCKOUT_WINDOW_MS the account locks until an administrator releases it. The messages do not tell
 * an attacker whether the username exists.
 */
export async function signIn(
  call: Call,
  rawUsername: string,
  rawPassphrase: string,
  rawUserAgent: string | null,
): Promise<SessionInfo> {
  const { app, meta } = call;
  // The text rule (the HTTP edge applies it too): a NUL or an unpaired surrogate never reaches a query.
  const { username, passphrase } = cleanInput({ username: rawUsername, passphrase: rawPassphrase });
  const userAgent = rawUserAgent === null ? null : storableText(rawUserAgent);
  const user = await findUser(app.db, username);
  const now = app.clock();
  const attemptActor: Actor = {
    kind: 'user',
    userId: user?.id ?? null,
    username,
    role: (user?.role as Role | undefined) ?? null,
    officeId: user?.office_id ?? null,
  };
  const attemptCall: Call = { ...call, actor: attemptActor };
  const recordAttempt = async (success: boolean) => {
    await app.db
      .insertInto('login_attempts')
      .values({ username, user_id: user?.id ?? null, at: now, success, source_ip: meta.sourceIp })
      .execute();
  };

  if (!user) {
    // Spend comparable time so timing does not reveal whether the account exists.
    await argonVerify(DUMMY_HASH, passphrase).catch(() => false);
    await recordAttempt(false);
    await auditEvent(attemptCall, 'session.login', 'failed', {
      entityType: 'user',
      detail: { reason: 'unknown user' },
    });
    throw new ServiceError(401, 'login_failed', LOGIN_FAILED);
  }
  if (user.disabled_at) {
    await recordAttempt(false);
    await auditEvent(attemptCall, 'session.login', 'denied', {
      entityType: 'user',
      entityId: user.id,
      detail: { reason: 'account disabled' },
    });
    throw new ServiceError(403, 'account_disabled', 'This account is disabled. Contact your administrator.');
  }
  if (user.locked_at) {
    await recordAttempt(false);
    await auditEvent(attemptCall, 'session.login', 'denied', {
      entityType: 'user',
      entityId: user.id,
      detail: { reason: 'account locked' },
    });
    throw new ServiceError(
      423,
      'account_locked',
      'This account is locked after repeated failed sign-ins. An administrator must release it.',
    );
  }
  const ok = await argonVerify(user.password_hash, passphrase).catch(() => false);
  await recordAttempt(ok);
  if (!ok) {
    const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
    const failures = await app.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .where('success', '=', false)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    const lock = Number(failures.n) >= LOCKOUT_FAILURES;
    if (lock) {
      await runAction(attemptCall, { action: 'user.lockout', entityType: 'user' }, async (trx, audit) => {
        await trx
          .updateTable('users')
          .set({ locked_at: now, locked_reason: `${LOCKOUT_FAILURES} failed sign-ins within 15 minutes` })
          .where('id', '=', user.id)
          .execute();
        Object.assign(audit, { entityId: user.id, detail: { failures: Number(failures.n) } });
      });
    }
    await auditEvent(attemptCall, 'session.login', 'failed', {
      entityType: 'user',
      entityId: user.id,
      detail: { reason: 'wrong passphrase', locked: lock },
    });
    throw new ServiceError(
      lock ? 423 : 401,
      lock ? 'account_locked' : 'login_failed',
      lock
        ? 'Too many failed sign-ins. This account is now locked; an administrator must release it.'
        : LOGIN_FAILED,
    );
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const absoluteExpiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await runAction(attemptCall, { action: 'session.login', entityType: 'session' }, async (trx, audit) => {
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
        source_ip: meta.sourceIp,
        user_agent: userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    Object.assign(audit, {
      entityId: id.slice(0, 16),
      detail: { userAgent: userAgent?.slice(0, 120) ?? null },
    });
  });
  return {
    token,
    csrfToken,
    user: toPublicUser(user),
    absoluteExpiresAt,
    idleExpiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
  };
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xw6E0Yk1yk3Jk9q2c2l0b2l2b2l2b2l2b2l2b2l2b2k';

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  user: PublicUser;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

/**
 * Looks a session up by its cookie token, enforcing the idle and absolute limits and the account
 * state. Touches `last_seen_at` so the idle limit slides with activity.
 */
export async function resolveSession(
  call: Pick<Call, 'app'>,
  token: string,
): Promise<ResolvedSession | null> {
  const { app } = call;
  const now = app.clock();
  const id = sha256(token);
  const row = await app.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.absolute_expires_at',
      'sessions.ended_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
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
  await app.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  const user = toPublicUser(row);
  return {
    sessionId: id,
    csrfToken: row.csrf_token,
    user,
    actor: {
      kind: 'user',
      userId: user.id,
      username: user.username,
      role: user.role,
      officeId: user.officeId,
    },
    idleExpiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
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
