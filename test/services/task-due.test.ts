import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import { openCase } from '../../src/services/case/open.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { DAY_MS } from '../../src/services/inputs.ts';
import { recordNoticeStatus } from '../../src/services/notice/record-status.ts';
import { updatePolicy } from '../../src/services/policy.ts';
import { listTasks } from '../../src/services/tasks/list.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
});
afterAll(async () => {
  await d.close();
});

const as = (username: string): Promise<Call> => callAsUser(t.app, username);
const open = async (ref: string, custodyStatus: 'in_custody' | 'not_in_custody') =>
  openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: { familyName: `Due${ref.replace('/', '')}`, languages: ['fr'] },
    notice: { type: 'red_notice', interpolRef: ref, issuingCountry: 'FR' },
    custodyStatus,
  });

describe('re-review tasks have due dates from the policy', () => {
  it('are due in 2 days for a person in custody and 14 days otherwise by default', async () => {
    const held = await open('2025/660001', 'in_custody');
    const free = await open('2025/660002', 'not_in_custody');
    const now = t.clock.now().getTime();
    const a = await recordNoticeStatus(await as('liaison'), held.noticeId, { status: 'withdrawn' });
    const b = await recordNoticeStatus(await as('liaison'), free.noticeId, { status: 'withdrawn' });
    expect(a.affectedCases[0]).toMatchObject({
      priority: 1,
      dueAt: new Date(now + 2 * DAY_MS).toISOString(),
    });
    expect(b.affectedCases[0]).toMatchObject({
      priority: 2,
      dueAt: new Date(now + 14 * DAY_MS).toISOString(),
    });
  });

  it('follow a change of the policy settings', async () => {
    const { version: _v, ...settings } = DEFAULT_POLICY;
    await updatePolicy(
      await as('admin'),
      { ...settings, reReviewDueDays: { inCustody: 1, notInCustody: 5 } },
      'Faster re-reviews after a notice changes.',
    );
    const held = await open('2025/660003', 'in_custody');
    const now = t.clock.now().getTime();
    const r = await recordNoticeStatus(await as('liaison'), held.noticeId, { status: 'cancelled' });
    expect(r.affectedCases[0]!.dueAt).toBe(new Date(now + DAY_MS).toISOString());
  });

  it('are listed soonest due first, and marked overdue once the date has passed', async () => {
    const list = await listTasks(await as('supervisor'), { status: 'open' });
    const due = list.map((x) => x.dueAt);
    expect(due.every((x) => x !== null)).toBe(true);
    expect([...due].sort()).toEqual(due);
    expect(list.every((x) => !x.overdue)).toBe(true);
    t.clock.advance(3 * DAY_MS);
    const later = await listTasks(await as('supervisor'), { status: 'open' });
    const overdue = later.filter((x) => x.overdue);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue.every((x) => x.priority === 1)).toBe(true);
    expect(later.filter((x) => !x.overdue).every((x) => x.priority === 2)).toBe(true);
  });
});
