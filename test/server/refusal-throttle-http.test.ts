// Anonymous refused mutations are limited per source address (src/server/refusal-throttle.ts): the first
// ones are audited one by one, then the address is answered 429 for the rest of the window, and everything
// past the limit is written as one entry when the window ends. Signed-in users and sign-in are not limited.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import type { Database } from '../../src/store/db.ts';
import { signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const LIMIT = 5;
let d: Database;
let t: ReturnType<typeof testApp>;
let server: FastifyInstance;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    anonymousRefusalsPerMinute: LIMIT,
  });
});
afterAll(async () => {
  await server.close();
  await d.close();
});

const entries = (action: string, ip: string) =>
  d.db
    .selectFrom('audit_log')
    .select(['detail', 'outcome'])
    .where('action', '=', action)
    .where('source_ip', '=', ip)
    .where('actor_username', '=', 'anonymous')
    .orderBy('seq')
    .execute();

const anonymousPost = (ip: string) =>
  server.inject({ method: 'POST', url: '/api/v1/cases', remoteAddress: ip, payload: { purpose: 'x' } });

describe('anonymous refusals per source address', () => {
  it('audits the first ones, turns the address away with 429, and writes the rest as one entry per window', async () => {
    const ip = '192.0.2.10';
    const answers: number[] = [];
    for (let i = 0; i < LIMIT + 7; i++) answers.push((await anonymousPost(ip)).statusCode);
    // LIMIT refusals are answered and audited, then the address is turned away
    expect(answers).toEqual([...Array(LIMIT).fill(401), ...Array(7).fill(429)]);
    const turned = await anonymousPost(ip);
    expect(turned.headers['retry-after']).toMatch(/^\d+$/);
    expect(turned.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(await entries('request.refused', ip)).toHaveLength(LIMIT);
    expect(await entries('request.refused.throttled', ip)).toHaveLength(0);

    // another address is not affected
    expect((await anonymousPost('192.0.2.11')).statusCode).toBe(401);

    // a signed-in user at the same address is not limited, and sign-in itself stays open
    const officer = await signInDemo(server, 'officer', t.app);
    const own = await server.inject({
      method: 'POST',
      url: '/api/v1/cases',
      remoteAddress: ip,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
      payload: {},
    });
    expect(own.statusCode).toBe(422);
    const signIn = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: ip,
      payload: { username: 'nobody', passphrase: 'wrong passphrase here' },
    });
    expect(signIn.statusCode).toBe(401);

    // the window ends: one entry counts everything turned away (8), then the address is heard again
    t.clock.advance(61_000);
    expect((await anonymousPost(ip)).statusCode).toBe(401);
    const summary = await entries('request.refused.throttled', ip);
    expect(summary).toHaveLength(1);
    expect(summary[0]!.outcome).toBe('denied');
    expect(summary[0]!.detail).toMatchObject({ address: ip, suppressed: 8, perWindow: LIMIT });
    expect(await entries('request.refused', ip)).toHaveLength(LIMIT + 1);
    expect((await verifyAuditChain(d.db, null)).ok).toBe(true);
  });
});

describe('limits shared by server instances on one database', () => {
  let second: FastifyInstance;
  beforeAll(async () => {
    second = await buildServer({
      app: t.app,
      secureCookies: false,
      cookieSecret: 'test-secret-test-secret-test-secret',
      anonymousRefusalsPerMinute: LIMIT,
    });
  });
  afterAll(async () => {
    await second.close();
  });
  const postTo = (s: FastifyInstance, ip: string) =>
    s.inject({ method: 'POST', url: '/api/v1/cases', remoteAddress: ip, payload: { purpose: 'x' } });

  it('an address gets its refusals once across two instances, even when its requests arrive together', async () => {
    const ip = '192.0.2.20';
    const answers = await Promise.all(
      Array.from({ length: 4 * LIMIT }, (_, i) => postTo(i % 2 === 0 ? server : second, ip)),
    );
    // exactly LIMIT are audited one by one, whichever instance answered; the others are refused (401, for
    // those that passed the door before the limit was reached) or turned away (429), and counted
    const statuses = new Set(answers.map((a) => a.statusCode));
    expect([...statuses].every((s) => s === 401 || s === 429)).toBe(true);
    expect(await entries('request.refused', ip)).toHaveLength(LIMIT);
    // and from now on either instance turns the address away
    expect((await postTo(second, ip)).statusCode).toBe(429);
    expect((await postTo(server, ip)).statusCode).toBe(429);

    // once the window has ended, one entry for the window, written once though both instances report
    t.clock.advance(61_000);
    await Promise.all([postTo(server, ip), postTo(second, ip)]);
    const summary = await entries('request.refused.throttled', ip);
    expect(summary).toHaveLength(1);
    expect(summary[0]!.detail).toMatchObject({ address: ip, suppressed: 3 * LIMIT + 2, perWindow: LIMIT });
    expect(await entries('request.refused', ip)).toHaveLength(LIMIT + 2);
    expect((await verifyAuditChain(d.db, null)).ok).toBe(true);
  });

  it("the portal's limit per address is shared by the instances", async () => {
    const ip = '192.0.2.21';
    const open = (s: FastifyInstance) =>
      s.inject({
        method: 'POST',
        url: '/api/v1/portal/session',
        remoteAddress: ip,
        // no credential at all: refused as a bad body (422), which is counted like any attempt and never
        // locks the address the way wrong codes do
        payload: {},
      });
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await open(i % 2 === 0 ? server : second);
      answers.push(`${r.statusCode} ${r.json().code ?? ''}`.trim());
    }
    // ten attempts a minute per address in all (not ten per instance), then 429 on either instance
    expect(answers.slice(0, 10).every((a) => a.startsWith('422'))).toBe(true);
    expect(answers.slice(10)).toEqual(['429 rate_limited', '429 rate_limited']);
  });
});
