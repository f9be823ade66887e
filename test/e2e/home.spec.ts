import { expect, type Page, test } from '@playwright/test';
import { reviewedCase } from './api.ts';
import { DEMO_PASSPHRASE, expectAccessible, screenshot, signIn } from './helpers.ts';

// The shared test machine is slow; these tests take several steps each.
test.describe.configure({ timeout: 180_000 });

async function csrf(page: Page): Promise<string> {
  const s = await (await page.request.get('/api/v1/session')).json();
  return s.csrfToken as string;
}

test('the officer sees their queues with counts, filters by state and opens a case', async ({ page }) => {
  await signIn(page, 'officer');
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  const summary = page.getByTestId('queue-summary');
  await expect(summary.getByRole('link', { name: 'My cases' })).toBeVisible();
  await expect(page.getByTestId('count-my_cases')).toHaveText(/^\d+/);
  const myCases = page.locator('section[data-queue="my_cases"]');
  await expect(myCases.getByRole('heading', { name: /My cases/ })).toBeVisible();
  await expect(myCases.getByRole('table')).toBeVisible();
  // Filter: only authorized cases.
  await myCases.getByLabel('State').selectOption('authorized');
  await expect(myCases.locator('tbody tr')).toHaveCount(1);
  await expect(myCases.locator('tbody')).toContainText('Authorized');
  await expectAccessible(page, 'home (officer)');
  await myCases.getByLabel('State').selectOption('');
  await expect(myCases.locator('tbody tr').first()).toBeVisible();
  await screenshot(page, 'home-officer');
  // Each item links to its case by id, never by name.
  const link = myCases.locator('tbody tr').first().getByRole('link').first();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
  await link.click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
});

test('queues page and sort on the server', async ({ page }) => {
  await signIn(page, 'officer');
  const token = await csrf(page);
  // Add requests of our own so the queue has more than one page of five.
  const cases = await (await page.request.get('/api/v1/cases')).json();
  const open = (cases.items as Array<{ id: string; status: string }>).find((c) => c.status === 'open')!;
  for (let i = 0; i < 2; i++) {
    const res = await page.request.post(`/api/v1/cases/${open.id}/liaison-requests`, {
      headers: { 'x-csrf-token': token },
      data: { kind: 'documentation', details: `Home paging test ${i}` },
    });
    expect(res.status()).toBe(201);
  }
  await page.reload();
  const queue = page.locator('section[data-queue="liaison_requests"]');
  await expect(queue.getByRole('table')).toBeVisible();
  const total = Number(
    await page
      .getByTestId('count-liaison_requests')
      .textContent()
      .then((t) => (t ?? '').match(/\d+/)![0]),
  );
  expect(total).toBeGreaterThan(5);
  await queue.getByLabel('Per page').selectOption('5');
  await expect(queue.locator('tbody tr')).toHaveCount(5);
  // Other browser tests add, answer and cancel requests of the same office while this one runs: the pages
  // are checked against the range and total the list gives with each page, not against the count read
  // before. The caption names a range only once the page's own answer is shown (it says "Loading…" while
  // the previous page's rows are still on screen).
  const shown = async (first: number) => {
    const [, last, total] = (await queue
      .getByText(new RegExp(`^Showing ${first}–\\d+ of \\d+$`))
      .textContent())!.match(/–(\d+) of (\d+)$/)!;
    return { last: Number(last), total: Number(total) };
  };
  expect((await shown(1)).total).toBeGreaterThan(5);
  await queue.getByRole('button', { name: 'Next page' }).click();
  const { last, total: after } = await shown(6);
  expect(last).toBeGreaterThanOrEqual(6);
  expect(last).toBeLessThanOrEqual(Math.min(10, after));
  await expect(queue.locator('tbody tr')).toHaveCount(last - 5);
  await queue.getByRole('button', { name: 'Previous page' }).click();
  await expect(queue.getByText(/^Showing 1–5 of \d+$/)).toBeVisible();
  // Sort by case number, descending, from the column header.
  await queue.getByRole('button', { name: /^Case/ }).click();
  await expect(queue.locator('th[aria-sort="ascending"]')).toContainText('Case');
  await queue.getByRole('button', { name: /^Case/ }).click();
  await expect(queue.locator('th[aria-sort="descending"]')).toContainText('Case');
  // The header changes at once; the rows when the server's answer arrives.
  await expect
    .poll(async () => {
      const numbers = await queue.locator('tbody th[scope="row"]').allInnerTexts();
      return numbers.length > 1 && [...numbers].sort().reverse().join() === numbers.join();
    })
    .toBe(true);
});

