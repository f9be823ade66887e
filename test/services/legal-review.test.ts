/**
 * Legal review when the review says "do not act" (G-LEGAL-REVIEW), and approvals against the advice
 * flagged as overrides, shown to oversight (dashboard and audit search).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { authorizeCase } from '../../src/services/authorization/authorize.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { getCase } from '../../src/services/case/read.ts';
import { recordLegalReview } from '../../src/services/legal-review/record.ts';
import { caseHistory, dashboard } from '../../src/services/queries.ts';
import { recordReview } from '../../src/services/review/record.ts';
import type { Database } from '../../src/store/db.ts';
import { demoSignInBody, testApp } from '../helpers/app.ts';
import { once } from '../helpers/calls.ts';
import {
  caseWalker,
  DISSIDENT,
  DISSIDENT_ACKNOWLEDGEMENT,
  DISSIDENT_ANALYSIS,
} from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { expectDirectoryReads } from '../helpers/people-directory.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  w = caseWalker(t);
});
afterAll(async () => d.close());

const gate = async (caseId: string) =>
  (await evaluateCase(await w.as('officer'), caseId)).gates.find((g) => g.gate === 'G-LEGAL-REVIEW')!;

/** A case whose completed review (by the officer) confirms "journalist or critic". */
async function doNotActCase() {
  const c = await w.open('officer', { journalist: true });
  await w.confirmAndRequest(c.id);
  await w.review(c.id, 'officer', [DISSIDENT]);
  return c;
}

const proceed = {
  analyses: [{ indicatorId: DISSIDENT, analysis: DISSIDENT_ANALYSIS }],
  conclusion: 'proceed' as const,
};

const DO_NOT_PROCEED_ANALYSIS =
  'Journalist, human-rights defender or critic: the reporting documented by the NGO concerns the same ministry that filed the complaint, two months before the warrant; under Article 3 the request is predominantly political and the case should not rely on the notice.';

const REVERSAL =
  'Reversed: the requesting state has since supplied the bank records showing the investor’s loss, dated before the reporting began, so the Article 3 concern recorded on the journalist profile no longer holds.';

