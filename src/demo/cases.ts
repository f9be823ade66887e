/**
 * Demo cases: synthetic people and notices (no real person), each left in a different state so that a
 * newcomer can see every part of the workflow. They are created through the same services as real
 * work, acting as the demo users, so every step is in the audit trail.
 */
import type { BasisAction, BasisGround } from '../domain/basis.ts';
import type { CaseFacts } from '../domain/screening/index.ts';
import { decideApproval } from '../services/approval/decide.ts';
import { authorizeCase } from '../services/authorization/authorize.ts';
import { openCase } from '../services/case/open.ts';
import { updateCaseFacts } from '../services/case/update.ts';
import { type Call, callAsUser } from '../services/context.ts';
import { requestLiaison } from '../services/liaison/request.ts';
import { respondLiaison } from '../services/liaison/respond.ts';
import { recordNoticeStatus } from '../services/notice/record-status.ts';
import { type DispositionInput, recordReview } from '../services/review/record.ts';
import { recordCaseFacts } from '../services/screening/facts-record.ts';
import { runScreening } from '../services/screening/run.ts';

const as = (system: Call, username: string) => callAsUser(system.app, username, 'demo-seed');

/** An independent basis: what it rests on, the actions it supports and the legal authority for them. */
const basis = (
  summary: string,
  description: string,
  source: string,
  fit: { actions: BasisAction[]; grounds: BasisGround[]; legalAuthority: string },
) => ({
  summary,
  evidence: [{ description, sourceType: 'federal_record' as const, source }],
  ...fit,
});

/** Screening facts of a case with nothing of concern found, every section checked (sources named). */
function checkedFacts(
  summary: { text: string; time: string; place: string; personRole: string },
  over: Partial<CaseFacts> = {},
): CaseFacts {
  const file = { document: 'Case file review, demo' };
  return {
    subject: {
      profileTags: [],
      protection: { grants: [], source: { document: 'USCIS and EOIR records check, demo' } },
      publicActivities: [],
      claims: [],
      source: { document: 'Subject interview record, demo' },
    },
    context: {
      assetDispute: { value: false, source: file },
      governmentChange: { value: false, source: file },
      massListingCampaign: { value: false, source: file },
      politicalEvent: { value: false, source: file },
      relatedPersons: [],
    },
    priorDecisions: [],
    evidence: [],
    judicial: {
      summaryOfFacts: { ...summary, source: { document: 'Summary of facts from INTERPOL Washington, demo' } },
      damageValue: { amountUsd: 250_000, source: file },
    },
    extradition: {
      subjectLocatedOn: '2025-01-10',
      requests: [{ date: '2025-02-01', status: 'pending' }],
      treatyExists: true,
      source: { document: 'DOJ Office of International Affairs letter, demo' },
    },
    ...over,
  };
}

