/**
 * The counsel portal over HTTP: isolation (a code opens one case, never another's documents or an agency
 * route), identical refusals for expired, revoked, guessed and spent credentials, lockout and rate limit,
 * a contest filed through the portal and decided by an attorney, and a CCF deletion reported through the
 * portal that withdraws the authorization once an attorney confirms it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { PORTAL_FIELD_CODES, PORTAL_PROBLEM_CODES } from '../../src/domain/portal-problems.ts';
import { documentMaxBytes } from '../../src/domain/types.ts';
import { buildServer } from '../../src/server/app.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { authorizeCase } from '../../src/services/authorization/authorize.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { generatePacket } from '../../src/services/packet/generate.ts';
import { PORTAL_LOCKOUT } from '../../src/services/portal/session.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, signInDemo, testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { badFileCorpus, cleanPdf } from '../helpers/document-files.ts';
import { documentCounts, filesUnder, multipart, setDocumentLimit, tempVault } from '../helpers/documents.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let walk: ReturnType<typeof caseWalker>;
let server: FastifyInstance;
const MINUTE = 60_000;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  walk = caseWalker(t);
  await seedDemo(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    webRoot: false,
  });
});
afterAll(async () => {
  await server.close();
  await d.close();
});

/** An immigration case served with its documents and authorized (every gate met). */
async function authorizedCase() {
  const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
  await walk.confirmAndRequest(c.id);
  const documentIds = await walk.receiveDocuments(c.id);
  await walk.review(c.id, 'officer');
  await decideApproval(await walk.as('supervisor2'), c.id, {
    decision: 'approved',
    rationale:
      'Federal entry records establish the overstay on their own and the review found no indicator of abuse.',
  });
  const officer = await walk.as('officer');
  const ua = await requestLiaison(officer, c.id, { kind: 'use_authorization' });
  await respondLiaison(await walk.as('liaison'), ua.id, {
    outcome: 'granted',
    scope: 'Removal proceedings',
    scopePurposes: ['immigration_proceedings'],
    validUntil: '2030-06-01',
  });
  // Only the warrant is served; the summary of facts stays with the agency.
  const served = await recordDisclosure(officer, c.id, {
    servedAt: t.clock.now(),
    method: 'in person',
    recipient: 'Sam Walker',
    language: 'fr',
    documentIds: [documentIds[0]!],
  });
  t.clock.set(new Date(served.contestDeadline.getTime() + MINUTE));
  const v = await requestLiaison(officer, c.id, { kind: 'validity' });
  await respondLiaison(await walk.as('liaison'), v.id, {
    result: 'valid',
    expiresOn: '2030-01-01',
    method: 'i-24/7 query',
  });
  const auth = await authorizeCase(await walk.as('officer'), c.id);
  // The warrant's file (the stored-upload work replaces this column with the document store).
  await d.db
    .updateTable('documents')
    .set({ content: Buffer.from('%PDF-1.4 warrant'), content_type: 'application/pdf' })
    .where('id', 'in', documentIds)
    .execute();
  return { c, auth, disclosed: documentIds[0]!, withheld: documentIds[1]! };
}

/** A case served with one document, not authorized. */
const servedCase = (opener = 'officer') => walk.openServed(opener, 'other case');

type Staff = DemoSession;
const staff = (username: string) => signInDemo(server, username, t.app);
function agency(s: Staff, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function issue(caseId: string) {
  const res = await agency(await staff('officer'), 'POST', `/cases/${caseId}/portal/access`);
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; code: string; link: string; expiresAt: string };
}

interface Visit {
  cookie: string;
  csrf: string;
}

function openPortal(body: object, ip = '127.0.0.1') {
  return server.inject({ method: 'POST', url: '/api/v1/portal/session', payload: body, remoteAddress: ip });
}

