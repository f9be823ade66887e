/**
 * Precision and recall of "at least one strong indicator present" against the labelled set
 * (test/fixtures/screening/labelled-cases.jsonl). Thresholds and their justification:
 * test/fixtures/screening/README.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseFactsSchema } from '../../../src/domain/screening/facts.ts';
import { screenCase } from '../../../src/domain/screening/screen.ts';

interface LabelledCase {
  id: string;
  label: 'abuse' | 'legitimate';
  summary: string;
  sources: string[];
  facts: unknown;
}

const MIN_RECALL = 0.9;
const MIN_PRECISION = 0.85;

const lines = readFileSync(new URL('../../fixtures/screening/labelled-cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim());
const cases: LabelledCase[] = lines.map((l) => JSON.parse(l) as LabelledCase);

describe('labelled set', () => {
  it('has at least 40 cases, both labels, sources, valid facts and unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(cases.filter((c) => c.label === 'abuse').length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.label === 'legitimate').length).toBeGreaterThanOrEqual(15);
    for (const c of cases) {
      expect(c.sources.length, c.id).toBeGreaterThan(0);
      expect(c.summary.length, c.id).toBeGreaterThan(20);
      const parsed = caseFactsSchema.safeParse(c.facts);
      expect(parsed.success, `${c.id}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
  });

  it(`precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL} for "at least one strong indicator present"`, () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const firing = new Map<string, number>();
    const rows: string[] = [];
    for (const c of cases) {
      const r = screenCase(caseFactsSchema.parse(c.facts), { asOf: '2026-01-15' });
      const flagged = r.summary.strongPresent.length > 0;
      for (const id of r.summary.strongPresent) firing.set(id, (firing.get(id) ?? 0) + 1);
      if (c.label === 'abuse') flagged ? tp++ : fn++;
      else flagged ? fp++ : tn++;
      if (flagged !== (c.label === 'abuse')) {
        rows.push(
          `  ${c.label === 'abuse' ? 'MISSED' : 'FALSE ALARM'} ${c.id}: strong=[${r.summary.strongPresent.join(', ')}] ${r.summary.recommendation}`,
        );
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `[screening labelled set] n=${cases.length} TP=${tp} FP=${fp} FN=${fn} TN=${tn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} (thresholds: precision>=${MIN_PRECISION}, recall>=${MIN_RECALL})`,
    );
    if (rows.length) console.log(rows.join('\n'));
    console.log(
      `[screening labelled set] strong indicators firing: ${[...firing.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
    expect(recall).toBeGreaterThanOrEqual(MIN_RECALL);
    expect(precision).toBeGreaterThanOrEqual(MIN_PRECISION);
  });

  it('no strong indicator owes its hits to a single case', () => {
    const counts = new Map<string, number>();
    for (const c of cases) {
      const r = screenCase(caseFactsSchema.parse(c.facts), { asOf: '2026-01-15' });
      for (const id of r.summary.strongPresent) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, n] of counts) expect(n, id).toBeGreaterThanOrEqual(2);
  });
});