describe('G-LEGAL-REVIEW', () => {
  it('does not apply when the review confirms no strong indicator, and the service refuses a legal review', async () => {
    const c = await w.open('officer');
    await w.confirmAndRequest(c.id);
    await w.review(c.id, 'officer');
    expect((await gate(c.id)).status).toBe('not_applicable');
    await expect(recordLegalReview(await w.as('attorney'), c.id, proceed)).rejects.toMatchObject({
      status: 409,
      code: 'legal_review_not_required',
    });
  });

  it('is required when a strong indicator is confirmed, and blocks authorization until recorded', async () => {
    const c = await doNotActCase();
    const g = await gate(c.id);
    expect(g.status).toBe('unmet');
    expect(g.reason).toMatch(/Journalist/);
    expect(g.reason).not.toMatch(/IND_PROFILE_DISSIDENT/);
    await once(d, async () =>
      decideApproval(await w.as('supervisor2'), c.id, {
        decision: 'approved',
        rationale:
          'The federal overstay record is an independent basis; the journalist profile is acknowledged below.',
        acknowledgements: [{ indicatorId: DISSIDENT, justification: DISSIDENT_ACKNOWLEDGEMENT }],
      }),
    );
    const err = await authorizeCase(await w.as('officer'), c.id).catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: 'gates_unmet' });
    expect(err.message).toMatch(/G-LEGAL-REVIEW/);

    const lr = await once(d, async () => recordLegalReview(await w.as('attorney'), c.id, proceed));
    expect(lr.conclusion).toBe('proceed');
    expect((await gate(c.id)).status).toBe('met');
    const auth = await authorizeCase(await w.as('officer'), c.id);
    expect(auth.evaluation.allMet).toBe(true);
    // the case read carries the legal review, with the indicator's title and citation
    const view = await getCase(await w.as('officer'), c.id);
    expect(view.legalReviews).toHaveLength(1);
    expect(view.legalReviews![0]!.analyses[0]).toMatchObject({ indicatorId: DISSIDENT });
    expect(view.legalReviews![0]!.analyses[0]!.title).toMatch(/Journalist/);
    expect(view.legalReviews![0]!.analyses[0]!.citation.length).toBeGreaterThan(20);
  });

  it('refuses the reviewer and the officer as legal reviewer (every pair: separation-of-duties.test.ts)', async () => {
    // the attorney completed the review
    const a = await w.open('officer', { journalist: true });
    await w.confirmAndRequest(a.id);
    await w.review(a.id, 'attorney', [DISSIDENT]);
    await expect(recordLegalReview(await w.as('attorney'), a.id, proceed)).rejects.toMatchObject({
      status: 403,
      detail: { rule: 'SOD-LEGAL-REVIEWER' },
    });
    // the attorney is the case's assigned officer
    const b = await doNotActCase();
    const attorney = await w.as('attorney');
    await d.db
      .updateTable('cases')
      .set({ assigned_officer_id: attorney.actor.userId! })
      .where('id', '=', b.id)
      .execute();
    await expect(recordLegalReview(attorney, b.id, proceed)).rejects.toMatchObject({
      status: 403,
      detail: { rule: 'SOD-LEGAL-OFFICER' },
    });
  });

  it('needs a substantive written analysis of each confirmed strong indicator', async () => {
    const c = await doNotActCase();
    const attorney = await w.as('attorney');
    const missing = await recordLegalReview(attorney, c.id, { analyses: [], conclusion: 'proceed' }).catch(
      (e) => e,
    );
    expect(missing).toMatchObject({ status: 422 });
    expect(missing.detail.fields.map((f: { field: string }) => f.field)).toContain(`analyses.${DISSIDENT}`);
    expect(missing.detail.fields[0].message).toMatch(/Journalist/);

    const noted = await recordLegalReview(attorney, c.id, {
      analyses: [{ indicatorId: DISSIDENT, analysis: 'Noted.' }],
      conclusion: 'proceed',
    }).catch((e) => e);
    expect(noted).toMatchObject({ status: 422 });
    const problem = noted.detail.fields.find((f: { field: string }) => f.field === `analyses.${DISSIDENT}`);
    expect(problem.message).toMatch(/stock phrase|SUBSTANCE/i);

    const conditions = await recordLegalReview(attorney, c.id, {
      ...proceed,
      conclusion: 'proceed_with_conditions',
      conditions: 'OK',
    }).catch((e) => e);
    expect(conditions).toMatchObject({ status: 422 });
    expect(conditions.detail.fields.map((f: { field: string }) => f.field)).toContain('conditions');

    const extra = await recordLegalReview(attorney, c.id, {
      analyses: [
        ...proceed.analyses,
        { indicatorId: 'IND_ART3_POLITICAL_CHARACTER', analysis: DISSIDENT_ANALYSIS },
      ],
      conclusion: 'proceed',
    }).catch((e) => e);
    expect(extra).toMatchObject({ status: 422 });
    expect(await d.db.selectFrom('legal_reviews').select('id').where('case_id', '=', c.id).execute()).toEqual(
      [],
    );
  });

  it('"do not proceed" blocks authorization, an approval against it is an override, and only a later reversal with reasons unblocks', async () => {
    const c = await doNotActCase();
    const attorney = await w.as('attorney');
    await recordLegalReview(attorney, c.id, {
      analyses: [{ indicatorId: DISSIDENT, analysis: DO_NOT_PROCEED_ANALYSIS }],
      conclusion: 'do_not_proceed',
    });
    expect((await gate(c.id)).reason).toMatch(/Do not proceed/);
    // the approval may be recorded, as an override
    const approval = await once(d, async () =>
      decideApproval(await w.as('supervisor2'), c.id, {
        decision: 'approved',
        rationale:
          'Approving on the federal overstay record alone, which stands without the notice or the foreign warrant.',
        acknowledgements: [{ indicatorId: DISSIDENT, justification: DISSIDENT_ACKNOWLEDGEMENT }],
      }),
    );
    expect(approval.override).toBe(true);
    expect(approval.overrideReason).toMatch(/Do not proceed/);
    const row = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(row.override).toBe(true);
    expect(row.legal_review_id).not.toBeNull();
    const entry = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('entity_id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ override: true, legalReview: { conclusion: 'do_not_proceed' } });
    // the case history says the conclusion and the override
    const history = await caseHistory(await w.as('officer'), c.id);
    expect(history.find((h) => h.action === 'legal_review.record')?.reasons).toContain(
      'Conclusion: do not proceed.',
    );
    expect(
      history.find((h) => h.action === 'approval.decide' && h.outcome === 'ok')?.reasons.join(' '),
    ).toMatch(/Recorded as an override/);
    // authorization stays blocked
    const blocked = await authorizeCase(await w.as('officer'), c.id).catch((e) => e);
    expect(blocked.detail.gates.find((g: { gate: string }) => g.gate === 'G-LEGAL-REVIEW').status).toBe(
      'unmet',
    );
    // a later "proceed" without reasons for the reversal is refused
    const noReason = await recordLegalReview(attorney, c.id, proceed).catch((e) => e);
    expect(noReason).toMatchObject({ status: 422 });
    expect(noReason.detail.fields.map((f: { field: string }) => f.field)).toContain('reversalReason');
    const formal = await recordLegalReview(attorney, c.id, { ...proceed, reversalReason: 'Reviewed.' }).catch(
      (e) => e,
    );
    expect(formal).toMatchObject({ status: 422 });
    const reversal = await recordLegalReview(attorney, c.id, { ...proceed, reversalReason: REVERSAL });
    expect(reversal.reverses).not.toBeNull();
    expect((await gate(c.id)).status).toBe('met');
    const auth = await authorizeCase(await w.as('officer'), c.id);
    expect(auth.evaluation.allMet).toBe(true);
  });

  it('withdraws an authorization in force when a later legal review concludes "do not proceed"', async () => {
    const c = await doNotActCase();
    await recordLegalReview(await w.as('attorney'), c.id, proceed);
    await decideApproval(await w.as('supervisor2'), c.id, {
      decision: 'approved',
      rationale:
        'The attorney concluded the case may proceed and the overstay record is independent of the notice.',
      acknowledgements: [{ indicatorId: DISSIDENT, justification: DISSIDENT_ACKNOWLEDGEMENT }],
    });
    const auth = await authorizeCase(await w.as('officer'), c.id);
    const later = await recordLegalReview(await w.as('attorney'), c.id, {
      analyses: [{ indicatorId: DISSIDENT, analysis: DO_NOT_PROCEED_ANALYSIS }],
      conclusion: 'do_not_proceed',
    });
    expect(later.withdrawnAuthorizations).toEqual([auth.id]);
    const row = await d.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
  });

  it('asks for a new legal review when the review is superseded by a new screening', async () => {
    const c = await doNotActCase();
    await recordLegalReview(await w.as('attorney'), c.id, proceed);
    expect((await gate(c.id)).status).toBe('met');
    await recordReview(await w.as('officer'), c.id, { start: true });
    // the new review confirms nothing yet: no legal review can be asked of it until it is decided
    expect((await gate(c.id)).status).toBe('not_applicable');
    await w.review(
      c.id,
      'officer',
      [DISSIDENT],
      'Examined again on the new screening of the case, which leaves the file unchanged on this point.',
    );
    const g = await gate(c.id);
    expect(g.status).toBe('unmet');
    expect(g.reason).toMatch(/earlier preliminary review/);
    await recordLegalReview(await w.as('attorney'), c.id, {
      analyses: [
        {
          indicatorId: DISSIDENT,
          analysis: `${DISSIDENT_ANALYSIS} The new screening changes nothing in this.`,
        },
      ],
      conclusion: 'proceed',
    });
    expect((await gate(c.id)).status).toBe('met');
  });
});

