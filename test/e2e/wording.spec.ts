import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// G-LANGUAGE on the case page: rewrite the text with the check as you type, or (a supervisor) dismiss the
// finding with a reason. Each test opens its own case whose narrative calls the notice a warrant.
test.setTimeout(180_000);

let ref = 0;
async function openWordingCase(page: Page): Promise<string> {
  const s = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  ref += 1;
  const res = await page.request.post('/api/v1/cases', {
    headers: { 'x-csrf-token': s.csrfToken },
    data: {
      purpose: 'immigration_proceedings',
      person: { languages: ['en'], familyName: `WORDING-${Date.now()}-${ref}`, nationalities: ['FR'] },
      notice: {
        type: 'red_notice',
        interpolRef: `2025/${String(Date.now()).slice(-5)}${ref}`,
        issuingCountry: 'FR',
        expiresOn: '2030-01-01',
        warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
      },
      independentBasis: {
        summary: 'Federal records show the person overstayed a visa.',
        evidence: [{ description: 'Entry and exit records.', sourceType: 'federal_record', source: 'CBP' }],
      },
      narrative: 'The subject is wanted on an INTERPOL warrant.',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

test('an officer rewrites the narrative with the suggested wording and the finding goes away', async ({
  page,
}) => {
  await signIn(page, 'officer');
  const id = await openWordingCase(page);
  await page.goto(`/cases/${id}`);
  const gate = page.locator('#gate-G-LANGUAGE');
  await expect(
    gate
      .getByRole('listitem')
      .filter({ hasText: /INTERPOL warrant/ })
      .first(),
  ).toBeVisible();
  await expect(gate.getByText(/Your role cannot dismiss a wording finding/)).toBeVisible();
  const narrative = gate.getByLabel('Narrative', { exact: true });
  await narrative.fill('The subject is the subject of a Red Notice issued at the request of France.');
  await gate.getByRole('button', { name: 'Save the texts' }).click();
  await expect(page.getByText('The texts are saved and checked again.')).toBeVisible();
  const gates = (await (await page.request.get(`/api/v1/cases/${id}/gates`)).json()) as {
    gates: Array<{ gate: string; status: string }>;
  };
  expect(gates.gates.find((g) => g.gate === 'G-LANGUAGE')?.status).toBe('met');
  await expectAccessible(page, 'case page after rewording');
});

test('a supervisor dismisses a finding with a reason; without a reason the form says what is missing', async ({
  page,
}) => {
  await signIn(page, 'supervisor');
  const id = await openWordingCase(page);
  await page.goto(`/cases/${id}`);
  const form = page.getByRole('region', { name: /Dismiss the finding/ });
  await form.getByRole('button', { name: 'Dismiss the finding' }).click();
  await expect(form.getByRole('link', { name: /Reason/ })).toBeVisible();
  await expectAccessible(page, 'wording dismissal with an error');
  await form
    .getByLabel('Why is this wording acceptable?')
    .fill('The narrative quotes the requesting state’s extradition request word for word.');
  await form.getByRole('button', { name: 'Dismiss the finding' }).click();
  await expect(page.getByText(/is dismissed/)).toBeVisible();
  const gates = (await (await page.request.get(`/api/v1/cases/${id}/gates`)).json()) as {
    gates: Array<{ gate: string; status: string }>;
  };
  expect(gates.gates.find((g) => g.gate === 'G-LANGUAGE')?.status).toBe('met');
  await screenshot(page, 'wording-dismissal');
});
