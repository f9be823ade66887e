/**
 * An attorney's confirmation that the person on a case is the subject of a notice on it, when the record
 * does not show it (the notice was recorded on another person record and the name, date of birth or
 * nationality differ: `case_notices.subject_link = 'unconfirmed'`). Until then G-VALIDITY stays unmet for
 * the case, so nobody can rely on the notice for this person. The reason must say what establishes the
 * identity (checkReasons, kind `identity_link`); the differences it answers are kept in the audit entry.
 */
import type { SubjectLink } from '../../domain/subject-link.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface SubjectLinkConfirmation {
  caseId: string;
  noticeId: string;
  subjectLink: SubjectLink;
}

export async function confirmSubjectLink(
  call: Call,
  caseId: string,
  input: { noticeId: string; reason: string },
): Promise<SubjectLinkConfirmation> {
  return runAction(
    call,
    { action: 'case.link_confirm', permission: 'notice_link.confirm', entityType: 'case_notice' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (row.status === 'closed') throw conflict('case_closed', 'The case is closed.');
      await requireInScope(trx, call, 'notice', input.noticeId, {
        onCase: caseId,
        label: 'The notice on this case',
      });
      audit.entityId = input.noticeId;
      const link = await trx
        .selectFrom('case_notices')
        .select(['subject_link', 'subject_differences'])
        .where('case_id', '=', caseId)
        .where('notice_id', '=', input.noticeId)
        .executeTakeFirstOrThrow();
      if (link.subject_link !== 'unconfirmed')
        throw conflict(
          'link_not_unconfirmed',
          link.subject_link === 'confirmed'
            ? "An attorney has already confirmed that the person is the notice's subject."
            : "The record already shows that the person is the notice's subject; there is nothing to confirm.",
        );
      const fields: FieldProblem[] = [];
      requireText(
        input.reason,
        'reason',
        "Say what establishes that the person is the notice's subject.",
        fields,
      );
      if (fields.length) throw invalid('The confirmation could not be recorded.', fields);
      const policy = await currentPolicy(trx);
      const problems = await checkReasons(
        trx,
        caseId,
        [{ text: input.reason, field: 'reason', kind: 'identity_link' }],
        reasonMinChars(policy),
      );
      if (problems.length) throw invalid('The confirmation could not be recorded.', problems);
      await trx
        .updateTable('case_notices')
        .set({
          subject_link: 'confirmed',
          link_confirmed_by: actingUser(call),
          link_confirmed_at: now,
          link_confirmation_reason: input.reason.trim(),
        })
        .where('case_id', '=', caseId)
        .where('notice_id', '=', input.noticeId)
        .execute();
      audit.before = { subjectLink: 'unconfirmed' };
      audit.after = { subjectLink: 'confirmed' };
      audit.detail = { noticeId: input.noticeId, differences: link.subject_differences ?? [] };
      return { caseId, noticeId: input.noticeId, subjectLink: 'confirmed' };
    },
  );
}
