/**
 * Database faults against a real, throw-away PostgreSQL cluster that this file starts and stops itself
 * (initdb/pg_ctl on a free port, data in a temporary directory; never the shared server). The server under
 * test is the real one (openApp + startServer, configured from environment variables), spoken to over HTTP.
 *
 * It runs once per `npm test`: in the default pass (REDLINE_TEST_DB unset or `pglite`). The PostgreSQL pass
 * skips it, since it does not use that pass's server anyway. It is skipped, with the reason printed, when
 * the PostgreSQL binaries are missing.
 *
 * Timings are printed (not asserted): how long each request took to get its 503.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { cliCall, openApp, startServer } from '../../src/server/start.ts';
import type { Database } from '../../src/store/db.ts';
import { clusterUnavailableReason, type PgCluster, startCluster } from '../helpers/pg-cluster.ts';

const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 1500;
const POOL_SIZE = 3;
const RETRY_AFTER = 2;

const missing = clusterUnavailableReason();
const otherPass = process.env.REDLINE_TEST_DB === 'postgres';
if (missing) console.warn(`Database fault tests skipped: ${missing}.`);
else if (otherPass)
  console.warn('Database fault tests run in the default (PGlite) pass of npm test, not this one.');

let cluster: PgCluster;
let config: Config;
let database: Database;
let server: FastifyInstance;
let base: string;
let keyDir: string;
let session: { cookie: string; csrf: string };
const timings: string[] = [];

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
  ms: number;
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const answer: Answer = {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    ms: Math.round(performance.now() - started),
  };
  if (answer.status === 503)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json|json/);
  return answer;
}

const listCases = () => call('GET', '/api/v1/cases', undefined, { cookie: session.cookie });
const signIn = (username = 'officer') =>
  call('POST', '/api/v1/session', { username, passphrase: DEMO_PASSPHRASE, code: demoTotpCode(username) });

function expectUnavailable(a: Answer, scenario: string) {
  timings.push(`${scenario}: ${a.status} in ${a.ms} ms`);
  expect(a.status, JSON.stringify(a.body)).toBe(503);
  expect(a.retryAfter).toBe(String(RETRY_AFTER));
  expect(a.body).toMatchObject({ status: 503, code: 'database_unavailable', dependency: 'database' });
}

describe.skipIf(Boolean(missing) || otherPass)('when PostgreSQL fails', () => {
  beforeAll(async () => {
    cluster = await startCluster();
    keyDir = mkdtempSync(join(tmpdir(), 'redline-faults-keys-'));
    config = loadConfig({
      DATABASE_URL: cluster.url,
      REDLINE_DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      REDLINE_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      REDLINE_DB_POOL_SIZE: String(POOL_SIZE),
      REDLINE_RETRY_AFTER_SECONDS: String(RETRY_AFTER),
      REDLINE_DATA_DIR: keyDir,
      REDLINE_AUDIT_KEY_FILE: join(keyDir, 'audit.pem'),
      REDLINE_DEMO: '0',
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const opened = await openApp(config);
    database = opened.database;
    await seedDemo(cliCall(opened.app, 'test'));
    server = await startServer(config, opened.app);
    const { port } = server.addresses()[0] as { port: number };
    base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'officer',
        passphrase: DEMO_PASSPHRASE,
        code: demoTotpCode('officer'),
      }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('redline_session='))!;
    session = {
      cookie: cookie.split(';')[0]!,
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
    };
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await database?.close().catch(() => {});
    await cluster?.destroy();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
    console.log(
      `Database fault timings (connect timeout ${CONNECT_TIMEOUT_MS} ms, statement timeout ${STATEMENT_TIMEOUT_MS} ms):\n  ${timings.join('\n  ')}`,
    );
  });

  it('answers 503 with Retry-After while the server is down, reports it in /health, and recovers when it is back', async () => {
    expect((await listCases()).status).toBe(200);
    expect((await call('GET', '/api/v1/health')).status).toBe(200);

    await cluster.stopImmediate();
    expectUnavailable(await listCases(), 'server stopped, signed-in read');
    expectUnavailable(await signIn(), 'server stopped, sign-in');
    expectUnavailable(await listCases(), 'server stopped, read again');
    const health = await call('GET', '/api/v1/health');
    timings.push(`server stopped, /health: ${health.status} in ${health.ms} ms`);
    expect(health.status).toBe(503);
    expect(health.retryAfter).toBe(String(RETRY_AFTER));
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'postgres', failed: ['database'] });
    expect(health.body.dependencies).toContainEqual({ name: 'audit_keys', status: 'ok', problem: null });

    // The process is still here, serving: the same server answers once the database is back.
    await cluster.start();
    const back = await listCases();
    expect(back.status).toBe(200);
    expect((await signIn()).status).toBe(200);
    expect((await call('GET', '/api/v1/health')).body).toMatchObject({ status: 'ok', database: 'postgres' });
  });

  it('survives the server going away while connections are checked out and a request is in flight', async () => {
    expect((await listCases()).status).toBe(200);
    // A connection checked out of the pool with no statement running (as inside a transaction between two
    // statements), and a request whose statement waits on a lock.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let heldReady!: () => void;
    const ready = new Promise<void>((r) => {
      heldReady = r;
    });
    const held = database.db
      .connection()
      .execute(async () => {
        heldReady();
        await released;
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    await ready;
    const holder = new pg.Client({ connectionString: cluster.url });
    holder.on('error', () => {}); // the test's own connection also sees the server go
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table sessions in access exclusive mode');
    const inFlight = listCases();
    await new Promise((r) => setTimeout(r, 200));
    await cluster.stopImmediate();
    expectUnavailable(await inFlight, 'server stopped during a request');
    release();
    await held;
    await holder.end().catch(() => {});
    await cluster.start();
    expect((await listCases()).status).toBe(200);
  });

  it('answers 503 within the timeouts when the database is frozen, and recovers when it thaws', async () => {
    expect((await listCases()).status).toBe(200); // the pool now holds connections to the backends
    await cluster.signalAll('SIGSTOP');
    try {
      // Pooled connections: the client gives up after the statement timeout (the frozen server cannot
      // cancel anything). New connections: the connect timeout.
      expectUnavailable(await listCases(), 'database frozen (SIGSTOP), signed-in read');
      expectUnavailable(await signIn(), 'database frozen (SIGSTOP), sign-in');
      const health = await call('GET', '/api/v1/health');
      timings.push(`database frozen, /health: ${health.status} in ${health.ms} ms`);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ failed: ['database'] });
    } finally {
      await cluster.signalAll('SIGCONT');
    }
    expect((await listCases()).status).toBe(200);
    expect((await signIn()).status).toBe(200);
  });

  it('answers 503 after the statement timeout when a statement waits on a lock', async () => {
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table sessions in access exclusive mode');
      expectUnavailable(await listCases(), 'sessions table locked, signed-in read');
      await holder.query('rollback');
    } finally {
      await holder.end();
    }
    expect((await listCases()).status).toBe(200);
  });

  it('answers 503, not 500, when PostgreSQL refuses new connections (too many clients)', async () => {
    // A second server instance on the same database, with an empty pool: its first request needs a new
    // connection, and the database has none left.
    const second = await openApp(config);
    const secondServer = await buildServer({
      app: second.app,
      secureCookies: false,
      cookieSecret: 'test-secret-test-secret-test-secret',
      retryAfterSeconds: RETRY_AFTER,
    });
    const hogs: pg.Client[] = [];
    try {
      // Reaching the limit: connect until the server refuses.
      for (let i = 0; i < 40; i++) {
        const c = new pg.Client({ connectionString: cluster.url });
        try {
          await c.connect();
          hogs.push(c);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('53300');
          break;
        }
      }
      const started = performance.now();
      const res = await secondServer.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'officer', passphrase: DEMO_PASSPHRASE, code: demoTotpCode('officer') },
      });
      timings.push(
        `too many clients, sign-in: ${res.statusCode} in ${Math.round(performance.now() - started)} ms`,
      );
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBe(String(RETRY_AFTER));
      expect(res.json()).toMatchObject({ code: 'database_unavailable', dependency: 'database' });
    } finally {
      await Promise.all(hogs.map((c) => c.end()));
    }
    const again = await secondServer.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'officer', passphrase: DEMO_PASSPHRASE, code: demoTotpCode('officer') },
    });
    expect(again.statusCode).toBe(200);
    await secondServer.close();
    await second.database.close();
  });

  it('answers 503 after the connect timeout when no pooled connection becomes free, not 500', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let held = 0;
    const holdErrors: unknown[] = [];
    const allHeld = new Promise<void>((resolve) => {
      for (let i = 0; i < POOL_SIZE; i++)
        database.db
          .connection()
          .execute(async () => {
            held += 1;
            if (held === POOL_SIZE) resolve();
            await released;
          })
          .catch((err: unknown) => holdErrors.push(err));
    });
    await allHeld;
    try {
      const a = await listCases();
      expectUnavailable(a, `pool exhausted (${POOL_SIZE} of ${POOL_SIZE} held), signed-in read`);
      expect(String(a.body.detail)).toMatch(/no database connection became free/);
    } finally {
      release();
    }
    expect((await listCases()).status).toBe(200);
    expect(holdErrors).toEqual([]);
  });
});
