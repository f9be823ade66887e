/**
 * Screening facts fed from what the case already holds, recorded from the browser's form, and the
 * rule that "no information" never clears an undetermined strong indicator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import type { CaseFacts } from '../../src/domain/screening/index.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { openCase } from '../../src/services/case/open.ts';
import type { Call } from '../../src/services/context.ts';
import { callAsUser } from '../../src/services/context.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { recordReview } from '../../src/services/review/record.ts';
import { recordChargeCorrection } from '../../src/services/screening/charge-correction.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import { getCaseFacts } from '../../src/services/screening/facts-view.ts';
import { screeningInputWithProvenance } from '../../src/services/screening/input.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount } from '../helpers/calls.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let refSeq = 4100;
const as = (username: string): Promise<Call> => callAsUser(t.app, username);

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

/** A case opened with a full intake: person with protection status, notice, warrant, summary of facts. */
async function fullIntake(over: { charge?: string; summary?: string; country?: string } = {}) {
  refSeq += 1;
  const country = over.country ?? 'TJ';
  return openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'Intake',
      givenNames: 'Farrukh',
      nationalities: [country],
      datesOfBirth: ['1984-05-02'],
      languages: ['tg', 'ru'],
      protectionStatus: {
        status: 'asylee',
        asylumClaimedOn: '2022-03-01',
        grantingCountry: 'US',
        inRespectOfCountry: country,
        grantedOn: '2023-09-14',
      },
    },
    notice: {
      type: 'red_notice',
      interpolRef: `2025/${refSeq}`,
      issuingCountry: country,
      issuedOn: '2024-01-10',
      expiresOn: '2030-01-01',
      purpose: 'prosecution',
      warrants: [
        {
          kind: 'arrest_warrant',
          charge: over.charge ?? 'Murder (Article 104)',
          lawCited: 'Criminal Code art. 104',
          maxPenaltyMonths: 240,
          inAbsentia: false,
          issuedOn: '2023-11-02',
        },
      ],
      summaryOfFacts:
        over.summary ??
        'On 14 March 2023 in Dushanbe the person is alleged to have stabbed a neighbour to death after a dispute over a car.',
    },
    independentBasis: {
      summary: 'Federal records show an overstay of a B-2 visa since 2024 and a final removal order.',
      evidence: [{ description: 'Arrival records', sourceType: 'federal_record', source: 'CBP' }],
    },
    narrative: 'Encountered at a scheduled check-in.',
  });
}

/** INTERPOL Washington confirms validity and answers the documentation request with documents. */
async function answered(caseId: string) {
  const officer = await as('officer');
  const liaison = await as('liaison');
  const v = await requestLiaison(officer, caseId, { kind: 'validity' });
  await respondLiaison(liaison, v.id, { result: 'valid', expiresOn: '2030-01-01', method: 'I-24/7 query' });
  const doc = await requestLiaison(officer, caseId, { kind: 'documentation' });
  await respondLiaison(liaison, doc.id, {
    outcome: 'provided',
    documents: [
      { title: 'Arrest warrant of the Dushanbe city court', kind: 'arrest warrant', language: 'ru' },
      { title: 'Charge sheet with the summary of facts', kind: 'charge sheet', language: 'ru' },
      { title: 'CCF decision on the request for access', kind: 'CCF decision', language: 'en' },
    ],
  });
  return doc;
}

