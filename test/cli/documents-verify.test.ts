/**
 * `redline documents verify`: every stored document file read back, decrypted and re-hashed; a missing or
 * changed file is reported with the documents that rely on it, the exit code is 3, and the run is audited.
 * Runs on the embedded database: the point is the command, its output and its exit code.
 */
import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openApp } from '../../src/server/start.ts';
import { callAsUser } from '../../src/services/context.ts';
import { uploadDocument } from '../../src/services/documents/upload.ts';
import { openDatabase } from '../../src/store/db.ts';
import { redline } from '../helpers/cli.ts';
import { text } from '../helpers/document-files.ts';
import { filesUnder } from '../helpers/documents.ts';

describe('redline documents verify', () => {
  it('passes on intact files; names a changed and a missing file and their documents, exit code 3; audited', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redline-docverify-'));
    const env = { REDLINE_DATA_DIR: dataDir, DATABASE_URL: '', REDLINE_DEMO: '1' };
    expect((await redline(env, 'demo', 'seed')).code).toBe(0);

    // Two documents uploaded through the service, as the web application does.
    const config = loadConfig({ ...process.env, ...env });
    const { app, database } = await openApp(config);
    const ids: Record<string, { documentId: string; sha256: string }> = {};
    try {
      const officer = await callAsUser(app, 'officer', 'test');
      const caseId = (
        await app.db.selectFrom('cases').select('id').where('office_id', '=', 'NYC').executeTakeFirstOrThrow()
      ).id;
      for (const name of ['changed', 'missing'])
        ids[name] = await uploadDocument(
          officer,
          caseId,
          { kind: 'translation', language: 'en' },
          { bytes: text(`This translation will be ${name} on disk.\n`), fileName: `${name}.txt` },
        );
    } finally {
      await database.close();
    }

    const clean = await redline(env, 'documents', 'verify');
    expect(clean.out).toContain('Checked 2 stored file(s): 2 intact, 0 with a problem.');
    expect(clean.code).toBe(0);

    const objectsDir = config.documents.store.kind === 'local' ? config.documents.store.dir : '';
    const files = filesUnder(objectsDir);
    const changedFile = files.find((f) => f.endsWith(ids.changed!.sha256))!;
    const bytes = readFileSync(changedFile);
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(changedFile, bytes);
    unlinkSync(files.find((f) => f.endsWith(ids.missing!.sha256))!);

    const broken = await redline(env, 'documents', 'verify');
    expect(broken.code).toBe(3);
    expect(broken.out).toContain('Checked 2 stored file(s): 0 intact, 2 with a problem.');
    expect(broken.out).toContain(`CHANGED ${ids.changed!.sha256}`);
    expect(broken.out).toContain(`MISSING ${ids.missing!.sha256}`);
    expect(broken.out).toContain(ids.changed!.documentId);
    expect(broken.out).toContain(ids.missing!.documentId);

    const json = await redline(env, 'documents', 'verify', '--json');
    expect(json.code).toBe(3);
    const report = JSON.parse(json.out.slice(json.out.indexOf('{')));
    expect(report.checked).toBe(2);
    expect(report.problems.map((p: { problem: string }) => p.problem).sort()).toEqual(['changed', 'missing']);

    const d = await openDatabase({ dataDir });
    try {
      const entries = await d.db
        .selectFrom('audit_log')
        .select(['outcome', 'detail'])
        .where('action', '=', 'documents.verify')
        .orderBy('seq')
        .execute();
      expect(entries.map((e) => e.outcome)).toEqual(['ok', 'failed', 'failed']);
      expect(entries[1]!.detail).toMatchObject({ checked: 2, ok: 0 });
    } finally {
      await d.close();
    }
  }, 240_000);
});
