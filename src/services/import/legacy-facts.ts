/**
 * The screening input of a freshly imported legacy case, built from the record in memory. It is what
 * `screening/input.ts#screeningInputWithProvenance` reads back from the stored case (the notice, its
 * warrant, the summary of facts, the person's protection status, merged over the stored facts), so the
 * import screens each new case without reading it back; a test checks both give the same digest.
 */
import type { LegacyRecord } from '../../domain/legacy-record.ts';
import { type CaseFacts, readSummaryOfFacts } from '../../domain/screening/index.ts';
import type { ProtectionStatusJson } from '../../store/schema.ts';
import { defined, protectionFromPerson } from '../screening/input.ts';

/** The facts stored as the case's first `case_facts` version (null when the record has none). */
export function storedLegacyFacts(r: LegacyRecord): CaseFacts | null {
  const facts: CaseFacts = { ...(r.screeningFacts ?? {}) };
  if (r.notice.status) facts.notice = { ...(facts.notice ?? {}), status: r.notice.status };
  return Object.keys(facts).length ? facts : null;
}

export function protectionJson(r: LegacyRecord): ProtectionStatusJson | null {
  const p = r.person.protection;
  return p
    ? {
        status: p.status,
        asylumClaimedOn: p.asylumClaimedOn,
        grantingCountry: p.grantingCountry,
        inRespectOfCountry: p.inRespectOfCountry,
        grantedOn: p.grantedOn,
      }
    : null;
}

export function legacyScreeningInput(r: LegacyRecord): CaseFacts {
  const stored = storedLegacyFacts(r) ?? {};
  const facts: CaseFacts = { ...stored };
  const n = r.notice;
  facts.notice = {
    ...(stored.notice ?? {}),
    ...defined({
      type: n.type,
      interpolRef: n.interpolRef,
      issuingCountry: n.issuingCountry,
      issuedOn: n.issuedOn,
      expiresOn: n.expiresOn,
      purpose: n.purpose,
    }),
  };
  if (r.warrant) {
    const w = r.warrant;
    facts.judicial = {
      ...(stored.judicial ?? {}),
      warrants: [
        defined({
          kind: w.kind,
          charge: w.charge,
          chargeTranslation: w.chargeTranslation,
          lawCited: w.lawCited,
          maxPenaltyMonths: w.maxPenaltyMonths,
          sentenceMonths: w.sentenceMonths,
          issuedOn: w.issuedOn,
        }) as NonNullable<NonNullable<CaseFacts['judicial']>['warrants']>[number],
      ],
    };
  }
  const summaryText = n.summaryOfFacts?.trim();
  if (summaryText) {
    const recorded = facts.judicial?.summaryOfFacts;
    if (!recorded)
      facts.judicial = {
        ...(facts.judicial ?? {}),
        summaryOfFacts: { text: summaryText, ...readSummaryOfFacts(summaryText) },
      };
    else if (!recorded.text)
      facts.judicial = { ...facts.judicial, summaryOfFacts: { ...recorded, text: summaryText } };
  }
  const protection = protectionFromPerson(protectionJson(r));
  if (protection && !stored.subject?.protection) facts.subject = { ...(stored.subject ?? {}), protection };
  return facts;
}

/** The columns of a notice a legacy record carries, the same when the notice is inserted and when updated. */
export function noticeColumns(r: LegacyRecord) {
  return {
    type: r.notice.type,
    interpol_ref: r.notice.interpolRef,
    issuing_country: r.notice.issuingCountry,
    requesting_authority: r.notice.requestingAuthority,
    issued_on: r.notice.issuedOn,
    expires_on: r.notice.expiresOn,
    purpose: r.notice.purpose,
    status: r.notice.status ?? 'valid',
    summary_of_facts: r.notice.summaryOfFacts,
  };
}

/** The columns of a warrant a legacy record carries, the same when its notice is new and when it is updated. */
export function warrantColumns(w: NonNullable<LegacyRecord['warrant']>) {
  return {
    kind: w.kind,
    charge: w.charge,
    charge_translation: w.chargeTranslation,
    law_cited: w.lawCited,
    max_penalty_months: w.maxPenaltyMonths,
    sentence_months: w.sentenceMonths,
  };
}
