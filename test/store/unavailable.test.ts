import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../../src/store/unavailable.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which errors mean the database is unavailable', () => {
  it('recognises a refused connection as node-postgres reports it', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    const err = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(databaseUnavailable(err)).toBe('unreachable');
  });

  it('recognises SQLSTATEs of shutdown, timeouts and exhaustion, and the pool and client messages', () => {
    expect(databaseUnavailable(withCode('57P01'))).toBe('connection_lost');
    expect(databaseUnavailable(withCode('08006'))).toBe('connection_lost');
    expect(databaseUnavailable(withCode('57P03'))).toBe('unreachable');
    expect(databaseUnavailable(withCode('57014'))).toBe('timeout');
    expect(databaseUnavailable(withCode('53300'))).toBe('busy');
    expect(databaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe('busy');
    expect(databaseUnavailable(new Error('Query read timeout'))).toBe('timeout');
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe('connection_lost');
    expect(
      databaseUnavailable(
        new Error('Connection terminated due to connection timeout', { cause: new Error('x') }),
      ),
    ).toBe('timeout');
    expect(databaseUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(
      'connection_lost',
    );
    expect(databaseUnavailable(new AggregateError([withCode('ECONNREFUSED')]))).toBe('unreachable');
  });

  it('leaves every other error alone (they stay 4xx or 500)', () => {
    for (const code of ['23505', '23503', '40001', '40P01', '55P03', '42P01', '22P02', 'ERR_SOMETHING'])
      expect(databaseUnavailable(withCode(code)), code).toBeNull();
    expect(databaseUnavailable(new Error('Cannot read properties of undefined'))).toBeNull();
    expect(databaseUnavailable(null)).toBeNull();
    expect(databaseUnavailable('a string')).toBeNull();
  });
});
