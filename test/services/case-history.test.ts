import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { getCase } from '../../src/services/case/read.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { groupRepeated, outcomeText } from '../../src/services/history-text.ts';
import { caseHistory } from '../../src/services/queries.ts';
import { runScreening } from '../../src/services/screening/run.ts';
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
const caseByNumber = (n: string) =>
  d.db.selectFrom('cases').selectAll().where('case_number', '=', n).executeTakeFirstOrThrow();

describe('what each entry of the history says', () => {
  it('says what INTERPOL Washington answered and what was decided', () => {
    expect(outcomeText('liaison.respond', { kind: 'documentation', outcome: 'partially_provided' })).toBe(
      'recorded that INTERPOL Washington answered the documentation request: partially provided',
    );
    expect(outcomeText('approval.decide', { decision: 'approved', confirmedStrongIndicators: ['X'] })).toBe(
      "approved the case, against the reviewer's advice not to act (override)",
    );
    expect(outcomeText('approval.decide', { decision: 'approved', confirmedStrongIndicators: [] })).toBe(
      'approved the case',
    );
    expect(outcomeText('contest.decide', { decision: 'not_sustained' })).toBe(
      'decided the contest: not sustained',
    );
    expect(outcomeText('notice.status.record', { from: 'valid', to: 'withdrawn' })).toBe(
      'recorded that the notice is now withdrawn (was valid)',
    );
    expect(outcomeText('liaison.request', { kind: 'use_authorization' })).toBe(
      'sent a use authorization request to INTERPOL Washington',
    );
    expect(outcomeText('case.read', {})).toBeNull();
  });

  it('groups repeated entries with a count and a time range, but never across a decision', () => {
    const e = (seq: number, action: string, reasons: string[] = []) => ({
      seq,
      at: `2026-06-01T12:0${seq}:00.000Z`,
      actorId: 'u1',
      action,
      outcome: 'ok',
      summary: `A ${action}.`,
      reasons,
      count: 1,
      lastAt: null,
    });
    const g = groupRepeated([
      e(1, 'case.read'),
      e(2, 'case.evaluate'),
      e(3, 'case.read'),
      e(4, 'case.read'),
      e(5, 'approval.decide', ['Approved on a substantive rationale.']),
      e(6, 'case.read'),
      e(7, 'liaison.request'),
      e(8, 'liaison.request'),
    ]);
    expect(g.map((x) => [x.action, x.count, x.lastAt])).toEqual([
      ['case.read', 3, '2026-06-01T12:04:00.000Z'],
      ['case.evaluate', 1, null],
      ['approval.decide', 1, null],
      ['case.read', 1, null],
      // Two requests are two things done, never one line.
      ['liaison.request', 1, null],
      ['liaison.request', 1, null],
    ]);
  });
});

describe("a case's history (service)", () => {
  it('collapses ten reads and repeated screening runs into one line each', async () => {
    const c = await caseByNumber('RL-2026-000002');
    const officer = await as('officer');
    for (let i = 0; i < 10; i++) {
      await getCase(officer, c.id);
      t.clock.advance(60_000);
    }
    for (let i = 0; i < 3; i++) await runScreening(officer, c.id);
    const h = await caseHistory(await as('auditor'), c.id, { includeReads: true });
    const reads = h.filter((x) => x.action === 'case.read' && x.actorName !== 'auditor');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.count).toBeGreaterThanOrEqual(10);
    expect(reads[0]!.lastAt! > reads[0]!.at).toBe(true);
    const runs = h.filter((x) => x.action === 'screening.run');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.count).toBe(3);
    expect(runs[0]!.summary).toMatch(/ran the screening again \(asked for\): nothing changed\.$/);
  });

  it('says what the decisions on an authorized case were', async () => {
    const c = await caseByNumber('RL-2026-000001');
    const h = await caseHistory(await as('auditor'), c.id);
    const approval = h.find((x) => x.action === 'approval.decide' && x.outcome === 'ok');
    expect(approval?.summary).toMatch(/approved the case/);
    expect(approval?.reasons.some((r) => r.startsWith('Decision:'))).toBe(false);
    const answers = h.filter((x) => x.action.startsWith('liaison.respond') && x.outcome === 'ok');
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a.summary).toMatch(/answered the .* request.*: \w/);
  });
});
