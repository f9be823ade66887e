/**
 * Referrals to oversight (docs/rereview.md "Who sees a referral"): a referral raised by a re-review outcome is
 * in the auditor's keyset-paged list and queue, and in no other role's queue or count; it is completed by an
 * auditor only, with a note that passes the substance check; each role's queue count (kept per office and
 * role, migration 0031) equals the items that role is shown, overdue or not; `gates verify` recounts and
 * repairs the new counter.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { compactCounters, verifyCounters } from '../../src/services/counters.ts';
import { listQueues } from '../../src/services/queries.ts';
import { recordRereviewOutcome } from '../../src/services/rereview/outcome.ts';
import { takeNextCase } from '../../src/services/rereview/take.ts';
import { completeTask } from '../../src/services/tasks/complete.ts';
import { listTasksPage } from '../../src/services/tasks/list.ts';
import { recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases, type SyntheticCase } from '../helpers/synthetic-cases.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
const as = (username: string): Promise<Call> => callAsUser(t.app, username);

const REASONS =
  'The file shows eleven days of detention with no independent basis recorded; INTERPOL withdrew the notice in March, so the remaining authorization rests on nothing the directive accepts.';
const NOTE =
  'Oversight read the detention record and the withdrawal notice; the office was asked for its release memo and the court notified.';

const synthetic = (office: 'NYC' | 'MIA', createdAt: string): SyntheticCase => ({
  office,
  status: 'open',
  custody: 'in_custody',
  inProceedings: true,
  strongIndicators: ['IND_PROFILE_DISSIDENT'],
  contextualIndicators: [],
  categories: ['fraud'],
  noticeStatus: 'withdrawn',
  issuingCountry: 'FR',
  disclosed: false,
  createdAt: new Date(createdAt),
  authorizedAfterHours: null,
  contest: null,
});

/** Every page of a task list, following the cursor. */
async function walk(call: Call, filter: { status?: 'open' | 'done'; mine?: boolean }, limit: number) {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await listTasksPage(call, { ...filter, limit, after });
    ids.push(...page.items.map((x) => x.id));
    if (!page.nextCursor) return ids;
    after = page.nextCursor;
  }
  throw new Error('too many pages');
}

/** A queue's count and its items (one long page), plain and split by overdue. */
async function queueOf(call: Call, queue: 're_review_tasks' | 'oversight_referrals') {
  const [all] = await listQueues(call, { queue, limit: 500 });
  const [late] = await listQueues(call, { queue, limit: 500, overdue: true });
  const [onTime] = await listQueues(call, { queue, limit: 500, overdue: false });
  return { all: all!, late: late!, onTime: onTime! };
}

let oversightTask = '';
let counselTask = '';

beforeAll(async () => {
  d = await testDatabase('oversight');
  t = testApp(d);
  await seedDemoData(t.system);
  const auditor = await d.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'auditor')
    .executeTakeFirstOrThrow();
  await recordTraining(t.system, {
    userId: auditor.id,
    course: 'INTERPOL Notices and Diffusions — annual',
    completedAt: new Date(t.clock.now().getTime() - 86_400_000),
    certificateRef: 'T-auditor',
  });
  // Two cases at the top of the NYC queue: one referred to oversight, one to counsel.
  await insertSyntheticCases(d.db, [
    synthetic('NYC', '1980-01-01T00:00:00Z'),
    synthetic('NYC', '1981-01-01T00:00:00Z'),
  ]);
  for (const outcome of ['referral_oversight', 'referral_counsel'] as const) {
    const reviewer = await as('supervisor');
    const { taken } = await takeNextCase(reviewer);
    const r = await recordRereviewOutcome(reviewer, taken!.caseId, {
      outcome,
      reasons: REASONS.replace('eleven', outcome === 'referral_counsel' ? 'twelve' : 'eleven'),
    });
    if (outcome === 'referral_oversight') oversightTask = r.task!.id;
    else counselTask = r.task!.id;
  }
  // More referrals to oversight in both offices, many sharing a due time, some overdue (before today and
  // earlier today), written straight into the table (the triggers keep the offices and counts).
  const cases = await insertSyntheticCases(
    d.db,
    Array.from({ length: 6 }, (_, i) => synthetic(i % 2 ? 'MIA' : 'NYC', `1990-0${i + 1}-01T00:00:00Z`)),
  );
  const now = t.clock.now().getTime();
  const dues = [
    new Date(now - 5 * 86_400_000),
    new Date(now - 3_600_000),
    new Date(now + 86_400_000),
    new Date(now + 86_400_000),
  ];
  await d.db
    .insertInto('tasks')
    .values(
      Array.from({ length: 25 }, (_, i) => ({
        id: randomUUID(),
        case_id: cases[i % cases.length]!,
        kind: 'referral_oversight',
        for_role: 'auditor',
        reason: `Referred to oversight on retrospective review: synthetic referral ${i}.`,
        priority: 1 + (i % 2),
        created_at: new Date(now - 86_400_000),
        due_at: dues[i % dues.length]!,
        // Some are already done: open ones come first in the list.
        ...(i % 5 === 4 ? { status: 'done' } : {}),
      })),
    )
    .execute();
}, 300_000);
afterAll(async () => {
  await d.close();
});

