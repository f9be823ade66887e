/**
 * A page polling progress on its own (the import and re-screen pages, every second) sends
 * `x-redline-activity: passive`: it is served, but it does not slide the session's idle limit, so an
 * unattended session watching an import still times out (server/auth.ts, services/accounts.ts).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { SESSION_IDLE_MS } from '../../src/services/accounts.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase('passive');
  t = testApp(d);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
}, 900_000);
afterAll(async () => {
  await server.close();
  await d.close();
});

async function session(username: string) {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  const cookie = `redline_session=${res.cookies.find((c) => c.name === 'redline_session')!.value}`;
  return { cookie, csrf: res.json().csrfToken as string };
}

function upload(cookie: string, csrf: string) {
  const boundary = '----redlinepassive';
  const csv = 'external_id,family_name\nP-1,Karimov\n';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nPASSIVE-TEST\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="officeId"\r\n\r\nNYC\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="legacy.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
  );
  return server.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

/** Polls `url` once a simulated minute, with or without the passive header; the status of each answer. */
async function watch(cookie: string, url: string, passive: boolean, minutes: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < minutes; i++) {
    t.clock.advance(60_000);
    const res = await server.inject({
      method: 'GET',
      url,
      headers: { cookie, ...(passive ? { 'x-redline-activity': 'passive' } : {}) },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe('progress polls do not keep a session alive', () => {
  it('an idle session watching an import times out; the same polls counted as activity would have kept it', async () => {
    const minutes = SESSION_IDLE_MS / 60_000 + 2;

    const watcher = await session('admin');
    const started = await upload(watcher.cookie, watcher.csrf);
    expect(started.statusCode).toBe(202);
    const { id } = started.json() as { id: string };
    const passive = await watch(watcher.cookie, `/api/v1/imports/${id}`, true, minutes);
    // Served while the idle limit runs, then the session is over.
    expect(passive[0]).toBe(200);
    expect(passive.at(-1)).toBe(401);
    const firstRefused = passive.indexOf(401);
    expect(firstRefused).toBe(SESSION_IDLE_MS / 60_000 - 1);
    const after = await server.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: watcher.cookie },
    });
    expect(after.statusCode).toBe(401);

    // The same polls without the header are activity: the session stays open (so the header is what matters).
    const active = await session('admin');
    const polls = await watch(active.cookie, `/api/v1/imports/${id}`, false, minutes);
    expect(polls.every((s) => s === 200)).toBe(true);
  }, 300_000);

  it('the re-screen page’s passive poll does not slide the idle limit either; an ordinary read does', async () => {
    const s = await session('admin');
    const before = await server.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: s.cookie },
    });
    const idleBefore = before.json().idleExpiresAt as string;
    t.clock.advance(5 * 60_000);
    const poll = await server.inject({
      method: 'GET',
      url: '/api/v1/rescreen-runs',
      headers: { cookie: s.cookie, 'x-redline-activity': 'passive' },
    });
    expect(poll.statusCode).toBe(200);
    const still = await server.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: s.cookie, 'x-redline-activity': 'passive' },
    });
    expect(still.json().idleExpiresAt).toBe(idleBefore);
    // A read without the header slides it.
    const moved = await server.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: s.cookie },
    });
    expect(new Date(moved.json().idleExpiresAt).getTime()).toBeGreaterThan(new Date(idleBefore).getTime());
  }, 300_000);
});
