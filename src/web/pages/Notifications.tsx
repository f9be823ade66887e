// The signed-in user's notifications: reminders and escalations from the scheduled duties, and notice
// status changes on their cases. Newest first; mark one or all read; older ones page in below.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { get, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';

type Page = Res<'/notifications', 'get'>;

const KIND_LABELS: Record<string, string> = {
  liaison_overdue: 'Request overdue',
  liaison_escalation: 'Escalation',
  validity_stale: 'Validity going stale',
  contest_window_closing: 'Contest window closing',
  training_expiring: 'Training expiring',
  notice_expiring: 'Notice expiring',
  disclosure_not_served: 'Not yet served',
  notice_status: 'Notice status changed',
};

export default function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const qc = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['notifications', { unreadOnly }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      get<Page>('/notifications', {
        limit: 25,
        ...(unreadOnly ? { unread: 'true' } : {}),
        ...(pageParam ? { before: pageParam } : {}),
      }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const markOne = useMutation({
    mutationFn: (id: string) => post(`/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => post<Res<'/notifications/read-all', 'post'>>('/notifications/read-all'),
    onSuccess: refresh,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  return (
    <>
      <PageHeading title="Notifications" />
      <p className="usa-intro">
        Reminders and escalations Redline sends on its own (requests to INTERPOL Washington overdue, validity
        confirmations going stale, contest windows closing, training expiring, notices expiring, documents not
        yet served) and changes of a notice’s status on your cases.
      </p>
      <div className="display-flex flex-align-center flex-wrap margin-bottom-2">
        <p className="margin-y-0 margin-right-3" aria-live="polite">
          {unread === 1 ? '1 unread notification' : `${unread} unread notifications`}
        </p>
        <Checkbox
          id="unread-only"
          name="unread-only"
          label="Show unread only"
          checked={unreadOnly}
          onChange={(e) => setUnreadOnly(e.target.checked)}
          className="margin-right-3"
        />
        <Button
          type="button"
          outline
          disabled={unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          Mark all read
        </Button>
      </div>
      {markAll.error || markOne.error ? <LoadError error={markAll.error ?? markOne.error} /> : null}
      {list.isPending ? <Loading what="notifications" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && items.length === 0 ? (
        <Alert type="info" headingLevel="h2" slim>
          {unreadOnly ? 'No unread notifications.' : 'No notifications yet.'}
        </Alert>
      ) : null}
      {items.length ? (
        <ul className="usa-list usa-list--unstyled rl-notifications">
          {items.map((n) => (
            <li
              key={n.id}
              data-notification-id={n.id}
              className={`border-bottom border-base-lighter padding-y-2 ${n.readAt ? '' : 'text-bold'}`}
            >
              <div className="display-flex flex-align-center flex-wrap">
                <Tag className={n.readAt ? 'bg-base-dark' : 'bg-primary-dark'}>
                  {n.readAt ? 'Read' : 'Unread'}
                </Tag>
                <span className="margin-left-1">{KIND_LABELS[n.kind] ?? n.kind}</span>
                <span className="margin-left-1 text-base-dark text-normal">
                  {formatDateTime(n.createdAt)}
                </span>
                {n.caseId ? (
                  <Link className="margin-left-1 text-normal" to={`/cases/${n.caseId}`}>
                    Case {n.caseNumber}
                  </Link>
                ) : null}
              </div>
              <p className="margin-y-1 text-normal">{n.text}</p>
              {n.readAt ? null : (
                <Button
                  type="button"
                  unstyled
                  disabled={markOne.isPending}
                  onClick={() => markOne.mutate(n.id)}
                  aria-label={`Mark read: ${KIND_LABELS[n.kind] ?? n.kind}${n.caseNumber ? `, case ${n.caseNumber}` : ''}`}
                >
                  Mark read
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {list.hasNextPage ? (
        <Button type="button" outline disabled={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          Show older notifications
        </Button>
      ) : null}
    </>
  );
}
