/** `redline case show`: a case and its gates in plain words (titles, names and countries, never ids). */

import countries from 'i18n-iso-countries';
import { factLabel } from '../domain/fact-labels.ts';
import type { GateEvaluation } from '../domain/types.ts';
import { latestStoredFacts, screeningInputWithProvenance } from '../services/screening/input.ts';
import type { PersonName } from '../services/snapshot.ts';
import type { DbOrTrx } from '../store/db.ts';

export interface CaseShowHead {
  person: string;
  nationalities: string[];
  notices: Array<{ ref: string; type: string; country: string; status: string }>;
  officer: string | null;
  office: string;
}

/** The country's English name ("Hungary" for HU), or the code when unknown. */
export function countryLabel(code: string): string {
  return countries.getName(code, 'en') ?? code;
}

/** The person, notices, office and officer of a case, read after the evaluation checked access. */
export async function caseShowHead(db: DbOrTrx, caseId: string): Promise<CaseShowHead> {
  const c = await db
    .selectFrom('cases')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .innerJoin('offices', 'offices.id', 'cases.office_id')
    .leftJoin('users', 'users.id', 'cases.assigned_officer_id')
    .select([
      'persons.family_name',
      'persons.given_names',
      'persons.nationalities',
      'offices.name as office',
      'users.display_name as officer',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const notices = await db
    .selectFrom('case_notices')
    .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
    .select(['notices.interpol_ref', 'notices.type', 'notices.issuing_country', 'notices.status'])
    .where('case_notices.case_id', '=', caseId)
    .execute();
  return {
    person: c.given_names ? `${c.family_name}, ${c.given_names}` : c.family_name,
    nationalities: (Array.isArray(c.nationalities) ? (c.nationalities as string[]) : []).map(countryLabel),
    notices: notices.map((n) => ({
      ref: n.interpol_ref,
      type: n.type === 'red_notice' ? 'Red Notice' : 'diffusion',
      country: countryLabel(n.issuing_country),
      status: n.status,
    })),
    officer: c.officer,
    office: c.office,
  };
}

export function caseShowText(
  caseNumber: string,
  row: { status: string; purpose: string },
  evaluation: GateEvaluation & { people: Record<string, PersonName> },
  head: CaseShowHead,
): string {
  const out: string[] = [];
  out.push(`${caseNumber}  ${row.purpose.replaceAll('_', ' ')}  status: ${row.status}`);
  out.push(
    `Person: ${head.person}${head.nationalities.length ? ` (nationality: ${head.nationalities.join(', ')})` : ''}`,
  );
  for (const n of head.notices) out.push(`Notice: ${n.type} ${n.ref} from ${n.country}, ${n.status}`);
  out.push(`Office: ${head.office}${head.officer ? `; assigned officer: ${head.officer}` : ''}`);
  out.push(
    `Policy version ${evaluation.policyVersion}, case version ${evaluation.caseVersionHash.slice(0, 12)}…, evaluated ${evaluation.evaluatedAt}`,
  );
  for (const g of evaluation.gates) {
    const mark = g.status === 'met' ? 'MET  ' : g.status === 'unmet' ? 'UNMET' : 'n/a  ';
    out.push(`  ${mark} ${g.title} (${g.clauses.join(', ')}): ${g.reason}`);
    if (g.status === 'unmet' && g.nextStep) out.push(`        next: ${g.nextStep}`);
  }
  const title = (id: string) => evaluation.gates.find((g) => g.gate === id)?.title ?? id;
  out.push(
    evaluation.allMet
      ? 'Every applicable gate is met: the case can be authorized.'
      : `Blocked by: ${evaluation.blocking.map(title).join('; ')}`,
  );
  return out.join('\n');
}

/** Every recorded fact that names its source, as `Its plain name: from document “…”` (or `reported by …`). */
function sourcedFacts(value: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) sourcedFacts(v, `${path}[${i}]`, out);
  else if (value && typeof value === 'object') {
    const src = (value as { source?: { document?: string; reportedBy?: string } }).source;
    if (src?.document) out.push(`${factLabel(path)}: from document “${src.document}”`);
    else if (src?.reportedBy) out.push(`${factLabel(path)}: reported by ${src.reportedBy}`);
    for (const [k, v] of Object.entries(value))
      if (k !== 'source') sourcedFacts(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * The screening facts' sources: the documents on file the screening reads, each recorded fact with the
 * document it came from (or who reported it), and the facts decisions on file propose (not yet facts).
 */
export async function caseShowFacts(db: DbOrTrx, caseId: string): Promise<string> {
  const view = await screeningInputWithProvenance(db, caseId);
  const stored = (await latestStoredFacts(db, caseId))?.facts ?? {};
  const out: string[] = [];
  const onFile = view.facts.documentsOnFile ?? [];
  if (onFile.length)
    out.push(
      `Documents on file the screening reads: ${onFile.map((d) => `“${d.title}” (${d.kind.replace('_', ' ')})`).join('; ')}`,
    );
  const sourced = sourcedFacts(stored, '', []);
  if (sourced.length) out.push('Screening facts and their sources:', ...sourced.map((s) => `  ${s}`));
  if (view.proposed.length)
    out.push(
      'Proposed by documents on file (not facts until recorded):',
      ...view.proposed.map((p) => `  ${p.label}`),
    );
  return out.join('\n');
}
