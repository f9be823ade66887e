/**
 * Every id a request names, checked against another office's records, route by route from the OpenAPI
 * document (issue 9: "not found and not yours answer the same 404 without an id").
 *
 * Both offices hold a record of every kind (the demo data, and on a case of each office the records it
 * lacks: test/helpers/office-records.ts). For every operation, every path parameter and every body or
 * query field that names a record (a name ending in Id or Ids, or a uuid), and every role of an office that
 * may call the route (in each office: officer, supervisor, attorney, director; and the roles of no office
 * but the two that span offices: training coordinator and administrator), two requests are sent that differ
 * only in that id: (a) the id of a record of the right kind that belongs to ANOTHER office, (b) an unknown
 * id. The rest of the request is valid enough to reach the check: the caller's own records elsewhere, and
 * bodies generated from the schema (with the fuzz suite's arbitraries) until the unknown id gets its 404.
 * Then:
 *   - (a) and (b) get the same status and the same problem document (but its request id);
 *   - neither answer carries the id of any record of the other office;
 *   - no row changed (the fuzz suite's digest of every table);
 * and at the end the audit chain verifies. The (route, field) pairs checked are counted and printed. Ids
 * nested in a body (in a list or an object) are walked as top-level ones; the run must reach the id's own
 * check (the 404 of an unknown id, or a 422 that names the field) for those of MUST_REACH.
 *
 * Not checked, and why: see SPANNING_USERS, NOT_RECORDS, NATIONAL and NO_OFFICE.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpSecret } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, DEMO_USERS, seedDemoData } from '../../src/demo/seed.ts';
import { expandScreening } from '../../src/domain/screening/index.ts';
import type { Role } from '../../src/domain/types.ts';
import { buildServer } from '../../src/server/app.ts';
import { createUser } from '../../src/services/accounts.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import { enrolWithKnownSecret } from '../../src/services/mfa.ts';
import { latestScreeningRow } from '../../src/services/screening/rescreen.ts';
import { recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { type DemoSession, demoSignInBody, signInDemo, testApp } from '../helpers/app.ts';
import { checkedFacts, FEDERAL_BASIS } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { cleanPdf } from '../helpers/document-files.ts';
import { multipart, tempVault } from '../helpers/documents.ts';
import {
  addRecordsOfEveryKind,
  FIELD_KINDS,
  type OfficeRecord,
  officeRecords,
  pathParamKind,
  type RecordKind,
} from '../helpers/office-records.ts';
import {
  changedTables,
  digestedTables,
  type Json,
  type Operation,
  openApiOperations,
  schemaArbitraries,
  tableDigest,
} from '../helpers/openapi-fuzz.ts';

/** Accounts added to the demo data for Miami (which has only an officer): every role of an office. */
const MIAMI_USERS: Array<{ username: string; role: Role }> = [
  { username: 'supervisor-mia', role: 'supervisor' },
  { username: 'attorney-mia', role: 'attorney' },
  { username: 'director-mia', role: 'director' },
];
/**
 * Demo accounts not checked here, and why: their roles reach the records of every office by design
 * (domain/permissions.ts#OFFICE_SPANNING_ROLES, services/scope.ts).
 */
