/**
 * Fuzzing every route from the OpenAPI document (issue 9). Request bodies, query strings and path
 * parameters are generated with fast-check from each operation's JSON schema: valid-ish values, and
 * hostile ones in any place (wrong types, huge strings, unpaired surrogates, NUL, direction overrides,
 * deep nesting, extra fields). Each request is sent as a role that may call the route (the roles that
 * answer 403 are dropped from the route's candidates as they are found). After every request:
 *   - no 5xx;
 *   - a refused request (4xx) changed no row: a digest of every table (but the audit trail, sessions and
 *     sign-in attempts, which record refusals by design) is the same before and after;
 * and at the end the audit chain verifies.
 *
 * REDLINE_FUZZ_RUNS sets the number of requests (default 200); the count is printed. A failure prints the
 * seed; REDLINE_FUZZ_SEED replays it (12345 by default, so CI sends the same requests each time;
 * `random` draws a new seed).
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const RUNS = Number(process.env.REDLINE_FUZZ_RUNS ?? 200);
/** A fixed seed by default, so that CI runs the same requests each time; `random` draws a new one. */
const SEED =
  process.env.REDLINE_FUZZ_SEED === 'random'
    ? Date.now() % 2 ** 31
    : Number(process.env.REDLINE_FUZZ_SEED ?? 12_345);

const ROLES_USERS = [
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
/** Routes left out, and why. */
const SKIPPED = new Set([
  'DELETE /api/v1/session', // ends the fuzzer's own session; covered in session-http.test.ts
]);
/** Tables that record refusals by design (or are touched by every request), left out of the digest. */
const NOT_DIGESTED = new Set([
  'audit_log',
  'audit_checkpoints',
  'sessions',
  'login_attempts',
  'sign_in_delays',
  'portal_lockouts', // bad portal codes are counted by design (routes/portal.ts)
  'request_limits', // every portal request and anonymous refusal is counted by design (services/request-limits.ts)
  'read_log', // every read's audit entry before it is folded into the chain (services/read-log.ts)
  'case_gate_status', // derived from the other tables; a read re-derives the rows past their stale time
]);

type Json = Record<string, unknown>;
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: Json | null;
  query: Json[];
  params: Json[];
}

let d: Database;
let t: ReturnType<typeof testApp>;
let server: FastifyInstance;
type Session = { cookie: string; csrf: string };
const sessions: Record<string, Session> = {};
let operations: Operation[] = [];
let tables: string[] = [];
/** Real ids for path parameters, by the collection the path names. */
const ids: Record<string, string[]> = {};

async function signIn(username: string): Promise<Session> {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    // From an address of its own: the fuzzed sign-ins from the default address may earn that address a wait.
    remoteAddress: '192.0.2.10',
    payload: demoSignInBody(username, t.app),
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  return { cookie: `redline_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

async function digest(skip: Set<string>): Promise<Record<string, string>> {
  const parts = tables
    .filter((t) => !skip.has(t))
    .map(
      (t) =>
        `select '${t}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`,
    );
  const rows = await sql.raw<{ t: string; h: string }>(parts.join(' union all ')).execute(d.db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, r.h]));
}

// ---------------------------------------------------------------------------
// Values from JSON schemas
// ---------------------------------------------------------------------------

const HOSTILE_STRINGS = [
  'a\ud800b',
  '\udfff',
  'nul\u0000byte',
  'Doe\u202egnp.exe',
  '\u2066x\u2069',
  'line\r\nbreak',
  '\u0085\u009b',
  '\ufeffbom',
  'e\u0301',
  '😀',
  '',
  ' ',
  "'; drop table cases; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  '9'.repeat(400),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('\ud800', '\u0000', '\u202e', '\n'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 30,
  }),
  fc.constantFrom(10_000, 200_000).map((n) => 'x'.repeat(n)),
);
/** Hostile strings short enough to pass most length limits: what reaches storage when the types are right. */
const plausibleHostileString = fc.oneof(
  fc.constantFrom('a\u0000b', 'x\ud800', '\udc00y', 'Doe\u202eexe', 'one\rtwo'),
  fc.constantFrom(...HOSTILE_STRINGS.filter((x) => x.length > 0 && x.length < 60)),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('\ud800', '\u0000', '\u202e', '\r', 'a', 'b'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 30,
  }),
);
const deepValue = fc.integer({ min: 20, max: 3000 }).map((n) => {
  let v: unknown = 'deep';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, -0.5, 2 ** 53 + 2, [], {}) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((x) => x.toISOString());

function idFor(path: string, name: string): fc.Arbitrary<string> {
  const known = ids[`${path}#${name}`] ?? ids[name] ?? [];
  return known.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid() })
    : fc.uuid();
}

