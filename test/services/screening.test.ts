import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../src/demo/cases.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import type { CaseFacts } from '../../src/domain/screening/index.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { openCase } from '../../src/services/case/open.ts';
import { getCase } from '../../src/services/case/read.ts';
import { updateCaseFacts } from '../../src/services/case/update.ts';
import type { Call } from '../../src/services/context.ts';
import { callAsUser } from '../../src/services/context.ts';
import { addCountryContext } from '../../src/services/country-context/add.ts';
import { listCountryContext } from '../../src/services/country-context/list.ts';
import { updateCountryContext } from '../../src/services/country-context/update.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { recordNoticeStatus } from '../../src/services/notice/record-status.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import { recordReview } from '../../src/services/review/record.ts';
import { recordChargeCorrection } from '../../src/services/screening/charge-correction.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import { screeningInputForCase } from '../../src/services/screening/input.ts';
import { listScreenings } from '../../src/services/screening/list.ts';
import { rescreenAll } from '../../src/services/screening/rescreen-all.ts';
import { runScreening } from '../../src/services/screening/run.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount as countAudit, once as onceAudited } from '../helpers/calls.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let refSeq = 700;

const as = (username: string): Promise<Call> => callAsUser(t.app, username);

// Reads wait in the read log until folded into the chain (services/read-log.ts): fold, then count.
const auditCount = async () => {
  await foldAllReads(t.app);
  return countAudit(d);
};

const once = <T>(fn: () => Promise<T>): Promise<T> => onceAudited(d, fn);

/** Nothing was written after the first `count` entries but the audited refusals (one `failed` entry each). */
async function expectOnlyRefusalsAfter(count: number) {
  await foldAllReads(t.app);
  const rows = await d.db.selectFrom('audit_log').select('outcome').orderBy('seq').offset(count).execute();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.outcome === 'failed')).toBe(true);
}

async function screeningsOf(caseId: string) {
  return d.db.selectFrom('screenings').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

const doc = (document: string) => ({ document });

/** Facts with every section checked and nothing of concern. */
function clean(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    subject: {
      profileTags: [],
      protection: { grants: [], source: doc('USCIS check') },
      publicActivities: [],
      claims: [],
      source: doc('Interview record'),
    },
    context: {
      assetDispute: { value: false, source: doc('File') },
      governmentChange: { value: false, source: doc('File') },
      massListingCampaign: { value: false, source: doc('File') },
      politicalEvent: { value: false, source: doc('File') },
      relatedPersons: [],
    },
    priorDecisions: [],
    evidence: [],
    judicial: {
      summaryOfFacts: {
        time: 'May 2022',
        place: 'Lyon',
        personRole: 'issued false invoices',
        source: doc('Summary of facts'),
      },
      damageValue: { amountUsd: 90_000, source: doc('Summary of facts') },
    },
    extradition: {
      subjectLocatedOn: '2025-01-10',
      requests: [{ date: '2025-02-01', status: 'pending' }],
      treatyExists: true,
      source: doc('OIA letter'),
    },
    ...over,
  };
}

const journalist = (): CaseFacts['subject'] => ({
  profileTags: [{ tag: 'journalist', basis: 'documented', source: doc('NGO statement') }],
  protection: { grants: [], source: doc('USCIS check') },
  publicActivities: [],
  claims: [],
  source: doc('Interview record'),
});

async function open(country = 'FR', charge = 'Fraud and forgery of invoices') {
  refSeq += 1;
  return openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], familyName: 'Screened', nationalities: [country] },
    notice: {
      type: 'red_notice',
      interpolRef: `2025/${refSeq}`,
      issuingCountry: country,
      issuedOn: '2024-01-10',
      expiresOn: '2030-01-01',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge, maxPenaltyMonths: 60, inAbsentia: false }],
    },
    independentBasis: {
      summary: 'Federal records show an overstay and a prior federal conviction.',
      evidence: [{ description: 'Arrival records', sourceType: 'federal_record', source: 'CBP' }],
    },
    narrative: 'Encountered at a routine check-in.',
  });
}

