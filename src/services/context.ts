/**
 * What every service receives, and the one path that mutates: `runAction` opens a transaction,
 * checks the permission table, runs the use case and writes its audit entry in the same
 * transaction. A refusal is audited too (in its own transaction, since the action's is rolled back).
 */

import { sql } from 'kysely';
import type { Logger } from 'pino';
import { type Action, checkPermission } from '../domain/permissions.ts';
import { DEFAULT_POLICY } from '../domain/policy-settings.ts';
import type { PolicySettings, Role } from '../domain/types.ts';
import type { Db, DbOrTrx } from '../store/db.ts';
import { type AuditInput, type AuditSigner, appendAudit, type Checkpoint } from './audit.ts';
import { checkpointIfDue } from './audit-anchor.ts';
import type { KeyRing } from './documents/keys.ts';
import type { DocumentVault } from './documents/vault.ts';
import { PermissionDenied, ScopeRefusal, ServiceError } from './errors.ts';
import { afterAction } from './gate-status.ts';
import { READ_LOG_ACTIONS } from './read-log.ts';
import { readLogWriter } from './read-log-writer.ts';
import type { WebauthnSettings } from './webauthn.ts';

export interface AppContext {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: () => Date;
  signer: AuditSigner | null;
  log?: Logger;
  /** Stored documents (services/documents/vault.ts); absent: files can be neither stored nor read. */
  documents?: DocumentVault;
  /**
   * The master key ring that seals second-factor secrets at rest (services/secrets.ts): the document
   * vault's ring on a server. Absent: no second-factor secret can be stored or checked.
   */
  secrets?: KeyRing;
  /** Security keys (services/webauthn.ts): the relying party; absent, security keys are not offered. */
  webauthn?: WebauthnSettings;
  /**
   * Sends the e-mail delivery jobs of these notifications: set by the job queue (jobs/scheduler.ts) when
   * this process runs it with a mailer; absent, a notification queued again waits for the next start.
   */
  emailRequeue?: (notificationIds: string[]) => Promise<unknown>;
}

export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  username: string;
  role: Role | null;
  officeId: string | null;
}

export interface CallMeta {
  requestId: string | null;
  sourceIp: string | null;
}

/** One call into the services: who, from where, against which application. */
export interface Call {
  app: AppContext;
  actor: Actor;
  meta: CallMeta;
}

export const systemActor = (name = 'system'): Actor => ({
  kind: 'system',
  userId: null,
  username: name,
  role: null,
  officeId: null,
});

