/**
 * The scheduled duties: each one is a scan of the database (a few set-based queries, never a query per
 * case) that returns the notifications it owes today. A notification's dedupe key is
 * `<duty>:<item>:<day>`, unique per user, so the same scan run twice on one day adds nothing.
 */
import { sql } from 'kysely';
import type { PolicySettings } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { DAY_MS } from '../inputs.ts';
import type { NotificationRow } from '../notifications/notify.ts';

export const DUTY_IDS = [
  'liaison_overdue',
  'validity_stale',
  'contest_window_closing',
  'training_expiring',
  'notice_expiring',
  'disclosure_not_served',
] as const;
export type DutyId = (typeof DUTY_IDS)[number];

export const DUTY_LABELS: Record<DutyId, string> = {
  liaison_overdue:
    'Requests to INTERPOL Washington past their due date: a reminder to the requester, and to the supervisors once overdue by the follow-up days',
  validity_stale: 'Validity confirmations stale or going stale within a day, on cases not closed',
  contest_window_closing: 'Contest windows closing within 3 days with no contest filed',
  training_expiring:
    'Annual training expired or expiring within 30 days (the user and the training coordinators)',
  notice_expiring: 'Notices still valid whose expiry date is within 7 days or passed, on cases not closed',
  disclosure_not_served:
    'Cases with documents received and no service recorded on the person (D9), or whose newest disclosure packet has not been served, not closed',
};

/** Days before a contest window closes that the officer is told. */
export const CONTEST_WARNING_DAYS = 3;
/** Days before training expires that the user is told (as the training queue). */
export const TRAINING_WARNING_DAYS = 30;
/** Days before a notice's expiry date that the officer is told. */
export const NOTICE_WARNING_DAYS = 7;
/** Hours before a validity confirmation goes stale that the officer is told. */
export const VALIDITY_WARNING_HOURS = 24;

