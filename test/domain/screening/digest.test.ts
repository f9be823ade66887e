/**
 * The facts digest is stored with every screening and compared by bulk re-screening to skip cases whose
 * facts have not changed, so its value must never change: it is the SHA-256 of the canonical JSON
 * (keys sorted by code unit, undefined left out, non-finite numbers as null). Checked against a plain
 * implementation of that definition on random JSON values (fast-check), strings that JSON must escape
 * (quotes, backslashes, controls, lone surrogates) and the labelled cases.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../../../src/domain/screening/facts.ts';
import { canonicalFacts, digestFacts } from '../../../src/domain/screening/screen.ts';

function plainCanonical(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (v === null || typeof v !== 'object') return 'null';
  if (Array.isArray(v)) return `[${v.map(plainCanonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${plainCanonical(o[k])}`)
    .join(',')}}`;
}

/** digestFacts of the first labelled case, computed before the digest's implementation changed. */
const PINNED_FIRST = '9d3813d1b21ba395abefdbf4bd215a5e33ecd684215c8f28e6d315754a031569';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('facts digest', () => {
  it('is the SHA-256 of the canonical JSON on random values', () => {
    const str = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        '"',
        '\\',
        '\u0000',
        '\u001f',
        '\u007f',
        '\u2028',
        '\ud800',
        'a\udc00b',
        '😀',
        'Мошенничество',
      ),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        str,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(tie('v'), { maxLength: 5 }),
        fc.dictionary(str, tie('v'), { maxKeys: 6 }),
      ),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(str, value, { maxKeys: 8 }), (o) => {
        const facts = o as unknown as CaseFacts;
        expect(canonicalFacts(facts)).toBe(plainCanonical(o));
        expect(digestFacts(facts)).toBe(sha(plainCanonical(o)));
      }),
      { numRuns: 2_000, seed: 20261130 },
    );
  });

  it('gives the same digests as before on the labelled cases', () => {
    const lines = readFileSync(
      new URL('../../fixtures/screening/labelled-cases.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(40);
    for (const l of lines) {
      const facts = (JSON.parse(l) as { facts: CaseFacts }).facts;
      expect(digestFacts(facts)).toBe(sha(plainCanonical(facts)));
    }
    // pinned: a stored digest must stay valid across releases
    const first = (JSON.parse(lines[0]!) as { facts: CaseFacts }).facts;
    expect(digestFacts(first)).toBe(PINNED_FIRST);
  });
});
