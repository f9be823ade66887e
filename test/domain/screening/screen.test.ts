import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { diffScreenings } from '../../../src/domain/screening/diff.ts';
import { caseFactsSchema } from '../../../src/domain/screening/facts.ts';
import { digestFacts, RULESET_VERSION, screenCase } from '../../../src/domain/screening/screen.ts';
import { AS_OF, baseFacts, mutate } from './helpers.ts';

describe('screenCase', () => {
  it('records the ruleset version, the digest of its inputs and every indicator', () => {
    const r = screenCase(baseFacts(), { asOf: AS_OF });
    expect(r.rulesetVersion).toBe(RULESET_VERSION);
    expect(r.inputsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(r.results).toHaveLength(27);
    for (const x of r.results) expect(x.citation.length).toBeGreaterThan(0);
    expect(r.summary.recommendationText).toMatch(/not a decision/);
  });

  it('the digest is canonical: key order does not matter, content does', () => {
    const a = baseFacts();
    const b = JSON.parse(JSON.stringify(a, Object.keys(a).reverse()));
    const reordered = Object.fromEntries(Object.entries(a).reverse());
    expect(digestFacts(reordered)).toBe(digestFacts(a));
    expect(digestFacts(b)).not.toBe('');
    expect(digestFacts(mutate((x) => (x.notice!.issuingCountry = 'RU')))).not.toBe(digestFacts(a));
  });

  it('recommends referral when a strong indicator is present', () => {
    const r = screenCase(
      mutate((x) => {
        x.priorDecisions = [{ body: 'ccf', result: 'deleted' }];
      }),
      { asOf: AS_OF },
    );
    expect(r.summary.strongPresent).toEqual(['IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION']);
    expect(r.summary.recommendation).toBe('do_not_act_refer_legal_review');
  });

  it('recommends heightened scrutiny for contextual indicators only, or when strong ones are undetermined', () => {
    const ctx = screenCase(
      mutate((x) => (x.notice!.issuingCountry = 'TR')),
      { asOf: AS_OF },
    );
    expect(ctx.summary.strongPresent).toEqual([]);
    expect(ctx.summary.contextualPresent).toEqual(['CTX_COUNTRY_PATTERN']);
    expect(ctx.summary.recommendation).toBe('heightened_scrutiny');
    const empty = screenCase({}, { asOf: AS_OF });
    expect(empty.summary.recommendation).toBe('heightened_scrutiny');
    expect(empty.summary.undetermined.length).toBeGreaterThan(20);
  });

  it('a validity problem alone means do not act', () => {
    const r = screenCase(
      mutate((x) => (x.notice!.status = 'withdrawn')),
      { asOf: AS_OF },
    );
    expect(r.summary.validityPresent).toEqual(['VAL_NOT_CURRENT']);
    expect(r.summary.recommendation).toBe('do_not_act_refer_legal_review');
  });

  it('validates input when asked', () => {
    expect(() => screenCase({ notice: { issuingCountry: 'russia' } } as never, { validate: true })).toThrow();
  });
});

describe('diffScreenings', () => {
  it('shows nothing changed for identical screenings', () => {
    const a = screenCase(baseFacts(), { asOf: AS_OF });
    expect(diffScreenings(a, a).unchanged).toBe(true);
  });

  it('shows nothing changed between a stored result (keys reordered, as jsonb returns them) and the same result fresh', () => {
    const fresh = screenCase(baseFacts(), { asOf: AS_OF });
    // jsonb keeps object keys ordered by length, then bytes: the stored result's keys come back in that order.
    const reorder = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reorder)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v as Record<string, unknown>)
                .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
                .map(([k, x]) => [k, reorder(x)]),
            )
          : v;
    const stored = reorder(fresh) as typeof fresh;
    expect(JSON.stringify(stored)).not.toBe(JSON.stringify(fresh));
    expect(diffScreenings(stored, fresh).unchanged).toBe(true);
  });

  it('shows per indicator what changed, and the recommendation change', () => {
    const a = screenCase(baseFacts(), { asOf: AS_OF });
    const b = screenCase(
      mutate((x) => (x.notice!.type = 'diffusion')),
      { asOf: AS_OF },
    );
    const d = diffScreenings(a, b);
    expect(d.inputsChanged).toBe(true);
    expect(d.indicators).toEqual([
      {
        id: 'CTX_DIFFUSION_NOT_PREVIEWED',
        kind: 'changed',
        outcome: { from: 'absent', to: 'present' },
        changedFields: ['triggeredBy'],
      },
    ]);
    expect(d.recommendation).toEqual({ from: 'no_indicators', to: 'heightened_scrutiny' });
  });

  it('shows indicators added or removed and citation changes by a new ruleset version', () => {
    const a = screenCase(baseFacts(), { asOf: AS_OF });
    const b = structuredClone(a);
    b.rulesetVersion = '2099.1.0';
    b.results = b.results.filter((r) => r.id !== 'CTX_MINORITY_MEMBER');
    b.results[0]!.citation = 'amended';
    b.results.push({ ...b.results[1]!, id: 'IND_NEW', outcome: 'present' });
    const d = diffScreenings(a, b);
    expect(d.rulesetVersion).toEqual({ from: RULESET_VERSION, to: '2099.1.0' });
    expect(d.inputsChanged).toBe(false);
    expect(d.indicators).toContainEqual({
      id: 'CTX_MINORITY_MEMBER',
      kind: 'removed',
      outcome: { from: 'absent', to: null },
      changedFields: [],
    });
    expect(d.indicators).toContainEqual({
      id: 'IND_NEW',
      kind: 'added',
      outcome: { from: null, to: 'present' },
      changedFields: [],
    });
    expect(d.indicators).toContainEqual({
      id: 'IND_REFUGEE_FROM_ISSUING_STATE',
      kind: 'changed',
      changedFields: ['citation'],
    });
  });
});

describe('case-facts schema', () => {
  const schemaPath = new URL('../../../docs/schemas/case-facts.schema.json', import.meta.url);
  it('docs/schemas/case-facts.schema.json is the JSON Schema generated from caseFactsSchema', () => {
    const generated = z.toJSONSchema(caseFactsSchema);
    expect(JSON.parse(readFileSync(schemaPath, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generated)));
  });
  it('the examples in docs/examples validate', () => {
    for (const name of [
      'case-facts-abuse-indicated.json',
      'case-facts-legitimate.json',
      'case-facts-incomplete.json',
    ]) {
      const text = readFileSync(new URL(`../../../docs/examples/${name}`, import.meta.url), 'utf8');
      expect(() => caseFactsSchema.parse(JSON.parse(text)), name).not.toThrow();
    }
  });
});
