import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';
import { AuditSigner } from '../services/audit.ts';
import { type AppContext, type Call, systemActor } from '../services/context.ts';
import { oidcSettingsFromEnv } from '../services/sso.ts';
import { type Database, openDatabase } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { buildServer } from './app.ts';

/** Opens the database and applies migrations (which include policy version 1). */
export async function openApp(config: Config): Promise<{ database: Database; app: AppContext }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  const app: AppContext = {
    db: database.db,
    dbKind: database.kind,
    clock: () => new Date(),
    signer: new AuditSigner(config.auditKeyFile),
    log: pino({ level: config.logLevel }),
  };
  return { database, app };
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
    oidc: oidcSettingsFromEnv(),
  });
  await server.listen({ port: config.port, host: config.host });
  return server;
}
