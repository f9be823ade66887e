import { expect, type Page, test } from '@playwright/test';
import { ApiUser, CHECKED_FACTS } from './api.ts';
import { type DemoUser, expectAccessible, signIn } from './helpers.ts';

// The journalist case of issue 8, worked again: a documented journalist and asylum seeker, on a Red Notice
// for "extremism" from Tajikistan, who reads Tajik and Russian. The case is opened and INTERPOL Washington's
// answer is given through the API (those screens are tested elsewhere); the review, the approval, the legal
// review, the authorization and the dashboard through the browser, each by the person the policy requires.
test.setTimeout(300_000);
test.use({ actionTimeout: 20_000 });

async function as(page: Page, user: DemoUser) {
  await page.context().clearCookies();
  await signIn(page, user);
}

async function csrf(page: Page): Promise<Record<string, string>> {
  const s = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  return { 'x-csrf-token': s.csrfToken };
}

interface Indicator {
  indicatorId: string;
  outcome: string;
  strength: string;
  title: string;
  disposition: string | null;
}

/** The review's indicators, each with its title as the screens show it. */
async function indicators(page: Page, caseId: string): Promise<Indicator[]> {
  const c = (await (await page.request.get(`/api/v1/cases/${caseId}`)).json()) as {
    review: { indicators: Indicator[] } | null;
  };
  const s = (await (await page.request.get(`/api/v1/cases/${caseId}/screenings`)).json()) as {
    latest: { result: { results: Array<{ id: string; title: string }> } } | null;
  };
  const titles = new Map((s.latest?.result.results ?? []).map((r) => [r.id, r.title]));
  return (c.review?.indicators ?? []).map((i) => ({ ...i, title: titles.get(i.indicatorId) ?? i.title }));
}

const JOURNALIST = {
  tag: 'journalist',
  detail: 'Reporter for an independent Dushanbe weekly, covering arrests of opposition members (demo)',
  basis: 'documented',
  source: { document: 'Committee to Protect Journalists statement of 12 March 2024, demo' },
};

const ASYLUM = {
  asylumClaimedOn: '2024-09-10',
  asylumClaimedIn: 'US',
  asylumClaimStatus: 'pending',
  grants: [],
  source: { document: 'USCIS receipt notice for Form I-589, demo' },
};

/** The facts the officer recorded: the journalist profile and the asylum claim, evidence not yet checked. */
function journalistFacts(withEvidence: boolean) {
  const { evidence: _evidence, ...rest } = CHECKED_FACTS;
  return {
    ...rest,
    subject: {
      ...CHECKED_FACTS.subject,
      profileTags: [JOURNALIST],
      protection: ASYLUM,
      publicActivities: [
        {
          type: 'reporting',
          date: '2023-11-02',
          description: 'Articles on the detention of opposition members in Dushanbe',
          source: { document: 'Copies of the published articles, demo' },
        },
      ],
    },
    ...(withEvidence ? { evidence: [] } : {}),
  };
}

/** Opened by the officer; validity confirmed by INTERPOL Washington; documentation requested. */
async function openJournalistCase(baseURL: string): Promise<{ id: string; caseNumber: string }> {
  const officer = await ApiUser.signIn(baseURL, 'officer');
  const liaison = await ApiUser.signIn(baseURL, 'liaison');
  try {
    const opened = await officer.post<{ id: string }>('/cases', {
      purpose: 'law_enforcement_action',
      person: {
        languages: ['tg', 'ru'],
        familyName: 'DEMO-Rahimov',
        givenNames: 'Farrukh',
        datesOfBirth: ['1986-04-17'],
        nationalities: ['TJ'],
      },
      notice: {
        type: 'red_notice',
        interpolRef: `2026/${Math.floor(100000 + Math.random() * 899999)}`,
        issuingCountry: 'TJ',
        issuedOn: '2024-10-01',
        purpose: 'prosecution',
        warrants: [
          {
            kind: 'arrest_warrant',
            charge: 'Extremism: public calls to extremist activity (Criminal Code art. 307.1)',
            lawCited: 'Criminal Code art. 307.1',
            maxPenaltyMonths: 60,
          },
        ],
        summaryOfFacts: 'The person is accused of publishing extremist materials.',
      },
      independentBasis: {
        summary:
          'Entered without inspection in 2024; the custody determination on file finds a flight risk after a missed check-in.',
        evidence: [
          { description: 'Biometric encounter record', sourceType: 'federal_record', source: 'CBP' },
        ],
        actions: ['detention', 'admissibility'],
        grounds: ['entry_without_inspection', 'custody_determination'],
        legalAuthority: 'INA 212(a)(6)(A)(i), 8 U.S.C. 1182(a)(6)(A)(i); INA 236(a), 8 U.S.C. 1226(a)',
      },
      narrative: 'Encountered at a check-in with the field office; identity confirmed by fingerprints.',
    });
    const id = opened.id;
    const c = await officer.get<{ caseNumber: string; notices: Array<{ id: string }> }>(`/cases/${id}`);
    const noticeId = c.notices[0]!.id;
    const validity = await officer.post<{ id: string }>(`/cases/${id}/liaison-requests`, {
      kind: 'validity',
      noticeId,
    });
    await officer.post(`/cases/${id}/liaison-requests`, { kind: 'documentation', noticeId });
    await liaison.post(`/liaison-requests/${validity.id}/response`, {
      result: 'valid',
      expiresOn: '2030-12-31',
      method: 'I-24/7 status query',
    });
    await officer.put(`/cases/${id}/facts`, { facts: journalistFacts(false) });
    return { id, caseNumber: c.caseNumber };
  } finally {
    await Promise.all([officer.close(), liaison.close()]);
  }
}

