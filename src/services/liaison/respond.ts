/** INTERPOL Washington's answer to a request, from the liaison or received by another channel. */
import { randomUUID } from 'node:crypto';
import {
  CASE_PURPOSES,
  type CasePurpose,
  DOCUMENTATION_OUTCOMES,
  type LiaisonRequestKind,
  NOTICE_STATUSES,
  type NoticeStatus,
  USE_AUTH_OUTCOMES,
} from '../../domain/types.ts';
import { isIsoDate } from '../case/fields.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid, notFound } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { lockNoticeAndCases } from '../notice/lock.ts';
import { type AffectedCase, changeNoticeStatus } from '../notice/propagate.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { rescreenCase, rescreenDetail } from '../screening/rescreen.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface LiaisonResponseInput {
  /** Recorded by an officer or supervisor from another channel (phone, e-mail) rather than the liaison. */
  outOfBand?: boolean;
  usncbReference?: string | null;
  /** documentation: provided|partially_provided|unavailable; use_authorization: granted|denied; validity: the status. */
  outcome?: string;
  notes?: string | null;
  /** Validity answers. */
  result?: NoticeStatus;
  expiresOn?: string | null;
  method?: string;
  /** Documentation answers. */
  documents?: Array<{ title: string; kind: string; language?: string | null }>;
  disclosureRestrictions?: string | null;
  /**
   * Documentation answers provided in part or unavailable: each item INTERPOL Washington could not
   * provide, with its reason (an attorney then signs off on each before the case may go on).
   */
  missingItems?: Array<{ item: string; reason: string }>;
  /** Use-authorization answers. */
  scope?: string | null;
  conditions?: string | null;
  validUntil?: string | null;
  /** Condition: the documentation must be disclosed to the person in full. */
  disclosureInFull?: boolean | null;
  /** The case purposes the authorization covers. */
  scopePurposes?: CasePurpose[] | null;
}

/** Normalised missing items: the item named once, trimmed. */
function missingItemsOf(input: LiaisonResponseInput) {
  return (input.missingItems ?? []).map((m) => ({
    item: (m.item ?? '').replace(/\s+/g, ' ').trim(),
    reason: (m.reason ?? '').trim(),
  }));
}

export interface LiaisonResponseResult {
  id: string;
  validityConfirmationId: string | null;
  documentIds: string[];
  affectedCases: AffectedCase[];
}

