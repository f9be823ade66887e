/**
 * Is the person on a case the subject of the notice it relies on? A notice is recorded with its subject
 * (the person it was first recorded on, whose name, dates of birth and nationalities come from the
 * notice, as in INTERPOL's public format: `name`, `forename`, `date_of_birth`, `nationalities`). A case
 * may join a notice to another person record only when that record is the same person by what the notice
 * says about its subject, or when an attorney confirms it. Pure; no I/O.
 */
import { normaliseSearchText } from './name-search.ts';

/** How a case's person is linked to a notice on the case. */
export const SUBJECT_LINKS = ['same_person', 'matched', 'unconfirmed', 'confirmed'] as const;
export type SubjectLink = (typeof SUBJECT_LINKS)[number];

export const SUBJECT_LINK_LABELS: Record<SubjectLink, string> = {
  same_person: 'the notice was recorded on this person',
  matched: "name, date of birth and nationality agree with the notice's subject",
  unconfirmed: "not shown to be the notice's subject; an attorney must confirm the link",
  confirmed: "confirmed by an attorney as the notice's subject",
};

/** What a record says about a person's identity. */
export interface IdentityFacts {
  familyName: string;
  givenNames: string | null;
  aliases: readonly string[];
  datesOfBirth: readonly string[];
  nationalities: readonly string[];
  aNumber: string | null;
}

/** A name as a set of words, normalised (any script, any case, any punctuation), in any order. */
function nameKey(name: string): string {
  return name
    .split(/[\s,;/-]+/)
    .map(normaliseSearchText)
    .filter(Boolean)
    .sort()
    .join(' ');
}

function names(p: IdentityFacts): Set<string> {
  const out = new Set<string>();
  const full = nameKey(`${p.familyName} ${p.givenNames ?? ''}`);
  if (full) out.add(full);
  for (const a of p.aliases) {
    const k = nameKey(a);
    if (k) out.add(k);
  }
  return out;
}

const upper = (xs: readonly string[]) => new Set(xs.map((x) => x.trim().toUpperCase()).filter(Boolean));

/**
 * Compares the person on a case with the notice's subject. The two are the same person by the record when
 * a name (full name, or an alias of either) is the same, a date of birth is the same and a nationality is
 * the same, and their A-numbers do not differ. Anything missing or different is listed, in plain words.
 */
export function compareWithSubject(
  subject: IdentityFacts,
  person: IdentityFacts,
): { matches: boolean; differences: string[] } {
  const differences: string[] = [];
  if (subject.aNumber && person.aNumber && subject.aNumber.trim() !== person.aNumber.trim())
    differences.push("The A-number differs from the notice subject's.");

  const subjectNames = names(subject);
  const personNames = names(person);
  if (![...personNames].some((n) => subjectNames.has(n)))
    differences.push(
      `The name differs: the notice names ${subject.givenNames ? `${subject.familyName}, ${subject.givenNames}` : subject.familyName}; the person is ${person.givenNames ? `${person.familyName}, ${person.givenNames}` : person.familyName}.`,
    );

  const sDob = upper(subject.datesOfBirth);
  const pDob = upper(person.datesOfBirth);
  if (sDob.size === 0 || pDob.size === 0)
    differences.push(
      `The date of birth cannot be compared: it is not recorded for ${sDob.size === 0 ? "the notice's subject" : 'the person'}.`,
    );
  else if (![...pDob].some((d) => sDob.has(d)))
    differences.push(
      `The date of birth differs: the notice gives ${[...sDob].join(', ')}; the person's is ${[...pDob].join(', ')}.`,
    );

  const sNat = upper(subject.nationalities);
  const pNat = upper(person.nationalities);
  if (sNat.size === 0 || pNat.size === 0)
    differences.push(
      `The nationality cannot be compared: it is not recorded for ${sNat.size === 0 ? "the notice's subject" : 'the person'}.`,
    );
  else if (![...pNat].some((n) => sNat.has(n)))
    differences.push(
      `The nationality differs: the notice gives ${[...sNat].join(', ')}; the person's is ${[...pNat].join(', ')}.`,
    );

  return { matches: differences.length === 0, differences };
}