describe('approvals against the advice', () => {
  it('refuses "Noted." as an acknowledgement and "OK to proceed." as a rationale', async () => {
    const c = await doNotActCase();
    const sup = await w.as('supervisor2');
    const rationale = await decideApproval(sup, c.id, {
      decision: 'approved',
      rationale: 'OK to proceed.',
      acknowledgements: [{ indicatorId: DISSIDENT, justification: DISSIDENT_ACKNOWLEDGEMENT }],
    }).catch((e) => e);
    expect(rationale).toMatchObject({ status: 422 });
    expect(rationale.detail.fields[0]).toMatchObject({ field: 'rationale' });
    expect(rationale.detail.fields[0].message).toMatch(/stock phrase|SUBSTANCE/i);
    const ack = await decideApproval(sup, c.id, {
      decision: 'approved',
      rationale:
        'The federal overstay record is an independent basis; the journalist profile is acknowledged below.',
      acknowledgements: [{ indicatorId: DISSIDENT, justification: 'Noted.' }],
    }).catch((e) => e);
    expect(ack).toMatchObject({ status: 422 });
    expect(ack.detail.fields[0]).toMatchObject({ field: `acknowledgements.${DISSIDENT}` });
    expect(ack.detail.fields[0].message).toMatch(/stock phrase|SUBSTANCE/i);
    // an acknowledgement that does not name the indicator is refused too
    const unrelated = await decideApproval(sup, c.id, {
      decision: 'approved',
      rationale:
        'The federal overstay record is an independent basis; the journalist profile is acknowledged below.',
      acknowledgements: [
        {
          indicatorId: DISSIDENT,
          justification:
            'The independent basis is solid and the file is complete in every respect that matters.',
        },
      ],
    }).catch((e) => e);
    expect(unrelated).toMatchObject({ status: 422 });
  });

  it('flags an approval before the legal review as an override, not one after a "proceed"', async () => {
    const before = await doNotActCase();
    const early = await decideApproval(await w.as('supervisor2'), before.id, {
      decision: 'approved',
      rationale:
        'Approving before the attorney has analysed the journalist profile, on the federal record alone.',
      acknowledgements: [{ indicatorId: DISSIDENT, justification: DISSIDENT_ACKNOWLEDGEMENT }],
    });
    expect(early.override).toBe(true);
    expect(early.overrideReason).toMatch(/Do not act; refer for legal review/);

    const after = await doNotActCase();
    await recordLegalReview(await w.as('attorney'), after.id, proceed);
    const late = await decideApproval(await w.as('supervisor2'), after.id, {
      decision: 'approved',
      rationale:
        'The attorney concluded the case may proceed; the federal overstay record is an independent basis.',
      acknowledgements: [{ indicatorId: DISSIDENT, justification: DISSIDENT_ACKNOWLEDGEMENT }],
    });
    expect(late.override).toBe(false);

    // oversight: the dashboard lists the override with its case, office, approver, indicators and conclusion
    const board = await dashboard(await w.as('auditor'));
    const item = board.overrides.items.find((i) => i.approvalId === early.id);
    expect(item).toMatchObject({
      caseNumber: expect.stringMatching(/^RL-/),
      officeId: 'NYC',
      approverName: expect.any(String),
      legalConclusion: null,
    });
    expect(item!.indicators[0]!.title).toMatch(/Journalist/);
    expect(board.overrides.items.some((i) => i.approvalId === late.id)).toBe(false);
    expect(board.overrides.byOffice.find((o) => o.officeId === 'NYC')!.count).toBeGreaterThanOrEqual(1);
    // a supervisor of another office does not see them
    const miami = await dashboard(await w.as('supervisor')).catch(() => null);
    if (miami) expect(miami.overrides.items.every((i) => i.officeId === miami.scope)).toBe(true);
  });
});

