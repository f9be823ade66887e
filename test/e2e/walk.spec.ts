import { expect, type Page, test } from '@playwright/test';
import { CHECKED_FACTS } from './api.ts';
import { type DemoUser, signIn } from './helpers.ts';

// One case of each purpose from intake to authorization, across the roles. The case is opened and
// INTERPOL Washington's answers are given through the API; everything else through the case, review and
// approval screens.
test.setTimeout(300_000);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function csrf(page: Page): Promise<Record<string, string>> {
  const s = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  return { 'x-csrf-token': s.csrfToken };
}

async function as(page: Page, user: DemoUser) {
  await page.context().clearCookies();
  await signIn(page, user);
}

interface LiaisonRequest {
  id: string;
  kind: string;
  status: string;
}

async function pendingRequest(page: Page, caseId: string, kind: string): Promise<string> {
  const c = (await (await page.request.get(`/api/v1/cases/${caseId}`)).json()) as {
    liaisonRequests: LiaisonRequest[];
  };
  const r = c.liaisonRequests.find((x) => x.kind === kind && x.status === 'pending');
  if (!r) throw new Error(`no pending ${kind} request`);
  return r.id;
}

async function answer(page: Page, caseId: string, kind: string, body: object) {
  const id = await pendingRequest(page, caseId, kind);
  const res = await page.request.post(`/api/v1/liaison-requests/${id}/response`, {
    headers: await csrf(page),
    data: body,
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function sendRequest(page: Page, gate: string) {
  const section = page.locator(`#gate-${gate}`);
  await section.getByRole('button', { name: 'Send the request to INTERPOL Washington' }).click();
  // the request now shows as pending (or, for the documentation, the gate is met by it)
  await expect(section.getByText(/ was sent | was requested from /).first()).toBeVisible();
}

/** The review through its screen: start, decide what the screening found (here via the API), complete. */
async function review(page: Page, caseId: string) {
  // the screening facts checked from the file (the facts page is tested elsewhere)
  const facts = await page.request.put(`/api/v1/cases/${caseId}/facts`, {
    headers: await csrf(page),
    data: { facts: CHECKED_FACTS },
  });
  expect(facts.status(), await facts.text()).toBe(200);
  await page.goto(`/cases/${caseId}/review`);
  await page.getByRole('button', { name: 'Start the review' }).click();
  await expect(page.getByRole('heading', { name: /Indicators to decide/ })).toBeVisible();
  const c = (await (await page.request.get(`/api/v1/cases/${caseId}`)).json()) as {
    review: { indicators: Array<{ indicatorId: string; outcome: string; title?: string }> };
  };
  const toDecide = c.review.indicators.filter((i) => i.outcome !== 'absent');
  // the first through the screen, the rest in one request
  if (toDecide.length > 0) {
    const first = page.locator(`#f-indicators-${toDecide[0]!.indicatorId}`);
    const title = ((await first.getByRole('heading', { level: 3 }).first().textContent()) ?? '').trim();
    expect(title).not.toBe('');
    await first.getByRole('button', { name: 'Decide this indicator' }).click();
    await first.getByText('Not applicable (give the reason)').click();
    // a reason that does not name the indicator it sets aside is refused, naming it
    const reason = first.getByLabel('Why it does not apply');
    await reason.fill('The case file and the records checked show nothing that bears on this question.');
    await first.getByRole('button', { name: 'Record the decision' }).click();
    await expect(
      first.getByRole('link', {
        name: new RegExp(`^Reason: The text does not name “${escapeRegExp(title)}”`),
      }),
    ).toBeVisible();
    await reason.fill(
      `${title}: the action rests on the independent immigration basis recorded on the case (the visa overstay and the custody determination), not on the notice as a request for extradition.`,
    );
    await first.getByRole('button', { name: 'Record the decision' }).click();
    await expect(first.getByText('Decided: Not applicable')).toBeVisible();
  }
  if (toDecide.length > 1) {
    const res = await page.request.post(`/api/v1/cases/${caseId}/review`, {
      headers: await csrf(page),
      data: {
        dispositions: toDecide.slice(1).map((i) => ({
          indicatorId: i.indicatorId,
          disposition: 'not_applicable',
          reason: `${i.title ?? i.indicatorId}: the case file and records checked show nothing of this (${i.indicatorId}).`,
        })),
      },
    });
    expect(res.status(), await res.text()).toBe(200);
    await page.reload();
  }
  await page
    .getByLabel('Summary of the review (optional)')
    .fill('Nothing found that bars acting on the notice.');
  await page.getByRole('button', { name: 'Complete the review' }).click();
  await expect(page.getByText('The review is complete.')).toBeVisible();
}

async function approve(page: Page, caseId: string) {
  await as(page, 'supervisor');
  await page.goto(`/cases/${caseId}/approval`);
  await page.getByText('Approve acting on the case', { exact: true }).click();
  await page
    .getByLabel('Rationale')
    .fill('Every safeguard is documented; the independent basis stands on its own.');
  await page.getByRole('button', { name: 'Record your decision' }).click();
  await expect(page.getByText(/Your decision \(Approved\) is recorded/)).toBeVisible();
}

async function authorize(page: Page, caseId: string) {
  await as(page, 'officer');
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByText('Every gate is met: you can authorize.')).toBeVisible();
  await page.getByRole('button', { name: 'Authorize', exact: true }).click();
  await expect(page.getByText(/The case is authorized for this case version/)).toBeVisible();
  await expect(page.getByRole('status').getByText(/The case is authorized/)).toBeVisible();
  await expect(page.getByText(/The case was authorized on/)).toBeVisible();
  await expect(page.getByText('Status: Authorized')).toBeVisible();
}

async function openCase(page: Page, purpose: string): Promise<string> {
  const res = await page.request.post('/api/v1/cases', {
    headers: await csrf(page),
    data: {
      purpose,
      person: {
        languages: ['en'],
        familyName: 'DEMO-Walker',
        givenNames: 'Sam',
        datesOfBirth: ['1975-05-05'],
        nationalities: ['FR'],
      },
      notice: {
        type: 'red_notice',
        interpolRef: `2026/${Math.floor(100000 + Math.random() * 899999)}`,
        issuingCountry: 'FR',
        purpose: 'prosecution',
        warrants: [{ kind: 'arrest_warrant', charge: 'Armed robbery of a bank', maxPenaltyMonths: 240 }],
        summaryOfFacts:
          'On 3 March 2024 in Lyon the person is alleged to have robbed a bank branch at gunpoint.',
      },
      independentBasis: {
        summary:
          'Overstayed a visitor visa by three years; no application pending. The custody determination on file finds a flight risk after a missed check-in.',
        evidence: [
          { description: 'Arrival and departure record', sourceType: 'federal_record', source: 'CBP' },
        ],
        actions: ['detention', 'removal_proceedings'],
        grounds: ['visa_overstay', 'custody_determination'],
        legalAuthority: 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B); INA 236(a), 8 U.S.C. 1226(a)',
      },
      narrative: 'Encountered at a port of entry; identity confirmed by fingerprints.',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('a law-enforcement action from intake to authorization', async ({ page }) => {
  await signIn(page, 'officer');
  const id = await openCase(page, 'law_enforcement_action');
  await page.goto(`/cases/${id}`);
  await sendRequest(page, 'G-VALIDITY');
  await sendRequest(page, 'G-DOCS-REQUESTED');
  await as(page, 'liaison');
  await answer(page, id, 'validity', {
    result: 'valid',
    expiresOn: '2030-12-31',
    method: 'I-24/7 status query',
  });
  await as(page, 'officer');
  await review(page, id);
  await approve(page, id);
  await authorize(page, id);
});

test('immigration proceedings from intake to authorization', async ({ page }) => {
  await signIn(page, 'officer');
  const id = await openCase(page, 'immigration_proceedings');
  await page.goto(`/cases/${id}`);
  await sendRequest(page, 'G-VALIDITY');
  await sendRequest(page, 'G-DOCS-REQUESTED');
  await sendRequest(page, 'G-USE-AUTH');
  await as(page, 'liaison');
  await answer(page, id, 'validity', {
    result: 'valid',
    expiresOn: '2030-12-31',
    method: 'I-24/7 status query',
  });
  await answer(page, id, 'use_authorization', {
    outcome: 'granted',
    scope: 'Use in removal proceedings before the immigration court',
    scopePurposes: ['immigration_proceedings'],
    validUntil: '2030-12-31',
  });
  // INTERPOL Washington sent the documentation by e-mail: the officer records it, document by document
  await as(page, 'officer');
  await page.goto(`/cases/${id}`);
  const received = page.locator('#gate-G-DOCS-RECEIVED');
  await received.getByLabel('INTERPOL Washington (USNCB) reference').fill('USNCB-2026-4711');
  await received.getByLabel('How the answer came (for example, telephone)').fill('e-mail');
  await received.getByLabel('Outcome').selectOption('partially_provided');
  await received.getByLabel('Title of document 1').fill('Arrest warrant of the Lyon court');
  await received.getByRole('button', { name: 'Add another document' }).click();
  // a second row with a title but no kind: the server names that row's field
  await received.getByLabel('Title of document 2').fill('Indictment');
  await received.getByRole('button', { name: 'Record the answer' }).click();
  await expect(
    received.getByRole('link', { name: /^Document 2: kind: Required: enter a value/ }),
  ).toBeVisible();
  await received.getByLabel('Kind of document 1').fill('arrest_warrant');
  await received.getByLabel('Language of document 1').fill('fr');
  await received.getByLabel('Kind of document 2').fill('indictment');
  // provided in part: the missing item, with INTERPOL Washington's reason
  await received.getByLabel('Missing item 1', { exact: true }).fill('English translation');
  await received
    .getByLabel('Why item 1 is unavailable')
    .fill(
      'The Lyon court has not made an English translation of the indictment; INTERPOL Washington was told none will exist before the hearing.',
    );
  await received
    .getByLabel('Disclosure restrictions')
    .fill('The indictment names a witness; the witness name may not be shown.');
  await received.getByRole('button', { name: 'Record the answer' }).click();
  await expect(page.getByText('The answer of INTERPOL Washington is recorded.').first()).toBeVisible();
  const record = page.locator('section[aria-labelledby="record-h"]');
  // one row per document, with its title and its kind
  const documents = record.getByRole('table', { name: 'Documents received' });
  await expect(documents.getByRole('row')).toHaveCount(3);
  await expect(
    documents.getByRole('row', { name: /^Arrest warrant of the Lyon court Arrest warrant / }),
  ).toBeVisible();
  await expect(documents.getByRole('row', { name: /^Indictment Indictment / })).toBeVisible();
  // the person is served the documentation (the indictment redacted), contests, and an attorney decides
  const disclosure = page.locator('#gate-G-DISCLOSURE');
  await disclosure.getByRole('button', { name: 'Record a service on the person' }).click();
  // served now (the form's default): the documents were received before
  await disclosure.getByLabel('How (for example, in person)').fill('in person');
  await disclosure.getByLabel('Who received it (the person or counsel)').fill('the person');
  await disclosure.getByLabel('Language of the documents served').selectOption('en');
  await disclosure.getByText(/Arrest warrant of the Lyon court \(arrest_warrant/).click();
  await disclosure.getByText(/Indictment \(indictment/).click();
  await disclosure.getByText('Some of the documentation was withheld or redacted').click();
  // restricted without saying what: refused, naming the field
  await disclosure.getByRole('button', { name: 'Record the service' }).click();
  await expect(disclosure.getByText('Explain the restriction.').first()).toBeVisible();
  await disclosure
    .getByLabel('What was withheld or redacted, and on what grounds')
    .fill("The witness's name in the indictment, at the request of the issuing country.");
  await disclosure.getByRole('button', { name: 'Record the service' }).click();
  await expect(page.getByText(/The service is recorded/)).toBeVisible();
  await expect(record.getByText('Restricted', { exact: true })).toBeVisible();
  await expect(record.getByText(/The witness's name in the indictment/)).toBeVisible();
  const contest = page.locator('#gate-G-CONTEST');
  await contest.getByRole('button', { name: 'Record a contest' }).click();
  await contest.getByLabel('The service it answers').selectOption({ index: 1 });
  await contest.getByLabel('Filed by (the person or counsel)').fill('Counsel for the person');
  await contest.getByRole('combobox', { name: /^Ground 1\b/ }).selectOption('political_character');
  await contest
    .getByLabel('What the person says on ground 1')
    .fill('The person says the charge is political.');
  await contest.getByRole('button', { name: 'Record the contest' }).click();
  await expect(contest.getByText(/awaits the decision of an agency attorney/)).toBeVisible();
  await as(page, 'attorney');
  await page.goto(`/cases/${id}`);
  const decide = page.locator('#gate-G-CONTEST');
  await decide.getByRole('button', { name: 'Decide this contest' }).click();
  await decide.getByRole('combobox', { name: /^Decision/ }).selectOption('not_sustained');
  // a formal answer is refused, naming the ground
  await decide.getByLabel('Ground 1: The case is political in character').fill('Not sustained.');
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await expect(decide.getByText(/stock phrase/).first()).toBeVisible();
  await decide
    .getByLabel('Ground 1: The case is political in character')
    .fill(
      'Nothing corroborates a political motive for the robbery charge: the indictment documents the robbery with two witnesses and the bank footage.',
    );
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await expect(record.getByText(/Not sustained/).first()).toBeVisible();
  // the attorney signs off on going on without the missing translation
  const docsGate = page.locator('#gate-G-DOCS-RECEIVED');
  await docsGate
    .getByLabel(/Why may the case go on without/)
    .fill(
      'The person reads French, the language of the indictment, so the missing English translation does not stand in the way of contesting the notice.',
    );
  await docsGate.getByRole('button', { name: 'Record the sign-off' }).click();
  await expect(page.locator('#gate-G-DOCS-RECEIVED').getByText('Met', { exact: true })).toBeVisible();
  // decided, but the window is still open: reliance waits, unless the director approves an exigency
  await expect(
    page
      .locator('#gate-G-CONTEST')
      .getByText(/still open/)
      .first(),
  ).toBeVisible();
  await as(page, 'officer');
  await page.goto(`/cases/${id}`);
  const exigency = page.locator('#gate-G-CONTEST');
  await exigency.getByRole('button', { name: 'Request an exigency' }).click();
  await exigency
    .getByLabel('What the reliance is for')
    .fill('Removal hearing before the immigration court next week');
  await exigency
    .getByLabel('Why it cannot wait')
    .fill(
      'The immigration court set the removal hearing for next week and refused to adjourn it; waiting would keep the person detained without a hearing.',
    );
  await exigency.getByRole('button', { name: 'Send to the field office director' }).click();
  await expect(page.getByText(/The field office director must decide it/)).toBeVisible();
  await as(page, 'director');
  await page.goto(`/cases/${id}`);
  const director = page.locator('#gate-G-CONTEST');
  await director.getByRole('button', { name: 'Decide this exigency' }).click();
  await director.getByRole('combobox', { name: /^Decision/ }).selectOption('approved');
  await director
    .getByLabel('Reason')
    .fill(
      'The court fixed the removal hearing and refused to adjourn; reliance is limited to that hearing, and any further contest must still be decided.',
    );
  await director.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.locator('#gate-G-CONTEST').getByText('Met', { exact: true })).toBeVisible();
  await as(page, 'officer');
  await review(page, id);
  await approve(page, id);
  await authorize(page, id);
  await expect(record.getByText('In force', { exact: true })).toBeVisible();
});
