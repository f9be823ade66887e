import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { compareQueueEntries, priorityTier } from '../../src/domain/rereview.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { listRereviewQueue } from '../../src/services/rereview/list.ts';
import { recordRereviewOutcome } from '../../src/services/rereview/outcome.ts';
import { releaseCase, takeNextCase } from '../../src/services/rereview/take.ts';
import { completeTask } from '../../src/services/tasks/complete.ts';
import { listTasks } from '../../src/services/tasks/list.ts';
import { recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases, type SyntheticCase } from '../helpers/synthetic-cases.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase('review');
  t = testApp(d);
  await seedDemoData(t.system);
});
afterAll(async () => {
  await d.close();
});

const as = (username: string): Promise<Call> => callAsUser(t.app, username);

const REASONS =
  'The file shows eleven days of detention with no independent basis recorded; INTERPOL withdrew the notice in March, so the remaining authorization rests on nothing the directive accepts.';

function base(overrides: Partial<SyntheticCase> = {}): SyntheticCase {
  return {
    office: 'NYC',
    status: 'open',
    custody: 'not_in_custody',
    inProceedings: false,
    strongIndicators: [],
    contextualIndicators: [],
    categories: ['fraud'],
    noticeStatus: 'valid',
    issuingCountry: 'FR',
    disclosed: true,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    authorizedAfterHours: null,
    contest: null,
    ...overrides,
  };
}

const factsOf = (c: SyntheticCase) => ({
  inCustody: c.custody === 'in_custody',
  inProceedings: c.inProceedings,
  strongIndicator: c.strongIndicators.length > 0,
  noticeNotValid: c.noticeStatus !== 'valid',
  neverDisclosed: !c.disclosed,
});

/**
 * Every pending case, page by page (the auditor sees every office); the count every page gives (kept per
 * office, migration 0052) is the number of cases listed.
 */
async function wholeQueue(pageSize: number) {
  const auditor = await as('auditor');
  const items = [];
  const counts = new Set<number>();
  let cursor: string | undefined;
  for (;;) {
    const page = await listRereviewQueue(auditor, { limit: pageSize, cursor });
    items.push(...page.items);
    counts.add(page.pending);
    if (!page.next) break;
    cursor = page.next;
  }
  expect([...counts]).toEqual([items.length]);
  return items;
}

const arbCase = fc.record({
  office: fc.constantFrom('NYC' as const, 'MIA' as const),
  status: fc.constant('open' as const),
  custody: fc.constantFrom(
    'in_custody' as const,
    'not_in_custody' as const,
    'released' as const,
    'unknown' as const,
  ),
  inProceedings: fc.boolean(),
  strongIndicators: fc.subarray(['IND_PROFILE_DISSIDENT', 'IND_ASYLUM_SAME_STATE']),
  contextualIndicators: fc.constant([] as string[]),
  categories: fc.constant(['fraud'] as string[]),
  noticeStatus: fc.constantFrom(
    'valid' as const,
    'withdrawn' as const,
    'expired' as const,
    'suspended' as const,
  ),
  issuingCountry: fc.constantFrom('FR', 'RU', 'TR'),
  disclosed: fc.boolean(),
  createdAt: fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2026-05-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  authorizedAfterHours: fc.constant(null),
  contest: fc.constant(null),
});

