/**
 * The case columns that work queues read instead of the tables they follow, kept by triggers: when the
 * first document was received and whether the case was served (migration 0054), and the reviewer of a
 * review awaiting approval (migration 0056). `verifyQueueColumns` recounts them from the documents,
 * services, reviews and approvals themselves, in one statement, and names every case whose stored value
 * differs; with `repair`, the triggers' own functions recompute every case, and the indicators confirmed
 * by the reviews kept with the report's facts (migration 0057; a drift there shows as a count difference).
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../store/db.ts';

export interface QueueColumnDifference {
  caseId: string;
  caseNumber: string;
  column: 'first_document_at' | 'disclosed' | 'approval_reviewer_id';
  stored: string | null;
  expected: string | null;
}

export async function verifyQueueColumns(
  db: DbOrTrx,
  opts: { repair?: boolean } = {},
): Promise<{ differences: QueueColumnDifference[]; repaired: number }> {
  type Row = {
    id: string;
    case_number: string;
    first_document_at: string | null;
    disclosed: boolean;
    approval_reviewer_id: string | null;
    e_first: string | null;
    e_disclosed: boolean;
    e_reviewer: string | null;
  };
  const rows = (
    await sql<Row>`
      select c.id, c.case_number, c.first_document_at::text, c.disclosed, c.approval_reviewer_id::text,
             e.first::text as e_first, e.disclosed as e_disclosed, e.reviewer::text as e_reviewer
      from cases c cross join lateral (
        select (select min(d.received_at) from documents d where d.case_id = c.id) as first,
               exists (select 1 from disclosures s where s.case_id = c.id) as disclosed,
               (select r.reviewer_id from reviews r
                where r.case_id = c.id and r.status = 'complete' and r.superseded_at is null
                  and not exists (select 1 from approvals a where a.case_id = c.id and a.voided_at is null)
                order by r.completed_at desc nulls last, r.id limit 1) as reviewer) e
      where c.first_document_at is distinct from e.first or c.disclosed <> e.disclosed
         or c.approval_reviewer_id is distinct from e.reviewer
      order by c.case_number`.execute(db)
  ).rows;
  const differences: QueueColumnDifference[] = [];
  for (const r of rows) {
    const base = { caseId: r.id, caseNumber: r.case_number };
    if (r.first_document_at !== r.e_first)
      differences.push({
        ...base,
        column: 'first_document_at',
        stored: r.first_document_at,
        expected: r.e_first,
      });
    if (r.disclosed !== r.e_disclosed)
      differences.push({
        ...base,
        column: 'disclosed',
        stored: String(r.disclosed),
        expected: String(r.e_disclosed),
      });
    if (r.approval_reviewer_id !== r.e_reviewer)
      differences.push({
        ...base,
        column: 'approval_reviewer_id',
        stored: r.approval_reviewer_id,
        expected: r.e_reviewer,
      });
  }
  if (!opts.repair) return { differences, repaired: 0 };
  // And the indicators confirmed by the reviews kept with the report's facts (migration 0057), which the
  // dashboard's counts follow (verifyCounters recounts those from the reviews themselves).
  const fixed = await sql<{ a: string; b: string; c: string }>`
    select redline_disclosure_due_refresh(null) as a, redline_awaiting_approval_refresh(null) as b,
           redline_review_present_refresh(null) as c`.execute(db);
  const r = fixed.rows[0];
  const n = r ? Number(r.a) + Number(r.b) + Number(r.c) : 0;
  return { differences, repaired: n };
}
