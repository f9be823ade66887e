/**
 * Generates a realistic synthetic legacy file for `redline import` (docs/legacy-import.md). Stable CLI:
 *
 *   npx tsx scripts/gen-legacy.ts --count 100000 --out /tmp/legacy.csv [--format csv|jsonl] [--seed 1] [--start 1]
 *
 * The generator itself is bench/legacy-gen.ts.
 */
import { parseArgs } from 'node:util';
import { generateLegacyFile } from '../bench/legacy-gen.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    out: { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '1' },
  },
});
if (!values.out || (values.format && values.format !== 'csv' && values.format !== 'jsonl')) {
  console.error('Usage: gen-legacy.ts --count N --out FILE [--format csv|jsonl] [--seed S] [--start K]');
  process.exit(2);
}
const count = Number(values.count);
await generateLegacyFile({
  count,
  out: values.out,
  format: values.format as 'csv' | 'jsonl' | undefined,
  seed: Number(values.seed),
  start: Number(values.start),
});
console.error(`Wrote ${count} records to ${values.out}.`);
