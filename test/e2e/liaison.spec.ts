import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The shared test machine is slow; these tests take several steps each.
test.describe.configure({ timeout: 180_000 });

async function csrf(page: Page): Promise<string> {
  const s = await (await page.request.get('/api/v1/session')).json();
  return s.csrfToken as string;
}

/** The officer sends a new validity request on a demo case of their office; returns its id and case number. */
async function newValidityRequest(page: Page, tag: string, kind = 'validity') {
  const token = await csrf(page);
  const cases = (await (await page.request.get('/api/v1/cases')).json()).items as Array<{
    id: string;
    caseNumber: string;
    status: string;
  }>;
  const c = cases.find((x) => x.caseNumber === 'RL-2026-000002') ?? cases.find((x) => x.status === 'open')!;
  const res = await page.request.post(`/api/v1/cases/${c.id}/liaison-requests`, {
    headers: { 'x-csrf-token': token },
    data: { kind, details: `Please answer this request (${tag}).` },
  });
  expect(res.status()).toBe(201);
  return { id: (await res.json()).id as string, caseNumber: c.caseNumber, token };
}

test('the liaison answers a validity request from the queue', async ({ page }) => {
  await signIn(page, 'officer');
  const tag = `e2e ${Date.now()}`;
  const { id, caseNumber } = await newValidityRequest(page, tag);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'liaison');
  await page.getByRole('link', { name: 'INTERPOL Washington' }).first().click();
  await expect(
    page.getByRole('heading', { name: 'Requests to INTERPOL Washington', level: 1 }),
  ).toBeVisible();
  const queue = page.locator('section[data-queue="liaison_requests"]');
  await queue.getByLabel('Per page').selectOption('50');
  const link = queue.locator(`a[href="/liaison/requests/${id}"]`);
  await expect(link).toBeVisible();
  await expect(
    queue.locator('tbody tr', { has: page.locator(`a[href="/liaison/requests/${id}"]`) }),
  ).toContainText('Validity confirmation');
  await expect(
    queue.locator('tbody tr', { has: page.locator(`a[href="/liaison/requests/${id}"]`) }),
  ).toContainText('Pending');
  await expectAccessible(page, 'liaison queue');
  await screenshot(page, 'liaison-queue');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/liaison/requests/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    `Validity confirmation request on ${caseNumber}`,
  );
  await expect(page.getByText(`Please answer this request (${tag}).`)).toBeVisible();
  // Submitting without the status is explained, with a link to the field.
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(page.getByRole('heading', { name: 'Your answer could not be recorded' })).toBeVisible();
  const fix = page.getByRole('link', { name: /^Result:/ });
  await expect(fix).toBeVisible();
  await expectAccessible(page, 'liaison respond with errors');
  await fix.click();
  await expect(page.locator('#f-result')).toBeFocused();
  await page.locator('label[for="f-result"]').click();
  await expect(page.locator('#f-result')).toBeChecked();
  await page.getByLabel('Expiry date of the notice').fill('2030-01-31');
  await page.getByLabel('INTERPOL Washington reference').first().fill(`USNCB-${tag}`);
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(page.getByRole('heading', { name: 'Your answer is recorded' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Answers recorded' })).toBeVisible();
  await expect(page.getByText(/This request is answered/)).toBeVisible();
  await expect(page.getByText(/Validity confirmed as Valid; notice expires Jan 31, 2030/)).toBeVisible();
  // Recording a notice status change without choosing the status is explained (nothing is changed).
  const noticePart = page.locator('section[aria-labelledby="notice-heading"]');
  await noticePart.getByRole('button', { name: 'Record a change of this notice’s status' }).click();
  await expect(
    noticePart.getByRole('heading', { name: 'A material change for every case on this notice' }),
  ).toBeVisible();
  await noticePart.getByRole('button', { name: 'Record the status change' }).click();
  await expect(
    noticePart.getByRole('heading', { name: 'The status change could not be recorded' }),
  ).toBeVisible();
  await expect(noticePart.getByRole('link', { name: /^Status:/ })).toBeVisible();
  await expectAccessible(page, 'liaison respond');
  await screenshot(page, 'liaison-respond');

  // The answered request has left the queue.
  await page.getByRole('link', { name: 'Back to the requests' }).click();
  await expect(page.locator('section[data-queue="liaison_requests"] table')).toBeVisible();
  await expect(page.locator(`a[href="/liaison/requests/${id}"]`)).toHaveCount(0);
});

test('an officer cannot use the liaison screens, and the API refuses their answer', async ({ page }) => {
  await signIn(page, 'officer');
  const { id, token } = await newValidityRequest(page, `refusal ${Date.now()}`);
  await page.goto('/liaison');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  await page.goto(`/liaison/requests/${id}`);
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  await expectAccessible(page, 'liaison no access');
  // As INTERPOL Washington: refused by role.
  const asLiaison = await page.request.post(`/api/v1/liaison-requests/${id}/response`, {
    headers: { 'x-csrf-token': token },
    data: { result: 'valid' },
  });
  expect(asLiaison.status()).toBe(403);
  // Out of band, but without INTERPOL Washington's reference: refused, the field named.
  const noRef = await page.request.post(`/api/v1/liaison-requests/${id}/response`, {
    headers: { 'x-csrf-token': token },
    data: { outOfBand: true, result: 'valid' },
  });
  expect(noRef.status()).toBe(422);
  expect(JSON.stringify(await noRef.json())).toContain('usncbReference');
  // The request is still pending.
  const still = await (await page.request.get(`/api/v1/liaison-requests/${id}`)).json();
  expect(still.status).toBe('pending');
});

test('the liaison answers a documentation request; each document row names its own errors', async ({
  page,
}) => {
  await signIn(page, 'officer');
  const tag = `docs ${Date.now()}`;
  const { id, caseNumber } = await newValidityRequest(page, tag, 'documentation');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'liaison');
  await page.goto(`/liaison/requests/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    `Underlying documentation request on ${caseNumber}`,
  );
  await page.getByLabel('Title of document 1').fill('Arrest warrant of the court');
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(page.getByRole('heading', { name: 'Your answer could not be recorded' })).toBeVisible();
  const kindLink = page.getByRole('link', { name: /^Document 1: kind:/ });
  await expect(kindLink).toBeVisible();
  await kindLink.click();
  await expect(page.getByLabel('Kind of document 1')).toBeFocused();
  await expectAccessible(page, 'liaison respond documentation with errors');
  // INTERPOL Washington could not obtain the documents: no document is added.
  await page.getByLabel('Title of document 1').fill('');
  await page.locator('label[for="f-outcome-unavailable"]').click();
  await page.getByLabel('Notes').first().fill('The issuing country has not answered.');
  // unavailable without saying what is missing: refused
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(
    page.getByRole('link', { name: /^Missing items: List each item that is missing/ }),
  ).toBeVisible();
  // the missing item with a formal reason: refused, the reason must say why
  await page.getByLabel('Missing item 1', { exact: true }).fill('National arrest warrant');
  await page.getByLabel('Why item 1 is unavailable').fill('Not available.');
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(
    page.getByRole('link', { name: /^Missing item 1: reason: .*(stock phrase|too short|says too little)/ }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your answer is recorded' })).toHaveCount(0);
  await page
    .getByLabel('Why item 1 is unavailable')
    .fill(
      'The national arrest warrant is held by the investigating judge, who has not answered two requests from the issuing country; it may come later.',
    );
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(page.getByRole('heading', { name: 'Your answer is recorded' })).toBeVisible();
  await expect(page.getByText(/^Unavailable, recorded/)).toBeVisible();
  await expect(
    page.getByText(/^National arrest warrant: The national arrest warrant is held by/),
  ).toBeVisible();
});
