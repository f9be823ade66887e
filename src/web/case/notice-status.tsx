// Recording a change of a notice's status (INTERPOL Washington liaison staff), without an open request:
// POST /notices/:id/status. One form for the case page, the notice page and the request screen. The change
// is a material change for every case on the notice (authorizations withdrawn, the case screened again, a
// re-review task each, due by the policy's deadline); the form says so before it is sent and lists, after,
// what the service reports it did to each case.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { post, prefixError } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { formatDate } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import type { CaseView } from './data.ts';
import { ActionForm, Field, RoleNote, SelectField } from './forms.tsx';

export const NOTICE_STATUS_LABELS: Record<string, string> = {
  valid: 'Valid: the notice is in force',
  suspended: 'Suspended: INTERPOL has suspended the notice',
  withdrawn: 'Withdrawn: the issuing country withdrew the notice',
  cancelled: 'Cancelled: INTERPOL cancelled the notice',
  deleted: 'Deleted: the notice was deleted from INTERPOL’s files',
  expired: 'Expired: the notice is past its expiry date',
  refused: 'Refused: INTERPOL refused to publish the notice',
};

/** What kind of notice it is, in words: "Red Notice", "Diffusion". */
export const noticeTypeName = (type: string) =>
  type === 'red_notice' ? 'Red Notice' : type === 'diffusion' ? 'Diffusion' : type.replace(/_/g, ' ');

/** "Suspended" for suspended: the label's first words. */
export const noticeStatusWord = (s: string) => (NOTICE_STATUS_LABELS[s] ?? s).split(':')[0]!;

type StatusResult = Res<'/notices/{id}/status', 'post'>;
type AffectedCase = Item<StatusResult['affectedCases']>;

/** What the form needs of a notice. */
export interface NoticeTarget {
  id: string;
  interpolRef: string;
  status: string;
}

/** The notices of the case with their status and a link to each notice's page; the form for liaison staff. */
export function NoticeStatusSection({ c }: { c: CaseView }) {
  const { hasRole } = useSession();
  return (
    <section aria-labelledby="notice-status-h" className="margin-top-4">
      <h2 id="notice-status-h">The notice’s status</h2>
      {c.notices.map((n) => (
        <div key={n.id}>
          <p>
            Notice {n.interpolRef} is recorded as <strong>{noticeStatusWord(n.status).toLowerCase()}</strong>.{' '}
            <Link to={`/notices/${n.id}`}>Open the page of notice {n.interpolRef}</Link> (its charges, its
            status history and the other cases that rely on it).
          </p>
          {hasRole('liaison') ? (
            <NoticeStatusForm notice={n} />
          ) : (
            <RoleNote
              action="record a change of a notice’s status"
              roles="INTERPOL Washington liaison staff"
            />
          )}
        </div>
      ))}
    </section>
  );
}

/**
 * A button that opens the form to record a change of the notice's status. `caseNumbers`: the cases on the
 * notice the user can see, named in the warning (when the page knows them).
 */