describe('facts that flow into the screening without retyping', () => {
  it('builds the screening input from the intake, the notice and INTERPOL Washington’s answers, each with its source', async () => {
    const c = await fullIntake();
    await answered(c.id);
    const view = await screeningInputWithProvenance(d.db, c.id);
    const carried = view.derived.filter((x) => !x.overridden);
    // The facts the screening reads that nobody typed into the facts form:
    expect(carried.map((x) => x.path).sort()).toEqual(
      [
        // the arrest warrant and the charge sheet INTERPOL Washington sent are on file
        'documentsOnFile.0',
        'documentsOnFile.1',
        'judicial.summaryOfFacts.personRole',
        'judicial.summaryOfFacts.place',
        'judicial.summaryOfFacts.text',
        'judicial.summaryOfFacts.time',
        'judicial.warrants.0.charge',
        'judicial.warrants.0.inAbsentia',
        'judicial.warrants.0.issuedOn',
        'judicial.warrants.0.kind',
        'judicial.warrants.0.lawCited',
        'judicial.warrants.0.maxPenaltyMonths',
        'notice.expiresOn',
        'notice.interpolRef',
        'notice.issuedOn',
        'notice.issuingCountry',
        'notice.purpose',
        'notice.status',
        'notice.statusCheckedOn',
        'notice.type',
        'subject.protection.asylumClaimedOn',
        'subject.protection.grants.0.grantedOn',
        'subject.protection.grants.0.grantingCountry',
        'subject.protection.grants.0.inRespectOf',
        'subject.protection.grants.0.status',
      ].sort(),
    );
    expect(carried).toHaveLength(25);
    expect(view.derived.find((x) => x.path === 'notice.status')?.label).toMatch(
      /^From INTERPOL Washington's answer of \d{4}-\d{2}-\d{2}$/,
    );
    expect(view.derived.find((x) => x.path === 'subject.protection.grants.0.status')).toMatchObject({
      value: 'asylee',
      from: 'intake',
      overridable: true,
    });
    expect(view.facts.judicial?.summaryOfFacts).toMatchObject({
      time: '14 March 2023',
      place: 'Dushanbe',
      personRole: expect.stringContaining('stabbed a neighbour'),
    });
    // the documents INTERPOL Washington listed are offered as sources, with what they may hold
    expect(view.documents.map((x) => x.title)).toHaveLength(3);
    expect(view.documents.find((x) => x.kind === 'CCF decision')?.hint).toMatch(/Prior decisions/);
    expect(view.documents[0]!.origin).toMatch(/^INTERPOL Washington's answer of /);

    // the screening reads them (the next screening: here the one a reviewer starts): the asylee grant in
    // respect of the issuing state, a complete summary, the penalty, the validity INTERPOL Washington reported
    await recordReview(await as('officer'), c.id, { start: true });
    const facts = await getCaseFacts(await as('officer'), c.id);
    const screened = await d.db
      .selectFrom('screenings')
      .select('results')
      .where('case_id', '=', c.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const outcome = (id: string) =>
      (screened.results as { results: Array<{ id: string; outcome: string }> }).results.find(
        (r) => r.id === id,
      )?.outcome;
    expect(outcome('IND_REFUGEE_FROM_ISSUING_STATE')).toBe('present');
    expect(outcome('IND_INSUFFICIENT_JUDICIAL_DATA')).toBe('absent');
    expect(outcome('IND_BELOW_PENALTY_THRESHOLD')).toBe('absent');
    expect(outcome('VAL_NOT_CURRENT')).toBe('absent');
    expect(facts.derived.length).toBe(view.derived.length);
  });

  it('screens the case again as soon as INTERPOL Washington answers, not at the next change', async () => {
    const c = await fullIntake();
    const latest = () =>
      d.db
        .selectFrom('screenings')
        .select(['results', 'trigger', 'seq'])
        .where('case_id', '=', c.id)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
    const outcome = (row: { results: unknown }, id: string) =>
      (row.results as { results: Array<{ id: string; outcome: string }> }).results.find((r) => r.id === id)
        ?.outcome;
    const before = await latest();
    expect(before.trigger).toBe('case_opened');
    expect(outcome(before, 'VAL_NOT_CURRENT')).toBe('undetermined');
    const v = await requestLiaison(await as('officer'), c.id, { kind: 'validity' });
    await respondLiaison(await as('liaison'), v.id, {
      result: 'valid',
      expiresOn: '2030-01-01',
      method: 'I-24/7 query',
    });
    const after = await latest();
    expect(after.trigger).toBe('liaison_answered');
    expect(outcome(after, 'VAL_NOT_CURRENT')).toBe('absent');
    const entry = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'liaison.respond')
      .where('entity_id', 'is not', null)
      .where('case_id', '=', c.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect((entry.detail as { screening?: Record<string, unknown> }).screening?.[c.id]).toMatchObject({
      stored: true,
      changedIndicators: expect.arrayContaining(['VAL_NOT_CURRENT']),
    });
  });

  it('lets a recorded fact replace what was read from the intake, and says so', async () => {
    const c = await fullIntake({
      summary: 'He participated in the activities of a banned organisation.',
      charge: 'Participation in an extremist organisation',
    });
    const before = await screeningInputWithProvenance(d.db, c.id);
    expect(before.facts.judicial?.summaryOfFacts).toMatchObject({ text: expect.any(String) });
    expect(before.facts.judicial?.summaryOfFacts?.time).toBeUndefined();
    await recordCaseFacts(await as('officer'), c.id, {
      facts: {
        judicial: {
          summaryOfFacts: {
            text: 'He participated in the activities of a banned organisation.',
            assessedDeficient: true,
            source: { reportedBy: 'Reviewer reading of the notice extract' },
          },
        },
        subject: { protection: { grants: [], source: { document: 'USCIS records check' } } },
      },
    });
    const after = await screeningInputWithProvenance(d.db, c.id);
    expect(after.facts.judicial?.summaryOfFacts?.assessedDeficient).toBe(true);
    expect(after.facts.subject?.protection?.grants).toEqual([]);
    expect(after.derived.find((x) => x.path === 'subject.protection.grants.0.status')?.overridden).toBe(true);
    expect(after.derived.find((x) => x.path === 'judicial.summaryOfFacts.text')?.overridden).toBe(true);
  });
});

describe('facts recorded from the facts form', () => {
  it('records facts sourced from a case document or from who reported them, and screens the case again', async () => {
    const c = await fullIntake({ country: 'RU', charge: 'Public calls for extremist activity' });
    const doc = await answered(c.id);
    const docs = await d.db
      .selectFrom('documents')
      .select(['id', 'title'])
      .where('case_id', '=', c.id)
      .orderBy('title')
      .execute();
    const ccf = docs.find((x) => x.title.startsWith('CCF'))!;
    expect(doc.id).toBeTruthy();
    // the browser's payload: each fact names a case document (id and title) or who reported it
    const payload: CaseFacts = {
      subject: {
        profileTags: [
          {
            tag: 'journalist',
            detail: 'Reporter for an independent outlet',
            basis: 'documented',
            source: { document: ccf.title, documentId: ccf.id },
          },
        ],
        publicActivities: [
          { type: 'reporting', date: '2021-05-01', source: { reportedBy: 'The person’s counsel, letter' } },
        ],
      },
      priorDecisions: [
        {
          body: 'ccf',
          result: 'deleted',
          grounds: ['article_3'],
          date: '2024-10-01',
          source: { document: ccf.title, documentId: ccf.id },
        },
      ],
    };
    const officer = await as('officer');
    const res = await recordCaseFacts(officer, c.id, { facts: payload, note: 'From the CCF decision' });
    expect(res.screening.stored).toBe(true);
    const changed = res.screening.diff?.indicators.map((i) => i.id) ?? [];
    expect(changed).toEqual(
      expect.arrayContaining(['IND_PROFILE_DISSIDENT', 'IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION']),
    );
    const view = await getCaseFacts(officer, c.id);
    const tag = view.facts.subject?.profileTags?.[0];
    expect(tag?.source).toEqual({ document: ccf.title, documentId: ccf.id, recordedBy: 'officer' });
    expect(view.facts.subject?.publicActivities?.[0]?.source?.reportedBy).toBe(
      'The person’s counsel, letter',
    );

    // a document that is not on this case is refused, naming the field, and nothing is written
    const before = await auditCount(d, 'ok');
    await expect(
      recordCaseFacts(officer, c.id, {
        facts: {
          priorDecisions: [
            {
              body: 'ccf',
              result: 'deleted',
              source: { document: 'Other', documentId: '00000000-0000-4000-8000-000000000000' },
            },
          ],
        },
      }),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'facts.priorDecisions.0.source.documentId' }] },
    });
    // neither a document nor who reported it
    await expect(
      recordCaseFacts(officer, c.id, { facts: { evidence: [{ tag: 'alibi', basis: 'documented' }] } }),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'facts.evidence.0.source.document' }] },
    });
    expect(await auditCount(d, 'ok')).toBe(before);
  });
});