export async function respondLiaison(
  call: Call,
  requestId: string,
  input: LiaisonResponseInput,
): Promise<LiaisonResponseResult> {
  const outOfBand = input.outOfBand === true;
  return runAction(
    call,
    {
      action: outOfBand ? 'liaison.respond_out_of_band' : 'liaison.respond',
      permission: outOfBand ? 'liaison.respond_out_of_band' : 'liaison.respond',
      entityType: 'liaison_response',
    },
    async (trx, audit, now) => {
      const found = await trx
        .selectFrom('liaison_requests')
        .select(['case_id', 'kind', 'notice_id'])
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!found) throw notFound('The request');
      audit.caseId = found.case_id;
      // Locks in the one order (notice/lock.ts): a validity answer may change the notice's status for
      // every case on it, so those cases and the notice are locked first; then this case and the request.
      const noticeCases =
        found.kind === 'validity' && found.notice_id
          ? (await lockNoticeAndCases(trx, found.notice_id)).caseIds
          : [];
      await loadCaseForAction(trx, call, found.case_id, { lock: true });
      // Answered once: a second answer waits for the first, then sees it.
      const request = await trx
        .selectFrom('liaison_requests')
        .selectAll()
        .where('id', '=', requestId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (request.status !== 'pending') {
        const first = await trx
          .selectFrom('liaison_responses')
          .select(['outcome', 'responded_by', 'responded_at', 'out_of_band', 'usncb_reference'])
          .where('request_id', '=', requestId)
          .executeTakeFirst();
        throw conflict(
          request.status === 'answered' ? 'request_answered' : 'request_not_pending',
          first
            ? `This request was already answered (${first.outcome.replaceAll('_', ' ')} at ${new Date(first.responded_at).toISOString().slice(0, 16).replace('T', ' ')} UTC). A request is answered once.`
            : `This request is ${request.status}; it cannot be answered.`,
          first
            ? {
                firstAnswer: {
                  outcome: first.outcome,
                  respondedBy: first.responded_by,
                  respondedAt: new Date(first.responded_at).toISOString(),
                  outOfBand: first.out_of_band,
                  usncbReference: first.usncb_reference,
                },
              }
            : {},
        );
      }

      const kind = request.kind as LiaisonRequestKind;
      const fields: FieldProblem[] = [];
      if (outOfBand)
        requireText(
          input.usncbReference,
          'usncbReference',
          'An answer received by another channel must carry the INTERPOL Washington reference.',
          fields,
        );
      let outcome = input.outcome ?? '';
      if (kind === 'validity') {
        if (!input.result || !NOTICE_STATUSES.includes(input.result))
          fields.push({ field: 'result', message: `Result is one of: ${NOTICE_STATUSES.join(', ')}.` });
        if (input.expiresOn && !isIsoDate(input.expiresOn))
          fields.push({ field: 'expiresOn', message: 'Enter a real date as YYYY-MM-DD.' });
        if (!request.notice_id) fields.push({ field: 'noticeId', message: 'The request names no notice.' });
        outcome = input.result ?? '';
      } else if (kind === 'documentation') {
        if (!(DOCUMENTATION_OUTCOMES as readonly string[]).includes(outcome))
          fields.push({
            field: 'outcome',
            message: `Outcome is one of: ${DOCUMENTATION_OUTCOMES.join(', ')}.`,
          });
        (input.documents ?? []).forEach((d, i) => {
          requireText(d.title, `documents.${i}.title`, 'Enter the title.', fields);
          requireText(d.kind, `documents.${i}.kind`, 'Enter the kind of document.', fields);
        });
        const missing = missingItemsOf(input);
        if (outcome === 'provided' && missing.length > 0)
          fields.push({
            field: 'missingItems',
            message:
              'A documentation provided in full lists no missing items: choose "Partially provided" if something is missing.',
          });
        if ((outcome === 'partially_provided' || outcome === 'unavailable') && missing.length === 0)
          fields.push({
            field: 'missingItems',
            message:
              "List each item that is missing (e.g. the charge sheet) with INTERPOL Washington's reason it is unavailable.",
          });
        const seen = new Set<string>();
        missing.forEach((m, i) => {
          requireText(m.item, `missingItems.${i}.item`, 'Name the missing item.', fields);
          if (m.item && seen.has(m.item.toLowerCase()))
            fields.push({ field: `missingItems.${i}.item`, message: 'This item is already listed.' });
          seen.add(m.item.toLowerCase());
        });
        if (outcome !== 'provided' && missing.length > 0) {
          const policy = await currentPolicy(trx);
          fields.push(
            ...(await checkReasons(
              trx,
              request.case_id,
              missing.map((m, i) => ({
                text: m.reason,
                field: `missingItems.${i}.reason`,
                kind: 'unavailability' as const,
                mustAddress: m.item ? { id: m.item, title: m.item } : undefined,
              })),
              reasonMinChars(policy),
            )),
          );
        }
      } else {
        if (!(USE_AUTH_OUTCOMES as readonly string[]).includes(outcome))
          fields.push({ field: 'outcome', message: `Outcome is one of: ${USE_AUTH_OUTCOMES.join(', ')}.` });
        if (input.validUntil && !isIsoDate(input.validUntil))
          fields.push({ field: 'validUntil', message: 'Enter a real date as YYYY-MM-DD.' });
        if (outcome === 'granted') {
          requireText(input.scope, 'scope', 'Record the scope of the authorization.', fields);
          const purposes = input.scopePurposes ?? [];
          if (purposes.length === 0)
            fields.push({
              field: 'scopePurposes',
              message: 'Choose the purposes the authorization covers (e.g. immigration proceedings).',
            });
          purposes.forEach((p, i) => {
            if (!CASE_PURPOSES.includes(p))
              fields.push({
                field: `scopePurposes.${i}`,
                message: `Purpose is one of: ${CASE_PURPOSES.join(', ')}.`,
              });
          });
        }
      }
      if (fields.length) throw invalid('The answer could not be recorded.', fields);

      const userId = actingUser(call);
      const id = randomUUID();
      await trx
        .insertInto('liaison_responses')
        .values({
          id,
          request_id: requestId,
          responded_by: userId,
          responded_at: now,
          out_of_band: outOfBand,
          usncb_reference: input.usncbReference ?? null,
          outcome,
          notes: input.notes ?? null,
          scope: input.scope ?? null,
          conditions: input.conditions ?? null,
          valid_until: input.validUntil ?? null,
          disclosure_restrictions: input.disclosureRestrictions ?? null,
          missing_items: JSON.stringify(kind === 'documentation' ? missingItemsOf(input) : []),
          disclosure_in_full:
            kind === 'use_authorization'
              ? input.disclosureInFull === true || /disclosed\s+in\s+full/i.test(input.conditions ?? '')
              : null,
          scope_purposes:
            kind === 'use_authorization' && outcome === 'granted'
              ? JSON.stringify([...new Set(input.scopePurposes ?? [])])
              : null,
        })
        .execute();
      await trx
        .updateTable('liaison_requests')
        .set({ status: 'answered' })
        .where('id', '=', requestId)
        .execute();

      let validityConfirmationId: string | null = null;
      let affectedCases: AffectedCase[] = [];
      if (kind === 'validity') {
        const notice = await trx
          .selectFrom('notices')
          .select(['id', 'status'])
          .where('id', '=', request.notice_id!)
          .executeTakeFirstOrThrow();
        validityConfirmationId = randomUUID();
        await trx
          .insertInto('validity_confirmations')
          .values({
            id: validityConfirmationId,
            notice_id: notice.id,
            case_id: request.case_id,
            liaison_request_id: requestId,
            result: input.result!,
            expires_on: input.expiresOn ?? null,
            method: input.method ?? (outOfBand ? 'out_of_band' : 'liaison_response'),
            usncb_reference: input.usncbReference ?? null,
            confirmed_at: now,
            recorded_by: userId,
            recorded_at: now,
          })
          .execute();
        if (notice.status !== input.result) {
          affectedCases = await changeNoticeStatus(trx, {
            noticeId: notice.id,
            from: notice.status,
            to: input.result!,
            effectiveAt: now,
            source: 'validity_confirmation',
            usncbReference: input.usncbReference ?? null,
            note: input.notes ?? null,
            recordedBy: userId,
            now,
          });
        }
      }
      const documentIds: string[] = [];
      if (kind === 'documentation') {
        for (const d of input.documents ?? []) {
          const docId = randomUUID();
          await trx
            .insertInto('documents')
            .values({
              id: docId,
              case_id: request.case_id,
              notice_id: request.notice_id,
              liaison_response_id: id,
              kind: d.kind,
              title: d.title,
              language: d.language ?? null,
              received_at: now,
              recorded_by: userId,
            })
            .execute();
          documentIds.push(docId);
        }
      }
      // What INTERPOL Washington reported is a screening fact at once (the notice's status and the date it
      // was checked, the documents received), not at the next change: screen again every case it reaches
      // (a validity answer reaches every case on the notice, all locked above). A case whose screening
      // does not change gets no new screening row.
      const rescreened: Record<string, Record<string, unknown>> = {};
      if (kind === 'validity' || kind === 'documentation') {
        const reached = [...new Set([request.case_id, ...noticeCases])].sort();
        for (const caseId of reached) {
          const outcome = await rescreenCase(trx, caseId, now, 'liaison_answered');
          if (outcome.stored) rescreened[caseId] = rescreenDetail(outcome);
        }
      }
      audit.entityId = id;
      audit.detail = {
        ...(Object.keys(rescreened).length ? { screening: rescreened } : {}),
        requestId,
        kind,
        outcome,
        outOfBand,
        usncbReference: input.usncbReference ?? null,
        validityConfirmationId,
        documentIds,
        affectedCases: affectedCases.map((a) => a.caseId),
        ...(kind === 'documentation' && outcome !== 'provided'
          ? { missingItems: missingItemsOf(input).map((m) => m.item) }
          : {}),
        ...(kind === 'use_authorization' && outcome === 'granted'
          ? { scopePurposes: input.scopePurposes ?? [], validUntil: input.validUntil ?? null }
          : {}),
      };
      return { id, validityConfirmationId, documentIds, affectedCases };
    },
  );
}
