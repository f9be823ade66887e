import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { demoTotpCode } from '../../src/demo/mfa.ts';

/** Every demo account has this passphrase (src/demo/seed.ts). */
export const DEMO_PASSPHRASE = 'demo passphrase 2026';

export type DemoUser =
  | 'officer'
  | 'officer2'
  | 'supervisor'
  | 'supervisor2'
  | 'liaison'
  | 'attorney'
  | 'director'
  | 'auditor'
  | 'coordinator'
  | 'admin';

/**
 * The body of `POST /api/v1/session` for a demo account: its passphrase and its authenticator app's
 * current code (every demo account has an app with a published key, src/demo/mfa.ts).
 */
export function demoSignInData(username: DemoUser): { username: string; passphrase: string; code: string } {
  return { username, passphrase: DEMO_PASSPHRASE, code: demoTotpCode(username) };
}

/** The second step of signing in: types the demo account's current authenticator code. */
export async function enterDemoCode(page: Page, username: DemoUser): Promise<void> {
  await page.getByLabel('Authenticator code').fill(demoTotpCode(username));
  await page.getByRole('button', { name: 'Verify' }).click();
}

/** Signs in through the sign-in page (passphrase, then authenticator code) and waits for the home page. */
export async function signIn(page: Page, username: DemoUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await enterDemoCode(page, username);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * Follows the page's API requests from now on; `settled()` resolves once none has been in flight for half a
 * second. Every answered API call counts as activity for the idle timeout, so a test that moves the clock
 * must first let the page finish loading (the "networkidle" load state may already have fired earlier).
 */
export function trackApi(page: Page): { settled(): Promise<void> } {
  let inFlight = 0;
  let lastChange = Date.now();
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/');
  page.on('request', (r) => {
    if (!isApi(r.url())) return;
    inFlight++;
    lastChange = Date.now();
  });
  const done = (r: { url(): string }) => {
    if (!isApi(r.url())) return;
    inFlight--;
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async settled() {
      await expect
        .poll(() => inFlight === 0 && Date.now() - lastChange >= 500, { intervals: [100], timeout: 15_000 })
        .toBe(true);
    },
  };
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on any serious or critical violation,
 * listing each with the elements it found.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(report, `axe-core violations on ${screen}`).toEqual([]);
}

/**
 * Saves a full-page screenshot (docs/screenshots when SCREENSHOTS_DIR points there); `width` widens the
 * window first (for wide tables whose columns would otherwise scroll out of the picture).
 */
export async function screenshot(page: Page, name: string, opts: { width?: number } = {}): Promise<void> {
  const dir = process.env.SCREENSHOTS_DIR ?? 'reports/screenshots';
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  if (opts.width && before) await page.setViewportSize({ width: opts.width, height: before.height });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  if (opts.width && before) await page.setViewportSize(before);
}

/** A small, clean PDF (one page, no actions), written out by hand. */
export function cleanPdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 100 Td (Arrest warrant) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
