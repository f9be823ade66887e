import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { demoSignInData } from './helpers.ts';

// Measures (does not assert) how long the case page takes to show a demo case on a first load: a new
// browser context with an empty cache, signed in, from navigation start until the case number and the
// "what blocks this case" summary are on screen, then twice more with the assets cached. Two figures per
// run: `paintedMs`, the page's own mark (redline:case-summary-painted, set in the frame after the summary
// is drawn, relative to navigation start), and `observedMs`, as the test saw it (includes the test's
// polling). The figures go to reports/first-load.json and the test output.
test('measures the first load of the case page', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = await page.request.post('/api/v1/session', {
    data: demoSignInData('supervisor'),
  });
  expect(signIn.status()).toBe(200);
  const list = await (await page.request.get('/api/v1/cases')).json();
  const first = (list.items ?? list.cases ?? [])[0] as { id: string; caseNumber: string };
  expect(first).toBeTruthy();
  const runs: Array<{ paintedMs: number; observedMs: number }> = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await context.clearCookies();
    if (i > 0)
      await page.request.post('/api/v1/session', {
        data: demoSignInData('supervisor'),
      });
    const started = Date.now();
    await page.goto(`/cases/${first.id}`, { waitUntil: 'commit' });
    await expect(page.getByRole('heading', { level: 1 })).toContainText(first.caseNumber);
    await expect(page.getByText('What blocks this case').first()).toBeVisible();
    const observedMs = Date.now() - started;
    await page.waitForFunction(() => performance.getEntriesByName('redline:case-summary-painted').length > 0);
    const paintedMs = await page.evaluate(() =>
      Math.round(performance.getEntriesByName('redline:case-summary-painted')[0]?.startTime ?? -1),
    );
    runs.push({ paintedMs, observedMs });
    // A different URL between runs so the next one is a full navigation.
    await page.goto('about:blank');
  }
  await context.close();

  // The usual way to a case page: signed in, on the case list, the user opens a case. Measured from the
  // click to the summary's paint mark.
  const inApp = await browser.newContext();
  const tab = await inApp.newPage();
  await tab.request.post('/api/v1/session', {
    data: demoSignInData('supervisor'),
  });
  await tab.goto('/cases');
  const link = tab.getByRole('table').getByRole('link', { name: /^RL-/ }).first();
  await expect(link).toBeVisible();
  await tab.waitForLoadState('networkidle');
  await tab.evaluate(() =>
    document.addEventListener(
      'click',
      () => {
        (window as unknown as { clickAt: number }).clickAt = performance.now();
      },
      { capture: true, once: true },
    ),
  );
  await link.click();
  await tab.waitForFunction(() => performance.getEntriesByName('redline:case-summary-painted').length > 0);
  const inAppMs = await tab.evaluate(() =>
    Math.round(
      (performance.getEntriesByName('redline:case-summary-painted')[0]?.startTime ?? 0) -
        (window as unknown as { clickAt: number }).clickAt,
    ),
  );
  await inApp.close();

  // The first run had an empty cache (the true first load); the others reuse cached assets.
  const result = { case: first.caseNumber, coldMs: runs[0], warmMs: runs.slice(1), fromCaseListMs: inAppMs };
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/first-load.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(`case page first load: ${JSON.stringify(result)}`);
});
