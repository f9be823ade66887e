/**
 * The checkpoint timer's tick (sealAuditTail), which every server instance runs so that an idle tail is
 * anchored within the interval, and which the CLI runs (forced) before it exits. Several instances on one
 * database tick at once: the append lock makes exactly one of them sign the head.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy-settings.ts';
import { AuditSigner, verifyAuditChain } from '../../src/services/audit.ts';
import { sealAuditTail } from '../../src/services/audit-anchor.ts';
import { type AppContext, auditEvent, systemActor } from '../../src/services/context.ts';
import type { Database } from '../../src/store/db.ts';
import { testClock } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let clock: ReturnType<typeof testClock>;
let keyFile: string;
let instances: AppContext[];

beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => {
  await d.close();
});
beforeEach(async () => {
  await sql`truncate audit_log, audit_checkpoints`.execute(d.db);
  clock = testClock();
  keyFile = join(mkdtempSync(join(tmpdir(), 'redline-timer-')), 'audit.pem');
  // Three server instances sharing one database and one key directory.
  instances = [0, 1, 2].map(() => ({
    db: d.db,
    dbKind: d.kind,
    clock: clock.now,
    signer: new AuditSigner(keyFile),
  }));
});

async function events(n: number) {
  const app = instances[0]!;
  for (let i = 0; i < n; i++)
    await auditEvent(
      { app, actor: systemActor('test'), meta: { requestId: null, sourceIp: null } },
      'case.read',
      'ok',
      {},
    );
}
const checkpoints = async () =>
  (await d.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq').execute()).map((r) =>
    Number(r.seq),
  );

describe('the checkpoint timer', () => {
  it('anchors an idle tail once its oldest entry is M seconds old, and not before', async () => {
    await events(3);
    expect(await sealAuditTail(instances[0]!)).toBeNull();
    clock.advance(DEFAULT_POLICY.auditCheckpointEverySeconds * 1000);
    const cp = await sealAuditTail(instances[0]!);
    expect(cp?.seq).toBe(3);
    expect(await checkpoints()).toEqual([3]);
    expect(instances[0]!.signer!.mirrored().map((c) => c.seq)).toEqual([3]);
    // Nothing new: nothing to sign.
    clock.advance(DEFAULT_POLICY.auditCheckpointEverySeconds * 1000);
    expect(await sealAuditTail(instances[0]!)).toBeNull();
    expect((await verifyAuditChain(d.db, instances[0]!.signer, undefined, { now: clock.now() })).ok).toBe(
      true,
    );
  });

  it('signs the head once when several instances tick at the same time', async () => {
    await events(4);
    clock.advance(DEFAULT_POLICY.auditCheckpointEverySeconds * 1000);
    const results = await Promise.all(
      [...instances, ...instances].map((app) => sealAuditTail(app).catch((e: unknown) => e)),
    );
    expect(results.filter((r) => r !== null && !(r instanceof Error))).toHaveLength(1);
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(await checkpoints()).toEqual([4]);
  });

  it('anchors fresh entries at once when forced (the CLI before it exits, a clean shutdown)', async () => {
    await events(2);
    expect((await sealAuditTail(instances[1]!, { force: true }))?.seq).toBe(2);
    expect(await sealAuditTail(instances[1]!, { force: true })).toBeNull();
    expect(await checkpoints()).toEqual([2]);
  });
});