describe('the re-review queue order', () => {
  it('stores the documented priority for every case and lists the queue in that order, page after page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbCase, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        async (cases, pageSize) => {
          const ids = await insertSyntheticCases(d.db, cases);
          const queue = await wholeQueue(pageSize);
          // Each pending case exactly once.
          expect(new Set(queue.map((q) => q.caseId)).size).toBe(queue.length);
          // The order is the documented one.
          for (let i = 1; i < queue.length; i++) {
            const a = queue[i - 1]!;
            const b = queue[i]!;
            expect(
              compareQueueEntries(
                { tier: a.tier, since: new Date(a.since), id: a.caseId },
                { tier: b.tier, since: new Date(b.since), id: b.caseId },
              ),
            ).toBeLessThan(0);
          }
          // The stored key of each new case is the priority of its facts, computed here independently.
          ids.forEach((id, i) => {
            const item = queue.find((q) => q.caseId === id);
            expect(item).toBeDefined();
            expect(item!.tier).toBe(priorityTier(factsOf(cases[i]!)));
            expect(item!.since).toBe(cases[i]!.createdAt.toISOString());
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('a case in custody comes before every case not in custody, whatever else is true of them', async () => {
    const [custody, everythingElse] = await insertSyntheticCases(d.db, [
      base({ custody: 'in_custody', createdAt: new Date('2026-05-30T00:00:00Z') }),
      base({
        inProceedings: true,
        strongIndicators: ['IND_PROFILE_DISSIDENT'],
        noticeStatus: 'withdrawn',
        disclosed: false,
        createdAt: new Date('2019-01-01T00:00:00Z'),
      }),
    ]);
    const queue = await wholeQueue(200);
    const pos = (id: string) => queue.findIndex((q) => q.caseId === id);
    expect(pos(custody!)).toBeGreaterThanOrEqual(0);
    expect(pos(custody!)).toBeLessThan(pos(everythingElse!));
    const item = queue[pos(everythingElse!)]!;
    expect(item.reasons).toEqual([
      'The person is in active proceedings',
      'The latest screening found a strong indicator of misuse',
      'A notice of the case is no longer valid',
      'The documents were never served on the person',
      expect.stringMatching(/^Never reviewed; opened \d+ days ago$/),
    ]);
  });

  it('keeps the key in the same transaction as the changes that alter it', async () => {
    const [id] = await insertSyntheticCases(d.db, [base()]);
    const tier = async () =>
      (await d.db.selectFrom('cases').select('rereview_tier').where('id', '=', id!).executeTakeFirstOrThrow())
        .rereview_tier;
    expect(await tier()).toBe(32);
    await d.db.updateTable('cases').set({ custody_status: 'in_custody' }).where('id', '=', id!).execute();
    expect(await tier()).toBe(16);
    const notice = await d.db
      .selectFrom('case_notices')
      .select('notice_id')
      .where('case_id', '=', id!)
      .executeTakeFirstOrThrow();
    await d.db
      .updateTable('notices')
      .set({ status: 'withdrawn' })
      .where('id', '=', notice.notice_id)
      .execute();
    expect(await tier()).toBe(14);
    await d.db.deleteFrom('disclosures').where('case_id', '=', id!).execute();
    expect(await tier()).toBe(13);
    // A change rolled back leaves the key as it was.
    await d.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('cases').set({ in_proceedings: true }).where('id', '=', id!).execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await tier()).toBe(13);
  });

  it('the demo case whose notice was withdrawn carries that in its key', async () => {
    const c = await d.db
      .selectFrom('cases')
      .select(['rereview_tier'])
      .where('case_number', '=', 'RL-2026-000004')
      .executeTakeFirstOrThrow();
    expect((32 - c.rereview_tier) & 2).toBe(2);
  });

  it('refuses a cursor that was not given by the queue', async () => {
    await expect(listRereviewQueue(await as('auditor'), { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'cursor' })] },
    });
  });
});

