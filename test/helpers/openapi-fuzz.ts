/**
 * What the tests that walk the OpenAPI document share (test/server/fuzz.test.ts,
 * test/server/cross-office-ids.test.ts): the operations of the document, fast-check arbitraries for its
 * JSON schemas (valid-ish values, and hostile ones), and a digest of every table, to prove that a refused
 * request changed no row.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../src/store/db.ts';

export type Json = Record<string, unknown>;

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The JSON schema of the request body (application/json), or null. */
  body: Json | null;
  query: Json[];
  params: Json[];
}

/** The operations of the server's OpenAPI document under /api/v1/, but those in `skipped` ("METHOD path"). */
export async function openApiOperations(
  server: FastifyInstance,
  skipped: ReadonlySet<string> = new Set(),
): Promise<Operation[]> {
  const doc = (await server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, Json>>;
  };
  const operations: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as Operation['method'];
      if (skipped.has(`${method} ${path}`)) continue;
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
  return operations;
}

// ---------------------------------------------------------------------------
// Digest of the tables
// ---------------------------------------------------------------------------

/** Tables that record refusals by design (or are touched by every request), left out of the digest. */
export const NOT_DIGESTED: ReadonlySet<string> = new Set([
  'audit_log',
  'audit_checkpoints',
  'sessions',
  'login_attempts',
  'sign_in_delays',
  'portal_lockouts', // bad portal codes are counted by design (routes/portal.ts)
  'request_limits', // every portal request and anonymous refusal is counted by design (services/request-limits.ts)
  'read_log', // every read's audit entry before it is folded into the chain (services/read-log.ts)
  'case_gate_status', // derived from the other tables; a read re-derives the rows past their stale time
  'case_history_stamps', // derived from audit_log: a refused attempt logged on a case stamps its history (migration 0059)
]);

/** The application's tables (not the migrator's), but those of NOT_DIGESTED. */
export async function digestedTables(db: DbOrTrx): Promise<string[]> {
  return (
    await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      order by table_name`.execute(db)
  ).rows
    .map((r) => r.table_name)
    .filter((t) => !NOT_DIGESTED.has(t));
}

/**
 * A digest of each table's rows (in one statement), by table name; the tables of `skip` are left out. The
 * row count and the sum of a 64-bit hash of each row: any row added, removed or changed changes it (but
 * for a hash collision), without sorting or concatenating the rows.
 */
export async function tableDigest(
  db: DbOrTrx,
  tables: readonly string[],
  skip: ReadonlySet<string> = new Set(),
): Promise<Record<string, string>> {
  const parts = tables
    .filter((t) => !skip.has(t))
    .map(
      (t) =>
        `select '${t}' as t, count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0) as h from "${t}" x`,
    );
  const rows = await sql.raw<{ t: string; h: string }>(parts.join(' union all ')).execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, r.h]));
}

/** The tables whose digest differs between two digests (but those of `skip`). */
export const changedTables = (
  before: Record<string, string>,
  after: Record<string, string>,
  skip: ReadonlySet<string> = new Set(),
) => Object.keys(before).filter((t) => !skip.has(t) && before[t] !== after[t]);

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
export const hostileString = fc.oneof(
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
export const plausibleHostileString = fc.oneof(
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

/**
 * How hostile a request is: `valid` (valid-ish throughout, to get past the schemas into the services),
 * `strings` (valid-ish, but any string may be a hostile one of a plausible length: what reaches storage
 * when the types are right), `any` (hostile values of any type anywhere, and extra fields).
 */
export type Mode = 'valid' | 'strings' | 'any';

/**
 * Arbitraries for JSON schemas; `idFor(name)` draws the value of a uuid-formatted string named `name` (the
 * property's name, or the array's for its items).
 */
export function schemaArbitraries(idFor: (name: string) => fc.Arbitrary<string>) {
  /** An arbitrary for a JSON schema: valid-ish values, with hostile ones mixed in at every level (mode `any`). */
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
      if (branches?.length)
        return fc.oneof(...branches.map((b) => validFromSchema(b, name, depth + 1, mode)));
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
        if (s.format === 'uuid') return idFor(name);
        if (s.format === 'date') return isoDate.map((x) => x.slice(0, 10));
        if (s.format === 'date-time') return isoDate;
        if (s.format === 'email') return fc.emailAddress();
        if (s.format === 'uri') return fc.webUrl();
        if (typeof s.pattern === 'string') {
          try {
            return fc
              .stringMatching(new RegExp(s.pattern as string))
              .map((x) => x.slice(0, Math.max(max, 1)));
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

  return { fromSchema, validFromSchema };
}
