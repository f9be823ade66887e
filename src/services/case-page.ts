// Everything the case page shows, read in one transaction and audited once: the case, and on request its
// gate evaluation, its history and its screening facts. The separate reads (GET /cases/:id/gates, …) stay
// for clients that need one of them; this one spares a page view three sessions checks, three permission
// checks, three audit entries and a second load of the case snapshot.
import { sql } from 'kysely';
import { evaluateGates } from '../domain/gates.ts';
import { checkPermission, OFFICE_SPANNING_ROLES } from '../domain/permissions.ts';
import { type GateEvaluation, type PolicySettings, ROLES, type Role } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import {
  activeSessionCondition,
  type ResolvedSession,
  resolveSession,
  type SessionRow,
  sessionIdOf,
  sessionOfRow,
  sessionSelect,
} from './accounts.ts';
import { type CaseView, caseViewOf } from './case/read.ts';
import { type AppContext, type Call, runRead } from './context.ts';
import { type HistoryEntry, loadCaseHistory, nameEvaluation } from './queries.ts';
import { readLogCte } from './read-log.ts';
import { type FactsView, loadCaseFactsView } from './screening/facts-view.ts';
import { type PersonName, readCaseAsSession, readCaseForRead } from './snapshot.ts';

export const CASE_PAGE_PARTS = ['gates', 'history', 'facts'] as const;
export type CasePagePart = (typeof CASE_PAGE_PARTS)[number];

export interface CasePage extends CaseView {
  gates?: GateEvaluation & { people: Record<string, PersonName> };
  history?: { items: HistoryEntry[] };
  facts?: FactsView;
}

/**
 * Reads a case with the parts asked for (audited as one `case.read`, naming the parts), without a
 * transaction (context.ts#runRead): the case, its snapshot, the policy when the gates are asked for, and
 * the read-log entry are one statement, written only when the case is in the caller's scope; the history
 * and the facts are one statement each, read after it.
 */
export async function getCasePage(
  call: Call,
  caseId: string,
  include: readonly CasePagePart[],
): Promise<CasePage> {
  const want = new Set(include);
  return runRead(call, { action: 'case.read', permission: 'case.read', entityType: 'case' }, async (step) => {
    step.audit.entityId = caseId;
    step.audit.caseId = caseId;
    step.audit.detail = { include: [...want] };
    const { raw, snapshot, policy, logged } = await readCaseForRead(step, call, caseId, {
      log: true,
      policy: want.has('gates'),
    });
    const view: CasePage = caseViewOf(raw, snapshot);
    await addParts(step.db, view, caseId, want, policy, step.now);
    return { value: view, logged };
  });
}

/** The parts asked for, added to a case view read at `now` (the read's entry is already written). */
async function addParts(
  db: DbOrTrx,
  view: CasePage,
  caseId: string,
  want: ReadonlySet<CasePagePart>,
  policy: PolicySettings | null,
  now: Date,
): Promise<void> {
  if (want.has('gates'))
    view.gates = await nameEvaluation(db, evaluateGates(view, policy!, now), view.people);
  if (want.has('history')) view.history = { items: await loadCaseHistory(db, caseId) };
  if (want.has('facts')) view.facts = await loadCaseFactsView(db, caseId);
}

/** Roles the permission table lets read a case whatever their training: no other statement decides. */
const CASE_READ_ROLES: readonly Role[] = ROLES.filter(
  (role) =>
    checkPermission('case.read', { role, trainingCurrent: false }).allowed &&
    checkPermission('case.read', { role, trainingCurrent: true }).allowed,
);

const roleList = (roles: readonly Role[]) =>
  roles.length ? sql.join(roles.map((r) => sql.lit(r))) : sql`null`;

/**
 * `GET /cases/:id` (with or without its parts) for the holder of a session cookie, with the session read in
 * the case's own statement: one round trip where there were two (the session, then the case and its
 * read-log entry). The statement writes the entry only when the session is live (not ended, within its
 * idle and absolute limits, the account neither disabled nor locked, past its second factor), the account's
 * role may read cases, and the case lies in the account's office scope — the checks the session lookup, the
 * permission step and the scope check make, on the same rows. The session is then decided on its row
 * exactly as on every other request (accounts.ts#sessionOfRow: an expired session is ended, the last-seen
 * time kept). Answers the session, and the page when the entry was written; without a page the caller
 * takes the usual path with that session (401, a refusal audited, a missing case), which writes nothing
 * here. No row (no such case): the session is looked up on its own, as before.
 */
export async function readCaseSignedIn(
  app: AppContext,
  token: string,
  opts: { passive?: boolean },
  meta: Call['meta'],
  caseId: string,
  include: readonly CasePagePart[] | null,
): Promise<{ session: ResolvedSession | null; page?: CasePage }> {
  const now = app.clock();
  const id = sessionIdOf(token);
  const want = new Set(include ?? []);
  const allowed = sql`s.id = ${caseId} and ${activeSessionCondition('sess', now)}
    and sess.role in (${roleList(CASE_READ_ROLES)})
    and (sess.role in (${roleList(OFFICE_SPANNING_ROLES)}) or s.office_id = sess.office_id)`;
  const log = readLogCte(
    {
      at: now,
      actorId: null,
      actorUsername: '',
      actorRole: null,
      action: 'case.read',
      outcome: 'ok',
      entityType: 'case',
      entityId: caseId,
      caseId,
      detail: include ? { include: [...want] } : undefined,
      requestId: meta.requestId,
      sourceIp: meta.sourceIp,
    },
    sql`cases s, sess`,
    allowed,
    sql`sess.id, sess.username, sess.role`,
  );
  const got = await readCaseAsSession(app.db, caseId, {
    session: sessionSelect(id),
    log,
    policy: want.has('gates'),
  });
  if (!got) return { session: await resolveSession({ app }, token, opts) };
  const session = await sessionOfRow(
    app,
    id,
    (got.session ?? undefined) as SessionRow | undefined,
    now,
    opts,
  );
  if (!got.logged || session?.stage !== 'active') return { session };
  const { raw, snapshot, policy } = got.read;
  const page: CasePage = caseViewOf(raw, snapshot);
  await addParts(app.db, page, caseId, want, policy, now);
  return { session, page };
}
