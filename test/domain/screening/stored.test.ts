import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../bench/screening.bench.ts';
import { INDICATORS, MISSING_REQUESTS } from '../../../src/domain/screening/indicators.ts';
import { screenCase } from '../../../src/domain/screening/screen.ts';
import { compactScreening, expandScreening, USUAL_MISSING_V1 } from '../../../src/domain/screening/stored.ts';
import { AS_OF, baseFacts } from './helpers.ts';

describe('compact stored screening', () => {
  it('reads back, through JSON, exactly the full screening on a large generated set', () => {
    const cases = [baseFacts(), ...generateCases(3000, 11)];
    let full = 0;
    let compact = 0;
    const outcomes = new Set<string>();
    for (const facts of cases) {
      const result = screenCase(facts, { asOf: AS_OF });
      const fullJson = JSON.stringify(result);
      const stored = JSON.stringify(compactScreening(result));
      full += fullJson.length;
      compact += stored.length;
      const back = expandScreening(JSON.parse(stored));
      // same content and the same JSON text (same key order)
      expect(JSON.stringify(back)).toBe(fullJson);
      for (const r of result.results) outcomes.add(r.outcome);
    }
    // the set exercises every outcome, and the compact form is a fraction of the full one
    expect([...outcomes].sort()).toEqual(['absent', 'present', 'undetermined']);
    expect(compact * 3).toBeLessThan(full);
  });

  it('keeps the summary and offence categories at the paths SQL reads', () => {
    const result = screenCase(baseFacts(), { asOf: AS_OF });
    const stored = JSON.parse(JSON.stringify(compactScreening(result)));
    expect(stored.form).toBe('compact');
    expect(stored.summary.strongPresent).toEqual(result.summary.strongPresent);
    expect(stored.summary.recommendation).toBe(result.summary.recommendation);
    expect(stored.offenceCategories).toEqual(JSON.parse(JSON.stringify(result.offenceCategories)));
    // no text of the ruleset is stored
    expect(JSON.stringify(stored)).not.toContain(INDICATORS[0]!.explanation);
    expect(JSON.stringify(stored)).not.toContain(MISSING_REQUESTS.warrant.requestDocument);
  });

  it('reads a screening stored in the full form as it is', () => {
    const result = JSON.parse(JSON.stringify(screenCase(baseFacts(), { asOf: AS_OF })));
    expect(expandScreening(result)).toBe(result);
  });

  it('keeps a missing fact whose document is not one of the ruleset as it was written', () => {
    const result = generateCases(50, 3)
      .map((f) => screenCase(f, { asOf: AS_OF }))
      .find((r) => r.results.some((x) => x.outcome === 'undetermined'))!;
    const i = result.results.findIndex((r) => r.outcome === 'undetermined');
    expect(i).toBeGreaterThanOrEqual(0);
    const odd = {
      field: 'x.y',
      requestDocument: 'A document no ruleset names',
      requestFrom: 'case_file' as const,
    };
    result.results[i] = { ...result.results[i]!, missing: [...result.results[i]!.missing, odd] };
    const back = expandScreening(JSON.parse(JSON.stringify(compactScreening(result))));
    expect(back.results[i]!.missing.at(-1)).toEqual(odd);
    expect(JSON.stringify(back)).toBe(JSON.stringify(result));
  });
});

describe('usual missing facts (usual: 1)', () => {
  const screened = generateCases(600, 17).map((f) => screenCase(f, { asOf: AS_OF }));

  it('leaves out an undetermined indicator that misses only its usual fact, and reads it back', () => {
    let left = 0;
    for (const result of screened) {
      const compact = compactScreening(result);
      expect(compact.usual).toBe(1);
      for (const x of result.results) {
        if (x.outcome !== 'undetermined') continue;
        const usual = USUAL_MISSING_V1[x.id];
        const isUsual =
          usual !== undefined &&
          x.triggeredBy.length === 0 &&
          x.missing.length === usual.length &&
          x.missing.every(
            (m, i) =>
              m.field === usual[i]![0] &&
              m.requestDocument === MISSING_REQUESTS[usual[i]![1]].requestDocument &&
              m.requestFrom === MISSING_REQUESTS[usual[i]![1]].requestFrom,
          );
        expect(x.id in compact.open, x.id).toBe(!isUsual);
        if (isUsual) left++;
      }
      expect(JSON.stringify(expandScreening(JSON.parse(JSON.stringify(compact))))).toBe(
        JSON.stringify(result),
      );
    }
    expect(left).toBeGreaterThan(1000);
  });

  it('writes out an undetermined indicator whose missing fact is not the usual one', () => {
    const result = screened.find((r) =>
      r.results.some((x) => x.outcome === 'undetermined' && USUAL_MISSING_V1[x.id]),
    )!;
    const i = result.results.findIndex((x) => x.outcome === 'undetermined' && USUAL_MISSING_V1[x.id]);
    const changed = structuredClone(result);
    changed.results[i]!.missing = [{ ...changed.results[i]!.missing[0]!, field: 'something.else' }];
    const compact = compactScreening(changed);
    expect(compact.open[changed.results[i]!.id]).toBeDefined();
    expect(JSON.stringify(expandScreening(JSON.parse(JSON.stringify(compact))))).toBe(
      JSON.stringify(changed),
    );
  });

  it('reads a compact row stored before the marker, with every undetermined indicator written out', () => {
    const result = screened[0]!;
    const compact = compactScreening(result);
    const older: Record<string, unknown> = { ...compact, open: { ...compact.open } };
    delete older.usual;
    for (const x of result.results)
      if (x.outcome === 'undetermined' && !(x.id in compact.open))
        (older.open as Record<string, unknown>)[x.id] = [
          'undetermined',
          [],
          USUAL_MISSING_V1[x.id]!.map((m) => [...m]),
        ];
    expect(JSON.stringify(expandScreening(JSON.parse(JSON.stringify(older))))).toBe(JSON.stringify(result));
    // without the marker, an indicator listed as undetermined with no entry is not given the usual facts
    const bare = { ...compact } as Record<string, unknown>;
    delete bare.usual;
    const read = expandScreening(JSON.parse(JSON.stringify(bare)));
    const left = result.results.find((x) => x.outcome === 'undetermined' && !(x.id in compact.open))!;
    expect(read.results.find((x) => x.id === left.id)!.outcome).toBe('absent');
  });
});
