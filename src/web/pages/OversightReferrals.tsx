// Referrals to oversight: the tasks a retrospective review raised for the auditors (GET /tasks?mine=true),
// from every office, keyset-paged, each with its case, due date and the reviewer's reasons, and the form that
// completes one (POST /tasks/:id/complete; auditors only, rule TASK-FOR-ROLE).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Label, Select, Table, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { OfficeName } from '../app/offices.tsx';
import { formatDate, formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { DueCell, fetchQueues, isOverdue, statusLabel } from '../queues/queues.tsx';
import { TaskComplete, type TaskToComplete } from '../queues/TaskComplete.tsx';

type TaskPage = Res<'/tasks', 'get'>;
type Task = Item<TaskPage['items']>;

const PAGE_SIZE = 10;
const PREFIX = /^Referred to oversight on retrospective review:\s*/;

/** The reviewer's reasons, as the outcome recorded them. */
const reasonsOf = (t: Task) => t.reason.replace(PREFIX, '');

export default function OversightReferralsPage() {
  const [status, setStatus] = useState<'open' | 'done'>('open');
  // The cursor of each page shown so far; the last is the current page. Another filter starts again.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState<TaskToComplete | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];
  const pageIndex = cursors.length - 1;
  const tasks = useQuery({
    queryKey: ['tasks', 'oversight', status, after ?? null],
    queryFn: () => get<TaskPage>('/tasks', { mine: 'true', status, limit: PAGE_SIZE, after }),
    placeholderData: keepPreviousData,
  });
  // The open count is the home page's (the counts kept per office and role), so both always agree.
  const count = useQuery({
    queryKey: ['queues', 'oversight_referrals'],
    queryFn: () => fetchQueues({ queue: 'oversight_referrals', limit: 1 }),
  });
  const open = count.data?.queues.find((q) => q.id === 'oversight_referrals')?.count;
  const late = useQuery({
    queryKey: ['queues', 'oversight_referrals', 'overdue'],
    queryFn: () => fetchQueues({ queue: 'oversight_referrals', limit: 1, overdue: true }),
  });
  const overdue = late.data?.queues.find((q) => q.id === 'oversight_referrals')?.count;
  const items = tasks.data?.items ?? [];
  const next = tasks.data?.nextCursor ?? null;
  const first = pageIndex * PAGE_SIZE + 1;

  return (
    <>
      <PageHeading title="Referrals to oversight" />
      <p className="usa-intro">
        Cases that a retrospective review referred to oversight, from every office. Each is due within the
        policy’s referral deadline. Read the reviewer’s reasons, open the case, and complete the referral with
        what you checked and decided.
      </p>
      {open !== undefined ? (
        <p className="text-bold" data-testid="referrals-open">
          {open === 0
            ? 'No referral waits for oversight.'
            : `${open} open ${open === 1 ? 'referral' : 'referrals'}`}
          {open > 0 && overdue !== undefined ? `, ${overdue} overdue.` : ''}
        </p>
      ) : null}
      {done ? (
        <Alert type="success" headingLevel="h2" heading="Done" slim>
          {done}
        </Alert>
      ) : null}
      <div className="maxw-mobile-lg">
        <Label htmlFor="referral-status">Show</Label>
        <Select
          id="referral-status"
          name="status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as 'open' | 'done');
            setCursors([undefined]);
            setSelected(null);
          }}
        >
          <option value="open">Open referrals, soonest due first</option>
          <option value="done">Completed referrals</option>
        </Select>
      </div>
      {tasks.isPending ? <Loading what="referrals" /> : null}
      {tasks.isError ? <LoadError error={tasks.error} /> : null}
      {tasks.isSuccess && items.length === 0 ? (
        <p className="text-italic">
          {status === 'open' ? 'Nothing is waiting for oversight.' : 'No referral has been completed yet.'}
        </p>
      ) : null}
      {tasks.isSuccess && items.length > 0 ? (
        <div aria-busy={tasks.isPlaceholderData}>
          <Table
            fullWidth
            stackedStyle="default"
            caption={`${status === 'open' ? 'Open referrals' : 'Completed referrals'} to oversight: ${first} to ${first + items.length - 1}`}
          >
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Office</th>
                <th scope="col">Reviewer’s reasons</th>
                <th scope="col">Referred</th>
                <th scope="col">{status === 'open' ? 'Due' : 'Completed'}</th>
                <th scope="col">{status === 'open' ? 'Action' : 'Outcome and note'}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} className={isOverdue(t) ? 'rl-overdue-row' : undefined}>
                  <th scope="row" data-label="Case">
                    <Link to={`/cases/${t.caseId}`}>{t.caseNumber}</Link>
                    {t.priority === 1 ? (
                      <>
                        {' '}
                        <Tag className="bg-secondary-dark">In custody</Tag>
                      </>
                    ) : null}
                  </th>
                  <td data-label="Office">
                    <OfficeName code={t.officeId} />
                  </td>
                  <td data-label="Reviewer’s reasons">{reasonsOf(t)}</td>
                  <td data-label="Referred">{formatDateTime(t.createdAt)}</td>
                  <td data-label={status === 'open' ? 'Due' : 'Completed'}>
                    {status === 'open' ? <DueCell item={t} /> : formatDate(t.closedAt)}
                  </td>
                  <td data-label={status === 'open' ? 'Action' : 'Outcome and note'}>
                    {status === 'open' ? (
                      <Button
                        type="button"
                        unstyled
                        onClick={() => {
                          setDone(null);
                          setSelected({ id: t.id, caseNumber: t.caseNumber, detail: reasonsOf(t) });
                        }}
                      >
                        Complete this referral<span className="usa-sr-only"> on {t.caseNumber}</span>
                      </Button>
                    ) : (
                      <>
                        {statusLabel(t.resolution?.split(':')[0] ?? null)}
                        {t.resolution?.includes(':')
                          ? `: ${t.resolution.slice(t.resolution.indexOf(':') + 1)}`
                          : ''}
                        {t.closedByName ? ` (${t.closedByName})` : ''}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <nav aria-label="Pages of referrals" className="display-flex flex-align-center flex-wrap">
            {pageIndex > 0 ? (
              <Button
                type="button"
                outline
                onClick={() => setCursors((c) => c.slice(0, -1))}
                className="margin-right-2"
              >
                Previous page<span className="usa-sr-only"> of referrals</span>
              </Button>
            ) : null}
            <p className="margin-y-1 margin-right-2">Page {pageIndex + 1}</p>
            {next ? (
              <Button
                type="button"
                outline
                disabled={tasks.isPlaceholderData}
                onClick={() => setCursors((c) => [...c, next])}
              >
                Next page<span className="usa-sr-only"> of referrals</span>
              </Button>
            ) : null}
          </nav>
        </div>
      ) : null}
      {selected ? (
        <TaskComplete
          key={selected.id}
          task={selected}
          what="referral to oversight"
          onDone={(message) => {
            setSelected(null);
            setDone(message);
          }}
        />
      ) : null}
    </>
  );
}
