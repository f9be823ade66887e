/**
 * What the counsel portal shows: only the case its session's access names, and of that case only what
 * was disclosed to the person — the documents served on them, less any INTERPOL Washington restricted —
 * with the contests and CCF reports filed through the portal, their status and decisions. Every read is
 * audited (`portal.read`, `portal.document.download`).
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../store/db.ts';
import type { AppContext } from '../context.ts';
import { auditEvent } from '../context.ts';
import { readStoredObject } from '../documents/download.ts';
import { ServiceError } from '../errors.ts';
import { type PortalCallMeta, type PortalSession, portalCall } from './session.ts';

/**
 * The ids of the documents of a case the portal may show: named in a service (disclosure) on the person
 * that was not marked restricted, and not delivered by an answer of INTERPOL Washington that restricted
 * disclosure (unless that answer says the documentation must be disclosed in full).
 */
export function disclosableDocumentIds(trx: DbOrTrx, caseId: string) {
  return trx
    .selectFrom('documents')
    .leftJoin('liaison_responses', 'liaison_responses.id', 'documents.liaison_response_id')
    .select('documents.id')
    .where('documents.case_id', '=', caseId)
    .where((eb) =>
      eb.or([
        eb('liaison_responses.id', 'is', null),
        eb('liaison_responses.disclosure_restrictions', 'is', null),
        eb('liaison_responses.disclosure_in_full', '=', true),
      ]),
    )
    .where(
      sql<boolean>`exists (select 1 from disclosures d where d.case_id = ${caseId} and d.restricted = false and d.document_ids ? documents.id::text)`,
    );
}

export interface PortalContestView {
  id: string;
  reference: string | null;
  filedAt: string;
  grounds: Array<{ ground: string; statement: string }>;
  status: 'under_review' | 'decided';
  decision: string | null;
  decidedAt: string | null;
  rationale: string | null;
  answers: Array<{ groundIndex: number; answer: string }>;
}

export interface PortalCcfView {
  id: string;
  reference: string;
  appliedOn: string;
  ccfReference: string | null;
  outcome: string;
  outcomeOn: string | null;
  reportedAt: string;
  status: string;
}

