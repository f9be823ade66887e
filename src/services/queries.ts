/**
 * Read-only use cases the web UI needs: persons and notices (office scoped, audited), the signed-in
 * user's work queues, a case's history in plain language, the oversight dashboard, and display names.
 * Each read runs through `runAction` so it is permission-checked and audited like any other access.
 */

import { type RawBuilder, type Selectable, sql } from 'kysely';
import { ACTION_TEXT } from '../domain/audit-actions.ts';
import { gateDefinition } from '../domain/gates.ts';
import { PERMISSIONS } from '../domain/permissions.ts';
import { DEFAULT_POLICY } from '../domain/policy-settings.ts';
import { GATE_IDS, type GateEvaluation, type GateId, ROLE_LABELS, type Role } from '../domain/types.ts';
import { type DbOrTrx, PREPARE } from '../store/db.ts';
import type { PersonsTable } from '../store/schema.ts';
import { evaluateCaseWithNames } from './case/evaluate.ts';
import { type AppContext, type Call, currentPolicy, runAction, spansOffices } from './context.ts';
import { readCounts } from './counters.ts';
import { notFound } from './errors.ts';
import { type ExigencyOversight, exigencyOversight } from './exigency/oversight.ts';
import { refreshStaleGateStatus } from './gate-status.ts';
import { groupRepeated, outcomeText } from './history-text.ts';
import { loadOverrides, type Overrides } from './overrides.ts';
import { foldAllReads } from './read-log.ts';
import { requireInScope } from './scope.ts';
import { loadCaseForAction, loadPeople, namePeopleIn, type PersonName } from './snapshot.ts';

const DAY_MS = 86_400_000;
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

const personName = (p: { family_name: string; given_names: string | null }) =>
  p.given_names ? `${p.family_name}, ${p.given_names}` : p.family_name;

/** Case ids of a set visible to the caller (own office, or every office for spanning roles). */
async function visibleCaseIds(trx: DbOrTrx, call: Call, where: 'person' | 'notice', id: string) {
  let q = trx
    .selectFrom('cases')
    .select(['cases.id', 'cases.case_number', 'cases.status', 'cases.office_id']);
  q =
    where === 'person'
      ? q.where('cases.person_id', '=', id)
      : q
          .innerJoin('case_notices', 'case_notices.case_id', 'cases.id')
          .where('case_notices.notice_id', '=', id);
  const all = await q.orderBy('cases.case_number').execute();
  const visible = spansOffices(call) ? all : all.filter((c) => c.office_id === call.actor.officeId);
  return { all, visible };
}

// ---------------------------------------------------------------------------
// Persons and notices.
// ---------------------------------------------------------------------------

export interface CaseRef {
  id: string;
  caseNumber: string;
  status: string;
  officeId: string;
}

/** What identifies a person, as recorded: shown with the person and as the subject of a notice. */
function identity(p: Selectable<PersonsTable>) {
  return {
    familyName: p.family_name,
    givenNames: p.given_names,
    aliases: p.aliases ?? [],
    datesOfBirth: p.dates_of_birth ?? [],
    sex: p.sex,
    placeOfBirth: p.place_of_birth,
    nationalities: p.nationalities ?? [],
  };
}

export interface PersonView {
  id: string;
  familyName: string;
  givenNames: string | null;
  aliases: string[];
  datesOfBirth: string[];
  sex: string | null;
  placeOfBirth: string | null;
  nationalities: string[];
  aNumber: string | null;
  languages: string[];
  createdAt: string;
  updatedAt: string;
  cases: CaseRef[];
}

/** Reads a person (audited as `person.read`). Visible when one of the person's cases is in your office. */
export async function getPerson(call: Call, personId: string): Promise<PersonView> {
  return runAction(
    call,
    { action: 'person.read', permission: 'person.read', entityType: 'person' },
    async (trx, audit) => {
      audit.entityId = personId;
      await requireInScope(trx, call, 'person', personId);
      const p = await trx
        .selectFrom('persons')
        .selectAll()
        .where('id', '=', personId)
        .executeTakeFirstOrThrow();
      const { visible } = await visibleCaseIds(trx, call, 'person', personId);
      audit.detail = { cases: visible.map((c) => c.id) };
      return {
        id: p.id,
        ...identity(p),
        aNumber: p.a_number,
        languages: p.languages ?? [],
        createdAt: iso(p.created_at)!,
        updatedAt: iso(p.updated_at)!,
        cases: visible.map((c) => ({
          id: c.id,
          caseNumber: c.case_number,
          status: c.status,
          officeId: c.office_id,
        })),
      };
    },
  );
}

export interface NoticeView {
  id: string;
  type: string;
  interpolRef: string;
  issuingCountry: string;
  requestingAuthority: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  purpose: string | null;
  status: string;
  statusUpdatedAt: string | null;
  summaryOfFacts: string | null;
  personId: string | null;
  /** The person the notice was recorded on, as recorded (null: none). */
  subject: ReturnType<typeof identity> | null;
  warrants: Array<{
    kind: string;
    charge: string;
    chargeTranslation: string | null;
    lawCited: string | null;
    issuingCountry: string | null;
    issuedOn: string | null;
  }>;
  statusChanges: Array<{
    from: string;
    to: string;
    effectiveAt: string;
    usncbReference: string | null;
    note: string | null;
    recordedAt: string;
    /** Who reported it: INTERPOL Washington, its status feed, an answer to a request, a CCF finding. */
    source: string;
    /** The display name of the user who recorded it. */
    recordedByName: string | null;
  }>;
  cases: CaseRef[];
}

