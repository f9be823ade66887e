/**
 * Statements marked prepared (store/db.ts#PREPARE) on PGlite: prepared once in the session and run with
 * literal arguments — the same rows as a bound statement for every kind of value, a fallback for values
 * and statements that cannot go that way, and a statement prepared before a table changed prepared again.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARE } from '../../src/store/db.ts';
import { literalArguments, PGliteDialect } from '../../src/store/pglite-dialect.ts';

let pglite: PGlite;
let db: Kysely<unknown>;
const prepared = async () =>
  (await sql<{ n: string }>`select count(*)::text as n from pg_prepared_statements`.execute(db)).rows[0]!.n;

beforeAll(async () => {
  pglite = await PGlite.create();
  db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await sql`create table t (id int primary key, label text, at timestamptz, doc jsonb, big bigint, ok boolean)`.execute(
    db,
  );
});
afterAll(async () => {
  await db.destroy();
  await pglite.close();
});

describe('prepared statements on PGlite', () => {
  const insert = (id: number, label: unknown, at: unknown, doc: unknown, big: unknown, ok: unknown) =>
    sql`${sql.raw(PREPARE)} insert into t (id, label, at, doc, big, ok) values (${id}, ${label}, ${at}, ${doc}, ${big}, ${ok})
      returning id, label, at, doc, big::text as big, ok`.execute(db);

  it('writes and reads every kind of value as a bound statement does, preparing the statement once', async () => {
    const before = await prepared();
    const hostile = "it's '' ; drop table t; -- \u202e ünïcode";
    const a = await insert(
      1,
      hostile,
      new Date('2026-01-02T03:04:05.678Z'),
      { q: "o'k", n: [1, 2] },
      -12n,
      true,
    );
    const b = await insert(2, null, null, null, null, false);
    expect(Number(await prepared())).toBe(Number(before) + 1);
    expect(a.rows[0]).toEqual({
      id: 1,
      label: hostile,
      at: new Date('2026-01-02T03:04:05.678Z'),
      doc: { q: "o'k", n: [1, 2] },
      big: '-12',
      ok: true,
    });
    expect(b.rows[0]).toMatchObject({ id: 2, label: null, ok: false });
    const read = await sql`${sql.raw(PREPARE)} select label from t where id = ${1}`.execute(db);
    expect(read.rows).toEqual([{ label: hostile }]);
  });

  it('leaves text with a backslash or a NUL, arrays and other objects to a bound parameter', async () => {
    expect(literalArguments(['a\\b'])).toBeNull();
    expect(literalArguments(['a\0b'])).toBeNull();
    expect(literalArguments([[1, 2]])).toBeNull();
    expect(literalArguments([Buffer.from('x')])).toBeNull();
    expect(literalArguments([Number.NaN])).toBeNull();
    expect(literalArguments([-1, 2n, "o'k", null, true])).toEqual([
      "'-1'",
      "'2'",
      "'o''k'",
      'null',
      "'true'",
    ]);
    // a number is read by the parameter's type as bound text is: not rounded into an integer
    await expect(sql`${sql.raw(PREPARE)} select id from t where id = ${2.5}`.execute(db)).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    const r = await insert(3, 'back\\slash', null, null, null, null);
    expect(r.rows[0]).toMatchObject({ label: 'back\\slash' });
  });

  it('runs a statement it cannot prepare as before, and inside a transaction never prepares', async () => {
    // the type of $1 cannot be determined: `prepare` fails, the statement runs bound
    const r = await sql<{ x: string }>`${sql.raw(PREPARE)} select ${'v'} as x`.execute(db);
    expect(r.rows).toEqual([{ x: 'v' }]);
    const before = await prepared();
    await db.transaction().execute(async (trx) => {
      await sql`${sql.raw(PREPARE)} select id from t where id = ${2} and ok = ${false}`.execute(trx);
    });
    expect(await prepared()).toBe(before);
  });

  it('prepares again a statement whose table changed under it', async () => {
    const read = () =>
      sql<Record<string, unknown>>`${sql.raw(PREPARE)} select * from t where id = ${1}`.execute(db);
    expect(Object.keys((await read()).rows[0]!)).not.toContain('extra');
    await sql`alter table t add column extra text default 'x'`.execute(db);
    expect((await read()).rows[0]).toMatchObject({ id: 1, extra: 'x' });
    expect((await read()).rows[0]).toMatchObject({ id: 1, extra: 'x' });
  });
});