describe('referrals to oversight', () => {
  it('are in the auditor’s list, keyset-paged, each once, and in no other role’s list', async () => {
    const auditor = await as('auditor');
    const long = await listTasksPage(auditor, { mine: true, limit: 500 });
    expect(long.nextCursor).toBeNull();
    expect(long.items.every((x) => x.forRole === 'auditor')).toBe(true);
    const mine = long.items.find((x) => x.id === oversightTask);
    expect(mine).toMatchObject({ kind: 'referral_oversight', status: 'open', officeId: 'NYC' });
    expect(mine?.reason).toContain(REASONS);
    expect(mine?.dueAt).toBeTruthy();
    expect(long.items.map((x) => x.officeId)).toContain('MIA');
    // Open first, then soonest due.
    const firstDone = long.items.findIndex((x) => x.status === 'done');
    expect(firstDone).toBeGreaterThan(0);
    expect(long.items.slice(firstDone).every((x) => x.status === 'done')).toBe(true);
    for (const size of [1, 4, 7]) {
      const walked = await walk(auditor, { mine: true }, size);
      expect(walked).toEqual(long.items.map((x) => x.id));
    }
    const open = await walk(auditor, { mine: true, status: 'open' }, 3);
    expect(open).toEqual(long.items.filter((x) => x.status === 'open').map((x) => x.id));
    // Not listed to the office's other staff; the counsel referral only to attorneys.
    for (const role of ['officer', 'supervisor', 'attorney']) {
      const theirs = (await listTasksPage(await as(role), { limit: 500 })).items.map((x) => x.id);
      expect(theirs).not.toContain(oversightTask);
      if (role === 'attorney') expect(theirs).toContain(counselTask);
      else expect(theirs).not.toContain(counselTask);
    }
  });

  it('refuses a cursor from another list, role or a tampered one, naming the field', async () => {
    const auditor = await as('auditor');
    const first = await listTasksPage(auditor, { mine: true, limit: 2 });
    const after = first.nextCursor!;
    expect(after).toBeTruthy();
    for (const [call, filter] of [
      [auditor, { mine: true, status: 'open' as const }],
      [auditor, {}],
      [await as('supervisor'), { mine: true }],
    ] as const)
      await expect(listTasksPage(call, { ...filter, limit: 2, after })).rejects.toMatchObject({
        status: 422,
        detail: { fields: [expect.objectContaining({ field: 'after' })] },
      });
    await expect(listTasksPage(auditor, { mine: true, after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('each role’s queue count equals the items it is shown, overdue or not', async () => {
    const check = async (username: string, queue: 're_review_tasks' | 'oversight_referrals') => {
      const q = await queueOf(await as(username), queue);
      expect(q.all.count).toBe(q.all.items.length);
      expect(q.late.count).toBe(q.late.items.length);
      expect(q.onTime.count).toBe(q.onTime.items.length);
      expect(q.late.count + q.onTime.count).toBe(q.all.count);
      return q;
    };
    for (const role of ['officer', 'supervisor', 'attorney']) {
      const q = await check(role, 're_review_tasks');
      const ids = q.all.items.map((x) => x.id);
      expect(ids).not.toContain(oversightTask);
      expect(ids.includes(counselTask)).toBe(role === 'attorney');
    }
    const auditor = await check('auditor', 'oversight_referrals');
    expect(auditor.all.items.map((x) => x.id)).toContain(oversightTask);
    expect(auditor.late.count).toBeGreaterThan(0);
    // The queue holds exactly the open referrals of the list.
    const open = await listTasksPage(await as('auditor'), { mine: true, status: 'open', limit: 500 });
    expect(auditor.all.count).toBe(open.items.length);
    // The auditor has no office queue of re-review tasks.
    expect((await listQueues(await as('auditor'), {})).map((x) => x.id)).toEqual(['oversight_referrals']);
  });

  it('a supervisor cannot complete a referral to oversight; an auditor completes it with a note of substance', async () => {
    await expect(
      completeTask(await as('supervisor'), oversightTask, { outcome: 'no_impact', note: NOTE }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'TASK-FOR-ROLE' } });
    await expect(
      completeTask(await as('supervisor'), counselTask, { outcome: 'no_impact', note: NOTE }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'TASK-FOR-ROLE' } });
    const auditor = await as('auditor');
    const before = (await queueOf(auditor, 'oversight_referrals')).all.count;
    for (const note of ['ok', 'Reviewed.', 'TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD'])
      await expect(
        completeTask(auditor, oversightTask, { outcome: 'remedial_action_required', note }),
      ).rejects.toMatchObject({
        status: 422,
        detail: { fields: expect.arrayContaining([expect.objectContaining({ field: 'note' })]) },
      });
    const done = await completeTask(auditor, oversightTask, {
      outcome: 'remedial_action_required',
      note: NOTE,
    });
    expect(done.outcome).toBe('remedial_action_required');
    const after = await queueOf(auditor, 'oversight_referrals');
    expect(after.all.count).toBe(before - 1);
    expect(after.all.items.map((x) => x.id)).not.toContain(oversightTask);
    const closed = (await listTasksPage(auditor, { mine: true, status: 'done', limit: 500 })).items.find(
      (x) => x.id === oversightTask,
    );
    expect(closed?.resolution).toBe(`remedial_action_required: ${NOTE}`);
    expect(closed?.closedByName).toBeTruthy();
    // An office's own re-review task stays the office's: an auditor may not complete it.
    const office = (await listTasksPage(await as('supervisor'), { status: 'open', limit: 500 })).items.find(
      (x) => x.forRole === null,
    );
    expect(office).toBeTruthy();
    await expect(
      completeTask(auditor, office!.id, { outcome: 'no_impact', note: NOTE }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'TASK-FOR-ROLE' } });
  });

  it('gates verify recounts the counts by role and repairs them', async () => {
    await compactCounters(d.db);
    expect((await verifyCounters(d.db)).differences).toEqual([]);
    const row = await d.db
      .selectFrom('office_counts')
      .select(['id', 'office_id', 'key', 'n'])
      .where('counter', '=', 'tasks_for_role')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await d.db
      .updateTable('office_counts')
      .set({ n: Number(row.n) + 3 })
      .where('id', '=', row.id)
      .execute();
    expect((await verifyCounters(d.db)).differences).toEqual([
      {
        officeId: row.office_id,
        counter: 'tasks_for_role',
        key: row.key,
        stored: Number(row.n) + 3,
        expected: Number(row.n),
      },
    ]);
    expect((await verifyCounters(d.db, { repair: true })).repaired).toBe(1);
    expect((await verifyCounters(d.db)).differences).toEqual([]);
  });
});
