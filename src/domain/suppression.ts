/**
 * Small-cell suppression for the publishable oversight report (PDF and CSV). Pure.
 *
 * The rule, applied to every table of counts published with its row totals, column totals and grand total:
 *
 * 1. Primary suppression: every published count below 11 (0 to 10) — a cell or a total — is withheld.
 * 2. Complementary suppression: a withheld count must not be recoverable by subtraction from what is
 *    published. Think of the table with its totals as a grid of (rows + 1) × (columns + 1) numbers in which
 *    every line adds up (cells to the row's total, totals to the grand total). A withheld number is
 *    recoverable exactly when it lies on no cycle of withheld numbers — a closed path that alternates
 *    between moving along a row and along a column. If it lies on such a cycle, adding 1 and subtracting 1
 *    alternately around the cycle gives another table with the same published numbers, so the published
 *    numbers cannot tell the two apart. Conversely a withheld number on no cycle (a "bridge" between the
 *    rows and columns it joins) is the difference of published sums, and can be worked out.
 *    So, while some withheld number lies on no cycle, we withhold the three further numbers that close the
 *    cheapest rectangle through it (another row, another column, and their crossing): smallest counts first,
 *    inner cells before totals, the grand total last, and never a zero when a non-zero count will do (a zero
 *    in the cycle would let the count only move one way, narrowing what can be inferred).
 * 3. The rule stops when every withheld number lies on a cycle. Each step withholds at least one more
 *    number, so it always stops.
 *
 * Withheld numbers are all shown the same way (the report says why), so a reader cannot tell primary from
 * complementary suppression.
 */

export const SUPPRESSION_THRESHOLD = 11;

export type CellMark = 'shown' | 'primary' | 'complementary';

export interface CountTable {
  rows: string[];
  cols: string[];
  /** cells[row][col] */
  cells: number[][];
}

export interface PublishedTable {
  rows: string[];
  cols: string[];
  /** null where withheld */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
  /** The augmented grid's marks: marks[i][j] for i ≤ rows.length, j ≤ cols.length (the last row and column are totals). */
  marks: CellMark[][];
}

/** The table with its totals as one (m + 1) × (n + 1) grid. */
export function augment(t: CountTable): number[][] {
  const m = t.rows.length;
  const n = t.cols.length;
  const g: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row = t.cells[i]!.slice(0, n);
    g.push([...row, row.reduce((a, b) => a + b, 0)]);
  }
  const colTotals = Array.from({ length: n + 1 }, (_, j) => g.reduce((a, r) => a + r[j]!, 0));
  g.push(colTotals);
  return g;
}

/** Whether the withheld number (i, j) of the grid lies on no cycle of withheld numbers. */
function isBridge(marks: CellMark[][], i: number, j: number): boolean {
  const rows = marks.length;
  const cols = marks[0]!.length;
  // Nodes: rows 0..rows-1, columns rows..rows+cols-1. Edge (r, c) when withheld; search r → c without (i, j).
  const seen = new Set<number>([i]);
  const stack = [i];
  while (stack.length) {
    const node = stack.pop()!;
    if (node < rows) {
      for (let c = 0; c < cols; c++) {
        if (marks[node]![c] === 'shown' || (node === i && c === j)) continue;
        const id = rows + c;
        if (id === rows + j) return false;
        if (!seen.has(id)) {
          seen.add(id);
          stack.push(id);
        }
      }
    } else {
      const c = node - rows;
      for (let r = 0; r < rows; r++) {
        if (marks[r]![c] === 'shown' || (r === i && c === j)) continue;
        if (!seen.has(r)) {
          seen.add(r);
          stack.push(r);
        }
      }
    }
  }
  return true;
}

/** The cost of withholding one more number: small counts first, inner cells before totals, zeros last. */
function cost(grid: number[][], i: number, j: number): number {
  const rows = grid.length;
  const cols = grid[0]!.length;
  const v = grid[i]![j]!;
  const isGrand = i === rows - 1 && j === cols - 1;
  const isMargin = i === rows - 1 || j === cols - 1;
  return v + (v === 0 ? 1e9 : 0) + (isGrand ? 1e12 : isMargin ? 1e6 : 0);
}

/** Marks every number of the grid: shown, withheld because small, or withheld to protect another. */
export function suppressionMarks(grid: number[][], threshold = SUPPRESSION_THRESHOLD): CellMark[][] {
  const marks: CellMark[][] = grid.map((r) => r.map((v) => (v < threshold ? 'primary' : 'shown')));
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (rows < 2 || cols < 2) return marks;
  for (;;) {
    let bridge: [number, number] | null = null;
    outer: for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++)
        if (marks[i]![j] !== 'shown' && isBridge(marks, i, j)) {
          bridge = [i, j];
          break outer;
        }
    if (!bridge) return marks;
    const [i, j] = bridge;
    let best: { i2: number; j2: number; c: number } | null = null;
    for (let i2 = 0; i2 < rows; i2++) {
      if (i2 === i) continue;
      for (let j2 = 0; j2 < cols; j2++) {
        if (j2 === j) continue;
        let c = 0;
        for (const [a, b] of [
          [i, j2],
          [i2, j],
          [i2, j2],
        ] as const)
          if (marks[a]![b] === 'shown') c += cost(grid, a, b);
        if (!best || c < best.c) best = { i2, j2, c };
      }
    }
    const { i2, j2 } = best!;
    for (const [a, b] of [
      [i, j2],
      [i2, j],
      [i2, j2],
    ] as const)
      if (marks[a]![b] === 'shown') marks[a]![b] = 'complementary';
  }
}

/** The table as published: every count below the threshold withheld, and enough others that none can be worked out. */
export function suppressTable(t: CountTable, threshold = SUPPRESSION_THRESHOLD): PublishedTable {
  const m = t.rows.length;
  const n = t.cols.length;
  const grid = augment(t);
  const marks = suppressionMarks(grid, threshold);
  const show = (i: number, j: number) => (marks[i]![j] === 'shown' ? grid[i]![j]! : null);
  return {
    rows: t.rows,
    cols: t.cols,
    cells: t.rows.map((_, i) => t.cols.map((_, j) => show(i, j))),
    rowTotals: t.rows.map((_, i) => show(i, n)),
    colTotals: t.cols.map((_, j) => show(m, j)),
    total: show(m, n),
    marks,
  };
}

/** The same table unsuppressed (for readers inside the agency), in the published shape. */
export function fullTable(t: CountTable): PublishedTable {
  const m = t.rows.length;
  const n = t.cols.length;
  const grid = augment(t);
  return {
    rows: t.rows,
    cols: t.cols,
    cells: t.cells.map((r) => r.slice(0, n)),
    rowTotals: t.rows.map((_, i) => grid[i]![n]!),
    colTotals: t.cols.map((_, j) => grid[m]![j]!),
    total: grid[m]![n]!,
    marks: grid.map((r) => r.map(() => 'shown' as const)),
  };
}

/** A single figure (a median, a percentile) computed from `n` cases is withheld when n is below the threshold. */
export function suppressStatistic(
  value: number | null,
  n: number,
  threshold = SUPPRESSION_THRESHOLD,
): number | null {
  return n < threshold ? null : value;
}
