// Everything the case page shows, read without a transaction and audited once: the case, and on request its
// gate evaluation, its history and its screening facts. The separate reads (GET /cases/:id/gates, …) stay
// for clients that need one of them; this one spares a page view three sessions checks, three permission
// checks, three audit entries and a second load of the case snapshot.
import { evaluateGates } from '../domain/gates.ts';
import { checkOfficeScope, checkPermission } from '../domain/permissions.ts';
import { type GateEvaluation, type PolicySettings, ROLES, type Role } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import {
  type ResolvedSession,
  resolveSession,
  type SessionRow,
  sessionIdOf,
  sessionOfRow,
  sessionSelect,
} from './accounts.ts';
import { type CaseView, caseViewOf } from './case/read.ts';
import { type Actor, type AppContext, type Call, runRead } from './context.ts';
import { evaluateKeptView } from './kept-evaluation.ts';
import { pageCache } from './page-cache.ts';
import { type HistoryEntry, loadCaseHistory, nameEvaluation } from './queries.ts';
import { readLogWriter } from './read-log-writer.ts';
import { type FactsView, loadCaseFactsView } from './screening/facts-view.ts';
import {
  type PersonName,
  readCaseAsSession,
  readCaseForRead,
  readCaseStamp,
  recordIdsOf,
} from './snapshot.ts';

export const CASE_PAGE_PARTS = ['gates', 'history', 'facts'] as const;
export type CasePagePart = (typeof CASE_PAGE_PARTS)[number];

export interface CasePage extends CaseView {
  gates?: GateEvaluation & { people: Record<string, PersonName> };
  history?: { items: HistoryEntry[] };
  facts?: FactsView;
}

/**
 * Reads a case with the parts asked for (audited as one `case.read`, naming the parts), without a
 * transaction (context.ts#runRead): the case, its snapshot and the policy when the gates are asked for are
 * one statement; the history and the facts are one statement each, read after it while the read's entry
 * is being written (it is handed to the read-log writer as soon as the case is known to be in scope).
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
    const { raw, snapshot, policy } = await readCaseForRead(step, call, caseId, {
      policy: want.has('gates'),
    });
    const view: CasePage = caseViewOf(raw, snapshot);
    await addParts(step.db, view, caseId, want, policy, step.now);
    return view;
  });
}

/**
 * The parts asked for, added to a case view read at `now`. `kept`: the kept page object `view` is a copy
 * of, whose gate evaluation is kept in part (services/kept-evaluation.ts) and whose history and screening
 * facts are kept whole. The parts are read at the same time (each its own statement, on its own connection
 * of the pool where there is one): on a page's first read its latency is that of the slowest part, not of
 * the three one after the other.
 */
async function addParts(
  db: DbOrTrx,
  view: CasePage,
  caseId: string,
  want: ReadonlySet<CasePagePart>,
  policy: PolicySettings | null,
  now: Date,
  kept?: CaseView,
): Promise<{ variant?: object }> {
  // Kept with the page (migration 0059 stamps the page for every change to them). Read after the stamp
  // that keeps the page, never older than it; newer only by a change that has changed that stamp, so
  // that the page and its parts are read afresh next time.
  // (without a kept page: a record of this read's parts alone)
  const parts = kept ? (keptParts.get(kept) ?? {}) : {};
  if (kept) keptParts.set(kept, parts);
  const readGates = async (): Promise<{ evaluation: CasePage['gates']; variant?: object }> => {
    if (kept) return evaluateKeptView(db, kept, policy!, now);
    const evaluation = evaluateGates(view, policy!, now);
    return { evaluation: await nameEvaluation(db, evaluation, view.people, recordIdsOf(view)) };
  };
  const [gates, history, facts] = await Promise.all([
    want.has('gates') ? readGates() : undefined,
    want.has('history')
      ? (parts.history ?? loadCaseHistory(db, caseId).then((items) => ({ items })))
      : undefined,
    want.has('facts') ? (parts.facts ?? loadCaseFactsView(db, caseId)) : undefined,
  ]);
  if (gates) view.gates = gates.evaluation;
  // a part read by another request meanwhile is kept as first read (the same object on every read)
  if (history) {
    parts.history ??= history;
    view.history = parts.history;
  }
  if (facts) {
    parts.facts ??= facts;
    view.facts = parts.facts;
  }
  return { variant: gates?.variant };
}

/** The history and the screening facts of a kept page object, as read the first time they were asked for. */
const keptParts = new WeakMap<CaseView, { history?: { items: HistoryEntry[] }; facts?: FactsView }>();

/** Roles the permission table lets read a case whatever their training: no other statement decides. */
const CASE_READ_ROLES: readonly Role[] = ROLES.filter(
  (role) =>
    checkPermission('case.read', { role, trainingCurrent: false }).allowed &&
    checkPermission('case.read', { role, trainingCurrent: true }).allowed,
);

/**
 * `GET /cases/:id` (with or without its parts) for the holder of a session cookie, with the session read in
 * the case's own statement: one round trip where there were two (the session, then the case). The session
 * is decided on its row exactly as on every other request (accounts.ts#sessionOfRow: an expired session is
 * ended, the last-seen time kept). The page is answered here only when that session is active, its
 * account's role may read cases whatever its training, and the case lies in the account's office scope —
 * the checks the permission step and the scope check make. Its entry, with the session's account as
 * actor, goes to the read-log writer and is committed before the page is answered. Otherwise the caller
 * takes the usual path with that session (401, a refusal audited, a missing case), which records nothing
 * here. No row (no such case): the session is looked up on its own, as before.
 */
