/**
 * Every mutating route (POST, PUT, PATCH, DELETE) writes exactly one audit entry when it succeeds, and a
 * refusal by the permission rules writes exactly one `denied` entry. Refusals of every other kind (gates
 * unmet, unknown ids, CSRF, no session, invalid input) write exactly one entry too, without the values
 * submitted. The routes are read from the
 * OpenAPI document, so a new mutating route without a case here fails the test.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { readTranslation } from '../../src/services/packet/translations.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { multipart, tempVault } from '../helpers/documents.ts';

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

type Session = { cookie: string; csrf: string };
const sessions: Record<string, Session> = {};
const USERS = [
  'officer',
  'supervisor',
  'supervisor2',
  'liaison',
  'attorney',
  'director',
  'auditor',
  'coordinator',
  'admin',
];

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

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
function send(as: string | Session, method: Method | 'GET', url: string, payload?: unknown) {
  const s = typeof as === 'string' ? sessions[as]! : as;
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function lastSeq(): Promise<number> {
  // Reads wait in the read log until they are folded into the chain (services/read-log.ts); fold them now,
  // so that the entries counted after this point are the route's own.
  await foldAllReads(t.app);
  const r = await d.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirstOrThrow();
  return Number(r.m ?? 0);
}
async function entriesAfter(seq: number) {
  return d.db
    .selectFrom('audit_log')
    .select(['action', 'outcome'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
}

let refSeq = 8000;
const basis = {
  summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
  evidence: [{ description: 'Entry and exit records.', sourceType: 'federal_record', source: 'CBP' }],
  actions: ['detention', 'removal_proceedings'],
  grounds: ['criminal_conviction', 'visa_overstay'],
  legalAuthority: 'INA 236(c), 8 U.S.C. 1226(c); INA 237(a)(1)(B) and (a)(2), 8 U.S.C. 1227(a)',
};
function caseBody() {
  refSeq += 1;
  return {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], familyName: `Audit${refSeq}`, nationalities: ['FR'] },
    notice: {
      type: 'red_notice',
      interpolRef: `2024/${refSeq}`,
      issuingCountry: 'FR',
      expiresOn: '2030-01-01',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60, inAbsentia: false }],
    },
    independentBasis: basis,
    narrative: 'The person was encountered at a routine check-in and identified from federal records.',
  };
}
function screeningFacts() {
  return {
    subject: {
      profileTags: [{ tag: 'journalist', basis: 'documented', source: { document: 'Press card' } }],
      source: { document: 'Interview record' },
    },
  };
}
let contextSeq = 0;
/** A new (country, year) each time: the table keeps one row per country and report year. */
function contextRow() {
  contextSeq += 1;
  const countries = ['FR', 'DE', 'IT', 'ES', 'PT', 'NL', 'BE', 'AT', 'SE', 'NO'];
  return {
    iso2: countries[contextSeq % countries.length],
    reportYear: 2000 + Math.floor(contextSeq / countries.length),
    report: `Synthetic report ${contextSeq}`,
    statement: 'Synthetic statement.',
    url: 'https://example.invalid/report',
  };
}
async function newContextRow(): Promise<string> {
  const r = await send('admin', 'POST', '/admin/country-context', contextRow());
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
/** A new case whose narrative calls the notice a warrant, and the fingerprint of that finding. */
async function wordingFinding(): Promise<{ caseId: string; fingerprint: string }> {
  const body = { ...caseBody(), narrative: 'The subject is wanted on an INTERPOL warrant.' };
  const r = await send('officer', 'POST', '/cases', body);
  expect(r.statusCode).toBe(201);
  const gates = (await send('officer', 'GET', `/cases/${r.json().id}/gates`)).json();
  const language = gates.gates.find((g: { gate: string }) => g.gate === 'G-LANGUAGE');
  return { caseId: r.json().id, fingerprint: language.facts.findings[0].fingerprint };
}
async function newCase(): Promise<{ id: string; noticeId: string }> {
  const r = await send('officer', 'POST', '/cases', caseBody());
  expect(r.statusCode).toBe(201);
  return r.json();
}
async function pendingRequest(kind = 'validity') {
  const c = await newCase();
  const r = await send('officer', 'POST', `/cases/${c.id}/liaison-requests`, { kind });
  expect(r.statusCode).toBe(201);
  return { caseId: c.id, requestId: r.json().id as string };
}
async function readyToAuthorize(): Promise<string> {
  const { caseId, requestId } = await pendingRequest('validity');
  expect(
    (
      await send('liaison', 'POST', `/liaison-requests/${requestId}/response`, {
        result: 'valid',
        expiresOn: '2030-01-01',
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (await send('officer', 'POST', `/cases/${caseId}/liaison-requests`, { kind: 'documentation' }))
      .statusCode,
  ).toBe(201);
  // The review through its route: start from the stored screening, decide every open indicator, complete.
  expect((await send('officer', 'PUT', `/cases/${caseId}/facts`, { facts: CHECKED_FACTS })).statusCode).toBe(
    200,
  );
  const started = await send('officer', 'POST', `/cases/${caseId}/review`, { start: true });
  expect(started.statusCode).toBe(200);
  const open = (
    started.json().indicators as Array<{ indicatorId: string; outcome: string; title: string }>
  ).filter((i) => i.outcome !== 'absent');
  const completed = await send('officer', 'POST', `/cases/${caseId}/review`, {
    dispositions: open.map((i) => ({
      indicatorId: i.indicatorId,
      disposition: 'not_applicable',
      reason: `${i.title}: checked against the warrant and the file (${i.indicatorId}); nothing bears on it.`,
    })),
    complete: true,
  });
  expect(completed.statusCode, completed.body).toBe(200);
  expect(
    (
      await send('supervisor2', 'POST', `/cases/${caseId}/approvals`, {
        decision: 'approved',
        rationale:
          'The independent basis rests on federal entry records and the review found no indicator of abuse on this file.',
      })
    ).statusCode,
  ).toBe(201);
  return caseId;
}
const GROUNDS = [
  {
    ground: 'political_character',
    statement: 'The prosecution answers his reporting on the municipal elections in Lyon.',
  },
];
/** A case whose completed review confirms the strong indicator "journalist or critic" (legal review needed). */
async function confirmedStrongCase(): Promise<string> {
  const c = await newCase();
  // Every section checked from the file, so only the journalist profile stays open: the press card is on
  // file (present), and nothing else is left undetermined for want of information.
  const facts = await send('officer', 'PUT', `/cases/${c.id}/facts`, {
    facts: {
      ...CHECKED_FACTS,
      subject: { ...CHECKED_FACTS.subject, profileTags: screeningFacts().subject.profileTags },
      judicial: {
        ...CHECKED_FACTS.judicial,
        summaryOfFacts: {
          ...CHECKED_FACTS.judicial.summaryOfFacts,
          personRole: 'sold a private investor shares in a company that did not exist',
        },
      },
    },
    note: 'Press card on file; asylum, INTERPOL and foreign-court records checked.',
  });
  expect(facts.statusCode, facts.body).toBeLessThan(300);
  const started = await send('officer', 'POST', `/cases/${c.id}/review`, { start: true });
  const open = (
    started.json().indicators as Array<{ indicatorId: string; outcome: string; title: string }>
  ).filter((i) => i.outcome !== 'absent');
  expect(open.map((i) => i.indicatorId)).toContain('IND_PROFILE_DISSIDENT');
  const completed = await send('officer', 'POST', `/cases/${c.id}/review`, {
    dispositions: open.map((i) =>
      i.indicatorId === 'IND_PROFILE_DISSIDENT'
        ? {
            indicatorId: i.indicatorId,
            disposition: 'concern_confirmed',
            explanation:
              'Under RPD Article 34, a press card on file documents that the person works as a journalist and critic.',
          }
        : {
            indicatorId: i.indicatorId,
            disposition: 'not_applicable',
            reason: `${i.title}: checked against the warrant and the recorded facts (${i.indicatorId}); nothing bears on it.`,
          },
    ),
    complete: true,
  });
  expect(completed.statusCode, completed.body).toBe(200);
  return c.id;
}
const LEGAL_ANALYSIS =
  'RPD Article 34, journalist or critic: the press card documents independent reporting, but the fraud charge concerns a private investor and the warrant describes a concrete loss, so the profile does not explain the request.';
/** A counsel portal visit on a new case: its cookie and CSRF token (routes/portal.ts). */
async function issuedCode(): Promise<{ caseId: string; code: string }> {
  const c = await newCase();
  const issued = await send('officer', 'POST', `/cases/${c.id}/portal/access`);
  expect(issued.statusCode).toBe(201);
  return { caseId: c.id, code: issued.json().code };
}
const openPortal = (code: string) =>
  server.inject({
    method: 'POST',
    url: '/api/v1/portal/session',
    payload: { code },
    remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  });
async function portalVisit(): Promise<{ caseId: string; cookie: string; csrf: string }> {
  const c = await issuedCode();
  const res = await openPortal(c.code);
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((k) => k.name === 'redline_portal')!;
  return { caseId: c.caseId, cookie: `redline_portal=${cookie.value}`, csrf: res.json().csrfToken };
}
function portalSend(v: { cookie: string; csrf: string }, method: Method, url: string, payload?: unknown) {
  return server.inject({
    method,
    url: `/api/v1/portal${url}`,
    headers: { cookie: v.cookie, 'x-csrf-token': v.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
async function portalAccessId(): Promise<string> {
  const c = await newCase();
  const r = await send('officer', 'POST', `/cases/${c.id}/portal/access`);
  expect(r.statusCode).toBe(201);
  return r.json().id;
}
async function ccfReport(): Promise<{ id: string; noticeId: string }> {
  const v = await portalVisit();
  const r = await portalSend(v, 'POST', '/ccf-reports', {
    appliedOn: '2026-01-10',
    outcome: 'deletion',
    outcomeOn: '2026-05-01',
  });
  expect(r.statusCode).toBe(201);
  const notice = await d.db
    .selectFrom('case_notices')
    .select('notice_id')
    .where('case_id', '=', v.caseId)
    .executeTakeFirstOrThrow();
  return { id: r.json().id, noticeId: notice.notice_id };
}
/** A notification whose e-mail failed every attempt. */
async function failedEmail(): Promise<string> {
  const user = await d.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'supervisor')
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  await d.db
    .insertInto('notifications')
    .values({
      id,
      user_id: user.id,
      kind: 'notice_status',
      case_id: null,
      text: 'A notice status changed.',
      dedupe_key: null,
      created_at: new Date(),
      email_state: 'failed',
      email_attempts: 5,
      email_error: '451 Mailbox busy',
    } as never)
    .execute();
  return id;
}
/** The attorney uploads the CCF's letter to a report (a text file stands for the letter). */
function ccfLetter(reportId: string) {
  const body = multipart('ccf-letter.txt', Buffer.from(`CCF decision of 1 May: deletion (${reportId}).\n`));
  return server.inject({
    method: 'POST',
    url: `/api/v1/ccf-reports/${reportId}/letter`,
    headers: { cookie: sessions.attorney!.cookie, 'x-csrf-token': sessions.attorney!.csrf, ...body.headers },
    payload: body.payload,
  });
}
async function contestId(): Promise<string> {
  const c = await newCase();
  const k = await send('officer', 'POST', `/cases/${c.id}/contests`, {
    filedBy: 'Counsel',
    grounds: GROUNDS,
  });
  expect(k.statusCode).toBe(201);
  return k.json().id;
}
/** A case with a document received from INTERPOL Washington (a service needs one). */
async function caseWithDocument(): Promise<{ caseId: string; documentId: string }> {
  const { caseId, requestId } = await pendingRequest('documentation');
  const r = await send('liaison', 'POST', `/liaison-requests/${requestId}/response`, {
    outcome: 'provided',
    documents: [{ title: 'Arrest warrant of the Lyon court', kind: 'warrant', language: 'fr' }],
  });
  expect(r.statusCode, r.body).toBe(201);
  return { caseId, documentId: r.json().documentIds[0] };
}
async function exigencyId(): Promise<string> {
  const c = await newCase();
  const r = await send('officer', 'POST', `/cases/${c.id}/exigencies`, {
    action: 'Removal hearing before the immigration court next week',
    reason:
      'The immigration court set the removal hearing for next week and refused to adjourn it; waiting would keep the person detained without a hearing.',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
/** A case whose documentation INTERPOL Washington provided in part: the charge sheet is missing. */
async function partialDocumentation(): Promise<{ caseId: string; responseId: string }> {
  const { caseId, requestId } = await pendingRequest('documentation');
  const r = await send('liaison', 'POST', `/liaison-requests/${requestId}/response`, {
    outcome: 'partially_provided',
    documents: [{ title: 'Arrest warrant, Paris court', kind: 'arrest_warrant' }],
    missingItems: [
      {
        item: 'Charge sheet',
        reason:
          'The French prosecutor has not yet filed the charge sheet with the court; INTERPOL Washington was told it will exist only after the investigating judge closes the file.',
      },
    ],
  });
  expect(r.statusCode, r.body).toBe(201);
  return { caseId, responseId: r.json().id };
}
/** A second case that joins another person to an existing notice: the link is unconfirmed. */
async function unconfirmedLink(): Promise<{ caseId: string; noticeId: string }> {
  const first = await newCase();
  refSeq += 1;
  const r = await send('officer', 'POST', '/cases', {
    ...caseBody(),
    notice: undefined,
    noticeId: first.noticeId,
    person: { languages: ['en'], familyName: `Other${refSeq}`, nationalities: ['DE'] },
  });
  expect(r.statusCode, r.body).toBe(201);
  expect(r.json().subjectLink).toBe('unconfirmed');
  return { caseId: r.json().id, noticeId: first.noticeId };
}
const linkReason =
  'The fingerprints taken at the check-in match those INTERPOL Washington sent with the notice; the person used the other name and birth date on an earlier passport, which explains the differences.';

const signOffRationale =
  'The arrest warrant on file states the offence, the law cited and the facts, so the missing charge sheet adds nothing the person needs in order to contest the notice.';

async function openTaskId(): Promise<string> {
  const row = await d.db
    .selectFrom('tasks')
    .select('id')
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return row.id;
}
async function newUser(): Promise<string> {
  refSeq += 1;
  const username = `audituser${refSeq}`;
  const r = await send('admin', 'POST', '/users', userBody(username));
  expect(r.statusCode).toBe(201);
  return username;
}
const userBody = (username: string) => ({
  username,
  displayName: 'Audit Test User',
  role: 'officer',
  officeId: 'NYC',
  passphrase: 'a long passphrase for testing 2026',
});

/** An officer (no second factor required) signed in with a passphrase only. */
async function plainSession(): Promise<{ username: string; session: Session }> {
  const username = await newUser();
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, passphrase: userBody(username).passphrase },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  return {
    username,
    session: {
      cookie: `redline_session=${cookie.value}`,
      csrf: (res.json() as { csrfToken: string }).csrfToken,
    },
  };
}
/** The same, with an authenticator app enrolled; returns its secret. */
async function enrolledSession(): Promise<{ username: string; session: Session; secret: string }> {
  const p = await plainSession();
  const { secret } = (await send(p.session, 'POST', '/session/mfa/enrolment')).json() as { secret: string };
  const code = generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000), period: 30 });
  expect((await send(p.session, 'POST', '/session/mfa/enrolment/confirm', { code })).statusCode).toBe(200);
  t.clock.advance(30_000); // the confirming code is used up
  return { ...p, secret };
}

interface Call {
  as: string;
  url: string;
  payload?: unknown;
}
interface RouteCase {
  /** Builds a valid call (setup may write its own audit entries; only the call itself is counted). */
  valid: () => Promise<Call | (() => Promise<unknown>)>;
  /** A call the permission rules refuse; null when the route has no role rule (say why). */
  refused: (() => Promise<Call>) | null;
  /** Audit entries a successful call writes; 1 unless stated with a reason. */
  entries?: number;
}

const ROUTES: Record<string, RouteCase> = {
  'POST /api/v1/session': {
    // Sign-in is audited as session.login; a wrong passphrase is audited as `failed`, checked below.
    valid: async () => async () => signIn('attorney'),
    refused: null,
  },
  'DELETE /api/v1/session': {
    valid: async () => {
      const s = await signIn('auditor');
      return async () => send(s, 'DELETE', '/session');
    },
    refused: null, // every signed-in user may sign out
  },
  'POST /api/v1/session/mfa': {
    valid: async () => {
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'director', passphrase: DEMO_PASSPHRASE },
      });
      const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
      const pending = { cookie: `redline_session=${cookie.value}`, csrf: res.json().csrfToken as string };
      return async () =>
        send(pending, 'POST', '/session/mfa', { code: demoTotpCode('director', t.clock.now()) });
    },
    refused: null, // the second step of signing in
  },
  'POST /api/v1/session/mfa/enrolment': {
    valid: async () => {
      const { session } = await plainSession();
      return async () => send(session, 'POST', '/session/mfa/enrolment');
    },
    refused: null, // anyone may set up an authenticator app for their own account
  },
  'POST /api/v1/session/mfa/enrolment/confirm': {
    valid: async () => {
      const { session } = await plainSession();
      const { secret } = (await send(session, 'POST', '/session/mfa/enrolment')).json() as { secret: string };
      const code = generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000), period: 30 });
      return async () => send(session, 'POST', '/session/mfa/enrolment/confirm', { code });
    },
    refused: null, // own account
  },
  'POST /api/v1/session/mfa/recovery-codes': {
    valid: async () => {
      const { session, secret } = await enrolledSession();
      const code = generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000), period: 30 });
      return async () => send(session, 'POST', '/session/mfa/recovery-codes', { code });
    },
    refused: null, // own account
  },
  'DELETE /api/v1/users/{username}/mfa': {
    valid: async () => ({ as: 'admin', url: `/users/${(await enrolledSession()).username}/mfa` }),
    refused: async () => ({ as: 'officer', url: `/users/${(await enrolledSession()).username}/mfa` }),
  },
  'POST /api/v1/users': {
    valid: async () => ({ as: 'admin', url: '/users', payload: userBody(`audituser${++refSeq}`) }),
    refused: async () => ({ as: 'officer', url: '/users', payload: userBody(`audituser${++refSeq}`) }),
  },
  'POST /api/v1/users/{username}/disable': {
    valid: async () => ({ as: 'admin', url: `/users/${await newUser()}/disable` }),
    refused: async () => ({ as: 'officer', url: `/users/${await newUser()}/disable` }),
  },
  'POST /api/v1/users/{username}/enable': {
    valid: async () => {
      const u = await newUser();
      await send('admin', 'POST', `/users/${u}/disable`);
      return { as: 'admin', url: `/users/${u}/enable` };
    },
    refused: async () => ({ as: 'officer', url: `/users/${await newUser()}/enable` }),
  },
  'DELETE /api/v1/users/{username}/lockout': {
    valid: async () => {
      const u = await newUser();
      await d.db
        .updateTable('users')
        .set({ locked_at: new Date(), locked_reason: 'test' })
        .where('username', '=', u)
        .execute();
      return { as: 'admin', url: `/users/${u}/lockout` };
    },
    refused: async () => ({ as: 'officer', url: `/users/${await newUser()}/lockout` }),
  },
  'POST /api/v1/training': {
    valid: async () => {
      const u = await d.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'officer')
        .executeTakeFirstOrThrow();
      return {
        as: 'coordinator',
        url: '/training',
        payload: { userId: u.id, course: 'Annual', completedOn: '2026-05-01' },
      };
    },
    refused: async () => {
      const u = await d.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'officer')
        .executeTakeFirstOrThrow();
      return {
        as: 'officer',
        url: '/training',
        payload: { userId: u.id, course: 'Annual', completedOn: '2026-05-01' },
      };
    },
  },
  'POST /api/v1/training/import': {
    valid: async () => ({
      as: 'coordinator',
      url: '/training/import',
      payload: { csv: 'username,course,completed_on\nofficer,Annual,2026-05-02\n' },
    }),
    refused: async () => ({
      as: 'officer',
      url: '/training/import',
      payload: { csv: 'username,course,completed_on\nofficer,Annual,2026-05-02\n' },
    }),
  },
  'PUT /api/v1/policy': {
    valid: async () => {
      const { version: _v, ...settings } = (await send('admin', 'GET', '/policy')).json().current;
      return { as: 'admin', url: '/policy', payload: { settings, note: 'unchanged' } };
    },
    refused: async () => {
      const { version: _v, ...settings } = (await send('admin', 'GET', '/policy')).json().current;
      return { as: 'officer', url: '/policy', payload: { settings } };
    },
  },
  'POST /api/v1/audit/verify': {
    valid: async () => ({ as: 'auditor', url: '/audit/verify' }),
    refused: async () => ({ as: 'officer', url: '/audit/verify' }),
  },
  'POST /api/v1/notices/interpol-extract': {
    valid: async () => ({
      as: 'officer',
      url: '/notices/interpol-extract',
      payload: {
        entity_id: '2023/12345',
        name: 'EXAMPLE',
        arrest_warrants: [{ charge: 'Fraud', issuing_country_id: 'FR' }],
      },
    }),
    refused: null, // any signed-in user may prefill
    entries: 0, // writes nothing: a pure prefill of the intake form
  },
  'POST /api/v1/cases': {
    valid: async () => ({ as: 'officer', url: '/cases', payload: caseBody() }),
    refused: async () => ({ as: 'liaison', url: '/cases', payload: caseBody() }),
  },
  'PATCH /api/v1/cases/{id}': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}`,
      payload: { narrative: 'Updated.' },
    }),
    refused: async () => ({
      as: 'liaison',
      url: `/cases/${(await newCase()).id}`,
      payload: { narrative: 'x' },
    }),
  },
  'POST /api/v1/cases/{id}/liaison-requests': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/liaison-requests`,
      payload: { kind: 'validity' },
    }),
    refused: async () => ({
      as: 'liaison',
      url: `/cases/${(await newCase()).id}/liaison-requests`,
      payload: { kind: 'validity' },
    }),
  },
  'POST /api/v1/liaison-requests/{id}/response': {
    valid: async () => ({
      as: 'liaison',
      url: `/liaison-requests/${(await pendingRequest()).requestId}/response`,
      payload: { result: 'valid', expiresOn: '2030-01-01' },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/liaison-requests/${(await pendingRequest()).requestId}/response`,
      payload: { result: 'valid' },
    }),
  },
  'POST /api/v1/cases/{id}/review': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/review`,
      payload: { start: true },
    }),
    refused: async () => ({
      as: 'liaison',
      url: `/cases/${(await newCase()).id}/review`,
      payload: { complete: true },
    }),
  },
  'POST /api/v1/cases/{id}/approvals': {
    valid: async () => ({
      as: 'supervisor2',
      url: `/cases/${(await newCase()).id}/approvals`,
      payload: {
        decision: 'returned',
        rationale:
          'Returned: the preliminary review has not been started and the notice validity is not yet confirmed.',
      },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/approvals`,
      payload: { decision: 'approved', rationale: 'x' },
    }),
  },
  'POST /api/v1/cases/{id}/legal-reviews': {
    valid: async () => ({
      as: 'attorney',
      url: `/cases/${await confirmedStrongCase()}/legal-reviews`,
      payload: {
        analyses: [{ indicatorId: 'IND_PROFILE_DISSIDENT', analysis: LEGAL_ANALYSIS }],
        conclusion: 'proceed',
      },
    }),
    refused: async () => ({
      as: 'supervisor',
      url: `/cases/${await confirmedStrongCase()}/legal-reviews`,
      payload: {
        analyses: [{ indicatorId: 'IND_PROFILE_DISSIDENT', analysis: LEGAL_ANALYSIS }],
        conclusion: 'proceed',
      },
    }),
  },
  'POST /api/v1/cases/{id}/documents': {
    valid: async () => {
      if (!t.app.documents) t.app.documents = tempVault().vault;
      const c = await newCase();
      const body = multipart('translation.txt', Buffer.from('Translation of the warrant.\n'));
      return async () =>
        server.inject({
          method: 'POST',
          url: `/api/v1/cases/${c.id}/documents?kind=translation&language=en`,
          headers: {
            cookie: sessions.officer!.cookie,
            'x-csrf-token': sessions.officer!.csrf,
            ...body.headers,
          },
          payload: body.payload,
        });
    },
    refused: async () => ({ as: 'admin', url: `/cases/${(await newCase()).id}/documents?kind=warrant` }),
  },
  'POST /api/v1/cases/{id}/disclosures': {
    valid: async () => {
      const { caseId, documentId } = await caseWithDocument();
      return {
        as: 'officer',
        url: `/cases/${caseId}/disclosures`,
        payload: {
          servedAt: t.clock.now().toISOString(),
          method: 'in person',
          recipient: 'The person',
          language: 'en',
          documentIds: [documentId],
        },
      };
    },
    refused: async () => ({
      as: 'liaison',
      url: `/cases/${(await newCase()).id}/disclosures`,
      payload: {
        servedAt: '2026-06-01T10:00:00Z',
        method: 'in person',
        recipient: 'The person',
        language: 'fr',
      },
    }),
  },
  'POST /api/v1/cases/{id}/packets': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await caseWithDocument()).caseId}/packets`,
      payload: { language: 'fr' },
    }),
    refused: async () => ({
      as: 'liaison',
      url: `/cases/${(await caseWithDocument()).caseId}/packets`,
      payload: { language: 'fr' },
    }),
  },
  'POST /api/v1/packet-translations/{language}/approvals': {
    valid: async () => ({
      as: 'coordinator',
      url: '/packet-translations/uk/approvals',
      payload: { sha256: readTranslation('uk').sha256, note: 'Reviewed against the English text.' },
    }),
    refused: async () => ({
      as: 'officer',
      url: '/packet-translations/uk/approvals',
      payload: { sha256: readTranslation('uk').sha256 },
    }),
  },
  'POST /api/v1/cases/{id}/contests': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/contests`,
      payload: { filedBy: 'Counsel', grounds: GROUNDS },
    }),
    refused: async () => ({
      as: 'auditor',
      url: `/cases/${(await newCase()).id}/contests`,
      payload: { filedBy: 'Counsel', grounds: GROUNDS },
    }),
  },
  'POST /api/v1/cases/{id}/documentation/sign-offs': {
    valid: async () => {
      const p = await partialDocumentation();
      return {
        as: 'attorney',
        url: `/cases/${p.caseId}/documentation/sign-offs`,
        payload: { responseId: p.responseId, item: 'Charge sheet', rationale: signOffRationale },
      };
    },
    refused: async () => {
      const p = await partialDocumentation();
      return {
        as: 'officer',
        url: `/cases/${p.caseId}/documentation/sign-offs`,
        payload: { responseId: p.responseId, item: 'Charge sheet', rationale: signOffRationale },
      };
    },
  },
  'POST /api/v1/cases/{id}/subject-link-confirmations': {
    valid: async () => {
      const l = await unconfirmedLink();
      return {
        as: 'attorney',
        url: `/cases/${l.caseId}/subject-link-confirmations`,
        payload: { noticeId: l.noticeId, reason: linkReason },
      };
    },
    refused: async () => {
      const l = await unconfirmedLink();
      return {
        as: 'officer',
        url: `/cases/${l.caseId}/subject-link-confirmations`,
        payload: { noticeId: l.noticeId, reason: linkReason },
      };
    },
  },
  'POST /api/v1/contests/{id}/decision': {
    valid: async () => ({
      as: 'attorney',
      url: `/contests/${await contestId()}/decision`,
      payload: {
        decision: 'sustained',
        answers: [
          {
            groundIndex: 0,
            answer:
              'His reporting on the municipal elections in Lyon is documented by three published articles, and the charge was filed a week after the last one: the political ground holds.',
          },
        ],
      },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/contests/${await contestId()}/decision`,
      payload: { decision: 'sustained', answers: [{ groundIndex: 0, answer: 'x' }] },
    }),
  },
  'PUT /api/v1/persons/{id}/languages': {
    valid: async () => {
      const c = (await send('officer', 'GET', `/cases/${(await newCase()).id}`)).json();
      return {
        as: 'officer',
        url: `/persons/${c.personId}/languages`,
        payload: { languages: ['tg', 'ru'], source: 'The person, at the interview of 1 June' },
      };
    },
    refused: async () => {
      const c = (await send('officer', 'GET', `/cases/${(await newCase()).id}`)).json();
      return {
        as: 'attorney',
        url: `/persons/${c.personId}/languages`,
        payload: { languages: ['tg'], source: 'Counsel' },
      };
    },
  },
  'POST /api/v1/cases/{id}/exigencies': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/exigencies`,
      payload: {
        action: 'Removal hearing before the immigration court next week',
        reason:
          'The immigration court set the removal hearing for next week and refused to adjourn it; waiting would keep the person detained without a hearing.',
      },
    }),
    refused: async () => ({
      as: 'attorney',
      url: `/cases/${(await newCase()).id}/exigencies`,
      payload: { action: 'Hearing', reason: 'The hearing cannot wait for the contest window.' },
    }),
  },
  'POST /api/v1/exigencies/{id}/decision': {
    valid: async () => ({
      as: 'director',
      url: `/exigencies/${await exigencyId()}/decision`,
      payload: {
        decision: 'approved',
        reason:
          'The court fixed the removal hearing and refused to adjourn; reliance is limited to that hearing, and any contest filed must still be decided.',
      },
    }),
    refused: async () => ({
      as: 'supervisor',
      url: `/exigencies/${await exigencyId()}/decision`,
      payload: { decision: 'approved', reason: 'The hearing cannot wait for the contest window to close.' },
    }),
  },
  'POST /api/v1/cases/{id}/authorizations': {
    valid: async () => ({ as: 'officer', url: `/cases/${await readyToAuthorize()}/authorizations` }),
    refused: async () => ({ as: 'attorney', url: `/cases/${(await newCase()).id}/authorizations` }),
  },
  'POST /api/v1/notices/{id}/status': {
    valid: async () => ({
      as: 'liaison',
      url: `/notices/${(await newCase()).noticeId}/status`,
      payload: { status: 'suspended' },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/notices/${(await newCase()).noticeId}/status`,
      payload: { status: 'suspended' },
    }),
  },
  'POST /api/v1/cases/{id}/close': {
    valid: async () => ({
      as: 'supervisor',
      url: `/cases/${(await newCase()).id}/close`,
      payload: { reason: 'Opened in error.' },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/close`,
      payload: { reason: 'x' },
    }),
  },
  'POST /api/v1/tasks/{id}/complete': {
    valid: async () => ({
      as: 'attorney',
      url: `/tasks/${await openTaskId()}/complete`,
      payload: {
        outcome: 'reliance_ended',
        note: 'The notice was withdrawn in March; nobody in the office acts on it any longer.',
      },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/tasks/${await openTaskId()}/complete`,
      payload: { outcome: 'reliance_ended', note: 'x' },
    }),
  },
  'POST /api/v1/rereview/next': {
    valid: async () => ({ as: 'attorney', url: '/rereview/next' }),
    refused: async () => ({ as: 'officer', url: '/rereview/next' }),
  },
  'POST /api/v1/rereview/cases/{id}/release': {
    valid: async () => ({ as: 'attorney', url: `/rereview/cases/${await takenBy('attorney')}/release` }),
    refused: async () => ({ as: 'auditor', url: `/rereview/cases/${await takenBy('attorney')}/release` }),
  },
  'POST /api/v1/rereview/cases/{id}/outcome': {
    valid: async () => ({
      as: 'attorney',
      url: `/rereview/cases/${await takenBy('attorney')}/outcome`,
      payload: {
        outcome: 'referral_counsel',
        reasons: `The file holds no record of service on the person and the detention log cites no independent basis (${randomUUID()}).`,
      },
    }),
    refused: async () => ({
      as: 'auditor',
      url: `/rereview/cases/${await takenBy('attorney')}/outcome`,
      payload: { outcome: 'no_action', reasons: 'x' },
    }),
  },
  'POST /api/v1/liaison-requests/{id}/cancel': {
    valid: async () => ({
      as: 'officer',
      url: `/liaison-requests/${(await pendingRequest()).requestId}/cancel`,
      payload: { reason: 'The request named the wrong notice; a new request on the right one was sent.' },
    }),
    refused: async () => ({
      as: 'auditor',
      url: `/liaison-requests/${(await pendingRequest()).requestId}/cancel`,
      payload: { reason: 'x' },
    }),
  },
  'POST /api/v1/liaison-requests/{id}/follow-ups': {
    valid: async () => {
      const { requestId } = await pendingRequest('documentation');
      await d.db
        .updateTable('liaison_requests')
        .set({ due_at: new Date('2026-01-01T00:00:00Z') })
        .where('id', '=', requestId)
        .execute();
      return {
        as: 'officer',
        url: `/liaison-requests/${requestId}/follow-ups`,
        payload: { note: 'Any news?' },
      };
    },
    refused: async () => ({
      as: 'auditor',
      url: `/liaison-requests/${(await pendingRequest()).requestId}/follow-ups`,
      payload: { note: 'x' },
    }),
  },
  'POST /api/v1/cases/{id}/wording-dismissals': {
    valid: async () => {
      const f = await wordingFinding();
      return {
        as: 'supervisor2',
        url: `/cases/${f.caseId}/wording-dismissals`,
        payload: {
          fingerprint: f.fingerprint,
          reason: 'The narrative quotes the requesting state’s extradition request word for word.',
        },
      };
    },
    refused: async () => {
      const f = await wordingFinding();
      return {
        as: 'officer',
        url: `/cases/${f.caseId}/wording-dismissals`,
        payload: { fingerprint: f.fingerprint, reason: 'x' },
      };
    },
  },
  'PUT /api/v1/cases/{id}/facts': {
    valid: async () => ({
      as: 'officer',
      url: `/cases/${(await newCase()).id}/facts`,
      payload: { facts: screeningFacts(), note: 'From the file.' },
    }),
    refused: async () => ({
      as: 'liaison',
      url: `/cases/${(await newCase()).id}/facts`,
      payload: { facts: screeningFacts() },
    }),
  },
  'POST /api/v1/cases/{id}/screenings': {
    valid: async () => ({ as: 'officer', url: `/cases/${(await newCase()).id}/screenings` }),
    refused: async () => ({ as: 'auditor', url: `/cases/${(await newCase()).id}/screenings` }),
  },
  'POST /api/v1/cases/{id}/charge-corrections': {
    valid: async () => {
      const c = await newCase();
      return {
        as: 'officer',
        url: `/cases/${c.id}/charge-corrections`,
        payload: {
          noticeId: c.noticeId,
          warrantPosition: 0,
          decision: 'corrected',
          categories: ['fraud_economic'],
          reason: 'The warrant describes invoice fraud with named victims.',
        },
      };
    },
    refused: async () => {
      const c = await newCase();
      return {
        as: 'liaison',
        url: `/cases/${c.id}/charge-corrections`,
        payload: { noticeId: c.noticeId, warrantPosition: 0, decision: 'confirmed', reason: 'x' },
      };
    },
  },
  'POST /api/v1/wording-check': {
    valid: async () => ({
      as: 'auditor',
      url: '/wording-check',
      payload: { text: 'He was arrested on the INTERPOL warrant.' },
    }),
    refused: null, // any signed-in user may check wording; it changes nothing
  },
  'POST /api/v1/cases/{id}/portal/access': {
    valid: async () => ({ as: 'officer', url: `/cases/${(await newCase()).id}/portal/access` }),
    refused: async () => ({ as: 'auditor', url: `/cases/${(await newCase()).id}/portal/access` }),
  },
  'POST /api/v1/portal-access/{id}/revoke': {
    valid: async () => ({
      as: 'attorney',
      url: `/portal-access/${await portalAccessId()}/revoke`,
      payload: { reason: 'Counsel replaced.' },
    }),
    refused: async () => ({
      as: 'officer',
      url: `/portal-access/${await portalAccessId()}/revoke`,
      payload: { reason: 'Counsel replaced.' },
    }),
  },
  'POST /api/v1/ccf-reports/{id}/letter': {
    valid: async () => {
      if (!t.app.documents) t.app.documents = tempVault().vault;
      const r = await ccfReport();
      return async () => ccfLetter(r.id);
    },
    refused: async () => ({ as: 'officer', url: `/ccf-reports/${(await ccfReport()).id}/letter` }),
  },
  'POST /api/v1/ccf-reports/{id}/review': {
    valid: async () => {
      if (!t.app.documents) t.app.documents = tempVault().vault;
      const r = await ccfReport();
      // Confirming needs the CCF's letter on the report.
      expect((await ccfLetter(r.id)).statusCode).toBe(201);
      return {
        as: 'attorney',
        url: `/ccf-reports/${r.id}/review`,
        payload: { confirm: true, noticeId: r.noticeId, note: 'The CCF letter of 1 May orders deletion.' },
      };
    },
    refused: async () => ({
      as: 'officer',
      url: `/ccf-reports/${(await ccfReport()).id}/review`,
      payload: { confirm: false, note: 'x' },
    }),
  },
  'POST /api/v1/portal/session': {
    // Opening the portal is audited as portal.sign_in (a refused code as denied, in portal-http.test.ts).
    valid: async () => {
      const { code } = await issuedCode();
      return async () => openPortal(code);
    },
    refused: null, // no role: the access code is the credential
  },
  'DELETE /api/v1/portal/session': {
    valid: async () => {
      const v = await portalVisit();
      return async () => portalSend(v, 'DELETE', '/session');
    },
    refused: null, // a portal visit may always end itself
  },
  'PUT /api/v1/portal/language': {
    valid: async () => {
      const v = await portalVisit();
      return async () => portalSend(v, 'PUT', '/language', { language: 'ar' });
    },
    refused: null, // a portal visit, not a role
  },
  'POST /api/v1/portal/contests': {
    valid: async () => {
      const v = await portalVisit();
      return async () =>
        portalSend(v, 'POST', '/contests', {
          grounds: GROUNDS,
          contact: { name: 'Counsel', role: 'counsel', email: 'counsel@example.org' },
        });
    },
    refused: null, // a portal visit, not a role
  },
  'POST /api/v1/portal/ccf-reports': {
    valid: async () => {
      const v = await portalVisit();
      return async () =>
        portalSend(v, 'POST', '/ccf-reports', { appliedOn: '2026-01-10', outcome: 'pending' });
    },
    refused: null, // a portal visit, not a role
  },
  'POST /api/v1/admin/country-context': {
    valid: async () => ({ as: 'admin', url: '/admin/country-context', payload: contextRow() }),
    refused: async () => ({ as: 'officer', url: '/admin/country-context', payload: contextRow() }),
  },
  'PUT /api/v1/admin/country-context/{id}': {
    valid: async () => ({
      as: 'admin',
      url: `/admin/country-context/${await newContextRow()}`,
      payload: { verified: true },
    }),
    refused: async () => ({
      as: 'supervisor',
      url: `/admin/country-context/${await newContextRow()}`,
      payload: { verified: true },
    }),
  },
  'POST /api/v1/admin/email-delivery/{id}/retry': {
    valid: async () => ({ as: 'admin', url: `/admin/email-delivery/${await failedEmail()}/retry` }),
    refused: async () => ({ as: 'officer', url: `/admin/email-delivery/${await failedEmail()}/retry` }),
  },
  'POST /api/v1/notifications/{id}/read': {
    valid: async () => {
      const c = await newCase();
      // A status change notifies the case's officer; that notification is marked read.
      expect(
        (await send('liaison', 'POST', `/notices/${c.noticeId}/status`, { status: 'suspended' })).statusCode,
      ).toBe(200);
      const n = await d.db
        .selectFrom('notifications as n')
        .innerJoin('users as u', 'u.id', 'n.user_id')
        .select('n.id')
        .where('u.username', '=', 'officer')
        .where('n.case_id', '=', c.id)
        .executeTakeFirstOrThrow();
      return { as: 'officer', url: `/notifications/${n.id}/read` };
    },
    refused: null, // every signed-in user marks their own notifications; another's is a 404
  },
  'POST /api/v1/notifications/read-all': {
    valid: async () => ({ as: 'supervisor', url: '/notifications/read-all' }),
    refused: null, // every signed-in user marks their own notifications
  },
  'POST /api/v1/notices/status-feed': {
    valid: async () => {
      const c = await newCase();
      const n = await d.db
        .selectFrom('notices')
        .select('interpol_ref')
        .where('id', '=', c.noticeId)
        .executeTakeFirstOrThrow();
      return {
        as: 'liaison',
        url: '/notices/status-feed',
        payload: [{ interpolRef: n.interpol_ref, status: 'withdrawn' }],
      };
    },
    refused: async () => ({
      as: 'officer',
      url: '/notices/status-feed',
      payload: [{ interpolRef: '2025/1', status: 'withdrawn' }],
    }),
    entries: 2, // the status change of the one item (as a single change), and the import with its counts
  },
};

