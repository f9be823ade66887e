import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseTrustedProxies } from '../../src/config.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let noProxy: FastifyInstance;
let behindProxy: FastifyInstance;

const options = () => ({
  app: t.app,
  secureCookies: false,
  cookieSecret: 'test-secret-test-secret-test-secret',
});

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  noProxy = await buildServer(options());
  behindProxy = await buildServer({ ...options(), trustedProxies: parseTrustedProxies('10.0.0.0/8, ::1') });
});
afterAll(async () => {
  await noProxy?.close();
  await behindProxy?.close();
  await d?.close();
});

/** Signs in from `peer` with the given X-Forwarded-For; returns the source address the audit entry holds. */
async function auditedSource(server: FastifyInstance, peer: string, forwardedFor?: string) {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    remoteAddress: peer,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: demoSignInBody('officer', t.app),
  });
  expect(res.statusCode).toBe(200);
  const entry = await d.db
    .selectFrom('audit_log')
    .select('source_ip')
    .where('action', '=', 'session.login')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const attempt = await d.db
    .selectFrom('login_attempts')
    .select('source_ip')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  expect(attempt.source_ip).toBe(entry.source_ip);
  return entry.source_ip;
}

describe('X-Forwarded-For and the audited source address', () => {
  it('is ignored when no proxy is configured (the default)', async () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(await auditedSource(noProxy, '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('is ignored from a peer that is not a configured proxy', async () => {
    expect(await auditedSource(behindProxy, '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('is honoured from a configured proxy, up to the first address no configured proxy vouches for', async () => {
    expect(await auditedSource(behindProxy, '10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
    expect(await auditedSource(behindProxy, '::1', '198.51.100.2')).toBe('198.51.100.2');
    // Two proxies in the range, the client behind them.
    expect(await auditedSource(behindProxy, '10.1.2.3', '198.51.100.3, 10.0.0.9')).toBe('198.51.100.3');
    // A client that sends its own X-Forwarded-For through the proxy cannot choose its address: the proxy
    // appends the address it saw, and that is the one kept.
    expect(await auditedSource(behindProxy, '10.1.2.3', '192.0.2.99, 198.51.100.4')).toBe('198.51.100.4');
  });

  it('reads REDLINE_TRUSTED_PROXIES and refuses entries that are not addresses or ranges', () => {
    expect(
      loadConfig({ REDLINE_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16 fd00::/8 loopback' }).trustedProxies,
    ).toEqual(['10.0.0.1', '192.168.0.0/16', 'fd00::/8', 'loopback']);
    for (const bad of ['proxy.example.org', '10.0.0.0/33', '10.0.0.0/', '10.0.0.1/8/2', '*'])
      expect(() => parseTrustedProxies(bad), bad).toThrow(/REDLINE_TRUSTED_PROXIES/);
  });
});
