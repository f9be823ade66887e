import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

test('the auditor searches the audit log by action and verifies the chain', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'auditor');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();

  await page.getByLabel('Action').fill('session.login');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const table = page.getByRole('table', { name: /Audit entries/ });
  await expect(table.getByRole('cell', { name: 'session.login' }).first()).toBeVisible();
  // Every row found is a sign-in.
  const actions = await table.locator('tbody td:nth-child(4)').allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  for (const a of actions) expect(a).toBe('session.login');

  // A malformed case id is explained before anything is sent.
  await page.getByLabel('Case id').fill('not-a-case');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('link', { name: /Case id: Enter the case id/ })).toBeVisible();
  await page.getByLabel('Case id').fill('');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'The search could not run' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Verify the audit chain' }).click();
  await expect(page.getByRole('heading', { name: 'The chain is intact' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/checkpoints? (was|were) checked/)).toBeVisible();
  await expectAccessible(page, 'audit');
  await screenshot(page, 'audit');
});

test('a supervisor has no access to the audit log', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'supervisor');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.get('/api/v1/audit');
  expect(res.status()).toBe(403);
});
