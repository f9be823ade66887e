/**
 * Applications to the Commission for the Control of INTERPOL's Files (CCF), as the person reports them
 * through the counsel portal, and an attorney's confirmation. A reported deletion or finding that the data
 * do not comply with INTERPOL's rules changes nothing by itself: it becomes a notice status change only
 * when an attorney confirms it (`ccf_report.confirm`), through the same propagation every status change
 * takes (notice/propagate.ts): authorizations withdrawn, re-review tasks raised, the cases screened again.
 */
import { randomUUID } from 'node:crypto';
import type { NoticeStatus } from '../../domain/types.ts';
import { documentMaxBytes } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { type AppContext, type Call, currentPolicy, runAction } from '../context.ts';
import { type StoredUpload, storeUploadedDocument, type UploadedFile } from '../documents/store-upload.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { lockNoticeAndCases } from '../notice/lock.ts';
import { changeNoticeStatus } from '../notice/propagate.ts';
import { notFoundInScope, requireInScope } from '../scope.ts';
import { receiptReference } from './contest.ts';
import { type PortalCallMeta, type PortalSession, portalCall } from './session.ts';

export const CCF_OUTCOMES = [
  'pending',
  'deletion',
  'non_compliant',
  'correction',
  'retained',
  'other',
] as const;
export type CcfOutcome = (typeof CCF_OUTCOMES)[number];
/** Outcomes an attorney can confirm as a change of the notice's status. */
export const CCF_ACTIONABLE: readonly CcfOutcome[] = ['deletion', 'non_compliant'];

