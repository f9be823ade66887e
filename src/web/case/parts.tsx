// Small pieces shared by the case page, the review and the approval screen.
import { Tag } from '@trussworks/react-uswds';
import { formatDate, LoadError } from '../components/common.tsx';
import { DetailList } from '../components/DetailList.tsx';
import { countryName, countryNames } from '../components/labels.ts';
import { languageLabel } from '../intake/languages.ts';
import { useSession } from '../session/session.tsx';
import {
  type CaseFacts,
  type CaseView,
  type GateResult,
  humanize,
  type PersonName,
  STRENGTH_LABELS,
  useFacts,
  usePerson,
} from './data.ts';
import { Opener, PersonLanguagesForm } from './forms.tsx';

export function GateTag({ status }: { status: GateResult['status'] }) {
  const [label, cls] =
    status === 'met'
      ? ['Met', 'bg-green']
      : status === 'unmet'
        ? ['Not met', 'bg-secondary-dark']
        : ['Not applicable', 'bg-base'];
  return <Tag className={`${cls} margin-left-1 text-middle`}>{label}</Tag>;
}

export function StrengthTag({ strength }: { strength: string }) {
  const cls =
    strength === 'strong'
      ? 'bg-secondary-dark'
      : strength === 'validity'
        ? 'bg-primary-dark'
        : 'bg-base-dark';
  return <Tag className={cls}>{STRENGTH_LABELS[strength] ?? strength}</Tag>;
}

export function OutcomeTag({ outcome }: { outcome: string }) {
  const [label, cls] =
    outcome === 'present'
      ? ['Present', 'bg-secondary-dark']
      : outcome === 'undetermined'
        ? ['Cannot be determined', 'bg-gold text-ink']
        : ['Absent', 'bg-base'];
  return <Tag className={cls}>{label}</Tag>;
}

/** The facts a gate used, in a disclosure so the page stays short. */
export function GateFacts({ g, people }: { g: GateResult; people: Record<string, PersonName> }) {
  const entries = Object.entries(g.facts);
  if (entries.length === 0) return null;
  return (
    <details className="margin-y-1">
      <summary>The facts this safeguard used</summary>
      <DetailList detail={g.facts} people={people} />
    </details>
  );
}

type Protection = NonNullable<NonNullable<CaseFacts['subject']>['protection']>;

function protectionText(p: Protection | null | undefined): string {
  if (!p) return 'Not recorded';
  const parts: string[] = [];
  for (const g of p.grants ?? [])
    parts.push(
      `${humanize(g.status)}${g.grantingCountry ? ` granted by ${countryName(g.grantingCountry)}` : ''}${
        g.inRespectOf ? ` in respect of ${g.inRespectOf}` : ''
      }${g.grantedOn ? ` on ${formatDate(g.grantedOn)}` : ''}`,
    );
  if (p.asylumClaimStatus === 'pending') parts.push('Asylum claim pending');
  if (p.asylumClaimedOn) parts.push(`asylum claimed on ${formatDate(p.asylumClaimedOn)}`);
  if (p.naturalisedIn) parts.push(`naturalised in ${countryName(p.naturalisedIn)}`);
  return parts.length ? parts.join('; ') : 'None recorded';
}

/** The person, shown with care: only what the officer needs to identify them and their protection. */
export function PersonSummary({ c }: { c: CaseView }) {
  const person = usePerson(c.personId);
  const facts = useFacts(c.id);
  const { hasRole } = useSession();
  if (person.isError) return <LoadError error={person.error} />;
  const p = person.data;
  const protection = (facts.data?.screeningInput as CaseFacts | undefined)?.subject?.protection;
  return (
    <section aria-labelledby="person-h" className="bg-base-lightest padding-2 margin-bottom-2">
      <h2 id="person-h" className="margin-top-0 font-heading-md">
        The person
      </h2>
      {!p ? (
        <p>Loading the person…</p>
      ) : (
        <ul className="usa-list usa-list--unstyled">
          <li>
            <strong>Name:</strong> {p.familyName}
            {p.givenNames ? `, ${p.givenNames}` : ''}
            {p.aliases.length ? ` (also known as ${p.aliases.join(', ')})` : ''}
          </li>
          <li>
            <strong>Date of birth:</strong>{' '}
            {p.datesOfBirth.length ? p.datesOfBirth.map(formatDate).join(' or ') : 'Not known'}
          </li>
          <li>
            <strong>Nationalities:</strong>{' '}
            {p.nationalities.length ? countryNames(p.nationalities) : 'Not known'}
          </li>
          <li>
            <strong>Languages the person reads:</strong>{' '}
            {p.languages.length
              ? p.languages.map(languageLabel).join(', ')
              : 'Not recorded: record them before the documents are served'}
            {hasRole('officer', 'supervisor') ? (
              <Opener label={p.languages.length ? 'Correct the languages' : 'Record the languages'}>
                {(done) => <PersonLanguagesForm c={c} current={p.languages} onDone={done} />}
              </Opener>
            ) : null}
          </li>
          <li>
            <strong>Protection status:</strong>{' '}
            {facts.isPending ? 'Loading…' : facts.isError ? 'Could not be read' : protectionText(protection)}
          </li>
        </ul>
      )}
    </section>
  );
}
