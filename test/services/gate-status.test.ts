/**
 * The stored gate status (services/gate-status.ts) equals the evaluator after random workflows: cases
 * opened, validity confirmed, documentation requested and received, reviews, notice status changes,
 * closures, training records and the clock moving on (which makes validity confirmations stale and
 * notices expire). Checked two ways after every workflow: a stored row not yet past its stale time must
 * already equal the evaluator (so `stale_at` never lies), and after the read path's refresh every row
 * equals it; `gates verify` then finds nothing and repairs a row that was tampered with.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { evaluateGates, evaluatePrepared, evaluateTracked, prepareSnapshot } from '../../src/domain/gates.ts';
import { GATE_IDS } from '../../src/domain/types.ts';
import { closeCase } from '../../src/services/case/close.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { ServiceError } from '../../src/services/errors.ts';
import {
  nextChangeAt,
  refreshStaleGateStatus,
  storedGateStatus,
  summarise,
  verifyGateStatus,
} from '../../src/services/gate-status.ts';
import { recordNoticeStatus } from '../../src/services/notice/record-status.ts';
import { loadCaseSnapshot } from '../../src/services/snapshot.ts';
import { recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let walk: ReturnType<typeof caseWalker>;
const cases: Array<{ id: string; noticeId: string }> = [];

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  walk = caseWalker(t);
});
afterAll(async () => d.close());

type Step =
  | { kind: 'open' }
  | { kind: 'confirm'; pick: number }
  | { kind: 'documents'; pick: number }
  | { kind: 'review'; pick: number }
  | { kind: 'notice'; pick: number; status: 'withdrawn' | 'suspended' | 'valid' }
  | { kind: 'close'; pick: number }
  | { kind: 'training' }
  | { kind: 'time'; hours: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Step>({ kind: 'open' }) },
  { weight: 3, arbitrary: fc.nat(20).map((pick): Step => ({ kind: 'confirm', pick })) },
  { weight: 2, arbitrary: fc.nat(20).map((pick): Step => ({ kind: 'documents', pick })) },
  { weight: 2, arbitrary: fc.nat(20).map((pick): Step => ({ kind: 'review', pick })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ pick: fc.nat(20), status: fc.constantFrom('withdrawn', 'suspended', 'valid') })
      .map((r): Step => ({ kind: 'notice', ...r }) as Step),
  },
  { weight: 1, arbitrary: fc.nat(20).map((pick): Step => ({ kind: 'close', pick })) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'training' }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(1, 5, 30, 200, 24 * 40, 24 * 400)
      .map((hours): Step => ({ kind: 'time', hours })),
  },
);

/** Runs one step; a refusal by a rule (a gate, a state) is a valid outcome of a random workflow. */
async function run(s: Step): Promise<void> {
  const pickCase = (n: number) => (cases.length ? cases[n % cases.length]! : null);
  try {
    if (s.kind === 'open') {
      const c = await walk.open('officer');
      cases.push({ id: c.id, noticeId: c.noticeId });
    } else if (s.kind === 'time') t.clock.advance(s.hours * 3_600_000);
    else if (s.kind === 'training')
      await recordTraining(await walk.as('coordinator'), {
        userId: (
          await d.db
            .selectFrom('users')
            .select('id')
            .where('username', '=', 'officer')
            .executeTakeFirstOrThrow()
        ).id,
        course: 'INTERPOL notices annual training',
        completedAt: t.clock.now(),
      });
    else {
      const c = pickCase(s.pick);
      if (!c) return;
      if (s.kind === 'confirm') await walk.confirmAndRequest(c.id);
      else if (s.kind === 'documents') await walk.receiveDocuments(c.id);
      else if (s.kind === 'review') await walk.review(c.id, 'supervisor2');
      else if (s.kind === 'notice')
        await recordNoticeStatus(await walk.as('liaison'), c.noticeId, {
          status: s.status,
          usncbReference: 'USNCB-PROP-1',
        });
      else if (s.kind === 'close')
        await closeCase(await walk.as('supervisor'), c.id, {
          reason: 'Closed during a random workflow of the gate status test.',
          withdrawAuthorization: true,
        });
    }
  } catch (err) {
    if (err instanceof ServiceError || /no result/i.test(String(err))) return;
    throw err;
  }
}

async function evaluatorKey(caseId: string) {
  const now = t.clock.now();
  const s = summarise(evaluateGates(await loadCaseSnapshot(d.db, caseId), await currentPolicy(d.db), now));
  return { allMet: s.allMet, blocking: s.blocking, gates: s.gates };
}

