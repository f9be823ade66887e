import { expect, type Page, test } from '@playwright/test';
import { generateSync } from 'otplib';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// A supervisor's first sign-in: the role requires an authenticator app, so the account sets one up (QR code or
// the key typed by hand), confirms it with a first code and saves its recovery codes before anything else. Then
// a later sign-in with a recovery code, and new recovery codes from the account page.
const PASS = 'plum kettle orbit lantern 2026';
const code = (secret: string, aheadSteps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * aheadSteps, period: 30 });

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string }).csrfToken;
}

test('a new supervisor enrols an authenticator app at first sign-in, then signs in with a recovery code', async ({
  page,
}) => {
  test.slow();
  const username = `mfa${Date.now() % 1_000_000}`;
  await signIn(page, 'admin');
  const created = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-token': await csrf(page) },
    data: {
      username,
      displayName: `MFA Supervisor ${username}`,
      role: 'supervisor',
      officeId: 'NYC',
      passphrase: PASS,
    },
  });
  expect(created.status()).toBe(201);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Passphrase').fill(PASS);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your authenticator app' })).toBeVisible();
  // Nothing else is reachable yet.
  expect((await page.request.get('/api/v1/cases')).status()).toBe(401);
  await page.getByRole('button', { name: 'Show the QR code' }).click();
  await expect(page.getByRole('img', { name: /QR code to scan/ })).toBeVisible();
  const secret = ((await page.getByTestId('mfa-key').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectAccessible(page, 'authenticator enrolment');
  await screenshot(page, 'mfa-enrolment');

  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'The app could not be confirmed' })).toBeVisible();
  await page.getByLabel('Code from the app').fill(code(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  const list = page.getByTestId('recovery-codes');
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const recovery = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  await expectAccessible(page, 'recovery codes');
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The account page: 10 recovery codes; new ones need a current code (the next step's: this one is used up).
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByTestId('recovery-left')).toHaveText('You have 10 unused recovery codes.');
  await expectAccessible(page, 'your account');
  await page.getByLabel('Code from your authenticator app').fill(code(secret, 1));
  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const renewed = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(renewed).not.toContain(recovery[0]);
  await page.getByRole('button', { name: 'I have saved my new recovery codes' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // A later sign-in: passphrase, then the code step; an old recovery code is refused, a new one works once.
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Passphrase').fill(PASS);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your authenticator code' })).toBeVisible();
  await expectAccessible(page, 'authenticator code step');
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recovery[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(/code is not correct/)).toBeVisible();
  await page.getByLabel('Recovery code').fill(renewed[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
