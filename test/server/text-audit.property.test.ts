/**
 * No input can make a stored audit entry differ from its hash (issue 9, item 1). Arbitrary strings —
 * unpaired surrogates, NUL and other controls, direction overrides, decomposed accents, any code point —
 * go through sign-in (username and passphrase), through the audited fields of several actions over HTTP,
 * and straight into `appendAudit` (every text column and the jsonb detail, keys included); after each,
 * the whole chain verifies and no request answered 5xx. Runs on PGlite and on PostgreSQL.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { signIn as signInService } from '../../src/services/accounts.ts';
import { appendAudit, verifyAuditChain } from '../../src/services/audit.ts';
import { ServiceError } from '../../src/services/errors.ts';
import type { Database } from '../../src/store/db.ts';
import { signInDemo, testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

/** One UTF-16 unit or code point, biased towards what breaks storage and display. */
const hostileUnit = fc.oneof(
  fc.constantFrom(
    '\ud800',
    '\udbff',
    '\udc00',
    '\udfff',
    '\u0000',
    '\u0007',
    '\u001b',
    '\u007f',
    '\u0085',
    '\r',
    '\n',
    '\t',
    '\u202e',
    '\u202d',
    '\u2066',
    '\u2069',
    '\u200f',
    '\u061c',
    '\u2028',
    '\ufeff',
    'e\u0301',
    '\u00e9',
    '😀',
    '\\u0000',
    '"',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('a', 'b', 'z', ' ', '1'),
);
const hostile = (maxLength = 24) => fc.string({ unit: hostileUnit, minLength: 1, maxLength });

const RUNS = Number(process.env.REDLINE_PROPERTY_RUNS ?? 20);

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
  for (const u of ['officer', 'supervisor', 'admin']) sessions[u] = await signInDemo(server, u, t.app);
}, 300_000);
afterAll(async () => {
  await server.close();
  await d.close();
});

async function chainVerifies() {
  const report = await verifyAuditChain(d.db, null);
  expect(report.firstBad, JSON.stringify(report.firstBad)).toBeNull();
  expect(report.ok).toBe(true);
}

function send(as: string, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: unknown) {
  const s = sessions[as]!;
  return server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    // JSON.stringify writes an unpaired surrogate as \ud800, which the server's JSON parser reads back as one.
    payload: JSON.stringify(payload),
  });
}

let ref = 5000;
function caseBody(familyName: string, narrative: string, charge: string) {
  ref += 1;
  return {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], familyName, nationalities: ['FR'] },
    notice: {
      type: 'red_notice',
      interpolRef: `2024/${ref}`,
      issuingCountry: 'FR',
      expiresOn: '2030-01-01',
      warrants: [{ kind: 'arrest_warrant', charge, maxPenaltyMonths: 60, inAbsentia: false }],
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

describe('the audit chain holds whatever text comes in', () => {
  it('appendAudit: arbitrary strings in every text column and in the detail (keys too)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          actorUsername: hostile(),
          actorRole: hostile(),
          action: hostile(),
          entityType: hostile(),
          entityId: hostile(),
          requestId: hostile(),
          sourceIp: hostile(),
          detail: fc.dictionary(hostile(8), fc.oneof(hostile(), fc.array(hostile(), { maxLength: 3 }))),
        }),
        async (input) => {
          await d.db
            .transaction()
            .execute((trx) =>
              appendAudit(trx, { at: t.clock.now(), actorId: null, outcome: 'failed', ...input }),
            );
          await chainVerifies();
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('sign-in over HTTP: arbitrary username and passphrase answer 401 or 422, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostile(), hostile(), async (username, passphrase) => {
        const res = await server.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ username, passphrase }),
        });
        expect([401, 422, 429], res.body).toContain(res.statusCode);
        await chainVerifies();
      }),
      {
        numRuns: RUNS,
        examples: [
          ['a\ud800b', 'x'],
          ['a\u0000b', 'y'],
          ['officer', 'a\u0000b'],
          ['e\u0301', '\udfff'],
        ],
      },
    );
  });

  it('sign-in in the service (as the CLI or another caller would): a refusal, never a database error', async () => {
    await fc.assert(
      fc.asyncProperty(hostile(), hostile(), async (username, passphrase) => {
        const call = {
          app: t.app,
          actor: { kind: 'user' as const, userId: null, username: 'anonymous', role: null, officeId: null },
          meta: { requestId: null, sourceIp: null },
        };
        const err = await signInService(call, username, passphrase, 'test\u0000agent\ud800').catch((e) => e);
        expect(err).toBeInstanceOf(ServiceError);
        expect([401, 422]).toContain((err as ServiceError).status);
        await chainVerifies();
      }),
      {
        numRuns: RUNS,
        examples: [
          ['a\ud800b', 'x'],
          ['a\u0000b', 'y'],
        ],
      },
    );
  });

  it('audited fields of several actions over HTTP: no 5xx, and the chain verifies after each', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile(),
        hostile(60),
        hostile(),
        hostile(60),
        async (name, narrative, charge, reason) => {
          const opened = await send('officer', 'POST', '/cases', caseBody(`Doe ${name}`, narrative, charge));
          expect(opened.statusCode, opened.body).toBeLessThan(500);
          await chainVerifies();
          // The same strings in fields that a valid case carries into the audit trail.
          const base = await send(
            'officer',
            'POST',
            '/cases',
            caseBody('Doe', 'Encountered at a check-in.', 'Fraud'),
          );
          expect(base.statusCode, base.body).toBe(201);
          const id = base.json().id as string;
          for (const [as, method, url, payload] of [
            ['officer', 'PATCH', `/cases/${id}`, { narrative }],
            ['officer', 'POST', `/cases/${id}/liaison-requests`, { kind: 'validity', details: reason }],
            ['officer', 'POST', `/cases/${id}/exigencies`, { action: name, reason }],
            ['supervisor', 'POST', `/cases/${id}/close`, { reason }],
            [
              'admin',
              'POST',
              '/users',
              { username: `u${ref}`, displayName: name, role: 'auditor', passphrase: reason },
            ],
          ] as const) {
            const res = await send(as, method, url, payload);
            expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
            await chainVerifies();
          }
        },
      ),
      {
        numRuns: Math.ceil(RUNS / 2),
        examples: [
          ['\u202eevil', 'line one\r\nline two', 'Fraud\u0000', 'reason \ud800 here, long enough to count'],
        ],
      },
    );
  });
});
