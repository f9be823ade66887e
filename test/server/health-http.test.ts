import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.ts';
import { AuditSigner } from '../../src/services/audit.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let keyDir: string;

beforeAll(async () => {
  d = await testDatabase();
  keyDir = mkdtempSync(join(tmpdir(), 'redline-health-'));
  const t = testApp(d);
  t.app.signer = new AuditSigner(join(keyDir, 'keys', 'audit.pem'));
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    retryAfterSeconds: 7,
  });
});
afterAll(async () => {
  await server?.close();
  await d?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('GET /health', () => {
  it('lists each dependency as ok when all answer', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      dependencies: [
        { name: 'database', status: 'ok', problem: null },
        { name: 'audit_keys', status: 'ok', problem: null },
      ],
    });
  });

  it('answers 503 with Retry-After and names the audit keys when the signing key cannot be read', async () => {
    rmSync(join(keyDir, 'keys'), { recursive: true, force: true });
    const res = await server.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toMatchObject({
      status: 'unavailable',
      failed: ['audit_keys'],
      dependencies: [
        { name: 'database', status: 'ok' },
        { name: 'audit_keys', status: 'failed' },
      ],
    });
  });
});
