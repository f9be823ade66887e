/**
 * Anchoring the tail of the audit trail (D11, issue 9): when signed checkpoints are written, and the
 * external anchor (a checkpoint exported to a file kept elsewhere).
 *
 * A checkpoint is due when the entries after the latest checkpoint number at least
 * `auditCheckpointEveryEntries`, or when the oldest of them is `auditCheckpointEverySeconds` old. Two
 * mechanisms write it, both under the advisory lock that serialises appends (so the checkpoint names
 * the true head, and two instances never sign the same head twice):
 * - on append: every path that appends (an action, a refusal, an event such as a sign-in attempt)
 *   checks, in the same transaction, whether a checkpoint is due;
 * - on a timer in each server instance (`startCheckpointTimer`), so that an idle tail is anchored
 *   within the interval even when nothing else is appended. Several instances on one database each run
 *   the timer; the first to take the lock writes the checkpoint and the others find nothing to do.
 * The CLI runs without the server: every command seals its own entries when it ends (`sealAuditTail`).
 */

import { createPublicKey, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { canonicalJson } from '../domain/canonical.ts';
import { DEFAULT_POLICY } from '../domain/policy-settings.ts';
import type { Db, DbOrTrx } from '../store/db.ts';
import {
  AUDIT_LOCK_KEY,
  type AuditSigner,
  type Checkpoint,
  checkpointPolicy,
  writeCheckpoint,
} from './audit.ts';

/** The entry number the latest checkpoint covers (0 when there is none). */
async function coveredSeq(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('audit_checkpoints')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.seq) : 0;
}

async function headSeq(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.seq) : 0;
}

/**
 * Inside the caller's transaction: takes the append lock and writes a checkpoint of the head when one
 * is due (or whenever an entry is uncovered, with `force`). Returns it, to be mirrored after commit.
 */
export async function checkpointIfDue(
  trx: DbOrTrx,
  signer: AuditSigner,
  now: Date,
  opts: { force?: boolean } = {},
): Promise<Checkpoint | null> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const head = await headSeq(trx);
  const covered = await coveredSeq(trx);
  if (head <= covered) return null;
  let due = opts.force === true;
  if (!due) {
    const policy = await checkpointPolicy(trx);
    if (head - covered >= policy.everyEntries) due = true;
    else {
      const oldest = await trx
        .selectFrom('audit_log')
        .select('at')
        .where('seq', '>', covered)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      due = !!oldest && now.getTime() - new Date(oldest.at).getTime() >= policy.everySeconds * 1000;
    }
  }
  return due ? writeCheckpoint(trx, signer, now) : null;
}

/**
 * Outside any transaction: writes a checkpoint when one is due (`force`: whenever an entry is
 * uncovered) and mirrors it after commit. A cheap read without the lock answers "nothing to do".
 */
export async function sealAuditTail(
  app: { db: Db; signer: AuditSigner | null; clock: () => Date },
  opts: { force?: boolean } = {},
): Promise<Checkpoint | null> {
  const signer = app.signer;
  if (!signer) return null;
  if ((await headSeq(app.db)) <= (await coveredSeq(app.db))) return null;
  const cp = await app.db.transaction().execute((trx) => checkpointIfDue(trx, signer, app.clock(), opts));
  if (cp) signer.mirror(cp);
  return cp;
}

/**
 * Each server instance runs this timer: it checks every quarter of the interval (between 1 and 30
 * seconds) whether a checkpoint is due, so an entry is anchored at most the interval plus 30 seconds
 * after it was written even if nothing else happens. Returns a function that stops it.
 */
