/**
 * Importing a legacy file (docs/legacy-import.md). The file is read as a stream (reader.ts); valid rows are
 * written in batches, one transaction per batch, with multi-row inserts; the batch's transaction also
 * records its rejected rows and moves the run's `last_committed_line`, so an interrupted import resumes
 * after the last committed batch and never writes a row twice. A record is found again by its source and
 * external id: a changed record updates its case (and screens it again), an unchanged one is left alone.
 * With all-or-nothing, a first pass checks every row and writes nothing unless none is rejected.
 * The import ends with one audit entry (counts and the file's SHA-256).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sql } from 'kysely';
import {
  LEGACY_COLUMNS,
  type LegacyRecord,
  legacyDigest,
  type RowProblem,
  readLegacyRow,
} from '../../domain/legacy-record.ts';
import { caseSearchTerms } from '../../domain/name-search.ts';
import {
  type CountryContextTable,
  compactScreening,
  RULESET_VERSION,
  screenCase,
} from '../../domain/screening/index.ts';
import type { PolicySettings } from '../../domain/types.ts';
import { caseNumberSequence, ensureCaseNumberSequence } from '../../store/case-numbers.ts';
import type { Db, DbOrTrx } from '../../store/db.ts';
import { newRowId } from '../../store/ids.ts';
import { indexCaseForSearch } from '../case/search-index.ts';
import { authorize, type Call, currentPolicy, runAction } from '../context.ts';
import { compactCounters } from '../counters.ts';
import { loadCountryContext } from '../country-context/table.ts';
import { invalid, notFound, ServiceError } from '../errors.ts';
import {
  deriveGateStatus,
  gateStatusOf,
  type StoredGateStatus,
  writeGateStatusRows,
} from '../gate-status.ts';
import { compactReportCounts } from '../report/day-counts.ts';
import { latestStoredFacts } from '../screening/input.ts';
import { rescreenCase } from '../screening/rescreen.ts';
import {
  legacyScreeningInput,
  noticeColumns,
  protectionJson,
  storedLegacyFacts,
  warrantColumns,
} from './legacy-facts.ts';
import {
  type LegacySnapshotContext,
  legacySnapshot,
  legacySnapshotContext,
  NEW_CASE_DEFAULTS,
} from './legacy-snapshot.ts';
import { FileProblem, formatOf, type LegacyFormat, readLegacyRows } from './reader.ts';

export interface ImportProgress {
  runId: string;
  phase: 'check' | 'import';
  bytesRead: number;
  bytesTotal: number;
  rowsSeen: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface StartImportInput {
  path: string;
  /** The name shown and audited (an upload's original name); the path's base name by default. */
  fileName?: string;
  format?: LegacyFormat;
  source: string;
  officeId: string;
  /** Username of the officer or supervisor the cases are assigned to; the office's first supervisor by default. */
  officer?: string;
  allOrNothing?: boolean;
}

export interface RunOptions {
  batchSize?: number;
  maxRowBytes?: number;
  /**
   * Fold the kept counts and refresh the written tables' planner statistics at the end when the import
   * created or updated this many cases or more (`tidyAfterImport`).
   */
  tidyAfterRows?: number;
  onProgress?: (p: ImportProgress) => void;
  /**
   * Awaited before each batch's transaction begins (its number, from 1), after its new cases were prepared:
   * the tests change there what a batch depends on (the policy, the officer's training) to check that the
   * batch is prepared again on what holds when it is written.
   */
  beforeWrite?: (batch: number) => Promise<void>;
}

export type ImportRunRow = Awaited<ReturnType<typeof loadRun>>;

