import { expect, test } from '@playwright/test';
import { authorizedCase } from './api.ts';
import { expectAccessible, signIn } from './helpers.ts';

// INTERPOL Washington reports that a notice was suspended: every authorization relying on it is withdrawn,
// a re-review task opens, and a supervisor completes it from the home page.
test.setTimeout(180_000);

test('a suspended notice withdraws the authorization; the supervisor completes the re-review task', async ({
  page,
  baseURL,
}) => {
  const c = await authorizedCase(baseURL ?? '', 'DEMO-Suspended');

  // The liaison records the status change on the request's screen.
  await signIn(page, 'liaison');
  await page.goto(`/liaison/requests/${c.validityRequestId}`);
  const form = page.locator('section[aria-labelledby="notice-heading"]');
  await expect(form.getByRole('heading', { name: 'Record a change of the notice’s status' })).toBeVisible();
  await form.getByRole('button', { name: 'Record a change of this notice’s status' }).click();
  // Without a status: the form names the missing field.
  await form.getByRole('button', { name: 'Record the status change' }).click();
  await expect(form.getByRole('heading', { name: 'The status change could not be recorded' })).toBeVisible();
  await form.getByLabel('New status').selectOption('suspended');
  await form.getByLabel('INTERPOL Washington reference').fill('USNCB-2026-0815');
  await form.getByLabel('Note').fill('The General Secretariat suspended the notice pending a CCF review.');
  await form.getByRole('button', { name: 'Record the status change' }).click();
  const done = form.getByRole('heading', { name: 'The status change is recorded' });
  await expect(done).toBeVisible();
  await expect(form.getByText(c.caseNumber)).toBeVisible();
  await expectAccessible(page, 'liaison: notice status change recorded');

  // The officer sees the authorization withdrawn and cannot authorize again.
  await page.context().clearCookies();
  await signIn(page, 'officer');
  await page.goto(`/cases/${c.id}`);
  const record = page.locator('section[aria-labelledby="record-h"]');
  await expect(record.getByText(/^Withdrawn .*changed from valid to suspended/)).toBeVisible();
  await expect(page.getByText('Status: Authorized')).toHaveCount(0);
  await expect(page.locator('#gate-G-VALIDITY').getByText('Not met', { exact: true })).toBeVisible();

  // The supervisor completes the re-review task from the home page.
  await page.context().clearCookies();
  await signIn(page, 'supervisor');
  const queue = page.getByRole('region', { name: /^Re-review tasks/ });
  await queue.getByRole('button', { name: `Complete this task on ${c.caseNumber}` }).click();
  const task = page.getByRole('region', { name: `Complete the re-review task on ${c.caseNumber}` });
  await task.getByRole('button', { name: 'Complete the task' }).click();
  await expect(task.getByRole('heading', { name: 'The task could not be completed' })).toBeVisible();
  await expect(task.getByRole('link', { name: /Outcome: Choose one of/ })).toBeVisible();
  await expect(task.getByRole('link', { name: /Note: Required: enter a value/ })).toBeVisible();
  await task.locator('label', { hasText: 'Re-authorization required' }).click();
  await task
    .getByLabel('What you checked and decided (required)')
    .fill('The case must not be acted on until the notice is valid again and the gates are met anew.');
  await expectAccessible(page, 'home: completing a re-review task');
  await task.getByRole('button', { name: 'Complete the task' }).click();
  await expect(page.getByText(`You completed the re-review task on ${c.caseNumber}.`)).toBeVisible();
  await expect(queue.getByRole('button', { name: `Complete this task on ${c.caseNumber}` })).toHaveCount(0);
});
