import { expect, type Page, test } from '@playwright/test';
import { type DemoUser, expectAccessible, screenshot, signIn } from './helpers.ts';

// A saved INTERPOL public notice (detail format; see test/domain/interpol-public.test.ts). Names are synthetic.
// Each run uses a fresh reference: a notice can be recorded only once.
function publicNotice() {
  const ref = `2019/${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  return {
    ref,
    json: {
      arrest_warrants: [
        {
          issuing_country_id: 'RU',
          charge: 'Participation in an illegal armed formation',
          charge_translation: null,
        },
      ],
      weight: null,
      forename: 'IVAN',
      date_of_birth: '1985/07/14',
      entity_id: ref,
      languages_spoken_ids: ['ARA', 'RUS'],
      nationalities: ['RU'],
      sex_id: 'M',
      country_of_birth_id: 'RU',
      name: 'DEMOV',
      place_of_birth: 'Grozny',
      _embedded: { links: [] },
      _links: { self: { href: 'https://example.invalid/notices/v1/red/2019-114539' } },
    },
  };
}

/** USWDS radios hide the input itself; people select the label. */
async function choose(page: Page, label: string) {
  await page.locator('label.usa-radio__label', { hasText: label }).click();
}

async function stepIs(page: Page, n: number, name: string) {
  await expect(page.locator('.usa-step-indicator__current-step')).toHaveText(String(n));
  await expect(page.locator('.usa-step-indicator__heading-text')).toHaveText(name);
}

test('an officer opens a case step by step, with the public-notice prefill and the wording check', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await signIn(page, 'officer');
  await page.goto('/cases/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Open a new case' })).toBeVisible();
  await stepIs(page, 1, 'The person');

  // A missing answer: the summary links to the field.
  await page.getByRole('button', { name: 'Continue' }).click();
  const link = page.getByRole('link', { name: 'Family name: Enter the family name.' });
  await expect(link).toBeVisible();
  await expectAccessible(page, 'new case: person, with an error');
  await link.click();
  await expect(page.getByLabel('Family name')).toBeFocused();

  // The public notice fills in the person and the notice, and says what it cannot tell.
  const { ref, json } = publicNotice();
  await page.getByLabel('INTERPOL public notice JSON', { exact: true }).fill(JSON.stringify(json, null, 2));
  await page.getByRole('button', { name: 'Fill in from this notice' }).click();
  await expect(page.getByLabel('Family name')).toHaveValue('DEMOV');
  await expect(page.getByLabel('Given names')).toHaveValue('IVAN');
  await expect(page.getByLabel('Date of birth 1')).toHaveValue('1985-07-14');
  await expect(page.getByLabel('Nationality 1')).toHaveValue('RU');
  // INTERPOL's three-letter language codes become the languages the person reads
  await expect(page.getByLabel('Language 1')).toHaveValue('ar');
  await expect(page.getByLabel('Language 2')).toHaveValue('ru');
  await expect(
    page.getByRole('heading', { name: 'Still to confirm through INTERPOL Washington' }),
  ).toBeVisible();
  await expect(
    page.getByText(/Confirm the notice is valid and unexpired through INTERPOL Washington/),
  ).toBeVisible();
  // A wrong A-number: only the server says so, after "Open the case".
  await page.getByLabel('A-number', { exact: true }).fill('12345');
  await page.getByLabel('What is known').selectOption('asylum_pending');
  await page.getByLabel('Date asylum was claimed').fill('2024-03-01');
  await expectAccessible(page, 'new case: person');
  await screenshot(page, 'new-case-person');
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepIs(page, 2, 'The notice');
  await expect(page.getByLabel('INTERPOL reference')).toHaveValue(ref);
  await expect(page.locator('#f-notice-issuingCountry')).toHaveValue('RU');
  await expect(page.getByLabel('Red Notice (RN)')).toBeChecked();
  await expect(page.getByLabel('Charge, as written')).toHaveValue(
    'Participation in an illegal armed formation',
  );
  await choose(page, 'Prosecution');
  await page.getByLabel('Maximum penalty, in months').fill('120');
  await expectAccessible(page, 'new case: notice');
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepIs(page, 3, 'Purpose');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(
    page.getByRole('link', { name: /Purpose of the case: Choose what you intend to do/ }),
  ).toBeVisible();
  await choose(page, 'Law-enforcement action');
  await page.getByLabel('When you met the person').fill('2026-11-20T08:15');
  await page.getByLabel('Where you met the person').fill('JFK Terminal 4');
  await expectAccessible(page, 'new case: purpose');
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepIs(page, 4, 'Independent basis');
  await page
    .getByLabel('Summary of the independent basis')
    .fill('Federal records show the subject entered on a false passport.');
  await page.getByLabel('What it shows').fill('Entry record with a passport reported stolen');
  await page.getByLabel('Kind of source').selectOption('federal_record');
  await page.getByLabel('Source', { exact: true }).fill('CBP entry records');
  await expectAccessible(page, 'new case: independent basis');
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepIs(page, 5, 'Narrative');
  const narrative = page.getByLabel('Narrative');
  await narrative.fill('Subject encountered at JFK. The INTERPOL warrant was confirmed by the officer.');
  await expect(page.getByText('1 wording problem found.')).toBeVisible();
  await expect(page.getByText('“INTERPOL warrant”')).toBeVisible();
  await expect(page.getByText(/A Red Notice or diffusion is not an arrest warrant/)).toBeVisible();
  await expectAccessible(page, 'new case: narrative with a wording finding');
  await screenshot(page, 'new-case-narrative');
  await page.getByRole('button', { name: /^Use “/ }).click();
  await expect(narrative).not.toHaveValue(/INTERPOL warrant/);
  await expect(narrative).toHaveValue(/INTERPOL Red Notice/);
  await expect(page.getByText('No wording problems found.')).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepIs(page, 6, 'Check your answers');
  await expect(page.getByText(ref, { exact: true })).toBeVisible();
  await expect(page.getByText('Law-enforcement action')).toBeVisible();
  await expect(page.getByText(/JFK Terminal 4/)).toBeVisible();
  await expectAccessible(page, 'new case: check your answers');
  await page.getByRole('button', { name: 'Open the case' }).click();

  // The server refuses the A-number; its link opens step 1 and focuses the field.
  const aNumberLink = page.getByRole('link', { name: /A-number: An A-number is 8 or 9 digits/ });
  await expect(aNumberLink).toBeVisible();
  await expectAccessible(page, 'new case: check your answers, with a server error');
  await aNumberLink.click();
  await stepIs(page, 1, 'The person');
  await expect(page.getByLabel('A-number', { exact: true })).toBeFocused();
  await page.getByLabel('A-number', { exact: true }).fill('A012345678');
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 6, 'Check your answers');
  await page.getByRole('button', { name: 'Open the case' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByText(/Encounter:.*2026.*JFK Terminal 4/)).toBeVisible();
});

test('Back keeps the answers of the earlier step', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/cases/new');
  await page.getByLabel('Family name').fill('TESTOVA');
  await page.getByLabel('Language 1').selectOption('tg');
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 2, 'The notice');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Family name')).toHaveValue('TESTOVA');
});

for (const user of ['liaison', 'auditor', 'coordinator'] as DemoUser[]) {
  test(`${user} cannot open a case: no-access page and 403 from the API`, async ({ page }) => {
    await signIn(page, user);
    await page.goto('/cases/new');
    await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
    const session = await (await page.request.get('/api/v1/session')).json();
    const res = await page.request.post('/api/v1/cases', {
      headers: { 'x-csrf-token': session.csrfToken },
      data: {
        purpose: 'law_enforcement_action',
        person: { languages: ['en'], familyName: 'NOACCESS' },
        notice: { type: 'red_notice', interpolRef: '2020/7654321', issuingCountry: 'FR' },
      },
    });
    expect(res.status()).toBe(403);
  });
}