test('the journalist case cannot be authorized without a substantive legal review; the override is shown to oversight', async ({
  page,
  baseURL,
}) => {
  const { id, caseNumber } = await openJournalistCase(baseURL!);

  const auditor = await ApiUser.signIn(baseURL!, 'auditor');
  const overridesBefore = async () => {
    const d = await auditor.get<{ overrides: { byOffice: Array<{ officeId: string; count: number }> } }>(
      '/dashboard',
    );
    return d.overrides.byOffice.find((o) => o.officeId === 'NYC')?.count ?? 0;
  };
  const nycBefore = await overridesBefore();
  await auditor.close();

  // the screening facts page shows each fact with its source: the journalist profile with its document
  await as(page, 'officer');
  await page.goto(`/cases/${id}/facts`);
  await expect(page.locator('input[value*="Committee to Protect Journalists"]').first()).toBeAttached();
  await expect(page.locator('input[value*="USCIS receipt notice for Form I-589"]').first()).toBeAttached();
  await expectAccessible(page, 'screening facts (journalist case)');

  // 1. The officer reviews the case. The screening found the journalist profile (from a document) and the
  //    asylum claim; what it could not determine cannot be set aside for want of information.
  await page.goto(`/cases/${id}/review`);
  await page.getByRole('button', { name: 'Start the review' }).click();
  await expect(page.getByRole('heading', { name: /Indicators to decide/ })).toBeVisible();
  let found = await indicators(page, id);
  const outcome = (ind: string) => found.find((i) => i.indicatorId === ind)?.outcome;
  expect(outcome('IND_PROFILE_DISSIDENT')).toBe('present');
  expect(outcome('IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP')).toBe('present');
  expect(outcome('CTX_ASYLUM_PENDING')).toBe('present');
  expect(outcome('IND_DUE_PROCESS_OR_TORTURE')).toBe('undetermined');
  const profile = page.locator('#f-indicators-IND_PROFILE_DISSIDENT');
  await expect(profile.getByText(/Reporter for an independent Dushanbe weekly/)).toBeVisible();
  // an undetermined strong indicator: the form offers no "Not applicable"...
  const torture = page.locator('#f-indicators-IND_DUE_PROCESS_OR_TORTURE');
  await torture.getByRole('button', { name: 'Decide this indicator' }).click();
  await expect(torture.getByText(/Concern confirmed/)).toBeVisible();
  await expect(torture.getByText('Not applicable (give the reason)')).toHaveCount(0);
  await expect(torture.getByText(/Resolved \(explain/)).toHaveCount(0);
  await expectAccessible(page, 'review (journalist case)');
  // ...and the service refuses it, naming its rule
  const refused = await page.request.post(`/api/v1/cases/${id}/review`, {
    headers: await csrf(page),
    data: {
      dispositions: [
        {
          indicatorId: 'IND_DUE_PROCESS_OR_TORTURE',
          disposition: 'not_applicable',
          reason: 'Not applicable: no information in the file yet',
        },
      ],
    },
  });
  expect(refused.status()).toBe(422);
  const refusedText = await refused.text();
  expect(refusedText).toContain('rule REVIEW-UNDETERMINED-STRONG');
  expect(refusedText).toContain('is not set aside or resolved for want of information');
  // the officer records the fact it needs (no evidence of due-process or torture concerns found in the
  // file and the country reports checked): the case is screened again
  const facts = await page.request.put(`/api/v1/cases/${id}/facts`, {
    headers: await csrf(page),
    data: { facts: journalistFacts(true) },
  });
  expect(facts.status(), await facts.text()).toBe(200);
  await page.reload();
  await expect(page.getByRole('heading', { name: /Indicators to decide/ })).toBeVisible();
  found = await indicators(page, id);
  const toConfirm = found.filter((i) => i.outcome !== 'absent');
  expect(toConfirm.filter((i) => i.outcome === 'undetermined' && i.strength === 'strong')).toEqual([]);
  // the journalist profile confirmed through its form, the rest in one request (the form is the same)
  await profile.getByRole('button', { name: 'Decide this indicator' }).click();
  await profile.getByText('Concern confirmed (explain what the record shows)').click();
  await profile
    .getByRole('textbox', { name: 'What the record shows' })
    .fill(
      'Journalist, human-rights defender: the Committee to Protect Journalists statement documents him as a reporter for an independent Dushanbe weekly covering arrests of opposition members.',
    );
  await profile.getByRole('button', { name: 'Record the decision' }).click();
  await expect(profile.getByText('Decided: Concern confirmed')).toBeVisible();
  const rest = toConfirm.filter((i) => i.indicatorId !== 'IND_PROFILE_DISSIDENT');
  const decided = await page.request.post(`/api/v1/cases/${id}/review`, {
    headers: await csrf(page),
    data: {
      dispositions: rest.map((i) => ({
        indicatorId: i.indicatorId,
        disposition: 'concern_confirmed',
        explanation: `${i.title}: the file shows it for this Tajik extremism notice against a documented journalist who claimed asylum (${i.indicatorId}).`,
      })),
    },
  });
  expect(decided.status(), await decided.text()).toBe(200);
  await page.reload();
  await page
    .getByLabel('Summary of the review (optional)')
    .fill('Strong indicators confirmed: the notice targets a documented journalist for "extremism".');
  await page.getByRole('button', { name: 'Complete the review' }).click();
  await expect(page.getByText('The review is complete.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Do not act; refer for legal review' })).toBeVisible();
  const confirmedStrong = toConfirm.filter((i) => i.strength === 'strong');
  expect(confirmedStrong.length).toBeGreaterThanOrEqual(3);

  // 2. The supervisor tries the formal entries of the original case: refused, saying what is missing
  await as(page, 'supervisor');
  await page.goto(`/cases/${id}/approval`);
  await expect(page.getByRole('heading', { name: `Approval of case ${caseNumber}` })).toBeVisible();
  await page.getByText('Approve acting on the case', { exact: true }).click();
  for (const i of confirmedStrong) {
    await page.getByText(`I acknowledge: ${i.title}`, { exact: true }).click();
    await page.getByLabel(`Justification for approving despite: ${i.title}`).fill('Noted.');
  }
  await page.getByLabel('Rationale').fill('OK to proceed.');
  await expect(page.getByRole('heading', { name: 'This approval goes against the advice' })).toBeVisible();
  await page.getByRole('button', { name: 'Record your decision' }).click();
  const refusal = page.locator('.usa-alert').filter({ hasText: 'Your decision could not be recorded' });
  await expect(refusal).toBeVisible();
  // one refusal names every formal entry: the rationale and each acknowledgement, and what is expected
  await expect(
    refusal.getByRole('link', {
      name: /^Rationale: “OK to proceed\.” is a stock phrase, not a reason\. Explain/,
    }),
  ).toBeVisible();
  await expect(refusal.getByRole('link', { name: /“Noted\.” is a stock phrase, not a reason/ })).toHaveCount(
    confirmedStrong.length,
  );
  for (const i of confirmedStrong)
    await expect(
      refusal.getByRole('link', {
        name: `Acknowledgements: “${i.title}”: “Noted.” is a stock phrase, not a reason.`,
        exact: false,
      }),
    ).toBeVisible();
  await expectAccessible(page, 'approval refused');

  // 3. The legal review: required, by an attorney independent of the case; "Noted." is no analysis
  await as(page, 'attorney');
  await page.goto(`/cases/${id}`);
  const legal = page.locator('#gate-G-LEGAL-REVIEW');
  await expect(legal.getByText('Not met', { exact: true })).toBeVisible();
  for (const i of confirmedStrong) await legal.getByLabel(`Analysis of “${i.title}”`).fill('Noted.');
  await legal.getByText('Do not proceed', { exact: true }).click();
  await legal.getByRole('button', { name: 'Record the legal review' }).click();
  const legalRefusal = legal
    .locator('.usa-alert')
    .filter({ hasText: 'The legal review could not be recorded' });
  await expect(legalRefusal).toBeVisible();
  await expect(
    legalRefusal.getByRole('link', { name: /“Noted\.” is a stock phrase, not a reason/ }),
  ).toHaveCount(confirmedStrong.length);
  await expectAccessible(page, 'legal review refused');
  const analysis: Record<string, string> = {
    IND_PROFILE_DISSIDENT:
      'the CPJ statement and his published articles document an independent journalist who reported on the detention of opposition members months before the warrant; under Article 3 the request appears aimed at his reporting.',
    IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP:
      'the "extremism" charge under art. 307.1 rests on publication alone; no act of violence or call to violence is described, and Tajikistan has listed peaceful opposition parties as extremist.',
    IND_INSUFFICIENT_JUDICIAL_DATA:
      'the summary of facts gives no date, place or words published, so the notice does not show his role in any offence; INTERPOL rules require these before a notice may be relied on.',
  };
  for (const i of confirmedStrong)
    await legal
      .getByLabel(`Analysis of “${i.title}”`)
      .fill(
        `${i.title}: ${analysis[i.indicatorId] ?? `the record confirms this indicator (${i.indicatorId}) for a notice that targets a documented journalist who has claimed asylum.`}`,
      );
  await legal.getByRole('button', { name: 'Record the legal review' }).click();
  await expect(page.getByText(/Your legal review is recorded: Do not proceed/).first()).toBeVisible();
  await expect(page.locator('#gate-G-LEGAL-REVIEW').getByText('Not met', { exact: true })).toBeVisible();

  // authorization is refused: the legal review's "do not proceed" stands
  const refusedAuthorization = async () => {
    await as(page, 'officer');
    await page.goto(`/cases/${id}`);
    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'You cannot authorize this case yet' })).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: 'Authorize acting on the notice' })
        .getByRole('link', { name: /Legal review when the review says/ }),
    ).toBeVisible();
    await expect(
      page
        .locator('#gate-G-LEGAL-REVIEW')
        .getByText(/Do not proceed/)
        .first(),
    ).toBeVisible();
  };
  await refusedAuthorization();
  await expectAccessible(page, 'authorization refused');

  // 4. The supervisor approves against the advice, with acknowledgements that say something
  await as(page, 'supervisor');
  await page.goto(`/cases/${id}/approval`);
  await page.getByText('Approve acting on the case', { exact: true }).click();
  for (const i of confirmedStrong) {
    await page.getByText(`I acknowledge: ${i.title}`, { exact: true }).click();
    await page
      .getByLabel(`Justification for approving despite: ${i.title}`)
      .fill(
        `${i.title}: acknowledged; the detention rests on the entry without inspection and the missed check-in, not on the notice (${i.indicatorId}).`,
      );
  }
  await page
    .getByLabel('Rationale')
    .fill(
      'Detention is supported by the entry without inspection and the custody determination alone; the Tajik notice is not relied on for it.',
    );
  const warning = page.locator('.usa-alert').filter({ hasText: 'This approval goes against the advice' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('The latest legal review concluded “Do not proceed”.');
  await expect(warning).toContainText('recorded as an override of the advice');
  await expectAccessible(page, 'approval against the advice');
  await page.getByRole('button', { name: 'Record your decision' }).click();
  await expect(
    page.getByText(/Your decision \(Approved\) is recorded .* It is recorded as an override of the advice/),
  ).toBeVisible();

  // still not authorizable: only a later legal review that reverses "do not proceed" with reasons unblocks
  await refusedAuthorization();

  // 5. Oversight sees the override on the dashboard
  await as(page, 'auditor');
  await page.goto('/dashboard');
  const panel = page.locator('section[aria-labelledby="overrides-h"]');
  await expect(
    panel.getByRole('heading', { name: 'Approvals against the advice (overrides)' }),
  ).toBeVisible();
  const perOffice = panel.getByRole('table', { name: 'Overrides per office' });
  await expect(
    perOffice.getByRole('row', { name: `New York Field Office (demo) ${nycBefore + 1}` }),
  ).toBeVisible();
  const list = panel.getByRole('table', { name: 'Every override, newest first' });
  const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: caseNumber }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Demo Supervisor');
  await expect(row).toContainText('Do not proceed');
  await expectAccessible(page, 'dashboard with the override');
});
