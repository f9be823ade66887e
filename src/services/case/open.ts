/** Opening a case on a person who is the subject of a Red Notice or diffusion. */
import { randomUUID } from 'node:crypto';
import { languageCode } from '../../domain/languages.ts';
import { compareWithSubject, type IdentityFacts, type SubjectLink } from '../../domain/subject-link.ts';
import {
  caseNumberSequenceExists,
  drawCaseNumber,
  ensureCaseNumberSequence,
} from '../../store/case-numbers.ts';
import type { DbOrTrx } from '../../store/db.ts';
import { newRowId } from '../../store/ids.ts';
import { type Call, runAction } from '../context.ts';
import { invalid, ScopeRefusal, ServiceError } from '../errors.ts';
import { requireInScope, type ScopedKind, scopeOf } from '../scope.ts';
import { rescreenCase, rescreenDetail } from '../screening/rescreen.ts';
import { checkBasisSummary, checkOpenInput, insertWarrants, type OpenCaseInput } from './inputs.ts';
import { indexCaseForSearch } from './search-index.ts';

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

/**
 * A new person or notice that is already recorded. Within the caller's reach: a 422 on the field, with the
 * record's id in `existing` (never in the message), so the form can open the case on it. Recorded only on
 * another office's cases: a 409 that says so and whom to ask, naming no record (the caller may not read it).
 */
async function alreadyRecorded(
  trx: DbOrTrx,
  call: Call,
  kind: Extract<ScopedKind, 'person' | 'notice'>,
  id: string,
): Promise<ServiceError> {
  const what = kind === 'person' ? 'A person with this A-number' : 'This notice';
  if ((await scopeOf(trx, call, kind, id)) === 'ok')
    return new ServiceError(422, 'invalid_input', 'The case could not be opened.', {
      fields: [
        kind === 'person'
          ? {
              field: 'person.aNumber',
              message: `${what} is already recorded on a case you can see; open the case on that person instead of recording them again.`,
            }
          : {
              field: 'notice.interpolRef',
              message: `${what} is already recorded on a case you can see; link the case to it instead of recording it again.`,
            },
      ],
      existing: { kind, id },
    });
  return new ScopeRefusal(
    409,
    'recorded_elsewhere',
    `${what} is already recorded on a case of another office, so it cannot be recorded again here. Ask INTERPOL Washington liaison, who works with every office, to put you in touch with the office that holds it.`,
  );
}

export interface OpenedCase {
  id: string;
  caseNumber: string;
  personId: string;
  noticeId: string;
  /** How the person is linked to the notice: `unconfirmed` keeps G-VALIDITY unmet until an attorney confirms. */
  subjectLink: SubjectLink;
}

const identity = (p: {
  family_name: string;
  given_names: string | null;
  aliases: string[] | null;
  dates_of_birth: string[] | null;
  nationalities: string[] | null;
  a_number: string | null;
}): IdentityFacts => ({
  familyName: p.family_name,
  givenNames: p.given_names,
  aliases: p.aliases ?? [],
  datesOfBirth: p.dates_of_birth ?? [],
  nationalities: p.nationalities ?? [],
  aNumber: p.a_number,
});

/**
 * How a person is linked to an existing notice: the notice was recorded on them, or its subject's name,
 * date of birth and nationality agree with theirs, or else the link is unconfirmed (with what differs).
 */
async function subjectLinkOf(
  trx: DbOrTrx,
  personId: string,
  noticeId: string,
): Promise<{ status: SubjectLink; differences: string[] }> {
  const notice = await trx
    .selectFrom('notices')
    .select('person_id')
    .where('id', '=', noticeId)
    .executeTakeFirstOrThrow();
  if (notice.person_id === personId) return { status: 'same_person', differences: [] };
  const rows = await trx
    .selectFrom('persons')
    .select(['id', 'family_name', 'given_names', 'aliases', 'dates_of_birth', 'nationalities', 'a_number'])
    .where('id', 'in', [personId, ...(notice.person_id ? [notice.person_id] : [])])
    .execute();
  const person = rows.find((r) => r.id === personId)!;
  const subject = rows.find((r) => r.id === notice.person_id);
  if (!subject) return { status: 'unconfirmed', differences: ['The notice has no recorded subject.'] };
  const { matches, differences } = compareWithSubject(identity(subject), identity(person));
  return matches ? { status: 'matched', differences: [] } : { status: 'unconfirmed', differences };
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
      fields.push(...(await checkBasisSummary(trx, randomUUID(), input.independentBasis)));
      if (fields.length) throw invalid('The case could not be opened.', fields);

      // An officer named by id: an unknown id and an officer of another office get the same 404 (as the
      // person and the notice below); one the caller may see but who cannot hold the case, a 422.
      if (input.assignedOfficerId !== undefined)
        await requireInScope(trx, call, 'user', officerId!, { label: 'The assigned officer' });
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
          if (same) throw await alreadyRecorded(trx, call, 'person', same.id);
        }
        personId = newRowId();
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
            languages: JSON.stringify([
              ...new Set((p.languages ?? []).map(languageCode).filter((l): l is string => l !== null)),
            ]),
            protection_status: p.protectionStatus ? JSON.stringify(p.protectionStatus) : null,
            created_by: createdBy,
            created_at: now,
            updated_at: now,
          })
          .execute();
      } else {
        await requireInScope(trx, call, 'person', personId!);
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
        if (existing) throw await alreadyRecorded(trx, call, 'notice', existing.id);
        noticeId = newRowId();
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
        await requireInScope(trx, call, 'notice', noticeId!);
      }

      const link = input.notice
        ? { status: 'same_person' as SubjectLink, differences: [] as string[] }
        : await subjectLinkOf(trx, personId!, noticeId!);
      const id = newRowId();
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
        .values({
          case_id: id,
          notice_id: noticeId!,
          added_at: now,
          subject_link: link.status,
          subject_differences: JSON.stringify(link.differences),
        })
        .execute();
      await indexCaseForSearch(trx, id);
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
        subjectLink: link.status,
        ...(link.differences.length ? { subjectDifferences: link.differences } : {}),
        screening: rescreenDetail(screening),
      };
      return { id, caseNumber, personId: personId!, noticeId: noticeId!, subjectLink: link.status };
    },
  );
}
