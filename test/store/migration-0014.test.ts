import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { callAsUser } from '../../src/services/context.ts';
import { listCaseDocuments } from '../../src/services/documents/list.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import type { Database } from '../../src/store/db.ts';
import * as m0014 from '../../src/store/migrations/0014_stored_documents.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
}, 120_000);
afterAll(async () => {
  await d.close();
});

describe('migration 0014: documents received become documents', () => {
  it('keeps every recorded row, marks it as having no stored file, and the documentation gate reads it as before', async () => {
    const pending = await d.db
      .selectFrom('liaison_requests')
      .innerJoin('cases', 'cases.id', 'liaison_requests.case_id')
      .select(['liaison_requests.id', 'liaison_requests.case_id'])
      .where('liaison_requests.kind', '=', 'documentation')
      .where('liaison_requests.status', '=', 'pending')
      .where('cases.office_id', '=', 'NYC')
      .executeTakeFirstOrThrow();
    // The documentation gates apply to immigration proceedings.
    await d.db
      .updateTable('cases')
      .set({ purpose: 'immigration_proceedings' })
      .where('id', '=', pending.case_id)
      .execute();
    const liaison = await callAsUser(t.app, 'liaison', 'test');
    await respondLiaison(liaison, pending.id, {
      outcome: 'provided',
      documents: [
        { title: 'Arrest warrant', kind: 'arrest_warrant', language: 'fr' },
        { title: 'Judgment', kind: 'judgment' },
      ],
    });
    const officer = await callAsUser(t.app, 'officer', 'test');
    const gate = async () =>
      (await evaluateCase(officer, pending.case_id)).gates.find((g) => g.gate === 'G-DOCS-RECEIVED')!.status;
    expect(await gate()).toBe('met');

    // Back to the rows as they were recorded before files could be stored, then forward again.
    await m0014.down(d.db as never);
    const oldCols = [
      'id',
      'case_id',
      'notice_id',
      'liaison_response_id',
      'kind',
      'title',
      'language',
      'received_at',
      'recorded_by',
    ] as const;
    const before = await d.db.selectFrom('documents').select(oldCols).orderBy('id').execute();
    expect(before.length).toBeGreaterThanOrEqual(2);
    await m0014.up(d.db as never);
    const after = await d.db
      .selectFrom('documents')
      .select([...oldCols, 'file_status', 'stored_sha256'])
      .orderBy('id')
      .execute();
    expect(after.map(({ file_status, stored_sha256, ...rest }) => rest)).toEqual(before);
    expect(new Set(after.map((r) => r.file_status))).toEqual(new Set(['none']));
    expect(after.every((r) => r.stored_sha256 === null)).toBe(true);

    expect(await gate()).toBe('met');
    const listed = await listCaseDocuments(officer, pending.case_id);
    const warrant = listed.find((x) => x.title === 'Arrest warrant')!;
    expect(warrant).toMatchObject({ hasFile: false, language: 'fr', kind: 'arrest_warrant' });
    expect(warrant.gates.map((g) => g.gate)).toEqual(['G-DOCS-RECEIVED']);

    // A stored file needs its object; a metadata row cannot claim one.
    const bad = await d.db
      .updateTable('documents')
      .set({ file_status: 'stored' })
      .where('id', '=', warrant.id)
      .execute()
      .catch((e: Error) => e);
    expect(bad).toBeInstanceOf(Error);
  });
});
