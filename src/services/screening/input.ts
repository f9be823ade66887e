/** The screening input of a case: the case record plus its recorded screening facts. */

import { sql } from 'kysely';
import type { CaseFacts, DocumentOnFile, OffenceCategory } from '../../domain/screening/index.ts';
import { judicialKindOf, readSummaryOfFacts } from '../../domain/screening/index.ts';
import { type DbOrTrx, PREPARE } from '../../store/db.ts';
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

/** Where a fact the screening reads came from, when it was not typed into the facts form. */
export type DerivedFrom = 'intake' | 'interpol_washington' | 'charge_correction' | 'document';

/** One fact the screening reads without anyone typing it again, with where it came from. */
export interface DerivedFact {
  /** Path in the screening input, e.g. `notice.issuingCountry`, `judicial.warrants.0.charge`. */
  path: string;
  value: unknown;
  from: DerivedFrom;
  /** In plain words: "From the intake", "From INTERPOL Washington's answer of 2026-03-02". */
  label: string;
  /** True when a fact recorded in the facts form replaces it. */
  overridden: boolean;
  /** False for the case record itself (notice, warrants): it is changed by updating the case. */
  overridable: boolean;
}

/** A document on the case, as the facts form offers it for a fact's source. */
export interface CaseDocumentRef {
  id: string;
  title: string;
  kind: string;
  receivedAt: string;
  /** "INTERPOL Washington's answer of 2026-03-02" or "Added to the case". */
  origin: string;
  /** What the document may hold for the screening, when its kind or title says (e.g. a CCF decision). */
  hint: string | null;
}

/**
 * A fact a document on the case suggests (a CCF or INTERPOL decision, a court or government decision, a
 * protection decision), for a user to complete and confirm in the facts form. It is never part of the
 * screening input until someone records it: a proposal is not a fact.
 */
export interface ProposedFact {
  documentId: string;
  title: string;
  /** Where the fact goes in the facts: a list to add it to. */
  path: 'priorDecisions' | 'subject.protection.grants';
  /** What the document already tells (with the document as the source); the rest is for the user. */
  value: Record<string, unknown>;
  /** In plain words: what to confirm. */
  label: string;
}

export interface ScreeningInputView {
  facts: CaseFacts;
  derived: DerivedFact[];
  documents: CaseDocumentRef[];
  proposed: ProposedFact[];
}

/** The leaves of a value as `path = value` pairs (arrays by index). */
function leaves(value: unknown, path: string, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) leaves(v, `${path}.${i}`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k !== 'source') leaves(v, `${path}.${k}`, out);
    }
  else if (value !== undefined && value !== null) out.push([path, value]);
  return out;
}

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** What a document on the case may hold for the screening, from its kind and title. */
export function documentHint(kind: string, title: string): string | null {
  const t = `${kind} ${title}`.toLowerCase();
  if (kind === 'interpol_decision')
    return 'A decision of the CCF or of INTERPOL: record what it decided under “Prior decisions”.';
  if (kind === 'ccf_letter')
    return 'A letter of the CCF sent through the counsel portal: record what it decided under “Prior decisions” (body: CCF).';
  if (kind === 'court_decision')
    return 'A court or government decision: record it under “Prior decisions” (or “Extradition”).';
  if (kind === 'protection_decision')
    return 'A protection decision: record it under “Protection status and claims”.';
  if (/\bccf\b|commission for the control/.test(t))
    return 'A decision of the CCF: record what it decided under “Prior decisions” (body: CCF).';
  if (/general secretariat|\bndtf\b|notices and diffusions task/.test(t))
    return "A decision of INTERPOL's General Secretariat: record it under “Prior decisions”.";
  if (/extradit/.test(t))
    return 'An extradition decision or request: record it under “Prior decisions” or “Extradition”.';
  if (/asylum|refugee|withholding|\bcat\b|protection/.test(t))
    return 'A protection decision: record it under “Protection status and claims”.';
  if (/judg(e)?ment|verdict|sentenc/.test(t))
    return 'A judgment: check the sentence imposed and the time remaining in “Judicial data”.';
  if (/summary of facts|charge sheet|indictment|accusation|charging/.test(t))
    return 'The charges and their facts: check the summary of facts (time, place, the person’s role) in “Judicial data”.';
  if (/warrant/.test(t)) return 'An arrest warrant: check the charges and penalties in “Judicial data”.';
  if (/medical|torture|ngo|human rights|amnesty|un\b/.test(t))
    return 'Possible evidence of due-process or torture concerns: record it under “Evidence”.';
  return null;
}

