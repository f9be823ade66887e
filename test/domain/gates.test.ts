import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/domain/wording.ts', () => ({
  // A stand-in for the real wording check: flags "INTERPOL warrant" wherever it appears.
  checkWording: (text: string, field = '') => {
    const findings = [];
    const pattern = /interpol warrant/gi;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      findings.push({
        ruleId: 'D10-WARRANT',
        field,
        start: match.index,
        end: match.index + match[0].length,
        excerpt: match[0],
        explanation: 'a Red Notice is not an arrest warrant',
        suggestion: 'INTERPOL Red Notice',
        fingerprint: `${field}|D10-WARRANT|${match[0].toLowerCase()}`,
      });
    }
    return findings;
  },
}));

import { caseVersionHash, materialFacts } from '../../src/domain/case-version.ts';
import { evaluateGates, GATE_DEFINITIONS, gateDefinition } from '../../src/domain/gates.ts';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import type {
  ApprovalFact,
  CasePurpose,
  CaseSnapshot,
  ExigencyFact,
  GateEvaluation,
  GateId,
  GateResult,
  LiaisonRequestFact,
  PolicySettings,
} from '../../src/domain/types.ts';
import { GATE_IDS } from '../../src/domain/types.ts';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const NOW = new Date('2025-06-15T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const PURPOSES: CasePurpose[] = ['law_enforcement_action', 'immigration_proceedings'];
const IMMIGRATION_ONLY: GateId[] = ['G-USE-AUTH', 'G-DOCS-RECEIVED', 'G-DISCLOSURE', 'G-CONTEST'];
const SHARED: GateId[] = GATE_IDS.filter((id) => !IMMIGRATION_ONLY.includes(id));

function documentationRequest(overrides: Partial<LiaisonRequestFact> = {}): LiaisonRequestFact {
  return {
    id: 'lr-docs',
    kind: 'documentation',
    noticeId: 'n-1',
    status: 'answered',
    requestedAt: at(-60 * DAY),
    dueAt: at(-30 * DAY),
    response: {
      id: 'resp-docs',
      respondedAt: at(-45 * DAY),
      respondedBy: 'liaison-1',
      outOfBand: false,
      outcome: 'provided',
      scope: null,
      conditions: null,
      validUntil: null,
    },
    ...overrides,
  };
}

function authorizationToUseRequest(overrides: Partial<LiaisonRequestFact> = {}): LiaisonRequestFact {
  return {
    id: 'lr-use',
    kind: 'use_authorization',
    noticeId: 'n-1',
    status: 'answered',
    requestedAt: at(-20 * DAY),
    dueAt: at(-6 * DAY),
    response: {
      id: 'resp-use',
      respondedAt: at(-10 * DAY),
      respondedBy: 'liaison-1',
      outOfBand: false,
      outcome: 'granted',
      scope: 'removal proceedings before the immigration court',
      conditions: 'cite as INTERPOL data only',
      validUntil: '2025-12-31',
      scopePurposes: ['immigration_proceedings'],
      disclosureInFull: false,
    },
    ...overrides,
  };
}

/** Binds the latest approval to the case as it now stands (as if the supervisor approved it now). */
function bindApproval(snapshot: CaseSnapshot): CaseSnapshot {
  const approval = snapshot.approvals.at(-1);
  if (approval) {
    approval.material = materialFacts(snapshot);
    approval.caseVersionHash = caseVersionHash(approval.material);
  }
  return snapshot;
}

function approval(overrides: Partial<ApprovalFact> = {}): ApprovalFact {
  return {
    id: 'ap-1',
    decision: 'approved',
    approverId: 'supervisor-1',
    approverTrainingCompletedAt: at(-200 * DAY),
    decidedAt: at(-HOUR),
    caseVersionHash: '',
    material: undefined as unknown as ApprovalFact['material'],
    voidedAt: null,
    voidReason: null,
    ...overrides,
  };
}

/**
 * A snapshot that meets every applicable gate for the purpose. `edit` runs before the approval is
 * bound, so the approval stays valid unless the edit is meant to break it.
 */
function fullyMet(purpose: CasePurpose, edit: (s: CaseSnapshot) => void = () => {}): CaseSnapshot {
  const summary =
    'Federal court records show an open indictment for wire fraud, and the person admitted the conduct in an interview.';
  const narrative = 'The officer encountered the person during a scheduled check-in at the field office.';
  const snapshot: CaseSnapshot = {
    id: 'case-1',
    caseNumber: 'RL-2025-0001',
    purpose,
    status: 'open',
    officeId: 'office-ny',
    personId: 'person-1',
    requesterId: 'officer-requester',
    assignedOfficerId: 'officer-1',
    officerTraining: { userId: 'officer-1', completedAt: at(-100 * DAY) },
    independentBasis: {
      summary,
      evidence: [
        {
          description: 'Indictment in the District of New Jersey',
          sourceType: 'federal_record',
          source: 'PACER',
          reference: '2:24-cr-00123',
          obtainedOn: '2025-05-01',
        },
      ],
      actions: ['detention', 'removal_proceedings'],
      grounds: ['us_criminal_process', 'visa_overstay'],
      legalAuthority:
        'Fed. R. Crim. P. 4 (warrant on the indictment); INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)',
    },
    narrative,
    notices: [
      {
        id: 'n-1',
        type: 'red_notice',
        interpolRef: '2023/12345',
        issuingCountry: 'XY',
        status: 'valid',
        issuedOn: '2023-01-10',
        expiresOn: '2028-01-10',
        purpose: 'prosecution',
        warrants: [
          {
            kind: 'arrest_warrant',
            charge: 'fraud',
            chargeTranslation: null,
            lawCited: 'Penal Code art. 190',
            maxPenaltyMonths: 120,
            sentenceMonths: null,
            remainingMonths: null,
            inAbsentia: null,
            issuingCourt: 'District Court of Capital City',
            issuedOn: '2022-12-01',
            issuingCountry: 'XY',
          },
        ],
        summaryOfFacts: 'Alleged to have obtained funds by deception in 2021.',
      },
    ],
    validityConfirmations: [
      {
        id: 'vc-1',
        noticeId: 'n-1',
        result: 'valid',
        expiresOn: '2028-01-10',
        source: 'interpol_washington',
        method: 'I-24/7 query',
        confirmedAt: at(-2 * HOUR),
        recordedBy: 'liaison-1',
      },
    ],
    review: {
      id: 'rev-1',
      status: 'complete',
      reviewerId: 'reviewer-1',
      reviewerTrainingCompletedAt: at(-50 * DAY),
      completedAt: at(-3 * DAY),
      indicators: [
        {
          indicatorId: 'IND-POLITICAL',
          strength: 'strong',
          outcome: 'present',
          disposition: 'resolved',
          note: 'n',
        },
        {
          indicatorId: 'IND-MINOR',
          strength: 'contextual',
          outcome: 'absent',
          disposition: null,
          note: null,
        },
        {
          indicatorId: 'IND-DATES',
          strength: 'validity',
          outcome: 'undetermined',
          disposition: 'not_applicable',
          note: null,
        },
      ],
      rulesetVersion: '2025.1',
    },
    liaisonRequests: [documentationRequest(), authorizationToUseRequest()],
    documents: [
      {
        id: 'doc-1',
        kind: 'arrest_warrant',
        title: 'Arrest warrant of the District Court',
        receivedAt: at(-45 * DAY),
        fromLiaison: true,
      },
    ],
    disclosures: [
      {
        id: 'disc-1',
        servedAt: at(-40 * DAY),
        method: 'in person',
        language: 'es',
        documentIds: ['doc-1'],
        restricted: false,
        restrictionNote: null,
        contestDeadline: at(-10 * DAY),
      },
    ],
    contests: [],
    personLanguages: ['es', 'en'],
    exigencies: [],
    approvals: [approval()],
    texts: [
      { field: 'narrative', text: narrative },
      { field: 'independentBasis.summary', text: summary },
    ],
    wordingDismissals: [],
  };
  edit(snapshot);
  return bindApproval(snapshot);
}

function evaluate(
  snapshot: CaseSnapshot,
  now = NOW,
  policy: PolicySettings = DEFAULT_POLICY,
): GateEvaluation {
  return evaluateGates(snapshot, policy, now);
}

function gate(evaluation: GateEvaluation, id: GateId): GateResult {
  const result = evaluation.gates.find((g) => g.gate === id);
  if (!result) throw new Error(`gate ${id} missing`);
  return result;
}

/** Evaluates and returns one gate. */
function gateOf(snapshot: CaseSnapshot, id: GateId, now = NOW, policy = DEFAULT_POLICY): GateResult {
  return gate(evaluate(snapshot, now, policy), id);
}

function expectUnmet(result: GateResult, ...phrases: string[]) {
  expect(result.status).toBe('unmet');
  expect(result.nextStep).not.toBe('');
  for (const phrase of phrases) expect(result.reason).toContain(phrase);
}

function expectMet(result: GateResult) {
  expect(result.status, result.reason).toBe('met');
  expect(result.nextStep).toBe('');
}

/** Only the given gates block (and the evaluation is otherwise fully met). */
function expectOnlyBlocking(snapshot: CaseSnapshot, ...ids: GateId[]) {
  const evaluation = evaluate(snapshot);
  expect(evaluation.blocking).toEqual(ids);
  expect(evaluation.allMet).toBe(ids.length === 0);
}

// ---------------------------------------------------------------------------
// Definitions and the evaluation as a whole
// ---------------------------------------------------------------------------

describe('GATE_DEFINITIONS', () => {
  it('lists every gate once, in GATE_IDS order, with its texts', () => {
    expect(GATE_DEFINITIONS.map((d) => d.id)).toEqual([...GATE_IDS]);
    for (const definition of GATE_DEFINITIONS) {
      expect(definition.title.length).toBeGreaterThan(0);
      expect(definition.description.length).toBeGreaterThan(20);
      expect(definition.satisfiedBy.length).toBeGreaterThan(20);
      expect(definition.clauses.length).toBeGreaterThan(0);
    }
  });

  it.each(SHARED)('applies %s to both purposes', (id) => {
    expect(gateDefinition(id).appliesTo).toBe('all');
  });

  it('marks exactly the four proceedings gates as immigration-only', () => {
    expect(
      GATE_DEFINITIONS.filter((d) => d.appliesTo === 'immigration_proceedings').map((d) => d.id),
    ).toEqual(IMMIGRATION_ONLY);
    expect(gateDefinition('G-APPROVAL').clauses).toContain('D6');
    expect(gateDefinition('G-INDEPENDENT').clauses).toEqual(['D1']);
  });
});

describe('evaluateGates', () => {
  it.each(PURPOSES)('meets every applicable gate for a complete %s case', (purpose) => {
    const snapshot = fullyMet(purpose);
    const evaluation = evaluate(snapshot);
    expect(evaluation.allMet).toBe(true);
    expect(evaluation.blocking).toEqual([]);
    expect(evaluation.gates.map((g) => g.gate)).toEqual([...GATE_IDS]);
    for (const result of evaluation.gates) {
      // G-LEGAL-REVIEW applies only when the review confirms a strong indicator
      const expected =
        (IMMIGRATION_ONLY.includes(result.gate) && purpose === 'law_enforcement_action') ||
        result.gate === 'G-LEGAL-REVIEW';
      expect(result.status, `${result.gate}: ${result.reason}`).toBe(expected ? 'not_applicable' : 'met');
      expect(result.reason.length).toBeGreaterThan(0);
      expect(result.nextStep).toBe('');
      expect(result.title).toBe(gateDefinition(result.gate).title);
      expect(result.clauses).toEqual(gateDefinition(result.gate).clauses);
    }
  });

  it('records the case, purpose, time, policy version and case version', () => {
    const snapshot = fullyMet('immigration_proceedings');
    const evaluation = evaluate(snapshot, NOW, { ...DEFAULT_POLICY, version: 7 });
    expect(evaluation.caseId).toBe('case-1');
    expect(evaluation.purpose).toBe('immigration_proceedings');
    expect(evaluation.evaluatedAt).toBe('2025-06-15T12:00:00.000Z');
    expect(evaluation.policyVersion).toBe(7);
    expect(evaluation.caseVersionHash).toBe(caseVersionHash(materialFacts(snapshot)));
  });

  it('lists blocking gates in gate order', () => {
    const snapshot = fullyMet('immigration_proceedings', (s) => {
      s.contests = [{ id: 'ct-1', filedAt: at(-20 * DAY), decision: null, decidedAt: null, decidedBy: null }];
      s.officerTraining.completedAt = null;
      s.liaisonRequests = [documentationRequest()];
    });
    expect(evaluate(snapshot).blocking).toEqual(['G-TRAINING', 'G-USE-AUTH', 'G-CONTEST']);
  });

  it('does not modify the snapshot', () => {
    const snapshot = fullyMet('immigration_proceedings');
    const copy = structuredClone(snapshot);
    evaluate(snapshot);
    expect(snapshot).toEqual(copy);
  });

  it('makes the four proceedings gates not applicable to a law-enforcement action, whatever the data', () => {
    const snapshot = fullyMet('law_enforcement_action', (s) => {
      s.liaisonRequests = [documentationRequest({ status: 'pending', response: null })];
      s.documents = [];
      s.disclosures = [];
      s.contests = [
        { id: 'ct-1', filedAt: at(-DAY), decision: 'sustained', decidedAt: at(-HOUR), decidedBy: 'x' },
      ];
    });
    const evaluation = evaluate(snapshot);
    for (const id of IMMIGRATION_ONLY) {
      const result = gate(evaluation, id);
      expect(result.status).toBe('not_applicable');
      expect(result.reason).toContain('immigration proceedings');
      expect(result.nextStep).toBe('');
    }
    expect(evaluation.allMet).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// G-TRAINING
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-TRAINING (%s)', (purpose) => {
  it('is met with current training and reports when it expires', () => {
    const result = gateOf(fullyMet(purpose), 'G-TRAINING');
    expectMet(result);
    expect(result.reason).toContain('2026-03-07 12:00 UTC');
    expect(result.facts).toMatchObject({
      assignedOfficerId: 'officer-1',
      officerTrainingExpiresAt: '2026-03-07T12:00:00.000Z',
      approverTrainingChecked: true,
    });
  });

  it('is unmet when the officer never trained', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.officerTraining.completedAt = null;
    });
    expectUnmet(gateOf(snapshot, 'G-TRAINING'), 'officer-1', 'no record');
    expectOnlyBlocking(snapshot, 'G-TRAINING');
  });

  it('expires exactly at completion + trainingValidityDays', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.officerTraining.completedAt = at(-365 * DAY);
    });
    const result = gateOf(snapshot, 'G-TRAINING');
    expectUnmet(result, 'expired at 2025-06-15 12:00 UTC');
    expect(result.facts.officerTrainingExpiresAt).toBe(NOW.toISOString());
  });

  it('is still current 1 ms before it expires', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.officerTraining.completedAt = at(-365 * DAY + 1);
    });
    expectMet(gateOf(snapshot, 'G-TRAINING'));
  });

  it('follows the policy setting for training validity', () => {
    const snapshot = fullyMet(purpose);
    const policy = { ...DEFAULT_POLICY, trainingValidityDays: 90 };
    expectUnmet(gateOf(snapshot, 'G-TRAINING', NOW, policy), 'expired');
  });

  it('does not count training completed after the moment checked', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.officerTraining.completedAt = at(HOUR);
    });
    expectUnmet(gateOf(snapshot, 'G-TRAINING'), 'only at');
  });

  it("is unmet when the current approval's approver was untrained when approving", () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals[0]!.approverTrainingCompletedAt = at(-400 * DAY);
    });
    const result = gateOf(snapshot, 'G-TRAINING');
    expectUnmet(result, 'supervisor-1', 'expired');
    expect(result.facts.approverId).toBe('supervisor-1');
  });

  it('ignores the approver of a voided approval (the approval gate handles it)', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals[0]!.approverTrainingCompletedAt = null;
    });
    snapshot.personId = 'person-2';
    expectMet(gateOf(snapshot, 'G-TRAINING'));
  });
});

