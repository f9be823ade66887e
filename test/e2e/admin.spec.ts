import { expect, type Page, request, test } from '@playwright/test';
import { generateSync } from 'otplib';
import { DEFAULT_MFA_REQUIRED_ROLES } from '../../src/domain/sign-in.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

async function csrf(page: Page): Promise<string> {
  const res = await page.request.get('/api/v1/session');
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

test('the administrator creates a user (weak passphrase refused first), disables and enables it', async ({
  page,
}) => {
  test.slow(); // a busy machine makes these long screens slow
  const username = `e2e-${unique()}`;
  await signIn(page, 'admin');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  await page.locator('#f-username').fill(username);
  await page.locator('#f-displayName').fill('E2E Test Officer');
  await page.locator('#f-role').selectOption('officer');
  await page.locator('#f-officeId').selectOption('NYC');
  await page.locator('#f-passphrase').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'The account was not created' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Passphrase: Use at least 12 characters/ })).toBeVisible();
  await expect(page.locator('#f-passphrase-error')).toContainText('Use at least 12 characters');
  await expectAccessible(page, 'users with errors');

  await page.locator('#f-passphrase').fill('a long and good passphrase 2026');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Account created' })).toBeVisible();

  await page.getByLabel('Name or username contains').fill(username);
  const row = page.getByRole('row', { name: new RegExp(username) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Active')).toBeVisible();

  await row.getByRole('button', { name: `Disable ${username}` }).click();
  await expect(page.getByText(/account is disabled/)).toBeVisible();
  await expect(row.getByText('Disabled')).toBeVisible();
  await row.getByRole('button', { name: `Enable ${username}` }).click();
  await expect(page.getByText(/account is enabled/)).toBeVisible();
  await expect(row.getByText('Active')).toBeVisible();

  await expectAccessible(page, 'users');
  await screenshot(page, 'users');
});

test('the administrator changes a policy setting and sees the new version', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'admin');
  await page.goto('/admin/policy');
  const current = page.getByRole('heading', { name: /Current settings \(version \d+\)/ });
  await expect(current).toBeVisible();
  const version = Number(/version (\d+)/.exec((await current.textContent()) ?? '')?.[1]);
  const field = page.getByLabel('Validity freshness window (hours)');
  const before = await field.inputValue();

  await field.fill('0');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('heading', { name: 'The settings were not saved' })).toBeVisible();
  await expect(
    page.getByRole('link', {
      name: /validity freshness hours: Enter a whole number of hours from 1 to 168/i,
    }),
  ).toBeVisible();

  const changed = String(Number(before) === 25 ? 26 : 25);
  await field.fill(changed);
  await page.getByLabel('Reason for the change (optional)').fill('E2E test change');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText(`Version ${version + 1} is now in force.`)).toBeVisible();
  await expect(
    page.getByRole('heading', { name: `Current settings (version ${version + 1})` }),
  ).toBeVisible();
  const historyRow = page.getByRole('row', { name: new RegExp(`^${version + 1} `) });
  await expect(historyRow).toContainText(`Validity freshness window: ${before} hours → ${changed} hours`);
  await expect(historyRow).toContainText('admin');
  await expectAccessible(page, 'policy');
  await screenshot(page, 'policy');

  // Put the setting back so that other tests see the usual numbers.
  await page.getByLabel('Validity freshness window (hours)').fill(before);
  await page.getByLabel('Reason for the change (optional)').fill('E2E test: restore');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText(`Version ${version + 2} is now in force.`)).toBeVisible();
});