test('the supervisor sees cases awaiting approval and re-review tasks', async ({ page, baseURL }) => {
  test.slow();
  // A case of its own awaiting approval: the demo case may have been approved by another test already.
  await reviewedCase(baseURL!, `Awaiting-${Date.now().toString(36)}`);
  await signIn(page, 'supervisor');
  await expect(page.getByTestId('count-awaiting_my_approval')).toHaveText(/^\d+/);
  const approval = page.locator('section[data-queue="awaiting_my_approval"]');
  await expect(approval.getByRole('heading', { name: /Awaiting my approval/ })).toBeVisible();
  const href = await approval.locator('tbody tr').first().getByRole('link').first().getAttribute('href');
  expect(href).toMatch(/^\/cases\/[0-9a-f-]{36}\/approval$/);
  const tasks = page.locator('section[data-queue="re_review_tasks"]');
  await expect(tasks.getByRole('heading', { name: /Re-review tasks/ })).toBeVisible();
  await expect(tasks.getByRole('button', { name: /Complete this task/ }).first()).toBeVisible();
  // Opening the form and submitting it empty explains what is missing.
  await tasks
    .getByRole('button', { name: /Complete this task/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Complete the task' }).click();
  await expect(page.getByRole('heading', { name: 'The task could not be completed' })).toBeVisible();
  await expectAccessible(page, 'home (supervisor)');
  await screenshot(page, 'home-supervisor');
});

test('the liaison sees requests from every office and links to the answer screen', async ({ page }) => {
  await signIn(page, 'liaison');
  const queue = page.locator('section[data-queue="liaison_requests"]');
  await expect(queue.getByRole('table')).toBeVisible();
  const href = await queue.locator('tbody tr').first().getByRole('link').first().getAttribute('href');
  expect(href).toMatch(/^\/liaison\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('link', { name: 'INTERPOL Washington' }).first()).toBeVisible();
  await expectAccessible(page, 'home (liaison)');
});

test('the coordinator sees expired training marked overdue and can filter to it', async ({ page }) => {
  // An administrator adds an account; its only training was long ago, so it has expired.
  await signIn(page, 'admin');
  await expect(page.getByRole('heading', { name: 'Your screens' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' }).last()).toBeVisible();
  await expectAccessible(page, 'home (administrator)');
  const username = `homee2e${Date.now() % 1_000_000}`;
  const created = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-token': await csrf(page) },
    data: {
      username,
      displayName: `Expired Trainee ${username}`,
      role: 'officer',
      officeId: 'NYC',
      passphrase: `${DEMO_PASSPHRASE} ${username} long enough`,
    },
  });
  expect(created.status()).toBe(201);
  const userId = (await created.json()).id as string;
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'coordinator');
  const recorded = await page.request.post('/api/v1/training', {
    headers: { 'x-csrf-token': await csrf(page) },
    data: { userId, course: 'ICE Directive 15006.1 annual training', completedOn: '2025-01-15' },
  });
  expect(recorded.status()).toBe(201);
  await page.reload();
  const queue = page.locator('section[data-queue="trainings_expiring"]');
  await expect(page.getByTestId('count-trainings_expiring')).toHaveText(/^[1-9]/);
  const row = queue.locator('tbody tr', { hasText: `Expired Trainee ${username}` });
  await expect(row).toBeVisible();
  await expect(row.locator('.rl-overdue')).toContainText('Overdue');
  await expect(row.getByText('Overdue', { exact: true })).toBeVisible();
  await expect(page.getByTestId('queue-summary').locator('.rl-overdue')).toContainText('Overdue');
  await queue.getByLabel('Show').selectOption('false');
  await expect(queue.locator('tbody tr', { hasText: `Expired Trainee ${username}` })).toHaveCount(0);
  await queue.getByLabel('Show').selectOption('true');
  await expect(queue.locator('tbody tr', { hasText: `Expired Trainee ${username}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Training' }).last()).toBeVisible();
  await expectAccessible(page, 'home (coordinator)');
});

test('the home page and its queues fit a 320 px wide screen', async ({ page }) => {
  await signIn(page, 'officer');
  await page.setViewportSize({ width: 320, height: 900 });
  const queue = page.locator('section[data-queue="my_cases"]');
  await expect(queue.locator('tbody tr').first()).toBeVisible();
  for (const section of await page.locator('section[data-queue]').all()) {
    const box = await section.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(320);
    const overflow = await section.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
  await screenshot(page, 'home-officer-320');
});

test("an attorney's home page lists the legal reviews, contests and sign-offs that wait for them", async ({
  page,
}) => {
  await signIn(page, 'attorney');
  const api = (await (await page.request.get('/api/v1/attorney-queue?limit=10')).json()) as {
    lists: Array<{ list: string; label: string; items: Array<{ caseNumber: string }> }>;
  };
  expect(api.lists.map((l) => l.label)).toEqual([
    'Legal reviews to do',
    'Contests to decide',
    'Documentation sign-offs to do',
  ]);
  for (const l of api.lists) {
    const section = page.locator(`[data-attorney-list="${l.list}"]`);
    await expect(section.getByRole('heading', { name: l.label })).toBeVisible();
    if (l.items.length === 0) await expect(section.getByText('Nothing waits for you here.')).toBeVisible();
    else await expect(section.getByRole('row')).toHaveCount(l.items.length + 1);
    for (const i of l.items) await expect(section.getByRole('link', { name: i.caseNumber })).toBeVisible();
  }
  await expectAccessible(page, 'attorney home');
  await screenshot(page, 'attorney-home');
});