// ---------------------------------------------------------------------------
// G-VALIDITY
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-VALIDITY (%s)', (purpose) => {
  it('is met with a fresh valid confirmation and reports the facts used', () => {
    const result = gateOf(fullyMet(purpose), 'G-VALIDITY');
    expectMet(result);
    expect(result.reason).toContain('2023/12345');
    expect(result.facts).toMatchObject({
      validityFreshnessHours: 24,
      notices: [
        {
          noticeId: 'n-1',
          confirmationId: 'vc-1',
          confirmedAt: at(-2 * HOUR).toISOString(),
          confirmationResult: 'valid',
          expiresOn: '2028-01-10',
          expirySource: 'confirmation',
          confirmationAgeHours: 2,
        },
      ],
    });
  });

  it('is unmet with no notice', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices = [];
      s.validityConfirmations = [];
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'no notice');
  });

  it('is unmet with no confirmation', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations = [];
    });
    const result = gateOf(snapshot, 'G-VALIDITY');
    expectUnmet(result, 'no validity confirmation');
    expect(result.nextStep).toContain('INTERPOL Washington');
    expectOnlyBlocking(snapshot, 'G-VALIDITY');
  });

  it('is still fresh exactly at the freshness limit', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.confirmedAt = at(-24 * HOUR);
    });
    expectMet(gateOf(snapshot, 'G-VALIDITY'));
  });

  it('is stale 1 ms after the freshness limit', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.confirmedAt = at(-24 * HOUR - 1);
    });
    const result = gateOf(snapshot, 'G-VALIDITY');
    expectUnmet(result, 'stale', 'policy allows 24');
    expect(result.nextStep).toContain('confirm the status');
  });

  it('follows the policy setting for freshness', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.confirmedAt = at(-30 * HOUR);
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'stale');
    expectMet(gateOf(snapshot, 'G-VALIDITY', NOW, { ...DEFAULT_POLICY, validityFreshnessHours: 48 }));
  });

  it('does not count a confirmation dated in the future', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.confirmedAt = at(1);
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'later than now');
  });

  it('uses the latest confirmation, not an older valid one', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations.push({
        ...s.validityConfirmations[0]!,
        id: 'vc-2',
        result: 'suspended',
        confirmedAt: at(-HOUR),
      });
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'reported notice 2023/12345 as suspended');
  });

  it('is unmet when the notice is withdrawn, even with an older valid confirmation', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices[0]!.status = 'withdrawn';
    });
    const result = gateOf(snapshot, 'G-VALIDITY');
    expectUnmet(result, 'Notice 2023/12345 is withdrawn');
    expect(result.nextStep).toContain('Do not act on notice 2023/12345');
  });

  it('is unmet when the notice status is expired, even with a fresh valid confirmation', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices[0]!.status = 'expired';
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'is expired');
  });

  it('is unmet when the expiry date has passed, even with a fresh valid confirmation', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.expiresOn = '2025-06-01';
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'expired on 2025-06-01', 'never valid');
  });

  it("prefers the confirmation's expiry date over the notice's", () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices[0]!.expiresOn = '2025-01-01';
      s.validityConfirmations[0]!.expiresOn = '2027-01-01';
    });
    expectMet(gateOf(snapshot, 'G-VALIDITY'));
  });

  it("falls back on the notice's expiry date", () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices[0]!.expiresOn = '2025-01-01';
      s.validityConfirmations[0]!.expiresOn = null;
    });
    const result = gateOf(snapshot, 'G-VALIDITY');
    expectUnmet(result, 'expired on 2025-01-01');
    expect((result.facts.notices as Array<Record<string, unknown>>)[0]!.expirySource).toBe('notice');
  });

  it('is unmet when the expiry date is unknown', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices[0]!.expiresOn = null;
      s.validityConfirmations[0]!.expiresOn = null;
    });
    expectUnmet(
      gateOf(snapshot, 'G-VALIDITY'),
      'expiry date unknown: the validity confirmation must record it',
    );
  });

  it('is unmet when the expiry date is not a real date', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.expiresOn = '2027-02-30';
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'not a valid date');
  });

  describe('expiry date boundary (notice expires 2025-06-15)', () => {
    const expiringToday = () =>
      fullyMet(purpose, (s) => {
        s.validityConfirmations[0]!.expiresOn = '2025-06-15';
      });

    it('is valid until the last millisecond of the expiry date (UTC)', () => {
      expectMet(gateOf(expiringToday(), 'G-VALIDITY', new Date('2025-06-15T23:59:59.999Z')));
    });

    it('is expired from 00:00 UTC the next day', () => {
      const result = gateOf(expiringToday(), 'G-VALIDITY', new Date('2025-06-16T00:00:00.000Z'));
      expectUnmet(result, 'expired on 2025-06-15');
      expect((result.facts.notices as Array<Record<string, unknown>>)[0]!.expiredFrom).toBe(
        '2025-06-16T00:00:00.000Z',
      );
    });
  });

  it('requires every notice to be valid, naming the failing one', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.notices.push({ ...s.notices[0]!, id: 'n-2', interpolRef: '2024/999', type: 'diffusion' });
      s.validityConfirmations.push({
        ...s.validityConfirmations[0]!,
        id: 'vc-2',
        noticeId: 'n-2',
        confirmedAt: at(-30 * HOUR),
      });
    });
    const result = gateOf(snapshot, 'G-VALIDITY');
    expectUnmet(result, '2024/999', 'stale');
    expect(result.reason).not.toContain('2023/12345');
    expect(result.facts.notices).toHaveLength(2);
  });

  it('does not use a confirmation of another notice', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.validityConfirmations[0]!.noticeId = 'n-other';
    });
    expectUnmet(gateOf(snapshot, 'G-VALIDITY'), 'no validity confirmation');
  });
});

