import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { cleanPdf, type DemoUser, expectAccessible, signIn } from './helpers.ts';

// The whole of "Done when" in the browser, each step through a page by the person whose step it is: an
// officer opens a case for immigration proceedings from the encounter and sends the requests to INTERPOL
// Washington; the liaison answers them; the officer attaches the real warrant (a PDF uploaded on the case
// page), records the screening facts and generates the packet in Arabic with the portal's access code and
// serves it; counsel opens the portal with that code, files a contest with a supporting document; an
// attorney independent of the case decides it with reasons, which the portal then shows; the contest window
// is still open, so the field office director approves an exigency; the officer reviews, a supervisor
// approves, the officer authorizes. Later counsel reports a CCF deletion with the CCF's letter through the
// portal and an attorney confirms it on the case page: the authorization is withdrawn and a re-review opens.
// The API is only read, to assert.
test.setTimeout(1_200_000);
test.use({ actionTimeout: 30_000 });

const ANSWER =
  'The Damascus warrant concerns the embezzlement of the port authority’s funds in 2023, documented by the audit report it cites; nothing in the file or in counsel’s submission links the prosecution to his political opinion.';

async function as(page: Page, user: DemoUser) {
  await page.context().clearCookies();
  await signIn(page, user);
}

/** A select or a text input, whichever the field is. */
async function setField(field: Locator, value: string) {
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

/** USWDS radios and checkboxes hide the input itself; people select the label. */
async function tick(page: Page, forId: string) {
  await page.locator(`label[for="${forId}"]`).click();
}

async function stepIs(page: Page, n: number) {
  await expect(page.locator('.usa-step-indicator__current-step')).toHaveText(String(n));
}

interface CaseJson {
  caseNumber: string;
  liaisonRequests: Array<{ id: string; kind: string; status: string }>;
  authorizations: Array<{ status: string }>;
  review: { indicators: Array<{ indicatorId: string; outcome: string; disposition?: string | null }> } | null;
}
const read = async (page: Page, caseId: string) =>
  (await (await page.request.get(`/api/v1/cases/${caseId}`)).json()) as CaseJson;

async function intake(page: Page, family: string): Promise<string> {
  await page.goto('/cases/new');
  await stepIs(page, 1);
  await page.getByLabel('Family name').fill(family);
  await page.getByLabel('Given names').fill('Rami');
  await page.getByLabel('Date of birth 1').fill('1984-03-03');
  await setField(page.getByLabel('Nationality 1'), 'SY');
  await page.getByLabel('Language 1').selectOption('ar');
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 2);
  await page.locator('label.usa-radio__label', { hasText: 'Red Notice' }).first().click();
  await page.getByLabel('INTERPOL reference').fill(`2026/${Math.floor(100000 + Math.random() * 899999)}`);
  await setField(page.locator('#f-notice-issuingCountry'), 'SY');
  await page.locator('label.usa-radio__label', { hasText: 'Prosecution' }).first().click();
  await page
    .locator('label.usa-radio__label', { hasText: /^Arrest warrant$/ })
    .first()
    .click();
  await page.getByLabel('Charge, as written').fill('Embezzlement of public funds of the port authority');
  await page.getByLabel('Maximum penalty, in months').fill('84');
  await page
    .getByLabel('Summary of facts')
    .fill(
      'On 14 May 2023 in Latakia the person, as finance director of the port authority, is alleged to have transferred 2.1 million Syrian pounds of its funds to an account he controlled.',
    );
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 3);
  await page.locator('label.usa-radio__label', { hasText: 'Immigration proceedings' }).first().click();
  await page.getByLabel('When you met the person').fill('2026-11-02T09:30');
  await page.getByLabel('Where you met the person').fill('Field office check-in, Newark');
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 4);
  await page
    .getByLabel('Summary of the independent basis')
    .fill('Overstayed a visitor visa by two years according to federal arrival and departure records.');
  await page.locator('label.usa-checkbox__label', { hasText: /^Removal proceedings/ }).click();
  await page.locator('label.usa-checkbox__label', { hasText: /^Visa overstay/ }).click();
  await page.getByLabel('Legal authority for the action').fill('INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)');
  await page.getByLabel('What it shows').fill('Arrival record and no departure record');
  await page.getByLabel('Kind of source').selectOption('federal_record');
  await page.getByLabel('Source', { exact: true }).fill('CBP arrival and departure records');
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 5);
  await page
    .getByLabel('Narrative')
    .fill('Encountered at a routine check-in at the field office; identity confirmed by fingerprints.');
  await expect(page.getByText('No wording problems found.')).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepIs(page, 6);
  await page.getByRole('button', { name: 'Open the case' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  return /\/cases\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
}

async function sendRequest(page: Page, gate: string) {
  const section = page.locator(`#gate-${gate}`);
  await section.getByRole('button', { name: 'Send the request to INTERPOL Washington' }).click();
  await expect(section.getByText(/ was sent | was requested from /).first()).toBeVisible();
}

/** The liaison opens the pending request of this kind from the case's requests and answers it. */
async function openRequest(page: Page, caseId: string, kind: string) {
  const r = (await read(page, caseId)).liaisonRequests.find((x) => x.kind === kind && x.status === 'pending');
  expect(r, `a pending ${kind} request`).toBeTruthy();
  await page.goto('/liaison');
  const queue = page.locator('section[data-queue="liaison_requests"]');
  await queue.getByLabel('Per page').selectOption('50');
  await queue.locator(`a[href="/liaison/requests/${r!.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/liaison/requests/${r!.id}$`));
}

