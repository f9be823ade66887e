// Drives the API directly, as a named demo user, for e2e tests that need a case in a given state before the
// browser takes over (the screens themselves are tested elsewhere).
import { type APIRequestContext, expect, request } from '@playwright/test';
import { type DemoUser, demoSignInData } from './helpers.ts';

export class ApiUser {
  private constructor(
    private readonly ctx: APIRequestContext,
    private readonly csrf: string,
  ) {}

  static async signIn(baseURL: string, username: DemoUser): Promise<ApiUser> {
    const ctx = await request.newContext({ baseURL });
    const res = await ctx.post('/api/v1/session', { data: demoSignInData(username) });
    expect(res.status(), await res.text()).toBe(200);
    return new ApiUser(ctx, ((await res.json()) as { csrfToken: string }).csrfToken);
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.ctx.get(`/api/v1${path}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as T;
  }

  async post<T>(path: string, data: object, status = 201): Promise<T> {
    const res = await this.ctx.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': this.csrf } });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
    return (await res.json()) as T;
  }

  async put<T>(path: string, data: object, status = 200): Promise<T> {
    const res = await this.ctx.put(`/api/v1${path}`, { data, headers: { 'x-csrf-token': this.csrf } });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
    return (await res.json()) as T;
  }

  async close(): Promise<void> {
    await this.ctx.dispose();
  }
}

interface CaseJson {
  id: string;
  caseNumber: string;
  notices: Array<{ id: string; interpolRef: string }>;
  liaisonRequests: Array<{ id: string; kind: string; status: string }>;
  review: { indicators: Array<{ indicatorId: string; outcome: string; title?: string }> } | null;
}

/**
 * Screening facts with every section checked from the file and nothing of concern: without them the
 * strong indicators stay undetermined, and "nothing in the file" cannot set them aside.
 */
export const CHECKED_FACTS = {
  subject: {
    profileTags: [],
    protection: { grants: [], source: { document: 'USCIS and EOIR records check' } },
    publicActivities: [],
    claims: [],
    source: { document: 'Interview record' },
  },
  context: {
    assetDispute: { value: false, source: { document: 'Case file review' } },
    governmentChange: { value: false, source: { document: 'Case file review' } },
    massListingCampaign: { value: false, source: { document: 'Case file review' } },
    politicalEvent: { value: false, source: { document: 'Case file review' } },
    relatedPersons: [],
  },
  priorDecisions: [],
  evidence: [],
  extradition: {
    subjectLocatedOn: '2025-06-01',
    requests: [],
    treatyExists: true,
    source: { document: 'OIA letter' },
  },
};

/**
 * A law-enforcement case authorized through the API: opened by the officer, INTERPOL Washington confirms
 * validity and is asked for the documentation, the officer reviews, a supervisor approves, the officer
 * authorizes. Returns the case with the id of its answered validity request.
 */
export async function authorizedCase(
  baseURL: string,
  familyName: string,
): Promise<{ id: string; caseNumber: string; noticeId: string; validityRequestId: string }> {
  const reviewed = await reviewedCase(baseURL, familyName);
  const officer = await ApiUser.signIn(baseURL, 'officer');
  const supervisor = await ApiUser.signIn(baseURL, 'supervisor');
  try {
    await supervisor.post(`/cases/${reviewed.id}/approvals`, {
      decision: 'approved',
      rationale: 'Every safeguard is documented; the independent basis stands on its own.',
    });
    await officer.post(`/cases/${reviewed.id}/authorizations`, {});
    return reviewed;
  } finally {
    await Promise.all([officer.close(), supervisor.close()]);
  }
}

/**
 * The same case up to its completed review: it then awaits a supervisor's approval (in its own right, so a
 * test that needs one does not depend on the demo case another test may have approved).
 */
export async function reviewedCase(
  baseURL: string,
  familyName: string,
): Promise<{ id: string; caseNumber: string; noticeId: string; validityRequestId: string }> {
  const officer = await ApiUser.signIn(baseURL, 'officer');
  const liaison = await ApiUser.signIn(baseURL, 'liaison');
  try {
    const opened = await officer.post<{ id: string }>('/cases', {
      purpose: 'law_enforcement_action',
      person: {
        languages: ['en'],
        familyName,
        givenNames: 'Alex',
        datesOfBirth: ['1980-02-02'],
        nationalities: ['BE'],
      },
      notice: {
        type: 'red_notice',
        interpolRef: `2026/${Math.floor(100000 + Math.random() * 899999)}`,
        issuingCountry: 'BE',
        purpose: 'prosecution',
        warrants: [{ kind: 'arrest_warrant', charge: 'Aggravated burglary', maxPenaltyMonths: 120 }],
        summaryOfFacts: 'On 2 May 2025 in Ghent the person is alleged to have broken into a house at night.',
      },
      independentBasis: {
        summary:
          'Entered without inspection; no application pending. The custody determination on file finds a flight risk: two missed hearings.',
        evidence: [
          { description: 'Biometric encounter record', sourceType: 'federal_record', source: 'CBP' },
        ],
        actions: ['detention', 'admissibility'],
        grounds: ['entry_without_inspection', 'custody_determination'],
        legalAuthority: 'INA 212(a)(6)(A)(i), 8 U.S.C. 1182(a)(6)(A)(i); INA 236(a), 8 U.S.C. 1226(a)',
      },
      narrative: 'Encountered during a traffic stop; identity confirmed by fingerprints.',
    });
    const id = opened.id;
    let c = await officer.get<CaseJson>(`/cases/${id}`);
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
    await officer.put(`/cases/${id}/facts`, { facts: CHECKED_FACTS });
    await officer.post(`/cases/${id}/review`, { start: true }, 200);
    c = await officer.get<CaseJson>(`/cases/${id}`);
    const toDecide = (c.review?.indicators ?? []).filter((i) => i.outcome !== 'absent');
    await officer.post(
      `/cases/${id}/review`,
      {
        dispositions: toDecide.map((i) => ({
          indicatorId: i.indicatorId,
          disposition: 'not_applicable',
          reason: `${i.title ?? i.indicatorId}: the case file and the records checked show nothing of this (${i.indicatorId}).`,
        })),
        complete: true,
        summary: 'Nothing found that bars acting on the notice.',
      },
      200,
    );
    return { id, caseNumber: c.caseNumber, noticeId, validityRequestId: validity.id };
  } finally {
    await Promise.all([officer.close(), liaison.close()]);
  }
}
