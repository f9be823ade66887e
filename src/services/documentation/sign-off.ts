/**
 * An agency attorney's sign-off that the case may go on without one item of the documentation that
 * INTERPOL Washington could not provide (G-DOCS-RECEIVED). The item must be listed as missing, with
 * INTERPOL Washington's reason, in the latest documentation answer on the case; the sign-off states why
 * the case may go on without it, and must name the item.
 */
import { randomUUID } from 'node:crypto';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid, notFound } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface DocumentationSignOffInput {
  /** The documentation answer that lists the item as missing. */
  responseId: string;
  /** The missing item, as the answer names it. */
  item: string;
  /** Why the case may go on without the item. */
  rationale: string;
}

export async function signOffMissingDocumentation(
  call: Call,
  caseId: string,
  input: DocumentationSignOffInput,
): Promise<{ id: string }> {
  return runAction(
    call,
    {
      action: 'documentation.sign_off',
      permission: 'documentation.sign_off',
      entityType: 'documentation_sign_off',
    },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId, { lock: true });
      const fields: FieldProblem[] = [];
      requireText(input.responseId, 'responseId', 'Name the documentation answer.', fields);
      requireText(input.item, 'item', 'Name the missing item.', fields);
      if (fields.length) throw invalid('The sign-off could not be recorded.', fields);

      await requireInScope(trx, call, 'liaison_response', input.responseId, {
        onCase: caseId,
        label: 'The documentation answer on this case',
      });
      const response = await trx
        .selectFrom('liaison_responses as r')
        .innerJoin('liaison_requests as q', 'q.id', 'r.request_id')
        .select(['r.id', 'r.outcome', 'r.missing_items', 'q.kind', 'q.case_id'])
        .where('r.id', '=', input.responseId)
        .executeTakeFirst();
      if (!response || response.case_id !== caseId || response.kind !== 'documentation')
        throw notFound('The documentation answer on this case');
      const item = input.item.replace(/\s+/g, ' ').trim();
      const missing = (response.missing_items ?? []).find((m) => m.item.toLowerCase() === item.toLowerCase());
      if (!missing)
        throw invalid('The sign-off could not be recorded.', [
          {
            field: 'item',
            message: `The answer does not list "${item}" as missing; it lists: ${(response.missing_items ?? []).map((m) => m.item).join(', ') || 'nothing'}.`,
          },
        ]);
      const existing = await trx
        .selectFrom('documentation_sign_offs')
        .select('id')
        .where('liaison_response_id', '=', response.id)
        .where('item', '=', missing.item)
        .executeTakeFirst();
      if (existing)
        throw conflict('already_signed_off', `An attorney has already signed off on "${missing.item}".`);

      const policy = await currentPolicy(trx);
      const problems = await checkReasons(
        trx,
        caseId,
        [
          {
            text: input.rationale,
            field: 'rationale',
            kind: 'rationale',
            mustAddress: { id: missing.item, title: missing.item },
          },
        ],
        reasonMinChars(policy),
      );
      // A copy of another sign-off (or of any other reason on the case) is refused once, as SUBSTANCE-DUPLICATE.
      if (problems.length) throw invalid('The sign-off could not be recorded.', problems);

      const id = randomUUID();
      await trx
        .insertInto('documentation_sign_offs')
        .values({
          id,
          case_id: caseId,
          liaison_response_id: response.id,
          item: missing.item,
          rationale: input.rationale.trim(),
          signed_by: actingUser(call),
          signed_at: now,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { responseId: response.id, item: missing.item };
      return { id };
    },
  );
}
