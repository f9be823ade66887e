/**
 * Secrets kept at rest in the database (the TOTP secrets of the second factor), sealed with AES-256-GCM
 * under the document master key (documents/keys.ts: REDLINE_DOCUMENT_KEY or the key file outside the data
 * directory). The master key is never used directly: HKDF-SHA256 derives a key for this purpose alone, so a
 * TOTP secret and a document's data key are never sealed with the same AES key.
 *
 * Stored form: `rlk1:<master key id>:<base64 of iv (12) | ciphertext | tag (16)>`. The additional data binds
 * the ciphertext to its row and column (`<purpose>:<user id>`), so a sealed value copied onto another account
 * or into the other column does not open. The key id names the master key that sealed it, so a wrong key is
 * reported as a wrong key (at start-up and at sign-in), never as a wrong code.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTrx } from '../store/db.ts';
import type { KeyRing, MasterKey } from './documents/keys.ts';

export const SEALED_PREFIX = 'rlk1:';

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export type SecretPurpose = 'totp' | 'totp-pending';

const subkey = (master: MasterKey) =>
  Buffer.from(hkdfSync('sha256', master.key, Buffer.alloc(0), 'redline-secret-at-rest:v1', 32));

const aad = (purpose: SecretPurpose, ownerId: string) => Buffer.from(`redline-secret:${purpose}:${ownerId}`);

export const isSealed = (stored: string) => stored.startsWith(SEALED_PREFIX);

/** Seals a secret with the ring's current master key. */
export function sealSecret(
  ring: KeyRing,
  purpose: SecretPurpose,
  ownerId: string,
  secret: string,
  master: MasterKey = ring.current,
): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', subkey(master), iv);
  c.setAAD(aad(purpose, ownerId));
  const enc = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return `${SEALED_PREFIX}${master.id}:${Buffer.concat([iv, enc, c.getAuthTag()]).toString('base64')}`;
}

/** The key id a sealed value names, or null when the value is not sealed. */
export function sealedKeyId(stored: string): string | null {
  if (!isSealed(stored)) return null;
  return stored.slice(SEALED_PREFIX.length).split(':')[0] ?? null;
}

/** Opens a sealed secret. A key the ring does not hold, or a value that does not open, throws SecretKeyError. */
export function openSecret(ring: KeyRing, purpose: SecretPurpose, ownerId: string, stored: string): string {
  const [, keyId = '', body = ''] = stored.split(':');
  if (!isSealed(stored))
    throw new SecretKeyError(
      'A second-factor secret is stored unsealed. Start the server once so that migration 0025 seals it.',
    );
  const master = [ring.current, ...ring.others].find((k) => k.id === keyId);
  if (!master)
    throw new SecretKeyError(
      `The master key in use (key id ${ring.current.id}) is not the key that sealed the second-factor secrets (key id ${keyId}). Check REDLINE_DOCUMENT_KEY or the document key file.`,
    );
  const raw = Buffer.from(body, 'base64');
  try {
    const d = createDecipheriv('aes-256-gcm', subkey(master), raw.subarray(0, 12));
    d.setAAD(aad(purpose, ownerId));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(
      `A second-factor secret could not be opened with the master key (key id ${keyId}): the key is wrong or the stored value was altered.`,
    );
  }
}

/** The ring of a context, or a clear error when the server has no master key. */
export function requireSecretKeys(app: { secrets?: KeyRing | undefined }): KeyRing {
  if (!app.secrets)
    throw new SecretKeyError(
      'No master key is configured for second-factor secrets (REDLINE_DOCUMENT_KEY or the document key file).',
    );
  return app.secrets;
}

/**
 * Start-up check: every sealed secret names a key the ring holds, and none is left unsealed. Throws
 * SecretKeyError naming what is wrong, so a server with the wrong key refuses to start instead of
 * refusing every sign-in.
 */
export async function checkSecretKeys(db: DbOrTrx, ring: KeyRing): Promise<void> {
  const rows = await sql<{ key_id: string | null; n: number }>`
    select case when s like ${`${SEALED_PREFIX}%`} then split_part(s, ':', 2) end as key_id, count(*)::int as n
    from (select totp_secret as s from users where totp_secret is not null
          union all select totp_pending_secret from users where totp_pending_secret is not null) x
    group by 1`.execute(db);
  const known = new Set([ring.current.id, ...ring.others.map((k) => k.id)]);
  for (const r of rows.rows) {
    if (r.key_id === null) throw new SecretKeyError(`${r.n} second-factor secret(s) are stored unsealed.`);
    if (!known.has(r.key_id))
      throw new SecretKeyError(
        `${r.n} second-factor secret(s) were sealed with master key ${r.key_id}, but the key in use is ${ring.current.id}. Check REDLINE_DOCUMENT_KEY or the document key file (REDLINE_DOCUMENT_KEY_FILE).`,
      );
  }
}

/**
 * Seals every unsealed secret and re-seals every secret not sealed with `target`, in the caller's
 * transaction (migration 0025 and the key rotation). Returns how many values were written.
 */
export async function resealSecrets(
  trx: DbOrTrx,
  ring: KeyRing,
  target: MasterKey = ring.current,
): Promise<number> {
  const users = await trx
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]))
    .forUpdate()
    .execute();
  let n = 0;
  const next = (purpose: SecretPurpose, id: string, v: string | null): string | null => {
    if (v === null) return null;
    if (sealedKeyId(v) === target.id) return v;
    n++;
    const plain = isSealed(v) ? openSecret(ring, purpose, id, v) : v;
    return sealSecret(ring, purpose, id, plain, target);
  };
  for (const u of users) {
    const before = n;
    const totp_secret = next('totp', u.id, u.totp_secret);
    const totp_pending_secret = next('totp-pending', u.id, u.totp_pending_secret);
    if (n !== before)
      await trx
        .updateTable('users')
        .set({ totp_secret, totp_pending_secret })
        .where('id', '=', u.id)
        .execute();
  }
  return n;
}
