/**
 * Checks that every case read through this process's directory of people (services/people-directory.ts,
 * as the case page and the reads without a transaction read) is the case read by the statement that looks
 * its people and their training up itself (snapshot.ts#readSnapshotRow, as actions read it).
 */
import { sql } from 'kysely';
import { expect } from 'vitest';
import { sessionSelect } from '../../src/services/accounts.ts';
import { caseViewOf } from '../../src/services/case/read.ts';
import { readCaseAsSession, readSnapshotRow } from '../../src/services/snapshot.ts';
import type { DbOrTrx } from '../../src/store/db.ts';

export async function expectDirectoryReads(db: DbOrTrx, label: string): Promise<number> {
  const ids = (await sql<{ id: string }>`select id from cases order by id`.execute(db)).rows.map((r) => r.id);
  for (const id of ids) {
    const full = caseViewOf((await readSnapshotRow(db, id))!);
    const got = (await readCaseAsSession(db, id, { session: sessionSelect('no session') }))!;
    expect(caseViewOf(got.read.raw, got.read.snapshot), `${label}: case ${id}`).toEqual(full);
  }
  return ids.length;
}
