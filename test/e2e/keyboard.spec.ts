import { expect, test } from '@playwright/test';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, enterDemoCode, expectAccessible } from './helpers.ts';

// Keyboard-only use: sign in, skip to the content, open the navigation and reach a case without a mouse.
test('a keyboard-only user signs in and reaches the case list', async ({ page }) => {
  await page.goto('/');
  // Each page moves focus to its heading, so the next Tab reaches the first field.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Username')).toBeFocused();
  await page.keyboard.type('officer');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Passphrase')).toBeFocused();
  await page.keyboard.type(DEMO_PASSPHRASE);
  await page.keyboard.press('Enter');
  // The second step: its heading takes the focus, the next Tab reaches the code field.
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your authenticator code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Authenticator code')).toBeFocused();
  await page.keyboard.type(demoTotpCode('officer'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // The home page has loaded once its heading has taken the focus (it would otherwise take it from the link).
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeFocused();

  // The skip link (the first stop on a fresh page) moves focus past the header.
  await page.getByRole('link', { name: 'Skip to main content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main-content$/);

  // The primary navigation is reachable and usable by keyboard.
  const casesLink = page.getByTestId('header').getByRole('link', { name: 'Cases', exact: true });
  await casesLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expectAccessible(page, 'case list (keyboard)');
});

test('the layout works at 320 px wide: no sideways scrolling, menu opens from its button', async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto('/');
  await page.getByLabel('Username').fill('supervisor');
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await enterDemoCode(page, 'supervisor');
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByTestId('header').getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await page.getByTestId('header').getByRole('link', { name: 'Cases', exact: true }).click();
  await expect(page).toHaveURL(/\/cases$/);
  // The case page of the demo case with the most on it (its gates, steps, review, facts and history).
  const found = (await (await page.request.get('/api/v1/cases?q=RL-2026-000002')).json()) as {
    items: Array<{ id: string }>;
  };
  const casePage = `/cases/${found.items[0]!.id}`;
  for (const path of ['/', '/cases', '/cases/new', '/dashboard', casePage]) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways by ${overflow}px at 320 px`).toBeLessThanOrEqual(0);
  }
  // And at 1,280 px, the width of a common office laptop: the step indicator and the gates fit.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(casePage);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('RL-2026-000002');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide, `the case page scrolls sideways by ${wide}px at 1,280 px`).toBeLessThanOrEqual(0);
});