export interface ScanResult {
  /** Items found (requests, cases, users…). */
  items: number;
  rows: NotificationRow[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const when = (d: Date | string) => `${new Date(d).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Enabled supervisors by office, read once per scan. */
async function supervisorsByOffice(trx: DbOrTrx): Promise<Map<string, string[]>> {
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'office_id'])
    .where('role', '=', 'supervisor')
    .where('disabled_at', 'is', null)
    .execute();
  const map = new Map<string, string[]>();
  for (const r of rows) if (r.office_id) map.set(r.office_id, [...(map.get(r.office_id) ?? []), r.id]);
  return map;
}

type Scan = (trx: DbOrTrx, now: Date, policy: PolicySettings) => Promise<ScanResult>;

const liaisonOverdue: Scan = async (trx, now, policy) => {
  const rows = await trx
    .selectFrom('liaison_requests as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select([
      'r.id',
      'r.kind',
      'r.requested_by',
      'r.due_at',
      'c.id as case_id',
      'c.case_number',
      'c.office_id',
    ])
    .where('r.status', '=', 'pending')
    .where('r.due_at', '<', now)
    .execute();
  const supervisors = await supervisorsByOffice(trx);
  const out: NotificationRow[] = [];
  for (const r of rows) {
    const kind = r.kind.replaceAll('_', ' ');
    const daysOver = Math.floor((now.getTime() - new Date(r.due_at).getTime()) / DAY_MS);
    out.push({
      userId: r.requested_by,
      kind: 'liaison_overdue',
      caseId: r.case_id,
      text: `Your ${kind} request to INTERPOL Washington on case ${r.case_number} was due ${when(r.due_at)} and has no answer. Send a follow-up.`,
      dedupeKey: `liaison_overdue:${r.id}:${day(now)}`,
    });
    if (daysOver >= policy.liaisonFollowUpDays)
      for (const s of supervisors.get(r.office_id) ?? [])
        out.push({
          userId: s,
          kind: 'liaison_escalation',
          caseId: r.case_id,
          text: `Escalation: the ${kind} request to INTERPOL Washington on case ${r.case_number} is overdue by ${daysOver} days (due ${when(r.due_at)}); the requester has been reminded.`,
          dedupeKey: `liaison_escalation:${r.id}:${day(now)}`,
        });
  }
  return { items: rows.length, rows: out };
};

const validityStale: Scan = async (trx, now, policy) => {
  // The latest confirmation of each notice for each case not closed; told when it is stale, or goes stale
  // within VALIDITY_WARNING_HOURS.
  const threshold = new Date(
    now.getTime() + (VALIDITY_WARNING_HOURS - policy.validityFreshnessHours) * 3_600_000,
  );
  const rows = await sql<{
    case_id: string;
    case_number: string;
    assigned_officer_id: string;
    interpol_ref: string;
    confirmed_at: Date;
  }>`select * from (
      select distinct on (cn.case_id, cn.notice_id) cn.case_id, c.case_number, c.assigned_officer_id,
        n.interpol_ref, v.confirmed_at
      from case_notices cn
      join cases c on c.id = cn.case_id
      join notices n on n.id = cn.notice_id
      join validity_confirmations v on v.notice_id = cn.notice_id and (v.case_id is null or v.case_id = cn.case_id)
      where c.status <> 'closed'
      order by cn.case_id, cn.notice_id, v.confirmed_at desc
    ) latest where latest.confirmed_at <= ${threshold}`.execute(trx);
  const out = rows.rows.map((r) => {
    const staleAt = new Date(new Date(r.confirmed_at).getTime() + policy.validityFreshnessHours * 3_600_000);
    return {
      userId: r.assigned_officer_id,
      kind: 'validity_stale',
      caseId: r.case_id,
      text: `The validity confirmation of notice ${r.interpol_ref} on case ${r.case_number} ${
        staleAt <= now ? 'is stale' : 'goes stale'
      } (${when(staleAt)}). Ask INTERPOL Washington to confirm again before relying on the notice.`,
      dedupeKey: `validity_stale:${r.case_id}:${r.interpol_ref}:${day(now)}`,
    };
  });
  return { items: rows.rows.length, rows: out };
};

const contestWindowClosing: Scan = async (trx, now) => {
  const rows = await trx
    .selectFrom('disclosures as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['d.id', 'd.contest_deadline', 'c.id as case_id', 'c.case_number', 'c.assigned_officer_id'])
    .where('c.status', '<>', 'closed')
    .where('d.contest_deadline', '>', now)
    .where('d.contest_deadline', '<=', new Date(now.getTime() + CONTEST_WARNING_DAYS * DAY_MS))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('contests as k').select('k.id').whereRef('k.case_id', '=', 'd.case_id'))),
    )
    .execute();
  const out = rows.map((r) => ({
    userId: r.assigned_officer_id,
    kind: 'contest_window_closing',
    caseId: r.case_id,
    text: `The person's window to contest on case ${r.case_number} closes ${when(r.contest_deadline)}; no contest has been recorded.`,
    dedupeKey: `contest_window_closing:${r.id}:${day(now)}`,
  }));
  return { items: rows.length, rows: out };
};

const trainingExpiring: Scan = async (trx, now, policy) => {
  const latestBefore = new Date(
    now.getTime() + (TRAINING_WARNING_DAYS - policy.trainingValidityDays) * DAY_MS,
  );
  const rows = await trx
    .selectFrom('users as u')
    .innerJoin('training_records as t', 't.user_id', 'u.id')
    .select(['u.id', 'u.display_name'])
    .select((eb) => eb.fn.max('t.completed_at').as('completed_at'))
    .where('u.disabled_at', 'is', null)
    .groupBy(['u.id', 'u.display_name'])
    .having((eb) => eb.fn.max('t.completed_at'), '<=', latestBefore)
    .execute();
  const coordinators = (
    await trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'training_coordinator')
      .where('disabled_at', 'is', null)
      .execute()
  ).map((u) => u.id);
  const out: NotificationRow[] = [];
  for (const r of rows) {
    const expires = new Date(
      new Date(r.completed_at as unknown as string).getTime() + policy.trainingValidityDays * DAY_MS,
    );
    const state = expires <= now ? 'expired' : 'expires';
    out.push({
      userId: r.id,
      kind: 'training_expiring',
      caseId: null,
      text: `Your annual training ${state} ${when(expires)}. Complete it to keep acting on cases (D3).`,
      dedupeKey: `training_expiring:${r.id}:${day(now)}`,
    });
    for (const c of coordinators)
      if (c !== r.id)
        out.push({
          userId: c,
          kind: 'training_expiring',
          caseId: null,
          text: `${r.display_name}'s annual training ${state} ${when(expires)}.`,
          dedupeKey: `training_expiring:${r.id}:${day(now)}`,
        });
  }
  return { items: rows.length, rows: out };
};