// ---------------------------------------------------------------------------
// G-REVIEW
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-REVIEW (%s)', (purpose) => {
  it('is met when complete, decided and done by a trained reviewer', () => {
    const result = gateOf(fullyMet(purpose), 'G-REVIEW');
    expectMet(result);
    expect(result.facts).toMatchObject({
      reviewId: 'rev-1',
      reviewerId: 'reviewer-1',
      undecidedIndicators: [],
    });
  });

  it('is unmet with no review', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review = null;
    });
    expectUnmet(gateOf(snapshot, 'G-REVIEW'), 'No preliminary review');
    expectOnlyBlocking(snapshot, 'G-REVIEW');
  });

  it('is unmet while in progress', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review!.status = 'in_progress';
      s.review!.completedAt = null;
    });
    expectUnmet(gateOf(snapshot, 'G-REVIEW'), 'still in progress');
  });

  it('is unmet when a present or undetermined indicator has no disposition', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review!.indicators[0]!.disposition = null;
      s.review!.indicators[2]!.disposition = null;
    });
    const result = gateOf(snapshot, 'G-REVIEW');
    expectUnmet(result, 'IND-POLITICAL', 'IND-DATES');
    expect(result.reason).not.toContain('IND-MINOR');
    expect(result.facts.undecidedIndicators).toEqual(['IND-POLITICAL', 'IND-DATES']);
  });

  it('stays unmet while information requested for an undetermined indicator has not been recorded', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review!.indicators[2]!.disposition = 'information_requested';
    });
    const result = gateOf(snapshot, 'G-REVIEW');
    expectUnmet(result, 'Information was requested but not yet recorded', 'IND-DATES');
    expect(result.facts.awaitingInformation).toEqual(['IND-DATES']);
  });

  it('does not need a disposition for an absent indicator', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review!.indicators[1]!.disposition = null;
    });
    expectMet(gateOf(snapshot, 'G-REVIEW'));
  });

  it("is unmet when the reviewer's training was not current at completion", () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review!.reviewerTrainingCompletedAt = at(-3 * DAY - 365 * DAY);
    });
    expectUnmet(gateOf(snapshot, 'G-REVIEW'), 'reviewer-1', 'expired');
  });

  it('accepts a reviewer whose training expired after completing the review', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.review!.reviewerTrainingCompletedAt = at(-3 * DAY - 365 * DAY + 1);
    });
    expectMet(gateOf(snapshot, 'G-REVIEW'));
  });
});

