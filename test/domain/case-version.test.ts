import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  caseVersionHash,
  describeMaterialChanges,
  materialFacts,
} from '../../src/domain/case-version.ts';
import type { CaseSnapshot, NoticeFact, WarrantFact } from '../../src/domain/types.ts';

const NOW = new Date('2025-06-15T12:00:00.000Z');

function warrant(charge: string, overrides: Partial<WarrantFact> = {}): WarrantFact {
  return {
    kind: 'arrest_warrant',
    charge,
    chargeTranslation: null,
    lawCited: 'Penal Code art. 190',
    maxPenaltyMonths: 120,
    sentenceMonths: null,
    remainingMonths: null,
    inAbsentia: null,
    issuingCourt: 'District Court',
    issuedOn: '2022-12-01',
    issuingCountry: 'XY',
    ...overrides,
  };
}

function notice(overrides: Partial<NoticeFact> = {}): NoticeFact {
  return {
    id: 'n-1',
    type: 'red_notice',
    interpolRef: '2023/12345',
    issuingCountry: 'XY',
    status: 'valid',
    issuedOn: '2023-01-10',
    expiresOn: '2028-01-10',
    purpose: 'prosecution',
    warrants: [warrant('fraud'), warrant('forgery', { maxPenaltyMonths: 60 })],
    summaryOfFacts: 'Alleged to have obtained funds by deception.',
    ...overrides,
  };
}

function snapshot(): CaseSnapshot {
  return {
    id: 'case-1',
    caseNumber: 'RL-2025-0001',
    purpose: 'law_enforcement_action',
    status: 'open',
    officeId: 'office-ny',
    personId: 'person-1',
    requesterId: 'officer-requester',
    assignedOfficerId: 'officer-1',
    officerTraining: { userId: 'officer-1', completedAt: NOW },
    independentBasis: {
      summary: 'Federal court records show an open indictment for wire fraud.',
      evidence: [
        { description: 'Indictment', sourceType: 'federal_record', source: 'PACER', reference: '2:24-cr-1' },
        { description: 'Interview notes', sourceType: 'officer_observation', source: 'Officer 1' },
      ],
    },
    narrative: 'Encountered at a check-in.',
    notices: [notice(), notice({ id: 'n-2', interpolRef: '2020/00001', type: 'diffusion', warrants: [] })],
    validityConfirmations: [],
    review: {
      id: 'rev-1',
      status: 'complete',
      reviewerId: 'reviewer-1',
      reviewerTrainingCompletedAt: NOW,
      completedAt: NOW,
      indicators: [
        { indicatorId: 'IND-B', strength: 'strong', outcome: 'present', disposition: 'resolved', note: 'x' },
        { indicatorId: 'IND-A', strength: 'contextual', outcome: 'absent', disposition: null, note: null },
      ],
      rulesetVersion: '2025.1',
    },
    liaisonRequests: [],
    documents: [],
    disclosures: [],
    contests: [],
    approvals: [],
    texts: [],
    wordingDismissals: [],
  };
}

const hashOf = (s: CaseSnapshot) => caseVersionHash(materialFacts(s));

