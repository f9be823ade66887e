// The screening facts form's model: its sections, the plain names of the facts, where a fact the screening
// misses is entered, and how a fact's source is written. Pure: no React, tested in test/web.

export type FactSectionId =
  | 'profile'
  | 'protection'
  | 'activities'
  | 'claims'
  | 'context'
  | 'related'
  | 'decisions'
  | 'evidence'
  | 'judicial'
  | 'extradition'
  | 'notice';

export interface FactSection {
  id: FactSectionId;
  title: string;
  help: string;
}

export const FACT_SECTIONS: FactSection[] = [
  {
    id: 'profile',
    title: "The person's profile",
    help: 'Occupation or role that abuse of INTERPOL often targets: journalist, activist, opposition politician, human-rights defender, whistle-blower, critic; or a minority, a former official, a businessperson. Name the document that shows it.',
  },
  {
    id: 'protection',
    title: 'Protection status and claims',
    help: 'Asylum, refugee status, withholding of removal or protection under the Convention against Torture: the status, the country that granted it, the country it protects from, and the dates.',
  },
  {
    id: 'activities',
    title: 'Public activities',
    help: 'Public criticism of the issuing government, testimony, reporting, candidacies, protests or litigation against the state, with their dates.',
  },
  {
    id: 'claims',
    title: 'What the person says about the case',
    help: 'The person’s or counsel’s account: a political motive, a private dispute, an unfair trial, torture, innocence. Say whether anything independent supports it.',
  },
  {
    id: 'context',
    title: 'Context of the case',
    help: 'A business or asset dispute with state-linked actors, a change of government, a mass listing campaign, an election, coup allegation or protest behind the case.',
  },
  {
    id: 'related',
    title: 'Related persons',
    help: 'Relatives, colleagues, lawyers or associates of the person, and whether they were also charged, listed, detained or harassed.',
  },
  {
    id: 'decisions',
    title: 'Prior decisions',
    help: "Earlier decisions on this person: INTERPOL's General Secretariat or its Notices and Diffusions Task Force, the CCF (e.g. a deletion), foreign or U.S. courts and governments (e.g. extradition refused, asylum granted).",
  },
  {
    id: 'evidence',
    title: 'Evidence of due-process, torture or other concerns',
    help: 'Documented allegations of torture or a coerced confession, denial of counsel, a special tribunal, findings of the UN or NGOs, an invalid warrant, an alibi, recanted or paid witnesses, abduction or rendition attempts.',
  },
  {
    id: 'judicial',
    title: 'Judicial data',
    help: 'The summary of facts with when and where the alleged crime happened and what the person is said to have done; the damage; the organisation the person is said to belong to and whether the UN or the United States designates it.',
  },
  {
    id: 'extradition',
    title: 'Extradition',
    help: 'When the requesting state learned where the person is, the extradition requests it made, and whether a treaty exists.',
  },
  { id: 'notice', title: 'The notice', help: 'What the case record holds about the notice.' },
];

/** The id of a section on the facts page (also the anchor a review links to). */
export const sectionAnchor = (id: FactSectionId) => `facts-${id}`;

/** The section where the fact a screening misses is entered (its `missing[].field`). */
export function sectionForFact(path: string): FactSectionId {
  const p = path.replace(/\[\]/g, '');
  if (p.startsWith('subject.profileTags')) return 'profile';
  if (p.startsWith('subject.protection')) return 'protection';
  if (p.startsWith('subject.publicActivities')) return 'activities';
  if (p.startsWith('subject.claims')) return 'claims';
  if (p.startsWith('context.relatedPersons')) return 'related';
  if (p.startsWith('context')) return 'context';
  if (p.startsWith('priorDecisions')) return 'decisions';
  if (p.startsWith('evidence')) return 'evidence';
  if (p.startsWith('judicial')) return 'judicial';
  if (p.startsWith('extradition')) return 'extradition';
  if (p.startsWith('notice.afterRefusedRedNotice')) return 'notice';
  return 'notice';
}

export { FACT_LABELS, factLabel } from '../../../domain/fact-labels.ts';

/** How a fact's source is chosen in the form. */
export interface SourceChoice {
  /** A case document's id, 'other' (a document not on the case) or 'reported' (someone reported it). */
  kind: string;
  text: string;
}

export interface FactSourceJson {
  document?: string;
  documentId?: string;
  reportedBy?: string;
}

/** The `source` a choice stands for (undefined when nothing was chosen). */
export function sourceFromChoice(
  choice: SourceChoice,
  documents: ReadonlyArray<{ id: string; title: string }>,
): FactSourceJson | undefined {
  // an empty name is kept while the user types it (the server asks for it if it stays empty)
  if (choice.kind === 'reported') return { reportedBy: choice.text };
  if (choice.kind === 'other') return { document: choice.text };
  const d = documents.find((x) => x.id === choice.kind);
  return d ? { document: d.title, documentId: d.id } : undefined;
}

/** The choice a recorded source stands for. */
export function choiceFromSource(source: FactSourceJson | undefined): SourceChoice {
  if (!source) return { kind: '', text: '' };
  if (source.documentId) return { kind: source.documentId, text: '' };
  if (source.document !== undefined) return { kind: 'other', text: source.document };
  if (source.reportedBy !== undefined) return { kind: 'reported', text: source.reportedBy };
  return { kind: '', text: '' };
}

/** One change of an indicator after a save, in words. */
export interface IndicatorChange {
  id: string;
  title: string;
  from: string | null;
  to: string | null;
}

const OUTCOME_WORDS: Record<string, string> = {
  present: 'present',
  absent: 'absent',
  undetermined: 'cannot be determined',
};

export function outcomeWords(o: string | null): string {
  return o ? (OUTCOME_WORDS[o] ?? o) : 'not screened';
}

/** The indicators whose outcome changed in a screening diff, with their titles. */
export function changedIndicators(
  diff:
    | {
        indicators: Array<{ id: string; outcome?: { from: string | null; to: string | null } }>;
      }
    | null
    | undefined,
  titles: ReadonlyMap<string, string>,
): IndicatorChange[] {
  return (diff?.indicators ?? [])
    .filter((i) => i.outcome && i.outcome.from !== i.outcome.to)
    .map((i) => ({
      id: i.id,
      title: titles.get(i.id) ?? i.id,
      from: i.outcome!.from,
      to: i.outcome!.to,
    }));
}

/** Does a free text name the indicator it answers (its title, id or two words of its title)? A hint only. */
export function namesIndicator(text: string, indicator: { id: string; title: string }): boolean {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const t = norm(text);
  if (t.includes(norm(indicator.id)) || t.includes(norm(indicator.title))) return true;
  const words = norm(indicator.title)
    .split(' ')
    .filter((w) => w.length > 4);
  const hits = words.filter((w) => t.includes(w.slice(0, Math.max(5, w.length - 2))));
  return words.length > 0 && hits.length >= Math.min(2, words.length);
}

/** Drops empty objects (a fact with nothing in it) and trims text, before sending. */
export function pruneFacts(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneFacts);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = pruneFacts(x);
      if (p === undefined) continue;
      if (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return typeof v === 'string' ? v.trim() : v;
}
