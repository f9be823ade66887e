import { expect, test } from '@playwright/test';
import { authorizedCase, reviewedCase } from './api.ts';
import { expectAccessible, signIn } from './helpers.ts';

// The notice page (/notices/:id): opened from a case, a change of status recorded on it by the liaison and
// what it did to each case; another office's notice answers as an unknown one. And on the case page, a
// pending request to INTERPOL Washington followed up and cancelled.
test.describe.configure({ timeout: 180_000 });

test('a notice opened from its case; the liaison records a status change there and sees the cases it reached', async ({
  page,
  baseURL,
}) => {
  const c = await authorizedCase(baseURL ?? '', 'DEMO-Noticepage');

  await signIn(page, 'officer');
  await page.goto(`/cases/${c.id}`);
  await page.getByRole('link', { name: /^Red Notice 2026\// }).click();
  await expect(page).toHaveURL(`/notices/${c.noticeId}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Red Notice 2026\// })).toBeVisible();
  const facts = page.getByRole('region', { name: 'The notice', exact: true });
  await expect(facts.getByText('Belgium', { exact: true })).toBeVisible();
  await expect(facts.getByText('Valid', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Offences and charges' })).toContainText(
    'Aggravated burglary',
  );
  await expect(page.getByRole('region', { name: /^The subject/ })).toContainText('DEMO-Noticepage, Alex');
  await expect(page.getByRole('region', { name: 'Changes of status' })).toContainText(
    'No change of status has been recorded',
  );
  const cases = page.getByRole('region', { name: 'Cases that rely on this notice' });
  await expect(cases.getByRole('link', { name: c.caseNumber })).toBeVisible();
  // An officer may not record a change of status: the page says who may.
  await expect(page.getByText('Your role cannot record a change of a notice’s status')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Record a change of this notice’s status' })).toHaveCount(0);
  await expectAccessible(page, 'notice page (officer)');

  await page.context().clearCookies();
  await signIn(page, 'liaison');
  await page.goto(`/notices/${c.noticeId}`);
  await page.getByRole('button', { name: 'Record a change of this notice’s status' }).click();
  const form = page.getByRole('region', { name: /^Record a change of the status of notice/ });
  // Before anything is sent: the change is material for every case on the notice, named.
  const warning = form.getByRole('heading', { name: 'A material change for every case on this notice' });
  await expect(warning).toBeVisible();
  await expect(form).toContainText(`(here: ${c.caseNumber})`);
  await form.getByRole('button', { name: 'Record the status change' }).click();
  await expect(form.getByRole('heading', { name: 'The status change could not be recorded' })).toBeVisible();
  await form.getByLabel('New status').selectOption('withdrawn');
  await form.getByLabel('INTERPOL Washington reference').fill('USNCB-2026-1130');
  await form
    .getByLabel('Note')
    .fill('The issuing country withdrew the notice; INTERPOL Washington told us by I-24/7.');
  await expectAccessible(page, 'notice page: status form');
  await form.getByRole('button', { name: 'Record the status change' }).click();
  const done = page.locator('.usa-alert--success', { hasText: 'The status change is recorded' });
  await expect(done).toBeVisible();
  await expect(done.getByRole('link', { name: c.caseNumber })).toBeVisible();
  await expect(done).toContainText('1 authorization withdrawn');
  await expect(done).toContainText('re-review due');
  // The page reads the notice again: its status and its history.
  await expect(
    page.getByRole('region', { name: 'The notice', exact: true }).getByText('Withdrawn', { exact: true }),
  ).toBeVisible();
  const history = page.getByRole('region', { name: 'Changes of status' });
  await expect(history).toContainText('Valid to withdrawn');
  await expect(history).toContainText('INTERPOL Washington');
  await expect(history).toContainText('Reference USNCB-2026-1130');
  await expectAccessible(page, 'notice page: status change recorded');

  // The case the change reached, from its link.
  await done.getByRole('link', { name: c.caseNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Case ${c.caseNumber}` })).toBeVisible();
  await expect(page.getByText(/^Notice 2026\/\d+ is recorded as/)).toContainText('withdrawn');
});

