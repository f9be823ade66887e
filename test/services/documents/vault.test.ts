import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../src/demo/seed.ts';
import { callAsUser } from '../../../src/services/context.ts';
import { downloadDocument } from '../../../src/services/documents/download.ts';
import { DocumentKeyError, newMasterKey, writeKeyFile } from '../../../src/services/documents/keys.ts';
import type { S3ObjectStore } from '../../../src/services/documents/object-store.ts';
import { rotateDocumentKey } from '../../../src/services/documents/rotate-key.ts';
import { uploadDocument } from '../../../src/services/documents/upload.ts';
import { DocumentVault } from '../../../src/services/documents/vault.ts';
import { verifyStoredDocuments } from '../../../src/services/documents/verify.ts';
import type { Database } from '../../../src/store/db.ts';
import { testApp } from '../../helpers/app.ts';
import { testDatabase } from '../../helpers/db.ts';
import { cleanPdf, text } from '../../helpers/document-files.ts';
import { documentCounts, filesUnder, tempVault } from '../../helpers/documents.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let v: ReturnType<typeof tempVault>;
let caseId: string;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  v = tempVault();
  t.app.documents = v.vault;
  await seedDemoData(t.system);
  caseId = (
    await d.db.selectFrom('cases').select('id').where('office_id', '=', 'NYC').executeTakeFirstOrThrow()
  ).id;
}, 120_000);
afterAll(async () => {
  await d.close();
  v.cleanup();
});

const officer = () => callAsUser(t.app, 'officer', 'test');
const up = async (bytes: Buffer, name = 'warrant.pdf') =>
  uploadDocument(await officer(), caseId, { kind: 'warrant', language: 'fr' }, { bytes, fileName: name });

describe('encryption at rest', () => {
  it('the stored bytes are not the plaintext, and the plaintext is nowhere in them', async () => {
    const plain = text('Mandat d’arrêt — Tribunal judiciaire de Lyon — confidential marker 7f3a9c\n');
    const r = await up(plain, 'mandat.txt');
    const stored = readFileSync(filesUnder(v.objectsDir).find((f) => f.endsWith(r.sha256))!);
    expect(stored.equals(plain)).toBe(false);
    expect(stored.includes(Buffer.from('confidential marker 7f3a9c'))).toBe(false);
    expect(stored.length).toBe(plain.length + 4 + 12 + 16);
    // The data key is kept only wrapped, never the master key.
    const row = await d.db
      .selectFrom('stored_objects')
      .selectAll()
      .where('sha256', '=', r.sha256)
      .executeTakeFirstOrThrow();
    expect(row.wrapped_key).not.toContain(v.vault.keys.current.key.toString('base64'));
    const back = await downloadDocument(await officer(), r.documentId);
    expect(back.bytes.equals(plain)).toBe(true);
  });

  it('the same content is stored once (content-addressed)', async () => {
    const plain = await cleanPdf('Same judgment twice');
    const a = await up(plain);
    const b = await up(plain);
    expect(b.sha256).toBe(a.sha256);
    expect(b.documentId).not.toBe(a.documentId);
    expect(b.deduplicated).toBe(true);
  });

  it('a wrong master key fails clearly, naming the key', async () => {
    const r = await up(text('Secret translation for the wrong-key test.\n'), 'translation.txt');
    const otherKeyFile = join(v.dir, 'other.key');
    writeKeyFile(otherKeyFile, newMasterKey());
    const wrong = DocumentVault.open({
      key: { kind: 'file', path: otherKeyFile },
      store: { kind: 'local', dir: v.objectsDir },
    });
    const row = await d.db
      .selectFrom('stored_objects')
      .selectAll()
      .where('sha256', '=', r.sha256)
      .executeTakeFirstOrThrow();
    await expect(wrong.read(row)).rejects.toThrow(DocumentKeyError);
    await expect(wrong.read(row)).rejects.toThrow(/is not the key that wrapped this file/);
    // Through the service: a 503 problem with the same plain message, and no bytes.
    const app = { ...t.app, documents: wrong };
    const call = { ...(await officer()), app };
    await expect(downloadDocument(call, r.documentId)).rejects.toMatchObject({
      status: 503,
      code: 'document_key_error',
    });
    // A key with a forged id (same id, other bytes) fails on the authentication tag instead.
    const forged = new DocumentVault(
      new (v.vault.keys.constructor as typeof import('../../../src/services/documents/keys.ts').KeyRing)({
        id: row.key_id,
        key: newMasterKey().key,
      }),
      v.vault.store,
    );
    await expect(forged.read(row)).rejects.toThrow(/could not be unwrapped/);
  });
});

