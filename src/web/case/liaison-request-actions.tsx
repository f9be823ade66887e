// A pending request to INTERPOL Washington on the case page: when it was sent and is due, the follow-ups
// sent on it, and for the roles that may (officers, supervisors, agency attorneys: the permission table's
// liaison.follow_up and liaison.cancel) the forms to record a follow-up on an overdue request and to cancel
// a request that is no longer needed. The server's refusals (a missing reason, a request not overdue yet or
// no longer pending) appear in the form's error summary and beside the field.
import { useState } from 'react';
import { post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { formatDateTime } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import { type CaseView, KIND_LABELS, type LiaisonRequestView } from './data.ts';
import { ActionForm, Field, Opener, useCaseAction } from './forms.tsx';

type FollowUpResult = Res<'/liaison-requests/{id}/follow-ups', 'post'>;

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/**
 * Every request of the case to INTERPOL Washington: the pending ones with their follow-ups and forms (whether
 * or not the safeguard they serve is still unmet), the others with what became of them.
 */
export function LiaisonRequestsSection({ c }: { c: CaseView }) {
  return (
    <section aria-labelledby="liaison-requests-h" className="margin-top-4">
      <h2 id="liaison-requests-h">Requests to INTERPOL Washington</h2>
      {c.liaisonRequests.length === 0 ? <p>No request has been sent on this case.</p> : null}
      {c.liaisonRequests.map((r) =>
        r.status === 'pending' ? (
          <PendingRequest key={r.id} c={c} request={r} />
        ) : (
          <p key={r.id}>
            {KIND_LABELS[r.kind]}: sent {formatDateTime(r.requestedAt)};{' '}
            {r.status === 'cancelled'
              ? 'cancelled'
              : r.response
                ? `answered ${formatDateTime(r.response.respondedAt)}`
                : r.status.replace(/_/g, ' ')}
            .
          </p>
        ),
      )}
    </section>
  );
}

/** The request, its due date and follow-ups, and the follow-up and cancel forms for the roles that may. */
function PendingRequest({ c, request }: { c: CaseView; request: LiaisonRequestView }) {
  const { hasRole } = useSession();
  const mayAct = hasRole('officer', 'supervisor', 'attorney') && c.status !== 'closed';
  const overdue = Date.parse(request.dueAt) < Date.now();
  const followUps = request.followUps ?? [];
  const last = followUps.at(-1);
  return (
    <div data-testid={`liaison-request-${request.kind}`} className="border-bottom-1px border-base-lighter">
      <p>
        A request to INTERPOL Washington ({KIND_LABELS[request.kind]}) was sent{' '}
        {formatDateTime(request.requestedAt)} and is due {formatDateTime(request.dueAt)}.{' '}
        {overdue ? <span className="rl-overdue">Overdue</span> : null}
      </p>
      <p>
        {last
          ? `Followed up ${times(followUps.length)}, last on ${formatDateTime(last.at)}. The answer is still due ${formatDateTime(request.dueAt)}.`
          : 'Not followed up yet.'}
      </p>
      {mayAct ? (
        <>
          <Opener label="Record a follow-up">
            {(close) => <FollowUpForm c={c} request={request} overdue={overdue} onDone={close} />}
          </Opener>{' '}
          <Opener label="Cancel this request">
            {(close) => <CancelRequestForm c={c} request={request} onDone={close} />}
          </Opener>
        </>
      ) : null}
    </div>
  );
}

function FollowUpForm({
  c,
  request,
  overdue,
  onDone,
}: {
  c: CaseView;
  request: LiaisonRequestView;
  overdue: boolean;
  onDone: (message: string) => void;
}) {
  const prefix = `followup-${request.id.slice(0, 8)}`;
  const [note, setNote] = useState('');
  const { m, error } = useCaseAction(c.id, prefix, (b: { note: string }) =>
    post<FollowUpResult>(`/liaison-requests/${request.id}/follow-ups`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title="Record a follow-up to INTERPOL Washington"
      error={error}
      errorHeading="The follow-up could not be recorded"
      done={null}
      pending={m.isPending}
      submit="Record the follow-up"
      onSubmit={() =>
        m.mutate(
          { note },
          {
            onSuccess: (r) =>
              onDone(
                `Your follow-up is recorded. The request has been followed up ${times(r.followUps)}; the answer is still due ${formatDateTime(r.dueAt)}.`,
              ),
          },
        )
      }
    >
      <p>
        {overdue
          ? 'The request is overdue. Record the reminder you sent to INTERPOL Washington.'
          : 'A follow-up is recorded once the request is overdue, or once it has waited the follow-up period the policy sets; before then the form says from when.'}
      </p>
      <Field
        path={`${prefix}.note`}
        label="What you asked INTERPOL Washington"
        hint="How and when you reminded them, and what you asked for."
        kind="textarea"
        required
        error={error}
        value={note}
        onChange={setNote}
      />
    </ActionForm>
  );
}

function CancelRequestForm({
  c,
  request,
  onDone,
}: {
  c: CaseView;
  request: LiaisonRequestView;
  onDone: (message: string) => void;
}) {
  const prefix = `cancel-${request.id.slice(0, 8)}`;
  const [reason, setReason] = useState('');
  const { m, error } = useCaseAction(c.id, prefix, (b: { reason: string }) =>
    post(`/liaison-requests/${request.id}/cancel`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title="Cancel the request to INTERPOL Washington"
      error={error}
      errorHeading="The request could not be cancelled"
      done={null}
      pending={m.isPending}
      submit="Cancel the request"
      onSubmit={() =>
        m.mutate(
          { reason },
          {
            onSuccess: () =>
              onDone(
                `The request to INTERPOL Washington (${KIND_LABELS[request.kind]}) is cancelled. It needs no answer; send a new request if the case still needs one.`,
              ),
          },
        )
      }
    >
      <p>
        INTERPOL Washington will not answer a cancelled request. The safeguard it served stays unmet until a
        new request is answered.
      </p>
      <Field
        path={`${prefix}.reason`}
        label="Why the request is no longer needed"
        hint="For example, that the case was opened on the wrong notice, or that INTERPOL Washington answered by another channel."
        kind="textarea"
        required
        error={error}
        value={reason}
        onChange={setReason}
      />
    </ActionForm>
  );
}
