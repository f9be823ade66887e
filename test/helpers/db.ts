import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new database on the
 * PostgreSQL server named by DATABASE_URL when REDLINE_TEST_DB=postgres (named `redline_<tag>_…`).
 */
export async function testDatabase(tag = 't'): Promise<Database> {
  const serverUrl = process.env.REDLINE_TEST_DB === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (!serverUrl) {
    const d = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(d.db);
    return d;
  }
  // REDLINE_TEST_DB_PREFIX names the databases of one run (letters, digits, underscores), e.g. to tell
  // whose they are on a shared server.
  const prefix = /^[a-z0-9_]{1,30}$/.test(process.env.REDLINE_TEST_DB_PREFIX ?? '')
    ? process.env.REDLINE_TEST_DB_PREFIX
    : `redline_${tag.replace(/[^a-z0-9_]/g, '').slice(0, 20) || 't'}`;
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
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
