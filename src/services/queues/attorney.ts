/**
 * The attorney's work queue: what waits for an agency attorney, read by the database with keyset paging.
 *
 * - `legal_reviews`: cases whose current review confirmed a strong indicator and has no legal review yet,
 *   or whose latest legal review concluded "do not proceed" (a later legal review may reverse it with
 *   reasons) — never a case on which the attorney holds a duty that a separation rule forbids together
 *   with the legal review (the officer, the reviewer, the approver, the contest decider);
 * - `contests`: contests not yet decided, never on a case where the attorney is the officer, the reviewer,
 *   the approver, the server or the legal reviewer;
 * - `sign_offs`: cases whose latest documentation answer lists missing items without an attorney's
 *   sign-off.
 *
 * Each list is ordered by how long the work has waited (oldest first), then by id; `after` is the cursor of
 * the last item of the previous page.
 */
import { type RawBuilder, sql } from 'kysely';
import type { DbOrTrx } from '../../store/db.ts';
import { type Call, runAction, spansOffices } from '../context.ts';
import { conflictsOnCase } from '../duties.ts';
import { invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';

export const ATTORNEY_LISTS = ['legal_reviews', 'contests', 'sign_offs'] as const;
export type AttorneyList = (typeof ATTORNEY_LISTS)[number];

export const ATTORNEY_LIST_LABELS: Record<AttorneyList, string> = {
  legal_reviews: 'Legal reviews to do',
  contests: 'Contests to decide',
  sign_offs: 'Documentation sign-offs to do',
};

export interface AttorneyQueueItem {
  /** The case, or the contest for `contests`. */
  id: string;
  caseId: string;
  caseNumber: string;
  /** The person concerned: family name, given names. */
  title: string;
  /** What waits, in plain words. */
  detail: string;
  /** Since when the work has waited. */
  waitingSince: string;
}

export interface AttorneyQueuePage {
  list: AttorneyList;
  label: string;
  items: AttorneyQueueItem[];
  /** The cursor of the next page, or null on the last page. */
  next: string | null;
}

interface Row {
  id: string;
  case_id: string;
  case_number: string;
  family_name: string;
  given_names: string | null;
  since: Date | string;
  /** `since` as the database writes it (exact, for the cursor). */
  since_key: string;
  n: number | string;
  flag: boolean | null;
}

const encodeCursor = (since: string, id: string) =>
  Buffer.from(JSON.stringify([since, id])).toString('base64url');

function decodeCursor(after: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(v[1])
    )
      return [v[0], v[1]];
  } catch {
    // refused below
  }
  throw invalid('The page could not be read.', [
    { field: 'after', message: 'This is not a cursor of this list. Start again from the first page.' },
  ]);
}

/**
 * The list's query (unordered; the caller orders by `since, id`): rows waiting for `me`, after the cursor's
 * `(since, id)`, with `n` and `flag` for the detail.
 */
