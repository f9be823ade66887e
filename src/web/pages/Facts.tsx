// Screening facts of a case: what the screening already knows (from the intake, the notice and INTERPOL
// Washington's answers), what it still needs, and a form for every fact, each with its source. Saving records
// a new version (PUT /cases/:id/facts), screens the case again and says which indicators changed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Tag } from '@trussworks/react-uswds';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { get, put } from '../api/client.ts';
import { humanize, refreshCase, useCase, useScreenings } from '../case/data.ts';
import {
  type CaseDocument,
  FactFields,
  FactList,
  type FieldSpec,
  type Json,
  KnownFact,
  SourcePicker,
} from '../case/facts/editors.tsx';
import {
  changedIndicators,
  FACT_SECTIONS,
  type FactSectionId,
  type FactSourceJson,
  factLabel,
  type IndicatorChange,
  outcomeWords,
  pruneFacts,
  sectionAnchor,
  sectionForFact,
} from '../case/facts/model.ts';
import { Field } from '../case/forms.tsx';
import { ErrorSummary, formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { countryName } from '../intake/countries.ts';
import { useSession } from '../session/session.tsx';

interface DerivedFact {
  path: string;
  value: unknown;
  from: string;
  label: string;
  overridden: boolean;
  overridable: boolean;
}

interface FactsView {
  caseId: string;
  version: number;
  facts: Json;
  recordedBy: string | null;
  recordedAt: string | null;
  note: string | null;
  screeningInput: Json;
  derived: DerivedFact[];
  documents: Array<CaseDocument & { receivedAt: string }>;
  /** Facts that decisions on file suggest: a user completes and records them; until then they are not read. */
  proposed: Array<{
    documentId: string;
    title: string;
    path: 'priorDecisions' | 'subject.protection.grants';
    value: Json;
    label: string;
  }>;
  history: Array<{ version: number; recordedBy: string; recordedAt: string; note: string | null }>;
}

interface Saved {
  version: number;
  changes: IndicatorChange[];
  superseded: boolean;
}

interface SaveResult {
  version: number;
  screening: {
    stored: boolean;
    diff: { indicators: Array<{ id: string; outcome?: { from: string | null; to: string | null } }> } | null;
    reviewSuperseded: { from: string; to: string } | null;
    voidedApprovals: string[];
  };
}

const opts = (xs: readonly string[], words: Record<string, string> = {}): Array<[string, string]> =>
  xs.map((x) => [x, words[x] ?? humanize(x)]);

const PROFILE: FieldSpec[] = [
  {
    key: 'tag',
    label: 'Occupation or role',
    type: 'select',
    required: true,
    options: opts(
      [
        'journalist',
        'human_rights_defender',
        'opposition_politician',
        'activist',
        'whistleblower',
        'critic',
        'religious_minority',
        'ethnic_minority',
        'former_official',
        'businessperson',
      ],
      {
        human_rights_defender: 'Human-rights defender',
        whistleblower: 'Whistle-blower',
        critic: 'Critic of the government',
        religious_minority: 'Member of a religious minority',
        ethnic_minority: 'Member of an ethnic minority',
      },
    ),
  },
  {
    key: 'detail',
    label: 'Details',
    hint: 'For example: the outlet, the movement, the office held.',
    type: 'text',
  },
  {
    key: 'basis',
    label: 'How it is known',
    type: 'select',
    options: [
      ['documented', 'Documented (publications, NGO statements, court findings)'],
      ['self_reported', 'Only the person’s own account'],
    ],
  },
];

const GRANT: FieldSpec[] = [
  {
    key: 'status',
    label: 'Protection',
    type: 'select',
    required: true,
    options: [
      ['refugee', 'Refugee status'],
      ['asylee', 'Asylum granted'],
      ['subsidiary_protection', 'Subsidiary protection'],
      ['withholding_of_removal', 'Withholding of removal'],
      ['cat_protection', 'Protection under the Convention against Torture (CAT)'],
    ],
  },
  { key: 'grantingCountry', label: 'Country that granted it', type: 'country' },
  { key: 'inRespectOf', label: 'Country it protects the person from', type: 'country' },
  { key: 'grantedOn', label: 'Date granted', type: 'date' },
  { key: 'revoked', label: 'Revoked since', type: 'bool' },
];

const PROTECTION: FieldSpec[] = [
  { key: 'asylumClaimedOn', label: 'Date the asylum claim was made', type: 'date' },
  { key: 'asylumClaimedIn', label: 'Country where it was made', type: 'country' },
  {
    key: 'asylumClaimStatus',
    label: 'Outcome of the claim',
    type: 'select',
    options: opts(['pending', 'granted', 'refused', 'withdrawn'], { pending: 'Pending (not decided)' }),
  },
  { key: 'naturalisedIn', label: 'Naturalised in (country)', type: 'country' },
  { key: 'naturalisedOn', label: 'Naturalised on', type: 'date' },
];

const ACTIVITY: FieldSpec[] = [
  {
    key: 'type',
    label: 'Activity',
    type: 'select',
    required: true,
    options: opts([
      'criticism',
      'testimony',
      'reporting',
      'election_candidacy',
      'sanctions_advocacy',
      'protest',
      'litigation_against_state',
    ]),
  },
  { key: 'date', label: 'Date', type: 'date' },
  { key: 'description', label: 'Description', type: 'textarea' },
];

const CLAIM: FieldSpec[] = [
  {
    key: 'type',
    label: 'What the person says',
    type: 'select',
    required: true,
    options: opts(['political_motive', 'private_matter', 'unfair_trial', 'torture', 'innocence'], {
      political_motive: 'The case is political',
      private_matter: 'It is a private dispute',
    }),
  },
  { key: 'corroborated', label: 'Supported by independent material', type: 'bool' },
  { key: 'description', label: 'Description', type: 'textarea' },
];

const FLAG: FieldSpec[] = [
  { key: 'value', label: 'Does this apply?', type: 'bool', required: true },
  { key: 'description', label: 'Description', type: 'textarea' },
];

const RELATED: FieldSpec[] = [
  {
    key: 'relation',
    label: 'Relation to the person',
    type: 'select',
    required: true,
    options: opts(['family', 'colleague', 'lawyer', 'associate', 'co_defendant', 'other'], {
      co_defendant: 'Co-defendant',
    }),
  },
  { key: 'targeted', label: 'Also charged, listed, detained or harassed', type: 'bool', required: true },
  { key: 'description', label: 'Description', type: 'textarea' },
];

const GROUNDS = [
  'political',
  'human_rights',
  'due_process',
  'torture',
  'refugee_status',
  'article_3',
  'article_2',
  'private_matter',
  'insufficient_data',
  'procedural',
  'dual_criminality',
  'other',
];

const DECISION: FieldSpec[] = [
  {
    key: 'body',
    label: 'Who decided',
    type: 'select',
    required: true,
    options: [
      ['interpol_general_secretariat', "INTERPOL's General Secretariat"],
      ['ndtf', 'INTERPOL Notices and Diffusions Task Force'],
      ['ccf', 'Commission for the Control of INTERPOL’s Files (CCF)'],
      ['foreign_court', 'A foreign court'],
      ['foreign_government', 'A foreign government'],
      ['us_court', 'A U.S. court'],
      ['us_agency', 'A U.S. agency'],
    ],
  },
  {
    key: 'result',
    label: 'Decision',
    type: 'select',
    required: true,
    options: opts(
      [
        'refused',
        'cancelled',
        'deleted',
        'compliant',
        'extradition_refused',
        'extradition_granted',
        'found_political',
        'asylum_granted',
        'asylum_refused',
      ],
      {
        refused: 'Refused the notice',
        cancelled: 'Cancelled the notice',
        deleted: 'Deleted the data',
        compliant: 'Found it compliant',
        found_political: 'Found the case political',
      },
    ),
  },
  {
    key: 'grounds',
    label: 'Grounds',
    type: 'multi',
    options: opts(GROUNDS, {
      article_3: 'Article 3 (political, military, religious, racial)',
      article_2: 'Article 2 (human rights)',
    }),
  },
  { key: 'country', label: 'Country (of a foreign court or government)', type: 'country' },
  { key: 'date', label: 'Date of the decision', type: 'date' },
  {
    key: 'sameFacts',
    label: 'Concerns the same facts as this notice',
    hint: 'Leave unanswered if not known: the decision is then taken to concern the same facts.',
    type: 'bool',
  },
  { key: 'description', label: 'Description', type: 'textarea' },
];

const EVIDENCE: FieldSpec[] = [
  {
    key: 'tag',
    label: 'What it shows',
    type: 'select',
    required: true,
    options: opts(
      [
        'torture_allegation',
        'coerced_confession',
        'denial_of_counsel',
        'military_or_special_tribunal',
        'un_or_ngo_finding',
        'invalid_warrant',
        'alibi',
        'witness_recantation',
        'witness_paid',
        'case_collapsed_elsewhere',
        'abduction_attempt',
        'rendition_attempt',
        'forced_return_of_associates',
        'surveillance_of_travel',
      ],
      { un_or_ngo_finding: 'Finding of the UN or an NGO', witness_recantation: 'A witness recanted' },
    ),
  },
  { key: 'description', label: 'Description', type: 'textarea' },
  {
    key: 'basis',
    label: 'How it is known',
    type: 'select',
    options: [
      ['documented', 'Documented'],
      ['self_reported', 'Only the person’s own account'],
    ],
  },
];

const SUMMARY: FieldSpec[] = [
  { key: 'text', label: 'Summary of facts as received', type: 'textarea' },
  { key: 'time', label: 'When the alleged crime happened', hint: 'As the summary states it.', type: 'text' },
  { key: 'place', label: 'Where it happened', type: 'text' },
  { key: 'personRole', label: 'What the person is said to have done', type: 'textarea' },
  {
    key: 'assessedDeficient',
    label: 'The summary is vague, incoherent or inconsistent with the charges',
    type: 'bool',
  },
];

const DAMAGE: FieldSpec[] = [
  { key: 'amountUsd', label: 'Damage or amount involved, in U.S. dollars', type: 'number' },
  { key: 'originalAmount', label: 'Amount as stated (currency)', type: 'text' },
];

const ORGANISATION: FieldSpec[] = [
  { key: 'name', label: 'Organisation the person is said to belong to', type: 'text' },
  { key: 'designatedByUnOrUs', label: 'Designated by the UN or the United States', type: 'bool' },
];

const JUDICIAL_FLAGS: FieldSpec[] = [
  { key: 'seriousCrimeLink', label: 'Linked to organised crime or another serious crime', type: 'bool' },
  { key: 'repetitiveCheques', label: 'Unfunded cheques issued repeatedly', type: 'bool' },
];

const EXTRADITION: FieldSpec[] = [
  { key: 'subjectLocatedOn', label: 'Date the requesting state learned where the person is', type: 'date' },
  { key: 'treatyExists', label: 'An extradition treaty with the United States exists', type: 'bool' },
];

const EXTRADITION_REQUEST: FieldSpec[] = [
  { key: 'date', label: 'Date of the request', type: 'date' },
  {
    key: 'status',
    label: 'Status',
    type: 'select',
    options: opts(['pending', 'granted', 'refused', 'withdrawn']),
  },
];

const NOTICE: FieldSpec[] = [
  {
    key: 'afterRefusedRedNotice',
    label: 'A Red Notice for the same person was refused before this diffusion',
    type: 'bool',
  },
];

/** Reads a path (a.b.0.c) in a JSON value. */
function at(v: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), v);
}

