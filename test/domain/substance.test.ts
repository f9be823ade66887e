import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressesSubject,
  checkSubstance,
  looseStem,
  MIN_MEANINGFUL_WORDS,
  meaningfulWords,
  normaliseForComparison,
  STOCK_PHRASES,
  SUBSTANCE_KINDS,
  SUBSTANCE_RULES,
  type SubstanceInput,
  type SubstanceSubject,
  substanceExpected,
} from '../../src/domain/substance.ts';

const JOURNALIST: SubstanceSubject = {
  id: 'IND_ART3_JOURNALIST',
  title: 'The person is a journalist',
  citation: 'Article 3',
  keywords: ['reporter', 'press'],
};

const GOOD_ACK =
  'He worked as a sports journalist for a regional paper until 2015; the fraud charges concern invoices of his later trading company and nothing in the record links them to his reporting.';

const input = (over: Partial<SubstanceInput>): SubstanceInput => ({
  text: GOOD_ACK,
  field: 'acknowledgements.IND_ART3_JOURNALIST',
  kind: 'acknowledgement',
  minChars: 40,
  ...over,
});
const rules = (over: Partial<SubstanceInput>) => checkSubstance(input(over)).map((f) => f.rule);

describe('checkSubstance: a real reason passes', () => {
  it.each([
    [GOOD_ACK, 'acknowledgement' as const, JOURNALIST],
    [
      'Served in person at the Elizabeth Detention Center on 4 June 2024 at 10:15, in Uzbek through a telephone interpreter; he signed the receipt.',
      'service_note' as const,
      undefined,
    ],
    [
      'INTERPOL Washington answered on 20 May that the requesting country did not provide the judgment despite two requests (2 and 16 May).',
      'unavailability' as const,
      undefined,
    ],
    [
      'The person says the prosecution punishes his reporting (Art. 3), but the charges concern invoices from 2017 and the court judgment lists bank records as evidence.',
      'contest_decision' as const,
      JOURNALIST,
    ],
  ])('%j', (text, kind, mustAddress) => {
    expect(checkSubstance(input({ text, kind, mustAddress }))).toEqual([]);
  });
});

describe('SUBSTANCE-STOCK-PHRASE', () => {
  it.each([
    'Noted.',
    'noted',
    'OK',
    'Ok to proceed.',
    'Noted. OK to proceed.',
    'Approved.',
    'Agreed',
    'Concur.',
    'n/a',
    'N/A',
    'NA',
    'None.',
    'See file.',
    'See attached',
    'see above',
    'As above.',
    'Not sustained.',
    'Sustained',
    'Denied.',
    'Reviewed.',
    'Acknowledged.',
    'No issues.',
    'No concerns',
    'Fine.',
    'Proceed.',
    'Per policy.',
    'LGTM',
    'test',
    '-',
    '.',
    '...',
    '\u2014',
    'Reviewed and approved.',
    'Noted, no concerns, ok to proceed!!',
    'NOTED NOTED NOTED',
    'ok ok',
    'Reviewed - no issues - approved per policy.',
    'I concur.',
    'Acknowledged with thanks.',
  ])('%j', (text) => {
    const found = checkSubstance(input({ text, mustAddress: JOURNALIST }));
    expect(found.map((f) => f.rule)).toEqual(['SUBSTANCE-STOCK-PHRASE']);
    expect(found[0]!.message).toContain('is a stock phrase, not a reason.');
    expect(found[0]!.message).toContain('\u201CThe person is a journalist\u201D (IND_ART3_JOURNALIST)');
  });

  it('refuses a text of mostly stock words with too few meaningful words', () => {
    expect(rules({ text: 'Reviewed the file, no concerns with the journalist issue. Approved.' })).toContain(
      'SUBSTANCE-STOCK-PHRASE',
    );
  });

  it('gives the message of the brief for "Noted." on an acknowledgement', () => {
    const [f] = checkSubstance(input({ text: 'Noted.', mustAddress: JOURNALIST }));
    expect(f).toEqual({
      rule: 'SUBSTANCE-STOCK-PHRASE',
      field: 'acknowledgements.IND_ART3_JOURNALIST',
      message:
        '\u201CNoted.\u201D is a stock phrase, not a reason. Explain in your own words why the case may proceed despite \u201CThe person is a journalist\u201D (IND_ART3_JOURNALIST): what the record shows and why it does or does not bear on the notice.',
      expected:
        'Explain in your own words why the case may proceed despite \u201CThe person is a journalist\u201D (IND_ART3_JOURNALIST): what the record shows and why it does or does not bear on the notice.',
    });
  });

  it('does not refuse a reason that merely uses stock words', () => {
    expect(
      rules({
        text: 'Reviewed the Tashkent judgment: the fraud counts rest on bank records from 2017, unrelated to his sports reporting; no concerns remain about Article 3.',
      }),
    ).toEqual([]);
  });
});