test('the administrator sets the referral deadlines, with problems shown beside the field', async ({
  page,
}) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'admin');
  await page.goto('/admin/policy');
  const current = page.getByRole('heading', { name: /Current settings \(version \d+\)/ });
  await expect(current).toBeVisible();
  const version = Number(/version (\d+)/.exec((await current.textContent()) ?? '')?.[1]);
  const oversight = page.getByLabel('Referral deadline: oversight (days)');
  const counsel = page.getByLabel('Referral deadline: counsel (days)');
  await expect(oversight).toHaveAccessibleDescription(/auditors get a task/);
  const before = await oversight.inputValue();

  // Out of range: the problem beside the field, and the field marked invalid.
  await oversight.fill('181');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('heading', { name: 'The settings were not saved' })).toBeVisible();
  const group = page.locator('.usa-form-group').filter({ has: oversight });
  await expect(group.getByText('Enter a whole number of days from 1 to 180.')).toBeVisible();
  await expect(oversight).toHaveAttribute('aria-invalid', 'true');
  await expect(counsel).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'policy, referral deadline refused');

  const changed = before === '21' ? '22' : '21';
  await oversight.fill(changed);
  await page.getByLabel('Reason for the change (optional)').fill('E2E test: referral deadline');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText(`Version ${version + 1} is now in force.`)).toBeVisible();
  await expect(page.getByText(`Referral deadline: oversight: ${changed} days`)).toBeVisible();
  const policy = await (await page.request.get('/api/v1/policy')).json();
  expect(policy.current.referralDueDays.oversight).toBe(Number(changed));

  // Put it back.
  await page.getByLabel('Referral deadline: oversight (days)').fill(before);
  await page.getByLabel('Reason for the change (optional)').fill('E2E test: restore');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText(`Version ${version + 2} is now in force.`)).toBeVisible();
});

test('saving the policy form keeps the settings it does not show, and sets the upload limit in MiB', async ({
  page,
}) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'admin');
  const token = await csrf(page);
  const original = (await (await page.request.get('/api/v1/policy')).json()).current;
  const { version: _v, ...settings } = original;
  // Set through the API: second factor also for training coordinators, and an upload limit that is not a
  // whole number of MiB (both larger than the defaults, so other tests are not affected).
  const roles = [...DEFAULT_MFA_REQUIRED_ROLES, 'training_coordinator'];
  const oddLimit = 26 * 1024 * 1024 + 512 * 1024;
  const set = await page.request.put('/api/v1/policy', {
    data: {
      settings: { ...settings, mfaRequiredRoles: roles, documentMaxBytes: oddLimit },
      note: 'E2E: set',
    },
    headers: { 'x-csrf-token': token },
  });
  expect(set.status(), await set.text()).toBe(200);
  try {
    await page.goto('/admin/policy');
    await expect(
      page.getByText(/Roles that must sign in with a second factor: .*training_coordinator/),
    ).toBeVisible();
    await expect(page.getByText('Largest document upload: 27 MiB')).toBeVisible();
    const followUp = page.getByLabel('Follow-up reminder (days)');
    const before = await followUp.inputValue();
    await followUp.fill(before === '9' ? '8' : '9');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(page.getByText(/Version \d+ is now in force\./)).toBeVisible();
    let now = (await (await page.request.get('/api/v1/policy')).json()).current;
    expect(now.mfaRequiredRoles).toEqual(roles);
    expect(now.documentMaxBytes).toBe(oddLimit); // left as it was: not rounded to 27 MiB
    expect(now.minReasonChars).toBe(original.minReasonChars);

    await page.getByLabel('Largest document upload (MiB)').fill('30');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(page.getByText('Largest document upload: 30 MiB')).toBeVisible();
    now = (await (await page.request.get('/api/v1/policy')).json()).current;
    expect(now.documentMaxBytes).toBe(30 * 1024 * 1024);
    expect(now.mfaRequiredRoles).toEqual(roles);
    await expectAccessible(page, 'policy, every setting');
  } finally {
    const back = await page.request.put('/api/v1/policy', {
      data: { settings, note: 'E2E test: restore' },
      headers: { 'x-csrf-token': token },
    });
    expect(back.status(), await back.text()).toBe(200);
  }
});

