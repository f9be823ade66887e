/**
 * The gate evaluation of a kept case page (services/page-cache.ts), evaluated at every read but not from
 * scratch (docs/reads-at-scale.md, "The gates of a kept page"). An evaluation depends on the case as the
 * page holds it, the policy and the time. A kept page object never changes (a change to the case is a new
 * stamp, so a new object), and a policy version never changes either; so, per page object and policy
 * version, this keeps what does not depend on the time:
 * - the prepared snapshot (material facts, their hash, the wording findings);
 * - the results of the gates whose check did not read the time (gates.ts#evaluateTracked), with their
 *   people named.
 * Each read evaluates again, at its own instant, only the gates whose check read the time, names them, and
 * assembles the evaluation: the same evaluation, gate for gate, as one from scratch at that instant.
 */
import {
  evaluateTimedAgain,
  evaluateTracked,
  type PreparedSnapshot,
  prepareSnapshot,
} from '../domain/gates.ts';
import type { GateEvaluation, GateId, GateResult, PolicySettings } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { CaseView } from './case/read.ts';
import { nameEvaluation } from './queries.ts';
import { type PersonName, recordIdsOf } from './snapshot.ts';

export type NamedEvaluation = GateEvaluation & { people: Record<string, PersonName> };

interface Kept {
  policyVersion: number;
  prepared: PreparedSnapshot;
  recordIds: ReadonlySet<string>;
  /** The gates whose check read the time: evaluated again at every read. */
  timed: ReadonlySet<GateId>;
  /** The first evaluation's gates, those that did not read the time named (the others are evaluated again). */
  gates: GateResult[];
  /** The people named in the gates that did not read the time. */
  untimedPeople: Record<string, PersonName>;
  /** The last read's timed gates (as evaluated, before naming) and its evaluation, named. */
  last: { key: string; named: NamedEvaluation; variant: object } | null;
}

const keptOf = new WeakMap<CaseView, Kept>();

/** Evaluations answered from a kept part, and evaluated from scratch (tests, the benchmark). */
export const keptEvaluationStats = { reused: 0, fresh: 0 };

/**
 * An evaluation and its variant: two evaluations of the same variant differ in `evaluatedAt` alone (the
 * gates route keeps the JSON of a variant, with the time put in at each read).
 */
export interface KeptEvaluation {
  evaluation: NamedEvaluation;
  variant: object;
}

/**
 * The named gate evaluation of the kept page `view` under `policy` at `now`. `view` must be a page object
 * that is never changed (the page cache's own object, not a copy that parts are added to).
 */
export async function evaluateKeptView(
  db: DbOrTrx,
  view: CaseView,
  policy: PolicySettings,
  now: Date,
): Promise<KeptEvaluation> {
  let kept = keptOf.get(view);
  let evaluation: GateEvaluation;
  if (!kept || kept.policyVersion !== policy.version) {
    keptEvaluationStats.fresh++;
    const prepared = prepareSnapshot(view);
    const tracked = evaluateTracked(prepared, policy, now);
    const timed = new Set(tracked.timed);
    const recordIds = recordIdsOf(view);
    // the gates that did not read the time, named once
    const untimed = await nameEvaluation(
      db,
      { ...tracked.evaluation, gates: tracked.evaluation.gates.filter((g) => !timed.has(g.gate)) },
      view.people,
      recordIds,
    );
    const namedOf = new Map(untimed.gates.map((g) => [g.gate, g]));
    evaluation = {
      ...tracked.evaluation,
      gates: tracked.evaluation.gates.map((g) => namedOf.get(g.gate) ?? g),
    };
    kept = {
      policyVersion: policy.version,
      prepared,
      recordIds,
      timed,
      gates: evaluation.gates,
      untimedPeople: untimed.people,
      last: null,
    };
    keptOf.set(view, kept);
  } else {
    keptEvaluationStats.reused++;
    evaluation = evaluateTimedAgain(kept.prepared, policy, now, kept.gates, kept.timed);
  }
  if (kept.timed.size === 0)
    return { evaluation: { ...evaluation, people: kept.untimedPeople }, variant: kept };
  const timedGates = evaluation.gates.filter((g) => kept.timed.has(g.gate));
  // The timed gates as the last read found them (a verdict, its reason and facts rarely change from one
  // read to the next): the last read's evaluation, at this instant. Everything else in an evaluation
  // (its blocking list, the people named) follows from its gates.
  const key = JSON.stringify(timedGates);
  if (kept.last?.key === key)
    return {
      evaluation: { ...kept.last.named, evaluatedAt: evaluation.evaluatedAt },
      variant: kept.last.variant,
    };
  // only the gates evaluated at this read are named (their people looked up if the page does not name them)
  const again = await nameEvaluation(
    db,
    { ...evaluation, gates: timedGates },
    { ...view.people, ...kept.untimedPeople },
    kept.recordIds,
  );
  const namedAgain = new Map(again.gates.map((g) => [g.gate, g]));
  const named: NamedEvaluation = {
    ...evaluation,
    gates: evaluation.gates.map((g) => namedAgain.get(g.gate) ?? g),
    people: { ...kept.untimedPeople, ...again.people },
  };
  kept.last = { key, named, variant: {} };
  return { evaluation: named, variant: kept.last.variant };
}
