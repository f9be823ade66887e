// The reason of a charge correction and of a wording dismissal is checked for substance in the service
// (kinds charge_correction and wording_dismissal); a dismissal may quote the words it dismisses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { updateCaseFacts } from '../../src/services/case/update.ts';
import { dismissWording } from '../../src/services/review/dismiss-wording.ts';
import { recordChargeCorrection } from '../../src/services/screening/charge-correction.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount } from '../helpers/calls.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';
import { expectDirectoryReads } from '../helpers/people-directory.ts';

let d: Database;
let walk: ReturnType<typeof caseWalker>;

beforeAll(async () => {
  d = await testDatabase();
  const t = testApp(d);
  await seedDemo(t.system);
  walk = caseWalker(t);
});
afterAll(async () => d.close());

const rulesOf = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { status: number; detail: { fields: Array<{ field: string; rule?: string }> } } | null;
  expect(e?.status).toBe(422);
  return e!.detail.fields.map((f) => [f.field, f.rule]);
};

describe('charge correction reason', () => {
  it('refuses a stock phrase, a short text and a copy of another entry; records a reason that says something', async () => {
    const c = await walk.open('officer');
    const officer = await walk.as('officer');
    const base = { noticeId: c.noticeId, warrantPosition: 0, decision: 'confirmed' as const };
    const before = await auditCount(d);
    expect(await rulesOf(recordChargeCorrection(officer, c.id, { ...base, reason: 'OK.' }))).toEqual([
      ['reason', 'SUBSTANCE-STOCK-PHRASE'],
    ]);
    expect(
      await rulesOf(
        recordChargeCorrection(officer, c.id, { ...base, reason: 'Fraud, as the warrant says.' }),
      ),
    ).toEqual([['reason', 'SUBSTANCE-TOO-SHORT']]);
    // a refused input writes nothing but its audit entry (outcome `failed`, one per refusal)
    expect(await auditCount(d)).toBe(before + 2);
    const reason =
      'The Paris warrant describes diverting a private investor’s funds through a shell company: ordinary fraud.';
    const ok = await recordChargeCorrection(officer, c.id, { ...base, reason });
    expect(ok.categories.length).toBeGreaterThan(0);
    expect(await rulesOf(recordChargeCorrection(officer, c.id, { ...base, reason }))).toEqual([
      ['reason', 'SUBSTANCE-DUPLICATE'],
    ]);
    const rows = await d.db
      .selectFrom('charge_corrections')
      .select('reason')
      .where('case_id', '=', c.id)
      .execute();
    expect(rows.map((r) => r.reason)).toEqual([reason]);
  });
});

describe('wording dismissal reason', () => {
  async function finding() {
    const c = await walk.open('officer');
    await updateCaseFacts(await walk.as('officer'), c.id, {
      narrative: 'The subject is wanted on an INTERPOL warrant, according to the requesting state.',
    });
    const gates = await evaluateCase(await walk.as('supervisor'), c.id);
    const language = gates.gates.find((g) => g.gate === 'G-LANGUAGE')!;
    const f = (language.facts as { findings: Array<{ fingerprint: string; excerpt: string }> }).findings[0]!;
    return { caseId: c.id, ...f };
  }

  it('refuses "ok" and a short reason, and accepts one that quotes the dismissed words', async () => {
    const f = await finding();
    const sup = await walk.as('supervisor');
    expect(
      await rulesOf(dismissWording(sup, f.caseId, { fingerprint: f.fingerprint, reason: 'ok' })),
    ).toEqual([['reason', 'SUBSTANCE-STOCK-PHRASE']]);
    expect(
      await rulesOf(
        dismissWording(sup, f.caseId, { fingerprint: f.fingerprint, reason: 'It is a quotation.' }),
      ),
    ).toEqual([['reason', 'SUBSTANCE-TOO-SHORT']]);
    // Quoting the flagged words is what a dismissal does: the D10 wording rule is not applied to it.
    const reason = `The narrative quotes the requesting state’s extradition request word for word: “${f.excerpt}”.`;
    await expect(
      dismissWording(sup, f.caseId, { fingerprint: f.fingerprint, reason }),
    ).resolves.toMatchObject({
      id: expect.any(String),
    });
    const row = await d.db
      .selectFrom('wording_dismissals')
      .select('reason')
      .where('case_id', '=', f.caseId)
      .executeTakeFirstOrThrow();
    expect(row.reason).toBe(reason);
  });
});

describe('every case these tests left, read through the directory of people', () => {
  it('is the case read by the statement that looks its people up itself', async () => {
    expect(await expectDirectoryReads(d.db, 'reason-checks')).toBeGreaterThan(0);
  });
});