export interface PortalOverview {
  accessExpiresAt: string;
  language: string;
  /** When the window to contest inside the agency closes (from the latest service), or null. */
  contestDeadline: string | null;
  documents: Array<{
    id: string;
    title: string;
    kind: string;
    language: string | null;
    receivedAt: string;
    downloadable: boolean;
  }>;
  /** The disclosure packets served on the person, newest service first. */
  packets: Array<{
    id: string;
    reference: string;
    language: string;
    version: number;
    servedAt: string;
    sha256: string;
  }>;
  contests: PortalContestView[];
  ccfReports: PortalCcfView[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

export async function portalOverview(
  app: AppContext,
  session: PortalSession,
  meta: PortalCallMeta,
): Promise<PortalOverview> {
  const db = app.db;
  const caseId = session.caseId;
  const documents = await db
    .selectFrom('documents')
    .select([
      'id',
      'title',
      'kind',
      'language',
      'received_at',
      sql<boolean>`(content is not null or file_status = 'stored')`.as('has_content'),
    ])
    .where('id', 'in', disclosableDocumentIds(db, caseId))
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const deadline = await db
    .selectFrom('disclosures')
    .select('contest_deadline')
    .where('case_id', '=', caseId)
    .orderBy('served_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  // The packets served on the person (the service records which one): what they were given, to read again.
  const packets = await db
    .selectFrom('disclosures')
    .innerJoin('disclosure_packets', 'disclosure_packets.id', 'disclosures.packet_id')
    .select([
      'disclosure_packets.id',
      'disclosure_packets.reference',
      'disclosure_packets.language',
      'disclosure_packets.version',
      'disclosure_packets.content_sha256',
      'disclosures.served_at',
    ])
    .where('disclosures.case_id', '=', caseId)
    .orderBy('disclosures.served_at', 'desc')
    .execute();
  const contests = await db
    .selectFrom('contests')
    .select([
      'id',
      'reference',
      'filed_at',
      'grounds_list',
      'decision',
      'decided_at',
      'decision_rationale',
      'answers',
    ])
    .where('case_id', '=', caseId)
    .where('source', '=', 'portal')
    .orderBy('filed_at', 'desc')
    .execute();
  const ccf = await db
    .selectFrom('portal_ccf_reports')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('reported_at', 'desc')
    .execute();
  await auditEvent(portalCall(app, session, meta), 'portal.read', 'ok', {
    entityType: 'portal_access',
    entityId: session.accessId,
    caseId,
    detail: { documents: documents.length },
  });
  return {
    accessExpiresAt: session.accessExpiresAt.toISOString(),
    language: session.language,
    contestDeadline: deadline ? iso(deadline.contest_deadline) : null,
    documents: documents.map((d) => ({
      id: d.id,
      title: d.title,
      kind: d.kind,
      language: d.language,
      receivedAt: new Date(d.received_at).toISOString(),
      downloadable: d.has_content === true,
    })),
    packets: [...new Map(packets.map((p) => [p.id, p])).values()].map((p) => ({
      id: p.id,
      reference: p.reference,
      language: p.language,
      version: p.version,
      servedAt: new Date(p.served_at).toISOString(),
      sha256: p.content_sha256,
    })),
    contests: contests.map((c) => ({
      id: c.id,
      reference: c.reference,
      filedAt: new Date(c.filed_at).toISOString(),
      grounds: c.grounds_list ?? [],
      status: c.decision ? 'decided' : 'under_review',
      decision: c.decision,
      decidedAt: iso(c.decided_at),
      rationale: c.decision ? c.decision_rationale : null,
      answers: c.decision ? (c.answers ?? []) : [],
    })),
    ccfReports: ccf.map((r) => ({
      id: r.id,
      reference: r.reference,
      appliedOn: day(r.applied_on)!,
      ccfReference: r.ccf_reference,
      outcome: r.outcome,
      outcomeOn: day(r.outcome_on),
      reportedAt: new Date(r.reported_at).toISOString(),
      status: r.status,
    })),
  };
}

/** One disclosed document's content, for download; anything else (another case's, a restricted one) is not found. */
export async function portalDocument(
  app: AppContext,
  session: PortalSession,
  meta: PortalCallMeta,
  documentId: string,
): Promise<{ title: string; contentType: string; content: Buffer }> {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const call = portalCall(app, session, meta);
  const row = UUID.test(documentId)
    ? await app.db
        .selectFrom('documents')
        .leftJoin('stored_objects', 'stored_objects.sha256', 'documents.stored_sha256')
        .select([
          'documents.id',
          'documents.title',
          'documents.content_type',
          'documents.content',
          'documents.file_name',
          'stored_objects.sha256',
          'stored_objects.wrapped_key',
          'stored_objects.key_id',
          'stored_objects.content_type as stored_type',
        ])
        .where('documents.id', '=', documentId)
        .where('documents.id', 'in', disclosableDocumentIds(app.db, session.caseId))
        .executeTakeFirst()
    : undefined;
  if (!row || (!row.content && !row.sha256)) {
    await auditEvent(call, 'portal.document.download', 'denied', {
      entityType: 'document',
      caseId: session.caseId,
      detail: { rule: 'PORTAL-DISCLOSED-ONLY' },
    });
    throw new ServiceError(404, 'not_found', 'The document was not found.');
  }
  await auditEvent(call, 'portal.document.download', 'ok', {
    entityType: 'document',
    entityId: row.id,
    caseId: session.caseId,
  });
  // A stored file is read through the document store (decrypted and checked against its SHA-256).
  const content =
    row.sha256 && row.wrapped_key && row.key_id
      ? await readStoredObject(app, row.id, {
          sha256: row.sha256,
          wrapped_key: row.wrapped_key,
          key_id: row.key_id,
        })
      : row.content!;
  return {
    title: row.file_name ?? row.title,
    contentType: row.stored_type ?? row.content_type ?? 'application/octet-stream',
    content,
  };
}

/** A packet served on the person of the portal's case, for download; any other id is not found. */
export async function portalPacket(
  app: AppContext,
  session: PortalSession,
  meta: PortalCallMeta,
  packetId: string,
): Promise<{ reference: string; pdf: Buffer }> {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const call = portalCall(app, session, meta);
  const row = UUID.test(packetId)
    ? await app.db
        .selectFrom('disclosure_packets')
        .select(['id', 'reference', 'pdf', 'file_sha256'])
        .where('id', '=', packetId)
        .where('case_id', '=', session.caseId)
        .where(
          'id',
          'in',
          app.db
            .selectFrom('disclosures')
            .select('packet_id')
            .where('case_id', '=', session.caseId)
            .where('packet_id', 'is not', null)
            .$narrowType<{ packet_id: string }>(),
        )
        .executeTakeFirst()
    : undefined;
  if (!row) {
    await auditEvent(call, 'portal.packet.download', 'denied', {
      entityType: 'disclosure_packet',
      caseId: session.caseId,
      detail: { rule: 'PORTAL-DISCLOSED-ONLY' },
    });
    throw new ServiceError(404, 'not_found', 'The packet was not found.');
  }
  await auditEvent(call, 'portal.packet.download', 'ok', {
    entityType: 'disclosure_packet',
    entityId: row.id,
    caseId: session.caseId,
    detail: { fileSha256: row.file_sha256 },
  });
  return { reference: row.reference, pdf: row.pdf };
}
