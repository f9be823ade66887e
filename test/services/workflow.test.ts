import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import type { CasePurpose, CustodyStatus } from '../../src/domain/types.ts';
import { createUser } from '../../src/services/accounts.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { authorizeCase } from '../../src/services/authorization/authorize.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { listCasesPage } from '../../src/services/case/list.ts';
import { openCase } from '../../src/services/case/open.ts';
import { getCase } from '../../src/services/case/read.ts';
import { updateCaseFacts } from '../../src/services/case/update.ts';
import { decideContest } from '../../src/services/contest/decide.ts';
import { recordContest } from '../../src/services/contest/record.ts';
import type { Call } from '../../src/services/context.ts';
import { callAsUser } from '../../src/services/context.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import type { ServiceError } from '../../src/services/errors.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { recordNoticeStatus } from '../../src/services/notice/record-status.ts';
import { recordReview } from '../../src/services/review/record.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount as countAudit, once as onceAudited } from '../helpers/calls.ts';
import { testDatabase } from '../helpers/db.ts';
import { expectDirectoryReads } from '../helpers/people-directory.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let refSeq = 100;

const as = (username: string): Promise<Call> => callAsUser(t.app, username);

const auditCount = () => countAudit(d);

const once = <T>(fn: () => Promise<T>): Promise<T> => onceAudited(d, fn);

const BASIS = {
  summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
  evidence: [
    {
      description: 'Entry and exit records showing an overstay since 2022.',
      sourceType: 'federal_record' as const,
      source: 'CBP arrival records',
    },
  ],
  actions: ['detention' as const, 'removal_proceedings' as const],
  grounds: ['criminal_conviction' as const, 'visa_overstay' as const],
  legalAuthority: 'INA 236(c), 8 U.S.C. 1226(c); INA 237(a)(1)(B) and (a)(2), 8 U.S.C. 1227(a)',
};

async function open(
  opener: string,
  opts: { purpose?: CasePurpose; expiresOn?: string; custody?: CustodyStatus; noticeId?: string } = {},
) {
  refSeq += 1;
  return once(async () =>
    openCase(await as(opener), {
      purpose: opts.purpose ?? 'law_enforcement_action',
      person: {
        languages: ['en'],
        familyName: 'Example',
        givenNames: 'Alex',
        nationalities: ['FR'],
        datesOfBirth: ['1980-02-29'],
      },
      ...(opts.noticeId
        ? { noticeId: opts.noticeId }
        : {
            notice: {
              type: 'red_notice' as const,
              interpolRef: `2024/${refSeq}`,
              issuingCountry: 'FR',
              issuedOn: '2024-01-10',
              expiresOn: opts.expiresOn ?? '2030-01-01',
              purpose: 'prosecution' as const,
              warrants: [{ kind: 'arrest_warrant' as const, charge: 'Fraud', maxPenaltyMonths: 60 }],
            },
          }),
      independentBasis: BASIS,
      narrative: 'The person was encountered at a routine check-in and identified from federal records.',
      custodyStatus: opts.custody ?? 'not_in_custody',
    }),
  );
}

const file = (document: string) => ({ document });

/** Screening facts recorded from the file: every section checked, nothing of concern (extradition unknown). */
const CHECKED_FACTS = {
  subject: {
    profileTags: [],
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
      time: 'May 2022',
      place: 'Lyon',
      personRole: 'issued false invoices to a public hospital',
      source: file('Summary of facts'),
    },
    damageValue: { amountUsd: 90_000, source: file('Summary of facts') },
  },
};

