/** Listing the cases of the actor's office, filtered, sorted and paged by the database. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { searchTokens } from '../../domain/name-search.ts';
import type { CasePurpose } from '../../domain/types.ts';
import { type Call, runAction, spansOffices } from '../context.ts';
import { type CountRow, readCounts } from '../counters.ts';
import { invalid } from '../errors.ts';

/** The cases counted under keys `status|purpose`, of one purpose when given. */
const countTotal = (rows: CountRow[], purpose: string | undefined): number =>
  rows.reduce((s, r) => (purpose === undefined || r.key.endsWith(`|${purpose}`) ? s + r.n : s), 0);

export interface CaseSummary {
  id: string;
  caseNumber: string;
  purpose: CasePurpose;
  status: string;
  officeId: string;
  assignedOfficerId: string;
  custodyStatus: string;
  createdAt: string;
  /** The person's name as recorded: family name, given names. */
  personName: string;
}

/** Lists cases of the actor's office (every office for liaison, auditors and system actors). */
export const CASE_LIST_SORTS = [
  'caseNumber',
  'purpose',
  'status',
  'officeId',
  'officer',
  'createdAt',
  'person',
] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

export interface CaseListQuery {
  /**
   * Words to find: the person's name or alias in any script or transliteration, an A-number, a notice
   * reference or a case number. Every word must match (domain/name-search.ts).
   */
  q?: string;
  status?: string;
  purpose?: string;
  sort?: CaseListSort;
  order?: 'asc' | 'desc';
  /** At most 500; 100 when not given. */
  limit?: number;
  offset?: number;
  /**
   * Keyset paging: the `nextCursor` of the previous page. The next page starts right after that page's
   * last case, by an index, however deep (every sort; the case number breaks ties). A cursor is valid only
   * for the list that gave it: the same sort, order, filters, search words and office scope.
   */
  after?: string;
}

/** A search counts its matches up to this many (the list then says "more than"). */
export const SEARCH_COUNT_CAP = 1000;

/**
 * A page's position: the sort column's value (`v`, as text) and the case number (`n`) of its last case, and
 * the fingerprint (`k`) of the list it belongs to (sort, order, filters, search words, office scope). The
 * client gets it as an opaque base64url string and gives it back unchanged.
 */
interface Cursor {
  v: string;
  n: string;
  k: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

const badCursor = (message = 'Give the nextCursor of the previous page, unchanged.') =>
  invalid('The list could not be paged.', [{ field: 'after', message }]);

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.v === 'string' && typeof c.n === 'string' && typeof c.k === 'string') return c;
  } catch {
    // reported below
  }
  throw badCursor();
}

/**
 * The fingerprint of one list: a cursor is valid only for the list that gave it (same sort, order, filters
 * and search words, and the same office scope), so it cannot move a page into another list or another
 * office. The search words enter only as part of a digest, never as text.
 */