/**
 * The screening input of a case: what the case already holds (notice, its status when INTERPOL
 * Washington reported one, warrants with any confirmed or corrected charge categories, the person's
 * protection status, the summary of facts entered at intake with the time, place and role read from
 * it) merged with the screening facts recorded for the case. The case record wins for the notice and
 * its warrants; a recorded fact replaces what was read from the intake (protection, summary of facts);
 * the recorded facts add everything else.
 */
export async function screeningInputForCase(trx: DbOrTrx, caseId: string): Promise<CaseFacts> {
  return (await screeningInputWithProvenance(trx, caseId)).facts;
}

/** Everything the screening input of one case is built from (read per case, or per batch by bulk re-screening). */
export interface ScreeningInputRows {
  /** The latest recorded screening facts, or {}. */
  stored: CaseFacts;
  protection: ProtectionStatusJson | null;
  /** The case's notices, in the order they were added (then by INTERPOL reference). */
  notices: Array<{
    id: string;
    type: string;
    interpol_ref: string;
    issuing_country: string;
    issued_on: string | null;
    expires_on: string | null;
    purpose: string | null;
    status: string;
    summary_of_facts: string | null;
  }>;
  /** Warrants of those notices (by notice, then position). */
  warrants: Array<{
    notice_id: string;
    position: number;
    kind: string;
    charge: string;
    charge_translation: string | null;
    law_cited: string | null;
    max_penalty_months: number | null;
    sentence_months: number | null;
    remaining_months: number | null;
    in_absentia: boolean | null;
    issued_on: string | null;
  }>;
  /** Charge confirmations and corrections, oldest first. */
  corrections: Array<{
    notice_id: string;
    warrant_position: number;
    charge: string;
    categories: unknown;
    decision: string;
    recorded_at: Date | string;
  }>;
  /** Latest validity confirmation of the first notice. */
  reported: { confirmed_at: Date | string } | undefined;
  /** Latest status change of the first notice. */
  changed: { effective_at: Date | string } | undefined;
  documents: Array<{
    id: string;
    title: string;
    kind: string;
    received_at: Date | string;
    responded_at: Date | string | null;
  }>;
}

/** The screening input with the provenance of every fact that was not typed into the facts form. */
export async function screeningInputWithProvenance(
  trx: DbOrTrx,
  caseId: string,
): Promise<ScreeningInputView> {
  const read = await readScreeningRows(trx, caseId);
  if (!read) throw notFound('The case');
  return assembleScreeningInput(read.input);
}

/** A recorded version of a case's screening facts, as `readScreeningRows` reads it. */
export interface StoredFactsRow {
  version: number;
  facts: CaseFacts | null;
  note: string | null;
  recorded_by_name: string;
  recorded_at: Date | string;
}

/**
 * The rows of one case's screening input, and every recorded version of its facts (newest first), in one
 * statement; undefined when there is no such case.
 */
