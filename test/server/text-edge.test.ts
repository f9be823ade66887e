/**
 * The text rule at the edge (server/text-edge.ts): every string in a body, query string or path parameter,
 * on every route, is well-formed, free of control characters (line breaks and tabs only in free text) and
 * of direction controls in names and identifiers, and stored as NFC. A refusal is a 422 naming the field,
 * never a 500, and writes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { FREE_TEXT_FIELDS } from '../../src/domain/text-rules.ts';
import { buildServer } from '../../src/server/app.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import { callAsUser } from '../../src/services/context.ts';
import { addCountryContext } from '../../src/services/country-context/add.ts';
import { ServiceError } from '../../src/services/errors.ts';
import type { Database } from '../../src/store/db.ts';
import { signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let server: FastifyInstance;
type Session = { cookie: string; csrf: string };
const sessions: Record<string, Session> = {};

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  server = await buildServer({
    app: t.app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
  });
  for (const u of ['officer', 'admin']) sessions[u] = await signInDemo(server, u, t.app);
}, 300_000);
afterAll(async () => {
  await server.close();
  await d.close();
});

const signIn = (username: string, passphrase: string) =>
  server.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ username, passphrase }),
  });

function send(as: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const s = sessions[as]!;
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

const fieldsOf = (body: string) =>
  (JSON.parse(body) as { errors: Array<{ field: string; rule?: string }> }).errors.map((e) => e.field);

let ref = 7100;
function caseBody(person: Record<string, unknown>, narrative: string) {
  ref += 1;
  return {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], nationalities: ['FR'], ...person },
    notice: {
      type: 'red_notice',
      interpolRef: `2024/${ref}`,
      issuingCountry: 'FR',
      expiresOn: '2030-01-01',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60, inAbsentia: false }],
    },
    independentBasis: {
      summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
      evidence: [{ description: 'Entry and exit records.', sourceType: 'federal_record', source: 'CBP' }],
      actions: ['detention'],
      grounds: ['visa_overstay'],
      legalAuthority: 'INA 236(c), 8 U.S.C. 1226(c)',
    },
    narrative,
  };
}

const count = async (table: 'cases' | 'persons' | 'audit_log') =>
  Number(
    (
      await d.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('text at the edge', () => {
  it('sign-in with an unpaired surrogate or a NUL in the username is a 422 naming the field, and the chain holds', async () => {
    for (const username of ['a\ud800b', 'a\u0000b']) {
      const res = await signIn(username, 'whatever it is');
      expect(res.statusCode, res.body).toBe(422);
      expect(fieldsOf(res.body)).toEqual(['body.username']);
    }
    const nul = await signIn('officer', 'demo\u0000');
    expect(nul.statusCode).toBe(422);
    expect(fieldsOf(nul.body)).toEqual(['body.passphrase']);
    expect((await verifyAuditChain(d.db, null)).ok).toBe(true);
  });

  it('refuses a direction override in a name, writes nothing, and names the field', async () => {
    const before = [await count('cases'), await count('persons')];
    const res = await send(
      'officer',
      'POST',
      '/cases',
      caseBody({ familyName: 'Doe\u202egnp.exe' }, 'Met at a check-in.'),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['body.person.familyName']);
    expect(JSON.parse(res.body).errors[0].rule).toBe('TEXT-BIDI');
    expect([await count('cases'), await count('persons')]).toEqual(before);
    const mark = await send(
      'officer',
      'POST',
      '/cases',
      caseBody({ familyName: 'Doe', aliases: ['A\u200fB'] }, 'x'),
    );
    expect(mark.statusCode).toBe(422);
    expect(fieldsOf(mark.body)).toEqual(['body.person.aliases.0']);
  });

  it('stores NFC, and a free text with its line breaks as LF', async () => {
    const res = await send(
      'officer',
      'POST',
      '/cases',
      caseBody({ familyName: 'Jose\u0301' }, 'First line.\r\nSecond line.\rThird.'),
    );
    expect(res.statusCode, res.body).toBe(201);
    const row = await d.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select(['cases.narrative', 'persons.family_name'])
      .where('cases.id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.family_name).toBe('José');
    expect(row.narrative).toBe('First line.\nSecond line.\nThird.');
    // A line break in a name is refused.
    const br = await send('officer', 'POST', '/cases', caseBody({ familyName: 'Doe\nSmith' }, 'x'));
    expect(br.statusCode).toBe(422);
    expect(JSON.parse(br.body).errors[0]).toMatchObject({
      field: 'body.person.familyName',
      rule: 'TEXT-ONE-LINE',
    });
  });

  it('covers the query string and path parameters', async () => {
    const q = await send('officer', 'GET', '/cases?q=a%00b');
    expect(q.statusCode, q.body).toBe(422);
    expect(fieldsOf(q.body)).toEqual(['querystring.q']);
    const p = await send('admin', 'POST', '/users/a%00b/disable');
    expect(p.statusCode, p.body).toBe(422);
    expect(fieldsOf(p.body)).toEqual(['params.username']);
  });

  it('refuses a body nested too deeply with a 422, not a 500', async () => {
    const body = JSON.stringify(caseBody({ familyName: 'Doe' }, 'x'));
    const deep = `${body.slice(0, -1)},"extra":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}`;
    const res = await send('officer', 'POST', '/cases', deep);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
  });

  it('a country-context link is a web address: javascript: and data: are refused, at the edge and in the service', async () => {
    const row = (url: string) => ({
      iso2: 'FR',
      reportYear: 2001,
      report: 'Synthetic report',
      statement: 'Synthetic statement.',
      url,
    });
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
    ]) {
      const res = await send('admin', 'POST', '/admin/country-context', row(url));
      expect(res.statusCode, url).toBe(422);
      expect(fieldsOf(res.body)).toEqual(['body.url']);
      const err = await addCountryContext(await callAsUser(t.app, 'admin'), row(url)).catch((e) => e);
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).detail.fields?.map((f) => f.field)).toEqual(['url']);
    }
    const ok = await send('admin', 'POST', '/admin/country-context', row('https://example.invalid/report'));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('every request field that takes 2,000 characters or more is free text (or is listed here as a line on purpose)', async () => {
    // A security key's answer (WebAuthn): base64url data signed by the authenticator, not text a person writes.
    const LINES_ON_PURPOSE = new Set<string>([
      'clientDataJSON',
      'authenticatorData',
      'signature',
      'userHandle',
      'attestationObject',
    ]);
    const doc = (await server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
      >;
    };
    const long: string[] = [];
    const walk = (node: unknown, name: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'string' && typeof n.maxLength === 'number' && n.maxLength >= 2000) long.push(name);
      for (const [k, v] of Object.entries((n.properties as Record<string, unknown>) ?? {})) walk(v, k);
      walk(n.items, name);
      for (const key of ['anyOf', 'oneOf', 'allOf'])
        for (const b of (n[key] as unknown[] | undefined) ?? []) walk(b, name);
    };
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops))
        walk(op.requestBody?.content?.['application/json']?.schema, 'body');
    expect(long.length).toBeGreaterThan(20);
    const undecided = [...new Set(long)].filter((f) => !FREE_TEXT_FIELDS.has(f) && !LINES_ON_PURPOSE.has(f));
    expect(
      undecided,
      'add each to FREE_TEXT_FIELDS in src/domain/text-rules.ts, or to LINES_ON_PURPOSE',
    ).toEqual([]);
  });
});
