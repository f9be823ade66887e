/** The screening facts recorded on a case, with provenance. */
import type { CaseFacts } from '../../domain/screening/index.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, runAction } from '../context.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { screeningInputForCase } from './input.ts';

export interface FactsView {
  caseId: string;
  version: number;
  facts: CaseFacts;
  recordedBy: string | null;
  recordedAt: string | null;
  note: string | null;
  /** What the screening reads: the case record merged with these facts. */
  screeningInput: CaseFacts;
  history: Array<{
    version: number;
    recordedBy: string;
    recordedAt: string;
    note: string | null;
    sections: string[];
  }>;
}

export async function getCaseFacts(call: Call, caseId: string): Promise<FactsView> {
  return runAction(
    call,
    { action: 'screening.facts.read', permission: 'case.read', entityType: 'case_facts' },
    async (trx, audit) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      return loadCaseFactsView(trx, caseId);
    },
  );
}

/** The facts of a case, for a caller that has already checked access (in its transaction). */
export async function loadCaseFactsView(trx: DbOrTrx, caseId: string): Promise<FactsView> {
  const rows = await trx
    .selectFrom('case_facts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('version', 'desc')
    .execute();
  const cur = rows[0];
  return {
    caseId,
    version: cur?.version ?? 0,
    facts: (cur?.facts ?? {}) as CaseFacts,
    recordedBy: cur?.recorded_by_name ?? null,
    recordedAt: cur ? new Date(cur.recorded_at).toISOString() : null,
    note: cur?.note ?? null,
    screeningInput: await screeningInputForCase(trx, caseId),
    history: rows.map((r) => ({
      version: r.version,
      recordedBy: r.recorded_by_name,
      recordedAt: new Date(r.recorded_at).toISOString(),
      note: r.note,
      sections: Object.keys(r.facts ?? {}),
    })),
  };
}
