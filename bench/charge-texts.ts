/**
 * Synthetic charge texts with a realistic distribution: most texts are distinct (article numbers,
 * case references, dates, places and the order and number of charges vary), while the words come from
 * a bounded vocabulary as in real warrants: the charge titles of the labelled set and of the lexicon, in
 * their languages and scripts, some transliterated, plus words that match nothing. Deterministic.
 */
import { readFileSync } from 'node:fs';
import anyAscii from 'any-ascii';
import { CHARGE_LEXICON } from '../src/domain/screening/charge-lexicon.ts';

/** mulberry32: small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fixtureCharges(): string[] {
  const text = readFileSync(
    new URL('../test/fixtures/screening/labelled-cases.jsonl', import.meta.url),
    'utf8',
  );
  const out: string[] = [];
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    const f = JSON.parse(l) as { facts: { judicial?: { warrants?: Array<{ charge?: string }> } } };
    for (const w of f.facts.judicial?.warrants ?? []) if (w.charge) out.push(...w.charge.split(/[;；、]/));
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

const LAWS = ['УК РФ', 'TCK', 'Código Penal', 'IPC', 'CL', 'Penal Code', 'УК РТ', 'قانون العقوبات', 'StGB'];
const PLACES = [
  'Moscow',
  'Ankara',
  'İstanbul',
  'Dushanbe',
  'Caracas',
  'Bogotá',
  'Tehran',
  'Dubai',
  'Almaty',
  'Lagos',
  'Mumbai',
  'Guangzhou',
  'Москва',
  'Душанбе',
  'طهران',
];
const FILLERS = [
  'committed by a group of persons',
  'in a large amount',
  'совершённое группой лиц',
  'в крупном размере',
  'con agravantes',
  'nitelikli',
  'in conjunction with others',
  'as accomplice',
  'attempted',
  'по предварительному сговору',
];

export interface ChargeTextGenerator {
  /** The next charge text (most are distinct). */
  next(): string;
  /** The pool of charge titles the texts are built from. */
  readonly titles: readonly string[];
}

/** A generator of charge texts; `seed` makes it deterministic. */
export function chargeTexts(seed = 1): ChargeTextGenerator {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const lexiconTerms = CHARGE_LEXICON.flatMap((row) => row.terms.map((t) => t.replace(/\$/g, '')));
  const titles = [...fixtureCharges(), ...lexiconTerms];
  const one = (): string => {
    let t = pick(titles);
    const x = r();
    if (x < 0.1)
      t = anyAscii(t); // transliterated by the issuing office
    else if (x < 0.2) t = t.toUpperCase();
    else if (x < 0.3) t = t.charAt(0).toUpperCase() + t.slice(1);
    if (r() < 0.25) t = `${t} ${pick(FILLERS)}`;
    if (r() < 0.6)
      t = `${t} (art. ${1 + Math.floor(r() * 400)}${r() < 0.4 ? ` part ${1 + Math.floor(r() * 4)}` : ''} ${pick(LAWS)})`;
    return t;
  };
  return {
    titles,
    next() {
      const n = r() < 0.7 ? 1 : r() < 0.8 ? 2 : 3;
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(one());
      let text = parts.join('; ');
      if (r() < 0.5) text += `, case No. ${Math.floor(r() * 90_000) + 10_000}/${2005 + Math.floor(r() * 21)}`;
      if (r() < 0.3) text += `, ${pick(PLACES)}`;
      if (r() < 0.2)
        text += `, ${1 + Math.floor(r() * 28)}.${1 + Math.floor(r() * 12)}.${2000 + Math.floor(r() * 26)}`;
      return text;
    },
  };
}
