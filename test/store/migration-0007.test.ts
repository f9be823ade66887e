/**
 * Migration 0007 keeps existing data and fills the new facts with sensible defaults: the independent
 * basis's actions from the case's purpose, its legal authority from the statute references in the summary,
 * its kinds of ground where the summary names them plainly; a use authorization's "disclosed in full"
 * from its conditions text and its scope (immigration proceedings, what such a request asks for).
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { callAsUser } from '../../src/services/context.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import type { Database } from '../../src/store/db.ts';
import * as m0007 from '../../src/store/migrations/0007_documentation_basis.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
});
afterAll(async () => d.close());

type Basis = { summary: string; actions?: string[]; grounds?: string[]; legalAuthority?: string };

describe('migration 0007', () => {
  it('backfills the basis and the use-authorization conditions of existing records', async () => {
    const cases = await d.db.selectFrom('cases').select(['id', 'purpose']).orderBy('case_number').execute();
    const lawEnforcement = cases.find((c) => c.purpose === 'law_enforcement_action')!;
    const immigration = cases.find((c) => c.purpose === 'immigration_proceedings')!;
    const request = await requestLiaison(await callAsUser(t.app, 'officer'), immigration.id, {
      kind: 'use_authorization',
    });
    const grant = await respondLiaison(await callAsUser(t.app, 'liaison'), request.id, {
      outcome: 'granted',
      scope: 'Removal proceedings',
      scopePurposes: ['immigration_proceedings'],
      conditions: 'The documentation must be disclosed in full to the person.',
    });

    // Back to the shape before 0007, with a summary that cites a statute.
    await m0007.down(d.db as unknown as Kysely<unknown>);
    await sql`update cases set independent_basis = jsonb_build_object('summary', ${'Overstayed a visa since 2021; removable under INA 237(a)(1)(B) and detained under 8 U.S.C. 1226(a).'}::text, 'evidence', '[]'::jsonb) where id = ${immigration.id}`.execute(
      d.db,
    );
    await m0007.up(d.db as unknown as Kysely<unknown>);

    const read = async (id: string) =>
      (
        await d.db
          .selectFrom('cases')
          .select('independent_basis')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).independent_basis as Basis;
    const le = await read(lawEnforcement.id);
    expect(le.actions).toEqual(['detention']);
    expect(le.summary.length).toBeGreaterThan(0);
    const im = await read(immigration.id);
    expect(im.actions).toEqual(['removal_proceedings']);
    expect(im.grounds).toEqual(['visa_overstay']);
    expect(im.legalAuthority).toBe('INA 237(a)(1)(B); 8 U.S.C. 1226(a)');

    const response = await d.db
      .selectFrom('liaison_responses')
      .select(['disclosure_in_full', 'scope_purposes', 'missing_items'])
      .where('id', '=', grant.id)
      .executeTakeFirstOrThrow();
    expect(response.disclosure_in_full).toBe(true);
    expect(response.scope_purposes).toEqual(['immigration_proceedings']);
    expect(response.missing_items).toEqual([]);
  });
});
