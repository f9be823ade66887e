import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../bench/screening.bench.ts';
import { INDICATORS } from '../../../src/domain/screening/indicators.ts';
import { prepareCase, screenCase } from '../../../src/domain/screening/screen.ts';
import { AS_OF } from './helpers.ts';

describe('screenCase shares the results of absent indicators', () => {
  it('gives, on a large generated set, exactly the results built indicator by indicator', () => {
    for (const facts of generateCases(2000, 23)) {
      const got = screenCase(facts, { asOf: AS_OF });
      const prepared = prepareCase(facts, { asOf: AS_OF });
      const expected = INDICATORS.map((d) => {
        const r = d.evaluate(prepared);
        return {
          id: d.id,
          title: d.title,
          strength: d.strength,
          citation: d.citation,
          explanation: d.explanation,
          outcome: r.outcome,
          triggeredBy: r.triggeredBy,
          missing: r.missing,
        };
      });
      expect(JSON.stringify(got.results)).toBe(JSON.stringify(expected));
    }
  });

  it('a shared result cannot be changed by one reader for the others', () => {
    const a = screenCase(generateCases(1, 5)[0]!, { asOf: AS_OF });
    const shared = a.results.find((r) => r.outcome === 'absent')!;
    expect(Object.isFrozen(shared)).toBe(true);
    expect(() => {
      (shared as { outcome: string }).outcome = 'present';
    }).toThrow();
    const b = screenCase(generateCases(1, 5)[0]!, { asOf: AS_OF });
    expect(b.results.find((r) => r.id === shared.id)!.outcome).toBe('absent');
  });
});
