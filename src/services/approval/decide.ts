/**
 * Supervisory approval (D6), with a written acknowledgement of each confirmed strong indicator. An approval
 * against the advice in force (the review's "do not act", or a legal review's "do not proceed") may be
 * recorded, but it is flagged as an override: on the approval row, in its audit entry and on the oversight
 * dashboard. A "do not proceed" still blocks authorization (G-LEGAL-REVIEW) until reversed.
 */
import { randomUUID } from 'node:crypto';
import { caseVersionHash, materialFacts } from '../../domain/case-version.ts';
import { indicatorLabel, latestLegalReview, overrideOf } from '../../domain/legal-review.ts';
import { APPROVAL_DECISIONS, type ApprovalDecision, reviewRecommendation } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { conflict, type FieldProblem, invalid, ServiceError } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

export interface ApprovalInput {
  decision: ApprovalDecision;
  rationale: string;
  acknowledgements?: Array<{ indicatorId: string; justification: string }>;
}

export async function decideApproval(
  call: Call,
  caseId: string,
  input: ApprovalInput,
): Promise<{ id: string; caseVersionHash: string; override: boolean; overrideReason: string | null }> {
  return runAction(
    call,
    { action: 'approval.decide', permission: 'approval.decide', entityType: 'approval' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      const userId = actingUser(call);
      await requireSeparation(trx, caseId, 'approver', userId);
      const minChars = reasonMinChars(await currentPolicy(trx));
      const fields: FieldProblem[] = [];
      if (!APPROVAL_DECISIONS.includes(input.decision))
        fields.push({ field: 'decision', message: `Decision is one of: ${APPROVAL_DECISIONS.join(', ')}.` });
      fields.push(
        ...(await checkReasons(
          trx,
          caseId,
          [{ text: input.rationale, field: 'rationale', kind: 'rationale' }],
          minChars,
        )),
      );
      // an approval's rationale is reported together with its acknowledgements' problems (below), so that
      // one refusal says everything that is missing
      const approving = input.decision === 'approved' && APPROVAL_DECISIONS.includes(input.decision);
      if (fields.length && (!approving || row.status === 'closed'))
        throw invalid('The decision could not be recorded.', fields);
      if (row.status === 'closed') throw conflict('case_closed', 'The case is closed.');
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const acknowledgements = (input.acknowledgements ?? []).map((a) => ({
        indicatorId: a.indicatorId,
        justification: a.justification?.trim() ?? '',
      }));
      const confirmedStrong = reviewRecommendation(snapshot.review?.indicators ?? []).confirmedStrong;
      if (input.decision === 'approved') {
        // an approval despite confirmed strong indicators needs one written acknowledgement per indicator
        const ackFields: FieldProblem[] = [];
        for (const indicatorId of confirmedStrong) {
          const acks = acknowledgements.filter((a) => a.indicatorId === indicatorId);
          if (acks.length === 0)
            ackFields.push({
              field: `acknowledgements.${indicatorId}`,
              message: `The reviewer confirmed the strong indicator ${indicatorId} (advice: do not act; refer for legal review). Acknowledge it and justify approving despite it.`,
            });
          else if (acks.some((a) => !a.justification))
            ackFields.push({
              field: `acknowledgements.${indicatorId}`,
              message: 'Write the justification for approving despite this indicator.',
            });
          else if (acks.length > 1)
            ackFields.push({
              field: `acknowledgements.${indicatorId}`,
              message: 'Acknowledge each indicator once.',
            });
        }
        for (const a of acknowledgements)
          if (!confirmedStrong.includes(a.indicatorId))
            ackFields.push({
              field: `acknowledgements.${a.indicatorId}`,
              message: 'This is not a strong indicator the reviewer confirmed; remove the acknowledgement.',
            });
        if (ackFields.length && fields.length)
          throw invalid('The approval could not be recorded.', [...fields, ...ackFields]);
        if (ackFields.length)
          throw new ServiceError(
            400,
            'acknowledgements_invalid',
            'The approval could not be recorded: acknowledge each confirmed strong indicator, and only those.',
            { fields: ackFields },
          );
        // each acknowledgement must say something about the indicator it answers
        const substance = await checkReasons(
          trx,
          caseId,
          acknowledgements.map((a) => {
            const label = indicatorLabel(a.indicatorId);
            return {
              text: a.justification,
              field: `acknowledgements.${a.indicatorId}`,
              kind: 'acknowledgement' as const,
              mustAddress: { id: label.id, title: label.title, citation: label.citation },
            };
          }),
          minChars,
        );
        if (substance.length || fields.length)
          throw invalid('The approval could not be recorded.', [...fields, ...substance]);
      }
      const overrideReason = input.decision === 'approved' ? overrideOf(snapshot) : null;
      const legalReview = latestLegalReview(snapshot) ?? null;
      const material = materialFacts(snapshot);
      const hash = caseVersionHash(material);
      const id = randomUUID();
      await trx
        .insertInto('approvals')
        .values({
          id,
          case_id: caseId,
          decision: input.decision,
          rationale: input.rationale.trim(),
          approver_id: userId,
          decided_at: now,
          case_version_hash: hash,
          material: JSON.stringify(material),
          acknowledgements: JSON.stringify(acknowledgements),
          override: overrideReason !== null,
          override_reason: overrideReason,
          legal_review_id: legalReview?.id ?? null,
        })
        .execute();
      audit.entityId = id;
      audit.detail = {
        decision: input.decision,
        caseVersionHash: hash,
        confirmedStrongIndicators: confirmedStrong,
        acknowledgements,
        legalReview: legalReview ? { id: legalReview.id, conclusion: legalReview.conclusion } : null,
        override: overrideReason !== null,
        ...(overrideReason ? { overrideReason } : {}),
      };
      return { id, caseVersionHash: hash, override: overrideReason !== null, overrideReason };
    },
  );
}
