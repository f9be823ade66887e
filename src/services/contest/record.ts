/** A contest filed by the person or their counsel (D9, C2): each ground raised, with what the person says. */
import { randomUUID } from 'node:crypto';
import {
  CONTEST_GROUND_LABELS,
  CONTEST_GROUNDS,
  type ContestGround,
  serviceBackdateHours,
} from '../../domain/types.ts';
import type { PortalContactJson } from '../../store/schema.ts';
import { suspendForContest } from '../authorization/contest-effect.ts';
import { type Call, currentPolicy, runAction } from '../context.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import { actingUser, requireText } from '../inputs.ts';
import { checkReasons, reasonMinChars } from '../reasons.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export interface ContestInput {
  filedBy: string;
  /** Each ground raised: its kind and the person's statement of it. */
  grounds: ContestGround[];
  filedAt?: Date;
  disclosureId?: string | null;
  ccfApplication?: string | null;
  /** Why a filing time older than the policy's backdating window is recorded only now. */
  backdateReason?: string | null;
  /**
   * A contest the person or counsel filed through the counsel portal (services/portal/contest.ts): the
   * access used, the contact details given and the receipt's reference. No staff member received it.
   */
  portal?: { accessId: string; contact: PortalContactJson; reference: string } | null;
}

const HOUR_MS = 3_600_000;

/** The grounds as one readable text (kept in the `grounds` column for older readers). */
export function groundsText(grounds: readonly ContestGround[]): string {
  return grounds
    .map((g, i) => `${i + 1}. ${CONTEST_GROUND_LABELS[g.ground] ?? g.ground}: ${g.statement.trim()}`)
    .join('\n');
}

export async function recordContest(
  call: Call,
  caseId: string,
  input: ContestInput,
): Promise<{ id: string }> {
  return runAction(
    call,
    { action: 'contest.record', permission: 'contest.record', entityType: 'contest' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      const policy = await currentPolicy(trx);
      const fields: FieldProblem[] = [];
      requireText(input.filedBy, 'filedBy', 'Enter who filed the contest.', fields);
      const grounds = Array.isArray(input.grounds) ? input.grounds : [];
      if (grounds.length === 0)
        fields.push({
          field: 'grounds',
          message: 'Add each ground the person raises, with what they say about it.',
        });
      grounds.forEach((g, i) => {
        if (!CONTEST_GROUNDS.includes(g?.ground))
          fields.push({
            field: `grounds.${i}.ground`,
            message: `Choose the ground: one of ${CONTEST_GROUNDS.map((k) => CONTEST_GROUND_LABELS[k]).join('; ')}.`,
          });
        requireText(
          g?.statement,
          `grounds.${i}.statement`,
          'Write what the person says on this ground (in their words or a faithful summary).',
          fields,
        );
      });
      const filedAt = input.filedAt ?? now;
      const openedAt = new Date(row.created_at).getTime();
      const filedOk =
        !Number.isNaN(filedAt.getTime()) &&
        filedAt.getTime() <= now.getTime() &&
        filedAt.getTime() >= openedAt;
      if (!filedOk)
        fields.push({
          field: 'filedAt',
          message:
            'Enter when the contest was filed: not in the future, and not before the case was opened (a contest answers this case).',
        });
      // CONTEST-BACKDATE: a filing recorded long after it happened needs a reason (the same window as a
      // service's, policy serviceBackdateHours).
      const backdateHours = serviceBackdateHours(policy);
      const backdated = filedOk && now.getTime() - filedAt.getTime() > backdateHours * HOUR_MS;
      if (backdated) {
        if (!input.backdateReason?.trim())
          fields.push({
            field: 'backdateReason',
            message: `Rule CONTEST-BACKDATE: the contest was filed more than ${backdateHours} hours ago. Explain why it is recorded only now.`,
          });
        else
          fields.push(
            ...(await checkReasons(
              trx,
              caseId,
              [{ text: input.backdateReason, field: 'backdateReason', kind: 'service_note' }],
              reasonMinChars(policy),
            )),
          );
      }
      if (fields.length) throw invalid('The contest could not be recorded.', fields);
      if (input.disclosureId)
        await requireInScope(trx, call, 'disclosure', input.disclosureId, {
          onCase: caseId,
          label: 'The disclosure',
        });
      const list = grounds.map((g) => ({ ground: g.ground, statement: g.statement.trim() }));
      const id = randomUUID();
      await trx
        .insertInto('contests')
        .values({
          id,
          case_id: caseId,
          disclosure_id: input.disclosureId ?? null,
          filed_at: filedAt,
          filed_by: input.filedBy,
          grounds: groundsText(list),
          grounds_list: JSON.stringify(list),
          received_by: input.portal ? null : actingUser(call),
          source: input.portal ? 'portal' : 'staff',
          portal_access_id: input.portal?.accessId ?? null,
          contact: input.portal ? JSON.stringify(input.portal.contact) : null,
          reference: input.portal?.reference ?? null,
          ccf_application: input.ccfApplication ?? null,
          recorded_at: now,
          backdate_reason: backdated ? input.backdateReason!.trim() : null,
        })
        .execute();
      // A contest filed after the case was authorized suspends the authorization (immigration proceedings).
      const suspendedAuthorization = await suspendForContest(trx, row, id, now);
      audit.entityId = id;
      audit.detail = {
        filedAt: filedAt.toISOString(),
        disclosureId: input.disclosureId ?? null,
        grounds: list.map((g) => g.ground),
        backdated,
        suspendedAuthorization,
        source: input.portal ? 'portal' : 'staff',
        ...(input.portal ? { portalAccessId: input.portal.accessId, reference: input.portal.reference } : {}),
      };
      return { id };
    },
  );
}
