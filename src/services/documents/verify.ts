/**
 * `redline documents verify`: every stored object is read back, decrypted and re-hashed; objects that are
 * missing from the store, or whose content no longer decrypts or hashes to its address, are reported with
 * the documents that rely on them. Keyset paging over the objects (by address), a page at a time.
 */
import type { AppContext } from '../context.ts';
import { DocumentKeyError } from './keys.ts';
import type { DocumentVault } from './vault.ts';

export interface VerifyProblem {
  sha256: string;
  problem: 'missing' | 'changed' | 'key';
  detail: string;
  documentIds: string[];
}

export interface VerifyReport {
  checked: number;
  ok: number;
  problems: VerifyProblem[];
}

export async function verifyStoredDocuments(
  app: AppContext,
  vault: DocumentVault,
  onProgress?: (checked: number) => void,
): Promise<VerifyReport> {
  const report: VerifyReport = { checked: 0, ok: 0, problems: [] };
  let after = '';
  for (;;) {
    const page = await app.db
      .selectFrom('stored_objects')
      .select(['sha256', 'wrapped_key', 'key_id'])
      .where('sha256', '>', after)
      .orderBy('sha256')
      .limit(200)
      .execute();
    if (!page.length) break;
    for (const row of page) {
      report.checked++;
      try {
        const read = await vault.read(row);
        if (read.ok) report.ok++;
        else
          report.problems.push({
            sha256: row.sha256,
            problem: read.problem,
            detail:
              read.problem === 'missing'
                ? 'The object is missing from the store.'
                : 'The stored object was changed: it does not decrypt or does not match its SHA-256.',
            documentIds: [],
          });
      } catch (err) {
        if (!(err instanceof DocumentKeyError)) throw err;
        report.problems.push({ sha256: row.sha256, problem: 'key', detail: err.message, documentIds: [] });
      }
    }
    onProgress?.(report.checked);
    after = page[page.length - 1]!.sha256;
  }
  if (report.problems.length) {
    const docs = await app.db
      .selectFrom('documents')
      .select(['id', 'stored_sha256'])
      .where(
        'stored_sha256',
        'in',
        report.problems.map((p) => p.sha256),
      )
      .execute();
    for (const p of report.problems)
      p.documentIds = docs.filter((d) => d.stored_sha256 === p.sha256).map((d) => d.id);
  }
  return report;
}
