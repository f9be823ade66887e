import { isIP } from 'node:net';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { DocumentStorageConfig } from './services/documents/vault.ts';
import type { WebauthnSettings } from './services/webauthn.ts';
import { loadSiteConfig, type SiteConfig } from './site.ts';

/** Every setting comes from the environment; see README "Configuration". */
export interface Config {
  /** PostgreSQL connection string; when unset the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Embedded database directory (PGlite). */
  dataDir: string;
  port: number;
  host: string;
  /** Secret for signing cookies; random per process when unset (sessions then end on restart). */
  sessionSecret: string;
  /** Demo mode: seeds demo users and cases and prints demo credentials. Never in production. */
  demo: boolean;
  production: boolean;
  /**
   * Directory of the Ed25519 key that signs audit checkpoints and of the checkpoint mirror file, kept
   * outside the database and its data directory (by default a sibling of the data directory).
   */
  auditKeyDir: string;
  /** The key file (REDLINE_AUDIT_KEY_FILE, or audit-ed25519.pem in auditKeyDir); the mirror sits beside it. */
  auditKeyFile: string;
  /** Set when served behind TLS: cookies get the Secure flag. */
  secureCookies: boolean;
  logLevel: string;
  /** The agency, the site's address and the banner (site.ts; README "Site identity"). */
  site: SiteConfig;
  /** PostgreSQL: how long to wait for a connection (a new one, or a free one from the pool), in ms. */
  dbConnectTimeoutMs: number;
  /** PostgreSQL: the longest a statement may run, in ms (0: no limit). */
  dbStatementTimeoutMs: number;
  /** PostgreSQL: connections in the pool. */
  dbPoolSize: number;
  /** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
  retryAfterSeconds: number;
  /**
   * Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (also `loopback`,
   * `linklocal`, `uniquelocal`). Empty: the peer's own address is the source address.
   */
  trustedProxies: string[];
  /**
   * REDLINE_ANON_REFUSALS_PER_MINUTE: anonymous refused mutations audited one by one per source address
   * and minute before the address is answered 429 for the rest of the minute (0: no limit).
   */
  anonymousRefusalsPerMinute: number;
  /** Stored documents: the master key's source and the object store (README "Configuration"). */
  documents: DocumentStorageConfig;
  /** The scheduled duties and the notification e-mail (services/jobs; docs/jobs.md). */
  jobs: JobsConfig;
  /** Security keys (WebAuthn): the site's origin and relying-party id; undefined: not offered. */
  webauthn: WebauthnSettings | undefined;
}

export interface JobsConfig {
  /** REDLINE_JOBS: run the job queue in this server (default on). */
  enabled: boolean;
  /** REDLINE_JOBS_CRON: when the duties are looked at (UTC cron; each runs once a day). */
  cron: string;
  /** REDLINE_JOBS_POLL_SECONDS: how often a worker asks the queue for work. */
  pollSeconds: number;
  /** REDLINE_SMTP_URL: e.g. smtp://user:pass@mail.example.gov:587; unset: no e-mail. */
  smtpUrl: string | undefined;
  /** REDLINE_SMTP_FROM: the sender address of notification e-mail. */
  smtpFrom: string;
}