// ---------------------------------------------------------------------------
// G-INDEPENDENT
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-INDEPENDENT (%s)', (purpose) => {
  it('is met with a summary and non-INTERPOL evidence', () => {
    expectMet(gateOf(fullyMet(purpose), 'G-INDEPENDENT'));
  });

  it('is unmet with INTERPOL-only evidence, naming it as not counting', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.independentBasis.evidence = [
        { description: 'Red Notice extract', sourceType: 'interpol', source: 'INTERPOL Washington' },
      ];
    });
    const result = gateOf(snapshot, 'G-INDEPENDENT');
    expectUnmet(
      result,
      'No evidence from a source other than INTERPOL',
      '"Red Notice extract"',
      'does not count',
    );
    expect(result.facts.interpolEvidence).toEqual(['Red Notice extract']);
    expectOnlyBlocking(snapshot, 'G-INDEPENDENT');
  });

  it('names INTERPOL evidence as not counting even when met', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.independentBasis.evidence.push({
        description: 'Diffusion text',
        sourceType: 'interpol',
        source: 'INTERPOL',
      });
    });
    const result = gateOf(snapshot, 'G-INDEPENDENT');
    expectMet(result);
    expect(result.reason).toContain('"Diffusion text"');
  });

  it('is unmet with a blank or too short summary', () => {
    const blank = fullyMet(purpose, (s) => {
      s.independentBasis.summary = '   \n  ';
    });
    expectUnmet(gateOf(blank, 'G-INDEPENDENT'), 'no summary');
    const short = fullyMet(purpose, (s) => {
      s.independentBasis.summary = '  seen  at  airport  ';
    });
    expectUnmet(gateOf(short, 'G-INDEPENDENT'), 'too short');
    const enough = fullyMet(purpose, (s) => {
      s.independentBasis.summary = 'Seen at the airport.';
    });
    expectMet(gateOf(enough, 'G-INDEPENDENT'));
  });

  it('is unmet with no evidence at all', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.independentBasis.evidence = [];
    });
    expectUnmet(gateOf(snapshot, 'G-INDEPENDENT'), 'No evidence');
  });
});

describe('G-INDEPENDENT: a basis that fits the action', () => {
  const ble = 'G-INDEPENDENT';
  const overstayOnly = (s: CaseSnapshot) => {
    s.independentBasis.grounds = ['visa_overstay'];
    s.independentBasis.legalAuthority = 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)';
  };

  it('a visa overstay does not support detention on its own', () => {
    const snapshot = fullyMet('law_enforcement_action', (s) => {
      overstayOnly(s);
      s.independentBasis.actions = ['detention'];
    });
    const result = gateOf(snapshot, ble);
    expectUnmet(result, 'claims detention', 'visa overstay', 'does not support it on its own');
    expect(result.nextStep).toContain('custody determination');
    expectOnlyBlocking(snapshot, ble);
  });

  it('a visa overstay supports removal proceedings for immigration proceedings', () => {
    const snapshot = fullyMet('immigration_proceedings', (s) => {
      overstayOnly(s);
      s.independentBasis.actions = ['removal_proceedings'];
    });
    expectMet(gateOf(snapshot, ble));
  });

  it('a law-enforcement action needs a basis for detention', () => {
    const snapshot = fullyMet('law_enforcement_action', (s) => {
      overstayOnly(s);
      s.independentBasis.actions = ['removal_proceedings'];
    });
    expectUnmet(gateOf(snapshot, ble), 'law enforcement action', 'needs a basis for detention');
  });

  it('immigration proceedings need removal proceedings or admissibility, not evidence alone', () => {
    const snapshot = fullyMet('immigration_proceedings', (s) => {
      s.independentBasis.actions = ['evidence'];
    });
    expectUnmet(gateOf(snapshot, ble), 'removal proceedings or an admissibility determination');
  });

  it('a person in custody needs a basis for detention other than the notice', () => {
    const snapshot = fullyMet('immigration_proceedings', (s) => {
      overstayOnly(s);
      s.independentBasis.actions = ['removal_proceedings'];
      s.custodyStatus = 'in_custody';
    });
    const result = gateOf(snapshot, ble);
    expectUnmet(result, 'recorded in custody', 'supports no detention');
    expect(result.nextStep).toContain('INA 236(a)');
    const withDetention = fullyMet('immigration_proceedings', (s) => {
      s.independentBasis.grounds = ['visa_overstay', 'custody_determination'];
      s.independentBasis.actions = ['removal_proceedings', 'detention'];
      s.independentBasis.legalAuthority = 'INA 237(a)(1)(B); INA 236(a), 8 U.S.C. 1226(a); 8 CFR 236.1(c)(8)';
      s.custodyStatus = 'in_custody';
    });
    expectMet(gateOf(withDetention, ble));
  });

  it('asks for the action, the kind of ground and the legal authority when missing', () => {
    const snapshot = fullyMet('immigration_proceedings', (s) => {
      s.independentBasis.actions = [];
      s.independentBasis.grounds = [];
      s.independentBasis.legalAuthority = '';
    });
    expectUnmet(
      gateOf(snapshot, ble),
      'does not say which action',
      'what kind of ground',
      'names no legal authority',
    );
  });

  it('refuses a legal authority that names no statute or regulation', () => {
    const snapshot = fullyMet('immigration_proceedings', (s) => {
      s.independentBasis.legalAuthority = 'because he is removable';
    });
    expectUnmet(gateOf(snapshot, ble), 'does not name a statute or regulation');
  });
});

// ---------------------------------------------------------------------------
// G-DOCS-REQUESTED
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-DOCS-REQUESTED (%s)', (purpose) => {
  it('is met with an answered request', () => {
    expectMet(gateOf(fullyMet(purpose), 'G-DOCS-REQUESTED'));
  });

  it('is met but reports an overdue pending request', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest({ status: 'pending', response: null }),
        authorizationToUseRequest(),
      ];
    });
    const result = gateOf(snapshot, 'G-DOCS-REQUESTED');
    expectMet(result);
    expect(result.reason).toContain('overdue');
    expect(result.facts.overdueRequestIds).toEqual(['lr-docs']);
  });

  it('is met and not overdue while a pending request is within its deadline', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest({ status: 'pending', response: null, dueAt: at(5 * DAY) }),
        authorizationToUseRequest(),
      ];
    });
    const result = gateOf(snapshot, 'G-DOCS-REQUESTED');
    expectMet(result);
    expect(result.reason).not.toContain('overdue');
    expect(result.facts.overdueRequestIds).toEqual([]);
  });

  it('is unmet when the only request was cancelled', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest({ status: 'cancelled', response: null }),
        authorizationToUseRequest(),
      ];
    });
    expectUnmet(gateOf(snapshot, 'G-DOCS-REQUESTED'), 'not been requested');
  });

  it('is unmet with no request', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [authorizationToUseRequest()];
    });
    expectUnmet(gateOf(snapshot, 'G-DOCS-REQUESTED'), 'not been requested');
  });
});

// ---------------------------------------------------------------------------
// G-LANGUAGE
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-LANGUAGE (%s)', (purpose) => {
  const withFinding = (edit: (s: CaseSnapshot) => void = () => {}) =>
    fullyMet(purpose, (s) => {
      s.texts.push({ field: 'document:doc-9', text: 'The person is subject to an INTERPOL warrant.' });
      edit(s);
    });

  it('is met when no text has a finding', () => {
    const result = gateOf(fullyMet(purpose), 'G-LANGUAGE');
    expectMet(result);
    expect(result.facts.fieldsChecked).toEqual(['narrative', 'independentBasis.summary']);
  });

  it('is unmet with an undismissed finding, naming field and excerpt', () => {
    const snapshot = withFinding();
    const result = gateOf(snapshot, 'G-LANGUAGE');
    expectUnmet(result, 'document:doc-9', '"INTERPOL warrant"');
    expect(result.nextStep).toContain('INTERPOL Red Notice');
    expect(result.nextStep).toContain('supervisor to dismiss');
    expectOnlyBlocking(snapshot, 'G-LANGUAGE');
  });

  it('is met when the finding was dismissed', () => {
    const snapshot = withFinding((s) => {
      s.wordingDismissals = [
        {
          fingerprint: 'document:doc-9|D10-WARRANT|interpol warrant',
          reason: 'quoting the foreign court',
          dismissedBy: 'supervisor-1',
          dismissedAt: at(-HOUR),
        },
      ];
    });
    const result = gateOf(snapshot, 'G-LANGUAGE');
    expectMet(result);
    expect(result.facts.dismissedFindings).toBe(1);
  });

  it('is unmet when only some findings were dismissed', () => {
    const snapshot = withFinding((s) => {
      s.texts.push({ field: 'narrative', text: 'Acting on the INTERPOL warrant.' });
      s.wordingDismissals = [
        {
          fingerprint: 'document:doc-9|D10-WARRANT|interpol warrant',
          reason: 'quote',
          dismissedBy: 'supervisor-1',
          dismissedAt: at(-HOUR),
        },
      ];
    });
    const result = gateOf(snapshot, 'G-LANGUAGE');
    expectUnmet(result, 'narrative: "INTERPOL warrant"');
    expect(result.reason).not.toContain('document:doc-9');
    expect(result.facts.openFindings).toBe(1);
  });
});

