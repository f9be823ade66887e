/**
 * Service of the documentation on the person (D9), which starts the contest window. A service counts only
 * in a language the person reads, or through an interpreter, and only for documents already on the case.
 */
import { randomUUID } from 'node:crypto';
import { receivedByService } from '../../domain/gates.ts';
import { languageCode, languageLabel, readsLanguage } from '../../domain/languages.ts';
import { serviceBackdateHours } from '../../domain/types.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { requireSeparation } from '../duties.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import { actingUser, DAY_MS, requireText } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface DisclosureInput {
  servedAt: Date;
  method: string;
  recipient: string;
  /** The language of the packet served (ISO 639-1 code or language name). */
  language?: string;
  /** The documents served: at least one document already on the case. */
  documentIds?: string[];
  restricted?: boolean;
  restrictionNote?: string | null;
  /** The interpreter, when the packet is not in a language the person reads. */
  interpreterName?: string | null;
  /** The language the interpreter put the packet into: one the person reads. */
  interpreterLanguage?: string | null;
  note?: string | null;
  /** Why the service is recorded more than the policy's backdating window after it happened. */
  backdateReason?: string | null;
  /**
   * The disclosure packet served. Its language, documents and restrictions become the service's (a
   * language or documents given as well must agree with it); the method is one of PACKET_SERVICE_METHODS.
   */
  packetId?: string | null;
  /** Who served it (name or username); the recording user when left out. */
  servedBy?: string | null;
  /** The person's acknowledgement: signed receipt, refused to sign, counsel's receipt… */
  acknowledgement?: string | null;
}

