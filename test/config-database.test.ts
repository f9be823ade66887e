import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('database timeouts from the environment', () => {
  it('have defaults, and are read from REDLINE_DB_* and REDLINE_RETRY_AFTER_SECONDS', () => {
    expect(loadConfig({})).toMatchObject({
      dbConnectTimeoutMs: 5000,
      dbStatementTimeoutMs: 10_000,
      dbPoolSize: 10,
      retryAfterSeconds: 5,
    });
    expect(
      loadConfig({
        REDLINE_DB_CONNECT_TIMEOUT_MS: '750',
        REDLINE_DB_STATEMENT_TIMEOUT_MS: '0',
        REDLINE_DB_POOL_SIZE: '4',
        REDLINE_RETRY_AFTER_SECONDS: '30',
      }),
    ).toMatchObject({
      dbConnectTimeoutMs: 750,
      dbStatementTimeoutMs: 0,
      dbPoolSize: 4,
      retryAfterSeconds: 30,
    });
  });

  it('refuse values that are not whole numbers in range, naming the variable', () => {
    for (const [name, value] of [
      ['REDLINE_DB_CONNECT_TIMEOUT_MS', '0'], // no connect timeout would mean waiting for ever
      ['REDLINE_DB_CONNECT_TIMEOUT_MS', 'soon'],
      ['REDLINE_DB_STATEMENT_TIMEOUT_MS', '-1'],
      ['REDLINE_DB_STATEMENT_TIMEOUT_MS', '1.5'],
      ['REDLINE_DB_POOL_SIZE', '0'],
      ['REDLINE_RETRY_AFTER_SECONDS', '0'],
    ] as const)
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(name);
  });
});
