/**
 * Single sign-on through OpenID Connect (openid-client 6): the authorization code flow with PKCE (S256),
 * `state` and `nonce`. The request's secrets are kept in the database for 10 minutes and used once, so any
 * instance can finish a sign-in another started. The identity provider's groups claim decides the role and
 * office (REDLINE_OIDC_GROUP_MAP); an account is created at its first sign-in and its role and office follow
 * the provider's groups at every sign-in. The provider is trusted to have checked the second factor; its
 * `amr`/`acr` claims are kept in the audit entry. Every step is audited, refusals with their reason.
 */
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { ROLES, type Role } from '../domain/types.ts';
import type { UserRow } from '../store/schema.ts';
import { openExternalSession, type SessionInfo, toPublicUser } from './accounts.ts';
import { type Actor, auditEvent, type Call, runAction } from './context.ts';
import { ServiceError } from './errors.ts';

export interface GroupGrant {
  role: Role;
  officeId?: string | null;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: `https://<host>/api/v1/sso/callback`. */
  redirectUri: string;
  /** The claim holding the person's groups (`groups` by default). */
  groupsClaim: string;
  /** Group → role and office. The first group of the map the person belongs to decides. */
  groupMap: Record<string, GroupGrant>;
  scopes: string;
  /** Allow an `http:` issuer (a local test provider only). */
  allowHttp: boolean;
}

/**
 * Reads the settings from the environment: REDLINE_OIDC_ISSUER, REDLINE_OIDC_CLIENT_ID,
 * REDLINE_OIDC_CLIENT_SECRET, REDLINE_OIDC_REDIRECT_URI, REDLINE_OIDC_GROUP_MAP (JSON, e.g.
 * `{"redline-officers-nyc":{"role":"officer","officeId":"NYC"}}`), and optionally REDLINE_OIDC_GROUPS_CLAIM,
 * REDLINE_OIDC_SCOPES and REDLINE_OIDC_ALLOW_HTTP. Single sign-on is off when the issuer is not set.
 */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  if (!env.REDLINE_OIDC_ISSUER) return null;
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`${name} must be set when REDLINE_OIDC_ISSUER is set.`);
    return v;
  };
  let groupMap: Record<string, GroupGrant>;
  try {
    groupMap = JSON.parse(need('REDLINE_OIDC_GROUP_MAP')) as Record<string, GroupGrant>;
  } catch (err) {
    throw new Error(`REDLINE_OIDC_GROUP_MAP is not valid JSON: ${(err as Error).message}`);
  }
  for (const [group, grant] of Object.entries(groupMap))
    if (!ROLES.includes(grant.role))
      throw new Error(`REDLINE_OIDC_GROUP_MAP: group ${group} has an unknown role ${String(grant.role)}.`);
  return {
    issuer: need('REDLINE_OIDC_ISSUER'),
    clientId: need('REDLINE_OIDC_CLIENT_ID'),
    clientSecret: need('REDLINE_OIDC_CLIENT_SECRET'),
    redirectUri: need('REDLINE_OIDC_REDIRECT_URI'),
    groupsClaim: env.REDLINE_OIDC_GROUPS_CLAIM ?? 'groups',
    groupMap,
    scopes: env.REDLINE_OIDC_SCOPES ?? 'openid profile email groups',
    allowHttp: env.REDLINE_OIDC_ALLOW_HTTP === 'true',
  };
}

const REQUEST_TTL_MS = 10 * 60_000;
const configs = new Map<string, Promise<client.Configuration>>();

function providerConfig(s: OidcSettings): Promise<client.Configuration> {
  const key = `${s.issuer}|${s.clientId}`;
  let c = configs.get(key);
  if (!c) {
    c = client.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, {
      ...(s.allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
    });
    c.catch(() => configs.delete(key));
    configs.set(key, c);
  }
  return c;
}

const ssoActor = (username: string, user?: UserRow): Actor => ({
  kind: 'user',
  userId: user?.id ?? null,
  username,
  role: (user?.role as Role | undefined) ?? null,
  officeId: user?.office_id ?? null,
});