const SPANNING_USERS: Record<string, string> = {
  liaison: 'INTERPOL Washington answers the requests of every office',
  auditor: 'auditors oversee every office',
};
/** The callers, with their office (null: no office): every other demo account, and the Miami ones. */
const CALLERS: Record<string, string | null> = Object.fromEntries([
  ...DEMO_USERS.filter((u) => !SPANNING_USERS[u.username]).map((u) => [u.username, u.officeId]),
  ...MIAMI_USERS.map((u) => [u.username, 'MIA']),
]);
/** Fields and path parameters that name no record of an office, and why. */
const NOT_RECORDS: Record<string, string> = {
  indicatorId:
    'an indicator of the screening ruleset (a code such as IND_PROFILE_DISSIDENT), the same for every office',
  officeId:
    'an office code: an administrator places a new account in an office (POST /users); a bulk re-screening names the office it covers, limited to the supervisor’s own office by the service (rescreen-http tests)',
  rawId: 'the credential id a security key sends for itself, matched against the keys of the caller only',
  'response.id': 'the credential id a security key sends for itself (as rawId)',
  username: 'the account routes are for administrators, who manage the accounts of every office',
  language: 'a language code',
};
/** Route fields that callers of no office reach in every office by design (not checked for them), and why. */
const NATIONAL: Record<string, { callers: string[]; reason: string }> = {
  'POST /api/v1/training userId': {
    callers: ['coordinator'],
    reason: 'training coordinators record the annual training of the staff of every office',
  },
  'GET /api/v1/imports/{id} id': {
    callers: ['admin'],
    reason: 'administrators run the imports of every office',
  },
  'GET /api/v1/imports/{id}/errors.csv id': {
    callers: ['admin'],
    reason: 'administrators run the imports of every office',
  },
  ...Object.fromEntries(
    [
      'GET /api/v1/rescreen-runs/{id}',
      ...['pause', 'resume', 'cancel'].map((a) => `POST /api/v1/rescreen-runs/{id}/${a}`),
    ].map((k) => [
      `${k} id`,
      {
        callers: ['admin'],
        reason: 'administrators run bulk re-screenings over every office (supervisors: their own)',
      },
    ]),
  ),
};
/** Paths with ids of records of no office (national reference data, the administrators' own), and why. */
const NO_OFFICE: Record<string, string> = {
  'POST /api/v1/admin/email-delivery/{id}/retry':
    'administrators follow the notification e-mail of every office',
  'PUT /api/v1/admin/country-context/{id}': 'country context is national reference data',
};
/** The counsel portal answers its own session only (a person's access to one case): no staff session. */
const PORTAL = /^\/api\/v1\/portal\//;

/**
 * Ids inside a body (in a list, or deeper in an object) whose own check the run must reach, as a proof that
 * ids nested in a body are tried past the rest of the body's checks.
 */
const MUST_REACH = [
  'POST /api/v1/cases assignedOfficerId',
  'POST /api/v1/cases/{id}/review dispositions[].liaisonRequestId',
  'PUT /api/v1/cases/{id}/facts facts.notice.source.documentId',
  'PUT /api/v1/cases/{id}/facts facts.judicial.warrants[].source.documentId',
  'PUT /api/v1/cases/{id}/facts facts.extradition.requests[].source.documentId',
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const PLACEHOLDER = '__the_id_under_test__';
/** Bodies tried per (route, field, caller) to reach the check of the id. */
const ATTEMPTS = 4;

let d: Database;
let t: ReturnType<typeof testApp>;
let v: ReturnType<typeof tempVault>;
let server: FastifyInstance;
let operations: Operation[] = [];
let records: OfficeRecord[] = [];
let tables: string[] = [];
const sessions: Record<string, DemoSession> = {};
/** For each case, an indicator its latest screening could not determine (for a review's disposition). */
const undetermined = new Map<string, { id: string; title: string }>();

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  v = tempVault();
  t.app.documents = v.vault;
  await seedDemoData(t.system);
  const now = t.app.clock();
  for (const u of MIAMI_USERS) {
    const created = await createUser(t.system, {
      ...u,
      displayName: u.username,
      officeId: 'MIA',
      email: `${u.username}@demo.redline.invalid`,
      passphrase: DEMO_PASSPHRASE,
    });
    await enrolWithKnownSecret(t.system, created.id, demoTotpSecret(u.username), now);
    await recordTraining(t.system, {
      userId: created.id,
      course: 'INTERPOL Notices and Diffusions — annual (ICE Directive 15006.1)',
      completedAt: new Date(now.getTime() - 30 * 86_400_000),
      certificateRef: `TEST-${u.username}`,
    });
  }
  await addRecordsOfEveryKind(d.db, ['NYC', 'MIA']);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  for (const u of Object.keys(CALLERS)) sessions[u] = await signInDemo(server, u, t.app);
  operations = (await openApiOperations(server)).filter((o) => !PORTAL.test(o.path));
  records = await officeRecords(d.db);
  for (const r of records.filter((x) => x.kind === 'case')) {
    const row = await latestScreeningRow(d.db, r.id);
    const found = row ? expandScreening(row.results).results.find((x) => x.outcome === 'undetermined') : null;
    if (found) undetermined.set(r.id, { id: found.id, title: found.title });
  }
  tables = await digestedTables(d.db);
}, 300_000);
afterAll(async () => {
  await server?.close();
  await d?.close();
  v?.cleanup();
});

