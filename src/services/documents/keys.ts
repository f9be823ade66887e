/**
 * The document master key: 32 random bytes that wrap (AES-256-GCM) the data key of every stored file.
 * It comes from REDLINE_DOCUMENT_KEY (base64 or hex) or from a key file (REDLINE_DOCUMENT_KEY_FILE; by
 * default `document-master.key` in the audit key directory, outside the data directory and away from the
 * objects). It is never written to the database nor to the object store: only its key id (a fingerprint)
 * is stored beside each wrapped data key, so that a wrong key is named as such instead of failing as
 * "corrupt data".
 *
 * A key file that does not exist is created on first use (mode 0600). During `redline documents
 * rotate-key` the new key is written first to `<file>.next`; the key ring holds both, so a rotation
 * interrupted between the database commit and the renaming of the file loses nothing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface MasterKey {
  id: string;
  key: Buffer;
}

export class DocumentKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentKeyError';
  }
}

export const keyIdOf = (key: Buffer) =>
  createHash('sha256').update('redline-document-master-key\0').update(key).digest('hex').slice(0, 16);

/** Parses a key given as base64 (44 characters) or hex (64 characters). */
export function parseMasterKey(text: string, where: string): MasterKey {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32)
    throw new DocumentKeyError(`${where}: the document master key must be 32 bytes, in base64 or hex.`);
  return { id: keyIdOf(key), key };
}

export const formatMasterKey = (k: MasterKey) => k.key.toString('base64');

export function newMasterKey(): MasterKey {
  const key = randomBytes(32);
  return { id: keyIdOf(key), key };
}

export function writeKeyFile(path: string, k: MasterKey): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${formatMasterKey(k)}\n`, { mode: 0o600, flag: 'w' });
}

/** Where the master key comes from (config.ts#documentStorageConfig). */
export type KeySource = { kind: 'env'; value: string } | { kind: 'file'; path: string };

/** The current key and any key a rotation left behind (`<file>.next`), by key id. */
export class KeyRing {
  constructor(
    readonly current: MasterKey,
    readonly others: MasterKey[] = [],
    readonly source: KeySource | null = null,
  ) {}

  static load(source: KeySource): KeyRing {
    if (source.kind === 'env')
      return new KeyRing(parseMasterKey(source.value, 'REDLINE_DOCUMENT_KEY'), [], source);
    if (!existsSync(source.path)) writeKeyFile(source.path, newMasterKey());
    const current = parseMasterKey(readFileSync(source.path, 'utf8'), source.path);
    const next = `${source.path}.next`;
    const others = existsSync(next) ? [parseMasterKey(readFileSync(next, 'utf8'), next)] : [];
    return new KeyRing(current, others, source);
  }

  byId(id: string): MasterKey {
    const k = [this.current, ...this.others].find((m) => m.id === id);
    if (!k)
      throw new DocumentKeyError(
        `The document master key in use (key id ${this.current.id}) is not the key that wrapped this file (key id ${id}). Check REDLINE_DOCUMENT_KEY or the document key file.`,
      );
    return k;
  }
}

const wrapAad = (sha256: string) => Buffer.from(`redline-data-key:${sha256}`);

/** Wraps a data key for the object at `sha256`: base64 of iv (12) | wrapped key (32) | tag (16). */
export function wrapDataKey(master: MasterKey, dataKey: Buffer, sha256: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.key, iv);
  c.setAAD(wrapAad(sha256));
  const enc = Buffer.concat([c.update(dataKey), c.final()]);
  return Buffer.concat([iv, enc, c.getAuthTag()]).toString('base64');
}

export function unwrapDataKey(ring: KeyRing, wrapped: string, keyId: string, sha256: string): Buffer {
  const master = ring.byId(keyId);
  const raw = Buffer.from(wrapped, 'base64');
  try {
    const d = createDecipheriv('aes-256-gcm', master.key, raw.subarray(0, 12));
    d.setAAD(wrapAad(sha256));
    d.setAuthTag(raw.subarray(44, 60));
    return Buffer.concat([d.update(raw.subarray(12, 44)), d.final()]);
  } catch {
    throw new DocumentKeyError(
      `The data key of file ${sha256.slice(0, 12)}… could not be unwrapped with the master key (key id ${keyId}): the key is wrong or the record was altered.`,
    );
  }
}

const MAGIC = Buffer.from('RLD1');
const objectAad = (sha256: string) => Buffer.from(`redline-object:${sha256}`);

/** The stored form of a file: "RLD1" | iv (12) | ciphertext | tag (16), bound to its address. */
export function encryptObject(dataKey: Buffer, plaintext: Buffer, sha256: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  c.setAAD(objectAad(sha256));
  const enc = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([MAGIC, iv, enc, c.getAuthTag()]);
}

/** Decrypts a stored object; null when it does not decrypt (changed, truncated or not this object). */
export function decryptObject(dataKey: Buffer, stored: Buffer, sha256: string): Buffer | null {
  if (stored.length < 4 + 12 + 16 || !stored.subarray(0, 4).equals(MAGIC)) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', dataKey, stored.subarray(4, 16));
    d.setAAD(objectAad(sha256));
    d.setAuthTag(stored.subarray(stored.length - 16));
    return Buffer.concat([d.update(stored.subarray(16, stored.length - 16)), d.final()]);
  } catch {
    return null;
  }
}