// ---------------------------------------------------------------------------
// G-APPROVAL
// ---------------------------------------------------------------------------

describe.each(PURPOSES)('G-APPROVAL (%s)', (purpose) => {
  it('is met by an approval of the current version by another, trained supervisor', () => {
    const snapshot = fullyMet(purpose);
    const result = gateOf(snapshot, 'G-APPROVAL');
    expectMet(result);
    expect(result.facts).toMatchObject({
      approvalId: 'ap-1',
      approverId: 'supervisor-1',
      currentCaseVersionHash: caseVersionHash(materialFacts(snapshot)),
      approvedCaseVersionHash: caseVersionHash(materialFacts(snapshot)),
    });
  });

  it('is unmet with no approval', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals = [];
    });
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'No supervisor');
    expectOnlyBlocking(snapshot, 'G-APPROVAL');
  });

  it('is unmet when the approver is the requester', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals[0]!.approverId = 'officer-requester';
    });
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'requested the case', 'own request');
  });

  it('is unmet when the approver is the assigned officer', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals[0]!.approverId = 'officer-1';
    });
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'officer assigned to the case');
  });

  it('is unmet when the approver was untrained when approving', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals[0]!.approverTrainingCompletedAt = null;
    });
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'supervisor-1', 'no record of the annual training');
    expectOnlyBlocking(snapshot, 'G-TRAINING', 'G-APPROVAL');
  });

  it('accepts an approver whose training expired after the approval', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.approvals[0]!.approverTrainingCompletedAt = at(-HOUR - 365 * DAY + 1);
    });
    expectMet(gateOf(snapshot, 'G-APPROVAL'));
    expectMet(gateOf(snapshot, 'G-TRAINING'));
  });

  it('is unmet when denied or returned', () => {
    const denied = fullyMet(purpose, (s) => {
      s.approvals[0]!.decision = 'denied';
    });
    expectUnmet(gateOf(denied, 'G-APPROVAL'), 'denied approval');
    const returned = fullyMet(purpose, (s) => {
      s.approvals[0]!.decision = 'returned';
    });
    expectUnmet(gateOf(returned, 'G-APPROVAL'), 'returned the case');
  });

  it('uses the latest decision', () => {
    const deniedLater = fullyMet(purpose, (s) => {
      s.approvals = [approval({ id: 'ap-2', decision: 'denied', decidedAt: at(-HOUR / 2) }), approval()];
    });
    // bindApproval bound the last one in the list (ap-1), but ap-2 is later by decidedAt.
    expectUnmet(gateOf(deniedLater, 'G-APPROVAL'), 'denied');
    const approvedLater = fullyMet(purpose, (s) => {
      s.approvals = [approval({ id: 'ap-0', decision: 'denied', decidedAt: at(-5 * HOUR) }), approval()];
    });
    expectMet(gateOf(approvedLater, 'G-APPROVAL'));
  });

  it('is voided by a change of charges, naming the change', () => {
    const snapshot = fullyMet(purpose);
    snapshot.notices[0]!.warrants[0]!.charge = 'money laundering';
    const result = gateOf(snapshot, 'G-APPROVAL');
    expectUnmet(result, 'approval voided: ', 'the charges on notice 2023/12345 changed');
    expect(result.facts.materialChanges).toHaveLength(1);
    expect(result.nextStep).toContain('Submit the case');
  });

  it('is voided by a change of the independent basis', () => {
    const snapshot = fullyMet(purpose);
    snapshot.independentBasis.evidence.push({
      description: 'Witness statement',
      sourceType: 'witness',
      source: 'neighbour',
    });
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'approval voided: the independent basis changed');
  });

  it('is voided by a change of the review outcome', () => {
    const snapshot = fullyMet(purpose);
    snapshot.review!.indicators[0]!.disposition = 'concern_confirmed';
    expectUnmet(
      gateOf(snapshot, 'G-APPROVAL'),
      'approval voided: the review outcome changed',
      'IND-POLITICAL went from resolved to concern confirmed',
    );
  });

  it('is voided by a notice added to the case', () => {
    const snapshot = fullyMet(purpose);
    snapshot.notices.push({ ...snapshot.notices[0]!, id: 'n-2', interpolRef: '2024/777' });
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'a notice was added to the case', '2024/777');
  });

  it('is not voided by a change that is not material', () => {
    const snapshot = fullyMet(purpose);
    snapshot.narrative = 'Rewritten narrative.';
    snapshot.validityConfirmations[0]!.confirmedAt = at(-HOUR);
    snapshot.review!.indicators[0]!.note = 'edited note';
    expectMet(gateOf(snapshot, 'G-APPROVAL'));
  });

  it('is unmet when voided explicitly, giving the recorded reason', () => {
    const snapshot = fullyMet(purpose);
    snapshot.approvals[0]!.voidedAt = at(-10 * 60_000);
    snapshot.approvals[0]!.voidReason = 'the notice was withdrawn';
    expectUnmet(gateOf(snapshot, 'G-APPROVAL'), 'approval voided: the notice was withdrawn');
  });
});

describe('G-APPROVAL voided by a change of purpose', () => {
  it('names the old and new purpose', () => {
    const snapshot = fullyMet('law_enforcement_action');
    snapshot.purpose = 'immigration_proceedings';
    const result = gateOf(snapshot, 'G-APPROVAL');
    expectUnmet(
      result,
      'approval voided: the purpose changed from law-enforcement action to immigration proceedings',
    );
  });
});

// ---------------------------------------------------------------------------
// G-USE-AUTH
// ---------------------------------------------------------------------------

describe('G-USE-AUTH', () => {
  const purpose = 'immigration_proceedings';
  const withUseAuth = (overrides: Partial<LiaisonRequestFact>) =>
    fullyMet(purpose, (s) => {
      s.liaisonRequests = [documentationRequest(), authorizationToUseRequest(overrides)];
    });
  const response = authorizationToUseRequest().response!;

  it('is met with a grant and reports scope and conditions', () => {
    const result = gateOf(fullyMet(purpose), 'G-USE-AUTH');
    expectMet(result);
    expect(result.reason).toContain('removal proceedings');
    expect(result.facts).toMatchObject({ outcome: 'granted', validUntil: '2025-12-31', requestId: 'lr-use' });
  });

  it('is met with a grant with no end date', () => {
    const snapshot = withUseAuth({ response: { ...response, validUntil: null } });
    expectMet(gateOf(snapshot, 'G-USE-AUTH'));
  });

  it('is unmet when denied, saying so', () => {
    const snapshot = withUseAuth({ response: { ...response, outcome: 'denied', validUntil: null } });
    const result = gateOf(snapshot, 'G-USE-AUTH');
    expectUnmet(result, 'denied use authorization');
    expectOnlyBlocking(snapshot, 'G-USE-AUTH');
  });

  it('is unmet while pending', () => {
    const snapshot = withUseAuth({ status: 'pending', response: null, dueAt: at(DAY) });
    expectUnmet(gateOf(snapshot, 'G-USE-AUTH'), 'not been granted yet', 'awaiting an answer');
  });

  it('is unmet when never requested or cancelled', () => {
    const none = fullyMet(purpose, (s) => {
      s.liaisonRequests = [documentationRequest()];
    });
    expectUnmet(gateOf(none, 'G-USE-AUTH'), 'not been requested');
    const cancelled = withUseAuth({ status: 'cancelled' });
    expectUnmet(gateOf(cancelled, 'G-USE-AUTH'), 'not been requested');
  });

  it('uses the latest answer', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest(),
        authorizationToUseRequest(),
        authorizationToUseRequest({
          id: 'lr-use-2',
          response: { ...response, id: 'resp-2', outcome: 'denied', respondedAt: at(-DAY) },
        }),
      ];
    });
    expectUnmet(gateOf(snapshot, 'G-USE-AUTH'), 'denied');
  });

  describe('validUntil boundary (2025-06-15)', () => {
    const snapshot = () => withUseAuth({ response: { ...response, validUntil: '2025-06-15' } });

    it('is valid through the last millisecond of that day (UTC)', () => {
      expectMet(gateOf(snapshot(), 'G-USE-AUTH', new Date('2025-06-15T23:59:59.999Z')));
    });

    it('has expired from 00:00 UTC the next day', () => {
      const result = gateOf(snapshot(), 'G-USE-AUTH', new Date('2025-06-16T00:00:00.000Z'));
      expectUnmet(result, 'expired at the end of 2025-06-15');
      expect(result.nextStep).toContain('renewed');
    });
  });
});