// ---------------------------------------------------------------------------
// The ids a request names
// ---------------------------------------------------------------------------

/** One id in a request: a path parameter, a query parameter, or a body field (its path in the body). */
interface IdField {
  in: 'path' | 'query' | 'body';
  name: string;
  /** In the body: the keys down to the field ('[]' for an array's items). */
  at: string[];
  /** An array of ids (documentIds) rather than one. */
  many: boolean;
}

const isIdName = (name: string) => /Ids?$/.test(name) || name === 'id';
const label = (f: IdField) => (f.in === 'body' ? f.at.join('.').replaceAll('.[]', '[]') : f.name);

/** The branches of a schema (anyOf, oneOf, allOf merged), for walking its properties. */
function branches(s: Json): Json[] {
  for (const key of ['anyOf', 'oneOf'] as const) {
    const b = s[key] as Json[] | undefined;
    if (b?.length) return b.flatMap(branches);
  }
  if (s.allOf) return branches(Object.assign({}, ...(s.allOf as Json[])));
  return [s];
}

function bodyIdFields(s: Json, at: string[] = [], out: IdField[] = []): IdField[] {
  if (at.length > 10) return out;
  for (const b of branches(s)) {
    if (b.type === 'array' && b.items) bodyIdFields(b.items as Json, [...at, '[]'], out);
    for (const [k, p] of Object.entries((b.properties as Record<string, Json> | undefined) ?? {})) {
      const items = branches(p).find((x) => x.type === 'array')?.items as Json | undefined;
      const uuid = branches(p).some((x) => x.format === 'uuid') || items?.format === 'uuid';
      if ((isIdName(k) || uuid) && !out.some((f) => f.at.join('.') === [...at, k].join('.')))
        out.push({ in: 'body', name: k, at: [...at, k], many: Boolean(items) });
      else bodyIdFields(p, [...at, k], out);
    }
  }
  return out;
}

function idFields(op: Operation): IdField[] {
  const fields: IdField[] = [];
  for (const p of op.params) fields.push({ in: 'path', name: p.name as string, at: [], many: false });
  for (const p of op.query) {
    const name = p.name as string;
    if (isIdName(name) || (p.schema as Json | undefined)?.format === 'uuid')
      fields.push({ in: 'query', name, at: [], many: false });
  }
  if (op.body) fields.push(...bodyIdFields(op.body));
  return fields;
}

const kindOf = (op: Operation, f: IdField): RecordKind | null =>
  f.in === 'path' ? pathParamKind(op.path, f.name) : (FIELD_KINDS[f.name] ?? null);

/**
 * The schema with the field under test made present (its keys required, its arrays of one item, the
 * branches that hold it chosen) and its value the placeholder.
 */
function focus(s: Json, at: string[], many: boolean): Json {
  if (at.length === 0)
    return many
      ? { type: 'array', items: { const: PLACEHOLDER }, minItems: 1, maxItems: 1 }
      : { const: PLACEHOLDER };
  const [key, ...rest] = at;
  const holding = branches(s).filter((b) =>
    key === '[]' ? b.type === 'array' : Object.hasOwn((b.properties as Json | undefined) ?? {}, key!),
  );
  const b = holding[0] ?? s;
  if (key === '[]') return { ...b, items: focus(b.items as Json, rest, many), minItems: 1, maxItems: 1 };
  const props = b.properties as Record<string, Json>;
  return {
    ...b,
    anyOf: undefined,
    oneOf: undefined,
    allOf: undefined,
    type: 'object',
    properties: { ...props, [key!]: focus(props[key!]!, rest, many) },
    required: [...new Set([...((b.required as string[] | undefined) ?? []), key!])],
  };
}

// ---------------------------------------------------------------------------
// Bodies that pass validation
// ---------------------------------------------------------------------------

/**
 * A valid body for the routes whose generated bodies seldom pass validation, tried first; `own(kind)` is
 * an id of the caller's own record of that kind.
 */
const BASE_BODIES: Record<
  string,
  (own: (kind: RecordKind) => string, caller: string, caseId: string | null) => Json
