/**
 * `npm run bench`: runs every registered benchmark and prints a table. Add a benchmark by exporting
 * an async function returning BenchResult and registering it in BENCHES below.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { runReadsBench } from './reads.bench.ts';
import { runReportBench } from './report.bench.ts';
import { runRescreenBench } from './rescreen.bench.ts';
import { runScreeningBench } from './screening.bench.ts';
import { runWordingBench } from './wording.bench.ts';

export interface BenchResult {
  /** What was measured. */
  name: string;
  /** What it is compared against. */
  baseline: string;
  /** Unit of ours/theirs, e.g. `cases/s`. */
  unit: string;
  ours: number;
  theirs: number;
  /** ours / theirs (higher is better for throughput units). */
  ratio: number;
  /** Free-form notes printed under the table. */
  notes?: string[];
}

export type Bench = () => Promise<BenchResult | BenchResult[]>;

export const BENCHES: Record<string, Bench> = {
  screening: runScreeningBench,
  rescreen: runRescreenBench,
  reads: runReadsBench,
  report: runReportBench,
  wording: runWordingBench,
};

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: BenchResult[] = [];
  for (const [key, bench] of Object.entries(BENCHES)) {
    if (only.length > 0 && !only.includes(key)) continue;
    console.log(`running ${key}…`);
    results.push(...[await bench()].flat());
  }
  const header = ['benchmark', 'baseline', 'unit', 'ours', 'theirs', 'ratio'];
  const rows = results.map((r) => [
    r.name,
    r.baseline,
    r.unit,
    fmt(r.ours),
    fmt(r.theirs),
    `${r.ratio.toFixed(1)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  for (const r of results) for (const n of r.notes ?? []) console.log(`  ${r.name}: ${n}`);
  // machine-readable: bench/results.json, one { name, value, unit, baseline, ratio } per figure
  // Appended to what is there: a benchmark (bench/reads.bench.ts) may have written its own figures to the
  // file during this run, which a rewrite would drop.
  if (process.env.REDLINE_BENCH_RECORD === '0') return; // a quick loop (bench/reads.bench.ts)
  const file = new URL('./results.json', import.meta.url);
  const kept: unknown[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown[]) : [];
  const at = new Date().toISOString();
  const json = results.map((r) => ({
    name: r.name,
    value: r.ours,
    unit: r.unit,
    baseline: { name: r.baseline, value: r.theirs },
    ratio: r.ratio,
    at,
  }));
  writeFileSync(file, `${JSON.stringify([...kept, ...json], null, 2)}\n`);
}

const isMain =
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
