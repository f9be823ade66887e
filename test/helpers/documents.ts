/** Shared set-up of the document tests: a vault in a temporary directory, multipart bodies, counts. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DocumentVault } from '../../src/services/documents/vault.ts';
import type { Db } from '../../src/store/db.ts';

export function tempVault(): {
  vault: DocumentVault;
  dir: string;
  objectsDir: string;
  keyFile: string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'redline-docs-'));
  const objectsDir = join(dir, 'objects');
  const keyFile = join(dir, 'keys', 'document-master.key');
  const vault = DocumentVault.open({
    key: { kind: 'file', path: keyFile },
    store: { kind: 'local', dir: objectsDir },
  });
  return { vault, dir, objectsDir, keyFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a directory (recursively). */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** A multipart/form-data body with one part `file`. */
export function multipart(fileName: string, bytes: Buffer, field = 'file', contentType = 'application/pdf') {
  const boundary = `----redline${randomUUID().replaceAll('-', '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName.replaceAll('"', '%22')}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function documentCounts(db: Db): Promise<{ documents: number; objects: number }> {
  const r = await sql<{ documents: number; objects: number }>`
    select (select count(*) from documents)::int as documents, (select count(*) from stored_objects)::int as objects`.execute(
    db,
  );
  return r.rows[0]!;
}

/** Sets the largest upload (a new policy version). */
export async function setDocumentLimit(db: Db, bytes: number): Promise<void> {
  await sql`insert into policy_versions (version, settings, note)
    select version + 1, settings || ${JSON.stringify({ documentMaxBytes: bytes })}::jsonb, 'document tests'
    from policy_versions order by version desc limit 1`.execute(db);
}