async function noticeView(trx: DbOrTrx, call: Call, noticeId: string): Promise<NoticeView | 'hidden' | null> {
  const n = await trx.selectFrom('notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
  if (!n) return null;
  const { visible } = await visibleCaseIds(trx, call, 'notice', noticeId);
  // A notice on no case of the caller's office is out of reach (scope.ts), whether or not other offices rely on it.
  if (visible.length === 0 && !spansOffices(call)) return 'hidden';
  const warrants = await trx
    .selectFrom('notice_warrants')
    .selectAll()
    .where('notice_id', '=', noticeId)
    .orderBy('position')
    .execute();
  const changes = await trx
    .selectFrom('notice_status_changes')
    .leftJoin('users', 'users.id', 'notice_status_changes.recorded_by')
    .selectAll('notice_status_changes')
    .select('users.display_name')
    .where('notice_status_changes.notice_id', '=', noticeId)
    .orderBy('notice_status_changes.recorded_at')
    .orderBy('notice_status_changes.id')
    .execute();
  const subject = n.person_id
    ? await trx.selectFrom('persons').selectAll().where('id', '=', n.person_id).executeTakeFirst()
    : undefined;
  return {
    id: n.id,
    type: n.type,
    interpolRef: n.interpol_ref,
    issuingCountry: n.issuing_country,
    requestingAuthority: n.requesting_authority,
    issuedOn: n.issued_on,
    expiresOn: n.expires_on,
    purpose: n.purpose,
    status: n.status,
    statusUpdatedAt: iso(n.status_updated_at),
    summaryOfFacts: n.summary_of_facts,
    personId: n.person_id,
    subject: subject ? identity(subject) : null,
    warrants: warrants.map((w) => ({
      kind: w.kind,
      charge: w.charge,
      chargeTranslation: w.charge_translation,
      lawCited: w.law_cited,
      issuingCountry: w.issuing_country,
      issuedOn: w.issued_on,
    })),
    statusChanges: changes.map((c) => ({
      from: c.from_status,
      to: c.to_status,
      effectiveAt: iso(c.effective_at)!,
      usncbReference: c.usncb_reference,
      note: c.note,
      recordedAt: iso(c.recorded_at)!,
      source: c.source,
      recordedByName: c.display_name,
    })),
    cases: visible.map((c) => ({
      id: c.id,
      caseNumber: c.case_number,
      status: c.status,
      officeId: c.office_id,
    })),
  };
}

/** Reads a notice (audited as `notice.read`). Visible when one of its cases is in your office. */
export async function getNotice(call: Call, noticeId: string): Promise<NoticeView> {
  return runAction(
    call,
    { action: 'notice.read', permission: 'notice.read', entityType: 'notice' },
    async (trx, audit) => {
      audit.entityId = noticeId;
      await requireInScope(trx, call, 'notice', noticeId);
      const view = await noticeView(trx, call, noticeId);
      if (view === null || view === 'hidden') throw notFound('The notice');
      audit.detail = { interpolRef: view.interpolRef, cases: view.cases.map((c) => c.id) };
      return view;
    },
  );
}

/** Finds notices by INTERPOL reference (audited as `notice.search`); notices of other offices are left out. */
export async function findNotices(call: Call, reference: string): Promise<NoticeView[]> {
  return runAction(
    call,
    { action: 'notice.search', permission: 'notice.read', entityType: 'notice' },
    async (trx, audit) => {
      const rows = await trx
        .selectFrom('notices')
        .select('id')
        .where('interpol_ref', '=', reference)
        .orderBy('type')
        .execute();
      const views: NoticeView[] = [];
      for (const r of rows) {
        const v = await noticeView(trx, call, r.id);
        if (v && v !== 'hidden') views.push(v);
      }
      audit.detail = { reference, found: views.map((v) => v.id) };
      return views;
    },
  );
}

// ---------------------------------------------------------------------------
// Display names.
// ---------------------------------------------------------------------------

export interface UserName {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  officeId: string | null;
  disabled: boolean;
}

/** Display names of every account, for showing people by name (any signed-in user; audited). */
export async function listUserNames(call: Call): Promise<UserName[]> {
  return runAction(call, { action: 'user.names', entityType: 'user' }, async (trx, audit) => {
    const rows = await trx
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'office_id', 'disabled_at'])
      .orderBy('display_name')
      .execute();
    audit.detail = { count: rows.length };
    return rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role as Role,
      roleLabel: ROLE_LABELS[u.role as Role] ?? u.role,
      officeId: u.office_id,
      disabled: u.disabled_at !== null,
    }));
  });
}

/** The gates of a case with every person named by display name and role rather than by user id. */
export async function evaluateCaseNamed(
  call: Call,
  caseId: string,
): Promise<GateEvaluation & { people: Record<string, PersonName> }> {
  const { evaluation, people, records } = await evaluateCaseWithNames(call, caseId);
  return nameEvaluation(call.app.db, evaluation, people, records);
}