/** An arbitrary for a JSON schema: valid-ish values, with hostile ones mixed in at every level. */
/**
 * How hostile a request is: `valid` (valid-ish throughout, to get past the schemas into the services),
 * `strings` (valid-ish, but any string may be a hostile one of a plausible length: what reaches storage
 * when the types are right), `any` (hostile values of any type anywhere, and extra fields).
 */
type Mode = 'valid' | 'strings' | 'any';

function fromSchema(
  schema: Json | undefined,
  name: string,
  depth = 0,
  mode: Mode = 'any',
): fc.Arbitrary<unknown> {
  const valid = validFromSchema(schema ?? {}, name, depth, mode);
  return mode === 'any'
    ? fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostileValue })
    : valid;
}

function validFromSchema(s: Json, name: string, depth: number, mode: Mode = 'any'): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key] as Json[] | undefined;
    if (branches?.length) return fc.oneof(...branches.map((b) => validFromSchema(b, name, depth + 1, mode)));
  }
  if (s.allOf) return validFromSchema(Object.assign({}, ...(s.allOf as Json[])), name, depth, mode);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
  switch (type) {
    case 'string': {
      if (mode === 'strings' && s.enum === undefined)
        return fc.oneof(
          { weight: 1, arbitrary: validFromSchema(s, name, depth, 'valid') },
          { weight: 1, arbitrary: plausibleHostileString },
        );
      const max = Math.min((s.maxLength as number | undefined) ?? 80, 120);
      const min = Math.min((s.minLength as number | undefined) ?? 0, max);
      if (s.format === 'uuid') return idFor('', name);
      if (s.format === 'date') return isoDate.map((x) => x.slice(0, 10));
      if (s.format === 'date-time') return isoDate;
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'uri') return fc.webUrl();
      if (typeof s.pattern === 'string') {
        try {
          return fc.stringMatching(new RegExp(s.pattern as string)).map((x) => x.slice(0, Math.max(max, 1)));
        } catch {
          return fc.string({ minLength: min, maxLength: max });
        }
      }
      return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
    }
    case 'integer':
    case 'number': {
      const min = (s.minimum as number | undefined) ?? -1000;
      const max = (s.maximum as number | undefined) ?? 100_000;
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) })
        : fc.double({ min, max: Math.max(min, max), noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = (s.minItems as number | undefined) ?? 0;
      const max = Math.max(min, Math.min((s.maxItems as number | undefined) ?? 3, 3));
      return fc.array(fromSchema(s.items as Json, name, depth + 1, mode), {
        minLength: min,
        maxLength: max,
      });
    }
    default: {
      const props = (s.properties as Record<string, Json> | undefined) ?? {};
      if (!type && Object.keys(props).length === 0) return fc.jsonValue({ maxDepth: 2 });
      const required = new Set((s.required as string[] | undefined) ?? []);
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, k, depth + 1, mode)])),
        { requiredKeys: Object.keys(props).filter((k) => required.has(k)) },
      );
      if (mode !== 'any') return record;
      // Extra fields now and then.
      return fc
        .tuple(
          record,
          fc.option(
            fc.dictionary(
              hostileString.map((k) => k.slice(0, 40)),
              hostileValue,
              { maxKeys: 2 },
            ),
            { freq: 8 },
          ),
        )
        .map(([r, extra]) => (extra ? { ...extra, ...(r as Json) } : r));
    }
  }
}

