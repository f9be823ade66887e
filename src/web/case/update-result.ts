// What a change of a case's facts did (PATCH /cases/:id), in plain words: the material change and what it
// voided, the other cases on a shared notice, and the wording check of the texts as they now stand.
import type { Res } from '../api/types.ts';

export type CaseUpdateResult = Res<'/cases/{id}', 'patch'>;

const FIELD_LABELS: Record<string, string> = {
  narrative: 'the narrative',
  'independentBasis.summary': 'the independent basis',
};

/** Where a text of the case is, in words ("the narrative", "evidence 2 of the independent basis"). */
export function textFieldLabel(field: string): string {
  const evidence = /^independentBasis\.evidence\.(\d+)\.description$/.exec(field);
  if (evidence) return `evidence ${Number(evidence[1]) + 1} of the independent basis`;
  return FIELD_LABELS[field] ?? field;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Sentences saying what the change did, to show once it is saved. */
export function describeCaseUpdate(r: CaseUpdateResult, saved: string): string {
  const parts = [saved];
  if (r.changed) {
    const effects = [
      r.voidedApprovals.length ? count(r.voidedApprovals.length, 'approval voided', 'approvals voided') : '',
      r.withdrawnAuthorizations.length
        ? count(r.withdrawnAuthorizations.length, 'authorization withdrawn', 'authorizations withdrawn')
        : '',
    ].filter(Boolean);
    parts.push(
      `This is a material change (${r.changes.join('; ') || 'material facts changed'})${effects.length ? `: ${effects.join(', ')}` : ''}.`,
    );
  }
  for (const o of r.otherCases) {
    const effects = [
      o.voidedApprovals ? count(o.voidedApprovals, 'approval voided', 'approvals voided') : '',
      o.withdrawnAuthorizations
        ? count(o.withdrawnAuthorizations, 'authorization withdrawn', 'authorizations withdrawn')
        : '',
    ].filter(Boolean);
    parts.push(
      `Case ${o.caseNumber} relies on the same notice: the change applies to it too${effects.length ? ` (${effects.join(', ')})` : ''}.`,
    );
  }
  const open = r.wording.findings.filter((f) => !f.dismissed);
  parts.push(
    open.length === 0
      ? 'The wording check found no problem in the texts.'
      : `The wording check found ${count(open.length, 'problem', 'problems')}: ${open
          .map((f) => `in ${textFieldLabel(f.field)}, “${f.excerpt}” (${f.explanation})`)
          .join('; ')}. Rewrite the text, or ask a supervisor to dismiss the finding with a reason.`,
  );
  return parts.join(' ');
}
