import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditInput,
  AuditSigner,
  appendAudit,
  appendAuditEntries,
  verifyAuditChain,
  writeCheckpoint,
} from '../../src/services/audit.ts';
import type { Database } from '../../src/store/db.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let signer: AuditSigner;

beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => {
  await d.close();
});
beforeEach(async () => {
  await sql`truncate audit_log, audit_checkpoints`.execute(d.db);
  signer = new AuditSigner(join(mkdtempSync(join(tmpdir(), 'redline-key-')), 'audit.pem'));
});

async function writeEntries(n: number) {
  for (let i = 0; i < n; i++) {
    await d.db.transaction().execute((trx) =>
      appendAudit(trx, {
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)),
        actorId: null,
        actorUsername: `user${i % 3}`,
        actorRole: 'officer',
        action: 'case.update',
        outcome: 'ok',
        entityType: 'case',
        entityId: `c${i}`,
        before: { n: i },
        after: { n: i + 1, note: 'ünïcode ✓' },
        detail: { b: 2, a: [1, { z: 1, y: 2 }] },
        requestId: `r${i}`,
        sourceIp: '127.0.0.1',
      }),
    );
  }
}

describe('audit chain', () => {
  it('links entries in order and verifies a clean log', async () => {
    await writeEntries(5);
    const rows = await d.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(5);
    expect(report.firstBad).toBeNull();
  });

  it('appends many entries at once as the same chain as one by one, across insert statements', async () => {
    const input = (i: number): AuditInput => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, 1, i)),
      actorId: null,
      actorUsername: i % 2 ? 'officer' : 'ünïcode ✓ \u202e',
      actorRole: 'officer',
      action: 'case.read',
      outcome: 'ok',
      entityType: 'case',
      entityId: `c${i}`,
      detail: { i, nested: { z: [i, 'x'], a: null } },
      requestId: `r${i}`,
      sourceIp: '127.0.0.1',
    });
    const inputs = Array.from({ length: 600 }, (_, i) => input(i));
    await writeEntries(2);
    const batch = await d.db.transaction().execute((trx) => appendAuditEntries(trx, inputs));
    await writeEntries(1);
    expect(batch.map((e) => e.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 3));
    expect((await verifyAuditChain(d.db, signer)).ok).toBe(true);
    // the same entries appended one by one after the same two give the same hashes
    const hashes = batch.map((e) => e.hash);
    await sql`truncate audit_log, audit_checkpoints`.execute(d.db);
    await writeEntries(2);
    const single: string[] = [];
    for (const i of inputs)
      single.push((await d.db.transaction().execute((trx) => appendAudit(trx, i))).hash);
    expect(single).toEqual(hashes);
  });

  it('stays linear under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, () => writeEntries(1)));
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(20);
  });

  it('names the entry whose field was changed', async () => {
    await writeEntries(6);
    await sql`update audit_log set actor_username = 'mallory' where seq = 4`.execute(d.db);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(false);
    expect(report.firstBad?.seq).toBe(4);
    expect(report.firstBad?.problem).toMatch(/altered/);
  });

  it('names the entry whose detail was changed', async () => {
    await writeEntries(3);
    await sql`update audit_log set detail = '{"b":3}' where seq = 2`.execute(d.db);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.firstBad?.seq).toBe(2);
  });

  it('names the gap when a row is deleted', async () => {
    await writeEntries(6);
    await sql`delete from audit_log where seq = 3`.execute(d.db);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(false);
    expect(report.firstBad?.seq).toBe(3);
    expect(report.firstBad?.problem).toMatch(/missing/);
  });

  it('detects two swapped rows', async () => {
    await writeEntries(6);
    await sql`update audit_log set seq = -2 where seq = 2`.execute(d.db);
    await sql`update audit_log set seq = 2 where seq = 3`.execute(d.db);
    await sql`update audit_log set seq = 3 where seq = -2`.execute(d.db);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(false);
    expect(report.firstBad?.seq).toBe(2);
  });

  it('detects truncation of the tail through a signed checkpoint', async () => {
    await writeEntries(5);
    const cp = await d.db.transaction().execute((trx) => writeCheckpoint(trx, signer, new Date()));
    signer.mirror(cp!);
    await sql`delete from audit_log where seq >= 4`.execute(d.db);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => /truncated/.test(p.problem))).toBe(true);
  });

  it('detects truncation even when the checkpoint rows are deleted too (mirror file)', async () => {
    await writeEntries(5);
    const cp = await d.db.transaction().execute((trx) => writeCheckpoint(trx, signer, new Date()));
    signer.mirror(cp!);
    await sql`delete from audit_log where seq >= 4`.execute(d.db);
    await sql`delete from audit_checkpoints`.execute(d.db);
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(false);
    expect(report.firstBad?.seq).toBe(5);
  });

  it('detects a rewritten tail (re-hashed chain) against the checkpoint', async () => {
    await writeEntries(4);
    const cp = await d.db.transaction().execute((trx) => writeCheckpoint(trx, signer, new Date()));
    signer.mirror(cp!);
    // Rewrite everything from entry 2 on and recompute the chain, as an attacker with DB access would.
    await sql`delete from audit_log where seq >= 2`.execute(d.db);
    for (let i = 0; i < 3; i++) {
      await d.db.transaction().execute((trx) =>
        appendAudit(trx, {
          at: new Date(),
          actorId: null,
          actorUsername: 'mallory',
          actorRole: null,
          action: 'case.update',
          outcome: 'ok',
        }),
      );
    }
    const report = await verifyAuditChain(d.db, signer);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => /rewritten/.test(p.problem))).toBe(true);
  });

  it('rejects a forged checkpoint signature', async () => {
    await writeEntries(2);
    await d.db
      .insertInto('audit_checkpoints')
      .values({ seq: 2, hash: 'x', signed_at: new Date(), key_id: signer.keyId, signature: 'AAAA' })
      .execute();
    const report = await verifyAuditChain(d.db, signer);
    expect(report.problems.some((p) => /invalid signature/.test(p.problem))).toBe(true);
  });
});