/** An evaluation with user ids in its reasons replaced by "name, role", and the names used. */
export async function nameEvaluation(
  db: DbOrTrx,
  evaluation: GateEvaluation,
  /** Names already read (the snapshot's): only the ids not among them are looked up. */
  known: Record<string, PersonName> = {},
  /**
   * Ids of the case's own records (the case, the person, the notices, …: snapshot.ts#recordIdsOf), which
   * are not people: not looked up. Without them, every evaluation cost a lookup for its case and notice ids.
   */
  records: ReadonlySet<string> = new Set(),
): Promise<GateEvaluation & { people: Record<string, PersonName> }> {
  const ids = idsIn(JSON.stringify(evaluation));
  const people = await loadPeople(
    db,
    ids.filter((id) => !known[id] && !records.has(id)),
  );
  for (const id of ids) if (known[id]) people[id] = known[id];
  return { ...namePeopleIn(evaluation, people), people };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** A whole text that is a uuid (PostgreSQL regular expression). */
const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const idsIn = (text: string): string[] => [...new Set(text.match(UUID) ?? [])];

// ---------------------------------------------------------------------------
// Work queues.
// ---------------------------------------------------------------------------

export const QUEUE_IDS = [
  'my_cases',
  'awaiting_my_approval',
  'liaison_requests',
  'disclosures_due',
  'contest_windows',
  're_review_tasks',
  'trainings_expiring',
  'oversight_referrals',
] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

const QUEUE_LABELS: Record<QueueId, string> = {
  my_cases: 'My cases',
  awaiting_my_approval: 'Awaiting my approval',
  liaison_requests: 'INTERPOL Washington requests due and overdue',
  disclosures_due: 'Documents to disclose to the person',
  contest_windows: 'Contest windows and contests to decide',
  re_review_tasks: 'Re-review tasks',
  trainings_expiring: 'Annual training expiring within 30 days',
  oversight_referrals: 'Referrals to oversight',
};

/** Which queues each role works. */
const QUEUES_BY_ROLE: Record<Role, QueueId[]> = {
  officer: ['my_cases', 'liaison_requests', 'disclosures_due', 'contest_windows', 're_review_tasks'],
  supervisor: [
    'my_cases',
    'awaiting_my_approval',
    'liaison_requests',
    'disclosures_due',
    'contest_windows',
    're_review_tasks',
  ],
  liaison: ['liaison_requests'],
  attorney: ['liaison_requests', 'disclosures_due', 'contest_windows', 're_review_tasks'],
  auditor: ['oversight_referrals'],
  training_coordinator: ['trainings_expiring'],
  administrator: [],
  director: ['contest_windows'],
};

export interface QueueItem {
  /** The item's own id: case, request, disclosure, contest, task or user. */
  id: string;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  /** The person concerned (family name, given names), or the user for training items. */
  title: string;
  /** What is waiting, in plain language. */
  detail: string;
  status: string | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface Queue {
  id: QueueId;
  label: string;
  count: number;
  items: QueueItem[];
}

export interface QueueQuery {
  queue?: QueueId;
  status?: 'open' | 'authorized' | 'closed';
  overdue?: boolean;
  caseNumber?: string;
  sort?: 'due' | 'created' | 'case_number';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/**
 * The rows of one case queue, all of one shape, as SQL (docs/reads-at-scale.md): filtered, counted,
 * sorted and paged by the database, so a queue costs two statements whatever the number of cases. A queue
 * whose rows come from two tables is given as its parts, each a range of its own index (caseQueue merges
 * the first rows of each for a page); null when the queue is not a case queue.
 */
function queueParts(
  call: Call,
  id: QueueId,
  now: Date,
  followUpDays: RawBuilder<unknown>,
): RawBuilder<unknown>[] | null {
  const rows = queueRowsOf(call, id, now, followUpDays);
  return rows === null ? null : Array.isArray(rows) ? rows : [rows];
}

function queueRowsOf(call: Call, id: QueueId, now: Date, followUpDays: RawBuilder<unknown>) {
  const office = spansOffices(call) ? null : (call.actor.officeId ?? '');
  const scope = office === null ? sql`true` : sql`c.office_id = ${office}`;
  // Requests, tasks, contests and disclosures carry their case's office (migration 0022): the page is a
  // range of a partial index on (office, due, id), not a join over every case of the office.
  const own = office === null ? sql`true` : sql`x.office_id = ${office}`;
  const me = call.actor.userId;
  const head = sql`c.case_number, p.family_name, p.given_names`;
  const from = sql`join cases c on c.id = x.case_id join persons p on p.id = c.person_id`;
  switch (id) {
    case 'my_cases':
      return sql`select ${myCaseColumns(me)} from cases c join persons p on p.id = c.person_id
        where ${scope} and (c.assigned_officer_id = ${me} or c.created_by = ${me})`;
    case 'awaiting_my_approval': {
      // Kept on the case (migration 0056): the reviewer of its complete review while no approval decision
      // stands. The page is a range of the partial index of the waiting cases by (office, id), which holds
      // the people left out, so the count reads the index alone.
      const notMine =
        me === null
          ? sql`true`
          : sql`c.created_by <> ${me} and c.assigned_officer_id <> ${me} and c.approval_reviewer_id <> ${me}`;
      return sql`select c.id, 'approval' as kind, c.id as case_id, ${head}, c.status, null::timestamptz as due_at,
          coalesce((select max(x.completed_at) from reviews x where x.case_id = c.id and x.status = 'complete'
                      and x.superseded_at is null), c.created_at) as created_at,
          false as overdue, false as flag, null::text as extra, null::int as priority
        from cases c join persons p on p.id = c.person_id
        where ${scope} and c.status = 'open' and c.approval_reviewer_id is not null and ${notMine}`;
    }
    case 'liaison_requests':
      return sql`select x.id, 'liaison_' || x.kind as kind, c.id as case_id, ${head}, x.status, x.due_at,
          x.requested_at as created_at, x.due_at < ${now} as overdue,
          x.requested_at + make_interval(days => ${followUpDays}) <= ${now} as flag, x.kind as extra,
          null::int as priority
        from liaison_requests x ${from} where ${own} and x.status = 'pending'`;
    case 'disclosures_due':
      // The case's first document and whether it was served are kept on the case (migration 0054): the
      // page is a range of the partial index of the cases waiting, as that index's predicate is written.
      return sql`select c.id, 'disclosure' as kind, c.id as case_id, ${head}, c.status, null::timestamptz as due_at,
          c.first_document_at as created_at, false as overdue, false as flag, null::text as extra, null::int as priority
        from cases c join persons p on p.id = c.person_id
        where ${scope} and c.first_document_at is not null and not c.disclosed and c.status <> 'closed'`;
    case 'contest_windows':
      // The windows still open (index on office, closing date, id) and the contests to decide (office, id).
      return [
        sql`select x.id, 'contest_window' as kind, c.id as case_id, ${head}, 'open' as status,
          x.contest_deadline as due_at, x.served_at as created_at, false as overdue, false as flag,
          null::text as extra, null::int as priority
        from disclosures x ${from} where ${own} and x.contest_deadline >= ${now}`,
        sql`select x.id, 'contest' as kind, c.id as case_id, ${head}, 'undecided' as status, null::timestamptz as due_at,
          x.filed_at as created_at, false as overdue, false as flag, null::text as extra, null::int as priority
        from contests x ${from} where ${own} and x.decision is null`,
      ];
    case 're_review_tasks':
      // A task raised for one role (a referral to counsel or to oversight) is that role's only: it is not
      // offered to the office's other staff, and not counted for them (countFromCounters).
      return sql`select x.id, x.kind, c.id as case_id, ${head}, x.status, x.due_at, x.created_at,
          coalesce(x.due_at < ${now}, false) as overdue, false as flag, x.reason as extra, x.priority
        from tasks x ${from} where ${own} and x.status = 'open'
          and (x.for_role is null or x.for_role = ${call.actor.role ?? ''})`;
    case 'oversight_referrals':
      return sql`select x.id, x.kind, c.id as case_id, ${head}, x.status, x.due_at, x.created_at,
          coalesce(x.due_at < ${now}, false) as overdue, false as flag, x.reason as extra, x.priority
        from tasks x ${from} where ${own} and x.status = 'open' and x.for_role = 'auditor'`;
    default:
      return null;
  }
}

interface QueueRow {
  id: string;
  kind: string;
  case_id: string;
  case_number: string;
  family_name: string;
  given_names: string | null;
  status: string;
  due_at: Date | string | null;
  created_at: Date | string;
  overdue: boolean;
  flag: boolean;
  extra: string | null;
  priority: number | null;
}

function queueItemOf(id: QueueId, r: QueueRow): QueueItem {
  const detail =
    id === 'my_cases'
      ? r.flag
        ? 'You are the assigned officer.'
        : 'You opened this case.'
      : id === 'awaiting_my_approval'
        ? 'The preliminary review is complete; the case waits for a supervisor’s decision (D6).'
        : id === 'liaison_requests'
          ? `A ${(r.extra ?? '').replaceAll('_', ' ')} request to INTERPOL Washington is waiting for an answer${
              r.flag ? '; a follow-up is due' : ''
            }.`
          : id === 'disclosures_due'
            ? 'Documents were received and have not yet been served on the person (D9).'
            : id === 'contest_windows'
              ? r.kind === 'contest'
                ? 'The person contested; an attorney independent of the case must decide.'
                : 'The person may still contest; the window closes on the due date.'
              : `Priority ${r.priority}${r.priority === 1 ? ' (in custody)' : ''}. ${r.extra}`;
  return {
    id: r.id,
    kind: r.kind,
    caseId: r.case_id,
    caseNumber: r.case_number,
    title: personName(r),
    detail,
    status: r.status,
    dueAt: iso(r.due_at),
    overdue: r.overdue,
    createdAt: iso(r.created_at)!,
  };
}

/**
 * One case queue as two SQL expressions: its count and one page (a JSON array of rows), so that every queue
 * of a user is read in one statement (listQueues). Null when the queue is not a case queue.
 */
function caseQueue(
  call: Call,
  id: QueueId,
  now: Date,
  query: QueueQuery,
  followUpDays: RawBuilder<unknown>,
): { count: RawBuilder<unknown>; page: RawBuilder<unknown> } | null {
  const parts = queueParts(call, id, now, followUpDays);
  if (parts === null) return null;
  const rows = sql.join(parts, sql` union all `);
  // Only requests and tasks have a due date that can pass: asking for the overdue items of another queue is asking for none.
  if (query.overdue === true && !CAN_BE_OVERDUE.has(id)) return { count: sql`0`, page: sql`'[]'::json` };
  const whereOf = (t: string) => {
    const col = (c: string) => sql.ref(`${t}.${c}`);
    const filters = [sql`true`];
    if (query.status) filters.push(sql`(${col('kind')} <> 'case' or ${col('status')} = ${query.status})`);
    if (query.overdue !== undefined) filters.push(sql`${col('overdue')} = ${query.overdue}`);
    if (query.caseNumber) filters.push(sql`${col('case_number')} = ${query.caseNumber}`);
    return sql.join(filters, sql` and `);
  };
  const where = whereOf('q');
  const count =
    countFromCounters(call, id, now, query) ?? sql`(select count(*) from (${rows}) q where ${where})`;
  const sort = query.sort ?? 'due';
  const desc = (query.order ?? 'asc') === 'desc';
  // As the list was always sorted: a missing due date last (first when descending), ties by id.
  const orderOf = (t: string) => {
    const col = sort === 'case_number' ? 'case_number' : sort === 'created' ? 'created_at' : 'due_at';
    const key = sql.ref(`${t}.${col}`);
    const tie = sql.ref(`${t}.id`);
    return desc ? sql`${key} desc nulls first, ${tie} asc` : sql`${key} asc nulls last, ${tie} asc`;
  };
  // A queue of two parts: the first `offset + limit` rows of each, in the page's order (each read in the
  // order of its index), merged and paged below, instead of every row of both sorted.
  const first = (query.limit ?? 50) + (query.offset ?? 0);
  const pageRows =
    id === 'my_cases'
      ? myCasesRows(call, query)
      : parts.length > 1
        ? sql.join(
            parts.map(
              (part) =>
                sql`(select * from (${part}) b where ${whereOf('b')} order by ${orderOf('b')} limit ${first})`,
            ),
            sql` union all `,
          )
        : rows;
  const page = sql`(select coalesce(json_agg(g order by ${orderOf('g')}), '[]'::json) from (
      select * from (${pageRows}) q where ${where} order by ${orderOf('q')}
      limit ${query.limit ?? 50} offset ${query.offset ?? 0}) g)`;
  return { count, page };
}

/** The columns of a "My cases" row (a case of `cases c` with its person `p`), as every queue row has them. */
const myCaseColumns = (me: string | null) =>
  sql`c.id, 'case' as kind, c.id as case_id, c.case_number, p.family_name, p.given_names, c.status,
    null::timestamptz as due_at, c.created_at, false as overdue, c.assigned_officer_id = ${me} as flag,
    null::text as extra, null::int as priority`;

/**
 * The rows from which "My cases" takes its page, in index order (migration 0051). One user can be the
 * assigned officer of a whole imported file, a million cases: sorting them all for a page of 50 took seconds.
 * The page is instead the first `offset + limit` rows of two index ranges, each already in the order asked
 * for — the cases assigned to the user, and those the user opened that are assigned to someone else — which
 * the caller merges, orders and pages as any queue (`caseQueue`). The order is the one `orderOf` gives: a
 * case has no due date, so the default order is by id; otherwise by creation time or case number, ties by id.
 */
function myCasesRows(call: Call, query: QueueQuery): RawBuilder<unknown> {
  const office = spansOffices(call) ? null : (call.actor.officeId ?? '');
  const me = call.actor.userId;
  const where = [office === null ? sql`true` : sql`c.office_id = ${office}`];
  if (query.status) where.push(sql`c.status = ${query.status}`);
  if (query.caseNumber) where.push(sql`c.case_number = ${query.caseNumber}`);
  const dir = sql.raw((query.order ?? 'asc') === 'desc' ? 'desc' : 'asc');
  const sort = query.sort ?? 'due';
  const order =
    sort === 'created'
      ? sql`c.created_at ${dir}, c.id asc`
      : sort === 'case_number'
        ? sql`c.case_number ${dir}, c.id asc`
        : sql`c.id asc`;
  const first = (query.limit ?? 50) + (query.offset ?? 0);
  const range = (whose: RawBuilder<unknown>) =>
    sql`(select ${myCaseColumns(me)} from cases c join persons p on p.id = c.person_id
      where ${sql.join([...where, whose], sql` and `)} order by ${order} limit ${first})`;
  // The second range: the cases whose creator, when not their assigned officer, is the user — the
  // expression of the creator's indexes (migration 0051), as written there, so that the planner uses them.
  return sql`${range(sql`c.assigned_officer_id = ${me}`)} union all
    ${range(sql`nullif(c.created_by, c.assigned_officer_id) = ${me}`)}`;
}

/** The queues whose items carry a due date that can pass. */
const CAN_BE_OVERDUE = new Set<QueueId>(['liaison_requests', 're_review_tasks', 'oversight_referrals']);

/** The UTC day of an instant as the counters key it (YYYY-MM-DD). */
const dayKey = (t: Date) => t.toISOString().slice(0, 10);

/**
 * A queue's count from the counts kept per office (services/counters.ts), as an SQL expression, or null when
 * the query needs the rows counted (a case number filter, or a queue not kept). Overdue requests and tasks:
 * the days before today from the counts, plus the items due earlier today, counted (one day of one office's
 * items).
 */
function countFromCounters(
  call: Call,
  id: QueueId,
  now: Date,
  query: QueueQuery,
): RawBuilder<unknown> | null {
  if (query.caseNumber) return null;
  const officeId = spansOffices(call) ? null : (call.actor.officeId ?? '');
  const me = call.actor.userId;
  const inOffice = officeId === null ? sql`true` : sql`o.office_id = ${officeId}`;
  const kept = (counter: string, also: RawBuilder<unknown> = sql`true`) =>
    sql`(select coalesce(sum(o.n), 0) from office_counts o where o.counter = ${counter} and ${inOffice} and ${also})`;
  if (id === 'my_cases') {
    if (me === null || query.overdue === true) return sql`0`;
    return query.status
      ? kept('my_cases', sql`o.key = ${`${me}|${query.status}`}`)
      : kept('my_cases', sql`starts_with(o.key, ${`${me}|`})`);
  }
  const scope = officeId === null ? sql`true` : sql`x.office_id = ${officeId}`;
  if (id === 'awaiting_my_approval') {
    // Counted from the partial index of the waiting cases alone (migration 0056): no case row, no person.
    if (query.overdue === true) return sql`0`;
    const inScope = officeId === null ? sql`true` : sql`c.office_id = ${officeId}`;
    const notMine =
      me === null
        ? sql`true`
        : sql`c.created_by <> ${me} and c.assigned_officer_id <> ${me} and c.approval_reviewer_id <> ${me}`;
    return sql`(select count(*) from cases c
      where ${inScope} and c.status = 'open' and c.approval_reviewer_id is not null and ${notMine})`;
  }
  if (id === 'disclosures_due') {
    // Never overdue: service has no due date of its own (the contest window runs from it).
    // The status filter applies to "My cases" rows only.
    if (query.overdue === true) return sql`0`;
    return kept('disclosures_due', sql`o.key = ''`);
  }
  if (id === 'contest_windows') {
    // Contests to decide from the counts; open windows (a deadline still ahead) counted, one index range.
    if (query.overdue === true) return sql`0`;
    return sql`(${kept('contests', sql`o.key = ''`)} + (select count(*) from disclosures x
      where ${scope} and x.contest_deadline >= ${now}))`;
  }
  if (id !== 'liaison_requests' && id !== 're_review_tasks' && id !== 'oversight_referrals') return null;
  const today = dayKey(now);
  // Counts kept by due day: `key` is the day (YYYY-MM-DD, or '' when none); for the counts of tasks raised
  // for a role (migration 0031), `role|day`.
  const dueBefore = (due: RawBuilder<unknown>) => sql`${due} <> '' and ${due} < ${today}`;
  const roleDay = sql`split_part(o.key, '|', 2)`;
  const role = call.actor.role ?? '';
  let all: RawBuilder<unknown>;
  let before: RawBuilder<unknown>;
  let table: RawBuilder<unknown>;
  let status: string;
  let also: RawBuilder<unknown> = sql`true`;
  if (id === 'liaison_requests') {
    all = kept('liaison_pending');
    before = kept('liaison_pending', dueBefore(sql`o.key`));
    table = sql`liaison_requests`;
    status = 'pending';
  } else if (id === 'oversight_referrals') {
    // Oversight's open referrals (migration 0031), key `auditor|due day`.
    const auditor = sql`starts_with(o.key, 'auditor|')`;
    all = kept('tasks_for_role', auditor);
    before = kept('tasks_for_role', sql`${auditor} and ${dueBefore(roleDay)}`);
    table = sql`tasks`;
    status = 'open';
    also = sql`x.for_role = 'auditor'`;
  } else {
    // The office's open tasks, less those raised for another role than the caller's (migration 0031): both
    // keyed by due day, so the overdue split stays exact.
    const others = sql`not starts_with(o.key, ${`${role}|`})`;
    all = sql`(${kept('tasks_open')} - ${kept('tasks_for_role', others)})`;
    before = sql`(${kept('tasks_open', dueBefore(sql`o.key`))} - ${kept('tasks_for_role', sql`${others} and ${dueBefore(roleDay)}`)})`;
    table = sql`tasks`;
    status = 'open';
    also = sql`(x.for_role is null or x.for_role = ${role})`;
  }
  if (query.overdue === undefined) return all;
  const dayStart = new Date(`${today}T00:00:00.000Z`);
  const overdue = sql`(${before} + (select count(*) from ${table} x
    where x.status = ${status} and x.due_at >= ${dayStart} and x.due_at < ${now} and ${scope} and ${also}))`;
  return query.overdue ? overdue : sql`(${all} - ${overdue})`;
}

/** Users whose annual training expires within 30 days (few: one row per user). */
async function trainingQueue(trx: DbOrTrx, now: Date): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  const policy = await currentPolicy(trx);
  const rows = await trx
    .selectFrom('users')
    .innerJoin('training_records', 'training_records.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.role'])
    .select((eb) => eb.fn.max('training_records.completed_at').as('completed_at'))
    .where('users.disabled_at', 'is', null)
    .groupBy(['users.id', 'users.display_name', 'users.role'])
    .execute();
  for (const r of rows) {
    const completed = new Date(r.completed_at as unknown as string);
    const expires = new Date(completed.getTime() + policy.trainingValidityDays * DAY_MS);
    if (expires.getTime() - now.getTime() > 30 * DAY_MS) continue;
    items.push({
      id: r.id,
      kind: 'training',
      caseId: null,
      caseNumber: null,
      title: r.display_name,
      detail: `${ROLE_LABELS[r.role as Role] ?? r.role}: annual training ${
        expires <= now ? 'has expired' : 'expires soon'
      }.`,
      status: expires <= now ? 'expired' : 'expiring',
      dueAt: expires.toISOString(),
      overdue: expires <= now,
      createdAt: completed.toISOString(),
    });
  }
  return items;
}

function sortItems(items: QueueItem[], sort: NonNullable<QueueQuery['sort']>, order: 'asc' | 'desc') {
  const key = (i: QueueItem): string =>
    sort === 'case_number' ? (i.caseNumber ?? '') : sort === 'created' ? i.createdAt : (i.dueAt ?? '9999');
  const dir = order === 'asc' ? 1 : -1;
  return items.sort((a, b) => {
    const k = key(a).localeCompare(key(b));
    return k !== 0 ? k * dir : a.id.localeCompare(b.id);
  });
}

/** The signed-in user's work queues by role, each with its total count and one page of items. */
export async function listQueues(call: Call, query: QueueQuery = {}): Promise<Queue[]> {
  return runAction(call, { action: 'queues.read', entityType: 'queue' }, async (trx, audit, now) => {
    const role = call.actor.role;
    const ids = (role ? QUEUES_BY_ROLE[role] : []).filter((q) => !query.queue || q === query.queue);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    // The policy's follow-up days, read in the same statement (a setting saved before it existed: its default).
    const followUpDays = sql`coalesce((select (v.settings->>'liaisonFollowUpDays')::int from policy_versions v
      order by v.version desc limit 1), ${DEFAULT_POLICY.liaisonFollowUpDays})`;
    // Every case queue's count and page in one statement (one round trip whatever the number of queues),
    // prepared (store/db.ts#PREPARE): its planning took 4–5 ms, several times its execution at a million cases.
    const parts = ids.flatMap((id) => {
      const q = caseQueue(call, id, now, query, followUpDays);
      return q ? [{ id, ...q }] : [];
    });
    const read = parts.length
      ? ((
          await sql<Record<string, unknown>>`${sql.raw(PREPARE)} select ${sql.join(
            parts.flatMap((p, i) => [
              sql`${p.count} as ${sql.ref(`c${i}`)}`,
              sql`${p.page} as ${sql.ref(`p${i}`)}`,
            ]),
          )}`.execute(trx)
        ).rows[0] ?? {})
      : {};
    const queues: Queue[] = [];
    for (const id of ids) {
      const i = parts.findIndex((p) => p.id === id);
      if (i >= 0) {
        queues.push({
          id,
          label: QUEUE_LABELS[id],
          count: Number(read[`c${i}`] ?? 0),
          items: (read[`p${i}`] as QueueRow[]).map((r) => queueItemOf(id, r)),
        });
        continue;
      }
      let items = await trainingQueue(trx, now);
      if (query.overdue !== undefined) items = items.filter((i) => i.overdue === query.overdue);
      if (query.caseNumber) items = items.filter((i) => i.caseNumber === query.caseNumber);
      sortItems(items, query.sort ?? 'due', query.order ?? 'asc');
      queues.push({
        id,
        label: QUEUE_LABELS[id],
        count: items.length,
        items: items.slice(offset, offset + limit),
      });
    }
    audit.detail = { queues: queues.map((q) => ({ id: q.id, count: q.count })) };
    return queues;
  });
}

// ---------------------------------------------------------------------------
// One request to INTERPOL Washington.
// ---------------------------------------------------------------------------

export interface LiaisonRequestView {
  id: string;
  kind: string;
  status: string;
  caseId: string;
  caseNumber: string;
  caseStatus: string;
  officeId: string;
  notice: { id: string; interpolRef: string; type: string; status: string; expiresOn: string | null } | null;
  details: string | null;
  requestedAt: string;
  requestedBy: string;
  dueAt: string;
  overdue: boolean;
  followUps: Array<{ at: string; note: string }>;
  cancelledReason: string | null;
  responses: Array<{
    id: string;
    respondedAt: string;
    respondedBy: string;
    outOfBand: boolean;
    usncbReference: string | null;
    outcome: string;
    notes: string | null;
    scope: string | null;
    conditions: string | null;
    validUntil: string | null;
    disclosureRestrictions: string | null;
    missingItems: Array<{ item: string; reason: string }>;
    disclosureInFull: boolean | null;
    scopePurposes: string[] | null;
    documents: Array<{ id: string; title: string; kind: string; language: string | null }>;
  }>;
  /** The validity confirmations recorded from this request's answers (validity requests). */
  confirmations: Array<{ result: string; expiresOn: string | null; method: string; confirmedAt: string }>;
}

/** Reads one request to INTERPOL Washington with its answers (audited as `liaison.read`; office scoped). */
export async function getLiaisonRequest(call: Call, requestId: string): Promise<LiaisonRequestView> {
  return runAction(
    call,
    { action: 'liaison.read', permission: 'case.read', entityType: 'liaison_request' },
    async (trx, audit, now) => {
      audit.entityId = requestId;
      // Another office's request answers as an unknown one (scope.ts).
      await requireInScope(trx, call, 'liaison_request', requestId, { label: 'The request' });
      const r = await trx
        .selectFrom('liaison_requests')
        .selectAll()
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!r) throw notFound('The request');
      audit.caseId = r.case_id;
      const c = await loadCaseForAction(trx, call, r.case_id);
      const n = r.notice_id
        ? await trx
            .selectFrom('notices')
            .select(['id', 'interpol_ref', 'type', 'status', 'expires_on'])
            .where('id', '=', r.notice_id)
            .executeTakeFirst()
        : undefined;
      const responses = await trx
        .selectFrom('liaison_responses')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('responded_at')
        .execute();
      const docs = responses.length
        ? await trx
            .selectFrom('documents')
            .select(['id', 'title', 'kind', 'language', 'liaison_response_id'])
            .where(
              'liaison_response_id',
              'in',
              responses.map((x) => x.id),
            )
            .execute()
        : [];
      const confirmations = await trx
        .selectFrom('validity_confirmations')
        .select(['result', 'expires_on', 'method', 'confirmed_at'])
        .where('liaison_request_id', '=', requestId)
        .orderBy('confirmed_at')
        .execute();
      const due = new Date(r.due_at);
      audit.detail = { kind: r.kind, status: r.status };
      return {
        id: r.id,
        kind: r.kind,
        status: r.status,
        caseId: c.id,
        caseNumber: c.case_number,
        caseStatus: c.status,
        officeId: c.office_id,
        notice: n
          ? {
              id: n.id,
              interpolRef: n.interpol_ref,
              type: n.type,
              status: n.status,
              expiresOn: n.expires_on,
            }
          : null,
        details: r.details,
        requestedAt: iso(r.requested_at)!,
        requestedBy: r.requested_by,
        dueAt: due.toISOString(),
        overdue: r.status === 'pending' && now.getTime() > due.getTime(),
        followUps: (r.follow_ups ?? []).map((f) => ({ at: f.at, note: f.note })),
        cancelledReason: r.cancelled_reason,
        responses: responses.map((x) => ({
          id: x.id,
          respondedAt: iso(x.responded_at)!,
          respondedBy: x.responded_by,
          outOfBand: x.out_of_band,
          usncbReference: x.usncb_reference,
          outcome: x.outcome,
          notes: x.notes,
          scope: x.scope,
          conditions: x.conditions,
          validUntil: x.valid_until,
          disclosureRestrictions: x.disclosure_restrictions,
          missingItems: x.missing_items ?? [],
          disclosureInFull: x.disclosure_in_full,
          scopePurposes: x.scope_purposes ?? null,
          documents: docs
            .filter((d) => d.liaison_response_id === x.id)
            .map((d) => ({ id: d.id, title: d.title, kind: d.kind, language: d.language })),
        })),
        confirmations: confirmations.map((v) => ({
          result: v.result,
          expiresOn: v.expires_on,
          method: v.method,
          confirmedAt: iso(v.confirmed_at)!,
        })),
      };
    },
  );
}