/**
 * Routes without a case yet. Matched against `METHOD /path`. `POST /imports` takes multipart/form-data and
 * writes its one audit entry when the background import ends; its success and refusal audit are checked
 * in test/server/import-http.test.ts and test/services/import/legacy-import.test.ts. A supporting document
 * sent through the counsel portal (multipart, after a contest filed there) is audited as
 * `portal.contest.document` (ok, denied and failed), checked in test/server/portal-http.test.ts.
 * A bulk re-screening run (`/rescreen-runs`) is driven by a worker in the server process that writes one
 * audit entry per batch while other requests run, so its entries cannot be counted per request here; its
 * launch, pause, resume and cancel are audited through runAction and checked in
 * test/services/bulk-rescreen.test.ts.
 */
const PENDING: RegExp[] = [
  /^POST \/api\/v1\/rescreen-runs(\/\{id\}\/(pause|resume|cancel))?$/,
  /^POST \/api\/v1\/imports$/,
  /^POST \/api\/v1\/portal\/contests\/\{id\}\/documents$/,
  // The CCF's letter through the portal: its audit entries are checked in test/server/portal-http.test.ts.
  /^POST \/api\/v1\/portal\/ccf-reports\/\{id\}\/letter$/,
  // Security keys need a software authenticator's signed answers: their audit entries (added, refused with
  // the reason, removed after re-authentication) are checked in test/server/security-keys-http.test.ts.
  /^POST \/api\/v1\/session\/security-key(\/options)?$/,
  /^POST \/api\/v1\/account\/security-keys(\/options|\/\{id\}\/remove)?$/,
];
/** Takes the next case of the re-review queue as `user` and returns its id. */
async function takenBy(user: string): Promise<string> {
  const res = await send(user, 'POST', '/rereview/next');
  const taken = (res.json() as { taken: { caseId: string } | null }).taken;
  if (!taken) throw new Error(`nothing for ${user} to take: ${res.body}`);
  return taken.caseId;
}

