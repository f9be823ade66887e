// Bulk re-screening: launch a re-screening of every case or of a filtered set under the current ruleset,
// watch it progress live, pause, resume or cancel it. Supervisors re-screen their own office only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, ButtonGroup, Form, Label, Select, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { ApiError, get, pollGet, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { useOfficeName } from '../app/offices.tsx';
import { ErrorSummary, formatDate, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

type RunList = Res<'/rescreen-runs', 'get'>;
type Run = RunList['runs'][number];

const STATE_TEXT: Record<Run['state'], string> = {
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  failed: 'Stopped by an error',
  cancelled: 'Cancelled',
};

function describeFilter(f: Run['filter'], officeName: (code: string) => string): string {
  const parts: string[] = [];
  if (f.officeId) parts.push(officeName(f.officeId));
  if (f.issuingCountry) parts.push(`notices from ${f.issuingCountry}`);
  if (f.status) parts.push(`cases ${f.status}`);
  if (f.legacy === true) parts.push('imported (legacy) cases');
  else if (typeof f.legacy === 'string') parts.push(`imported from ${f.legacy}`);
  return parts.length ? parts.join(', ') : 'every case';
}

export default function RescreenPage() {
  const qc = useQueryClient();
  const runs = useQuery({
    queryKey: ['rescreen-runs'],
    // The first read counts as activity; the page's own refreshes (live progress while a run is running)
    // are passive, so an unattended session still times out.
    queryFn: () => (qc.getQueryData(['rescreen-runs']) ? pollGet : get)<RunList>('/rescreen-runs'),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.state === 'running') ? 1000 : false),
  });
  const change = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'cancel' }) =>
      post<Run>(`/rescreen-runs/${id}/${action}`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['rescreen-runs'] }),
  });
  const active = runs.data?.runs.find(
    (r) => r.state === 'running' || r.state === 'paused' || r.state === 'failed',
  );

  return (
    <>
      <PageHeading title="Re-screen cases" />
      <p className="usa-intro">
        Screen every case again, or a chosen set, under the current screening rules and country context. Each
        case gets a new screening only when its result could change, with what changed since its previous
        screening. The work runs in the background; you can pause it and resume it later.
      </p>
      {change.error ? <ErrorSummary error={change.error} /> : null}
      {runs.isPending ? <Loading what="re-screenings" /> : null}
      {runs.error ? <LoadError error={runs.error} /> : null}
      {active ? (
        <RunProgress
          run={active}
          busy={change.isPending}
          onChange={(action) => change.mutate({ id: active.id, action })}
        />
      ) : runs.data ? (
        <LaunchForm />
      ) : null}
      {runs.data && runs.data.runs.length > 0 ? <History runs={runs.data.runs} /> : null}
    </>
  );
}

function RunProgress({
  run,
  busy,
  onChange,
}: {
  run: Run;
  busy: boolean;
  onChange: (a: 'pause' | 'resume' | 'cancel') => void;
}) {
  const officeName = useOfficeName();
  const pct = run.total > 0 ? Math.floor((run.processed / run.total) * 100) : 100;
  return (
    <section aria-labelledby="run-heading" className="margin-top-3">
      <h2 id="run-heading">Current re-screening: {STATE_TEXT[run.state]}</h2>
      <p>
        {describeFilter(run.filter, officeName)} · rules version {run.rulesetVersion} · launched by{' '}
        {run.createdByName} on {formatDate(run.createdAt)}
      </p>
      <label htmlFor="run-progress">
        {run.processed.toLocaleString('en-US')} of {run.total.toLocaleString('en-US')} cases re-screened (
        {pct}%)
      </label>
      <progress
        id="run-progress"
        max={run.total || 1}
        value={run.processed}
        style={{ width: '100%', height: '1.5rem' }}
      />
      <p aria-live="polite">
        {run.stored.toLocaleString('en-US')} new screenings, {run.changed.toLocaleString('en-US')} with a
        changed outcome or advice, {run.reviewsSuperseded.toLocaleString('en-US')} reviews to decide again.
      </p>
      {run.lastError ? (
        <Alert type="error" headingLevel="h3" heading="The re-screening stopped on an error">
          {run.lastError} Resume it to continue from where it stopped.
        </Alert>
      ) : null}
      <ButtonGroup>
        {run.state === 'running' ? (
          <Button type="button" disabled={busy} onClick={() => onChange('pause')}>
            Pause
          </Button>
        ) : (
          <Button type="button" disabled={busy} onClick={() => onChange('resume')}>
            Resume
          </Button>
        )}
        <Button type="button" outline disabled={busy} onClick={() => onChange('cancel')}>
          Cancel the re-screening
        </Button>
      </ButtonGroup>
    </section>
  );
}

