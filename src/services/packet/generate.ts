/**
 * Generating the disclosure packet for the person (D9): the notice of rights in their language, the
 * documents the agency recorded that may be disclosed, a statement for each one INTERPOL Washington
 * restricted, and the counsel portal access code issued with it. A packet that would say exactly what the
 * latest one in that language says is not made again; anything that changes it (a document, a restriction,
 * the translation or its approval) makes a new version.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { languageCode, languageLabel, readsLanguage } from '../../domain/languages.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { readStoredObject } from '../documents/download.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { issuePortalAccess } from '../portal/access.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';
import {
  type EnclosedDocument,
  type MissingItem,
  type PacketContent,
  packetContentHash,
  renderPacket,
  type WithheldDocument,
} from './render.ts';
import {
  isPacketLanguage,
  PACKET_LANGUAGES,
  type PacketLanguage,
  readTranslation,
  translator,
} from './translations.ts';

export interface GeneratePacketInput {
  /** ISO 639-1 code or name; the first language the person reads that the packet has, when left out. */
  language?: string | null;
  /** Issue a counsel portal access code and print it on the packet (default true). */
  issueAccessCode?: boolean;
}

export interface GeneratedPacket {
  id: string;
  reference: string;
  language: string;
  version: number;
  sha256: string;
  fileSha256: string;
  byteSize: number;
  translationApproved: boolean;
  /** False when the latest packet in this language already says exactly this (no new version). */
  created: boolean;
  /** The access code printed on the packet; shown once, never stored in clear outside the packet. */
  accessCode: string | null;
  /** The person does not read this language: the service will need an interpreter. */
  personReadsLanguage: boolean;
}

/** Where the counsel portal is, as printed on the packet. */
export function portalUrl(): string {
  return process.env.REDLINE_PORTAL_URL || 'http://localhost:3000/portal';
}

