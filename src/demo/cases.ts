/**
 * Demo cases: synthetic people and notices (no real person), each left in a different state so that a
 * newcomer can see every part of the workflow. They are created through the same services as real
 * work, acting as the demo users, so every step is in the audit trail.
 */
import { openCase, updateCaseFacts } from '../services/cases.ts';
import { type Call, callAsUser } from '../services/context.ts';
import {
  authorizeCase,
  decideApproval,
  recordNoticeStatus,
  recordReview,
  requestLiaison,
  respondLiaison,
} from '../services/workflow.ts';

const as = (system: Call, username: string) => callAsUser(system.app, username, 'demo-seed');

const basis = (summary: string, description: string, source: string) => ({
  summary,
  evidence: [{ description, sourceType: 'federal_record' as const, source }],
});

export async function seedDemoCases(system: Call): Promise<string[]> {
  const officer = await as(system, 'officer');
  const officer2 = await as(system, 'officer2');
  const supervisor2 = await as(system, 'supervisor2');
  const liaison = await as(system, 'liaison');
  const numbers: string[] = [];

  // 1. Law-enforcement action, every gate met and authorized.
  const c1 = await openCase(officer, {
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'DEMO-Varga',
      givenNames: 'Teodor',
      nationalities: ['HU'],
      datesOfBirth: ['1979-04-12'],
      languages: ['hu', 'en'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: '2024/90001',
      issuingCountry: 'HU',
      issuedOn: '2024-02-01',
      expiresOn: '2029-02-01',
      purpose: 'prosecution',
      warrants: [
        {
          kind: 'arrest_warrant',
          charge: 'Trafficking in narcotic drugs (12 kg cocaine)',
          lawCited: 'Criminal Code s. 176',
          maxPenaltyMonths: 240,
        },
      ],
      summaryOfFacts:
        'On 3 March 2023 in Budapest the person is alleged to have organised the import of 12 kg of cocaine.',
    },
    independentBasis: basis(
      'Overstayed a B-2 visa since 2023 and has a final order of removal from an immigration judge.',
      'Final order of removal, EOIR, 2025',
      'EOIR records',
    ),
    narrative:
      'The person was encountered at a scheduled check-in. The Red Notice is based on an arrest warrant issued by a Budapest court.',
    custodyStatus: 'in_custody',
  });
  const v1 = await requestLiaison(officer, c1.id, { kind: 'validity' });
  await respondLiaison(liaison, v1.id, {
    result: 'valid',
    expiresOn: '2029-02-01',
    method: 'I-24/7 status query',
  });
  await requestLiaison(officer, c1.id, { kind: 'documentation' });
  await recordReview(officer, c1.id, {
    indicators: [
      { indicatorId: 'IND_ART3_POLITICAL_CHARACTER', strength: 'strong', outcome: 'absent' },
      { indicatorId: 'CTX_TRIAL_IN_ABSENTIA', strength: 'contextual', outcome: 'undetermined' },
    ],
  });
  await recordReview(officer, c1.id, {
    dispositions: [
      {
        indicatorId: 'CTX_TRIAL_IN_ABSENTIA',
        disposition: 'not_applicable',
        note: 'Prosecution notice; no judgment yet.',
      },
    ],
    complete: true,
  });
  await decideApproval(supervisor2, c1.id, {
    decision: 'approved',
    rationale: 'Independent basis is a final removal order; no indicators of abuse.',
  });
  await authorizeCase(officer, c1.id);
  numbers.push(c1.caseNumber);

  // 2. Law-enforcement action awaiting supervisory approval.
  const c2 = await openCase(officer, {
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'DEMO-Rahimov',
      givenNames: 'Dilshod',
      nationalities: ['UZ'],
      datesOfBirth: ['1986-09-30'],
      languages: ['uz', 'ru'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: '2023/90002',
      issuingCountry: 'UZ',
      issuedOn: '2023-06-15',
      expiresOn: '2028-06-15',
      purpose: 'prosecution',
      warrants: [
        {
          kind: 'arrest_warrant',
          charge: 'Fraud on a large scale (Article 168)',
          lawCited: 'Criminal Code art. 168',
          maxPenaltyMonths: 120,
        },
      ],
      summaryOfFacts:
        'Between 2019 and 2021 in Tashkent the person is alleged to have obtained deposits from 40 buyers for flats never built.',
    },
    independentBasis: basis(
      'Entered without inspection in 2022; no application pending.',
      'I-213 record of inadmissible alien',
      'CBP',
    ),
    narrative:
      'The person was encountered during a traffic stop referral. Identity confirmed by fingerprints.',
  });
  const v2 = await requestLiaison(officer, c2.id, { kind: 'validity' });
  await respondLiaison(liaison, v2.id, {
    result: 'valid',
    expiresOn: '2028-06-15',
    method: 'I-24/7 status query',
  });
  await requestLiaison(officer, c2.id, { kind: 'documentation' });
  await recordReview(officer, c2.id, {
    indicators: [
      { indicatorId: 'CTX_COUNTRY_PATTERN', strength: 'contextual', outcome: 'present' },
      { indicatorId: 'IND_PROFILE_DISSIDENT', strength: 'strong', outcome: 'absent' },
    ],
  });
  await recordReview(officer, c2.id, {
    dispositions: [
      {
        indicatorId: 'CTX_COUNTRY_PATTERN',
        disposition: 'resolved',
        note: 'Charges describe identifiable victims and dates; no political link found.',
      },
    ],
    complete: true,
  });
  numbers.push(c2.caseNumber);

  // 3. Immigration proceedings, just opened, with wording the D10 check flags and a validity request pending.
  const c3 = await openCase(officer, {
    purpose: 'immigration_proceedings',
    person: {
      familyName: 'DEMO-Kaya',
      givenNames: 'Elif',
      nationalities: ['TR'],
      datesOfBirth: ['1990-01-20'],
      languages: ['tr'],
    },
    notice: {
      type: 'diffusion',
      interpolRef: '2025/90003',
      issuingCountry: 'TR',
      issuedOn: '2025-04-02',
      purpose: 'prosecution',
      warrants: [
        {
          kind: 'arrest_warrant',
          charge: 'Membership of an armed terrorist organisation (TCK 314)',
          lawCited: 'TCK 314',
        },
      ],
    },
    independentBasis: { summary: '', evidence: [] },
    narrative: 'The subject is wanted on an INTERPOL warrant and was detained on the diffusion.',
  });
  await requestLiaison(officer, c3.id, { kind: 'validity' });
  numbers.push(c3.caseNumber);

  // 4. Authorized, then INTERPOL Washington reported the notice withdrawn: authorization withdrawn, re-review raised.
  const c4 = await openCase(officer, {
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'DEMO-Morales',
      givenNames: 'Julián',
      nationalities: ['VE'],
      datesOfBirth: ['1975-11-05'],
      languages: ['es'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: '2022/90004',
      issuingCountry: 'VE',
      issuedOn: '2022-08-10',
      expiresOn: '2027-08-10',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Embezzlement of public funds', maxPenaltyMonths: 144 }],
      summaryOfFacts: 'Alleged diversion of public funds while a regional official, 2016–2018.',
    },
    independentBasis: basis(
      'Visa revoked by the Department of State in 2024; removable.',
      'Visa revocation notice',
      'Department of State',
    ),
    narrative: 'The person reported to the field office with counsel.',
    custodyStatus: 'in_custody',
  });
  const v4 = await requestLiaison(officer, c4.id, { kind: 'validity' });
  await respondLiaison(liaison, v4.id, {
    result: 'valid',
    expiresOn: '2027-08-10',
    method: 'I-24/7 status query',
  });
  await requestLiaison(officer, c4.id, { kind: 'documentation' });
  await recordReview(officer, c4.id, {
    indicators: [
      { indicatorId: 'CTX_REGIME_CHANGE_FORMER_OFFICIAL', strength: 'contextual', outcome: 'present' },
    ],
  });
  await recordReview(officer, c4.id, {
    dispositions: [
      {
        indicatorId: 'CTX_REGIME_CHANGE_FORMER_OFFICIAL',
        disposition: 'concern_confirmed',
        note: 'Former official after a change of government.',
      },
    ],
    complete: true,
  });
  await decideApproval(supervisor2, c4.id, {
    decision: 'approved',
    rationale: 'Independent basis (visa revocation) stands on its own; concern noted for legal review.',
  });
  await authorizeCase(officer, c4.id);
  const notice4 = await system.app.db
    .selectFrom('notices')
    .select('id')
    .where('interpol_ref', '=', '2022/90004')
    .executeTakeFirstOrThrow();
  await recordNoticeStatus(liaison, notice4.id, {
    status: 'withdrawn',
    usncbReference: 'USNCB-DEMO-0004',
    note: 'Withdrawn by the requesting country.',
  });
  numbers.push(c4.caseNumber);

  // 5. Another office: a Miami case, so office scoping can be seen.
  const c5 = await openCase(officer2, {
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'DEMO-Oyelaran',
      givenNames: 'Bisi',
      nationalities: ['NG'],
      datesOfBirth: ['1983-03-14'],
      languages: ['en', 'yo'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: '2024/90005',
      issuingCountry: 'NG',
      issuedOn: '2024-10-01',
      expiresOn: '2029-10-01',
      purpose: 'sentence',
      warrants: [
        {
          kind: 'judgment',
          charge: 'Obtaining property by false pretences',
          sentenceMonths: 84,
          remainingMonths: 60,
        },
      ],
    },
    independentBasis: basis(
      'Overstay since 2021 documented in arrival records.',
      'Arrival and departure records',
      'CBP',
    ),
    narrative: 'Encountered at an airport secondary inspection referral.',
  });
  await updateCaseFacts(officer2, c5.id, {
    narrative: 'Encountered at an airport secondary inspection referral. Identity confirmed by fingerprints.',
  });
  numbers.push(c5.caseNumber);
  return numbers;
}
