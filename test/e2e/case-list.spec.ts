import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

/** Opens cases through the API until the office has more than one page (10) of immigration cases. */
async function ensureTwoPages(page: Page) {
  const session = await (await page.request.get('/api/v1/session')).json();
  const list = await (
    await page.request.get('/api/v1/cases?limit=500&purpose=immigration_proceedings')
  ).json();
  const missing = Math.max(0, 12 - list.items.length);
  for (let i = 0; i < missing; i++) {
    const res = await page.request.post('/api/v1/cases', {
      headers: { 'x-csrf-token': session.csrfToken },
      data: {
        purpose: 'immigration_proceedings',
        person: { languages: ['en'], familyName: `LISTTEST${i}` },
        notice: {
          type: 'diffusion',
          interpolRef: `2021/${Math.floor(1_000_000 + Math.random() * 8_999_999)}`,
          issuingCountry: 'FR',
        },
      },
    });
    expect(res.status()).toBe(201);
  }
}

/**
 * Reads every page of the list as shown, following "Next page" until there is none; checks the page
 * counter and the "Showing" line on the way. Returns the case numbers in the order shown.
 */
async function walkPages(page: Page): Promise<string[]> {
  const table = page.getByRole('table');
  const pages = page.getByRole('navigation', { name: 'Pages of cases' });
  const seen: string[] = [];
  for (let n = 1; n < 100; n++) {
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    if (n > 1) await expect(pages.getByText(new RegExp(`^Page ${n} of `))).toBeVisible();
    const rows = await table.locator('tbody th a').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    await expect(
      page.getByText(new RegExp(`^Showing ${seen.length + 1} to ${seen.length + rows.length} of `)),
    ).toBeVisible();
    seen.push(...rows);
    const next = pages.getByRole('button', { name: /^Next page/ });
    if ((await next.count()) === 0) break;
    await next.click();
  }
  return seen;
}

test('an officer lists, sorts, pages and filters the cases of the office', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'officer');
  await ensureTwoPages(page);
  await page.goto('/cases');
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  const table = page.getByRole('table');
  // The rows are read once the server's answer for the current filters, order and page has arrived.
  const settled = () => expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(table).toBeVisible();
  await expect(page.getByText(/^Showing 1 to 10 of \d+ cases$/)).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(10);
  await expect(table.getByRole('columnheader', { name: /Assigned officer/ })).toBeVisible();
  await expectAccessible(page, 'case list');
  await screenshot(page, 'case-list');

  // Sorting by case number.
  await table.getByRole('button', { name: /^Case number/ }).click();
  await expect(table.getByRole('columnheader', { name: /Case number/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await settled();
  const numbers = await table.locator('tbody th a').allTextContents();
  expect([...numbers].sort()).toEqual(numbers);

  // Paging: every case once, in the order of the API's one long page, whatever the number of pages.
  const all = await (await page.request.get('/api/v1/cases?sort=caseNumber&order=asc&limit=500')).json();
  expect(all.items.length).toBeGreaterThan(10);
  const walked = await walkPages(page);
  expect(new Set(walked).size).toBe(walked.length);
  expect(walked).toEqual(all.items.map((c: { caseNumber: string }) => c.caseNumber));
  // The page's position is never in the address; "Previous page" goes back.
  await expect(page).toHaveURL(/\/cases$/);
  await page
    .getByRole('navigation', { name: 'Pages of cases' })
    .getByRole('button', { name: /^Previous page/ })
    .click();
  await settled();
  await expect(page.getByText(/^Showing \d+ to \d+ of \d+ cases$/)).toBeVisible();

  // Filtering by purpose: only the filters go in the address, never a name.
  await page.getByLabel('Purpose').selectOption('immigration_proceedings');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/cases\?purpose=immigration_proceedings$/);
  await settled();
  await expect(page.getByText(/^Showing 1 to 10 of \d+ cases \(immigration proceedings\)$/)).toBeVisible();
  // Paging a filtered list: the same cases as the API's filtered list, each once, every one of the purpose.
  const filtered = await (
    await page.request.get(
      '/api/v1/cases?sort=caseNumber&order=asc&limit=500&purpose=immigration_proceedings',
    )
  ).json();
  const walkedFiltered = await walkPages(page);
  expect(walkedFiltered.length).toBeGreaterThan(10);
  expect(new Set(walkedFiltered).size).toBe(walkedFiltered.length);
  expect(walkedFiltered).toEqual(filtered.items.map((c: { caseNumber: string }) => c.caseNumber));
  const purposes = await table.locator('tbody td[data-label="Purpose"]').allTextContents();
  expect(purposes.length).toBeGreaterThan(0);
  for (const p of purposes) expect(p).toBe('Immigration proceedings');
  await expectAccessible(page, 'case list, filtered');

  // A filter that matches nothing explains itself.
  await page.getByLabel('Status').selectOption('closed');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/cases\?status=closed&purpose=immigration_proceedings$/);
  await settled();
  const statuses = await table.locator('tbody td[data-label="Status"]').allTextContents();
  if (statuses.length === 0)
    await expect(page.getByRole('heading', { name: 'No cases match these filters' })).toBeVisible();
  for (const s of statuses) expect(s).toBe('Closed');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/cases$/);

  // Each case number opens the case.
  await table.locator('tbody th a').first().click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
});

test('a training coordinator has no case list: no-access page and 403 from the API', async ({ page }) => {
  await signIn(page, 'coordinator');
  await page.goto('/cases');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.get('/api/v1/cases');
  expect(res.status()).toBe(403);
});

test('an auditor sees the cases of every office', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/cases');
  await expect(page.getByText('Cases of every office.')).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open a new case' })).toHaveCount(0);
});
