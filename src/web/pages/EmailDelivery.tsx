// Where each notification e-mail stands, for administrators: failed first, with the attempts and the last
// error from the mail server, a filter by state, older rows paged in below, and "Retry now" for a failed
// e-mail (its delivery job goes back to the job queue; the retry is audited).
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Label, Select, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ApiError, get, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';

type Page = Res<'/admin/email-delivery', 'get'>;
const STATES = ['failed', 'retrying', 'sending', 'queued', 'sent'] as const;
const STATE_LABELS: Record<string, string> = {
  failed: 'Failed (every attempt)',
  retrying: 'Retrying',
  sending: 'Sending',
  queued: 'Queued',
  sent: 'Sent',
};

export default function EmailDeliveryPage() {
  const [state, setState] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const qc = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['email-delivery', { state }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      get<Page>('/admin/email-delivery', {
        limit: 50,
        ...(state ? { state } : {}),
        ...(pageParam ? { after: pageParam } : {}),
      }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const retry = useMutation({
    mutationFn: (id: string) =>
      post<Res<'/admin/email-delivery/{id}/retry', 'post'>>(`/admin/email-delivery/${id}/retry`),
    onSuccess: (r) => {
      setDone(
        r.jobQueued
          ? 'The e-mail is queued again; the job queue sends it now.'
          : 'The e-mail is queued again; it is sent when a server running the job queue starts.',
      );
      void qc.invalidateQueries({ queryKey: ['email-delivery'] });
    },
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = list.data?.pages[0]?.counts;
  return (
    <>
      <PageHeading title="Notification e-mail" />
      <p className="usa-intro">
        Where the e-mail of each notification stands. Failed e-mail comes first, with the number of attempts
        and the mail server’s last answer. A failed e-mail can be retried once the cause is fixed.
      </p>
      {counts ? (
        <p data-testid="email-counts">{STATES.map((s) => `${STATE_LABELS[s]}: ${counts[s]}`).join(' · ')}</p>
      ) : null}
      <Label htmlFor="email-state">Show</Label>
      <Select id="email-state" name="state" value={state} onChange={(e) => setState(e.target.value)}>
        <option value="">Every state (failed first)</option>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {STATE_LABELS[s]}
          </option>
        ))}
      </Select>
      {done ? (
        <Alert type="success" headingLevel="h2" slim role="status">
          {done}
        </Alert>
      ) : null}
      {retry.isError ? (
        <Alert type="error" headingLevel="h2" slim role="alert">
          {retry.error instanceof ApiError ? retry.error.message : 'The e-mail could not be queued again.'}
        </Alert>
      ) : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} /> : null}
      {list.isSuccess && items.length === 0 ? <p>No e-mail in this state.</p> : null}
      {items.length > 0 ? (
        <Table bordered fullWidth caption="Notification e-mail, failed first" stackedStyle="default">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">To</th>
              <th scope="col">About</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="email-row">
                <th scope="row" data-label="State">
                  {STATE_LABELS[r.state] ?? r.state}
                </th>
                <td data-label="To">
                  {r.username} &lt;{r.email ?? 'no address'}&gt;
                </td>
                <td data-label="About">
                  {r.kind.replaceAll('_', ' ')}
                  {r.caseNumber ? ` (${r.caseNumber})` : ''}, {formatDateTime(r.createdAt)}
                </td>
                <td data-label="Attempts">
                  {r.attempts}
                  {r.attemptedAt ? `, last ${formatDateTime(r.attemptedAt)}` : ''}
                </td>
                <td data-label="Last error">{r.error ?? '—'}</td>
                <td data-label="Action">
                  {r.state === 'failed' ? (
                    <Button
                      type="button"
                      outline
                      disabled={retry.isPending}
                      onClick={() => retry.mutate(r.id)}
                      aria-label={`Retry now: e-mail to ${r.username}, ${r.kind.replaceAll('_', ' ')}`}
                    >
                      Retry now
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {list.hasNextPage ? (
        <Button
          type="button"
          outline
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          Show more
        </Button>
      ) : null}
    </>
  );
}
