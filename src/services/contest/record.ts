/** A contest filed by the person or their counsel (D9, C2). */
import { randomUUID } from 'node:crypto';
import { type Call, runAction } from '../context.ts';
import { type FieldProblem, invalid, notFound } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface ContestInput {
  filedBy: string;
  grounds: string;
  filedAt?: Date;
  disclosureId?: string | null;
  ccfApplication?: string | null;
}

export async function recordContest(
  call: Call,
  caseId: string,
  input: ContestInput,
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'contest.record', permission: 'contest.record', entityType: 'contest' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const fields: FieldProblem[] = [];
      requireText(input.filedBy, 'filedBy', 'Enter who filed the contest.', fields);
      requireText(input.grounds, 'grounds', 'Enter the grounds.', fields);
      const filedAt = input.filedAt ?? now;
      if (filedAt.getTime() > now.getTime()) fields.push({ field: 'filedAt', message: 'Not in the future.' });
      if (fields.length) throw invalid('The contest could not be recorded.', fields);
      if (input.disclosureId) {
        const d = await trx
          .selectFrom('disclosures')
          .select('id')
          .where('id', '=', input.disclosureId)
          .where('case_id', '=', caseId)
          .executeTakeFirst();
        if (!d) throw notFound('The disclosure');
      }
      const id = randomUUID();
      await trx
        .insertInto('contests')
        .values({
          id,
          case_id: caseId,
          disclosure_id: input.disclosureId ?? null,
          filed_at: filedAt,
          filed_by: input.filedBy,
          grounds: input.grounds,
          received_by: actingUser(call),
          ccf_application: input.ccfApplication ?? null,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { filedAt: filedAt.toISOString(), disclosureId: input.disclosureId ?? null };
      return { id };
    },
  );
}