test('another office’s notice gives the same page as an unknown one', async ({ page, baseURL }) => {
  const c = await reviewedCase(baseURL ?? '', 'DEMO-Otheroffice');
  await signIn(page, 'officer2');
  await page.goto('/notices/00000000-0000-4000-8000-000000000000');
  const unknown = page.locator('main');
  await expect(unknown.getByRole('heading', { name: 'We could not find this' })).toBeVisible();
  const unknownText = await unknown.textContent();
  await page.goto(`/notices/${c.noticeId}`);
  await expect(page.getByRole('heading', { name: 'We could not find this' })).toBeVisible();
  await expect(page.getByText('The notice was not found.')).toBeVisible();
  expect(await page.locator('main').textContent()).toBe(unknownText);
  await expect(page.getByText('DEMO-Otheroffice')).toHaveCount(0);
  await expectAccessible(page, 'notice page: not found');
});

test('an officer follows up a pending request to INTERPOL Washington and cancels it with a reason', async ({
  page,
  baseURL,
}) => {
  // The documentation request of this case is pending.
  const c = await reviewedCase(baseURL ?? '', 'DEMO-Cancelled');
  await signIn(page, 'officer');
  await page.goto(`/cases/${c.id}`);
  const request = page.getByTestId('liaison-request-documentation');
  await expect(request).toContainText('Not followed up yet.');

  // A follow-up: the note is required; a request not yet overdue is refused, saying from when.
  await request.getByRole('button', { name: 'Record a follow-up' }).click();
  const followUp = page.getByRole('region', { name: 'Record a follow-up to INTERPOL Washington' });
  await followUp.getByRole('button', { name: 'Record the follow-up' }).click();
  await expect(followUp.getByRole('heading', { name: 'The follow-up could not be recorded' })).toBeVisible();
  await expect(followUp.locator('.usa-error-message').first()).toBeVisible();
  await followUp
    .getByLabel('What you asked INTERPOL Washington')
    .fill('Reminded the INTERPOL Washington duty officer by secure e-mail of the documentation due.');
  await followUp.getByRole('button', { name: 'Record the follow-up' }).click();
  await expect(followUp).toContainText(
    /This request is not overdue yet\. You can follow it up from .* UTC\./,
  );
  await expectAccessible(page, 'case page: follow-up refused');
  await request.getByRole('button', { name: 'Cancel', exact: true }).click();

  // Cancelling: a reason is required; then the request is gone and a new one can be sent.
  await request.getByRole('button', { name: 'Cancel this request' }).click();
  const cancel = page.getByRole('region', { name: 'Cancel the request to INTERPOL Washington' });
  await cancel.getByRole('button', { name: 'Cancel the request' }).click();
  await expect(cancel.getByRole('heading', { name: 'The request could not be cancelled' })).toBeVisible();
  // A reason that says nothing is refused beside the field, saying what is expected.
  await cancel.getByLabel('Why the request is no longer needed').fill('Asked by mistake.');
  await cancel.getByRole('button', { name: 'Cancel the request' }).click();
  await expect(cancel.locator('.usa-error-message').first()).toContainText(
    'Say why the request to INTERPOL Washington is no longer needed',
  );
  await cancel
    .getByLabel('Why the request is no longer needed')
    .fill('INTERPOL Washington already sent the warrant by another channel; it is on the case.');
  await expectAccessible(page, 'case page: cancelling a request');
  await cancel.getByRole('button', { name: 'Cancel the request' }).click();
  await expect(
    page.getByText(
      /^The request to INTERPOL Washington \(Send the underlying documentation\) is cancelled\./,
    ),
  ).toBeVisible();
  await expect(page.getByTestId('liaison-request-documentation')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Requests to INTERPOL Washington' })).toContainText(
    /Send the underlying documentation: sent .*; cancelled\./,
  );
  await expect(
    page.getByRole('region', { name: 'Ask INTERPOL Washington: Send the underlying documentation' }),
  ).toBeVisible();
});