function listFingerprint(call: Call, query: CaseListQuery, sort: CaseListSort, order: 'asc' | 'desc') {
  const scope = spansOffices(call) ? '*' : (call.actor.officeId ?? '');
  const words = searchTokens(query.q ?? '')
    .map((t) => `${t.prefix}/${t.soundKey ?? ''}`)
    .join(' ');
  return createHash('sha256')
    .update(JSON.stringify([scope, sort, order, query.status ?? '', query.purpose ?? '', words]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Lists the cases the caller may see (their office, or every office for roles that span offices), filtered,
 * sorted and paged in the database; `total` counts every match. Ties are broken by case number, so pages
 * never overlap.
 */
export async function listCasesPage(
  call: Call,
  query: CaseListQuery = {},
): Promise<{ items: CaseSummary[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
  return runAction(
    call,
    { action: 'case.list', permission: 'case.list', entityType: 'case' },
    async (trx, audit) => {
      let base = trx
        .selectFrom('cases')
        .innerJoin('users as officer', 'officer.id', 'cases.assigned_officer_id');
      if (!spansOffices(call)) base = base.where('cases.office_id', '=', call.actor.officeId ?? '');
      if (query.status) base = base.where('cases.status', '=', query.status);
      if (query.purpose) base = base.where('cases.purpose', '=', query.purpose);
      const tokens = searchTokens(query.q ?? '');
      const filtered = base;
      // The page: every word must match one of the case's terms, a semi-join the planner can probe per case
      // through the primary key (case_id, term) while it walks the sort order (for a common name).
      for (const t of tokens)
        base = base.where('cases.id', 'in', (eb) =>
          eb
            .selectFrom('case_search_terms')
            .select('case_search_terms.case_id')
            .where((w) =>
              t.soundKey
                ? w.or([
                    w('case_search_terms.term', 'like', `${t.prefix}%`),
                    w('case_search_terms.term', '=', t.soundKey),
                  ])
                : w('case_search_terms.term', 'like', `${t.prefix}%`),
            ),
        );
      // How many match. A first page that is not full holds them all (no count). A search counts up to a
      // cap, from the covering index on (term, case_id): each word's cases as two index-only ranges (its
      // prefix, and its sound key), the words' sets intersected before any case row is read; a common name
      // in a large file would otherwise count thousands of cases to print one number. Past the cap the list
      // says "more than".
      const countMatches = async (shown: number, limit: number) => {
        if (!query.offset && query.after === undefined && shown < limit)
          return { total: shown, totalCapped: false };
        // Without search words the total is the sum of the counts kept per office and state (services/
        // counters.ts), exact and a few rows to read.
        if (tokens.length === 0 && rows[0]) return { total: Number(rows[0].kept_total), totalCapped: false };
        if (tokens.length === 0) {
          const total = countTotal(
            await readCounts(trx, 'cases', {
              officeId: spansOffices(call) ? null : (call.actor.officeId ?? ''),
              ...(query.status ? { keyPrefix: `${query.status}|` } : {}),
            }),
            query.purpose,
          );
          return { total, totalCapped: false };
        }
        const perToken = tokens.map(
          (t) =>
            sql`(select case_id from case_search_terms where term like ${`${t.prefix}%`}${
              t.soundKey
                ? sql` union select case_id from case_search_terms where term = ${t.soundKey}`
                : sql``
            })`,
        );
        const { total } = await trx
          .selectFrom(
            filtered
              .where(sql<boolean>`cases.id in (${sql.join(perToken, sql` intersect `)})`)
              .select(sql<number>`1`.as('one'))
              .limit(SEARCH_COUNT_CAP + 1)
              .as('matches'),
          )
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow();
        return Number(total) > SEARCH_COUNT_CAP
          ? { total: SEARCH_COUNT_CAP, totalCapped: true }
          : { total: Number(total), totalCapped: false };
      };
      const column = {
        caseNumber: 'cases.case_number',
        purpose: 'cases.purpose',
        status: 'cases.status',
        officeId: 'cases.office_id',
        officer: 'officer.display_name',
        createdAt: 'cases.created_at',
        person: 'persons.family_name',
      } as const;
      const sort = query.sort ?? 'createdAt';
      const order = query.order ?? (sort === 'createdAt' ? 'desc' : 'asc');
      const fingerprint = listFingerprint(call, query, sort, order);
      let paged = base;
      if (query.after !== undefined) {
        if (query.offset)
          throw badCursor('Page with either offset or after, not both: after is the keyset cursor.');
        const c = decodeCursor(query.after);
        if (c.k !== fingerprint)
          throw badCursor(
            'This cursor belongs to another list (other filters, search, order or office): start again from the first page.',
          );
        if (sort === 'createdAt' && Number.isNaN(new Date(c.v).getTime())) throw badCursor();
        // The creation time is compared at the database's own precision (microseconds on PostgreSQL): the
        // cursor carries it as text, never through a JavaScript Date (milliseconds), which would repeat or
        // skip the cases created within the same millisecond. Every sort column is not null, and the case
        // number (unique) breaks ties, so the pair orders every case exactly once.
        const value = sort === 'createdAt' ? sql`cast(${c.v} as timestamptz)` : sql`${c.v}`;
        paged = paged.where(
          sql<boolean>`(${sql.ref(column[sort])}, cases.case_number) ${sql.raw(order === 'desc' ? '<' : '>')} (${value}, ${c.n})`,
        );
      }
      const limit = query.limit ?? 100;
      const officeId = spansOffices(call) ? null : (call.actor.officeId ?? '');
      // Without search words the total is read in the same statement, from the kept counts (one round trip).
      const keptTotal = sql<number | null>`(select coalesce(sum(o.n), 0) from office_counts o
        where o.counter = 'cases' and ${officeId === null ? sql`true` : sql`o.office_id = ${officeId}`}
          and ${query.status ? sql`split_part(o.key, '|', 1) = ${query.status}` : sql`true`}
          and ${query.purpose ? sql`split_part(o.key, '|', 2) = ${query.purpose}` : sql`true`})`;
      // One row more than the page: whether a next page exists, without counting.
      const fetched = await paged
        .innerJoin('persons', 'persons.id', 'cases.person_id')
        // Only what a line of the list shows (not the narrative or the basis of every case on the page).
        .select([
          'cases.id',
          'cases.case_number',
          'cases.purpose',
          'cases.status',
          'cases.office_id',
          'cases.assigned_officer_id',
          'cases.custody_status',
          'cases.created_at',
          'persons.family_name',
          'persons.given_names',
          'officer.display_name as officer_name',
        ])
        .select((tokens.length === 0 ? keptTotal : sql<number | null>`null::bigint`).as('kept_total'))
        .select(
          sql<string>`to_char(cases.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
            'created_at_exact',
          ),
        )
        .orderBy(column[sort], order)
        .orderBy('cases.case_number', order)
        .limit(limit + 1)
        .offset(query.offset ?? 0)
        .execute();
      const more = fetched.length > limit;
      const rows = more ? fetched.slice(0, limit) : fetched;
      const { total, totalCapped } = await countMatches(rows.length, limit);
      audit.detail = {
        count: rows.length,
        total,
        totalCapped,
        status: query.status ?? null,
        purpose: query.purpose ?? null,
        // Whether the list was searched, and with how many words; the words themselves (a name) are not kept.
        searchWords: tokens.length,
      };
      const last = rows[rows.length - 1];
      const keyOf = (r: (typeof rows)[number]): string =>
        ({
          caseNumber: r.case_number,
          purpose: r.purpose,
          status: r.status,
          officeId: r.office_id,
          officer: r.officer_name,
          createdAt: r.created_at_exact,
          person: r.family_name,
        })[sort];
      return {
        total,
        totalCapped,
        nextCursor:
          last && more ? encodeCursor({ v: keyOf(last), n: last.case_number, k: fingerprint }) : null,
        items: rows.map((r) => ({
          id: r.id,
          caseNumber: r.case_number,
          purpose: r.purpose as CasePurpose,
          status: r.status,
          officeId: r.office_id,
          assignedOfficerId: r.assigned_officer_id,
          custodyStatus: r.custody_status,
          createdAt: new Date(r.created_at).toISOString(),
          personName: r.given_names ? `${r.family_name}, ${r.given_names}` : r.family_name,
        })),
      };
    },
  );
}
