/** The screening facts recorded on a case, with provenance. */
import type { CaseFacts } from '../../domain/screening/index.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, runAction } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadCaseForAction } from '../snapshot.ts';
import {
  assembleScreeningInput,
  type CaseDocumentRef,
  type DerivedFact,
  type ProposedFact,
  readScreeningRows,
} from './input.ts';

export interface FactsView {
  caseId: string;
  version: number;
  facts: CaseFacts;
  recordedBy: string | null;
  recordedAt: string | null;
  note: string | null;
  /** What the screening reads: the case record merged with these facts. */
  screeningInput: CaseFacts;
  /** Facts the screening reads that nobody typed into the facts form, with where they came from. */
  derived: DerivedFact[];
  /** The case's documents, to choose a fact's source from (with what each may hold for the screening). */
  documents: CaseDocumentRef[];
  /** Facts that decisions on file suggest, to be completed and confirmed by a user (never read until recorded). */
  proposed: ProposedFact[];
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
  // One statement (input.ts#readScreeningRows).
  const read = await readScreeningRows(trx, caseId);
  if (!read) throw notFound('The case');
  const rows = read.facts;
  const cur = rows[0];
  const input = assembleScreeningInput(read.input);
  return {
    caseId,
    version: cur?.version ?? 0,
    facts: (cur?.facts ?? {}) as CaseFacts,
    recordedBy: cur?.recorded_by_name ?? null,
    recordedAt: cur ? new Date(cur.recorded_at).toISOString() : null,
    note: cur?.note ?? null,
    screeningInput: input.facts,
    derived: input.derived,
    documents: input.documents,
    proposed: input.proposed,
    history: rows.map((r) => ({
      version: r.version,
      recordedBy: r.recorded_by_name,
      recordedAt: new Date(r.recorded_at).toISOString(),
      note: r.note,
      sections: Object.keys(r.facts ?? {}),
    })),
  };
}
