/** Confirming or correcting the charge categories the screening read. */
import { randomUUID } from 'node:crypto';
import { OFFENCE_CATEGORIES, type OffenceCategory, readCharges } from '../../domain/screening/index.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { type FieldProblem, invalid, ServiceError } from '../errors.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { scopeOf } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { type RescreenOutcome, rescreenCase, rescreenDetail } from './rescreen.ts';

// ---------------------------------------------------------------------------
// Charge-category corrections.
// ---------------------------------------------------------------------------

export interface ChargeCorrectionInput {
  noticeId: string;
  /** Position of the warrant on the notice (0 = first). */
  warrantPosition: number;
  decision: 'confirmed' | 'corrected';
  /** The categories (required when correcting; confirming takes the reader's firm suggestion). */
  categories?: OffenceCategory[];
  reason: string;
}

export async function recordChargeCorrection(
  call: Call,
  caseId: string,
  input: ChargeCorrectionInput,
): Promise<{ id: string; categories: OffenceCategory[]; screening: RescreenOutcome }> {
  return runAction(
    call,
    { action: 'screening.charge_correction', permission: 'charge.correct', entityType: 'charge_correction' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId, { lock: true });
      if (!call.actor.userId)
        throw new ServiceError(
          400,
          'user_required',
          'This action must be taken by a named user, not the system.',
        );
      const fields: FieldProblem[] = [];
      if (input.decision !== 'confirmed' && input.decision !== 'corrected')
        fields.push({ field: 'decision', message: 'Decision is confirmed or corrected.' });
      if (!input.reason?.trim()) fields.push({ field: 'reason', message: 'Explain why.' });
      else
        fields.push(
          ...(await checkReasons(
            trx,
            caseId,
            [{ text: input.reason, field: 'reason', kind: 'charge_correction' }],
            reasonMinChars(await currentPolicy(trx)),
          )),
        );
      (input.categories ?? []).forEach((c, i) => {
        if (!OFFENCE_CATEGORIES.includes(c))
          fields.push({
            field: `categories.${i}`,
            message: `Category is one of: ${OFFENCE_CATEGORIES.join(', ')}.`,
          });
      });
      if (fields.length) throw invalid('The correction could not be recorded.', fields);
      if ((await scopeOf(trx, call, 'notice', input.noticeId, { onCase: caseId })) !== 'ok')
        throw invalid('The correction could not be recorded.', [
          { field: 'noticeId', message: 'This notice is not on the case.' },
        ]);
      const w = await trx
        .selectFrom('notice_warrants')
        .selectAll()
        .where('notice_id', '=', input.noticeId)
        .where('position', '=', input.warrantPosition)
        .executeTakeFirst();
      if (!w)
        throw invalid('The correction could not be recorded.', [
          { field: 'warrantPosition', message: 'The notice has no warrant at this position.' },
        ]);
      const reading = readCharges([w.charge, ...(w.charge_translation ? [w.charge_translation] : [])]);
      const suggested = reading.categories.filter((c) => c.firm).map((c) => c.category);
      let categories = [...new Set(input.categories ?? [])];
      if (input.decision === 'confirmed') {
        if (categories.length === 0) categories = suggested;
        if (categories.length === 0)
          fields.push({
            field: 'categories',
            message:
              'The charge reader suggested no category for this charge; correct it and name the categories.',
          });
      } else if (categories.length === 0)
        fields.push({ field: 'categories', message: 'Name the correct categories of this charge.' });
      if (fields.length) throw invalid('The correction could not be recorded.', fields);
      const id = randomUUID();
      await trx
        .insertInto('charge_corrections')
        .values({
          id,
          case_id: caseId,
          notice_id: input.noticeId,
          warrant_position: input.warrantPosition,
          charge: w.charge,
          suggested: JSON.stringify(suggested),
          categories: JSON.stringify(categories),
          decision: input.decision,
          reason: input.reason.trim(),
          recorded_by: call.actor.userId,
          recorded_at: now,
        })
        .execute();
      const screening = await rescreenCase(trx, caseId, now, 'charge_correction');
      audit.entityId = id;
      audit.detail = {
        noticeId: input.noticeId,
        warrantPosition: input.warrantPosition,
        charge: w.charge,
        decision: input.decision,
        suggested,
        categories,
        reason: input.reason.trim(),
        screening: rescreenDetail(screening),
      };
      return { id, categories, screening };
    },
  );
}
