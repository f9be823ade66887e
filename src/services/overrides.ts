/**
 * Overrides for oversight: approvals decided against the advice in force (the review's "do not act", or a
 * legal review's "do not proceed"). Shown on the dashboard, per office and as a list.
 */
import { indicatorLabel } from '../domain/legal-review.ts';
import { LEGAL_REVIEW_CONCLUSION_LABELS, type LegalReviewConclusion } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import { type Call, spansOffices } from './context.ts';

export interface OverrideItem {
  approvalId: string;
  caseId: string;
  caseNumber: string;
  officeId: string;
  approverId: string;
  approverName: string;
  decidedAt: string;
  /** The confirmed strong indicators the approver acknowledged, by title. */
  indicators: Array<{ id: string; title: string }>;
  /** The legal review's conclusion the approver had before them (null when none was recorded). */
  legalConclusion: LegalReviewConclusion | null;
  legalConclusionLabel: string | null;
  reason: string;
  /** The approval was later voided by a material change. */
  voided: boolean;
}

export interface Overrides {
  byOffice: Array<{ officeId: string; count: number }>;
  items: OverrideItem[];
}

/** Every override the caller may see (own office, or every office for spanning roles), newest first. */
export async function loadOverrides(trx: DbOrTrx, call: Call, limit = 200): Promise<Overrides> {
  const base = () => {
    const q = trx
      .selectFrom('approvals')
      .innerJoin('cases', 'cases.id', 'approvals.case_id')
      .where('approvals.override', '=', true);
    return spansOffices(call) ? q : q.where('cases.office_id', '=', call.actor.officeId ?? '');
  };
  // counted per office by the database; only the newest `limit` are read as a list
  const counts = await base()
    .select(['cases.office_id', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('cases.office_id')
    .execute();
  const rows = await base()
    .innerJoin('users', 'users.id', 'approvals.approver_id')
    .leftJoin('legal_reviews', 'legal_reviews.id', 'approvals.legal_review_id')
    .select([
      'approvals.id',
      'approvals.case_id',
      'approvals.approver_id',
      'approvals.decided_at',
      'approvals.acknowledgements',
      'approvals.override_reason',
      'approvals.voided_at',
      'cases.case_number',
      'cases.office_id',
      'users.display_name',
      'legal_reviews.conclusion',
    ])
    .orderBy('approvals.decided_at', 'desc')
    .limit(limit)
    .execute();
  return {
    byOffice: counts
      .map((c) => ({ officeId: c.office_id, count: Number(c.count) }))
      .sort((a, b) => b.count - a.count || a.officeId.localeCompare(b.officeId)),
    items: rows.map((r) => {
      const conclusion = (r.conclusion ?? null) as LegalReviewConclusion | null;
      return {
        approvalId: r.id,
        caseId: r.case_id,
        caseNumber: r.case_number,
        officeId: r.office_id,
        approverId: r.approver_id,
        approverName: r.display_name,
        decidedAt: new Date(r.decided_at).toISOString(),
        indicators: (r.acknowledgements ?? []).map((a) => ({
          id: a.indicatorId,
          title: indicatorLabel(a.indicatorId).title,
        })),
        legalConclusion: conclusion,
        legalConclusionLabel: conclusion ? LEGAL_REVIEW_CONCLUSION_LABELS[conclusion] : null,
        reason: r.override_reason ?? '',
        voided: r.voided_at !== null,
      };
    }),
  };
}
