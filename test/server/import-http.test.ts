import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFile } from '../../bench/legacy-gen.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase('import');
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
  const { demoSignInBody } = await import('../helpers/app.ts');
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  const cookie = `redline_session=${res.cookies.find((c) => c.name === 'redline_session')!.value}`;
  return { cookie, csrf: res.json().csrfToken as string };
}

/** A multipart/form-data body with fields and one file. */
function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----redline${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('legacy import over HTTP', () => {
  it('an administrator uploads a file, polls progress to the end and downloads the report; others may not', async () => {
    const path = join(tmpdir(), `import-http-${process.pid}.csv`);
    await generateLegacyFile({ count: 60, out: path, seed: 5, start: 500_000 });
    const content = Buffer.concat([await readFile(path), Buffer.from('EARM-X,,Name\n')]);
    const body = multipart({ source: 'HTTP-TEST', officeId: 'NYC' }, { name: 'legacy.csv', content });

    const officer = await session('officer');
    const refused = await server.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(refused.statusCode).toBe(403);

    const admin = await session('admin');
    const bad = multipart({ source: 'HTTP-TEST', officeId: 'NOPE' }, { name: 'legacy.csv', content });
    const badRes = await server.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': bad.contentType },
      payload: bad.payload,
    });
    expect(badRes.statusCode).toBe(422);
    expect(badRes.json().errors).toEqual([expect.objectContaining({ field: 'officeId' })]);

    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    let run: { status: string; created: number; rejected: number; rowsSeen: number } = {
      status: 'running',
      created: 0,
      rejected: 0,
      rowsSeen: 0,
    };
    for (let i = 0; i < 600 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      // other requests are answered while the import runs
      const poll = await server.inject({
        method: 'GET',
        url: `/api/v1/imports/${id}`,
        headers: { cookie: admin.cookie },
      });
      expect(poll.statusCode).toBe(200);
      run = poll.json();
    }
    expect(run).toMatchObject({ status: 'completed', created: 60, rejected: 1, rowsSeen: 61 });
    const report = await server.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/errors.csv`,
      headers: { cookie: admin.cookie },
    });
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body).toBe('line,field,reason\r\n62,(row),The row has 3 cells; the header has 40.\r\n');
    const officerRead = await server.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}`,
      headers: { cookie: officer.cookie },
    });
    expect(officerRead.statusCode).toBe(403);
  }, 300_000);
});