// ---------------------------------------------------------------------------
// G-DOCS-RECEIVED
// ---------------------------------------------------------------------------

describe('G-DOCS-RECEIVED', () => {
  const purpose = 'immigration_proceedings';

  it('is met with a document from INTERPOL Washington on file', () => {
    const result = gateOf(fullyMet(purpose), 'G-DOCS-RECEIVED');
    expectMet(result);
    expect(result.facts.documentIds).toEqual(['doc-1']);
  });

  it('is unmet when the only documents did not come from INTERPOL Washington', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.documents[0]!.fromLiaison = false;
    });
    expectUnmet(gateOf(snapshot, 'G-DOCS-RECEIVED'), 'no document received from INTERPOL Washington');
    expectOnlyBlocking(snapshot, 'G-DOCS-RECEIVED');
  });

  it('is unmet when INTERPOL Washington answered that the documentation is unavailable', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.documents = [];
      s.liaisonRequests = [
        documentationRequest({ response: { ...documentationRequest().response!, outcome: 'unavailable' } }),
        authorizationToUseRequest(),
      ];
    });
    const result = gateOf(snapshot, 'G-DOCS-RECEIVED');
    expectUnmet(result, 'unavailable', 'cannot use the notice in immigration proceedings');
  });

  it('is unmet while the request is pending, and when nothing was requested', () => {
    const pending = fullyMet(purpose, (s) => {
      s.documents = [];
      s.liaisonRequests = [
        documentationRequest({ status: 'pending', response: null }),
        authorizationToUseRequest(),
      ];
    });
    const result = gateOf(pending, 'G-DOCS-RECEIVED');
    expectUnmet(result, 'has not arrived', 'overdue');
    expect(result.nextStep).toContain('follow-up');
    const none = fullyMet(purpose, (s) => {
      s.documents = [];
      s.liaisonRequests = [authorizationToUseRequest()];
    });
    expectUnmet(gateOf(none, 'G-DOCS-RECEIVED'), 'none has been requested');
  });
});

describe('G-DOCS-RECEIVED: documentation complete or explained', () => {
  const purpose = 'immigration_proceedings';
  const missing = [
    {
      item: 'Charge sheet',
      reason:
        'The prosecutor has not filed the charge sheet yet; it exists only after the investigation closes.',
    },
  ];
  const partial = (edit: (s: CaseSnapshot) => void = () => {}) =>
    fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest({
          response: {
            ...documentationRequest().response!,
            outcome: 'partially_provided',
            missingItems: missing,
          },
        }),
        authorizationToUseRequest(),
      ];
      edit(s);
    });
  const signOff = {
    id: 'so-1',
    responseId: 'resp-docs',
    item: 'Charge sheet',
    rationale: 'The warrant on file states the charge; the charge sheet adds nothing the person needs.',
    signedBy: 'attorney-1',
    signedAt: at(-DAY),
  };

  it('partial documentation (the charge sheet missing) does not meet the gate without a sign-off', () => {
    const snapshot = partial();
    const result = gateOf(snapshot, 'G-DOCS-RECEIVED');
    expectUnmet(result, 'only partially provided', 'Charge sheet', 'No attorney has signed off');
    expect(result.facts.itemsWithoutSignOff).toEqual(['Charge sheet']);
    expectOnlyBlocking(snapshot, 'G-DOCS-RECEIVED');
  });

  it('partial documentation that lists no missing item does not meet the gate', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest({
          response: { ...documentationRequest().response!, outcome: 'partially_provided' },
        }),
        authorizationToUseRequest(),
      ];
    });
    expectUnmet(gateOf(snapshot, 'G-DOCS-RECEIVED'), 'without recording which items are missing');
  });

  it('is met when an attorney signed off on each missing item', () => {
    const snapshot = partial((s) => {
      s.documentationSignOffs = [signOff];
    });
    const result = gateOf(snapshot, 'G-DOCS-RECEIVED');
    expectMet(result);
    expect(result.reason).toContain('Charge sheet');
  });

  it('names each item still missing a sign-off', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest({
          response: {
            ...documentationRequest().response!,
            outcome: 'partially_provided',
            missingItems: [
              ...missing,
              { item: 'Translations into English', reason: 'No translator is available to the court.' },
            ],
          },
        }),
        authorizationToUseRequest(),
      ];
      s.documentationSignOffs = [signOff];
    });
    const result = gateOf(snapshot, 'G-DOCS-RECEIVED');
    expectUnmet(result, 'signed off on going on without: Translations into English');
    expect(result.facts.itemsWithoutSignOff).toEqual(['Translations into English']);
  });

  it('a sign-off on another answer does not count', () => {
    const snapshot = partial((s) => {
      s.documentationSignOffs = [{ ...signOff, responseId: 'resp-other' }];
    });
    expectUnmet(gateOf(snapshot, 'G-DOCS-RECEIVED'), 'Charge sheet');
  });

  it('documentation unavailable as a whole needs the sign-off too', () => {
    const unavailable = (signed: boolean) =>
      fullyMet(purpose, (s) => {
        s.documents = [];
        s.liaisonRequests = [
          documentationRequest({
            response: {
              ...documentationRequest().response!,
              outcome: 'unavailable',
              missingItems: [
                { item: 'National arrest warrant or judgment', reason: 'The court file was destroyed.' },
              ],
            },
          }),
          authorizationToUseRequest(),
        ];
        s.documentationSignOffs = signed ? [{ ...signOff, item: 'National arrest warrant or judgment' }] : [];
      });
    expectUnmet(gateOf(unavailable(false), 'G-DOCS-RECEIVED'), 'unavailable', 'No attorney has signed off');
    expectMet(gateOf(unavailable(true), 'G-DOCS-RECEIVED'));
  });
});

describe('G-USE-AUTH: conditions checked against the case', () => {
  const purpose = 'immigration_proceedings';
  const response = authorizationToUseRequest().response!;
  const withUseAuth = (
    over: Partial<NonNullable<LiaisonRequestFact['response']>>,
    edit = (_: CaseSnapshot) => {},
  ) =>
    fullyMet(purpose, (s) => {
      s.liaisonRequests = [
        documentationRequest(),
        authorizationToUseRequest({ response: { ...response, ...over } }),
      ];
      edit(s);
    });

  it('disclosure in full conflicts with a restricted service', () => {
    const snapshot = withUseAuth({ disclosureInFull: true }, (s) => {
      s.disclosures[0]!.restricted = true;
      s.disclosures[0]!.restrictionNote = 'Witness names withheld at the request of the issuing country.';
    });
    const result = gateOf(snapshot, 'G-USE-AUTH');
    expectUnmet(result, 'Conflict', 'disclosed in full', 'restricted', 'Witness names withheld');
    expectOnlyBlocking(snapshot, 'G-USE-AUTH');
  });

  it('disclosure in full with an unrestricted service is met', () => {
    const result = gateOf(withUseAuth({ disclosureInFull: true }), 'G-USE-AUTH');
    expectMet(result);
    expect(result.reason).toContain('disclosed in full');
  });

  it('a purpose outside the scope blocks, naming both', () => {
    const result = gateOf(withUseAuth({ scopePurposes: ['law_enforcement_action'] }), 'G-USE-AUTH');
    expectUnmet(
      result,
      'Conflict',
      'covers law enforcement action',
      'this case is for immigration proceedings',
    );
  });

  it('a grant that records no scope purposes cannot be matched to the case', () => {
    expectUnmet(gateOf(withUseAuth({ scopePurposes: null }), 'G-USE-AUTH'), 'does not record which purposes');
  });

  it('an expired grant blocks', () => {
    expectUnmet(gateOf(withUseAuth({ validUntil: '2025-06-01' }), 'G-USE-AUTH'), 'expired');
  });
});