/** A case with clean facts, a valid notice and a complete review with every open indicator decided. */
async function reviewed(facts: CaseFacts = clean()) {
  const c = await open();
  const officer = await as('officer');
  const v = await requestLiaison(officer, c.id, { kind: 'validity' });
  await respondLiaison(await as('liaison'), v.id, {
    result: 'valid',
    expiresOn: '2030-01-01',
    method: 'query',
  });
  await requestLiaison(officer, c.id, { kind: 'documentation' });
  await recordCaseFacts(officer, c.id, { facts });
  const started = await recordReview(officer, c.id, { start: true });
  const openOnes = started.indicators.filter((i) => i.outcome !== 'absent');
  const done = await recordReview(officer, c.id, {
    dispositions: openOnes.map((i) =>
      i.indicatorId === 'IND_PROFILE_DISSIDENT'
        ? {
            indicatorId: i.indicatorId,
            disposition: 'concern_confirmed' as const,
            explanation:
              'Journalist or human-rights defender (RPD Art. 34, status of the persons concerned): an NGO statement on file documents the reporting.',
          }
        : {
            indicatorId: i.indicatorId,
            disposition: 'not_applicable' as const,
            reason: `${i.title}: checked against the case file (${i.indicatorId}); the record shows nothing that bears on it.`,
          },
    ),
    complete: true,
  });
  return { c, started, done };
}

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

describe('stored screenings', () => {
  it('screens a case when it is opened, and stores a new screening only when the inputs change', async () => {
    const c = await once(() => open());
    const first = await screeningsOf(c.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ trigger: 'case_opened', ruleset_version: '2026.1.0' });
    // a re-run without any change stores nothing
    const again = await once(async () => runScreening(await as('officer'), c.id));
    expect(again.stored).toBe(false);
    expect(await screeningsOf(c.id)).toHaveLength(1);
    // recording facts re-screens
    const rec = await once(async () => recordCaseFacts(await as('officer'), c.id, { facts: clean() }));
    expect(rec.version).toBe(1);
    expect(rec.screening.stored).toBe(true);
    expect(rec.screening.diff?.inputsChanged).toBe(true);
    // the same facts again: a new facts version, no new screening
    const same = await recordCaseFacts(await as('officer'), c.id, { facts: clean() });
    expect(same.screening.stored).toBe(false);
    const list = await listScreenings(await as('officer'), c.id);
    expect(list.history).toHaveLength(2);
    expect(list.latest?.trigger).toBe('facts_recorded');
    expect(list.latest?.diff?.indicators.length).toBeGreaterThan(0);
  });

  it('merges the case record into the screening input and stamps who recorded each fact', async () => {
    const c = await open();
    await recordCaseFacts(await as('officer'), c.id, { facts: clean({ subject: journalist() }) });
    const input = await d.db.transaction().execute((trx) => screeningInputForCase(trx, c.id));
    expect(input.notice).toMatchObject({ issuingCountry: 'FR', type: 'red_notice', expiresOn: '2030-01-01' });
    expect(input.judicial?.warrants?.[0]).toMatchObject({ charge: 'Fraud and forgery of invoices' });
    expect(input.subject?.profileTags?.[0]?.source).toEqual({
      document: 'NGO statement',
      recordedBy: 'officer',
    });
    // unchanged facts keep their recorder when someone else saves the set again
    const row = await d.db
      .selectFrom('case_facts')
      .selectAll()
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    await recordCaseFacts(await as('supervisor'), c.id, {
      facts: {
        ...(row.facts as CaseFacts),
        priorDecisions: [{ body: 'ccf', result: 'compliant', source: doc('CCF') }],
      },
    });
    const latest = await d.db
      .selectFrom('case_facts')
      .selectAll()
      .where('case_id', '=', c.id)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const f = latest.facts as CaseFacts;
    expect(f.subject?.profileTags?.[0]?.source?.recordedBy).toBe('officer');
    expect(f.priorDecisions?.[0]?.source?.recordedBy).toBe('supervisor');
    expect(latest.version).toBe(2);
  });

  it('refuses facts without a source document or with bad values, naming the field, and writes nothing', async () => {
    const c = await open();
    const before = await auditCount();
    await expect(
      recordCaseFacts(await as('officer'), c.id, {
        facts: { subject: { profileTags: [{ tag: 'journalist', basis: 'documented' }] } },
      }),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'facts.subject.profileTags.0.source.document' }),
        ]),
      },
    });
    await expect(
      recordCaseFacts(await as('officer'), c.id, { facts: { notice: { issuingCountry: 'france' } } }),
    ).rejects.toMatchObject({ status: 422, detail: { fields: [{ field: 'facts.notice.issuingCountry' }] } });
    await expectOnlyRefusalsAfter(before);
    expect(
      await d.db.selectFrom('case_facts').selectAll().where('case_id', '=', c.id).execute(),
    ).toHaveLength(0);
  });

  it('re-screens when the case facts change (warrants)', async () => {
    const c = await open();
    await updateCaseFacts(await as('officer'), c.id, {
      notice: {
        noticeId: c.noticeId,
        warrants: [{ kind: 'arrest_warrant', charge: 'Insulting the president', maxPenaltyMonths: 12 }],
      },
    });
    const rows = await screeningsOf(c.id);
    expect(rows.at(-1)?.trigger).toBe('case_updated');
    const result = rows.at(-1)?.results as { summary: { strongPresent: string[] } };
    expect(result.summary.strongPresent).toContain('IND_BELOW_PENALTY_THRESHOLD');
  });

  it('re-screens at once when INTERPOL Washington reports a new notice status', async () => {
    const c = await open();
    await recordNoticeStatus(await as('liaison'), c.noticeId, {
      status: 'withdrawn',
      usncbReference: 'USNCB-77',
    });
    const rows = await screeningsOf(c.id);
    expect(rows.at(-1)?.trigger).toBe('notice_status_changed');
    const result = rows.at(-1)?.results as { summary: { validityPresent: string[] } };
    expect(result.summary.validityPresent).toContain('VAL_NOT_CURRENT');
  });
});