describe('SUBSTANCE-TOO-SHORT', () => {
  it('refuses an empty or blank text', () => {
    for (const text of ['', '   ', '\n\t']) {
      const found = checkSubstance(input({ text, mustAddress: JOURNALIST }));
      expect(found.map((f) => f.rule)).toEqual(['SUBSTANCE-TOO-SHORT']);
      expect(found[0]!.message).toMatch(/^The text is empty/);
    }
  });

  it('refuses fewer characters than minChars (after trimming)', () => {
    const text = 'Journalist; charges are for tax fraud 2019.';
    expect(text.length).toBeGreaterThanOrEqual(40);
    expect(rules({ text: `   ${text.slice(0, 30)}   `, mustAddress: undefined })).toEqual([
      'SUBSTANCE-TOO-SHORT',
    ]);
    const found = checkSubstance(input({ text: 'He is a journalist at RFE.', minChars: 40 }));
    expect(found[0]!.message).toContain('26 characters, and at least 40 are required');
  });

  it('uses the policy minimum', () => {
    expect(rules({ text: GOOD_ACK, minChars: 500 })).toEqual(['SUBSTANCE-TOO-SHORT']);
    expect(rules({ text: GOOD_ACK, minChars: 20 })).toEqual([]);
  });

  it(`refuses fewer than ${MIN_MEANINGFUL_WORDS} meaningful words, however long`, () => {
    const text = 'It is what it is, and that is all there is to it, as we all know.';
    expect(text.length).toBeGreaterThan(40);
    const found = checkSubstance(input({ text, mustAddress: undefined }));
    expect(found.map((f) => f.rule)).toEqual(['SUBSTANCE-TOO-SHORT']);
    expect(found[0]!.message).toContain('1 meaningful word, and at least 6 are required');
  });

  it('counts meaningful words as defined', () => {
    expect(meaningfulWords('The subject is a journalist; charges noted, Article 3, approved.')).toEqual([
      'subject',
      'journalist',
      'charges',
      'article',
      '3',
    ]);
  });

  it('falls back to 40 characters when minChars is not a usable number', () => {
    expect(rules({ text: 'He is a journalist at RFE.', minChars: Number.NaN })).toContain(
      'SUBSTANCE-TOO-SHORT',
    );
  });
});

describe('SUBSTANCE-DUPLICATE', () => {
  it('refuses a text identical to another entry, ignoring case, punctuation and spacing', () => {
    const other = GOOD_ACK.toUpperCase().replace(/;/g, ' , ').replace(/ /g, '  ');
    expect(rules({ otherEntries: ['something else entirely', other] })).toEqual(['SUBSTANCE-DUPLICATE']);
  });

  it('accepts a text that differs in substance', () => {
    expect(rules({ otherEntries: [`${GOOD_ACK} He left the paper in 2015.`] })).toEqual([]);
    expect(rules({ otherEntries: [] })).toEqual([]);
  });
});