export async function readScreeningRows(
  trx: DbOrTrx,
  caseId: string,
): Promise<{ input: ScreeningInputRows; facts: StoredFactsRow[] } | undefined> {
  const row = (
    await sql<{
      protection: ProtectionStatusJson | null;
      j_facts: StoredFactsRow[];
      j_notices: ScreeningInputRows['notices'];
      j_warrants: ScreeningInputRows['warrants'];
      j_corrections: ScreeningInputRows['corrections'];
      j_documents: ScreeningInputRows['documents'];
      reported_at: Date | string | null;
      changed_at: Date | string | null;
    }>`${sql.raw(PREPARE)}
      with n as (
        select n.id, n.type, n.interpol_ref, n.issuing_country, n.issued_on, n.expires_on, n.purpose, n.status,
               n.summary_of_facts, l.added_at
        from case_notices l join notices n on n.id = l.notice_id where l.case_id = ${caseId}),
      f as (select id from n order by added_at, interpol_ref limit 1)
      select
        (select p.protection_status from persons p where p.id = c.person_id) as protection,
        (select coalesce(json_agg(x order by x.version desc), '[]') from (
           select version, facts, note, recorded_by_name, recorded_at from case_facts where case_id = c.id) x)
          as j_facts,
        (select coalesce(json_agg(n order by n.added_at, n.interpol_ref), '[]') from n) as j_notices,
        (select coalesce(json_agg(w order by w.notice_id, w.position), '[]') from (
           select notice_id, position, kind, charge, charge_translation, law_cited, max_penalty_months,
                  sentence_months, remaining_months, in_absentia, issued_on
           from notice_warrants where notice_id in (select id from n)) w) as j_warrants,
        (select coalesce(json_agg(x order by x.recorded_at), '[]') from (
           select notice_id, warrant_position, charge, categories, decision, recorded_at
           from charge_corrections where case_id = c.id) x) as j_corrections,
        (select coalesce(json_agg(d order by d.received_at, d.title), '[]') from (
           select d.id, d.title, d.kind, d.received_at, r.responded_at
           from documents d left join liaison_responses r on r.id = d.liaison_response_id
           where d.case_id = c.id) d) as j_documents,
        (select max(v.confirmed_at) from validity_confirmations v where v.notice_id = (select id from f))
          as reported_at,
        (select max(s.effective_at) from notice_status_changes s where s.notice_id = (select id from f))
          as changed_at
      from cases c where c.id = ${caseId}`.execute(trx)
  ).rows[0];
  if (!row) return undefined;
  return {
    facts: row.j_facts,
    input: {
      stored: (row.j_facts[0]?.facts ?? {}) as CaseFacts,
      protection: row.protection,
      // in the order they were added, then by INTERPOL reference (a notice's position is its order of addition)
      notices: row.j_notices.map(
        ({ added_at: _, ...n }: (typeof row.j_notices)[number] & { added_at?: unknown }) => n,
      ),
      warrants: row.j_warrants,
      corrections: row.j_corrections,
      reported: row.reported_at === null ? undefined : { confirmed_at: row.reported_at },
      changed: row.changed_at === null ? undefined : { effective_at: row.changed_at },
      documents: row.j_documents,
    },
  };
}

/**
 * Builds the screening input from its rows (pure): the same function serves one case and a batch of
 * cases, so bulk re-screening reads exactly what the case-by-case screening reads.
 */