/** The approval of this exact translation file, if a coordinator or attorney gave one. */
export async function translationApproval(db: DbOrTrx, language: string, sha256: string) {
  return db
    .selectFrom('packet_translation_approvals')
    .select(['id', 'version', 'approved_at', 'approved_by'])
    .where('language', '=', language)
    .where('content_sha256', '=', sha256)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** What the packet encloses and withholds, from the documents recorded on the case. */
export async function packetDocuments(trx: DbOrTrx, caseId: string) {
  const docs = await trx
    .selectFrom('documents')
    .leftJoin('liaison_responses', 'liaison_responses.id', 'documents.liaison_response_id')
    .leftJoin('stored_objects', 'stored_objects.sha256', 'documents.stored_sha256')
    .select([
      'documents.id',
      'documents.title',
      'documents.kind',
      'documents.language',
      'documents.received_at',
      'documents.source',
      'documents.file_status',
      'stored_objects.sha256',
      'stored_objects.wrapped_key',
      'stored_objects.key_id',
      'stored_objects.content_type',
      'liaison_responses.disclosure_restrictions',
    ])
    .where('documents.case_id', '=', caseId)
    .orderBy('documents.received_at')
    .orderBy('documents.title')
    .orderBy('documents.id')
    .execute();
  const enclosed: EnclosedDocument[] = [];
  const withheld: WithheldDocument[] = [];
  /** The stored objects of the enclosed documents, to read from the vault (never those withheld). */
  const objects = new Map<string, { sha256: string; wrapped_key: string; key_id: string }>();
  for (const d of docs) {
    const restriction = d.disclosure_restrictions?.trim();
    if (restriction) {
      withheld.push({ id: d.id, title: d.title, kind: d.kind, reason: restriction });
      continue;
    }
    const stored = d.file_status === 'stored' && d.sha256 && d.wrapped_key && d.key_id && d.content_type;
    enclosed.push({
      id: d.id,
      title: d.title,
      kind: d.kind,
      language: d.language,
      receivedOn: new Date(d.received_at).toISOString().slice(0, 10),
      source: d.source,
      file: stored ? { sha256: d.sha256!, contentType: d.content_type! } : null,
    });
    if (stored) objects.set(d.id, { sha256: d.sha256!, wrapped_key: d.wrapped_key!, key_id: d.key_id! });
  }
  const answers = await trx
    .selectFrom('liaison_responses')
    .innerJoin('liaison_requests', 'liaison_requests.id', 'liaison_responses.request_id')
    .select(['liaison_responses.missing_items'])
    .where('liaison_requests.case_id', '=', caseId)
    .where('liaison_requests.kind', '=', 'documentation')
    .orderBy('liaison_responses.responded_at')
    .execute();
  const missing: MissingItem[] = answers.flatMap((a) =>
    (a.missing_items ?? []).map((m) => ({ item: m.item, reason: m.reason })),
  );
  return { enclosed, withheld, missing, objects };
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export async function generatePacket(
  call: Call,
  caseId: string,
  input: GeneratePacketInput = {},
): Promise<GeneratedPacket> {
  return runAction(
    call,
    { action: 'packet.generate', permission: 'packet.generate', entityType: 'disclosure_packet' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      // Another office's case answers as an unknown one (404), never 403.
      await requireInScope(trx, call, 'case', caseId);
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (row.status === 'closed')
        throw conflict('case_closed', 'The case is closed: no packet is generated for it.');
      const person = await trx
        .selectFrom('persons')
        .select(['family_name', 'given_names', 'languages'])
        .where('id', '=', row.person_id)
        .executeTakeFirstOrThrow();
      const reads = person.languages ?? [];
      const fields: FieldProblem[] = [];
      let language: PacketLanguage = 'en';
      const asked = input.language?.trim();
      const supported = PACKET_LANGUAGES.map((l) => `${languageLabel(l)} (${l})`).join(', ');
      if (asked) {
        const code = languageCode(asked);
        if (!isPacketLanguage(code))
          fields.push({
            field: 'language',
            message: `The packet is written in ${supported}. Choose one of them (an interpreter can put it into another language at service).`,
          });
        else language = code;
      } else {
        const first = reads.map(languageCode).find(isPacketLanguage);
        language = first ?? 'en';
      }
      const { enclosed, withheld, missing, objects } = await packetDocuments(trx, caseId);
      if (enclosed.length + withheld.length === 0)
        fields.push({
          field: 'caseId',
          rule: 'PACKET-DOCUMENTS',
          message:
            'No documents are recorded on this case yet. Record the documentation INTERPOL Washington provided (or what it withheld) before generating the packet.',
        });
      if (fields.length) throw invalid('The packet could not be generated.', fields);

      const policy = await currentPolicy(trx);
      const file = readTranslation(language);
      const approved = language === 'en' || !!(await translationApproval(trx, language, file.sha256));
      const personName = [person.family_name, person.given_names].filter(Boolean).join(', ');
      // What decides a new version: everything the packet says except its own id, version, date and code.
      const fingerprint = sha256(
        JSON.stringify({
          language,
          translation: file.sha256,
          approved,
          personName,
          purpose: row.purpose,
          contestWindowDays: policy.contestWindowDays,
          enclosed,
          withheld,
          missing,
        }),
      );
      const latest = await trx
        .selectFrom('disclosure_packets')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('language', '=', language)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      const personReadsLanguage = readsLanguage(reads, language);
      if (latest && latest.fingerprint === fingerprint) {
        audit.entityId = latest.id;
        audit.detail = {
          packetId: latest.reference,
          language,
          version: latest.version,
          sha256: latest.content_sha256,
          unchanged: true,
        };
        return {
          id: latest.id,
          reference: latest.reference,
          language,
          version: latest.version,
          sha256: latest.content_sha256,
          fileSha256: latest.file_sha256,
          byteSize: latest.byte_size,
          translationApproved: latest.translation_approved,
          created: false,
          accessCode: null,
          personReadsLanguage,
        };
      }

      const version = (latest?.version ?? 0) + 1;
      const id = randomUUID();
      const reference = `PK-${randomBytes(5).toString('hex').toUpperCase()}`;
      const access =
        input.issueAccessCode === false ? null : await issuePortalAccess(trx, now, actingUser(call), caseId);
      const content: PacketContent = {
        language,
        translationSha256: file.sha256,
        pendingReview: !approved,
        caseNumber: row.case_number,
        packetId: reference,
        version,
        date: now.toISOString().slice(0, 10),
        personName,
        purpose: row.purpose,
        contestWindowDays: policy.contestWindowDays,
        portalUrl: portalUrl(),
        accessCode: access?.code ?? null,
        enclosed,
        withheld,
        missing,
      };
      const contentSha256 = packetContentHash(content);
      // The enclosed files' plaintext, each checked against its SHA-256 (named in the content, so in the
      // packet's hash): a file missing or changed in the store stops the packet (409) rather than leaving
      // it out unnoticed.
      const files = new Map<string, Buffer>();
      for (const [documentId, object] of objects)
        files.set(documentId, await readStoredObject(call.app, documentId, object));
      const pdf = await renderPacket(content, await translator(file), contentSha256, files);
      const fileSha256 = sha256(pdf);
      await trx
        .insertInto('disclosure_packets')
        .values({
          id,
          case_id: caseId,
          reference,
          language,
          version,
          content_sha256: contentSha256,
          file_sha256: fileSha256,
          byte_size: pdf.length,
          pdf,
          fingerprint,
          translation_sha256: file.sha256,
          translation_approved: approved,
          document_ids: JSON.stringify(enclosed.map((d) => d.id)),
          withheld_document_ids: JSON.stringify(withheld.map((d) => d.id)),
          portal_access_id: access?.accessId ?? null,
          generated_by: call.actor.userId,
          generated_at: now,
        })
        .execute();
      audit.entityId = id;
      // Never the access code: only the access's id.
      audit.detail = {
        packetId: reference,
        language,
        version,
        sha256: contentSha256,
        fileSha256,
        enclosed: enclosed.length,
        enclosedFiles: enclosed.flatMap((d) => (d.file ? [{ documentId: d.id, sha256: d.file.sha256 }] : [])),
        withheld: withheld.length,
        missing: missing.length,
        translationSha256: file.sha256,
        translationApproved: approved,
        portalAccessId: access?.accessId ?? null,
      };
      return {
        id,
        reference,
        language,
        version,
        sha256: contentSha256,
        fileSha256,
        byteSize: pdf.length,
        translationApproved: approved,
        created: true,
        accessCode: access?.code ?? null,
        personReadsLanguage,
      };
    },
  );
}