describe('SUBSTANCE-NOT-ADDRESSED', () => {
  const text =
    'The charges concern invoices of a trading company from 2017 and the court judgment cites bank records in detail.';

  it('refuses a reason that does not name the subject, naming it by its title', () => {
    const found = checkSubstance(input({ text, mustAddress: JOURNALIST }));
    expect(found.map((f) => f.rule)).toEqual(['SUBSTANCE-NOT-ADDRESSED']);
    expect(found[0]!.message).toContain(
      'does not name \u201CThe person is a journalist\u201D (IND_ART3_JOURNALIST)',
    );
    expect(found[0]!.message).toContain('or cite Article 3');
  });

  it.each([
    ['the title word', `${text} He is a journalist.`],
    ['a loose form of it', `${text} His journalism is not in question.`],
    ['an adjective form', `${text} His journalistic work ended in 2015.`],
    ['the id', `${text} See IND_ART3_JOURNALIST.`],
    ['the citation', `${text} Article 3 does not apply.`],
    ['an abbreviated citation', `${text} Art. 3 does not apply.`],
    ['a keyword', `${text} He was a reporter until 2015.`],
    ['a plural keyword', `${text} The press reports are about another man.`],
  ])('accepts %s', (_, t) => {
    expect(rules({ text: t, mustAddress: JOURNALIST })).toEqual([]);
  });

  it('does not count general words ("person", "notice") as naming the subject', () => {
    expect(
      rules({ text: `${text} The person named in the notice is the subject.`, mustAddress: JOURNALIST }),
    ).toEqual(['SUBSTANCE-NOT-ADDRESSED']);
  });

  it('needs a substantial part of a longer title', () => {
    const subject: SubstanceSubject = {
      id: 'IND_ASYLUM_GRANTED',
      title: 'The person was granted asylum or refugee status in another country',
    };
    expect(
      addressesSubject(
        'He holds refugee status in Germany since 2016, confirmed by the BAMF letter.',
        subject,
      ),
    ).toBe(true);
    expect(addressesSubject('He lives in another country with his family since 2016.', subject)).toBe(false);
  });

  it('reads RPD citations with or without the prefix', () => {
    const subject: SubstanceSubject = {
      id: 'G_RPD83',
      title: 'Minimum criteria for a Red Notice',
      citation: 'RPD Art. 83',
    };
    expect(
      addressesSubject('The data meet article 83 of the Rules on the Processing of Data.', subject),
    ).toBe(true);
    expect(addressesSubject('The data meet Art.83.', subject)).toBe(true);
    expect(addressesSubject('The data meet article 8 and 3.', subject)).toBe(false);
    expect(addressesSubject('The data meet article 830.', subject)).toBe(false);
  });

  it('stems loosely', () => {
    expect(looseStem('journalists')).toBe('journal');
    expect(looseStem('political')).toBe('polit');
    expect(looseStem('press')).toBe('press');
  });
});

describe('SUBSTANCE-WORDING and SUBSTANCE-PLACEHOLDER', () => {
  it('carries each wording finding with its D10 rule id', () => {
    const found = checkSubstance(
      input({
        text: `${GOOD_ACK} He was arrested on the Red Notice, which INTERPOL vetted.`,
      }),
    );
    expect(found.map((f) => f.rule)).toEqual(['SUBSTANCE-WORDING']);
    expect(found[0]!.message).toContain('(D10-AUTHORITY)');
    expect(found[0]!.message).toContain('\u201Carrested on the Red Notice\u201D');
    expect(found[0]!.message).toContain('Suggested wording:');
  });

  it('reports placeholders as their own rule, before the rest', () => {
    const found = checkSubstance(input({ text: `${GOOD_ACK} The court was [court] and the date TBD.` }));
    expect(found.map((f) => f.rule)).toEqual(['SUBSTANCE-PLACEHOLDER']);
    expect(found[0]!.message).toContain('\u201C[court]\u201D, \u201CTBD\u201D');
  });

  it('without the wording rule, a reason may quote flagged words (a dismissal), but not stock or placeholders', () => {
    const dismissal =
      'The words \u201Cwanted on an INTERPOL warrant\u201D quote the requesting state\u2019s extradition request of 12 May 2025 word for word.';
    expect(rules({ text: dismissal, kind: 'wording_dismissal' })).toEqual(['SUBSTANCE-WORDING']);
    expect(rules({ text: dismissal, kind: 'wording_dismissal', wordingRule: false })).toEqual([]);
    expect(rules({ text: 'Quote.', kind: 'wording_dismissal', wordingRule: false })).toEqual([
      'SUBSTANCE-TOO-SHORT',
    ]);
    expect(rules({ text: 'Noted.', kind: 'wording_dismissal', wordingRule: false })).toEqual([
      'SUBSTANCE-STOCK-PHRASE',
    ]);
    const quoting = `${dismissal} It says \u201Cissued by [court]\u201D there too.`;
    expect(rules({ text: quoting, kind: 'wording_dismissal', wordingRule: false })).toEqual([
      'SUBSTANCE-PLACEHOLDER',
    ]);
    expect(
      rules({
        text: quoting,
        kind: 'wording_dismissal',
        wordingRule: false,
        mayQuote: ['issued by [court]'],
      }),
    ).toEqual([]);
  });
});