function listQuery(list: AttorneyList, me: string, office: string | null, after: [string, string] | null) {
  const scope = office === null ? sql`true` : sql`c.office_id = ${office}`;
  const from = (since: RawBuilder<unknown>, id: RawBuilder<unknown>) =>
    after ? sql`(${since}, ${id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql`true`;
  const c = sql.ref('c.id');
  if (list === 'legal_reviews')
    return sql<Row>`
      select c.id, c.id as case_id, c.case_number, p.family_name, p.given_names,
        coalesce(last.recorded_at, r.completed_at) as since,
        (select count(*)::int from jsonb_array_elements(r.indicators) i
          where i->>'strength' = 'strong' and i->>'disposition' = 'concern_confirmed') as n,
        (last.conclusion = 'do_not_proceed') as flag
      from cases c
      join persons p on p.id = c.person_id
      join reviews r on r.case_id = c.id and r.superseded_at is null and r.status = 'complete'
      left join lateral (
        select l.conclusion, l.recorded_at from legal_reviews l where l.case_id = c.id
        order by l.recorded_at desc, l.id desc limit 1
      ) last on true
      where c.status <> 'closed' and ${scope}
        and (
          (last.conclusion is distinct from 'do_not_proceed'
            and exists (select 1 from jsonb_array_elements(r.indicators) i
              where i->>'strength' = 'strong' and i->>'disposition' = 'concern_confirmed')
            and not exists (select 1 from legal_reviews l where l.review_id = r.id))
          or last.conclusion = 'do_not_proceed'
        )
        and not ${conflictsOnCase('legal_reviewer', me, c)}
        and ${from(sql`coalesce(last.recorded_at, r.completed_at)`, sql.ref('c.id'))}`;
  if (list === 'contests')
    return sql<Row>`
      select k.id, c.id as case_id, c.case_number, p.family_name, p.given_names, k.filed_at as since,
        jsonb_array_length(k.grounds_list) as n, null::boolean as flag
      from contests k
      join cases c on c.id = k.case_id
      join persons p on p.id = c.person_id
      where k.decision is null and c.status <> 'closed' and ${scope}
        and not ${conflictsOnCase('contest_decider', me, c)}
        and ${from(sql.ref('k.filed_at'), sql.ref('k.id'))}`;
  return sql<Row>`
    select c.id, c.id as case_id, c.case_number, p.family_name, p.given_names, d.responded_at as since,
      d.unsigned as n, (d.outcome = 'unavailable') as flag
    from (
      select distinct on (q.case_id) q.case_id, r.id, r.outcome, r.responded_at,
        (select count(*)::int from jsonb_array_elements(r.missing_items) m
          where not exists (select 1 from documentation_sign_offs s
            where s.liaison_response_id = r.id and s.item = m->>'item')) as unsigned
      from liaison_requests q
      join liaison_responses r on r.request_id = q.id
      where q.kind = 'documentation' and q.status = 'answered'
      order by q.case_id, r.responded_at desc, r.id desc
    ) d
    join cases c on c.id = d.case_id
    join persons p on p.id = c.person_id
    where d.outcome <> 'provided' and d.unsigned > 0 and c.status <> 'closed' and ${scope}
      and ${from(sql.ref('d.responded_at'), sql.ref('c.id'))}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function detailOf(list: AttorneyList, n: number, flag: boolean | null): string {
  if (list === 'legal_reviews')
    return flag
      ? 'A legal review concluded "do not proceed". It blocks authorization until a later legal review reverses it with reasons.'
      : `The review confirmed ${plural(n, 'strong indicator', 'strong indicators')} and advises "Do not act; refer for legal review". Analyse each one and conclude.`;
  if (list === 'contests')
    return `The person contested on ${plural(n, 'ground', 'grounds')}. Answer each ground and decide.`;
  return `INTERPOL Washington could not provide the documentation in full${flag ? '' : ' (partially provided)'}: ${plural(
    n,
    'missing item waits',
    'missing items wait',
  )} for an attorney’s sign-off.`;
}

async function readList(
  trx: DbOrTrx,
  call: Call,
  list: AttorneyList,
  limit: number,
  after: string | undefined,
): Promise<AttorneyQueuePage> {
  const me = actingUser(call);
  const office = spansOffices(call) ? null : (call.actor.officeId ?? '');
  const cursor = after ? decodeCursor(after) : null;
  const q = listQuery(list, me, office, cursor);
  const rows = (
    await sql<Row>`select x.*, x.since::text as since_key from (${q}) x
      order by x.since, x.id limit ${limit + 1}`.execute(trx)
  ).rows;
  const page = rows.slice(0, limit);
  const items = page.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    title: r.given_names ? `${r.family_name}, ${r.given_names}` : r.family_name,
    detail: detailOf(list, Number(r.n), r.flag),
    waitingSince: new Date(r.since).toISOString(),
  }));
  const last = page.at(-1);
  return {
    list,
    label: ATTORNEY_LIST_LABELS[list],
    items,
    next: rows.length > limit && last ? encodeCursor(last.since_key, last.id) : null,
  };
}

/** One page of one list, or the first page of every list. */
export async function attorneyQueue(
  call: Call,
  query: { list?: AttorneyList; limit?: number; after?: string } = {},
): Promise<AttorneyQueuePage[]> {
  return runAction(
    call,
    { action: 'attorney_queue.read', permission: 'attorney_queue.read', entityType: 'queue' },
    async (trx, audit) => {
      const limit = Math.min(Math.max(query.limit ?? 10, 1), 100);
      const lists = query.list ? [query.list] : [...ATTORNEY_LISTS];
      const pages: AttorneyQueuePage[] = [];
      for (const list of lists)
        pages.push(await readList(trx, call, list, limit, query.list ? query.after : undefined));
      audit.detail = { lists: pages.map((p) => ({ list: p.list, shown: p.items.length })) };
      return pages;
    },
  );
}
