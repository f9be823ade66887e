import { isAbortedTransactionError, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.ts';
import { Mutex } from '../../src/store/pglite-dialect.ts';
import { testDatabase } from '../helpers/db.ts';

// The transaction guarantees the services rely on, checked on whichever database the run uses (PGlite
// through our own dialect, or PostgreSQL through kysely's). The table is scratch, outside the schema.

let d: Database;
// biome-ignore lint/suspicious/noExplicitAny: a scratch table outside the typed schema
const db = () => d.db as any;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const labels = async (): Promise<string[]> =>
  (await db().selectFrom('tx_probe').select('label').orderBy('label').execute()).map(
    (r: { label: string }) => r.label,
  );

beforeAll(async () => {
  d = await testDatabase();
  await sql`create table tx_probe (label text primary key, n int not null default 0)`.execute(d.db);
});
afterAll(async () => {
  await d?.close();
});
beforeEach(async () => {
  await sql`delete from tx_probe`.execute(d.db);
});

describe('transactions', () => {
  it('commit their writes', async () => {
    await d.db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe (label) values ('a'), ('b')`.execute(trx);
    });
    expect(await labels()).toEqual(['a', 'b']);
  });

  it('roll back on error without taking concurrent writes outside the transaction with them', async () => {
    const failing = d.db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe (label) values ('inside')`.execute(trx);
      await sleep(50); // other callers run now
      throw new Error('boom');
    });
    const outside = (async () => {
      await sleep(10);
      await sql`insert into tx_probe (label) values ('outside')`.execute(d.db);
    })();
    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect(await labels()).toEqual(['outside']);
  });

  it('are not seen half-done by other callers', async () => {
    let seenDuring: number | undefined;
    const writer = d.db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe (label) values ('w1')`.execute(trx);
      await sleep(30);
      await sql`insert into tx_probe (label) values ('w2')`.execute(trx);
    });
    const reader = (async () => {
      await sleep(10);
      const r = await sql<{ c: number }>`select count(*)::int as c from tx_probe`.execute(d.db);
      seenDuring = r.rows[0]?.c;
    })();
    await Promise.all([writer, reader]);
    // Either before the transaction (0) or after it (2), never in between.
    expect([0, 2]).toContain(seenDuring);
  });

  it('serialise concurrent read-modify-write under a row lock', async () => {
    await sql`insert into tx_probe (label, n) values ('counter', 0)`.execute(d.db);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        d.db.transaction().execute(async (trx) => {
          const r = await sql<{
            n: number;
          }>`select n from tx_probe where label = 'counter' for update`.execute(trx);
          await sleep(2);
          await sql`update tx_probe set n = ${(r.rows[0]?.n ?? 0) + 1} where label = 'counter'`.execute(trx);
        }),
      ),
    );
    const r = await sql<{ n: number }>`select n from tx_probe where label = 'counter'`.execute(d.db);
    expect(r.rows[0]?.n).toBe(10);
  });

  it('refuse to report a commit when a swallowed error aborted the transaction, and commit nothing', async () => {
    const attempt = d.db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe (label) values ('before')`.execute(trx);
      await sql`insert into tx_probe (label) values ('before')`.execute(trx).catch(() => {});
    });
    const err = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAbortedTransactionError(err)).toBe(true);
    expect(await labels()).toEqual([]);
    // The connection is usable afterwards.
    await sql`insert into tx_probe (label) values ('after')`.execute(d.db);
    expect(await labels()).toEqual(['after']);
  });

  it('recover from an error by rolling back to a savepoint', async () => {
    const trx = await d.db.startTransaction().execute();
    await sql`insert into tx_probe (label) values ('kept')`.execute(trx);
    const sp = await trx.savepoint('sp1').execute();
    await expect(sql`insert into tx_probe (label) values ('kept')`.execute(sp)).rejects.toThrow();
    const back = await sp.rollbackToSavepoint('sp1').execute();
    await sql`insert into tx_probe (label) values ('also')`.execute(back);
    await back.commit().execute();
    expect(await labels()).toEqual(['also', 'kept']);
  });

  it('apply the requested isolation level and report affected rows', async () => {
    await sql`insert into tx_probe (label) values ('x'), ('y')`.execute(d.db);
    await d.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        const r = await sql<{ transaction_isolation: string }>`show transaction_isolation`.execute(trx);
        expect(r.rows[0]?.transaction_isolation).toBe('serializable');
        const res = await sql`update tx_probe set n = 1`.execute(trx);
        expect(Number(res.numAffectedRows)).toBe(2);
      });
  });
});

describe('Mutex', () => {
  it('hands the lock over in arrival order', async () => {
    const m = new Mutex();
    const order: number[] = [];
    await m.lock();
    const waiters = [1, 2, 3].map((i) =>
      m.lock().then(() => {
        order.push(i);
        m.unlock();
      }),
    );
    m.unlock();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    // Free again.
    await m.lock();
    m.unlock();
  });

  it('lets the event loop turn before each holder, so sockets are read between two statements', async () => {
    const m = new Mutex();
    const events: string[] = [];
    // Queued before the lock is asked for: runs before the first holder, though the lock is free.
    setImmediate(() => events.push('turn 1'));
    const first = m.lock().then(() => {
      events.push('first');
      setImmediate(() => events.push('turn 2'));
      m.unlock();
    });
    const second = m.lock().then(() => {
      events.push('second');
      m.unlock();
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['turn 1', 'first', 'turn 2', 'second']);
  });
});

describe('statements of concurrent callers', () => {
  it('run in the order they were asked for, one caller after the other', async () => {
    // On PGlite's single connection, two callers of three statements each alternate (a request does not
    // run all its statements before the next one runs its first); PostgreSQL runs them on two connections.
    if (d.kind !== 'pglite') return;
    await sql`create temporary sequence tx_order`.execute(d.db);
    const caller = async () => {
      const seen: number[] = [];
      for (let i = 0; i < 3; i++)
        seen.push(
          Number((await sql<{ n: string }>`select nextval('tx_order') as n`.execute(d.db)).rows[0]!.n),
        );
      return seen;
    };
    const [a, b] = await Promise.all([caller(), caller()]);
    expect(a).toEqual([1, 3, 5]);
    expect(b).toEqual([2, 4, 6]);
  });

  it('let the event loop turn between two statements, so a server reads its sockets meanwhile', async () => {
    // PGlite runs a statement synchronously and its awaits are microtasks: without a turn of the loop per
    // statement, a caller's statements all ran before any socket was read or any connection accepted.
    let turns = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    for (let i = 0; i < 10; i++) await sql`select 1`.execute(d.db);
    running = false;
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
