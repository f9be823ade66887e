/**
 * Where the encrypted objects live: a local directory (default) or an S3-compatible bucket. Objects are
 * named by the SHA-256 of their plaintext (`ab/abcdef…`); what is stored is always ciphertext (keys.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AwsClient } from 'aws4fetch';

export interface ObjectStore {
  readonly kind: 'local' | 's3';
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or null when there is no such object. */
  get(sha256: string): Promise<Buffer | null>;
  exists(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const objectPath = (sha256: string) => {
  // The address is always a SHA-256 in hex: never a name a request chose, so never a path to escape by.
  if (!HEX64.test(sha256)) throw new Error(`not an object address: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256}`;
};

export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, objectPath(sha256));
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomUUID()}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o600, flush: true });
    await rename(tmp, path);
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}

export interface S3Settings {
  /** e.g. https://s3.us-east-1.amazonaws.com or http://127.0.0.1:9000 (path-style addressing). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A key prefix inside the bucket, e.g. `redline/`. */
  prefix?: string;
}

/** An S3-compatible bucket, signed with AWS Signature V4 (aws4fetch), path-style URLs. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;
  constructor(readonly settings: S3Settings) {
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      service: 's3',
      region: settings.region,
    });
  }

  private url(sha256: string): string {
    const base = this.settings.endpoint.replace(/\/+$/, '');
    return `${base}/${encodeURIComponent(this.settings.bucket)}/${this.settings.prefix ?? ''}${objectPath(sha256)}`;
  }

  private async fail(res: Response, what: string): Promise<never> {
    const body = await res.text().catch(() => '');
    throw new Error(`The object store answered ${res.status} to ${what}: ${body.slice(0, 200)}`);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const res = await this.client.fetch(this.url(sha256), {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (!res.ok) await this.fail(res, 'a PUT');
    await res.arrayBuffer();
  }

  async get(sha256: string): Promise<Buffer | null> {
    const res = await this.client.fetch(this.url(sha256));
    if (res.status === 404) {
      await res.arrayBuffer();
      return null;
    }
    if (!res.ok) await this.fail(res, 'a GET');
    return Buffer.from(await res.arrayBuffer());
  }

  async exists(sha256: string): Promise<boolean> {
    const res = await this.client.fetch(this.url(sha256), { method: 'HEAD' });
    await res.arrayBuffer();
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`The object store answered ${res.status} to a HEAD.`);
    return true;
  }

  async delete(sha256: string): Promise<void> {
    const res = await this.client.fetch(this.url(sha256), { method: 'DELETE' });
    if (!res.ok && res.status !== 404) await this.fail(res, 'a DELETE');
    await res.arrayBuffer();
  }
}
