import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

test('the administrator uploads a legacy file, follows its progress and downloads the rejected rows', async ({
  page,
}) => {
  test.slow(); // a busy machine makes imports slow
  const file = join(tmpdir(), `e2e-legacy-${Date.now().toString(36)}.csv`);
  // the generator's stable CLI (scripts/gen-legacy.ts)
  execFileSync(process.execPath, [
    '--import',
    'tsx',
    'scripts/gen-legacy.ts',
    '--count',
    '400',
    '--out',
    file,
  ]);
  // two bad rows at the end: a bad country code and a row cut short
  const text = await readFile(file, 'utf8');
  const lines = text.trimEnd().split('\n');
  const badCountry = lines[1]!
    .replace(/^EARM-\d+/, 'EARM-BAD-1')
    .replace(/(,\d{4}\/\d{7},)[A-Z]{2},/, '$1QQ,');
  await writeFile(file, `${lines.join('\n')}\n${badCountry}\n${lines[2]!.slice(0, 40)}`);

  await signIn(page, 'admin');
  await page.goto('/admin/import');
  await expect(page.getByRole('heading', { name: 'Import legacy records', level: 1 })).toBeVisible();
  await expectAccessible(page, 'import');
  await page.getByLabel('File (CSV or JSON lines, UTF-8)').setInputFiles(file);
  await page.getByLabel('Source system').fill(`E2E-${Date.now().toString(36)}`);
  await page.getByLabel('Office').selectOption('NYC');
  await page.getByRole('button', { name: 'Upload and import' }).click();

  const progress = page.getByRole('progressbar');
  await expect(progress).toBeVisible();
  // the server keeps answering while the import runs
  const session = await page.request.get('/api/v1/session');
  expect(session.status()).toBe(200);
  await expect(page.getByRole('heading', { name: /Import of .*: Finished/ })).toBeVisible({
    timeout: 240_000,
  });
  await expect(progress).toHaveAttribute('value', '100');
  await expect(page.getByRole('status').filter({ hasText: 'rows read' })).toContainText(
    '402 rows read: 400 cases created, 0 updated, 0 unchanged, 2 rows rejected.',
  );
  // the list of imports shows the run as its progress does, not as it stood when the page opened
  const listed = page.getByRole('row', { name: new RegExp(basename(file).replace('.', '\\.')) });
  await expect(listed.getByRole('cell')).toHaveText([/./, 'Finished', '400', '0', '2']);
  const link = page.getByRole('link', { name: /Download the rejected rows/ });
  await expect(link).toBeVisible();
  const res = await page.request.get((await link.getAttribute('href'))!);
  expect(res.headers()['content-type']).toContain('text/csv');
  const report = await res.text();
  expect(report).toContain('402,issuing_country,"Not an ISO 3166-1 alpha-2 country code: ""QQ""."');
  expect(report).toContain('403,(row),Truncated: the file ends in the middle of this row.');
  await expectAccessible(page, 'import finished');
  await screenshot(page, 'import');
});
