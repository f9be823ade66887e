/** Screening every case again, one audited action per case. */
import type { Call } from '../context.ts';
import { runScreening } from './run.ts';

// ---------------------------------------------------------------------------
// Re-screening every case (CLI).
// ---------------------------------------------------------------------------

export interface RescreenAllItem {
  caseId: string;
  caseNumber: string;
  stored: boolean;
  changedIndicators: string[];
  recommendation: { from: string; to: string } | null;
  reviewSuperseded: boolean;
}

/** Screens every case again with the current ruleset and country context, one audited action per case. */
export async function rescreenAll(
  call: Call,
  onProgress?: (done: number, total: number, item: RescreenAllItem) => void,
): Promise<RescreenAllItem[]> {
  const cases = await call.app.db
    .selectFrom('cases')
    .select(['id', 'case_number'])
    .orderBy('case_number')
    .execute();
  const items: RescreenAllItem[] = [];
  for (const c of cases) {
    const o = await runScreening(call, c.id, 'ruleset_rescreen');
    const item: RescreenAllItem = {
      caseId: c.id,
      caseNumber: c.case_number,
      stored: o.stored,
      changedIndicators: o.diff?.indicators.map((i) => i.id) ?? [],
      recommendation: o.diff?.recommendation ?? null,
      reviewSuperseded: o.reviewSuperseded !== null,
    };
    items.push(item);
    onProgress?.(items.length, cases.length, item);
  }
  return items;
}
