import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, FormGroup, Label, Select, Table, Textarea } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { get, post } from '../api/client.ts';
import type { Body, Item, Res } from '../api/types.ts';
import {
  ErrorSummary,
  FieldErrorText,
  fieldId,
  formatDate,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

type QueuePage = Res<'/rereview/queue'>;
type QueueItem = Item<QueuePage['items']>;
type Outcome = Body<'/rereview/cases/{id}/outcome', 'post'>['outcome'];

const OUTCOMES: { value: Outcome; label: string; hint: string }[] = [
  { value: 'no_action', label: 'No action', hint: 'The case was handled as the directive requires.' },
  {
    value: 'authorization_withdrawn',
    label: 'Authorization withdrawn',
    hint: 'Withdraws every standing authorization of the case now (supervisors only).',
  },
  { value: 'release_recommended', label: 'Release or relief recommended', hint: '' },
  { value: 'referral_counsel', label: 'Refer to counsel', hint: '' },
  { value: 'referral_oversight', label: 'Refer to oversight', hint: '' },
];

const PAGE = 25;

export default function RereviewPage() {
  const { user } = useSession();
  const mayTake = user?.role === 'supervisor' || user?.role === 'attorney';
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const q = useQuery({
    queryKey: ['rereview', cursor ?? null],
    queryFn: () => get<QueuePage>('/rereview/queue', { limit: PAGE, ...(cursor ? { cursor } : {}) }),
  });
  const qc = useQueryClient();
  const [taken, setTaken] = useState<string | null>(null);
  const take = useMutation({
    mutationFn: () => post<Res<'/rereview/next', 'post'>>('/rereview/next'),
    onSuccess: (r) => {
      setTaken(
        r.taken
          ? `You took ${r.taken.caseNumber}. Record its outcome below when you have reviewed it.`
          : 'There is no case in the queue that you may review.',
      );
      void qc.invalidateQueries({ queryKey: ['rereview'] });
    },
  });

  return (
    <>
      <PageHeading title="Re-review queue" />
      <p className="usa-intro">
        Past and ongoing cases reviewed again under today’s rules, the people most at risk first.
      </p>
      <details className="margin-bottom-3">
        <summary>How the queue is ordered</summary>
        <ol>
          <li>The person is in custody.</li>
          <li>The person is in active proceedings.</li>
          <li>The latest screening found a strong indicator of misuse.</li>
          <li>A notice of the case is no longer valid.</li>
          <li>The documents were never served on the person.</li>
        </ol>
        <p>
          Each fact outranks every fact below it. Among cases with the same facts, the longest time since the
          last review (or since the case was opened) comes first. A reviewed case comes back when a new risk
          appears.
        </p>
      </details>
      {q.isPending ? (
        <Loading what="the queue" />
      ) : q.isError ? (
        <LoadError error={q.error} />
      ) : (
        <>
          {mayTake && (
            <section aria-labelledby="take-h" className="margin-bottom-4">
              <h2 id="take-h">Your cases</h2>
              <Button type="button" onClick={() => take.mutate()} disabled={take.isPending}>
                Take the next case
              </Button>
              <div role="status" aria-live="polite">
                {taken && <p>{taken}</p>}
              </div>
              <ErrorSummary error={take.error} />
              {q.data.mine.length === 0 ? (
                <p>You have no case taken.</p>
              ) : (
                q.data.mine.map((c) => <TakenCase key={c.caseId} item={c} onDone={setTaken} />)
              )}
            </section>
          )}
          <section aria-labelledby="queue-h">
            <h2 id="queue-h">Waiting ({q.data.pending})</h2>
            {q.data.items.length === 0 ? (
              <p>No case is waiting for a retrospective review.</p>
            ) : (
              <Table fullWidth stackedStyle="default" caption="Cases waiting, from the top of the queue">
                <thead>
                  <tr>
                    <th scope="col">Place</th>
                    <th scope="col">Case</th>
                    <th scope="col">Person</th>
                    <th scope="col">Why it is here</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((c, i) => (
                    <tr key={c.caseId}>
                      <td data-label="Place">{cursors.length * PAGE + i + 1}</td>
                      <th scope="row" data-label="Case">
                        <Link to={`/cases/${c.caseId}`}>{c.caseNumber}</Link>
                      </th>
                      <td data-label="Person">{c.person}</td>
                      <td data-label="Why it is here">
                        <Reasons item={c} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            <div className="display-flex flex-row">
              {cursors.length > 0 && (
                <Button type="button" outline onClick={() => setCursors(cursors.slice(0, -1))}>
                  Previous page
                </Button>
              )}
              {q.data.next && (
                <Button type="button" outline onClick={() => setCursors([...cursors, q.data.next!])}>
                  Next page
                </Button>
              )}
            </div>
          </section>
        </>
      )}
    </>
  );
}

function Reasons({ item }: { item: QueueItem }) {
  return (
    <ul className="usa-list margin-0">
      {item.reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function TakenCase({ item, onDone }: { item: QueueItem; onDone: (message: string) => void }) {
  const qc = useQueryClient();
  const { user } = useSession();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reasons, setReasons] = useState('');
  const base = `c${item.caseId.slice(0, 8)}`;
  const record = useMutation({
    mutationFn: () =>
      post<Res<'/rereview/cases/{id}/outcome', 'post'>>(`/rereview/cases/${item.caseId}/outcome`, {
        outcome: outcome as Outcome,
        reasons,
      } satisfies Body<'/rereview/cases/{id}/outcome', 'post'>),
    onSuccess: (r) => {
      // Said by the page: this part leaves the page once the case is reviewed.
      onDone(
        `Recorded on ${item.caseNumber}.${r.withdrawnAuthorizations.length ? ` ${r.withdrawnAuthorizations.length} authorization(s) withdrawn.` : ''}`,
      );
      void qc.invalidateQueries({ queryKey: ['rereview'] });
    },
  });
  const release = useMutation({
    mutationFn: () => post(`/rereview/cases/${item.caseId}/release`),
    onSuccess: () => {
      onDone(`${item.caseNumber} is back in the queue.`);
      void qc.invalidateQueries({ queryKey: ['rereview'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  const choices = OUTCOMES.filter(
    (o) => o.value !== 'authorization_withdrawn' || user?.role === 'supervisor',
  );
  return (
    <section aria-labelledby={`${base}-h`} className="border-1px border-base-lighter padding-2 margin-y-2">
      <h3 id={`${base}-h`}>
        <Link to={`/cases/${item.caseId}`}>{item.caseNumber}</Link> — {item.person}
      </h3>
      <p>Taken {formatDate(item.assignedAt)}. Why it is at this place in the queue:</p>
      <Reasons item={item} />
      <ErrorSummary error={record.error} prefix={base} />
      <form onSubmit={submit} noValidate>
        <FormGroup>
          <Label htmlFor={fieldId(`${base}-outcome`)}>Outcome</Label>
          <Select
            id={fieldId(`${base}-outcome`)}
            name="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome)}
          >
            <option value="">Choose the outcome</option>
            {choices.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
          <FieldErrorText error={record.error} path="outcome" />
        </FormGroup>
        <FormGroup>
          <Label htmlFor={fieldId(`${base}-reasons`)}>Reasons</Label>
          <div className="usa-hint" id={`${base}-reasons-hint`}>
            What the record shows and why it leads to this outcome, in your own words.
          </div>
          <Textarea
            id={fieldId(`${base}-reasons`)}
            name="reasons"
            value={reasons}
            aria-describedby={`${base}-reasons-hint`}
            onChange={(e) => setReasons(e.target.value)}
          />
          <FieldErrorText error={record.error} path="reasons" />
        </FormGroup>
        <Button type="submit" disabled={record.isPending}>
          Record the outcome
        </Button>
        <Button type="button" outline onClick={() => release.mutate()} disabled={release.isPending}>
          Give it back to the queue
        </Button>
      </form>
    </section>
  );
}
