import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The shared test machine is slow; these tests take several steps each.
test.describe.configure({ timeout: 180_000 });

const REASONS =
  'The file shows the person was served in French, filed no contest, and the independent basis rests on federal overstay records; nothing found calls for further steps.';

test('a reviewer works the re-review queue from the top', async ({ page }) => {
  await signIn(page, 'supervisor2');
  await page.getByRole('link', { name: 'Re-review' }).first().click();
  await expect(page.getByRole('heading', { name: 'Re-review queue', level: 1 })).toBeVisible();
  const table = page.getByRole('table', { name: 'Cases waiting, from the top of the queue' });
  await expect(table).toBeVisible();
  // Every case says why it is where it is.
  await expect(table.getByRole('row').nth(1)).toContainText(/Never reviewed|Last reviewed/);
  await expectAccessible(page, 're-review queue');
  await screenshot(page, 'rereview-queue');

  await page.getByRole('button', { name: 'Take the next case' }).click();
  const status = page.getByText(/^You took (RL-\d{4}-\d{6})\./);
  await expect(status).toBeVisible();
  const caseNumber = (await status.textContent())!.match(/RL-\d{4}-\d{6}/)![0];
  const taken = page.getByRole('region', { name: new RegExp(`^${caseNumber} — `) });
  await expect(taken).toBeVisible();

  // A reason without substance is refused, beside the field.
  await taken.getByLabel('Outcome').selectOption('no_action');
  await taken.getByLabel('Reasons').fill('ok');
  await taken.getByRole('button', { name: 'Record the outcome' }).click();
  await expect(taken.getByText(/too short|stock phrase|own words/i).first()).toBeVisible();
  await expectAccessible(page, 're-review outcome refused');

  await taken.getByLabel('Reasons').fill(REASONS);
  await taken.getByRole('button', { name: 'Record the outcome' }).click();
  await expect(page.getByText(`Recorded on ${caseNumber}.`)).toBeVisible();
  await expect(table.getByRole('rowheader', { name: caseNumber })).toHaveCount(0);
});

test('oversight reads the report with charts and tables, and downloads the publishable files', async ({
  page,
}) => {
  await signIn(page, 'auditor');
  await page.getByRole('link', { name: 'Oversight report' }).first().click();
  await expect(page.getByRole('heading', { name: 'Oversight report', level: 1 })).toBeVisible();
  const cases = page.locator('section[data-chart="report-cases_by_state"]');
  await expect(cases.locator('div[role="img"]')).toHaveAccessibleName(/Cases by state/);
  await expect(cases.getByRole('table', { name: /Cases by state: the data/ })).toBeVisible();
  await expect(cases.getByRole('rowheader', { name: 'Total' })).toBeVisible();
  await expectAccessible(page, 'oversight report');
  await screenshot(page, 'oversight-report');

  // The published view withholds the demo's small counts.
  await page.getByText('Show the tables as published (small counts withheld)').click();
  await expect(cases.getByRole('table')).toContainText('withheld');
  await expectAccessible(page, 'oversight report (published)');

  const csvHref = await page.getByRole('link', { name: 'Download the publishable CSV' }).getAttribute('href');
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const body = await csv.text();
  expect(body.startsWith('section,row,column,value')).toBe(true);
  for (const line of body.trim().split('\n').slice(1)) {
    const value = line.slice(line.lastIndexOf(',') + 1);
    if (/^\d+$/.test(value)) expect(Number(value)).toBeGreaterThanOrEqual(11);
  }
  const pdfHref = await page.getByRole('link', { name: 'Download the publishable PDF' }).getAttribute('href');
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  // Bad input is named.
  await page.getByLabel('First day (YYYY-MM-DD)').fill('2026-99-01');
  await page.getByRole('button', { name: 'Show the report' }).click();
  await expect(page.getByText(/first day of the period/i).first()).toBeVisible();
});

test('an officer is refused both screens', async ({ page }) => {
  await signIn(page, 'officer');
  await page.goto('/rereview');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  expect((await page.request.get('/api/v1/rereview/queue')).status()).toBe(403);
  expect((await page.request.get('/api/v1/reports/oversight?from=2026-01-01&to=2026-12-31')).status()).toBe(
    403,
  );
});
