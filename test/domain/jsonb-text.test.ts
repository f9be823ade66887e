/**
 * jsonbText writes a value as the server writes it as jsonb text: checked against the database itself
 * (PGlite, or PostgreSQL with REDLINE_TEST_DB=postgres) on random JSON values and on stored screenings.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../bench/screening.bench.ts';
import { jsonbText } from '../../src/domain/jsonb-text.ts';
import { screenCase } from '../../src/domain/screening/screen.ts';
import { compactScreening } from '../../src/domain/screening/stored.ts';
import type { Database } from '../../src/store/db.ts';
import { testDatabase } from '../helpers/db.ts';
import { AS_OF } from './screening/helpers.ts';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('jsonbtext');
});
afterAll(async () => {
  await d?.close();
});

/** The server's text for each value, sent as one JSON array. */
async function serverTexts(values: unknown[]): Promise<string[]> {
  const r = await sql<{ t: string }>`select x::text as t
    from jsonb_array_elements(${JSON.stringify(values)}::jsonb) with ordinality as e(x, n) order by n`.execute(
    d.db,
  );
  return r.rows.map((row) => row.t);
}

// jsonb refuses \u0000 in any string; such a value is never stored, so never compared
const storable = (v: unknown) => !JSON.stringify(v).includes('\\u0000');

describe('jsonbText', () => {
  it('writes random JSON values exactly as the server does, or answers null', async () => {
    const values = fc
      .sample(fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }), { numRuns: 600, seed: 20261202 })
      .concat(fc.sample(fc.jsonValue({ maxDepth: 3, stringUnit: 'binary-ascii' }), { numRuns: 300, seed: 7 }))
      .filter(storable);
    const texts = await serverTexts(values);
    let exact = 0;
    for (let i = 0; i < values.length; i++) {
      const mine = jsonbText(values[i]);
      if (mine === null) {
        // only for a number JavaScript writes with an exponent
        expect(JSON.stringify(values[i])).toMatch(/\d[eE][+-]?\d/);
        continue;
      }
      expect(mine, JSON.stringify(values[i])).toBe(texts[i]);
      exact++;
    }
    expect(exact).toBeGreaterThan(300);
  });

  it('orders keys by their length in bytes, then by bytes, and escapes as the server does', async () => {
    const values = [
      { b: 1, a: 2, aa: 3, é: 4, z: 5, '': 6, Ω: 7, ab: 8 },
      { s: 'tab\there "quoted" back\\slash \u0001 \u001f \u007f line\nend', u: 'Душанбе الإخلال 中文 😀' },
      [0.1, -2, 12345678901234567000, 1.5, true, false, null, [], {}],
    ];
    const texts = await serverTexts(values);
    for (const [i, v] of values.entries()) expect(jsonbText(v)).toBe(texts[i]);
  });

  it('answers null for what it cannot write exactly', () => {
    expect(jsonbText({ n: 1e21 })).toBeNull();
    expect(jsonbText([5e-7])).toBeNull();
    expect(jsonbText('a\ud800b')).toBeNull();
    expect(jsonbText({ n: Number.NaN })).toBeNull();
    expect(jsonbText({ d: new Date(0) })).toBeNull();
  });

  it('writes the parts of stored screenings as the server gives them back', async () => {
    const compact = generateCases(400, 5).map((f) => compactScreening(screenCase(f, { asOf: AS_OF })));
    const parts = compact.flatMap((c) => [c.open, c.summary]);
    const texts = await serverTexts(parts);
    for (const [i, p] of parts.entries()) expect(jsonbText(p)).toBe(texts[i]);
  });
});
