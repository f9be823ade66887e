import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonEqual } from '../../src/domain/canonical.ts';

/** A copy of a value with every object's keys in another order (as a jsonb column gives them back). */
function reordered(value: unknown, flip: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => reordered(v, !flip));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const keys = Object.keys(value);
    if (flip) keys.reverse();
    else keys.sort();
    const out: Record<string, unknown> = {};
    for (const k of keys)
      Object.defineProperty(out, k, {
        value: reordered((value as Record<string, unknown>)[k], !flip),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}

/** Any value with dates in it; an invalid date has no canonical text (toISOString throws), so none is made. */
const values = fc.anything({ withDate: true, maxDepth: 4 }).filter((v) => {
  try {
    canonicalJson(v);
    return true;
  } catch {
    return false;
  }
});

describe('jsonEqual', () => {
  it('agrees with comparing canonical JSON texts, on any two values', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a value equal to itself with its keys reordered, and agrees with the texts after a change', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (a, flip) => {
        const b = reordered(a, flip);
        expect(jsonEqual(a, b)).toBe(true);
        const changed = { wrapped: b, extra: 1 };
        expect(jsonEqual({ wrapped: a }, changed)).toBe(
          canonicalJson({ wrapped: a }) === canonicalJson(changed),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('reads as the text does: undefined members dropped, undefined elements as null, dates as ISO strings', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual([1], [1, 2])).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
    expect(jsonEqual(new Date('2026-01-02T03:04:05Z'), '2026-01-02T03:04:05.000Z')).toBe(true);
    expect(jsonEqual(Number.NaN, null)).toBe(true);
    expect(jsonEqual({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, c: 3 }, { a: 1, b: 3 })).toBe(false);
  });
});
