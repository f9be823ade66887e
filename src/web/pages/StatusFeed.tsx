// The notice-status feed for INTERPOL Washington liaison staff: upload the CSV or JSON file INTERPOL
// Washington sent, follow the import batch by batch, and read the line-by-line report (the same file the
// `redline notices import-status` command takes; docs/notifications.md). Each batch goes through the API
// (POST /notices/status-feed), so the permission, the checks and the effect of each update are the API's.
import { Alert, Button, Form, FormGroup, Label } from '@trussworks/react-uswds';
import { parse as parseCsv } from 'csv-parse/browser/esm/sync';
import { type FormEvent, useState } from 'react';
import { type CsvParse, type FeedLine, parseFeedText } from '../../domain/status-feed-file.ts';
import { ApiError, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { PageHeading } from '../components/common.tsx';

type Report = Res<'/notices/status-feed', 'post'>;
type Result = Report['results'][number];

/** Updates sent in one request: small enough that progress moves, far under the API's limit. */
const BATCH = 50;
/** The most updates one file may hold (the command's limit). */
const MAX_ITEMS = 5000;

/** The file's updates with their line numbers (the same reader as the command's). */
export function parseFeed(name: string, content: string): FeedLine[] {
  return parseFeedText(name, content, parseCsv as CsvParse);
}

const OUTCOME_TEXT: Record<Result['outcome'], string> = {
  applied: 'Applied',
  unchanged: 'Already had this status',
  already_recorded: 'Already recorded',
  error: 'Not applied',
};

export default function StatusFeedPage() {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<Result[]>([]);
  const [stopped, setStopped] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setFileError(null);
    setStopped(null);
    setResults([]);
    if (!file) {
      setFileError('Choose the file INTERPOL Washington sent (CSV or JSON).');
      return;
    }
    let lines: FeedLine[];
    try {
      lines = parseFeed(file.name, await file.text());
    } catch (err) {
      setFileError(`The file could not be read: ${(err as Error).message}`);
      return;
    }
    if (lines.length === 0) {
      setFileError('The file holds no status updates.');
      return;
    }
    if (lines.length > MAX_ITEMS) {
      setFileError(`One file holds at most ${MAX_ITEMS} updates; this one has ${lines.length}. Split it.`);
      return;
    }
    setRunning(true);
    setProgress({ done: 0, total: lines.length });
    const all: Result[] = [];
    try {
      for (let i = 0; i < lines.length; i += BATCH) {
        const batch = lines.slice(i, i + BATCH);
        const report = await post<Report>(
          '/notices/status-feed',
          batch.map((l) => l.value),
        );
        // The API numbers the updates of each request from 1: give them back their line in the file.
        all.push(...report.results.map((r) => ({ ...r, line: batch[r.line - 1]?.line ?? r.line })));
        setResults([...all]);
        setProgress({ done: Math.min(lines.length, i + batch.length), total: lines.length });
      }
    } catch (err) {
      setStopped(
        err instanceof ApiError
          ? `The import stopped: ${err.message} The updates reported below were applied; start the same file again to apply the rest (an update already applied changes nothing).`
          : 'The import stopped: the server could not be reached. Start the same file again.',
      );
    } finally {
      setRunning(false);
    }
  };

  const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
  const failed = results.filter((r) => r.outcome === 'error');
  const finished = progress !== null && !running && progress.done === progress.total && !stopped;
  return (
    <>
      <PageHeading title="Notice status feed" />
      <p className="usa-intro">
        Upload the status updates INTERPOL Washington sent, as a CSV file (columns interpolRef, status,
        effectiveAt, usncbReference, note) or JSON (an array, or one update per line). Each update is applied
        as a single change is: a notice no longer valid withdraws the authorizations that rely on it, opens a
        re-review on each case and notifies the people concerned. Sending the same file again changes nothing.
      </p>
      <Form onSubmit={(e) => void start(e)} large>
        <FormGroup error={fileError !== null}>
          <Label htmlFor="feed-file">Status update file</Label>
          <span className="usa-hint" id="feed-file-hint">
            CSV or JSON, at most {MAX_ITEMS} updates.
          </span>
          {fileError && (
            <span className="usa-error-message" id="feed-file-error" role="alert">
              {fileError}
            </span>
          )}
          <input
            id="feed-file"
            name="file"
            type="file"
            className="usa-file-input"
            accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json"
            aria-describedby={fileError ? 'feed-file-hint feed-file-error' : 'feed-file-hint'}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </FormGroup>
        <Button type="submit" disabled={running}>
          Import the updates
        </Button>
      </Form>
      {progress && (
        <section className="margin-top-4" aria-labelledby="feed-progress-heading">
          <h2 id="feed-progress-heading">
            {finished ? 'Import finished' : running ? 'Importing' : 'Import stopped'}
          </h2>
          <label htmlFor="feed-progress">
            {progress.done} of {progress.total} updates processed
          </label>
          <progress id="feed-progress" className="width-full" max={progress.total} value={progress.done}>
            {progress.done} of {progress.total}
          </progress>
          <p role="status" data-testid="feed-summary">
            Applied: {count('applied')}. Already had the status or already recorded:{' '}
            {count('unchanged') + count('already_recorded')}. Not applied: {failed.length}.
          </p>
          {stopped && (
            <Alert type="error" headingLevel="h3" slim>
              {stopped}
            </Alert>
          )}
        </section>
      )}
      {failed.length > 0 && (
        <section className="margin-top-4" aria-labelledby="feed-errors-heading">
          <h2 id="feed-errors-heading">Updates not applied</h2>
          <p>Correct these lines in the file and send it again.</p>
          <table className="usa-table usa-table--borderless" data-testid="feed-errors">
            <caption className="usa-sr-only">Updates not applied, by line of the file</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Notice</th>
                <th scope="col">Field</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {failed.flatMap((r) =>
                r.errors.map((e) => (
                  <tr key={`${r.line}-${e.field}-${e.reason}`}>
                    <td>{r.line}</td>
                    <td>{r.interpolRef ?? ''}</td>
                    <td>{e.field}</td>
                    <td>{e.reason}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </section>
      )}
      {results.some((r) => r.outcome === 'applied') && (
        <section className="margin-top-4" aria-labelledby="feed-applied-heading">
          <h2 id="feed-applied-heading">Updates applied</h2>
          <ul className="usa-list" data-testid="feed-applied">
            {results
              .filter((r) => r.outcome === 'applied')
              .map((r) => (
                <li key={r.line}>
                  Line {r.line}: {r.interpolRef} — {OUTCOME_TEXT[r.outcome]}; {r.affectedCases} case
                  {r.affectedCases === 1 ? '' : 's'} affected, {r.withdrawnAuthorizations} authorization
                  {r.withdrawnAuthorizations === 1 ? '' : 's'} withdrawn, {r.notified} notified.
                </li>
              ))}
          </ul>
        </section>
      )}
    </>
  );
}
