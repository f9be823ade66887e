/**
 * The gate snapshot of a legacy case the import creates, built from what the batch writes rather than read
 * back: the case row as the import inserts it (with the defaults the insert leaves to the table,
 * `NEW_CASE_DEFAULTS`), one notice and its warrant from the record, and nothing else (no review, request,
 * disclosure, approval… exists yet). It is what `snapshot.ts#loadCaseSnapshot` reads for such a case, so the
 * import computes the stored gate status before its batch's transaction; tests compare the snapshot with
 * `loadCaseSnapshot` and the stored status with `evaluateStatus`.
 */
import { sql } from 'kysely';
import type { LegacyRecord } from '../../domain/legacy-record.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { CaseRow } from '../../store/schema.ts';
import { type NamedCaseSnapshot, type SnapshotRow, snapshotOf } from '../snapshot.ts';

/** What the snapshots of a batch share: the assigned officer's latest training and the people they name. */
export interface LegacySnapshotContext {
  officerTraining: Date | string | null;
  people: Array<{ id: string; display_name: string; role: string }>;
}

export async function legacySnapshotContext(
  trx: DbOrTrx,
  officerId: string,
  createdBy: string,
): Promise<LegacySnapshotContext> {
  // the same expressions as the snapshot statement (j_officer_training, j_people)
  const training = await sql<{ t: Date | string | null }>`
    select max(t.completed_at) as t from training_records t where t.user_id = ${officerId}`.execute(trx);
  const people = await trx
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('id', 'in', [...new Set([createdBy, officerId])])
    .execute();
  return { officerTraining: training.rows[0]?.t ?? null, people };
}

/**
 * The columns of a new case the snapshot reads that the import's insert does not set: the table's defaults
 * (migration 0001). A test checks them against the stored rows (through `loadCaseSnapshot`).
 */
export const NEW_CASE_DEFAULTS = {
  status: 'open',
  independent_basis: { summary: '', evidence: [] },
} as const satisfies Partial<CaseRow>;

/** The case columns the snapshot reads (`snapshot.ts#snapshotOf`); the rest of the row is not needed. */
export type LegacyCaseColumns = Pick<
  CaseRow,
  | 'id'
  | 'person_id'
  | 'purpose'
  | 'office_id'
  | 'created_by'
  | 'assigned_officer_id'
  | 'narrative'
  | 'custody_status'
> & { case_number?: string };

/**
 * The snapshot of a new case from its insert's values (`NEW_CASE_DEFAULTS` for the rest). The case number
 * may be left out (an empty one): the gates do not read it, and the import computes the status before its
 * transaction draws the numbers.
 */
export function legacySnapshot(
  c: LegacyCaseColumns,
  r: LegacyRecord,
  noticeId: string,
  ctx: LegacySnapshotContext,
): NamedCaseSnapshot {
  const n = r.notice;
  const w = r.warrant;
  // the columns one by one rather than spread: spreading two objects into a literal of thirty properties
  // costs tens of microseconds a case in V8 (a generic copy), more than the rest of the snapshot
  const row = {
    id: c.id,
    case_number: c.case_number ?? '',
    person_id: c.person_id,
    purpose: c.purpose,
    office_id: c.office_id,
    created_by: c.created_by,
    assigned_officer_id: c.assigned_officer_id,
    narrative: c.narrative,
    custody_status: c.custody_status,
    status: NEW_CASE_DEFAULTS.status,
    independent_basis: NEW_CASE_DEFAULTS.independent_basis,
    j_officer_training: ctx.officerTraining,
    j_languages: r.person.languages,
    j_notices: [
      {
        id: noticeId,
        type: n.type,
        interpol_ref: n.interpolRef,
        issuing_country: n.issuingCountry,
        status: n.status ?? 'valid',
        issued_on: n.issuedOn ?? null,
        expires_on: n.expiresOn ?? null,
        purpose: n.purpose ?? null,
        summary_of_facts: n.summaryOfFacts ?? null,
        subject_link: 'same_person',
        subject_differences: [],
        link_confirmed_by: null,
        link_confirmed_at: null,
        link_confirmation_reason: null,
      },
    ],
    j_warrants: w
      ? [
          {
            notice_id: noticeId,
            position: 0,
            kind: w.kind,
            charge: w.charge,
            charge_translation: w.chargeTranslation ?? null,
            law_cited: w.lawCited ?? null,
            max_penalty_months: w.maxPenaltyMonths ?? null,
            sentence_months: w.sentenceMonths ?? null,
            remaining_months: null,
            in_absentia: null,
            issuing_court: null,
            issued_on: w.issuedOn ?? null,
            issuing_country: null,
          },
        ]
      : [],
    j_confirmations: [],
    j_review: null,
    j_requests: [],
    j_documents: [],
    j_disclosures: [],
    j_contests: [],
    j_exigencies: [],
    j_approvals: [],
    j_sign_offs: [],
    j_legal_reviews: [],
    j_dismissals: [],
    j_people: ctx.people,
    j_authorizations: [],
  };
  return snapshotOf(row as unknown as SnapshotRow);
}