describe('“no information” never clears an undetermined strong indicator', () => {
  it('refuses resolving or setting it aside, accepts a request for the fact, and keeps G-REVIEW unmet until the fact is recorded', async () => {
    const c = await fullIntake({ country: 'FR', charge: 'Fraud and forgery of invoices' });
    const officer = await as('officer');
    const review = await recordReview(officer, c.id, { start: true });
    const dissident = review.indicators.find((i) => i.indicatorId === 'IND_PROFILE_DISSIDENT')!;
    expect(dissident).toMatchObject({ outcome: 'undetermined', strength: 'strong' });
    const title = dissident.title!;

    for (const attempt of [
      {
        disposition: 'not_applicable' as const,
        reason: `${title}: no information in the file yet about the person's profile, so this does not apply.`,
      },
      {
        disposition: 'resolved' as const,
        explanation: `${title}: nothing in the file suggests the person is a journalist or an activist.`,
        evidence: 'The case file',
      },
    ])
      await expect(
        recordReview(officer, c.id, { dispositions: [{ indicatorId: 'IND_PROFILE_DISSIDENT', ...attempt }] }),
      ).rejects.toMatchObject({
        status: 422,
        detail: {
          fields: [
            {
              field: 'dispositions.0.disposition',
              message: expect.stringMatching(/REVIEW-UNDETERMINED-STRONG.*Record the fact/s),
            },
          ],
        },
      });

    // a request for it: to INTERPOL Washington (the documentation request) or to someone named
    const request = await requestLiaison(officer, c.id, {
      kind: 'documentation',
      details: 'Independent documentation of the person’s public role',
    });
    await expect(
      recordReview(officer, c.id, {
        dispositions: [
          {
            indicatorId: 'IND_PROFILE_DISSIDENT',
            disposition: 'information_requested',
            explanation: 'Asked.',
          },
        ],
      }),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'dispositions.0.requestedFrom' }),
          expect.objectContaining({ field: 'dispositions.0.explanation' }),
        ]),
      },
    });
    const asked = await recordReview(officer, c.id, {
      dispositions: [
        {
          indicatorId: 'IND_PROFILE_DISSIDENT',
          disposition: 'information_requested',
          liaisonRequestId: request.id,
          explanation: `${title}: asked INTERPOL Washington for independent documentation of the person's public role and profile.`,
        },
      ],
    });
    expect(asked.indicators.find((i) => i.indicatorId === 'IND_PROFILE_DISSIDENT')).toMatchObject({
      disposition: 'information_requested',
      liaisonRequestId: request.id,
    });
    const gate = async () => (await evaluateCase(officer, c.id)).gates.find((g) => g.gate === 'G-REVIEW')!;
    const g = await gate();
    expect(g.status).toBe('unmet');
    expect(g.reason).toMatch(
      /Information was requested but not yet recorded for 1 indicator: IND_PROFILE_DISSIDENT/,
    );
    // the review cannot be completed while the information is awaited
    await expect(recordReview(officer, c.id, { complete: true })).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: expect.arrayContaining([
          {
            field: 'indicators.IND_PROFILE_DISSIDENT',
            message: expect.stringMatching(/has not been recorded yet/),
          },
        ]),
      },
    });

    // the fact arrives: recorded, the case is screened again and the indicator is determined
    const rec = await recordCaseFacts(officer, c.id, {
      facts: {
        subject: {
          profileTags: [],
          source: { document: 'Answer of INTERPOL Washington with public-role research' },
        },
      },
    });
    expect(rec.screening.reviewSuperseded).not.toBeNull();
    const current = await d.db
      .selectFrom('reviews')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(current.indicators.find((i) => i.indicatorId === 'IND_PROFILE_DISSIDENT')).toMatchObject({
      outcome: 'absent',
      disposition: null,
    });
  });

  it('accepts one reason shared by several indicators only when it names each of them', async () => {
    const c = await fullIntake({ country: 'FR', charge: 'Fraud and forgery of invoices' });
    const officer = await as('officer');
    const review = await recordReview(officer, c.id, { start: true });
    const ctx = review.indicators.filter(
      (i) => i.outcome === 'undetermined' && i.strength === 'contextual' && i.indicatorId.startsWith('CTX_'),
    );
    const [a, b] = ctx.filter((i) =>
      ['CTX_BUSINESS_ASSET_DISPUTE', 'CTX_MASS_LISTING_CAMPAIGN'].includes(i.indicatorId),
    );
    expect(a && b).toBeTruthy();
    const onlyA = `${a!.title}: the company records and the court file show no dispute with state-linked actors.`;
    await expect(
      recordReview(officer, c.id, {
        dispositions: [a!, b!].map((i) => ({
          indicatorId: i.indicatorId,
          disposition: 'not_applicable' as const,
          reason: onlyA,
        })),
      }),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: [{ field: 'dispositions.1.reason', message: expect.stringMatching(/does not name/) }],
      },
    });
    const both = `${a!.title} and ${b!.title}: the court file and public reporting show an individual invoice fraud with no state-linked dispute and no listing of a group.`;
    const done = await recordReview(officer, c.id, {
      dispositions: [a!, b!].map((i) => ({
        indicatorId: i.indicatorId,
        disposition: 'not_applicable' as const,
        reason: both,
      })),
    });
    for (const i of [a!, b!])
      expect(done.indicators.find((x) => x.indicatorId === i.indicatorId)).toMatchObject({
        disposition: 'not_applicable',
        note: both,
      });
  });
});