describe('canonicalJson', () => {
  it('sorts keys at every level and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x y' } })).toBe(
      '{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: null })).toBe(canonicalJson({ z: null, y: [1, 2], x: 1 }));
  });

  it('keeps array order, drops undefined members and writes dates as ISO strings', () => {
    expect(canonicalJson([2, 1])).toBe('[2,1]');
    expect(canonicalJson({ a: undefined, b: NOW, c: [undefined] })).toBe(
      '{"b":"2025-06-15T12:00:00.000Z","c":[null]}',
    );
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(null)).toBe('null');
  });

  it('round-trips through JSON.parse', () => {
    const value = { list: [{ b: true, a: 'é' }], n: -1.5 };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('materialFacts', () => {
  it('keeps only the material facts', () => {
    const facts = materialFacts(snapshot());
    expect(Object.keys(facts).sort()).toEqual([
      'independentBasis',
      'notices',
      'personId',
      'purpose',
      'review',
    ]);
    expect(facts.purpose).toBe('law_enforcement_action');
    expect(facts.personId).toBe('person-1');
    expect(facts.notices[1]).toEqual({
      interpolRef: '2023/12345',
      type: 'red_notice',
      issuingCountry: 'XY',
      purpose: 'prosecution',
      warrants: [
        {
          charge: 'forgery',
          lawCited: 'Penal Code art. 190',
          maxPenaltyMonths: 60,
          sentenceMonths: null,
          remainingMonths: null,
          inAbsentia: null,
        },
        {
          charge: 'fraud',
          lawCited: 'Penal Code art. 190',
          maxPenaltyMonths: 120,
          sentenceMonths: null,
          remainingMonths: null,
          inAbsentia: null,
        },
      ],
      summaryOfFacts: 'Alleged to have obtained funds by deception.',
    });
    expect(facts.review).toEqual({
      status: 'complete',
      dispositions: [
        { indicatorId: 'IND-A', disposition: null },
        { indicatorId: 'IND-B', disposition: 'resolved' },
      ],
    });
    expect(facts.independentBasis.evidence[0]).toEqual({
      description: 'Indictment',
      sourceType: 'federal_record',
      source: 'PACER',
      reference: '2:24-cr-1',
      obtainedOn: null,
    });
  });

  it('sorts notices by reference', () => {
    expect(materialFacts(snapshot()).notices.map((n) => n.interpolRef)).toEqual(['2020/00001', '2023/12345']);
  });

  it('has no review facts when there is no review', () => {
    const s = snapshot();
    s.review = null;
    expect(materialFacts(s).review).toEqual({ status: null, dispositions: [] });
  });

  it('does not depend on the order of notices, warrants, evidence or indicators', () => {
    const a = snapshot();
    const b = snapshot();
    b.notices.reverse();
    b.notices[1]!.warrants.reverse();
    b.independentBasis.evidence.reverse();
    b.review!.indicators.reverse();
    expect(canonicalJson(materialFacts(b))).toBe(canonicalJson(materialFacts(a)));
    expect(hashOf(b)).toBe(hashOf(a));
  });
});

describe('caseVersionHash', () => {
  it('is the sha256 hex of the canonical JSON', () => {
    const facts = materialFacts(snapshot());
    const hash = caseVersionHash(facts);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(canonicalJson(facts)).digest('hex'));
  });

  it('ignores facts that are not material', () => {
    const before = hashOf(snapshot());
    const s = snapshot();
    s.narrative = 'Rewritten.';
    s.status = 'authorized';
    s.notices[0]!.status = 'suspended';
    s.notices[0]!.id = 'n-99';
    s.notices[0]!.expiresOn = '2030-01-01';
    s.notices[0]!.warrants[0]!.issuingCourt = 'Another court';
    s.review!.indicators[0]!.note = 'new note';
    s.review!.completedAt = new Date(0);
    s.validityConfirmations = [
      {
        id: 'vc',
        noticeId: 'n-1',
        result: 'valid',
        expiresOn: null,
        source: 'interpol_washington',
        method: 'query',
        confirmedAt: NOW,
        recordedBy: 'l',
      },
    ];
    expect(hashOf(s)).toBe(before);
  });

  const changes: Array<[string, (s: CaseSnapshot) => void]> = [
    ['purpose', (s) => (s.purpose = 'immigration_proceedings')],
    ['person', (s) => (s.personId = 'person-2')],
    ['a charge', (s) => (s.notices[0]!.warrants[0]!.charge = 'theft')],
    ['a penalty', (s) => (s.notices[0]!.warrants[0]!.maxPenaltyMonths = 12)],
    ['the summary of facts', (s) => (s.notices[0]!.summaryOfFacts = 'Different.')],
    ['a notice added', (s) => s.notices.push(notice({ interpolRef: '2024/1' }))],
    ['the basis summary', (s) => (s.independentBasis.summary += ' More.')],
    ['the evidence', (s) => s.independentBasis.evidence.pop()],
    ['the review status', (s) => (s.review!.status = 'in_progress')],
    ['a disposition', (s) => (s.review!.indicators[0]!.disposition = 'concern_confirmed')],
  ];
  it.each(changes)('changes when %s changes', (_label, edit) => {
    const s = snapshot();
    edit(s);
    expect(hashOf(s)).not.toBe(hashOf(snapshot()));
  });
});

describe('describeMaterialChanges', () => {
  const describeEdit = (edit: (s: CaseSnapshot) => void): string[] => {
    const after = snapshot();
    edit(after);
    return describeMaterialChanges(materialFacts(snapshot()), materialFacts(after));
  };

  it('is empty when nothing material changed', () => {
    expect(describeEdit((s) => (s.narrative = 'x'))).toEqual([]);
  });

  it('names a change of purpose', () => {
    expect(describeEdit((s) => (s.purpose = 'immigration_proceedings'))).toEqual([
      'the purpose changed from law-enforcement action to immigration proceedings',
    ]);
  });

  it('names a change of person', () => {
    expect(describeEdit((s) => (s.personId = 'person-2'))).toEqual([
      'the person changed: the case now concerns a different person',
    ]);
  });

  it('names the notice whose charges changed', () => {
    const [change] = describeEdit((s) => (s.notices[0]!.warrants[0]!.charge = 'theft'));
    expect(change).toContain('the charges on notice 2023/12345 changed');
    expect(change).toContain('"forgery", "fraud"');
    expect(change).toContain('"forgery", "theft"');
  });

  it('names other warrant details and the summary of facts separately', () => {
    expect(
      describeEdit((s) => {
        s.notices[0]!.warrants[0]!.inAbsentia = true;
        s.notices[0]!.summaryOfFacts = 'New summary.';
      }),
    ).toEqual([
      'the warrant details on notice 2023/12345 changed (law cited, penalty, sentence or whether tried in absentia)',
      'the summary of facts on notice 2023/12345 changed',
    ]);
  });

  it('names type, issuing country and notice purpose changes', () => {
    expect(
      describeEdit((s) => {
        s.notices[0]!.type = 'diffusion';
        s.notices[0]!.issuingCountry = 'ZZ';
        s.notices[0]!.purpose = 'sentence';
      }),
    ).toEqual([
      'the type of notice 2023/12345 changed from Red Notice to Wanted Person Diffusion',
      'the issuing country of notice 2023/12345 changed from XY to ZZ',
      'the purpose of notice 2023/12345 changed from prosecution to sentence',
    ]);
  });

  it('names notices added and removed', () => {
    expect(
      describeEdit((s) => s.notices.push(notice({ interpolRef: '2024/777', issuingCountry: 'QQ' }))),
    ).toEqual(['a notice was added to the case: Red Notice 2024/777 (QQ)']);
    expect(describeEdit((s) => s.notices.splice(1, 1))).toEqual([
      'a notice was removed from the case: Wanted Person Diffusion 2020/00001 (XY)',
    ]);
  });

  it('names a change of the independent basis', () => {
    expect(describeEdit((s) => (s.independentBasis.summary = 'Other.'))).toEqual([
      'the independent basis changed: its summary was edited',
    ]);
    expect(
      describeEdit((s) =>
        s.independentBasis.evidence.push({ description: 'W', sourceType: 'witness', source: 'neighbour' }),
      ),
    ).toEqual(['the independent basis changed: 1 evidence item was added']);
    expect(describeEdit((s) => (s.independentBasis.evidence = []))).toEqual([
      'the independent basis changed: 2 evidence items were removed',
    ]);
    expect(describeEdit((s) => (s.independentBasis.evidence[0]!.source = 'court clerk'))).toEqual([
      'the independent basis changed: its evidence was edited',
    ]);
  });

  it('names a change of the review outcome', () => {
    expect(describeEdit((s) => (s.review!.status = 'in_progress'))).toEqual([
      'the review outcome changed: the review status went from complete to in progress',
    ]);
    expect(describeEdit((s) => (s.review!.indicators[0]!.disposition = 'concern_confirmed'))).toEqual([
      'the review outcome changed: indicator IND-B went from resolved to concern confirmed',
    ]);
    expect(describeEdit((s) => (s.review = null))).toEqual([
      'the review outcome changed: the review status went from complete to none; indicator IND-A was removed; indicator IND-B was removed',
    ]);
  });

  it('lists several changes in a stable order', () => {
    const changes = describeEdit((s) => {
      s.purpose = 'immigration_proceedings';
      s.notices[0]!.warrants[0]!.charge = 'theft';
      s.independentBasis.summary = 'Other.';
      s.review!.status = 'in_progress';
    });
    expect(changes).toHaveLength(4);
    expect(changes[0]).toMatch(/^the purpose changed/);
    expect(changes[1]).toMatch(/^the charges on notice/);
    expect(changes[2]).toMatch(/^the independent basis changed/);
    expect(changes[3]).toMatch(/^the review outcome changed/);
  });
});
