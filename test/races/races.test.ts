/**
 * Races on PostgreSQL: each pair of actions that must not interleave is fired concurrently, many times,
 * and the invariants are checked after every round:
 *
 * - at most one active authorization per case;
 * - no active authorization on a case whose approval was voided, or whose notice is no longer valid;
 * - one decision per contest, one answer per INTERPOL Washington request (the loser gets 409 with the
 *   first decision);
 * - strictly increasing revisions under concurrent changes;
 * - no error other than a refusal (no 500).
 *
 * PGlite is a single connection, so nothing runs concurrently there: the suite is skipped with a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { authorizeCase } from '../../src/services/authorization/authorize.ts';
import { openCase } from '../../src/services/case/open.ts';
import { updateCaseFacts } from '../../src/services/case/update.ts';
import { decideContest } from '../../src/services/contest/decide.ts';
import { recordContest } from '../../src/services/contest/record.ts';
import { type Call, callAsUser, runAction } from '../../src/services/context.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { ServiceError } from '../../src/services/errors.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { recordNoticeStatus } from '../../src/services/notice/record-status.ts';
import { recordPersonLanguages } from '../../src/services/person/languages.ts';
import { recordReview } from '../../src/services/review/record.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const onPostgres = process.env.REDLINE_TEST_DB === 'postgres' && !!process.env.DATABASE_URL;
if (!onPostgres)
  console.log(
    'test/races: skipped. The race suite needs PostgreSQL (REDLINE_TEST_DB=postgres DATABASE_URL=…); PGlite has one connection, so nothing can race there.',
  );

/** Rounds per pair: enough to hit the interleavings, short enough for CI. */
const ROUNDS = Number(process.env.REDLINE_RACE_ROUNDS ?? 8);

let d: Database;
let t: ReturnType<typeof testApp>;
let refSeq = Math.floor(Math.random() * 80_000) + 10_000;
const as = (username: string): Promise<Call> => callAsUser(t.app, username);

/** What a client would see: the status of the answer (a refusal's status, 500 for anything else). */
interface Outcome<T> {
  status: number;
  value?: T;
  error?: unknown;
}
async function settle<T>(p: Promise<T>): Promise<Outcome<T>> {
  try {
    return { status: 200, value: await p };
  } catch (error) {
    if (error instanceof ServiceError) return { status: error.status, error };
    return { status: 500, error };
  }
}
/**
 * Starts both actions together, the second after a delay that varies by round (0 to 15 ms, either one
 * first), so that the rounds cover different interleavings.
 */
async function pair<A, B>(i: number, first: () => Promise<A>, second: () => Promise<B>) {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const lag = [0, 1, 3, 6, 10, 15][Math.floor(i / 2) % 6]!;
  const late = <T>(fn: () => Promise<T>) => wait(lag).then(() => settle(fn()));
  if (i % 2 === 0) return Promise.all([settle(first()), late(second)]);
  const [y, x] = await Promise.all([settle(second()), late(first)]);
  return [x, y] as const;
}

/** Fails with the unexpected error itself, so the report says what broke. */
function noServerError(outcomes: Outcome<unknown>[]) {
  for (const o of outcomes) if (o.status === 500) throw o.error;
}

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

const file = (document: string) => ({ document });
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

async function open() {
  refSeq += 1;
  return openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: {
      languages: ['en'],
      familyName: `Racer${refSeq}`,
      givenNames: 'Alex',
      nationalities: ['FR'],
      datesOfBirth: ['1980-02-29'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: `2024/${refSeq}`,
      issuingCountry: 'FR',
      issuedOn: '2024-01-10',
      expiresOn: '2030-01-01',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60 }],
    },
    independentBasis: BASIS,
    narrative: 'The person was encountered at a routine check-in and identified from federal records.',
    custodyStatus: 'not_in_custody',
  });
}

