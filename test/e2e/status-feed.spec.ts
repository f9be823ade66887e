import { expect, test } from '@playwright/test';
import { ApiUser } from './api.ts';
import { expectAccessible, signIn } from './helpers.ts';

test.describe.configure({ timeout: 180_000 });

test('liaison staff upload the notice-status feed and read the line-by-line report', async ({
  page,
  baseURL,
}) => {
  // A case of its own (opened through the API; opening a case in the browser is intake.spec's), so that
  // the status change touches nothing another test relies on.
  const officer = await ApiUser.signIn(baseURL!, 'officer');
  const ref = `2026/${Math.floor(100000 + Math.random() * 899999)}`;
  const opened = await officer.post<{ id: string }>('/cases', {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], familyName: 'Feedcase', givenNames: 'Robin', nationalities: ['BE'] },
    notice: {
      type: 'red_notice',
      interpolRef: ref,
      issuingCountry: 'BE',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Aggravated burglary', maxPenaltyMonths: 120 }],
      summaryOfFacts: 'On 2 May 2025 in Ghent the person is alleged to have broken into a house at night.',
    },
    narrative: 'Encountered during a traffic stop; identity confirmed by fingerprints.',
  });
  await officer.close();

  await signIn(page, 'liaison');
  await page.getByRole('link', { name: 'Notice status feed' }).first().click();
  await expect(page.getByRole('heading', { name: 'Notice status feed', level: 1 })).toBeVisible();
  // Without a file the form says what to do.
  await page.getByRole('button', { name: 'Import the updates' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose the file');

  const csv = [
    'interpolRef,status,effectiveAt,usncbReference,note',
    `${ref},suspended,2026-11-02T09:30:00Z,USNCB-FEED-1,Suspended pending review by the General Secretariat`,
    `${ref},lost,2026-11-02T09:30:00Z,,`,
    '2026/000000,withdrawn,,,',
  ].join('\n');
  await page.getByLabel('Status update file').setInputFiles({
    name: 'status-2026-11-02.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Import the updates' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(page.getByText('3 of 3 updates processed')).toBeVisible();
  await expect(page.getByTestId('feed-summary')).toContainText('Applied: 1.');
  await expect(page.getByTestId('feed-summary')).toContainText('Not applied: 2.');
  await expect(page.getByTestId('feed-applied')).toContainText(`Line 2: ${ref}`);
  // The lines of the file, not the position in a request.
  const errors = page.getByTestId('feed-errors');
  await expect(errors.locator('tbody tr').filter({ hasText: 'status' }).first()).toContainText('3');
  await expect(errors.locator('tbody tr').filter({ hasText: '2026/000000' })).toContainText('4');
  await expectAccessible(page, 'notice status feed');

  // The case's notice took the status (what the API answered is what happened).
  const c = await (await page.request.get(`/api/v1/cases/${opened.id}`)).json();
  expect(c.notices[0].status).toBe('suspended');

  // Sending the same file again changes nothing.
  await page.getByRole('button', { name: 'Import the updates' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(page.getByTestId('feed-summary')).toContainText('Applied: 0.');
});

test('the feed page is for INTERPOL Washington liaison staff only', async ({ page }) => {
  await signIn(page, 'officer');
  await expect(page.getByRole('link', { name: 'Notice status feed' })).toHaveCount(0);
  const res = await page.request.post('/api/v1/notices/status-feed', {
    data: [{ interpolRef: '2026/000001', status: 'withdrawn' }],
    headers: { 'x-csrf-token': (await (await page.request.get('/api/v1/session')).json()).csrfToken },
  });
  expect(res.status()).toBe(403);
});
