import { describe, expect, it } from 'vitest';
import type { WordingFinding } from '../../src/domain/wording.ts';
import {
  checkWording,
  WORDING_PATTERNS,
  WORDING_RULES,
  WORDING_RULESET_VERSION,
  wordingFingerprint,
} from '../../src/domain/wording.ts';

type Case = [text: string, ruleId: string, excerpt: string];

/** Sentences that misrepresent a notice: each must give exactly one finding, with this rule and span. */
const PROBLEMS: Case[] = [
  // D10-WARRANT
  [
    'The subject is wanted on an INTERPOL warrant from Uzbekistan.',
    'D10-WARRANT',
    'wanted on an INTERPOL warrant',
  ],
  ['Uzbekistan issued an Interpol arrest warrant for him.', 'D10-WARRANT', 'Interpol arrest warrant'],
  [
    'He is the subject of an international arrest warrant (the Red Notice).',
    'D10-WARRANT',
    'international arrest warrant',
  ],
  ['ICE checked the international warrant with the USNCB.', 'D10-WARRANT', 'international warrant'],
  ['Officers checked the Red Notice warrant in NCIC.', 'D10-WARRANT', 'Red Notice warrant'],
  ['The RN warrant remains active.', 'D10-WARRANT', 'RN warrant'],
  ['We received the warrant from INTERPOL on 4 June.', 'D10-WARRANT', 'warrant from INTERPOL'],
  ['The Red Notice is an arrest warrant.', 'D10-WARRANT', 'Red Notice is an arrest warrant'],
  ['The diffusion serves as a warrant for his arrest.', 'D10-WARRANT', 'diffusion serves as a warrant'],
  ['The WPD is a warrant.', 'D10-WARRANT', 'WPD is a warrant'],
  ['Russia obtained a global arrest warrant through INTERPOL.', 'D10-WARRANT', 'global arrest warrant'],
  [
    'The arrest warrant issued by INTERPOL lists two counts.',
    'D10-WARRANT',
    'arrest warrant issued by INTERPOL',
  ],
  ['Officers executed the Red Notice at his residence.', 'D10-WARRANT', 'executed the Red Notice'],
  [
    'The red notice is, in effect, an arrest warrant.',
    'D10-WARRANT',
    'red notice is, in effect, an arrest warrant',
  ],
  // D10-AUTHORITY
  [
    'Officers arrested the subject on the Red Notice.',
    'D10-AUTHORITY',
    'arrested the subject on the Red Notice',
  ],
  ['He was detained on the RN pending removal.', 'D10-AUTHORITY', 'detained on the RN'],
  [
    'The subject was arrested pursuant to the diffusion.',
    'D10-AUTHORITY',
    'arrested pursuant to the diffusion',
  ],
  [
    'He was taken into custody on the basis of the diffusion.',
    'D10-AUTHORITY',
    'taken into custody on the basis of the diffusion',
  ],
  ['The Red Notice authorizes ICE to detain him.', 'D10-AUTHORITY', 'Red Notice authorizes'],
  ['The notice requires us to arrest the subject.', 'D10-AUTHORITY', 'notice requires us to arrest'],
  ['The Red Notice mandates his detention.', 'D10-AUTHORITY', 'Red Notice mandates'],
  ['The Red Notice gives us authority to hold him.', 'D10-AUTHORITY', 'Red Notice gives us authority'],
  ['Agents acted by authority of the Red Notice.', 'D10-AUTHORITY', 'by authority of the Red Notice'],
  ['The detainer was lodged pursuant to INTERPOL.', 'D10-AUTHORITY', 'pursuant to INTERPOL'],
  ['He remains in custody under the Red Notice.', 'D10-AUTHORITY', 'remains in custody under the Red Notice'],
  [
    'The Red Notice is the legal basis for his detention.',
    'D10-AUTHORITY',
    'Red Notice is the legal basis for his detention',
  ],
  [
    'Our authority to detain him comes from the WPD.',
    'D10-AUTHORITY',
    'authority to detain him comes from the WPD',
  ],
  ['the subject was ARRESTED ON THE RED NOTICE', 'D10-AUTHORITY', 'ARRESTED ON THE RED NOTICE'],
  [
    'ICE arrested Mr. Karimov on the Uzbek Red Notice.',
    'D10-AUTHORITY',
    'arrested Mr. Karimov on the Uzbek Red Notice',
  ],
  ['He is being held on the Red Notice.', 'D10-AUTHORITY', 'being held on the Red Notice'],
  ['INTERPOL requires us to arrest him.', 'D10-AUTHORITY', 'INTERPOL requires us to arrest'],
  ['INTERPOL issued a warrant for his arrest.', 'D10-WARRANT', 'INTERPOL issued a warrant'],
  // D10-PROBABLE-CAUSE
  ['INTERPOL found that he committed the fraud.', 'D10-PROBABLE-CAUSE', 'INTERPOL found that he committed'],
  [
    'INTERPOL determined there is probable cause to arrest him.',
    'D10-PROBABLE-CAUSE',
    'INTERPOL determined there is probable cause',
  ],
  [
    'INTERPOL has verified the charges against him.',
    'D10-PROBABLE-CAUSE',
    'INTERPOL has verified the charges',
  ],
  [
    'Probable cause was established by the Red Notice.',
    'D10-PROBABLE-CAUSE',
    'Probable cause was established by the Red Notice',
  ],
  ['These are INTERPOL-vetted charges.', 'D10-PROBABLE-CAUSE', 'INTERPOL-vetted charges'],
  ['The file relies on INTERPOL\u2019s finding.', 'D10-PROBABLE-CAUSE', 'INTERPOL\u2019s finding'],
  [
    'The Red Notice establishes probable cause.',
    'D10-PROBABLE-CAUSE',
    'Red Notice establishes probable cause',
  ],
  ['The evidence was verified by INTERPOL.', 'D10-PROBABLE-CAUSE', 'evidence was verified by INTERPOL'],
  [
    'According to INTERPOL, the subject committed the robbery.',
    'D10-PROBABLE-CAUSE',
    'According to INTERPOL, the subject committed',
  ],
  // D10-VALIDITY-OF-PROCEEDINGS
  [
    'INTERPOL validated the foreign proceedings.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'INTERPOL validated the foreign proceedings',
  ],
  [
    'INTERPOL approved the Uzbek conviction in 2020.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'INTERPOL approved the Uzbek conviction',
  ],
  ['INTERPOL certified the charges.', 'D10-VALIDITY-OF-PROCEEDINGS', 'INTERPOL certified the charges'],
  [
    'The Red Notice confirms the conviction is lawful.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'Red Notice confirms the conviction is lawful',
  ],
  [
    'INTERPOL\u2019s review confirms the prosecution is legitimate.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'INTERPOL\u2019s review confirms the prosecution is legitimate',
  ],
  [
    'The conviction was validated by INTERPOL.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'conviction was validated by INTERPOL',
  ],
  [
    'INTERPOL found the proceedings were fair.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'INTERPOL found the proceedings were fair',
  ],
  [
    'The diffusion validates the judgment of the Kyiv court.',
    'D10-VALIDITY-OF-PROCEEDINGS',
    'diffusion validates the judgment',
  ],
  // Line breaks, curly quotes, abbreviations, case
  ['Officers arrested him on the\nRed Notice yesterday.', 'D10-AUTHORITY', 'arrested him on the\nRed Notice'],
  ['The file mentions an INTERPOL\r\n  warrant.', 'D10-WARRANT', 'INTERPOL\r\n  warrant'],
  [
    'He was detained under the \u201CRed Notice\u201D.',
    'D10-AUTHORITY',
    'detained under the \u201CRed Notice\u201D',
  ],
  [
    'The report cites INTERPOL\u2019s finding of probable cause.',
    'D10-PROBABLE-CAUSE',
    'INTERPOL\u2019s finding of probable cause',
  ],
];

