/**
 * Walking a case through the workflow in service tests: open it (a person who reads French, a basis for
 * detention and removal proceedings with its grounds and statute, the screening facts of the file
 * recorded), confirm validity, request and receive the documentation and complete the review
 * (optionally confirming the strong indicator "journalist or critic", which makes the review advise
 * "do not act; refer for legal review").
 */
import { expect } from 'vitest';
import type { CasePurpose } from '../../src/domain/types.ts';
import { openCase } from '../../src/services/case/open.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { recordReview } from '../../src/services/review/record.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import type { testApp } from './app.ts';

export const DISSIDENT = 'IND_PROFILE_DISSIDENT';

/** An independent basis for action: the person's federal record, one piece of evidence. */
export const FEDERAL_BASIS = {
  summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
  evidence: [
    {
      description: 'Entry and exit records showing an overstay since 2022.',
      sourceType: 'federal_record' as const,
      source: 'CBP arrival records',
    },
  ],
};

/** A realistic written analysis of the "journalist or critic" indicator (names it, cites the rule). */
export const DISSIDENT_ANALYSIS =
  'Journalist, human-rights defender or critic: the press card and the NGO statement document independent reporting on the issuing state. Article 3 of INTERPOL’s Constitution bars a notice of political character, but the warrant describes a concrete fraud against a private investor with dates and amounts, so the profile alone does not show that the request is political.';

export const DISSIDENT_ACKNOWLEDGEMENT =
  'Under RPD Article 34 the person’s status as a journalist and critic of the issuing state matters; the approval rests on the federal overstay record alone, and the notice is not relied on for detention.';

const file = (document: string) => ({ document });

/**
 * Screening facts recorded from the file: every section checked, nothing of concern (extradition
 * unknown); with `journalist`, the person's documented reporting critical of the issuing government.
 */
export function checkedFacts(journalist: boolean) {
  return {
    subject: {
      profileTags: journalist
        ? [
            {
              tag: 'journalist' as const,
              detail: 'Reporter for an independent news site critical of the government',
              basis: 'documented' as const,
              source: file('Press card and NGO statement'),
            },
          ]
        : [],
      protection: { grants: [], source: file('USCIS and EOIR records check') },
      publicActivities: [],
      claims: [],
      source: file('Interview record'),
    },
    context: {
      assetDispute: { value: false, source: file('Case file review') },
      governmentChange: { value: false, source: file('Case file review') },
      massListingCampaign: { value: false, source: file('Case file review') },
      politicalEvent: { value: false, source: file('Case file review') },
      relatedPersons: [],
    },
    priorDecisions: [],
    evidence: [],
    judicial: {
      summaryOfFacts: {
        time: 'March 2023',
        place: 'Paris',
        personRole: 'diverted a private investor’s funds through a shell company',
        source: file('Summary of facts'),
      },
      damageValue: { amountUsd: 250_000, source: file('Summary of facts') },
    },
  };
}

let refSeq = Math.floor(Math.random() * 90_000) + 10_000;

export function caseWalker(t: ReturnType<typeof testApp>) {
  const as = (username: string): Promise<Call> => callAsUser(t.app, username);

  async function open(opener: string, opts: { purpose?: CasePurpose; journalist?: boolean } = {}) {
    refSeq += 1;
    const c = await openCase(await as(opener), {
      purpose: opts.purpose ?? 'law_enforcement_action',
      person: {
        languages: ['fr'],
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
        ...FEDERAL_BASIS,
        actions: ['detention', 'removal_proceedings'],
        grounds: ['criminal_conviction', 'visa_overstay'],
        legalAuthority: 'INA 236(c), 8 U.S.C. 1226(c); INA 237(a)(1)(B) and (a)(2), 8 U.S.C. 1227(a)',
      },
      narrative: 'The person was encountered at a routine check-in and identified from federal records.',
      custodyStatus: 'not_in_custody',
    });
    await recordCaseFacts(await as(opener), c.id, {
      facts: checkedFacts(opts.journalist === true),
      note: opts.journalist
        ? 'Press card and NGO statement on file; the rest of the file checked section by section.'
        : 'Every section of the file checked: nothing of concern beyond the fraud charge itself.',
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

  /**
   * The documentation requested from INTERPOL Washington arrives on the case (warrant and summary of
   * facts, in French); returns the ids of the documents received.
   */
  async function receiveDocuments(caseId: string): Promise<string[]> {
    const request = await t.app.db
      .selectFrom('liaison_requests')
      .select('id')
      .where('case_id', '=', caseId)
      .where('kind', '=', 'documentation')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const answer = await respondLiaison(await as('liaison'), request.id, {
      outcome: 'provided',
      documents: [
        { title: 'Arrest warrant of the Paris investigating judge', kind: 'arrest_warrant', language: 'fr' },
        { title: 'Summary of facts of the Paris prosecutor', kind: 'summary_of_facts', language: 'fr' },
      ],
    });
    return answer.documentIds;
  }

  /**
   * An immigration case opened by `opener`, its documentation received and served by mail to counsel in
   * French; each served document holds `content` as a PDF. Returns the case and the served documents' ids.
   */
  async function openServed(opener = 'officer', content = 'served document') {
    const c = await open(opener, { purpose: 'immigration_proceedings' });
    await confirmAndRequest(c.id, opener);
    const documentIds = await receiveDocuments(c.id);
    await recordDisclosure(await as(opener), c.id, {
      servedAt: t.clock.now(),
      method: 'mail',
      recipient: 'Counsel',
      language: 'fr',
      documentIds,
    });
    await t.app.db
      .updateTable('documents')
      .set({ content: Buffer.from(content), content_type: 'application/pdf' })
      .where('id', 'in', documentIds)
      .execute();
    return { c, documentIds };
  }

  /**
   * Starts and completes the review as `reviewer`, confirming the given indicators as a concern.
   * `occasion` is added to every reason: a later review of the same case gives its own reasons, not a
   * copy of the earlier ones.
   */
  async function review(caseId: string, reviewer: string, confirm: string[] = [], occasion = '') {
    const said = (text: string) => (occasion ? `${text} ${occasion}` : text);
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
              explanation: said(
                'Journalist, human-rights defender or critic: under RPD Article 34, the press card and an NGO statement document the person as a journalist and critic of the issuing government.',
              ),
            }
          : i.strength === 'strong'
            ? {
                indicatorId: i.indicatorId,
                disposition: 'resolved' as const,
                explanation: said(
                  `${i.title}: the arrest warrant and the summary of facts describe an ordinary fraud against a private investor.`,
                ),
                evidence: 'Arrest warrant and summary of facts.',
              }
            : {
                indicatorId: i.indicatorId,
                disposition: 'not_applicable' as const,
                reason: said(
                  `${i.title}: the warrant and the file show nothing that bears on it (${i.indicatorId}); an ordinary fraud case.`,
                ),
              },
      ),
      complete: true,
    });
  }

  return { as, open, confirmAndRequest, receiveDocuments, openServed, review };
}