/** Validity confirmed, documentation requested, facts recorded, review complete. */
async function prepare(caseId: string, expiresOn = '2030-01-01') {
  const officer = await as('officer');
  const liaison = await as('liaison');
  const v = await once(() => requestLiaison(officer, caseId, { kind: 'validity' }));
  await once(() => respondLiaison(liaison, v.id, { result: 'valid', expiresOn, method: 'i-24/7 query' }));
  await once(() => requestLiaison(officer, caseId, { kind: 'documentation' }));
  await once(() => recordCaseFacts(officer, caseId, { facts: CHECKED_FACTS }));
  const review = await once(() => recordReview(officer, caseId, { start: true }));
  const open = review.indicators.filter((i) => i.outcome !== 'absent');
  expect(open.length).toBeGreaterThan(0);
  await once(() =>
    recordReview(officer, caseId, {
      dispositions: open.map((i) =>
        i.strength === 'strong'
          ? {
              indicatorId: i.indicatorId,
              disposition: 'resolved' as const,
              explanation: `${i.title}: the arrest warrant and the summary of facts describe an ordinary invoice fraud.`,
              evidence: 'Arrest warrant and summary of facts.',
            }
          : {
              indicatorId: i.indicatorId,
              disposition: 'not_applicable' as const,
              reason: `${i.title}: the file shows nothing that bears on it (${i.indicatorId}); an ordinary fraud case.`,
            },
      ),
      complete: true,
    }),
  );
}

async function approve(
  caseId: string,
  by = 'supervisor2',
  rationale = 'Federal entry records establish the overstay on their own and the review found no indicator of abuse.',
) {
  return once(async () =>
    decideApproval(await as(by), caseId, {
      decision: 'approved',
      rationale,
    }),
  );
}

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

describe('a law-enforcement case from opening to authorization', () => {
  it('walks every gate and authorizes, one audit entry per call', async () => {
    const c = await open('officer');
    expect(c.caseNumber).toMatch(/^RL-2026-\d{6}$/);
    const officer = await as('officer');
    const first = await once(() => evaluateCase(officer, c.id));
    expect(first.allMet).toBe(false);
    expect(first.blocking).toEqual(
      expect.arrayContaining(['G-VALIDITY', 'G-REVIEW', 'G-DOCS-REQUESTED', 'G-APPROVAL']),
    );
    expect(first.blocking).not.toContain('G-USE-AUTH');
    await prepare(c.id);
    await approve(c.id);
    const auth = await once(() => authorizeCase(officer, c.id));
    expect(auth.evaluation.allMet).toBe(true);
    const view = await once(() => getCase(officer, c.id));
    expect(view.status).toBe('authorized');
    const { items: listed } = await once(() => listCasesPage(officer));
    expect(listed.some((x) => x.id === c.id)).toBe(true);
    const row = await d.db
      .selectFrom('authorizations')
      .selectAll()
      .where('id', '=', auth.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect(row.policy_version).toBe(1);
  });
});

describe('an immigration-proceedings case from opening to authorization', () => {
  it('also needs use authorization, documents, disclosure and a decided contest', async () => {
    const c = await open('officer', { purpose: 'immigration_proceedings' });
    const officer = await as('officer');
    const liaison = await as('liaison');
    await prepare(c.id);
    await approve(c.id);
    const blocked = await authorizeCase(officer, c.id).catch((e) => e);
    expect(blocked).toMatchObject({ status: 409, code: 'gates_unmet' });
    expect(blocked.message).toMatch(/G-USE-AUTH/);

    const docReq = await d.db
      .selectFrom('liaison_requests')
      .select('id')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'documentation')
      .executeTakeFirstOrThrow();
    const docs = await once(() =>
      respondLiaison(liaison, docReq.id, {
        outcome: 'provided',
        documents: [{ title: 'Arrest warrant of the Paris court', kind: 'warrant', language: 'fr' }],
      }),
    );
    expect(docs.documentIds).toHaveLength(1);
    const ua = await once(() => requestLiaison(officer, c.id, { kind: 'use_authorization' }));
    await once(() =>
      respondLiaison(liaison, ua.id, {
        outcome: 'granted',
        scope: 'Removal proceedings',
        scopePurposes: ['immigration_proceedings'],
        validUntil: '2027-06-01',
      }),
    );
    const disclosure = await once(() =>
      recordDisclosure(officer, c.id, {
        servedAt: t.clock.now(),
        method: 'in person',
        recipient: 'Alex Example',
        language: 'en',
        documentIds: docs.documentIds,
      }),
    );
    expect(disclosure.contestDeadline.getTime() - t.clock.now().getTime()).toBe(30 * 86_400_000);
    const contest = await once(() =>
      recordContest(officer, c.id, {
        filedBy: 'Counsel for Alex Example',
        grounds: [
          {
            ground: 'political_character',
            statement: 'The prosecution is retaliation for his journalism about the mayor of Lyon.',
          },
        ],
        disclosureId: disclosure.id,
      }),
    );
    await once(async () =>
      decideContest(await as('attorney'), contest.id, {
        decision: 'not_sustained',
        answers: [
          {
            groundIndex: 0,
            answer:
              'The warrant concerns invoices billed to a private company in 2021; nothing in the file links the prosecution to his journalism or to the mayor of Lyon, and counsel offered no article or threat that does.',
          },
        ],
      }),
    );
    // decided, but the window is still open: reliance waits until it closes
    const waiting = await authorizeCase(officer, c.id).catch((e) => e);
    expect(waiting).toMatchObject({ status: 409, code: 'gates_unmet' });
    expect(waiting.message).toMatch(/G-CONTEST/);
    t.clock.set(new Date(disclosure.contestDeadline.getTime() + 60_000));
    const v = await once(() => requestLiaison(officer, c.id, { kind: 'validity' }));
    await once(() =>
      respondLiaison(liaison, v.id, { result: 'valid', expiresOn: '2030-01-01', method: 'i-24/7 query' }),
    );
    const auth = await once(() => authorizeCase(officer, c.id));
    expect(auth.evaluation.gates.every((g) => g.status === 'met' || g.gate === 'G-LEGAL-REVIEW')).toBe(true);
    // no strong indicator was confirmed: no legal review is needed
    expect(auth.evaluation.gates.find((g) => g.gate === 'G-LEGAL-REVIEW')?.status).toBe('not_applicable');
  });
});