async function recordAnswer(page: Page) {
  await page.getByRole('button', { name: 'Record the answer' }).click();
  await expect(page.getByRole('heading', { name: 'Your answer is recorded' })).toBeVisible();
}

/** The screening facts, through the facts page: every section checked against the file, nothing of concern. */
async function facts(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}/facts`);
  const other = async (path: string, name: string) => {
    await page.locator(`#f-${path}-document`).selectOption('other');
    await page.locator(`#f-${path}-documentName`).fill(name);
  };
  for (const list of [
    'facts-subject-profileTags',
    'facts-subject-publicActivities',
    'facts-subject-claims',
    'facts-context-relatedPersons',
    'facts-priorDecisions',
    'facts-evidence',
    'facts-extradition-requests',
  ])
    await tick(page, `f-${list}-none`);
  await other('facts-subject-source', 'Interview record');
  const correct = page.getByRole('button', { name: 'Correct the protection status from the intake' });
  if (await correct.isVisible()) await correct.click();
  await tick(page, 'f-facts-subject-protection-grants-none');
  await other('facts-subject-protection-source', 'USCIS and EOIR records check');
  for (const k of ['assetDispute', 'governmentChange', 'massListingCampaign', 'politicalEvent']) {
    await page.locator(`#f-facts-context-${k}-value`).selectOption('no');
    await other(`facts-context-${k}-source`, 'Case file review');
  }
  await page.locator('#f-facts-extradition-subjectLocatedOn').fill('2025-06-01');
  await page.locator('#f-facts-extradition-treatyExists').selectOption('no');
  await other('facts-extradition-source', 'Office of International Affairs letter');
  await page.getByRole('button', { name: 'Record the facts and screen the case again' }).click();
  await expect(page.getByText(/recorded/i).first()).toBeVisible();
}

/** The review through its screen, every indicator decided one by one. */
async function review(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}/review`);
  const start = page.getByRole('button', { name: 'Start the review' });
  const heading = page.getByRole('heading', { name: /Indicators to decide/ });
  await expect(start.or(heading).first()).toBeVisible();
  if (await start.isVisible()) await start.click();
  await expect(heading).toBeVisible();
  const c = await read(page, caseId);
  const toDecide = (c.review?.indicators ?? []).filter((i) => i.outcome !== 'absent' && !i.disposition);
  for (const ind of toDecide) {
    const box = page.locator(`#f-indicators-${ind.indicatorId}`);
    const title = ((await box.getByRole('heading', { level: 3 }).first().textContent()) ?? '').trim();
    await box.getByRole('button', { name: 'Decide this indicator' }).click();
    await box.getByText('Not applicable (give the reason)').click();
    await box
      .getByLabel('Why it does not apply')
      .fill(
        `${title}: the action rests on the independent immigration basis recorded on the case (the visa overstay shown by the federal arrival and departure records), not on the notice.`,
      );
    await box.getByRole('button', { name: 'Record the decision' }).click();
    await expect(box.getByText('Decided: Not applicable')).toBeVisible();
  }
  await page
    .getByLabel('Summary of the review (optional)')
    .fill('Nothing found that bars relying on the notice in the removal proceedings.');
  await page.getByRole('button', { name: 'Complete the review' }).click();
  await expect(page.getByText('The review is complete.')).toBeVisible();
}