/** Accurate statements: none may produce a finding. */
const ACCURATE: string[] = [
  'The Red Notice is based on an arrest warrant issued by the Tashkent City Court on 3 May 2021.',
  'The national arrest warrant underlying the diffusion was requested from INTERPOL Washington.',
  'The Red Notice is not an arrest warrant.',
  'A Red Notice does not confer authority to arrest.',
  'INTERPOL Washington confirmed that the notice is valid.',
  'Officers arrested the subject on a federal warrant issued by the District of New Jersey.',
  'The subject was detained under 8 U.S.C. 1226(a) on the basis of the overstay.',
  'Interpol does not assess probable cause.',
  'A Red Notice is a request to locate and provisionally arrest a person pending extradition.',
  'The RN is not a warrant and does not authorize arrest.',
  'The diffusion does not authorize detention.',
  'ICE has no authority to arrest on the basis of a Red Notice alone.',
  'The subject was not arrested on the Red Notice; he was arrested on a federal warrant.',
  'An arrest solely on the Red Notice is not permitted.',
  'INTERPOL makes no finding on guilt or probable cause.',
  'INTERPOL has not verified the charges.',
  'The Red Notice does not establish probable cause.',
  'INTERPOL\u2019s review concerns compliance with its rules only, not the fairness of the trial.',
  'The file was processed pursuant to INTERPOL\u2019s Rules on the Processing of Data.',
  'Use of the diffusion in proceedings was authorized by INTERPOL Washington on 5 June.',
  'He was served a Notice to Appear and detained on the basis of the Notice to Appear.',
  'Officers confirmed the Red Notice status with INTERPOL Washington before the encounter.',
  'The subject is named in a Red Notice requested by Uzbekistan.',
  'The conviction underlying the Red Notice was entered in absentia.',
  'The charges listed in the diffusion are fraud and embezzlement.',
  'The subject was arrested on an administrative warrant (Form I-200); the Red Notice was not relied on.',
  'Notice: Red Notice\nWarrant: Tashkent City Court, 3 May 2021',
  'The ICC issued an international arrest warrant for the accused.',
  'There is no such thing as an INTERPOL warrant.',
  'The Red Notice was mistakenly called an international arrest warrant in the I-213.',
  'INTERPOL Washington confirmed the charges listed in the notice.',
  'The requesting country alleges that he committed fraud in 2019.',
  'The Tashkent City Court found that he committed fraud.',
  'A Red Notice does not reflect a judgment on the validity of the foreign proceedings.',
  'The national warrant from the requesting country was obtained via INTERPOL Washington.',
  'Probable cause rests on the subject\u2019s own statements and the I-94 record, not on the Red Notice.',
  'Officers must not detain anyone solely on the basis of a diffusion.',
  'The Red Notice does not require ICE to arrest him.',
  'The WPD gives no authority to detain.',
  'INTERPOL did not find that he committed any offence.',
  'The subject was located because of the Red Notice and arrested under 8 U.S.C. 1226(a).',
  'INTERPOL Washington\u2019s validity check found the notice valid on 2 June.',
  'A hearing was held on the Red Notice challenge in March.',
  'Reliance on the Red Notice requires supervisory approval.',
  'The Red Notice was published by INTERPOL at the request of Uzbekistan.',
  'INTERPOL found no violation of Article 3 in its review of the notice.',
  'He was detained under the authority of 8 U.S.C. 1226(a).',
  'The notice of custody determination was served on 5 May.',
  'Red Notice: A-123/4-2021. Status: valid (INTERPOL Washington, 2 June 2024).',
];