/** A law-enforcement case with every gate met: only the authorization is missing. */
async function authorizable() {
  const c = await open();
  const officer = await as('officer');
  const liaison = await as('liaison');
  const v = await requestLiaison(officer, c.id, { kind: 'validity' });
  await respondLiaison(liaison, v.id, { result: 'valid', expiresOn: '2030-01-01', method: 'i-24/7 query' });
  await requestLiaison(officer, c.id, { kind: 'documentation' });
  await recordCaseFacts(officer, c.id, { facts: CHECKED_FACTS });
  const review = await recordReview(officer, c.id, { start: true });
  await recordReview(officer, c.id, {
    dispositions: review.indicators
      .filter((i) => i.outcome !== 'absent')
      .map((i) =>
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
  });
  await decideApproval(await as('supervisor2'), c.id, {
    decision: 'approved',
    rationale:
      'Federal entry records establish the overstay on their own and the review found no indicator of abuse.',
  });
  return c;
}

/** Every invariant of a case, read from the database. Returns the broken ones in words. */
async function brokenInvariants(caseId: string): Promise<string[]> {
  const broken: string[] = [];
  const active = await d.db
    .selectFrom('authorizations')
    .select(['id', 'status'])
    .where('case_id', '=', caseId)
    .where('status', '=', 'active')
    .execute();
  if (active.length > 1) broken.push(`${active.length} active authorizations`);
  if (active.length > 0) {
    const standing = await d.db
      .selectFrom('approvals')
      .select('id')
      .where('case_id', '=', caseId)
      .where('decision', '=', 'approved')
      .where('voided_at', 'is', null)
      .execute();
    if (standing.length === 0) broken.push('an active authorization with its approval voided');
    const invalid = await d.db
      .selectFrom('case_notices')
      .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
      .select('notices.status')
      .where('case_notices.case_id', '=', caseId)
      .where('notices.status', '<>', 'valid')
      .execute();
    if (invalid.length > 0)
      broken.push(`an active authorization on a ${invalid.map((n) => n.status).join(', ')} notice`);
    const c = await d.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (c.status !== 'authorized') broken.push(`an active authorization on a case that is ${c.status}`);
  }
  return broken;
}

/** Runs `rounds` rounds and counts the rounds in which each invariant broke. */
async function rounds(
  n: number,
  round: (i: number) => Promise<string[]>,
): Promise<{ failures: Record<string, number>; rounds: number }> {
  const failures: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    for (const b of new Set(await round(i))) failures[b] = (failures[b] ?? 0) + 1;
  }
  return { failures, rounds: n };
}

