import { expect, test } from '@playwright/test';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, expectAccessible, screenshot } from './helpers.ts';

// A security key with Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): the director adds
// a key from the account page, signs out, and signs in with the passphrase and the key instead of the code.
// The relying party is the origin the server is configured with (demo mode: http://localhost:<port>), so the
// page is opened at localhost, not 127.0.0.1 (an IP address is never a WebAuthn relying-party id).
const port = Number(process.env.E2E_PORT ?? 3100);
const site = `http://localhost:${port}`;

test('the director adds a security key and signs in with it instead of the code', async ({ page }) => {
  test.slow();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: false,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await page.goto(`${site}/`);
  await page.getByLabel('Username').fill('director');
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authenticator code').fill(demoTotpCode('director'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.goto(`${site}/account`);
  await expect(page.getByRole('heading', { level: 2, name: 'Security keys' })).toBeVisible();
  // A key needs a name.
  await page.getByRole('button', { name: 'Add a security key' }).click();
  await expect(page.getByRole('heading', { name: 'The security key was not added' })).toBeVisible();
  await page.getByLabel('Name of the key').fill('Blue key');
  await page.getByRole('button', { name: 'Add a security key' }).click();
  await expect(page.getByText('The security key “Blue key” was added.')).toBeVisible();
  await expect(page.getByTestId('security-keys').getByRole('rowheader', { name: 'Blue key' })).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  await expectAccessible(page, 'account with a security key');
  await screenshot(page, 'security-keys');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').fill('director');
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Use your security key' })).toBeVisible();
  await expectAccessible(page, 'second step with a security key');
  await page.getByRole('button', { name: 'Use your security key' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]?.signCount).toBeGreaterThan(0);

  // The key's last use shows on the account page; removing it needs the passphrase and a code.
  await page.goto(`${site}/account`);
  const row = page.getByTestId('security-keys').getByRole('row', { name: /Blue key/ });
  await expect(row.getByRole('cell').nth(1)).not.toHaveText('never');
  await row.getByRole('button', { name: /Remove/ }).click();
  const removal = page.getByRole('region', { name: 'Remove the security key “Blue key”' });
  await removal.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await removal.getByLabel('Code from your authenticator app').fill(demoTotpCode('director'));
  await removal.getByRole('button', { name: 'Remove the key' }).click();
  await expect(page.getByText('The security key “Blue key” was removed.')).toBeVisible();
  await expect(page.getByText('You have no security key.')).toBeVisible();
});
