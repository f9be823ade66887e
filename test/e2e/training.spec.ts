import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

/** A date some days back, as YYYY-MM-DD (completions in the future are refused). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

// Only demo users whose training is already current are given newer completions, so other tests that rely
// on someone's training standing are not affected.

test('the training coordinator imports a training file: a bad row is refused by line and column, a good file is imported', async ({
  page,
}) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'coordinator');
  await page.goto('/training');
  await expect(page.getByRole('heading', { name: 'Training', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: /Latest training of each person/ })).toBeVisible();

  const bad = `username,course,completed_on\nliaison,E2E refresher,${daysAgo(3)}\nattorney,E2E refresher,2026-13-01\n`;
  await page.getByLabel('CSV file').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(bad),
  });
  await page.getByRole('button', { name: 'Import file' }).click();
  await expect(page.getByRole('heading', { name: 'The file was not imported' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Line 3, column completed_on: .*2026-13-01/ })).toBeVisible();
  await expect(page.getByText(/nothing was imported/)).toBeVisible();
  await expectAccessible(page, 'training import errors');

  const good = `username,course,completed_on,certificate\nliaison,E2E refresher,${daysAgo(3)},E2E-1\nattorney,E2E refresher,${daysAgo(2)},E2E-2\n`;
  await page.getByLabel('CSV file').setInputFiles({
    name: 'good.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(good),
  });
  await page.getByRole('button', { name: 'Import file' }).click();
  await expect(page.getByRole('heading', { name: 'File imported' })).toBeVisible();
  await expect(page.getByText('Imported 2 rows from good.csv.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The file was not imported' })).toHaveCount(0);
});

test('the training coordinator records one completion and sees the registry', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'coordinator');
  await page.goto('/training');
  await expect(page.getByRole('heading', { name: 'Record a completion' })).toBeVisible();

  // Without a person the form explains what is missing.
  await page.getByRole('button', { name: 'Record training' }).click();
  await expect(page.getByRole('link', { name: /User id: Choose the person/ })).toBeVisible();

  const option = page.locator('#f-userId option', { hasText: '(liaison)' });
  const value = await option.getAttribute('value');
  await page.getByLabel('Person').selectOption(value ?? '');
  await page.getByLabel('Date completed').fill(daysAgo(1));
  await page.getByLabel('Certificate reference (optional)').fill('E2E-CERT');
  await page.getByRole('button', { name: 'Record training' }).click();
  await expect(page.getByRole('heading', { name: 'Training recorded' })).toBeVisible();

  // The registry filters by standing.
  await page.getByLabel('Standing').selectOption('current');
  await expect(page.getByRole('row', { name: /liaison/ }).first()).toBeVisible();
  await expectAccessible(page, 'training');
  await screenshot(page, 'training');
});

test('a supervisor reads the registry but cannot record; an officer has no access', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'supervisor');
  await page.goto('/training');
  await expect(page.getByRole('heading', { name: 'Recording training' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import file' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'officer');
  await page.goto('/training');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.get('/api/v1/training');
  expect(res.status()).toBe(403);
});
