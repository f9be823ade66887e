/**
 * Reasons that say something: every rationale, acknowledgement, disposition, contest decision, legal
 * review, service note, exigency, unavailability reason, charge correction and wording dismissal on a case
 * is checked on save. The use cases
 * call `checkReasons` in their transaction, before they write, and refuse with the field problems it
 * returns (a 422 naming each field, the rule and what is expected).
 *
 * The rules are pure (`domain/substance.ts`); this module supplies what they need from the case: the
 * policy's minimum length and the other free texts already on the case (a text identical to another
 * entry is not a reason of its own).
 */
import { sql } from 'kysely';
import { checkSubstance, type SubstanceKind, type SubstanceSubject } from '../domain/substance.ts';
import type { PolicySettings } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { FieldProblem } from './errors.ts';

export type { SubstanceSubject };

export interface ReasonItem {
  text: string | null | undefined;
  field: string;
  kind: SubstanceKind;
  /** The indicator or ground the text answers: it must name or quote it. */
  mustAddress?: SubstanceSubject;
  /** `false`: leave out the D10 wording rule (a wording dismissal's reason quotes the dismissed words). */
  wordingRule?: boolean;
  /** Words the text may quote without their placeholders counting (the dismissed excerpt). */
  mayQuote?: string[];
}

/**
 * The free texts already recorded on a case: rationales, acknowledgements, review notes, contest answers and
 * decisions, legal analyses, exigency reasons, service notes, sign-offs, charge corrections and INTERPOL Washington's reasons for
 * missing documentation, and the reasons requests to INTERPOL Washington were cancelled.
 */
export async function caseFreeTexts(trx: DbOrTrx, caseId: string): Promise<string[]> {
  const rows = await sql<{ text: string | null }>`
    select rationale as text from approvals where case_id = ${caseId}
    union all
    select a.value->>'justification' from approvals, jsonb_array_elements(coalesce(acknowledgements, '[]'::jsonb)) a(value)
      where case_id = ${caseId}
    union all
    select decision_rationale from contests where case_id = ${caseId}
    union all
    select reason from wording_dismissals where case_id = ${caseId}
    union all
    select i.value->>'note' from reviews, jsonb_array_elements(coalesce(indicators, '[]'::jsonb)) i(value)
      where case_id = ${caseId}
    union all
    select a.value->>'answer' from contests, jsonb_array_elements(coalesce(answers, '[]'::jsonb)) a(value)
      where case_id = ${caseId}
    union all
    select l.value->>'analysis' from legal_reviews, jsonb_array_elements(coalesce(analyses, '[]'::jsonb)) l(value)
      where case_id = ${caseId}
    union all
    select conditions from legal_reviews where case_id = ${caseId}
    union all
    select reversal_reason from legal_reviews where case_id = ${caseId}
    union all
    select reason from exigencies where case_id = ${caseId}
    union all
    select decision_reason from exigencies where case_id = ${caseId}
    union all
    select note from disclosures where case_id = ${caseId}
    union all
    select backdate_reason from disclosures where case_id = ${caseId}
    union all
    select rationale from documentation_sign_offs where case_id = ${caseId}
    union all
    select reason from charge_corrections where case_id = ${caseId}
    union all
    select link_confirmation_reason from case_notices where case_id = ${caseId}
    union all
    select cancelled_reason from liaison_requests where case_id = ${caseId}
    union all
    select m.value->>'reason' from liaison_responses r
      join liaison_requests q on q.id = r.request_id,
      jsonb_array_elements(coalesce(r.missing_items, '[]'::jsonb)) m(value)
      where q.case_id = ${caseId}
  `.execute(trx);
  return rows.rows.map((r) => r.text ?? '').filter((t) => t.trim().length > 0);
}

/** Checks each reason; returns one field problem per finding (empty when every reason has substance). */
export async function checkReasons(
  trx: DbOrTrx,
  caseId: string,
  items: ReasonItem[],
  minChars: number,
): Promise<FieldProblem[]> {
  if (!items.length) return [];
  const others = await caseFreeTexts(trx, caseId);
  const problems: FieldProblem[] = [];
  const seen: string[] = [];
  for (const item of items) {
    const findings = checkSubstance({
      text: item.text ?? '',
      field: item.field,
      kind: item.kind,
      minChars,
      mustAddress: item.mustAddress,
      wordingRule: item.wordingRule,
      mayQuote: item.mayQuote,
      otherEntries: [...others, ...seen],
    });
    for (const f of findings) problems.push({ field: f.field, message: f.message, rule: f.rule });
    if (item.text?.trim()) seen.push(item.text);
  }
  return problems;
}

/** The policy's minimum length of a reason. */
export function reasonMinChars(policy: PolicySettings): number {
  return policy.minReasonChars;
}