// ---------------------------------------------------------------------------
// A case's history in plain language.
// ---------------------------------------------------------------------------

/** Audited reads: left out of a case's history unless asked for (every page view adds some). */
export const READ_ACTIONS = [
  'case.read',
  'case.evaluate',
  'case.history',
  'case.list',
  'screening.facts.read',
  'screening.read',
  'liaison.read',
  'person.read',
  'notice.read',
  'packet.list',
];

export interface HistoryEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  action: string;
  outcome: string;
  /** One sentence: who did what. */
  summary: string;
  /** Reasons given (rationale, reason, resolution, refusal), when any. */
  reasons: string[];
  /** How many repeated entries this line stands for (history-text.ts#groupRepeated); 1 when alone. */
  count: number;
  /** When the last of the repeated entries happened; null when alone. */
  lastAt: string | null;
}

function reasonsFrom(detail: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['reason', 'rationale', 'resolution', 'note']) {
    const v = detail[k];
    if (typeof v === 'string' && v.trim()) out.push(v.trim());
  }
  if (typeof detail.decision === 'string') out.unshift(`Decision: ${detail.decision.replaceAll('_', ' ')}.`);
  if (typeof detail.conclusion === 'string')
    out.unshift(`Conclusion: ${detail.conclusion.replaceAll('_', ' ')}.`);
  if (detail.override === true)
    out.push(
      typeof detail.overrideReason === 'string'
        ? `Recorded as an override. ${detail.overrideReason}`
        : 'Recorded as an override of the advice.',
    );
  if (Array.isArray(detail.changes) && detail.changes.length)
    out.push(`Changed: ${(detail.changes as string[]).join('; ')}.`);
  return out;
}

