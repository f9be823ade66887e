/** The packet over HTTP: problems that name the field, the PDF download, office scope and the review page's data. */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
});
afterAll(async () => {
  await server.close();
  await d.close();
});

function send(s: DemoSession, method: 'POST' | 'GET', url: string, payload?: unknown) {
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describe('packet routes', () => {
  it('generates, lists and downloads; bad input is a problem naming the field; another office gets 404', async () => {
    const walk = caseWalker(t);
    const c = await walk.open('officer');
    await walk.confirmAndRequest(c.id);
    await walk.receiveDocuments(c.id);
    const officer = await signInDemo(server, 'officer', t.app);

    const bad = await send(officer, 'POST', `/cases/${c.id}/packets`, { language: 'tg' });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('"language"');
    const wrongType = await send(officer, 'POST', `/cases/${c.id}/packets`, { language: 42 });
    expect(wrongType.statusCode).toBe(422);
    expect(JSON.stringify(wrongType.json())).toContain('language');

    const made = await send(officer, 'POST', `/cases/${c.id}/packets`, {});
    expect(made.statusCode, made.body).toBe(201);
    const p = made.json() as { id: string; language: string; sha256: string; fileSha256: string };
    expect(p.language).toBe('fr'); // the person reads French

    const list = await send(officer, 'GET', `/cases/${c.id}/packets`);
    expect(list.json().items[0]).toMatchObject({ id: p.id, version: 1, latest: true, servedIn: [] });

    const pdf = await send(officer, 'GET', `/cases/${c.id}/packets/${p.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="RL-\d{4}-\d{6}-packet-v1-fr\.pdf"$/,
    );
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(p.fileSha256);

    // An unknown packet, and the Miami office's officer: the same 404.
    const unknown = await send(officer, 'GET', `/cases/${c.id}/packets/${c.id}/pdf`);
    expect(unknown.statusCode).toBe(404);
    const miami = await signInDemo(server, 'officer2', t.app);
    const other = await send(miami, 'GET', `/cases/${c.id}/packets/${p.id}/pdf`);
    expect(other.statusCode).toBe(404);

    // The review page's data: every language, English as the source.
    const coordinator = await signInDemo(server, 'coordinator', t.app);
    const tr = await send(coordinator, 'GET', '/packet-translations');
    expect(tr.statusCode).toBe(200);
    const items = tr.json().items as Array<{
      language: string;
      approved: boolean;
      source: boolean;
      rtl: boolean;
    }>;
    expect(items.map((i) => i.language)).toEqual([
      'en',
      'es',
      'ru',
      'zh',
      'ar',
      'tr',
      'fa',
      'fr',
      'uk',
      'ht',
    ]);
    expect(items.filter((i) => i.rtl).map((i) => i.language)).toEqual(['ar', 'fa']);
    const badApproval = await send(coordinator, 'POST', '/packet-translations/xx/approvals', {
      sha256: 'abc',
    });
    expect(badApproval.statusCode).toBe(422);
    expect(JSON.stringify(badApproval.json())).toMatch(/"language".*"sha256"|"sha256".*"language"/s);
  }, 180_000);
});
