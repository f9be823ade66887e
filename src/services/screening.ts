/**
 * The preliminary-review screening connected to cases (Directive D5, issue 3): the screening facts
 * recorded per case (versioned, each fact with its source document and who recorded it), the stored
 * screenings (re-run whenever the facts change, a new row only when the inputs or the ruleset change),
 * charge-category corrections, and the country-context table as audited, versioned data.
 *
 * `rescreenCase` runs inside the caller's transaction. When a new screening differs from the one the
 * current review was built on in an indicator that is present or undetermined, the review is
 * superseded by a new one (dispositions of unchanged indicators carried over), and approvals and
 * authorizations fall through `applyMaterialChange`.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { materialFacts } from '../domain/case-version.ts';
import {
  type CaseFacts,
  type CountryContextRow,
  type CountryContextTable,
  caseFactsSchema,
  diffScreenings,
  digestFacts,
  INDICATORS,
  OFFENCE_CATEGORIES,
  type OffenceCategory,
  RULESET_VERSION,
  readCharges,
  type ScreeningDiff,
  type ScreeningResult,
  screenCase,
} from '../domain/screening/index.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { ProtectionStatusJson, ReviewIndicatorJson } from '../store/schema.ts';
import { applyMaterialChange, isCountryCode } from './cases.ts';
import { type Call, runAction } from './context.ts';
import { type FieldProblem, invalid, notFound, ServiceError } from './errors.ts';
import { loadCaseForAction, loadCaseSnapshot } from './snapshot.ts';

export type ScreeningTrigger =
  | 'case_opened'
  | 'case_updated'
  | 'facts_recorded'
  | 'charge_correction'
  | 'review_started'
  | 'notice_status_changed'
  | 'manual'
  | 'ruleset_rescreen';

// ---------------------------------------------------------------------------
// Country context (DB, versioned).
// ---------------------------------------------------------------------------

/** The current country-context table: the latest version and every row not retired. */
export async function loadCountryContext(trx: DbOrTrx): Promise<CountryContextTable> {
  const v = await trx
    .selectFrom('country_context_versions')
    .select('version')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow(); // migration 0003 writes the first version
  const rows = await trx
    .selectFrom('country_context')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('iso2')
    .orderBy('report_year')
    .execute();
  return {
    version: v.version,
    rows: rows.map(
      (r): CountryContextRow => ({
        iso2: r.iso2,
        reportYear: r.report_year,
        report: r.report,
        statement: r.statement,
        url: r.url,
        compiledFrom: r.compiled_from,
        verified: r.verified,
      }),
    ),
  };
}

