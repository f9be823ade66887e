import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
/** Repositories and services take either the database or an open transaction. */
export type DbOrTrx = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives: a directory for PGlite, a redacted URL for PostgreSQL. */
  location: string;
  close(): Promise<void>;
  /**
   * PGlite only: runs SQL for another client of the same database (the job queue) outside any Kysely
   * transaction; a text without values may hold several statements.
   */
  executeSql?: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
}

// Type parsers shared by both drivers so that both return the same JavaScript types.
const OID_INT8 = 20;
const OID_NUMERIC = 1700;
const OID_DATE = 1082;
const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

let pgParsersInstalled = false;
function installPgParsers(): void {
  if (pgParsersInstalled) return;
  pg.types.setTypeParser(OID_INT8, toNumber);
  pg.types.setTypeParser(OID_NUMERIC, toNumber);
  pg.types.setTypeParser(OID_DATE, asIs);
  pgParsersInstalled = true;
}

export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dir} is already open in another Redline process (pid ${holderPid}). ` +
        'Only one process may use an embedded data directory at a time. Stop the other process, ' +
        'or use a PostgreSQL server (DATABASE_URL) for several processes.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on a PGlite data directory. PGlite has no lock of its own between processes;
 * two openers would silently lose writes. The lock file holds the owner's pid; a stale lock (dead pid)
 * is taken over.
 */
export function lockDataDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'redline.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) rmSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
      if (Number.isFinite(holder) && holder !== process.pid && processAlive(holder)) {
        throw new DataDirectoryLockedError(dir, holder);
      }
      rmSync(lockPath, { force: true }); // stale lock from a dead process
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** PGlite: start from a dumped data directory (tests). */
  loadDataDir?: Blob;
  /** pg pool size. */
  poolSize?: number;
  /**
   * PostgreSQL: how long to wait for a connection, a new one or a free one from a full pool (ms). A frozen or
   * unreachable server, or a pool with no free connection, then fails instead of waiting for ever.
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: the server cancels a statement running longer than this (ms; 0 or unset: no limit). The
   * client also gives up on a statement a little later (a frozen server cannot cancel anything) and
   * discards that connection.
   */
  statementTimeoutMs?: number;
  /** PostgreSQL: told about errors on connections (the server went away); they never stop the process. */
  onPoolError?: (err: Error) => void;
}

/**
 * A statement whose text begins with this comment is prepared once per connection (PostgreSQL): a named
 * statement, planned the first times it runs and then, when PostgreSQL finds its generic plan as good,
 * not planned again. For the few large statements run on every request (the case snapshot, 20 subqueries),
 * whose planning costs several times their execution. The name is a digest of the text.
 */
export const PREPARE = '/* prepared */';

/** How much longer than the statement timeout the client waits before it gives up on a frozen server. */
export const CLIENT_TIMEOUT_MARGIN_MS = 500;

function defaultPoolError(err: Error): void {
  process.stderr.write(`database connection error (the pool replaces the connection): ${err.message}\n`);
}

/**
 * After a client-side read timeout the connection's state is unknown (the statement may still run or
 * complete later, leaving a transaction open): end it, so the pool discards it instead of lending it again.
 */
function discardAfterReadTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const prepared = preparedArgs(args);
    let result = query(...prepared);
    // A statement prepared before a migration changed a table it reads with `*` cannot run any more on
    // this connection ("cached plan must not change result type"): it runs unnamed instead.
    if (prepared !== args && result && typeof (result as Promise<unknown>).then === 'function')
      result = (result as Promise<unknown>).catch((err: unknown) => {
        if ((err as { code?: string }).code === '0A000') return query(...args);
        throw err;
      });
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).catch((err: unknown) => {
        if (err instanceof Error && err.message === 'Query read timeout')
          (client as unknown as pg.Client).end().catch(() => {});
      });
    }
    return result;
  };
}

/** The arguments of `client.query` for a statement marked PREPARE: the same statement, named. */
function preparedArgs(args: unknown[]): unknown[] {
  const [text, values] = args;
  if (typeof text !== 'string' || !text.startsWith(PREPARE) || args.length > 2) return args;
  const name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  return [{ name, text, values }];
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    installPgParsers();
    const statementTimeout = opts.statementTimeoutMs ?? 0;
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 0,
      keepAlive: true,
      ...(statementTimeout > 0
        ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + CLIENT_TIMEOUT_MARGIN_MS }
        : {}),
    });
    // Without a listener, an idle connection's error (the server restarted or went away) is re-emitted by
    // the pool as an unhandled 'error' event, which ends the Node process.
    pool.on('error', opts.onPoolError ?? defaultPoolError);
    pool.on('connect', (client) => {
      // The pool listens to a connection only while it is idle. A connection lent out (inside a transaction,
      // or running a statement) that the server drops would emit an unhandled 'error' and end the process;
      // with this listener its statement fails instead (and is answered 503), and the pool discards it when it
      // is given back. Errors of idle connections reach onError through the pool's own 'error' event.
      client.on('error', () => {});
      discardAfterReadTimeout(client);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.databaseUrl);
    url.password = url.password ? '***' : '';
    return { db, kind: 'postgres', location: url.toString(), close: () => db.destroy() };
  }

  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDirectory(resolve(dataDir));
  try {
    if (!inMemory && !existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    const pglite = await PGlite.create({
      dataDir: inMemory ? undefined : join(resolve(dataDir), 'pg'),
      loadDataDir: opts.loadDataDir,
      parsers: { [OID_INT8]: toNumber, [OID_NUMERIC]: toNumber, [OID_DATE]: asIs },
    });
    const dialect = new PGliteDialect(pglite);
    const db = new Kysely<DB>({ dialect });
    return {
      db,
      executeSql: (text, values) =>
        dialect.exclusive(async (pg) => {
          if (values?.length) return pg.query(text, values as unknown[]);
          const results = await pg.exec(text);
          return results.at(-1) ?? { rows: [] };
        }),
      kind: 'pglite',
      location: inMemory ? 'memory' : resolve(dataDir),
      async close() {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
