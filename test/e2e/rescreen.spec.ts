import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

test.describe.configure({ timeout: 180_000 });

test('an administrator re-screens a filtered set of cases and sees the result in the history', async ({
  page,
}) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Re-screen cases' }).first().click();
  await expect(page.getByRole('heading', { name: 'Re-screen cases', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Launch a re-screening', level: 2 })).toBeVisible();
  await expectAccessible(page, 're-screen launch');

  // A country code that is not two letters is refused beside its field, and nothing is launched.
  await page.getByLabel(/Only cases with a notice from this country/).fill('1');
  await page.getByRole('button', { name: 'Re-screen' }).click();
  await expect(page.getByText('Give a two-letter country code, e.g. RU.').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Latest re-screenings' })).toHaveCount(0);

  await page.getByLabel(/Only cases with a notice from this country/).fill('');
  await page.getByLabel('Only cases in this state (optional)').selectOption('open');
  await page.getByRole('button', { name: 'Re-screen' }).click();

  // The run appears in the history and finishes (the demo holds few cases, so it may finish at once).
  const history = page.getByRole('table', { name: 'Latest re-screenings' });
  await expect(history).toBeVisible({ timeout: 60_000 });
  const row = history.getByRole('row').nth(1);
  await expect(row).toContainText('cases open');
  await expect(row).toContainText('Completed', { timeout: 120_000 });
  // Who launched it is named as the rest of the history names people: by name, not username.
  await expect(row).toContainText('by Demo Administrator Robin Shaw');
  // Every case counted was re-screened.
  const counts = (await row.getByRole('cell').nth(3).textContent())!.match(/([\d,]+) \/ ([\d,]+)/)!;
  expect(counts[1]).toBe(counts[2]);
  expect(Number(counts[2]!.replace(/,/g, ''))).toBeGreaterThan(0);
  await expectAccessible(page, 're-screen finished');
  await screenshot(page, 'rescreen');
});

test('a supervisor re-screens the own office only; an officer has no such page', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/rescreen');
  await expect(page.getByText('As a supervisor you re-screen the cases of your own office.')).toBeVisible();
  await page.getByRole('button', { name: 'Re-screen' }).click();
  const history = page.getByRole('table', { name: 'Latest re-screenings' });
  await expect(history.getByRole('row').nth(1)).toContainText('New York Field Office (demo)', {
    timeout: 60_000,
  });
  await expect(history.getByRole('row').nth(1)).toContainText('Completed', { timeout: 120_000 });

  // An officer sees no link, and the API refuses the launch.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'officer');
  await expect(page.getByRole('link', { name: 'Re-screen cases' })).toHaveCount(0);
  const session = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/v1/rescreen-runs', {
    data: { filter: {} },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(res.status()).toBe(403);
});
