/**
 * The audit trail (D11): append-only, hash-chained, strictly linear across server instances, with
 * periodic signed checkpoints whose key lives outside the database.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { canonicalJson } from '../domain/canonical.ts';
import { DEFAULT_POLICY } from '../domain/policy-settings.ts';
import { storableText, storableValue } from '../domain/text-rules.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { AuditRow } from '../store/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock key that serialises appends to the chain across every connection and instance. */
export const AUDIT_LOCK_KEY = 15_006_001;
/**
 * Slack allowed, on top of the policy's checkpoint interval, before verification calls an entry after
 * the latest checkpoint unanchored: the server's checkpoint timer ticks at most every 30 seconds, a
 * transaction dates its entry when it starts, and instances' clocks differ a little.
 */
export const CHECKPOINT_GRACE_SECONDS = 60;

export interface AuditInput {
  at: Date;
  actorId: string | null;
  actorUsername: string;
  actorRole: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  entityType?: string | null;
  entityId?: string | null;
  caseId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
  requestId?: string | null;
  sourceIp?: string | null;
}

export const digest = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');

const text = (v: string | null): string | null => (v === null ? null : storableText(v));

/**
 * The fields an entry's hash covers, in the form they are stored and read back. Every string goes through
 * `storableText` (here for the hash and in `appendAudit` for the row), so no input can make a stored entry
 * differ from its hash: an unpaired surrogate or a NUL is stored and hashed as the same replacement.
 */
function hashedFields(row: Omit<AuditRow, 'hash'>): Record<string, unknown> {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actorId: text(row.actor_id),
    actorUsername: storableText(row.actor_username),
    actorRole: text(row.actor_role),
    action: storableText(row.action),
    outcome: row.outcome,
    entityType: text(row.entity_type),
    entityId: text(row.entity_id),
    caseId: text(row.case_id),
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    detail: storableValue(row.detail),
    requestId: text(row.request_id),
    sourceIp: text(row.source_ip),
    prevHash: row.prev_hash,
  };
}

export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256')
    .update(canonicalJson(hashedFields(row)))
    .digest('hex');
}

/**
 * Appends one entry inside the caller's transaction. The advisory transaction lock makes the
 * read-last / insert-next pair atomic across every connection, so the chain stays linear.
 */
export async function appendAudit(trx: DbOrTrx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const [entry] = await appendAuditEntries(trx, [input]);
  return entry!;
}

/** The row of an entry that follows `prev` in the chain (seq and hash included). */
function chainedRow(input: AuditInput, prev: { seq: number; hash: string } | null): AuditRow {
  const detail = storableValue(JSON.parse(canonicalJson(input.detail ?? {}))) as Record<string, unknown>;
  const row: Omit<AuditRow, 'hash'> = {
    seq: prev ? prev.seq + 1 : 1,
    at: input.at,
    actor_id: text(input.actorId),
    actor_username: storableText(input.actorUsername),
    actor_role: text(input.actorRole),
    action: storableText(input.action),
    outcome: input.outcome,
    entity_type: text(input.entityType ?? null),
    entity_id: text(input.entityId ?? null),
    case_id: text(input.caseId ?? null),
    before_digest: input.before === undefined ? null : digest(input.before),
    after_digest: input.after === undefined ? null : digest(input.after),
    detail,
    request_id: text(input.requestId ?? null),
    source_ip: text(input.sourceIp ?? null),
    prev_hash: prev?.hash ?? GENESIS_HASH,
  };
  return { ...row, hash: entryHash(row) };
}

/** Rows per insert statement when entries are appended together (16 columns: 4,000 parameters). */
const APPEND_CHUNK = 250;

/**
 * Appends entries in order inside the caller's transaction: the chain lock and the chain's last entry are
 * taken once, each entry is hashed on the one before it, and the rows are inserted a few hundred per
 * statement. The chain is the same as appending them one by one.
 */
export async function appendAuditEntries(
  trx: DbOrTrx,
  inputs: readonly AuditInput[],
): Promise<Array<{ seq: number; hash: string }>> {
  if (inputs.length === 0) return [];
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = last ? { seq: Number(last.seq), hash: last.hash } : null;
  const rows: AuditRow[] = [];
  for (const input of inputs) {
    const row = chainedRow(input, prev);
    rows.push(row);
    prev = { seq: Number(row.seq), hash: row.hash };
  }
  for (let i = 0; i < rows.length; i += APPEND_CHUNK)
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + APPEND_CHUNK).map((r) => ({ ...r, detail: JSON.stringify(r.detail) })))
      .execute();
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
}

// ---------------------------------------------------------------------------
// Signed checkpoints
// ---------------------------------------------------------------------------

export interface Checkpoint {
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

const checkpointPayload = (c: Pick<Checkpoint, 'seq' | 'hash' | 'signedAt' | 'keyId'>) =>
  Buffer.from(canonicalJson({ seq: c.seq, hash: c.hash, signedAt: c.signedAt, keyId: c.keyId }));

/**
 * Holds the Ed25519 checkpoint key. The key file is kept outside the database (by default beside the
 * embedded data directory; in production, point REDLINE_AUDIT_KEY_FILE at protected storage), and
 * every checkpoint is also appended to a mirror file next to it, so that deleting rows and
 * checkpoints from the database together is still detected.
 */
export class AuditSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly mirrorPath: string;

