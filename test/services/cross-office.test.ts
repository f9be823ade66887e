/**
 * Ids that link records across offices (issue 9): an officer cannot open a case on, read or change another
 * office's person or notice by naming its id, and gets the same 404 as for an id that does not exist; a
 * duplicate A-number or notice reference recorded by another office is refused without naming the record;
 * a change to a notice shared by several cases is a material change for every one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { authorizeCase } from '../../src/services/authorization/authorize.ts';
import { openCase } from '../../src/services/case/open.ts';
import { updateCaseFacts } from '../../src/services/case/update.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { recordPersonLanguages } from '../../src/services/person/languages.ts';
import { getNotice, getPerson } from '../../src/services/queries.ts';
import { recordReview } from '../../src/services/review/record.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  w = caseWalker(t);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const BASIS = {
  summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
  evidence: [
    {
      description: 'Entry and exit records showing an overstay since 2022.',
      sourceType: 'federal_record' as const,
      source: 'CBP arrival records',
    },
  ],
};

/** What a caller sees of a refusal: status, code, message and detail (the class does not matter). */
const seen = (e: unknown) => {
  const err = e as { status: number; code: string; message: string; detail: unknown };
  return { status: err.status, code: err.code, message: err.message, detail: err.detail };
};
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => seen(e),
  );

async function deniedEntries(action: string, actor: string) {
  return d.db
    .selectFrom('audit_log')
    .select(['outcome', 'detail'])
    .where('action', '=', action)
    .where('actor_username', '=', actor)
    .where('outcome', '=', 'denied')
    .execute();
}

