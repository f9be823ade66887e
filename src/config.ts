import { join, resolve } from 'node:path';
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
  /** Ed25519 key for signed audit checkpoints, kept outside the database. */
  auditKeyFile: string;
  /** Set when served behind TLS: cookies get the Secure flag. */
  secureCookies: boolean;
  logLevel: string;
  /** The agency, the site's address and the banner (site.ts; README "Site identity"). */
  site: SiteConfig;
}

function bool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
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
    auditKeyFile: resolve(env.REDLINE_AUDIT_KEY_FILE ?? join(dataDir, 'keys', 'audit-ed25519.pem')),
    secureCookies: bool(env.REDLINE_SECURE_COOKIES, production),
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    site: loadSiteConfig(env, demo),
  };
}