export function assembleScreeningInput(rows: ScreeningInputRows): ScreeningInputView {
  const { stored, notices, warrants, corrections, reported, changed } = rows;
  const noticeIds = notices.map((n) => n.id);
  const derived: DerivedFact[] = [];
  const add = (
    path: string,
    value: unknown,
    from: DerivedFrom,
    label: string,
    overridden: boolean,
    overridable: boolean,
  ) => {
    for (const [p, v] of leaves(value, path))
      derived.push({ path: p, value: v, from, label, overridden, overridable });
  };

  const facts: CaseFacts = { ...stored };
  const first = notices[0];
  if (first) {
    const record = defined({
      type: first.type as 'red_notice' | 'diffusion',
      interpolRef: first.interpol_ref,
      issuingCountry: first.issuing_country,
      issuedOn: first.issued_on,
      expiresOn: first.expires_on,
      purpose: first.purpose as 'prosecution' | 'sentence' | null,
    });
    add('notice', record, 'intake', `From the intake (notice ${first.interpol_ref})`, false, false);
    // the status is a fact only once INTERPOL Washington has reported it
    const status =
      reported || changed
        ? {
            status: first.status as NonNullable<CaseFacts['notice']>['status'],
            ...(reported ? { statusCheckedOn: day(reported.confirmed_at) } : {}),
          }
        : {};
    if (reported || changed)
      add(
        'notice',
        status,
        'interpol_washington',
        reported
          ? `From INTERPOL Washington's answer of ${day(reported.confirmed_at)}`
          : `From the notice status recorded on ${day(changed!.effective_at)}`,
        false,
        false,
      );
    facts.notice = { ...(stored.notice ?? {}), ...record, ...status };
  }
  if (warrants.length > 0) {
    const ordered = noticeIds.flatMap((id) => warrants.filter((w) => w.notice_id === id));
    const mapped = ordered.map((w, i) => {
      const correction = corrections
        .filter(
          (k) => k.notice_id === w.notice_id && k.warrant_position === w.position && k.charge === w.charge,
        )
        .at(-1);
      const fromIntake = defined({
        kind: w.kind as 'arrest_warrant' | 'judgment',
        charge: w.charge,
        chargeTranslation: w.charge_translation,
        lawCited: w.law_cited,
        maxPenaltyMonths: w.max_penalty_months,
        sentenceMonths: w.sentence_months,
        remainingMonths: w.remaining_months,
        inAbsentia: w.in_absentia,
        issuedOn: w.issued_on,
      });
      add(
        `judicial.warrants.${i}`,
        fromIntake,
        'intake',
        'From the intake (warrants on the notice)',
        false,
        false,
      );
      if (correction)
        add(
          `judicial.warrants.${i}.confirmedCategories`,
          correction.categories,
          'charge_correction',
          `From the charge ${correction.decision === 'confirmed' ? 'confirmation' : 'correction'} of ${day(correction.recorded_at)}`,
          false,
          false,
        );
      return {
        ...fromIntake,
        ...(correction ? { confirmedCategories: correction.categories as OffenceCategory[] } : {}),
      };
    });
    facts.judicial = { ...(stored.judicial ?? {}), warrants: mapped };
  }
  const summaryText = notices.map((n) => n.summary_of_facts?.trim()).find((t) => t);
  if (summaryText) {
    const recorded = facts.judicial?.summaryOfFacts;
    const label = 'From the intake (summary of facts on the notice)';
    if (!recorded) {
      // the summary was received at intake: it is present, with what can be read from it
      const read = readSummaryOfFacts(summaryText);
      facts.judicial = { ...(facts.judicial ?? {}), summaryOfFacts: { text: summaryText, ...read } };
      add('judicial.summaryOfFacts.text', summaryText, 'intake', label, false, true);
      add(
        'judicial.summaryOfFacts',
        read,
        'intake',
        'Read from the summary of facts entered at intake (check it)',
        false,
        true,
      );
    } else if (!recorded.text) {
      facts.judicial = { ...facts.judicial, summaryOfFacts: { ...recorded, text: summaryText } };
      add('judicial.summaryOfFacts.text', summaryText, 'intake', label, false, true);
    } else add('judicial.summaryOfFacts.text', summaryText, 'intake', label, true, true);
  }
  const protection = protectionFromPerson(rows.protection);
  if (protection) {
    const overridden = Boolean(stored.subject?.protection);
    add('subject.protection', protection, 'intake', 'From the intake (protection status)', overridden, true);
    if (!overridden) facts.subject = { ...(stored.subject ?? {}), protection };
  }
  const documents: CaseDocumentRef[] = rows.documents.map((d) => ({
    id: d.id,
    title: d.title,
    kind: d.kind,
    receivedAt: new Date(d.received_at).toISOString(),
    origin: d.responded_at
      ? `INTERPOL Washington's answer of ${day(d.responded_at)}`
      : `Added to the case on ${day(d.received_at)}`,
    hint: documentHint(d.kind, d.title),
  }));
  const onFile: DocumentOnFile[] = rows.documents.flatMap((d) => {
    const kind = judicialKindOf(d.kind);
    return kind ? [{ kind, title: d.title, documentId: d.id }] : [];
  });
  if (onFile.length > 0) {
    facts.documentsOnFile = onFile;
    for (const [i, d] of onFile.entries())
      derived.push({
        path: `documentsOnFile.${i}`,
        value: d.title,
        from: 'document',
        label: `On file: ${KIND_WORDS[d.kind]} (the screening reads its charges, penalties and facts once recorded from it)`,
        overridden: false,
        overridable: false,
      });
  } else delete facts.documentsOnFile;
  return { facts, derived, documents, proposed: proposedFacts(rows.documents, stored) };
}