/** What a use case tells the audit entry about itself. */
export interface AuditDraft {
  entityType?: string | null;
  entityId?: string | null;
  caseId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

// The policy in force (its own module, so that gate-status.ts reads it without importing this one).
export { currentPolicy } from './current-policy.ts';

/** Latest completion of annual training for a user (on or before `at`, when given), or null. */
export async function latestTraining(
  db: DbOrTrx,
  userId: string,
  at: Date | null = null,
): Promise<Date | null> {
  let q = db
    .selectFrom('training_records')
    .select('completed_at')
    .where('user_id', '=', userId)
    .orderBy('completed_at', 'desc')
    .limit(1);
  if (at) q = q.where('completed_at', '<=', at);
  const row = await q.executeTakeFirst();
  return row ? new Date(row.completed_at) : null;
}

export function trainingCurrentAt(completedAt: Date | null, at: Date, policy: PolicySettings): boolean {
  if (!completedAt) return false;
  return at.getTime() < completedAt.getTime() + policy.trainingValidityDays * 86_400_000;
}

export interface ActionSpec {
  /** The audit action name, e.g. `case.create`. */
  action: string;
  /** The permission checked first; omit only for actions any signed-in user (or the system) may take. */
  permission?: Action;
  entityType?: string;
}

/**
 * Runs one use case. Steps: permission (role, then training when the table requires it), the use case
 * itself, then the audit entry — all in one transaction. System actors (the CLI run by an operator on
 * the server) skip the role table but are named in the audit entry.
 */
export async function runAction<T>(
  call: Call,
  spec: ActionSpec,
  fn: (trx: DbOrTrx, audit: AuditDraft, now: Date) => Promise<T>,
): Promise<T> {
  const { app } = call;
  const now = app.clock();
  let draft: AuditDraft = { entityType: spec.entityType ?? null };
  let checkpoints: Checkpoint[] = [];
  const isRead = READ_LOG_ACTIONS.has(spec.action);
  try {
    const result = await retryOnDeadlock(() => {
      draft = { entityType: spec.entityType ?? null };
      checkpoints = [];
      return app.db.transaction().execute(async (trx) => {
        await checkActionPermission(trx, call, spec, now);
        const value = await fn(trx, draft, now);
        // A read is recorded in the read log once its transaction has committed (below); any other action
        // first brings the stored gate status of the cases it can alter up to date (gate-status.ts).
        if (isRead) return value;
        const entry = okEntry(call, spec, draft, now);
        await afterAction(trx, spec.action, draft, now);
        await appendAudit(trx, entry);
        const cp = app.signer ? await checkpointIfDue(trx, app.signer, now) : null;
        if (cp) checkpoints.push(cp);
        return value;
      });
    });
    for (const cp of checkpoints) app.signer?.mirror(cp);
    // A read's entry goes to the read-log writer (read-log-writer.ts) once the read's transaction has
    // committed, without the chain lock; the answer waits for the entry's commit, as for runRead.
    if (isRead) await readLogWriter(app.db).append(okEntry(call, spec, draft, now));
    return result;
  } catch (err) {
    if (err instanceof ServiceError) await auditRefusal(call, spec, draft, err, now);
    throw err;
  }
}

/** The audit entry of an action that succeeded, from its draft. */
function okEntry(call: Call, spec: ActionSpec, draft: AuditDraft, now: Date): AuditInput {
  const { actor, meta } = call;
  return {
    at: now,
    actorId: actor.userId,
    actorUsername: actor.username,
    actorRole: actor.role,
    action: spec.action,
    outcome: 'ok',
    entityType: draft.entityType ?? null,
    entityId: draft.entityId ?? null,
    caseId: draft.caseId ?? null,
    before: draft.before,
    after: draft.after,
    detail: draft.detail,
    requestId: meta.requestId,
    sourceIp: meta.sourceIp,
  };
}

/** What a read run by `runRead` is given: the pool (no transaction) and its read-log entry. */
export interface ReadStep {
  db: DbOrTrx;
  audit: AuditDraft;
  now: Date;
  /**
   * Hands the read's entry (from `audit` as it stands now) to the read-log writer at once, so that its
   * batch is written while the read goes on with its other statements; `audit` must not change after.
   * Call it only once the read is allowed (a refusal writes no read entry). Without a call, runRead hands
   * the entry over after `fn`.
   */
  record: () => void;
}

/**
 * Runs a read (an action of READ_LOG_ACTIONS) without a transaction: its statements only read, each in
 * autocommit. The permission step reads the database only when its verdict depends on the caller's
 * training. The read's entry goes to the read-log writer (read-log-writer.ts: entries of concurrent reads
 * inserted together, one commit a batch), and the value is returned only once that entry is committed:
 * no read is answered without its durable entry. A refusal (permission, a missing case, another office's
 * case) is audited as by runAction, and writes no read entry.
 */
export async function runRead<T>(
  call: Call,
  spec: ActionSpec,
  fn: (step: ReadStep) => Promise<T>,
): Promise<T> {
  const { app } = call;
  const now = app.clock();
  const draft: AuditDraft = { entityType: spec.entityType ?? null };
  if (!READ_LOG_ACTIONS.has(spec.action)) throw new Error(`${spec.action} is not a read`);
  let recorded: Promise<void> | null = null;
  const record = () => {
    recorded ??= readLogWriter(app.db).append(okEntry(call, spec, draft, now));
    // Awaited below; a read that fails after recording still surfaces its own error, not this one.
    recorded.catch(() => {});
  };
  try {
    await checkActionPermission(app.db, call, spec, now);
    const value = await fn({ db: app.db, audit: draft, now, record });
    record();
    await recorded;
    return value;
  } catch (err) {
    if (err instanceof ServiceError) await auditRefusal(call, spec, draft, err, now);
    throw err;
  }
}

/** The permission step of an action (role, then training when the table requires it). */
async function checkActionPermission(trx: DbOrTrx, call: Call, spec: ActionSpec, now: Date): Promise<void> {
  const { actor } = call;
  if (!spec.permission || actor.kind !== 'user') return;
  // When the verdict does not depend on the training (the table does not require it for this action, or
  // the role is refused anyway), it is given without reading the database.
  const untrained = checkPermission(spec.permission, { role: actor.role, trainingCurrent: false });
  const trainedVerdict = checkPermission(spec.permission, { role: actor.role, trainingCurrent: true });
  if (untrained.allowed === trainedVerdict.allowed) {
    if (!untrained.allowed) throw new PermissionDenied(untrained.rule, untrained.reason);
    return;
  }
  // The policy and the actor's latest training in one statement (one round trip on every action).
  const row = (
    await sql<{ version: number; settings: PolicySettings; trained_at: Date | string | null }>`
      select p.version, p.settings,
             (select max(t.completed_at) from training_records t where t.user_id = ${actor.userId}) as trained_at
      from policy_versions p order by p.version desc limit 1`.execute(trx)
  ).rows[0];
  if (!row) throw new Error('No policy version'); // migration 0002 writes version 1
  const policy: PolicySettings = { ...DEFAULT_POLICY, ...row.settings, version: row.version };
  const trained =
    actor.userId && row.trained_at ? trainingCurrentAt(new Date(row.trained_at), now, policy) : false;
  const verdict = checkPermission(spec.permission, { role: actor.role, trainingCurrent: trained });
  if (!verdict.allowed) throw new PermissionDenied(verdict.rule, verdict.reason);
}

/**
 * Checks an action's permission before the action runs (for work that must not start unless allowed,
 * such as hashing a passphrase or reading the whole audit chain). A refusal is audited once, as in
 * runAction; an allowed call writes nothing.
 */
export async function authorize(call: Call, spec: ActionSpec): Promise<void> {
  const now = call.app.clock();
  try {
    await call.app.db.transaction().execute((trx) => checkActionPermission(trx, call, spec, now));
  } catch (err) {
    if (err instanceof ServiceError)
      await auditRefusal(call, spec, { entityType: spec.entityType ?? null }, err, now);
    throw err;
  }
}

/** `denied` for a refusal by a rule (permission, gate, state, scope); `failed` for input that is not valid. */
export const refusalOutcome = (status: number): 'denied' | 'failed' =>
  status === 400 || status === 413 || status === 422 ? 'failed' : 'denied';

/**
 * What a refusal's audit entry keeps: the code, the rule, the names of the fields at fault and the
 * gates not met — never the values submitted (a passphrase, a token or a code would end up in the log).
 */
export function refusalDetail(err: ServiceError): Record<string, unknown> {
  if (err instanceof PermissionDenied) return { rule: err.detail.rule ?? null, reason: err.message };
  const detail: Record<string, unknown> = {
    code: err.code,
    status: err.status,
    rule: err instanceof ScopeRefusal ? err.auditRule : (err.detail.rule ?? null),
  };
  if (err.detail.fields?.length)
    detail.fields = err.detail.fields.map((f) => (f.rule ? `${f.field} (${f.rule})` : f.field));
  if (err.detail.gates?.length)
    detail.unmetGates = err.detail.gates.filter((g) => g.status === 'unmet').map((g) => g.gate);
  return detail;
}

/**
 * Runs a transaction again when PostgreSQL refused it as a deadlock victim (40P01) or a serialization
 * failure (40001): it was rolled back whole, so running it again is safe. Actions take their row locks in
 * one order (notice/lock.ts), so this is a safety net for the rare case that order cannot be kept.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}

async function auditRefusal(call: Call, spec: ActionSpec, draft: AuditDraft, err: ServiceError, now: Date) {
  await appendWithCheckpoint(call.app, {
    at: now,
    actorId: call.actor.userId,
    actorUsername: call.actor.username,
    actorRole: call.actor.role,
    action: spec.action,
    outcome: refusalOutcome(err.status),
    entityType: draft.entityType ?? spec.entityType ?? null,
    entityId: draft.entityId ?? null,
    caseId: draft.caseId ?? null,
    detail: refusalDetail(err),
    requestId: call.meta.requestId,
    sourceIp: call.meta.sourceIp,
  });
}

/**
 * Appends one entry in its own transaction, writes a checkpoint there when one is due, and mirrors it
 * once committed: every append outside an action goes through here.
 */
async function appendWithCheckpoint(app: AppContext, input: AuditInput): Promise<void> {
  await auditInTransaction(app, input.at, (append) => append(input));
}

/**
 * Runs `work` in one transaction in which `append` adds audit entries (for events that are not actions,
 * written together with the rows that record them); a checkpoint is written there when one is due, and
 * mirrored once committed.
 */
export async function auditInTransaction<T>(
  app: AppContext,
  at: Date,
  work: (append: (input: AuditInput) => Promise<void>, trx: DbOrTrx) => Promise<T>,
): Promise<T> {
  const [result, cp] = await app.db.transaction().execute(async (trx) => {
    const out = await work(async (input) => {
      await appendAudit(trx, input);
    }, trx);
    return [out, app.signer ? await checkpointIfDue(trx, app.signer, at) : null] as const;
  });
  if (cp) app.signer?.mirror(cp);
  return result;
}

/** Audits a read or another event that changes nothing (login attempts, case reads). */
export async function auditEvent(
  call: Call,
  action: string,
  outcome: 'ok' | 'denied' | 'failed',
  draft: AuditDraft,
): Promise<void> {
  const now = call.app.clock();
  await appendWithCheckpoint(call.app, {
    at: now,
    actorId: call.actor.userId,
    actorUsername: call.actor.username,
    actorRole: call.actor.role,
    action,
    outcome,
    entityType: draft.entityType ?? null,
    entityId: draft.entityId ?? null,
    caseId: draft.caseId ?? null,
    detail: draft.detail,
    requestId: call.meta.requestId,
    sourceIp: call.meta.sourceIp,
  });
}

/** True when the request already left an entry (an action, its refusal, or an event) in the log. */
export async function requestAudited(app: AppContext, requestId: string): Promise<boolean> {
  const row = await app.db
    .selectFrom('audit_log')
    .select('seq')
    .where('request_id', '=', requestId)
    .limit(1)
    .executeTakeFirst();
  if (row) return true;
  const read = await app.db
    .selectFrom('read_log')
    .select('id')
    .where('request_id', '=', requestId)
    .limit(1)
    .executeTakeFirst();
  return read !== undefined;
}

/** The call of a named, enabled user: how the CLI and the demo seed act as a person, with that person's permissions. */
export async function callAsUser(
  app: AppContext,
  username: string,
  sourceIp: string | null = null,
): Promise<Call> {
  const u = await app.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!u) throw new ServiceError(404, 'not_found', `No user named ${username}.`);
  if (u.disabled_at) throw new ServiceError(403, 'account_disabled', `The account ${username} is disabled.`);
  return {
    app,
    actor: { kind: 'user', userId: u.id, username, role: u.role as Role, officeId: u.office_id },
    meta: { requestId: null, sourceIp },
  };
}

// Whether the caller sees every office: with the office scope (scope.ts), which needs it without this module.
export { spansOffices } from './scope.ts';
