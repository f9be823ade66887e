import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let root: string;
const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'redline-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Redline</title><div id="root"></div>');
  writeFileSync(join(root, 'assets/app-abc123.js'), script);
  writeFileSync(join(root, 'assets/app-abc123.js.br'), brotliCompressSync(script));
  d = await testDatabase();
  server = await buildServer({
    app: testApp(d).app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    webRoot: root,
  });
});
afterAll(async () => {
  await server.close();
  await d.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the web application', () => {
  it('serves hashed assets for a year, compressed for browsers that accept it', async () => {
    const br = await server.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(br.headers['content-length'])).toBeLessThan(script.length / 10);
    const plain = await server.inject({
      url: '/assets/app-abc123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("answers a page address with the application's page, never cached, and leaves the API alone", async () => {
    const page = await server.inject({ url: '/cases/7f1c2f9e-0000-4000-8000-000000000000' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<div id="root">');
    const api = await server.inject({ url: '/api/v1/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missingAsset = await server.inject({ url: '/assets/gone-999.js' });
    expect(missingAsset.statusCode).toBe(404);
  });
});