describe('messages and expectations', () => {
  it('give each kind its own expectation, naming the subject when there is one', () => {
    const texts = SUBSTANCE_KINDS.map((k) => substanceExpected(k));
    expect(new Set(texts).size).toBe(SUBSTANCE_KINDS.length);
    for (const k of [
      'acknowledgement',
      'disposition',
      'contest_decision',
      'legal_review',
      'rationale',
    ] as const)
      expect(substanceExpected(k, JOURNALIST)).toContain('\u201CThe person is a journalist\u201D');
  });

  it('put the field and the kind expectation in every finding', () => {
    const found = checkSubstance(input({ text: 'ok', kind: 'service_note', field: 'service.note' }));
    expect(found).toHaveLength(1);
    expect(found[0]!.field).toBe('service.note');
    expect(found[0]!.expected).toBe(substanceExpected('service_note'));
    expect(found[0]!.message.endsWith(found[0]!.expected)).toBe(true);
  });

  it('normalise text for comparison as documented', () => {
    expect(normaliseForComparison('  N/A \u2014 It\u2019s  OK!! ')).toBe('na its ok');
  });
});

describe('properties', () => {
  const ruleIds = new Set(SUBSTANCE_RULES.map((r) => r.id));

  it('any text: no exception, same answer twice, well-formed findings', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(...SUBSTANCE_KINDS),
        fc.integer({ min: 20, max: 500 }),
        (text, kind, minChars) => {
          const i = input({ text, kind, minChars, mustAddress: JOURNALIST, otherEntries: ['x y z'] });
          const a = checkSubstance(i);
          expect(checkSubstance(i)).toEqual(a);
          for (const f of a) {
            expect(ruleIds.has(f.rule)).toBe(true);
            expect(f.field).toBe(i.field);
            expect(f.message.endsWith(f.expected)).toBe(true);
          }
          if (text.trim().length < minChars) expect(a.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any combination of stock phrases is a stock phrase', () => {
    const phrase = fc
      .constantFrom(...STOCK_PHRASES)
      .chain((p) => fc.constantFrom(p, p.toUpperCase(), p[0]!.toUpperCase() + p.slice(1)));
    const sep = fc.constantFrom(' ', '. ', ', ', ' - ', '; ', '! ', ' and ', '\n', ' / ');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(phrase, sep), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('', '.', '!'),
        (parts, end) => {
          const text = parts.map(([p, s], i) => (i < parts.length - 1 ? p + s : p)).join('') + end;
          expect(rules({ text, mustAddress: JOURNALIST })).toContain('SUBSTANCE-STOCK-PHRASE');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a reason is a duplicate of itself whatever the case, spacing and punctuation', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom(' ', '  ', '\n', ' \t '),
        fc.constantFrom('', '.', '!', ' ;'),
        (upper, space, tail) => {
          const other = (upper ? GOOD_ACK.toUpperCase() : GOOD_ACK.toLowerCase()).replace(/ /g, space) + tail;
          expect(rules({ otherEntries: [other] })).toEqual(['SUBSTANCE-DUPLICATE']);
        },
      ),
    );
  });

  it('adding a sentence naming the subject never makes a passing reason fail', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('He is a journalist.', 'Article 3 was considered.', 'See the reporter letter.'),
        (extra) => {
          expect(rules({ text: `${GOOD_ACK} ${extra}`, mustAddress: JOURNALIST })).toEqual([]);
        },
      ),
    );
  });
});