async function storedKey(caseId: string) {
  const s = await storedGateStatus(d.db, caseId);
  return s && { allMet: s.allMet, blocking: s.blocking, gates: s.gates, staleAt: s.staleAt };
}

describe('stored gate status', () => {
  it('equals the evaluator after random workflows (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        // Each run opens a case first with the officer's training current (the clock only moves forward
        // across runs, so without it a run after a long jump could open nothing), then the random steps.
        const first: Step[] = [{ kind: 'training' }, { kind: 'open' }];
        for (const s of [...first, ...steps]) await run(s);
        const now = t.clock.now().getTime();
        for (const c of cases) {
          const stored = await storedKey(c.id);
          expect(stored, 'every case has a stored row').not.toBeNull();
          // Not yet past its stale time: it must already be right.
          if (stored!.staleAt === null || new Date(stored!.staleAt).getTime() > now) {
            const { staleAt: _s, ...rest } = stored!;
            expect(rest, `case ${c.id} at ${t.clock.now().toISOString()}`).toEqual(await evaluatorKey(c.id));
          }
        }
        // The read path's refresh makes every row right.
        await d.db
          .transaction()
          .execute((trx) => refreshStaleGateStatus(trx, t.clock.now(), { officeId: null }));
        for (const c of cases) {
          const { staleAt: _s, ...rest } = (await storedKey(c.id))!;
          expect(rest).toEqual(await evaluatorKey(c.id));
        }
      }),
      { numRuns: 8, endOnFailure: true },
    );
    expect(cases.length).toBeGreaterThan(0);
  }, 900_000);

  it('probes only the gates that read the time, and finds the same next change as probing every gate', async () => {
    if (cases.length === 0) {
      await run({ kind: 'training' });
      cases.push(await walk.open('officer'));
    }
    const policy = await currentPolicy(d.db);
    const now = t.clock.now();
    let untimed = 0;
    for (const c of cases) {
      const prepared = prepareSnapshot(await loadCaseSnapshot(d.db, c.id));
      const { evaluation, timed } = evaluateTracked(prepared, policy, now);
      expect(evaluation).toEqual(evaluatePrepared(prepared, policy, now));
      // A gate that did not read the time has the same status at every other instant.
      for (const hours of [-24 * 400, -1, 1, 24, 24 * 30, 24 * 400, 24 * 4000]) {
        const later = evaluatePrepared(prepared, policy, new Date(now.getTime() + hours * 3_600_000));
        for (const g of evaluation.gates) {
          if (timed.includes(g.gate)) continue;
          untimed++;
          expect(later.gates.find((x) => x.gate === g.gate)!.status, `${g.gate} at ${hours} h`).toBe(
            g.status,
          );
        }
      }
      const summary = summarise(evaluation);
      const fast = nextChangeAt(prepared.snapshot, policy, now, summary, prepared);
      const everyGate = nextChangeAt(prepared.snapshot, policy, now, summary, prepared, GATE_IDS);
      if (timed.length === 0) expect(fast).toBeNull();
      else expect(fast).toEqual(everyGate);
    }
    expect(untimed).toBeGreaterThan(0);
  }, 300_000);

  it('gates verify finds no difference, names a tampered row and repairs it', async () => {
    if (cases.length === 0) {
      await run({ kind: 'training' });
      cases.push(await walk.open('officer'));
    }
    await d.db.transaction().execute((trx) => refreshStaleGateStatus(trx, t.clock.now(), { officeId: null }));
    const clean = await verifyGateStatus(d.db, { now: t.clock.now() });
    expect(clean.differences).toEqual([]);
    expect(clean.checked).toBeGreaterThanOrEqual(cases.length);
    const victim = cases[0]!.id;
    const before = await storedKey(victim);
    await d.db
      .updateTable('case_gate_status')
      .set({ all_met: !before!.allMet, gates: JSON.stringify([]), stale_at: null })
      .where('case_id', '=', victim)
      .execute();
    const found = await verifyGateStatus(d.db, { now: t.clock.now() });
    expect(found.differences.map((x) => [x.caseId, x.kind])).toEqual([[victim, 'differs']]);
    const repaired = await verifyGateStatus(d.db, { now: t.clock.now(), repair: true });
    expect(repaired.repaired).toBe(1);
    expect((await verifyGateStatus(d.db, { now: t.clock.now() })).differences).toEqual([]);
    const { staleAt: _s, ...after } = (await storedKey(victim))!;
    expect(after).toEqual(await evaluatorKey(victim));
  }, 300_000);
});