/** The next version after `v`: the last number goes up by one (2026.1 → 2026.2). */
export function nextVersion(v: string): string {
  const m = /^(.*?)(\d+)$/.exec(v);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${v}.1`;
}

async function bumpCountryContextVersion(trx: DbOrTrx, by: string, note: string, now: Date) {
  const current = await loadCountryContext(trx);
  let version = nextVersion(current.version);
  // never reuse a version
  while (
    await trx
      .selectFrom('country_context_versions')
      .select('version')
      .where('version', '=', version)
      .executeTakeFirst()
  )
    version = nextVersion(version);
  await trx
    .insertInto('country_context_versions')
    .values({ version, note, created_by: by, created_at: now })
    .execute();
  return { from: current.version, to: version };
}

// ---------------------------------------------------------------------------
// Stored facts and the screening input.
// ---------------------------------------------------------------------------

async function latestStoredFacts(trx: DbOrTrx, caseId: string) {
  return trx
    .selectFrom('case_facts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Drops null and undefined properties (the case record uses null for "not recorded"). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], null> };
}

function protectionFromPerson(
  p: ProtectionStatusJson | null,
): NonNullable<CaseFacts['subject']>['protection'] {
  if (!p?.status) return undefined;
  const claimed = p.asylumClaimedOn ? { asylumClaimedOn: p.asylumClaimedOn } : {};
  const grant = (status: 'refugee' | 'asylee' | 'withholding_of_removal' | 'cat_protection') => ({
    ...claimed,
    grants: [
      defined({
        status,
        grantingCountry: p.grantingCountry,
        inRespectOf: p.inRespectOfCountry,
        grantedOn: p.grantedOn,
      }),
    ] as Array<{ status: typeof status }>,
  });
  switch (p.status) {
    case 'none':
      return { ...claimed, grants: [] };
    case 'asylum_pending':
      return { ...claimed, asylumClaimStatus: 'pending', grants: [] };
    case 'refugee':
    case 'asylee':
      return grant(p.status);
    case 'withholding':
      return grant('withholding_of_removal');
    case 'cat':
      return grant('cat_protection');
    case 'naturalised':
      return { ...claimed, ...(p.grantingCountry ? { naturalisedIn: p.grantingCountry } : {}) };
    default:
      return undefined;
  }
}

/**
 * The screening input of a case: what the case already holds (notice, its status when INTERPOL
 * Washington reported one, warrants with any confirmed or corrected charge categories, the person's
 * protection status) merged with the screening facts recorded for the case. The case record wins for
 * the facts it holds; the recorded facts add everything else.
 */
export async function screeningInputForCase(trx: DbOrTrx, caseId: string): Promise<CaseFacts> {
  const c = await trx
    .selectFrom('cases')
    .select(['id', 'person_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) throw notFound('The case');
  const stored = ((await latestStoredFacts(trx, caseId))?.facts ?? {}) as CaseFacts;
  const person = await trx
    .selectFrom('persons')
    .select('protection_status')
    .where('id', '=', c.person_id)
    .executeTakeFirst();
  const notices = await trx
    .selectFrom('case_notices')
    .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
    .selectAll('notices')
    .where('case_notices.case_id', '=', caseId)
    .orderBy('case_notices.added_at')
    .orderBy('notices.interpol_ref')
    .execute();
  const noticeIds = notices.map((n) => n.id);
  const warrants = noticeIds.length
    ? await trx
        .selectFrom('notice_warrants')
        .selectAll()
        .where('notice_id', 'in', noticeIds)
        .orderBy('position')
        .execute()
    : [];
  const corrections = await trx
    .selectFrom('charge_corrections')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .execute();

  const facts: CaseFacts = { ...stored };
  const first = notices[0];
  if (first) {
    const reported = noticeIds.length
      ? await trx
          .selectFrom('validity_confirmations')
          .select(['confirmed_at'])
          .where('notice_id', '=', first.id)
          .orderBy('confirmed_at', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined;
    const changed = await trx
      .selectFrom('notice_status_changes')
      .select('id')
      .where('notice_id', '=', first.id)
      .limit(1)
      .executeTakeFirst();
    facts.notice = {
      ...(stored.notice ?? {}),
      ...defined({
        type: first.type as 'red_notice' | 'diffusion',
        interpolRef: first.interpol_ref,
        issuingCountry: first.issuing_country,
        issuedOn: first.issued_on,
        expiresOn: first.expires_on,
        purpose: first.purpose as 'prosecution' | 'sentence' | null,
      }),
      // the status is a fact only once INTERPOL Washington has reported it
      ...(reported || changed
        ? {
            status: first.status as NonNullable<CaseFacts['notice']>['status'],
            ...(reported
              ? { statusCheckedOn: new Date(reported.confirmed_at).toISOString().slice(0, 10) }
              : {}),
          }
        : {}),
    };
  }
  if (warrants.length > 0) {
    const ordered = noticeIds.flatMap((id) => warrants.filter((w) => w.notice_id === id));
    const mapped = ordered.map((w) => {
      const correction = corrections
        .filter(
          (k) => k.notice_id === w.notice_id && k.warrant_position === w.position && k.charge === w.charge,
        )
        .at(-1);
      return {
        ...defined({
          kind: w.kind as 'arrest_warrant' | 'judgment',
          charge: w.charge,
          chargeTranslation: w.charge_translation,
          lawCited: w.law_cited,
          maxPenaltyMonths: w.max_penalty_months,
          sentenceMonths: w.sentence_months,
          remainingMonths: w.remaining_months,
          inAbsentia: w.in_absentia,
          issuedOn: w.issued_on,
        }),
        ...(correction ? { confirmedCategories: correction.categories as OffenceCategory[] } : {}),
      };
    });
    facts.judicial = { ...(stored.judicial ?? {}), warrants: mapped };
  }
  const summaryText = first?.summary_of_facts;
  if (summaryText && facts.judicial?.summaryOfFacts && !facts.judicial.summaryOfFacts.text)
    facts.judicial = {
      ...facts.judicial,
      summaryOfFacts: { ...facts.judicial.summaryOfFacts, text: summaryText },
    };
  const protection = protectionFromPerson(person?.protection_status ?? null);
  if (protection && !stored.subject?.protection) facts.subject = { ...(stored.subject ?? {}), protection };
  return facts;
}

// ---------------------------------------------------------------------------
// Screening, stored.
// ---------------------------------------------------------------------------

export interface RescreenOutcome {
  screeningId: string;
  /** True when a new screening row was stored. */
  stored: boolean;
  diff: ScreeningDiff | null;
  /** The superseded review and the new one, when the change reached the current review. */
  reviewSuperseded: { from: string; to: string } | null;
  voidedApprovals: string[];
  withdrawnAuthorizations: string[];
}

async function latestScreeningRow(trx: DbOrTrx, caseId: string) {
  return trx
    .selectFrom('screenings')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const OPEN_OUTCOMES = new Set(['present', 'undetermined']);

/** Indicators whose change matters to a review: present or undetermined before or after. */
export function materialIndicatorChanges(diff: ScreeningDiff, next: ScreeningResult): string[] {
  const now = new Map(next.results.map((r) => [r.id, r.outcome]));
  return diff.indicators
    .filter(
      (c) =>
        (c.outcome && (OPEN_OUTCOMES.has(c.outcome.from ?? '') || OPEN_OUTCOMES.has(c.outcome.to ?? ''))) ||
        OPEN_OUTCOMES.has(now.get(c.id) ?? ''),
    )
    .map((c) => c.id);
}

/** The review's indicators built from a screening, carrying over dispositions where given. */
export function reviewIndicatorsFrom(
  result: ScreeningResult,
  carry: ReviewIndicatorJson[] = [],
  changed: ReadonlySet<string> = new Set(),
): ReviewIndicatorJson[] {
  return result.results.map((r) => {
    const old = carry.find((x) => x.indicatorId === r.id);
    const keep = old && !changed.has(r.id) && old.outcome === r.outcome && r.outcome !== 'absent';
    return {
      indicatorId: r.id,
      title: r.title,
      citation: r.citation,
      strength: r.strength,
      outcome: r.outcome,
      disposition: keep ? old.disposition : null,
      note: keep ? old.note : null,
      evidence: keep ? (old.evidence ?? null) : null,
      decidedBy: keep ? (old.decidedBy ?? null) : null,
      decidedAt: keep ? (old.decidedAt ?? null) : null,
    };
  });
}

/** Results as a review saw them, for reviews started before screenings were stored. */
function resultFromReview(indicators: ReviewIndicatorJson[], base: ScreeningResult): ScreeningResult {
  const byId = new Map(indicators.map((i) => [i.indicatorId, i]));
  return {
    ...base,
    results: base.results.map((r) => {
      const i = byId.get(r.id);
      return i ? { ...r, outcome: i.outcome } : { ...r, outcome: 'absent' as const };
    }),
  };
}

/**
 * Screens the case again inside the caller's transaction. Stores a new screening only when the
 * inputs, the ruleset or the country-context version changed. When the new result differs from the
 * screening the current review was built on in an indicator that is present or undetermined, the
 * review is superseded by a new in-progress one (dispositions of unchanged indicators carried over)
 * and the material change voids approvals and withdraws authorizations.
 */
export async function rescreenCase(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
  trigger: ScreeningTrigger,
): Promise<RescreenOutcome> {
  const facts = await screeningInputForCase(trx, caseId);
  const countryContext = await loadCountryContext(trx);
  const digest = digestFacts(facts);
  const latest = await latestScreeningRow(trx, caseId);
  const outcome: RescreenOutcome = {
    screeningId: latest?.id ?? '',
    stored: false,
    diff: null,
    reviewSuperseded: null,
    voidedApprovals: [],
    withdrawnAuthorizations: [],
  };
  let result = latest?.results as ScreeningResult | undefined;
  if (
    !latest ||
    latest.inputs_digest !== digest ||
    latest.ruleset_version !== RULESET_VERSION ||
    latest.country_context_version !== countryContext.version
  ) {
    result = screenCase(facts, { asOf: now.toISOString().slice(0, 10), countryContext });
    const diff = latest ? diffScreenings(latest.results as ScreeningResult, result) : null;
    const id = randomUUID();
    await trx
      .insertInto('screenings')
      .values({
        id,
        case_id: caseId,
        ruleset_version: result.rulesetVersion,
        country_context_version: result.countryContextVersion,
        inputs_digest: result.inputsDigest,
        results: JSON.stringify(result),
        diff: diff ? JSON.stringify(diff) : null,
        trigger,
        created_at: now,
      })
      .execute();
    Object.assign(outcome, { screeningId: id, stored: true, diff });
  }
  const next = result!;

  const review = await trx
    .selectFrom('reviews')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('superseded_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!review || review.screening_id === outcome.screeningId) return outcome;
  let basis: ScreeningResult;
  if (review.screening_id) {
    const row = await trx
      .selectFrom('screenings')
      .select('results')
      .where('id', '=', review.screening_id)
      .executeTakeFirstOrThrow();
    basis = row.results as ScreeningResult;
  } else basis = resultFromReview(review.indicators ?? [], next);
  const changed = materialIndicatorChanges(diffScreenings(basis, next), next);
  if (changed.length === 0) {
    // nothing a reviewer relies on changed: the review now rests on the new screening
    await trx
      .updateTable('reviews')
      .set({ screening_id: outcome.screeningId })
      .where('id', '=', review.id)
      .execute();
    return outcome;
  }
  const before = materialFacts(await loadCaseSnapshot(trx, caseId));
  await trx.updateTable('reviews').set({ superseded_at: now }).where('id', '=', review.id).execute();
  const id = randomUUID();
  await trx
    .insertInto('reviews')
    .values({
      id,
      case_id: caseId,
      reviewer_id: review.reviewer_id,
      status: 'in_progress',
      indicators: JSON.stringify(reviewIndicatorsFrom(next, review.indicators ?? [], new Set(changed))),
      ruleset_version: next.rulesetVersion,
      summary: `The screening changed (${trigger}) in: ${changed.join(', ')}. Decide these indicators again.`,
      started_at: now,
      screening_id: outcome.screeningId,
    })
    .execute();
  outcome.reviewSuperseded = { from: review.id, to: id };
  const effect = await applyMaterialChange(trx, caseId, before, now);
  outcome.voidedApprovals = effect.voidedApprovals;
  outcome.withdrawnAuthorizations = effect.withdrawnAuthorizations;
  return outcome;
}

/** The latest stored screening of a case (screens it first when none is stored). */
export async function latestScreening(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
): Promise<{ id: string; result: ScreeningResult }> {
  let row = await latestScreeningRow(trx, caseId);
  if (!row) {
    await rescreenCase(trx, caseId, now, 'review_started');
    row = await latestScreeningRow(trx, caseId);
  }
  return { id: row!.id, result: row!.results as ScreeningResult };
}

/** What an audit entry says about a re-screening. */
export function rescreenDetail(o: RescreenOutcome): Record<string, unknown> {
  return {
    screeningId: o.screeningId,
    stored: o.stored,
    changedIndicators: o.diff?.indicators.map((i) => i.id) ?? [],
    reviewSuperseded: o.reviewSuperseded,
    voidedApprovals: o.voidedApprovals,
    withdrawnAuthorizations: o.withdrawnAuthorizations,
  };
}

// ---------------------------------------------------------------------------
// Recording facts (with provenance).
// ---------------------------------------------------------------------------

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

function sameFact(a: unknown, b: unknown): boolean {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v).sort(([p], [q]) => (p < q ? -1 : 1)))
        if (k !== 'source') o[k] = strip(x);
      return o;
    }
    return v;
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/**
 * Stamps who recorded each fact and checks it names its source document. A fact object that can
 * carry a source must name a document, itself or through the fact that contains it. A fact unchanged
 * since the previous version keeps its recorder; a new or changed one is recorded by `by`.
 */
function stampProvenance(
  schema: z.ZodType,
  value: unknown,
  prev: unknown,
  path: string,
  inheritedDoc: string | undefined,
  by: string,
  fields: FieldProblem[],
): unknown {
  const s = unwrap(schema);
  if (s instanceof z.ZodArray && Array.isArray(value))
    return value.map((v, i) =>
      stampProvenance(
        s.element as z.ZodType,
        v,
        Array.isArray(prev) ? prev[i] : undefined,
        `${path}.${i}`,
        inheritedDoc,
        by,
        fields,
      ),
    );
  if (!(s instanceof z.ZodObject) || !value || typeof value !== 'object') return value;
  const shape = s.shape as Record<string, z.ZodType>;
  const v = value as Record<string, unknown>;
  const p = (prev && typeof prev === 'object' ? prev : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let doc = inheritedDoc;
  if ('source' in shape) {
    const src = (v.source ?? {}) as { document?: string; recordedBy?: string };
    doc = src.document ?? inheritedDoc;
    if (!doc)
      fields.push({
        field: `${path}.source.document`,
        message: 'Name the document this fact comes from.',
      });
    const prevSrc = p.source as { recordedBy?: string } | undefined;
    const recordedBy =
      prev !== undefined && sameFact(v, prev) && prevSrc?.recordedBy ? prevSrc.recordedBy : by;
    out.source = { ...(src.document ? { document: src.document } : {}), recordedBy };
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === 'source') continue;
    out[k] = shape[k] ? stampProvenance(shape[k], x, p[k], `${path}.${k}`, doc, by, fields) : x;
  }
  return out;
}

function zodFields(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

export interface FactsView {
  caseId: string;
  version: number;
  facts: CaseFacts;
  recordedBy: string | null;
  recordedAt: string | null;
  note: string | null;
  /** What the screening reads: the case record merged with these facts. */
  screeningInput: CaseFacts;
  history: Array<{
    version: number;
    recordedBy: string;
    recordedAt: string;
    note: string | null;
    sections: string[];
  }>;
}

export async function getCaseFacts(call: Call, caseId: string): Promise<FactsView> {
  return runAction(
    call,
    { action: 'screening.facts.read', permission: 'case.read', entityType: 'case_facts' },
    async (trx, audit) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      return loadCaseFactsView(trx, caseId);
    },
  );
}

/** The facts of a case, for a caller that has already checked access (in its transaction). */
export async function loadCaseFactsView(trx: DbOrTrx, caseId: string): Promise<FactsView> {
  const rows = await trx
    .selectFrom('case_facts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('version', 'desc')
    .execute();
  const cur = rows[0];
  return {
    caseId,
    version: cur?.version ?? 0,
    facts: (cur?.facts ?? {}) as CaseFacts,
    recordedBy: cur?.recorded_by_name ?? null,
    recordedAt: cur ? new Date(cur.recorded_at).toISOString() : null,
    note: cur?.note ?? null,
    screeningInput: await screeningInputForCase(trx, caseId),
    history: rows.map((r) => ({
      version: r.version,
      recordedBy: r.recorded_by_name,
      recordedAt: new Date(r.recorded_at).toISOString(),
      note: r.note,
      sections: Object.keys(r.facts ?? {}),
    })),
  };
}

/**
 * Records the screening facts of a case as a new version (the whole set replaces the previous one)
 * and screens the case again.
 */
export async function recordCaseFacts(
  call: Call,
  caseId: string,
  input: { facts: unknown; note?: string | null },
): Promise<{ version: number; screening: RescreenOutcome }> {
  return runAction(
    call,
    { action: 'screening.facts.record', permission: 'screening.facts.record', entityType: 'case_facts' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId);
      if (row.status === 'closed')
        throw new ServiceError(409, 'case_closed', 'The case is closed; its facts cannot change.');
      const parsed = caseFactsSchema.safeParse(input.facts ?? {});
      if (!parsed.success)
        throw invalid('The facts could not be recorded.', zodFields(parsed.error, 'facts'));
      const prev = await latestStoredFacts(trx, caseId);
      const fields: FieldProblem[] = [];
      const by = call.actor.username;
      const facts = stampProvenance(
        caseFactsSchema,
        parsed.data,
        prev?.facts,
        'facts',
        undefined,
        by,
        fields,
      );
      if (fields.length) throw invalid('The facts could not be recorded.', fields);
      const version = (prev?.version ?? 0) + 1;
      const id = randomUUID();
      await trx
        .insertInto('case_facts')
        .values({
          id,
          case_id: caseId,
          version,
          facts: JSON.stringify(facts),
          note: input.note ?? null,
          recorded_by: call.actor.userId,
          recorded_by_name: by,
          recorded_at: now,
        })
        .execute();
      const screening = await rescreenCase(trx, caseId, now, 'facts_recorded');
      audit.entityId = id;
      audit.before = prev ? { version: prev.version, facts: prev.facts } : null;
      audit.after = { version, facts };
      audit.detail = { version, sections: Object.keys(parsed.data), screening: rescreenDetail(screening) };
      return { version, screening };
    },
  );
}

// ---------------------------------------------------------------------------
// Reading and running screenings.
// ---------------------------------------------------------------------------

export interface ScreeningRecord {
  id: string;
  trigger: string;
  createdAt: string;
  rulesetVersion: string;
  countryContextVersion: string;
  inputsDigest: string;
  result: ScreeningResult;
  /** What changed from the screening before it (null for the first). */
  diff: ScreeningDiff | null;
}

function toRecord(r: {
  id: string;
  trigger: string;
  created_at: Date | string;
  ruleset_version: string;
  country_context_version: string;
  inputs_digest: string;
  results: unknown;
  diff: unknown;
}): ScreeningRecord {
  return {
    id: r.id,
    trigger: r.trigger,
    createdAt: new Date(r.created_at).toISOString(),
    rulesetVersion: r.ruleset_version,
    countryContextVersion: r.country_context_version,
    inputsDigest: r.inputs_digest,
    result: r.results as ScreeningResult,
    diff: (r.diff ?? null) as ScreeningDiff | null,
  };
}

export async function listScreenings(
  call: Call,
  caseId: string,
): Promise<{ latest: ScreeningRecord | null; history: ScreeningRecord[] }> {
  return runAction(
    call,
    { action: 'screening.read', permission: 'case.read', entityType: 'screening' },
    async (trx, audit) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const rows = await trx
        .selectFrom('screenings')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('seq', 'desc')
        .execute();
      const history = rows.map(toRecord);
      return { latest: history[0] ?? null, history };
    },
  );
}

/** Runs the screening of one case again now (stores a row only when something changed). */
export async function runScreening(
  call: Call,
  caseId: string,
  trigger: ScreeningTrigger = 'manual',
): Promise<RescreenOutcome> {
  return runAction(
    call,
    { action: 'screening.run', permission: 'screening.run', entityType: 'screening' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const outcome = await rescreenCase(trx, caseId, now, trigger);
      audit.entityId = outcome.screeningId;
      audit.detail = { trigger, ...rescreenDetail(outcome) };
      return outcome;
    },
  );
}

/** The ruleset: version and indicator catalogue. */
export function rulesetCatalogue() {
  return {
    rulesetVersion: RULESET_VERSION,
    indicators: INDICATORS.map((i) => ({
      id: i.id,
      title: i.title,
      strength: i.strength,
      citation: i.citation,
      explanation: i.explanation,
    })),
  };
}

// ---------------------------------------------------------------------------
// Charge-category corrections.
// ---------------------------------------------------------------------------

export interface ChargeCorrectionInput {
  noticeId: string;
  /** Position of the warrant on the notice (0 = first). */
  warrantPosition: number;
  decision: 'confirmed' | 'corrected';
  /** The categories (required when correcting; confirming takes the reader's firm suggestion). */
  categories?: OffenceCategory[];
  reason: string;
}

export async function recordChargeCorrection(
  call: Call,
  caseId: string,
  input: ChargeCorrectionInput,
): Promise<{ id: string; categories: OffenceCategory[]; screening: RescreenOutcome }> {
  return runAction(
    call,
    { action: 'screening.charge_correction', permission: 'charge.correct', entityType: 'charge_correction' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      if (!call.actor.userId)
        throw new ServiceError(
          400,
          'user_required',
          'This action must be taken by a named user, not the system.',
        );
      const fields: FieldProblem[] = [];
      if (input.decision !== 'confirmed' && input.decision !== 'corrected')
        fields.push({ field: 'decision', message: 'Decision is confirmed or corrected.' });
      if (!input.reason?.trim()) fields.push({ field: 'reason', message: 'Explain why.' });
      (input.categories ?? []).forEach((c, i) => {
        if (!OFFENCE_CATEGORIES.includes(c))
          fields.push({
            field: `categories.${i}`,
            message: `Category is one of: ${OFFENCE_CATEGORIES.join(', ')}.`,
          });
      });
      if (fields.length) throw invalid('The correction could not be recorded.', fields);
      const linked = await trx
        .selectFrom('case_notices')
        .select('notice_id')
        .where('case_id', '=', caseId)
        .where('notice_id', '=', input.noticeId)
        .executeTakeFirst();
      if (!linked)
        throw invalid('The correction could not be recorded.', [
          { field: 'noticeId', message: 'This notice is not on the case.' },
        ]);
      const w = await trx
        .selectFrom('notice_warrants')
        .selectAll()
        .where('notice_id', '=', input.noticeId)
        .where('position', '=', input.warrantPosition)
        .executeTakeFirst();
      if (!w)
        throw invalid('The correction could not be recorded.', [
          { field: 'warrantPosition', message: 'The notice has no warrant at this position.' },
        ]);
      const reading = readCharges([w.charge, ...(w.charge_translation ? [w.charge_translation] : [])]);
      const suggested = reading.categories.filter((c) => c.firm).map((c) => c.category);
      let categories = [...new Set(input.categories ?? [])];
      if (input.decision === 'confirmed') {
        if (categories.length === 0) categories = suggested;
        if (categories.length === 0)
          fields.push({
            field: 'categories',
            message:
              'The charge reader suggested no category for this charge; correct it and name the categories.',
          });
      } else if (categories.length === 0)
        fields.push({ field: 'categories', message: 'Name the correct categories of this charge.' });
      if (fields.length) throw invalid('The correction could not be recorded.', fields);
      const id = randomUUID();
      await trx
        .insertInto('charge_corrections')
        .values({
          id,
          case_id: caseId,
          notice_id: input.noticeId,
          warrant_position: input.warrantPosition,
          charge: w.charge,
          suggested: JSON.stringify(suggested),
          categories: JSON.stringify(categories),
          decision: input.decision,
          reason: input.reason.trim(),
          recorded_by: call.actor.userId,
          recorded_at: now,
        })
        .execute();
      const screening = await rescreenCase(trx, caseId, now, 'charge_correction');
      audit.entityId = id;
      audit.detail = {
        noticeId: input.noticeId,
        warrantPosition: input.warrantPosition,
        charge: w.charge,
        decision: input.decision,
        suggested,
        categories,
        reason: input.reason.trim(),
        screening: rescreenDetail(screening),
      };
      return { id, categories, screening };
    },
  );
}

// ---------------------------------------------------------------------------
// Country context administration.
// ---------------------------------------------------------------------------

export interface CountryContextView {
  id: string;
  iso2: string;
  reportYear: number;
  report: string;
  statement: string;
  url: string;
  compiledFrom: string;
  verified: boolean;
  retiredAt: string | null;
  retiredReason: string | null;
  updatedBy: string;
  updatedAt: string;
}

type CountryContextDbRow = {
  id: string;
  iso2: string;
  report_year: number;
  report: string;
  statement: string;
  url: string;
  compiled_from: string;
  verified: boolean;
  retired_at: Date | string | null;
  retired_reason: string | null;
  updated_by: string;
  updated_at: Date | string;
};

const toCountryView = (r: CountryContextDbRow): CountryContextView => ({
  id: r.id,
  iso2: r.iso2,
  reportYear: r.report_year,
  report: r.report,
  statement: r.statement,
  url: r.url,
  compiledFrom: r.compiled_from,
  verified: r.verified,
  retiredAt: r.retired_at ? new Date(r.retired_at).toISOString() : null,
  retiredReason: r.retired_reason,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listCountryContext(
  call: Call,
): Promise<{ version: string; rows: CountryContextView[] }> {
  return runAction(
    call,
    { action: 'country_context.read', permission: 'country_context.read', entityType: 'country_context' },
    async (trx) => {
      const { version } = await loadCountryContext(trx);
      const rows = await trx
        .selectFrom('country_context')
        .selectAll()
        .orderBy('iso2')
        .orderBy('report_year')
        .execute();
      return { version, rows: rows.map(toCountryView) };
    },
  );
}

export interface CountryContextInput {
  iso2: string;
  reportYear: number;
  report: string;
  statement: string;
  url: string;
  compiledFrom?: string;
  verified?: boolean;
  note?: string | null;
}

function checkCountryRow(input: Partial<CountryContextInput>, fields: FieldProblem[]) {
  if (input.iso2 !== undefined && !isCountryCode(input.iso2))
    fields.push({ field: 'iso2', message: 'Use an ISO 3166 alpha-2 country code, e.g. TR.' });
  if (input.reportYear !== undefined && !(Number.isInteger(input.reportYear) && input.reportYear >= 1990))
    fields.push({ field: 'reportYear', message: 'Enter the year the report covers, e.g. 2023.' });
  for (const k of ['report', 'statement', 'url'] as const)
    if (input[k] !== undefined && !input[k]?.trim()) fields.push({ field: k, message: `Enter the ${k}.` });
}

export async function addCountryContext(
  call: Call,
  input: CountryContextInput,
): Promise<{ id: string; version: string }> {
  return runAction(
    call,
    { action: 'country_context.add', permission: 'country_context.manage', entityType: 'country_context' },
    async (trx, audit, now) => {
      const fields: FieldProblem[] = [];
      for (const k of ['iso2', 'reportYear', 'report', 'statement', 'url'] as const)
        if (input[k] === undefined || input[k] === null)
          fields.push({ field: k, message: `Enter the ${k}.` });
      checkCountryRow(input, fields);
      if (fields.length) throw invalid('The row could not be added.', fields);
      const clash = await trx
        .selectFrom('country_context')
        .select('id')
        .where('iso2', '=', input.iso2)
        .where('report_year', '=', input.reportYear)
        .executeTakeFirst();
      if (clash)
        throw invalid('The row could not be added.', [
          {
            field: 'reportYear',
            message: `This country already has a row for this report year (id ${clash.id}); change it instead.`,
          },
        ]);
      const id = randomUUID();
      await trx
        .insertInto('country_context')
        .values({
          id,
          iso2: input.iso2,
          report_year: input.reportYear,
          report: input.report.trim(),
          statement: input.statement.trim(),
          url: input.url.trim(),
          compiled_from: input.compiledFrom?.trim() || 'entered by an administrator',
          verified: input.verified ?? false,
          updated_by: call.actor.username,
          updated_at: now,
        })
        .execute();
      const version = await bumpCountryContextVersion(
        trx,
        call.actor.username,
        input.note ?? `added ${input.iso2} ${input.reportYear}`,
        now,
      );
      audit.entityId = id;
      audit.after = { iso2: input.iso2, reportYear: input.reportYear, verified: input.verified ?? false };
      audit.detail = { version, note: input.note ?? null };
      return { id, version: version.to };
    },
  );
}

export interface CountryContextUpdate extends Partial<Omit<CountryContextInput, 'iso2' | 'reportYear'>> {
  /** Retire the row (it stops counting), or bring it back with false. */
  retired?: boolean;
  retiredReason?: string | null;
}

export async function updateCountryContext(
  call: Call,
  id: string,
  input: CountryContextUpdate,
): Promise<{ id: string; version: string }> {
  return runAction(
    call,
    { action: 'country_context.update', permission: 'country_context.manage', entityType: 'country_context' },
    async (trx, audit, now) => {
      audit.entityId = id;
      const row = await trx.selectFrom('country_context').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('The country-context row');
      const fields: FieldProblem[] = [];
      checkCountryRow(input, fields);
      if (input.retired === true && !input.retiredReason?.trim())
        fields.push({ field: 'retiredReason', message: 'Explain why the row is retired.' });
      if (fields.length) throw invalid('The row could not be changed.', fields);
      const set = {
        ...(input.report !== undefined ? { report: input.report.trim() } : {}),
        ...(input.statement !== undefined ? { statement: input.statement.trim() } : {}),
        ...(input.url !== undefined ? { url: input.url.trim() } : {}),
        ...(input.compiledFrom !== undefined ? { compiled_from: input.compiledFrom.trim() } : {}),
        ...(input.verified !== undefined ? { verified: input.verified } : {}),
        ...(input.retired === true ? { retired_at: now, retired_reason: input.retiredReason!.trim() } : {}),
        ...(input.retired === false ? { retired_at: null, retired_reason: null } : {}),
      };
      if (Object.keys(set).length === 0)
        throw invalid('The row could not be changed.', [{ field: 'body', message: 'Nothing to change.' }]);
      await trx
        .updateTable('country_context')
        .set({ ...set, updated_by: call.actor.username, updated_at: now })
        .where('id', '=', id)
        .execute();
      const version = await bumpCountryContextVersion(
        trx,
        call.actor.username,
        input.note ?? `changed ${row.iso2} ${row.report_year}`,
        now,
      );
      audit.before = toCountryView(row);
      audit.after = set;
      audit.detail = { iso2: row.iso2, reportYear: row.report_year, version, fields: Object.keys(set) };
      return { id, version: version.to };
    },
  );
}

// ---------------------------------------------------------------------------
// Re-screening every case (CLI).
// ---------------------------------------------------------------------------

export interface RescreenAllItem {
  caseId: string;
  caseNumber: string;
  stored: boolean;
  changedIndicators: string[];
  recommendation: { from: string; to: string } | null;
  reviewSuperseded: boolean;
}

/** Screens every case again with the current ruleset and country context, one audited action per case. */
export async function rescreenAll(
  call: Call,
  onProgress?: (done: number, total: number, item: RescreenAllItem) => void,
): Promise<RescreenAllItem[]> {
  const cases = await call.app.db
    .selectFrom('cases')
    .select(['id', 'case_number'])
    .orderBy('case_number')
    .execute();
  const items: RescreenAllItem[] = [];
  for (const c of cases) {
    const o = await runScreening(call, c.id, 'ruleset_rescreen');
    const item: RescreenAllItem = {
      caseId: c.id,
      caseNumber: c.case_number,
      stored: o.stored,
      changedIndicators: o.diff?.indicators.map((i) => i.id) ?? [],
      recommendation: o.diff?.recommendation ?? null,
      reviewSuperseded: o.reviewSuperseded !== null,
    };
    items.push(item);
    onProgress?.(items.length, cases.length, item);
  }
  return items;
}
