/** Reading the packets of a case, downloading one, and the state of each language's translation. */
import { type Call, runAction } from '../context.ts';
import { notFound } from '../errors.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { translationApproval } from './generate.ts';
import { PACKET_LANGUAGES, RTL_LANGUAGES, readTranslation } from './translations.ts';

export interface PacketView {
  id: string;
  reference: string;
  language: string;
  version: number;
  sha256: string;
  fileSha256: string;
  byteSize: number;
  translationApproved: boolean;
  documentIds: string[];
  withheldDocumentIds: string[];
  portalAccessIssued: boolean;
  generatedAt: Date;
  generatedBy: string | null;
  /** The newest version in its language. */
  latest: boolean;
  /** The services that served this packet (the person received it). */
  servedIn: Array<{ disclosureId: string; servedAt: Date; method: string; recipient: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The packets of a case, newest first, each with the services that served it. Audited as packet.list. */
export async function listPackets(call: Call, caseId: string): Promise<PacketView[]> {
  return runAction(
    call,
    { action: 'packet.list', permission: 'case.read', entityType: 'case' },
    async (trx, audit) => {
      audit.caseId = caseId;
      audit.entityId = caseId;
      // Another office's case answers as an unknown one (404), never 403.
      await requireInScope(trx, call, 'case', caseId);
      await loadCaseForAction(trx, call, caseId);
      const rows = await trx
        .selectFrom('disclosure_packets')
        .leftJoin('users', 'users.id', 'disclosure_packets.generated_by')
        .select([
          'disclosure_packets.id',
          'reference',
          'language',
          'version',
          'content_sha256',
          'file_sha256',
          'byte_size',
          'translation_approved',
          'document_ids',
          'withheld_document_ids',
          'portal_access_id',
          'generated_at',
          'users.username as generated_by',
        ])
        .where('disclosure_packets.case_id', '=', caseId)
        .orderBy('generated_at', 'desc')
        .orderBy('version', 'desc')
        .execute();
      const served = await trx
        .selectFrom('disclosures')
        .select(['id', 'packet_id', 'served_at', 'method', 'recipient'])
        .where('case_id', '=', caseId)
        .where('packet_id', 'is not', null)
        .orderBy('served_at')
        .execute();
      const newest = new Map<string, number>();
      for (const r of rows) newest.set(r.language, Math.max(newest.get(r.language) ?? 0, r.version));
      return rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        language: r.language,
        version: r.version,
        sha256: r.content_sha256,
        fileSha256: r.file_sha256,
        byteSize: r.byte_size,
        translationApproved: r.translation_approved,
        documentIds: r.document_ids ?? [],
        withheldDocumentIds: r.withheld_document_ids ?? [],
        portalAccessIssued: r.portal_access_id !== null,
        generatedAt: new Date(r.generated_at),
        generatedBy: r.generated_by,
        latest: newest.get(r.language) === r.version,
        servedIn: served
          .filter((s) => s.packet_id === r.id)
          .map((s) => ({
            disclosureId: s.id,
            servedAt: new Date(s.served_at),
            method: s.method,
            recipient: s.recipient,
          })),
      }));
    },
  );
}

/** One packet's PDF. Audited as packet.download (the file carries the portal access code). */
export async function downloadPacket(
  call: Call,
  caseId: string,
  packetId: string,
): Promise<{ pdf: Buffer; fileName: string; sha256: string; fileSha256: string }> {
  return runAction(
    call,
    { action: 'packet.download', permission: 'case.read', entityType: 'disclosure_packet' },
    async (trx, audit) => {
      audit.caseId = caseId;
      // Another office's case answers as an unknown one (404), never 403.
      await requireInScope(trx, call, 'case', caseId);
      const c = await loadCaseForAction(trx, call, caseId);
      const row = UUID.test(packetId)
        ? await trx
            .selectFrom('disclosure_packets')
            .select(['id', 'pdf', 'reference', 'language', 'version', 'content_sha256', 'file_sha256'])
            .where('id', '=', packetId)
            .where('case_id', '=', caseId)
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('The packet');
      audit.entityId = row.id;
      audit.detail = { packetId: row.reference, sha256: row.content_sha256 };
      return {
        pdf: Buffer.from(row.pdf),
        fileName: `${c.case_number}-packet-v${row.version}-${row.language}.pdf`,
        sha256: row.content_sha256,
        fileSha256: row.file_sha256,
      };
    },
  );
}

export interface TranslationStatus {
  language: string;
  name: string;
  rtl: boolean;
  sha256: string;
  /** English is the source text and needs no approval. */
  source: boolean;
  approved: boolean;
  approval: { version: number; approvedAt: Date; approvedBy: string } | null;
  /** Earlier approvals of this language (of other versions of the file). */
  history: Array<{
    version: number;
    sha256: string;
    approvedAt: Date;
    approvedBy: string;
    note: string | null;
  }>;
  strings: Record<string, string>;
  english: Record<string, string>;
}

/** Each language's translation file now, and whether this exact text is approved. */
export async function translationStatuses(call: Call): Promise<TranslationStatus[]> {
  return runAction(
    call,
    { action: 'packet.translations_read', permission: 'packet.translations_read' },
    async (trx) => {
      const en = readTranslation('en');
      const approvals = await trx
        .selectFrom('packet_translation_approvals')
        .innerJoin('users', 'users.id', 'packet_translation_approvals.approved_by')
        .select([
          'language',
          'version',
          'content_sha256',
          'approved_at',
          'note',
          'users.username as approved_by',
        ])
        .orderBy('version', 'desc')
        .execute();
      const out: TranslationStatus[] = [];
      for (const language of PACKET_LANGUAGES) {
        const file = readTranslation(language);
        const mine = approvals.filter((a) => a.language === language);
        const current = mine.find((a) => a.content_sha256 === file.sha256) ?? null;
        void translationApproval;
        out.push({
          language,
          name: file.strings.language_name ?? language,
          rtl: RTL_LANGUAGES.includes(language),
          sha256: file.sha256,
          source: language === 'en',
          approved: language === 'en' || current !== null,
          approval: current
            ? {
                version: current.version,
                approvedAt: new Date(current.approved_at),
                approvedBy: current.approved_by,
              }
            : null,
          history: mine.map((a) => ({
            version: a.version,
            sha256: a.content_sha256,
            approvedAt: new Date(a.approved_at),
            approvedBy: a.approved_by,
            note: a.note,
          })),
          strings: file.strings,
          english: en.strings,
        });
      }
      return out;
    },
  );
}
