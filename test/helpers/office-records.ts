/**
 * The records of each office, by kind, for tests that name ids in requests (test/server/fuzz.test.ts,
 * test/server/cross-office-ids.test.ts): which record kind a path parameter or a body field names, and
 * the ids of each kind with the office they belong to. `addRecordsOfEveryKind` writes, on a case of each
 * office, one record of every kind that the demo data lacks (written straight into the tables: what is
 * tested is who may name them, not how they came to be).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';

export type RecordKind =
  | 'case'
  | 'person'
  | 'notice'
  | 'liaison_request'
  | 'liaison_response'
  | 'document'
  | 'disclosure'
  | 'contest'
  | 'exigency'
  | 'task'
  | 'packet'
  | 'portal_access'
  | 'ccf_report'
  | 'import'
  | 'notification'
  | 'security_key'
  | 'rescreen_run'
  | 'user';

/** The kind a body (or query) field names, by the field's name. */
export const FIELD_KINDS: Readonly<Record<string, RecordKind>> = {
  caseId: 'case',
  personId: 'person',
  noticeId: 'notice',
  liaisonRequestId: 'liaison_request',
  responseId: 'liaison_response',
  liaisonResponseId: 'liaison_response',
  documentId: 'document',
  documentIds: 'document',
  disclosureId: 'disclosure',
  contestId: 'contest',
  packetId: 'packet',
  userId: 'user',
  assignedOfficerId: 'user',
  actorId: 'user',
};

/** The kind a path parameter names, by the path segment in front of it. */
const SEGMENT_KINDS: Readonly<Record<string, RecordKind>> = {
  cases: 'case',
  persons: 'person',
  notices: 'notice',
  'liaison-requests': 'liaison_request',
  documents: 'document',
  contests: 'contest',
  exigencies: 'exigency',
  tasks: 'task',
  packets: 'packet',
  'portal-access': 'portal_access',
  'ccf-reports': 'ccf_report',
  imports: 'import',
  notifications: 'notification',
  'security-keys': 'security_key',
  'rescreen-runs': 'rescreen_run',
};

/** The kind of record a path parameter names (`/cases/{id}/packets/{packetId}`: packetId → packet), or null. */
export function pathParamKind(path: string, name: string): RecordKind | null {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  return at > 0 ? (SEGMENT_KINDS[segments[at - 1]!] ?? null) : null;
}

/** One record: its kind, id, office (null: of no office) and case (null: on no case). */
export interface OfficeRecord {
  kind: RecordKind;
  id: string;
  office: string | null;
  caseId: string | null;
}

const BY_CASE = (table: string, kind: RecordKind) =>
  `select '${kind}' as kind, x.id::text as id, c.office_id as office, c.id::text as case_id
   from ${table} x join cases c on c.id = x.case_id`;

/** Every record of every kind, with its office (a person or notice on cases of two offices: twice). */
export async function officeRecords(db: Db): Promise<OfficeRecord[]> {
  const queries = [
    `select 'case' as kind, id::text as id, office_id as office, id::text as case_id from cases`,
    `select 'person', p.id::text, c.office_id, c.id::text from persons p join cases c on c.person_id = p.id`,
    `select 'notice', n.notice_id::text, c.office_id, c.id::text from case_notices n join cases c on c.id = n.case_id`,
    BY_CASE('liaison_requests', 'liaison_request'),
    `select 'liaison_response', r.id::text, c.office_id, c.id::text from liaison_responses r
       join liaison_requests q on q.id = r.request_id join cases c on c.id = q.case_id`,
    BY_CASE('documents', 'document'),
    BY_CASE('disclosures', 'disclosure'),
    BY_CASE('contests', 'contest'),
    BY_CASE('exigencies', 'exigency'),
    BY_CASE('tasks', 'task'),
    BY_CASE('disclosure_packets', 'packet'),
    BY_CASE('portal_access', 'portal_access'),
    BY_CASE('portal_ccf_reports', 'ccf_report'),
    `select 'import', id::text, office_id, null from import_runs`,
    `select 'notification', n.id::text, u.office_id, n.case_id::text from notifications n join users u on u.id = n.user_id`,
    `select 'security_key', k.id::text, u.office_id, null from webauthn_credentials k join users u on u.id = k.user_id`,
    `select 'rescreen_run', r.id::text, coalesce(r.filter->>'officeId', u.office_id), null
       from rescreen_runs r left join users u on u.id = r.created_by`,
    `select 'user', id::text, office_id, null from users`,
  ];
  const rows = await sql
    .raw<{ kind: RecordKind; id: string; office: string | null; case_id: string | null }>(
      queries.join(' union all '),
    )
    .execute(db);
  return rows.rows.map((r) => ({ kind: r.kind, id: r.id, office: r.office, caseId: r.case_id }));
}

