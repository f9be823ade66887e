/**
 * The re-review queue key kept set-based (migration 0035): a batch of screenings written in one statement
 * (as a bulk re-screening batch writes them) leaves every case with the same queue key (tier, since, state)
 * as the same screenings written one statement per case, and both equal the documented priority computed
 * independently (domain/rereview.ts). The workload is random: custody, proceedings, notice status,
 * disclosure, reviewed cases whose tier rises or falls, two screenings of one case in the same batch (the
 * newest counts), and a case whose stored screening is newer than the batch's.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { priorityTier } from '../../src/domain/rereview.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { insertSyntheticCases } from '../helpers/synthetic-cases.ts';

let d: Database;

beforeAll(async () => {
  d = await testDatabase('rrbulk');
  await seedDemo(testApp(d).system);
}, 300_000);
afterAll(async () => d.close());

const arbCase = fc.record({
  office: fc.constantFrom('NYC' as const, 'MIA' as const),
  status: fc.constant('open' as const),
  custody: fc.constantFrom('in_custody' as const, 'not_in_custody' as const, 'unknown' as const),
  inProceedings: fc.boolean(),
  strongIndicators: fc.subarray(['IND_PROFILE_DISSIDENT', 'IND_ASYLUM_SAME_STATE']),
  contextualIndicators: fc.constant([] as string[]),
  categories: fc.constant(['fraud'] as string[]),
  noticeStatus: fc.constantFrom('valid' as const, 'withdrawn' as const, 'expired' as const),
  issuingCountry: fc.constantFrom('FR', 'RU'),
  disclosed: fc.boolean(),
  createdAt: fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2026-05-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  authorizedAfterHours: fc.constant(null),
  contest: fc.constant(null),
});

/** What happens to one case: reviewed first or not, then the screenings of the batch (strong or not). */
const arbPlan = fc.record({
  reviewed: fc.boolean(),
  batch: fc.array(fc.boolean(), { minLength: 0, maxLength: 2 }),
  newerStored: fc.boolean(),
});

const screening = (caseId: string, strong: boolean, seqAfter = false) => ({
  id: randomUUID(),
  case_id: caseId,
  ruleset_version: seqAfter ? 'later' : 'test',
  country_context_version: 'test',
  inputs_digest: 'b',
  results: JSON.stringify({
    summary: {
      strongPresent: strong ? ['IND_PROFILE_DISSIDENT'] : [],
      contextualPresent: [],
      validityPresent: [],
      undetermined: [],
    },
    offenceCategories: [],
    results: [],
  }),
  trigger: 'manual' as const,
  created_at: new Date('2026-06-01T00:00:00Z'),
});

async function keys(ids: string[]) {
  const rows = (
    await sql<{ id: string; rereview_tier: number; rereview_since: Date; rereview_state: string }>`
      select id, rereview_tier, rereview_since, rereview_state from cases where id = any(${ids}::uuid[])`.execute(
      d.db,
    )
  ).rows;
  const by = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = by.get(id)!;
    return {
      tier: Number(r.rereview_tier),
      since: new Date(r.rereview_since).toISOString(),
      state: r.rereview_state,
    };
  });
}

describe('the re-review key after a batch of screenings', () => {
  it('is the same whether the screenings are written in one statement or one statement per case, and is the documented priority', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(arbCase, arbPlan), { minLength: 1, maxLength: 12 }),
        async (items) => {
          const cases = items.map(([c]) => c);
          // Two copies of the same cases: one for each path.
          const oneByOne = await insertSyntheticCases(d.db, cases);
          const batched = await insertSyntheticCases(d.db, cases);
          for (const ids of [oneByOne, batched])
            for (const [i, [, plan]] of items.entries())
              if (plan.reviewed)
                await d.db
                  .updateTable('cases')
                  .set({ rereview_state: 'reviewed' })
                  .where('id', '=', ids[i]!)
                  .execute();
          // The batch: for each case its planned screenings in order, the last one newest.
          const plan = (ids: string[]) =>
            items.flatMap(([, p], i) => p.batch.map((strong) => screening(ids[i]!, strong)));
          // Case by case: each case's screenings in a statement of their own.
          for (const [i, [, p]] of items.entries())
            if (p.batch.length)
              await d.db
                .insertInto('screenings')
                .values(p.batch.map((strong) => screening(oneByOne[i]!, strong)))
                .execute();
          const batch = plan(batched);
          if (batch.length) await d.db.insertInto('screenings').values(batch).execute();
          expect(await keys(batched)).toEqual(await keys(oneByOne));
          // Then, for some cases, a newer screening written alone (not strong), after the batch.
          for (const ids of [oneByOne, batched])
            for (const [i, [, p]] of items.entries())
              if (p.newerStored)
                await d.db
                  .insertInto('screenings')
                  .values(screening(ids[i]!, false, true))
                  .execute();
          expect(await keys(batched)).toEqual(await keys(oneByOne));
          // And each tier is the documented priority of the case's facts now.
          const got = await keys(batched);
          items.forEach(([c, p], i) => {
            const lastStrong = p.newerStored
              ? false
              : p.batch.length
                ? p.batch[p.batch.length - 1]!
                : c.strongIndicators.length > 0;
            expect(got[i]!.tier).toBe(
              priorityTier({
                inCustody: c.custody === 'in_custody',
                inProceedings: c.inProceedings,
                strongIndicator: lastStrong,
                noticeNotValid: c.noticeStatus !== 'valid',
                neverDisclosed: !c.disclosed,
              }),
            );
          });
        },
      ),
      { numRuns: 15, seed: 35 },
    );
  }, 600_000);

  it('a batch whose screening is older than one already stored for the case reads the stored one', async () => {
    const [id] = await insertSyntheticCases(d.db, [
      {
        office: 'NYC',
        status: 'open',
        custody: 'not_in_custody',
        inProceedings: false,
        strongIndicators: [],
        contextualIndicators: [],
        categories: ['fraud'],
        noticeStatus: 'valid',
        issuingCountry: 'FR',
        disclosed: true,
        createdAt: new Date('2025-01-01T00:00:00Z'),
        authorizedAfterHours: null,
        contest: null,
      },
    ]);
    // A strong screening stored with a higher sequence number than the one the next statement writes: the
    // statement's own row is not the case's latest, so the stored one decides.
    const strong = screening(id!, true);
    await d.db.insertInto('screenings').values(strong).execute();
    const seq = Number(
      (
        await d.db
          .selectFrom('screenings')
          .select('seq')
          .where('id', '=', strong.id)
          .executeTakeFirstOrThrow()
      ).seq,
    );
    const old = screening(id!, false);
    await sql`insert into screenings (id, case_id, ruleset_version, country_context_version, inputs_digest, results, trigger, created_at, seq)
      values (${old.id}, ${id}, 'test', 'test', 'b', ${old.results}::jsonb, 'manual', ${old.created_at}, ${seq - 1_000_000})`.execute(
      d.db,
    );
    expect((await keys([id!]))[0]!.tier).toBe(
      priorityTier({
        inCustody: false,
        inProceedings: false,
        strongIndicator: true,
        noticeNotValid: false,
        neverDisclosed: false,
      }),
    );
  });
});
