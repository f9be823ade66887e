import { PageHeading } from '../components/common.tsx';
import { type LinkFor, QueueTable } from '../queues/queues.tsx';

const linkFor: LinkFor = (item) => ({
  to: `/liaison/requests/${item.id}`,
  label: `Answer the request on ${item.caseNumber}`,
});

/** The open requests to INTERPOL Washington from every office, with due dates; overdue ones marked. */
export default function LiaisonQueuePage() {
  return (
    <>
      <PageHeading title="Requests to INTERPOL Washington" />
      <p className="usa-intro">
        These requests from every office wait for your answer: confirming a notice’s validity, providing the
        underlying documentation, or authorizing its use. Answer each before its due date. Select a case
        number to answer.
      </p>
      <p>
        When INTERPOL Washington tells you that a notice’s status changed (for example, it was withdrawn),
        open any request on that notice and record the change there: it withdraws every authorization that
        relied on the notice and opens a re-review task on each affected case.
      </p>
      <QueueTable queueId="liaison_requests" label="Open requests" linkFor={linkFor} pageSize={25} />
    </>
  );
}
