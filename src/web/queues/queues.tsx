// The work queues (GET /queues): one table per queue with sorting, filtering and paging done by the server.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Label, Select, Table, Tag } from '@trussworks/react-uswds';
import { type ReactNode, useId, useState } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { formatDate, formatDateTime, LoadError, Loading } from '../components/common.tsx';

export const QUEUE_IDS = [
  'my_cases',
  'awaiting_my_approval',
  'liaison_requests',
  'disclosures_due',
  'contest_windows',
  're_review_tasks',
  'trainings_expiring',
  'oversight_referrals',
] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

export type QueuesResponse = Res<'/queues', 'get'>;
export type Queue = Item<QueuesResponse['queues']>;
export type QueueItem = Item<Queue['items']>;

export type SortKey = 'due' | 'created' | 'case_number';

export interface QueueParams {
  queue?: QueueId;
  status?: 'open' | 'authorized' | 'closed';
  overdue?: boolean;
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export function fetchQueues(params: QueueParams): Promise<QueuesResponse> {
  return get<QueuesResponse>('/queues', { ...params });
}

/** What each queue is for, in a sentence, and what to do with it. */
export const QUEUE_HELP: Record<QueueId, string> = {
  my_cases: 'Cases you opened or are assigned to. Open a case to see what blocks it and what to do next.',
  awaiting_my_approval:
    'Cases whose preliminary review is complete and that wait for a supervisor’s decision. You never see cases you opened or are assigned to here.',
  liaison_requests:
    'Requests to INTERPOL Washington that wait for an answer. The due date comes from the policy deadline.',
  disclosures_due: 'Documents were received and must be served on the person before anyone acts (D9).',
  contest_windows:
    'The person may still contest, or a contest waits for a decision by an independent attorney.',
  re_review_tasks:
    'A notice changed (withdrawn, suspended, cancelled…): authorizations were withdrawn and each case must be looked at again. Attorneys also see the referrals to counsel from the retrospective review; referrals to oversight are for the auditors and are not listed here.',
  trainings_expiring: 'Staff whose annual training expires within 30 days or has expired.',
  oversight_referrals:
    'Cases a retrospective review referred to oversight, from every office. Open Referrals to oversight to read the reasons and complete each one.',
};

export const KIND_LABELS: Record<string, string> = {
  case: 'Case',
  approval: 'Approval',
  liaison_validity: 'Validity confirmation',
  liaison_documentation: 'Underlying documentation',
  liaison_use_authorization: 'Use authorization',
  disclosure: 'Disclosure',
  contest_window: 'Contest window',
  contest: 'Contest to decide',
  re_review: 'Re-review',
  referral_oversight: 'Referral to oversight',
  referral_counsel: 'Referral to counsel',
  training: 'Training',
};

export const kindLabel = (k: string) => KIND_LABELS[k] ?? k.replaceAll('_', ' ');

export function statusLabel(s: string | null): string {
  if (!s) return '—';
  const t = s.replaceAll('_', ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Overdue when the server says so, or when the due date has passed while the page was open. */
export function isOverdue(item: { overdue: boolean; dueAt: string | null }): boolean {
  return item.overdue || (item.dueAt !== null && Date.parse(item.dueAt) < Date.now());
}

export function DueCell({ item }: { item: { overdue: boolean; dueAt: string | null } }) {
  if (!item.dueAt) return <>—</>;
  if (!isOverdue(item)) return <>{formatDate(item.dueAt)}</>;
  return <span className="rl-overdue">Overdue: due {formatDate(item.dueAt)}</span>;
}

/** Where an item leads: its case, its approval screen, the liaison answer screen, or the training screen. */
export type LinkFor = (item: QueueItem) => { to: string; label: string } | null;

export const defaultLinkFor: LinkFor = (item) => {
  if (item.kind === 'training') return { to: '/training', label: `Training of ${item.title}` };
  if (!item.caseId) return null;
  if (item.kind === 'approval')
    return { to: `/cases/${item.caseId}/approval`, label: `Decide on ${item.caseNumber ?? 'the case'}` };
  return { to: `/cases/${item.caseId}`, label: item.caseNumber ?? 'Open the case' };
};

interface QueueTableProps {
  queueId: QueueId;
  label: string;
  /** The heading level of the section title. */
  headingLevel?: 'h2' | 'h3';
  linkFor?: LinkFor;
  /** Extra content per row (e.g. an action), shown in an "Action" column. */
  action?: (item: QueueItem) => ReactNode;
  pageSize?: number;
  /** Shown above the table. */
  intro?: ReactNode;
}

const PAGE_SIZES = [5, 10, 25, 50];

/**
 * One queue as a table: filter (state, overdue), sort (column headers or the sort control), and page.
 * Every change asks the server again; the count is the total after filtering.
 */
export function QueueTable({
  queueId,
  label,
  headingLevel = 'h2',
  linkFor = defaultLinkFor,
  action,
  pageSize = 10,
  intro,
}: QueueTableProps) {
  const uid = useId();
  const [status, setStatus] = useState<'' | 'open' | 'authorized' | 'closed'>('');
  const [overdue, setOverdue] = useState<'' | 'true' | 'false'>('');
  const [sort, setSort] = useState<SortKey>('due');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [limit, setLimit] = useState(pageSize);
  const [offset, setOffset] = useState(0);
  const params: QueueParams = {
    queue: queueId,
    status: status || undefined,
    overdue: overdue === '' ? undefined : overdue === 'true',
    sort,
    order,
    limit,
    offset,
  };
  const q = useQuery({
    queryKey: ['queues', params],
    queryFn: () => fetchQueues(params),
    placeholderData: keepPreviousData,
  });
  const queue = q.data?.queues.find((x) => x.id === queueId);
  const count = queue?.count ?? 0;
  const items = queue?.items ?? [];
  const H = headingLevel;
  const headingId = `q-${queueId}`;

  const sortBy = (key: SortKey) => {
    if (sort === key) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setOrder('asc');
    }
    setOffset(0);
  };
  const ariaSort = (key: SortKey) =>
    sort === key ? (order === 'asc' ? 'ascending' : 'descending') : undefined;
  const sortButton = (key: SortKey, text: string) => (
    <button
      type="button"
      className="usa-button usa-button--unstyled text-ink text-no-underline text-bold"
      onClick={() => sortBy(key)}
    >
      {text}
      <span className="usa-sr-only">
        {sort === key
          ? `, sorted ${order === 'asc' ? 'ascending' : 'descending'}; select to reverse`
          : ', select to sort'}
      </span>
      <span aria-hidden="true">{sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : ' ⇅'}</span>
    </button>
  );

  const first = count === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, count);

  return (
    <section aria-labelledby={headingId} className="margin-bottom-5" data-queue={queueId}>
      <H id={headingId}>
        {label} <Tag className="bg-base-darker">{q.isSuccess ? count : '…'}</Tag>
      </H>
      <p className="margin-top-0">{QUEUE_HELP[queueId]}</p>
      {intro}
      {q.isSuccess && count === 0 && !status && !overdue ? null : (
        <div className="display-flex flex-wrap flex-align-end">
          {queueId === 'my_cases' ? (
            <div className="margin-right-2 maxw-full">
              <Label htmlFor={`${uid}-status`} className="margin-top-0">
                State
              </Label>
              <Select
                id={`${uid}-status`}
                name="status"
                value={status}
                onChange={(e) => {
                  setStatus(e.target.value as typeof status);
                  setOffset(0);
                }}
              >
                <option value="">All states</option>
                <option value="open">Open</option>
                <option value="authorized">Authorized</option>
                <option value="closed">Closed</option>
              </Select>
            </div>
          ) : null}
          <div className="margin-right-2 maxw-full">
            <Label htmlFor={`${uid}-overdue`} className="margin-top-0">
              Show
            </Label>
            <Select
              id={`${uid}-overdue`}
              name="overdue"
              value={overdue}
              onChange={(e) => {
                setOverdue(e.target.value as typeof overdue);
                setOffset(0);
              }}
            >
              <option value="">All items</option>
              <option value="true">Overdue only</option>
              <option value="false">Not overdue</option>
            </Select>
          </div>
          <div className="margin-right-2 maxw-full">
            <Label htmlFor={`${uid}-sort`} className="margin-top-0">
              Sort by
            </Label>
            <Select
              id={`${uid}-sort`}
              name="sort"
              value={`${sort}:${order}`}
              onChange={(e) => {
                const [s, o] = e.target.value.split(':') as [SortKey, 'asc' | 'desc'];
                setSort(s);
                setOrder(o);
                setOffset(0);
              }}
            >
              <option value="due:asc">Due date, soonest first</option>
              <option value="due:desc">Due date, latest first</option>
              <option value="created:desc">Newest first</option>
              <option value="created:asc">Oldest first</option>
              <option value="case_number:asc">Case number, ascending</option>
              <option value="case_number:desc">Case number, descending</option>
            </Select>
          </div>
          <div className="margin-right-2 maxw-full">
            <Label htmlFor={`${uid}-size`} className="margin-top-0">
              Per page
            </Label>
            <Select
              id={`${uid}-size`}
              name="limit"
              value={String(limit)}
              onChange={(e) => {
                setLimit(Number(e.target.value));
                setOffset(0);
              }}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          </div>
        </div>
      )}
      {q.isPending ? <Loading what={label.toLowerCase()} /> : null}
      {q.isError ? <LoadError error={q.error} /> : null}
      {q.isSuccess && count === 0 ? (
        <p className="text-italic">
          {status || overdue ? 'Nothing matches these filters.' : 'Nothing is waiting here.'}
        </p>
      ) : null}
      {q.isSuccess && count > 0 ? (
        <>
          <Table fullWidth stackedStyle="default" caption={`${label}: items ${first} to ${last} of ${count}`}>
            <thead>
              <tr>
                <th scope="col" aria-sort={ariaSort('case_number')}>
                  {sortButton('case_number', queueId === 'trainings_expiring' ? 'Person' : 'Case')}
                </th>
                {queueId === 'trainings_expiring' ? null : <th scope="col">Person</th>}
                <th scope="col">Waiting for</th>
                <th scope="col">Status</th>
                <th scope="col" aria-sort={ariaSort('due')}>
                  {sortButton('due', 'Due')}
                </th>
                <th scope="col" aria-sort={ariaSort('created')}>
                  {sortButton('created', 'Since')}
                </th>
                {action ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const link = linkFor(item);
                const late = isOverdue(item);
                return (
                  <tr key={`${item.kind}:${item.id}`} className={late ? 'rl-overdue-row' : undefined}>
                    <th scope="row" data-label={queueId === 'trainings_expiring' ? 'Person' : 'Case'}>
                      {link ? (
                        <Link to={link.to} className="text-no-wrap">
                          {queueId === 'trainings_expiring' ? item.title : (item.caseNumber ?? link.label)}
                        </Link>
                      ) : (
                        (item.caseNumber ?? item.title)
                      )}
                    </th>
                    {queueId === 'trainings_expiring' ? null : <td data-label="Person">{item.title}</td>}
                    <td data-label="Waiting for">
                      <strong>{kindLabel(item.kind)}.</strong> {item.detail}
                    </td>
                    <td data-label="Status">
                      <Tag className={late ? 'bg-secondary-dark' : 'bg-base-dark'}>
                        {late ? 'Overdue' : statusLabel(item.status)}
                      </Tag>
                    </td>
                    <td data-label="Due">
                      <DueCell item={item} />
                    </td>
                    <td data-label="Since">{formatDateTime(item.createdAt)}</td>
                    {action ? <td data-label="Action">{action(item)}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <nav aria-label={`Pages of ${label}`} className="display-flex flex-align-center flex-wrap">
            {offset > 0 ? (
              <Button type="button" outline onClick={() => setOffset(Math.max(0, offset - limit))}>
                Previous page
              </Button>
            ) : null}
            <p className="margin-y-1 margin-right-2" aria-live="polite">
              {/* while another page loads, the rows shown are still the previous page's */}
              {q.isPlaceholderData ? 'Loading…' : `Showing ${first}–${last} of ${count}`}
            </p>
            {last < count ? (
              <Button type="button" outline onClick={() => setOffset(offset + limit)}>
                Next page
              </Button>
            ) : null}
          </nav>
        </>
      ) : null}
    </section>
  );
}