/** The audit trail of one case in plain language (audited as `case.history`). */
export async function caseHistory(
  call: Call,
  caseId: string,
  opts: { includeReads?: boolean } = {},
): Promise<HistoryEntry[]> {
  if (opts.includeReads) await foldAllReads(call.app); // the reads still in the read log (read-log.ts)
  return runAction(
    call,
    { action: 'case.history', permission: 'case.read', entityType: 'case' },
    async (trx, audit) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const entries = await loadCaseHistory(trx, caseId, opts);
      audit.detail = { entries: entries.length };
      return entries;
    },
  );
}

/** The history of a case, for a caller that has already checked access (in its transaction). */
export async function loadCaseHistory(
  trx: DbOrTrx,
  caseId: string,
  opts: { includeReads?: boolean } = {},
): Promise<HistoryEntry[]> {
  // One statement: the entries, their actors' names, and the rationale of a decision (kept in its own
  // table, not in the audit detail) for approval and contest decisions.
  const kept = (
    await sql<{
      seq: number | string;
      at: Date | string;
      actor_id: string | null;
      actor_username: string;
      actor_role: string | null;
      action: string;
      outcome: string;
      entity_id: string | null;
      detail: unknown;
      display_name: string | null;
      rationale: string | null;
    }>`${sql.raw(PREPARE)}
      select l.seq, l.at, l.actor_id, l.actor_username, l.actor_role, l.action, l.outcome, l.entity_id, l.detail,
             u.display_name,
             case when l.outcome = 'ok' and l.entity_id ~* ${UUID_TEXT} then
               case l.action
                 when 'approval.decide' then (select a.rationale from approvals a where a.id = l.entity_id::uuid)
                 when 'contest.decide' then
                   (select k.decision_rationale from contests k where k.id = l.entity_id::uuid)
               end
             end as rationale
      from audit_log l left join users u on u.id = l.actor_id
      where l.case_id = ${caseId}
        ${opts.includeReads ? sql`` : sql`and l.action not in (${sql.join(READ_ACTIONS)})`}
      order by l.seq`.execute(trx)
  ).rows;
  const entries = kept.map((r): HistoryEntry => {
    const name = r.display_name ?? r.actor_username;
    const roleLabel = r.actor_role ? (ROLE_LABELS[r.actor_role as Role] ?? r.actor_role) : 'system';
    const detail = (r.detail ?? {}) as Record<string, unknown>;
    // What the answer or decision was, when the entry records it (history-text.ts).
    const said = r.outcome === 'ok' ? outcomeText(r.action, detail) : null;
    const what = said ?? ACTION_TEXT[r.action] ?? `took the action ${r.action}`;
    const reasons = reasonsFrom(detail).filter((x) => !(said && x.startsWith('Decision: ')));
    const extra = r.entity_id ? (r.rationale ?? undefined) : undefined;
    if (extra && r.outcome === 'ok' && (r.action === 'approval.decide' || r.action === 'contest.decide'))
      reasons.push(extra);
    const summary =
      r.outcome === 'ok'
        ? `${name} (${roleLabel}) ${what}.`
        : `${name} (${roleLabel}) tried to ${what.replace(/^(\w+)ed\b/, '$1')} and was refused.`;
    return {
      seq: Number(r.seq),
      at: iso(r.at)!,
      actorId: r.actor_id,
      actorName: name,
      actorRole: r.actor_role,
      action: r.action,
      outcome: r.outcome,
      summary,
      reasons,
      count: 1,
      lastAt: null,
    };
  });
  return groupRepeated(entries);
}

