/** A case's stored screenings, and the ruleset's catalogue. */
import {
  expandScreening,
  INDICATORS,
  RULESET_VERSION,
  type ScreeningDiff,
  type ScreeningResult,
} from '../../domain/screening/index.ts';
import { type Call, runAction } from '../context.ts';
import { loadCaseForAction } from '../snapshot.ts';

// ---------------------------------------------------------------------------
// Reading and running screenings.
// ---------------------------------------------------------------------------

export interface ScreeningRecord {
  id: string;
  trigger: string;
  createdAt: string;
  rulesetVersion: string;
  countryContextVersion: string;
  inputsDigest: string;
  result: ScreeningResult;
  /** What changed from the screening before it (null for the first). */
  diff: ScreeningDiff | null;
}

export function toRecord(r: {
  id: string;
  trigger: string;
  created_at: Date | string;
  ruleset_version: string;
  country_context_version: string;
  inputs_digest: string;
  results: unknown;
  diff: unknown;
}): ScreeningRecord {
  return {
    id: r.id,
    trigger: r.trigger,
    createdAt: new Date(r.created_at).toISOString(),
    rulesetVersion: r.ruleset_version,
    countryContextVersion: r.country_context_version,
    inputsDigest: r.inputs_digest,
    result: expandScreening(r.results),
    diff: (r.diff ?? null) as ScreeningDiff | null,
  };
}

export async function listScreenings(
  call: Call,
  caseId: string,
): Promise<{ latest: ScreeningRecord | null; history: ScreeningRecord[] }> {
  return runAction(
    call,
    { action: 'screening.read', permission: 'case.read', entityType: 'screening' },
    async (trx, audit) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const rows = await trx
        .selectFrom('screenings')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('seq', 'desc')
        .execute();
      const history = rows.map(toRecord);
      return { latest: history[0] ?? null, history };
    },
  );
}
/** The ruleset: version and indicator catalogue. */
export function rulesetCatalogue() {
  return {
    rulesetVersion: RULESET_VERSION,
    indicators: INDICATORS.map((i) => ({
      id: i.id,
      title: i.title,
      strength: i.strength,
      citation: i.citation,
      explanation: i.explanation,
    })),
  };
}
