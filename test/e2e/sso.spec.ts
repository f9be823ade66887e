/**
 * Single sign-on in the browser: a local OpenID Connect provider (oidc-provider, test/helpers/oidc-provider.ts)
 * and a second Redline server configured for it (REDLINE_OIDC_*), both started here. In Chromium a person
 * clicks "Sign in with single sign-on", signs in on the provider's own login page, consents, and comes back
 * signed in to Redline with the role and office their groups give; signing out ends the Redline session.
 * An account the provider knows but Redline does not map, and a callback with a tampered state, end on the
 * sign-in page with a plain-language error and no session.
 *
 * Ports: the provider on E2E_PORT + 10, this Redline on E2E_PORT + 20 (the default server of the
 * configuration is not used: it has no provider).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { type LocalProvider, type ProviderAccounts, startOidcProvider } from '../helpers/oidc-provider.ts';
import { expectAccessible } from './helpers.ts';

const base = Number(process.env.E2E_PORT ?? 3100);
const IDP_PORT = base + 10;
const REDLINE_PORT = base + 20;
const REDLINE = `http://127.0.0.1:${REDLINE_PORT}`;
const CLIENT = { clientId: 'redline', clientSecret: 'a-client-secret-for-tests-only-0123456789' };

const ACCOUNTS: ProviderAccounts = {
  'idp-0101': {
    sub: 'idp-0101',
    name: 'Robin Okafor',
    preferred_username: 'robin.okafor',
    email: 'robin.okafor@agency.example',
    groups: ['staff', 'redline-supervisors-mia'],
  },
  'idp-0102': {
    sub: 'idp-0102',
    name: 'Kim Outsider',
    preferred_username: 'kim.outsider',
    groups: ['staff'],
  },
};

let idp: LocalProvider;
let redline: ChildProcess | undefined;
let redlineLog = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(330_000);
  idp = await startOidcProvider(ACCOUNTS, IDP_PORT);
  const redirectUri = `${REDLINE}/api/v1/sso/callback`;
  idp.serve({ ...CLIENT, redirectUri });
  // Never the shared database: the second server gets its own embedded one (scripts/e2e-server.mjs).
  const { DATABASE_URL: _ignored, ...env } = process.env;
  redline = spawn(process.execPath, ['scripts/e2e-server.mjs', String(REDLINE_PORT)], {
    env: {
      ...env,
      REDLINE_OIDC_ISSUER: idp.issuer,
      REDLINE_OIDC_CLIENT_ID: CLIENT.clientId,
      REDLINE_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      REDLINE_OIDC_REDIRECT_URI: redirectUri,
      REDLINE_OIDC_ALLOW_HTTP: 'true',
      REDLINE_OIDC_GROUP_MAP: JSON.stringify({
        'redline-supervisors-mia': { role: 'supervisor', officeId: 'MIA' },
      }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  redline.stderr?.on('data', (chunk: Buffer) => {
    redlineLog = (redlineLog + chunk.toString()).slice(-4000);
  });
  // A fresh database is migrated and seeded first: this can take minutes on a busy machine.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (redline.exitCode !== null) throw new Error(`The Redline server stopped: ${redlineLog}`);
    const up = await fetch(`${REDLINE}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`The Redline server did not start: ${redlineLog}`);
    await new Promise((ok) => setTimeout(ok, 1000));
  }
});

test.afterAll(async () => {
  if (redline && redline.exitCode === null) {
    const exited = new Promise((ok) => redline!.once('exit', ok));
    redline.kill('SIGTERM');
    await exited;
  }
  await idp?.close();
});

/** From Redline's sign-in page through the provider's login and consent pages, as the account given. */
async function signInAtProvider(page: Page, account: string) {
  await page.goto(`${REDLINE}/`);
  await expect(page.getByRole('heading', { name: 'Sign in to Redline' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
  // The provider's own login page, on its own origin.
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any passphrase the provider checks');
  await page.locator('button[type="submit"]').click();
  // Its consent page: Redline asks for the profile, e-mail and groups.
  await expect(page.locator('input[name="prompt"][value="consent"]')).toBeAttached();
  await page.locator('button[type="submit"]').click();
}

test('signs in through the provider with the role and office the groups give, and signs out', async ({
  page,
}) => {
  await signInAtProvider(page, 'idp-0101');
  await expect(page).toHaveURL(`${REDLINE}/`);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByText('Signed in as')).toContainText(
    'Robin Okafor (Supervisor, Miami Field Office (demo))',
  );
  const session = await page.request.get(`${REDLINE}/api/v1/session`);
  expect(session.status()).toBe(200);
  expect(await session.json()).toMatchObject({
    stage: 'active',
    user: { username: 'robin.okafor', role: 'supervisor', officeId: 'MIA' },
  });
  await expectAccessible(page, 'home after single sign-on');

  // Signing out ends the Redline session: the sign-in page, and the old cookie opens nothing.
  const cookie = (await page.context().cookies(REDLINE)).find((c) => c.name === 'redline_session');
  expect(cookie).toBeTruthy();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Redline' })).toBeVisible();
  const after = await fetch(`${REDLINE}/api/v1/session`, {
    headers: { cookie: `redline_session=${cookie!.value}` },
  });
  expect(after.status).toBe(401);
});

test('refuses an account the provider knows but Redline does not map, on the sign-in page', async ({
  page,
}) => {
  await signInAtProvider(page, 'idp-0102');
  await expect(page).toHaveURL(`${REDLINE}/?sso=failed`);
  const alert = page.getByRole('heading', { name: 'Single sign-on did not succeed' });
  await expect(alert).toBeVisible();
  await expect(
    page.getByText('your agency account may not be in a group that gives a Redline role'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect((await page.context().cookies(REDLINE)).some((c) => c.name === 'redline_session')).toBe(false);
  await expectAccessible(page, 'sign-in after a refused single sign-on');
});

test('refuses a callback whose state was tampered with, on the sign-in page', async ({ page }) => {
  // A real authorization request, whose state is then altered on the way back.
  const start = await fetch(`${REDLINE}/api/v1/sso/login`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  await page.goto(`${REDLINE}/api/v1/sso/callback?code=any-code&state=${encodeURIComponent(`${state}x`)}`);
  await expect(page).toHaveURL(`${REDLINE}/?sso=failed`);
  await expect(page.getByRole('heading', { name: 'Single sign-on did not succeed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect((await page.context().cookies(REDLINE)).some((c) => c.name === 'redline_session')).toBe(false);
});