let mutating: string[] = [];

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  for (const u of USERS) sessions[u] = await signIn(u);
  const doc = (await server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  mutating = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
});
afterAll(async () => {
  await server.close();
  await d.close();
});

describe('audit entries per mutating route', () => {
  it('has a case for every mutating route (or lists it as pending)', () => {
    expect(mutating.length).toBeGreaterThan(20);
    const missing = mutating.filter((r) => !(r in ROUTES) && !PENDING.some((p) => p.test(r)));
    expect(missing, 'add a case to ROUTES in test/server/audit-per-route.test.ts').toEqual([]);
    const stale = Object.keys(ROUTES).filter((r) => !mutating.includes(r));
    expect(stale, 'these cases name routes that no longer exist').toEqual([]);
  });

  for (const [route, c] of Object.entries(ROUTES)) {
    const [method, path] = route.split(' ') as [Method, string];
    it(`${route}: one audit entry when it succeeds`, async () => {
      const call = await c.valid();
      const before = await lastSeq();
      const res =
        typeof call === 'function'
          ? ((await call()) as { statusCode?: number } | Session)
          : await send(call.as, method, call.url.replace(/^\/api\/v1/, ''), call.payload);
      if ('statusCode' in res && res.statusCode !== undefined) {
        expect(res.statusCode, `${route} ${(res as { body?: string }).body}`).toBeLessThan(300);
      }
      const entries = await entriesAfter(before);
      expect(entries, route).toHaveLength(c.entries ?? 1);
      expect(entries.every((e) => e.outcome === 'ok')).toBe(true);
      expect(path.startsWith('/api/v1/')).toBe(true);
    });
    if (c.refused) {
      const refused = c.refused;
      it(`${route}: one denied entry when refused`, async () => {
        const call = await refused();
        const before = await lastSeq();
        const res = await send(call.as, method, call.url, call.payload);
        expect(res.statusCode, route).toBe(403);
        const entries = await entriesAfter(before);
        expect(entries.map((e) => e.outcome)).toEqual(['denied']);
      });
    }
  }

  it('POST /api/v1/session: a wrong passphrase writes one failed entry', async () => {
    const before = await lastSeq();
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'officer', passphrase: 'not the passphrase' },
    });
    expect(res.statusCode).toBe(401);
    expect((await entriesAfter(before)).map((e) => e.outcome)).toEqual(['failed']);
  });
});

