// Recording a change of a notice's status from the case page (INTERPOL Washington liaison staff), without
// an open request: POST /notices/:id/status. The change reaches every case on the notice (authorizations
// withdrawn, a re-review task each, due by the policy's deadline).
import { Alert, Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { post } from '../api/client.ts';
import { formatDate } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import type { CaseView, NoticeView } from './data.ts';
import { ActionForm, Field, RoleNote, SelectField, useCaseAction } from './forms.tsx';

export const NOTICE_STATUS_LABELS: Record<string, string> = {
  valid: 'Valid: the notice is in force',
  suspended: 'Suspended: INTERPOL has suspended the notice',
  withdrawn: 'Withdrawn: the issuing country withdrew the notice',
  cancelled: 'Cancelled: INTERPOL cancelled the notice',
  deleted: 'Deleted: the notice was deleted from INTERPOL’s files',
  expired: 'Expired: the notice is past its expiry date',
  refused: 'Refused: INTERPOL refused to publish the notice',
};

const statusWord = (s: string) => (NOTICE_STATUS_LABELS[s] ?? s).split(':')[0]!;

interface AffectedCase {
  caseId: string;
  caseNumber: string;
  withdrawnAuthorizations: string[];
  priority: number;
  dueAt: string;
}

/** The notices of the case with their status, and (for liaison staff) a form to record a change. */
export function NoticeStatusSection({ c }: { c: CaseView }) {
  const { hasRole } = useSession();
  return (
    <section aria-labelledby="notice-status-h" className="margin-top-4">
      <h2 id="notice-status-h">The notice’s status</h2>
      {c.notices.map((n) => (
        <div key={n.id}>
          <p>
            Notice {n.interpolRef} is recorded as <strong>{statusWord(n.status).toLowerCase()}</strong>.
          </p>
          {hasRole('liaison') ? (
            <NoticeStatusForm c={c} notice={n} />
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

function NoticeStatusForm({ c, notice }: { c: CaseView; notice: NoticeView }) {
  const prefix = `notice-${notice.id.slice(0, 8)}`;
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [effective, setEffective] = useState('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [affected, setAffected] = useState<AffectedCase[] | null>(null);
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post<{ affectedCases: AffectedCase[] }>(`/notices/${notice.id}/status`, b),
  );
  if (!open)
    return (
      <>
        {affected ? <AffectedSummary cases={affected} /> : null}
        <Button
          type="button"
          outline
          onClick={() => {
            setAffected(null);
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
      headingLevel="h3"
      error={error}
      errorHeading="The status change could not be recorded"
      done={null}
      pending={m.isPending}
      submit="Record the status change"
      onSubmit={() => {
        const e = effective.trim();
        m.mutate(
          {
            status: status || 'none',
            ...(e ? { effectiveAt: /^\d{4}-\d{2}-\d{2}$/.test(e) ? `${e}T00:00:00Z` : e } : {}),
            usncbReference: reference.trim() || null,
            note: note.trim() || null,
          },
          {
            onSuccess: (r) => {
              setAffected(r.affectedCases);
              setOpen(false);
              setStatus('');
              setEffective('');
              setReference('');
              setNote('');
            },
          },
        );
      }}
    >
      <Alert type="warning" headingLevel="h4" slim>
        A status other than valid withdraws every authorization that relied on this notice, in every office,
        and opens a re-review task on each case on it.
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

function AffectedSummary({ cases }: { cases: AffectedCase[] }) {
  return (
    <Alert type="success" headingLevel="h3" heading="The status change is recorded" slim={false}>
      {cases.length === 0 ? (
        <p>No case relies on this notice.</p>
      ) : (
        <ul>
          {cases.map((a) => (
            <li key={a.caseId}>
              {a.caseNumber}: re-review due {formatDate(a.dueAt)}
              {a.priority === 1 ? ' (person in custody)' : ''}
              {a.withdrawnAuthorizations.length
                ? `; ${a.withdrawnAuthorizations.length} authorization withdrawn`
                : ''}
              .
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
