/**
 * Time that cannot be backdated, and a contest that reaches an authorization already given (issue 9):
 * a filing time older than the backdating window needs a reason; a contest filed after an immigration case
 * was authorized suspends the authorization until it is decided (in force again when not sustained); a
 * sustained contest withdraws it and raises a re-review; a law-enforcement authorization is not suspended,
 * and the gate says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import type { CasePurpose } from '../../src/domain/types.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { authorizeCase } from '../../src/services/authorization/authorize.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { getCase } from '../../src/services/case/read.ts';
import { decideContest } from '../../src/services/contest/decide.ts';
import { recordContest } from '../../src/services/contest/record.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let walk: ReturnType<typeof caseWalker>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  walk = caseWalker(t);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

const ANSWER =
  'The warrant concerns invoices billed to a private investor in 2023; nothing in the file links the prosecution to his reporting, and counsel offered no article or threat that does.';

/** A case authorized with every gate met (immigration: served, window closed, use authorized). */
async function authorized(purpose: CasePurpose) {
  const c = await walk.open('officer', { purpose });
  await walk.confirmAndRequest(c.id);
  const documentIds = await walk.receiveDocuments(c.id);
  await walk.review(c.id, 'officer');
  await decideApproval(await walk.as('supervisor2'), c.id, {
    decision: 'approved',
    rationale:
      'Federal entry records establish the overstay on their own and the review found no indicator of abuse.',
  });
  if (purpose === 'immigration_proceedings') {
    const officer = await walk.as('officer');
    const ua = await requestLiaison(officer, c.id, { kind: 'use_authorization' });
    await respondLiaison(await walk.as('liaison'), ua.id, {
      outcome: 'granted',
      scope: 'Removal proceedings',
      scopePurposes: ['immigration_proceedings'],
      validUntil: '2030-06-01',
    });
    const served = await recordDisclosure(officer, c.id, {
      servedAt: t.clock.now(),
      method: 'in person',
      recipient: 'Sam Walker',
      language: 'fr',
      documentIds,
    });
    t.clock.set(new Date(served.contestDeadline.getTime() + 60_000));
    const v = await requestLiaison(officer, c.id, { kind: 'validity' });
    await respondLiaison(await walk.as('liaison'), v.id, {
      result: 'valid',
      expiresOn: '2030-01-01',
      method: 'i-24/7 query',
    });
  }
  const auth = await authorizeCase(await walk.as('officer'), c.id);
  return { c, auth };
}

const standing = (caseId: string) =>
  d.db.selectFrom('authorizations').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();

