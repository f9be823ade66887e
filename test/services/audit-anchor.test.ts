/**
 * The tail of the audit trail is anchored (issue 9, item 7): entries written outside the action path
 * trigger checkpoints too, an idle tail is checkpointed once it is older than the interval, and
 * verification compares the head with the latest checkpoint (database and mirror file), so cutting,
 * rewriting or extending the tail is reported.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import { AuditSigner, appendAudit, entryHash, verifyAuditChain } from '../../src/services/audit.ts';
import { type AppContext, auditEvent, type Call, systemActor } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import { testClock } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let clock: ReturnType<typeof testClock>;
let signer: AuditSigner;
let app: AppContext;
let call: Call;

beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => {
  await d.close();
});
beforeEach(async () => {
  await sql`truncate audit_log, audit_checkpoints`.execute(d.db);
  await sql`delete from policy_versions where version > 1`.execute(d.db);
  clock = testClock();
  signer = new AuditSigner(join(mkdtempSync(join(tmpdir(), 'redline-anchor-')), 'audit.pem'));
  app = { db: d.db, dbKind: d.kind, clock: clock.now, signer };
  call = { app, actor: systemActor('test'), meta: { requestId: null, sourceIp: null } };
});

/** A sign-in attempt is audited outside the action path (auditEvent), as every event is. */
const event = (n = 1) =>
  (async () => {
    for (let i = 0; i < n; i++)
      await auditEvent(call, 'session.login', 'failed', { detail: { reason: 'unknown user' } });
  })();

const checkpointSeqs = async () =>
  (await d.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq').execute()).map((r) =>
    Number(r.seq),
  );

const verify = (at = clock.now()) => verifyAuditChain(d.db, signer, undefined, { now: at });

/** Three entries, then one more a little over a minute later: the fourth append checkpoints the head. */
async function anchoredTail() {
  await event(3);
  clock.advance((DEFAULT_POLICY.auditCheckpointEverySeconds + 1) * 1000);
  await event(1);
}

describe('checkpoints for every append path', () => {
  it('writes a checkpoint every N entries written outside the action path (sign-in attempts)', async () => {
    await sql`insert into policy_versions (version, settings, note) values (2, ${JSON.stringify({ ...DEFAULT_POLICY, version: 2, auditCheckpointEveryEntries: 5 })}::jsonb, 'test')`.execute(
      d.db,
    );
    await event(12);
    expect(await checkpointSeqs()).toEqual([5, 10]);
    expect(signer.mirrored().map((c) => c.seq)).toEqual([5, 10]);
    expect((await verify()).ok).toBe(true);
  });

  it('checkpoints the head on the next append once the oldest unanchored entry is M seconds old', async () => {
    await event(2);
    clock.advance(30_000);
    await event(1);
    expect(await checkpointSeqs()).toEqual([]);
    clock.advance((DEFAULT_POLICY.auditCheckpointEverySeconds - 30) * 1000);
    await event(1);
    expect(await checkpointSeqs()).toEqual([4]);
  });
});

describe('verification of the tail against the latest checkpoint', () => {
  it('reports rows deleted after they were checkpointed, from the database copy and from the mirror', async () => {
    await anchoredTail();
    expect((await verify()).ok).toBe(true);
    await sql`delete from audit_log where seq >= 3`.execute(d.db);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.tail.missing).toBe(2);
    expect(report.problems.some((p) => /2 entries are missing from the end/.test(p.problem))).toBe(true);
    // The checkpoint rows deleted too: the mirror outside the database still tells.
    await sql`delete from audit_checkpoints`.execute(d.db);
    const again = await verify();
    expect(again.ok).toBe(false);
    expect(again.problems.some((p) => /no longer in the database/.test(p.problem))).toBe(true);
    expect(again.tail.missing).toBe(2);
  });

  it('reports rows rewritten after they were checkpointed, even with a recomputed hash chain', async () => {
    await anchoredTail();
    const rows = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', 3)
      .orderBy('seq')
      .execute();
    let prev = (
      await d.db.selectFrom('audit_log').select('hash').where('seq', '=', 2).executeTakeFirstOrThrow()
    ).hash;
    for (const r of rows) {
      const { hash: _old, ...rest } = { ...r, actor_username: 'mallory', prev_hash: prev };
      const hash = entryHash(rest);
      await d.db
        .updateTable('audit_log')
        .set({ actor_username: 'mallory', prev_hash: prev, hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    }
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => /differs from its signed checkpoint/.test(p.problem))).toBe(true);
  });

  it('reports a forged head appended with a correct hash chain once it is older than the interval allows', async () => {
    await anchoredTail();
    // Entries appended straight into the table (no action, no checkpoint), chained correctly.
    for (let i = 0; i < 2; i++)
      await d.db.transaction().execute((trx) =>
        appendAudit(trx, {
          at: clock.now(),
          actorId: null,
          actorUsername: 'supervisor',
          actorRole: 'supervisor',
          action: 'approval.record',
          outcome: 'ok',
        }),
      );
    // Within the interval the two entries are still pending (a real server checkpoints them within it).
    const fresh = await verify();
    expect(fresh.ok).toBe(true);
    expect(fresh.tail).toMatchObject({ checkpointSeq: 4, pending: 2, unanchored: 0 });
    // Past the interval and its grace, nothing checkpointed them: they were appended without one.
    const later = await verify(new Date(clock.now().getTime() + 3 * 60_000));
    expect(later.ok).toBe(false);
    expect(later.tail.unanchored).toBe(2);
    expect(later.firstBad?.seq).toBe(5);
    expect(later.firstBad?.problem).toMatch(/appended without a checkpoint/);
  });

  it('reports at once a forged head dated before the latest checkpoint', async () => {
    await anchoredTail();
    await d.db.transaction().execute((trx) =>
      appendAudit(trx, {
        at: new Date(clock.now().getTime() - 3_600_000),
        actorId: null,
        actorUsername: 'director',
        actorRole: 'supervisor',
        action: 'exigency.decide',
        outcome: 'ok',
      }),
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.tail.unanchored).toBe(1);
  });
});
