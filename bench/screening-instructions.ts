/**
 * A fixed amount of screening work for instruction counting (valgrind's callgrind counts instructions,
 * which do not depend on the machine's load): `N` generated cases (the benchmark's generator, most
 * charge texts distinct) screened once each, after a warm-up on other cases. Run it twice, with `N`
 * and with 0, and divide the difference by `N` for the instructions a case costs (docs/benchmarks.md).
 *
 *   npx esbuild bench/screening-instructions.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/screening-instructions.mjs --banner:js="import{createRequire}from'module';const require=createRequire(import.meta.url);"
 *   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p node /tmp/screening-instructions.mjs 2000 screen
 *
 * Modes: `screen` (screenCase with its digest), `reader` (the charge reader alone, prepareCase),
 * `digest` (digestFacts alone), `none` (nothing: the cost of generating the cases, to subtract).
 */

import { clearChargeCaches, digestFacts, prepareCase, screenCase } from '../src/domain/screening/index.ts';
import { generateCases } from './screening.bench.ts';

const n = Number(process.argv[2] ?? 2000);
const mode = process.argv[3] ?? 'screen';
const AS_OF = '2026-01-15';
const warm = generateCases(2000, 7);
const cases = generateCases(Math.max(n, 1), 1000);
for (const c of warm) {
  screenCase(c, { asOf: AS_OF });
  digestFacts(c);
}
clearChargeCaches();
let sink = 0;
for (let i = 0; i < n; i++) {
  const c = cases[i]!;
  if (mode === 'screen') sink += screenCase(c, { asOf: AS_OF }).results.length;
  else if (mode === 'reader') sink += prepareCase(c, { asOf: AS_OF }).charges ? 1 : 0;
  else if (mode === 'digest') sink += digestFacts(c).length;
  else sink += c.notice ? 1 : 0;
}
console.log(mode, n, sink);
