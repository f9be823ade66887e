/**
 * Office scope of the ids a request names. One helper for every id that reaches a service in a request
 * body or path (person, notice, case, request to INTERPOL Washington, its answer, document, service,
 * contest, exigency, task, user): it checks that the record exists and that the acting user may reach it, and answers an
 * id of another office exactly as an unknown id (the same 404, no id in the message), so that a request
 * cannot learn or use another office's records by naming them.
 *
 * Who reaches what:
 * - persons and notices have no office of their own: they belong to the offices of the cases that rely on
 *   them (a case's person; a notice linked to a case). A record on no case is reached by no office;
 * - cases, and what hangs off a case (requests, answers, documents, services, contests,
 *   exigencies, tasks), by the case's office;
 * - users by their office (users of no office are reached from every office: liaison, auditors, etc.);
 * - roles that span offices (liaison, auditors) and the system reach every record. Administrators belong to
 *   no office and reach no case record (the permission table gives them no case action anyway).
 */

import { OFFICE_SPANNING_ROLES } from '../domain/permissions.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { Call } from './context.ts';
import { notFound, ScopeRefusal } from './errors.ts';

/** True when the caller sees the cases of every office (the system, and roles that span offices). */
export function spansOffices(call: Call): boolean {
  return (
    call.actor.kind === 'system' ||
    (call.actor.role !== null && OFFICE_SPANNING_ROLES.includes(call.actor.role))
  );
}

export type ScopedKind =
  | 'person'
  | 'notice'
  | 'case'
  | 'liaison_request'
  | 'liaison_response'
  | 'document'
  | 'disclosure'
  | 'contest'
  | 'exigency'
  | 'task'
  | 'user';

const LABELS: Record<ScopedKind, string> = {
  person: 'The person',
  notice: 'The notice',
  case: 'The case',
  liaison_request: 'The request to INTERPOL Washington',
  liaison_response: "INTERPOL Washington's answer",
  document: 'The document',
  disclosure: 'The service',
  contest: 'The contest',
  exigency: 'The exigency',
  task: 'The task',
  user: 'The user',
};

/** The same answer for an unknown id and for an id of another office. */
export const notFoundInScope = (what: string, rule = 'SCOPE-OWN-OFFICE') =>
  new ScopeRefusal(404, 'not_found', `${what} was not found.`, rule);

/** Where a record sits: the offices whose cases hold it, and the cases themselves. */
interface Placement {
  offices: string[];
  caseIds: string[];
  /** For users: the user's own office (null: no office). */
  userOffice?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the record is, or null when there is no such record. */
async function place(trx: DbOrTrx, kind: ScopedKind, id: string): Promise<Placement | null> {
  if (!UUID.test(id)) return null; // every id is a uuid; anything else is no record (and never a SQL error)
  const byCases = (rows: Array<{ case_id: string | null; office_id: string | null }>): Placement => ({
    offices: [...new Set(rows.flatMap((r) => (r.office_id ? [r.office_id] : [])))],
    caseIds: [...new Set(rows.flatMap((r) => (r.case_id ? [r.case_id] : [])))],
  });
  switch (kind) {
    case 'person': {
      const rows = await trx
        .selectFrom('persons')
        .leftJoin('cases', 'cases.person_id', 'persons.id')
        .select(['cases.id as case_id', 'cases.office_id'])
        .where('persons.id', '=', id)
        .execute();
      return rows.length ? byCases(rows) : null;
    }
    case 'notice': {
      const rows = await trx
        .selectFrom('notices')
        .leftJoin('case_notices', 'case_notices.notice_id', 'notices.id')
        .leftJoin('cases', 'cases.id', 'case_notices.case_id')
        .select(['cases.id as case_id', 'cases.office_id'])
        .where('notices.id', '=', id)
        .execute();
      return rows.length ? byCases(rows) : null;
    }
    case 'case': {
      const rows = await trx
        .selectFrom('cases')
        .select(['id as case_id', 'office_id'])
        .where('id', '=', id)
        .execute();
      return rows.length ? byCases(rows) : null;
    }
    case 'liaison_request':
    case 'document':
    case 'disclosure':
    case 'contest':
    case 'exigency':
    case 'task': {
      const table = (
        {
          liaison_request: 'liaison_requests',
          document: 'documents',
          disclosure: 'disclosures',
          contest: 'contests',
          exigency: 'exigencies',
          task: 'tasks',
        } as const
      )[kind];
      const rows = await trx
        .selectFrom(table)
        .innerJoin('cases', 'cases.id', `${table}.case_id`)
        .select(['cases.id as case_id', 'cases.office_id'])
        .where(`${table}.id`, '=', id)
        .execute();
      return rows.length ? byCases(rows) : null;
    }
    case 'liaison_response': {
      const rows = await trx
        .selectFrom('liaison_responses')
        .innerJoin('liaison_requests', 'liaison_requests.id', 'liaison_responses.request_id')
        .innerJoin('cases', 'cases.id', 'liaison_requests.case_id')
        .select(['cases.id as case_id', 'cases.office_id'])
        .where('liaison_responses.id', '=', id)
        .execute();
      return rows.length ? byCases(rows) : null;
    }
    case 'user': {
      const u = await trx.selectFrom('users').select(['office_id']).where('id', '=', id).executeTakeFirst();
      return u ? { offices: [], caseIds: [], userOffice: u.office_id } : null;
    }
  }
}

/** Whether the caller reaches a record placed so (see the module's comment). */
function reaches(call: Call, kind: ScopedKind, p: Placement): boolean {
  if (spansOffices(call)) return true;
  const office = call.actor.officeId;
  if (kind === 'user') return p.userOffice === null || p.userOffice === office;
  return office !== null && p.offices.includes(office);
}

export interface ScopeOptions {
  /** The record must also belong to this case (a notice linked to it, its person, a request on it…). */
  onCase?: string;
  /** The words for the record in the 404 (default: "The person", "The notice"…). */
  label?: string;
}

/**
 * Whether the caller reaches the record: 'ok', 'missing' (no such record, or not on the given case) or
 * 'elsewhere' (it exists, in another office only). Callers that answer per field (a list of ids) use this;
 * they must word 'missing' and 'elsewhere' the same.
 */
export async function scopeOf(
  trx: DbOrTrx,
  call: Call,
  kind: ScopedKind,
  id: string,
  options: ScopeOptions = {},
): Promise<'ok' | 'missing' | 'elsewhere'> {
  const p = await place(trx, kind, id);
  if (!p) return 'missing';
  if (options.onCase !== undefined && !p.caseIds.includes(options.onCase)) return 'missing';
  return reaches(call, kind, p) ? 'ok' : 'elsewhere';
}

/**
 * Throws the same 404 when the record does not exist, is not on the given case, or belongs to another
 * office; the refusal for another office is audited as `denied` (rule SCOPE-OWN-OFFICE), the answer is
 * the same.
 */
export async function requireInScope(
  trx: DbOrTrx,
  call: Call,
  kind: ScopedKind,
  id: string,
  options: ScopeOptions = {},
): Promise<void> {
  const verdict = await scopeOf(trx, call, kind, id, options);
  if (verdict === 'ok') return;
  const label = options.label ?? LABELS[kind];
  if (verdict === 'elsewhere') throw notFoundInScope(label);
  throw notFound(label);
}
