import { copyFileSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type Config, legacyAuditKeyFile } from '../config.ts';
import { AuditSigner } from '../services/audit.ts';
import { sealAuditTail, startCheckpointTimer } from '../services/audit-anchor.ts';
import { type AppContext, type Call, systemActor } from '../services/context.ts';
import { startCounterCompaction } from '../services/counters.ts';
import { DocumentVault } from '../services/documents/vault.ts';
import { foldAllReads, startReadFolder } from '../services/read-log.ts';
import { startReportCountCompaction } from '../services/report/day-counts.ts';
import { checkSecretKeys, resealSecrets } from '../services/secrets.ts';
import { oidcSettingsFromEnv } from '../services/sso.ts';
import { type Database, type DbOrTrx, openDatabase } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { buildServer } from './app.ts';

/** Opens the database and applies migrations (which include policy version 1). */
export async function openApp(config: Config): Promise<{ database: Database; app: AppContext }> {
  moveLegacyAuditKey(config);
  // The master key opens before any migration: 0025 seals second-factor secrets with it.
  const documents = DocumentVault.open(config.documents);
  const secrets = documents.keys;
  const migrationOptions = { sealSecrets: (trx: DbOrTrx) => resealSecrets(trx, secrets) };
  const log = pino({ level: config.logLevel });
  const onPoolError = (err: Error) =>
    log.warn({ err: err.message }, 'database connection lost; the pool will open a new one when needed');
  if (config.databaseUrl) {
    // A migration may run longer than any request should: it gets a connection without the statement timeout.
    const migration = await openDatabase({
      databaseUrl: config.databaseUrl,
      poolSize: 1,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      onPoolError,
    });
    try {
      await migrateToLatest(migration.db, migrationOptions);
    } finally {
      await migration.close();
    }
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    onPoolError,
  });
  try {
    if (!config.databaseUrl) await migrateToLatest(database.db, migrationOptions);
    // A wrong or missing master key stops the start here, with the key ids, rather than at each sign-in.
    await checkSecretKeys(database.db, secrets);
  } catch (err) {
    await database.close();
    throw err;
  }
  const app: AppContext = {
    db: database.db,
    dbKind: database.kind,
    clock: () => new Date(),
    signer: new AuditSigner(config.auditKeyFile),
    log,
    documents,
    secrets,
    webauthn: config.webauthn,
  };
  return { database, app };
}

/**
 * Installations from before the key moved out of the data directory kept it (and the mirror) in
 * <data>/keys/. When the new place holds no key yet, the old key and mirror move there, so the
 * checkpoints already signed keep verifying.
 */
function moveLegacyAuditKey(config: Config): void {
  const legacy = legacyAuditKeyFile(config.dataDir);
  if (config.auditKeyFile === legacy || existsSync(config.auditKeyFile) || !existsSync(legacy)) return;
  mkdirSync(dirname(config.auditKeyFile), { recursive: true, mode: 0o700 });
  const moves: [string, string][] = [
    [legacy, config.auditKeyFile],
    [
      join(dirname(legacy), 'audit-checkpoints.jsonl'),
      join(dirname(config.auditKeyFile), 'audit-checkpoints.jsonl'),
    ],
  ];
  for (const [from, to] of moves) {
    if (!existsSync(from)) continue;
    copyFileSync(from, to);
    unlinkSync(from);
  }
  console.error(
    `  Moved the audit signing key and checkpoint mirror out of the data directory to ${dirname(config.auditKeyFile)}.`,
  );
}

export const cliCall = (app: AppContext, name = 'cli'): Call => ({
  app,
  actor: systemActor(`${name}:${process.env.USER ?? 'operator'}`),
  meta: { requestId: null, sourceIp: 'local' },
});

export async function startServer(config: Config, app: AppContext): Promise<FastifyInstance> {
  const server = await buildServer({
    app,
    secureCookies: config.secureCookies,
    cookieSecret: config.sessionSecret,
    logLevel: config.logLevel,
    site: config.site,
    trustedProxies: config.trustedProxies,
    retryAfterSeconds: config.retryAfterSeconds,
    anonymousRefusalsPerMinute: config.anonymousRefusalsPerMinute,
    oidc: oidcSettingsFromEnv(),
  });
  // Checkpoints for an idle tail (services/audit-anchor.ts); the last entries are sealed on a clean stop.
  const stopTimer = startCheckpointTimer(app, (err) => server.log.error({ err }, 'audit checkpoint failed'));
  // Reads are recorded in the read log and folded into the chain in batches (services/read-log.ts).
  const foldEveryMs = Number(process.env.REDLINE_READ_FOLD_MS ?? 1000);
  const stopFolder = startReadFolder(
    app,
    (err) => server.log.error({ err }, 'folding the read log failed'),
    foldEveryMs,
  );
  // The counts kept per office are delta rows; they are folded into one row per count now and then.
  const stopCompaction = startCounterCompaction(app.db, (err) =>
    server.log.error({ err }, 'compacting the office counts failed'),
  );
  // The oversight report's counts per day are delta rows too (services/report/day-counts.ts).
  const stopReportCompaction = startReportCountCompaction(app.db, (err) =>
    server.log.error({ err }, 'compacting the report counts failed'),
  );
  server.addHook('onClose', async () => {
    stopTimer();
    stopFolder();
    stopCompaction();
    stopReportCompaction();
    await foldAllReads(app).catch((err) =>
      server.log.error({ err }, 'folding the read log at shutdown failed'),
    );
    await sealAuditTail(app, { force: true }).catch((err) =>
      server.log.error({ err }, 'audit checkpoint at shutdown failed'),
    );
  });
  await server.listen({ port: config.port, host: config.host });
  return server;
}