async function visit(code: string, ip = '127.0.0.1'): Promise<Visit> {
  const res = await openPortal({ code }, ip);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'redline_portal')!;
  expect(cookie.path).toBe('/api/v1/portal');
  expect(cookie.httpOnly).toBe(true);
  return { cookie: `redline_portal=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

function portal(v: Visit, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return server.inject({
    method,
    url: `/api/v1/portal${url}`,
    headers: { cookie: v.cookie, 'x-csrf-token': v.csrf },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A refusal's body without what differs from one request to the next. */
const sameness = (body: string) => {
  const { requestId: _r, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return rest;
};

let A: Awaited<ReturnType<typeof authorizedCase>>;
let B: Awaited<ReturnType<typeof servedCase>>;

describe('counsel portal', () => {
  beforeAll(async () => {
    A = await authorizedCase();
    B = await servedCase();
  }, 240_000);

  it('a code opens its own case only: disclosed documents, nothing withheld, nothing of another case', async () => {
    const access = await issue(A.c.id);
    const v = await visit(access.code);
    const view = await portal(v, 'GET', '/case');
    expect(view.statusCode).toBe(200);
    const body = view.json() as { documents: Array<{ id: string }>; contestDeadline: string | null };
    expect(body.documents.map((x) => x.id)).toEqual([A.disclosed]);
    expect(body.contestDeadline).not.toBeNull();
    expect(JSON.stringify(body)).not.toContain(A.c.id);

    const own = await portal(v, 'GET', `/documents/${A.disclosed}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-disposition']).toMatch(/^attachment;/);
    const withheld = await portal(v, 'GET', `/documents/${A.withheld}`);
    const other = await portal(v, 'GET', `/documents/${B.documentIds[0]}`);
    const unknown = await portal(v, 'GET', `/documents/${randomUUID()}`);
    for (const r of [withheld, other, unknown]) expect(r.statusCode).toBe(404);
    expect(sameness(other.body)).toMatchObject({ code: 'not_found' });
    expect(other.json().detail).toBe(unknown.json().detail);

    // The portal cookie reaches no agency route, even sent there by hand.
    for (const url of [`/api/v1/cases/${A.c.id}`, '/api/v1/cases', `/api/v1/cases/${A.c.id}/portal`]) {
      const r = await server.inject({ method: 'GET', url, headers: { cookie: v.cookie } });
      expect(r.statusCode, url).toBe(401);
    }
    // …and an agency session opens no portal route.
    const officer = await staff('officer');
    const r = await server.inject({
      method: 'GET',
      url: '/api/v1/portal/case',
      headers: { cookie: officer.cookie },
    });
    expect(r.statusCode).toBe(401);
    // A mutation without the portal's CSRF token is refused.
    const noCsrf = await server.inject({
      method: 'PUT',
      url: '/api/v1/portal/language',
      headers: { cookie: v.cookie },
      payload: { language: 'ar' },
    });
    expect(noCsrf.statusCode).toBe(403);

    // Every access is audited, on the case.
    const audited = await d.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('case_id', '=', A.c.id)
      .where('action', 'like', 'portal.%')
      .execute();
    expect(audited.map((a) => `${a.action}:${a.outcome}`)).toEqual(
      expect.arrayContaining(['portal.sign_in:ok', 'portal.read:ok', 'portal.document.download:ok']),
    );
  });

  it('a code of one case never opens another, and B’s code sees B only', async () => {
    const b = await issue(B.c.id);
    const v = await visit(b.code, '10.0.0.2');
    const body = (await portal(v, 'GET', '/case')).json() as { documents: Array<{ id: string }> };
    expect(body.documents.map((x) => x.id).sort()).toEqual([...B.documentIds].sort());
    expect(body.documents.map((x) => x.id)).not.toContain(A.disclosed);
  });

  it('expired, revoked, guessed and spent credentials fail the same way', async () => {
    const ip = '10.0.0.3';
    const revoked = await issue(A.c.id);
    const attorney = await staff('attorney');
    const rv = await agency(attorney, 'POST', `/portal-access/${revoked.id}/revoke`, {
      reason: 'Counsel replaced.',
    });
    expect(rv.statusCode).toBe(200);
    const expired = await issue(A.c.id);
    await d.db
      .updateTable('portal_access')
      .set({ expires_at: new Date(t.clock.now().getTime() - 1000) })
      .where('id', '=', expired.id)
      .execute();
    const linked = await issue(A.c.id);
    const token = linked.link.split('/').pop()!;
    expect((await openPortal({ linkToken: token }, ip)).statusCode).toBe(200);

    const answers = [
      await openPortal({ code: revoked.code }, ip),
      await openPortal({ code: expired.code }, ip),
      await openPortal({ code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' }, ip),
      await openPortal({ linkToken: token }, '10.0.0.4'), // the one-time link, spent
    ];
    for (const a of answers) expect(a.statusCode).toBe(401);
    const first = sameness(answers[0]!.body);
    expect(first).toMatchObject({ code: 'portal_access_refused' });
    for (const a of answers.slice(1)) expect(sameness(a.body)).toEqual(first);
    // The agency's panel shows each access and where it stands.
    const panel = (await agency(attorney, 'GET', `/cases/${A.c.id}/portal`)).json() as {
      accesses: Array<{ id: string; state: string; linkUsed: boolean }>;
    };
    const state = (id: string) => panel.accesses.find((a) => a.id === id);
    expect(state(revoked.id)?.state).toBe('revoked');
    expect(state(expired.id)?.state).toBe('expired');
    expect(state(linked.id)).toMatchObject({ state: 'active', linkUsed: true });
  });

  it('locks an address after repeated bad codes, even for a good code, until the lock ends', async () => {
    const ip = '10.0.0.5';
    const good = await issue(B.c.id);
    for (let i = 0; i < PORTAL_LOCKOUT.failures; i++)
      expect((await openPortal({ code: `BAD${i}-0000-0000-0000` }, ip)).statusCode).toBe(401);
    const locked = await openPortal({ code: good.code }, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('portal_locked');
    // Another address is not locked.
    expect((await openPortal({ code: good.code }, '10.0.0.6')).statusCode).toBe(200);
    t.clock.advance((PORTAL_LOCKOUT.lockMinutes + 1) * MINUTE);
    expect((await openPortal({ code: good.code }, ip)).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const ip = '10.0.0.7';
    const good = await issue(B.c.id);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await openPortal({ code: good.code }, ip)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    const res = await openPortal({ code: good.code }, ip);
    expect(res.json().code).toBe('rate_limited');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('a contest filed through the portal is decided by an attorney and the decision shows in the portal', async () => {
    const access = await issue(A.c.id);
    const v = await visit(access.code, '10.0.0.8');
    const bad = await portal(v, 'POST', '/contests', {
      grounds: [],
      contact: { name: '', role: 'counsel' },
    });
    expect(bad.statusCode).toBe(422);
    const fields = (bad.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['contact.name', 'contact.email', 'grounds']));

    const filed = await portal(v, 'POST', '/contests', {
      grounds: [
        {
          ground: 'political_character',
          statement: 'The prosecution punishes his reporting on the ministry.',
        },
      ],
      contact: { name: 'Maître Claire Dubois', role: 'counsel', email: 'dubois@example.org' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const receipt = filed.json() as { id: string; reference: string };
    expect(receipt.reference).toMatch(/^C-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const row = await d.db
      .selectFrom('contests')
      .selectAll()
      .where('id', '=', receipt.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: 'portal',
      received_by: null,
      case_id: A.c.id,
      reference: receipt.reference,
    });

    let view = (await portal(v, 'GET', '/case')).json() as { contests: Array<Record<string, unknown>> };
    expect(view.contests[0]).toMatchObject({
      reference: receipt.reference,
      status: 'under_review',
      decision: null,
    });

    const panel = (await agency(await staff('attorney'), 'GET', `/cases/${A.c.id}/portal`)).json() as {
      contests: Array<{ id: string }>;
    };
    expect(panel.contests.map((c) => c.id)).toContain(receipt.id);

    const answer =
      'The warrant concerns invoices billed to a private investor in 2023; nothing in the file links the prosecution to his reporting on the ministry, and counsel offered no article or threat that does.';
    const decided = await agency(await staff('attorney'), 'POST', `/contests/${receipt.id}/decision`, {
      decision: 'not_sustained',
      answers: [{ groundIndex: 0, answer }],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    view = (await portal(v, 'GET', '/case')).json() as { contests: Array<Record<string, unknown>> };
    expect(view.contests[0]).toMatchObject({
      status: 'decided',
      decision: 'not_sustained',
      answers: [{ groundIndex: 0, answer }],
    });
  });

  it('counsel sends a supporting document with the contest: checked like every upload, stored encrypted, shown to staff', async () => {
    const vault = tempVault();
    t.app.documents = vault.vault;
    try {
      const access = await issue(B.c.id);
      const v = await visit(access.code, '10.0.0.12');
      const filed = await portal(v, 'POST', '/contests', {
        grounds: [
          { ground: 'due_process_or_torture', statement: 'He was tortured in pre-trial detention in 2019.' },
        ],
        contact: { name: 'Maître Claire Dubois', role: 'counsel', email: 'dubois@example.org' },
      });
      expect(filed.statusCode, filed.body).toBe(201);
      const contestId = (filed.json() as { id: string }).id;
      const send = (contest: string, name: string, bytes: Buffer) => {
        const body = multipart(name, bytes);
        return server.inject({
          method: 'POST',
          url: `/api/v1/portal/contests/${contest}/documents?language=fr`,
          headers: { cookie: v.cookie, 'x-csrf-token': v.csrf, ...body.headers },
          payload: body.payload,
        });
      };
      const before = await documentCounts(d.db);
      // A disguised file is refused with the reason, and nothing is stored.
      const bad = await send(
        contestId,
        'medical-report.pdf',
        Buffer.from('<html><script>alert(1)</script></html>'),
      );
      expect(bad.statusCode).toBe(422);
      expect((bad.json() as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('file');
      expect(await documentCounts(d.db)).toEqual(before);
      // A contest of another case (or an unknown id) is not found.
      const elsewhere = await send(randomUUID(), 'medical-report.pdf', await cleanPdf('Medical report'));
      expect(elsewhere.statusCode).toBe(404);
      const pdf = await cleanPdf('Medical report of Dr. Martin, Lyon, 3 March 2020');
      const ok = await send(contestId, 'medical-report.pdf', pdf);
      expect(ok.statusCode, ok.body).toBe(201);
      const docId = (ok.json() as { documentId: string }).documentId;
      const row = await d.db
        .selectFrom('documents')
        .select(['contest_id', 'kind', 'file_status', 'recorded_by', 'uploader_label', 'case_id'])
        .where('id', '=', docId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        contest_id: contestId,
        kind: 'contest_submission',
        file_status: 'stored',
        recorded_by: null,
        case_id: B.c.id,
      });
      // Stored encrypted: the bytes in the object store are not the file.
      const stored = filesUnder(vault.objectsDir);
      expect(stored.length).toBeGreaterThan(0);
      const { readFileSync } = await import('node:fs');
      expect(stored.some((f) => readFileSync(f).includes(pdf.subarray(0, 200)))).toBe(false);
      // The attorney deciding the contest downloads exactly what counsel sent.
      const attorney = await staff('attorney');
      const dl = await server.inject({
        method: 'GET',
        url: `/api/v1/documents/${docId}/file`,
        headers: { cookie: attorney.cookie },
      });
      expect(dl.statusCode, dl.body).toBe(200);
      expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);
      const audited = await d.db
        .selectFrom('audit_log')
        .select('outcome')
        .where('action', '=', 'portal.contest.document')
        .execute();
      expect(audited.map((a) => a.outcome).sort()).toEqual(['denied', 'failed', 'ok'].sort());
    } finally {
      t.app.documents = undefined;
      vault.cleanup();
    }
  });

  it('the code printed on a served packet opens the portal, which gives the person that packet and no other', async () => {
    const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
    await walk.confirmAndRequest(c.id, 'officer');
    const documentIds = await walk.receiveDocuments(c.id);
    const officer = await walk.as('officer');
    const packet = await generatePacket(officer, c.id, { language: 'fr' });
    expect(packet.accessCode).toBeTruthy();
    await recordDisclosure(officer, c.id, {
      servedAt: t.clock.now(),
      method: 'mail',
      recipient: 'Counsel',
      language: 'fr',
      documentIds,
      packetId: packet.id,
    });
    const v = await visit(packet.accessCode!, '10.0.0.13');
    const view = (await portal(v, 'GET', '/case')).json() as {
      packets: Array<{ id: string; reference: string; version: number; sha256: string }>;
    };
    expect(view.packets).toEqual([
      expect.objectContaining({
        id: packet.id,
        reference: packet.reference,
        version: 1,
        sha256: packet.sha256,
      }),
    ]);
    const dl = await portal(v, 'GET', `/packets/${packet.id}`);
    expect(dl.statusCode, dl.body).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(createHash('sha256').update(dl.rawPayload).digest('hex')).toBe(packet.fileSha256);
    // Another case's packet, an unknown id and a packet not yet served all answer the same 404.
    const unserved = await generatePacket(officer, B.c.id, { language: 'es' }).catch(() => null);
    for (const id of [randomUUID(), 'not-an-id', ...(unserved ? [unserved.id] : [])]) {
      const r = await portal(v, 'GET', `/packets/${id}`);
      expect(r.statusCode).toBe(404);
    }
  });

  it('a CCF deletion reported through the portal withdraws the authorization once an attorney confirms it', async () => {
    const access = await issue(A.c.id);
    const v = await visit(access.code, '10.0.0.9');
    const today = t.clock.now().toISOString().slice(0, 10);
    const future = await portal(v, 'POST', '/ccf-reports', { appliedOn: '2999-01-01', outcome: 'pending' });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0].field).toBe('appliedOn');
    const rep = await portal(v, 'POST', '/ccf-reports', {
      appliedOn: '2026-01-15',
      ccfReference: 'CCF/2026/0142',
      outcome: 'deletion',
      outcomeOn: today,
      statement: 'The Commission found the data not compliant and ordered deletion.',
    });
    expect(rep.statusCode, rep.body).toBe(201);
    const { id } = rep.json() as { id: string };
    // Reported only: the authorization stands until an attorney confirms.
    const before = await d.db
      .selectFrom('authorizations')
      .select('status')
      .where('id', '=', A.auth.id)
      .executeTakeFirstOrThrow();
    expect(before.status).toBe('active');

    const attorney = await staff('attorney');
    const panel = (await agency(attorney, 'GET', `/cases/${A.c.id}/portal`)).json() as {
      ccfReports: Array<{ id: string; status: string }>;
      notices: Array<{ id: string }>;
    };
    expect(panel.ccfReports.find((r) => r.id === id)?.status).toBe('reported');
    const noticeId = panel.notices[0]!.id;
    const byOfficer = await agency(await staff('officer'), 'POST', `/ccf-reports/${id}/review`, {
      confirm: true,
      noticeId,
      note: 'Letter checked.',
    });
    expect(byOfficer.statusCode).toBe(403);
    const noNotice = await agency(attorney, 'POST', `/ccf-reports/${id}/review`, {
      confirm: true,
      note: 'Letter checked.',
    });
    expect(noNotice.statusCode).toBe(422);
    expect(noNotice.json().errors[0].field).toBe('noticeId');

    // No CCF letter on the report: the finding is not confirmed, and the problem names the letter.
    const noLetter = await agency(attorney, 'POST', `/ccf-reports/${id}/review`, {
      confirm: true,
      noticeId,
      note: 'The CCF letter of today orders deletion.',
    });
    expect(noLetter.statusCode, noLetter.body).toBe(422);
    expect(noLetter.json().errors[0]).toMatchObject({ field: 'letter', code: 'ccf_letter_required' });
    expect(
      (
        await d.db
          .selectFrom('authorizations')
          .select('status')
          .where('id', '=', A.auth.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('active');
    // The attorney uploads the letter on the confirm form (counsel did not send it): an officer may not,
    // a disguised file is refused and nothing is stored, a real PDF is stored on the report.
    t.app.documents ??= tempVault().vault;
    const upload = (who: Staff, name: string, bytes: Buffer, report = id) => {
      const body = multipart(name, bytes);
      return server.inject({
        method: 'POST',
        url: `/api/v1/ccf-reports/${report}/letter`,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...body.headers },
        payload: body.payload,
      });
    };
    const letterPdf = await cleanPdf('Commission for the Control of INTERPOL’s Files — deletion ordered');
    expect((await upload(await staff('officer'), 'ccf.pdf', letterPdf)).statusCode).toBe(403);
    const disguised = await upload(
      attorney,
      'ccf.pdf',
      Buffer.from('<!DOCTYPE html><html><body>x</body></html>'),
    );
    expect(disguised.statusCode, disguised.body).toBe(422);
    expect(disguised.json().errors[0].field).toBe('file');
    expect((await upload(attorney, 'ccf.pdf', letterPdf, randomUUID())).statusCode).toBe(404);
    const uploaded = await upload(attorney, 'ccf-letter.pdf', letterPdf);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const stored = await d.db
      .selectFrom('documents')
      .select(['kind', 'ccf_report_id', 'case_id'])
      .where('id', '=', (uploaded.json() as { documentId: string }).documentId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'ccf_letter', ccf_report_id: id, case_id: A.c.id });

    const ok = await agency(attorney, 'POST', `/ccf-reports/${id}/review`, {
      confirm: true,
      noticeId,
      note: 'The CCF letter of today, reference CCF/2026/0142, orders deletion; checked with INTERPOL Washington.',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', affectedCases: 1 });
    const after = await d.db
      .selectFrom('authorizations')
      .select(['status', 'withdrawn_reason'])
      .where('id', '=', A.auth.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('withdrawn');
    expect(after.withdrawn_reason).toMatch(/CCF/);
    const notice = await d.db
      .selectFrom('notices')
      .select('status')
      .where('id', '=', noticeId)
      .executeTakeFirstOrThrow();
    expect(notice.status).toBe('deleted');
    const task = await d.db
      .selectFrom('tasks')
      .select(['kind', 'status'])
      .where('case_id', '=', A.c.id)
      .where('status', '=', 'open')
      .execute();
    expect(task.length).toBeGreaterThan(0);
    const again = await agency(attorney, 'POST', `/ccf-reports/${id}/review`, {
      confirm: true,
      noticeId,
      note: 'Letter checked a second time.',
    });
    expect(again.statusCode).toBe(409);
    // A report already reviewed takes no more letters, from the attorney either.
    const late = await upload(attorney, 'ccf-letter-2.pdf', await cleanPdf('A second letter'));
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('ccf_report_reviewed');
    const seen = (await portal(v, 'GET', '/case')).json() as {
      ccfReports: Array<{ id: string; status: string }>;
    };
    expect(seen.ccfReports.find((r) => r.id === id)?.status).toBe('confirmed');
  });

  it('the CCF’s letter sent with a report: checked like every upload, attached to the report, read by the attorney', async () => {
    const vault = tempVault();
    t.app.documents = vault.vault;
    const LIMIT = 64 * 1024;
    await setDocumentLimit(d.db, LIMIT);
    try {
      const access = await issue(B.c.id);
      const v = await visit(access.code, '10.0.0.14');
      const today = t.clock.now().toISOString().slice(0, 10);
      const rep = await portal(v, 'POST', '/ccf-reports', {
        appliedOn: '2026-01-10',
        ccfReference: 'CCF/2026/0207',
        outcome: 'deletion',
        outcomeOn: today,
      });
      expect(rep.statusCode, rep.body).toBe(201);
      const { id } = rep.json() as { id: string };
      const send = (report: string, name: string, bytes: Buffer, who: Visit = v) => {
        const body = multipart(name, bytes);
        return server.inject({
          method: 'POST',
          url: `/api/v1/portal/ccf-reports/${report}/letter`,
          headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...body.headers },
          payload: body.payload,
        });
      };
      const before = await documentCounts(d.db);
      const stored = filesUnder(vault.objectsDir).length;
      for (const bad of badFileCorpus(LIMIT)) {
        const r = await send(id, bad.fileName, await bad.bytes());
        expect(r.statusCode, bad.label).toBe(bad.status);
        const body = r.json() as { reason: string; errors: Array<{ field: string; code: string }> };
        expect(body.reason, bad.label).toBe(bad.reason);
        expect(body.errors[0], bad.label).toMatchObject({ field: 'file', code: bad.reason });
      }
      expect(await documentCounts(d.db)).toEqual(before);
      expect(filesUnder(vault.objectsDir).length).toBe(stored);
      // Another case's report, or an unknown one, is not found.
      const other = await issue(A.c.id);
      const vo = await visit(other.code, '10.0.0.15');
      expect((await send(id, 'letter.pdf', await cleanPdf('CCF decision'), vo)).statusCode).toBe(404);
      expect((await send(randomUUID(), 'letter.pdf', await cleanPdf('CCF decision'))).statusCode).toBe(404);

      const letter = await cleanPdf('Commission for the Control of INTERPOL’s Files — decision of deletion');
      const ok = await send(id, 'ccf-decision.pdf', letter);
      expect(ok.statusCode, ok.body).toBe(201);
      const docId = (ok.json() as { documentId: string }).documentId;
      const row = await d.db
        .selectFrom('documents')
        .select(['kind', 'ccf_report_id', 'case_id', 'file_status', 'recorded_by'])
        .where('id', '=', docId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        kind: 'ccf_letter',
        ccf_report_id: id,
        case_id: B.c.id,
        file_status: 'stored',
        recorded_by: null,
      });
      // The attorney confirming sees the letter with the report and reads exactly what was sent.
      const attorney = await staff('attorney');
      const panel = (await agency(attorney, 'GET', `/cases/${B.c.id}/portal`)).json() as {
        ccfReports: Array<{ id: string; letters: Array<{ documentId: string; fileName: string }> }>;
      };
      expect(panel.ccfReports.find((r) => r.id === id)?.letters).toEqual([
        expect.objectContaining({ documentId: docId, fileName: expect.stringMatching(/\.pdf$/) }),
      ]);
      const dl = await server.inject({
        method: 'GET',
        url: `/api/v1/documents/${docId}/file`,
        headers: { cookie: attorney.cookie },
      });
      expect(dl.statusCode, dl.body).toBe(200);
      expect(Buffer.compare(dl.rawPayload, letter)).toBe(0);
      // Once reviewed, the report takes no more letters.
      const setAside = await agency(attorney, 'POST', `/ccf-reports/${id}/review`, {
        confirm: false,
        note: 'The letter concerns another person; set aside after calling counsel.',
      });
      expect(setAside.statusCode, setAside.body).toBe(200);
      const late = await send(id, 'ccf-decision-2.pdf', await cleanPdf('A second letter'));
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('ccf_report_reviewed');
      const audited = await d.db
        .selectFrom('audit_log')
        .select('outcome')
        .where('action', '=', 'portal.ccf_report.letter')
        .where('outcome', '=', 'ok')
        .execute();
      expect(audited).toHaveLength(1);
    } finally {
      t.app.documents = undefined;
      vault.cleanup();
    }
  });

  it('every refusal the portal routes give carries codes the portal has a text for in each language', async () => {
    const vault = tempVault();
    t.app.documents = vault.vault;
    const seen = new Map<string, string>();
    const note = (label: string, res: { statusCode: number; body: string }) => {
      expect(res.statusCode, `${label}: ${res.body}`).toBeGreaterThanOrEqual(400);
      const body = JSON.parse(res.body) as {
        code: string;
        reason?: string;
        errors?: Array<{ code?: string }>;
      };
      seen.set(`problem ${body.code}`, label);
      for (const e of body.errors ?? []) seen.set(`field ${e.code ?? '(none)'}`, label);
    };
    try {
      note('no credential', await openPortal({}, '10.0.0.16'));
      note('a guessed code', await openPortal({ code: 'AAAA-BBBB-CCCC-DDDD' }, '10.0.0.16'));
      note(
        'not signed in',
        await server.inject({ method: 'POST', url: '/api/v1/portal/contests', payload: {} }),
      );
      const access = await issue(B.c.id);
      const v = await visit(access.code, '10.0.0.17');
      note(
        'no CSRF token',
        await server.inject({
          method: 'POST',
          url: '/api/v1/portal/ccf-reports',
          headers: { cookie: v.cookie },
          payload: {},
        }),
      );
      note(
        'an empty contest',
        await portal(v, 'POST', '/contests', { grounds: [], contact: { name: '', role: 'counsel' } }),
      );
      note(
        'a ground without a statement and a bad e-mail',
        await portal(v, 'POST', '/contests', {
          grounds: [{ ground: 'other', statement: ' ' }],
          contact: { name: 'Counsel', role: 'counsel', email: 'not-an-address' },
        }),
      );
      note(
        'an unknown ground, a role not offered, a statement too long',
        await portal(v, 'POST', '/contests', {
          grounds: [{ ground: 'astrology', statement: 'x'.repeat(20_001) }],
          contact: { name: 'Counsel', role: 'cousin' },
        }),
      );
      note(
        'control characters in a statement',
        await portal(v, 'POST', '/contests', {
          grounds: [{ ground: 'other', statement: 'bell\u0007' }],
          contact: { name: 'Counsel', role: 'counsel', phone: '+1 555 0100' },
        }),
      );
      note(
        'a CCF report dated in the future',
        await portal(v, 'POST', '/ccf-reports', { appliedOn: '2999-01-01', outcome: 'pending' }),
      );
      note(
        'a decision before the application',
        await portal(v, 'POST', '/ccf-reports', {
          appliedOn: '2026-01-10',
          outcome: 'deletion',
          outcomeOn: '2025-01-01',
        }),
      );
      note(
        'an outcome not offered',
        await portal(v, 'POST', '/ccf-reports', { appliedOn: '2026-01-10', outcome: 'maybe' }),
      );
      const one = multipart('a.pdf', await cleanPdf());
      note(
        'an unknown report',
        await server.inject({
          method: 'POST',
          url: `/api/v1/portal/ccf-reports/${randomUUID()}/letter`,
          headers: { cookie: v.cookie, 'x-csrf-token': v.csrf, ...one.headers },
          payload: one.payload,
        }),
      );
      const filed = await portal(v, 'POST', '/ccf-reports', { appliedOn: '2026-01-10', outcome: 'pending' });
      const { id } = filed.json() as { id: string };
      const upload = (name: string, bytes: Buffer, field = 'file') => {
        const body = multipart(name, bytes, field);
        return server.inject({
          method: 'POST',
          url: `/api/v1/portal/ccf-reports/${id}/letter`,
          headers: { cookie: v.cookie, 'x-csrf-token': v.csrf, ...body.headers },
          payload: body.payload,
        });
      };
      note('no file part', await upload('a.pdf', await cleanPdf(), 'letter'));
      const limit = documentMaxBytes(await currentPolicy(d.db));
      for (const bad of badFileCorpus(limit)) note(bad.label, await upload(bad.fileName, await bad.bytes()));
      note('the portal unknown', await portal(v, 'GET', `/documents/${randomUUID()}`));
      // Too many bad codes from one address (the lock; the rate limit is checked above).
      let limited: { statusCode: number; body: string } | null = null;
      for (let i = 0; i < 12 && !limited; i++) {
        const r = await openPortal({ code: 'AAAA-BBBB-CCCC-DDDE' }, '10.0.0.18');
        if (r.statusCode === 429) limited = r;
      }
      note('too many attempts', limited!);

      const known = new Set([
        ...PORTAL_PROBLEM_CODES.map((c) => `problem ${c}`),
        ...PORTAL_FIELD_CODES.map((c) => `field ${c}`),
      ]);
      expect(seen.has('problem internal_error'), seen.get('problem internal_error')).toBe(false);
      const unknown = [...seen].filter(([code]) => !known.has(code));
      expect(unknown).toEqual([]);
      // The refusals exercised cover the portal's forms, sign-in and uploads.
      for (const code of [
        'problem portal_access_refused',
        'problem portal_not_signed_in',
        'problem csrf_failed',
        'problem portal_locked',
        'problem file_refused',
        'problem file_too_large',
        'field grounds_required',
        'field statement_required',
        'field email_invalid',
        'field text_control',
        'field outcome_before_applied',
        'field file_missing',
        'field pdf_javascript',
        'field doc_name_bidi',
      ])
        expect(seen.has(code), code).toBe(true);
    } finally {
      t.app.documents = undefined;
      vault.cleanup();
    }
  });
});
