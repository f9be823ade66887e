/**
 * Exigencies as oversight sees them (the dashboard): how many per office, approved, refused and awaiting a
 * decision, and the list with who requested and who decided, so that no early reliance goes unseen.
 * The counts are one grouped query; the list is read a page at a time, newest first, with a keyset
 * cursor (requested time and id), so neither grows with the number of exigencies on record.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, runAction, spansOffices } from '../context.ts';
import { invalid } from '../errors.ts';
import { loadPeople } from '../snapshot.ts';

export interface ExigencyItem {
  id: string;
  caseId: string;
  caseNumber: string;
  officeId: string;
  action: string;
  reason: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface ExigencyPage {
  items: ExigencyItem[];
  /** Give as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ExigencyOversight extends ExigencyPage {
  byOffice: Array<{ officeId: string; requested: number; approved: number; refused: number }>;
}

/** How many exigencies the dashboard lists before "Show more". */
export const EXIGENCY_PAGE = 20;
/** The most one page may hold. */
export const EXIGENCY_PAGE_MAX = 200;

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** A cursor: the requested time at the database's precision (microseconds, as text) and the id. */
function decodeCursor(after: string): { at: string; id: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})Z~([0-9a-f-]{36})$/.exec(after);
  if (!m)
    throw invalid('The cursor is not valid.', [
      { field: 'after', message: 'Give the nextCursor of the previous page.' },
    ]);
  return { at: m[1]!, id: m[2]! };
}

/** One page of the exigencies the caller may see (office scope is a condition of the query). */
export async function exigencyPage(
  trx: DbOrTrx,
  call: Call,
  opts: { after?: string | undefined; limit?: number | undefined } = {},
): Promise<ExigencyPage> {
  const limit = opts.limit ?? EXIGENCY_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > EXIGENCY_PAGE_MAX)
    throw invalid('The page size is not valid.', [
      { field: 'limit', message: `Give a whole number from 1 to ${EXIGENCY_PAGE_MAX}.` },
    ]);
  let q = trx
    .selectFrom('exigencies')
    .innerJoin('cases', 'cases.id', 'exigencies.case_id')
    .selectAll('exigencies')
    .select([
      'cases.case_number',
      'cases.office_id',
      sql<string>`to_char(exigencies.requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as(
        'requested_key',
      ),
    ]);
  if (!spansOffices(call)) q = q.where('cases.office_id', '=', call.actor.officeId ?? '');
  if (opts.after !== undefined) {
    const c = decodeCursor(opts.after);
    q = q.where(
      sql<boolean>`(exigencies.requested_at, exigencies.id) < (${c.at}::timestamp at time zone 'UTC', ${c.id}::uuid)`,
    );
  }
  const rows = await q
    .orderBy('exigencies.requested_at', 'desc')
    .orderBy('exigencies.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const people = await loadPeople(
    trx,
    page.flatMap((r) => [r.requested_by, ...(r.decided_by ? [r.decided_by] : [])]),
  );
  const name = (id: string | null) => (id ? (people[id]?.displayName ?? id) : null);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      officeId: r.office_id,
      action: r.action,
      reason: r.reason,
      status: r.status,
      requestedBy: name(r.requested_by)!,
      requestedAt: iso(r.requested_at)!,
      decidedBy: name(r.decided_by),
      decidedAt: iso(r.decided_at),
      decisionReason: r.decision_reason,
    })),
    nextCursor: rows.length > limit && last ? `${last.requested_key}Z~${last.id}` : null,
  };
}

/** The dashboard's block: counts per office (one grouped query) and the first page of the list. */
export async function exigencyOversight(trx: DbOrTrx, call: Call): Promise<ExigencyOversight> {
  let counts = trx
    .selectFrom('exigencies')
    .innerJoin('cases', 'cases.id', 'exigencies.case_id')
    .select([
      'cases.office_id',
      sql<number>`count(*) filter (where exigencies.status = 'approved')::int`.as('approved'),
      sql<number>`count(*) filter (where exigencies.status = 'refused')::int`.as('refused'),
      sql<number>`count(*) filter (where exigencies.status not in ('approved', 'refused'))::int`.as(
        'requested',
      ),
    ])
    .groupBy('cases.office_id');
  if (!spansOffices(call)) counts = counts.where('cases.office_id', '=', call.actor.officeId ?? '');
  const byOffice = (await counts.orderBy('cases.office_id').execute()).map((r) => ({
    officeId: r.office_id,
    requested: Number(r.requested),
    approved: Number(r.approved),
    refused: Number(r.refused),
  }));
  return { byOffice, ...(await exigencyPage(trx, call)) };
}

/** `GET /exigencies`: a further page of the dashboard's list (same permission and scope). */
export async function listExigencies(
  call: Call,
  opts: { after?: string | undefined; limit?: number | undefined },
): Promise<ExigencyPage> {
  return runAction(
    call,
    { action: 'exigency.list', permission: 'dashboard.read', entityType: 'exigency' },
    async (trx, audit) => {
      const page = await exigencyPage(trx, call, opts);
      audit.detail = { count: page.items.length, ...(opts.after ? { after: opts.after } : {}) };
      return page;
    },
  );
}
