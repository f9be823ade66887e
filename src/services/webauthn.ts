/**
 * Security keys and passkeys (WebAuthn) as a second factor, with @simplewebauthn/server.
 *
 * - Registration: a signed-in person whose account already has its authenticator app asks for options,
 *   the browser creates a credential, the person names it; the attestation is verified against the
 *   challenge kept for that session, the configured origin and relying-party id.
 * - Sign-in: a session in stage `mfa` (the passphrase was right) asks for options listing the account's
 *   keys; a valid assertion is the second factor instead of the authenticator code.
 * - Challenges are kept server-side, one per session and ceremony, expire after CHALLENGE_TTL_MS and are
 *   deleted when used (whatever the outcome), so an assertion cannot be replayed against a new challenge.
 * - The signature counter is stored; an assertion whose counter does not increase (for keys that keep
 *   one) is refused as a cloned or replayed key (the library's check), and audited.
 * - Removal needs the passphrase and a current authenticator code again; it is audited.
 */
import { randomUUID } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { DbOrTrx } from '../store/db.ts';
import { type Call, runAction } from './context.ts';
import { conflict, invalid, notFound, ServiceError } from './errors.ts';

export interface WebauthnSettings {
  /** The origin the browser reports, e.g. https://redline.example.gov. */
  origin: string;
  /** The relying-party id (the origin's host name or a parent domain of it). */
  rpId: string;
  rpName: string;
}

export const CHALLENGE_TTL_MS = 5 * 60_000;
export const KEY_NAME_MAX = 60;
const CEREMONY_TIMEOUT_MS = 120_000;

export type { AuthenticationResponseJSON, RegistrationResponseJSON };

export interface SecurityKeyView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** `multiDevice`: a passkey synchronised between devices; `singleDevice`: a hardware key. */
  deviceType: string;
}

function settings(call: Call): WebauthnSettings {
  const s = call.app.webauthn;
  if (!s)
    throw new ServiceError(
      404,
      'security_keys_unavailable',
      'Security keys are not set up on this server (REDLINE_WEBAUTHN_ORIGIN).',
    );
  return s;
}

function signedIn(call: Call): string {
  if (!call.actor.userId) throw new ServiceError(401, 'not_signed_in', 'Sign in first.');
  return call.actor.userId;
}

/** Keeps the challenge of a ceremony for this session (replacing any earlier one), in the caller's transaction. */
async function keepChallenge(
  trx: DbOrTrx,
  sessionId: string,
  purpose: 'register' | 'sign-in',
  userId: string,
  challenge: string,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('webauthn_challenges')
    .values({
      session_id: sessionId,
      purpose,
      user_id: userId,
      challenge,
      created_at: now,
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS),
    })
    .onConflict((oc) =>
      oc.columns(['session_id', 'purpose']).doUpdateSet({
        user_id: userId,
        challenge,
        created_at: now,
        expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS),
      }),
    )
    .execute();
}

/** Takes (deletes) the challenge of a ceremony; null when there is none or it has expired. */
async function takeChallenge(
  trx: DbOrTrx,
  sessionId: string,
  purpose: 'register' | 'sign-in',
  userId: string,
  now: Date,
): Promise<string | null> {
  const row = await trx
    .deleteFrom('webauthn_challenges')
    .where('session_id', '=', sessionId)
    .where('purpose', '=', purpose)
    .where('user_id', '=', userId)
    .returning(['challenge', 'expires_at'])
    .executeTakeFirst();
  if (!row || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  return row.challenge;
}

const transportsOf = (raw: unknown): AuthenticatorTransport[] =>
  Array.isArray(raw) ? (raw as AuthenticatorTransport[]) : [];

export async function listSecurityKeys(db: DbOrTrx, userId: string): Promise<SecurityKeyView[]> {
  const rows = await db
    .selectFrom('webauthn_credentials')
    .select(['id', 'name', 'created_at', 'last_used_at', 'device_type'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
    deviceType: r.device_type,
  }));
}

/** Options for registering a new key (navigator.credentials.create), for a signed-in person. */
export async function registrationOptions(
  call: Call,
  sessionId: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = settings(call);
  const userId = signedIn(call);
  return runAction(
    call,
    { action: 'webauthn.registration_start', entityType: 'user' },
    async (trx, audit, now) => {
      const user = await trx
        .selectFrom('users')
        .select(['username', 'display_name', 'totp_secret'])
        .where('id', '=', userId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!user.totp_secret)
        throw conflict(
          'mfa_not_enrolled',
          'Set up your authenticator app first: a security key is added to it, not instead of it.',
        );
      const existing = await trx
        .selectFrom('webauthn_credentials')
        .select(['credential_id', 'transports'])
        .where('user_id', '=', userId)
        .execute();
      const options = await generateRegistrationOptions({
        rpName: rp.rpName,
        rpID: rp.rpId,
        userID: isoBase64URL.toBuffer(isoBase64URL.fromUTF8String(userId)),
        userName: user.username,
        userDisplayName: user.display_name,
        timeout: CEREMONY_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((c) => ({
          id: c.credential_id,
          transports: transportsOf(c.transports),
        })),
        authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
      });
      await keepChallenge(trx, sessionId, 'register', userId, options.challenge, now);
      Object.assign(audit, { entityId: userId, detail: { factor: 'security key' } });
      return options;
    },
  );
}

