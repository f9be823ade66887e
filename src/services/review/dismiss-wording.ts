/** A supervisor's dismissal of a wording finding (D10), with its reason. */
import { randomUUID } from 'node:crypto';
import { checkWording } from '../../domain/wording.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { loadCaseForAction, loadCaseSnapshot } from '../snapshot.ts';

export async function dismissWording(
  call: Call,
  caseId: string,
  input: { fingerprint: string; reason: string },
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'wording.dismiss', permission: 'wording.dismiss', entityType: 'wording_dismissal' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId, { lock: true });
      if (!input.reason?.trim())
        throw invalid('The finding could not be dismissed.', [
          { field: 'reason', message: 'Explain why the wording is acceptable.' },
        ]);
      const snapshot = await loadCaseSnapshot(trx, caseId);
      const finding = snapshot.texts
        .flatMap((t) => checkWording(t.text, t.field))
        .find((f) => f.fingerprint === input.fingerprint);
      if (!finding) throw notFound('The wording finding');
      // The reason may quote the dismissed words, so the D10 wording rule is left out; the rest applies.
      const problems = await checkReasons(
        trx,
        caseId,
        [
          {
            text: input.reason,
            field: 'reason',
            kind: 'wording_dismissal',
            wordingRule: false,
            mayQuote: [finding.excerpt],
          },
        ],
        reasonMinChars(await currentPolicy(trx)),
      );
      if (problems.length) throw invalid('The finding could not be dismissed.', problems);
      const id = randomUUID();
      await trx
        .insertInto('wording_dismissals')
        .values({
          id,
          case_id: caseId,
          fingerprint: finding.fingerprint,
          field: finding.field,
          excerpt: finding.excerpt,
          reason: input.reason.trim(),
          dismissed_by: actingUser(call),
          dismissed_at: now,
        })
        .onConflict((oc) => oc.columns(['case_id', 'fingerprint']).doNothing())
        .execute();
      audit.entityId = id;
      audit.detail = { fingerprint: finding.fingerprint, field: finding.field, ruleId: finding.ruleId };
      return { id };
    },
  );
}
