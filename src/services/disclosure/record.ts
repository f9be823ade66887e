/** Service of the documentation on the person (D9), which starts the contest window. */
import { randomUUID } from 'node:crypto';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import { actingUser, DAY_MS, requireText } from '../inputs.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface DisclosureInput {
  servedAt: Date;
  method: string;
  recipient: string;
  language: string;
  documentIds?: string[];
  restricted?: boolean;
  restrictionNote?: string | null;
}

export async function recordDisclosure(
  call: Call,
  caseId: string,
  input: DisclosureInput,
): Promise<{ id: string; contestDeadline: Date }> {
  return runAction(
    call,
    { action: 'disclosure.record', permission: 'disclosure.record', entityType: 'disclosure' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      await requireSeparation(trx, caseId, 'server', actingUser(call));
      const fields: FieldProblem[] = [];
      if (Number.isNaN(input.servedAt?.getTime()) || input.servedAt.getTime() > now.getTime())
        fields.push({
          field: 'servedAt',
          message: 'Enter when the documents were served; not in the future.',
        });
      requireText(input.method, 'method', 'Enter how the documents were served.', fields);
      requireText(input.recipient, 'recipient', 'Enter who received them.', fields);
      requireText(input.language, 'language', 'Enter the language of the packet.', fields);
      if (input.restricted)
        requireText(input.restrictionNote, 'restrictionNote', 'Explain the restriction.', fields);
      const docIds = input.documentIds ?? [];
      if (docIds.length) {
        const found = await trx
          .selectFrom('documents')
          .select('id')
          .where('case_id', '=', caseId)
          .where('id', 'in', docIds)
          .execute();
        docIds.forEach((d, i) => {
          if (!found.some((f) => f.id === d))
            fields.push({ field: `documentIds.${i}`, message: 'No such document on this case.' });
        });
      }
      if (fields.length) throw invalid('The service could not be recorded.', fields);
      const policy = await currentPolicy(trx);
      const contestDeadline = new Date(input.servedAt.getTime() + policy.contestWindowDays * DAY_MS);
      const id = randomUUID();
      await trx
        .insertInto('disclosures')
        .values({
          id,
          case_id: caseId,
          served_at: input.servedAt,
          method: input.method,
          recipient: input.recipient,
          language: input.language,
          document_ids: JSON.stringify(docIds),
          restricted: input.restricted ?? false,
          restriction_note: input.restrictionNote ?? null,
          contest_deadline: contestDeadline,
          recorded_by: actingUser(call),
          recorded_at: now,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { contestDeadline: contestDeadline.toISOString(), documents: docIds.length };
      return { id, contestDeadline };
    },
  );
}
