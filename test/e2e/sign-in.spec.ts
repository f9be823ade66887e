import { expect, test } from '@playwright/test';
import {
  DEMO_PASSPHRASE,
  type DemoUser,
  enterDemoCode,
  expectAccessible,
  screenshot,
  signIn,
  trackApi,
} from './helpers.ts';

test('the sign-in page shows the system-use notice and is accessible', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to Redline' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'System use notice' })).toBeVisible();
  await expect(page.getByText('By signing in, you accept these terms.')).toBeVisible();
  await expectAccessible(page, 'sign in');
  await screenshot(page, 'sign-in');
});

test('a refused single sign-on comes back to the sign-in page with a plain explanation', async ({ page }) => {
  await page.goto('/?sso=failed');
  await expect(page.getByRole('heading', { name: 'Single sign-on did not succeed' })).toBeVisible();
  await expect(page.getByText(/ask your administrator/)).toBeVisible();
  await expectAccessible(page, 'sign in after a refused single sign-on');
});

test('a wrong passphrase is explained and the error summary links to the fields', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const summary = page.getByRole('heading', { name: 'You could not be signed in' });
  await expect(summary).toBeVisible();
  await expect(page.getByRole('link', { name: /Username: Enter your username/ })).toBeVisible();
  await page.getByLabel('Username').fill('auditor');
  await page.getByLabel('Passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/username or passphrase/i)).toBeVisible();
  await expectAccessible(page, 'sign in with errors');
  // The right passphrase still works (one failure is far from any wait), then the authenticator code.
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await enterDemoCode(page, 'auditor');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

const roles: Array<[DemoUser, string]> = [
  ['officer', 'Officer'],
  ['supervisor', 'Supervisor'],
  ['liaison', 'INTERPOL Washington liaison'],
  ['attorney', 'Agency attorney'],
  ['auditor', 'Auditor'],
  ['coordinator', 'Training coordinator'],
  ['admin', 'Administrator'],
];

for (const [user, label] of roles) {
  test(`${label} signs in, sees the marking and signs out`, async ({ page }) => {
    await signIn(page, user);
    await expect(page.getByTestId('header').getByText(new RegExp(`\\(${label}`))).toBeVisible();
    await expect(page.getByRole('note', { name: 'Handling marking' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('You have signed out.')).toBeVisible();
    // The session ended on the server: the API refuses the old cookie.
    const res = await page.request.get('/api/v1/session');
    expect(res.status()).toBe(401);
  });
}

test('the idle-timeout warning appears before the limit and "Stay signed in" keeps the session', async ({
  page,
}) => {
  await page.clock.install();
  const api = trackApi(page);
  await signIn(page, 'officer');
  // Let the home page finish loading: every answered request counts as activity.
  await expect(page.getByTestId('count-re_review_tasks')).toBeVisible();
  await api.settled();
  await page.clock.fastForward('26:00');
  const dialog = page.getByRole('dialog', { name: 'Your session is about to end' });
  // (The USWDS wrapper itself has no box; its heading is what a user sees.)
  await expect(dialog.getByRole('heading', { name: 'Your session is about to end' })).toBeVisible();
  await expectAccessible(page, 'session timeout warning');
  await dialog.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(dialog).toHaveCount(0);
  await page.clock.fastForward('31:00');
  await expect(page.getByText(/signed out because your session timed out/)).toBeVisible();
});
