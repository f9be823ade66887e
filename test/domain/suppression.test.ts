import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  augment,
  type CountTable,
  SUPPRESSION_THRESHOLD,
  suppressTable,
} from '../../src/domain/suppression.ts';

/**
 * The oracle: which withheld numbers of the grid (cells and totals) can be worked out exactly from the
 * published ones? Unknowns are the withheld numbers; every row and column of the grid gives one equation
 * (cells add up to their total). A withheld number is determined exactly when its unit vector lies in the
 * row space of the equations' coefficients over the unknowns. Independent of the rule's cycle argument.
 */
function determined(grid: number[][], withheld: boolean[][]): Array<[number, number]> {
  const rows = grid.length;
  const cols = grid[0]!.length;
  const unknowns: Array<[number, number]> = [];
  const index = new Map<string, number>();
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      if (withheld[i]![j]) {
        index.set(`${i},${j}`, unknowns.length);
        unknowns.push([i, j]);
      }
  const k = unknowns.length;
  const eqs: number[][] = [];
  // Row i: sum of cells (j < cols-1) minus the total (j = cols-1) is 0.
  for (let i = 0; i < rows; i++) {
    const e = new Array(k).fill(0);
    for (let j = 0; j < cols; j++) {
      const u = index.get(`${i},${j}`);
      if (u !== undefined) e[u] += j === cols - 1 ? -1 : 1;
    }
    eqs.push(e);
  }
  for (let j = 0; j < cols; j++) {
    const e = new Array(k).fill(0);
    for (let i = 0; i < rows; i++) {
      const u = index.get(`${i},${j}`);
      if (u !== undefined) e[u] += i === rows - 1 ? -1 : 1;
    }
    eqs.push(e);
  }
  const rank = (m: number[][]) => {
    const a = m.map((r) => r.slice());
    let r = 0;
    for (let c = 0; c < k && r < a.length; c++) {
      let p = r;
      while (p < a.length && Math.abs(a[p]![c]!) < 1e-9) p++;
      if (p === a.length) continue;
      [a[r], a[p]] = [a[p]!, a[r]!];
      for (let q = 0; q < a.length; q++) {
        if (q === r) continue;
        const f = a[q]![c]! / a[r]![c]!;
        if (f !== 0) for (let x = c; x < k; x++) a[q]![x]! -= f * a[r]![x]!;
      }
      r++;
    }
    return r;
  };
  const base = rank(eqs);
  return unknowns.filter((_, u) => {
    const unit = new Array(k).fill(0);
    unit[u] = 1;
    return rank([...eqs, unit]) === base;
  });
}

const table = (cells: number[][]): CountTable => ({
  rows: cells.map((_, i) => `r${i}`),
  cols: cells[0]!.map((_, j) => `c${j}`),
  cells,
});

function check(t: CountTable) {
  const p = suppressTable(t);
  const grid = augment(t);
  const withheld = p.marks.map((r) => r.map((m) => m !== 'shown'));
  // Primary: every count below 11, cells and totals, is withheld.
  grid.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v < SUPPRESSION_THRESHOLD) expect(withheld[i]![j]).toBe(true);
    });
  });
  // Shown numbers are the true ones.
  const m = t.rows.length;
  const n = t.cols.length;
  t.cells.forEach((r, i) => {
    r.forEach((v, j) => {
      expect(p.cells[i]![j]).toBe(withheld[i]![j] ? null : v);
    });
  });
  expect(p.total).toBe(withheld[m]![n] ? null : grid[m]![n]);
  // Complementary: nothing withheld can be worked out from what is published.
  expect(determined(grid, withheld)).toEqual([]);
  return p;
}

describe('small-cell suppression', () => {
  it('withholds a lone small cell and the cells that would give it away', () => {
    const p = check(
      table([
        [50, 40, 30],
        [5, 60, 70],
        [45, 80, 90],
      ]),
    );
    // The 5 is withheld, and so is at least one other number in its row and in its column.
    expect(p.cells[1]![0]).toBeNull();
    const rowWithheld = p.cells[1]!.filter((v) => v === null).length + (p.rowTotals[1] === null ? 1 : 0);
    const colWithheld =
      p.cells.map((r) => r[0]).filter((v) => v === null).length + (p.colTotals[0] === null ? 1 : 0);
    expect(rowWithheld).toBeGreaterThanOrEqual(2);
    expect(colWithheld).toBeGreaterThanOrEqual(2);
    expect(p.total).toBe(470);
    expect(p.marks[1]![0]).toBe('primary');
    expect(p.marks.flat().filter((m) => m === 'complementary').length).toBeGreaterThanOrEqual(3);
  });

  it('shows a table with no small count as it is', () => {
    const p = check(
      table([
        [11, 20],
        [30, 40],
      ]),
    );
    expect(p.marks.flat().every((m) => m === 'shown')).toBe(true);
  });

  it('protects a one-column table (a list of counts with its total)', () => {
    const p = check(table([[3], [40], [55], [70]]));
    expect(p.cells[0]![0]).toBeNull();
    expect(p.cells.filter((r) => r[0] === null).length).toBeGreaterThanOrEqual(2);
  });

  it('withholds a total below 11 and the cells of its row stay unrecoverable', () => {
    check(
      table([
        [2, 3, 4],
        [20, 30, 40],
      ]),
    );
  });

  it('prefers a non-zero count to a zero as a complementary cell when it can', () => {
    const p = check(
      table([
        [5, 0, 30],
        [40, 50, 60],
        [70, 80, 90],
      ]),
    );
    expect(p.marks[0]![0]).toBe('primary');
  });

  it('no withheld count can ever be worked out from the totals (random tables)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((m) =>
          fc.integer({ min: 1, max: 6 }).chain((n) =>
            fc.array(
              fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 300 })), {
                minLength: n,
                maxLength: n,
              }),
              { minLength: m, maxLength: m },
            ),
          ),
        ),
        (cells) => {
          check(table(cells));
        },
      ),
      { numRuns: 400 },
    );
  });
});
