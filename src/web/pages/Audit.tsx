// Audit (auditors): search the tamper-evident audit log in plain words (by case number, person, action, office,
// date and kind of override) and verify its hash chain and signed checkpoints.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, FormGroup, Label, Select, Tag } from '@trussworks/react-uswds';
import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ACTION_CHOICES } from '../../domain/audit-actions.ts';
import { Field, ScrollTable } from '../admin/shared.tsx';
import { ApiError, get, post } from '../api/client.ts';
import { type Res, ROLE_LABELS, type Role } from '../api/types.ts';
import { OfficeName, useOffices } from '../app/offices.tsx';
import {
  ErrorSummary,
  fieldId,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { DetailList, type NamedPerson, plainKey } from '../components/DetailList.tsx';

type AuditPage = Res<'/audit', 'get'>;
type AuditEntry = AuditPage['items'][number];
type VerifyReport = Res<'/audit/verify', 'post'>;

const PAGE_SIZE = 50;

interface Filters {
  caseNumber: string;
  /** The person's user id (picked by display name). */
  actorId: string;
  action: string;
  officeId: string;
  outcome: string;
  /** Which overrides: '' every entry; see OVERRIDE_CHOICES. */
  override: string;
  from: string;
  to: string;
}
const EMPTY: Filters = {
  caseNumber: '',
  actorId: '',
  action: '',
  officeId: '',
  outcome: '',
  override: '',
  from: '',
  to: '',
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const OVERRIDE_CHOICES: ReadonlyArray<[string, string]> = [
  ['', 'Every entry'],
  ['any', 'Every override: approvals against the advice and exigencies approved'],
  ['true', 'Only approvals against the advice'],
  ['exigency', 'Only exigencies approved'],
  ['false', 'Only approvals that followed the advice'],
];

function checkFilters(f: Filters) {
  const errors = [];
  if (f.from && !DATE.test(f.from)) errors.push({ field: 'from', message: 'Enter the date as YYYY-MM-DD.' });
  if (f.to && !DATE.test(f.to)) errors.push({ field: 'to', message: 'Enter the date as YYYY-MM-DD.' });
  if (f.from && f.to && DATE.test(f.from) && DATE.test(f.to) && f.from > f.to)
    errors.push({ field: 'to', message: 'The last day must be on or after the first day.' });
  if (errors.length)
    return new ApiError({ status: 422, code: 'invalid_input', detail: 'Correct the search.', errors });
  return null;
}

function OutcomeTag({ outcome }: { outcome: string }) {
  if (outcome === 'ok') return <Tag className="bg-green">Done</Tag>;
  if (outcome === 'denied') return <Tag className="bg-gold text-ink">Refused</Tag>;
  return <Tag className="bg-secondary-dark">Failed</Tag>;
}

const roleLabel = (role: string | null) => (role ? (ROLE_LABELS[role as Role] ?? role) : null);

/** Whether the entry overrode a safeguard: an approval against the advice, or an exigency approved. */
const isOverride = (e: AuditEntry) =>
  (e.action === 'approval.decide' && e.detail.override === true) ||
  (e.action === 'exigency.decide' && e.detail.decision === 'approved' && e.outcome === 'ok');

/** Who acted: the display name, with the username and role in small text. */
function Who({ e }: { e: AuditEntry }) {
  const role = roleLabel(e.actorRole);
  if (!e.actorName)
    return (
      <>
        {e.actorUsername}
        <div className="font-body-2xs">{role ?? 'Not a user account'}</div>
      </>
    );
  return (
    <>
      {e.actorName}
      <div className="font-body-2xs">
        {e.actorUsername}
        {role ? `, ${role}` : ''}
      </div>
    </>
  );
}

export default function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [formError, setFormError] = useState<ApiError | null>(null);
  // Keyset paging: each page starts below the smallest entry number of the page before.
  const [cursors, setCursors] = useState<number[]>([]);
  const beforeSeq = cursors.at(-1);
  const results = useQuery({
    queryKey: ['audit', filters, beforeSeq],
    queryFn: () =>
      get<AuditPage>('/audit', {
        caseNumber: filters.caseNumber.trim(),
        actorId: filters.actorId,
        action: filters.action,
        officeId: filters.officeId,
        outcome: filters.outcome,
        override: filters.override,
        from: filters.from,
        to: filters.to,
        beforeSeq,
        limit: PAGE_SIZE,
      }),
  });
  const names = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => get<Res<'/users/names', 'get'>>('/users/names'),
    staleTime: 5 * 60_000,
  });
  const offices = useOffices();
  // User ids in an entry's details are shown as "name (role)".
  const people = useMemo(
    () =>
      Object.fromEntries(
        (names.data?.items ?? []).map((u): [string, NamedPerson] => [
          u.id,
          { displayName: u.displayName, roleLabel: u.roleLabel },
        ]),
      ),
    [names.data],
  );
  const set = (k: keyof Filters) => (v: string) => setDraft((o) => ({ ...o, [k]: v }));
  const search = (e: FormEvent) => {
    e.preventDefault();
    const err = checkFilters(draft);
    setFormError(err);
    if (err) return;
    setFilters({ ...draft });
    setCursors([]);
  };
  const items = results.data?.items ?? [];
  const error = formError ?? results.error;
  const select = (
    path: keyof Filters,
    label: string,
    hint: string | null,
    options: ReadonlyArray<[string, string]>,
  ) => (
    <FormGroup>
      <Label htmlFor={fieldId(path)}>{label}</Label>
      {hint ? (
        <div className="usa-hint" id={`${fieldId(path)}-hint`}>
          {hint}
        </div>
      ) : null}
      <Select
        id={fieldId(path)}
        name={path}
        value={draft[path]}
        aria-describedby={hint ? `${fieldId(path)}-hint` : undefined}
        onChange={(e) => set(path)(e.target.value)}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </Select>
    </FormGroup>
  );
  return (
    <>
      <PageHeading title="Audit log" />
      <p className="usa-intro">
        Every action in Redline, including every refusal and every read of case data, is written to an
        append-only log. Each entry carries a hash of the one before it, and signed checkpoints seal the
        chain, so any change to past entries can be detected.
      </p>
      <Verify />
      <section aria-labelledby="search-heading" className="margin-top-4">
        <h2 id="search-heading">Search the log</h2>
        <ErrorSummary
          error={
            formError ??
            (results.error instanceof ApiError && results.error.status === 422 ? results.error : null)
          }
          heading="The search could not run"
        />
        <Form onSubmit={search} className="maxw-full" noValidate>
          <div className="grid-row grid-gap">
            <div className="grid-col-12 tablet:grid-col-4">
              <Field
                path="caseNumber"
                label="Case number"
                hint="As shown on the case page, for example RL-2026-000123."
                error={error}
                value={draft.caseNumber}
                onChange={set('caseNumber')}
                autoComplete="off"
              />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              {select('actorId', 'Who', null, [
                ['', 'Anyone'],
                ...(names.data?.items ?? []).map((u): [string, string] => [
                  u.id,
                  `${u.displayName} (${u.roleLabel})`,
                ]),
              ])}
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              {select('action', 'Action', null, [
                ['', 'Any action'],
                ...ACTION_CHOICES.map((a): [string, string] => [a.action, a.label]),
              ])}
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              {select('officeId', 'Office', 'Entries about the cases of this office.', [
                ['', 'Every office'],
                ...(offices.data?.items ?? []).map((o): [string, string] => [o.id, o.name]),
              ])}
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              {select('outcome', 'Outcome', null, [
                ['', 'Any outcome'],
                ['ok', 'Done'],
                ['denied', 'Refused'],
                ['failed', 'Failed'],
              ])}
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              {select(
                'override',
                'Safeguards overridden',
                'Approvals decided although the review advised “do not act” or the legal review concluded “do not proceed”, and exigencies: reliance on a notice before the person’s contest was over.',
                OVERRIDE_CHOICES,
              )}
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <Field
                path="from"
                label="From date"
                hint="YYYY-MM-DD (UTC), included."
                error={error}
                value={draft.from}
                onChange={set('from')}
              />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <Field
                path="to"
                label="To date"
                hint="YYYY-MM-DD (UTC), included."
                error={error}
                value={draft.to}
                onChange={set('to')}
              />
            </div>
          </div>
          <Button type="submit">Search</Button>
          <Button
            type="button"
            outline
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              setCursors([]);
              setFormError(null);
            }}
          >
            Clear the search
          </Button>
        </Form>
        <p className="font-body-2xs">Your searches are themselves recorded in the audit log.</p>
        {results.isPending ? <Loading what="audit entries" /> : null}
        {results.error && !(results.error instanceof ApiError && results.error.status === 422) ? (
          <LoadError error={results.error} />
        ) : null}
        {results.data ? (
          <>
            <ScrollTable label="Audit entries" caption="Audit entries, newest first">
              <thead>
                <tr>
                  <th scope="col">Entry</th>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Case</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.seq}>
                    <th scope="row">{e.seq}</th>
                    <td>{formatDateTime(e.at)}</td>
                    <td>
                      <Who e={e} />
                    </td>
                    <td>
                      {e.actionLabel}
                      {isOverride(e) ? (
                        <>
                          {' '}
                          <Tag className="bg-secondary-dark">Override</Tag>
                        </>
                      ) : null}
                      {e.summary && e.summary.toLowerCase() !== e.actionLabel.toLowerCase() ? (
                        <div className="font-body-2xs">{e.summary.replace(/^./, (c) => c.toUpperCase())}</div>
                      ) : null}
                    </td>
                    <td>
                      <OutcomeTag outcome={e.outcome} />
                    </td>
                    <td>
                      {e.caseId ? (
                        <>
                          <Link to={`/cases/${e.caseId}`}>{e.caseNumber ?? 'The case'}</Link>
                          {e.officeId ? (
                            <div className="font-body-2xs">
                              <OfficeName code={e.officeId} />
                            </div>
                          ) : null}
                        </>
                      ) : e.entityType ? (
                        plainKey(e.entityType)
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {Object.keys(e.detail ?? {}).length ? (
                        <details>
                          <summary>Show details</summary>
                          <DetailList detail={e.detail} people={people} className="maxw-mobile-lg" />
                        </details>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
                {items.length === 0 ? (
                  <tr>
                    <td colSpan={7}>
                      No entries match this search.
                      {filters.caseNumber
                        ? ' Check the case number: an unknown number gives no entries.'
                        : ''}
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </ScrollTable>
            <nav aria-label="Pages of audit entries" className="margin-y-2">
              <p className="margin-y-1" aria-live="polite">
                Page {cursors.length + 1}: {items.length} {items.length === 1 ? 'entry' : 'entries'}
                {items.length ? `, entries ${items.at(-1)?.seq} to ${items[0]?.seq}` : ''}.
              </p>
              {cursors.length > 0 ? (
                <Button type="button" outline onClick={() => setCursors((c) => c.slice(0, -1))}>
                  Newer entries
                </Button>
              ) : null}
              {items.length === PAGE_SIZE ? (
                <Button
                  type="button"
                  outline
                  onClick={() => setCursors((c) => [...c, items.at(-1)?.seq ?? 0])}
                >
                  Older entries
                </Button>
              ) : null}
            </nav>
          </>
        ) : null}
      </section>
    </>
  );
}

function Verify() {
  const m = useMutation({ mutationFn: () => post<VerifyReport>('/audit/verify') });
  const r = m.data;
  return (
    <section aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify the chain</h2>
      <p>
        Verification recomputes the hash of every entry from the first to the newest and checks each signed
        checkpoint. It takes a moment on a large log.
      </p>
      <Button type="button" onClick={() => m.mutate()}>
        {m.isPending ? 'Verifying…' : 'Verify the audit chain'}
      </Button>
      <div aria-live="polite" className="margin-top-2">
        {m.isPending ? <p>Verifying the chain…</p> : null}
        {m.error ? <LoadError error={m.error} /> : null}
        {r?.ok ? (
          <Alert type="success" headingLevel="h3" heading="The chain is intact" slim={false}>
            All {r.entries} entries check out
            {r.headSeq !== null ? `, up to and including entry ${r.headSeq}` : ''}. {r.checkpointsChecked}{' '}
            signed{' '}
            {r.checkpointsChecked === 1
              ? 'checkpoint was checked and matches'
              : 'checkpoints were checked and match'}
            . No entry has been changed, removed or inserted.
          </Alert>
        ) : null}
        {r && !r.ok ? (
          <Alert type="error" headingLevel="h3" heading="The chain is broken" slim={false}>
            <p className="margin-top-0">
              {r.firstBad
                ? `The first bad entry is ${r.firstBad.seq !== null ? `entry ${r.firstBad.seq}` : 'a checkpoint'}: ${r.firstBad.problem}.`
                : 'A problem was found.'}{' '}
              Entries before it are intact. {r.checkpointsChecked} checkpoints were checked out of {r.entries}{' '}
              entries.
            </p>
            {r.problems.length > 1 ? (
              <ul>
                {r.problems.slice(0, 20).map((p) => (
                  <li key={`${p.seq}:${p.problem}`}>
                    {p.seq !== null ? `Entry ${p.seq}` : 'Checkpoint'}: {p.problem}
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="margin-bottom-0">
              This can mean the log was tampered with. Keep the evidence and report it to your security
              officer; do not try to repair the log.
            </p>
          </Alert>
        ) : null}
      </div>
    </section>
  );
}