const KIND_WORDS: Record<DocumentOnFile['kind'], string> = {
  warrant: 'a warrant',
  judgment: 'a judgment',
  charging_document: 'a charging document',
};

/** Every document id a recorded fact names as its source. */
function citedDocuments(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) citedDocuments(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === 'source' && v && typeof v === 'object') {
        const id = (v as { documentId?: unknown }).documentId;
        if (typeof id === 'string') out.add(id);
      } else citedDocuments(v, out);
    }
  return out;
}

/**
 * The facts that decisions on file suggest: a decision of the CCF or of INTERPOL's General Secretariat, a
 * court or government decision, or a protection decision (by its kind, or for older documents of kind
 * "other" by its title), unless a recorded fact already names the document as its source.
 */
export function proposedFacts(documents: ScreeningInputRows['documents'], stored: CaseFacts): ProposedFact[] {
  const cited = citedDocuments(stored);
  const out: ProposedFact[] = [];
  for (const d of documents) {
    if (cited.has(d.id)) continue;
    const source = { document: d.title, documentId: d.id };
    const t = d.title.toLowerCase();
    const untyped = d.kind === 'other';
    if (
      d.kind === 'interpol_decision' ||
      d.kind === 'ccf_letter' ||
      (untyped && /\bccf\b|commission for the control|general secretariat|\bndtf\b/.test(t))
    ) {
      const body =
        d.kind === 'ccf_letter'
          ? 'ccf'
          : /\bndtf\b|task force/.test(t)
            ? 'ndtf'
            : /general secretariat/.test(t)
              ? 'interpol_general_secretariat'
              : 'ccf';
      out.push({
        documentId: d.id,
        title: d.title,
        path: 'priorDecisions',
        value: { body, source },
        label: `“${d.title}” is a decision of ${body === 'ccf' ? 'the CCF' : body === 'ndtf' ? "INTERPOL's Notices and Diffusions Task Force" : "INTERPOL's General Secretariat"}: add it to the prior decisions and record what was decided, on what grounds and when.`,
      });
    } else if (d.kind === 'court_decision' || (untyped && /extradit/.test(t))) {
      out.push({
        documentId: d.id,
        title: d.title,
        path: 'priorDecisions',
        value: { body: 'foreign_court', source },
        label: `“${d.title}” is a court or government decision: add it to the prior decisions and record who decided what, on what grounds and when.`,
      });
    } else if (
      d.kind === 'protection_decision' ||
      (untyped && /asylum|refugee|withholding|protection/.test(t))
    ) {
      out.push({
        documentId: d.id,
        title: d.title,
        path: 'subject.protection.grants',
        value: { source },
        label: `“${d.title}” is a protection decision: add the protection it grants (status, by which country, in respect of which country, date), or record a refusal under the protection status.`,
      });
    }
  }
  return out;
}
