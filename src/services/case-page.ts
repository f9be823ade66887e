// Everything the case page shows, read in one transaction and audited once: the case, and on request its
// gate evaluation, its history and its screening facts. The separate reads (GET /cases/:id/gates, …) stay
// for clients that need one of them; this one spares a page view three sessions checks, three permission
// checks, three audit entries and a second load of the case snapshot.
import { evaluateGates } from '../domain/gates.ts';
import type { GateEvaluation } from '../domain/types.ts';
import { type CaseView, caseViewOf } from './case/read.ts';
import { type Call, runRead } from './context.ts';
import { type HistoryEntry, loadCaseHistory, nameEvaluation } from './queries.ts';
import { type FactsView, loadCaseFactsView } from './screening/facts-view.ts';
import { type PersonName, readCaseForRead } from './snapshot.ts';

export const CASE_PAGE_PARTS = ['gates', 'history', 'facts'] as const;
export type CasePagePart = (typeof CASE_PAGE_PARTS)[number];

export interface CasePage extends CaseView {
  gates?: GateEvaluation & { people: Record<string, PersonName> };
  history?: { items: HistoryEntry[] };
  facts?: FactsView;
}

/**
 * Reads a case with the parts asked for (audited as one `case.read`, naming the parts), without a
 * transaction (context.ts#runRead): the case, its snapshot, the policy when the gates are asked for, and
 * the read-log entry are one statement, written only when the case is in the caller's scope; the history
 * and the facts are one statement each, read after it.
 */
export async function getCasePage(
  call: Call,
  caseId: string,
  include: readonly CasePagePart[],
): Promise<CasePage> {
  const want = new Set(include);
  return runRead(call, { action: 'case.read', permission: 'case.read', entityType: 'case' }, async (step) => {
    step.audit.entityId = caseId;
    step.audit.caseId = caseId;
    step.audit.detail = { include: [...want] };
    const { raw, snapshot, policy, logged } = await readCaseForRead(step, call, caseId, {
      log: true,
      policy: want.has('gates'),
    });
    const view: CasePage = caseViewOf(raw, snapshot);
    if (want.has('gates'))
      view.gates = await nameEvaluation(step.db, evaluateGates(view, policy!, step.now), view.people);
    if (want.has('history')) view.history = { items: await loadCaseHistory(step.db, caseId) };
    if (want.has('facts')) view.facts = await loadCaseFactsView(step.db, caseId);
    return { value: view, logged };
  });
}
