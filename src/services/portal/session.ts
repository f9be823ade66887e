/**
 * Portal sessions: how a person or their counsel, holding an access code or a one-time link, reaches the
 * portal of one case. A portal session is its own record and cookie, never an agency session: it names
 * one access (so one case), and the portal's services take the case from it, never from the request.
 *
 * - Every attempt is audited (`portal.sign_in`, ok or denied). A refused credential — unknown, expired,
 *   revoked, a link already used — gets one answer that does not say which.
 * - Bad codes are counted per source address: after PORTAL_LOCKOUT.failures within the window the address
 *   is locked for PORTAL_LOCKOUT.lockMinutes, even for a good code (HTTP rate limiting sits in front).
 * - A session ends after PORTAL_SESSION.idleMinutes without use, after PORTAL_SESSION.maxHours, when its
 *   access expires or is revoked, or when the person signs out.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTrx } from '../../store/db.ts';
import { type Actor, type AppContext, auditEvent, type Call } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { findUsableAccess, type PortalCredential } from './access.ts';

export const PORTAL_LOCKOUT = { failures: 5, windowMinutes: 15, lockMinutes: 15 } as const;
export const PORTAL_SESSION = { idleMinutes: 30, maxHours: 8 } as const;
export const PORTAL_LANGUAGES = ['en', 'es', 'ru', 'zh', 'ar', 'tr', 'fa', 'fr', 'uk', 'ht'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

const MINUTE = 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The one answer for a credential that does not open the portal, whatever the reason. */
export const accessRefused = () =>
  new ServiceError(
    401,
    'portal_access_refused',
    'This code or link does not open the portal. Check the code printed on your papers, or ask the office that gave them to you for a new one.',
  );

export const portalLocked = (until: Date) =>
  new ServiceError(
    429,
    'portal_locked',
    'Too many codes that did not work were tried from here. Wait before trying again.',
    { retryAfterSeconds: 0, lockedUntil: until.toISOString() },
  );

/** The actor a portal session acts as: the person or counsel holding one access, not a staff member. */
export function portalActor(accessId: string): Actor {
  return { kind: 'system', userId: null, username: `portal:${accessId}`, role: null, officeId: null };
}

export interface PortalSession {
  id: string;
  accessId: string;
  caseId: string;
  csrfToken: string;
  language: PortalLanguage;
  expiresAt: Date;
  accessExpiresAt: Date;
}

export interface PortalCallMeta {
  requestId: string | null;
  sourceIp: string | null;
}

export const portalCall = (app: AppContext, s: { accessId: string }, meta: PortalCallMeta): Call => ({
  app,
  actor: portalActor(s.accessId),
  meta,
});

async function lockedUntil(db: DbOrTrx, key: string, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('portal_lockouts')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row?.locked_until) return null;
  const until = new Date(row.locked_until);
  return until.getTime() > now.getTime() ? until : null;
}

/** Counts a bad code for the source address; locks it at the threshold. Returns the lock's end, if locked. */
async function countFailure(db: Db, key: string, now: Date): Promise<Date | null> {
  return db.transaction().execute((trx) => countFailureIn(trx, key, now));
}

async function countFailureIn(trx: DbOrTrx, key: string, now: Date): Promise<Date | null> {
  await trx
    .insertInto('portal_lockouts')
    .values({ key, failures: 0, first_failure_at: now, locked_until: null })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await trx
    .selectFrom('portal_lockouts')
    .selectAll()
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const windowStart = now.getTime() - PORTAL_LOCKOUT.windowMinutes * MINUTE;
  const fresh = new Date(row.first_failure_at).getTime() < windowStart;
  const failures = fresh ? 1 : row.failures + 1;
  const lock =
    failures >= PORTAL_LOCKOUT.failures
      ? new Date(now.getTime() + PORTAL_LOCKOUT.lockMinutes * MINUTE)
      : null;
  await trx
    .updateTable('portal_lockouts')
    .set({
      failures: lock ? 0 : failures,
      first_failure_at: fresh || lock ? now : row.first_failure_at,
      locked_until: lock ?? row.locked_until,
    })
    .where('key', '=', key)
    .execute();
  return lock;
}

/**
 * Opens a portal session with an access code or a one-time link. Returns the session and its cookie
 * token (only the token's hash is stored). Refuses every bad credential the same way.
 */
