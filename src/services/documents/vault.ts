/**
 * The document vault: the master key ring and the object store, as the services use them. A file is
 * sealed with a fresh AES-256-GCM data key; the data key is wrapped by the master key and kept in the
 * database (`stored_objects`); the ciphertext goes to the object store under the SHA-256 of the plaintext.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  decryptObject,
  encryptObject,
  type KeyRing,
  type KeySource,
  KeyRing as Ring,
  unwrapDataKey,
  wrapDataKey,
} from './keys.ts';
import { LocalObjectStore, type ObjectStore, S3ObjectStore, type S3Settings } from './object-store.ts';

export interface DocumentStorageConfig {
  key: KeySource;
  store: { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Settings);
}

export interface Sealed {
  sha256: string;
  stored: Buffer;
  wrappedKey: string;
  keyId: string;
}

export class DocumentVault {
  constructor(
    readonly keys: KeyRing,
    readonly store: ObjectStore,
  ) {}

  static open(config: DocumentStorageConfig): DocumentVault {
    const store =
      config.store.kind === 'local'
        ? new LocalObjectStore(config.store.dir)
        : new S3ObjectStore(config.store);
    return new DocumentVault(Ring.load(config.key), store);
  }

  seal(plaintext: Buffer, sha256 = sha256Of(plaintext)): Sealed {
    const dataKey = randomBytes(32);
    const stored = encryptObject(dataKey, plaintext, sha256);
    const wrappedKey = wrapDataKey(this.keys.current, dataKey, sha256);
    dataKey.fill(0);
    return { sha256, stored, wrappedKey, keyId: this.keys.current.id };
  }

  /**
   * The plaintext of a stored object: 'missing' when the store has no such object, 'changed' when it does
   * not decrypt or does not hash to its address. A wrong master key throws DocumentKeyError.
   */
  async read(row: {
    sha256: string;
    wrapped_key: string;
    key_id: string;
  }): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: 'missing' | 'changed' }> {
    const dataKey = unwrapDataKey(this.keys, row.wrapped_key, row.key_id, row.sha256);
    const stored = await this.store.get(row.sha256);
    if (!stored) return { ok: false, problem: 'missing' };
    const plain = decryptObject(dataKey, stored, row.sha256);
    dataKey.fill(0);
    if (!plain || sha256Of(plain) !== row.sha256) return { ok: false, problem: 'changed' };
    return { ok: true, bytes: plain };
  }
}

export const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');