/**
 * On the first case of each office (by case number): a request to INTERPOL Washington and its answer, a
 * document, a service, a contest, an exigency, a task, a disclosure packet, a counsel portal access and a
 * CCF report through it, an import run, a paused bulk re-screening of the office, and a notification and a security key for a user of the office.
 */
export async function addRecordsOfEveryKind(db: Db, offices: readonly string[]): Promise<void> {
  const at = new Date('2026-05-20T12:00:00.000Z');
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  for (const office of offices) {
    const c = await db
      .selectFrom('cases')
      .innerJoin('case_notices', 'case_notices.case_id', 'cases.id')
      .select(['cases.id', 'case_notices.notice_id'])
      .where('cases.office_id', '=', office)
      .orderBy('cases.case_number')
      .executeTakeFirstOrThrow();
    const user = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('office_id', '=', office)
      .where('role', '=', 'officer')
      .orderBy('username')
      .executeTakeFirstOrThrow();
    const base = { case_id: c.id };
    const requestId = randomUUID();
    await db
      .insertInto('liaison_requests')
      .values({
        ...base,
        id: requestId,
        notice_id: c.notice_id,
        kind: 'documentation',
        status: 'answered',
        details: null,
        requested_by: user.id,
        requested_at: at,
        due_at: new Date(at.getTime() + 10 * 86_400_000),
        cancelled_reason: null,
        office_id: office,
      })
      .execute();
    const responseId = randomUUID();
    await db
      .insertInto('liaison_responses')
      .values({
        id: responseId,
        request_id: requestId,
        responded_by: user.id,
        responded_at: at,
        out_of_band: false,
        usncb_reference: null,
        outcome: 'provided',
        notes: null,
        scope: null,
        conditions: null,
        valid_until: null,
        disclosure_restrictions: null,
        disclosure_in_full: null,
        scope_purposes: null,
      })
      .execute();
    const documentId = randomUUID();
    await db
      .insertInto('documents')
      .values({
        ...base,
        id: documentId,
        notice_id: c.notice_id,
        liaison_response_id: responseId,
        kind: 'arrest_warrant',
        title: `Arrest warrant (${office})`,
        language: 'fr',
        received_at: at,
        content_type: null,
        sha256: null,
        byte_size: null,
        content: null,
        recorded_by: user.id,
      })
      .execute();
    const disclosureId = randomUUID();
    await db
      .insertInto('disclosures')
      .values({
        ...base,
        id: disclosureId,
        served_at: at,
        method: 'in_person',
        recipient: 'the person',
        language: 'fr',
        document_ids: JSON.stringify([documentId]),
        restricted: false,
        restriction_note: null,
        contest_deadline: new Date(at.getTime() + 30 * 86_400_000),
        recorded_by: user.id,
        recorded_at: at,
        backdate_reason: null,
        office_id: office,
      })
      .execute();
    await db
      .insertInto('contests')
      .values({
        ...base,
        id: randomUUID(),
        disclosure_id: disclosureId,
        filed_at: at,
        filed_by: 'the person',
        grounds: 'other',
        received_by: user.id,
        decision: null,
        decision_rationale: null,
        decided_by: null,
        decided_at: null,
        ccf_application: null,
        recorded_at: at,
        backdate_reason: null,
        office_id: office,
      })
      .execute();
    await db
      .insertInto('exigencies')
      .values({
        ...base,
        id: randomUUID(),
        action: 'detention',
        reason: 'The person is about to leave the country on a flight booked for tonight.',
        requested_by: user.id,
        requested_at: at,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      })
      .execute();
    await db
      .insertInto('tasks')
      .values({
        ...base,
        id: randomUUID(),
        kind: 'review_due',
        reason: 'The review of the case is due.',
        created_at: at,
        closed_at: null,
        closed_by: null,
        resolution: null,
        office_id: office,
      })
      .execute();
    const accessId = randomUUID();
    await db
      .insertInto('portal_access')
      .values({
        ...base,
        id: accessId,
        code_hash: hash(`code ${accessId}`),
        link_token_hash: hash(`link ${accessId}`),
        link_used_at: null,
        issued_by: user.id,
        issued_at: at,
        expires_at: new Date(at.getTime() + 365 * 86_400_000),
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
        last_used_at: null,
      })
      .execute();
    await db
      .insertInto('portal_ccf_reports')
      .values({
        ...base,
        id: randomUUID(),
        access_id: accessId,
        reference: `CCF-${office}-${accessId.slice(0, 8)}`,
        applied_on: '2026-01-15',
        ccf_reference: null,
        outcome: 'pending',
        outcome_on: null,
        statement: null,
        reported_at: at,
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        notice_id: c.notice_id,
        notice_status: null,
      })
      .execute();
    await db
      .insertInto('disclosure_packets')
      .values({
        ...base,
        id: randomUUID(),
        reference: `PKT-${office}-${accessId.slice(0, 8)}`,
        language: 'fr',
        version: 1,
        content_sha256: hash('content'),
        file_sha256: hash('file'),
        byte_size: 4,
        pdf: Buffer.from('%PDF'),
        fingerprint: hash('fingerprint').slice(0, 16),
        translation_sha256: hash('translation'),
        translation_approved: false,
        portal_access_id: null,
        generated_by: user.id,
        generated_at: at,
      })
      .execute();
    await db
      .insertInto('import_runs')
      .values({
        id: randomUUID(),
        source: 'legacy_csv',
        file_name: `${office}.csv`,
        format: 'csv',
        sha256: hash(office),
        bytes_total: 10,
        office_id: office,
        officer_id: user.id,
        all_or_nothing: false,
        status: 'completed',
        started_by: user.id,
        started_by_name: user.username,
        started_at: at,
        updated_at: at,
        finished_at: at,
      })
      .execute();
    await db
      .insertInto('notifications')
      .values({
        id: randomUUID(),
        user_id: user.id,
        kind: 'case_assigned',
        case_id: c.id,
        text: 'A case was assigned to you.',
        dedupe_key: null,
        created_at: at,
        read_at: null,
        emailed_at: null,
        email_error: null,
      })
      .execute();
    await db
      .insertInto('webauthn_credentials')
      .values({
        id: randomUUID(),
        user_id: user.id,
        credential_id: `cred-${office}-${accessId.slice(0, 8)}`,
        public_key: 'AAAA',
        name: 'Security key',
        device_type: 'singleDevice',
        backed_up: false,
        created_at: at,
        last_used_at: null,
      })
      .execute();
    await db
      .insertInto('rescreen_runs')
      .values({
        id: randomUUID(),
        state: 'paused',
        filter: JSON.stringify({ officeId: office }),
        ruleset_version: 'test',
        batch_size: 100,
        total: 1,
        cursor_case_id: null,
        last_error: null,
        created_by: null,
        created_by_name: 'test',
        created_at: at,
        updated_at: at,
        finished_at: null,
      })
      .execute();
  }
}