/** The entries a request left, with what the refusal tests look at. */
async function fullEntriesAfter(seq: number) {
  return d.db
    .selectFrom('audit_log')
    .select(['action', 'outcome', 'actor_username', 'detail', 'request_id'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
}

describe('refusals of every kind are audited once, without the values submitted', () => {
  it('409 gates_unmet on an authorization attempt', async () => {
    const c = await newCase();
    const before = await lastSeq();
    const res = await send('officer', 'POST', `/cases/${c.id}/authorizations`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('gates_unmet');
    const entries = await fullEntriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['authorization.create', 'denied']]);
    expect(entries[0]!.request_id).toBe(res.json().requestId);
    const detail = entries[0]!.detail as { code: string; unmetGates: string[] };
    expect(detail.code).toBe('gates_unmet');
    expect(detail.unmetGates.length).toBeGreaterThan(0);
  });

  it('404 on an unknown id, for an action and for a read', async () => {
    for (const [method, url] of [
      ['POST', `/cases/${randomUUID()}/authorizations`],
      ['GET', `/cases/${randomUUID()}`],
    ] as const) {
      const before = await lastSeq();
      const res = await send('officer', method, url);
      expect(res.statusCode, url).toBe(404);
      const entries = await fullEntriesAfter(before);
      expect(
        entries.map((e) => e.outcome),
        url,
      ).toEqual(['denied']);
      expect(entries[0]!.actor_username).toBe('officer');
    }
  });

  it('a CSRF failure', async () => {
    const before = await lastSeq();
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: sessions.officer!.cookie, 'x-csrf-token': 'not-the-token' },
      payload: caseBody(),
    });
    expect(res.statusCode).toBe(403);
    const entries = await fullEntriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome, e.actor_username])).toEqual([
      ['request.refused', 'denied', 'officer'],
    ]);
    expect(entries[0]!.detail).toMatchObject({ code: 'csrf_failed', rule: 'CSRF-SYNCHRONIZER-TOKEN' });
    expect(JSON.stringify(entries[0])).not.toContain('not-the-token');
  });

  it('a mutation without a session', async () => {
    const before = await lastSeq();
    const res = await server.inject({ method: 'POST', url: '/api/v1/cases', payload: caseBody() });
    expect(res.statusCode).toBe(401);
    const entries = await fullEntriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome, e.actor_username])).toEqual([
      ['request.refused', 'denied', 'anonymous'],
    ]);
    expect(entries[0]!.detail).toMatchObject({ method: 'POST', route: '/api/v1/cases', status: 401 });
  });

  it('invalid input to a privileged action: field names are kept, never the values (a passphrase)', async () => {
    const secret = 'Tr0ub4dor&3-secret-value';
    // Refused by the request schema (role is not a role) …
    let before = await lastSeq();
    let res = await send('admin', 'POST', '/users', {
      ...userBody('schemafail'),
      role: 'emperor',
      passphrase: secret,
    });
    expect(res.statusCode).toBe(422);
    let entries = await fullEntriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['request.refused', 'failed']]);
    expect((entries[0]!.detail as { fields: string[] }).fields).toContain('body.role');
    expect(JSON.stringify(entries)).not.toContain(secret);
    // … and by the service (the passphrase is the username).
    before = await lastSeq();
    res = await send('admin', 'POST', '/users', { ...userBody('samename1'), passphrase: 'samename1' });
    expect(res.statusCode).toBe(422);
    entries = await fullEntriesAfter(before);
    expect(entries.map((e) => e.outcome)).toEqual(['failed']);
    // (several problems with it, each named by its field: too short, and the username)
    expect(new Set((entries[0]!.detail as { fields: string[] }).fields)).toEqual(new Set(['passphrase']));
    expect(JSON.stringify(entries)).not.toContain('samename1"');
  });

  it("a non-administrator's POST /users is refused on permission before its input is examined", async () => {
    const before = await lastSeq();
    const res = await send('officer', 'POST', '/users', { ...userBody('tooshort'), passphrase: 'short' });
    expect(res.statusCode).toBe(403);
    const entries = await fullEntriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['user.create', 'denied']]);
  });

  it('a sign-in with an invalid body, without storing the passphrase', async () => {
    const before = await lastSeq();
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'officer', passphrase: ['demo passphrase 2026'] },
    });
    expect(res.statusCode).toBe(422);
    const entries = await fullEntriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['request.refused', 'failed']]);
    expect(JSON.stringify(entries)).not.toContain('demo passphrase');
  });
});
