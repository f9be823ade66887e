import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// Every reason field of the case page checks its wording as the person types, and a refusal shows the rule
// it names with the rule's plain explanation next to the field.
test.setTimeout(180_000);

test('a reason field checks wording as you type, and a stock phrase is refused with its rule beside the field', async ({
  page,
}) => {
  await signIn(page, 'officer');
  const s = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/v1/cases', {
    headers: { 'x-csrf-token': s.csrfToken },
    data: {
      purpose: 'immigration_proceedings',
      person: { languages: ['en'], familyName: `REASONS-${Date.now()}`, nationalities: ['FR'] },
      notice: {
        type: 'red_notice',
        interpolRef: `2025/${String(Date.now()).slice(-6)}`,
        issuingCountry: 'FR',
        expiresOn: '2030-01-01',
        warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
      },
      independentBasis: {
        summary: 'Federal records show the person overstayed a visa.',
        evidence: [{ description: 'Entry and exit records.', sourceType: 'federal_record', source: 'CBP' }],
      },
      narrative: 'The person was identified from federal records at a routine check-in.',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as string;
  await page.goto(`/cases/${id}`);
  await page.getByRole('button', { name: 'Request an exigency' }).click();
  const form = page.getByRole('region', { name: /Request reliance before the contest is over/ });
  const reason = form.getByLabel('Why it cannot wait');
  await reason.fill('He is wanted by INTERPOL, so the hearing cannot wait for the contest window to close.');
  const check = form.locator('[data-wording-check="exigency.reason"]');
  await expect(check.getByRole('status')).toHaveText(/1 wording problem found/);
  await expect(check.getByText('“wanted by INTERPOL”')).toBeVisible();
  await check.getByRole('button', { name: /^Use “/ }).click();
  await expect(reason).not.toHaveValue(/wanted by INTERPOL/);
  await expect(check.getByRole('status')).toHaveText('No wording problems found.');

  await form.getByLabel('What the reliance is for').fill('Removal hearing on 2026-07-02');
  await reason.fill('Noted.');
  await form.getByRole('button', { name: 'Send to the field office director' }).click();
  // next to the field: the message, then the rule and its plain explanation
  const beside = page.locator('#f-exigency-reason-error');
  await expect(reason).toHaveAttribute('aria-describedby', /f-exigency-reason-error/);
  await expect(beside).toContainText('is a stock phrase, not a reason');
  await expect(beside.locator('.rl-rule')).toHaveText(
    /^Rule SUBSTANCE-STOCK-PHRASE: A stock phrase instead of a reason/,
  );
  // the summary lists the problem once, with its rule
  await expect(
    form.getByRole('link', { name: /Reason: .*stock phrase.*\(rule SUBSTANCE-STOCK-PHRASE\)/ }),
  ).toHaveCount(1);
  await expectAccessible(page, 'exigency refused with its rule');
  await screenshot(page, 'refusal-with-rule');
});

test('every signed-in user finds "Who may do what" in the footer, with the separation-of-duties table', async ({
  page,
}) => {
  await signIn(page, 'officer');
  await page.getByRole('link', { name: 'Who may do what' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who may do what' })).toBeVisible();
  const api = (await (await page.request.get('/api/v1/who-may-do-what')).json()) as {
    separation: Array<{ rule: string; duties: [string, string] }>;
  };
  const table = page.getByRole('table', { name: 'Duties one person may not combine on a case' });
  await expect(table.getByRole('row')).toHaveCount(api.separation.length + 1);
  for (const r of api.separation) await expect(table.getByRole('rowheader', { name: r.rule })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Roles allowed each action' })).toBeVisible();
  await expectAccessible(page, 'who may do what');
  await screenshot(page, 'who-may-do-what');
});
