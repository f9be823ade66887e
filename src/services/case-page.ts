// Everything the case page shows, read in one transaction and audited once: the case, and on request its
// gate evaluation, its history and its screening facts. The separate reads (GET /cases/:id/gates, …) stay
// for clients that need one of them; this one spares a page view three sessions checks, three permission
// checks, three audit entries and a second load of the case snapshot.
import { evaluateGates } from '../domain/gates.ts';
import type { GateEvaluation } from '../domain/types.ts';
import { type CaseView, readCaseView } from './case/read.ts';
import { type Call, currentPolicy, runAction } from './context.ts';
import { type HistoryEntry, loadCaseHistory, nameEvaluation } from './queries.ts';
import { type FactsView, loadCaseFactsView } from './screening/facts-view.ts';
import type { PersonName } from './snapshot.ts';

export const CASE_PAGE_PARTS = ['gates', 'history', 'facts'] as const;
export type CasePagePart = (typeof CASE_PAGE_PARTS)[number];

export interface CasePage extends CaseView {
  gates?: GateEvaluation & { people: Record<string, PersonName> };
  history?: { items: HistoryEntry[] };
  facts?: FactsView;
}

/** Reads a case with the parts asked for (audited as one `case.read`, naming the parts). */
export async function getCasePage(
  call: Call,
  caseId: string,
  include: readonly CasePagePart[],
): Promise<CasePage> {
  const want = new Set(include);
  return runAction(
    call,
    { action: 'case.read', permission: 'case.read', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      audit.detail = { include: [...want] };
      const view: CasePage = await readCaseView(trx, call, caseId);
      if (want.has('gates'))
        view.gates = await nameEvaluation(
          trx,
          evaluateGates(view, await currentPolicy(trx), now),
          view.people,
        );
      if (want.has('history')) view.history = { items: await loadCaseHistory(trx, caseId) };
      if (want.has('facts')) view.facts = await loadCaseFactsView(trx, caseId);
      return view;
    },
  );
}