function only(text: string): WordingFinding {
  const findings = checkWording(text);
  expect(findings, `findings for: ${text}`).toHaveLength(1);
  return findings[0]!;
}

describe('WORDING_RULES and WORDING_PATTERNS', () => {
  it('declares the D10 rules and the placeholder rule, with titles and explanations', () => {
    expect(WORDING_RULES.map((r) => r.id)).toEqual([
      'D10-WARRANT',
      'D10-AUTHORITY',
      'D10-PROBABLE-CAUSE',
      'D10-VALIDITY-OF-PROCEEDINGS',
      'D10-CHARACTERIZATION',
      'TEXT-PLACEHOLDER',
    ]);
    for (const r of WORDING_RULES) {
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.explanation.length).toBeGreaterThan(80);
    }
    expect(WORDING_RULESET_VERSION).toMatch(/\S/);
  });

  it('ties every pattern to a declared rule, with a unique id', () => {
    const ids = new Set(WORDING_RULES.map((r) => r.id));
    for (const p of WORDING_PATTERNS) expect(ids.has(p.ruleId), p.id).toBe(true);
    expect(new Set(WORDING_PATTERNS.map((p) => p.id)).size).toBe(WORDING_PATTERNS.length);
  });

  it('has at least 30 problem sentences and 25 accurate ones in this suite', () => {
    expect(PROBLEMS.length).toBeGreaterThanOrEqual(30);
    expect(ACCURATE.length).toBeGreaterThanOrEqual(25);
  });
});

