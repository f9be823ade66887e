import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let server: FastifyInstance;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
});
afterAll(async () => {
  await server.close();
  await d.close();
});

type Session = { cookie: string; csrf: string };

async function signIn(username: string): Promise<Session> {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, t.app),
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  return { cookie: `redline_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

function send(s: Session, method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown) {
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function auditCount(): Promise<number> {
  const r = await d.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A mutating request: exactly one audit entry. */
async function mutate(s: Session, method: 'POST' | 'PUT', url: string, payload?: unknown) {
  const before = await auditCount();
  const res = await send(s, method, url, payload);
  expect(await auditCount(), `${method} ${url} -> ${res.statusCode} ${res.body}`).toBe(before + 1);
  return res;
}

const doc = (document: string) => ({ document });
const facts = (journalist: boolean) => ({
  subject: {
    profileTags: journalist ? [{ tag: 'journalist', basis: 'documented', source: doc('NGO statement') }] : [],
    protection: { grants: [], source: doc('USCIS check') },
    publicActivities: [],
    claims: [],
    source: doc('Interview record'),
  },
  context: {
    assetDispute: { value: false, source: doc('File') },
    governmentChange: { value: false, source: doc('File') },
    massListingCampaign: { value: false, source: doc('File') },
    politicalEvent: { value: false, source: doc('File') },
    relatedPersons: [],
  },
  priorDecisions: [],
  evidence: [],
  judicial: {
    summaryOfFacts: { time: '2022', place: 'Lyon', personRole: 'forged invoices', source: doc('Summary') },
    damageValue: { amountUsd: 90_000, source: doc('Summary') },
  },
  extradition: {
    subjectLocatedOn: '2025-01-10',
    requests: [{ date: '2025-02-01', status: 'pending' }],
    treatyExists: true,
    source: doc('OIA letter'),
  },
});

let ref = 300;
async function openCase(officer: Session) {
  ref += 1;
  const res = await send(officer, 'POST', '/cases', {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], familyName: 'Http', nationalities: ['FR'] },
    notice: {
      type: 'red_notice',
      interpolRef: `2025/${ref}`,
      issuingCountry: 'FR',
      issuedOn: '2024-01-10',
      expiresOn: '2030-01-01',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60, inAbsentia: false }],
    },
    independentBasis: {
      summary: 'Federal records show an overstay and a prior federal conviction.',
      evidence: [{ description: 'Arrival records', sourceType: 'federal_record', source: 'CBP' }],
    },
    narrative: 'Encountered at a routine check-in.',
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; noticeId: string };
}

describe('screening over HTTP', () => {
  it('serves the ruleset and checks wording for any signed-in user', async () => {
    const auditor = await signIn('auditor');
    const rs = await send(auditor, 'GET', '/screening/ruleset');
    expect(rs.statusCode).toBe(200);
    expect(rs.json().indicators).toHaveLength(27);
    const w = await mutate(auditor, 'POST', '/wording-check', {
      text: 'The subject is wanted on an INTERPOL warrant.',
    });
    expect(w.statusCode).toBe(200);
    expect(w.json().findings.length).toBeGreaterThan(0);
    const anon = await server.inject({ method: 'GET', url: '/api/v1/screening/ruleset' });
    expect(anon.statusCode).toBe(401);
    const bad = await send(auditor, 'POST', '/wording-check', { text: 42 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.text');
  });

  it('records facts, shows screenings, re-runs, corrects a charge, reviews and enforces acknowledgements', async () => {
    const officer = await signIn('officer');
    const supervisor = await signIn('supervisor2');
    const c = await openCase(officer);

    const bad = await send(officer, 'PUT', `/cases/${c.id}/facts`, {
      facts: { notice: { issuingCountry: 'fr' } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.facts.notice.issuingCountry');
    const noSource = await send(officer, 'PUT', `/cases/${c.id}/facts`, {
      facts: { context: { assetDispute: { value: true } } },
    });
    expect(noSource.statusCode).toBe(422);
    expect(noSource.json().errors).toEqual([
      expect.objectContaining({ field: 'facts.context.assetDispute.source.document' }),
    ]);

    const put = await mutate(officer, 'PUT', `/cases/${c.id}/facts`, { facts: facts(true), note: 'NGO' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ version: 1, screening: { stored: true } });
    const got = await send(officer, 'GET', `/cases/${c.id}/facts`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ version: 1, recordedBy: 'officer', note: 'NGO' });
    expect(got.json().screeningInput.notice.issuingCountry).toBe('FR');

    const list = await send(officer, 'GET', `/cases/${c.id}/screenings`);
    expect(list.statusCode).toBe(200);
    const latest = list.json().latest;
    expect(latest.result.results).toHaveLength(27);
    const dissident = latest.result.results.find((r: { id: string }) => r.id === 'IND_PROFILE_DISSIDENT');
    expect(dissident).toMatchObject({ outcome: 'present', strength: 'strong' });
    expect(dissident.citation).toBeTruthy();
    expect(dissident.triggeredBy.length).toBeGreaterThan(0);
    expect(list.json().history).toHaveLength(2);
    expect(latest.diff.indicators.length).toBeGreaterThan(0);

    const rerun = await mutate(officer, 'POST', `/cases/${c.id}/screenings`);
    expect(rerun.statusCode).toBe(200);
    expect(rerun.json().stored).toBe(false);

    const badK = await send(officer, 'POST', `/cases/${c.id}/charge-corrections`, {
      noticeId: c.noticeId,
      warrantPosition: 0,
      decision: 'corrected',
      categories: ['not_a_category'],
      reason: 'x',
    });
    expect(badK.statusCode).toBe(422);
    expect(badK.json().errors[0].field).toBe('body.categories.0');
    const k = await mutate(officer, 'POST', `/cases/${c.id}/charge-corrections`, {
      noticeId: c.noticeId,
      warrantPosition: 0,
      decision: 'confirmed',
      reason:
        'The Lyon arrest warrant charges obtaining payment by forged invoices, an ordinary fraud offence as the reader classed it.',
    });
    expect(k.statusCode).toBe(201);
    expect(k.json().categories).toEqual(['fraud_economic']);

    const started = await mutate(officer, 'POST', `/cases/${c.id}/review`, { start: true });
    expect(started.statusCode).toBe(200);
    const openOnes = (
      started.json().indicators as Array<{ indicatorId: string; outcome: string; title: string }>
    ).filter((i) => i.outcome !== 'absent');
    const badD = await send(officer, 'POST', `/cases/${c.id}/review`, {
      dispositions: [{ indicatorId: 'IND_PROFILE_DISSIDENT', disposition: 'resolved', explanation: 'x' }],
    });
    expect(badD.statusCode).toBe(422);
    expect(badD.json().errors[0].field).toBe('dispositions.0.evidence');
    const done = await mutate(officer, 'POST', `/cases/${c.id}/review`, {
      dispositions: openOnes.map((i) =>
        i.indicatorId === 'IND_PROFILE_DISSIDENT'
          ? {
              indicatorId: i.indicatorId,
              disposition: 'concern_confirmed',
              explanation:
                'Journalist or human-rights defender (RPD Art. 34, status of the persons concerned): an NGO statement on file documents that the person reports as a journalist.',
            }
          : {
              indicatorId: i.indicatorId,
              disposition: 'not_applicable',
              reason: `${i.title}: checked against the file (${i.indicatorId}); nothing in the record bears on it.`,
            },
      ),
      complete: true,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().recommendation.text).toContain('Do not act; refer for legal review');

    const refused = await send(supervisor, 'POST', `/cases/${c.id}/approvals`, {
      decision: 'approved',
      rationale: 'The federal record supports the action on its own, without relying on the notice.',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ field: 'acknowledgements.IND_PROFILE_DISSIDENT' }),
    ]);
    const approved = await mutate(supervisor, 'POST', `/cases/${c.id}/approvals`, {
      decision: 'approved',
      rationale:
        'Approved on the federal overstay record, which shows the person overstayed and does not depend on the notice.',
      acknowledgements: [
        {
          indicatorId: 'IND_PROFILE_DISSIDENT',
          justification:
            'Under RPD Article 34 the person is a journalist and critic of the government; the charges describe an ordinary fraud on a private investor.',
        },
      ],
    });
    expect(approved.statusCode).toBe(201);
    const view = await send(officer, 'GET', `/cases/${c.id}`);
    expect(view.json().review.recommendation.code).toBe('do_not_act_refer_legal_review');
  });

  it('lets administrators change the country context, audited; refuses others', async () => {
    const admin = await signIn('admin');
    const officer = await signIn('officer');
    const list = await send(officer, 'GET', '/admin/country-context');
    expect(list.statusCode).toBe(200);
    expect(list.json().version).toBe('2026.1');
    const row = {
      iso2: 'FR',
      reportYear: 2024,
      report: 'Synthetic report',
      statement: 'Synthetic statement.',
      url: 'https://example.invalid/report',
    };
    const denied = await mutate(officer, 'POST', '/admin/country-context', row); // the refusal is audited
    expect(denied.statusCode).toBe(403);
    const bad = await send(admin, 'POST', '/admin/country-context', { ...row, url: 'not a url' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.url');
    const added = await mutate(admin, 'POST', '/admin/country-context', row);
    expect(added.statusCode).toBe(201);
    expect(added.json().version).toBe('2026.2');
    const changed = await mutate(admin, 'PUT', `/admin/country-context/${added.json().id}`, {
      verified: true,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().version).toBe('2026.3');
    const entry = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'country_context.update')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ outcome: 'ok', actor_username: 'admin' });
  });
});