/** Sets a path in a JSON value, immutably; undefined removes the key. */
function setAt(v: Json, path: string, x: unknown): Json {
  const [k, ...rest] = path.split('.');
  const next: Json = { ...v };
  const value = rest.length ? setAt((v[k!] as Json) ?? {}, rest.join('.'), x) : x;
  if (value === undefined || (rest.length && Object.keys(value as Json).length === 0)) delete next[k!];
  else next[k!] = value;
  return next;
}

function describeFact(v: unknown, path: string): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' && /(Country|inRespectOf|grantingCountry|naturalisedIn)$/.test(path))
    return `${countryName(v)}`;
  if (Array.isArray(v)) return v.map((x) => humanize(String(x))).join(', ');
  if (typeof v === 'string' && /^[a-z_]+$/.test(v)) return humanize(v);
  return String(v);
}

export default function FactsPage() {
  const { id = '' } = useParams();
  const caseQ = useCase(id);
  const factsQ = useQuery({
    queryKey: ['case', id, 'facts-form'],
    queryFn: () => get<FactsView>(`/cases/${id}/facts`),
  });
  const screeningsQ = useScreenings(id);
  // kept here: the form is drawn again from the recorded version after a save, and what changed stays shown
  const [saved, setSaved] = useState<Saved | null>(null);
  const rulesetQ = useQuery({
    queryKey: ['screening-ruleset'],
    queryFn: () => get<{ indicators: Array<{ id: string; title: string }> }>('/screening/ruleset'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (caseQ.isPending || factsQ.isPending) return <Loading what="the screening facts" />;
  if (caseQ.isError || factsQ.isError)
    return (
      <>
        <PageHeading title="Screening facts" />
        <LoadError error={caseQ.error ?? factsQ.error} />
      </>
    );
  const titles = new Map((rulesetQ.data?.indicators ?? []).map((i) => [i.id, i.title]));
  return (
    <FactsForm
      key={factsQ.data.version}
      caseId={id}
      caseNumber={caseQ.data.caseNumber}
      closed={caseQ.data.status === 'closed'}
      view={factsQ.data}
      titles={titles}
      latest={screeningsQ.data?.latest?.result.results ?? []}
      saved={saved}
      onSaved={setSaved}
    />
  );
}

function FactsForm({
  caseId,
  caseNumber,
  closed,
  view,
  titles,
  latest,
  saved,
  onSaved,
}: {
  saved: Saved | null;
  onSaved: (s: Saved | null) => void;
  caseId: string;
  caseNumber: string;
  closed: boolean;
  view: FactsView;
  titles: Map<string, string>;
  latest: Array<{
    id: string;
    title: string;
    outcome: string;
    missing: Array<{ field: string; requestDocument: string }>;
  }>;
}) {
  const { hasRole } = useSession();
  const canRecord = hasRole('officer', 'supervisor', 'attorney') && !closed;
  const [draft, setDraft] = useState<Json>(view.facts);
  const [note, setNote] = useState('');
  const setSaved = onSaved;
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (b: object) => put<SaveResult>(`/cases/${caseId}/facts`, b),
    onSuccess: (r) => {
      setSaved({
        version: r.version,
        changes: changedIndicators(r.screening.diff, titles),
        superseded: r.screening.reviewSuperseded !== null,
      });
      setNote('');
      void refreshCase(qc, caseId);
      void qc.invalidateQueries({ queryKey: ['case', caseId, 'facts-form'] });
    },
  });
  useEffect(() => {
    if (saved) document.getElementById('facts-saved')?.focus();
  }, [saved]);
  // a link from the review ("Record the fact") names the section: go there once the form is drawn
  useEffect(() => {
    if (saved) return;
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    target?.scrollIntoView();
    target?.focus();
  }, [saved]);
  const set = (path: string) => (x: unknown) => {
    setSaved(null);
    setDraft((d) => setAt(d, path, x));
  };
  const docs = view.documents;
  const carried = view.derived.filter((d) => !d.overridden);
  const bySection = useMemo(() => {
    const out = new Map<FactSectionId, DerivedFact[]>();
    for (const d of view.derived) {
      const s = sectionForFact(d.path);
      out.set(s, [...(out.get(s) ?? []), d]);
    }
    return out;
  }, [view.derived]);
  const needs = useMemo(() => {
    const out = new Map<FactSectionId, Array<{ indicator: string; document: string }>>();
    for (const r of latest)
      if (r.outcome === 'undetermined')
        for (const miss of r.missing) {
          const s = sectionForFact(miss.field);
          out.set(s, [...(out.get(s) ?? []), { indicator: r.title, document: miss.requestDocument }]);
        }
    return out;
  }, [latest]);

  // a proposal goes into the form (with its document as the source); the user completes it and saves
  const addProposed = (p: FactsView['proposed'][number]) => {
    setSaved(null);
    setDraft((d) => {
      if (p.path === 'subject.protection.grants' && !at(d, 'subject.protection')) {
        const base = (at(view.screeningInput, 'subject.protection') as Json | undefined) ?? {};
        return setAt(d, 'subject.protection', {
          ...base,
          grants: [...((base.grants as Json[] | undefined) ?? []), p.value],
        });
      }
      return setAt(d, p.path, [...((at(d, p.path) as Json[] | undefined) ?? []), p.value]);
    });
  };
  const inDraft = (documentId: string) => JSON.stringify(draft).includes(documentId);

  const section = (id: FactSectionId, body: ReactNode) => {
    const s = FACT_SECTIONS.find((x) => x.id === id)!;
    const proposed = view.proposed.filter((p) => sectionForFact(p.path) === id);
    const known = bySection.get(id) ?? [];
    const need = needs.get(id) ?? [];
    return (
      <section
        key={id}
        id={sectionAnchor(id)}
        tabIndex={-1}
        aria-labelledby={`${sectionAnchor(id)}-h`}
        className="border-top-1px border-base-lighter padding-top-2 margin-top-4"
      >
        <h2 id={`${sectionAnchor(id)}-h`}>{s.title}</h2>
        <p className="usa-hint">{s.help}</p>
        {known.length > 0 ? (
          <>
            <p className="text-bold margin-bottom-0">Already known — not to be typed again</p>
            <ul>
              {known.map((k) => (
                <KnownFact
                  key={`${k.path}-${k.label}`}
                  label={factLabel(k.path)}
                  value={
                    <>
                      {describeFact(k.value, k.path)}
                      {k.overridden ? (
                        <>
                          {' '}
                          <Tag className="bg-base-lighter text-ink">replaced by a recorded fact</Tag>
                        </>
                      ) : null}
                    </>
                  }
                  from={k.label}
                />
              ))}
            </ul>
          </>
        ) : null}
        {proposed.length > 0 ? (
          <Alert
            type="info"
            headingLevel="h3"
            heading="Proposed from documents on the case — not yet a fact"
            slim
          >
            <ul className="margin-y-0">
              {proposed.map((p) => (
                <li key={p.documentId}>
                  {p.label}{' '}
                  {canRecord && !inDraft(p.documentId) ? (
                    <Button type="button" unstyled onClick={() => addProposed(p)}>
                      Add it to the form from “{p.title}”
                    </Button>
                  ) : canRecord ? (
                    <strong>Added to the form: complete it and record the facts.</strong>
                  ) : null}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {need.length > 0 ? (
          <Alert type="warning" headingLevel="h3" heading="The screening cannot decide without this" slim>
            <ul className="margin-y-0">
              {need.map((n) => (
                <li key={`${n.indicator}-${n.document}`}>
                  {n.indicator}: {n.document}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {canRecord ? body : null}
      </section>
    );
  };

  const subject = (draft.subject as Json | undefined) ?? {};
  const ctx = (draft.context as Json | undefined) ?? {};
  const judicial = (draft.judicial as Json | undefined) ?? {};
  const derivedSummary = at(view.screeningInput, 'judicial.summaryOfFacts') as Json | undefined;
  const derivedProtection = at(view.screeningInput, 'subject.protection') as Json | undefined;

  return (
    <>
      <PageHeading title={`Screening facts of case ${caseNumber}`} />
      <p>
        <Link to={`/cases/${caseId}`}>Back to the case</Link> ·{' '}
        <Link to={`/cases/${caseId}/review`}>The review</Link>
      </p>
      <p>
        The screening reads what the case already holds and the facts recorded here. A fact left blank is “not
        known yet”: the indicators that need it cannot be determined and the review must ask for it. “None
        known” means the file was checked and holds none. Every fact names its source.
      </p>
      <Alert type="info" headingLevel="h2" heading="Already known without retyping" slim>
        {carried.length} {carried.length === 1 ? 'fact comes' : 'facts come'} from the intake, the notice and
        INTERPOL Washington’s answers. They are shown in each section below with their source
        {view.recordedAt
          ? `; recorded facts: version ${view.version}, ${formatDateTime(view.recordedAt)} by ${view.recordedBy}`
          : ''}
        .
      </Alert>
      <div id="facts-saved" tabIndex={-1} role="status" aria-live="polite">
        {saved ? (
          <Alert type="success" headingLevel="h2" heading={`Facts recorded (version ${saved.version})`}>
            {saved.changes.length === 0 ? (
              <p className="margin-y-0">The case was screened again; no indicator changed.</p>
            ) : (
              <>
                <p className="margin-top-0">The case was screened again. Indicators that changed:</p>
                <ul>
                  {saved.changes.map((c) => (
                    <li key={c.id}>
                      {c.title}: {outcomeWords(c.from)} → <strong>{outcomeWords(c.to)}</strong>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {saved.superseded ? (
              <p className="margin-bottom-0">
                The review is reopened for the indicators that changed:{' '}
                <Link to={`/cases/${caseId}/review`}>decide them</Link>.
              </p>
            ) : null}
          </Alert>
        ) : null}
      </div>
      {!canRecord ? (
        <p className="usa-hint">
          {closed
            ? 'The case is closed; its facts cannot change.'
            : 'Your role cannot record screening facts. Officers, supervisors and attorneys can.'}
        </p>
      ) : null}
      <ErrorSummary error={m.error} />
      <form
        className="usa-form maxw-tablet-lg"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ facts: pruneFacts(draft), note: note.trim() || null });
        }}
      >
        {section(
          'profile',
          <>
            <FactList
              title="Profiles recorded"
              itemName="Profile"
              specs={PROFILE}
              path="facts.subject.profileTags"
              value={subject.profileTags as Json[] | undefined}
              onChange={set('subject.profileTags')}
              documents={docs}
              error={m.error}
              newItem={() => ({ basis: 'documented' })}
              noneLabel="None known: the file was checked and shows none of these profiles"
            />
            <SourcePicker
              path="facts.subject.source"
              label="Source of the “none known” answers about the person"
              required={false}
              value={subject.source as FactSourceJson | undefined}
              onChange={set('subject.source')}
              documents={docs}
              error={m.error}
            />
          </>,
        )}
        {section(
          'protection',
          subject.protection || !derivedProtection ? (
            <>
              <FactFields
                specs={PROTECTION}
                path="facts.subject.protection"
                value={subject.protection as Json | undefined}
                onChange={set('subject.protection')}
                documents={docs}
                error={m.error}
              />
              <FactList
                title="Protection granted"
                itemName="Grant"
                specs={GRANT}
                path="facts.subject.protection.grants"
                value={at(subject, 'protection.grants') as Json[] | undefined}
                onChange={set('subject.protection.grants')}
                documents={docs}
                error={m.error}
                newItem={() => ({})}
                noneLabel="None: no protection was granted by any country"
              />
            </>
          ) : (
            <Button type="button" outline onClick={() => set('subject.protection')({ ...derivedProtection })}>
              Correct the protection status from the intake
            </Button>
          ),
        )}
        {section(
          'activities',
          <FactList
            title="Public activities"
            itemName="Activity"
            specs={ACTIVITY}
            path="facts.subject.publicActivities"
            value={subject.publicActivities as Json[] | undefined}
            onChange={set('subject.publicActivities')}
            documents={docs}
            error={m.error}
            newItem={() => ({})}
            noneLabel="None known: the file and public sources show no such activity"
          />,
        )}
        {section(
          'claims',
          <FactList
            title="The person’s account"
            itemName="Claim"
            specs={CLAIM}
            path="facts.subject.claims"
            value={subject.claims as Json[] | undefined}
            onChange={set('subject.claims')}
            documents={docs}
            error={m.error}
            newItem={() => ({})}
            noneLabel="None: the person or counsel made no such claim"
          />,
        )}
        {section(
          'context',
          (
            [
              ['assetDispute', 'Business or asset dispute with state-linked actors'],
              ['governmentChange', 'Change of government since the alleged conduct'],
              ['massListingCampaign', 'Part of a mass listing campaign against a group'],
              ['politicalEvent', 'The case arose from an election, a coup allegation or a protest'],
            ] as const
          ).map(([k, label]) => (
            <fieldset key={k} className="usa-fieldset margin-top-2">
              <legend className="usa-legend text-bold">{label}</legend>
              <FactFields
                specs={
                  k === 'politicalEvent'
                    ? [
                        ...FLAG,
                        {
                          key: 'kind',
                          label: 'Kind of event',
                          type: 'select',
                          options: opts(['election', 'coup_allegation', 'protest', 'other']),
                        },
                      ]
                    : FLAG
                }
                path={`facts.context.${k}`}
                value={ctx[k] as Json | undefined}
                onChange={set(`context.${k}`)}
                documents={docs}
                error={m.error}
              />
            </fieldset>
          )),
        )}
        {section(
          'related',
          <FactList
            title="Related persons"
            itemName="Person"
            specs={RELATED}
            path="facts.context.relatedPersons"
            value={ctx.relatedPersons as Json[] | undefined}
            onChange={set('context.relatedPersons')}
            documents={docs}
            error={m.error}
            newItem={() => ({})}
            noneLabel="None known: no relative, colleague or lawyer was also targeted"
          />,
        )}
        {section(
          'decisions',
          <FactList
            title="Prior decisions"
            itemName="Decision"
            specs={DECISION}
            path="facts.priorDecisions"
            value={draft.priorDecisions as Json[] | undefined}
            onChange={set('priorDecisions')}
            documents={docs}
            error={m.error}
            newItem={() => ({})}
            noneLabel="None: the file history was checked and holds no earlier decision"
          />,
        )}
        {section(
          'evidence',
          <FactList
            title="Evidence"
            itemName="Evidence item"
            specs={EVIDENCE}
            path="facts.evidence"
            value={draft.evidence as Json[] | undefined}
            onChange={set('evidence')}
            documents={docs}
            error={m.error}
            newItem={() => ({ basis: 'documented' })}
            noneLabel="None: the person's submissions and the file were checked and show none"
          />,
        )}
        {section(
          'judicial',
          <>
            <fieldset className="usa-fieldset margin-top-2">
              <legend className="usa-legend text-bold">Summary of facts</legend>
              {judicial.summaryOfFacts || !derivedSummary ? (
                <FactFields
                  specs={SUMMARY}
                  path="facts.judicial.summaryOfFacts"
                  value={judicial.summaryOfFacts as Json | undefined}
                  onChange={set('judicial.summaryOfFacts')}
                  documents={docs}
                  error={m.error}
                />
              ) : (
                <Button
                  type="button"
                  outline
                  onClick={() => set('judicial.summaryOfFacts')({ ...derivedSummary })}
                >
                  Correct or complete what was read from the summary
                </Button>
              )}
            </fieldset>
            <fieldset className="usa-fieldset margin-top-2">
              <legend className="usa-legend text-bold">Damage value</legend>
              <FactFields
                specs={DAMAGE}
                path="facts.judicial.damageValue"
                value={judicial.damageValue as Json | undefined}
                onChange={set('judicial.damageValue')}
                documents={docs}
                error={m.error}
              />
            </fieldset>
            <fieldset className="usa-fieldset margin-top-2">
              <legend className="usa-legend text-bold">Organisation and its designation</legend>
              <FactFields
                specs={ORGANISATION}
                path="facts.judicial.organisation"
                value={judicial.organisation as Json | undefined}
                onChange={set('judicial.organisation')}
                documents={docs}
                error={m.error}
              />
            </fieldset>
            <FactFields
              specs={JUDICIAL_FLAGS}
              path="facts.judicial"
              value={judicial}
              onChange={(x) => set('judicial')(x)}
              documents={docs}
              error={m.error}
              withSource={false}
            />
            <p className="usa-hint">
              The charges, laws and penalties come from the warrants on the notice:{' '}
              <Link to={`/cases/${caseId}/charges`}>change the charges and penalties</Link>.
            </p>
          </>,
        )}
        {section(
          'extradition',
          <>
            <FactFields
              specs={EXTRADITION}
              path="facts.extradition"
              value={draft.extradition as Json | undefined}
              onChange={set('extradition')}
              documents={docs}
              error={m.error}
            />
            <FactList
              title="Extradition requests"
              itemName="Request"
              specs={EXTRADITION_REQUEST}
              path="facts.extradition.requests"
              value={at(draft, 'extradition.requests') as Json[] | undefined}
              onChange={set('extradition.requests')}
              documents={docs}
              error={m.error}
              newItem={() => ({})}
              noneLabel="None: the requesting state has made no extradition request"
            />
          </>,
        )}
        {section(
          'notice',
          <FactFields
            specs={NOTICE}
            path="facts.notice"
            value={draft.notice as Json | undefined}
            onChange={set('notice')}
            documents={docs}
            error={m.error}
          />,
        )}
        {docs.some((d) => d.hint) ? (
          <section aria-labelledby="facts-docs-h" className="margin-top-4">
            <h2 id="facts-docs-h">Documents on the case that may hold screening facts</h2>
            <ul>
              {docs
                .filter((d) => d.hint)
                .map((d) => (
                  <li key={d.id}>
                    <strong>{d.title}</strong> ({d.origin}): {d.hint}
                  </li>
                ))}
            </ul>
          </section>
        ) : null}
        {canRecord ? (
          <div className="margin-top-4">
            <Field
              path="note"
              label="Note on this version (optional)"
              hint="For example: what was received and checked."
              kind="textarea"
              error={m.error}
              value={note}
              onChange={setNote}
            />
            <Button type="submit" className="margin-top-2">
              {m.isPending ? 'Recording…' : 'Record the facts and screen the case again'}
            </Button>
          </div>
        ) : null}
      </form>
    </>
  );
}
