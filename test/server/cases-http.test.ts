import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';

/** Screening facts with every section checked from the file and nothing of concern. */
const CHECKED_FACTS = {
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
  judicial: {
    summaryOfFacts: {
      time: 'May 2022',
      place: 'Lyon',
      personRole: 'issued false invoices',
      source: { document: 'Summary of facts' },
    },
    damageValue: { amountUsd: 90_000, source: { document: 'Summary of facts' } },
  },
};

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

function send(s: Session, method: 'POST' | 'PATCH' | 'GET' | 'PUT', url: string, payload?: unknown) {
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

const newCase = (over: Record<string, unknown> = {}) => ({
  purpose: 'law_enforcement_action',
  person: { languages: ['en'], familyName: 'Example', nationalities: ['FR'], aNumber: 'A123456789' },
  notice: {
    type: 'red_notice',
    interpolRef: '2024/555',
    issuingCountry: 'FR',
    expiresOn: '2030-01-01',
    warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60, inAbsentia: false }],
  },
  independentBasis: {
    summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
    evidence: [{ description: 'Entry and exit records.', sourceType: 'federal_record', source: 'CBP' }],
    actions: ['detention', 'removal_proceedings'],
    grounds: ['criminal_conviction', 'visa_overstay'],
    legalAuthority: 'INA 236(c), 8 U.S.C. 1226(c); INA 237(a)(1)(B) and (a)(2), 8 U.S.C. 1227(a)',
  },
  narrative: 'The person was encountered at a routine check-in and identified from federal records.',
  ...over,
});

