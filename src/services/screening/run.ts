/** Running a case's screening again on request. */
import { type Call, runAction } from '../context.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { type RescreenOutcome, rescreenCase, rescreenDetail, type ScreeningTrigger } from './rescreen.ts';

/** Runs the screening of one case again now (stores a row only when something changed). */
export async function runScreening(
  call: Call,
  caseId: string,
  trigger: ScreeningTrigger = 'manual',
): Promise<RescreenOutcome> {
  return runAction(
    call,
    { action: 'screening.run', permission: 'screening.run', entityType: 'screening' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId, { lock: true });
      const outcome = await rescreenCase(trx, caseId, now, trigger);
      audit.entityId = outcome.screeningId;
      audit.detail = { trigger, ...rescreenDetail(outcome) };
      return outcome;
    },
  );
}
