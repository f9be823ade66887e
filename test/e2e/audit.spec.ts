import { expect, test } from '@playwright/test';
import { ApiUser } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

test('the auditor searches the audit log in plain words and verifies the chain', async ({
  page,
  baseURL,
}) => {
  test.slow(); // a busy machine makes these long screens slow
  // A Miami case of the demo data, by its number as the case page shows it.
  const api = await ApiUser.signIn(baseURL!, 'auditor');
  const listed = await api.get<{ items: Array<{ id: string; caseNumber: string; officeId: string }> }>(
    '/cases?limit=100',
  );
  await api.close();
  const miami = listed.items.find((c) => c.officeId === 'MIA')!;
  expect(miami).toBeTruthy();

  await signIn(page, 'auditor');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const table = page.getByRole('table', { name: /Audit entries/ });
  const search = () => page.getByRole('button', { name: 'Search', exact: true }).click();

  // By action, chosen by its plain label: every row found is a sign-in, with the person's name.
  await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Signed in' });
  await search();
  await expect(table.getByRole('cell', { name: 'Signed in', exact: true }).first()).toBeVisible();
  const actions = await table.locator('tbody td:nth-child(4)').allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  for (const a of actions) expect(a).toBe('Signed in');
  await expect(table.getByText('session.login')).toHaveCount(0);
  await expect(table.getByText(/Demo Auditor/).first()).toBeVisible();

  // By case number: every row is about that case, linked by its number, with the office by name.
  await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Any action' });
  await page.getByRole('textbox', { name: 'Case number' }).fill(miami.caseNumber.toLowerCase());
  await search();
  await expect(table.getByRole('cell', { name: 'Opened the case', exact: true })).toBeVisible();
  const caseCells = await table.locator('tbody td:nth-child(6)').allInnerTexts();
  expect(caseCells.length).toBeGreaterThan(0);
  for (const c of caseCells) expect(c).toBe(`${miami.caseNumber}\nMiami Field Office (demo)`);
  await expectAccessible(page, 'audit (by case number)');
  const link = table.getByRole('link', { name: miami.caseNumber }).first();
  await expect(link).toHaveAttribute('href', `/cases/${miami.id}`);

  // The same number within New York: nothing of Miami.
  await page
    .getByRole('combobox', { name: 'Office' })
    .selectOption({ label: 'New York Field Office (demo)' });
  await search();
  await expect(table.getByText(/No entries match this search/)).toBeVisible();
  await page.getByRole('button', { name: 'Clear the search' }).click();

  // A malformed date is explained before anything is sent.
  await page.getByLabel('From date').fill('1 May');
  await search();
  await expect(page.getByRole('link', { name: /From: Enter the date as YYYY-MM-DD/ })).toBeVisible();
  await page.getByLabel('From date').fill('');
  await search();
  await expect(page.getByRole('heading', { name: 'The search could not run' })).toHaveCount(0);

  // From the results to the case page.
  await page.getByRole('textbox', { name: 'Case number' }).fill(miami.caseNumber);
  await search();
  await table.getByRole('link', { name: miami.caseNumber }).first().click();
  await expect(page).toHaveURL(`/cases/${miami.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(miami.caseNumber);
  await page.goBack();

  // The entries of that case again, then the chain verified: the state the documentation shows.
  await page.getByRole('textbox', { name: 'Case number' }).fill(miami.caseNumber);
  await search();
  await expect(table.getByRole('link', { name: miami.caseNumber }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Verify the audit chain' }).click();
  await expect(page.getByRole('heading', { name: 'The chain is intact' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/checkpoints? (was|were) checked/)).toBeVisible();
  await expectAccessible(page, 'audit');
  // The picture for the documentation: the entries of one case, every column in view on a wide screen.
  await screenshot(page, 'audit', { width: 1440 });
});

test('a supervisor has no access to the audit log', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'supervisor');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.get('/api/v1/audit');
  expect(res.status()).toBe(403);
});
