/** Supervisory approval (D6), with written acknowledgement of confirmed strong indicators. */
import { randomUUID } from 'node:crypto';
import { caseVersionHash, materialFacts } from '../../domain/case-version.ts';
import { SEPARATION_OF_DUTIES } from '../../domain/permissions.ts';
import { APPROVAL_DECISIONS, type ApprovalDecision, reviewRecommendation } from '../../domain/types.ts';
import { type Call, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid, PermissionDenied, ServiceError } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
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
): Promise<{ id: string; caseVersionHash: string }> {
  return runAction(
    call,
    { action: 'approval.decide', permission: 'approval.decide', entityType: 'approval' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId);
      const userId = actingUser(call);
      const sod = SEPARATION_OF_DUTIES.approval(userId, row.created_by, row.assigned_officer_id);
      if (!sod.allowed) throw new PermissionDenied(sod.rule, sod.reason);
      const fields: FieldProblem[] = [];
      if (!APPROVAL_DECISIONS.includes(input.decision))
        fields.push({ field: 'decision', message: `Decision is one of: ${APPROVAL_DECISIONS.join(', ')}.` });
      requireText(input.rationale, 'rationale', 'Write the rationale for the decision.', fields);
      if (fields.length) throw invalid('The decision could not be recorded.', fields);
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
        if (ackFields.length)
          throw new ServiceError(
            400,
            'acknowledgements_invalid',
            'The approval could not be recorded: acknowledge each confirmed strong indicator, and only those.',
            { fields: ackFields },
          );
      }
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
        })
        .execute();
      audit.entityId = id;
      audit.detail = {
        decision: input.decision,
        caseVersionHash: hash,
        confirmedStrongIndicators: confirmedStrong,
        acknowledgements,
      };
      return { id, caseVersionHash: hash };
    },
  );
}