/** Starts a sign-in: the URL of the provider to send the browser to. */
export async function beginSso(call: Call, s: OidcSettings): Promise<URL> {
  const config = await providerConfig(s);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const now = call.app.clock();
  await call.app.db.deleteFrom('oidc_requests').where('expires_at', '<', now).execute();
  await call.app.db
    .insertInto('oidc_requests')
    .values({
      state,
      nonce,
      code_verifier: codeVerifier,
      created_at: now,
      expires_at: new Date(now.getTime() + REQUEST_TTL_MS),
    })
    .execute();
  return client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: s.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

/** The role and office the person's groups give, or null. */
export function grantFor(groups: unknown, map: Record<string, GroupGrant>): GroupGrant | null {
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : [];
  for (const [group, grant] of Object.entries(map)) if (list.includes(group)) return grant;
  return null;
}

const refuse = async (call: Call, reason: string, detail: Record<string, unknown> = {}): Promise<never> => {
  await auditEvent(call, 'session.sso', 'failed', { entityType: 'user', detail: { reason, ...detail } });
  throw new ServiceError(
    401,
    'sso_failed',
    'Single sign-on did not succeed. Start again from the sign-in page.',
  );
};

/** Finishes a sign-in from the provider's redirect: checks state, PKCE and nonce, maps groups, opens a session. */
export async function completeSso(
  call: Call,
  s: OidcSettings,
  currentUrl: URL,
  userAgent: string | null,
): Promise<SessionInfo> {
  const config = await providerConfig(s);
  const state = currentUrl.searchParams.get('state') ?? '';
  const now = call.app.clock();
  const pending = await call.app.db
    .deleteFrom('oidc_requests')
    .where('state', '=', state)
    .returningAll()
    .executeTakeFirst();
  if (!pending || new Date(pending.expires_at).getTime() < now.getTime())
    return refuse(call, pending ? 'sign-in request expired' : 'unknown or used state');
  if (currentUrl.searchParams.get('error'))
    return refuse(call, 'provider refused', { error: currentUrl.searchParams.get('error') });
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    if (!(s.groupsClaim in claims) && tokens.access_token) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
  } catch (err) {
    return refuse(call, 'token exchange or ID token check failed', {
      error: (err as Error).message.slice(0, 200),
    });
  }
  const subject = String(claims.sub);
  const grant = grantFor(claims[s.groupsClaim], s.groupMap);
  const username = String(claims.preferred_username ?? `sso-${subject}`)
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 63);
  const named: Call = { ...call, actor: ssoActor(username) };
  if (!grant) return refuse(named, 'no mapped group', { subject });

  const existing = await call.app.db
    .selectFrom('users')
    .selectAll()
    .where('oidc_issuer', '=', s.issuer)
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
  if (existing?.disabled_at)
    return refuse({ ...call, actor: ssoActor(existing.username, existing) }, 'account disabled');
  const audit = { amr: claims.amr ?? null, acr: claims.acr ?? null, groups: claims[s.groupsClaim] ?? null };
  return runAction(
    { ...call, actor: ssoActor(existing?.username ?? username, existing) },
    { action: 'session.sso', entityType: 'session' },
    async (trx, draft) => {
      let user = existing;
      if (!user) {
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        user = await trx
          .insertInto('users')
          .values({
            id: randomUUID(),
            username: taken ? `${username.slice(0, 50)}-${subject.slice(0, 8)}` : username,
            display_name: String(claims.name ?? username),
            email: typeof claims.email === 'string' ? claims.email : null,
            role: grant.role,
            office_id: grant.officeId ?? null,
            password_hash: '!sso-only', // no passphrase: never verifies
            oidc_issuer: s.issuer,
            oidc_subject: subject,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } else if (user.role !== grant.role || user.office_id !== (grant.officeId ?? null)) {
        user = await trx
          .updateTable('users')
          .set({ role: grant.role, office_id: grant.officeId ?? null })
          .where('id', '=', user.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const session = await openExternalSession(trx, call, user, userAgent);
      Object.assign(draft, {
        entityId: session.id.slice(0, 16),
        before: existing ? toPublicUser(existing) : null,
        after: toPublicUser(user),
        detail: { ...audit, created: !existing, issuer: s.issuer },
      });
      return session;
    },
  );
}