describe.skipIf(!onPostgres)('races on PostgreSQL', () => {
  beforeAll(async () => {
    d = await testDatabase();
    t = testApp(d);
    await seedDemo(t.system);
  });
  afterAll(async () => d?.close());

  it('double authorize: one authorization, the other attempt refused', async () => {
    const result = await rounds(ROUNDS, async (i) => {
      const c = await authorizable();
      const [o1, o2] = [await as('officer'), await as('officer')];
      const [a, b] = await pair(
        i,
        () => authorizeCase(o1, c.id),
        () => authorizeCase(o2, c.id),
      );
      noServerError([a, b]);
      const broken = await brokenInvariants(c.id);
      const ok = [a, b].filter((o) => o.status === 200).length;
      if (ok !== 1) broken.push(`${ok} authorizations answered 200`);
      if ([a, b].some((o) => o.status !== 200 && o.status !== 409))
        broken.push('an answer other than 200/409');
      return broken;
    });
    console.log('double authorize', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('authorize during a material change: never an authorization on a voided approval', async () => {
    const result = await rounds(ROUNDS, async (i) => {
      const c = await authorizable();
      const [o1, o2] = [await as('officer'), await as('officer')];
      const [a, p] = await pair(
        i,
        () => authorizeCase(o1, c.id),
        () =>
          updateCaseFacts(o2, c.id, {
            independentBasis: { ...BASIS, summary: `${BASIS.summary} Updated in round ${i}.` },
          }),
      );
      noServerError([a, p]);
      expect(p.status).toBe(200);
      return brokenInvariants(c.id);
    });
    console.log('authorize during a material change', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('authorize during a notice withdrawal: never an authorization on a withdrawn notice', async () => {
    const result = await rounds(ROUNDS, async (i) => {
      const c = await authorizable();
      const [officer, liaison] = [await as('officer'), await as('liaison')];
      const [a, w] = await pair(
        i,
        () => authorizeCase(officer, c.id),
        () => recordNoticeStatus(liaison, c.noticeId, { status: 'withdrawn', usncbReference: 'USNCB-RACE' }),
      );
      noServerError([a, w]);
      if (process.env.REDLINE_RACE_TRACE)
        console.log(i, a.status, w.status, (a.error as Error)?.message?.slice(0, 200));
      expect(w.status).toBe(200);
      return brokenInvariants(c.id);
    });
    console.log('authorize during a notice withdrawal', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('double contest decision: decided once, the second gets 409 with the first decision', async () => {
    const answer = (n: number) =>
      `The warrant concerns invoices billed to a private company in 2021 (attempt ${n}); nothing in the file links the prosecution to his journalism, and counsel offered no article or threat that does.`;
    const result = await rounds(ROUNDS, async (i) => {
      const c = await open();
      const contest = await recordContest(await as('officer'), c.id, {
        filedBy: 'Counsel for the person',
        grounds: [
          { ground: 'political_character', statement: 'The prosecution is retaliation for his journalism.' },
        ],
      });
      const [x1, x2] = [await as('attorney'), await as('attorney')];
      const [a, b] = await pair(
        i,
        () =>
          decideContest(x1, contest.id, {
            decision: 'not_sustained',
            answers: [{ groundIndex: 0, answer: answer(0) }],
          }),
        () =>
          decideContest(x2, contest.id, {
            decision: 'sustained',
            answers: [{ groundIndex: 0, answer: answer(1) }],
          }),
      );
      noServerError([a, b]);
      const broken: string[] = [];
      const ok = [a, b].filter((o) => o.status === 200).length;
      if (ok !== 1) broken.push(`${ok} contest decisions answered 200`);
      const loser = [a, b].find((o) => o.status !== 200);
      if (loser && loser.status !== 409) broken.push(`the second decision answered ${loser.status}`);
      if (loser?.status === 409 && !(loser.error as ServiceError).detail.firstDecision)
        broken.push('the 409 does not carry the first decision');
      const decisions = await d.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'contest.decide')
        .where('outcome', '=', 'ok')
        .where('entity_id', '=', contest.id)
        .execute();
      if (decisions.length !== 1) broken.push(`${decisions.length} decisions recorded on one contest`);
      return broken;
    });
    console.log('double contest decision', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('service in a language while the languages are corrected: never a service in a language the person was already recorded as not reading', async () => {
    const result = await rounds(ROUNDS, async (i) => {
      const c = await open();
      const officer = await as('officer');
      const view = await d.db
        .selectFrom('cases')
        .select('person_id')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      await recordPersonLanguages(officer, view.person_id, { languages: ['en', 'ru'], source: 'Interview' });
      const docReq = await requestLiaison(officer, c.id, { kind: 'documentation' });
      const docs = await respondLiaison(await as('liaison'), docReq.id, {
        outcome: 'provided',
        documents: [{ title: 'Arrest warrant of the Lyon court', kind: 'warrant', language: 'fr' }],
      });
      const [x1, x2] = [await as('officer'), await as('supervisor')];
      const [served, corrected] = await pair(
        i,
        () =>
          recordDisclosure(x1, c.id, {
            servedAt: t.clock.now(),
            method: 'in person',
            recipient: 'Alex Racer',
            language: 'ru',
            documentIds: docs.documentIds,
          }),
        () =>
          recordPersonLanguages(x2, view.person_id, {
            languages: ['en'],
            source: 'Counsel: he reads no Russian',
          }),
      );
      noServerError([served, corrected]);
      const broken: string[] = [];
      if (corrected.status !== 200) broken.push(`the correction answered ${corrected.status}`);
      if (served.status === 200) {
        // The service stands only if it committed before the correction (audit order is commit order).
        const seqOf = async (action: string) =>
          (
            await d.db
              .selectFrom('audit_log')
              .select('seq')
              .where('action', '=', action)
              .where('outcome', '=', 'ok')
              .where('case_id', '=', c.id)
              .orderBy('seq', 'desc')
              .executeTakeFirstOrThrow()
          ).seq;
        const lang = await d.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'person.languages')
          .where('outcome', '=', 'ok')
          .where('entity_id', '=', view.person_id)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        if (Number(await seqOf('disclosure.record')) > Number(lang.seq))
          broken.push('a service in Russian committed after the person was recorded as not reading it');
      } else if (served.status !== 422) broken.push(`the service answered ${served.status}`);
      return broken;
    });
    console.log('service during a languages correction', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('double INTERPOL Washington answer: answered once, the second gets 409 with the first answer', async () => {
    const result = await rounds(ROUNDS, async (i) => {
      const c = await open();
      const req = await requestLiaison(await as('officer'), c.id, { kind: 'validity' });
      const [l1, l2] = [await as('liaison'), await as('liaison')];
      const answer = (call: Call, n: number) => () =>
        respondLiaison(call, req.id, {
          result: 'valid',
          expiresOn: '2030-01-01',
          method: `i-24/7 query ${n}`,
        });
      const [a, b] = await pair(i, answer(l1, 0), answer(l2, 1));
      const broken: string[] = [];
      for (const o of [a, b]) if (o.status === 500) broken.push('a 500');
      const ok = [a, b].filter((o) => o.status === 200).length;
      if (ok !== 1) broken.push(`${ok} answers accepted`);
      const loser = [a, b].find((o) => o.status !== 200);
      if (loser && loser.status !== 409) broken.push(`the second answer got ${loser.status}`);
      if (loser?.status === 409 && !(loser.error as ServiceError).detail.firstAnswer)
        broken.push('the 409 does not carry the first answer');
      const answers = await d.db
        .selectFrom('liaison_responses')
        .select('id')
        .where('request_id', '=', req.id)
        .execute();
      if (answers.length !== 1) broken.push(`${answers.length} answers stored`);
      return broken;
    });
    console.log('double INTERPOL Washington answer', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('concurrent changes: each gets its own revision, strictly increasing', async () => {
    const result = await rounds(ROUNDS, async (i) => {
      const c = await open();
      const start = (
        await d.db.selectFrom('cases').select('revision').where('id', '=', c.id).executeTakeFirstOrThrow()
      ).revision;
      const calls = await Promise.all([0, 1, 2, 3].map(() => as('officer')));
      const outcomes = await Promise.all(
        calls.map((call, n) =>
          settle(
            updateCaseFacts(call, c.id, {
              narrative: `Encountered at a routine check-in (round ${i}, change ${n}).`,
            }),
          ),
        ),
      );
      noServerError(outcomes);
      const broken: string[] = [];
      const revisions = outcomes.filter((o) => o.status === 200).map((o) => o.value!.revision);
      if (new Set(revisions).size !== revisions.length) broken.push('the same revision on two answers');
      const end = (
        await d.db.selectFrom('cases').select('revision').where('id', '=', c.id).executeTakeFirstOrThrow()
      ).revision;
      if (end !== start + revisions.length) broken.push('the stored revision skipped or repeated a number');
      const expected = revisions.map((_, k) => start + k + 1);
      if ([...revisions].sort((x, y) => x - y).join() !== expected.join())
        broken.push('revisions are not the consecutive numbers after the one before');
      return broken;
    });
    console.log('concurrent changes', JSON.stringify(result));
    expect(result.failures).toEqual({});
  });

  it('a transaction chosen as a deadlock victim is run again, not answered with a 500', async () => {
    // Two actions that lock two cases in opposite orders (which no action does: this forces the deadlock).
    const [x, y] = [await open(), await open()];
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldTheirFirst = new Promise<void>((r) => {
      release = r;
    });
    let runs = 0;
    const lockBoth = (first: string, second: string) =>
      runAction(t.system, { action: 'test.lock_order', entityType: 'case' }, async (trx) => {
        runs += 1;
        await trx.selectFrom('cases').select('id').where('id', '=', first).forUpdate().execute();
        arrived += 1;
        if (arrived === 2) release();
        await bothHoldTheirFirst;
        await trx.selectFrom('cases').select('id').where('id', '=', second).forUpdate().execute();
        return first;
      });
    const outcomes = await Promise.all([settle(lockBoth(x.id, y.id)), settle(lockBoth(y.id, x.id))]);
    noServerError(outcomes);
    expect(outcomes.map((o) => o.status)).toEqual([200, 200]);
    expect(runs).toBe(3);
  });
});
