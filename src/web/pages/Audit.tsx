// Audit (auditors): search the tamper-evident audit log and verify its hash chain and signed checkpoints.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, FormGroup, Label, Select, Tag } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Field, ScrollTable } from '../admin/shared.tsx';
import { ApiError, get, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import {
  ErrorSummary,
  fieldId,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';

type AuditPage = Res<'/audit', 'get'>;
type VerifyReport = Res<'/audit/verify', 'post'>;

const PAGE_SIZE = 50;
const KNOWN_ACTIONS = [
  'session.login',
  'session.logout',
  'case.create',
  'case.read',
  'case.update',
  'case.close',
  'approval.decide',
  'authorization.create',
  'review.record',
  'screening.run',
  'liaison.request',
  'contest.decide',
  'training.record',
  'training.import',
  'user.create',
  'user.disable',
  'user.enable',
  'user.release_lockout',
  'policy.update',
  'country_context.add',
  'country_context.update',
  'audit.search',
  'audit.verify',
];

interface Filters {
  actor: string;
  action: string;
  caseId: string;
  outcome: string;
  /** 'true': only approvals decided against the advice (overrides). */
  override: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { actor: '', action: '', caseId: '', outcome: '', override: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkFilters(f: Filters) {
  const errors = [];
  if (f.caseId && !UUID.test(f.caseId))
    errors.push({
      field: 'caseId',
      message: 'Enter the case id exactly as shown on the case page (a UUID).',
    });
  if (f.from && !DATE.test(f.from)) errors.push({ field: 'from', message: 'Enter the date as YYYY-MM-DD.' });
  if (f.to && !DATE.test(f.to)) errors.push({ field: 'to', message: 'Enter the date as YYYY-MM-DD.' });
  if (errors.length)
    return new ApiError({ status: 422, code: 'invalid_input', detail: 'Correct the search.', errors });
  return null;
}

function OutcomeTag({ outcome }: { outcome: string }) {
  if (outcome === 'ok') return <Tag className="bg-green">Done</Tag>;
  if (outcome === 'denied') return <Tag className="bg-gold text-ink">Refused</Tag>;
  return <Tag className="bg-secondary-dark">Failed</Tag>;
}

export default function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [formError, setFormError] = useState<ApiError | null>(null);
  // Keyset paging: each page starts below the smallest seq of the page before.
  const [cursors, setCursors] = useState<number[]>([]);
  const beforeSeq = cursors.at(-1);
  const results = useQuery({
    queryKey: ['audit', filters, beforeSeq],
    queryFn: () =>
      get<AuditPage>('/audit', {
        actor: filters.actor.trim(),
        action: filters.action.trim(),
        caseId: filters.caseId.trim(),
        outcome: filters.outcome,
        override: filters.override,
        from: filters.from,
        to: filters.to,
        beforeSeq,
        limit: PAGE_SIZE,
      }),
  });
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
                path="actor"
                label="Who (username)"
                hint="The exact username, for example supervisor."
                error={error}
                value={draft.actor}
                onChange={set('actor')}
              />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <FormGroup>
                <Label htmlFor={fieldId('action')}>Action</Label>
                <div className="usa-hint" id={`${fieldId('action')}-hint`}>
                  For example case.create or user.disable.
                </div>
                <input
                  id={fieldId('action')}
                  name="action"
                  className="usa-input"
                  list="audit-actions"
                  value={draft.action}
                  aria-describedby={`${fieldId('action')}-hint`}
                  onChange={(e) => set('action')(e.target.value)}
                />
                <datalist id="audit-actions">
                  {KNOWN_ACTIONS.map((a) => (
                    <option key={a} value={a} />
                  ))}
                </datalist>
              </FormGroup>
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <FormGroup>
                <Label htmlFor={fieldId('outcome')}>Outcome</Label>
                <Select
                  id={fieldId('outcome')}
                  name="outcome"
                  value={draft.outcome}
                  onChange={(e) => set('outcome')(e.target.value)}
                >
                  <option value="">Any outcome</option>
                  <option value="ok">Done</option>
                  <option value="denied">Refused</option>
                  <option value="failed">Failed</option>
                </Select>
              </FormGroup>
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <FormGroup>
                <Label htmlFor={fieldId('override')}>Approvals against the advice</Label>
                <div className="usa-hint" id={`${fieldId('override')}-hint`}>
                  Overrides: approvals decided although the review advised “do not act” or the legal review
                  concluded “do not proceed”.
                </div>
                <Select
                  id={fieldId('override')}
                  name="override"
                  value={draft.override}
                  aria-describedby={`${fieldId('override')}-hint`}
                  onChange={(e) => set('override')(e.target.value)}
                >
                  <option value="">Every entry</option>
                  <option value="true">Only overrides</option>
                  <option value="false">Only approvals that followed the advice</option>
                </Select>
              </FormGroup>
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <Field
                path="caseId"
                label="Case id"
                hint="The id shown on the case page."
                error={error}
                value={draft.caseId}
                onChange={set('caseId')}
              />
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
                  <th scope="col">Record</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.seq}>
                    <th scope="row">{e.seq}</th>
                    <td>{formatDateTime(e.at)}</td>
                    <td>
                      {e.actorUsername}
                      {e.actorRole ? <div className="font-body-2xs">{e.actorRole}</div> : null}
                    </td>
                    <td>
                      <code>{e.action}</code>
                      {e.detail?.override === true ? (
                        <>
                          {' '}
                          <Tag className="bg-secondary-dark">Override</Tag>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <OutcomeTag outcome={e.outcome} />
                    </td>
                    <td>
                      {e.caseId ? (
                        <Link to={`/cases/${e.caseId}`}>Case {e.caseId.slice(0, 8)}</Link>
                      ) : (
                        (e.entityType ?? '—')
                      )}
                    </td>
                    <td>
                      {Object.keys(e.detail ?? {}).length ? (
                        <details>
                          <summary>Show details</summary>
                          <pre className="font-mono-3xs maxw-mobile-lg" style={{ whiteSpace: 'pre-wrap' }}>
                            {JSON.stringify(e.detail, null, 2)}
                          </pre>
                        </details>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
                {items.length === 0 ? (
                  <tr>
                    <td colSpan={7}>No entries match this search.</td>
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
