/**
 * `redline documents rotate-key`: a new master key wraps every data key again. The objects themselves are
 * not touched (each keeps its own data key); only `stored_objects.wrapped_key` and `key_id` change, in one
 * transaction. The second-factor secrets sealed under the same master key (services/secrets.ts) are
 * re-sealed with the new key in that same transaction.
 *
 * With a key file (the default): the new key is first written to `<file>.next`, the database is updated,
 * then `<file>.next` replaces the key file. If the process stops in between, the key ring (keys.ts) still
 * holds both keys, so every data key can be unwrapped; running the command again finishes the rotation.
 * With REDLINE_DOCUMENT_KEY: the new key is written to the file given (`--new-key-file`), and the operator
 * puts it in REDLINE_DOCUMENT_KEY before the next start.
 */
import { existsSync, renameSync } from 'node:fs';
import type { AppContext } from '../context.ts';
import { resealSecrets } from '../secrets.ts';
import { KeyRing, type MasterKey, newMasterKey, unwrapDataKey, wrapDataKey, writeKeyFile } from './keys.ts';
import type { DocumentVault } from './vault.ts';

export interface RotationResult {
  oldKeyId: string;
  newKeyId: string;
  rewrapped: number;
  /** Second-factor secrets re-sealed with the new key. */
  resealed: number;
  /** Where the new key is now. */
  keyFile: string;
}

export async function rotateDocumentKey(
  app: AppContext,
  vault: DocumentVault,
  options: { newKeyFile?: string } = {},
): Promise<RotationResult> {
  const source = vault.keys.source;
  if (!source) throw new Error('The document key ring has no source to rotate.');
  if (source.kind === 'env' && !options.newKeyFile)
    throw new Error(
      'The master key comes from REDLINE_DOCUMENT_KEY: give --new-key-file PATH for the new key, then put it in REDLINE_DOCUMENT_KEY.',
    );
  const nextFile = source.kind === 'file' ? `${source.path}.next` : options.newKeyFile!;
  // A rotation that stopped half-way left its new key in <file>.next: finish with that key.
  const pending = source.kind === 'file' ? vault.keys.others[0] : undefined;
  const next: MasterKey = pending ?? newMasterKey();
  if (!pending) writeKeyFile(nextFile, next);
  // The secrets' ring is the vault's on a server; any other key the application holds can open them too.
  const secretKeys = app.secrets ? [app.secrets.current, ...app.secrets.others] : [];
  const ring = new KeyRing(vault.keys.current, [...vault.keys.others, ...secretKeys, next], source);
  const now = app.clock();
  const { rewrapped, resealed } = await app.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('stored_objects')
      .select(['sha256', 'wrapped_key', 'key_id'])
      .where('key_id', '!=', next.id)
      .forUpdate()
      .execute();
    for (const row of rows) {
      const dataKey = unwrapDataKey(ring, row.wrapped_key, row.key_id, row.sha256);
      const wrapped = wrapDataKey(next, dataKey, row.sha256);
      dataKey.fill(0);
      await trx
        .updateTable('stored_objects')
        .set({ wrapped_key: wrapped, key_id: next.id, rewrapped_at: now })
        .where('sha256', '=', row.sha256)
        .execute();
    }
    return { rewrapped: rows.length, resealed: await resealSecrets(trx, ring, next) };
  });
  if (source.kind === 'file' && existsSync(nextFile)) renameSync(nextFile, source.path);
  return {
    oldKeyId: vault.keys.current.id,
    newKeyId: next.id,
    rewrapped,
    resealed,
    keyFile: source.kind === 'file' ? source.path : nextFile,
  };
}