/** Verifies the browser's answer to the registration options and stores the key under its name. */
export async function registerSecurityKey(
  call: Call,
  sessionId: string,
  input: { name: string; response: RegistrationResponseJSON },
): Promise<SecurityKeyView> {
  const rp = settings(call);
  const userId = signedIn(call);
  const name = input.name.trim();
  if (name.length < 1 || name.length > KEY_NAME_MAX)
    throw invalid('The security key was not added.', [
      { field: 'name', message: `Give the key a name of 1 to ${KEY_NAME_MAX} characters, e.g. "Blue key".` },
    ]);
  const now = call.app.clock();
  // The challenge is used up even when what follows fails: a new attempt asks for new options.
  const challenge = await takeChallenge(call.app.db, sessionId, 'register', userId, now);
  if (!challenge)
    throw conflict(
      'webauthn_challenge_missing',
      'The request to add a key has expired or was already used. Start again.',
    );
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
    });
  } catch (err) {
    verified = { verified: false };
    call.app.log?.warn({ err: (err as Error).message }, 'security key registration refused');
  }
  if (!verified.verified)
    throw invalid('The security key was not added.', [
      {
        field: 'response',
        message: 'The key’s answer could not be verified for this site. Try again with the key.',
      },
    ]);
  const info = verified.registrationInfo;
  return runAction(call, { action: 'webauthn.register', entityType: 'security_key' }, async (trx, audit) => {
    const taken = await trx
      .selectFrom('webauthn_credentials')
      .select('id')
      .where('credential_id', '=', info.credential.id)
      .executeTakeFirst();
    if (taken) throw conflict('security_key_exists', 'This security key is already registered.');
    const id = randomUUID();
    await trx
      .insertInto('webauthn_credentials')
      .values({
        id,
        user_id: userId,
        credential_id: info.credential.id,
        public_key: isoBase64URL.fromBuffer(info.credential.publicKey),
        counter: info.credential.counter,
        transports: JSON.stringify(info.credential.transports ?? []),
        name,
        device_type: info.credentialDeviceType,
        backed_up: info.credentialBackedUp,
        created_at: now,
      })
      .execute();
    Object.assign(audit, {
      entityId: id,
      detail: { name, deviceType: info.credentialDeviceType, aaguid: info.aaguid },
    });
    return { id, name, createdAt: now, lastUsedAt: null, deviceType: info.credentialDeviceType };
  });
}

/**
 * Options for signing in with a key (navigator.credentials.get), for a session in stage `mfa`; 404 when
 * the account has no key.
 */
export async function signInOptions(
  call: Call,
  sessionId: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rp = settings(call);
  const userId = signedIn(call);
  const keys = await call.app.db
    .selectFrom('webauthn_credentials')
    .select(['credential_id', 'transports'])
    .where('user_id', '=', userId)
    .execute();
  if (keys.length === 0)
    throw new ServiceError(
      404,
      'no_security_key',
      'This account has no security key. Enter the code instead.',
    );
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'preferred',
    allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
  });
  // Part of the sign-in ceremony (like the sign-in attempts): written directly, audited with the outcome.
  await keepChallenge(call.app.db, sessionId, 'sign-in', userId, options.challenge, call.app.clock());
  return options;
}

export type KeyFactorResult = { ok: true; keyId: string } | { ok: false; reason: string };

/**
 * Checks a sign-in assertion for the session's challenge and uses it up: the challenge is deleted, the
 * counter and last use are written, under a lock on the key's row.
 */
export async function verifySecurityKey(
  call: Call,
  userId: string,
  sessionId: string,
  response: AuthenticationResponseJSON,
  now: Date,
): Promise<KeyFactorResult> {
  const rp = settings(call);
  return call.app.db.transaction().execute(async (trx) => {
    const challenge = await takeChallenge(trx, sessionId, 'sign-in', userId, now);
    if (!challenge) return { ok: false, reason: 'no challenge or challenge expired' };
    const key = await trx
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('credential_id', '=', response.id)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!key) return { ok: false, reason: 'unknown security key' };
    let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpId,
        credential: {
          id: key.credential_id,
          publicKey: isoBase64URL.toBuffer(key.public_key),
          counter: Number(key.counter),
          transports: transportsOf(key.transports),
        },
        requireUserVerification: false,
      });
    } catch (err) {
      const message = (err as Error).message;
      return {
        ok: false,
        reason: /counter/i.test(message) ? 'signature counter did not increase' : 'assertion not valid',
      };
    }
    if (!result.verified) return { ok: false, reason: 'assertion not valid' };
    await trx
      .updateTable('webauthn_credentials')
      .set({ counter: result.authenticationInfo.newCounter, last_used_at: now })
      .where('id', '=', key.id)
      .execute();
    return { ok: true, keyId: key.id };
  });
}

/**
 * Removes a key. `reauthenticated` must have checked the passphrase and a current code (accounts.ts);
 * the removal is audited with the key's name.
 */
export async function removeSecurityKey(call: Call, keyId: string): Promise<void> {
  const userId = signedIn(call);
  await runAction(call, { action: 'webauthn.remove', entityType: 'security_key' }, async (trx, audit) => {
    const row = await trx
      .deleteFrom('webauthn_credentials')
      .where('id', '=', keyId)
      .where('user_id', '=', userId)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) throw notFound('The security key');
    Object.assign(audit, { entityId: row.id, detail: { name: row.name } });
  });
}
