import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { badFileCorpus, cleanPdf, docx, jpeg, png, text, tiff } from '../helpers/document-files.ts';
import { documentCounts, filesUnder, multipart, setDocumentLimit, tempVault } from '../helpers/documents.ts';

const LIMIT = 64 * 1024;

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;
let v: ReturnType<typeof tempVault>;
let officer: DemoSession;
let caseId: string;
let otherCaseId: string;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  v = tempVault();
  t.app.documents = v.vault;
  await seedDemoData(t.system);
  await setDocumentLimit(d.db, LIMIT);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  officer = await signInDemo(server, 'officer', t.app);
  const office = await d.db
    .selectFrom('users')
    .select('office_id')
    .where('username', '=', 'officer')
    .executeTakeFirstOrThrow();
  caseId = (
    await d.db
      .selectFrom('cases')
      .select('id')
      .where('office_id', '=', office.office_id!)
      .executeTakeFirstOrThrow()
  ).id;
  otherCaseId = (
    await d.db
      .selectFrom('cases')
      .select('id')
      .where('office_id', '!=', office.office_id!)
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);
afterAll(async () => {
  await server.close();
  await d.close();
  v.cleanup();
});

function upload(
  s: DemoSession,
  fileName: string,
  bytes: Buffer,
  query = 'kind=warrant&language=fr',
  onCase = caseId,
) {
  const body = multipart(fileName, bytes);
  return server.inject({
    method: 'POST',
    url: `/api/v1/cases/${onCase}/documents?${query}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...body.headers },
    payload: body.payload,
  });
}

describe('the bad-file corpus', () => {
  for (const bad of badFileCorpus(LIMIT)) {
    it(`refuses ${bad.label} with a clear problem, and stores nothing`, async () => {
      const before = await documentCounts(d.db);
      const objectsBefore = filesUnder(v.objectsDir).length;
      const res = await upload(officer, bad.fileName, await bad.bytes());
      expect(res.statusCode, res.body).toBe(bad.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const p = res.json() as {
        code: string;
        reason: string;
        detail: string;
        errors: Array<{ field: string; message: string }>;
      };
      expect(p.reason).toBe(bad.reason);
      expect(p.errors[0]!.field).toBe('file');
      expect(p.detail.length).toBeGreaterThan(10);
      expect(await documentCounts(d.db)).toEqual(before);
      expect(filesUnder(v.objectsDir).length).toBe(objectsBefore);
      // eslint-disable-next-line no-console
      console.log(
        `corpus: ${bad.label} (${bad.fileName}) → ${res.statusCode} ${p.code}/${p.reason}: ${p.detail}`,
      );
    });
  }
});

describe('good files', () => {
  const good: Array<[string, () => Buffer | Promise<Buffer>, string]> = [
    ['warrant.pdf', () => cleanPdf(), 'application/pdf'],
    ['photo.png', png, 'image/png'],
    ['photo.jpeg', jpeg, 'image/jpeg'],
    ['scan.tiff', tiff, 'image/tiff'],
    ['letter.docx', () => docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['translation.txt', () => text(), 'text/plain'],
    ['exactly at the limit.txt', () => Buffer.alloc(LIMIT, 'b'), 'text/plain'],
  ];
  for (const [name, bytes, mime] of good) {
    it(`accepts ${name} as ${mime}, stored encrypted`, async () => {
      const plain = await bytes();
      const res = await upload(officer, name, plain);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as {
        documentId: string;
        sha256: string;
        contentType: string;
        fileName: string;
      };
      expect(body.contentType).toBe(mime);
      const stored = filesUnder(v.objectsDir).find((f) => f.endsWith(body.sha256))!;
      expect(stored).toBeDefined();
    });
  }

  it('a name without a type of its own gets the detected extension; a safe name is stored', async () => {
    const res = await upload(
      officer,
      'Orden de detención (copia)',
      text('Orden de detención — copia certificada.\n'),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { fileName: string }).fileName).toBe('Orden de detención (copia).txt');
  });
});

describe('download and list', () => {
  it('downloads as an attachment with nosniff and a safe name, and audits it', async () => {
    const plain = await cleanPdf('Judgment of the court');
    const up = await upload(
      officer,
      'judgment: final?.pdf',
      plain,
      'kind=judgment&language=fr&source=Tribunal',
    );
    expect(up.statusCode, up.body).toBe(201);
    const { documentId } = up.json() as { documentId: string };
    const res = await server.inject({
      method: 'GET',
      url: `/api/v1/documents/${documentId}/file`,
      headers: { cookie: officer.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe('attachment; filename="judgment_ final.pdf"');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(res.rawPayload, plain)).toBe(0);
    const audit = await d.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('entity_id', '=', documentId)
      .where('action', '=', 'document.download')
      .execute();
    expect(audit).toEqual([{ action: 'document.download', outcome: 'ok' }]);

    const list = await server.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/documents`,
      headers: { cookie: officer.cookie },
    });
    expect(list.statusCode).toBe(200);
    const doc = (
      list.json() as {
        documents: Array<{ id: string; kind: string; source: string; hasFile: boolean; uploadedBy: string }>;
      }
    ).documents.find((x) => x.id === documentId)!;
    expect(doc).toMatchObject({ kind: 'judgment', source: 'Tribunal', hasFile: true });
    expect(doc.uploadedBy).toBeTruthy();
  });

  it('preview is served inline only under a strict policy', async () => {
    const up = await upload(officer, 'photo.png', png(), 'kind=other');
    const { documentId } = up.json() as { documentId: string };
    const res = await server.inject({
      method: 'GET',
      url: `/api/v1/documents/${documentId}/file?disposition=inline`,
      headers: { cookie: officer.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^inline;/);
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});

describe('office scope and permission', () => {
  it("another office's case answers as an unknown one, and nothing is stored", async () => {
    const before = await documentCounts(d.db);
    const other = await upload(officer, 'warrant.pdf', await cleanPdf(), 'kind=warrant', otherCaseId);
    const unknown = await upload(
      officer,
      'warrant.pdf',
      await cleanPdf(),
      'kind=warrant',
      '00000000-0000-4000-8000-000000000000',
    );
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(other.json().detail).toBe(unknown.json().detail);
    expect(await documentCounts(d.db)).toEqual(before);
  });

  it("another office's document cannot be downloaded (same 404 as unknown)", async () => {
    const officer2 = await signInDemo(server, 'officer2', t.app);
    const mine = await upload(officer, 'warrant.pdf', await cleanPdf('mine'), 'kind=warrant');
    const { documentId } = mine.json() as { documentId: string };
    const office2 = await d.db
      .selectFrom('users')
      .select('office_id')
      .where('username', '=', 'officer2')
      .executeTakeFirstOrThrow();
    const office1 = await d.db
      .selectFrom('users')
      .select('office_id')
      .where('username', '=', 'officer')
      .executeTakeFirstOrThrow();
    expect(office2.office_id).not.toBe(office1.office_id);
    const res = await server.inject({
      method: 'GET',
      url: `/api/v1/documents/${documentId}/file`,
      headers: { cookie: officer2.cookie },
    });
    const unknown = await server.inject({
      method: 'GET',
      url: '/api/v1/documents/00000000-0000-4000-8000-000000000000/file',
      headers: { cookie: officer2.cookie },
    });
    expect(res.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(res.json().detail).toBe(unknown.json().detail);
  });

  it('an administrator may not upload', async () => {
    const admin = await signInDemo(server, 'admin', t.app);
    const res = await upload(admin, 'warrant.pdf', await cleanPdf(), 'kind=warrant');
    expect(res.statusCode).toBe(403);
  });

  it('a malformed multipart body is a 400 naming the body, never a 500, and stores nothing', async () => {
    const before = await documentCounts(d.db);
    const objectsBefore = filesUnder(v.objectsDir).length;
    const good = multipart('warrant.pdf', await cleanPdf());
    const bodies: Array<[string, Buffer, string]> = [
      // cut off in the middle of the file: no closing boundary
      ['truncated', good.payload.subarray(0, good.payload.length - 200), good.headers['content-type']],
      // a part whose header never ends
      [
        'bad part header',
        Buffer.from('--b\r\nContent-Disposition: form-data; name="file"'),
        'multipart/form-data; boundary=b',
      ],
      // no boundary in the content type
      ['no boundary', good.payload, 'multipart/form-data'],
      // the boundary announced is not the one used
      ['wrong boundary', good.payload, 'multipart/form-data; boundary=other'],
    ];
    for (const [label, payload, contentType] of bodies) {
      const res = await server.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/documents?kind=warrant&language=fr`,
        headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': contentType },
        payload,
      });
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, label).toBeLessThan(500);
      expect(res.headers['content-type'], label).toContain('application/problem+json');
    }
    expect(await documentCounts(d.db)).toEqual(before);
    expect(filesUnder(v.objectsDir).length).toBe(objectsBefore);
  });

  it('a bad kind or language is a field problem', async () => {
    const res = await upload(officer, 'warrant.pdf', await cleanPdf(), 'kind=warrant&language=klingon');
    expect(res.statusCode).toBe(422);
    expect((res.json() as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('language');
    const kind = await upload(officer, 'warrant.pdf', await cleanPdf(), 'kind=poem');
    expect(kind.statusCode).toBe(422);
  });
});