describe('the review built from the stored screening', () => {
  it('starts from the latest screening and validates dispositions', async () => {
    const c = await open();
    const officer = await as('officer');
    await recordCaseFacts(officer, c.id, {
      facts: clean({
        subject: journalist(),
        context: { ...clean().context, assetDispute: { value: true, source: doc('Court filing') } },
      }),
    });
    const latest = (await screeningsOf(c.id)).at(-1)!;
    const review = await once(() => recordReview(officer, c.id, { start: true }));
    expect(review.screeningId).toBe(latest.id);
    expect(review.indicators).toHaveLength(27);
    const dissident = review.indicators.find((i) => i.indicatorId === 'IND_PROFILE_DISSIDENT')!;
    expect(dissident).toMatchObject({ outcome: 'present', strength: 'strong', disposition: null });
    expect(dissident.title).toBeTruthy();

    const before = await auditCount();
    await expect(
      recordReview(officer, c.id, {
        dispositions: [
          { indicatorId: 'IND_PROFILE_DISSIDENT', disposition: 'resolved', explanation: 'Not a journalist.' },
          { indicatorId: 'CTX_BUSINESS_ASSET_DISPUTE', disposition: 'not_applicable' },
          { indicatorId: 'IND_ART3_POLITICAL_CHARACTER', disposition: 'not_applicable', reason: 'x' },
          { indicatorId: 'NOPE', disposition: 'not_applicable', reason: 'x' },
        ],
      }),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: [
          { field: 'dispositions.0.evidence', message: expect.any(String) },
          { field: 'dispositions.2.indicatorId', message: expect.any(String) }, // absent: nothing to decide
          { field: 'dispositions.3.indicatorId', message: expect.any(String) },
          // the reasons: too short and not naming the indicator; missing
          {
            field: 'dispositions.0.explanation',
            rule: 'SUBSTANCE-TOO-SHORT',
            message: expect.stringMatching(/too short/i),
          },
          {
            field: 'dispositions.0.explanation',
            rule: 'SUBSTANCE-NOT-ADDRESSED',
            message: expect.stringMatching(/does not name/),
          },
          {
            field: 'dispositions.1.reason',
            rule: 'SUBSTANCE-TOO-SHORT',
            message: expect.stringMatching(/required/i),
          },
        ],
      },
    });
    await expect(recordReview(officer, c.id, { complete: true })).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: expect.arrayContaining([
          { field: 'indicators.IND_PROFILE_DISSIDENT', message: expect.any(String) },
        ]),
      },
    });
    await expectOnlyRefusalsAfter(before);
  });

  it('meets G-REVIEW only when every open indicator is decided and the review complete; a confirmed strong indicator advises not to act', async () => {
    const officer = await as('officer');
    const c = await open();
    await recordCaseFacts(officer, c.id, { facts: clean({ subject: journalist() }) });
    const started = await recordReview(officer, c.id, { start: true });
    const gate = async () => (await evaluateCase(officer, c.id)).gates.find((g) => g.gate === 'G-REVIEW')!;
    expect((await gate()).status).toBe('unmet');
    const openOnes = started.indicators.filter((i) => i.outcome !== 'absent');
    // all but one decided: still unmet
    await recordReview(officer, c.id, {
      dispositions: openOnes
        .filter((i) => i.indicatorId !== 'IND_PROFILE_DISSIDENT')
        .map((i) => ({
          indicatorId: i.indicatorId,
          disposition: 'not_applicable' as const,
          reason: `${i.title}: checked against the case file (${i.indicatorId}); nothing in the record bears on it.`,
        })),
    });
    expect((await gate()).status).toBe('unmet');
    const done = await recordReview(officer, c.id, {
      dispositions: [
        {
          indicatorId: 'IND_PROFILE_DISSIDENT',
          disposition: 'concern_confirmed',
          explanation:
            'Journalist or human-rights defender (RPD Art. 34, status of the persons concerned): an NGO statement on file documents the reporting.',
        },
      ],
      complete: true,
    });
    expect(done.recommendation).toMatchObject({
      code: 'do_not_act_refer_legal_review',
      confirmedStrong: ['IND_PROFILE_DISSIDENT'],
    });
    const g = await gate();
    expect(g.status).toBe('met');
    expect(g.reason).toContain('Do not act; refer for legal review');
    const view = await getCase(officer, c.id);
    expect(view.review?.recommendation?.text).toContain('Do not act; refer for legal review');
  });

  it('supersedes the review when a fact change alters an open indicator, carrying over unchanged dispositions and voiding the approval', async () => {
    const dispute = (): CaseFacts['context'] => ({
      ...clean().context,
      assetDispute: { value: true, source: doc('Court filing') },
    });
    const { c, done } = await reviewed(clean({ context: dispute() }));
    expect(done.status).toBe('complete');
    const approval = await decideApproval(await as('supervisor2'), c.id, {
      decision: 'approved',
      rationale:
        'The federal overstay record supports the action on its own; the review decided each indicator.',
    });
    const decidedBefore = done.indicators.filter((i) => i.disposition !== null).map((i) => i.indicatorId);
    const rec = await recordCaseFacts(await as('officer'), c.id, {
      facts: clean({ context: dispute(), subject: journalist() }),
    });
    expect(rec.screening.reviewSuperseded).not.toBeNull();
    expect(rec.screening.voidedApprovals).toEqual([approval.id]);
    const current = await d.db
      .selectFrom('reviews')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(current.id).toBe(rec.screening.reviewSuperseded?.to);
    expect(current.status).toBe('in_progress');
    const ind = current.indicators;
    expect(ind.find((i) => i.indicatorId === 'IND_PROFILE_DISSIDENT')).toMatchObject({
      outcome: 'present',
      disposition: null,
    });
    const carried = ind.filter((i) => i.disposition !== null).map((i) => i.indicatorId);
    expect(carried.length).toBeGreaterThan(0);
    for (const id of carried) expect(decidedBefore).toContain(id);
    const a = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(a.void_reason).toMatch(/review/);
  });
});