export interface CcfReportInput {
  appliedOn: string;
  ccfReference?: string | null;
  outcome: CcfOutcome;
  outcomeOn?: string | null;
  statement?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string | null | undefined) =>
  !!s &&
  DATE.test(s) &&
  !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export async function reportCcf(
  app: AppContext,
  session: PortalSession,
  meta: PortalCallMeta,
  input: CcfReportInput,
): Promise<{ id: string; reference: string }> {
  return runAction(
    portalCall(app, session, meta),
    { action: 'portal.ccf_report', entityType: 'ccf_report' },
    async (trx, audit, now) => {
      audit.caseId = session.caseId;
      const today = now.toISOString().slice(0, 10);
      const fields: FieldProblem[] = [];
      if (!validDate(input.appliedOn) || input.appliedOn > today)
        fields.push({
          field: 'appliedOn',
          code: 'applied_on_invalid',
          message: 'Enter the date you applied to the CCF (not in the future).',
        });
      if (!CCF_OUTCOMES.includes(input.outcome))
        fields.push({
          field: 'outcome',
          code: 'outcome_invalid',
          message: `Choose the outcome: one of ${CCF_OUTCOMES.join(', ')}.`,
        });
      if (input.outcome && input.outcome !== 'pending') {
        if (!validDate(input.outcomeOn) || input.outcomeOn! > today)
          fields.push({
            field: 'outcomeOn',
            code: 'outcome_on_invalid',
            message: 'Enter the date of the CCF’s decision (not in the future).',
          });
        else if (validDate(input.appliedOn) && input.outcomeOn! < input.appliedOn)
          fields.push({
            field: 'outcomeOn',
            code: 'outcome_before_applied',
            message: 'The decision cannot come before the application.',
          });
      }
      if (fields.length) throw invalid('The report could not be filed.', fields);
      const id = randomUUID();
      const reference = receiptReference('F');
      await trx
        .insertInto('portal_ccf_reports')
        .values({
          id,
          case_id: session.caseId,
          access_id: session.accessId,
          reference,
          applied_on: input.appliedOn,
          ccf_reference: input.ccfReference?.trim() || null,
          outcome: input.outcome,
          outcome_on: input.outcome === 'pending' ? null : (input.outcomeOn ?? null),
          statement: input.statement?.trim() || null,
          reported_at: now,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { outcome: input.outcome, reference, portalAccessId: session.accessId };
      return { id, reference };
    },
  );
}

export interface CcfReviewInput {
  /** true: the finding is confirmed (the notice's status changes); false: set aside, with the reason. */
  confirm: boolean;
  /** The notice on the case the finding concerns (needed to confirm). */
  noticeId?: string | null;
  /** The status the notice takes: deleted by default. */
  status?: Exclude<NoticeStatus, 'valid'>;
  note: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The CCF report's case, when the report exists and its case is in the caller's scope; else the same 404. */
async function reportInScope(trx: DbOrTrx, call: Call, reportId: string): Promise<{ case_id: string }> {
  const found = UUID.test(reportId)
    ? await trx
        .selectFrom('portal_ccf_reports')
        .select(['case_id'])
        .where('id', '=', reportId)
        .executeTakeFirst()
    : undefined;
  if (!found) throw notFoundInScope('The CCF report');
  await requireInScope(trx, call, 'case', found.case_id, { label: 'The CCF report' });
  return found;
}

export async function reviewCcfReport(
  call: Call,
  reportId: string,
  input: CcfReviewInput,
): Promise<{ id: string; status: string; affectedCases: number }> {
  return runAction(
    call,
    { action: 'ccf_report.confirm', permission: 'ccf_report.confirm', entityType: 'ccf_report' },
    async (trx, audit, now) => {
      audit.entityId = reportId;
      const found = await reportInScope(trx, call, reportId);
      audit.caseId = found.case_id;
      const fields: FieldProblem[] = [];
      requireText(
        input.note,
        'note',
        'Say what you checked (the CCF’s letter, its date and reference).',
        fields,
      );
      let noticeOk = false;
      // A notice named is one on this case, whether the finding is confirmed or set aside (an id of
      // another office's notice answers as an unknown one).
      if (input.confirm || input.noticeId) {
        if (!input.noticeId || !UUID.test(input.noticeId))
          fields.push({
            field: 'noticeId',
            message: 'Choose the notice on this case that the finding concerns.',
          });
        else {
          const link = await trx
            .selectFrom('case_notices')
            .select('notice_id')
            .where('case_id', '=', found.case_id)
            .where('notice_id', '=', input.noticeId)
            .executeTakeFirst();
          if (!link) fields.push({ field: 'noticeId', message: 'That notice is not on this case.' });
          else noticeOk = true;
        }
      }
      if (input.confirm) {
        if (input.status !== undefined && (input.status as string) === 'valid')
          fields.push({ field: 'status', message: 'A CCF finding takes the notice away from valid.' });
      }
      if (fields.length) throw invalid('The CCF report could not be reviewed.', fields);
      // Lock order: the cases on the notice, then the notice (notice/lock.ts), then the report.
      const notice = input.confirm && noticeOk ? await lockNoticeAndCases(trx, input.noticeId!) : null;
      const report = await trx
        .selectFrom('portal_ccf_reports')
        .selectAll()
        .where('id', '=', reportId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (report.status !== 'reported')
        throw conflict(
          'ccf_report_reviewed',
          `This report was already reviewed (${report.status.replace('_', ' ')}).`,
        );
      if (input.confirm && !CCF_ACTIONABLE.includes(report.outcome as CcfOutcome))
        throw conflict(
          'ccf_outcome_not_actionable',
          `Only a deletion or a finding of non-compliance changes the notice's status; this report says "${report.outcome.replace('_', ' ')}". Set it aside with a note instead.`,
          { rule: 'CCF-CONFIRM-OUTCOME' },
        );
      // A finding is confirmed on the CCF's own letter, never on the report alone. Read under the report's
      // row lock, which every letter upload takes too (here and through the portal).
      if (input.confirm) {
        const letter = await trx
          .selectFrom('documents')
          .select('id')
          .where('ccf_report_id', '=', reportId)
          .where('kind', '=', 'ccf_letter')
          .executeTakeFirst();
        if (!letter)
          throw invalid('The CCF’s letter is not on this report.', [
            {
              field: 'letter',
              code: 'ccf_letter_required',
              rule: 'CCF-CONFIRM-LETTER',
              message:
                'Attach the CCF’s letter to the report before confirming the finding: counsel sends it through the portal, or upload it here.',
            },
          ]);
      }
      const userId = actingUser(call);
      let affectedCases = 0;
      let newStatus: string | null = null;
      if (notice) {
        const to = input.status ?? 'deleted';
        newStatus = to;
        if (notice.status !== to) {
          const outcomeOn = report.outcome_on
            ? new Date(`${String(report.outcome_on).slice(0, 10)}T00:00:00Z`)
            : now;
          const affected = await changeNoticeStatus(trx, {
            noticeId: notice.id,
            from: notice.status,
            to,
            effectiveAt: outcomeOn.getTime() > now.getTime() ? now : outcomeOn,
            source: 'ccf',
            usncbReference: null,
            note: `CCF ${report.outcome.replace('_', ' ')} reported through the counsel portal (${report.reference}${report.ccf_reference ? `, CCF ref. ${report.ccf_reference}` : ''}); confirmed: ${input.note.trim()}`,
            recordedBy: userId,
            now,
          });
          affectedCases = affected.length;
          audit.detail = {
            from: notice.status,
            to,
            affectedCases: affected.map((a) => ({
              caseId: a.caseId,
              withdrawnAuthorizations: a.withdrawnAuthorizations,
              taskId: a.taskId,
            })),
          };
        }
      }
      const status = input.confirm ? 'confirmed' : 'not_confirmed';
      await trx
        .updateTable('portal_ccf_reports')
        .set({
          status,
          reviewed_by: userId,
          reviewed_at: now,
          review_note: input.note.trim(),
          notice_id: notice?.id ?? null,
          notice_status: newStatus,
        })
        .where('id', '=', reportId)
        .execute();
      audit.detail = { ...(audit.detail ?? {}), confirm: input.confirm, outcome: report.outcome };
      return { id: reportId, status, affectedCases };
    },
  );
}

/**
 * The CCF's letter, uploaded by the attorney who is to confirm the finding (counsel did not send it through
 * the portal, or sent it another way): the same checks, encryption and storage as every upload, kind
 * `ccf_letter`, attached to the report. Takes the report's row lock, as the confirmation does; a report
 * already reviewed takes no more letters.
 */
export async function attachCcfLetter(
  call: Call,
  reportId: string,
  file: UploadedFile,
  input: { language?: string | null } = {},
): Promise<StoredUpload> {
  return runAction(
    call,
    { action: 'ccf_report.letter', permission: 'ccf_report.confirm', entityType: 'document' },
    async (trx, audit, now) => {
      const found = await reportInScope(trx, call, reportId);
      audit.caseId = found.case_id;
      const report = await trx
        .selectFrom('portal_ccf_reports')
        .select(['id', 'status', 'reference'])
        .where('id', '=', reportId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (report.status !== 'reported')
        throw conflict('ccf_report_reviewed', 'This report was already reviewed; it takes no more letters.');
      const stored = await storeUploadedDocument(trx, call.app, {
        file,
        caseId: found.case_id,
        kind: 'ccf_letter',
        attachTo: { ccfReportId: report.id },
        language: input.language ?? null,
        title: `CCF letter (${report.reference})`,
        source: 'Commission for the Control of INTERPOL’s Files',
        uploader: { userId: actingUser(call) },
        now,
        maxBytes: documentMaxBytes(await currentPolicy(trx)),
      });
      audit.entityId = stored.documentId;
      audit.detail = { ccfReportId: report.id, sha256: stored.sha256, byteSize: stored.byteSize };
      return stored;
    },
  );
}