export function NoticeStatusForm({
  notice,
  caseNumbers,
  headingLevel = 'h3',
}: {
  notice: NoticeTarget;
  caseNumbers?: string[];
  headingLevel?: 'h3' | 'h4';
}) {
  const prefix = `notice-${notice.id.slice(0, 8)}`;
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [effective, setEffective] = useState('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [affected, setAffected] = useState<AffectedCase[] | null>(null);
  const m = useMutation({
    mutationFn: (b: object) => post<StatusResult>(`/notices/${notice.id}/status`, b),
    onSuccess: (r) => {
      setAffected(r.affectedCases);
      setOpen(false);
      setStatus('');
      setEffective('');
      setReference('');
      setNote('');
      // Every case on the notice changed, not only the one on screen; and the notice, the queues, the requests.
      for (const key of [['case'], ['notice'], ['queues'], ['liaison-request']])
        void qc.invalidateQueries({ queryKey: key });
    },
  });
  const error = m.error ? prefixError(m.error, prefix) : null;
  if (!open)
    return (
      <>
        {affected ? <AffectedSummary cases={affected} /> : null}
        <Button
          type="button"
          outline
          onClick={() => {
            setAffected(null);
            m.reset();
            setOpen(true);
          }}
        >
          Record a change of this notice’s status
        </Button>
      </>
    );
  return (
    <ActionForm
      prefix={prefix}
      title={`Record a change of the status of notice ${notice.interpolRef}`}
      headingLevel={headingLevel}
      error={error}
      errorHeading="The status change could not be recorded"
      done={null}
      pending={m.isPending}
      submit="Record the status change"
      onSubmit={() => {
        const e = effective.trim();
        m.mutate({
          status: status || 'none',
          ...(e ? { effectiveAt: /^\d{4}-\d{2}-\d{2}$/.test(e) ? `${e}T00:00:00Z` : e } : {}),
          usncbReference: reference.trim() || null,
          note: note.trim() || null,
        });
      }}
    >
      <p>
        The notice is now recorded as <strong>{noticeStatusWord(notice.status).toLowerCase()}</strong>. Use
        this when INTERPOL Washington tells you that it changed, even without a request.
      </p>
      <Alert
        type="warning"
        headingLevel={headingLevel === 'h3' ? 'h4' : 'h5'}
        heading="A material change for every case on this notice"
      >
        <p className="margin-top-0">
          Any change of status reaches every case that relies on this notice, in every office
          {caseNumbers?.length ? ` (here: ${caseNumbers.join(', ')})` : ''}. On each case, any authorization
          in force is withdrawn, the case is screened again, and a re-review task opens, due within the days
          the policy sets (sooner when the person is in custody). The officer and the supervisors are told.
        </p>
      </Alert>
      <SelectField
        path={`${prefix}.status`}
        label="New status"
        required
        error={error}
        value={status}
        onChange={setStatus}
        options={Object.entries(NOTICE_STATUS_LABELS).filter(([v]) => v !== notice.status)}
      />
      <Field
        path={`${prefix}.effectiveAt`}
        label="Effective date"
        hint="For example 2026-11-20 (YYYY-MM-DD). Leave blank for now."
        error={error}
        value={effective}
        onChange={setEffective}
      />
      <Field
        path={`${prefix}.usncbReference`}
        label="INTERPOL Washington reference"
        error={error}
        value={reference}
        onChange={setReference}
      />
      <Field
        path={`${prefix}.note`}
        label="Note"
        hint="What INTERPOL Washington told you, and how."
        kind="textarea"
        error={error}
        value={note}
        onChange={setNote}
      />
      <Button type="button" unstyled className="margin-top-2" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </ActionForm>
  );
}

/** What the change did to each case on the notice, as the service reports it. */
function AffectedSummary({ cases }: { cases: AffectedCase[] }) {
  return (
    <Alert type="success" headingLevel="h3" heading="The status change is recorded" slim={false}>
      <AffectedCases cases={cases} />
    </Alert>
  );
}

/**
 * The cases a change of a notice's status reached, each linked, with what was done to it: authorizations
 * withdrawn, the re-review task and its due date, the people told (also after an answer that changed it).
 */
export function AffectedCases({ cases }: { cases: AffectedCase[] }) {
  if (cases.length === 0) return <p className="margin-top-0">No case relies on this notice.</p>;
  return (
    <>
      <p className="margin-top-0">
        It is a material change for {cases.length === 1 ? 'the case' : `these ${cases.length} cases`}; a
        re-review task is open on each:
      </p>
      <ul className="usa-list">
        {cases.map((a) => (
          <li key={a.caseId}>
            <Link to={`/cases/${a.caseId}`}>{a.caseNumber}</Link>:{' '}
            {a.withdrawnAuthorizations.length === 0
              ? 'no authorization was in force'
              : a.withdrawnAuthorizations.length === 1
                ? '1 authorization withdrawn'
                : `${a.withdrawnAuthorizations.length} authorizations withdrawn`}
            ; re-review due {formatDate(a.dueAt)}
            {a.priority === 1 ? ' (first priority: the person is in custody)' : ''}
            {a.notified > 0 ? `; ${a.notified} ${a.notified === 1 ? 'person' : 'people'} told` : ''}.
          </li>
        ))}
      </ul>
    </>
  );
}