export function startCheckpointTimer(
  app: { db: Db; signer: AuditSigner | null; clock: () => Date },
  onError: (err: unknown) => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (seconds: number) => {
    if (stopped) return;
    timer = setTimeout(tick, Math.min(30_000, Math.max(1000, (seconds * 1000) / 4)));
    timer.unref();
  };
  const tick = async () => {
    let seconds = DEFAULT_POLICY.auditCheckpointEverySeconds;
    try {
      seconds = (await checkpointPolicy(app.db)).everySeconds;
      await sealAuditTail(app);
    } catch (err) {
      onError(err);
    }
    schedule(seconds);
  };
  schedule(DEFAULT_POLICY.auditCheckpointEverySeconds);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

// ---------------------------------------------------------------------------
// The external anchor
// ---------------------------------------------------------------------------

export const ANCHOR_FORMAT = 'redline-audit-checkpoint/1';

/** A signed checkpoint exported for safekeeping outside the system, with the key to check it. */
export interface ExportedCheckpoint extends Checkpoint {
  format: typeof ANCHOR_FORMAT;
  /** The public half of the signing key (SPKI, PEM), so the file can be checked on its own. */
  publicKey: string;
}

/** Checkpoints the head (if it is not already the latest checkpoint) and writes it to `file`. */
export async function exportCheckpoint(
  app: { db: Db; signer: AuditSigner | null; clock: () => Date },
  file: string,
): Promise<ExportedCheckpoint | null> {
  const signer = app.signer;
  if (!signer) throw new Error('No audit signing key is configured.');
  await sealAuditTail(app, { force: true });
  const latest = await app.db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .where('key_id', '=', signer.keyId)
    .orderBy('seq', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return null;
  const exported: ExportedCheckpoint = {
    format: ANCHOR_FORMAT,
    seq: Number(latest.seq),
    hash: latest.hash,
    signedAt: new Date(latest.signed_at).toISOString(),
    keyId: latest.key_id,
    signature: latest.signature,
    publicKey: signer.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
  if (!signer.verify(exported))
    throw new Error('The latest checkpoint does not verify with the current key.');
  writeFileSync(file, `${JSON.stringify(exported, null, 2)}\n`, { mode: 0o600 });
  return exported;
}

export interface AnchorCheck {
  ok: boolean;
  seq: number | null;
  problems: string[];
  /** True when the file was signed by the key this installation uses now. */
  currentKey: boolean;
}

/**
 * Proves that the chain still contains an exported checkpoint: its signature verifies (with the key in
 * the file, which must be the installation's key unless the key was rotated) and the entry it names is
 * present with the same hash. The hash chain itself is checked by verifyAuditChain.
 */
export async function checkAgainstAnchor(
  db: DbOrTrx,
  signer: AuditSigner | null,
  file: string,
): Promise<AnchorCheck> {
  const problems: string[] = [];
  let cp: ExportedCheckpoint;
  try {
    cp = JSON.parse(readFileSync(file, 'utf8')) as ExportedCheckpoint;
  } catch (err) {
    return {
      ok: false,
      seq: null,
      problems: [`The checkpoint file cannot be read: ${(err as Error).message}`],
      currentKey: false,
    };
  }
  if (cp.format !== ANCHOR_FORMAT || !Number.isInteger(cp.seq) || typeof cp.hash !== 'string')
    return {
      ok: false,
      seq: null,
      problems: ['The file is not an exported audit checkpoint.'],
      currentKey: false,
    };
  const payload = Buffer.from(
    canonicalJson({ seq: cp.seq, hash: cp.hash, signedAt: cp.signedAt, keyId: cp.keyId }),
  );
  let signatureOk = false;
  try {
    signatureOk = verify(null, payload, createPublicKey(cp.publicKey), Buffer.from(cp.signature, 'base64'));
  } catch {
    signatureOk = false;
  }
  const currentKey = signer !== null && signer.keyId === cp.keyId;
  if (!signatureOk) problems.push(`The checkpoint in the file (entry ${cp.seq}) has an invalid signature.`);
  else if (signer && !currentKey)
    problems.push(
      `The checkpoint in the file was signed with key ${cp.keyId}, not this installation's key ${signer.keyId}.`,
    );
  else if (signer && !signer.verify(cp))
    problems.push(
      `The checkpoint in the file (entry ${cp.seq}) does not verify with this installation's key.`,
    );
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', cp.seq).executeTakeFirst();
  if (!row)
    problems.push(`Entry ${cp.seq}, covered by the exported checkpoint, is gone: the log was truncated.`);
  else if (row.hash !== cp.hash)
    problems.push(`Entry ${cp.seq} differs from the exported checkpoint: the chain was rewritten.`);
  return { ok: problems.length === 0, seq: cp.seq, problems, currentKey };
}