// ---------------------------------------------------------------------------
// G-DISCLOSURE
// ---------------------------------------------------------------------------

describe('G-DISCLOSURE', () => {
  const purpose = 'immigration_proceedings';

  it('is met with documents served, recording the contest deadline', () => {
    const result = gateOf(fullyMet(purpose), 'G-DISCLOSURE');
    expectMet(result);
    expect(result.facts).toMatchObject({
      disclosureId: 'disc-1',
      contestDeadline: at(-10 * DAY).toISOString(),
    });
  });

  it('is met with documents served and a recorded restriction on the rest', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures[0]!.restricted = true;
      s.disclosures[0]!.restrictionNote = 'INTERPOL Washington restricted disclosure of the annex.';
    });
    const result = gateOf(snapshot, 'G-DISCLOSURE');
    expectMet(result);
    expect(result.reason).toContain('restriction');
  });

  it('does not count a service with nothing served, even with a restriction note', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures[0]!.documentIds = [];
      s.disclosures[0]!.restricted = true;
      s.disclosures[0]!.restrictionNote = 'INTERPOL Washington restricted disclosure of the warrant.';
    });
    expectUnmet(gateOf(snapshot, 'G-DISCLOSURE'), 'served no document');
    expectOnlyBlocking(snapshot, 'G-DISCLOSURE', 'G-CONTEST');
  });

  it('does not count a service in a language the person does not read', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.personLanguages = ['tg', 'ru'];
      s.disclosures[0]!.language = 'en';
    });
    const result = gateOf(snapshot, 'G-DISCLOSURE');
    expectUnmet(result, 'English', 'does not read', 'Tajik, Russian', 'no interpreter');
    expect(gateOf(snapshot, 'G-CONTEST').status).toBe('unmet');
  });

  it('does not count a service when the languages the person reads are unknown and no interpreter', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.personLanguages = [];
    });
    expectUnmet(gateOf(snapshot, 'G-DISCLOSURE'), 'not recorded');
  });

  it('counts a service through an interpreter, naming the language pair', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.personLanguages = ['tg', 'ru'];
      s.disclosures[0]!.language = 'en';
      s.disclosures[0]!.interpreter = { name: 'Dilnoza Karimova', language: 'tg' };
    });
    const result = gateOf(snapshot, 'G-DISCLOSURE');
    expectMet(result);
    expect(result.reason).toContain('interpreter (Dilnoza Karimova');
  });

  it('does not count a service of a document received after it', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.documents[0]!.receivedAt = at(-39 * DAY);
    });
    expectUnmet(gateOf(snapshot, 'G-DISCLOSURE'), 'after the service');
  });

  it('does not count a service of a document that is not on the case', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures[0]!.documentIds = ['doc-x'];
    });
    expectUnmet(gateOf(snapshot, 'G-DISCLOSURE'), 'doc-x is not on the case');
  });

  it('is unmet when the person was not served', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures = [];
    });
    const result = gateOf(snapshot, 'G-DISCLOSURE');
    expectUnmet(result, 'not been served');
    expect(result.nextStep).toContain('30-day window');
  });
});

// ---------------------------------------------------------------------------
// G-CONTEST
// ---------------------------------------------------------------------------

describe('G-CONTEST', () => {
  const purpose = 'immigration_proceedings';
  const withDeadline = (deadline: Date) =>
    fullyMet(purpose, (s) => {
      s.disclosures[0]!.contestDeadline = deadline;
    });

  it('is met when the window closed with no contest', () => {
    const result = gateOf(fullyMet(purpose), 'G-CONTEST');
    expectMet(result);
    expect(result.reason).toContain('no contest filed');
  });

  it('is met exactly at the contest deadline', () => {
    expectMet(gateOf(withDeadline(NOW), 'G-CONTEST'));
  });

  it('is unmet 1 ms before the contest deadline, stating when it closes', () => {
    const result = gateOf(withDeadline(at(1)), 'G-CONTEST');
    expectUnmet(result, 'still open', '2025-06-15');
    expect(result.facts.contestDeadline).toBe(at(1).toISOString());
  });

  it('is unmet with no disclosure: serve the person first', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures = [];
    });
    expectUnmet(gateOf(snapshot, 'G-CONTEST'), 'serve the person first');
  });

  it('is unmet while a contest is pending, even after the window closed', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.contests = [{ id: 'ct-1', filedAt: at(-20 * DAY), decision: null, decidedAt: null, decidedBy: null }];
    });
    expectUnmet(gateOf(snapshot, 'G-CONTEST'), 'not decided yet', 'ct-1');
    expectOnlyBlocking(snapshot, 'G-CONTEST');
  });

  it('is permanently unmet when a contest was sustained', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.contests = [
        {
          id: 'ct-1',
          filedAt: at(-30 * DAY),
          decision: 'not_sustained',
          decidedAt: at(-20 * DAY),
          decidedBy: 'a',
          groundCount: 1,
          answeredGrounds: 1,
        },
        {
          id: 'ct-2',
          filedAt: at(-15 * DAY),
          decision: 'sustained',
          decidedAt: at(-5 * DAY),
          decidedBy: 'a',
          groundCount: 1,
          answeredGrounds: 1,
        },
      ];
    });
    const result = gateOf(snapshot, 'G-CONTEST');
    expectUnmet(result, 'contest was sustained: the notice may not be used');
    expect(gateOf(snapshot, 'G-CONTEST', at(400 * DAY)).status).toBe('unmet');
  });

  it('is unmet inside the window even when every contest was decided, and met once it closes', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures[0]!.contestDeadline = at(10 * DAY);
      s.contests = [
        {
          id: 'ct-1',
          filedAt: at(-30 * DAY),
          decision: 'not_sustained',
          decidedAt: at(-20 * DAY),
          decidedBy: 'a',
          groundCount: 1,
          answeredGrounds: 1,
        },
        {
          id: 'ct-2',
          filedAt: at(-15 * DAY),
          decision: 'withdrawn',
          decidedAt: at(-5 * DAY),
          decidedBy: 'a',
          decisionRationale: 'Counsel withdrew the contest in writing on behalf of the person.',
        },
      ];
    });
    expectUnmet(gateOf(snapshot, 'G-CONTEST'), 'still open', 'the person may still contest');
    const result = gateOf(snapshot, 'G-CONTEST', at(10 * DAY));
    expectMet(result);
    expect(result.reason).toContain('not sustained');
    expect(result.reason).toContain('answer to each ground');
  });

  it('uses the latest disclosure', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.disclosures.push({
        ...s.disclosures[0]!,
        id: 'disc-2',
        servedAt: at(-DAY),
        contestDeadline: at(29 * DAY),
      });
    });
    const result = gateOf(snapshot, 'G-CONTEST');
    expectUnmet(result, 'still open');
    expect(result.facts.disclosureId).toBe('disc-2');
  });
});

