/**
 * Cases: opening a case on a person who is the subject of a Red Notice or diffusion, changing its
 * facts (a material change voids approvals and withdraws authorizations, D6), reading and listing
 * cases within the actor's office, and evaluating the gates.
 */
import { randomUUID } from 'node:crypto';
import countries from 'i18n-iso-countries';
import { caseVersionHash, describeMaterialChanges, materialFacts } from '../domain/case-version.ts';
import { evaluateGates } from '../domain/gates.ts';
import {
  CASE_PURPOSES,
  type CasePurpose,
  type CaseSnapshot,
  CUSTODY_STATUSES,
  type CustodyStatus,
  EVIDENCE_SOURCE_TYPES,
  type GateEvaluation,
  type IndependentBasis,
  type MaterialFacts,
  NOTICE_PURPOSES,
  NOTICE_TYPES,
  type NoticePurpose,
  type NoticeType,
  type WarrantFact,
} from '../domain/types.ts';
import { caseNumberSequenceExists, drawCaseNumber, ensureCaseNumberSequence } from '../store/case-numbers.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { ProtectionStatusJson } from '../store/schema.ts';
import { type Call, currentPolicy, runAction, spansOffices } from './context.ts';
import { type FieldProblem, invalid, notFound, ServiceError } from './errors.ts';
import { rescreenCase, rescreenDetail } from './screening.ts';
import { loadCaseForAction, loadCaseSnapshot } from './snapshot.ts';

// ---------------------------------------------------------------------------
// Field checks shared with the HTTP layer.
// ---------------------------------------------------------------------------

export const INTERPOL_REF = /^\d{4}\/\d{1,7}$/;
export const A_NUMBER = /^A?\d{8,9}$/;

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** ISO 3166-1 alpha-2 country code. */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}

// ---------------------------------------------------------------------------
// Inputs.
// ---------------------------------------------------------------------------

export interface WarrantInput {
  kind: WarrantFact['kind'];
  charge: string;
  chargeTranslation?: string | null;
  lawCited?: string | null;
  maxPenaltyMonths?: number | null;
  sentenceMonths?: number | null;
  remainingMonths?: number | null;
  inAbsentia?: boolean | null;
  issuingCourt?: string | null;
  issuedOn?: string | null;
  issuingCountry?: string | null;
}

export interface PersonInput {
  familyName: string;
  givenNames?: string | null;
  aliases?: string[];
  datesOfBirth?: string[];
  sex?: string | null;
  placeOfBirth?: string | null;
  nationalities?: string[];
  aNumber?: string | null;
  languages?: string[];
  /** Asylum claimed or protection granted, as known at intake (screening reads it). */
  protectionStatus?: ProtectionStatusJson | null;
}

export interface NoticeInput {
  type: NoticeType;
  interpolRef: string;
  issuingCountry: string;
  requestingAuthority?: string | null;
  issuedOn?: string | null;
  expiresOn?: string | null;
  purpose?: NoticePurpose | null;
  summaryOfFacts?: string | null;
  warrants?: WarrantInput[];
}

export interface OpenCaseInput {
  purpose: CasePurpose;
  /** A new person, or `personId` of one already recorded. */
  person?: PersonInput;
  personId?: string;
  /** A new notice, or `noticeId` of one already recorded. */
  notice?: NoticeInput;
  noticeId?: string;
  assignedOfficerId?: string;
  /** Only for system actors, who have no office of their own. */
  officeId?: string;
  independentBasis?: IndependentBasis;
  narrative?: string;
  custodyStatus?: CustodyStatus;
  inProceedings?: boolean;
  encounterAt?: Date | null;
  encounterLocation?: string | null;
}

export interface CaseFactsPatch {
  purpose?: CasePurpose;
  narrative?: string;
  independentBasis?: IndependentBasis;
  custodyStatus?: CustodyStatus;
  inProceedings?: boolean;
  /** Changes to one notice on the case. */
  notice?: {
    noticeId: string;
    warrants?: WarrantInput[];
    summaryOfFacts?: string | null;
    purpose?: NoticePurpose | null;
    expiresOn?: string | null;
  };
}

