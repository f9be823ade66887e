import { expect, test } from '@playwright/test';
import { ApiUser } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The shared test machine is slow; these tests take several steps each.
test.describe.configure({ timeout: 240_000 });

const REASONS =
  'The file shows nine days of detention with no independent basis recorded while the notice was under review; oversight should examine how the office relied on it.';
const NOTE =
  'Oversight read the detention record and the notice history; the office was asked for its release memo and the court was informed.';

/**
 * A supervisor takes the next case of the re-review queue and refers it to oversight; the auditor's training
 * is recorded (completing a referral needs it). Returns the case number.
 */
async function raiseReferral(baseURL: string): Promise<string> {
  const coordinator = await ApiUser.signIn(baseURL, 'coordinator');
  const names = await coordinator.get<{ items: Array<{ id: string; username: string }> }>('/users/names');
  const auditorId = names.items.find((u) => u.username === 'auditor')!.id;
  await coordinator.post('/training', {
    userId: auditorId,
    course: 'INTERPOL Notices and Diffusions — annual',
    completedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  });
  await coordinator.close();
  const reviewer = await ApiUser.signIn(baseURL, 'supervisor2');
  const { taken } = await reviewer.post<{ taken: { caseId: string; caseNumber: string } | null }>(
    '/rereview/next',
    {},
    200,
  );
  expect(taken).not.toBeNull();
  await reviewer.post(
    `/rereview/cases/${taken!.caseId}/outcome`,
    { outcome: 'referral_oversight', reasons: REASONS },
    200,
  );
  await reviewer.close();
  return taken!.caseNumber;
}

test('an auditor sees the referral a re-review raised and completes it; a supervisor cannot', async ({
  page,
  baseURL,
}) => {
  const caseNumber = await raiseReferral(baseURL!);

  // The supervisor's office queue does not offer it, and the API refuses a supervisor who tries.
  await signIn(page, 'supervisor');
  const tasks = page.locator('section[data-queue="re_review_tasks"]');
  await expect(tasks).toBeVisible();
  await expect(tasks.getByRole('rowheader', { name: caseNumber })).toHaveCount(0);
  const open = await (await page.request.get('/api/v1/tasks?status=open&limit=500')).json();
  expect(open.items.map((t: { caseNumber: string }) => t.caseNumber)).not.toContain(caseNumber);
  // Its id, from the auditor's list.
  const auditorApi = await ApiUser.signIn(baseURL!, 'auditor');
  const mine = await auditorApi.get<{ items: Array<{ id: string; caseNumber: string }> }>(
    '/tasks?mine=true&status=open&limit=500',
  );
  await auditorApi.close();
  const task = mine.items.find((t) => t.caseNumber === caseNumber)!;
  expect(task).toBeTruthy();
  const session = await (await page.request.get('/api/v1/session')).json();
  const refused = await page.request.post(`/api/v1/tasks/${task.id}/complete`, {
    headers: { 'x-csrf-token': session.csrfToken },
    data: { outcome: 'no_impact', note: NOTE },
  });
  expect(refused.status()).toBe(403);
  expect(JSON.stringify(await refused.json())).toContain('TASK-FOR-ROLE');
  await page
    .getByRole('button', { name: /Sign out/ })
    .first()
    .click();

  // The auditor: the count on the home page, then the list, reached from the navigation.
  await signIn(page, 'auditor');
  const count = page.getByTestId('count-oversight_referrals');
  await expect(count).toBeVisible();
  const shown = Number(((await count.textContent()) ?? '').replace(/\D+/g, ''));
  expect(shown).toBeGreaterThan(0);
  await expectAccessible(page, 'auditor home');
  await page.getByRole('link', { name: 'Referrals to oversight' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referrals to oversight' })).toBeVisible();
  await expect(page.getByTestId('referrals-open')).toContainText(`${shown} open`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: caseNumber }) });
  await expect(row).toContainText(REASONS);
  await expect(row.getByRole('cell').nth(3)).not.toHaveText('—');
  await expectAccessible(page, 'referrals to oversight');
  await screenshot(page, 'oversight-referrals');

  // A note without substance is refused beside the field; a real one completes the referral.
  await row.getByRole('button', { name: new RegExp(`Complete this referral on ${caseNumber}`) }).click();
  const form = page.getByRole('region', { name: `Complete the referral to oversight on ${caseNumber}` });
  await expect(form).toBeVisible();
  await form.getByText('Remedial action required').click();
  await form.getByLabel('What you checked and decided (required)').fill('Reviewed.');
  await form.getByRole('button', { name: 'Complete the task' }).click();
  await expect(form.getByText(/too short|stock phrase|own words/i).first()).toBeVisible();
  await expectAccessible(page, 'referral completion refused');
  await form.getByLabel('What you checked and decided (required)').fill(NOTE);
  await form.getByRole('button', { name: 'Complete the task' }).click();
  await expect(page.getByText(`You completed the referral to oversight on ${caseNumber}.`)).toBeVisible();
  await expect(page.getByRole('link', { name: caseNumber })).toHaveCount(0);
  await expect(page.getByTestId('referrals-open')).toContainText(
    shown - 1 === 0 ? 'No referral' : `${shown - 1} open`,
  );
  // Among the completed ones, with the outcome and the note.
  await page.getByLabel('Show').selectOption('done');
  const closed = page.getByRole('row').filter({ has: page.getByRole('link', { name: caseNumber }) });
  await expect(closed).toContainText('Remedial action required');
  await expect(closed).toContainText(NOTE);
  await expectAccessible(page, 'completed referrals');
});

test('a supervisor has no referrals page', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/oversight/referrals');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
});
