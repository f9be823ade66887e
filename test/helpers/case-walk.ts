/**
 * Walking a case through the workflow in service tests: open it, confirm validity, request the
 * documentation and complete the review (optionally confirming the strong indicator "journalist or critic",
 * which makes the review advise "do not act; refer for legal review").
 */
import { expect } from 'vitest';
import type { CasePurpose } from '../../src/domain/types.ts';
import { openCase } from '../../src/services/case/open.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { recordReview } from '../../src/services/review/record.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import type { testApp } from './app.ts';

export const DISSIDENT = 'IND_PROFILE_DISSIDENT';

/** A realistic written analysis of the "journalist or critic" indicator (names it, cites the rule). */
export const DISSIDENT_ANALYSIS =
  'Journalist, human-rights defender or critic: the press card and the NGO statement document independent reporting on the issuing state. Article 3 of INTERPOL’s Constitution bars a notice of political character, but the warrant describes a concrete fraud against a private investor with dates and amounts, so the profile alone does not show that the request is political.';

export const DISSIDENT_ACKNOWLEDGEMENT =
  'Under RPD Article 34 the person’s status as a journalist and critic of the issuing state matters; the approval rests on the federal overstay record alone, and the notice is not relied on for detention.';

let refSeq = Math.floor(Math.random() * 90_000) + 10_000;

export function caseWalker(t: ReturnType<typeof testApp>) {
  const as = (username: string): Promise<Call> => callAsUser(t.app, username);

  async function open(opener: string, opts: { purpose?: CasePurpose; journalist?: boolean } = {}) {
    refSeq += 1;
    const c = await openCase(await as(opener), {
      purpose: opts.purpose ?? 'law_enforcement_action',
      person: {
        familyName: `Walker${refSeq}`,
        givenNames: 'Sam',
        nationalities: ['FR'],
        datesOfBirth: ['1981-05-17'],
      },
      notice: {
        type: 'red_notice',
        interpolRef: `2025/${refSeq}`,
        issuingCountry: 'FR',
        issuedOn: '2024-01-10',
        expiresOn: '2030-01-01',
        purpose: 'prosecution',
        warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60 }],
      },
      independentBasis: {
        summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
        evidence: [
          {
            description: 'Entry and exit records showing an overstay since 2022.',
            sourceType: 'federal_record',
            source: 'CBP arrival records',
          },
        ],
      },
      narrative: 'The person was encountered at a routine check-in and identified from federal records.',
      custodyStatus: 'not_in_custody',
    });
    if (opts.journalist)
      await recordCaseFacts(await as(opener), c.id, {
        facts: {
          subject: {
            profileTags: [
              {
                tag: 'journalist',
                detail: 'Reporter for an independent news site critical of the government',
                basis: 'documented',
                source: { document: 'Press card and NGO statement' },
              },
            ],
            source: { document: 'Interview record' },
          },
        },
        note: 'Press card and NGO statement on file.',
      });
    return c;
  }

  /** Validity confirmed by INTERPOL Washington and the documentation requested. */
  async function confirmAndRequest(caseId: string, officer = 'officer') {
    const o = await as(officer);
    const v = await requestLiaison(o, caseId, { kind: 'validity' });
    await respondLiaison(await as('liaison'), v.id, {
      result: 'valid',
      expiresOn: '2030-01-01',
      method: 'i-24/7 query',
    });
    await requestLiaison(o, caseId, { kind: 'documentation' });
  }

  /** Starts and completes the review as `reviewer`, confirming the given indicators as a concern. */
  async function review(caseId: string, reviewer: string, confirm: string[] = []) {
    const r = await as(reviewer);
    const started = await recordReview(r, caseId, { start: true });
    const open = started.indicators.filter((i) => i.outcome !== 'absent');
    for (const id of confirm) expect(open.map((i) => i.indicatorId)).toContain(id);
    return recordReview(r, caseId, {
      dispositions: open.map((i) =>
        confirm.includes(i.indicatorId)
          ? {
              indicatorId: i.indicatorId,
              disposition: 'concern_confirmed' as const,
              explanation:
                'Under RPD Article 34, the press card and an NGO statement document the person as a journalist and critic of the issuing government.',
            }
          : i.strength === 'strong'
            ? {
                indicatorId: i.indicatorId,
                disposition: 'resolved' as const,
                explanation: `The warrant and summary of facts describe an ordinary fraud (${i.indicatorId}).`,
                evidence: 'Arrest warrant and summary of facts.',
              }
            : {
                indicatorId: i.indicatorId,
                disposition: 'not_applicable' as const,
                reason: `Checked against the warrant and the file (${i.indicatorId}).`,
              },
      ),
      complete: true,
    });
  }

  return { as, open, confirmAndRequest, review };
}