function checkWarrants(warrants: WarrantInput[] | undefined, prefix: string, fields: FieldProblem[]) {
  (warrants ?? []).forEach((w, i) => {
    if (w.kind !== 'arrest_warrant' && w.kind !== 'judgment')
      fields.push({ field: `${prefix}.${i}.kind`, message: 'Kind is arrest_warrant or judgment.' });
    if (!w.charge?.trim()) fields.push({ field: `${prefix}.${i}.charge`, message: 'Enter the charge.' });
    if (w.issuedOn && !isIsoDate(w.issuedOn))
      fields.push({ field: `${prefix}.${i}.issuedOn`, message: 'Enter a real date as YYYY-MM-DD.' });
    if (w.issuingCountry && !isCountryCode(w.issuingCountry))
      fields.push({ field: `${prefix}.${i}.issuingCountry`, message: 'Use an ISO 3166 alpha-2 code.' });
  });
}

function checkBasis(basis: IndependentBasis | undefined, fields: FieldProblem[]) {
  if (!basis) return;
  if (typeof basis.summary !== 'string')
    fields.push({ field: 'independentBasis.summary', message: 'Enter the summary as text.' });
  (basis.evidence ?? []).forEach((e, i) => {
    if (!EVIDENCE_SOURCE_TYPES.includes(e.sourceType))
      fields.push({
        field: `independentBasis.evidence.${i}.sourceType`,
        message: `Source type is one of: ${EVIDENCE_SOURCE_TYPES.join(', ')}.`,
      });
    if (!e.description?.trim())
      fields.push({ field: `independentBasis.evidence.${i}.description`, message: 'Describe the evidence.' });
    if (e.obtainedOn && !isIsoDate(e.obtainedOn))
      fields.push({ field: `independentBasis.evidence.${i}.obtainedOn`, message: 'Enter YYYY-MM-DD.' });
  });
}

function checkOpenInput(input: OpenCaseInput): FieldProblem[] {
  const fields: FieldProblem[] = [];
  if (!CASE_PURPOSES.includes(input.purpose))
    fields.push({ field: 'purpose', message: `Purpose is one of: ${CASE_PURPOSES.join(', ')}.` });
  if (!input.person && !input.personId)
    fields.push({ field: 'person', message: 'Record the person, or give the id of one already recorded.' });
  if (input.person) {
    const p = input.person;
    if (!p.familyName?.trim()) fields.push({ field: 'person.familyName', message: 'Enter the family name.' });
    (p.datesOfBirth ?? []).forEach((d, i) => {
      if (!isIsoDate(d)) fields.push({ field: `person.datesOfBirth.${i}`, message: 'Enter YYYY-MM-DD.' });
    });
    (p.nationalities ?? []).forEach((c, i) => {
      if (!isCountryCode(c))
        fields.push({ field: `person.nationalities.${i}`, message: 'Use an ISO 3166 alpha-2 code.' });
    });
    if (p.aNumber && !A_NUMBER.test(p.aNumber))
      fields.push({ field: 'person.aNumber', message: 'An A-number is 8 or 9 digits, optionally after A.' });
  }
  if (!input.notice && !input.noticeId)
    fields.push({ field: 'notice', message: 'Record the notice, or give the id of one already recorded.' });
  if (input.notice) {
    const n = input.notice;
    if (!NOTICE_TYPES.includes(n.type))
      fields.push({ field: 'notice.type', message: `Type is one of: ${NOTICE_TYPES.join(', ')}.` });
    if (!INTERPOL_REF.test(n.interpolRef ?? ''))
      fields.push({ field: 'notice.interpolRef', message: 'An INTERPOL reference looks like 2024/123456.' });
    if (!isCountryCode(n.issuingCountry ?? ''))
      fields.push({ field: 'notice.issuingCountry', message: 'Use an ISO 3166 alpha-2 code, e.g. FR.' });
    if (n.issuedOn && !isIsoDate(n.issuedOn))
      fields.push({ field: 'notice.issuedOn', message: 'Enter a real date as YYYY-MM-DD.' });
    if (n.expiresOn && !isIsoDate(n.expiresOn))
      fields.push({ field: 'notice.expiresOn', message: 'Enter a real date as YYYY-MM-DD.' });
    if (n.purpose && !NOTICE_PURPOSES.includes(n.purpose))
      fields.push({ field: 'notice.purpose', message: 'Purpose is prosecution or sentence.' });
    checkWarrants(n.warrants, 'notice.warrants', fields);
  }
  if (input.custodyStatus && !CUSTODY_STATUSES.includes(input.custodyStatus))
    fields.push({ field: 'custodyStatus', message: `Custody is one of: ${CUSTODY_STATUSES.join(', ')}.` });
  checkBasis(input.independentBasis, fields);
  return fields;
}