describe('approval acknowledgements', () => {
  it('refuses an approval without one acknowledgement per confirmed strong indicator, and accepts it with them', async () => {
    const { c, done } = await reviewed(clean({ subject: journalist() }));
    expect(done.recommendation.confirmedStrong).toEqual(['IND_PROFILE_DISSIDENT']);
    const sup = await as('supervisor2');
    const before = await auditCount();
    await expect(
      decideApproval(sup, c.id, {
        decision: 'approved',
        rationale: 'The federal overstay record supports the action on its own, without the notice.',
      }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'acknowledgements_invalid',
      detail: { fields: [{ field: 'acknowledgements.IND_PROFILE_DISSIDENT' }] },
    });
    await expect(
      decideApproval(sup, c.id, {
        decision: 'approved',
        rationale: 'The federal overstay record supports the action on its own, without the notice.',
        acknowledgements: [
          { indicatorId: 'IND_PROFILE_DISSIDENT', justification: 'Legal reviewed it.' },
          { indicatorId: 'CTX_COUNTRY_PATTERN', justification: 'Extra.' },
        ],
      }),
    ).rejects.toMatchObject({
      status: 400,
      detail: { fields: [{ field: 'acknowledgements.CTX_COUNTRY_PATTERN' }] },
    });
    await expect(
      decideApproval(sup, c.id, {
        decision: 'approved',
        rationale: 'The federal overstay record supports the action on its own, without the notice.',
        acknowledgements: [{ indicatorId: 'IND_PROFILE_DISSIDENT', justification: '  ' }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      detail: { fields: [{ field: 'acknowledgements.IND_PROFILE_DISSIDENT' }] },
    });
    await expectOnlyRefusalsAfter(before);
    const ok = await once(() =>
      decideApproval(sup, c.id, {
        decision: 'approved',
        rationale:
          'Approved on the federal overstay record, which shows the person overstayed and does not depend on the notice.',
        acknowledgements: [
          {
            indicatorId: 'IND_PROFILE_DISSIDENT',
            justification:
              'Under RPD Article 34 the person is a journalist and critic of the government; the charges describe an ordinary fraud on a private investor.',
          },
        ],
      }),
    );
    const row = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', ok.id)
      .executeTakeFirstOrThrow();
    expect(row.acknowledgements).toEqual([
      {
        indicatorId: 'IND_PROFILE_DISSIDENT',
        justification:
          'Under RPD Article 34 the person is a journalist and critic of the government; the charges describe an ordinary fraud on a private investor.',
      },
    ]);
    const entry = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', ok.id)
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ confirmedStrongIndicators: ['IND_PROFILE_DISSIDENT'] });
    // a denial needs no acknowledgement
    await expect(
      decideApproval(sup, c.id, {
        decision: 'denied',
        rationale: 'Denied: the journalist profile needs the attorney’s legal review before anyone acts.',
      }),
    ).resolves.toBeTruthy();
  });
});