describe('cases over HTTP', () => {
  it('documents the case routes in the OpenAPI description', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}/authorizations']));
  });

  it('validates countries, INTERPOL references, A-numbers and dates', async () => {
    const officer = await signIn('officer');
    const res = await send(
      officer,
      'POST',
      '/cases',
      newCase({
        person: {
          languages: ['en'],
          familyName: 'X',
          nationalities: ['XX'],
          aNumber: '12',
          datesOfBirth: ['2023-02-29'],
        },
        notice: { type: 'red_notice', interpolRef: '24/1', issuingCountry: 'FRA', expiresOn: '2030-13-01' },
      }),
    );
    expect(res.statusCode).toBe(422);
    const fields = (res.json().errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.person.nationalities.0',
        'body.person.aNumber',
        'body.person.datesOfBirth.0',
        'body.notice.interpolRef',
        'body.notice.issuingCountry',
        'body.notice.expiresOn',
      ]),
    );
    // Every message is written for the person filling in the form, not in the parser's words.
    for (const e of res.json().errors as Array<{ message: string }>)
      expect(e.message).not.toMatch(/Too (small|big)|expected|Invalid (input|option)/);
  });

  it('walks a law-enforcement case to authorization', async () => {
    const officer = await signIn('officer');
    const liaison = await signIn('liaison');
    const supervisor = await signIn('supervisor2');
    const opened = await send(officer, 'POST', '/cases', newCase());
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id as string;

    const early = await send(officer, 'POST', `/cases/${caseId}/authorizations`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'gates_unmet' });

    const v = await send(officer, 'POST', `/cases/${caseId}/liaison-requests`, { kind: 'validity' });
    expect(v.statusCode).toBe(201);
    const answered = await send(liaison, 'POST', `/liaison-requests/${v.json().id}/response`, {
      result: 'valid',
      expiresOn: '2030-01-01',
      method: 'i-24/7 query',
    });
    expect(answered.statusCode).toBe(201);
    expect(
      (await send(officer, 'POST', `/cases/${caseId}/liaison-requests`, { kind: 'documentation' }))
        .statusCode,
    ).toBe(201);
    expect((await send(officer, 'PUT', `/cases/${caseId}/facts`, { facts: CHECKED_FACTS })).statusCode).toBe(
      200,
    );
    const started = await send(officer, 'POST', `/cases/${caseId}/review`, { start: true });
    expect(started.statusCode).toBe(200);
    const open = (
      started.json().indicators as Array<{ indicatorId: string; outcome: string; title: string }>
    ).filter((i) => i.outcome !== 'absent');
    const completed = await send(officer, 'POST', `/cases/${caseId}/review`, {
      dispositions: open.map((i) => ({
        indicatorId: i.indicatorId,
        disposition: 'not_applicable',
        reason: `${i.title}: checked against the warrant and the file (${i.indicatorId}); nothing bears on it.`,
      })),
      complete: true,
    });
    expect(completed.statusCode).toBe(200);
    const approval = await send(supervisor, 'POST', `/cases/${caseId}/approvals`, {
      decision: 'approved',
      rationale:
        'The federal record documents the independent basis and the review decided every indicator on the file.',
    });
    expect(approval.statusCode).toBe(201);

    const gates = await send(officer, 'GET', `/cases/${caseId}/gates`);
    expect(gates.statusCode).toBe(200);
    expect(gates.json()).toMatchObject({ allMet: true, blocking: [] });
    const auth = await send(officer, 'POST', `/cases/${caseId}/authorizations`);
    expect(auth.statusCode).toBe(201);
    const view = await send(officer, 'GET', `/cases/${caseId}`);
    expect(view.json().status).toBe('authorized');
    const list = await send(officer, 'GET', '/cases');
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(caseId);
  });

  it('lists cases filtered, sorted and paged by the server, with the total', async () => {
    const auditor = await signIn('auditor');
    const all = (await send(auditor, 'GET', '/cases?sort=caseNumber&order=asc&limit=500')).json();
    expect(all.total).toBe(all.items.length);
    const numbers = all.items.map((c: { caseNumber: string }) => c.caseNumber);
    expect(numbers).toEqual([...numbers].sort());
    // Pages of two, in order, without overlap, add up to the whole list.
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = (
        await send(auditor, 'GET', `/cases?sort=caseNumber&order=asc&limit=2&offset=${offset}`)
      ).json();
      expect(page.total).toBe(all.total);
      paged.push(...page.items.map((c: { caseNumber: string }) => c.caseNumber));
    }
    expect(paged).toEqual(numbers);
    const open = (await send(auditor, 'GET', '/cases?status=open&purpose=law_enforcement_action')).json();
    expect(open.items.every((c: { status: string; purpose: string }) => c.status === 'open')).toBe(true);
    expect(open.items.every((c: { purpose: string }) => c.purpose === 'law_enforcement_action')).toBe(true);
    expect(open.total).toBe(open.items.length);
    // An officer sees only their office, and the total counts only that.
    const officer = await signIn('officer2');
    const theirs = (await send(officer, 'GET', '/cases?limit=500')).json();
    expect(theirs.total).toBe(theirs.items.length);
    expect(theirs.items.every((c: { officeId: string }) => c.officeId === theirs.items[0]?.officeId)).toBe(
      true,
    );
    expect(theirs.total).toBeLessThan(all.total);
    const bad = await send(auditor, 'GET', '/cases?sort=name&offset=-1');
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['querystring.offset', 'querystring.sort']);
  });

  it('reads a case page in one request: the same parts as the separate reads, audited once', async () => {
    const officer = await signIn('officer');
    // The same A-number again is refused with the field named, not a server error.
    const again = await send(
      officer,
      'POST',
      '/cases',
      newCase({ notice: { ...newCase().notice, interpolRef: '2024/556' } }),
    );
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: 'person.aNumber' });
    const caseId = (
      await send(
        officer,
        'POST',
        '/cases',
        newCase({
          person: { languages: ['en'], familyName: 'Example', nationalities: ['FR'], aNumber: 'A223456789' },
          notice: { ...newCase().notice, interpolRef: '2024/557' },
        }),
      )
    ).json().id as string;
    // Reads wait in the read log until folded into the chain (services/read-log.ts): fold before counting.
    const auditRows = async () => {
      await foldAllReads(t.app);
      const r = await d.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };
    const before = await auditRows();
    const page = await send(officer, 'GET', `/cases/${caseId}?include=gates,history,facts`);
    expect(page.statusCode, page.body).toBe(200);
    expect(await auditRows()).toBe(before + 1);
    const body = page.json();
    const gates = (await send(officer, 'GET', `/cases/${caseId}/gates`)).json();
    const history = (await send(officer, 'GET', `/cases/${caseId}/history`)).json();
    const facts = (await send(officer, 'GET', `/cases/${caseId}/facts`)).json();
    expect(body.caseNumber).toMatch(/^RL-\d{4}-\d{6}$/);
    expect(body.gates.gates.map((g: { gate: string; status: string }) => [g.gate, g.status])).toEqual(
      gates.gates.map((g: { gate: string; status: string }) => [g.gate, g.status]),
    );
    expect(body.gates.caseVersionHash).toBe(gates.caseVersionHash);
    expect(body.history).toEqual(history);
    expect(body.facts).toEqual(facts);
    // Reads are not part of the history shown on the case page.
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['case.create']);
    // Only the parts asked for; an unknown part is refused, naming the field.
    const only = (await send(officer, 'GET', `/cases/${caseId}?include=gates`)).json();
    expect(only.gates).toBeDefined();
    expect(only.history).toBeUndefined();
    const bad = await send(officer, 'GET', `/cases/${caseId}?include=gates,secrets`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'querystring.include' });
    // Another office's officer is refused the whole page, as for the plain read, with the answer an unknown
    // case gets.
    const other = await signIn('officer2');
    expect((await send(other, 'GET', `/cases/${caseId}?include=gates,history,facts`)).statusCode).toBe(404);
  });
});