describe('a charge confirmation keeps the decisions on unchanged indicators', () => {
  it('carries every decision whose indicator did not change into the review', async () => {
    const c = await fullIntake({ country: 'TR', charge: 'Membership of an armed terrorist organisation' });
    const officer = await as('officer');
    const review = await recordReview(officer, c.id, { start: true });
    const decidable = review.indicators.filter(
      (i) => i.outcome !== 'absent' && !(i.outcome === 'undetermined' && i.strength === 'strong'),
    );
    expect(decidable.length).toBeGreaterThan(1);
    await recordReview(officer, c.id, {
      dispositions: decidable.map((i) => ({
        indicatorId: i.indicatorId,
        disposition: 'concern_confirmed' as const,
        explanation: `${i.title} (${i.indicatorId}): the file bears this out and it is referred for legal review with the notice.`,
      })),
    });
    const notice = await d.db
      .selectFrom('case_notices')
      .select('notice_id')
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const res = await recordChargeCorrection(officer, c.id, {
      noticeId: notice.notice_id,
      warrantPosition: 0,
      decision: 'confirmed',
      reason: 'The charge reads as membership of an armed terrorist organisation; the reading is right.',
    });
    const changed = new Set(res.screening.diff?.indicators.map((i) => i.id) ?? []);
    const current = await d.db
      .selectFrom('reviews')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    const kept = decidable.filter((i) => !changed.has(i.indicatorId));
    expect(kept.length).toBeGreaterThan(0);
    for (const i of kept)
      expect(current.indicators.find((x) => x.indicatorId === i.indicatorId)).toMatchObject({
        disposition: 'concern_confirmed',
        note: expect.stringContaining(i.indicatorId),
      });
  });
});