const noticeExpiring: Scan = async (trx, now) => {
  const until = day(new Date(now.getTime() + NOTICE_WARNING_DAYS * DAY_MS));
  const rows = await trx
    .selectFrom('case_notices as cn')
    .innerJoin('cases as c', 'c.id', 'cn.case_id')
    .innerJoin('notices as n', 'n.id', 'cn.notice_id')
    .select([
      'n.id',
      'n.interpol_ref',
      'n.expires_on',
      'c.id as case_id',
      'c.case_number',
      'c.assigned_officer_id',
    ])
    .where('c.status', '<>', 'closed')
    .where('n.status', '=', 'valid')
    .where('n.expires_on', 'is not', null)
    .where('n.expires_on', '<=', until)
    .execute();
  const out = rows.map((r) => ({
    userId: r.assigned_officer_id,
    kind: 'notice_expiring',
    caseId: r.case_id,
    text: `Notice ${r.interpol_ref} on case ${r.case_number} ${
      (r.expires_on ?? '') < day(now) ? 'expired' : 'expires'
    } on ${r.expires_on}. Ask INTERPOL Washington whether it is still valid.`,
    dedupeKey: `notice_expiring:${r.id}:${r.case_id}:${day(now)}`,
  }));
  return { items: rows.length, rows: out };
};

const disclosureNotServed: Scan = async (trx, now) => {
  const rows = await trx
    .selectFrom('cases as c')
    .select(['c.id', 'c.case_number', 'c.assigned_officer_id'])
    .where('c.status', '<>', 'closed')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('documents as d').select('d.id').whereRef('d.case_id', '=', 'c.id')),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('disclosures as s').select('s.id').whereRef('s.case_id', '=', 'c.id'))),
    )
    .execute();
  // A packet generated after the last service (the documents changed, or it was never served): the
  // person has not received what the case now holds.
  const packets = await trx
    .selectFrom('disclosure_packets as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .select(['c.id', 'c.case_number', 'c.assigned_officer_id', 'p.reference', 'p.version', 'p.language'])
    .where('c.status', '<>', 'closed')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('disclosure_packets as newer')
            .select('newer.id')
            .whereRef('newer.case_id', '=', 'p.case_id')
            .whereRef('newer.generated_at', '>', 'p.generated_at'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('disclosures as s').select('s.id').whereRef('s.packet_id', '=', 'p.id'))),
    )
    .execute();
  const out = [
    ...rows.map((r) => ({
      userId: r.assigned_officer_id,
      kind: 'disclosure_not_served',
      caseId: r.id,
      text: `Documents were received on case ${r.case_number} and have not been served on the person (D9). Record the service once they are served.`,
      dedupeKey: `disclosure_not_served:${r.id}:${day(now)}`,
    })),
    ...packets
      .filter((p) => !rows.some((r) => r.id === p.id))
      .map((p) => ({
        userId: p.assigned_officer_id,
        kind: 'disclosure_not_served',
        caseId: p.id,
        text: `The newest disclosure packet of case ${p.case_number} (${p.reference}, version ${p.version}, ${p.language}) has not been served on the person (D9). Serve it and record the service.`,
        dedupeKey: `packet_not_served:${p.id}:${p.reference}:${day(now)}`,
      })),
  ];
  return { items: out.length, rows: out };
};

export const SCANS: Record<DutyId, Scan> = {
  liaison_overdue: liaisonOverdue,
  validity_stale: validityStale,
  contest_window_closing: contestWindowClosing,
  training_expiring: trainingExpiring,
  notice_expiring: noticeExpiring,
  disclosure_not_served: disclosureNotServed,
};
