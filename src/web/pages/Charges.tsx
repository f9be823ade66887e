// The charges, laws and penalties of a case's notices after intake (PATCH /cases/:id with the notice's
// warrants). Judicial data feeds the screening (minor offences, penalty thresholds, political offences), so
// a change is material: it voids approvals, withdraws authorizations — on every case relying on the same
// notice — and screens the case again. The page says so before the change and what happened after it.
import { Alert, Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, patch } from '../api/client.ts';
import { type NoticeView, useCase } from '../case/data.ts';
import { ActionForm, RoleNote, useCaseAction } from '../case/forms.tsx';
import { type CaseUpdateResult, describeCaseUpdate } from '../case/update-result.ts';
import { LoadError, Loading, PageHeading } from '../components/common.tsx';
import { countryName } from '../intake/countries.ts';
import {
  emptyWarrant,
  NOTICE_TYPE_LABELS,
  type WarrantDraft,
  warrantBodies,
  warrantDraftOf,
} from '../intake/draft.ts';
import { WarrantFields } from '../intake/warrant-fields.tsx';
import { useSession } from '../session/session.tsx';

export default function ChargesPage() {
  const { id = '' } = useParams();
  const caseQ = useCase(id);
  const { hasRole } = useSession();
  if (caseQ.isPending) return <Loading what="the case" />;
  if (caseQ.isError)
    return (
      <>
        <PageHeading title="Charges and penalties" />
        <LoadError error={caseQ.error} />
      </>
    );
  const c = caseQ.data;
  const canChange = hasRole('officer', 'supervisor') && c.status !== 'closed';
  return (
    <>
      <PageHeading title={`Charges and penalties of case ${c.caseNumber}`} />
      <p>
        <Link to={`/cases/${id}`}>Back to the case</Link> ·{' '}
        <Link to={`/cases/${id}/facts`}>Screening facts</Link>
      </p>
      <p>
        The charges, the laws cited and the penalties come from the warrants and judgments on the notice. The
        screening reads them (for example, whether the offence is minor or political, and the penalty
        thresholds of INTERPOL’s rules), so correct them here when the notice or INTERPOL Washington’s
        documents show something else.
      </p>
      {c.notices.length === 0 ? <p>This case has no notice.</p> : null}
      {c.notices.map((n, i) =>
        canChange ? (
          <NoticeWarrantsForm key={n.id} caseId={id} notice={n} n={i} />
        ) : (
          <NoticeWarrantsList key={n.id} notice={n} />
        ),
      )}
      {!canChange && c.status !== 'closed' ? (
        <RoleNote action="change the charges and penalties" roles="officers and supervisors" />
      ) : null}
      {c.status === 'closed' ? <p>The case is closed: its facts can no longer be changed.</p> : null}
    </>
  );
}

const noticeTitle = (n: NoticeView) =>
  `${NOTICE_TYPE_LABELS[n.type]} ${n.interpolRef} (${countryName(n.issuingCountry)})`;

function NoticeWarrantsList({ notice: n }: { notice: NoticeView }) {
  return (
    <section aria-labelledby={`notice-${n.id}-h`}>
      <h2 id={`notice-${n.id}-h`}>{noticeTitle(n)}</h2>
      {n.warrants.length === 0 ? (
        <p>No warrant or judgment is recorded on this notice.</p>
      ) : (
        <ol>
          {n.warrants.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: warrants are positional
            <li key={i}>
              {w.kind === 'judgment' ? 'Judgment' : 'Arrest warrant'}: {w.charge}
              {w.lawCited ? ` — ${w.lawCited}` : ''}
              {w.maxPenaltyMonths !== null ? `; maximum penalty ${w.maxPenaltyMonths} months` : ''}
              {w.sentenceMonths !== null ? `; sentence ${w.sentenceMonths} months` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function NoticeWarrantsForm({
  caseId,
  notice: n,
  n: index,
}: {
  caseId: string;
  notice: NoticeView;
  n: number;
}) {
  const prefix = `n${index}`;
  const [warrants, setWarrants] = useState<WarrantDraft[]>(() =>
    n.warrants.length ? n.warrants.map(warrantDraftOf) : [emptyWarrant()],
  );
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(caseId, prefix, (body: object) =>
    patch<CaseUpdateResult>(`/cases/${caseId}`, body),
  );
  const errors = error instanceof ApiError ? error.fields : [];
  const change = (i: number, p: Partial<WarrantDraft>) => {
    setDone(null);
    setWarrants((ws) => ws.map((w, j) => (j === i ? { ...w, ...p } : w)));
  };
  return (
    <section aria-labelledby={`${prefix}-notice-h`} className="margin-top-4">
      <h2 id={`${prefix}-notice-h`}>{noticeTitle(n)}</h2>
      <ActionForm
        prefix={prefix}
        headingLevel="h3"
        title="Change the warrants and judgments"
        error={error}
        done={done}
        pending={m.isPending}
        submit="Save the charges and penalties"
        onSubmit={() =>
          m.mutate(
            { notice: { noticeId: n.id, warrants: warrantBodies(warrants) } },
            {
              onSuccess: (r) =>
                setDone(
                  describeCaseUpdate(
                    r,
                    r.changed || r.otherCases.length
                      ? 'The charges and penalties are saved and the case was screened again.'
                      : 'Nothing changed.',
                  ),
                ),
            },
          )
        }
      >
        <Alert type="warning" headingLevel="h4" slim>
          Changing the charges or penalties is a material change: it voids the approvals and withdraws the
          authorizations of this case and of every other case that relies on this notice, and screens them
          again. Each case’s history records it.
        </Alert>
        {warrants.map((w, i) => (
          <WarrantFields
            // biome-ignore lint/suspicious/noArrayIndexKey: warrants are positional; the API names them by index
            key={i}
            prefix={`${prefix}.notice.warrants`}
            index={i}
            warrant={w}
            errors={errors}
            onChange={(p) => change(i, p)}
            onRemove={() => {
              setDone(null);
              setWarrants((ws) => ws.filter((_, j) => j !== i));
            }}
          />
        ))}
        <Button
          type="button"
          outline
          className="margin-top-2"
          onClick={() => {
            setDone(null);
            setWarrants((ws) => [...ws, emptyWarrant()]);
          }}
        >
          Add a warrant or judgment
        </Button>
      </ActionForm>
    </section>
  );
}
