import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.ts';

// The charges and penalties of a case after intake: reached from the screening facts, validated field by
// field, saved as a material change whose effects and wording check the page reports.
test.setTimeout(180_000);

async function openCase(page: Page): Promise<string> {
  const s = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/v1/cases', {
    headers: { 'x-csrf-token': s.csrfToken },
    data: {
      purpose: 'immigration_proceedings',
      person: { languages: ['en'], familyName: `CHARGES-${Date.now()}`, nationalities: ['FR'] },
      notice: {
        type: 'red_notice',
        interpolRef: `2025/${String(Date.now()).slice(-6)}`,
        issuingCountry: 'FR',
        expiresOn: '2030-01-01',
        warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 24 }],
      },
      narrative: 'Encountered at a routine check-in; the person is the subject of a Red Notice.',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

test('an officer corrects a charge and its penalty; a bad number is named, the change is reported', async ({
  page,
}) => {
  await signIn(page, 'officer');
  const id = await openCase(page);
  await page.goto(`/cases/${id}/facts`);
  await page.getByRole('link', { name: 'change the charges and penalties' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Charges and penalties of case/ })).toBeVisible();
  await expect(page.getByText(/material change/).first()).toBeVisible();
  const charge = page.getByLabel('Charge, as written');
  await expect(charge).toHaveValue('Fraud');
  await charge.fill('Fraud involving public funds');
  await page.getByLabel('Maximum penalty, in months').fill('five years');
  await page.getByRole('button', { name: 'Save the charges and penalties' }).click();
  // the error names the field, and nothing was written
  await expect(
    page.getByRole('link', { name: /warrant 1: maximum penalty, in months: Enter a number/ }),
  ).toBeVisible();
  let c = (await (await page.request.get(`/api/v1/cases/${id}`)).json()) as {
    notices: Array<{ warrants: Array<{ charge: string; maxPenaltyMonths: number | null }> }>;
    revision: number;
  };
  expect(c.notices[0]?.warrants[0]).toMatchObject({ charge: 'Fraud', maxPenaltyMonths: 24 });
  await page.getByLabel('Maximum penalty, in months').fill('60');
  await page.getByRole('button', { name: 'Save the charges and penalties' }).click();
  await expect(
    page.getByText(/The charges and penalties are saved and the case was screened again/),
  ).toBeVisible();
  await expect(page.getByText(/The wording check found no problem/)).toBeVisible();
  c = await (await page.request.get(`/api/v1/cases/${id}`)).json();
  expect(c.notices[0]?.warrants[0]).toMatchObject({
    charge: 'Fraud involving public funds',
    maxPenaltyMonths: 60,
  });
  await expectAccessible(page, 'charges and penalties after a change');
});

test('an auditor sees the charges but cannot change them', async ({ page }) => {
  await signIn(page, 'officer');
  const id = await openCase(page);
  await page.context().clearCookies();
  await signIn(page, 'auditor');
  await page.goto(`/cases/${id}/charges`);
  await expect(page.getByText(/Arrest warrant: Fraud; maximum penalty 24 months/)).toBeVisible();
  await expect(page.getByText('Your role cannot change the charges and penalties.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save the charges and penalties' })).toHaveCount(0);
  await expectAccessible(page, 'charges and penalties read only');
});