function bool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${raw}`);
  return n;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** REDLINE_TRUSTED_PROXIES: addresses or CIDR ranges separated by commas or spaces. */
export function parseTrustedProxies(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of entries) {
    if (PROXY_NAMES.has(e)) continue;
    const [addr = '', prefix, ...rest] = e.split('/');
    const family = isIP(addr);
    const bits = prefix === undefined ? null : Number(prefix);
    const prefixOk =
      bits === null ||
      (prefix !== '' && Number.isInteger(bits) && bits >= 0 && bits <= (family === 6 ? 128 : 32));
    if (!family || rest.length > 0 || !prefixOk)
      throw new Error(
        `REDLINE_TRUSTED_PROXIES: "${e}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, ::1, loopback).`,
      );
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.REDLINE_DATA_DIR ?? './data');
  const demo = bool(env.REDLINE_DEMO, !production);
  if (production && demo) {
    throw new Error(
      'REDLINE_DEMO cannot be on when NODE_ENV=production: demo accounts must never exist in production.',
    );
  }
  if (production && !env.REDLINE_SESSION_SECRET) {
    throw new Error('REDLINE_SESSION_SECRET must be set in production.');
  }
  const port = Number.parseInt(env.PORT ?? env.REDLINE_PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0–65535, got ${env.PORT}`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port,
    host: env.REDLINE_HOST ?? '127.0.0.1',
    sessionSecret: env.REDLINE_SESSION_SECRET ?? crypto.randomUUID() + crypto.randomUUID(),
    demo,
    production,
    ...auditKeyPaths(env, dataDir),
    secureCookies: bool(env.REDLINE_SECURE_COOKIES, production),
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    site: loadSiteConfig(env, demo),
    dbConnectTimeoutMs: wholeNumber(env, 'REDLINE_DB_CONNECT_TIMEOUT_MS', 5000, 1),
    dbStatementTimeoutMs: wholeNumber(env, 'REDLINE_DB_STATEMENT_TIMEOUT_MS', 10_000),
    dbPoolSize: wholeNumber(env, 'REDLINE_DB_POOL_SIZE', 10, 1),
    retryAfterSeconds: wholeNumber(env, 'REDLINE_RETRY_AFTER_SECONDS', 5, 1),
    trustedProxies: parseTrustedProxies(env.REDLINE_TRUSTED_PROXIES),
    anonymousRefusalsPerMinute: wholeNumber(env, 'REDLINE_ANON_REFUSALS_PER_MINUTE', 30),
    documents: documentStorageConfig(env, dataDir, auditKeyPaths(env, dataDir).auditKeyDir),
    jobs: {
      enabled: bool(env.REDLINE_JOBS, true),
      cron: env.REDLINE_JOBS_CRON?.trim() || '7 * * * *',
      pollSeconds: wholeNumber(env, 'REDLINE_JOBS_POLL_SECONDS', 10, 1),
      smtpUrl: env.REDLINE_SMTP_URL || undefined,
      smtpFrom: env.REDLINE_SMTP_FROM || 'Redline <redline@localhost>',
    },
    webauthn: webauthnConfig(env, demo, port),
  };
}

/**
 * Stored documents. The master key: REDLINE_DOCUMENT_KEY (base64 or hex of 32 bytes), else the key file
 * REDLINE_DOCUMENT_KEY_FILE, else `document-master.key` in the audit key directory (outside the data
 * directory). The objects: a local directory (REDLINE_DOCUMENT_DIR, by default a sibling of the data
 * directory), or an S3-compatible bucket when REDLINE_S3_BUCKET is set.
 */
export function documentStorageConfig(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  auditKeyDir: string,
): DocumentStorageConfig {
  const key: DocumentStorageConfig['key'] = env.REDLINE_DOCUMENT_KEY
    ? { kind: 'env', value: env.REDLINE_DOCUMENT_KEY }
    : {
        kind: 'file',
        path: resolve(env.REDLINE_DOCUMENT_KEY_FILE || join(auditKeyDir, 'document-master.key')),
      };
  if (env.REDLINE_S3_BUCKET) {
    const need = (name: string) => {
      const v = env[name];
      if (!v) throw new Error(`${name} must be set when REDLINE_S3_BUCKET is set.`);
      return v;
    };
    return {
      key,
      store: {
        kind: 's3',
        endpoint: need('REDLINE_S3_ENDPOINT'),
        bucket: env.REDLINE_S3_BUCKET,
        region: env.REDLINE_S3_REGION || 'us-east-1',
        accessKeyId: need('REDLINE_S3_ACCESS_KEY_ID'),
        secretAccessKey: need('REDLINE_S3_SECRET_ACCESS_KEY'),
        prefix: env.REDLINE_S3_PREFIX || '',
      },
    };
  }
  return {
    key,
    store: {
      kind: 'local',
      dir: resolve(env.REDLINE_DOCUMENT_DIR || join(dirname(dataDir), `${basename(dataDir)}-documents`)),
    },
  };
}

/** Where the key and the mirror went before they moved out of the data directory. */
export const legacyAuditKeyFile = (dataDir: string) => join(dataDir, 'keys', 'audit-ed25519.pem');

function auditKeyPaths(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): { auditKeyDir: string; auditKeyFile: string } {
  if (env.REDLINE_AUDIT_KEY_FILE) {
    const auditKeyFile = resolve(env.REDLINE_AUDIT_KEY_FILE);
    return { auditKeyDir: dirname(auditKeyFile), auditKeyFile };
  }
  const auditKeyDir = resolve(
    env.REDLINE_AUDIT_KEY_DIR || join(dirname(dataDir), `${basename(dataDir)}-audit-keys`),
  );
  return { auditKeyDir, auditKeyFile: join(auditKeyDir, 'audit-ed25519.pem') };
}

/** True when `inner` is `outer` or lies inside it. */
const within = (inner: string, outer: string) => {
  const r = relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !r.startsWith('/'));
};

/**
 * A warning to print at start-up when the audit key and its checkpoint mirror share a directory with
 * the embedded database (whoever can change the data could then also re-sign it), or null.
 */
export function auditKeyWarning(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'auditKeyDir'>,
): string | null {
  if (config.databaseUrl) return null;
  if (!within(config.auditKeyDir, config.dataDir) && !within(config.dataDir, config.auditKeyDir)) return null;
  return (
    `WARNING: the audit signing key and the checkpoint mirror (${config.auditKeyDir}) share a directory with ` +
    `the database (${config.dataDir}). Anyone who can change the data can then also re-sign the audit trail. ` +
    'Set REDLINE_AUDIT_KEY_DIR to a directory outside the data directory, on protected storage.'
  );
}

/**
 * Security keys. REDLINE_WEBAUTHN_ORIGIN: the address people open the site at (e.g.
 * https://redline.example.gov); REDLINE_WEBAUTHN_RP_ID: the relying-party id, by default the origin's host
 * name. A key registered for one RP id signs for that one only, so both must stay fixed once keys exist.
 * Unset: security keys are not offered, except in demo mode (http://localhost:<port>).
 */
export function webauthnConfig(
  env: NodeJS.ProcessEnv,
  demo: boolean,
  port: number,
): WebauthnSettings | undefined {
  const raw = env.REDLINE_WEBAUTHN_ORIGIN?.trim() || (demo ? `http://localhost:${port}` : '');
  if (!raw) return undefined;
  let origin: URL;
  try {
    origin = new URL(raw);
  } catch {
    throw new Error(
      `REDLINE_WEBAUTHN_ORIGIN must be an address such as https://redline.example.gov, got ${raw}`,
    );
  }
  if (origin.origin !== raw.replace(/\/$/, ''))
    throw new Error(`REDLINE_WEBAUTHN_ORIGIN must be an origin only (scheme, host, port), got ${raw}`);
  if (origin.protocol !== 'https:' && origin.hostname !== 'localhost')
    throw new Error('REDLINE_WEBAUTHN_ORIGIN must use https (browsers allow http only for localhost).');
  const rpId = env.REDLINE_WEBAUTHN_RP_ID?.trim() || origin.hostname;
  if (origin.hostname !== rpId && !origin.hostname.endsWith(`.${rpId}`))
    throw new Error(
      `REDLINE_WEBAUTHN_RP_ID (${rpId}) must be the origin's host name or a parent domain of it.`,
    );
  return { origin: origin.origin, rpId, rpName: 'Redline' };
}
