import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayMatch, requiredLiterals } from '../../src/domain/regex-literals.ts';
import { checkWording, WORDING_PREFILTER } from '../../src/domain/wording.ts';
import { parseLabelledSentences } from '../../src/domain/wording-eval.ts';

const FIXTURE = new URL('../fixtures/wording/labelled-sentences.jsonl', import.meta.url);
const labelled = parseLabelledSentences(readFileSync(FIXTURE, 'utf8')).map((i) => i.text);

describe('requiredLiterals', () => {
  it('reads literals, alternations, optional parts and classes', () => {
    expect(requiredLiterals('abc')).toEqual([['abc']]);
    expect(requiredLiterals('(?:red|blue) car')).toEqual([['blue car', 'red car']]);
    expect(requiredLiterals('notices?')).toEqual([['notice', 'notices']]);
    expect(requiredLiterals('[Ww]arrant')).toEqual([['warrant']]);
    // A space run between words breaks the literal: each word is needed on its own.
    expect(requiredLiterals('red\\s{1,40}notice')).toEqual([['notice'], ['red']]);
    // An alternative that needs nothing makes the whole group need nothing.
    expect(requiredLiterals('interpol(?:\\w+|x)')).toEqual([['interpol']]);
    expect(requiredLiterals('(?:interpol|\\w+)')).toEqual([]);
  });

  it('requires nothing of what it cannot read exactly', () => {
    expect(requiredLiterals('\\s+')).toEqual([]);
    expect(requiredLiterals('.*')).toEqual([]);
    expect(requiredLiterals('(a)\\1')).toEqual([['a']]);
    expect(requiredLiterals('[^a]b')).toEqual([['b']]);
    expect(requiredLiterals('[a-z]+')).toEqual([]);
    expect(requiredLiterals('x?')).toEqual([]);
    expect(requiredLiterals('(?:abc)*')).toEqual([]);
    // A letter outside ASCII may match under `i` in ways lower-casing does not mirror: unknown.
    expect(requiredLiterals('caf\u00e9')).toEqual([['caf']]);
    // Lookarounds match no text of their own.
    expect(requiredLiterals('(?<![\\w-])(?:notice)(?!\\s+hearing)')).toEqual([['notice']]);
  });

  it('keeps every set a match needs, most selective first', () => {
    expect(requiredLiterals('wanted\\s+on\\s+(?:an?\\s+)?(?:interpol|international)\\s+warrants?')).toEqual([
      ['international', 'interpol'],
      ['warrant', 'warrants'],
      ['wanted'],
      ['on'],
    ]);
  });
});

/** Words from the wording patterns' own literals, and the glue between them. */
const VOCABULARY = [
  ...new Set(WORDING_PREFILTER.flatMap((p) => p.needs.flat()).filter((w) => /^[\w'.-]+$/.test(w))),
  'the',
  'a',
  'an',
  'he',
  'she',
  'is',
  'was',
  'not',
  'red notice',
  'diffusion',
  'interpol',
  'warrant',
  'on',
  'by',
  'of',
  'to',
  'must',
  'be',
  '[court]',
  'TBD',
  '"',
  '\u201c',
  '\u2019s',
  '.',
  ',',
];

const sentence = fc
  .tuple(
    fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 14 }),
    fc.array(fc.constantFrom(' ', '  ', '\n', '\t'), { minLength: 14, maxLength: 14 }),
    fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
  )
  .map(([words, gaps, upper]) => words.map((w, i) => `${upper[i] ? w.toUpperCase() : w}${gaps[i]}`).join(''));

describe('the wording check with its prefilter', () => {
  it('finds exactly what the expressions alone find, on the labelled sentences', () => {
    for (const text of labelled) {
      for (const variant of [text, text.toUpperCase(), text.replace(/ /g, '\n  '), `${text} ${text}`]) {
        expect(checkWording(variant, 'narrative'), variant).toEqual(
          checkWording(variant, 'narrative', { prefilter: false }),
        );
      }
    }
  });

  it('finds exactly what the expressions alone find, on generated text from the patterns’ words', () => {
    let withFindings = 0;
    fc.assert(
      fc.property(sentence, (text) => {
        const expected = checkWording(text, 'narrative', { prefilter: false });
        if (expected.length) withFindings++;
        expect(checkWording(text, 'narrative')).toEqual(expected);
      }),
      { numRuns: 3000, seed: 15006 },
    );
    // The generated text does reach the expressions: some of it is flagged.
    expect(withFindings).toBeGreaterThan(50);
  });

  it('never skips an expression that matches the text (every match holds its needed literals)', () => {
    const texts = [...labelled];
    fc.assert(
      fc.property(sentence, (t) => {
        texts.push(t);
      }),
      { numRuns: 2000, seed: 2023 },
    );
    let matched = 0;
    for (const p of WORDING_PREFILTER) {
      const re = new RegExp(p.source, 'gi');
      for (const text of texts) {
        for (const m of text.matchAll(re)) {
          matched++;
          expect(mayMatch(m[0].toLowerCase(), p.needs, new Map()), `${p.id}: ${m[0]}`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  it('skips every expression on text that names no notice, no INTERPOL and no warrant', () => {
    const text = 'Legacy record migrated from EARM. Encountered 2019-04-12T10:00:00Z.';
    const seen = new Map<string, boolean>();
    const run = WORDING_PREFILTER.filter((p) => mayMatch(text.toLowerCase(), p.needs, seen));
    expect(run.map((p) => p.id)).toEqual([]);
  });
});