describe('charge-category corrections', () => {
  it('records a correction and the next screening uses it instead of the reader', async () => {
    const c = await open('FR', 'Fraud and forgery of invoices');
    const officer = await as('officer');
    await recordCaseFacts(officer, c.id, { facts: clean() });
    const before = (await screeningsOf(c.id)).at(-1)!.results as {
      offenceCategories: Array<{ category: string; origin: string }>;
      summary: { strongPresent: string[] };
    };
    expect(before.offenceCategories.map((x) => x.category)).toContain('fraud_economic');
    expect(before.summary.strongPresent).not.toContain('IND_ART3_POLITICAL_CHARACTER');
    await expect(
      recordChargeCorrection(officer, c.id, {
        noticeId: c.noticeId,
        warrantPosition: 3,
        decision: 'corrected',
        categories: ['political_speech'],
        reason: 'The invoices named in the warrant were leaflets of an opposition party, per its annex.',
      }),
    ).rejects.toMatchObject({ status: 422, detail: { fields: [{ field: 'warrantPosition' }] } });
    await expect(
      recordChargeCorrection(officer, c.id, {
        noticeId: c.noticeId,
        warrantPosition: 0,
        decision: 'corrected',
        reason: 'The invoices named in the warrant were leaflets of an opposition party, per its annex.',
      }),
    ).rejects.toMatchObject({ status: 422, detail: { fields: [{ field: 'categories' }] } });
    const k = await once(() =>
      recordChargeCorrection(officer, c.id, {
        noticeId: c.noticeId,
        warrantPosition: 0,
        decision: 'corrected',
        categories: ['political_speech'],
        reason: 'The "invoices" were leaflets of an opposition party, per the warrant annex.',
      }),
    );
    expect(k.screening.stored).toBe(true);
    const after = (await screeningsOf(c.id)).at(-1)!;
    expect(after.trigger).toBe('charge_correction');
    const r = after.results as typeof before;
    expect(r.offenceCategories).toEqual([
      expect.objectContaining({ category: 'political_speech', origin: 'confirmed' }),
    ]);
    expect(r.summary.strongPresent).toContain('IND_ART3_POLITICAL_CHARACTER');
    const row = await d.db
      .selectFrom('charge_corrections')
      .selectAll()
      .where('id', '=', k.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'corrected', suggested: ['fraud_economic'] });
    // confirming takes the reader's suggestion
    const conf = await recordChargeCorrection(officer, c.id, {
      noticeId: c.noticeId,
      warrantPosition: 0,
      decision: 'confirmed',
      reason:
        'Read the warrant again: invoices forged to obtain payment from a buyer, an ordinary fraud after all.',
    });
    expect(conf.categories).toEqual(['fraud_economic']);
  });
});