  constructor(readonly keyFile: string) {
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    }
    this.privateKey = createPrivateKey(readFileSync(keyFile));
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = createHash('sha256')
      .update(this.publicKey.export({ format: 'der', type: 'spki' }))
      .digest('hex')
      .slice(0, 16);
    this.mirrorPath = join(dirname(keyFile), 'audit-checkpoints.jsonl');
  }

  sign(seq: number, hash: string, at: Date): Checkpoint {
    const c = { seq, hash, signedAt: at.toISOString(), keyId: this.keyId };
    return { ...c, signature: sign(null, checkpointPayload(c), this.privateKey).toString('base64') };
  }

  verify(c: Checkpoint): boolean {
    if (c.keyId !== this.keyId) return false;
    return verify(null, checkpointPayload(c), this.publicKey, Buffer.from(c.signature, 'base64'));
  }

  /** Called after the transaction that wrote the checkpoint has committed. */
  mirror(c: Checkpoint): void {
    appendFileSync(this.mirrorPath, `${JSON.stringify(c)}\n`, { mode: 0o600 });
  }

  mirrored(): Checkpoint[] {
    if (!existsSync(this.mirrorPath)) return [];
    return readFileSync(this.mirrorPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Checkpoint);
  }
}

/** Writes a signed checkpoint of the chain's current head, inside the caller's transaction. */
export async function writeCheckpoint(
  trx: DbOrTrx,
  signer: AuditSigner,
  at: Date,
): Promise<Checkpoint | null> {
  const head = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!head) return null;
  const c = signer.sign(Number(head.seq), head.hash, at);
  await trx
    .insertInto('audit_checkpoints')
    .values({ seq: c.seq, hash: c.hash, signed_at: c.signedAt, key_id: c.keyId, signature: c.signature })
    .execute();
  return c;
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

export interface VerifyProblem {
  seq: number | null;
  problem: string;
}

/** How the head of the chain stands against the latest signed checkpoint. */
export interface VerifyTail {
  /** The latest checkpoint whose signature verifies (database or mirror), or null. */
  checkpointSeq: number | null;
  checkpointSignedAt: string | null;
  /** Entries the latest checkpoint covers that are no longer in the log (head below it). */
  missing: number;
  /** Entries after the latest checkpoint that are older than the checkpoint interval allows. */
  unanchored: number;
  /** Entries after the latest checkpoint that are still within the interval (normal). */
  pending: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  headSeq: number | null;
  headHash: string | null;
  checkpointsChecked: number;
  /** The first entry at which the chain breaks, with the reason; null when intact. */
  firstBad: VerifyProblem | null;
  problems: VerifyProblem[];
  tail: VerifyTail;
}

/** The checkpoint settings of the current policy version (defaults for versions saved before them). */
export async function checkpointPolicy(db: DbOrTrx): Promise<{ everyEntries: number; everySeconds: number }> {
  const row = await db
    .selectFrom('policy_versions')
    .select('settings')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const s = (row?.settings ?? {}) as Partial<typeof DEFAULT_POLICY>;
  return {
    everyEntries: s.auditCheckpointEveryEntries ?? DEFAULT_POLICY.auditCheckpointEveryEntries,
    everySeconds: s.auditCheckpointEverySeconds ?? DEFAULT_POLICY.auditCheckpointEverySeconds,
  };
}

/**
 * Walks the whole chain in order, in batches, recomputing every hash and link, then checks every
 * checkpoint (from the database and from the mirror file) against the chain, and the head against the
 * latest checkpoint:
 * - missing entries: the head is below a signed checkpoint, or the entry a checkpoint names has another
 *   hash (the tail was cut or rewritten);
 * - checkpoints in the mirror file that the database no longer holds (checkpoint rows deleted);
 * - unanchored entries: an entry after the latest valid checkpoint is dated more than the checkpoint
 *   interval plus CHECKPOINT_GRACE_SECONDS before `now`, or more than the grace before that checkpoint
 *   was signed, or more than the grace after `now`. Every server instance checkpoints an uncovered
 *   entry within the interval (plus at most 30 seconds), and every CLI command before it ends, so
 *   such an entry was appended without a checkpoint: a forged head, or a server killed before it could
 *   checkpoint its last entries. Applies only once a checkpoint exists.
 */