/** Starts the review from the stored screening and decides every open indicator with `decide`. */
async function reviewCase(
  call: Call,
  caseId: string,
  decide: (indicatorId: string, strength: string, title: string) => Omit<DispositionInput, 'indicatorId'>,
) {
  const review = await recordReview(call, caseId, { start: true });
  const open = review.indicators.filter((i) => i.outcome !== 'absent');
  return recordReview(call, caseId, {
    dispositions: open.map((i) => ({
      indicatorId: i.indicatorId,
      ...decide(i.indicatorId, i.strength, i.title ?? i.indicatorId),
    })),
    complete: true,
  });
}

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
      {
        actions: ['detention', 'removal_proceedings'],
        grounds: ['final_order_of_removal', 'visa_overstay'],
        legalAuthority: 'INA 241(a), 8 U.S.C. 1231(a); INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)',
      },
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
  await recordCaseFacts(officer, c1.id, {
    facts: checkedFacts({
      text: 'On 3 March 2023 in Budapest the person is alleged to have organised the import of 12 kg of cocaine.',
      time: '3 March 2023',
      place: 'Budapest',
      personRole: 'organised the import',
    }),
    note: 'Every section checked; nothing of concern found.',
  });
  // a clean screening: no indicator present or undetermined, so nothing to decide
  await reviewCase(officer, c1.id, () => ({
    disposition: 'not_applicable',
    reason: 'Checked against the file.',
  }));
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
      'Entered without inspection in 2022; no application pending. The custody determination on file records two missed immigration court hearings in 2023.',
      'I-213 record of inadmissible alien',
      'CBP',
      {
        actions: ['detention', 'admissibility'],
        grounds: ['entry_without_inspection', 'custody_determination'],
        legalAuthority: 'INA 212(a)(6)(A)(i), 8 U.S.C. 1182(a)(6)(A)(i); INA 236(a), 8 U.S.C. 1226(a)',
      },
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
  // A documented journalist: a strong indicator the reviewer confirms, so the review advises
  // "Do not act; refer for legal review" and an approval needs a written acknowledgement of it.
  await recordCaseFacts(officer, c2.id, {
    facts: checkedFacts(
      {
        text: 'Between 2019 and 2021 in Tashkent the person is alleged to have obtained deposits from 40 buyers for flats never built.',
        time: '2019 to 2021',
        place: 'Tashkent',
        personRole: 'obtained deposits for flats never built',
      },
      {
        subject: {
          profileTags: [
            {
              tag: 'journalist',
              detail: 'Reporter for an independent news site critical of the government (demo)',
              basis: 'documented',
              source: { document: 'Press-freedom NGO statement, demo' },
            },
          ],
          protection: { grants: [], source: { document: 'USCIS and EOIR records check, demo' } },
          publicActivities: [],
          claims: [],
          source: { document: 'Subject interview record, demo' },
        },
      },
    ),
    note: 'NGO statement on the subject received.',
  });
  await reviewCase(officer, c2.id, (id, _strength, title) =>
    id === 'IND_PROFILE_DISSIDENT'
      ? {
          disposition: 'concern_confirmed',
          explanation:
            'The subject is a documented journalist and human-rights defender: an NGO statement shows an independent journalist critical of the government.',
        }
      : {
          disposition: 'not_applicable',
          reason: `${title}: weighed against the file (${id}); the fraud charge concerns 40 identified buyers and a documented loss, so this context does not bear on the notice.`,
        },
  );
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
      'Visa revoked by the Department of State in 2024; removable. The custody determination on file finds a flight risk: the person left two prior addresses without notice.',
      'Visa revocation notice',
      'Department of State',
      {
        actions: ['detention', 'removal_proceedings'],
        grounds: ['visa_overstay', 'custody_determination'],
        legalAuthority:
          'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B); INA 236(a), 8 U.S.C. 1226(a); 8 CFR 236.1(c)(8)',
      },
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
  await recordCaseFacts(officer, c4.id, {
    facts: checkedFacts(
      {
        text: 'Alleged diversion of public funds while a regional official, 2016–2018.',
        time: '2016 to 2018',
        place: 'Zulia state',
        personRole: 'diverted public funds as a regional official',
      },
      {
        subject: {
          profileTags: [
            {
              tag: 'former_official',
              detail: 'Regional official until 2018 (demo)',
              basis: 'documented',
              source: { document: 'Official gazette, demo' },
            },
          ],
          protection: { grants: [], source: { document: 'USCIS and EOIR records check, demo' } },
          publicActivities: [],
          claims: [],
          source: { document: 'Subject interview record, demo' },
        },
        context: {
          assetDispute: { value: false, source: { document: 'Case file review, demo' } },
          governmentChange: { value: true, source: { document: 'Country report, demo' } },
          massListingCampaign: { value: false, source: { document: 'Case file review, demo' } },
          politicalEvent: { value: false, source: { document: 'Case file review, demo' } },
          relatedPersons: [],
        },
      },
    ),
  });
  await reviewCase(officer, c4.id, (id, _strength, title) => ({
    disposition: 'concern_confirmed',
    explanation: `${title} (${id}): the official gazette shows the subject was a regional official until 2018 and the government changed since; referred for legal review.`,
  }));
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
  // screening again shows the notice is no longer current (VAL_NOT_CURRENT) and supersedes the review
  await runScreening(officer, c4.id);
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
      // An overstay supports removal proceedings but not detention on its own: G-INDEPENDENT says so.
      {
        actions: ['detention', 'removal_proceedings'],
        grounds: ['visa_overstay'],
        legalAuthority: 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)',
      },
    ),
    narrative: 'Encountered at an airport secondary inspection referral.',
  });
  await updateCaseFacts(officer2, c5.id, {
    narrative: 'Encountered at an airport secondary inspection referral. Identity confirmed by fingerprints.',
  });
  numbers.push(c5.caseNumber);
  return numbers;
}