> = {
  'POST /api/v1/account/security-keys/{id}/remove': (_own, caller) => demoSignInBody(caller, t.app),
  'POST /api/v1/cases': () => ({
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'Martin',
      givenNames: 'Paul',
      languages: ['fr'],
      datesOfBirth: ['1969-07-14'],
      nationalities: ['FR'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: '2025/91001',
      issuingCountry: 'FR',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
    },
    independentBasis: FEDERAL_BASIS,
  }),
  'PATCH /api/v1/cases/{id}': () => ({
    narrative: 'The person was encountered at a routine check-in and identified from federal records.',
  }),
  'POST /api/v1/liaison-requests/{id}/response': () => ({
    result: 'valid',
    expiresOn: '2030-01-01',
    method: 'i-24/7 query',
  }),
  'POST /api/v1/cases/{id}/disclosures': () => ({
    servedAt: '2026-06-01T10:00:00.000Z',
    method: 'in person',
    recipient: 'The person',
    language: 'fr',
  }),
  'PUT /api/v1/cases/{id}/facts': () => ({
    facts: checkedFacts(false),
    note: 'Every section of the file checked: nothing of concern beyond the fraud charge itself.',
  }),
  'POST /api/v1/cases/{id}/charge-corrections': (own) => ({
    noticeId: own('notice'),
    warrantPosition: 0,
    decision: 'confirmed',
    reason:
      'The Lyon arrest warrant charges obtaining payment by forged invoices, an ordinary fraud offence as the reader classed it.',
  }),
  // A review started afresh on the case, with an indicator the screening could not determine waiting for
  // information requested from INTERPOL Washington (the request named by id).
  'POST /api/v1/cases/{id}/review': (own, _caller, caseId) => ({
    start: true,
    dispositions: [
      {
        indicatorId: (caseId && undetermined.get(caseId)?.id) ?? 'IND_PROFILE_DISSIDENT',
        disposition: 'information_requested',
        liaisonRequestId: own('liaison_request'),
        explanation: `${(caseId && undetermined.get(caseId)?.title) ?? 'The indicator'}: asked INTERPOL Washington for the documentation the file lacks.`,
      },
    ],
  }),
  'POST /api/v1/ccf-reports/{id}/review': () => ({
    confirm: true,
    note: 'The CCF letter of 12 May 2026 (reference CCF/2026/123) was checked against the report.',
  }),
};

/** The body with the field under test set to the placeholder (the objects and arrays on its way made). */
function withField(body: Json, f: IdField): Json {
  const copy = structuredClone(body);
  let at: unknown = copy;
  f.at.forEach((key, i) => {
    const last = i === f.at.length - 1;
    const value = last ? (f.many ? [PLACEHOLDER] : PLACEHOLDER) : f.at[i + 1] === '[]' ? [] : {};
    if (key === '[]') {
      const list = at as unknown[];
      if (!list.length || typeof list[0] !== 'object') list[0] = value;
      at = list[0];
    } else {
      const o = at as Json;
      // A record named by id instead of described: `personId` in place of `person`.
      if (last && key.endsWith('Id')) delete o[key.slice(0, -2)];
      if (last || typeof o[key] !== 'object' || o[key] === null) o[key] = value;
      at = o[key];
    }
  });
  return copy;
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

/** The answer without what differs from request to request (the request id, and the URL as `instance`). */
type Answer = { status: number; body: unknown };
const answer = (res: { body: string; statusCode: number }): Answer => {
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {}
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { instance: _i, requestId: _r, ...rest } = body as Json;
    body = rest;
  }
  return { status: res.statusCode, body };
};
/** A refusal by the route's schemas (before any service ran): 400, or 422 on fields of the request's parts. */
const schemaRefusal = (a: Answer) =>
  a.status === 400 ||
  (a.status === 422 &&
    ((a.body as { errors?: Array<{ field?: string }> }).errors ?? []).every((e) =>
      /^(body|params|querystring)\b/.test(e.field ?? ''),
    ));