describe('G-CONTEST: reliance waits for the contest', () => {
  const purpose = 'immigration_proceedings';
  const exigency = (overrides: Partial<ExigencyFact> = {}): ExigencyFact => ({
    id: 'ex-1',
    action: 'Removal hearing on 2025-06-20 before the immigration court',
    reason: 'The court set the hearing before the window closes and refused to adjourn it.',
    requestedBy: 'officer-1',
    requestedAt: at(-2 * DAY),
    status: 'approved',
    decidedBy: 'director-1',
    decidedAt: at(-DAY),
    decisionReason: 'The hearing date is fixed by the court; reliance is limited to that hearing.',
    ...overrides,
  });
  const openWindow = (edit: (s: CaseSnapshot) => void = () => {}) =>
    fullyMet(purpose, (s) => {
      s.disclosures[0]!.servedAt = at(-2 * DAY);
      s.disclosures[0]!.contestDeadline = at(28 * DAY);
      edit(s);
    });

  it('is unmet while the window is open with no contest, saying when it closes', () => {
    const result = gateOf(openWindow(), 'G-CONTEST');
    expectUnmet(result, 'still open', 'no contest filed yet', '2025-07-13 12:00 UTC');
    expect(result.nextStep).toContain('field office director');
  });

  it('is met by an approved exigency before the window closes, naming the approver and the reason', () => {
    const result = gateOf(
      openWindow((s) => {
        s.exigencies = [exigency()];
      }),
      'G-CONTEST',
    );
    expectMet(result);
    expect(result.reason).toContain('Met by exigency approved by director-1');
    expect(result.reason).toContain('refused to adjourn');
  });

  it('is not met by an exigency requested, refused, or approved by its requester or the officer', () => {
    for (const e of [
      exigency({ status: 'requested', decidedBy: null, decidedAt: null }),
      exigency({ status: 'refused' }),
      exigency({ decidedBy: 'officer-1' }),
    ]) {
      const result = gateOf(
        openWindow((s) => {
          s.exigencies = [e];
        }),
        'G-CONTEST',
      );
      expect(result.status).toBe('unmet');
    }
    const byOfficer = openWindow((s) => {
      s.exigencies = [exigency({ requestedBy: 'someone', decidedBy: s.assignedOfficerId })];
    });
    expect(gateOf(byOfficer, 'G-CONTEST').status).toBe('unmet');
  });

  it('stays unmet with a sustained contest, even with an approved exigency, saying what follows', () => {
    const result = gateOf(
      openWindow((s) => {
        s.exigencies = [exigency()];
        s.contests = [
          {
            id: 'ct-1',
            filedAt: at(-DAY),
            decision: 'sustained',
            decidedAt: at(-HOUR),
            decidedBy: 'a',
            groundCount: 1,
            answeredGrounds: 1,
          },
        ];
      }),
      'G-CONTEST',
    );
    expectUnmet(result, 'sustained', 'An exigency does not change this');
    expect(result.nextStep).toContain('Do not use the notice');
  });

  it('is unmet when a contest was decided without answering each ground', () => {
    const snapshot = fullyMet(purpose, (s) => {
      s.contests = [
        {
          id: 'ct-1',
          filedAt: at(-30 * DAY),
          decision: 'not_sustained',
          decidedAt: at(-29 * DAY),
          decidedBy: 'a',
          groundCount: 3,
          answeredGrounds: 1,
        },
      ];
    });
    expectUnmet(gateOf(snapshot, 'G-CONTEST'), 'without an answer to each ground', '1 of 3');
  });

  it('counts the window from the later of the service and its recording', () => {
    const snapshot = fullyMet(purpose, (s) => {
      // served 40 days ago but recorded only 5 days ago: the window runs 30 days from the recording
      s.disclosures[0]!.recordedAt = at(-5 * DAY);
    });
    const result = gateOf(snapshot, 'G-CONTEST');
    expectUnmet(result, 'still open', '2025-07-10 12:00 UTC');
    expect(result.facts.contestWindowOpensAt).toBe(at(-5 * DAY).toISOString());
    expectMet(gateOf(snapshot, 'G-CONTEST', at(25 * DAY)));
  });
});

describe.each(PURPOSES)('G-LEGAL-REVIEW (%s)', (purpose) => {
  const STRONG = 'IND_PROFILE_DISSIDENT';
  const confirm = (s: CaseSnapshot) => {
    s.review!.indicators[0] = {
      indicatorId: STRONG,
      strength: 'strong',
      outcome: 'present',
      disposition: 'concern_confirmed',
      note: 'Documented journalist.',
    };
  };
  const legalReview = (
    overrides: Partial<NonNullable<CaseSnapshot['legalReviews']>[number]> = {},
  ): NonNullable<CaseSnapshot['legalReviews']>[number] => ({
    id: 'lr-1',
    reviewId: 'rev-1',
    attorneyId: 'attorney-1',
    recordedAt: at(-2 * DAY),
    conclusion: 'proceed',
    analyses: [{ indicatorId: STRONG, title: 'Journalist', citation: 'Article 3', analysis: 'analysis' }],
    conditions: null,
    reversalReason: null,
    ...overrides,
  });

  it('applies to both purposes and is not applicable without a confirmed strong indicator', () => {
    expect(gateDefinition('G-LEGAL-REVIEW').appliesTo).toBe('all');
    const result = gateOf(fullyMet(purpose), 'G-LEGAL-REVIEW');
    expect(result.status).toBe('not_applicable');
    expect(result.reason).toMatch(/no strong indicator/);
  });

  it('is unmet when the review confirms a strong indicator and no legal review is recorded', () => {
    const result = gateOf(fullyMet(purpose, confirm), 'G-LEGAL-REVIEW');
    expectUnmet(result, 'Journalist', 'No legal review is recorded');
    expect(result.reason).not.toContain(STRONG);
    expect(result.facts.confirmedStrongIndicators).toEqual([STRONG]);
    expectOnlyBlocking(fullyMet(purpose, confirm), 'G-LEGAL-REVIEW');
  });

  it('is met by a "proceed" or "proceed with conditions" covering every confirmed indicator', () => {
    expectMet(
      gateOf(
        fullyMet(purpose, (s) => {
          confirm(s);
          s.legalReviews = [legalReview()];
        }),
        'G-LEGAL-REVIEW',
      ),
    );
    const conditional = gateOf(
      fullyMet(purpose, (s) => {
        confirm(s);
        s.legalReviews = [
          legalReview({ conclusion: 'proceed_with_conditions', conditions: 'Not for detention.' }),
        ];
      }),
      'G-LEGAL-REVIEW',
    );
    expectMet(conditional);
    expect(conditional.reason).toContain('Not for detention.');
  });

  it('is unmet when the legal review leaves a confirmed indicator unanalysed', () => {
    const result = gateOf(
      fullyMet(purpose, (s) => {
        confirm(s);
        s.review!.indicators.push({
          indicatorId: 'IND_ART3_POLITICAL_CHARACTER',
          strength: 'strong',
          outcome: 'present',
          disposition: 'concern_confirmed',
          note: 'n',
        });
        s.legalReviews = [legalReview()];
      }),
      'G-LEGAL-REVIEW',
    );
    expectUnmet(result, 'does not analyse', 'political');
  });

  it('"do not proceed" blocks, even after a new review, until a later legal review reverses it', () => {
    const blocked = gateOf(
      fullyMet(purpose, (s) => {
        confirm(s);
        s.legalReviews = [legalReview({ conclusion: 'do_not_proceed' })];
      }),
      'G-LEGAL-REVIEW',
    );
    expectUnmet(blocked, 'Do not proceed');
    // a new review that confirms nothing does not clear it
    const rescreened = gateOf(
      fullyMet(purpose, (s) => {
        s.legalReviews = [legalReview({ conclusion: 'do_not_proceed', reviewId: 'rev-0' })];
      }),
      'G-LEGAL-REVIEW',
    );
    expectUnmet(rescreened, 'Do not proceed');
    const reversed = gateOf(
      fullyMet(purpose, (s) => {
        confirm(s);
        s.legalReviews = [
          legalReview({ conclusion: 'do_not_proceed' }),
          legalReview({ id: 'lr-2', recordedAt: at(-DAY), reversalReason: 'New bank records.' }),
        ];
      }),
      'G-LEGAL-REVIEW',
    );
    expectMet(reversed);
  });

  it('asks for a new legal review when the review it analysed was superseded', () => {
    const result = gateOf(
      fullyMet(purpose, (s) => {
        confirm(s);
        s.legalReviews = [legalReview({ reviewId: 'rev-0' })];
      }),
      'G-LEGAL-REVIEW',
    );
    expectUnmet(result, 'earlier preliminary review');
  });

  it('is unmet when the attorney is the reviewer, the officer or the approver', () => {
    for (const attorneyId of ['reviewer-1', 'officer-1', 'officer-requester', 'supervisor-1']) {
      const result = gateOf(
        fullyMet(purpose, (s) => {
          confirm(s);
          s.legalReviews = [legalReview({ attorneyId })];
        }),
        'G-LEGAL-REVIEW',
      );
      expectUnmet(result, 'not independent');
    }
  });
});

describe('G-APPROVAL and the reviewer (SOD-APPROVER-REVIEWER)', () => {
  it('is unmet when the approver completed the preliminary review', () => {
    const result = gateOf(
      fullyMet('law_enforcement_action', (s) => {
        s.review!.reviewerId = 'supervisor-1';
      }),
      'G-APPROVAL',
    );
    expectUnmet(result, 'completed the preliminary review');
  });
});
