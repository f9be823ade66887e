/**
 * Exigencies as oversight sees them (the dashboard): how many per office, approved, refused and awaiting a
 * decision, and the list with who requested and who decided, so that no early reliance goes unseen.
 */
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, spansOffices } from '../context.ts';
import { loadPeople } from '../snapshot.ts';

export interface ExigencyOversight {
  byOffice: Array<{ officeId: string; requested: number; approved: number; refused: number }>;
  items: Array<{
    id: string;
    caseId: string;
    caseNumber: string;
    officeId: string;
    action: string;
    reason: string;
    status: string;
    requestedBy: string;
    requestedAt: string;
    decidedBy: string | null;
    decidedAt: string | null;
    decisionReason: string | null;
  }>;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** The exigencies on the given cases (the ones the reader may see). */
export async function exigencyOversight(trx: DbOrTrx, call: Call): Promise<ExigencyOversight> {
  // The cases the caller may see are a condition of the query (office scope), not a bound list of ids.
  let q = trx
    .selectFrom('exigencies')
    .innerJoin('cases', 'cases.id', 'exigencies.case_id')
    .selectAll('exigencies')
    .select(['cases.case_number', 'cases.office_id']);
  if (!spansOffices(call)) q = q.where('cases.office_id', '=', call.actor.officeId ?? '');
  const rows = await q.orderBy('exigencies.requested_at', 'desc').execute();
  const people = await loadPeople(
    trx,
    rows.flatMap((r) => [r.requested_by, ...(r.decided_by ? [r.decided_by] : [])]),
  );
  const name = (id: string | null) => (id ? (people[id]?.displayName ?? id) : null);
  const counts = new Map<
    string,
    { officeId: string; requested: number; approved: number; refused: number }
  >();
  const items: ExigencyOversight['items'] = [];
  for (const r of rows) {
    const e = counts.get(r.office_id) ?? { officeId: r.office_id, requested: 0, approved: 0, refused: 0 };
    if (r.status === 'approved') e.approved += 1;
    else if (r.status === 'refused') e.refused += 1;
    else e.requested += 1;
    counts.set(r.office_id, e);
    items.push({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      officeId: r.office_id,
      action: r.action,
      reason: r.reason,
      status: r.status,
      requestedBy: name(r.requested_by)!,
      requestedAt: iso(r.requested_at)!,
      decidedBy: name(r.decided_by),
      decidedAt: iso(r.decided_at),
      decisionReason: r.decision_reason,
    });
  }
  return {
    byOffice: [...counts.values()].sort((a, b) => a.officeId.localeCompare(b.officeId)),
    items,
  };
}