async function openPortal(browser: Browser, code: string): Promise<Page> {
  const ctx = await browser.newContext();
  const counsel = await ctx.newPage();
  await counsel.goto('/portal');
  await counsel.getByLabel('Access code').fill(code);
  await counsel.getByRole('button', { name: 'Open' }).click();
  await expect(counsel.getByRole('heading', { name: 'Your case' })).toBeVisible();
  return counsel;
}

test('done when: immigration proceedings from the encounter to authorization, and a CCF deletion that withdraws it', async ({
  page,
  browser,
}) => {
  const family = `DEMO-Haddad-${Date.now().toString(36)}`;

  // 1. The officer opens the case from the encounter, step by step, and sends the three requests.
  await signIn(page, 'officer');
  const caseId = await intake(page, family);
  await sendRequest(page, 'G-VALIDITY');
  await sendRequest(page, 'G-DOCS-REQUESTED');
  await sendRequest(page, 'G-USE-AUTH');

  // 2. INTERPOL Washington answers on its own screens.
  await as(page, 'liaison');
  await openRequest(page, caseId, 'validity');
  await tick(page, 'f-result');
  await page.getByLabel('Expiry date of the notice').fill('2030-12-31');
  await page.getByLabel('INTERPOL Washington reference').first().fill('USNCB-2026-0901');
  await recordAnswer(page);
  await openRequest(page, caseId, 'documentation');
  await tick(page, 'f-outcome');
  await page.getByLabel('Title of document 1').fill('Arrest warrant of the Damascus investigating judge');
  await setField(page.getByLabel('Kind of document 1'), 'arrest_warrant');
  await setField(page.getByLabel('Language of document 1'), 'ar');
  await page.getByLabel('INTERPOL Washington reference').first().fill('USNCB-2026-0902');
  await recordAnswer(page);
  await openRequest(page, caseId, 'use_authorization');
  await tick(page, 'f-outcome');
  await page
    .getByLabel('Scope (required when granted)')
    .fill('Use in removal proceedings before the immigration court');
  await page.locator('label', { hasText: /^Immigration proceedings \(removal/ }).click();
  await page.getByLabel('Valid until').fill('2030-12-31');
  await page.getByLabel('INTERPOL Washington reference').first().fill('USNCB-2026-0903');
  await recordAnswer(page);

  // 3. The officer attaches the real warrant to INTERPOL Washington's answer (a PDF, uploaded on the page).
  await as(page, 'officer');
  await page.goto(`/cases/${caseId}`);
  const upload = page.locator('form[aria-labelledby="upload-h"]');
  await upload.locator('#document-file').setInputFiles({
    name: 'damascus-warrant.pdf',
    mimeType: 'application/pdf',
    buffer: cleanPdf(),
  });
  await upload.getByLabel('Kind of document').selectOption('warrant');
  await upload
    .getByLabel('Attach to')
    .selectOption({ label: "INTERPOL Washington's answer (documentation)" });
  await upload.getByLabel('Language (optional)').fill('ar');
  await upload.getByLabel('Source (optional)').fill('INTERPOL Washington, from the Damascus court');
  await upload.getByLabel(/^Title/).fill('Arrest warrant of the Damascus investigating judge (copy)');
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByText(/Uploaded and stored encrypted as damascus-warrant\.pdf/)).toBeVisible();
  const docs = (await (await page.request.get(`/api/v1/cases/${caseId}/documents`)).json()) as {
    documents: Array<{ hasFile: boolean; kind: string; attachedTo: { kind: string } }>;
  };
  expect(docs.documents.some((d) => d.hasFile && d.attachedTo.kind === 'liaison_response')).toBe(true);

  // 4. The screening facts, through the facts page.
  await facts(page, caseId);

  // 5. The packet in Arabic, with the portal's access code printed on it, and its service.
  await page.goto(`/cases/${caseId}`);
  const packet = page.locator('section', {
    has: page.getByRole('heading', { name: 'Disclosure packet', level: 2 }),
  });
  await expect(packet.getByLabel(/Language of the packet/)).toHaveValue('ar');
  const issueCode = packet.locator('#packet-issue-code');
  if (!(await issueCode.isChecked())) await tick(page, 'packet-issue-code');
  await packet.getByRole('button', { name: 'Generate the packet' }).click();
  const generated = packet.getByRole('heading', { name: 'Packet generated' });
  await expect(generated).toBeVisible({ timeout: 120_000 });
  await expect(packet.getByText(/Arabic, version 1/).first()).toBeVisible();
  const alertText = (await packet.locator('.usa-alert--success').first().textContent()) ?? '';
  const code = /access code printed on it is ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/.exec(alertText)?.[1];
  expect(code, alertText).toBeTruthy();
  const serve = packet.locator('section', {
    has: page.getByRole('heading', { name: 'Record the service of a packet' }),
  });
  await serve.getByLabel(/Who received it/).fill('The person, at the field office');
  await serve.getByLabel(/Acknowledgement/).fill('Signed receipt');
  await serve.getByRole('button', { name: 'Record the service' }).click();
  await expect(
    page.getByText(/The service is recorded\. The person may contest until/).first(),
  ).toBeVisible();
  await expect(packet.getByText(/Received by the person:.*version 1/)).toBeVisible();

  // 6. Counsel opens the portal with the code printed on the packet and files a contest with a document.
  const counsel = await openPortal(browser, code!);
  // the served packet's documents are there for counsel to read
  await expect(counsel.getByText('No documents have been given to you yet.')).toHaveCount(0);
  await counsel.getByRole('navigation').getByRole('link', { name: 'Contest', exact: true }).click();
  await counsel.getByText('The case is political in character', { exact: true }).click();
  await counsel
    .getByLabel(/Why this ground applies/)
    .fill('The port authority case was opened after he refused to join the governing party’s list.');
  await counsel.getByLabel('Name', { exact: true }).fill('Maître Claire Dubois');
  await counsel.getByLabel('E-mail').fill('dubois@example.org');
  await counsel.getByRole('button', { name: 'File the contest' }).click();
  const receipt = counsel.getByTestId('receipt-reference');
  await expect(receipt).toContainText(/C-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await counsel.getByLabel('File').setInputFiles({
    name: 'party-letter.pdf',
    mimeType: 'application/pdf',
    buffer: cleanPdf(),
  });
  await counsel.getByRole('button', { name: 'Send the file' }).click();
  await expect(counsel.getByText('Sent: party-letter.pdf')).toBeVisible();
  await expectAccessible(counsel, 'portal: contest with its supporting document');

  // 7. An attorney independent of the case decides it with reasons on the case page.
  await as(page, 'attorney');
  await page.goto(`/cases/${caseId}`);
  const decide = page.locator('#gate-G-CONTEST');
  await decide.getByRole('button', { name: 'Decide this contest' }).click();
  await decide.getByRole('combobox', { name: /^Decision/ }).selectOption('not_sustained');
  await decide.getByLabel(/^Ground 1:/).fill(ANSWER);
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByText(/Not sustained/).first()).toBeVisible();

  // 8. The portal shows the decision and its reasons.
  await counsel.getByRole('navigation').getByRole('link', { name: 'Your case', exact: true }).click();
  await counsel.reload();
  const decided = counsel.getByTestId('portal-contest');
  await expect(decided).toContainText('Your contest was not upheld');
  await expect(decided).toContainText(ANSWER);

  // 9. The window is still open: the officer asks for an exigency, the field office director approves it.
  await as(page, 'officer');
  await page.goto(`/cases/${caseId}`);
  await expect(
    page
      .locator('#gate-G-CONTEST')
      .getByText(/still open/)
      .first(),
  ).toBeVisible();
  const exigency = page.locator('#gate-G-CONTEST');
  await exigency.getByRole('button', { name: 'Request an exigency' }).click();
  await exigency
    .getByLabel('What the reliance is for')
    .fill('Removal hearing before the immigration court next week');
  await exigency
    .getByLabel('Why it cannot wait')
    .fill(
      'The immigration court set the removal hearing for next week and refused to adjourn it; the contest is decided and waiting would keep the person detained without a hearing.',
    );
  await exigency.getByRole('button', { name: 'Send to the field office director' }).click();
  await expect(page.getByText(/The field office director must decide it/)).toBeVisible();
  await as(page, 'director');
  await page.goto(`/cases/${caseId}`);
  const director = page.locator('#gate-G-CONTEST');
  await director.getByRole('button', { name: 'Decide this exigency' }).click();
  await director.getByRole('combobox', { name: /^Decision/ }).selectOption('approved');
  await director
    .getByLabel('Reason')
    .fill(
      'The court fixed the removal hearing and refused to adjourn; the contest was decided with reasons, and reliance is limited to that hearing.',
    );
  await director.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.locator('#gate-G-CONTEST').getByText('Met', { exact: true })).toBeVisible();

  // 10. Review, approval, authorization.
  await as(page, 'officer');
  await review(page, caseId);
  await as(page, 'supervisor');
  await page.goto(`/cases/${caseId}/approval`);
  await page.getByText('Approve acting on the case', { exact: true }).click();
  await page
    .getByLabel('Rationale')
    .fill('Every safeguard is documented; the independent basis stands on its own.');
  await page.getByRole('button', { name: 'Record your decision' }).click();
  await expect(page.getByText(/Your decision \(Approved\) is recorded/)).toBeVisible();
  await as(page, 'officer');
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByText('Every gate is met: you can authorize.')).toBeVisible();
  await page.getByRole('button', { name: 'Authorize', exact: true }).click();
  await expect(page.getByText(/The case is authorized for this case version/)).toBeVisible();
  expect((await read(page, caseId)).authorizations.map((a) => a.status)).toContain('active');

  // 11. Later the CCF orders the data deleted: counsel reports it through the portal with the CCF's letter.
  const today = new Date().toISOString().slice(0, 10);
  await counsel.getByRole('navigation').getByRole('link', { name: 'CCF application', exact: true }).click();
  await counsel.getByLabel('Date you applied').fill('2026-01-15');
  await counsel.getByLabel('CCF reference (if you have one)').fill('CCF/2026/0311');
  await counsel.getByLabel('Outcome').selectOption('deletion');
  await counsel.getByLabel(/Date of the CCF.s decision/).fill(today);
  await counsel.getByRole('button', { name: 'Send the report' }).click();
  await expect(counsel.getByTestId('ccf-reference')).toContainText(/F-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await counsel.locator('#ccf-letter-file').setInputFiles({
    name: 'ccf-decision.pdf',
    mimeType: 'application/pdf',
    buffer: cleanPdf(),
  });
  await counsel.getByRole('button', { name: 'Send the file' }).click();
  await expect(counsel.getByTestId('file-sent')).toContainText('ccf-decision.pdf');

  // 12. An attorney reads the letter and confirms: the authorization is withdrawn, a re-review opens.
  await as(page, 'attorney');
  await page.goto(`/cases/${caseId}`);
  const report = page.locator('section[aria-labelledby="portal-h"]').getByTestId('ccf-report');
  await expect(report.getByTestId('ccf-letter')).toContainText('ccf-decision');
  await report
    .getByLabel('What you checked (the CCF’s letter, its date and reference)')
    .fill('CCF letter CCF/2026/0311 read: deletion ordered; the reference matches the notice on this case.');
  await report.getByRole('button', { name: 'Confirm the finding: the notice is deleted' }).click();
  await expect(report).toContainText('Confirmed by an attorney; the notice is now deleted.');
  const after = await read(page, caseId);
  expect(after.authorizations.map((a) => a.status)).toContain('withdrawn');
  expect(after.authorizations.map((a) => a.status)).not.toContain('active');
  const tasks = (await (await page.request.get('/api/v1/tasks?status=open&limit=500')).json()) as {
    items: Array<{ caseId: string }>;
  };
  expect(tasks.items.some((t) => t.caseId === caseId)).toBe(true);
  await counsel.context().close();
});
