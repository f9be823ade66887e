/**
 * The second factor: TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every authenticator app
 * supports) with otplib, and single-use recovery codes.
 *
 * - A code is accepted once: the last accepted time step is stored and a code of that step or an
 *   earlier one is refused (otplib's `afterTimeStep`), checked and written under a row lock on the user.
 *   Only demo accounts, whose secrets are published, may reuse a code within its step.
 * - The secret is shown during enrolment only; no route returns it once the first code has confirmed it.
 * - Recovery codes (10, 50 random bits each) are shown once and stored as SHA-256 hashes; each works once.
 * - Audit entries name the step and the factor kind, never a code or a secret.
 * - Secrets are sealed at rest (AES-256-GCM under the document master key, services/secrets.ts). A master
 *   key that does not open them is answered with 503 `secret_key_error`, never as a wrong code.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import type { DbOrTrx } from '../store/db.ts';
import type { SecondFactor } from './accounts.ts';
import { type Call, runAction } from './context.ts';
import { conflict, invalid, ServiceError } from './errors.ts';
import { openSecret, requireSecretKeys, SecretKeyError, type SecretPurpose, sealSecret } from './secrets.ts';

/** Opens a stored secret; a key problem becomes a 503 that says so (and is logged). */
function openStored(call: Call, purpose: SecretPurpose, userId: string, stored: string): string {
  try {
    return openSecret(requireSecretKeys(call.app), purpose, userId, stored);
  } catch (err) {
    if (!(err instanceof SecretKeyError)) throw err;
    call.app.log?.error({ userId, err: err.message }, 'second-factor secret key error');
    throw new ServiceError(
      503,
      'secret_key_error',
      `The authenticator code cannot be checked: the server's master key does not open the stored secrets. ${err.message}`,
    );
  }
}

function sealFor(call: Call, purpose: SecretPurpose, userId: string, secret: string): string {
  try {
    return sealSecret(requireSecretKeys(call.app), purpose, userId, secret);
  } catch (err) {
    if (!(err instanceof SecretKeyError)) throw err;
    throw new ServiceError(503, 'secret_key_error', err.message);
  }
}

export const TOTP_ISSUER = 'Redline';
export const TOTP_PERIOD = 30;
/** One step either side of now is accepted, for clocks that drift and codes typed as they change. */
const TOLERANCE_SECONDS = TOTP_PERIOD;
export const RECOVERY_CODE_COUNT = 10;

const CODE = /^\d{6}$/;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), period: TOTP_PERIOD });
}

/** The time step a code is accepted for, or null. `after`: refuse that step and earlier ones. */
function totpStep(secret: string, code: string, at: Date, after: number | null): number | null {
  if (!CODE.test(code)) return null;
  try {
    const r = verifySync({
      secret,
      token: code,
      epoch: Math.floor(at.getTime() / 1000),
      period: TOTP_PERIOD,
      epochTolerance: TOLERANCE_SECONDS,
      ...(after === null ? {} : { afterTimeStep: after }),
    });
    return r.valid ? (r as { timeStep: number }).timeStep : null;
  } catch {
    return null;
  }
}

const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const hashRecovery = (code: string) =>
  createHash('sha256')
    .update(`redline-recovery:${normaliseRecovery(code)}`)
    .digest('hex');

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

async function replaceRecoveryCodes(trx: DbOrTrx, userId: string, now: Date): Promise<string[]> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await trx
    .insertInto('recovery_codes')
    .values(
      codes.map((c) => ({ id: randomUUID(), user_id: userId, code_hash: hashRecovery(c), created_at: now })),
    )
    .execute();
  return codes;
}

export type FactorResult =
  | { ok: true; kind: 'totp' | 'recovery code' | 'security key'; recoveryCodesLeft?: number }
  | { ok: false; kind: 'totp' | 'recovery code' | 'security key'; reason: string };

/**
 * Checks a code or a recovery code for an enrolled account and, when it is good, uses it up (the time
 * step is stored; the recovery code is marked used), in one transaction under a lock on the user row.
 */
export async function verifySecondFactor(
  call: Call,
  userId: string,
  second: SecondFactor,
  now: Date,
): Promise<FactorResult> {
  return call.app.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['totp_secret', 'totp_last_step', 'totp_reuse_allowed'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!user.totp_secret) return { ok: false, kind: 'totp', reason: 'no second factor enrolled' };
    if (second.recoveryCode) {
      const row = await trx
        .selectFrom('recovery_codes')
        .select('id')
        .where('user_id', '=', userId)
        .where('code_hash', '=', hashRecovery(second.recoveryCode))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (!row) return { ok: false, kind: 'recovery code', reason: 'unknown or used recovery code' };
      await trx.updateTable('recovery_codes').set({ used_at: now }).where('id', '=', row.id).execute();
      const left = await trx
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { ok: true, kind: 'recovery code', recoveryCodesLeft: Number(left.n) };
    }
    const code = second.code ?? '';
    const last = user.totp_reuse_allowed ? null : (user.totp_last_step ?? null);
    const secret = openStored(call, 'totp', userId, user.totp_secret);
    const step = totpStep(secret, code, now, last);
    if (step === null) {
      const reused = last !== null && totpStep(secret, code, now, null) !== null;
      return { ok: false, kind: 'totp', reason: reused ? 'code already used' : 'wrong code' };
    }
    await trx.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).execute();
    return { ok: true, kind: 'totp' };
  });
}

export interface Enrolment {
  /** Base32 secret for typing into an authenticator app. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code (PNG data URL). */
  qrDataUrl: string;
}

