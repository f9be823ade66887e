import type { CaseFacts } from '../../../src/domain/screening/facts.ts';

export const AS_OF = '2026-01-15';

/** A fully documented, ordinary case: every indicator is `absent`. */
export function baseFacts(): CaseFacts {
  return {
    notice: {
      type: 'red_notice',
      issuingCountry: 'IN',
      status: 'valid',
      issuedOn: '2024-03-01',
      expiresOn: '2029-03-01',
      purpose: 'prosecution',
      source: { document: 'INTERPOL Washington status reply', recordedBy: 'liaison-1' },
    },
    subject: { profileTags: [], protection: { grants: [] }, publicActivities: [], claims: [] },
    context: {
      assetDispute: { value: false },
      governmentChange: { value: false },
      massListingCampaign: { value: false },
      politicalEvent: { value: false },
      relatedPersons: [],
    },
    priorDecisions: [],
    evidence: [],
    judicial: {
      warrants: [
        {
          kind: 'arrest_warrant',
          charge: 'Indian Penal Code- Section 302- Punishment for Murder',
          maxPenaltyMonths: 1200,
          inAbsentia: false,
        },
      ],
      summaryOfFacts: {
        text: 'On 10 May 2023 in Pune the subject stabbed the victim to death after a quarrel.',
        time: '2023-05-10',
        place: 'Pune',
        personRole: 'principal',
      },
    },
    extradition: {
      subjectLocatedOn: '2024-05-01',
      requests: [{ date: '2024-06-01', status: 'pending' }],
      treatyExists: true,
    },
  };
}

export function mutate(f: (x: CaseFacts) => void): CaseFacts {
  const x = structuredClone(baseFacts());
  f(x);
  return x;
}