export async function portalSignIn(
  app: AppContext,
  credential: PortalCredential,
  meta: PortalCallMeta,
  language: PortalLanguage = 'en',
): Promise<{ token: string; session: PortalSession }> {
  const now = app.clock();
  const key = `ip:${meta.sourceIp ?? 'unknown'}`;
  const via = 'code' in credential ? 'code' : 'link';
  const anonymous: Call = {
    app,
    actor: { kind: 'user', userId: null, username: 'portal visitor', role: null, officeId: null },
    meta,
  };
  const until = await lockedUntil(app.db, key, now);
  if (until) {
    await auditEvent(anonymous, 'portal.sign_in', 'denied', {
      entityType: 'portal_access',
      detail: { via, rule: 'PORTAL-LOCKOUT', lockedUntil: until.toISOString() },
    });
    throw portalLocked(until);
  }
  const opened = await app.db.transaction().execute(async (trx) => {
    const access = await findUsableAccess(trx, credential, now);
    if (!access) return null;
    // The link is one-time: the first use spends it (under the row's lock, so two uses cannot both win).
    const row = await trx
      .selectFrom('portal_access')
      .select(['link_used_at'])
      .where('id', '=', access.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (via === 'link' && row.link_used_at) return null;
    await trx
      .updateTable('portal_access')
      .set((eb) => ({
        last_used_at: now,
        use_count: eb('use_count', '+', 1),
        ...(via === 'link' ? { link_used_at: now } : {}),
      }))
      .where('id', '=', access.id)
      .execute();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const maxEnd = now.getTime() + PORTAL_SESSION.maxHours * 3_600_000;
    const expiresAt = new Date(Math.min(maxEnd, access.expiresAt.getTime()));
    await trx
      .insertInto('portal_sessions')
      .values({
        id: sha256(token),
        access_id: access.id,
        csrf_token: csrfToken,
        language,
        created_at: now,
        expires_at: expiresAt,
        last_seen_at: now,
      })
      .execute();
    return {
      token,
      session: {
        id: sha256(token),
        accessId: access.id,
        caseId: access.caseId,
        csrfToken,
        language,
        expiresAt,
        accessExpiresAt: access.expiresAt,
      },
    };
  });
  if (!opened) {
    const lock = await countFailure(app.db, key, now);
    await auditEvent(anonymous, 'portal.sign_in', 'denied', {
      entityType: 'portal_access',
      detail: { via, rule: 'PORTAL-ACCESS', ...(lock ? { lockedUntil: lock.toISOString() } : {}) },
    });
    throw accessRefused();
  }
  await auditEvent(portalCall(app, opened.session, meta), 'portal.sign_in', 'ok', {
    entityType: 'portal_access',
    entityId: opened.session.accessId,
    caseId: opened.session.caseId,
    detail: { via },
  });
  return opened;
}

/**
 * The portal session a cookie token names, or null when it has ended (idle, too old, signed out, or its
 * access expired or was revoked). Touches its last use.
 */
export async function resolvePortalSession(app: AppContext, token: string): Promise<PortalSession | null> {
  if (!token || token.length > 200) return null;
  const now = app.clock();
  const row = await app.db
    .selectFrom('portal_sessions')
    .innerJoin('portal_access', 'portal_access.id', 'portal_sessions.access_id')
    .select([
      'portal_sessions.id',
      'portal_sessions.access_id',
      'portal_sessions.csrf_token',
      'portal_sessions.language',
      'portal_sessions.expires_at',
      'portal_sessions.last_seen_at',
      'portal_sessions.ended_at',
      'portal_access.case_id',
      'portal_access.expires_at as access_expires_at',
      'portal_access.revoked_at',
    ])
    .where('portal_sessions.id', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.ended_at || row.revoked_at) return null;
  const t = now.getTime();
  if (new Date(row.expires_at).getTime() <= t || new Date(row.access_expires_at).getTime() <= t) return null;
  if (new Date(row.last_seen_at).getTime() + PORTAL_SESSION.idleMinutes * MINUTE <= t) return null;
  await app.db.updateTable('portal_sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  return {
    id: row.id,
    accessId: row.access_id,
    caseId: row.case_id,
    csrfToken: row.csrf_token,
    language: row.language as PortalLanguage,
    expiresAt: new Date(row.expires_at),
    accessExpiresAt: new Date(row.access_expires_at),
  };
}

export function portalCsrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function portalSignOut(app: AppContext, session: PortalSession, meta: PortalCallMeta) {
  await app.db
    .updateTable('portal_sessions')
    .set({ ended_at: app.clock() })
    .where('id', '=', session.id)
    .execute();
  await auditEvent(portalCall(app, session, meta), 'portal.sign_out', 'ok', {
    entityType: 'portal_access',
    entityId: session.accessId,
    caseId: session.caseId,
  });
}

export async function setPortalLanguage(
  app: AppContext,
  session: PortalSession,
  meta: PortalCallMeta,
  language: PortalLanguage,
) {
  await app.db.updateTable('portal_sessions').set({ language }).where('id', '=', session.id).execute();
  await auditEvent(portalCall(app, session, meta), 'portal.language', 'ok', {
    entityType: 'portal_access',
    entityId: session.accessId,
    caseId: session.caseId,
    detail: { language },
  });
}