// ---------------------------------------------------------------------------
// Dashboard (supervisors: own office; auditors: every office).
// ---------------------------------------------------------------------------

export interface Dashboard {
  generatedAt: string;
  scope: 'all_offices' | string;
  casesByStateAndOffice: Array<{ officeId: string; status: string; count: number }>;
  blockingGates: Array<{ gate: GateId; title: string; count: number }>;
  openCasesEvaluated: number;
  indicatorsByCountry: Array<{ country: string; indicatorId: string; present: number }>;
  timeToAuthorization: { cases: number; medianHours: number | null; p90Hours: number | null };
  contests: {
    filed: number;
    undecided: number;
    outcomes: Array<{ decision: string; count: number }>;
  };
  // --- exigencies (reliance before the contest is over): own block ---
  exigencies: ExigencyOversight;
  // --- end exigencies ---
  /** Approvals against the advice in force (review "do not act", legal review "do not proceed"). */
  overrides: Overrides;
}

/**
 * The dashboard as SQL aggregations (docs/reads-at-scale.md): counts by state from the cases, the gates
 * that block open cases from the stored gate status (stale rows re-derived first), indicators, time to
 * authorization and contests grouped in the database. The number of statements does not grow with the
 * number of cases.
 */
export async function dashboard(call: Call): Promise<Dashboard> {
  return runAction(
    call,
    { action: 'dashboard.read', permission: 'dashboard.read', entityType: 'dashboard' },
    async (trx, audit, now) => {
      const office = spansOffices(call) ? null : (call.actor.officeId ?? '');
      // Counts kept per office (services/counters.ts): a few rows per office, not a count over the cases.
      const stateCounts = new Map<string, { officeId: string; status: string; count: number }>();
      for (const r of await readCounts(trx, 'cases', { officeId: office })) {
        const status = r.key.slice(0, r.key.indexOf('|'));
        const k = `${r.officeId}|${status}`;
        const row = stateCounts.get(k) ?? { officeId: r.officeId, status, count: 0 };
        row.count += r.n;
        stateCounts.set(k, row);
      }
      const byState = [...stateCounts.values()];
      const open = byState.filter((r) => r.status === 'open').reduce((n, r) => n + r.count, 0);
      // Rows past their stale time are re-derived first; their triggers bring the counts along.
      await refreshStaleGateStatus(trx, now, { officeId: office });
      const gateCounts = new Map<string, number>();
      for (const r of await readCounts(trx, 'blocking', { officeId: office }))
        gateCounts.set(r.key, (gateCounts.get(r.key) ?? 0) + r.n);
      const gateRows = [...gateCounts].map(([gate, n]) => ({ gate, n }));
      // Indicators confirmed present by the current reviews, by issuing country: counts kept per office
      // (migration 0057), one per case, country and indicator.
      const indicatorCounts = new Map<string, number>();
      for (const r of await readCounts(trx, 'review_indicators', { officeId: office }))
        indicatorCounts.set(r.key, (indicatorCounts.get(r.key) ?? 0) + r.n);
      const indicatorRows = [...indicatorCounts].map(([key, n]) => {
        const bar = key.indexOf('|');
        return { country: key.slice(0, bar), indicator_id: key.slice(bar + 1), n };
      });
      // Time to first authorization: the median and 90th percentile over the cases, read from the counts by
      // tenth of an hour (migration 0038): the first tenth at which the running count reaches the rank
      // percentile_disc takes (ceil(fraction × n)), a few thousand rows whatever the number of cases.
      const officeOnly = office === null ? sql`true` : sql`office_id = ${office}`;
      const auth = (
        await sql<{ n: string | number | null; p50: number | null; p90: number | null }>`
          with b as (select key::bigint as t, sum(n) as n from office_counts
                     where counter = 'auth_tenths' and ${officeOnly} group by 1 having sum(n) <> 0),
               c as (select t, sum(n) over (order by t) as cum, sum(n) over () as total from b)
          select max(total) as n,
                 min(t) filter (where cum >= greatest(1, ceil(0.5::float8 * total))) / 10.0 as p50,
                 min(t) filter (where cum >= greatest(1, ceil(0.9::float8 * total))) / 10.0 as p90
          from c`.execute(trx)
      ).rows[0]!;
      const contestCounts = new Map<string, number>();
      for (const r of await readCounts(trx, 'contests', { officeId: office }))
        contestCounts.set(r.key, (contestCounts.get(r.key) ?? 0) + r.n);
      const contestRows = [...contestCounts].map(([k, n]) => ({ decision: k === '' ? null : k, n }));
      const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
      // --- exigencies (reliance before the contest is over): own block ---
      const exigencies = await exigencyOversight(trx, call);
      // --- end exigencies ---
      const overrides = await loadOverrides(trx, call);
      const cases = byState.reduce((n, r) => n + r.count, 0);
      audit.detail = { cases, openCasesEvaluated: open };
      return {
        generatedAt: now.toISOString(),
        scope: office === null ? 'all_offices' : office,
        casesByStateAndOffice: byState.sort(
          (a, b) => a.officeId.localeCompare(b.officeId) || a.status.localeCompare(b.status),
        ),
        blockingGates: gateRows
          .map((r) => ({
            gate: r.gate as GateId,
            title: gateDefinition(r.gate as GateId).title,
            count: Number(r.n),
          }))
          .sort((a, b) => b.count - a.count || GATE_IDS.indexOf(a.gate) - GATE_IDS.indexOf(b.gate)),
        openCasesEvaluated: open,
        indicatorsByCountry: indicatorRows
          .map((r) => ({ country: r.country, indicatorId: r.indicator_id, present: Number(r.n) }))
          .sort(
            (a, b) =>
              b.present - a.present ||
              a.country.localeCompare(b.country) ||
              a.indicatorId.localeCompare(b.indicatorId),
          ),
        timeToAuthorization: {
          cases: Number(auth.n),
          medianHours: round(auth.p50),
          p90Hours: round(auth.p90),
        },
        contests: {
          filed: contestRows.reduce((n, r) => n + Number(r.n), 0),
          undecided: Number(contestRows.find((r) => r.decision === null)?.n ?? 0),
          outcomes: contestRows
            .filter((r) => r.decision !== null)
            .map((r) => ({ decision: r.decision!, count: Number(r.n) })),
        },
        exigencies,
        overrides,
      };
    },
  );
}

/** Exposed for the permission table's documentation and the UI. */
export const DASHBOARD_ROLES = PERMISSIONS['dashboard.read'].roles;

/** The offices by code and name (reference data, not audited: office names are not personal data). */
export async function listOffices(app: AppContext): Promise<Array<{ id: string; name: string }>> {
  return app.db.selectFrom('offices').select(['id', 'name']).orderBy('id').execute();
}