describe('redline documents verify', () => {
  it('finds a changed and a missing object, and names their documents', async () => {
    const changed = await up(text('This translation will be changed on disk.\n'), 'changed.txt');
    const missing = await up(text('This translation will go missing.\n'), 'missing.txt');
    const clean = await verifyStoredDocuments(t.app, v.vault);
    expect(clean.problems).toEqual([]);
    const file = filesUnder(v.objectsDir).find((f) => f.endsWith(changed.sha256))!;
    const bytes = readFileSync(file);
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(file, bytes);
    unlinkSync(filesUnder(v.objectsDir).find((f) => f.endsWith(missing.sha256))!);
    const report = await verifyStoredDocuments(t.app, v.vault);
    expect(report.problems.map((p) => [p.sha256, p.problem]).sort()).toEqual(
      [
        [changed.sha256, 'changed'],
        [missing.sha256, 'missing'],
      ].sort(),
    );
    expect(report.problems.find((p) => p.problem === 'missing')!.documentIds).toEqual([missing.documentId]);
    expect(report.ok).toBe(report.checked - 2);
    await expect(downloadDocument(await officer(), changed.documentId)).rejects.toMatchObject({
      code: 'stored_file_changed',
    });
    await expect(downloadDocument(await officer(), missing.documentId)).rejects.toMatchObject({
      code: 'stored_file_missing',
    });
  });
});

describe('redline documents rotate-key', () => {
  it('rewraps every data key; the files still open with the new key and not with the old', async () => {
    const r = await up(await cleanPdf('Before rotation'));
    const oldKey = readFileSync(v.keyFile, 'utf8');
    const before = await d.db.selectFrom('stored_objects').select(['sha256', 'key_id']).execute();
    const result = await rotateDocumentKey(t.app, v.vault);
    expect(result.rewrapped).toBe(before.length);
    expect(readFileSync(v.keyFile, 'utf8')).not.toBe(oldKey);
    const after = await d.db.selectFrom('stored_objects').select(['key_id']).distinct().execute();
    expect(after).toEqual([{ key_id: result.newKeyId }]);
    const reopened = DocumentVault.open({
      key: { kind: 'file', path: v.keyFile },
      store: { kind: 'local', dir: v.objectsDir },
    });
    t.app.documents = reopened;
    const back = await downloadDocument(await officer(), r.documentId);
    expect(back.sha256).toBe(r.sha256);
    const oldFile = join(v.dir, 'old.key');
    writeFileSync(oldFile, oldKey);
    const old = DocumentVault.open({
      key: { kind: 'file', path: oldFile },
      store: { kind: 'local', dir: v.objectsDir },
    });
    const row = await d.db
      .selectFrom('stored_objects')
      .selectAll()
      .where('sha256', '=', r.sha256)
      .executeTakeFirstOrThrow();
    await expect(old.read(row)).rejects.toThrow(DocumentKeyError);
  });
});

describe('the S3-compatible store', () => {
  let s3: S3rver;
  let dir: string;
  let vault: DocumentVault;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redline-s3-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: join(dir, 'data'),
      configureBuckets: [{ name: 'redline-docs', configs: [] }],
    });
    const { port } = await s3.run();
    vault = DocumentVault.open({
      key: { kind: 'file', path: join(dir, 'keys', 'k') },
      store: {
        kind: 's3',
        endpoint: `http://127.0.0.1:${port}`,
        bucket: 'redline-docs',
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        prefix: 'objects/',
      },
    });
  });
  afterAll(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores encrypted objects in the bucket, downloads them, and verify finds a missing one', async () => {
    t.app.documents = vault;
    const plain = await cleanPdf('Stored in S3');
    const r = await up(plain);
    const raw = await vault.store.get(r.sha256);
    expect(raw).not.toBeNull();
    expect(raw!.includes(plain.subarray(0, 64))).toBe(false);
    const back = await downloadDocument(await officer(), r.documentId);
    expect(back.bytes.equals(plain)).toBe(true);
    // Nothing is written to the bucket for a refused file.
    const before = await documentCounts(d.db);
    await expect(up(Buffer.from('<html><script>alert(1)</script></html>'))).rejects.toMatchObject({
      status: 422,
    });
    expect(await documentCounts(d.db)).toEqual(before);
    await vault.store.delete(r.sha256);
    const report = await verifyStoredDocuments(t.app, vault);
    expect(report.problems.find((p) => p.sha256 === r.sha256)?.problem).toBe('missing');
  });

  it('an unreachable store answers 503 and leaves no row', async () => {
    t.app.documents = DocumentVault.open({
      key: { kind: 'file', path: join(dir, 'keys', 'k') },
      store: { ...(vault.store as S3ObjectStore).settings, kind: 's3', endpoint: 'http://127.0.0.1:9' },
    });
    const before = await documentCounts(d.db);
    await expect(up(await cleanPdf('Nowhere to go'))).rejects.toMatchObject({
      status: 503,
      code: 'document_store_unavailable',
    });
    expect(await documentCounts(d.db)).toEqual(before);
  });
});
