// Legacy import (administrators): upload a CSV or JSON-lines file of legacy case records, follow the
// import's progress, and download the rows that were rejected (docs/legacy-import.md).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, FormGroup, Label, Select, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { ApiError, currentCsrfToken, get, pollGet } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { OfficeName } from '../app/offices.tsx';
import {
  ErrorSummary,
  FieldErrorText,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';

type Runs = Res<'/imports', 'get'>;
type Run = Res<'/imports/{id}', 'get'>;

const STATUS_TEXT: Record<Run['status'], string> = {
  running: 'Running',
  completed: 'Finished',
  rejected: 'Nothing imported: rows were rejected and the import was all or nothing',
  failed: 'Stopped by an error: start the same file again to resume',
};

function duration(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

async function upload(form: FormData): Promise<{ id: string; resumed: boolean }> {
  const token = currentCsrfToken();
  const res = await fetch('/api/v1/imports', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json, application/problem+json',
      ...(token ? { 'x-csrf-token': token } : {}),
    },
  });
  const data = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError({
      status: res.status,
      code: 'error',
      detail: `The server answered ${res.status}.`,
      ...data,
    });
  return data;
}

/** The query of one run. Progress is polled by the page on its own: passive, so an unattended session still times out. */
const runQuery = (id: string | null) => ({
  queryKey: ['import', id],
  queryFn: ({ signal }: { signal: AbortSignal }) => pollGet<Run>(`/imports/${id}`, undefined, signal),
});

function Progress({ id }: { id: string }) {
  const q = useQuery({
    ...runQuery(id),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
  if (q.isPending) return <Loading what="the import" />;
  if (q.isError) return <LoadError error={q.error} />;
  const r = q.data;
  const percent = r.bytesTotal > 0 ? Math.min(100, Math.round((r.bytesRead / r.bytesTotal) * 100)) : 100;
  const running = r.status === 'running';
  return (
    <section aria-labelledby="progress-heading" className="margin-top-4">
      <h2 id="progress-heading">
        Import of {r.fileName}: {STATUS_TEXT[r.status]}
      </h2>
      <label htmlFor="import-progress" className="usa-label">
        {r.phase === 'check' && running ? 'Checking every row' : 'Progress'}: {percent}% of the file read
      </label>
      <progress id="import-progress" max={100} value={percent} className="width-full">
        {percent}%
      </progress>
      <p role="status" aria-live="polite">
        {r.rowsSeen} rows read: {r.created} cases created, {r.updated} updated, {r.unchanged} unchanged,{' '}
        {r.rejected} rows rejected.
        {running && ` ${r.rowsPerSecond ?? 0} rows per second; about ${duration(r.secondsLeft)} left.`}
      </p>
      <dl>
        <dt>Source system</dt>
        <dd>{r.source}</dd>
        <dt>Office</dt>
        <dd>
          <OfficeName code={r.officeId} />
        </dd>
        <dt>File SHA-256</dt>
        <dd className="font-mono-xs text-wrap" style={{ overflowWrap: 'anywhere' }}>
          {r.sha256}
        </dd>
        <dt>Started</dt>
        <dd>{formatDateTime(r.startedAt)}</dd>
        {r.finishedAt && (
          <>
            <dt>Finished</dt>
            <dd>{formatDateTime(r.finishedAt)}</dd>
          </>
        )}
      </dl>
      {r.failure && (
        <Alert type="error" headingLevel="h3" heading="The import stopped" slim={false}>
          {r.failure}
        </Alert>
      )}
      {r.rejected > 0 && (
        <p>
          <a className="usa-button usa-button--outline" href={`/api/v1/imports/${r.id}/errors.csv`} download>
            Download the rejected rows (CSV: line, field, reason)
          </a>
        </p>
      )}
    </section>
  );
}

export default function ImportPage() {
  const client = useQueryClient();
  const runs = useQuery({
    queryKey: ['imports'],
    queryFn: ({ signal }) => get<Runs>('/imports', undefined, signal),
  });
  const [current, setCurrent] = useState<string | null>(null);
  // the run being followed, as its progress polls last read it (the list below shows it, not the list's
  // older copy read when the page opened)
  const live = useQuery({ ...runQuery(current), enabled: false });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [resumed, setResumed] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await upload(new FormData(e.currentTarget));
      setCurrent(r.id);
      setResumed(r.resumed);
      await client.invalidateQueries({ queryKey: ['imports'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (runs.isPending) return <Loading what="the imports" />;
  if (runs.isError) return <LoadError error={runs.error} />;
  return (
    <>
      <PageHeading title="Import legacy records" />
      <p className="usa-intro">
        Bring the records of another system in as cases. Each record becomes a legacy case of the office you
        choose, screened and with its gates evaluated like any other case: most will be blocked until they are
        reviewed. Importing the same file again changes only the records that changed; an import that was
        stopped continues where it stopped. The file format is described in the documentation (Legacy import).
      </p>
      <ErrorSummary error={error} />
      <Form onSubmit={submit} className="maxw-tablet" noValidate>
        <FormGroup>
          <Label htmlFor="import-file">File (CSV or JSON lines, UTF-8)</Label>
          <input
            id="import-file"
            name="file"
            type="file"
            className="usa-file-input"
            accept=".csv,.jsonl,.ndjson,.json"
            required
          />
          <FieldErrorText error={error} path="file" />
        </FormGroup>
        <FormGroup>
          <Label htmlFor="import-source">Source system</Label>
          <span className="usa-hint" id="import-source-hint">
            The system the records come from. With each record's external id it identifies the record.
          </span>
          <TextInput
            id="import-source"
            name="source"
            type="text"
            aria-describedby="import-source-hint"
            defaultValue="LEGACY-EARM"
            required
          />
          <FieldErrorText error={error} path="source" />
        </FormGroup>
        <FormGroup>
          <Label htmlFor="import-office">Office</Label>
          <Select id="import-office" name="officeId" required>
            {runs.data.offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.id})
              </option>
            ))}
          </Select>
          <FieldErrorText error={error} path="officeId" />
        </FormGroup>
        <Checkbox
          id="import-all"
          name="allOrNothing"
          value="true"
          label="All or nothing: import nothing if any row is rejected"
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload and import'}
        </Button>
      </Form>
      {resumed && (
        <Alert type="info" headingLevel="h2" heading="Resuming" slim role="status">
          This file was being imported before; the import continues after the last saved row.
        </Alert>
      )}
      {current && <Progress id={current} />}
      <h2>Earlier imports</h2>
      {runs.data.items.length === 0 ? (
        <p>No file has been imported yet.</p>
      ) : (
        <table className="usa-table usa-table--borderless">
          <caption className="usa-sr-only">Earlier imports</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Updated</th>
              <th scope="col">Rejected</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((listed) => {
              const r = live.data?.id === listed.id ? live.data : listed;
              return (
                <tr key={r.id}>
                  <th scope="row">
                    <Button type="button" unstyled onClick={() => setCurrent(r.id)}>
                      {r.fileName}
                    </Button>
                  </th>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>{STATUS_TEXT[r.status]}</td>
                  <td>{r.created}</td>
                  <td>{r.updated}</td>
                  <td>{r.rejected}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
