/**
 * Checks that the gate evaluation kept for a page object (services/kept-evaluation.ts) is, at each of a
 * spread of instants, the evaluation from scratch: every gate, the blocking list, the people named; and that
 * evaluations it calls one variant differ in their time alone.
 */
import { expect } from 'vitest';
import { evaluateGates } from '../../src/domain/gates.ts';
import type { CaseView } from '../../src/services/case/read.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { evaluateKeptView } from '../../src/services/kept-evaluation.ts';
import { nameEvaluation } from '../../src/services/queries.ts';
import { recordIdsOf } from '../../src/services/snapshot.ts';
import type { DbOrTrx } from '../../src/store/db.ts';

const HOUR = 3_600_000;
/** From a minute to a year and a half after `from`: past the freshness limits, windows and expiries. */
export const LATER_HOURS = [0, 1 / 60, 2, 25, 24 * 8, 24 * 31, 24 * 45, 24 * 100, 24 * 400, 24 * 550];

/** The evaluation of each variant seen, without its time. */
const variants = new WeakMap<object, object>();

export async function expectKeptEvaluations(db: DbOrTrx, view: CaseView, from: Date, label: string) {
  const policy = await currentPolicy(db);
  for (const h of LATER_HOURS) {
    const at = new Date(from.getTime() + h * HOUR);
    const { evaluation: kept, variant } = await evaluateKeptView(db, view, policy, at);
    const scratch = await nameEvaluation(db, evaluateGates(view, policy, at), view.people, recordIdsOf(view));
    expect(kept, `${label}: the kept evaluation ${h} hours on`).toEqual(scratch);
    // evaluations of one variant differ in their time alone (the gates route sends one JSON per variant)
    const { evaluatedAt: _, ...rest } = kept;
    const same = variants.get(variant);
    if (same) expect(rest, `${label}: another evaluation of the variant, ${h} hours on`).toEqual(same);
    else variants.set(variant, rest);
  }
}
