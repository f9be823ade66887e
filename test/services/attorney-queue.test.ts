/**
 * The attorney's work queue (services/queues/attorney.ts): legal reviews to do, contests to decide and
 * documentation sign-offs to do, read by SQL with keyset paging, leaving out work the separation-of-duties
 * table forbids the attorney (the same answer as the check the services make).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { checkSeparation } from '../../src/domain/permissions.ts';
import { createUser } from '../../src/services/accounts.ts';
import { recordContest } from '../../src/services/contest/record.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { signOffMissingDocumentation } from '../../src/services/documentation/sign-off.ts';
import { loadDutyHolders } from '../../src/services/duties.ts';
import { recordLegalReview } from '../../src/services/legal-review/record.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import { type AttorneyList, attorneyQueue } from '../../src/services/queues/attorney.ts';
import { recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker, DISSIDENT, DISSIDENT_ANALYSIS } from '../helpers/case-walk.ts';
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
  const u = await createUser(t.system, {
    username: 'attorney2',
    displayName: 'Test attorney2',
    role: 'attorney',
    officeId: 'NYC',
    passphrase: 'a long enough passphrase for tests',
  });
  await recordTraining(t.system, {
    userId: u.id,
    course: 'INTERPOL Notices and Diffusions — annual',
    completedAt: new Date(t.clock.now().getTime() - 10 * 86_400_000),
    certificateRef: 'T-attorney2',
  });
});
afterAll(async () => d.close());

async function list(username: string, which: AttorneyList, limit = 100, after?: string) {
  const [page] = await attorneyQueue(await w.as(username), { list: which, limit, after });
  return page!;
}
const caseIdsIn = async (username: string, which: AttorneyList) =>
  (await list(username, which)).items.map((i) => i.caseId);

/** A case whose completed review confirms the "journalist or critic" indicator: a legal review is needed. */
async function doNotActCase() {
  const c = await w.open('officer', { journalist: true, purpose: 'immigration_proceedings' });
  await w.confirmAndRequest(c.id);
  await w.review(c.id, 'officer', [DISSIDENT]);
  await w.receiveDocuments(c.id);
  return c.id;
}

const documentsOn = async (caseId: string) =>
  (await d.db.selectFrom('documents').select('id').where('case_id', '=', caseId).execute()).map((r) => r.id);

