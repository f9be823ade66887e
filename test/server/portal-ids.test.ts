/**
 * The counsel portal and the ids of other cases (issue 9 for the portal): a portal visit opened on case A
 * names, on every portal route that takes an id, the id of every record of every other case (of its own
 * office and of another office) and of no case, and an unknown id. Every one gets the same status and
 * problem document as the unknown id (but its request id), no answer names a record of another case, and
 * no row changes (the fuzz suite's digest of every table); the audit chain verifies at the end. The case's
 * own records, named the same way, are taken: the route reached its check.
 *
 * The routes come from the OpenAPI document (every `/api/v1/portal/` operation with a path parameter); a
 * portal route that takes an id in its body or query string fails the test until it is covered here.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import type { Database } from '../../src/store/db.ts';
import { signInDemo, testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { cleanPdf } from '../helpers/document-files.ts';
import { multipart, tempVault } from '../helpers/documents.ts';
import { addRecordsOfEveryKind, type OfficeRecord, officeRecords } from '../helpers/office-records.ts';
import {
  changedTables,
  digestedTables,
  type Json,
  type Operation,
  openApiOperations,
  tableDigest,
} from '../helpers/openapi-fuzz.ts';

const PORTAL = /^\/api\/v1\/portal\//;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

let d: Database;
let t: ReturnType<typeof testApp>;
let v: ReturnType<typeof tempVault>;
let server: FastifyInstance;
let operations: Operation[] = [];
let records: OfficeRecord[] = [];
let tables: string[] = [];
let caseA = '';
let visit = { cookie: '', csrf: '' };
/** The records of case A that the portal offers: a disclosed document, a contest and a CCF report. */
const own = { document: '', contest: '', ccfReport: '' };
/** Each request from its own address: the portal's rate limit (tested in portal-http) stays out of the way. */
let address = 0;
const nextAddress = () => {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
};

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  v = tempVault();
  t.app.documents = v.vault;
  await seedDemoData(t.system);
  await addRecordsOfEveryKind(d.db, ['NYC', 'MIA']);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    webRoot: false,
  });

  // Case A: a case of NYC served with the documents INTERPOL Washington sent.
  const walk = caseWalker(t);
  const { c, documentIds } = await walk.openServed('officer', '%PDF-1.4 warrant');
  caseA = c.id;
  own.document = documentIds[0]!;

  // A portal access on it, and a visit.
  const officer = await signInDemo(server, 'officer', t.app);
  const issued = await server.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseA}/portal/access`,
    headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  const opened = await server.inject({
    method: 'POST',
    url: '/api/v1/portal/session',
    payload: { code: (issued.json() as { code: string }).code },
    remoteAddress: nextAddress(),
  });
  expect(opened.statusCode, opened.body).toBe(200);
  const cookie = opened.cookies.find((k) => k.name === 'redline_portal')!;
  visit = {
    cookie: `redline_portal=${cookie.value}`,
    csrf: (opened.json() as { csrfToken: string }).csrfToken,
  };

  // A contest and a CCF report filed through the portal.
  const contest = await portal('POST', '/api/v1/portal/contests', {
    grounds: [
      {
        ground: 'political_character',
        statement:
          'The charge was brought after the person criticised the government in the press; the notice serves that dispute.',
      },
    ],
    contact: { name: 'Maître Durand', role: 'counsel', email: 'durand@avocats.invalid' },
  });
  expect(contest.statusCode, contest.body).toBe(201);
  own.contest = (contest.json() as { id: string }).id;
  const report = await portal('POST', '/api/v1/portal/ccf-reports', {
    appliedOn: '2025-11-03',
    outcome: 'pending',
    statement: 'Application lodged with the CCF.',
  });
  expect(report.statusCode, report.body).toBe(201);
  own.ccfReport = (report.json() as { id: string }).id;

  operations = (await openApiOperations(server)).filter((o) => PORTAL.test(o.path));
  records = await officeRecords(d.db);
  tables = await digestedTables(d.db);
}, 300_000);
afterAll(async () => {
  await server?.close();
  await d?.close();
  v?.cleanup();
});

/** A request of the visit, from an address of its own; a multipart file for the upload routes. */
async function portal(method: Operation['method'], url: string, payload?: object, file?: Buffer) {
  const upload = file ? multipart('letter.pdf', file) : null;
  return server.inject({
    method,
    url,
    remoteAddress: nextAddress(),
    headers: {
      cookie: visit.cookie,
      'x-csrf-token': visit.csrf,
      ...(upload?.headers ?? {}),
    },
    ...(upload ? { payload: upload.payload } : payload ? { payload } : {}),
  });
}

/** The answer without what differs from request to request. */
const answer = (res: { statusCode: number; body: string }) => {
  let body: unknown = res.body;
  try {
    const { instance: _i, requestId: _r, ...rest } = JSON.parse(res.body) as Json;
    body = rest;
  } catch {}
  return { status: res.statusCode, body };
};

describe('the counsel portal and the ids of other cases', () => {
  it('takes no id in a body or query string (only in the path, checked below)', () => {
    expect(operations.length).toBeGreaterThan(5);
    const named = operations.filter((op) =>
      /"[A-Za-z]*Ids?"|"id"|"format":"uuid"/.test(JSON.stringify([op.body, op.query])),
    );
    expect(named.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('answers every id of another case exactly as an unknown id: same status and problem, no id, no write', async () => {
    const withId = operations.filter((op) => op.params.length > 0);
    // The routes that take an id, and the record of case A each one takes.
    const ownFor: Record<string, string> = {
      'GET /api/v1/portal/documents/{id}': own.document,
      'POST /api/v1/portal/contests/{id}/documents': own.contest,
      'POST /api/v1/portal/ccf-reports/{id}/letter': own.ccfReport,
    };
    const keys = withId.map((op) => `${op.method} ${op.path}`);
    // Every route that takes an id is listed (a new one must be added, with a record of A it takes).
    expect(keys.filter((k) => !(k in ownFor) && k !== 'GET /api/v1/portal/packets/{id}')).toEqual([]);

    const pdf = await cleanPdf('A letter of the CCF');
    // Every record of another case or of no case (the ids of case A are not tried); each id once.
    const others = [...new Map(records.filter((r) => r.caseId !== caseA).map((r) => [r.id, r])).values()];
    const kinds = new Set(others.map((r) => r.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(15);
    const foreign = new Set(others.map((r) => r.id));
    for (const r of records) if (r.caseId === caseA) foreign.delete(r.id);
    const differences: string[] = [];
    const leaks: string[] = [];
    let sent = 0;
    const before = await tableDigest(d.db, tables);
    for (const op of withId) {
      const key = `${op.method} ${op.path}`;
      const send = (id: string) => {
        sent++;
        return portal(
          op.method,
          op.path.replace(/\{[^}]+\}/, encodeURIComponent(id)),
          undefined,
          op.method === 'POST' ? pdf : undefined,
        );
      };
      const unknown = answer(await send(randomUUID()));
      expect(unknown.status, `${key}: an unknown id`).toBe(404);
      for (const r of others) {
        const a = answer(await send(r.id));
        if (a.status !== unknown.status || JSON.stringify(a.body) !== JSON.stringify(unknown.body))
          differences.push(
            `${key} with a ${r.kind} of ${r.office ?? 'no office'} (case ${r.caseId ?? 'none'}): ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`,
          );
        const named = (JSON.stringify(a.body).match(UUID) ?? []).filter((x) => foreign.has(x.toLowerCase()));
        if (named.length) leaks.push(`${key} with ${r.id}: names ${named.join(', ')}`);
      }
    }
    console.log(
      `portal ids: ${withId.length} routes, ${others.length} ids of other cases (${kinds.size} kinds), ${sent} requests`,
    );
    expect(differences).toEqual([]);
    expect(leaks).toEqual([]);
    expect(changedTables(before, await tableDigest(d.db, tables))).toEqual([]);

    // The records of case A, named the same way, are taken: each route reached its check of the id.
    for (const op of withId) {
      const key = `${op.method} ${op.path}`;
      if (!ownFor[key]) continue;
      const res = await portal(
        op.method,
        op.path.replace(/\{[^}]+\}/, ownFor[key]),
        undefined,
        op.method === 'POST' ? pdf : undefined,
      );
      expect(res.statusCode, `${key} with case A's own record: ${res.body}`).toBe(
        op.method === 'POST' ? 201 : 200,
      );
    }
    const report = await verifyAuditChain(d.db, null);
    expect(report.firstBad).toBeNull();
  }, 300_000);
});