// ---------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  for (const u of ROLES_USERS) sessions[u] = await signIn(u);

  const doc = (await server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, Json>>;
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as Operation['method'];
      if (SKIPPED.has(`${method} ${path}`)) continue;
      const content = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const parameters = (op.parameters as Json[] | undefined) ?? [];
      operations.push({
        method,
        path,
        body: (content?.['application/json']?.schema as Json | undefined) ?? null,
        query: parameters.filter((p) => p.in === 'query'),
        params: parameters.filter((p) => p.in === 'path'),
      });
    }
  }
  operations = operations.filter((o) => o.path.startsWith('/api/v1/'));

  // Real records for the path parameters.
  const pick = async (table: string, column = 'id') =>
    (
      await sql.raw<{ v: string }>(`select ${column}::text as v from ${table} limit 5`).execute(d.db)
    ).rows.map((r) => r.v);
  ids['/api/v1/cases/{id}'] = await pick('cases');
  ids['/api/v1/notices/{id}'] = await pick('notices');
  ids['/api/v1/persons/{id}'] = await pick('persons');
  ids['/api/v1/liaison-requests/{id}'] = await pick('liaison_requests');
  ids['/api/v1/contests/{id}'] = await pick('contests');
  ids['/api/v1/exigencies/{id}'] = await pick('exigencies');
  ids['/api/v1/tasks/{id}'] = await pick('tasks');
  ids['/api/v1/admin/country-context/{id}'] = await pick('country_context');
  ids.caseId = ids['/api/v1/cases/{id}'];
  ids.noticeId = ids['/api/v1/notices/{id}'];
  ids.personId = ids['/api/v1/persons/{id}'];
  ids.responseId = await pick('liaison_responses');
  ids.documentIds = await pick('documents');
  ids.userId = await pick('users');
  ids.disclosureId = await pick('disclosures');
  // Accounts the fuzzer may disable or release: never the demo accounts it signs in with.
  for (const u of ['fuzz-one', 'fuzz-two']) {
    const r = await server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: sessions.admin!.cookie, 'x-csrf-token': sessions.admin!.csrf },
      payload: {
        username: u,
        displayName: u,
        role: 'officer',
        officeId: 'NYC',
        passphrase: 'a long passphrase for fuzzing 2026',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  ids.username = ['fuzz-one', 'fuzz-two'];

  tables = (
    await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      order by table_name`.execute(d.db)
  ).rows
    .map((r) => r.table_name)
    .filter((t) => !NOT_DIGESTED.has(t));
}, 300_000);
afterAll(async () => {
  await server?.close();
  await d?.close();
});

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

/** encodeURIComponent, but an unpaired surrogate is sent as the bytes it would be in CESU-8 (ED A0 80), as a hostile client could. */
const encodePathPart = (v: string) =>
  v
    .split(/([\uD800-\uDFFF])/u)
    .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

function paramArb(op: Operation, p: Json): fc.Arbitrary<string> {
  const name = p.name as string;
  const known = ids[op.path.slice(0, op.path.indexOf('{') + name.length + 2)] ?? ids[name] ?? [];
  const schemaArb = validFromSchema((p.schema as Json) ?? {}, name, 0, 'valid').map((v) => String(v));
  return fc.oneof(
    { weight: known.length ? 6 : 0, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('x') },
    { weight: 2, arbitrary: schemaArb },
    { weight: 2, arbitrary: plausibleHostileString },
  );
}

function requestArb(op: Operation) {
  const params = fc.record(Object.fromEntries(op.params.map((p) => [p.name as string, paramArb(op, p)])));
  const query = fc.record(
    Object.fromEntries(
      op.query.map((p) => [
        p.name as string,
        fc.oneof(
          validFromSchema((p.schema as Json) ?? {}, p.name as string, 0, 'valid').map((v) => String(v)),
          plausibleHostileString,
          hostileString.map((x) => x.slice(0, 300)),
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
  // A third of the requests in each mode (see Mode).
  const body = op.body
    ? fc.constantFrom<Mode>('valid', 'strings', 'any').chain((mode) => fromSchema(op.body!, 'body', 0, mode))
    : fc.constant(undefined);
  return fc.record({ role: fc.constantFrom(...ROLES_USERS), params, query, body });
}

/** Waits (up to a minute) while a bulk re-screening run is still running. */
async function settleBackgroundRuns(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const running = await d.db
      .selectFrom('rescreen_runs')
      .select('id')
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (!running) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tally: Record<string, number> = {};
/** Roles found to be refused (403) by a route: not tried again there while another role remains. */
const refusedRoles = new Map<string, Set<string>>();
const allowedRoles = new Map<string, Set<string>>();
const found5xx: string[] = [];
const partialWrites: string[] = [];

describe('fuzzing every route from the OpenAPI document', () => {
  it(`sends ${RUNS} generated requests: no 5xx, no partial write, and the audit chain verifies`, async () => {
    const rng = fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), { numRuns: RUNS, seed: SEED });
    let sent = 0;
    const weighted = operations.flatMap((o) => (o.method === 'GET' ? [o] : [o, o, o]));
    let before = await digest(new Set());
    for (let i = 0; i < RUNS; i++) {
      // Mutating operations are drawn three times as often as reads.
      const op = weighted[rng[i]! % weighted.length]!;
      const key = `${op.method} ${op.path}`;
      const [req] = fc.sample(requestArb(op), { numRuns: 1, seed: SEED + i });
      const refused = refusedRoles.get(key) ?? new Set<string>();
      const allowed = [...(allowedRoles.get(key) ?? [])];
      // A role the route accepted, most of the time; otherwise one not yet refused there.
      const role =
        allowed.length && rng[i]! % 8 !== 0
          ? allowed[rng[i]! % allowed.length]!
          : refused.has(req!.role)
            ? (ROLES_USERS.find((r) => !refused.has(r)) ?? req!.role)
            : req!.role;
      let url = op.path;
      for (const [k, v] of Object.entries(req!.params))
        url = url.replace(`{${k}}`, encodePathPart(v as string));
      const qs = new URLSearchParams(req!.query as Record<string, string>).toString();
      if (qs) url += `?${qs}`;
      const s = sessions[role]!;
      // Sign-in counts failed attempts on the account; a security key's answer, refused or not, uses up its
      // one-time challenge (so it cannot be tried again): both are refusals that change a table on purpose.
      const skip =
        op.path === '/api/v1/session'
          ? new Set(['users'])
          : /^\/api\/v1\/(account\/security-keys|session\/security-key)/.test(op.path)
            ? new Set(['webauthn_challenges'])
            : new Set<string>();
      const payload = req!.body === undefined ? undefined : JSON.stringify(req!.body);
      const res = await server.inject({
        method: op.method,
        url,
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { payload }),
      });
      sent++;
      tally[res.statusCode] = (tally[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 403) refusedRoles.set(key, refused.add(role));
      else if (res.statusCode !== 401) allowedRoles.set(key, (allowedRoles.get(key) ?? new Set()).add(role));
      if (res.statusCode >= 500)
        found5xx.push(
          `${key} as ${role} → ${res.statusCode}: ${(payload ?? '').slice(0, 400)} ${res.body.slice(0, 300)}`,
        );
      // A bulk re-screening an accepted request started goes on in the background: it is let finish before
      // the digest, so its writes are never taken for a later refusal's.
      if (res.statusCode < 400) await settleBackgroundRuns();
      // One digest per request: after a refusal it must equal the digest after the last accepted one.
      const after = await digest(new Set());
      if (res.statusCode >= 400 && res.statusCode < 500) {
        const changed = Object.keys(before).filter((t) => !skip.has(t) && before[t] !== after[t]);
        if (changed.length)
          partialWrites.push(
            `${key} as ${role} → ${res.statusCode} changed ${changed.join(', ')}: ${(payload ?? '').slice(0, 300)}`,
          );
      }
      before = after;
      if (res.statusCode === 401 && op.path !== '/api/v1/session') sessions[role] = await signIn(role); // a session ended by the fuzzing itself
    }
    const report = await verifyAuditChain(d.db, null);
    console.log(
      `fuzz: ${sent} requests over ${operations.length} operations (seed ${SEED}); answers ${JSON.stringify(tally)}`,
    );
    expect(found5xx, `seed ${SEED}`).toEqual([]);
    expect(partialWrites, `seed ${SEED}`).toEqual([]);
    expect(report.firstBad, `seed ${SEED}`).toBeNull();
    expect(sent).toBe(RUNS);
  }, 600_000);
});