test('the administrator resets a lost authenticator app, after a second click', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  const username = `e2e-mfa-${unique()}`;
  const passphrase = 'correct horse battery staple lantern 42';
  await signIn(page, 'admin');
  const created = await page.request.post('/api/v1/users', {
    data: {
      username,
      displayName: `Lost Phone ${username}`,
      role: 'supervisor',
      officeId: 'NYC',
      passphrase,
    },
    headers: { 'x-csrf-token': await csrf(page) },
  });
  expect(created.status(), await created.text()).toBe(201);
  // The supervisor signs in and sets up an authenticator app (a supervisor must have one).
  const person = await request.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const signedIn = await person.post('/api/v1/session', { data: { username, passphrase } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    const stage = (await signedIn.json()) as { stage: string; csrfToken: string };
    expect(stage.stage).toBe('enrol');
    const headers = { 'x-csrf-token': stage.csrfToken };
    const enrol = (await (await person.post('/api/v1/session/mfa/enrolment', { headers })).json()) as {
      secret: string;
    };
    const code = generateSync({ secret: enrol.secret, epoch: Math.floor(Date.now() / 1000), period: 30 });
    const confirmed = await person.post('/api/v1/session/mfa/enrolment/confirm', { data: { code }, headers });
    expect(confirmed.status(), await confirmed.text()).toBe(200);

    await page.goto('/admin/users');
    await page.getByLabel('Name or username contains').fill(username);
    const row = page.getByRole('row', { name: new RegExp(username) });
    await row.getByRole('button', { name: `Reset the authenticator app of ${username}` }).click();
    // Nothing is removed on the first click.
    await expect(row.getByText(/For a lost phone or app only/)).toBeVisible();
    expect(
      (await (await page.request.get('/api/v1/users')).json()).items.find(
        (u: { username: string }) => u.username === username,
      ).mfaEnrolled,
    ).toBe(true);
    await expectAccessible(page, 'users, authenticator reset asked');
    await row.getByRole('button', { name: `Remove the authenticator app of ${username}` }).click();
    await expect(
      page.getByText(/authenticator app and security keys are removed and their sessions have ended/),
    ).toBeVisible();
    await expect(row.getByRole('button', { name: `Reset the authenticator app of ${username}` })).toHaveCount(
      0,
    );
    // The person's session ended: the next request is refused.
    expect((await person.get('/api/v1/session')).status()).toBe(401);
  } finally {
    await person.dispose();
  }
});

test('the administrator adds a country-context row', async ({ page }) => {
  test.slow(); // a busy machine makes these long screens slow
  // Iceland is not a country of any demo case; a year of its own keeps repeated runs apart.
  const year = String(1990 + Math.floor(Math.random() * 100));
  await signIn(page, 'admin');
  await page.goto('/admin/country-context');
  await expect(page.getByRole('heading', { name: 'Country context', level: 1 })).toBeVisible();
  await expect(page.getByText(/redline rescreen --all/).first()).toBeVisible();

  const add = page.locator('section', { has: page.getByRole('heading', { name: 'Add a row' }) });
  await add.getByRole('button', { name: 'Add row' }).click();
  await expect(
    page.getByRole('link', { name: /Country code: Enter a two-letter country code/ }),
  ).toBeVisible();

  await add.locator('#f-iso2').fill('IS');
  await add.locator('#f-reportYear').fill(year);
  await add.locator('#f-report').fill('E2E test report');
  await add.locator('#f-statement').fill('E2E test statement; not a real finding.');
  await add.locator('#f-url').fill('https://example.org/e2e-report');
  await add.getByRole('button', { name: 'Add row' }).click();
  await expect(page.getByRole('heading', { name: 'Row added' })).toBeVisible();

  await page.getByLabel('Show only this country').fill('IS');
  const row = page.getByRole('row', { name: new RegExp(`IS E2E test report ${year}`) });
  await expect(row).toBeVisible();
  await expect(row.getByText('In use, not verified')).toBeVisible();
  await expectAccessible(page, 'country context');
  await screenshot(page, 'country-context');
});

test('an officer has no access to user administration and the API refuses to create a user', async ({
  page,
}) => {
  test.slow(); // a busy machine makes these long screens slow
  await signIn(page, 'officer');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const res = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-token': await csrf(page) },
    data: {
      username: `e2e-refused-${unique()}`,
      displayName: 'Should not exist',
      role: 'officer',
      officeId: 'NYC',
      passphrase: 'a long and good passphrase 2026',
    },
  });
  expect(res.status()).toBe(403);
});

test('the administrator sees where notification e-mail stands, and an officer may not', async ({ page }) => {
  test.slow();
  await signIn(page, 'admin');
  await expect(page.getByRole('link', { name: 'Notification e-mail' }).first()).toBeAttached();
  await page.goto('/admin/email-delivery');
  await expect(page.getByRole('heading', { name: 'Notification e-mail', level: 1 })).toBeVisible();
  // Counts per state, read from the API's first page
  await expect(page.getByTestId('email-counts')).toContainText(/Failed \(every attempt\): \d+/);
  await page.getByLabel('Show').selectOption('failed');
  await expect(
    page.getByText('No e-mail in this state.').or(page.getByTestId('email-row').first()),
  ).toBeVisible();
  await expectAccessible(page, 'notification e-mail');
  await page.context().clearCookies();
  await signIn(page, 'officer');
  const refused = await page.request.get('/api/v1/admin/email-delivery');
  expect(refused.status()).toBe(403);
});
