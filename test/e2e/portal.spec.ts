import { expect, test } from '@playwright/test';
import { ApiUser, authorizedCase } from './api.ts';
import { cleanPdf, expectAccessible, signIn } from './helpers.ts';

// The counsel portal: an attorney issues an access code on the case page; counsel opens the portal with it
// (outside the agency's sign-in), reads it in English and Arabic (right to left), files a contest, and sees
// the attorney's decision with its reasons.
test.setTimeout(420_000);

const STATEMENT = 'The prosecution punishes his reporting on the ministry of the interior.';
const ANSWER =
  'The warrant concerns a burglary of a private house in Ghent in 2025; nothing in the file links the prosecution to his reporting on the ministry, and counsel offered no article or threat that does.';

test('counsel opens the portal with a code, in English and Arabic, files a contest and sees the decision', async ({
  page,
  browser,
  baseURL,
}) => {
  const c = await authorizedCase(baseURL ?? '', 'DEMO-Portal');

  // The attorney issues the access code on the case page; it is shown once.
  await signIn(page, 'attorney');
  await page.goto(`/cases/${c.id}`);
  const panel = page.locator('section[aria-labelledby="portal-h"]');
  await panel.getByRole('button', { name: 'Issue a portal access code' }).click();
  const code = (await panel.getByTestId('portal-code').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await expect(panel.getByTestId('portal-access-row')).toHaveCount(1);

  // Counsel, in a browser with no agency session.
  const counselContext = await browser.newContext();
  const counsel = await counselContext.newPage();
  await counsel.goto('/portal');
  await expect(counsel.getByRole('heading', { name: 'Open your case' })).toBeVisible();
  await expectAccessible(counsel, 'portal: sign-in (English)');
  // A guessed code is refused without saying why.
  await counsel.getByLabel('Access code').fill('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
  await counsel.getByRole('button', { name: 'Open' }).click();
  await expect(counsel.getByText(/This code or link does not open the portal/)).toBeVisible();
  await counsel.getByLabel('Access code').fill(code.toLowerCase());
  await counsel.getByRole('button', { name: 'Open' }).click();
  await expect(counsel.getByRole('heading', { name: 'Your case' })).toBeVisible();
  await expect(counsel.getByText('No documents have been given to you yet.')).toBeVisible();
  await expectAccessible(counsel, 'portal: case (English)');
  // The portal visit opens no agency screen or API.
  const agency = await counsel.request.get(`/api/v1/cases/${c.id}`);
  expect(agency.status()).toBe(401);

  // Arabic: right to left, marked pending certified review.
  await counsel.getByLabel('Language').selectOption('ar');
  await expect(counsel.getByRole('heading', { name: 'قضيتك' })).toBeVisible();
  await expect(counsel.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(counsel.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(counsel.getByTestId('translation-pending')).toHaveText('Translation pending certified review');
  await expectAccessible(counsel, 'portal: case (Arabic)');

  // The contest, in Arabic.
  await counsel.getByRole('navigation').getByRole('link', { name: 'الاعتراض', exact: true }).click();
  await expect(counsel.getByRole('heading', { name: 'الاعتراض على النشرة' })).toBeVisible();
  await counsel.getByRole('button', { name: 'تقديم الاعتراض' }).click();
  await expect(counsel.getByText('تحقّق من الحقول المشار إليها أدناه.')).toBeVisible();
  // Each field's problem in Arabic, right to left, never the server's English.
  const groundsError = counsel.locator('#grounds-error');
  await expect(groundsError).toHaveText('اختر سببًا واحدًا على الأقل، واذكر لكل سبب لماذا ينطبق.');
  await expect(counsel.locator('#contact\\.email-error')).toHaveText(
    'أعطِ وسيلة واحدة على الأقل للتواصل معك: بريد إلكتروني أو رقم هاتف أو عنوان بريدي.',
  );
  for (const message of await counsel.locator('.usa-error-message').all()) {
    await expect(message).not.toHaveAttribute('lang', 'en');
    expect(await message.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await message.textContent()).not.toMatch(/[A-Za-z]{4,}/);
  }
  await counsel.getByText('القضية ذات طابع سياسي', { exact: true }).click();
  await counsel.getByLabel(/لماذا ينطبق هذا السبب/).fill(STATEMENT);
  await counsel.getByLabel('الاسم', { exact: true }).fill('Maître Claire Dubois');
  await counsel.getByLabel('البريد الإلكتروني').fill('dubois@example.org');
  await expectAccessible(counsel, 'portal: contest form (Arabic)');
  await counsel.getByRole('button', { name: 'تقديم الاعتراض' }).click();
  const receipt = counsel.getByTestId('receipt-reference');
  await expect(receipt).toContainText(/C-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  const reference = /C-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await receipt.textContent()) ?? '')![0];
  await expectAccessible(counsel, 'portal: contest receipt (Arabic)');
  // A supporting document with the contest: a disguised file is refused, a real PDF is sent.
  const file = counsel.getByLabel('الملف');
  await file.setInputFiles({
    name: 'report.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
  });
  await counsel.getByRole('button', { name: 'إرسال الملف' }).click();
  const refusal = counsel.locator('#supporting-file-error');
  await expect(refusal).toHaveText(
    'هذا النوع من الملفات غير مقبول. أرسل ملف PDF أو صورة (PNG أو JPEG أو TIFF) أو مستند Word ‏(DOCX) أو ملفًا نصيًا.',
  );
  expect(await refusal.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await file.setInputFiles({ name: 'medical-report.pdf', mimeType: 'application/pdf', buffer: cleanPdf() });
  await counsel.getByRole('button', { name: 'إرسال الملف' }).click();
  await expect(counsel.getByText('أُرسل: medical-report.pdf')).toBeVisible();
  await expectAccessible(counsel, 'portal: supporting document sent (Arabic)');

  // The agency sees it on the case page; the attorney decides it with reasons.
  await page.reload();
  await expect(panel.getByTestId('portal-contest-row')).toContainText(reference);
  const attorney = await ApiUser.signIn(baseURL ?? '', 'attorney');
  const contests = await attorney.get<{ contests: Array<{ id: string; reference: string }> }>(
    `/cases/${c.id}/portal`,
  );
  const contestId = contests.contests.find((x) => x.reference === reference)!.id;
  await attorney.post(
    `/contests/${contestId}/decision`,
    { decision: 'not_sustained', answers: [{ groundIndex: 0, answer: ANSWER }] },
    200,
  );
  await attorney.close();

  // Counsel sees the decision and its reasons, in English.
  await counsel.getByLabel('اللغة').selectOption('en');
  await counsel.getByRole('navigation').getByRole('link', { name: 'Your case', exact: true }).click();
  const decided = counsel.getByTestId('portal-contest');
  await expect(decided).toContainText('Your contest was not upheld');
  await expect(decided).toContainText(ANSWER);
  await expectAccessible(counsel, 'portal: decision (English)');

  // Later the CCF orders the data deleted: counsel reports it with the CCF's letter.
  const today = new Date().toISOString().slice(0, 10);
  await counsel.getByRole('navigation').getByRole('link', { name: 'CCF application', exact: true }).click();
  await counsel.getByLabel('Date you applied').fill('2026-01-15');
  await counsel.getByLabel('CCF reference (if you have one)').fill('CCF/2026/0142');
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
  await expectAccessible(counsel, 'portal: CCF letter sent (English)');

  // The attorney reads the letter with the report and confirms the finding: the authorization is withdrawn
  // and a re-review task opens.
  await page.reload();
  const report = panel.getByTestId('ccf-report');
  await expect(report.getByTestId('ccf-letter')).toContainText('ccf-decision');
  const letter = await page.request.get(
    (await report.getByRole('link', { name: 'Download the letter' }).getAttribute('href')) ?? '',
  );
  expect(letter.status()).toBe(200);
  expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await report
    .getByLabel('What you checked (the CCF’s letter, its date and reference)')
    .fill('CCF letter CCF/2026/0142 read: deletion ordered; the reference matches the notice on this case.');
  await report.getByRole('button', { name: 'Confirm the finding: the notice is deleted' }).click();
  await expect(report).toContainText('Confirmed by an attorney; the notice is now deleted.');
  const after = await page.request.get(`/api/v1/cases/${c.id}`);
  const body = (await after.json()) as { authorizations: Array<{ status: string }> };
  expect(body.authorizations.map((a) => a.status)).toContain('withdrawn');
  expect(body.authorizations.map((a) => a.status)).not.toContain('active');
  const tasks = await page.request.get('/api/v1/tasks?status=open&limit=500');
  expect(tasks.status()).toBe(200);
  const open = ((await tasks.json()) as { items: Array<{ caseId: string }> }).items;
  expect(open.some((task) => task.caseId === c.id)).toBe(true);
  await counselContext.close();
});
