/**
 * The people a case page names, kept by this process (services/people-directory.ts): a case read through
 * it names the people and their training as the statement that looks them up itself, after a rename and
 * new training records; a directory read that finds the names changed since the case was
 * read makes the case be read again; training is compared at the database's precision (microseconds).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { sessionSelect } from '../../src/services/accounts.ts';
import {
  microsOf,
  PeopleDirectory,
  peopleDirectory,
  trainingAsOf,
} from '../../src/services/people-directory.ts';
import { readCaseAsSession } from '../../src/services/snapshot.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
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

const readThrough = async (caseId: string) =>
  (await readCaseAsSession(d.db, caseId, { session: sessionSelect('no session') }))!.read.snapshot;
const globalStamp = async () =>
  (await sql<{ v: string }>`select v::text as v from page_stamp_global`.execute(d.db)).rows[0]!.v;

describe('the directory of people', () => {
  it('names the people and their training as the full statement, after renames and new training', async () => {
    const c = await w.open('officer');
    await w.confirmAndRequest(c.id);
    await w.receiveDocuments(c.id);
    await w.review(c.id, 'supervisor');
    await expectDirectoryReads(d.db, 'reviewed');
    const before = await readThrough(c.id);
    const reviewerId = before.review!.reviewerId;
    expect(before.people[reviewerId]?.displayName).toBeTruthy();

    // a rename: the next read names the person anew
    await sql`update users set display_name = 'Renamed Supervisor' where id = ${reviewerId}`.execute(d.db);
    expect((await readThrough(c.id)).people[reviewerId]?.displayName).toBe('Renamed Supervisor');
    await expectDirectoryReads(d.db, 'after a rename');

    // a training record later than the review does not count for it; one before it does
    const completedAt = before.review!.completedAt!;
    const trainedBefore = before.review!.reviewerTrainingCompletedAt;
    await sql`insert into training_records (id, user_id, course, completed_at, recorded_via)
      values (gen_random_uuid(), ${reviewerId}, 'refresher', ${new Date(completedAt.getTime() + 60_000)}, 'manual')`.execute(
      d.db,
    );
    expect((await readThrough(c.id)).review!.reviewerTrainingCompletedAt).toEqual(trainedBefore);
    const justBefore = new Date(completedAt.getTime() - 1);
    await sql`insert into training_records (id, user_id, course, completed_at, recorded_via)
      values (gen_random_uuid(), ${reviewerId}, 'refresher', ${justBefore}, 'manual')`.execute(d.db);
    expect((await readThrough(c.id)).review!.reviewerTrainingCompletedAt).toEqual(justBefore);
    // the officer's training is the latest, whenever
    const officerId = before.assignedOfficerId;
    const latest = new Date(t.clock.now().getTime() + 3_600_000);
    await sql`insert into training_records (id, user_id, course, completed_at, recorded_via)
      values (gen_random_uuid(), ${officerId}, 'refresher', ${latest}, 'manual')`.execute(d.db);
    expect((await readThrough(c.id)).officerTraining.completedAt).toEqual(latest);
    await expectDirectoryReads(d.db, 'after new training');
  });

  it('answers nothing for a stamp the names have moved on from, and the case is read again', async () => {
    const c = await w.open('officer');
    const dir = peopleDirectory(d.db);
    const old = await globalStamp();
    await readThrough(c.id);
    expect(dir.stamp).toBe(old);
    const officerId = (await readThrough(c.id)).assignedOfficerId;
    await sql`update users set display_name = display_name || ' Jr' where id = ${officerId}`.execute(d.db);
    expect(await globalStamp()).not.toBe(old);
    // a lookup for the stamp a case read found before the change: the ids are read, the stamp is not theirs
    const fresh = new PeopleDirectory();
    expect(await fresh.lookup(d.db, old, [officerId])).toBeUndefined();
    expect(fresh.stats.stale).toBe(1);
    expect(fresh.entries.size).toBe(0);
    // the case read sees the new name, and the directory is at the new stamp
    expect((await readThrough(c.id)).people[officerId]?.displayName).toMatch(/ Jr$/);
    expect(dir.stamp).toBe(await globalStamp());
    // a read that found the older stamp is overtaken: nothing is read, and the directory is not emptied
    const kept = dir.entries.size;
    const misses0 = dir.stats.misses;
    expect(await dir.lookup(d.db, old, [officerId])).toBeUndefined();
    expect(dir.stats.misses).toBe(misses0);
    expect(dir.entries.size).toBe(kept);
    expect(kept).toBeGreaterThan(0);
    expect(dir.stamp).toBe(await globalStamp());
    // an id that names nobody is not a person and is not asked for again at the same stamp
    const nobody = '00000000-0000-4000-8000-00000000abcd';
    const stamp = await globalStamp();
    const got = await fresh.lookup(d.db, stamp, [nobody, officerId]);
    expect(got?.get(nobody)).toBeNull();
    expect(got?.get(officerId)?.displayName).toMatch(/ Jr$/);
    const misses = fresh.stats.misses;
    await fresh.lookup(d.db, stamp, [nobody, officerId]);
    expect(fresh.stats.misses).toBe(misses);
  });
});

describe('training compared at the database precision', () => {
  it('reads microseconds from the times PostgreSQL writes in JSON', () => {
    expect(microsOf('2026-01-02T03:04:05.123456+00:00') - microsOf('2026-01-02T03:04:05.123455+00:00')).toBe(
      1,
    );
    expect(microsOf('2026-01-02T03:04:05+00:00')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5) * 1000);
    expect(microsOf('2026-01-02T05:04:05.5+02:00')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 500) * 1000);
  });

  it('the latest training no later than a time, a microsecond apart', () => {
    const entry = {
      displayName: 'x',
      role: 'officer',
      trainings: ['2026-01-01T00:00:00.000001+00:00', '2026-01-02T00:00:00.000002+00:00'].map((text) => ({
        text,
        us: microsOf(text),
      })),
    };
    expect(trainingAsOf(entry, '2026-01-02T00:00:00.000001+00:00')).toBe('2026-01-01T00:00:00.000001+00:00');
    expect(trainingAsOf(entry, '2026-01-02T00:00:00.000002+00:00')).toBe('2026-01-02T00:00:00.000002+00:00');
    expect(trainingAsOf(entry, null)).toBe('2026-01-02T00:00:00.000002+00:00');
    expect(trainingAsOf(entry, '2025-12-31T23:59:59.999999+00:00')).toBeNull();
    expect(trainingAsOf(null, null)).toBeNull();
  });

  it('a training record a microsecond after a review does not count for it, as in the statement', async () => {
    const c = await w.open('officer');
    // the full statement and the directory agree on a training a microsecond either side of a review's end
    await w.confirmAndRequest(c.id);
    await w.receiveDocuments(c.id);
    await w.review(c.id, 'supervisor');
    const review = (await readThrough(c.id)).review!;
    const at = (
      await sql<{ t: string }>`select completed_at::text as t from reviews where id = ${review.id}`.execute(
        d.db,
      )
    ).rows[0]!.t;
    await sql`insert into training_records (id, user_id, course, completed_at, recorded_via)
      values (gen_random_uuid(), ${review.reviewerId}, 'micro', ${at}::timestamptz + interval '1 microsecond', 'manual')`.execute(
      d.db,
    );
    await expectDirectoryReads(d.db, 'a microsecond after');
    await sql`insert into training_records (id, user_id, course, completed_at, recorded_via)
      values (gen_random_uuid(), ${review.reviewerId}, 'micro', ${at}::timestamptz, 'manual')`.execute(d.db);
    await expectDirectoryReads(d.db, 'at the same microsecond');
  });
});
