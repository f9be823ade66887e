// Single sign-on against a real OpenID Connect provider (oidc-provider, test/helpers/oidc-provider.ts) started
// by the test on a free port:
// the browser's part of the authorization code flow is played over HTTP (provider login and consent forms,
// cookies), and Redline listens on a real port too.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { OidcSettings } from '../../src/services/sso.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { type LocalProvider, type ProviderAccounts, startOidcProvider } from '../helpers/oidc-provider.ts';

const ACCOUNTS: ProviderAccounts = {
  'idp-0001': {
    sub: 'idp-0001',
    name: 'Robin Officer (IdP)',
    preferred_username: 'robin.officer',
    email: 'robin@agency.example',
    groups: ['staff', 'redline-officers-nyc'],
  },
  'idp-0002': { sub: 'idp-0002', name: 'Kim Outsider', preferred_username: 'kim', groups: ['staff'] },
};

let d: Database;
let redline: FastifyInstance;
let idp: LocalProvider;
let redlineBase: string;
let issuer: string;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d, { now: () => new Date(), advance() {}, set() {} });
  await seedDemo(t.system);
  // The provider's port first (it is part of its issuer), then Redline's, then the provider itself.
  idp = await startOidcProvider(ACCOUNTS);
  issuer = idp.issuer;
  const oidc: OidcSettings = {
    issuer,
    clientId: 'redline',
    clientSecret: 'a-client-secret-for-tests-only-0123456789',
    redirectUri: '', // set once Redline listens
    groupsClaim: 'groups',
    groupMap: {
      'redline-supervisors': { role: 'supervisor', officeId: 'NYC' },
      'redline-officers-nyc': { role: 'officer', officeId: 'NYC' },
    },
    scopes: 'openid profile email groups',
    allowHttp: true,
  };
  redline = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    webRoot: false,
    oidc,
  });
  await redline.listen({ port: 0, host: '127.0.0.1' });
  redlineBase = `http://127.0.0.1:${(redline.server.address() as AddressInfo).port}`;
  oidc.redirectUri = `${redlineBase}/api/v1/sso/callback`;
  idp.serve({ clientId: oidc.clientId, clientSecret: oidc.clientSecret, redirectUri: oidc.redirectUri });
});
afterAll(async () => {
  await redline.close();
  await idp.close();
  await d.close();
});

/** Plays the browser: follows redirects, keeps each site's cookies, and fills the provider's forms. */
async function browse(start: string, account: string) {
  const jar = new Map<string, Map<string, string>>();
  const cookieHeader = (url: URL) =>
    [...(jar.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (url: URL, res: Response) => {
    const m = jar.get(url.host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      m.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    jar.set(url.host, m);
  };
  let url = new URL(start);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  const visited: string[] = [];
  for (let hop = 0; hop < 20; hop++) {
    visited.push(`${method} ${url.origin}${url.pathname}`);
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(url),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    keep(url, res);
    method = 'GET';
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      if (url.href.startsWith(redlineBase) && url.pathname === '/') break;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) return { status: res.status, text: html, visited, jar, url };
    url = new URL(action, url);
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt });
  }
  return { status: 302, text: '', visited, jar, url };
}

describe('single sign-on (OpenID Connect)', () => {
  it('signs a person in through the provider with PKCE, state and nonce, mapping their groups to a role and office', async () => {
    const r = await browse(`${redlineBase}/api/v1/sso/login`, 'idp-0001');
    expect(r.url.href).toBe(`${redlineBase}/`);
    const callback = r.visited.find((v) => v.includes('/api/v1/sso/callback'));
    expect(callback).toBeTruthy();
    const authorize = r.visited.find((v) => v.startsWith(`GET ${issuer}`));
    expect(authorize).toBeTruthy();
    const cookie = [...(r.jar.get(new URL(redlineBase).host) ?? new Map()).entries()]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const me = await fetch(`${redlineBase}/api/v1/session`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const session = (await me.json()) as {
      stage: string;
      user: { username: string; role: string; officeId: string };
    };
    expect(session).toMatchObject({
      stage: 'active',
      user: { username: 'robin.officer', role: 'officer', officeId: 'NYC' },
    });
    const audit = await d.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'session.sso')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'ok', detail: { created: true, issuer } });
  });

  it('checks what the authorization request carried: PKCE S256, state and nonce', async () => {
    const res = await fetch(`${redlineBase}/api/v1/sso/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    const stored = await d.db
      .selectFrom('oidc_requests')
      .select('state')
      .where('state', '=', to.searchParams.get('state')!)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('refuses a callback whose state is unknown or already used, and audits it', async () => {
    const forged = await fetch(`${redlineBase}/api/v1/sso/callback?code=abc&state=forged-state`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('sso_failed');
    const refused = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'session.sso')
      .where('outcome', '=', 'failed')
      .execute();
    expect(refused.map((r) => (r.detail as { reason: string }).reason)).toContain('unknown or used state');
    // A browser (it asks for HTML) is sent to the sign-in page, which says what happened.
    const browser = await fetch(`${redlineBase}/api/v1/sso/callback?code=abc&state=forged-again`, {
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/?sso=failed');
    expect(browser.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a person none of whose groups is mapped, without creating an account', async () => {
    const r = await browse(`${redlineBase}/api/v1/sso/login`, 'idp-0002');
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toMatchObject({ code: 'sso_failed' });
    const users = await d.db.selectFrom('users').select('username').where('username', '=', 'kim').execute();
    expect(users).toHaveLength(0);
    const refused = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'session.sso')
      .where('outcome', '=', 'failed')
      .execute();
    expect(refused.map((r) => (r.detail as { reason: string }).reason)).toContain('no mapped group');
  });

  it('follows the provider: a change of group changes the role at the next sign-in', async () => {
    ACCOUNTS['idp-0001']!.groups = ['redline-supervisors'];
    const r = await browse(`${redlineBase}/api/v1/sso/login`, 'idp-0001');
    expect(r.url.href).toBe(`${redlineBase}/`);
    const u = await d.db
      .selectFrom('users')
      .select(['role', 'office_id'])
      .where('username', '=', 'robin.officer')
      .executeTakeFirstOrThrow();
    expect(u).toEqual({ role: 'supervisor', office_id: 'NYC' });
  });
});