describe('checkWording: problem wording', () => {
  it.each(PROBLEMS)('%j -> %s', (text, ruleId, excerpt) => {
    const f = only(text);
    expect(f.ruleId).toBe(ruleId);
    expect(f.excerpt).toBe(excerpt);
    expect(f.start).toBe(text.indexOf(excerpt));
    expect(f.end).toBe(text.indexOf(excerpt) + excerpt.length);
    expect(text.slice(f.start, f.end)).toBe(f.excerpt);
    expect(f.field).toBe('text');
    expect(f.explanation).toBe(WORDING_RULES.find((r) => r.id === ruleId)!.explanation);
    expect(f.suggestion.length).toBeGreaterThan(10);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each(PROBLEMS)('the suggestion for %j is itself compliant', (text) => {
    const f = only(text);
    expect(checkWording(f.suggestion)).toEqual([]);
  });

  it('builds suggestions from the match', () => {
    expect(only('The WPD is a warrant.').suggestion).toBe(
      'WPD is a request to locate and provisionally arrest pending extradition, not an arrest warrant',
    );
    expect(only('Uzbekistan issued an Interpol arrest warrant for him.').suggestion).toBe(
      'INTERPOL Red Notice (a request to locate and provisionally arrest, not a warrant)',
    );
    expect(only('The diffusion warrant was received.').suggestion).toContain('Wanted Person Diffusion');
    expect(only('Officers arrested the subject on the Red Notice.').suggestion).toMatch(
      /^arrested the subject in connection with the Red Notice \(a request to locate and provisionally arrest, which is not legal authority\)$/,
    );
    expect(only('INTERPOL approved the Uzbek conviction in 2020.').suggestion).toContain(
      'did not assess the validity of the conviction',
    );
  });
});

describe('checkWording: accurate wording', () => {
  it.each(ACCURATE)('%j has no finding', (text) => {
    expect(checkWording(text)).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(checkWording('')).toEqual([]);
  });
});

describe('checkWording: negation', () => {
  it.each([
    ['The Red Notice is an arrest warrant.', 'The Red Notice is not an arrest warrant.'],
    ['He was arrested on the Red Notice.', 'He was not arrested on the Red Notice.'],
    ['The Red Notice authorizes detention.', 'The Red Notice does not authorize detention.'],
    ['The RN gives us authority to detain.', 'The RN gives us no authority to detain.'],
    ['INTERPOL found that he is guilty.', 'INTERPOL found that he is not guilty.'],
    ['It is an INTERPOL warrant.', 'It is not an \u201CINTERPOL warrant\u201D.'],
    ['Detention on the diffusion is routine.', 'Detention on the diffusion is prohibited.'],
  ])('%j is flagged, %j is not', (bad, good) => {
    expect(checkWording(bad).length).toBeGreaterThan(0);
    expect(checkWording(good)).toEqual([]);
  });
});

describe('checkWording: fingerprints', () => {
  const text = 'Officers arrested the subject on the Red Notice.';

  it('are stable across runs', () => {
    expect(checkWording(text).map((f) => f.fingerprint)).toEqual(
      checkWording(text).map((f) => f.fingerprint),
    );
  });

  it('survive unrelated edits that move the span', () => {
    const a = only(text);
    const b = only(`The encounter happened at 06:10 in Newark.\n\n${text} He was cooperative.`);
    expect(b.start).not.toBe(a.start);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('ignore case, whitespace and quote style inside the excerpt', () => {
    const a = only('The file relies on INTERPOL\u2019s finding.');
    const b = only("The file relies on interpol's   finding.");
    const c = only('The subject is wanted on an INTERPOL warrant.');
    const d = only('The subject is WANTED on an\n  Interpol warrant.');
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(d.fingerprint).toBe(c.fingerprint);
  });

  it('depend on the field, the rule and the excerpt', () => {
    const narrative = checkWording(text, 'narrative')[0]!;
    const basis = checkWording(text, 'independentBasis.summary')[0]!;
    expect(narrative.field).toBe('narrative');
    expect(narrative.fingerprint).not.toBe(basis.fingerprint);
    expect(only('He was detained on the RN.').fingerprint).not.toBe(only(text).fingerprint);
    expect(wordingFingerprint('narrative', 'D10-WARRANT', 'RN warrant')).not.toBe(
      wordingFingerprint('narrative', 'D10-AUTHORITY', 'RN warrant'),
    );
  });

  it('equal the exported fingerprint function', () => {
    const f = checkWording(text, 'narrative')[0]!;
    expect(f.fingerprint).toBe(wordingFingerprint('narrative', f.ruleId, f.excerpt));
  });
});

describe('checkWording: overlapping rules', () => {
  it('keeps the longer, more specific match: arrested on an INTERPOL warrant', () => {
    const f = only('He was arrested on an INTERPOL warrant.');
    expect(f.ruleId).toBe('D10-AUTHORITY');
    expect(f.excerpt).toBe('arrested on an INTERPOL warrant');
  });

  it('keeps "wanted on an INTERPOL warrant" over the bare "INTERPOL warrant"', () => {
    const f = only('The subject is wanted on an INTERPOL warrant.');
    expect(f.patternId).toBe('warrant.wanted-on-warrant');
  });

  it('keeps the probable-cause reading of "INTERPOL\'s finding of probable cause"', () => {
    const f = only('Probable cause rests on INTERPOL\u2019s finding of probable cause.');
    expect(f.ruleId).toBe('D10-PROBABLE-CAUSE');
    expect(f.excerpt).toBe('INTERPOL\u2019s finding of probable cause');
  });

  it('reports separate problems in one sentence separately, in order, without overlap', () => {
    const text = 'INTERPOL found that he committed fraud, so we executed the Red Notice.';
    const findings = checkWording(text);
    expect(findings.map((f) => [f.ruleId, f.excerpt])).toEqual([
      ['D10-PROBABLE-CAUSE', 'INTERPOL found that he committed'],
      ['D10-WARRANT', 'executed the Red Notice'],
    ]);
  });

  it('never returns overlapping findings, and returns them sorted by start', () => {
    const all = PROBLEMS.map(([t]) => t).join(' ');
    const findings = checkWording(all);
    expect(findings.length).toBeGreaterThanOrEqual(PROBLEMS.length);
    for (let i = 1; i < findings.length; i++) {
      expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
    }
  });
});

describe('checkWording: multi-line narrative', () => {
  const narrative = [
    'On 12 March 2024 officers encountered the subject during a traffic stop in Newark, NJ.',
    'A records check showed that he is named in an INTERPOL Red Notice requested by Uzbekistan.',
    'The Red Notice is based on an arrest warrant issued by the Tashkent City Court on 3 May 2021.',
    '',
    'Officers arrested the subject on the',
    'Red Notice and transported him to the Elizabeth Detention Center.',
    'INTERPOL Washington confirmed that the notice is valid.',
    'The supervisor noted that INTERPOL has verified the charges and that the',
    'Red Notice is, in effect, an international arrest warrant.',
  ].join('\n');

  it('finds each problem with exact offsets and leaves accurate sentences alone', () => {
    const findings = checkWording(narrative, 'narrative');
    expect(findings.map((f) => [f.ruleId, f.excerpt])).toEqual([
      ['D10-AUTHORITY', 'arrested the subject on the\nRed Notice'],
      ['D10-PROBABLE-CAUSE', 'INTERPOL has verified the charges'],
      ['D10-WARRANT', 'Red Notice is, in effect, an international arrest warrant'],
    ]);
    for (const f of findings) {
      expect(narrative.slice(f.start, f.end)).toBe(f.excerpt);
      expect(f.field).toBe('narrative');
    }
  });

  it('gives the same fingerprints when an unrelated paragraph is added', () => {
    const before = checkWording(narrative, 'narrative').map((f) => f.fingerprint);
    const after = checkWording(
      `Supplemental note added 14 March 2024: the subject requested counsel.\n\n${narrative}`,
      'narrative',
    ).map((f) => f.fingerprint);
    expect(after).toEqual(before);
  });
});

describe('suggestions are finished wording', () => {
  const cases = WORDING_PATTERNS.flatMap((p) => p.examples.map((example) => [p.id, example] as const));

  it('every pattern carries at least one example', () => {
    for (const p of WORDING_PATTERNS) expect(p.examples.length, p.id).toBeGreaterThan(0);
  });

  it.each(cases)('%s: %j', (patternId, example) => {
    const f = checkWording(example).find((x) => x.patternId === patternId);
    expect(f, `pattern ${patternId} flags its example`).toBeDefined();
    const { suggestion, start, end, ruleId } = f!;
    expect(suggestion).not.toMatch(/[[\]]/);
    expect(suggestion).not.toMatch(/e\.g\./i);
    expect(suggestion).not.toMatch(/\bsay /i);
    expect(suggestion).not.toMatch(/\buse /i);
    expect(suggestion).not.toMatch(/[<>{}]|\bxxx\b|\btbd\b/i);
    if (ruleId === 'TEXT-PLACEHOLDER') expect(suggestion).toBe('');
    else expect(suggestion.length).toBeGreaterThan(5);
    const fixed = example.slice(0, start) + suggestion + example.slice(end);
    const again = checkWording(fixed).filter((g) => g.start < start + suggestion.length && g.end > start);
    expect(again, `re-check of: ${fixed}`).toEqual([]);
  });

  it('never contains the old placeholder or instruction wording', () => {
    for (const [, example] of cases) {
      for (const f of checkWording(example)) {
        expect(f.suggestion).not.toMatch(/independent U\.S\. legal basis, e\.g\.|if you mean|name the/i);
      }
    }
  });

  it('starts with a capital only at the start of a sentence', () => {
    expect(only('He is wanted by INTERPOL.').suggestion).toBe(
      'named in a request circulated through INTERPOL by the requesting country',
    );
    expect(only('INTERPOL found that he committed the fraud.').suggestion).toBe(
      'The requesting country alleges that he committed',
    );
    expect(only('The file relies on INTERPOL\u2019s finding.').suggestion).toMatch(/^the requesting/);
  });
});

describe('implied authority, pursuit and reliability', () => {
  it.each([
    ['He is wanted by INTERPOL.', 'D10-CHARACTERIZATION'],
    ['The notice shows he is a fugitive from justice and a danger to the community.', 'D10-CHARACTERIZATION'],
    ['INTERPOL vetted the notice, so it is reliable.', 'D10-VALIDITY-OF-PROCEEDINGS'],
    ['Per the diffusion, he must be detained.', 'D10-AUTHORITY'],
    ['INTERPOL is looking for him.', 'D10-CHARACTERIZATION'],
    ['The subject is an INTERPOL fugitive.', 'D10-CHARACTERIZATION'],
    ['She is an international fugitive.', 'D10-CHARACTERIZATION'],
    ['Mr. Rahimov was wanted by Interpol for fraud.', 'D10-CHARACTERIZATION'],
    ['They are being sought by INTERPOL.', 'D10-CHARACTERIZATION'],
    ['The Red Notice shows that she is a danger to the community.', 'D10-CHARACTERIZATION'],
    ['Because of the RN, the subject is a danger to the community.', 'D10-CHARACTERIZATION'],
    ['Interpol verified the Red Notice.', 'D10-VALIDITY-OF-PROCEEDINGS'],
    ['The RN was approved by INTERPOL and is therefore reliable.', 'D10-VALIDITY-OF-PROCEEDINGS'],
    ['INTERPOL has reviewed and confirmed the diffusion.', 'D10-VALIDITY-OF-PROCEEDINGS'],
    ['The Red Notice is credible.', 'D10-VALIDITY-OF-PROCEEDINGS'],
    ['The WPD is verified.', 'D10-VALIDITY-OF-PROCEEDINGS'],
    ['According to the Red Notice, he shall be arrested.', 'D10-AUTHORITY'],
    ['Under the notice, the subject is to be removed.', 'D10-AUTHORITY'],
    ['He must be detained per the RN.', 'D10-AUTHORITY'],
    ['The notice establishes that he committed the offence.', 'D10-PROBABLE-CAUSE'],
    ['The Red Notice proves she is guilty.', 'D10-PROBABLE-CAUSE'],
    ['The diffusion confirms that Mr. Karimov committed the murders.', 'D10-PROBABLE-CAUSE'],
    ['The WPD shows they are guilty of embezzlement.', 'D10-PROBABLE-CAUSE'],
    ['The RN confirms he is a fugitive.', 'D10-CHARACTERIZATION'],
  ])('%j -> %s', (text, ruleId) => {
    expect(checkWording(text).map((f) => f.ruleId)).toContain(ruleId);
  });

  it.each([
    'A Red Notice is not an arrest warrant.',
    'INTERPOL does not vet the evidence behind a Red Notice.',
    'The notice alone does not establish that he committed the offence.',
    'He is named in a Red Notice requested by Tajikistan.',
    'INTERPOL Washington confirmed the notice is valid and current.',
    'The Tashkent City Court issued an arrest warrant on 3 May 2021.',
    'The Fugitive Operations team located him using the address in the Red Notice.',
    'The requesting country describes him as a fugitive in the Red Notice.',
    'The immigration judge found that he is a danger to the community based on his U.S. convictions.',
    'Whether the notice is reliable is a question for the legal review.',
    'INTERPOL reviewed the notice for compliance with its rules.',
    'The diffusion was checked by INTERPOL Washington for validity.',
    'INTERPOL has not vetted the notice.',
    'The notice does not show that she is a danger to anyone.',
  ])('%j has no finding', (text) => {
    expect(checkWording(text)).toEqual([]);
  });
});

describe('TEXT-PLACEHOLDER', () => {
  it.each([
    ['The warrant was issued by [court] on 3 May 2021.', '[court]'],
    ['Subject [NAME] was encountered in Newark.', '[NAME]'],
    ['He said he [\u2026] left.', '[\u2026]'],
    ['He said he [...] left.', '[...]'],
    ['Encounter on <insert date>.', '<insert date>'],
    ['Dear {{name}},', '{{name}}'],
    ['Entered on XXX.', 'XXX'],
    ['Court: TBD.', 'TBD'],
    ['Arrest warrant dated XX/XX/XXXX.', 'XX/XX/XXXX'],
  ])('%j flags %j', (text, excerpt) => {
    const f = only(text);
    expect(f.ruleId).toBe('TEXT-PLACEHOLDER');
    expect(f.excerpt).toBe(excerpt);
    expect(f.suggestion).toBe('');
  });

  it('flags a placeholder even right after a negation', () => {
    expect(checkWording('There is no [court] on file.').map((f) => f.ruleId)).toEqual(['TEXT-PLACEHOLDER']);
  });

  it.each([
    'He wrote that the officer "hit [sic] him".',
    'She said "[he] was never in Tashkent".',
    'See the decision at paragraph [12].',
    'The quotation is from the judgment [emphasis added].',
    'Section 1226(a) applies; the I-94 shows an overstay.',
  ])('%j is not a placeholder', (text) => {
    expect(checkWording(text).filter((f) => f.ruleId === 'TEXT-PLACEHOLDER')).toEqual([]);
  });
});