describe("the attorney's work queue", () => {
  it('is for attorneys only', async () => {
    await expect(attorneyQueue(await w.as('supervisor'))).rejects.toMatchObject({ status: 403 });
    const lists = await attorneyQueue(await w.as('attorney'));
    expect(lists.map((l) => [l.list, l.label])).toEqual([
      ['legal_reviews', 'Legal reviews to do'],
      ['contests', 'Contests to decide'],
      ['sign_offs', 'Documentation sign-offs to do'],
    ]);
  });

  it('lists legal reviews to do and contests to decide, leaving out what separation of duties forbids', async () => {
    const a = await doNotActCase();
    const clean = (await w.open('officer')).id;
    await w.confirmAndRequest(clean);
    await w.review(clean, 'officer');
    for (const who of ['attorney', 'attorney2']) {
      const ids = await caseIdsIn(who, 'legal_reviews');
      expect(ids).toContain(a);
      expect(ids).not.toContain(clean);
    }
    const item = (await list('attorney', 'legal_reviews')).items.find((i) => i.caseId === a)!;
    expect(item.detail).toContain('confirmed 1 strong indicator');
    expect(item.title).toMatch(/^Walker\d+, Sam$/);

    // the attorney serves the documents; the person contests
    await recordDisclosure(await w.as('attorney'), a, {
      servedAt: t.clock.now(),
      method: 'in person',
      recipient: 'The person, with counsel present',
      language: 'fr',
      documentIds: await documentsOn(a),
      restricted: false,
    });
    const k = await recordContest(await w.as('officer'), a, {
      filedBy: 'Counsel for the person',
      grounds: [
        {
          ground: 'political_character',
          statement: 'The prosecution is politically motivated because the person is a journalist.',
        },
      ],
    });
    // SOD-CONTEST-SERVER: the attorney who served may not decide; the other attorney may
    expect((await list('attorney', 'contests')).items.map((i) => i.id)).not.toContain(k.id);
    const contest = (await list('attorney2', 'contests')).items.find((i) => i.id === k.id);
    expect(contest).toMatchObject({ caseId: a, detail: expect.stringContaining('1 ground') });

    // attorney2 records the legal review: the case leaves the legal-review list, and attorney2 may no
    // longer decide its contest (SOD-CONTEST-LEGAL)
    await recordLegalReview(await w.as('attorney2'), a, {
      analyses: [{ indicatorId: DISSIDENT, analysis: DISSIDENT_ANALYSIS }],
      conclusion: 'proceed',
    });
    expect(await caseIdsIn('attorney', 'legal_reviews')).not.toContain(a);
    expect(await caseIdsIn('attorney2', 'legal_reviews')).not.toContain(a);
    expect((await list('attorney2', 'contests')).items.map((i) => i.id)).not.toContain(k.id);

    // the lists give the same answer as the check the services make
    const holders = await loadDutyHolders(d.db, a);
    for (const who of ['attorney', 'attorney2']) {
      const me = (await w.as(who)).actor.userId!;
      const offered = (await list(who, 'contests')).items.some((i) => i.id === k.id);
      expect(offered).toBe(checkSeparation('contest_decider', me, holders).allowed);
    }
  });

  it('keeps a "do not proceed" case in the list until a later legal review reverses it', async () => {
    const a = await doNotActCase();
    await recordLegalReview(await w.as('attorney2'), a, {
      analyses: [{ indicatorId: DISSIDENT, analysis: DISSIDENT_ANALYSIS }],
      conclusion: 'do_not_proceed',
    });
    const item = (await list('attorney', 'legal_reviews')).items.find((i) => i.caseId === a);
    expect(item?.detail).toContain('do not proceed');
  });

  it('pages by keyset: every item once, oldest first, across pages', async () => {
    for (let i = 0; i < 3; i++) {
      await doNotActCase();
      t.clock.advance(60_000);
    }
    const all = (await list('attorney', 'legal_reviews')).items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await list('attorney', 'legal_reviews', 2, after);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      after = page.next ?? undefined;
      pages += 1;
    } while (after && pages < 50);
    expect(seen).toEqual(all.map((i) => i.id));
    const since = all.map((i) => i.waitingSince);
    expect([...since].sort()).toEqual(since);
    await expect(list('attorney', 'legal_reviews', 2, 'not-a-cursor')).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'after' }] },
    });
  });

  it('lists documentation sign-offs to do until every missing item is signed off', async () => {
    const c = await w.open('officer');
    await w.confirmAndRequest(c.id);
    const request = await d.db
      .selectFrom('liaison_requests')
      .select('id')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'documentation')
      .executeTakeFirstOrThrow();
    const r = await respondLiaison(await w.as('liaison'), request.id, {
      outcome: 'partially_provided',
      documents: [{ title: 'Arrest warrant of the Paris court', kind: 'arrest_warrant' }],
      missingItems: [
        {
          item: 'Charge sheet',
          reason:
            'The prosecutor files the charge sheet only when the investigating judge closes the file, expected next year.',
        },
        {
          item: 'Summary of facts',
          reason:
            'The court holds the summary of facts under seal until the hearing; INTERPOL Washington cannot obtain it.',
        },
      ],
    });
    const first = (await list('attorney', 'sign_offs')).items.find((i) => i.caseId === c.id);
    expect(first?.detail).toContain('2 missing items wait');
    await signOffMissingDocumentation(await w.as('attorney'), c.id, {
      responseId: r.id,
      item: 'Charge sheet',
      rationale:
        'The arrest warrant on file states the offence, the law and the facts, so the missing charge sheet adds nothing the person needs.',
    });
    const second = (await list('attorney', 'sign_offs')).items.find((i) => i.caseId === c.id);
    expect(second?.detail).toContain('1 missing item waits');
    await signOffMissingDocumentation(await w.as('attorney'), c.id, {
      responseId: r.id,
      item: 'Summary of facts',
      rationale:
        'The warrant gives the time, place and role in the fraud, so the sealed summary of facts is not needed to contest the notice now.',
    });
    expect(await caseIdsIn('attorney', 'sign_offs')).not.toContain(c.id);
  });
});

describe('every case these tests left, read through the directory of people', () => {
  it('is the case read by the statement that looks its people up itself', async () => {
    expect(await expectDirectoryReads(d.db, 'attorney-queue')).toBeGreaterThan(0);
  });
});
