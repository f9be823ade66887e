import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The shared test machine is slow; these tests take several steps each.
test.describe.configure({ timeout: 180_000 });

const CHARTS = [
  'Cases by state and office',
  'Gates most often blocking open cases',
  'Indicators of misuse found, by issuing country',
  'Time from opening to authorization',
  'Contests and their outcomes',
];

async function expectCharts(page: Page) {
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  for (const title of CHARTS)
    await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  // Charts with data are pictures with a text summary as their name, followed by the same data as a table.
  const cases = page.locator('section[data-chart="cases"]');
  const img = cases.locator('div[role="img"]');
  await expect(img).toBeVisible();
  await expect(img).toHaveAccessibleName(/Cases by state and office .*case/);
  await expect(img.locator('svg.recharts-surface').first()).toBeVisible();
  const table = cases.getByRole('table', { name: /Cases by state and office: the data/ });
  await expect(table).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'New York Field Office (demo)' })).toBeVisible();
  const gates = page.locator('section[data-chart="gates"]');
  await expect(gates.getByRole('table')).toContainText('G-APPROVAL');
  await expect(gates.locator('div[role="img"]')).toHaveAccessibleName(/blocking most is G-/);
}

test('a supervisor sees the charts of their office with their tables', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.getByRole('link', { name: 'Dashboard' }).first().click();
  await expectCharts(page);
  await expect(page.getByText(/in your office \(New York Field Office \(demo\)\)/)).toBeVisible();
  await expect(
    page.locator('section[data-chart="cases"]').getByRole('rowheader', { name: 'Miami Field Office (demo)' }),
  ).toHaveCount(0);
  await expectAccessible(page, 'dashboard (supervisor)');
  await screenshot(page, 'dashboard');
});

test('an auditor sees every office', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/dashboard');
  await expectCharts(page);
  await expect(page.getByText(/in every office/)).toBeVisible();
  await expect(
    page.locator('section[data-chart="cases"]').getByRole('rowheader', { name: 'Miami Field Office (demo)' }),
  ).toBeVisible();
  await expectAccessible(page, 'dashboard (auditor)');
});

test('an officer is refused the dashboard, on the page and by the API', async ({ page }) => {
  await signIn(page, 'officer');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.get('/api/v1/dashboard');
  expect(res.status()).toBe(403);
});