function LaunchForm() {
  const qc = useQueryClient();
  const { hasRole } = useSession();
  const [country, setCountry] = useState('');
  const [status, setStatus] = useState('');
  const [legacy, setLegacy] = useState('');
  const launch = useMutation({
    mutationFn: () =>
      post<Run>('/rescreen-runs', {
        filter: {
          ...(country.trim() ? { issuingCountry: country.trim().toUpperCase() } : {}),
          ...(status ? { status } : {}),
          ...(legacy === 'all' ? { legacy: true } : legacy.trim() ? { legacy: legacy.trim() } : {}),
        },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['rescreen-runs'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    launch.mutate();
  };
  const fieldErr = launch.error instanceof ApiError ? launch.error : null;
  return (
    <section aria-labelledby="launch-heading" className="margin-top-3">
      <h2 id="launch-heading">Launch a re-screening</h2>
      {hasRole('supervisor') ? <p>As a supervisor you re-screen the cases of your own office.</p> : null}
      {launch.error ? <ErrorSummary error={launch.error} /> : null}
      <Form onSubmit={submit} large>
        <Label htmlFor="rescreen-country" hint=" (optional, two letters, e.g. RU)">
          Only cases with a notice from this country
        </Label>
        <TextInput
          id="rescreen-country"
          name="country"
          type="text"
          maxLength={2}
          value={country}
          onChange={(e) => setCountry(e.target.value)}
          validationStatus={
            fieldErr?.fields.some((f) => f.field.includes('issuingCountry')) ? 'error' : undefined
          }
        />
        <Label htmlFor="rescreen-status">Only cases in this state (optional)</Label>
        <Select id="rescreen-status" name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any state</option>
          <option value="open">Open</option>
          <option value="authorized">Authorized</option>
          <option value="closed">Closed</option>
        </Select>
        <Label htmlFor="rescreen-legacy" hint=" (optional: all, or the source named at import)">
          Only imported (legacy) cases
        </Label>
        <TextInput
          id="rescreen-legacy"
          name="legacy"
          type="text"
          maxLength={64}
          value={legacy}
          onChange={(e) => setLegacy(e.target.value)}
          validationStatus={fieldErr?.fields.some((f) => f.field.includes('legacy')) ? 'error' : undefined}
        />
        <Button type="submit" disabled={launch.isPending}>
          Re-screen
        </Button>
      </Form>
    </section>
  );
}

function History({ runs }: { runs: Run[] }) {
  const officeName = useOfficeName();
  return (
    <section aria-labelledby="history-heading" className="margin-top-4">
      <h2 id="history-heading">Re-screenings</h2>
      <table className="usa-table usa-table--borderless">
        <caption className="usa-sr-only">Latest re-screenings</caption>
        <thead>
          <tr>
            <th scope="col">Launched</th>
            <th scope="col">Cases</th>
            <th scope="col">State</th>
            <th scope="col">Re-screened</th>
            <th scope="col">New screenings</th>
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                {formatDate(r.createdAt)} by {r.createdByName}
              </td>
              <td>{describeFilter(r.filter, officeName)}</td>
              <td>{STATE_TEXT[r.state]}</td>
              <td>
                {r.processed.toLocaleString('en-US')} / {r.total.toLocaleString('en-US')}
              </td>
              <td>{r.stored.toLocaleString('en-US')}</td>
              <td>{r.changed.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