describe('taking cases and recording outcomes', () => {
  it('takes the top case, refuses thin reasons, withdraws the authorization for real and audits it', async () => {
    const [top] = await insertSyntheticCases(d.db, [
      base({
        status: 'authorized',
        custody: 'in_custody',
        inProceedings: true,
        strongIndicators: ['IND_PROFILE_DISSIDENT'],
        noticeStatus: 'withdrawn',
        disclosed: false,
        createdAt: new Date('2001-01-01T00:00:00Z'),
        authorizedAfterHours: 30,
      }),
    ]);
    const reviewer = await as('supervisor2');
    const { taken } = await takeNextCase(reviewer);
    expect(taken?.caseId).toBe(top);
    expect(taken?.tier).toBe(1);

    // Nobody else records its outcome, and the officer may not take cases at all.
    await expect(
      recordRereviewOutcome(await as('attorney'), top!, { outcome: 'no_action', reasons: REASONS }),
    ).rejects.toMatchObject({ status: 409, code: 'not_taken_by_you' });
    await expect(takeNextCase(await as('officer'))).rejects.toMatchObject({ status: 403 });

    // Reasons without substance are refused, naming the field.
    await expect(
      recordRereviewOutcome(reviewer, top!, { outcome: 'authorization_withdrawn', reasons: 'ok' }),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'reasons' })] },
    });

    const before = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'rereview.outcome' and outcome = 'ok'`.execute(
      d.db,
    );
    const result = await recordRereviewOutcome(reviewer, top!, {
      outcome: 'authorization_withdrawn',
      reasons: REASONS,
    });
    expect(result.withdrawnAuthorizations).toHaveLength(1);
    const auth = await d.db
      .selectFrom('authorizations')
      .selectAll()
      .where('case_id', '=', top!)
      .executeTakeFirstOrThrow();
    expect(auth.status).toBe('withdrawn');
    expect(auth.withdrawn_reason).toContain('retrospective review');
    const c = await d.db.selectFrom('cases').selectAll().where('id', '=', top!).executeTakeFirstOrThrow();
    expect(c.status).toBe('open');
    expect(c.rereview_state).toBe('reviewed');
    expect(c.rereview_assignee).toBeNull();
    const entry = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'rereview.outcome')
      .where('outcome', '=', 'ok')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(entry.case_id).toBe(top);
    expect(entry.detail).toMatchObject({
      outcome: 'authorization_withdrawn',
      withdrawnAuthorizations: [auth.id],
    });
    const after = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'rereview.outcome' and outcome = 'ok'`.execute(
      d.db,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    const refused = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'rereview.outcome' and outcome <> 'ok'`.execute(
      d.db,
    );
    expect(refused.rows[0]!.n).toBeGreaterThanOrEqual(2);

    // A reviewed case returns to the queue when a new risk raises its priority, not before.
    await d.db.updateTable('cases').set({ custody_status: 'released' }).where('id', '=', top!).execute();
    expect(
      (
        await d.db
          .selectFrom('cases')
          .select('rereview_state')
          .where('id', '=', top!)
          .executeTakeFirstOrThrow()
      ).rereview_state,
    ).toBe('reviewed');
    await d.db.updateTable('cases').set({ custody_status: 'in_custody' }).where('id', '=', top!).execute();
    expect(
      (
        await d.db
          .selectFrom('cases')
          .select('rereview_state')
          .where('id', '=', top!)
          .executeTakeFirstOrThrow()
      ).rereview_state,
    ).toBe('pending');
  });

  it('an attorney may not withdraw an authorization, and nothing is half-written when refused', async () => {
    const [top] = await insertSyntheticCases(d.db, [
      base({
        status: 'authorized',
        custody: 'in_custody',
        inProceedings: true,
        strongIndicators: ['IND_PROFILE_DISSIDENT'],
        noticeStatus: 'withdrawn',
        disclosed: false,
        createdAt: new Date('2000-06-01T00:00:00Z'),
        authorizedAfterHours: 5,
      }),
    ]);
    const attorney = await as('attorney');
    const { taken } = await takeNextCase(attorney);
    expect(taken?.caseId).toBe(top);
    await expect(
      recordRereviewOutcome(attorney, top!, { outcome: 'authorization_withdrawn', reasons: REASONS }),
    ).rejects.toMatchObject({ status: 403 });
    const auth = await d.db
      .selectFrom('authorizations')
      .select('status')
      .where('case_id', '=', top!)
      .executeTakeFirstOrThrow();
    expect(auth.status).toBe('active');
    const r = await recordRereviewOutcome(attorney, top!, {
      outcome: 'referral_counsel',
      reasons: REASONS.replace('eleven', 'twelve'),
    });
    expect(r.outcome).toBe('referral_counsel');
  });

  it('a referral to counsel or to oversight raises a task for that role, due by the policy, in their list and audited', async () => {
    // The policy sets the referral deadlines: a new version with 5 days for counsel and 20 for oversight.
    const policy = await d.db
      .selectFrom('policy_versions')
      .select(['version', 'settings'])
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const settings = { ...(policy.settings as object), referralDueDays: { counsel: 5, oversight: 20 } };
    await sql`insert into policy_versions (version, settings, created_at, created_by)
      select ${policy.version + 1}, ${JSON.stringify(settings)}::jsonb, now(), created_by
      from policy_versions where version = ${policy.version}`.execute(d.db);
    const seen: Record<string, string> = {};
    // Completing a task decides on reliance: the auditor needs current training, as anyone who does.
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
    for (const [outcome, role, days] of [
      ['referral_counsel', 'attorney', 5],
      ['referral_oversight', 'auditor', 20],
    ] as const) {
      const [top] = await insertSyntheticCases(d.db, [
        base({
          custody: 'in_custody',
          inProceedings: true,
          strongIndicators: ['IND_PROFILE_DISSIDENT'],
          noticeStatus: 'withdrawn',
          disclosed: false,
          createdAt: new Date(
            outcome === 'referral_counsel' ? '1992-01-01T00:00:00Z' : '1991-01-01T00:00:00Z',
          ),
        }),
      ]);
      const reviewer = await as('supervisor');
      const { taken } = await takeNextCase(reviewer);
      expect(taken?.caseId).toBe(top);
      const r = await recordRereviewOutcome(reviewer, top!, { outcome, reasons: REASONS });
      const now = t.clock.now().getTime();
      expect(r.task).toMatchObject({ kind: outcome, forRole: role });
      expect(new Date(r.task!.dueAt).getTime()).toBe(now + days * 86_400_000);
      seen[outcome] = r.task!.id;
      // In the list of the role it is for, with its due date and the reviewer's reasons.
      const theirs = await listTasks(await as(role), { status: 'open' });
      const task = theirs.find((x) => x.id === r.task!.id);
      expect(task).toMatchObject({ caseId: top, kind: outcome, forRole: role, priority: 1 });
      expect(task?.reason).toContain(REASONS);
      expect(task?.dueAt).toBe(r.task!.dueAt);
      // Not in the list of the office's other staff.
      for (const other of ['officer', 'supervisor'])
        expect((await listTasks(await as(other))).map((x) => x.id)).not.toContain(r.task!.id);
      // The outcome's audit entry names the task.
      const entry = await d.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'rereview.outcome')
        .where('case_id', '=', top!)
        .executeTakeFirstOrThrow();
      expect((entry.detail as { task?: { id: string } }).task?.id).toBe(r.task!.id);
      // Oversight completes only the referrals raised for it.
      if (role === 'attorney') {
        const refused = await completeTask(await as('auditor'), r.task!.id, {
          outcome: 'no_impact',
          note: 'Not for oversight to complete.',
        }).catch((e) => e);
        expect(refused).toMatchObject({ status: 403, detail: { rule: 'TASK-FOR-ROLE' } });
      }
      const done = await completeTask(await as(role), r.task!.id, {
        outcome: 'remedial_action_required',
        note: 'Counsel followed up on the eleven days of past detention with no independent basis; the release memo is on file.',
      });
      expect(done.outcome).toBe('remedial_action_required');
    }
    // No other outcome raises a task.
    const [plain] = await insertSyntheticCases(d.db, [
      base({
        custody: 'in_custody',
        inProceedings: true,
        strongIndicators: ['IND_PROFILE_DISSIDENT'],
        noticeStatus: 'withdrawn',
        disclosed: false,
        createdAt: new Date('1990-01-01T00:00:00Z'),
      }),
    ]);
    const reviewer = await as('supervisor');
    expect((await takeNextCase(reviewer)).taken?.caseId).toBe(plain);
    const none = await recordRereviewOutcome(reviewer, plain!, { outcome: 'no_action', reasons: REASONS });
    expect(none.task).toBeNull();
    expect(await d.db.selectFrom('tasks').select('id').where('case_id', '=', plain!).execute()).toEqual([]);
    expect(Object.keys(seen)).toHaveLength(2);
  });

  it('gives a taken case back to the top of the queue', async () => {
    const [top] = await insertSyntheticCases(d.db, [
      base({
        custody: 'in_custody',
        inProceedings: true,
        strongIndicators: ['X'],
        noticeStatus: 'expired',
        disclosed: false,
        createdAt: new Date('1999-01-01T00:00:00Z'),
      }),
    ]);
    const reviewer = await as('supervisor2');
    const { taken } = await takeNextCase(reviewer);
    expect(taken?.caseId).toBe(top);
    const mine = await listRereviewQueue(reviewer, { limit: 5 });
    expect(mine.mine.map((m) => m.caseId)).toContain(top);
    expect(mine.items.map((m) => m.caseId)).not.toContain(top);
    await expect(releaseCase(await as('attorney'), top!)).rejects.toMatchObject({ status: 409 });
    await releaseCase(reviewer, top!);
    const page = await listRereviewQueue(reviewer, { limit: 1 });
    expect(page.items[0]?.caseId).toBe(top);
  });

  it('answers an unknown case and a case of another office the same way', async () => {
    const [miami] = await insertSyntheticCases(d.db, [base({ office: 'MIA' })]);
    const reviewer = await as('supervisor2');
    const a = await releaseCase(reviewer, miami!).catch((e) => e);
    const b = await releaseCase(reviewer, '00000000-0000-4000-8000-000000000000').catch((e) => e);
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    expect(a.message).toBe(b.message);
  });
});