describe('country context as audited, versioned data', () => {
  it('lets administrators add, change and retire rows (new version each time); others are refused', async () => {
    const c = await open('FR');
    const officer = await as('officer');
    await recordCaseFacts(officer, c.id, { facts: clean() });
    const first = await screeningsOf(c.id);
    expect(first.at(-1)?.country_context_version).toBe('2026.1');
    const listed = await listCountryContext(officer);
    expect(listed.rows.length).toBeGreaterThan(30);

    const before = await auditCount();
    await expect(
      addCountryContext(officer, {
        iso2: 'FR',
        reportYear: 2024,
        report: 'r',
        statement: 's',
        url: 'https://example.invalid/r',
      }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'ROLE:country_context.manage' } });
    const denied = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(denied).toMatchObject({ action: 'country_context.add', outcome: 'denied' });
    expect(await auditCount()).toBe(before + 1);

    const admin = await as('admin');
    await expect(
      addCountryContext(admin, {
        iso2: 'XX',
        reportYear: 2024,
        report: 'r',
        statement: 's',
        url: 'javascript:alert(1)',
      }),
    ).rejects.toMatchObject({ status: 422, detail: { fields: [{ field: 'iso2' }, { field: 'url' }] } });
    const added = await once(() =>
      addCountryContext(admin, {
        iso2: 'FR',
        reportYear: 2024,
        report: 'Test report',
        statement: 'Test statement (synthetic).',
        url: 'https://example.invalid/report',
      }),
    );
    expect(added.version).toBe('2026.2');
    const re = await runScreening(officer, c.id);
    expect(re.stored).toBe(true);
    const latest = (await screeningsOf(c.id)).at(-1)!;
    expect(latest.country_context_version).toBe('2026.2');
    const res = latest.results as { results: Array<{ id: string; outcome: string; strength: string }> };
    expect(res.results.find((r) => r.id === 'CTX_COUNTRY_PATTERN')).toMatchObject({
      outcome: 'present',
      strength: 'contextual',
    });
    const retired = await once(() =>
      updateCountryContext(admin, added.id, { retired: true, retiredReason: 'Entered by mistake.' }),
    );
    expect(retired.version).toBe('2026.3');
    await expect(updateCountryContext(admin, added.id, { retired: true })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'retiredReason' }] },
    });
    await runScreening(officer, c.id);
    const last = (await screeningsOf(c.id)).at(-1)!.results as typeof res;
    expect(last.results.find((r) => r.id === 'CTX_COUNTRY_PATTERN')?.outcome).toBe('absent');
  });
});

describe('re-screening every case and the demo data', () => {
  it('re-screens every case, one audit entry each', async () => {
    const n = Number(
      (
        await d.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const before = await auditCount();
    const seen: number[] = [];
    const items = await rescreenAll(t.system, (done) => seen.push(done));
    expect(items).toHaveLength(n);
    expect(seen.at(-1)).toBe(n);
    expect(await auditCount()).toBe(before + n);
  });

  it('gives the demo cases screening facts: one clean, one with a confirmed strong indicator', async () => {
    const numbers = await seedDemoCases(t.system);
    const caseOf = (n: string) =>
      d.db.selectFrom('cases').selectAll().where('case_number', '=', n).executeTakeFirstOrThrow();
    const c1 = await caseOf(numbers[0]!);
    const c2 = await caseOf(numbers[1]!);
    const s1 = (await screeningsOf(c1.id)).at(-1)!.results as { summary: { recommendation: string } };
    expect(s1.summary.recommendation).toBe('no_indicators');
    expect(c1.status).toBe('authorized');
    const c4 = await caseOf(numbers[3]!);
    const s4 = (await screeningsOf(c4.id)).at(-1)!.results as { summary: { validityPresent: string[] } };
    expect(s4.summary.validityPresent).toContain('VAL_NOT_CURRENT');
    const view = await getCase(await as('supervisor2'), c2.id);
    expect(view.review?.recommendation?.confirmedStrong).toEqual(['IND_PROFILE_DISSIDENT']);
    await expect(
      decideApproval(await as('supervisor2'), c2.id, {
        decision: 'approved',
        rationale: 'The federal record supports the action on its own, without relying on the notice.',
      }),
    ).rejects.toMatchObject({
      status: 400,
      detail: { fields: [{ field: 'acknowledgements.IND_PROFILE_DISSIDENT' }] },
    });
  });
});
