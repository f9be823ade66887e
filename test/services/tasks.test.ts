import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { closeCase } from '../../src/services/case/close.ts';
import { openCase } from '../../src/services/case/open.ts';
import type { Call } from '../../src/services/context.ts';
import { callAsUser } from '../../src/services/context.ts';
import { cancelLiaisonRequest } from '../../src/services/liaison/cancel.ts';
import { followUpLiaisonRequest } from '../../src/services/liaison/follow-up.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { completeTask } from '../../src/services/tasks/complete.ts';
import { listTasks } from '../../src/services/tasks/list.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount as countAudit } from '../helpers/calls.ts';
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
const auditCount = (outcome?: string) => countAudit(d, outcome);

describe('case numbers', () => {
  it('gives concurrent openings distinct numbers, after the existing ones', async () => {
    const officer = await as('officer');
    const opened = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        openCase(officer, {
          purpose: 'law_enforcement_action',
          person: { languages: ['en'], familyName: `Concurrent${i}` },
          notice: { type: 'red_notice', interpolRef: `2025/7700${i}`, issuingCountry: 'FR' },
        }),
      ),
    );
    const numbers = opened.map((o) => o.caseNumber);
    expect(new Set(numbers).size).toBe(6);
    for (const n of numbers) expect(n).toMatch(/^RL-2026-\d{6}$/);
    // The demo set used 000001..000005: the sequence starts past them.
    expect(numbers.every((n) => Number(n.slice(8)) > 5)).toBe(true);
  });
});

describe('closing a case', () => {
  it('refuses while an authorization is active unless it is withdrawn in the same step', async () => {
    const supervisor = await as('supervisor');
    const c = await caseByNumber('RL-2026-000001');
    expect(c.status).toBe('authorized');
    await expect(closeCase(supervisor, c.id, { reason: 'Person removed.' })).rejects.toMatchObject({
      status: 409,
      code: 'authorization_active',
    });
    expect((await caseByNumber('RL-2026-000001')).status).toBe('authorized');
    const before = await auditCount();
    const r = await closeCase(supervisor, c.id, { reason: 'Person removed.', withdrawAuthorization: true });
    expect(await auditCount()).toBe(before + 1);
    expect(r.withdrawnAuthorizations).toHaveLength(1);
    const after = await caseByNumber('RL-2026-000001');
    expect(after).toMatchObject({ status: 'closed', close_reason: 'Person removed.' });
    const auth = await d.db.selectFrom('authorizations').selectAll().where('case_id', '=', c.id).execute();
    expect(auth.every((a) => a.status === 'withdrawn')).toBe(true);
    await expect(closeCase(supervisor, c.id, { reason: 'again' })).rejects.toMatchObject({
      code: 'case_closed',
    });
  });

  it('is for supervisors of the case office, and a refusal is audited once', async () => {
    const c = await caseByNumber('RL-2026-000002');
    const denied = await auditCount('denied');
    await expect(closeCase(await as('officer'), c.id, { reason: 'x' })).rejects.toMatchObject({
      status: 403,
    });
    expect(await auditCount('denied')).toBe(denied + 1);
    const mia = await caseByNumber('RL-2026-000005');
    // Another office's case answers exactly as an unknown case; the audit log records the scope rule.
    await expect(closeCase(await as('supervisor'), mia.id, { reason: 'x' })).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    await expect(closeCase(await as('supervisor'), c.id, { reason: '  ' })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [{ field: 'reason' }] },
    });
  });
});

describe('re-review tasks', () => {
  it('lists tasks by office and lets a supervisor or attorney complete one', async () => {
    const officerTasks = await listTasks(await as('officer'), { status: 'open' });
    expect(officerTasks.length).toBeGreaterThan(0);
    expect(officerTasks.every((x) => x.officeId === 'NYC')).toBe(true);
    const auditorTasks = await listTasks(await as('auditor'));
    expect(auditorTasks.length).toBeGreaterThanOrEqual(officerTasks.length);
    const task = officerTasks[0]!;
    await expect(
      completeTask(await as('officer'), task.id, { outcome: 'reliance_ended', note: 'Done.' }),
    ).rejects.toMatchObject({ status: 403, detail: { rule: 'ROLE:task.complete' } });
    await expect(
      completeTask(await as('attorney'), task.id, { outcome: 'reliance_ended', note: '' }),
    ).rejects.toMatchObject({ status: 422 });
    // The note passes the substance check, as every written reason does.
    await expect(
      completeTask(await as('attorney'), task.id, { outcome: 'reliance_ended', note: 'Reviewed, done.' }),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'note', rule: 'SUBSTANCE-STOCK-PHRASE' })] },
    });
    const before = await auditCount();
    await completeTask(await as('attorney'), task.id, {
      outcome: 'reliance_ended',
      note: 'The notice was withdrawn in March; nobody in the office acts on it any longer.',
    });
    expect(await auditCount()).toBe(before + 1);
    const done = (await listTasks(await as('supervisor'), { status: 'done' })).find((x) => x.id === task.id)!;
    expect(done.resolution).toMatch(/^reliance_ended: /);
    expect(done.closedByName).toBeTruthy();
    await expect(
      completeTask(await as('supervisor'), task.id, { outcome: 'no_impact', note: 'again' }),
    ).rejects.toMatchObject({ code: 'task_done' });
  });
});

describe('liaison follow-up', () => {
  it('follows up an overdue request and cancels a pending one', async () => {
    const officer = await as('officer');
    const c = await caseByNumber('RL-2026-000003');
    const req = await requestLiaison(officer, c.id, { kind: 'documentation' });
    await expect(followUpLiaisonRequest(officer, req.id, { note: 'Any news?' })).rejects.toMatchObject({
      code: 'not_overdue',
    });
    t.clock.advance(31 * 86_400_000);
    const f = await followUpLiaisonRequest(officer, req.id, { note: 'Any news?' });
    expect(f.followUps).toBe(1);
    await expect(cancelLiaisonRequest(officer, req.id, { reason: '' })).rejects.toMatchObject({
      status: 422,
    });
    // The reason is checked for substance like every written reason on a case.
    await expect(
      cancelLiaisonRequest(officer, req.id, { reason: 'Asked by mistake.' }),
    ).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'reason', rule: 'SUBSTANCE-TOO-SHORT' })] },
    });
    const reason = 'The documentation arrived by diplomatic pouch on 2 June; it is on the case as received.';
    await cancelLiaisonRequest(officer, req.id, { reason });
    const row = await d.db
      .selectFrom('liaison_requests')
      .selectAll()
      .where('id', '=', req.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', cancelled_reason: reason });
    await expect(cancelLiaisonRequest(officer, req.id, { reason: 'again' })).rejects.toMatchObject({
      code: 'request_not_pending',
    });
    // Another office's request answers exactly as an unknown one.
    await expect(
      cancelLiaisonRequest(await as('officer2'), req.id, { reason: 'not mine' }),
    ).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});