describe('every way around a gate fails', () => {
  it('refuses authorization while a gate is unmet, with the gates', async () => {
    const c = await open('officer');
    const err = await authorizeCase(await as('officer'), c.id).catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: 'gates_unmet' });
    expect(err.detail.gates.find((g: { gate: string }) => g.gate === 'G-APPROVAL').status).toBe('unmet');
    expect(err.message).toMatch(/G-VALIDITY/);
  });

  it('refuses self-approval and audits the refusal', async () => {
    const c = await open('supervisor');
    const before = await auditCount();
    await expect(
      decideApproval(await as('supervisor'), c.id, { decision: 'approved', rationale: 'Mine.' }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'SOD-SELF-APPROVAL' } });
    const last = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(await auditCount()).toBe(before + 1);
    expect(last.outcome).toBe('denied');
    expect(last.action).toBe('approval.decide');
  });

  it('refuses an untrained approver and an untrained officer', async () => {
    for (const [username, role] of [
      ['sup.untrained', 'supervisor'],
      ['ofc.untrained', 'officer'],
    ] as const)
      await createUser(t.system, {
        username,
        displayName: username,
        role,
        officeId: 'NYC',
        passphrase: 'a long enough passphrase',
      });
    const c = await open('officer');
    await expect(
      decideApproval(await as('sup.untrained'), c.id, { decision: 'approved', rationale: 'Fine.' }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'D3-TRAINING-CURRENT' } });
    await expect(
      openCase(await as('ofc.untrained'), {
        purpose: 'law_enforcement_action',
        person: { languages: ['en'], familyName: 'Example' },
        noticeId: c.noticeId,
      }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'D3-TRAINING-CURRENT' } });
  });

  it('refuses authorization when the validity confirmation is stale', async () => {
    const c = await open('officer');
    await prepare(c.id);
    await approve(c.id);
    t.clock.advance(24 * 3_600_000 + 1);
    const err = await authorizeCase(await as('officer'), c.id).catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: 'gates_unmet' });
    expect(err.detail.gates.find((g: { gate: string }) => g.gate === 'G-VALIDITY').status).toBe('unmet');
  });

  it('refuses authorization on an expired notice', async () => {
    const yesterday = new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const c = await open('officer', { expiresOn: yesterday });
    await prepare(c.id, yesterday);
    await approve(c.id);
    const err = await authorizeCase(await as('officer'), c.id).catch((e) => e);
    expect(err).toMatchObject({ status: 409 });
    expect(err.detail.gates.find((g: { gate: string }) => g.gate === 'G-VALIDITY').status).toBe('unmet');
  });

  it('voids the approval and withdraws the authorization when the case changes', async () => {
    const c = await open('officer');
    const officer = await as('officer');
    await prepare(c.id);
    const approval = await approve(c.id);
    const auth = await once(() => authorizeCase(officer, c.id));
    const effect = await once(() =>
      updateCaseFacts(officer, c.id, {
        independentBasis: { ...BASIS, summary: `${BASIS.summary} Updated.` },
      }),
    );
    expect(effect.changed).toBe(true);
    expect(effect.voidedApprovals).toEqual([approval.id]);
    expect(effect.withdrawnAuthorizations).toEqual([auth.id]);
    const a = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(a.voided_at).not.toBeNull();
    expect(a.void_reason).toMatch(/changed/);
    const row = await d.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
    const err = await authorizeCase(officer, c.id).catch((e) => e);
    expect(err.detail.gates.find((g: { gate: string }) => g.gate === 'G-APPROVAL').status).toBe('unmet');
    // A change that is not material keeps the approval.
    const again = await approve(
      c.id,
      'supervisor2',
      'Approved again after the basis update: the federal records still show the overstay independently of the notice.',
    );
    const quiet = await updateCaseFacts(officer, c.id, { narrative: 'Encountered at a routine check-in.' });
    expect(quiet.changed).toBe(false);
    const kept = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', again.id)
      .executeTakeFirstOrThrow();
    expect(kept.voided_at).toBeNull();
    expect(quiet.wording).toEqual({ findings: [], openFindings: 0 });
    expect(quiet.otherCases).toEqual([]);
  });

  it('answers a change of the texts with the wording check of the texts as they now stand', async () => {
    const c = await open('officer');
    const officer = await as('officer');
    const flagged = await updateCaseFacts(officer, c.id, {
      narrative: 'Encountered at a routine check-in. He is wanted by INTERPOL.',
    });
    expect(flagged.wording.openFindings).toBeGreaterThan(0);
    const finding = flagged.wording.findings.find((f) => f.field === 'narrative');
    expect(finding).toMatchObject({ dismissed: false });
    expect(finding?.excerpt.toLowerCase()).toContain('wanted by interpol');
    expect(finding?.suggestion.length).toBeGreaterThan(0);
    const clean = await updateCaseFacts(officer, c.id, {
      narrative:
        'Encountered at a routine check-in. INTERPOL published a Red Notice at the request of another country.',
    });
    expect(clean.wording.findings.filter((f) => f.field === 'narrative')).toEqual([]);
  });

  it('withdraws authorizations and raises re-review tasks when the notice is withdrawn', async () => {
    const c = await open('officer', { custody: 'in_custody' });
    const officer = await as('officer');
    await prepare(c.id);
    await approve(c.id);
    const auth = await once(() => authorizeCase(officer, c.id));
    const closed = await open('officer', { noticeId: c.noticeId });
    await d.db.updateTable('cases').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    // A status change dated into the future is refused, naming the field, and changes nothing.
    const future = await recordNoticeStatus(await as('liaison'), c.noticeId, {
      status: 'withdrawn',
      effectiveAt: new Date('9999-12-31T23:59:59Z'),
    }).catch((e) => e);
    expect(future).toMatchObject({ status: 422 });
    expect(future.detail.fields).toEqual([expect.objectContaining({ field: 'effectiveAt' })]);
    const result = await once(async () =>
      recordNoticeStatus(await as('liaison'), c.noticeId, { status: 'withdrawn', usncbReference: 'USNCB-1' }),
    );
    expect(result.affectedCases.map((a) => a.caseId).sort()).toEqual([c.id, closed.id].sort());
    const a = await d.db
      .selectFrom('authorizations')
      .selectAll()
      .where('id', '=', auth.id)
      .executeTakeFirstOrThrow();
    expect(a.status).toBe('withdrawn');
    const tasks = await d.db.selectFrom('tasks').selectAll().where('kind', '=', 're_review').execute();
    expect(tasks.find((x) => x.case_id === c.id)?.priority).toBe(1);
    expect(tasks.find((x) => x.case_id === closed.id)?.priority).toBe(2);
    const row = await d.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
    const changes = await d.db
      .selectFrom('notice_status_changes')
      .selectAll()
      .where('notice_id', '=', c.noticeId)
      .execute();
    expect(changes).toHaveLength(1);
  });

  it('refuses a liaison answer from a non-liaison user', async () => {
    const c = await open('officer');
    const req = await requestLiaison(await as('officer'), c.id, { kind: 'validity' });
    await expect(respondLiaison(await as('officer'), req.id, { result: 'valid' })).rejects.toMatchObject({
      status: 403,
      detail: { rule: 'ROLE:liaison.respond' },
    });
  });

  it('refuses changes by an auditor or an administrator', async () => {
    const c = await open('officer');
    for (const who of ['auditor', 'admin'])
      await expect(updateCaseFacts(await as(who), c.id, { narrative: 'x' })).rejects.toMatchObject({
        status: 403,
        detail: { rule: 'ROLE:case.update' },
      });
  });

  it('requires the INTERPOL Washington reference for an out-of-band answer', async () => {
    const c = await open('officer');
    const officer = await as('officer');
    const req = await requestLiaison(officer, c.id, { kind: 'validity' });
    await expect(
      respondLiaison(officer, req.id, { outOfBand: true, result: 'valid', method: 'phone' }),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'usncbReference' })] },
    });
    const ok = await once(() =>
      respondLiaison(officer, req.id, {
        outOfBand: true,
        result: 'valid',
        method: 'phone',
        usncbReference: 'U-9',
      }),
    );
    expect(ok.validityConfirmationId).not.toBeNull();
  });

  it('voids an approval when the review changes after it', async () => {
    const c = await open('officer');
    await prepare(c.id);
    const approval = await approve(c.id);
    await once(async () => recordReview(await as('officer'), c.id, { start: true }));
    const a = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(a.voided_at).not.toBeNull();
  });

  it('refuses a contest decision by an attorney who is not independent, and by a non-attorney', async () => {
    const c = await open('officer', { purpose: 'immigration_proceedings' });
    const contest = await recordContest(await as('attorney'), c.id, {
      filedBy: 'Counsel',
      grounds: [
        { ground: 'refugee_status', statement: 'He holds refugee status granted by Germany in 2019.' },
      ],
    });
    await expect(
      decideContest(await as('supervisor'), contest.id, { decision: 'sustained', rationale: 'x' }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'ROLE:contest.decide' } });
    const attorney = await as('attorney');
    const opener = await d.db
      .selectFrom('cases')
      .select('created_by')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    await d.db
      .updateTable('cases')
      .set({ created_by: attorney.actor.userId! })
      .where('id', '=', c.id)
      .execute();
    await expect(
      decideContest(attorney, contest.id, { decision: 'sustained', rationale: 'x' }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'SOD-CONTEST-INDEPENDENCE' } });
    await d.db.updateTable('cases').set({ created_by: opener.created_by }).where('id', '=', c.id).execute();
    const decided = await once(async () =>
      decideContest(await as('attorney'), contest.id, {
        decision: 'sustained',
        answers: [
          {
            groundIndex: 0,
            answer:
              'The refugee status granted by Germany in 2019 is confirmed by the German decision on file, and the notice comes from the country he fled: the ground holds.',
          },
        ],
      }),
    );
    expect(decided.id).toBe(contest.id);
  });

  it('keeps cases within their office', async () => {
    const c = await open('officer');
    // The same answer as for a case that does not exist: an id never tells whether another office holds it.
    const refusal = await getCase(await as('officer2'), c.id).catch((e: unknown) => e);
    const unknown = await getCase(await as('officer2'), '00000000-0000-4000-8000-000000000000').catch(
      (e: unknown) => e,
    );
    expect(refusal).toMatchObject({ status: 404, code: 'not_found' });
    const shown = (e: unknown) => {
      const { status, code, detail, message } = e as ServiceError;
      return { status, code, detail, message };
    };
    expect(shown(refusal)).toEqual(shown(unknown));
    const { items: mine } = await listCasesPage(await as('officer2'));
    expect(mine.some((x) => x.id === c.id)).toBe(false);
  });
});

describe('every case these tests left, read through the directory of people', () => {
  it('is the case read by the statement that looks its people up itself', async () => {
    expect(await expectDirectoryReads(d.db, 'workflow')).toBeGreaterThan(0);
  });
});
