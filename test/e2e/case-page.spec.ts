import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The machine is shared: axe on a long page can take a while.
test.setTimeout(150_000);

/** The id of a demo case by its number (read through the API as the signed-in user). */
async function caseId(page: Page, caseNumber: string): Promise<string> {
  const res = await page.request.get('/api/v1/cases');
  const { items } = (await res.json()) as { items: Array<{ id: string; caseNumber: string }> };
  const hit = items.find((c) => c.caseNumber === caseNumber);
  if (!hit) throw new Error(`demo case ${caseNumber} not found`);
  return hit.id;
}

async function csrf(page: Page): Promise<Record<string, string>> {
  const s = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  return { 'x-csrf-token': s.csrfToken };
}

/** Opens a new case through the API as the signed-in user; returns its id. */
async function openCase(page: Page, purpose: 'law_enforcement_action' | 'immigration_proceedings') {
  const ref = `2026/${Math.floor(100000 + Math.random() * 899999)}`;
  const res = await page.request.post('/api/v1/cases', {
    headers: await csrf(page),
    data: {
      purpose,
      person: {
        languages: ['en'],
        familyName: 'DEMO-Example',
        givenNames: 'Pat',
        datesOfBirth: ['1980-01-02'],
        nationalities: ['FR'],
      },
      notice: { type: 'red_notice', interpolRef: ref, issuingCountry: 'FR' },
      narrative: 'Encountered at a port of entry; identity confirmed by fingerprints.',
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('an officer sees what blocks a case and what to do next, fast and accessibly', async ({ page }) => {
  await signIn(page, 'officer');
  const id = await caseId(page, 'RL-2026-000002');
  const started = Date.now();
  await page.goto(`/cases/${id}`);
  await expect(
    page.getByRole('heading', { name: 'What blocks this case and what to do next' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Case history' })).toBeVisible();
  const elapsed = Date.now() - started;
  console.log(`case page first load: ${elapsed} ms`);
  await expect(page.getByRole('heading', { level: 1, name: 'Case RL-2026-000002' })).toBeVisible();
  await expect(page.getByText('Purpose: Law-enforcement action')).toBeVisible();
  // the unmet gate is listed in the summary box with its next step
  const summary = page.locator('.usa-summary-box');
  await expect(
    summary.getByRole('link', { name: 'Supervisory approval of this case version' }),
  ).toBeVisible();
  await expect(summary.getByText(/Next: Submit the case to a supervisor/)).toBeVisible();
  // each gate with its tag and clause
  const approvalGate = page.locator('#gate-G-APPROVAL');
  await expect(approvalGate.getByText('Not met')).toBeVisible();
  await expect(approvalGate.getByText(/Directive clause: D6/)).toBeVisible();
  await expect(page.locator('#gate-G-VALIDITY').getByText('Met', { exact: true })).toBeVisible();
  // the person, with care
  await expect(page.getByRole('heading', { name: 'The person', exact: true })).toBeVisible();
  await expect(page.getByText('Protection status:')).toBeVisible();
  // history in plain language
  await expect(page.getByText('Demo Officer Dana Reyes (Officer) opened the case.')).toBeVisible();
  await expectAccessible(page, 'case page');
  await screenshot(page, 'case-page');
});

test('a blocked authorization explains itself, and an out-of-band answer needs its reference', async ({
  page,
}) => {
  await signIn(page, 'officer');
  const id = await caseId(page, 'RL-2026-000003');
  await page.goto(`/cases/${id}`);
  await expect(page.getByText('Purpose: Immigration proceedings')).toBeVisible();
  const authorize = page.getByRole('button', { name: 'Authorize', exact: true });
  await expect(authorize).toBeEnabled();
  await authorize.click();
  await expect(page.getByRole('heading', { name: 'You cannot authorize this case yet' })).toBeVisible();
  await expect(page.getByText('What you must do first:')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Authorize acting on the notice' }).getByRole('link', {
      name: 'Notice confirmed valid by INTERPOL Washington',
    }),
  ).toBeVisible();
  // the pending validity request: an answer by another channel without its reference is refused
  const validity = page.locator('#gate-G-VALIDITY');
  await validity.getByRole('button', { name: 'Record the answer' }).click();
  await expect(
    validity.getByRole('link', { name: /INTERPOL Washington reference: An answer received/i }),
  ).toBeVisible();
  await expectAccessible(page, 'case page with errors');
});

test('an auditor reads the case but is offered no action that changes it; the API refuses one', async ({
  page,
}) => {
  await signIn(page, 'auditor');
  const id = await caseId(page, 'RL-2026-000002');
  await page.goto(`/cases/${id}`);
  await expect(
    page.getByRole('heading', { name: 'What blocks this case and what to do next' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close the case' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Send the request/ })).toHaveCount(0);
  await expect(page.getByText('Your role cannot authorize a case.')).toBeVisible();
  const res = await page.request.post(`/api/v1/cases/${id}/authorizations`, { headers: await csrf(page) });
  expect(res.status()).toBe(403);
  await expectAccessible(page, 'case page (auditor)');
});

test('the review: dispositions with a validation error, then completion names what is undecided', async ({
  page,
}) => {
  await signIn(page, 'officer');
  const id = await openCase(page, 'immigration_proceedings');
  await page.goto(`/cases/${id}/review`);
  await page.getByRole('button', { name: 'Start the review' }).click();
  await expect(page.getByRole('heading', { name: /Indicators to decide/ })).toBeVisible();
  // a contextual indicator: it may be resolved (an undetermined strong one needs its fact recorded)
  const first = page.locator('section[id^="f-indicators-CTX_"]').first();
  const title = (await first.getByRole('heading', { level: 3 }).first().textContent()) ?? '';
  await expect(first.getByText('Citation:')).toBeVisible();
  // "Resolved" without an explanation or evidence is refused, field by field
  await first.getByRole('button', { name: 'Decide this indicator' }).click();
  await first.getByText('Resolved (explain and name the evidence)').click();
  await first.getByRole('button', { name: 'Record the decision' }).click();
  // the substance check: an empty reason is refused, and the message names the indicator it must answer
  const emptyReason = first
    .getByRole('link', { name: /The text is empty\. A reason is required here\./ })
    .filter({ hasText: `Explain why “${title}”` });
  await expect(emptyReason).toBeVisible();
  await expect(first.getByRole('link', { name: /Name the evidence that resolves it/ })).toBeVisible();
  await expectAccessible(page, 'review with errors');
  await first
    .getByLabel('How it was resolved')
    .fill(`${title}: the records checked for this case show nothing of the kind.`);
  await first.getByLabel('Evidence that resolves it').fill('USCIS record check of 2026-11-20.');
  await first.getByRole('button', { name: 'Record the decision' }).click();
  await expect(first.getByText('Decided: Resolved')).toBeVisible();
  // completing with undecided indicators: the server names them, the summary links to each
  await page.getByRole('button', { name: 'Complete the review' }).click();
  const err = page.getByRole('heading', { name: 'The review could not be completed' });
  await expect(err).toBeVisible();
  await expect(page.getByText('Decide these indicators first:')).toBeVisible();
  await expectAccessible(page, 'review');
  await screenshot(page, 'review');
});

test('the review of the demo case with a confirmed strong indicator advises not to act', async ({ page }) => {
  await signIn(page, 'officer');
  const id = await caseId(page, 'RL-2026-000002');
  await page.goto(`/cases/${id}/review`);
  await expect(page.getByRole('heading', { name: 'Do not act; refer for legal review' })).toBeVisible();
  await expect(page.getByText('Charges and offence categories')).toBeVisible();
});

test('approval with an acknowledgement of the confirmed strong indicator', async ({ page }) => {
  await signIn(page, 'supervisor');
  const id = await caseId(page, 'RL-2026-000002');
  await page.goto(`/cases/${id}/approval`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Approval of case RL-2026-000002' }),
  ).toBeVisible();
  await expect(
    page.getByRole('paragraph').filter({ hasText: /^Recommendation: Do not act; refer for legal review/ }),
  ).toBeVisible();
  await page.getByText('Approve acting on the case', { exact: true }).click();
  await page
    .getByLabel('Rationale')
    .fill('Independent basis is sound; the indicator was weighed with counsel.');
  await page.getByRole('button', { name: 'Record your decision' }).click();
  await expect(page.getByRole('heading', { name: 'Your decision could not be recorded' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Acknowledge it and justify approving/ })).toBeVisible();
  await expectAccessible(page, 'approval with errors');
  await page.getByText(/^I acknowledge:/).click();
  await page
    .getByLabel(/Justification for approving despite/)
    .fill(
      'Counsel reviewed the NGO statement under RPD Article 34: the person is a journalist and critic, and the fraud charge concerns conduct unrelated to the reporting.',
    );
  // no legal review is recorded yet: approving goes against the advice, and the page says so before submitting
  await expect(page.getByRole('heading', { name: 'This approval goes against the advice' })).toBeVisible();
  await page.getByRole('button', { name: 'Record your decision' }).click();
  await expect(page.getByText(/Your decision \(Approved\) is recorded.*override/)).toBeVisible();
  await expectAccessible(page, 'approval');
  await screenshot(page, 'approval');
  // the approval is recorded, but the legal review the advice asks for still blocks the case
  await page.getByRole('link', { name: 'Back to the case' }).click();
  await expect(page.locator('#gate-G-APPROVAL').getByText('Met', { exact: true })).toBeVisible();
  await expect(page.locator('#gate-G-LEGAL-REVIEW').getByText('Not met', { exact: true })).toBeVisible();
});

test('a supervisor cannot approve a case they opened (SOD-SELF-APPROVAL)', async ({ page }) => {
  await signIn(page, 'supervisor');
  const id = await openCase(page, 'law_enforcement_action');
  await page.goto(`/cases/${id}/approval`);
  await page.getByText('Deny', { exact: true }).click();
  await page.getByLabel('Rationale').fill('Not enough basis.');
  await page.getByRole('button', { name: 'Record your decision' }).click();
  // the refusal names the rule and says what it means
  await expect(page.locator('.rl-rule')).toHaveText(
    /^Rule SOD-SELF-APPROVAL: Separation of duties: one person may not be both the case's officer and the approver/,
  );
});

test('an officer gets no approval screen, and the API refuses an approval', async ({ page }) => {
  await signIn(page, 'officer');
  const id = await caseId(page, 'RL-2026-000002');
  await page.goto(`/cases/${id}/approval`);
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.post(`/api/v1/cases/${id}/approvals`, {
    headers: await csrf(page),
    data: { decision: 'approved', rationale: 'x' },
  });
  expect(res.status()).toBe(403);
});
