/**
 * The period of a report cut into buckets of the counts per day (services/report/oversight.ts#periodBuckets,
 * migration 0034): every day of the period is in exactly one bucket and no day outside it is, whole years and
 * whole months are read as one bucket each, and there are at most five ranges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PeriodBucket, periodBuckets } from '../../src/services/report/oversight.ts';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The days a bucket range stands for, by the grain's definition (not by the function's arithmetic). */
function daysOf(b: PeriodBucket): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${b.first}T00:00:00Z`); t <= Date.parse(`${b.last}T00:00:00Z`); t += DAY) {
    const d = new Date(t);
    const start =
      b.grain === 'd' ||
      (b.grain === 'm' && d.getUTCDate() === 1) ||
      (b.grain === 'y' && d.getUTCDate() === 1 && d.getUTCMonth() === 0);
    if (!start) continue;
    // Every day that falls in this bucket: same day, same month, or same year.
    for (let u = t; ; u += DAY) {
      const e = new Date(u);
      const same =
        b.grain === 'd'
          ? u === t
          : b.grain === 'm'
            ? e.getUTCMonth() === d.getUTCMonth() && e.getUTCFullYear() === d.getUTCFullYear()
            : e.getUTCFullYear() === d.getUTCFullYear();
      if (!same) break;
      out.push(iso(u));
    }
  }
  return out;
}

describe('periodBuckets', () => {
  it('covers every day of the period exactly once, and nothing else', () => {
    const day = fc.integer({ min: Date.UTC(2019, 0, 1) / DAY, max: Date.UTC(2027, 11, 31) / DAY });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 2000 }), (a, len) => {
        const from = iso(a * DAY);
        const to = iso((a + len) * DAY);
        const ranges = periodBuckets(from, to);
        expect(ranges.length).toBeLessThanOrEqual(5);
        const covered = ranges.flatMap(daysOf);
        const want: string[] = [];
        for (let t = a * DAY; t <= (a + len) * DAY; t += DAY) want.push(iso(t));
        expect(covered).toEqual(want);
      }),
      { numRuns: 300, seed: 34 },
    );
  });

  it('reads whole years and whole months as one bucket each', () => {
    expect(periodBuckets('2021-06-09', '2026-11-29')).toEqual([
      { grain: 'd', first: '2021-06-09', last: '2021-06-30' },
      { grain: 'm', first: '2021-07-01', last: '2021-12-01' },
      { grain: 'y', first: '2022-01-01', last: '2025-01-01' },
      { grain: 'm', first: '2026-01-01', last: '2026-10-01' },
      { grain: 'd', first: '2026-11-01', last: '2026-11-29' },
    ]);
    expect(periodBuckets('2024-02-01', '2024-02-29')).toEqual([
      { grain: 'm', first: '2024-02-01', last: '2024-02-01' },
    ]);
    expect(periodBuckets('2024-03-15', '2024-03-15')).toEqual([
      { grain: 'd', first: '2024-03-15', last: '2024-03-15' },
    ]);
  });
});
