import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new database on the
 * PostgreSQL server named by DATABASE_URL when REDLINE_TEST_DB=postgres.
 */
export async function testDatabase(label = 't'): Promise<Database> {
  const serverUrl = process.env.REDLINE_TEST_DB === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (!serverUrl) {
    const d = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(d.db);
    return d;
  }
  const name = `redline_${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateToLatest(d.db);
  return {
    ...d,
    async close() {
      await d.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  };
}