async function insertWarrants(trx: DbOrTrx, noticeId: string, warrants: WarrantInput[]) {
  if (warrants.length === 0) return;
  await trx
    .insertInto('notice_warrants')
    .values(
      warrants.map((w, position) => ({
        id: randomUUID(),
        notice_id: noticeId,
        position,
        kind: w.kind,
        charge: w.charge,
        charge_translation: w.chargeTranslation ?? null,
        law_cited: w.lawCited ?? null,
        max_penalty_months: w.maxPenaltyMonths ?? null,
        sentence_months: w.sentenceMonths ?? null,
        remaining_months: w.remainingMonths ?? null,
        in_absentia: w.inAbsentia ?? null,
        issuing_court: w.issuingCourt ?? null,
        issued_on: w.issuedOn ?? null,
        issuing_country: w.issuingCountry ?? null,
      })),
    )
    .execute();
}

/** The next number of the year, drawn from the year's sequence (no two openings share one). */
async function nextCaseNumber(trx: DbOrTrx, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  if (!(await caseNumberSequenceExists(trx, year)))
    throw new ServiceError(
      503,
      'try_again',
      'The case number series of the new year is being set up. Try again.',
    );
  return `RL-${year}-${String(await drawCaseNumber(trx, year)).padStart(6, '0')}`;
}

export interface OpenedCase {
  id: string;
  caseNumber: string;
  personId: string;
  noticeId: string;
}

