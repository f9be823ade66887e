import type { PGlite } from '@electric-sql/pglite';
import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A Kysely dialect for PGlite (embedded PostgreSQL), for kysely 0.28 (whose own PGlite dialect arrived
 * only in 0.29, which requires Node 22).
 *
 * PGlite has one connection. The driver hands it out to one user at a time (a mutex): a transaction keeps
 * it from `begin` to `commit`/`rollback`, so no other query can run inside someone else's transaction,
 * and a rolled-back transaction never takes another caller's statements with it. Code running inside a
 * transaction must use the transaction object, never the outer `db` (which would wait for the
 * transaction to finish, i.e. forever).
 */
export class PGliteDialect implements Dialect {
  #driver: PGliteDriver | undefined;

  constructor(private readonly pglite: PGlite) {}

  /**
   * Runs `fn` with the PGlite instance while no Kysely query or transaction holds the connection (the
   * driver's mutex): for another client of the same database, such as the job queue (services/jobs), whose
   * statements must never land inside someone else's transaction.
   */
  async exclusive<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T> {
    if (!this.#driver) throw new Error('The PGlite driver is not initialised.');
    return this.#driver.exclusive(fn);
  }

  createAdapter(): DialectAdapter {
    return new PGliteAdapter();
  }

  createDriver(): Driver {
    this.#driver = new PGliteDriver(this.pglite);
    return this.#driver;
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface takes any database shape
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PGliteAdapter extends PostgresAdapter {
  // The migrator holds the single connection from acquireMigrationLock to releaseMigrationLock, so no
  // other migrator can run in between: the advisory lock PostgreSQL needs is unnecessary here.
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

/** A FIFO mutex: `lock()` resolves when the caller holds it; `unlock()` passes it to the next waiter. */
export class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  #connection: PGliteConnection | undefined;

  constructor(private readonly pglite: PGlite) {}

  async init(): Promise<void> {
    if (this.pglite.closed) throw new Error('The PGlite instance is already closed.');
    await this.pglite.waitReady;
    this.#connection = new PGliteConnection(this.pglite);
  }

  async exclusive<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T> {
    await this.#mutex.lock();
    try {
      if (this.pglite.closed) throw new Error('The PGlite instance is already closed.');
      return await fn(this.pglite);
    } finally {
      this.#mutex.unlock();
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    if (!this.#connection) {
      this.#mutex.unlock();
      throw new Error('The PGlite driver is not initialised.');
    }
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await asPGlite(connection).begin(statement);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await asPGlite(connection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await asPGlite(connection).rollback();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await asPGlite(connection).rollbackToSavepoint(name);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to whoever created it (openDatabase closes it after Kysely).
    this.#connection = undefined;
  }
}

function asPGlite(connection: DatabaseConnection): PGliteConnection {
  if (!(connection instanceof PGliteConnection)) throw new Error('Not a PGlite connection');
  return connection;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

class PGliteConnection implements DatabaseConnection {
  #inTransaction = false;
  /** A statement failed inside the open transaction: PostgreSQL will roll it back on `commit`. */
  #failed = false;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
        rowMode: 'object',
      });
      return {
        numAffectedRows: result.affectedRows != null ? BigInt(result.affectedRows) : undefined,
        rows: result.rows ?? [],
      };
    } catch (err) {
      if (this.#inTransaction) this.#failed = true;
      throw err;
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; Kysely requires the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by PGlite.');
  }

  async begin(statement: string): Promise<void> {
    await this.pglite.query(statement);
    this.#inTransaction = true;
    this.#failed = false;
  }

  async commit(): Promise<void> {
    if (this.#failed) {
      // PostgreSQL would answer COMMIT with ROLLBACK; say so instead of reporting a commit.
      await this.rollback();
      throw new AbortedTransactionError();
    }
    try {
      await this.pglite.query('commit');
    } finally {
      this.#inTransaction = false;
      this.#failed = false;
    }
  }

  async rollback(): Promise<void> {
    // After a failed COMMIT the transaction is already over (PostgreSQL ended it); nothing to undo.
    if (!this.#inTransaction) return;
    try {
      await this.pglite.query('rollback');
    } finally {
      this.#inTransaction = false;
      this.#failed = false;
    }
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.pglite.query(`rollback to savepoint ${quoteIdent(name)}`);
    // Savepoints can only be taken before a failure, so rolling back to one undoes the failure.
    this.#failed = false;
  }
}
