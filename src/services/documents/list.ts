/**
 * The documents of a case for the case page: kind, language, source, uploader, time, whether a file is
 * stored, what it is attached to, and which gate it counts toward. One query for the documents and one for
 * the services that served them; permission `case.read` and the case's office scope.
 */
import { sql } from 'kysely';
import { checkPermission } from '../../domain/permissions.ts';
import { auditEvent, type Call } from '../context.ts';
import { PermissionDenied } from '../errors.ts';
import { requireInScope } from '../scope.ts';

export interface DocumentListItem {
  id: string;
  kind: string;
  title: string;
  language: string | null;
  source: string | null;
  receivedAt: Date;
  uploadedAt: Date | null;
  uploadedBy: string | null;
  hasFile: boolean;
  fileName: string | null;
  contentType: string | null;
  byteSize: number | null;
  sha256: string | null;
  attachedTo: {
    kind: 'liaison_request' | 'liaison_response' | 'contest' | 'case';
    id: string | null;
    label: string;
  };
  /** The gates this document counts toward, with a plain sentence each (empty: on file only). */
  gates: Array<{ gate: string; text: string }>;
}

export async function listCaseDocuments(call: Call, caseId: string): Promise<DocumentListItem[]> {
  const db = call.app.db;
  if (call.actor.kind === 'user') {
    const verdict = checkPermission('case.read', { role: call.actor.role, trainingCurrent: true });
    if (!verdict.allowed) throw new PermissionDenied(verdict.rule, verdict.reason);
  }
  await requireInScope(db, call, 'case', caseId);
  const rows = await db
    .selectFrom('documents')
    .leftJoin('users', 'users.id', 'documents.recorded_by')
    .leftJoin('liaison_responses', 'liaison_responses.id', 'documents.liaison_response_id')
    .leftJoin('liaison_requests as answered', 'answered.id', 'liaison_responses.request_id')
    .leftJoin('liaison_requests as requested', 'requested.id', 'documents.liaison_request_id')
    .select([
      'documents.id',
      'documents.kind',
      'documents.title',
      'documents.language',
      'documents.source',
      'documents.received_at',
      'documents.uploaded_at',
      'documents.file_status',
      'documents.file_name',
      'documents.content_type',
      'documents.byte_size',
      'documents.stored_sha256',
      'documents.liaison_response_id',
      'documents.liaison_request_id',
      'documents.contest_id',
      'documents.uploader_label',
      'users.display_name',
      'answered.kind as answered_kind',
      'requested.kind as requested_kind',
    ])
    .where('documents.case_id', '=', caseId)
    .orderBy('documents.received_at')
    .orderBy('documents.id')
    .execute();
  const served = await db
    .selectFrom('disclosures')
    .select(sql<string>`jsonb_array_elements_text(document_ids)`.as('document_id'))
    .where('case_id', '=', caseId)
    .execute();
  const servedIds = new Set(served.map((s) => s.document_id));
  await auditEvent(call, 'document.list', 'ok', {
    entityType: 'case',
    entityId: caseId,
    caseId,
    detail: { count: rows.length },
  });
  return rows.map((r) => {
    const gates: DocumentListItem['gates'] = [];
    if (r.liaison_response_id)
      gates.push({
        gate: 'G-DOCS-RECEIVED',
        text: 'Underlying documentation on file: received with an answer from INTERPOL Washington.',
      });
    if (servedIds.has(r.id))
      gates.push({
        gate: 'G-DISCLOSURE',
        text: 'Person served with the documentation: served on the person.',
      });
    if (r.contest_id) gates.push({ gate: 'G-CONTEST', text: 'Contest: filed in support of a contest.' });
    const attachedTo: DocumentListItem['attachedTo'] = r.liaison_response_id
      ? {
          kind: 'liaison_response',
          id: r.liaison_response_id,
          label: `INTERPOL Washington's answer (${r.answered_kind ?? 'request'})`,
        }
      : r.liaison_request_id
        ? {
            kind: 'liaison_request',
            id: r.liaison_request_id,
            label: `Request to INTERPOL Washington (${r.requested_kind ?? 'request'})`,
          }
        : r.contest_id
          ? { kind: 'contest', id: r.contest_id, label: 'Contest' }
          : { kind: 'case', id: null, label: 'The case' };
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      language: r.language,
      source: r.source,
      receivedAt: new Date(r.received_at),
      uploadedAt: r.uploaded_at ? new Date(r.uploaded_at) : null,
      uploadedBy: r.display_name ?? r.uploader_label ?? null,
      hasFile: r.file_status === 'stored',
      fileName: r.file_name,
      contentType: r.content_type,
      byteSize: r.byte_size === null ? null : Number(r.byte_size),
      sha256: r.stored_sha256,
      attachedTo,
      gates,
    };
  });
}
