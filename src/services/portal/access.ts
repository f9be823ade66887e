/**
 * Counsel portal access codes: how the person or their counsel reaches the portal for one case.
 *
 * Issuing (for the disclosure packet and the case page):
 *   `issuePortalAccess(trx, now, issuedBy, caseId)` → `{ accessId, code, linkToken, expiresAt }`
 * runs inside the caller's transaction (the caller's action writes the audit entry). The code (printed on
 * the packet, e.g. `K7QF-2MZP-9XRT-4HBC`) and the link token (`/portal/link/<token>`) are returned once;
 * only their SHA-256 hashes are stored. Both expire after the policy's portalAccessDays; the link works
 * once. `issuePortalAccessForCase(call, caseId)` is the audited action staff take from the case page.
 *
 * Validating: `findUsableAccess(trx, { code } | { linkToken }, now)` returns the access or null. An
 * unknown, expired, revoked or used credential all give null: the caller answers them identically.
 *
 * Revoking: `revokePortalAccess(call, accessId, reason)` (attorney or supervisor).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { portalAccessDays } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { actingUser, DAY_MS } from '../inputs.ts';
import { notFoundInScope, requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

/** Crockford's base32 without I, L, O, U: nothing a reader confuses when typing a printed code. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 5 bits: 80 random bits, far beyond guessing within the rate limit and lockout. */
const CODE_CHARS = 16;

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new access code, grouped in fours for reading aloud and printing. */
export function newAccessCode(): string {
  const bytes = randomBytes(CODE_CHARS);
  let out = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    out += ALPHABET[bytes[i]! & 31];
    if (i % 4 === 3 && i < CODE_CHARS - 1) out += '-';
  }
  return out;
}

/**
 * The code as typed, in its canonical form: upper case, no spaces or dashes, the letters people confuse
 * read as the digits they look like (O → 0, I and L → 1). Null when it cannot be a code.
 */
export function normaliseAccessCode(typed: string): string | null {
  const s = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== CODE_CHARS) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

export const hashAccessCode = (code: string) => sha256Hex(`portal-code:${code}`);
export const hashLinkToken = (token: string) => sha256Hex(`portal-link:${token}`);

export interface IssuedPortalAccess {
  accessId: string;
  /** The access code, shown once (printed on the packet). */
  code: string;
  /** The one-time link's token, shown once: the portal address is `/portal/link/<linkToken>`. */
  linkToken: string;
  expiresAt: Date;
}

/**
 * Issues an access code and a one-time link for a case, inside the caller's transaction (the caller's
 * action audits it). `issuedBy` is the user acting, or null for the system. The case must exist.
 */
export async function issuePortalAccess(
  trx: DbOrTrx,
  now: Date,
  issuedBy: string | null,
  caseId: string,
): Promise<IssuedPortalAccess> {
  const policy = await currentPolicy(trx);
  const expiresAt = new Date(now.getTime() + portalAccessDays(policy) * DAY_MS);
  const code = newAccessCode();
  const linkToken = randomBytes(32).toString('base64url');
  const accessId = randomUUID();
  await trx
    .insertInto('portal_access')
    .values({
      id: accessId,
      case_id: caseId,
      code_hash: hashAccessCode(normaliseAccessCode(code)!),
      link_token_hash: hashLinkToken(linkToken),
      issued_by: issuedBy,
      issued_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { accessId, code, linkToken, expiresAt };
}

/** The audited action behind "Issue a portal access code" on the case page. */
export async function issuePortalAccessForCase(call: Call, caseId: string): Promise<IssuedPortalAccess> {
  return runAction(
    call,
    { action: 'portal_access.issue', permission: 'portal_access.issue', entityType: 'portal_access' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (row.status === 'closed')
        throw conflict('case_closed', 'The case is closed: no new portal access is issued for it.');
      const issued = await issuePortalAccess(trx, now, actingUser(call), caseId);
      audit.entityId = issued.accessId;
      // Never the code or the token: only when the access ends.
      audit.detail = { expiresAt: issued.expiresAt.toISOString() };
      return issued;
    },
  );
}

export async function revokePortalAccess(
  call: Call,
  accessId: string,
  reason: string,
): Promise<{ id: string; revokedAt: Date }> {
  return runAction(
    call,
    { action: 'portal_access.revoke', permission: 'portal_access.revoke', entityType: 'portal_access' },
    async (trx, audit, now) => {
      audit.entityId = accessId;
      const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      const found = UUID.test(accessId)
        ? await trx
            .selectFrom('portal_access')
            .select('case_id')
            .where('id', '=', accessId)
            .executeTakeFirst()
        : undefined;
      if (!found) throw notFoundInScope('The portal access');
      audit.caseId = found.case_id;
      await requireInScope(trx, call, 'case', found.case_id, { label: 'The portal access' });
      await loadCaseForAction(trx, call, found.case_id, { lock: true });
      if (!reason?.trim())
        throw invalid('The access could not be revoked.', [
          { field: 'reason', message: 'Say why the access is revoked (the person may ask).' },
        ]);
      const access = await trx
        .selectFrom('portal_access')
        .selectAll()
        .where('id', '=', accessId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (access.revoked_at)
        throw conflict('access_revoked', 'This access was already revoked.', {
          revokedAt: new Date(access.revoked_at).toISOString(),
        });
      await trx
        .updateTable('portal_access')
        .set({ revoked_at: now, revoked_by: actingUser(call), revoke_reason: reason.trim() })
        .where('id', '=', accessId)
        .execute();
      // Open portal sessions of this access end now.
      await trx
        .updateTable('portal_sessions')
        .set({ ended_at: now })
        .where('access_id', '=', accessId)
        .where('ended_at', 'is', null)
        .execute();
      audit.detail = { reason: reason.trim() };
      return { id: accessId, revokedAt: now };
    },
  );
}

export type PortalCredential = { code: string } | { linkToken: string };

/**
 * The access a credential opens now, or null: unknown, expired, revoked and (for a link) already used
 * all give null, so that the caller answers them the same way.
 */
export async function findUsableAccess(
  trx: DbOrTrx,
  credential: PortalCredential,
  now: Date,
): Promise<{ id: string; caseId: string; expiresAt: Date } | null> {
  let q = trx
    .selectFrom('portal_access')
    .select(['id', 'case_id', 'expires_at', 'revoked_at', 'link_used_at']);
  if ('code' in credential) {
    const code = normaliseAccessCode(credential.code);
    if (!code) return null;
    q = q.where('code_hash', '=', hashAccessCode(code));
  } else {
    if (!credential.linkToken || credential.linkToken.length > 200) return null;
    q = q.where('link_token_hash', '=', hashLinkToken(credential.linkToken));
  }
  const row = await q.executeTakeFirst();
  if (!row) return null;
  if (row.revoked_at) return null;
  if (new Date(row.expires_at).getTime() <= now.getTime()) return null;
  if ('linkToken' in credential && row.link_used_at) return null;
  return { id: row.id, caseId: row.case_id, expiresAt: new Date(row.expires_at) };
}

/** Where an access stands, for the case page. */
export function accessState(
  a: { revoked_at: Date | string | null; expires_at: Date | string },
  now: Date,
): 'active' | 'expired' | 'revoked' {
  if (a.revoked_at) return 'revoked';
  return new Date(a.expires_at).getTime() <= now.getTime() ? 'expired' : 'active';
}