/** Where a body field's problem is reported: its path with the first item of each array (`dispositions.0.liaisonRequestId`). */
const fieldPath = (f: IdField) => f.at.map((k) => (k === '[]' ? '0' : k)).join('.');
/** A refusal of the body field itself by the service (a 422 that names it): the id's own check was reached. */
const namesField = (a: Answer, f: IdField) =>
  f.in === 'body' &&
  a.status === 422 &&
  ((a.body as { errors?: Array<{ field?: string }> }).errors ?? []).some(
    (e) => e.field === fieldPath(f) || (f.many && e.field?.startsWith(`${fieldPath(f)}.`)),
  );
const shown = (a: { status: number; body: unknown }) => `${a.status} ${JSON.stringify(a.body).slice(0, 300)}`;

describe("another office's records named by id, on every route", () => {
  it('answer exactly as an unknown id: the same status and problem, no id of that office, no write', async () => {
    const checked = new Set<string>();
    const reached = new Set<string>();
    const byService = new Set<string>();
    const differences: string[] = [];
    const leaks: string[] = [];
    const writes: string[] = [];
    const accepted: string[] = [];
    const notCovered = new Set<string>();
    const lastAnswer = new Map<string, string>();
    const uncallable = new Map<string, Set<string>>();
    let sent = 0;

    const own = (office: string | null, kind: RecordKind) =>
      records.filter((r) => r.kind === kind && office !== null && r.office === office);
    const otherOffice = (office: string | null, kind: RecordKind) => {
      const mine = new Set(own(office, kind).map((r) => r.id));
      return records.filter(
        (r) => r.kind === kind && r.office !== null && r.office !== office && !mine.has(r.id),
      );
    };

    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      for (const field of idFields(op)) {
        const kind = kindOf(op, field);
        const pair = `${key} ${label(field)}`;
        if (!kind) {
          if (!NOT_RECORDS[field.name] && !NOT_RECORDS[label(field)] && !NO_OFFICE[key]) notCovered.add(pair);
          continue;
        }
        const before = await tableDigest(d.db, tables);
        for (const [caller, office] of Object.entries(CALLERS)) {
          if (uncallable.get(key)?.has(caller)) continue;
          if (NATIONAL[pair]?.callers.includes(caller)) continue;
          const foreign = otherOffice(office, kind);
          if (!foreign.length) {
            notCovered.add(`${pair} (no ${kind} of another office)`);
            continue;
          }
          // Every id of the other offices' records (but those the caller's office shares).
          const foreignIds = new Set(records.filter((r) => r.office !== office).map((r) => r.id));
          for (const r of records) if (r.office === office) foreignIds.delete(r.id);
          const ownCases = own(office, 'case');
          const s = sessions[caller]!;
          const base = BASE_BODIES[key];
          let compareWith: {
            send: (id: string) => Promise<{ statusCode: number; body: string }>;
            b: Answer;
          } | null = null;
          for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
            // The caller's own records for every other id, on one of its cases where they can be.
            const onCase = ownCases.length ? ownCases[attempt % ownCases.length]!.id : null;
            const ownId = (k: RecordKind | null): string => {
              const mine = k ? own(office, k) : [];
              return (
                (mine.find((r) => r.caseId === onCase) ?? mine[attempt % Math.max(mine.length, 1)])?.id ??
                randomUUID()
              );
            };
            const { validFromSchema } = schemaArbitraries((name) =>
              fc.constant(ownId(FIELD_KINDS[name] ?? null)),
            );
            // The base body first (on two of the caller's cases), then generated ones.
            const body =
              op.body === null
                ? undefined
                : base && attempt < 2
                  ? field.in === 'body'
                    ? withField(base(ownId, caller, onCase), field)
                    : base(ownId, caller, onCase)
                  : fc.sample(
                      validFromSchema(
                        field.in === 'body' ? focus(op.body, field.at, field.many) : op.body,
                        'body',
                        0,
                        'valid',
                      ),
                      { numRuns: 1, seed: attempt + 1 },
                    )[0];
            const send = async (id: string) => {
              let url = op.path;
              for (const p of op.params) {
                const name = p.name as string;
                const value =
                  field.in === 'path' && field.name === name
                    ? id
                    : pathParamKind(op.path, name) === 'case'
                      ? (onCase ?? randomUUID())
                      : ownId(pathParamKind(op.path, name));
                url = url.replace(`{${name}}`, encodeURIComponent(value));
              }
              const query = new URLSearchParams();
              if (field.in === 'query') query.set(field.name, id);
              // The upload routes take the file as multipart, and what it is in the query string.
              const upload =
                op.body === null && op.method === 'POST' && /\/(documents|letter)$/.test(op.path);
              if (upload && op.path.endsWith('/documents')) {
                query.set('kind', 'other');
                query.set('title', 'A letter from counsel');
              }
              if (query.size) url += `?${query}`;
              const file = upload ? multipart('letter.pdf', await cleanPdf()) : null;
              const payload =
                body === undefined ? undefined : JSON.stringify(body).replaceAll(PLACEHOLDER, id);
              sent++;
              return server.inject({
                method: op.method,
                url,
                headers: {
                  cookie: s.cookie,
                  'x-csrf-token': s.csrf,
                  ...(file?.headers ?? {}),
                  ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
                },
                ...(file ? { payload: file.payload } : payload === undefined ? {} : { payload }),
              });
            };
            const unknown = await send(randomUUID());
            if (unknown.statusCode === 403 || unknown.statusCode === 401) {
              uncallable.set(key, (uncallable.get(key) ?? new Set()).add(caller));
              break;
            }
            const b = answer(unknown);
            if (unknown.statusCode < 400) accepted.push(`${pair} as ${caller}: an unknown id → ${shown(b)}`);
            // Compared on the first body whose unknown id meets its 404; failing that, on the first that
            // the service answered (past the schemas), or the last one tried.
            if (unknown.statusCode === 404 || namesField(b, field)) {
              compareWith = { send, b };
              break;
            }
            if (!compareWith && !schemaRefusal(b)) compareWith = { send, b };
            if (attempt === ATTEMPTS - 1) compareWith ??= { send, b };
          }
          if (!compareWith) continue;
          const b = compareWith.b;
          checked.add(pair);
          if (b.status === 404 || namesField(b, field)) reached.add(pair);
          else if (!schemaRefusal(b)) byService.add(pair);
          lastAnswer.set(pair, shown(b));
          const theirs = await compareWith.send(foreign[0]!.id);
          const a = answer(theirs);
          if (a.status !== b.status || JSON.stringify(a.body) !== JSON.stringify(b.body))
            differences.push(
              `${pair} as ${caller}: another office's ${kind} → ${shown(a)}; unknown → ${shown(b)}`,
            );
          const named = (JSON.stringify(a.body).match(UUID) ?? []).filter((x) =>
            foreignIds.has(x.toLowerCase()),
          );
          if (named.length) leaks.push(`${pair} as ${caller}: the answer names ${named.join(', ')}`);
        }
        // A security key's answer uses up its challenge; removing a key first checks the passphrase and
        // code again, which records the code's time step on the account: both by design.
        const skip = /security-key/.test(op.path)
          ? new Set(['webauthn_challenges', 'users'])
          : new Set<string>();
        const changed = changedTables(before, await tableDigest(d.db, tables), skip);
        if (changed.length) writes.push(`${pair} changed ${changed.join(', ')}`);
      }
    }
    const report = await verifyAuditChain(d.db, null);
    console.log(
      `cross-office ids: ${checked.size} (route, field) pairs checked: ${reached.size} up to the id's own check (the 404 of an unknown id, or a 422 that names the field), ${byService.size} to another refusal by the service, ${checked.size - reached.size - byService.size} by the schemas only; ${sent} requests`,
    );
    const unreached = [...checked].filter((p) => !reached.has(p));
    if (unreached.length)
      console.log(
        `compared short of the id's own check:\n  ${unreached.map((p) => `${p}: ${lastAnswer.get(p)}`).join('\n  ')}`,
      );
    expect(
      MUST_REACH.filter((p) => !reached.has(p)),
      'ids whose own check was not reached',
    ).toEqual([]);
    expect([...notCovered], 'ids of no known kind: add them to office-records.ts or NOT_RECORDS').toEqual([]);
    expect(differences).toEqual([]);
    expect(leaks).toEqual([]);
    expect(accepted).toEqual([]);
    expect(writes).toEqual([]);
    expect(report.firstBad).toBeNull();
    expect(checked.size).toBeGreaterThan(40);
  }, 600_000);
});
