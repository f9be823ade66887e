import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { ROLE_LABELS, type Role } from '../api/types.ts';
import { screensFor } from '../app/nav.ts';
import { LoadError, Loading, PageHeading } from '../components/common.tsx';
import { AttorneyWork } from '../queues/AttorneyQueue.tsx';
import {
  defaultLinkFor,
  fetchQueues,
  type LinkFor,
  type QueueId,
  type QueueItem,
  QueueTable,
} from '../queues/queues.tsx';
import { TaskComplete } from '../queues/TaskComplete.tsx';
import { useSession } from '../session/session.tsx';

/** What each role can do from its home page besides its queues. */
const ROLE_INTRO: Record<Role, string> = {
  officer:
    'Your cases and what waits on them. Open a case to see which safeguards still block it and what to do next.',
  supervisor:
    'Cases that wait for your decision, your office’s requests and deadlines, and re-review tasks after a notice changed.',
  liaison:
    'Requests to INTERPOL Washington from every office. Answer each one before its due date; overdue requests are marked.',
  attorney:
    'Legal reviews, contests and documentation sign-offs that wait for you, then the requests, disclosures and re-review tasks of your office. Work you may not do on a case (for example, a contest on a case you served) is not offered.',
  auditor:
    'You oversee every office. Complete the referrals to oversight that retrospective reviews raise; use the dashboard for the overall picture and the audit trail for individual actions.',
  training_coordinator:
    'Staff whose annual training expires soon or has expired. Nobody may act on a case without current training.',
  administrator:
    'You manage user accounts, the policy settings and the country context. You do not work on cases.',
  director:
    'You decide exigencies: requests to rely on a notice before the person’s contest is over. Open a case to decide one; the dashboard shows every exigency of your office.',
};

export default function HomePage() {
  const { user, hasRole } = useSession();
  const role = user?.role;
  const [selectedTask, setSelectedTask] = useState<QueueItem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const all = useQuery({ queryKey: ['queues', 'summary'], queryFn: () => fetchQueues({ limit: 1 }) });
  const late = useQuery({
    queryKey: ['queues', 'summary-overdue'],
    queryFn: () => fetchQueues({ limit: 1, overdue: true }),
  });
  const lateCount = (id: QueueId) => late.data?.queues.find((q) => q.id === id)?.count ?? 0;
  const screens = screensFor(role).filter((s) => s.path !== '/');
  const canComplete = hasRole('supervisor', 'attorney');

  const linkFor: LinkFor = (item) =>
    role === 'liaison' && item.kind.startsWith('liaison_')
      ? { to: `/liaison/requests/${item.id}`, label: `Answer the request on ${item.caseNumber}` }
      : defaultLinkFor(item);

  return (
    <>
      <PageHeading title="Home" />
      <p className="usa-intro">
        Welcome, {user?.displayName}
        {role ? ` (${ROLE_LABELS[role]})` : ''}. {role ? ROLE_INTRO[role] : ''}
      </p>
      {done ? (
        <Alert type="success" headingLevel="h2" heading="Done" slim>
          {done}
        </Alert>
      ) : null}

      {role === 'attorney' ? <AttorneyWork /> : null}

      {all.isPending ? <Loading what="your queues" /> : null}
      {all.isError ? <LoadError error={all.error} /> : null}
      {all.isSuccess && all.data.queues.length > 0 ? (
        <section aria-labelledby="summary-heading" className="margin-bottom-4">
          <h2 id="summary-heading">At a glance</h2>
          <ul className="usa-card-group" data-testid="queue-summary">
            {all.data.queues.map((q) => {
              const n = lateCount(q.id);
              return (
                <li key={q.id} className="usa-card tablet:grid-col-4 mobile-lg:grid-col-6">
                  <div className="usa-card__container">
                    <div className="usa-card__header">
                      <h3 className="usa-card__heading font-sans-md">
                        <a href={`#q-${q.id}`}>{q.label}</a>
                      </h3>
                    </div>
                    <div className="usa-card__body">
                      <p className="font-sans-xl text-bold margin-y-0" data-testid={`count-${q.id}`}>
                        {q.count}
                        <span className="usa-sr-only">{q.count === 1 ? ' item' : ' items'}</span>
                      </p>
                      {n > 0 ? (
                        <p className="rl-overdue margin-top-05">Overdue: {n}</p>
                      ) : (
                        <p className="margin-top-05">None overdue</p>
                      )}
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      {all.isSuccess
        ? all.data.queues.map((q) => (
            <div key={q.id}>
              <QueueTable
                queueId={q.id}
                label={q.label}
                linkFor={linkFor}
                action={
                  q.id === 'oversight_referrals'
                    ? (item) => (
                        <Link to="/oversight/referrals">
                          Read and complete
                          <span className="usa-sr-only"> the referral on {item.caseNumber}</span>
                        </Link>
                      )
                    : q.id === 're_review_tasks'
                      ? (item) =>
                          canComplete ? (
                            <Button
                              type="button"
                              unstyled
                              onClick={() => {
                                setDone(null);
                                setSelectedTask(item);
                              }}
                            >
                              Complete this task<span className="usa-sr-only"> on {item.caseNumber}</span>
                            </Button>
                          ) : (
                            <span>A supervisor or agency attorney completes this task.</span>
                          )
                      : undefined
                }
              />
              {q.id === 're_review_tasks' && selectedTask ? (
                <TaskComplete
                  key={selectedTask.id}
                  task={selectedTask}
                  onDone={(message) => {
                    setSelectedTask(null);
                    setDone(message);
                  }}
                />
              ) : null}
            </div>
          ))
        : null}

      {all.isSuccess && all.data.queues.length === 0 ? (
        <p>Your role has no work queues. Use the screens below.</p>
      ) : null}

      {screens.length > 0 ? (
        <section aria-labelledby="screens-heading">
          <h2 id="screens-heading">Your screens</h2>
          <ul className="usa-list">
            {screens.map((s) => (
              <li key={s.path}>
                <Link to={s.path}>{s.label}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