/** Starts (or restarts) enrolment: a new secret, kept pending until a first code confirms it. */
export async function startEnrolment(call: Call): Promise<Enrolment> {
  const userId = call.actor.userId;
  if (!userId) throw new ServiceError(401, 'not_signed_in', 'Sign in first.');
  const secret = generateSecret();
  const otpauthUri = generateURI({
    issuer: TOTP_ISSUER,
    label: call.actor.username,
    secret,
    period: TOTP_PERIOD,
  });
  await runAction(call, { action: 'mfa.enrolment_start', entityType: 'user' }, async (trx, audit) => {
    const user = await trx
      .selectFrom('users')
      .select('totp_secret')
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (user.totp_secret)
      throw conflict(
        'mfa_already_enrolled',
        'This account already has an authenticator app. An administrator can reset it if the device is lost.',
      );
    await trx
      .updateTable('users')
      .set({ totp_pending_secret: sealFor(call, 'totp-pending', userId, secret) })
      .where('id', '=', userId)
      .execute();
    Object.assign(audit, { entityId: userId, detail: { factor: 'totp' } });
  });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 2, width: 240 }) };
}

/**
 * Confirms enrolment with the first code from the app; returns the recovery codes (shown once). `then`
 * runs in the same transaction (the route uses it to turn an enrolment-stage session into an active one).
 */
export async function confirmEnrolment<T>(
  call: Call,
  code: string,
  then: (trx: DbOrTrx) => Promise<T>,
): Promise<{ recoveryCodes: string[]; after: T }> {
  const userId = call.actor.userId;
  if (!userId) throw new ServiceError(401, 'not_signed_in', 'Sign in first.');
  return runAction(call, { action: 'mfa.enrol', entityType: 'user' }, async (trx, audit, now) => {
    const user = await trx
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending_secret'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (user.totp_secret)
      throw conflict('mfa_already_enrolled', 'This account already has an authenticator app.');
    if (!user.totp_pending_secret)
      throw conflict('mfa_not_started', 'Start the enrolment first: the page shows a QR code to scan.');
    const pending = openStored(call, 'totp-pending', userId, user.totp_pending_secret);
    const step = totpStep(pending, code, now, null);
    if (step === null)
      throw invalid('The code could not be confirmed.', [
        {
          field: 'code',
          message:
            'This is not the current code of the app you set up. Enter the 6 digits it shows now; check that the phone’s clock is right.',
        },
      ]);
    await trx
      .updateTable('users')
      .set({
        totp_secret: sealFor(call, 'totp', userId, pending),
        totp_pending_secret: null,
        totp_enrolled_at: now,
        totp_last_step: step,
      })
      .where('id', '=', userId)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, userId, now);
    Object.assign(audit, {
      entityId: userId,
      detail: { factor: 'totp', recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes, after: await then(trx) };
  });
}

/** New recovery codes (the old ones stop working), after a current code proves the app is at hand. */
export async function regenerateRecoveryCodes(call: Call, code: string): Promise<string[]> {
  const userId = call.actor.userId;
  if (!userId) throw new ServiceError(401, 'not_signed_in', 'Sign in first.');
  const now = call.app.clock();
  const factor = await verifySecondFactor(call, userId, { code }, now);
  if (!factor.ok)
    throw invalid('New recovery codes were not made.', [
      {
        field: 'code',
        message:
          factor.reason === 'no second factor enrolled'
            ? 'This account has no authenticator app yet: set one up first.'
            : 'This is not the current code of your authenticator app, or it was already used. Enter the code it shows now.',
      },
    ]);
  return runAction(call, { action: 'mfa.recovery_codes', entityType: 'user' }, async (trx, audit) => {
    const codes = await replaceRecoveryCodes(trx, userId, now);
    Object.assign(audit, { entityId: userId, detail: { recoveryCodes: codes.length } });
    return codes;
  });
}

/** How many unused recovery codes the account has (for the account page). */
export async function recoveryCodesLeft(db: DbOrTrx, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An administrator removes a lost authenticator: the person enrols again at the next sign-in. */
export async function resetMfa(call: Call, username: string): Promise<void> {
  await runAction(
    call,
    { action: 'mfa.reset', permission: 'user.manage', entityType: 'user' },
    async (trx, audit, now) => {
      const u = await trx
        .selectFrom('users')
        .select(['id', 'totp_secret'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (!u) throw new ServiceError(404, 'not_found', `The user ${username} was not found.`);
      if (!u.totp_secret)
        throw conflict('mfa_not_enrolled', `The account ${username} has no authenticator app.`);
      await trx
        .updateTable('users')
        .set({ totp_secret: null, totp_pending_secret: null, totp_enrolled_at: null, totp_last_step: null })
        .where('id', '=', u.id)
        .execute();
      await trx.deleteFrom('recovery_codes').where('user_id', '=', u.id).execute();
      // The security keys go too: they are added to the app, never a factor on their own.
      const keys = await trx
        .deleteFrom('webauthn_credentials')
        .where('user_id', '=', u.id)
        .executeTakeFirst();
      await trx
        .updateTable('sessions')
        .set({ ended_at: now, end_reason: 'second factor reset' })
        .where('user_id', '=', u.id)
        .where('ended_at', 'is', null)
        .execute();
      Object.assign(audit, {
        entityId: u.id,
        detail: { username, securityKeysRemoved: Number(keys.numDeletedRows) },
      });
    },
  );
}

/** Demo and tests only: enrols an account with a known secret (a code may be reused within its step). */
export async function enrolWithKnownSecret(
  call: Call,
  userId: string,
  secret: string,
  now: Date,
): Promise<void> {
  await call.app.db
    .updateTable('users')
    .set({
      totp_secret: sealFor(call, 'totp', userId, secret),
      totp_enrolled_at: now,
      totp_reuse_allowed: true,
    })
    .where('id', '=', userId)
    .execute();
}
