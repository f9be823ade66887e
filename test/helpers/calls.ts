import { expect } from 'vitest';
import type { Database } from '../../src/store/db.ts';

/**
 * Entries in the audit trail, optionally of one outcome (ok, denied, failed): the chain, and the reads
 * recorded in the read log that are not folded into it yet (services/read-log.ts).
 */
export async function auditCount(d: Database, outcome?: string): Promise<number> {
  let q = d.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (outcome) q = q.where('outcome', '=', outcome);
  let r = d.db.selectFrom('read_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (outcome) r = r.where('outcome', '=', outcome);
  return Number((await q.executeTakeFirstOrThrow()).n) + Number((await r.executeTakeFirstOrThrow()).n);
}

/** Runs a service call and checks it left exactly one audit entry. */
export async function once<T>(d: Database, fn: () => Promise<T>): Promise<T> {
  const before = await auditCount(d);
  const value = await fn();
  expect(await auditCount(d)).toBe(before + 1);
  return value;
}
