// G-VALIDITY on the case page: a notice whose subject is not shown to be the case's person (the notice was
// recorded on another person and the name, date of birth or nationality differ). What differs, and an
// agency attorney's confirmation of the link with the reason (the form closes once it is confirmed).
import { useState } from 'react';
import { post } from '../api/client.ts';
import { formatDateTime } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import { type CaseView, personName } from './data.ts';
import { ActionForm, Field, RoleNote, useCaseAction, useFlash } from './forms.tsx';

/** The notices on the case whose link to the person is unconfirmed or was confirmed by an attorney. */
export function SubjectLinks({ c }: { c: CaseView }) {
  const { hasRole } = useSession();
  const notices = c.notices.filter(
    (n) => n.subjectLink?.status === 'unconfirmed' || n.subjectLink?.status === 'confirmed',
  );
  if (notices.length === 0) return null;
  return (
    <>
      <h4>Is the person the notice's subject?</h4>
      {notices.map((n, i) => {
        const link = n.subjectLink!;
        return (
          <div key={n.id}>
            <p>
              Notice {n.interpolRef} was recorded on another person.{' '}
              {link.status === 'confirmed' ? (
                <span>
                  An attorney, {link.confirmedBy ? personName(c, link.confirmedBy) : 'unknown'}, confirmed on{' '}
                  {formatDateTime(link.confirmedAt)} that this person is its subject: “{link.reason}”
                </span>
              ) : (
                <span className="text-bold">
                  Nobody may rely on it for this person until an attorney confirms the link.
                </span>
              )}
            </p>
            {link.differences.length > 0 && (
              <ul>
                {link.differences.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
            {link.status === 'unconfirmed' &&
              (hasRole('attorney') ? (
                <ConfirmLinkForm c={c} noticeId={n.id} interpolRef={n.interpolRef} n={i} />
              ) : (
                <RoleNote
                  action="confirm that the person is the notice's subject"
                  roles="agency attorneys, who must say what establishes the identity"
                />
              ))}
          </div>
        );
      })}
    </>
  );
}

function ConfirmLinkForm({
  c,
  noticeId,
  interpolRef,
  n,
}: {
  c: CaseView;
  noticeId: string;
  interpolRef: string;
  n: number;
}) {
  const prefix = `link${n}`;
  const [reason, setReason] = useState('');
  const say = useFlash();
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post(`/cases/${c.id}/subject-link-confirmations`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title={`Confirm that the person is the subject of notice ${interpolRef}`}
      error={error}
      done={null}
      pending={m.isPending}
      submit="Confirm the link"
      onSubmit={() =>
        m.mutate(
          { noticeId, reason },
          { onSuccess: () => say(`Your confirmation for notice ${interpolRef} is recorded.`) },
        )
      }
    >
      <Field
        path={`${prefix}.reason`}
        label="What establishes that the person is the notice's subject?"
        hint="Say what was compared (photographs, fingerprints, identity documents, INTERPOL Washington's answer) and how each difference above is explained."
        kind="textarea"
        required
        error={error}
        value={reason}
        onChange={setReason}
      />
    </ActionForm>
  );
}