export async function readCaseSignedIn(
  app: AppContext,
  token: string,
  opts: { passive?: boolean },
  meta: Call['meta'],
  caseId: string,
  include: readonly CasePagePart[] | null,
): Promise<{
  session: ResolvedSession | null;
  page?: CasePage;
  /**
   * An object that stands for everything in the page but its gate evaluation's time (the kept page, or the
   * variant of its evaluation: kept-evaluation.ts): the route keeps the page's JSON by it.
   */
  keptBy?: object;
}> {
  const now = app.clock();
  const want = new Set(include ?? []);
  const got = await viewSignedIn(app, token, opts, caseId, want.has('gates'), now);
  if (!got.actor || !got.view) return { session: got.session };
  const recorded = recordRead(
    app,
    got.actor,
    now,
    meta,
    caseId,
    'case.read',
    include ? { include: [...want] } : undefined,
  );
  recorded.catch(() => {});
  // the kept view is never changed: the parts go on a copy
  const page: CasePage = include ? { ...got.view } : got.view;
  const { variant } = await addParts(app.db, page, caseId, want, got.policy ?? null, now, got.view);
  await recorded;
  return { session: got.session, page, keptBy: variant ?? got.view };
}

/**
 * `GET /cases/:id/gates` for the holder of a session cookie, as `readCaseSignedIn` reads the page: the case's
 * snapshot kept or read in full with the session and the current policy, evaluated now, its entry (naming
 * the result, as `evaluateCaseNamed` records it) committed before the answer.
 */
export async function readGatesSignedIn(
  app: AppContext,
  token: string,
  opts: { passive?: boolean },
  meta: Call['meta'],
  caseId: string,
): Promise<{
  session: ResolvedSession | null;
  gates?: GateEvaluation & { people: Record<string, PersonName> };
  /** Evaluations of one variant differ in `evaluatedAt` alone (kept-evaluation.ts#KeptEvaluation). */
  variant?: object;
}> {
  const now = app.clock();
  const got = await viewSignedIn(app, token, opts, caseId, true, now);
  if (!got.actor || !got.view) return { session: got.session };
  const { evaluation: gates, variant } = await evaluateKeptView(app.db, got.view, got.policy!, now);
  await recordRead(app, got.actor, now, meta, caseId, 'case.evaluate', {
    allMet: gates.allMet,
    blocking: gates.blocking,
  });
  return { session: got.session, gates, variant };
}

/**
 * The case view for the session of `token`, with the current policy when asked: the view this process
 * keeps (services/page-cache.ts) when the stamp read now with the session is the one it was kept with, or
 * else the view read in full with the session, and kept. No view: no such case, or the session may not
 * read it (the caller takes the usual path with that session).
 */
async function viewSignedIn(
  app: AppContext,
  token: string,
  opts: { passive?: boolean },
  caseId: string,
  policy: boolean,
  now: Date,
): Promise<{
  session: ResolvedSession | null;
  actor?: Actor;
  view?: CaseView;
  policy?: PolicySettings | null;
}> {
  const id = sessionIdOf(token);
  const kept = pageCache<CaseView>(app.db);
  if (kept.has(caseId)) {
    const got = await readCaseStamp(app.db, caseId, { session: sessionSelect(id), policy });
    if (!got) return { session: await resolveSession({ app }, token, opts) };
    const admitted = await admit(app, id, got.j_session, got.office_id, now, opts);
    if (!admitted.actor) return admitted;
    const view = kept.get(caseId, got.j_stamp);
    if (view) return { ...admitted, view, policy: got.policy };
  }
  const got = await readCaseAsSession(app.db, caseId, { session: sessionSelect(id), policy });
  if (!got) return { session: await resolveSession({ app }, token, opts) };
  const { raw, snapshot } = got.read;
  const admitted = await admit(app, id, got.session, raw.office_id, now, opts);
  if (!admitted.actor) return admitted;
  const view = caseViewOf(raw, snapshot);
  kept.set(caseId, raw.j_stamp, view);
  return { ...admitted, view, policy: got.read.policy };
}

/**
 * The session decided on its row (accounts.ts#sessionOfRow) and the actor admitted to read a case of
 * `officeId`: active, with a role that may read cases whatever its training, the case within its office
 * scope. No actor: the caller takes the usual path with that session (401, an audited refusal).
 */
async function admit(
  app: AppContext,
  id: string,
  row: Record<string, unknown> | null,
  officeId: string,
  now: Date,
  opts: { passive?: boolean },
): Promise<{ session: ResolvedSession | null; actor?: Actor }> {
  const session = await sessionOfRow(app, id, (row ?? undefined) as SessionRow | undefined, now, opts);
  if (session?.stage !== 'active') return { session };
  const { actor } = session;
  if (
    actor.role === null ||
    !CASE_READ_ROLES.includes(actor.role) ||
    !checkOfficeScope(actor.role, actor.officeId, officeId).allowed
  )
    return { session };
  return { session, actor };
}

/** The read's entry, with the session's account as actor, handed to the read-log writer (committed when it settles). */
function recordRead(
  app: AppContext,
  actor: Actor,
  now: Date,
  meta: Call['meta'],
  caseId: string,
  action: 'case.read' | 'case.evaluate',
  detail: Record<string, unknown> | undefined,
): Promise<void> {
  return readLogWriter(app.db).append({
    at: now,
    actorId: actor.userId,
    actorUsername: actor.username,
    actorRole: actor.role,
    action,
    outcome: 'ok',
    entityType: 'case',
    entityId: caseId,
    caseId,
    detail,
    requestId: meta.requestId,
    sourceIp: meta.sourceIp,
  });
}
