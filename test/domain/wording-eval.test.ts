import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkWording, WORDING_RULES } from '../../src/domain/wording.ts';
import {
  evaluateWording,
  formatWordingEvaluation,
  parseLabelledSentences,
} from '../../src/domain/wording-eval.ts';

const FIXTURE = new URL('../fixtures/wording/labelled-sentences.jsonl', import.meta.url);
const items = parseLabelledSentences(readFileSync(FIXTURE, 'utf8'));

describe('the labelled sentence set', () => {
  it('has at least 150 sentences, roughly half of them violations, each labelled once', () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    const violations = items.filter((i) => i.violation).length;
    expect(violations / items.length).toBeGreaterThan(0.4);
    expect(violations / items.length).toBeLessThan(0.6);
    expect(new Set(items.map((i) => i.text)).size).toBe(items.length);
  });

  it('labels every violation with a declared rule, and no neutral sentence with one', () => {
    const ids = new Set(WORDING_RULES.map((r) => r.id));
    for (const i of items) {
      if (i.violation) expect(ids.has(i.rule ?? ''), i.text).toBe(true);
      else expect(i.rule, i.text).toBeUndefined();
    }
  });

  it('is classified with precision and recall of at least 0.95 (sentence level)', () => {
    const e = evaluateWording(items);
    const report = formatWordingEvaluation(e);
    console.log(report.join('\n'));
    expect(e.truePositives + e.falseNegatives).toBe(e.violations);
    expect(e.falsePositives + e.trueNegatives).toBe(e.neutral);
    expect(e.precision, report.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(e.recall, report.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});

describe('suggestions for the labelled violations', () => {
  it('are finished wording that leaves nothing to flag where they are pasted', () => {
    for (const { text } of items.filter((i) => i.violation)) {
      for (const f of checkWording(text)) {
        expect(f.suggestion, text).not.toMatch(/[[\]]|e\.g\.|\bsay |\buse /i);
        const fixed = text.slice(0, f.start) + f.suggestion + text.slice(f.end);
        const again = checkWording(fixed).filter(
          (g) => g.start < f.start + f.suggestion.length && g.end > f.start,
        );
        expect(again, fixed).toEqual([]);
      }
    }
  });
});

describe('evaluateWording', () => {
  it('counts true and false positives and negatives', () => {
    const e = evaluateWording([
      { text: 'He was arrested on the Red Notice.', violation: true, rule: 'D10-AUTHORITY' },
      { text: 'He was arrested on a federal warrant.', violation: true },
      { text: 'The Red Notice is an arrest warrant.', violation: false },
      { text: 'A Red Notice is not a warrant.', violation: false },
    ]);
    expect(e).toMatchObject({
      total: 4,
      violations: 2,
      neutral: 2,
      truePositives: 1,
      falseNegatives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      precision: 0.5,
      recall: 0.5,
    });
    expect(e.missedViolations.map((c) => c.line)).toEqual([2]);
    expect(e.flaggedNeutral.map((c) => c.line)).toEqual([3]);
    expect(formatWordingEvaluation(e).join('\n')).toContain('line 3: The Red Notice is an arrest warrant.');
  });

  it('reports violations flagged under a rule other than the labelled one', () => {
    const e = evaluateWording([
      { text: 'He was arrested on the Red Notice.', violation: true, rule: 'D10-WARRANT' },
    ]);
    expect(e.truePositives).toBe(1);
    expect(e.otherRule).toHaveLength(1);
  });

  it('gives precision and recall of 1 when there is nothing to flag', () => {
    expect(evaluateWording([])).toMatchObject({ precision: 1, recall: 1 });
  });
});

describe('parseLabelledSentences', () => {
  it('skips blank lines and refuses malformed ones with the line number', () => {
    expect(parseLabelledSentences('\n{"text":"a","violation":false}\n\n')).toHaveLength(1);
    expect(() => parseLabelledSentences('{"text":"a"}')).toThrow(/line 1/);
    expect(() => parseLabelledSentences('ok\n{')).toThrow(/line 1: not valid JSON/);
  });
});