async function loadRun(db: DbOrTrx, id: string) {
  const row = await db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The import');
  return row;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Creates the import run, or finds the unfinished run of the same file (same SHA-256, source and office)
 * to resume. Checks the office, the officer and the permission first.
 */
export async function startImport(
  call: Call,
  input: StartImportInput,
): Promise<{ run: ImportRunRow; resumed: boolean }> {
  const { db } = call.app;
  if (call.actor.kind === 'user' && call.actor.role !== 'administrator')
    // the refusal is audited by runAction; nothing is written
    await authorize(call, { action: 'legacy.import', permission: 'legacy.import', entityType: 'import_run' });
  const fields = [];
  const source = input.source?.trim() ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(source))
    fields.push({
      field: 'source',
      message: 'Name the source system: 1 to 64 letters, digits, spaces, . _ -.',
    });
  const office = await db
    .selectFrom('offices')
    .select('id')
    .where('id', '=', input.officeId ?? '')
    .executeTakeFirst();
  if (!office) fields.push({ field: 'officeId', message: 'Choose an office that exists.' });
  let officerQ = db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('office_id', '=', input.officeId ?? '')
    .where('disabled_at', 'is', null)
    .where('role', 'in', ['officer', 'supervisor']);
  if (input.officer) officerQ = officerQ.where('username', '=', input.officer);
  const officer = office
    ? await officerQ.orderBy('role', 'desc').orderBy('username').limit(1).executeTakeFirst()
    : undefined;
  if (office && !officer)
    fields.push({
      field: input.officer ? 'officer' : 'officeId',
      message: input.officer
        ? 'The officer must be an active officer or supervisor of the office.'
        : 'The office has no active officer or supervisor to assign the cases to.',
    });
  if (fields.length) throw invalid('The import could not start.', fields);
  const size = (await stat(input.path)).size;
  const sha256 = await fileSha256(input.path);
  const existing = await db
    .selectFrom('import_runs')
    .selectAll()
    .where('sha256', '=', sha256)
    .where('source', '=', source)
    .where('office_id', '=', office!.id)
    .where('status', 'in', ['running', 'failed'])
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const now = call.app.clock();
  if (existing) {
    await db
      .updateTable('import_runs')
      .set({ status: 'running', failure: null, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
    return { run: await loadRun(db, existing.id), resumed: true };
  }
  const id = randomUUID();
  const fileName = input.fileName ?? basename(input.path);
  await db
    .insertInto('import_runs')
    .values({
      id,
      source,
      file_name: fileName,
      format: formatOf(fileName, input.format),
      sha256,
      bytes_total: size,
      office_id: office!.id,
      officer_id: officer!.id,
      all_or_nothing: Boolean(input.allOrNothing),
      phase: input.allOrNothing ? 'check' : 'import',
      started_by: call.actor.userId,
      started_by_name: call.actor.username,
      started_at: now,
      updated_at: now,
    })
    .execute();
  return { run: await loadRun(db, id), resumed: false };
}

interface Pending {
  line: number;
  record: LegacyRecord | null;
  problems: RowProblem[];
  /** The record's rows and gate status should it create a case, prepared before its batch's transaction. */
  made?: NewCase;
}

/**
 * What a batch's new cases depend on besides their records: the batch's time, the country context (the
 * screening), the assigned officer's training and the people the snapshot names, the policy (the gates).
 * Read before the batch's transaction to prepare its cases (`prepareBatch`), and checked again in it.
 */
interface BatchBasis {
  now: Date;
  asOf: string;
  countryContext: CountryContextTable;
  snapshotContext: LegacySnapshotContext;
  policy: PolicySettings;
}

async function batchBasis(db: DbOrTrx, ctx: RunContext, now: Date): Promise<BatchBasis> {
  return {
    now,
    asOf: now.toISOString().slice(0, 10),
    countryContext: await loadCountryContext(db),
    snapshotContext: await legacySnapshotContext(db, ctx.run.officer_id, ctx.createdBy),
    policy: await currentPolicy(db),
  };
}

/**
 * The basis read in the batch's transaction: the one its cases were prepared on when nothing it holds has
 * changed since (the usual case: a second or two earlier), or a new one, and then every case is prepared again.
 */
async function confirmBasis(trx: DbOrTrx, ctx: RunContext, ahead: BatchBasis): Promise<BatchBasis> {
  const version = await trx
    .selectFrom('country_context_versions')
    .select('version')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const snapshotContext = await legacySnapshotContext(trx, ctx.run.officer_id, ctx.createdBy);
  const policy = await currentPolicy(trx);
  const same =
    version.version === ahead.countryContext.version &&
    JSON.stringify(snapshotContext) === JSON.stringify(ahead.snapshotContext) &&
    JSON.stringify(policy) === JSON.stringify(ahead.policy);
  if (same) return ahead;
  return { ...ahead, countryContext: await loadCountryContext(trx), snapshotContext, policy };
}

/**
 * A new case as prepared from its record, all but its number: its person, notice, warrant, case, link,
 * first facts and screening rows, each as the JSON object its table's insert reads (`insertRows`), and its
 * stored gate status (computed from the snapshot the rows give, `legacy-snapshot.ts`; the gates do not read
 * the case number, which the transaction draws and puts in front of the case's row).
 */
interface NewCase {
  basis: BatchBasis;
  caseId: string;
  /** The case row's JSON without its opening brace and number: `{"case_number":…,` + `caseRest`. */
  caseRest: string;
  person: string;
  notice: string;
  warrant: string | null;
  link: string;
  facts: string | null;
  screening: string;
  status: StoredGateStatus;
}

/** The columns each insert of `insertNew` writes, and their types (the rest take the table's defaults). */
const COLUMNS = {
  persons: {
    id: 'uuid',
    family_name: 'text',
    given_names: 'text',
    aliases: 'jsonb',
    dates_of_birth: 'jsonb',
    sex: 'text',
    place_of_birth: 'text',
    nationalities: 'jsonb',
    a_number: 'text',
    languages: 'jsonb',
    protection_status: 'jsonb',
    created_by: 'uuid',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  notices: {
    id: 'uuid',
    type: 'text',
    interpol_ref: 'text',
    issuing_country: 'text',
    requesting_authority: 'text',
    issued_on: 'date',
    expires_on: 'date',
    purpose: 'text',
    status: 'text',
    summary_of_facts: 'text',
    person_id: 'uuid',
    created_by: 'uuid',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  notice_warrants: {
    id: 'uuid',
    notice_id: 'uuid',
    position: 'integer',
    kind: 'text',
    charge: 'text',
    charge_translation: 'text',
    law_cited: 'text',
    max_penalty_months: 'integer',
    sentence_months: 'integer',
    remaining_months: 'integer',
    in_absentia: 'boolean',
    issuing_court: 'text',
    issued_on: 'date',
    issuing_country: 'text',
  },
  cases: {
    case_number: 'text',
    id: 'uuid',
    person_id: 'uuid',
    purpose: 'text',
    office_id: 'text',
    assigned_officer_id: 'uuid',
    created_by: 'uuid',
    narrative: 'text',
    custody_status: 'text',
    in_proceedings: 'boolean',
    encounter_at: 'timestamptz',
    encounter_location: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
    legacy_source: 'text',
    legacy_external_id: 'text',
    legacy_digest: 'text',
    legacy_run_id: 'uuid',
    legacy_line: 'integer',
    legacy_actions: 'jsonb',
  },
  case_notices: {
    case_id: 'uuid',
    notice_id: 'uuid',
    added_at: 'timestamptz',
    subject_link: 'text',
    subject_differences: 'jsonb',
  },
  case_facts: {
    id: 'uuid',
    case_id: 'uuid',
    version: 'integer',
    facts: 'jsonb',
    note: 'text',
    recorded_by: 'uuid',
    recorded_by_name: 'text',
    recorded_at: 'timestamptz',
  },
  screenings: {
    id: 'uuid',
    case_id: 'uuid',
    ruleset_version: 'text',
    country_context_version: 'text',
    inputs_digest: 'text',
    results: 'jsonb',
    diff: 'jsonb',
    trigger: 'text',
    created_at: 'timestamptz',
  },
} as const;

type Table = keyof typeof COLUMNS;
/** A row of one of the tables, as JSON values (a JSON null is stored as SQL null). */
type JsonRow<T extends Table> = { [K in keyof (typeof COLUMNS)[T]]: unknown };

/**
 * One set-based insert of a batch's rows, in their order: the rows as one JSON array parameter read by
 * `jsonb_to_recordset` (as bulk re-screening stores its screenings), rather than a multi-row insert of a
 * parameter per value (up to 20,000 a statement to build, send and bind). One statement per table and batch.
 */
async function insertRows(trx: DbOrTrx, table: Table, rows: readonly string[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.entries(COLUMNS[table]).map(([name, type]) => [`"${name}"`, type] as const);
  const names = columns.map(([name]) => name).join(', ');
  const types = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  await sql`insert into ${sql.table(table)} (${sql.raw(names)})
    select ${sql.raw(names)}
    from rows from (jsonb_to_recordset(${`[${rows.join(',')}]`}::jsonb) as (${sql.raw(types)}))
      with ordinality as t(${sql.raw(names)}, ord)
    order by t.ord`.execute(trx);
}

const jsonRow = <T extends Table>(_table: T, row: JsonRow<T>): string => JSON.stringify(row);

function prepareNew(ctx: RunContext, basis: BatchBasis, p: Pending): NewCase {
  const { run, createdBy } = ctx;
  const { now } = basis;
  const r = p.record!;
  const personId = newRowId();
  const noticeId = newRowId();
  const caseId = newRowId();
  // all but the case number, drawn in the transaction and put in front (`insertNew`)
  const caseRow = {
    id: caseId,
    person_id: personId,
    purpose: r.purpose,
    office_id: run.office_id,
    assigned_officer_id: run.officer_id,
    created_by: createdBy,
    narrative: r.narrative,
    custody_status: r.custodyStatus,
    in_proceedings: r.inProceedings,
    encounter_at: r.encounterAt,
    encounter_location: r.encounterLocation,
    created_at: now,
    updated_at: now,
    legacy_source: r.source,
    legacy_external_id: r.externalId,
    legacy_digest: legacyDigest(r),
    legacy_run_id: run.id,
    legacy_line: p.line,
    legacy_actions: r.actions,
  } satisfies Omit<JsonRow<'cases'>, 'case_number'>;
  const stored = storedLegacyFacts(r);
  const screened = screenCase(legacyScreeningInput(r), {
    asOf: basis.asOf,
    countryContext: basis.countryContext,
  });
  const snapshot = legacySnapshot(caseRow, r, noticeId, basis.snapshotContext);
  return {
    basis,
    caseId,
    caseRest: JSON.stringify(caseRow).slice(1),
    person: jsonRow('persons', {
      id: personId,
      family_name: r.person.familyName,
      given_names: r.person.givenNames,
      aliases: r.person.aliases,
      dates_of_birth: r.person.datesOfBirth,
      sex: r.person.sex,
      place_of_birth: r.person.placeOfBirth,
      nationalities: r.person.nationalities,
      a_number: r.person.aNumber,
      languages: r.person.languages,
      protection_status: r.person.protection ? protectionJson(r) : null,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    }),
    notice: jsonRow('notices', {
      id: noticeId,
      ...noticeColumns(r),
      person_id: personId,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    }),
    warrant: r.warrant
      ? jsonRow('notice_warrants', {
          id: newRowId(),
          notice_id: noticeId,
          position: 0,
          ...warrantColumns(r.warrant),
          remaining_months: null,
          in_absentia: null,
          issuing_court: null,
          issued_on: r.warrant.issuedOn,
          issuing_country: null,
        })
      : null,
    link: jsonRow('case_notices', {
      case_id: caseId,
      notice_id: noticeId,
      added_at: now,
      subject_link: 'same_person',
      subject_differences: [],
    }),
    facts: stored
      ? jsonRow('case_facts', {
          id: newRowId(),
          case_id: caseId,
          version: 1,
          facts: stored,
          note: `Imported from ${r.source} (line ${p.line} of ${run.file_name}).`,
          recorded_by: null,
          recorded_by_name: `Legacy import from ${r.source}`,
          recorded_at: now,
        })
      : null,
    screening: jsonRow('screenings', {
      id: newRowId(),
      case_id: caseId,
      ruleset_version: screened.rulesetVersion,
      country_context_version: screened.countryContextVersion,
      inputs_digest: screened.inputsDigest,
      results: compactScreening(screened),
      diff: null,
      trigger: 'case_opened',
      created_at: now,
    }),
    status: gateStatusOf(snapshot, run.office_id, NEW_CASE_DEFAULTS.status, now, basis.policy),
  };
}

/**
 * Prepares every valid record of a batch as a new case (`prepareNew`), yielding every few milliseconds so
 * that the statements of the batch being written go on meanwhile. Rows that turn out not to create a case
 * (an existing record, a duplicate) are prepared for nothing; `handOff` prepares ahead only after a batch
 * that created cases.
 */
async function prepareBatch(ctx: RunContext, basis: BatchBasis, batch: Pending[]): Promise<void> {
  let since = performance.now();
  for (const p of batch) {
    if (p.record) p.made = prepareNew(ctx, basis, p);
    if (performance.now() - since > 4) {
      await yieldToOthers();
      since = performance.now();
    }
  }
}

interface Counts {
  rowsSeen: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

const keyOf = (r: LegacyRecord) => `${r.source}\u0000${r.externalId}`;
/** A notice's key, as its unique index has it: type and reference. */
const noticeKeyOf = (type: string, interpolRef: string) => `${type}\u0000${interpolRef}`;

/** Splits rows into chunks small enough for one INSERT's parameters. */
function chunks<T>(rows: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

interface Existing {
  id: string;
  person_id: string;
  legacy_source: string | null;
  legacy_external_id: string | null;
  legacy_digest: string | null;
  legacy_run_id: string | null;
  legacy_line: number | null;
  notice_id: string | null;
}

/**
 * Decides, for one batch, which rows create a case, update one, leave one unchanged or are rejected
 * (duplicates in the file, a notice or A-number already recorded on another case). Reads only.
 */
async function classify(trx: DbOrTrx, runId: string, batch: Pending[], seen?: Map<string, number>) {
  const valid = batch.filter((p) => p.record);
  const existing = new Map<string, Existing>();
  // Each key is looked up on its own through the unique index on both of its columns (a lateral subquery
  // that is not flattened: `offset 0`). As `in` lists, the planner went by the statistics of the tables,
  // which lag behind an import that is filling them: at half a million imported cases it read every case
  // of the source, and every notice of the type, for each batch (2 s and 1 s a batch, and growing).
  const pairs = [...new Map(valid.map((p) => [keyOf(p.record!), p.record!])).values()];
  if (pairs.length) {
    const rows = await sql<Existing>`
      select x.*
      from unnest(${pairs.map((r) => r.source)}::text[], ${pairs.map((r) => r.externalId)}::text[])
        as k(source, external_id)
      cross join lateral (
        select c.id, c.person_id, c.legacy_source, c.legacy_external_id, c.legacy_digest, c.legacy_run_id,
          c.legacy_line,
          -- the notice the import linked: the case's first (a join here was planned as a scan of every link)
          (select cn.notice_id from case_notices cn where cn.case_id = c.id
            order by cn.added_at, cn.notice_id limit 1) as notice_id
        from cases c
        where c.legacy_source = k.source and c.legacy_external_id = k.external_id
        offset 0
      ) x`.execute(trx);
    for (const r of rows.rows) existing.set(`${r.legacy_source}\u0000${r.legacy_external_id}`, r);
  }
  const noticeKeys = [
    ...new Map(
      valid.map((p) => [noticeKeyOf(p.record!.notice.type, p.record!.notice.interpolRef), p.record!.notice]),
    ).values(),
  ];
  const notices = noticeKeys.length
    ? (
        await sql<{ id: string; type: string; interpol_ref: string; person_id: string }>`
          select n.*
          from unnest(${noticeKeys.map((n) => n.type)}::text[], ${noticeKeys.map((n) => n.interpolRef)}::text[])
            as k(type, interpol_ref)
          cross join lateral (
            select id, type, interpol_ref, person_id from notices
            where type = k.type and interpol_ref = k.interpol_ref
            offset 0
          ) n`.execute(trx)
      ).rows
    : [];
  const noticeByRef = new Map(notices.map((n) => [noticeKeyOf(n.type, n.interpol_ref), n]));
  const aNumbers = valid.map((p) => p.record!.person.aNumber).filter((a): a is string => Boolean(a));
  const persons = aNumbers.length
    ? await trx
        .selectFrom('persons')
        .select(['id', 'a_number'])
        .where('a_number', 'in', [...new Set(aNumbers)])
        .execute()
    : [];
  const personByA = new Map(persons.map((p) => [p.a_number!, p.id]));

  const inBatch = seen ?? new Map<string, number>();
  const refsInBatch = new Map<string, number>();
  const aInBatch = new Map<string, number>();
  const creates: Pending[] = [];
  const updates: Array<Pending & { existing: Existing }> = [];
  let unchanged = 0;
  for (const p of batch) {
    const r = p.record;
    if (!r) continue;
    const key = keyOf(r);
    const ex = existing.get(key);
    const firstLine =
      inBatch.get(key) ??
      (ex && ex.legacy_run_id === runId && (ex.legacy_line ?? 0) < p.line ? ex.legacy_line : undefined);
    if (firstLine !== undefined && firstLine !== null) {
      p.problems.push({
        field: 'external_id',
        reason: `Duplicate: line ${firstLine} has the same external id (${r.source}, ${r.externalId}).`,
      });
      p.record = null;
      continue;
    }
    const noticeKey = noticeKeyOf(r.notice.type, r.notice.interpolRef);
    const notice = noticeByRef.get(noticeKey);
    const refLine = refsInBatch.get(noticeKey);
    if (refLine !== undefined)
      p.problems.push({
        field: 'interpol_ref',
        reason: `Duplicate: line ${refLine} has the same notice (${r.notice.interpolRef}).`,
      });
    else if (notice && notice.id !== ex?.notice_id)
      p.problems.push({
        field: 'interpol_ref',
        reason: `This notice (${r.notice.interpolRef}) is already recorded on another case.`,
      });
    const a = r.person.aNumber;
    if (a) {
      const aLine = aInBatch.get(a);
      const holder = personByA.get(a);
      if (aLine !== undefined)
        p.problems.push({ field: 'a_number', reason: `Duplicate: line ${aLine} has the same A-number.` });
      else if (holder && holder !== ex?.person_id)
        p.problems.push({
          field: 'a_number',
          reason: 'This A-number is already recorded on another person.',
        });
    }
    if (p.problems.length) {
      p.record = null;
      continue;
    }
    inBatch.set(key, p.line);
    refsInBatch.set(noticeKey, p.line);
    if (a) aInBatch.set(a, p.line);
    if (!ex) creates.push(p);
    else if (ex.legacy_digest !== legacyDigest(r)) updates.push({ ...p, existing: ex });
    else unchanged++;
  }
  return { creates, updates, unchanged };
}

interface RunContext {
  run: ImportRunRow;
  createdBy: string;
}

interface WriteContext extends RunContext {
  now: Date;
}

/**
 * Writes a batch's new cases: their rows as prepared before the transaction (or now, when they were not or
 * the basis changed), each case's number drawn here, and their stored gate statuses, so the dashboard, the
 * queues and the report count imported cases at once (services/gate-status.ts).
 */
async function insertNew(trx: DbOrTrx, ctx: RunContext, ahead: BatchBasis, rows: Pending[]): Promise<void> {
  if (!rows.length) return;
  const basis = await confirmBasis(trx, ctx, ahead);
  const year = basis.now.getUTCFullYear();
  const numbers = await sql<{ n: number | string }>`
    select nextval(${caseNumberSequence(year)}::regclass) as n from generate_series(1, ${rows.length})`.execute(
    trx,
  );
  const made: NewCase[] = [];
  let since = performance.now();
  for (const p of rows) {
    made.push(p.made?.basis === basis ? p.made : prepareNew(ctx, basis, p));
    if (performance.now() - since > 4) {
      await yieldToOthers();
      since = performance.now();
    }
  }
  const cases: string[] = [];
  const terms: string[] = [];
  for (const [i, m] of made.entries()) {
    const caseNumber = `RL-${year}-${String(Number(numbers.rows[i]!.n)).padStart(6, '0')}`;
    cases.push(`{"case_number":${JSON.stringify(caseNumber)},${m.caseRest}`);
    const r = rows[i]!.record!;
    const caseTerms = caseSearchTerms({
      caseNumber,
      familyName: r.person.familyName,
      givenNames: r.person.givenNames,
      aliases: r.person.aliases,
      aNumber: r.person.aNumber,
      noticeRefs: [r.notice.interpolRef],
    });
    terms.push(JSON.stringify({ case_id: m.caseId, terms: caseTerms }));
  }
  const some = (pick: (m: NewCase) => string | null) => made.map(pick).filter((x): x is string => x !== null);
  // in foreign-key order
  const tables: Array<[Table, string[]]> = [
    ['persons', some((m) => m.person)],
    ['notices', some((m) => m.notice)],
    ['notice_warrants', some((m) => m.warrant)],
    ['cases', cases],
    ['case_notices', some((m) => m.link)],
    ['case_facts', some((m) => m.facts)],
    ['screenings', some((m) => m.screening)],
  ];
  for (const [table, rows] of tables) {
    // The links of the cases just inserted: their screenings, inserted after them for every one of them,
    // derive the report's facts and the re-review key whole, with the links (migrations 0060, 0061); the
    // links' own refresh is skipped. The setting holds from the links' insert to the screenings'.
    if (table === 'case_notices')
      await sql`select set_config('redline.links_of_new_cases', 'on', true)`.execute(trx);
    await insertRows(trx, table, rows);
    if (table === 'screenings')
      await sql`select set_config('redline.links_of_new_cases', 'off', true)`.execute(trx);
  }
  await sql`insert into case_search_terms (case_id, term)
    select t.case_id, u.term
    from jsonb_to_recordset(${`[${terms.join(',')}]`}::jsonb) as t(case_id uuid, terms text[])
      cross join lateral unnest(t.terms) as u(term)`.execute(trx);
  await writeGateStatusRows(
    trx,
    made.map((m) => m.status),
  );
}

/** A changed record: its person, notice, warrant and case are rewritten and the case screened again. */
async function updateChanged(
  trx: DbOrTrx,
  ctx: WriteContext,
  rows: Array<Pending & { existing: Existing }>,
): Promise<void> {
  const { run, now } = ctx;
  for (const p of rows) {
    const r = p.record!;
    const ex = p.existing;
    await sql`select id from cases where id = ${ex.id} for update`.execute(trx);
    await trx
      .updateTable('persons')
      .set({
        family_name: r.person.familyName,
        given_names: r.person.givenNames,
        aliases: JSON.stringify(r.person.aliases),
        dates_of_birth: JSON.stringify(r.person.datesOfBirth),
        sex: r.person.sex,
        place_of_birth: r.person.placeOfBirth,
        nationalities: JSON.stringify(r.person.nationalities),
        a_number: r.person.aNumber,
        languages: JSON.stringify(r.person.languages),
        protection_status: r.person.protection ? JSON.stringify(protectionJson(r)) : null,
        updated_at: now,
      })
      .where('id', '=', ex.person_id)
      .execute();
    if (ex.notice_id) {
      await trx
        .updateTable('notices')
        .set({
          ...noticeColumns(r),
          updated_at: now,
        })
        .where('id', '=', ex.notice_id)
        .execute();
      await trx.deleteFrom('notice_warrants').where('notice_id', '=', ex.notice_id).execute();
      if (r.warrant)
        await trx
          .insertInto('notice_warrants')
          .values({
            id: newRowId(),
            notice_id: ex.notice_id,
            position: 0,
            ...warrantColumns(r.warrant),
            issued_on: r.warrant.issuedOn,
          })
          .execute();
    }
    await trx
      .updateTable('cases')
      .set({
        purpose: r.purpose,
        narrative: r.narrative,
        custody_status: r.custodyStatus,
        in_proceedings: r.inProceedings,
        encounter_at: r.encounterAt,
        encounter_location: r.encounterLocation,
        legacy_digest: legacyDigest(r),
        legacy_run_id: run.id,
        legacy_line: p.line,
        legacy_actions: JSON.stringify(r.actions),
        updated_at: now,
        revision: sql`revision + 1`,
      })
      .where('id', '=', ex.id)
      .execute();
    const stored = storedLegacyFacts(r) ?? {};
    const prev = await latestStoredFacts(trx, ex.id);
    if (JSON.stringify(prev?.facts ?? {}) !== JSON.stringify(stored))
      await trx
        .insertInto('case_facts')
        .values({
          id: newRowId(),
          case_id: ex.id,
          version: (prev?.version ?? 0) + 1,
          facts: JSON.stringify(stored),
          note: `Updated from ${r.source} (line ${p.line} of ${run.file_name}).`,
          recorded_by: null,
          recorded_by_name: `Legacy import from ${r.source}`,
          recorded_at: now,
        })
        .execute();
    await indexCaseForSearch(trx, ex.id);
    await rescreenCase(trx, ex.id, now, 'case_updated');
    await deriveGateStatus(trx, ex.id, now);
  }
}

async function recordErrors(trx: DbOrTrx, runId: string, batch: Pending[]): Promise<number> {
  const rows = batch.flatMap((p) =>
    p.problems.map((e) => ({ run_id: runId, line: p.line, field: e.field, reason: e.reason })),
  );
  // one row per (line, field): a row with two problems on one field keeps the first
  const unique = [...new Map(rows.map((r) => [`${r.line}\u0000${r.field}`, r])).values()];
  for (const c of chunks(unique))
    await trx
      .insertInto('import_run_errors')
      .values(c)
      .onConflict((oc) => oc.doNothing())
      .execute();
  return batch.filter((p) => p.problems.length).length;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs (or resumes) an import to its end. Returns the finished run. A problem with the file as a whole
 * (its header) fails the run with the reason; an interruption leaves it `running`, to be resumed.
 */
export async function executeImport(
  call: Call,
  runId: string,
  path: string,
  opts: RunOptions = {},
): Promise<ImportRunRow> {
  const { db } = call.app;
  let run = await loadRun(db, runId);
  const batchSize = opts.batchSize ?? 1000;
  const resumedFrom = run.last_committed_line;
  const counts: Counts = {
    rowsSeen: run.rows_seen,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
  };
  const progress = (phase: 'check' | 'import', bytesRead: number) =>
    opts.onProgress?.({ runId, phase, bytesRead, bytesTotal: run.bytes_total, ...counts });
  const createdBy = call.actor.userId ?? run.officer_id;
  const maxRowBytes = opts.maxRowBytes ?? (Number(process.env.REDLINE_IMPORT_MAX_ROW_BYTES) || undefined);
  const rows = (skipThroughLine: number) =>
    readLegacyRows(createReadStream(path, { highWaterMark: 256 * 1024 }), run.format as LegacyFormat, {
      maxRowBytes,
      skipThroughLine,
      knownColumns: LEGACY_COLUMNS,
    });
  const toPending = (values: Record<string, unknown>, line: number): Pending => {
    const { record, problems } = readLegacyRow(values, run.source);
    return { line, record, problems: [...problems] };
  };

  try {
    if (run.phase === 'check') {
      // all-or-nothing: check every row, writing nothing but the report
      const seen = new Map<string, number>();
      const errors: Pending[] = [];
      let batch: Pending[] = [];
      let bytes = 0;
      const checkBatch = async () => {
        await db.transaction().execute(async (trx) => {
          await sql`set local jit = off`.execute(trx);
          await classify(trx, run.id, batch, seen);
        });
        errors.push(...batch.filter((p) => p.problems.length));
        counts.rowsSeen += batch.length;
        counts.rejected += batch.filter((p) => p.problems.length).length;
        batch = [];
        progress('check', bytes);
        await yieldToOthers();
      };
      for await (const item of rows(0)) {
        bytes = item.endOffset;
        if (item.kind === 'rejected') batch.push({ line: item.line, record: null, problems: item.problems });
        else if (item.kind === 'row') batch.push(toPending(item.values, item.line));
        if (batch.length >= batchSize) await checkBatch();
      }
      await checkBatch();
      if (errors.length) {
        await db.transaction().execute(async (trx) => {
          await recordErrors(trx, run.id, errors);
          await trx
            .updateTable('import_runs')
            .set({
              rows_seen: counts.rowsSeen,
              rejected: counts.rejected,
              bytes_read: bytes,
              updated_at: call.app.clock(),
            })
            .where('id', '=', run.id)
            .execute();
        });
        return await finish(call, run.id, 'rejected', resumedFrom);
      }
      counts.rowsSeen = 0;
      counts.rejected = 0;
      await db.updateTable('import_runs').set({ phase: 'import' }).where('id', '=', run.id).execute();
      run = await loadRun(db, run.id);
    }

    await ensureCaseNumberSequence(db, call.app.clock().getUTCFullYear());
    let batch: Pending[] = [];
    let lastLine = run.last_committed_line;
    let bytes = 0;
    // One transaction per batch, one batch after the other (the run's last committed line moves with each);
    // while a batch is written, the next one is read and its new cases prepared (`handOff`), so that the
    // transaction only writes.
    const ctx: RunContext = { run, createdBy };
    let batches = 0;
    const flush = async (pending: Pending[], last: number, readTo: number, basis: BatchBasis) => {
      const { now } = basis;
      let created = 0;
      batches += 1;
      await opts.beforeWrite?.(batches);
      await db.transaction().execute(async (trx) => {
        // No JIT for a batch's statements, nor for the triggers they fire: while the import fills the
        // tables, their statistics lag behind and the estimates pass the JIT threshold, and compiling
        // costs more than these statements ever take (0.2 s of a 0.3 s lookup, measured).
        await sql`set local jit = off`.execute(trx);
        const { creates, updates, unchanged } = await classify(trx, run.id, pending);
        await insertNew(trx, ctx, basis, creates);
        await updateChanged(trx, { ...ctx, now }, updates);
        const rejected = await recordErrors(trx, run.id, pending);
        const next = {
          rowsSeen: counts.rowsSeen + pending.length,
          created: counts.created + creates.length,
          updated: counts.updated + updates.length,
          unchanged: counts.unchanged + unchanged,
          rejected: counts.rejected + rejected,
        };
        await trx
          .updateTable('import_runs')
          .set({
            last_committed_line: last,
            bytes_read: readTo,
            rows_seen: next.rowsSeen,
            created: next.created,
            updated: next.updated,
            unchanged: next.unchanged,
            rejected: next.rejected,
            updated_at: now,
          })
          .where('id', '=', run.id)
          .execute();
        Object.assign(counts, next);
        created = creates.length;
      });
      progress('import', readTo);
      await yieldToOthers();
      return created;
    };
    let writing: Promise<number> | null = null;
    // Preparing ahead is worth it when the rows create cases: the first batch, and after a batch that did
    // (a file imported again is mostly unchanged rows, which are neither screened nor evaluated).
    let prepareNext = true;
    const handOff = async () => {
      const pending = batch;
      const last = lastLine;
      const readTo = bytes;
      batch = [];
      // the batch's time: its rows' timestamps, its screenings' date and its gate statuses' evaluation
      const basis = await batchBasis(db, ctx, call.app.clock());
      if (prepareNext) await prepareBatch(ctx, basis, pending);
      if (writing) prepareNext = (await writing) > 0;
      const w = flush(pending, last, readTo, basis);
      // awaited before the next batch starts or at the end; a failure is thrown there
      w.catch(() => {});
      writing = w;
    };
    try {
      for await (const item of rows(run.last_committed_line)) {
        bytes = item.endOffset;
        if (item.kind === 'skipped') continue;
        lastLine = item.line;
        if (item.kind === 'rejected') batch.push({ line: item.line, record: null, problems: item.problems });
        else batch.push(toPending(item.values, item.line));
        if (batch.length >= batchSize) await handOff();
      }
      if (batch.length) await handOff();
      if (writing) await writing;
    } finally {
      // nothing else writes to the run until the batch being written has ended
      if (writing) await (writing as Promise<number>).catch(() => {});
    }
    const done = await finish(call, run.id, 'completed', resumedFrom);
    if (done.created + done.updated >= (opts.tidyAfterRows ?? TIDY_AFTER_ROWS))
      await tidyAfterImport(call, db, done);
    return done;
  } catch (err) {
    if (err instanceof FileProblem) {
      await db.transaction().execute(async (trx) => {
        await recordErrors(trx, run.id, [
          { line: 1, record: null, problems: [{ field: err.field, reason: err.message }] },
        ]);
        await trx
          .updateTable('import_runs')
          .set({ rejected: counts.rejected + 1, failure: err.message })
          .where('id', '=', run.id)
          .execute();
      });
      return await finish(call, run.id, 'rejected', resumedFrom);
    }
    await db
      .updateTable('import_runs')
      .set({ status: 'failed', failure: (err as Error).message ?? String(err), updated_at: call.app.clock() })
      .where('id', '=', run.id)
      .execute()
      .catch(() => {});
    throw err;
  }
}

/**
 * The tables an import writes, directly or through their triggers (the report's per-case facts and day
 * counts, the office counts).
 */
const WRITTEN_TABLES = [
  ...(Object.keys(COLUMNS) as Table[]),
  'case_search_terms',
  'case_gate_status',
  'report_case_facts',
  'report_day_counts',
  'office_counts',
];

/** From this many cases created or updated by one import (by default), its end tidies up after it. */
const TIDY_AFTER_ROWS = 10_000;

/**
 * After a large import (docs/benchmarks.md), what a running server and autovacuum would do some time later,
 * done at once so that the reads are fast from the import's end, even when no server runs:
 * - the delta rows the triggers wrote to the office counts and the report's day counts, one set per batch,
 *   are folded (after a million records: 2.4 million day-count rows; the report took 0.33 s, 9–14 ms after);
 * - the written tables' planner statistics are refreshed (a million cases written in half an hour leave them
 *   far behind until autovacuum's next analyse; the dashboards took 0.5–2.1 s instead of 27–51 ms).
 * It runs after the import has ended, outside its transactions; a failure of it does not fail the import
 * (the server's folding and autovacuum catch up).
 */
async function tidyAfterImport(call: Call, db: Db, run: ImportRunRow): Promise<void> {
  // Step by step, each table's statistics in a statement of its own: a server's statements have a time
  // limit (REDLINE_DB_STATEMENT_TIMEOUT_MS, 10 s by default), which one statement of the tidy-up exceeded
  // after a million records imported from the web application (which one was not recorded: the folding, or
  // the one ANALYZE of every written table). One step failing now leaves the others, and the log names it.
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['office counts folded', () => compactCounters(db)],
    ['report day counts folded', () => compactReportCounts(db)],
    ...WRITTEN_TABLES.map((t): [string, () => Promise<unknown>] => [
      `statistics of ${t}`,
      () => sql`analyze ${sql.table(t)}`.execute(db),
    ]),
  ];
  for (const [step, run_] of steps) {
    try {
      await run_();
    } catch (err) {
      call.app.log?.warn(
        { err, run: run.id, step },
        'import: tidying up after the import failed at one step',
      );
    }
  }
}

/** The end of an import: its status and its one audit entry (counts and the file's SHA-256). */
async function finish(
  call: Call,
  runId: string,
  status: 'completed' | 'rejected',
  resumedFromLine: number,
): Promise<ImportRunRow> {
  return runAction(
    call,
    { action: 'legacy.import', permission: 'legacy.import', entityType: 'import_run' },
    async (trx, audit, now) => {
      await trx
        .updateTable('import_runs')
        .set({ status, finished_at: now, updated_at: now })
        .where('id', '=', runId)
        .execute();
      const run = await loadRun(trx, runId);
      audit.entityId = runId;
      audit.detail = {
        file: run.file_name,
        sha256: run.sha256,
        bytes: run.bytes_total,
        source: run.source,
        officeId: run.office_id,
        allOrNothing: run.all_or_nothing,
        status,
        rowsSeen: run.rows_seen,
        created: run.created,
        updated: run.updated,
        unchanged: run.unchanged,
        rejected: run.rejected,
        ...(resumedFromLine > 0 ? { resumedAfterLine: resumedFromLine } : {}),
        rulesetVersion: RULESET_VERSION,
      };
      return run;
    },
  );
}

/** The rejected rows of a run, in line order (keyset: after the given line and field). */
export async function importErrors(
  db: DbOrTrx,
  runId: string,
  after: { line: number; field: string } = { line: 0, field: '' },
  limit = 5000,
) {
  return db
    .selectFrom('import_run_errors')
    .select(['line', 'field', 'reason'])
    .where('run_id', '=', runId)
    .where((eb) =>
      eb.or([
        eb('line', '>', after.line),
        eb.and([eb('line', '=', after.line), eb('field', '>', after.field)]),
      ]),
    )
    .orderBy('line')
    .orderBy('field')
    .limit(limit)
    .execute();
}

export async function readImportRun(call: Call, runId: string): Promise<ImportRunRow> {
  if (call.actor.kind === 'user' && call.actor.role !== 'administrator') throw notFound('The import');
  return loadRun(call.app.db, runId);
}

export { ServiceError };
