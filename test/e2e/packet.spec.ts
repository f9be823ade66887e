import { expect, test } from '@playwright/test';
import { ApiUser } from './api.ts';
import { expectAccessible, signIn } from './helpers.ts';

// The officer generates the disclosure packet in Arabic (the person's language) on the case page, downloads
// it, and records that it was served in person: the case shows which version the person received.
test.setTimeout(240_000);

test('generate the Arabic packet and record its service', async ({ page, baseURL }) => {
  const officer = await ApiUser.signIn(baseURL ?? '', 'officer');
  const liaison = await ApiUser.signIn(baseURL ?? '', 'liaison');
  let caseId = '';
  try {
    const opened = await officer.post<{ id: string }>('/cases', {
      purpose: 'immigration_proceedings',
      person: {
        languages: ['ar'],
        familyName: 'DEMO-Haddad',
        givenNames: 'Rami',
        datesOfBirth: ['1984-03-03'],
        nationalities: ['SY'],
      },
      notice: {
        type: 'red_notice',
        interpolRef: `2026/${Math.floor(100000 + Math.random() * 899999)}`,
        issuingCountry: 'SY',
        purpose: 'prosecution',
        warrants: [{ kind: 'arrest_warrant', charge: 'Embezzlement', maxPenaltyMonths: 84 }],
      },
      independentBasis: {
        summary: 'Overstayed a visitor visa by two years according to federal arrival and departure records.',
        evidence: [{ description: 'Arrival record', sourceType: 'federal_record', source: 'CBP' }],
        actions: ['removal_proceedings'],
        grounds: ['visa_overstay'],
        legalAuthority: 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)',
      },
      narrative: 'Encountered at a routine check-in; identity confirmed by fingerprints.',
    });
    caseId = opened.id;
    const c = await officer.get<{ notices: Array<{ id: string }> }>(`/cases/${caseId}`);
    const request = await officer.post<{ id: string }>(`/cases/${caseId}/liaison-requests`, {
      kind: 'documentation',
      noticeId: c.notices[0]!.id,
    });
    await liaison.post(`/liaison-requests/${request.id}/response`, {
      outcome: 'provided',
      documents: [{ title: 'Arrest warrant of the Damascus court', kind: 'arrest_warrant', language: 'ar' }],
    });
  } finally {
    await Promise.all([officer.close(), liaison.close()]);
  }

  await signIn(page, 'officer');
  await page.goto(`/cases/${caseId}`);
  const section = page.locator('section', {
    has: page.getByRole('heading', { name: 'Disclosure packet', level: 2 }),
  });
  await expect(section.getByText('No packet has been generated for this case.')).toBeVisible();
  await expect(section.getByLabel(/Language of the packet/)).toHaveValue('ar');
  await section.getByRole('button', { name: 'Generate the packet' }).click();
  await expect(section.getByRole('heading', { name: 'Packet generated' })).toBeVisible({ timeout: 60_000 });
  await expect(section.getByText(/Arabic, version 1/).first()).toBeVisible();
  await expect(section.getByText(/translation pending certified review/i).first()).toBeVisible();
  await expectAccessible(page, 'case page: packet generated');

  const download = page.waitForEvent('download');
  await section.getByRole('link', { name: /^Download PK-/ }).click();
  expect((await download).suggestedFilename()).toMatch(/-packet-v1-ar\.pdf$/);

  const serve = section.locator('section', {
    has: page.getByRole('heading', { name: 'Record the service of a packet' }),
  });
  await serve.getByRole('button', { name: 'Record the service' }).click();
  await expect(serve.getByText(/Who received it/).first()).toBeVisible();
  await expect(serve.locator('.usa-error-message').first()).toBeVisible();
  await serve.getByLabel(/Who received it/).fill('The person, at the field office');
  await serve.getByLabel(/Acknowledgement/).fill('Signed receipt');
  // A service recorded late asks why, past the policy's window (not a fixed number of hours).
  const hours = (await (await page.request.get('/api/v1/policy')).json()).current.serviceBackdateHours ?? 72;
  const local = (hoursAgo: number) => {
    const d = new Date(Date.now() - hoursAgo * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const servedAt = serve.getByLabel(/When the person was served/);
  const reason = serve.getByLabel(/Why the service is recorded only now/);
  await servedAt.fill(local(hours + 2));
  await expect(reason).toBeVisible();
  await servedAt.fill(local(Math.max(0, hours - 2)));
  await expect(reason).toBeHidden();
  await servedAt.fill(local(0));
  await serve.getByRole('button', { name: 'Record the service' }).click();
  await expect(
    page.getByText(/The service is recorded\. The person may contest until/).first(),
  ).toBeVisible();
  await expect(section.getByText(/Received by the person:.*version 1/)).toBeVisible();
  await expectAccessible(page, 'case page: packet served');
});