describe("another office's person and notice", () => {
  it('cannot be named to open a case: the same 404 as an unknown id, audited as denied', async () => {
    const nyc = await w.open('officer');
    const mia = await w.as('officer2');
    const base = { purpose: 'law_enforcement_action' as const, independentBasis: BASIS };
    const newPerson = {
      familyName: 'Someone',
      givenNames: 'Else',
      languages: ['en'],
      datesOfBirth: ['1970-01-01'],
      nationalities: ['FR'],
    };
    const newNotice = (ref: string) => ({
      type: 'red_notice' as const,
      interpolRef: ref,
      issuingCountry: 'FR',
      warrants: [{ kind: 'arrest_warrant' as const, charge: 'Fraud' }],
    });

    const byPerson = await refusal(
      openCase(mia, { ...base, personId: nyc.personId, notice: newNotice('2025/90001') }),
    );
    const unknownPerson = await refusal(
      openCase(mia, { ...base, personId: UNKNOWN, notice: newNotice('2025/90002') }),
    );
    expect(byPerson).toEqual(unknownPerson);
    expect(byPerson).toMatchObject({ status: 404, code: 'not_found' });

    const byNotice = await refusal(openCase(mia, { ...base, person: newPerson, noticeId: nyc.noticeId }));
    const unknownNotice = await refusal(openCase(mia, { ...base, person: newPerson, noticeId: UNKNOWN }));
    expect(byNotice).toEqual(unknownNotice);
    expect(byNotice).toMatchObject({ status: 404, code: 'not_found' });
    expect(JSON.stringify([byPerson, byNotice])).not.toMatch(UUID);

    // Nothing was written for MIA, and every attempt is in the audit log: those on NYC's records with the
    // scope rule (what the caller was told is the same for an unknown id; the log says which it was).
    const miaCases = await d.db.selectFrom('cases').select('id').where('office_id', '=', 'MIA').execute();
    expect(miaCases).toEqual([]);
    const denied = await deniedEntries('case.create', 'officer2');
    expect(denied.map((e) => (e.detail as { rule: string | null }).rule)).toEqual([
      'SCOPE-OWN-OFFICE',
      null,
      'SCOPE-OWN-OFFICE',
      null,
    ]);
  });

  it('an officer of another office cannot be assigned a case: the same 404 as an unknown id', async () => {
    const mia = await w.as('officer2');
    const userId = async (username: string) =>
      (await d.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
        .id;
    let ref = 90_100;
    const open = (assignedOfficerId: string) =>
      openCase(mia, {
        purpose: 'law_enforcement_action',
        person: { familyName: 'Assigned', givenNames: 'Someone', languages: ['en'] },
        notice: {
          type: 'red_notice',
          interpolRef: `2025/${++ref}`,
          issuingCountry: 'FR',
          warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
        },
        independentBasis: BASIS,
        assignedOfficerId,
      });
    const casesOfMia = () => d.db.selectFrom('cases').select('id').where('office_id', '=', 'MIA').execute();
    const before = await casesOfMia();
    // How many of the officer's refusals the log records with the scope rule, and without a rule.
    const byRule = async () => {
      const rules = (await deniedEntries('case.create', 'officer2')).map(
        (e) => (e.detail as { rule: string | null }).rule,
      );
      const scope = rules.filter((r) => r === 'SCOPE-OWN-OFFICE').length;
      return { scope, other: rules.length - scope };
    };
    const deniedBefore = await byRule();
    const unknown = await refusal(open(UNKNOWN));
    expect(unknown).toEqual({
      status: 404,
      code: 'not_found',
      message: 'The assigned officer was not found.',
      detail: {},
    });
    expect(await refusal(open(await userId('officer')))).toEqual(unknown);
    expect(await refusal(open(await userId('supervisor')))).toEqual(unknown);
    // A user every office sees (INTERPOL Washington) but who cannot hold a case: told why.
    expect(await refusal(open(await userId('liaison')))).toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'assignedOfficerId' }] },
    });
    expect(await casesOfMia()).toEqual(before);
    // The log tells which was which: the officers of another office with the scope rule.
    const after = await byRule();
    expect({ scope: after.scope - deniedBefore.scope, other: after.other - deniedBefore.other }).toEqual({
      scope: 2,
      other: 1,
    });
    // The caller's own office: the case is opened and assigned.
    const opened = await open(await userId('officer2'));
    expect(opened.id).toBeDefined();
  });

  it('cannot be read or changed: the same 404 as an unknown id', async () => {
    const nyc = await w.open('officer');
    const mia = await w.as('officer2');
    expect(await refusal(getPerson(mia, nyc.personId))).toEqual(await refusal(getPerson(mia, UNKNOWN)));
    expect(await refusal(getNotice(mia, nyc.noticeId))).toEqual(await refusal(getNotice(mia, UNKNOWN)));
    const change = { languages: ['es'], source: 'The person at the interview' };
    const changed = await refusal(recordPersonLanguages(mia, nyc.personId, change));
    expect(changed).toEqual(await refusal(recordPersonLanguages(mia, UNKNOWN, change)));
    expect(changed).toMatchObject({ status: 404 });
    // Roles that span offices read them; the office's own officer too.
    expect((await getNotice(await w.as('auditor'), nyc.noticeId)).id).toBe(nyc.noticeId);
    expect((await getPerson(await w.as('officer'), nyc.personId)).id).toBe(nyc.personId);
  });

  it("cannot be changed through a case of one's own office", async () => {
    const nyc = await w.open('officer');
    const mia = await w.open('officer2');
    const before = await d.db
      .selectFrom('notices')
      .selectAll()
      .where('id', '=', nyc.noticeId)
      .executeTakeFirstOrThrow();
    // The way in before: link the notice to a case of one's own office, then change it through that case.
    const linkThenChange = async () => {
      const linked = await openCase(await w.as('officer2'), {
        purpose: 'law_enforcement_action',
        person: { familyName: 'Someone', givenNames: 'Else', languages: ['en'] },
        noticeId: nyc.noticeId,
        independentBasis: BASIS,
      });
      return updateCaseFacts(await w.as('officer2'), linked.id, {
        notice: { noticeId: nyc.noticeId, summaryOfFacts: 'Rewritten by another office.' },
      });
    };
    expect(await refusal(linkThenChange())).toMatchObject({ status: 404, code: 'not_found' });
    const through = await refusal(
      updateCaseFacts(await w.as('officer2'), mia.id, {
        notice: { noticeId: nyc.noticeId, summaryOfFacts: 'Rewritten by another office.' },
      }),
    );
    const unknown = await refusal(
      updateCaseFacts(await w.as('officer2'), mia.id, {
        notice: { noticeId: UNKNOWN, summaryOfFacts: 'Rewritten by another office.' },
      }),
    );
    expect(through).toEqual(unknown);
    expect(through).toMatchObject({ status: 404 });
    const after = await d.db
      .selectFrom('notices')
      .selectAll()
      .where('id', '=', nyc.noticeId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

describe('a request to INTERPOL Washington named in a disposition of the review', () => {
  it('of another case of the office, or of another office: refused as an unknown id, nothing written', async () => {
    const officer = await w.as('officer');
    // A case without checked facts: the screening leaves indicators undetermined.
    const c = await openCase(officer, {
      purpose: 'law_enforcement_action',
      person: { familyName: 'Undetermined', givenNames: 'Ali', languages: ['fr'], nationalities: ['TJ'] },
      notice: {
        type: 'red_notice',
        interpolRef: '2025/90501',
        issuingCountry: 'TJ',
        warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
      },
      independentBasis: BASIS,
    });
    const started = await recordReview(officer, c.id, { start: true });
    const target = started.indicators.find((i) => i.outcome === 'undetermined');
    if (!target) throw new Error('the screening left no indicator undetermined');
    const own = await requestLiaison(officer, c.id, { kind: 'documentation' });
    const sameOffice = await w.open('officer');
    const otherCase = await requestLiaison(officer, sameOffice.id, { kind: 'documentation' });
    const otherOffice = await w.open('officer2');
    const theirs = await requestLiaison(await w.as('officer2'), otherOffice.id, { kind: 'documentation' });

    const dispose = (liaisonRequestId: string) =>
      recordReview(officer, c.id, {
        dispositions: [
          {
            indicatorId: target.indicatorId,
            disposition: 'information_requested',
            liaisonRequestId,
            explanation: `${target.title ?? target.indicatorId}: asked INTERPOL Washington for the documentation the file lacks.`,
          },
        ],
      });
    const reviewRow = () =>
      d.db
        .selectFrom('reviews')
        .select(['id', 'indicators'])
        .where('case_id', '=', c.id)
        .where('superseded_at', 'is', null)
        .executeTakeFirstOrThrow();
    const before = await reviewRow();
    const unknown = await refusal(dispose(UNKNOWN));
    expect(unknown).toEqual({
      status: 422,
      code: 'invalid_input',
      message: expect.any(String),
      detail: {
        fields: [
          {
            field: 'dispositions.0.liaisonRequestId',
            message: 'Choose a request to INTERPOL Washington on this case.',
          },
        ],
      },
    });
    expect(await refusal(dispose(otherCase.id))).toEqual(unknown);
    expect(await refusal(dispose(theirs.id))).toEqual(unknown);
    expect(await refusal(dispose('not-a-uuid'))).toEqual(unknown);
    expect(JSON.stringify(unknown)).not.toMatch(UUID);
    expect(await reviewRow()).toEqual(before);

    // The case's own request is taken.
    const asked = await dispose(own.id);
    expect(asked.indicators.find((i) => i.indicatorId === target.indicatorId)).toMatchObject({
      disposition: 'information_requested',
      liaisonRequestId: own.id,
    });
  });
});

describe('a record that is already recorded', () => {
  it("by another office: a 409 that names no record; by one's own office: a 422 with the record to use", async () => {
    const nyc = await openCase(await w.as('officer'), {
      purpose: 'law_enforcement_action',
      person: {
        familyName: 'Dupont',
        givenNames: 'Marie',
        aNumber: 'A123456789',
        languages: ['fr'],
        datesOfBirth: ['1975-03-02'],
        nationalities: ['FR'],
      },
      notice: {
        type: 'red_notice',
        interpolRef: '2025/77001',
        issuingCountry: 'FR',
        warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
      },
      independentBasis: BASIS,
    });
    const again = (username: string, variant: 'person' | 'notice') =>
      w.as(username).then((call) =>
        openCase(call, {
          purpose: 'law_enforcement_action',
          person: {
            familyName: 'Dupont',
            givenNames: 'Marie',
            aNumber: variant === 'person' ? 'A123456789' : null,
            languages: ['fr'],
          },
          notice: {
            type: 'red_notice',
            interpolRef: variant === 'notice' ? '2025/77001' : '2025/77002',
            issuingCountry: 'FR',
            warrants: [{ kind: 'arrest_warrant', charge: 'Fraud' }],
          },
          independentBasis: BASIS,
        }),
      );
    for (const variant of ['person', 'notice'] as const) {
      const elsewhere = await refusal(again('officer2', variant));
      expect(elsewhere).toMatchObject({ status: 409, code: 'recorded_elsewhere' });
      expect(elsewhere.message).toMatch(/another office/);
      expect(JSON.stringify(elsewhere)).not.toMatch(UUID);
      expect(JSON.stringify(elsewhere)).not.toMatch(/NYC/);

      const own = await refusal(again('supervisor', variant));
      expect(own).toMatchObject({
        status: 422,
        detail: { existing: { kind: variant, id: variant === 'person' ? nyc.personId : nyc.noticeId } },
      });
      expect(own.message).not.toMatch(UUID);
      expect(JSON.stringify((own.detail as { fields: unknown }).fields)).not.toMatch(UUID);
    }
  });
});

describe('a notice shared by several cases', () => {
  it('changed through one case is a material change for every case on it', async () => {
    const officer = await w.as('officer');
    const first = await w.open('officer');
    await w.confirmAndRequest(first.id);
    await w.review(first.id, 'officer');
    const approval = await decideApproval(await w.as('supervisor2'), first.id, {
      decision: 'approved',
      rationale:
        'Federal entry records establish the overstay on their own and the review found no indicator of abuse.',
    });
    const auth = await authorizeCase(officer, first.id);

    // A second case on the same person and notice; the change to the notice is made through it.
    const second = await openCase(officer, {
      purpose: 'law_enforcement_action',
      personId: first.personId,
      noticeId: first.noticeId,
      independentBasis: BASIS,
    });
    const effect = await updateCaseFacts(officer, second.id, {
      notice: {
        noticeId: first.noticeId,
        warrants: [{ kind: 'arrest_warrant', charge: 'Aggravated fraud', maxPenaltyMonths: 120 }],
      },
    });
    expect(effect.changed).toBe(true);

    const a = await d.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(a.voided_at).not.toBeNull();
    expect(a.void_reason).toMatch(second.caseNumber);
    const z = await d.db
      .selectFrom('authorizations')
      .selectAll()
      .where('id', '=', auth.id)
      .executeTakeFirstOrThrow();
    expect(z.status).toBe('withdrawn');
    const row = await d.db
      .selectFrom('cases')
      .select(['status', 'revision'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');

    // The first case's own audit entry says what happened to it and through which case.
    const entry = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('case_id', '=', first.id)
      .where('action', '=', 'case.material_change')
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({
      throughCase: second.id,
      voidedApprovals: [approval.id],
      withdrawnAuthorizations: [auth.id],
    });
    const err = await authorizeCase(officer, first.id).catch((e) => e);
    expect(err.code).toBe('gates_unmet');
  });

  it('takes concurrent changes through two cases one after the other (locks in a consistent order)', async () => {
    const officer = await w.as('officer');
    const first = await w.open('officer');
    const second = await openCase(officer, {
      purpose: 'law_enforcement_action',
      personId: first.personId,
      noticeId: first.noticeId,
      independentBasis: BASIS,
    });
    const change = (caseId: string, charge: string) =>
      updateCaseFacts(officer, caseId, {
        notice: { noticeId: first.noticeId, warrants: [{ kind: 'arrest_warrant', charge }] },
      });
    const revisionsOf = async () =>
      new Map(
        (
          await d.db
            .selectFrom('cases')
            .select(['id', 'revision'])
            .where('id', 'in', [first.id, second.id])
            .execute()
        ).map((r) => [r.id, r.revision]),
      );
    const before = await revisionsOf();
    for (let i = 0; i < 4; i++) {
      const results = await Promise.allSettled([
        change(first.id, `Fraud ${i}a`),
        change(second.id, `Fraud ${i}b`),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    }
    const after = await revisionsOf();
    // Each case changed 8 times: 4 through itself, 4 through the other.
    for (const id of [first.id, second.id]) expect(after.get(id)! - before.get(id)!).toBe(8);
  });
});