describe('a contest filed after authorization', () => {
  it('suspends an immigration authorization until decided; not sustained, it is in force again', async () => {
    const { c, auth } = await authorized('immigration_proceedings');
    const officer = await walk.as('officer');
    const contest = await recordContest(officer, c.id, {
      filedBy: 'Counsel for Sam Walker',
      grounds: [{ ground: 'political_character', statement: 'The prosecution punishes his reporting.' }],
    });
    const suspended = await standing(c.id);
    expect(suspended).toMatchObject({ id: auth.id, status: 'suspended', suspended_contest_id: contest.id });
    expect(suspended.suspended_reason).toMatch(/contested the notice after this authorization/);
    const view = await getCase(officer, c.id);
    expect(view.authorizations[0]).toMatchObject({ status: 'suspended', suspendedContestId: contest.id });
    expect(view.authorizations[0]!.suspendedAt).not.toBeNull();
    // A second authorization is refused while the first is suspended.
    await expect(authorizeCase(officer, c.id)).rejects.toMatchObject({ status: 409 });

    await decideContest(await walk.as('attorney'), contest.id, {
      decision: 'not_sustained',
      answers: [{ groundIndex: 0, answer: ANSWER }],
    });
    const resumed = await standing(c.id);
    expect(resumed.status).toBe('active');
    expect(resumed.resumed_at).not.toBeNull();
  });

  it('a sustained contest withdraws it and raises a re-review', async () => {
    const { c, auth } = await authorized('immigration_proceedings');
    const contest = await recordContest(await walk.as('officer'), c.id, {
      filedBy: 'Counsel for Sam Walker',
      grounds: [{ ground: 'political_character', statement: 'The prosecution punishes his reporting.' }],
    });
    await decideContest(await walk.as('attorney'), contest.id, {
      decision: 'sustained',
      answers: [{ groundIndex: 0, answer: ANSWER.replace('nothing in the file links', 'the file links') }],
    });
    const row = await standing(c.id);
    expect(row).toMatchObject({ id: auth.id, status: 'withdrawn' });
    expect(row.withdrawn_reason).toMatch(/contest was sustained/);
    const task = await d.db
      .selectFrom('tasks')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('kind', '=', 're_review')
      .executeTakeFirstOrThrow();
    expect(task.reason).toMatch(/sustained/);
    const cs = await d.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(cs.status).toBe('open');
  });

  it('does not suspend a law-enforcement authorization, and the gate says what happens', async () => {
    const { c } = await authorized('law_enforcement_action');
    const officer = await walk.as('officer');
    await recordContest(officer, c.id, {
      filedBy: 'Counsel for Sam Walker',
      grounds: [{ ground: 'political_character', statement: 'The prosecution punishes his reporting.' }],
    });
    expect((await standing(c.id)).status).toBe('active');
    const ev = await evaluateCase(officer, c.id);
    const gate = ev.gates.find((g) => g.gate === 'G-CONTEST')!;
    expect(gate.status).toBe('not_applicable');
    expect(gate.reason).toMatch(/does not suspend it/);
    expect(gate.reason).toMatch(/sustained contest withdraws the authorization/);
  });
});

describe('a filing time in the past', () => {
  it('needs a reason beyond the backdating window (CONTEST-BACKDATE)', async () => {
    const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
    const officer = await walk.as('officer');
    const grounds = [{ ground: 'political_character' as const, statement: 'The prosecution punishes him.' }];
    // Before the case was opened: refused, whatever the reason (a contest answers this case).
    const beforeOpening = new Date(t.clock.now().getTime() - HOUR);
    t.clock.advance(200 * HOUR);
    const early = await recordContest(officer, c.id, {
      filedBy: 'Counsel',
      grounds,
      filedAt: beforeOpening,
      backdateReason:
        'The contest was handed in at the detention centre on Friday and reached the field office by internal mail on Tuesday.',
    }).catch((e) => e);
    expect(early).toMatchObject({ status: 422 });
    expect(early.detail.fields).toEqual([expect.objectContaining({ field: 'filedAt' })]);
    const old = new Date(t.clock.now().getTime() - 100 * HOUR);
    const err = await recordContest(officer, c.id, { filedBy: 'Counsel', grounds, filedAt: old }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ status: 422 });
    expect(err.detail.fields).toEqual([expect.objectContaining({ field: 'backdateReason' })]);
    expect(err.detail.fields[0].message).toMatch(/CONTEST-BACKDATE/);
    const future = new Date(t.clock.now().getTime() + DAY);
    await expect(
      recordContest(officer, c.id, { filedBy: 'Counsel', grounds, filedAt: future }),
    ).rejects.toMatchObject({ status: 422 });
    // Within the window no reason is needed; beyond it a real reason is kept with the contest.
    await recordContest(officer, c.id, {
      filedBy: 'Counsel',
      grounds,
      filedAt: new Date(t.clock.now().getTime() - 10 * HOUR),
    });
    const ok = await recordContest(officer, c.id, {
      filedBy: 'Counsel',
      grounds,
      filedAt: old,
      backdateReason:
        'The contest was handed in at the detention centre on Friday and reached the field office by internal mail on Tuesday.',
    });
    const row = await d.db
      .selectFrom('contests')
      .selectAll()
      .where('id', '=', ok.id)
      .executeTakeFirstOrThrow();
    expect(row.backdate_reason).toMatch(/internal mail/);
    expect(new Date(row.recorded_at).getTime()).toBe(t.clock.now().getTime());
    expect(new Date(row.filed_at).getTime()).toBe(old.getTime());
  });
});