export async function verifyAuditChain(
  db: DbOrTrx,
  signer: AuditSigner | null,
  onProgress?: (done: number, total: number) => void,
  opts: { now?: Date } = {},
): Promise<VerifyReport> {
  const now = opts.now ?? new Date();
  const problems: VerifyProblem[] = [];
  const totalRow = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(totalRow.n);
  const hashes = new Map<number, string>();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let done = 0;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', lastSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        problems.push({
          seq: expectedSeq,
          problem:
            seq > expectedSeq
              ? `entry ${expectedSeq} is missing (the next entry is ${seq})`
              : `entry ${seq} is out of order`,
        });
      }
      if (row.prev_hash !== prevHash) {
        problems.push({
          seq,
          problem: `entry ${seq} does not link to the entry before it (prev_hash mismatch)`,
        });
      }
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        problems.push({ seq, problem: `entry ${seq} was altered: its content no longer matches its hash` });
      }
      hashes.set(seq, hash);
      prevHash = hash;
      expectedSeq = seq + 1;
      lastSeq = seq;
    }
    done += rows.length;
    onProgress?.(done, total);
  }

  let checkpointsChecked = 0;
  const tail: VerifyTail = {
    checkpointSeq: null,
    checkpointSignedAt: null,
    missing: 0,
    unanchored: 0,
    pending: 0,
  };
  if (signer) {
    const stored = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
    const all = new Map<string, Checkpoint>();
    for (const c of stored) {
      const cp: Checkpoint = {
        seq: Number(c.seq),
        hash: c.hash,
        signedAt: new Date(c.signed_at).toISOString(),
        keyId: c.key_id,
        signature: c.signature,
      };
      all.set(`${cp.seq}:${cp.signature}`, cp);
    }
    const inDatabase = new Set(all.keys());
    for (const cp of signer.mirrored()) {
      const key = `${cp.seq}:${cp.signature}`;
      all.set(key, cp);
      if (!inDatabase.has(key) && signer.verify(cp))
        problems.push({
          seq: cp.seq,
          problem: `checkpoint at entry ${cp.seq} is in the mirror file but no longer in the database: checkpoints were deleted`,
        });
    }
    let latest: Checkpoint | null = null;
    for (const cp of all.values()) {
      checkpointsChecked++;
      if (!signer.verify(cp)) {
        problems.push({ seq: cp.seq, problem: `checkpoint at entry ${cp.seq} has an invalid signature` });
        continue;
      }
      if (!latest || cp.seq > latest.seq || (cp.seq === latest.seq && cp.signedAt > latest.signedAt))
        latest = cp;
      const h = hashes.get(cp.seq);
      if (h === undefined) {
        problems.push({
          seq: cp.seq,
          problem: `entry ${cp.seq}, covered by a signed checkpoint, is gone: the log was truncated`,
        });
      } else if (h !== cp.hash) {
        problems.push({
          seq: cp.seq,
          problem: `entry ${cp.seq} differs from its signed checkpoint: the chain was rewritten`,
        });
      }
    }
    if (latest) await checkTail(db, latest, lastSeq, now, problems, tail);
  }

  problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return {
    ok: problems.length === 0,
    entries: total,
    headSeq: lastSeq || null,
    headHash: lastSeq ? prevHash : null,
    checkpointsChecked,
    firstBad: problems[0] ?? null,
    problems,
    tail,
  };
}

/** Compares the head with the latest valid checkpoint (see verifyAuditChain). */
async function checkTail(
  db: DbOrTrx,
  latest: Checkpoint,
  headSeq: number,
  now: Date,
  problems: VerifyProblem[],
  tail: VerifyTail,
): Promise<void> {
  tail.checkpointSeq = latest.seq;
  tail.checkpointSignedAt = latest.signedAt;
  if (headSeq < latest.seq) {
    tail.missing = latest.seq - headSeq;
    problems.push({
      seq: latest.seq,
      problem: `the log ends at entry ${headSeq || 'none'} but a signed checkpoint covers entry ${latest.seq}: ${tail.missing} entries are missing from the end`,
    });
    return;
  }
  const { everySeconds } = await checkpointPolicy(db);
  const graceMs = CHECKPOINT_GRACE_SECONDS * 1000;
  const signedAt = new Date(latest.signedAt).getTime();
  const after = await db
    .selectFrom('audit_log')
    .select(['seq', 'at'])
    .where('seq', '>', latest.seq)
    .orderBy('seq')
    .execute();
  const bad: number[] = [];
  for (const e of after) {
    const at = new Date(e.at).getTime();
    const overdue = at < now.getTime() - everySeconds * 1000 - graceMs;
    const beforeCheckpoint = at < signedAt - graceMs;
    const future = at > now.getTime() + graceMs;
    if (overdue || beforeCheckpoint || future) bad.push(Number(e.seq));
  }
  tail.unanchored = bad.length;
  tail.pending = after.length - bad.length;
  if (bad.length) {
    const first = bad[0] as number;
    const last = bad[bad.length - 1] as number;
    problems.push({
      seq: first,
      problem: `${bad.length === 1 ? `entry ${first} comes` : `${bad.length} entries (${first} to ${last}) come`} after the latest signed checkpoint (entry ${latest.seq}) but are dated outside the checkpoint interval (${everySeconds} s plus ${CHECKPOINT_GRACE_SECONDS} s): they were appended without a checkpoint — a forged head, or a server stopped before it could checkpoint them`,
    });
  }
}
