import { expect, test } from '@playwright/test';
import { cleanPdf, expectAccessible, signIn } from './helpers.ts';

test('an officer uploads a warrant, sees it listed, previews and downloads it; a disguised file is refused', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, 'officer');
  const list = await (await page.request.get('/api/v1/cases?limit=5')).json();
  const caseId = list.items[0].id as string;
  await page.goto(`/cases/${caseId}`);
  const section = page.getByRole('region', { name: 'Documents' });
  await expect(section.getByRole('heading', { name: 'Upload a document' })).toBeVisible({ timeout: 30_000 });

  // A file named .pdf that is HTML: refused with the reason, nothing listed.
  await section.getByLabel(/File \(drag and drop/).setInputFiles({
    name: 'warrant.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
  });
  await section.getByRole('button', { name: 'Upload' }).click();
  await expect(section.getByRole('alert')).toContainText('HTML');
  await expect(section.getByTestId('document-row')).toHaveCount(0);

  // The real warrant.
  const pdf = cleanPdf();
  await section
    .getByLabel(/File \(drag and drop/)
    .setInputFiles({ name: 'mandat d’arrêt.pdf', mimeType: 'application/pdf', buffer: pdf });
  await section.getByLabel('Kind of document').selectOption('warrant');
  await section.getByLabel('Language (optional)').fill('fr');
  await section.getByLabel('Source (optional)').fill('Tribunal judiciaire de Lyon');
  await section.getByRole('button', { name: 'Upload' }).click();
  await expect(section.getByText(/Uploaded and stored encrypted/)).toBeVisible();
  const row = section.getByTestId('document-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Warrant');
  await expect(row).toContainText('French');
  await expect(row).toContainText('Tribunal judiciaire de Lyon');

  await row.getByRole('button', { name: /Preview/ }).click();
  await expect(section.getByTestId('document-preview').locator('iframe')).toHaveAttribute(
    'src',
    /disposition=inline/,
  );
  await expectAccessible(page, 'case page with documents');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: /Download/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(Buffer.compare(readFileSync(path), pdf)).toBe(0);
});
