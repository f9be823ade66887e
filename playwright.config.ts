import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's chromium (/usr/bin/chromium); no browser is ever downloaded.
// The server runs from scripts/e2e-server.mjs: a fresh embedded database with the demo data, on port 3100.
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 2,
  // Two workers share one demo server, so a test can meet another's change of the same office's data (a
  // notification arriving, a count moving) in the middle of a check. In CI a failed test runs once more;
  // the run's summary still counts it as flaky (reports/e2e.json, printed by .ci/run), so it stays visible.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : [['list']],
  outputDir: `reports/e2e-results-${port}`,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // The first-load measurement runs after every other test, alone, so that no other browser shares the CPU.
  projects: [
    { name: 'screens', testIgnore: '**/first-load.spec.ts' },
    { name: 'first-load', testMatch: '**/first-load.spec.ts', dependencies: ['screens'] },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    // A fresh demo database is migrated and seeded first; on a busy 2-core machine that took over 2 minutes.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