/** How a packet is served. */
export const PACKET_SERVICE_METHODS = ['in_person', 'mail', 'to_counsel', 'electronic'] as const;
export const PACKET_SERVICE_METHOD_LABELS: Record<(typeof PACKET_SERVICE_METHODS)[number], string> = {
  in_person: 'in person',
  mail: 'by mail',
  to_counsel: 'to counsel',
  electronic: 'electronically',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const HOUR_MS = 3_600_000;

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
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      await requireSeparation(trx, caseId, 'server', actingUser(call));
      const policy = await currentPolicy(trx);
      const fields: FieldProblem[] = [];
      // SERVICE-PACKET: the packet served is one generated for this case, before the service; it brings its
      // language, its documents and what it withheld.
      const packetId = input.packetId?.trim() || null;
      const packet = packetId
        ? UUID.test(packetId)
          ? await trx
              .selectFrom('disclosure_packets')
              .select([
                'id',
                'reference',
                'language',
                'version',
                'generated_at',
                'document_ids',
                'withheld_document_ids',
                'content_sha256',
              ])
              .where('id', '=', packetId)
              .where('case_id', '=', caseId)
              .executeTakeFirst()
          : undefined
        : null;
      if (packet === undefined)
        throw invalid('The service could not be recorded.', [
          { field: 'packetId', message: 'No such packet on this case.' },
        ]);
      if (packet) {
        if (!input.language?.trim()) input = { ...input, language: packet.language };
        else if (languageCode(input.language) !== packet.language)
          fields.push({
            field: 'language',
            rule: 'SERVICE-PACKET',
            message: `The packet ${packet.reference} is in ${languageLabel(packet.language)}: the service's language is the packet's.`,
          });
        const served = [...packet.document_ids, ...packet.withheld_document_ids];
        if (!input.documentIds?.length) input = { ...input, documentIds: served };
        if (packet.withheld_document_ids.length && !input.restricted)
          input = {
            ...input,
            restricted: true,
            restrictionNote:
              input.restrictionNote?.trim() ||
              `Packet ${packet.reference} states what INTERPOL Washington restricted (${packet.withheld_document_ids.length} document(s) withheld).`,
          };
        if (!(PACKET_SERVICE_METHODS as readonly string[]).includes(input.method))
          fields.push({
            field: 'method',
            message: `Choose how the packet was served: ${PACKET_SERVICE_METHODS.map((m) => PACKET_SERVICE_METHOD_LABELS[m]).join(', ')}.`,
          });
        const t = input.servedAt?.getTime();
        if (!Number.isNaN(t) && !receivedByService(new Date(packet.generated_at), input.servedAt))
          fields.push({
            field: 'servedAt',
            rule: 'SERVICE-PACKET',
            message: `The packet ${packet.reference} was generated at ${new Date(packet.generated_at).toISOString().slice(0, 16).replace('T', ' ')} UTC: it cannot have been served before it existed.`,
          });
      }
      const servedAt = input.servedAt;
      const servedOk = !Number.isNaN(servedAt?.getTime()) && servedAt.getTime() <= now.getTime();
      if (!servedOk)
        fields.push({
          field: 'servedAt',
          message: 'Enter when the documents were served; not in the future.',
        });
      requireText(input.method, 'method', 'Enter how the documents were served.', fields);
      requireText(input.recipient, 'recipient', 'Enter who received them.', fields);
      if (input.restricted)
        requireText(input.restrictionNote, 'restrictionNote', 'Explain the restriction.', fields);

      // SERVICE-LANGUAGE: in a language the person reads, or through an interpreter into one. The person
      // row is read FOR SHARE, so a correction of the languages (which locks it FOR UPDATE) waits for this
      // service to commit, or this service sees the corrected list: never a service in a language the
      // person was just recorded as not reading.
      const person = await trx
        .selectFrom('persons')
        .select('languages')
        .where('id', '=', row.person_id)
        .forShare()
        .executeTakeFirst();
      const reads = person?.languages ?? [];
      const readsText = reads.length ? reads.map(languageLabel).join(', ') : 'not recorded';
      const language = languageCode(input.language);
      const interpreterName = input.interpreterName?.trim() || null;
      const interpreterLanguage = languageCode(input.interpreterLanguage);
      if (!input.language?.trim())
        fields.push({ field: 'language', message: 'Choose the language of the documents served.' });
      else if (language === null)
        fields.push({
          field: 'language',
          message: 'Choose the language from the list (an ISO 639-1 code such as tg, or its name).',
        });
      else if (!readsLanguage(reads, language)) {
        if (!interpreterName && !input.interpreterLanguage?.trim())
          fields.push({
            field: 'language',
            rule: 'SERVICE-LANGUAGE',
            message: `A service counts only in a language the person reads (${readsText}). ${languageLabel(language)} is not one of them: serve the documents in a language the person reads, or record the interpreter (name and the language they interpreted into).`,
          });
        else {
          if (!interpreterName)
            fields.push({ field: 'interpreterName', message: 'Enter the name of the interpreter.' });
          if (interpreterLanguage === null)
            fields.push({
              field: 'interpreterLanguage',
              message: 'Choose the language the interpreter put the documents into.',
            });
          else if (!readsLanguage(reads, interpreterLanguage))
            fields.push({
              field: 'interpreterLanguage',
              rule: 'SERVICE-LANGUAGE',
              message: `The interpreter must put the documents into a language the person reads (${readsText}).`,
            });
        }
      }

      // SERVICE-DOCUMENTS: at least one document on the case, each received before the service.
      const docIds = [...new Set(input.documentIds ?? [])];
      if (docIds.length === 0)
        fields.push({
          field: 'documentIds',
          rule: 'SERVICE-DOCUMENTS',
          message:
            'Choose the documents served. A service with nothing served does not start the contest window; record the documents on the case first.',
        });
      else {
        const found = await trx
          .selectFrom('documents')
          .select(['id', 'title', 'received_at'])
          .where('case_id', '=', caseId)
          .where('id', 'in', docIds)
          .execute();
        docIds.forEach((d, i) => {
          const doc = found.find((f) => f.id === d);
          if (!doc) fields.push({ field: `documentIds.${i}`, message: 'No such document on this case.' });
          else if (servedOk && !receivedByService(new Date(doc.received_at), servedAt))
            fields.push({
              field: `documentIds.${i}`,
              rule: 'SERVICE-DOCUMENTS',
              message: `"${doc.title}" was received at ${new Date(doc.received_at).toISOString().slice(0, 16).replace('T', ' ')} UTC, after the service: a document cannot be served before it exists.`,
            });
        });
      }

      // SERVICE-BACKDATE: a service recorded long after it happened needs a reason.
      const backdateHours = serviceBackdateHours(policy);
      const backdated = servedOk && now.getTime() - servedAt.getTime() > backdateHours * HOUR_MS;
      const reasons = [];
      if (backdated) {
        if (!input.backdateReason?.trim())
          fields.push({
            field: 'backdateReason',
            rule: 'SERVICE-BACKDATE',
            message: `The service happened more than ${backdateHours} hours ago. Explain why it is recorded only now.`,
          });
        else
          reasons.push({
            text: input.backdateReason,
            field: 'backdateReason',
            kind: 'service_note' as const,
          });
      }
      if (input.note?.trim())
        reasons.push({ text: input.note, field: 'note', kind: 'service_note' as const });
      fields.push(...(await checkReasons(trx, caseId, reasons, reasonMinChars(policy))));
      if (fields.length) throw invalid('The service could not be recorded.', fields);

      // The window runs from the later of the service and its recording.
      const windowOpens = Math.max(servedAt.getTime(), now.getTime());
      const contestDeadline = new Date(windowOpens + policy.contestWindowDays * DAY_MS);
      const interpreted = !readsLanguage(reads, language!);
      const id = randomUUID();
      await trx
        .insertInto('disclosures')
        .values({
          id,
          case_id: caseId,
          served_at: servedAt,
          method: input.method,
          recipient: input.recipient,
          language: language!,
          document_ids: JSON.stringify(docIds),
          restricted: input.restricted ?? false,
          restriction_note: input.restrictionNote ?? null,
          contest_deadline: contestDeadline,
          recorded_by: actingUser(call),
          recorded_at: now,
          interpreter_name: interpreted ? interpreterName : null,
          interpreter_language: interpreted ? interpreterLanguage : null,
          note: input.note?.trim() || null,
          backdate_reason: backdated ? input.backdateReason!.trim() : null,
          packet_id: packet?.id ?? null,
          served_by: input.servedBy?.trim() || (packet ? call.actor.username : null),
          acknowledgement: input.acknowledgement?.trim() || null,
        })
        .execute();
      audit.entityId = id;
      audit.detail = {
        packetId: packet?.reference ?? null,
        packetSha256: packet?.content_sha256 ?? null,
        contestDeadline: contestDeadline.toISOString(),
        documents: docIds.length,
        language: language,
        interpreter: interpreted ? `${language}-${interpreterLanguage}` : null,
        backdated,
      };
      return { id, contestDeadline };
    },
  );
}