describe('audit search', () => {
  let server: FastifyInstance;
  beforeAll(async () => {
    server = await buildServer({
      app: t.app,
      secureCookies: false,
      cookieSecret: 'test-secret-test-secret-test-secret',
    });
  });
  afterAll(async () => server.close());

  it('filters the approvals decided against the advice (override=true)', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: demoSignInBody('auditor', t.app),
    });
    const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
    const get = (q: string) =>
      server.inject({
        method: 'GET',
        url: `/api/v1/audit?${q}`,
        headers: { cookie: `redline_session=${cookie.value}` },
      });
    const overrides = (await get('override=true')).json().items as Array<{
      action: string;
      detail: { override: boolean };
    }>;
    expect(overrides.length).toBeGreaterThanOrEqual(2);
    expect(overrides.every((e) => e.action === 'approval.decide' && e.detail.override === true)).toBe(true);
    const others = (await get('override=false')).json().items as Array<{ detail: { override?: boolean } }>;
    expect(others.length).toBeGreaterThanOrEqual(1);
    expect(others.every((e) => e.detail.override !== true)).toBe(true);
    // every kind of override: the approvals against the advice (and the exigencies approved, none here)
    const any = (await get('override=any')).json().items as Array<{ seq: number; actionLabel: string }>;
    expect(any.map((e) => e.seq)).toEqual((overrides as unknown as Array<{ seq: number }>).map((e) => e.seq));
    expect(any[0]!.actionLabel).toBe('Decided on supervisory approval');
    expect((await get('override=exigency')).json().items).toEqual([]);
  });
});

describe('every case these tests left, read through the directory of people', () => {
  it('is the case read by the statement that looks its people up itself', async () => {
    expect(await expectDirectoryReads(d.db, 'legal-review')).toBeGreaterThan(0);
  });
});
