/** The screening input of a case: the case record plus its recorded screening facts. */
import type { CaseFacts, OffenceCategory } from '../../domain/screening/index.ts';
import type { DbOrTrx } from '../../store/db.ts';
import type { ProtectionStatusJson } from '../../store/schema.ts';
import { notFound } from '../errors.ts';

// ---------------------------------------------------------------------------
// Stored facts and the screening input.
// ---------------------------------------------------------------------------

export async function latestStoredFacts(trx: DbOrTrx, caseId: string) {
  return trx
    .selectFrom('case_facts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Drops null and undefined properties (the case record uses null for "not recorded"). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], null> };
}

export function protectionFromPerson(
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
