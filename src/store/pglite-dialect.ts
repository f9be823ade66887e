import { createHash } from 'node:crypto';
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

/**
 * A FIFO mutex whose holders take turns with the event loop: `lock()` resolves, in arrival order, on a later
 * turn of the loop (`setImmediate`), one holder per turn; `unlock()` passes it to the next waiter on the next
 * turn.
 *
 * PGlite runs each statement synchronously on this thread, and a statement's `await`s are microtasks only: a
 * lock taken and released within one statement never made anyone wait, so every request read in one turn
 * of the loop ran all its statements, and rendered its answer, before the loop turned again. Under 50
 * connections one turn was then the work of 50 requests (0.2–0.8 s at load 4–8), and Node accepts at most one
 * new connection per turn (Node 20's libuv, 1.46): the last of 50 connections opened together were accepted
 * one per turn and their first requests answered after up to 11 s, while no request on an open connection
 * waited more than one or two turns (docs/reads-at-scale.md). Taking turns, a turn is one statement and the answer that follows it, so the
 * loop reads sockets and accepts connections between every two statements, and the statements of all
 * requests run in the order they asked. A request with several statements queues once per statement. A
 * transaction holds the lock from `begin` to `commit` and is not interleaved.
 */
export class Mutex {
  #locked = false;
  /** A hand-over is scheduled for the next turn of the loop. */
  #scheduled = false;
  readonly #waiters: Array<() => void> = [];

  lock(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiters.push(resolve);
      if (!this.#locked) this.#schedule();
    });
  }

  unlock(): void {
    this.#locked = false;
    if (this.#waiters.length) this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#locked) return;
      const next = this.#waiters.shift();
      if (!next) return;
      this.#locked = true;
      next();
    });
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

/** The mark of a statement to prepare (store/db.ts#PREPARE; not imported: db.ts imports this module). */
const PREPARED_MARK = '/* prepared */';

/**
 * The arguments of `execute` as SQL literals, or null when one is not a value whose literal is exact. Every
 * value is written as a quoted literal of no type, which the parameter's type reads with its input function,
 * as it reads a bound parameter's text (a number too: '2.5' for an integer is refused, not rounded). Quotes
 * are doubled; text with a backslash or a NUL is left to a bound parameter, so that the literal does not
 * depend on the session's `standard_conforming_strings`.
 */
export function literalArguments(values: readonly unknown[]): string[] | null {
  const out: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) out.push('null');
    else if (typeof v === 'boolean') out.push(v ? "'true'" : "'false'");
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return null;
      out.push(`'${v}'`);
    } else if (typeof v === 'bigint') out.push(`'${v}'`);
    else if (typeof v === 'string') {
      if (!plainText(v)) return null;
      out.push(`'${v.replaceAll("'", "''")}'`);
    } else if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) return null;
      out.push(`'${v.toISOString()}'`);
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const json = JSON.stringify(v);
      if (!plainText(json)) return null;
      out.push(`'${json.replaceAll("'", "''")}'`);
    } else return null;
  }
  return out;
}

const plainText = (s: string) => !s.includes('\\') && !s.includes('\0');

class PGliteConnection implements DatabaseConnection {
  #inTransaction = false;
  /** Statements prepared in this session, by text: the name, or null when it could not be prepared. */
  readonly #prepared = new Map<string, string | null>();
  /** A statement failed inside the open transaction: PostgreSQL will roll it back on `commit`. */
  #failed = false;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#inTransaction && compiledQuery.sql.startsWith(PREPARED_MARK)) {
      const result = await this.#executePrepared<R>(compiledQuery);
      if (result) return result;
    }
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

  /**
   * A statement marked as prepared (store/db.ts#PREPARE), outside a transaction: prepared once in this
   * session (`prepare … as`) and run with `execute name(arguments)`. PGlite plans every statement it is
   * given; the case snapshot's planning took 23 ms against 3 ms of execution, on the single connection
   * every request waits for. PostgreSQL's protocol takes no parameters for `execute`, so the arguments are
   * written as literals, and only when every one is a value whose literal is exact (text, a finite number, a
   * boolean, a date, null, or a plain object as JSON); otherwise, or when the statement cannot be prepared,
   * it runs as before. Never inside a transaction, where a failed `prepare` would abort it.
   */
  async #executePrepared<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R> | undefined> {
    const args = literalArguments(compiledQuery.parameters);
    if (args === null) return undefined;
    const text = compiledQuery.sql;
    let name = this.#prepared.get(text);
    if (name === null) return undefined;
    if (name === undefined) {
      const candidate = `lp_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      try {
        await this.pglite.query(`prepare ${candidate} as ${text}`);
      } catch {
        this.#prepared.set(text, null);
        return undefined;
      }
      this.#prepared.set(text, candidate);
      name = candidate;
    }
    try {
      const result = await this.pglite.query<R>(
        args.length ? `execute ${name}(${args.join(', ')})` : `execute ${name}`,
        [],
        { rowMode: 'object' },
      );
      return {
        numAffectedRows: result.affectedRows != null ? BigInt(result.affectedRows) : undefined,
        rows: result.rows ?? [],
      };
    } catch (err) {
      // Prepared before a migration changed a table it reads with `*`: prepared again on the next run.
      if ((err as { code?: string }).code === '0A000') {
        this.#prepared.delete(text);
        await this.pglite.query(`deallocate ${name}`).catch(() => {});
        return undefined;
      }
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