export async function openCase(call: Call, input: OpenCaseInput): Promise<OpenedCase> {
  await ensureCaseNumberSequence(call.app.db, call.app.clock().getUTCFullYear());
  return runAction(
    call,
    { action: 'case.create', permission: 'case.create', entityType: 'case' },
    async (trx, audit, now) => {
      const fields = checkOpenInput(input);
      const officeId = call.actor.kind === 'system' ? (input.officeId ?? null) : call.actor.officeId;
      if (!officeId) fields.push({ field: 'officeId', message: 'A case belongs to an office.' });
      const officerId = input.assignedOfficerId ?? call.actor.userId;
      if (!officerId) fields.push({ field: 'assignedOfficerId', message: 'Name the assigned officer.' });
      if (fields.length) throw invalid('The case could not be opened.', fields);

      const officer = await trx
        .selectFrom('users')
        .select(['id', 'role', 'office_id', 'disabled_at'])
        .where('id', '=', officerId!)
        .executeTakeFirst();
      if (
        !officer ||
        officer.disabled_at !== null ||
        !['officer', 'supervisor'].includes(officer.role) ||
        officer.office_id !== officeId
      )
        throw invalid('The case could not be opened.', [
          {
            field: 'assignedOfficerId',
            message: 'The assigned officer must be an active officer or supervisor of the same office.',
          },
        ]);

      const createdBy = call.actor.userId ?? officer.id;
      let personId = input.personId;
      if (input.person) {
        const p = input.person;
        if (p.aNumber) {
          const same = await trx
            .selectFrom('persons')
            .select('id')
            .where('a_number', '=', p.aNumber)
            .executeTakeFirst();
          if (same)
            throw invalid('The case could not be opened.', [
              {
                field: 'person.aNumber',
                message: `A person with this A-number is already recorded (id ${same.id}); open the case on that person by personId instead.`,
              },
            ]);
        }
        personId = randomUUID();
        await trx
          .insertInto('persons')
          .values({
            id: personId,
            family_name: p.familyName.trim(),
            given_names: p.givenNames ?? null,
            aliases: JSON.stringify(p.aliases ?? []),
            dates_of_birth: JSON.stringify(p.datesOfBirth ?? []),
            sex: p.sex ?? null,
            place_of_birth: p.placeOfBirth ?? null,
            nationalities: JSON.stringify(p.nationalities ?? []),
            a_number: p.aNumber ?? null,
            languages: JSON.stringify(p.languages ?? []),
            protection_status: p.protectionStatus ? JSON.stringify(p.protectionStatus) : null,
            created_by: createdBy,
            created_at: now,
            updated_at: now,
          })
          .execute();
      } else {
        const found = await trx
          .selectFrom('persons')
          .select('id')
          .where('id', '=', personId!)
          .executeTakeFirst();
        if (!found) throw notFound('The person');
      }

      let noticeId = input.noticeId;
      if (input.notice) {
        const n = input.notice;
        const existing = await trx
          .selectFrom('notices')
          .select('id')
          .where('type', '=', n.type)
          .where('interpol_ref', '=', n.interpolRef)
          .executeTakeFirst();
        if (existing)
          throw invalid('The case could not be opened.', [
            {
              field: 'notice.interpolRef',
              message: `This notice is already recorded (id ${existing.id}); link it by noticeId instead.`,
            },
          ]);
        noticeId = randomUUID();
        await trx
          .insertInto('notices')
          .values({
            id: noticeId,
            type: n.type,
            interpol_ref: n.interpolRef,
            issuing_country: n.issuingCountry,
            requesting_authority: n.requestingAuthority ?? null,
            issued_on: n.issuedOn ?? null,
            expires_on: n.expiresOn ?? null,
            purpose: n.purpose ?? null,
            summary_of_facts: n.summaryOfFacts ?? null,
            person_id: personId!,
            created_by: createdBy,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await insertWarrants(trx, noticeId, n.warrants ?? []);
      } else {
        const found = await trx
          .selectFrom('notices')
          .select('id')
          .where('id', '=', noticeId!)
          .executeTakeFirst();
        if (!found) throw notFound('The notice');
      }

      const id = randomUUID();
      const caseNumber = await nextCaseNumber(trx, now);
      await trx
        .insertInto('cases')
        .values({
          id,
          case_number: caseNumber,
          person_id: personId!,
          purpose: input.purpose,
          office_id: officeId!,
          assigned_officer_id: officer.id,
          created_by: createdBy,
          independent_basis: JSON.stringify(input.independentBasis ?? { summary: '', evidence: [] }),
          narrative: input.narrative ?? '',
          custody_status: input.custodyStatus ?? 'unknown',
          in_proceedings: input.inProceedings ?? false,
          encounter_at: input.encounterAt ?? null,
          encounter_location: input.encounterLocation ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('case_notices')
        .values({ case_id: id, notice_id: noticeId!, added_at: now })
        .execute();
      const screening = await rescreenCase(trx, id, now, 'case_opened');

      audit.entityId = id;
      audit.caseId = id;
      audit.after = { caseNumber, purpose: input.purpose, officeId, personId, noticeId };
      audit.detail = {
        caseNumber,
        purpose: input.purpose,
        officeId,
        assignedOfficerId: officer.id,
        personCreated: Boolean(input.person),
        noticeCreated: Boolean(input.notice),
        personId,
        noticeId,
        screening: rescreenDetail(screening),
      };
      return { id, caseNumber, personId: personId!, noticeId: noticeId! };
    },
  );
}

/** What a material change did to the case's approvals and authorizations. */
export interface MaterialChangeEffect {
  changed: boolean;
  changes: string[];
  voidedApprovals: string[];
  withdrawnAuthorizations: string[];
}

/**
 * After a change to a case, compare the material facts with those before: when they differ, void every
 * standing approval bound to another version and withdraw active authorizations (D6).
 */
export async function applyMaterialChange(
  trx: DbOrTrx,
  caseId: string,
  before: MaterialFacts,
  now: Date,
): Promise<MaterialChangeEffect> {
  const after = materialFacts(await loadCaseSnapshot(trx, caseId));
  const beforeHash = caseVersionHash(before);
  const afterHash = caseVersionHash(after);
  const effect: MaterialChangeEffect = {
    changed: beforeHash !== afterHash,
    changes: describeMaterialChanges(before, after),
    voidedApprovals: [],
    withdrawnAuthorizations: [],
  };
  if (!effect.changed) return effect;
  const approvals = await trx
    .selectFrom('approvals')
    .select(['id', 'case_version_hash', 'material'])
    .where('case_id', '=', caseId)
    .where('voided_at', 'is', null)
    .execute();
  for (const a of approvals) {
    if (a.case_version_hash === afterHash) continue;
    const changes = describeMaterialChanges(a.material as MaterialFacts, after);
    const reason = `Voided because the case changed after this decision: ${changes.join('; ') || 'material facts changed'}.`;
    await trx
      .updateTable('approvals')
      .set({ voided_at: now, void_reason: reason })
      .where('id', '=', a.id)
      .execute();
    effect.voidedApprovals.push(a.id);
  }
  effect.withdrawnAuthorizations = await withdrawAuthorizations(
    trx,
    caseId,
    now,
    `Withdrawn because the case changed: ${effect.changes.join('; ') || 'material facts changed'}.`,
  );
  return effect;
}

/** Withdraws every active authorization of a case and puts an authorized case back to open. */
export async function withdrawAuthorizations(
  trx: DbOrTrx,
  caseId: string,
  now: Date,
  reason: string,
): Promise<string[]> {
  const active = await trx
    .selectFrom('authorizations')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', '=', 'active')
    .execute();
  if (active.length) {
    await trx
      .updateTable('authorizations')
      .set({ status: 'withdrawn', withdrawn_at: now, withdrawn_reason: reason })
      .where(
        'id',
        'in',
        active.map((a) => a.id),
      )
      .execute();
  }
  await trx
    .updateTable('cases')
    .set({ status: 'open', updated_at: now })
    .where('id', '=', caseId)
    .where('status', '=', 'authorized')
    .execute();
  return active.map((a) => a.id);
}

export async function updateCaseFacts(
  call: Call,
  caseId: string,
  patch: CaseFactsPatch,
): Promise<MaterialChangeEffect & { revision: number }> {
  return runAction(
    call,
    { action: 'case.update', permission: 'case.update', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId);
      const fields: FieldProblem[] = [];
      if (patch.purpose !== undefined && !CASE_PURPOSES.includes(patch.purpose))
        fields.push({ field: 'purpose', message: `Purpose is one of: ${CASE_PURPOSES.join(', ')}.` });
      if (patch.custodyStatus !== undefined && !CUSTODY_STATUSES.includes(patch.custodyStatus))
        fields.push({
          field: 'custodyStatus',
          message: `Custody is one of: ${CUSTODY_STATUSES.join(', ')}.`,
        });
      checkBasis(patch.independentBasis, fields);
      if (patch.notice) {
        checkWarrants(patch.notice.warrants, 'notice.warrants', fields);
        if (patch.notice.expiresOn && !isIsoDate(patch.notice.expiresOn))
          fields.push({ field: 'notice.expiresOn', message: 'Enter a real date as YYYY-MM-DD.' });
      }
      if (fields.length) throw invalid('The case could not be changed.', fields);

      const beforeSnapshot = await loadCaseSnapshot(trx, caseId);
      const before = materialFacts(beforeSnapshot);
      if (patch.notice) {
        const linked = beforeSnapshot.notices.some((n) => n.id === patch.notice!.noticeId);
        if (!linked) throw notFound('The notice on this case');
        const n = patch.notice;
        const set: {
          updated_at: Date;
          summary_of_facts?: string | null;
          purpose?: string | null;
          expires_on?: string | null;
        } = { updated_at: now };
        if (n.summaryOfFacts !== undefined) set.summary_of_facts = n.summaryOfFacts;
        if (n.purpose !== undefined) set.purpose = n.purpose;
        if (n.expiresOn !== undefined) set.expires_on = n.expiresOn;
        await trx.updateTable('notices').set(set).where('id', '=', n.noticeId).execute();
        if (n.warrants) {
          await trx.deleteFrom('notice_warrants').where('notice_id', '=', n.noticeId).execute();
          await insertWarrants(trx, n.noticeId, n.warrants);
        }
      }
      const revision = row.revision + 1;
      await trx
        .updateTable('cases')
        .set({
          ...(patch.purpose !== undefined ? { purpose: patch.purpose } : {}),
          ...(patch.narrative !== undefined ? { narrative: patch.narrative } : {}),
          ...(patch.independentBasis !== undefined
            ? { independent_basis: JSON.stringify(patch.independentBasis) }
            : {}),
          ...(patch.custodyStatus !== undefined ? { custody_status: patch.custodyStatus } : {}),
          ...(patch.inProceedings !== undefined ? { in_proceedings: patch.inProceedings } : {}),
          revision,
          updated_at: now,
        })
        .where('id', '=', caseId)
        .execute();
      const screening = await rescreenCase(trx, caseId, now, 'case_updated');
      const effect = await applyMaterialChange(trx, caseId, before, now);
      audit.before = { revision: row.revision, caseVersionHash: caseVersionHash(before) };
      audit.after = { revision };
      audit.detail = {
        fields: Object.keys(patch),
        materialChange: effect.changed,
        changes: effect.changes,
        voidedApprovals: effect.voidedApprovals,
        withdrawnAuthorizations: effect.withdrawnAuthorizations,
        screening: rescreenDetail(screening),
      };
      return { ...effect, revision };
    },
  );
}

export interface CaseView extends CaseSnapshot {
  custodyStatus: CustodyStatus;
  inProceedings: boolean;
  /** When and where the officer met the person (ISO instant; null when the case was opened before). */
  encounterAt: string | null;
  encounterLocation: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Every authorization of the case, newest first, with the gates it covered (shown on the case page). */
  authorizations: Array<{
    id: string;
    purpose: string;
    status: string;
    authorizedBy: string;
    authorizedByName: string;
    authorizedAt: string;
    caseVersionHash: string;
    policyVersion: number;
    gates: Array<{ gate: string; title: string; status: string }>;
    withdrawnAt: string | null;
    withdrawnReason: string | null;
  }>;
}

/** Reads one case (audited as `case.read`). */
export async function getCase(call: Call, caseId: string): Promise<CaseView> {
  return runAction(
    call,
    { action: 'case.read', permission: 'case.read', entityType: 'case' },
    async (trx, audit) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      return readCaseView(trx, await loadCaseForAction(trx, call, caseId));
    },
  );
}

/** The case view of a case row the caller may read (in its transaction). */
export async function readCaseView(
  trx: DbOrTrx,
  row: Awaited<ReturnType<typeof loadCaseForAction>>,
): Promise<CaseView> {
  const caseId = row.id;
  const snapshot = await loadCaseSnapshot(trx, caseId);
  const auths = await trx
    .selectFrom('authorizations')
    .innerJoin('users', 'users.id', 'authorizations.authorized_by')
    .selectAll('authorizations')
    .select('users.display_name as authorized_by_name')
    .where('authorizations.case_id', '=', caseId)
    .orderBy('authorizations.authorized_at', 'desc')
    .execute();
  return {
    ...snapshot,
    custodyStatus: row.custody_status as CustodyStatus,
    inProceedings: row.in_proceedings,
    encounterAt: row.encounter_at ? new Date(row.encounter_at).toISOString() : null,
    encounterLocation: row.encounter_location,
    revision: row.revision,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    authorizations: auths.map((a) => ({
      id: a.id,
      purpose: a.purpose,
      status: a.status,
      authorizedBy: a.authorized_by,
      authorizedByName: a.authorized_by_name,
      authorizedAt: new Date(a.authorized_at).toISOString(),
      caseVersionHash: a.case_version_hash,
      policyVersion: a.policy_version,
      gates: ((a.gates ?? []) as Array<{ gate: string; title: string; status: string }>).map((g) => ({
        gate: g.gate,
        title: g.title,
        status: g.status,
      })),
      withdrawnAt: a.withdrawn_at ? new Date(a.withdrawn_at).toISOString() : null,
      withdrawnReason: a.withdrawn_reason,
    })),
  };
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  purpose: CasePurpose;
  status: string;
  officeId: string;
  assignedOfficerId: string;
  custodyStatus: string;
  createdAt: string;
}

/** Lists cases of the actor's office (every office for liaison, auditors and system actors). */
export const CASE_LIST_SORTS = [
  'caseNumber',
  'purpose',
  'status',
  'officeId',
  'officer',
  'createdAt',
] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

export interface CaseListQuery {
  status?: string;
  purpose?: string;
  sort?: CaseListSort;
  order?: 'asc' | 'desc';
  /** At most 500; 100 when not given. */
  limit?: number;
  offset?: number;
}

/**
 * Lists the cases the caller may see (their office, or every office for roles that span offices), filtered,
 * sorted and paged in the database; `total` counts every match. Ties are broken by case number, so pages
 * never overlap.
 */
export async function listCasesPage(
  call: Call,
  query: CaseListQuery = {},
): Promise<{ items: CaseSummary[]; total: number }> {
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
      const { total } = await base
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const column = {
        caseNumber: 'cases.case_number',
        purpose: 'cases.purpose',
        status: 'cases.status',
        officeId: 'cases.office_id',
        officer: 'officer.display_name',
        createdAt: 'cases.created_at',
      } as const;
      const sort = query.sort ?? 'createdAt';
      const order = query.order ?? (sort === 'createdAt' ? 'desc' : 'asc');
      const rows = await base
        .selectAll('cases')
        .orderBy(column[sort], order)
        .orderBy('cases.case_number', order)
        .limit(query.limit ?? 100)
        .offset(query.offset ?? 0)
        .execute();
      audit.detail = {
        count: rows.length,
        total: Number(total),
        status: query.status ?? null,
        purpose: query.purpose ?? null,
      };
      return {
        total: Number(total),
        items: rows.map((r) => ({
          id: r.id,
          caseNumber: r.case_number,
          purpose: r.purpose as CasePurpose,
          status: r.status,
          officeId: r.office_id,
          assignedOfficerId: r.assigned_officer_id,
          custodyStatus: r.custody_status,
          createdAt: new Date(r.created_at).toISOString(),
        })),
      };
    },
  );
}

/** Evaluates the gates of a case now, under the current policy (audited as a read). */
export async function evaluateCase(call: Call, caseId: string): Promise<GateEvaluation> {
  return runAction(
    call,
    { action: 'case.evaluate', permission: 'case.read', entityType: 'case' },
    async (trx, audit, now) => {
      audit.entityId = caseId;
      audit.caseId = caseId;
      await loadCaseForAction(trx, call, caseId);
      const evaluation = evaluateGates(await loadCaseSnapshot(trx, caseId), await currentPolicy(trx), now);
      audit.detail = { allMet: evaluation.allMet, blocking: evaluation.blocking };
      return evaluation;
    },
  );
}
