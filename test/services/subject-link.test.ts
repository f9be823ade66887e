/**
 * A case joins a person to a notice only when the person is the notice's subject by the record (the notice
 * was recorded on them, or name, date of birth and nationality agree), or when an attorney confirms it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { compareWithSubject } from '../../src/domain/subject-link.ts';
import { confirmSubjectLink } from '../../src/services/case/confirm-link.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { openCase } from '../../src/services/case/open.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { once } from '../helpers/calls.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { expectDirectoryReads } from '../helpers/people-directory.ts';

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
const REASON =
  'The fingerprints taken at the check-in match those INTERPOL Washington sent with the notice; the person used another name and birth date on an earlier passport, which explains the differences.';

/** A second case on the notice of `first`, for a person recorded anew. */
async function secondCase(
  noticeId: string,
  person: { familyName: string; givenNames?: string; datesOfBirth?: string[]; nationalities?: string[] },
) {
  return openCase(await w.as('officer'), {
    purpose: 'law_enforcement_action',
    person: { languages: ['fr'], ...person },
    noticeId,
    independentBasis: BASIS,
  });
}

const validity = async (caseId: string) =>
  (await evaluateCase(await w.as('officer'), caseId)).gates.find((g) => g.gate === 'G-VALIDITY')!;

describe("the person and the notice's subject", () => {
  it('another person joined to a notice keeps G-VALIDITY unmet until an attorney confirms, with a reason', async () => {
    const first = await w.open('officer');
    const second = await secondCase(first.noticeId, {
      familyName: 'Other',
      givenNames: 'Person',
      datesOfBirth: ['1990-01-01'],
      nationalities: ['DE'],
    });
    expect(second.subjectLink).toBe('unconfirmed');
    await w.confirmAndRequest(second.id);
    const before = await validity(second.id);
    expect(before.status).toBe('unmet');
    expect(before.reason).toMatch(/may not be about this person/);
    expect(before.reason).toMatch(/name differs/);
    expect(before.reason).toMatch(/date of birth differs/);
    expect(before.reason).toMatch(/nationality differs/);
    // The first case, on the person the notice was recorded on, is not affected.
    expect((await validity(first.id)).reason).not.toMatch(/may not be about this person/);

    const confirm = (username: string, reason: string) =>
      w.as(username).then((c) => confirmSubjectLink(c, second.id, { noticeId: first.noticeId, reason }));
    await expect(confirm('officer', REASON)).rejects.toMatchObject({ status: 403 });
    await expect(confirm('supervisor', REASON)).rejects.toMatchObject({ status: 403 });
    await expect(confirm('attorney', 'Confirmed.')).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'reason' })] },
    });
    const done = await once(d, () => confirm('attorney', REASON));
    expect(done.subjectLink).toBe('confirmed');
    const after = await validity(second.id);
    expect(after.status).toBe('met');
    expect(after.reason).toMatch(/An attorney confirmed/);
    await expect(confirm('attorney', `${REASON} Again.`)).rejects.toMatchObject({
      status: 409,
      code: 'link_not_unconfirmed',
    });
    const audit = await d.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail', 'actor_username'])
      .where('action', '=', 'case.link_confirm')
      .where('outcome', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(audit.actor_username).toBe('attorney');
    expect((audit.detail as { differences: string[] }).differences.length).toBe(3);
  });

  it('a record of the same person (name in another spelling order, date of birth, nationality) is linked', async () => {
    const first = await w.open('officer');
    const subject = await d.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', first.personId)
      .executeTakeFirstOrThrow();
    const second = await secondCase(first.noticeId, {
      familyName: `${subject.given_names} ${subject.family_name}`.toUpperCase(),
      datesOfBirth: subject.dates_of_birth,
      nationalities: subject.nationalities,
    });
    expect(second.subjectLink).toBe('matched');
    await w.confirmAndRequest(second.id);
    expect((await validity(second.id)).status).toBe('met');
    // The same person record on a new case: the notice was recorded on them.
    const third = await openCase(await w.as('officer'), {
      purpose: 'law_enforcement_action',
      personId: first.personId,
      noticeId: first.noticeId,
      independentBasis: BASIS,
    });
    expect(third.subjectLink).toBe('same_person');
  });
});

describe('compareWithSubject', () => {
  const subject = {
    familyName: 'Мухаммадиев',
    givenNames: 'Рустам',
    aliases: ['Rustam Muhammadiev'],
    datesOfBirth: ['1985-04-12'],
    nationalities: ['TJ'],
    aNumber: null,
  };
  it('matches a transliteration, an alias, or the same facts; lists what is missing or differs', () => {
    expect(
      compareWithSubject(subject, {
        ...subject,
        familyName: 'Muhammadiev',
        givenNames: 'Rustam',
        aliases: [],
      }).matches,
    ).toBe(true);
    expect(
      compareWithSubject(subject, {
        ...subject,
        familyName: 'MUKHAMMADIEV',
        givenNames: 'rustam',
        aliases: [],
      }).matches,
    ).toBe(true);
    expect(compareWithSubject(subject, { ...subject, aNumber: 'A1' }).matches).toBe(true);
    const different = compareWithSubject(subject, {
      ...subject,
      familyName: 'Karimov',
      aliases: [],
      datesOfBirth: [],
      nationalities: ['UZ'],
    });
    expect(different.matches).toBe(false);
    expect(different.differences).toHaveLength(3);
    expect(
      compareWithSubject({ ...subject, aNumber: 'A111111111' }, { ...subject, aNumber: 'A222222222' })
        .differences,
    ).toEqual(["The A-number differs from the notice subject's."]);
  });
});

describe('every case these tests left, read through the directory of people', () => {
  it('is the case read by the statement that looks its people up itself', async () => {
    expect(await expectDirectoryReads(d.db, 'subject-link')).toBeGreaterThan(0);
  });
});
