// A notice on its own page: what it is, who issued it and for what, its subject as recorded, whether it is
// in force and how its status changed, and the cases of the user's offices that rely on it. Liaison staff
// record a change of its status here (the form is shared with the case page: case/notice-status.tsx).
// A notice on no case of the user's office answers 404 like an unknown id, and the page says the same.
import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from '@trussworks/react-uswds';
import { Link, useParams } from 'react-router';
import { get } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { OfficeName } from '../app/offices.tsx';
import { humanize, STATUS_LABELS } from '../case/data.ts';
import { RoleNote } from '../case/forms.tsx';
import {
  NOTICE_STATUS_LABELS,
  NoticeStatusForm,
  noticeStatusWord,
  noticeTypeName,
} from '../case/notice-status.tsx';
import {
  formatDate,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
  SummaryRow,
} from '../components/common.tsx';
import { countryName, countryNames } from '../components/labels.ts';
import { NOTICE_PURPOSE_LABELS, NOTICE_TYPE_LABELS } from '../intake/draft.ts';
import { useSession } from '../session/session.tsx';

type Notice = Res<'/notices/{id}', 'get'>;

/** Who reported a change of status (notice_status_changes.source). */
const SOURCE_LABELS: Record<string, string> = {
  interpol_washington: 'INTERPOL Washington',
  interpol_washington_feed: 'INTERPOL Washington’s status feed',
  validity_confirmation: 'INTERPOL Washington, answering a request to confirm validity',
  ccf: 'A finding of the CCF, confirmed by an agency attorney',
};

const SEX_LABELS: Record<string, string> = { M: 'Male', F: 'Female', X: 'Not specified' };

export const noticeQuery = (id: string) => ({
  queryKey: ['notice', id],
  queryFn: () => get<Notice>(`/notices/${id}`),
});

export default function NoticePage() {
  const { id = '' } = useParams();
  const q = useQuery(noticeQuery(id));
  if (q.isPending) return <Loading what="the notice" />;
  if (q.isError)
    return (
      <>
        <PageHeading title="Notice" />
        <LoadError error={q.error} />
        <p>
          <Link to="/cases">Go to the cases</Link>
        </p>
      </>
    );
  const n = q.data;
  return (
    <>
      <PageHeading title={`${noticeTypeName(n.type)} ${n.interpolRef}`} />
      <p className="usa-intro">
        An INTERPOL {noticeTypeName(n.type)} is a request from {countryName(n.issuingCountry)} to locate the
        person; it is not a warrant. A case may rely on it only while it is valid and its safeguards are met.
      </p>
      <NoticeFacts n={n} />
      <Charges n={n} />
      <Subject n={n} />
      <StatusHistory n={n} />
      <Cases n={n} />
      <RecordStatus n={n} />
    </>
  );
}

function NoticeFacts({ n }: { n: Notice }) {
  const valid = n.status === 'valid';
  return (
    <section aria-labelledby="notice-facts-h">
      <h2 id="notice-facts-h">The notice</h2>
      <dl className="margin-top-0">
        <SummaryRow term="Type">
          {NOTICE_TYPE_LABELS[n.type as keyof typeof NOTICE_TYPE_LABELS] ?? humanize(n.type)}
        </SummaryRow>
        <SummaryRow term="INTERPOL reference">{n.interpolRef}</SummaryRow>
        <SummaryRow term="Issuing country">{countryName(n.issuingCountry)}</SummaryRow>
        <SummaryRow term="Requesting authority">{n.requestingAuthority ?? 'Not recorded'}</SummaryRow>
        <SummaryRow term="Purpose">
          {n.purpose
            ? (NOTICE_PURPOSE_LABELS[n.purpose as keyof typeof NOTICE_PURPOSE_LABELS] ?? humanize(n.purpose))
            : 'Not recorded'}
        </SummaryRow>
        <SummaryRow term="Issued">{n.issuedOn ? formatDate(n.issuedOn) : 'Not recorded'}</SummaryRow>
        <SummaryRow term="Expires">{n.expiresOn ? formatDate(n.expiresOn) : 'Not recorded'}</SummaryRow>
        <SummaryRow term="Status">
          <Tag className={valid ? 'bg-green' : 'bg-secondary-dark'}>{noticeStatusWord(n.status)}</Tag>{' '}
          {NOTICE_STATUS_LABELS[n.status]?.split(': ')[1] ?? ''}
          {n.statusUpdatedAt ? ` (recorded ${formatDateTime(n.statusUpdatedAt)})` : ''}.{' '}
          {valid ? '' : 'No case may rely on the notice while it is not valid.'}
        </SummaryRow>
        <SummaryRow term="Summary of facts">
          <span style={{ whiteSpace: 'pre-wrap' }}>{n.summaryOfFacts ?? 'Not recorded'}</span>
        </SummaryRow>
      </dl>
    </section>
  );
}

function Charges({ n }: { n: Notice }) {
  return (
    <section aria-labelledby="notice-charges-h">
      <h2 id="notice-charges-h">Offences and charges</h2>
      {n.warrants.length === 0 ? (
        <p>No warrant or judgment is recorded on this notice.</p>
      ) : (
        <ol className="usa-list">
          {n.warrants.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the warrants keep their recorded order
            <li key={i}>
              <strong>{w.charge}</strong>
              {w.chargeTranslation ? ` (translated: ${w.chargeTranslation})` : ''}. {humanize(w.kind)}
              {w.issuingCountry && w.issuingCountry !== n.issuingCountry
                ? ` of ${countryName(w.issuingCountry)}`
                : ''}
              {w.issuedOn ? `, issued ${formatDate(w.issuedOn)}` : ''}
              {w.lawCited ? `; law cited: ${w.lawCited}` : ''}.
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Subject({ n }: { n: Notice }) {
  const s = n.subject;
  return (
    <section aria-labelledby="notice-subject-h">
      <h2 id="notice-subject-h">The subject, as the notice was recorded</h2>
      {!s ? (
        <p>No subject is recorded on this notice.</p>
      ) : (
        <dl className="margin-top-0">
          <SummaryRow term="Name">
            {s.familyName}
            {s.givenNames ? `, ${s.givenNames}` : ''}
          </SummaryRow>
          <SummaryRow term="Also known as">
            {s.aliases.length ? s.aliases.join('; ') : 'None recorded'}
          </SummaryRow>
          <SummaryRow term="Date of birth">
            {s.datesOfBirth.length ? s.datesOfBirth.map(formatDate).join(' or ') : 'Not known'}
          </SummaryRow>
          <SummaryRow term="Sex">{s.sex ? (SEX_LABELS[s.sex] ?? s.sex) : 'Not recorded'}</SummaryRow>
          <SummaryRow term="Place of birth">{s.placeOfBirth ?? 'Not recorded'}</SummaryRow>
          <SummaryRow term="Nationalities">
            {s.nationalities.length ? countryNames(s.nationalities) : 'Not known'}
          </SummaryRow>
        </dl>
      )}
    </section>
  );
}

function StatusHistory({ n }: { n: Notice }) {
  return (
    <section aria-labelledby="notice-history-h">
      <h2 id="notice-history-h">Changes of status</h2>
      {n.statusChanges.length === 0 ? (
        <p>No change of status has been recorded since the notice was recorded.</p>
      ) : (
        <Table fullWidth stackedStyle="default">
          <caption className="usa-sr-only">Changes of the notice’s status, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">In effect from</th>
              <th scope="col">Reported by</th>
              <th scope="col">Recorded</th>
              <th scope="col">Reference and note</th>
            </tr>
          </thead>
          <tbody>
            {n.statusChanges.map((c) => (
              <tr key={c.recordedAt + c.to}>
                <td data-label="Change">
                  {noticeStatusWord(c.from)} to {noticeStatusWord(c.to).toLowerCase()}
                </td>
                <td data-label="In effect from">{formatDateTime(c.effectiveAt)}</td>
                <td data-label="Reported by">{SOURCE_LABELS[c.source] ?? humanize(c.source)}</td>
                <td data-label="Recorded">
                  {formatDateTime(c.recordedAt)}
                  {c.recordedByName ? ` by ${c.recordedByName}` : ''}
                </td>
                <td data-label="Reference and note">
                  {[c.usncbReference ? `Reference ${c.usncbReference}` : null, c.note]
                    .filter(Boolean)
                    .join('. ') || 'None'}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function Cases({ n }: { n: Notice }) {
  return (
    <section aria-labelledby="notice-cases-h">
      <h2 id="notice-cases-h">Cases that rely on this notice</h2>
      {n.cases.length === 0 ? (
        <p>No case of the offices you work for relies on this notice.</p>
      ) : (
        <>
          <p>The cases of the offices you work for. A change of the notice’s status reaches each of them.</p>
          <ul className="usa-list">
            {n.cases.map((c) => (
              <li key={c.id}>
                <Link to={`/cases/${c.id}`}>{c.caseNumber}</Link> (
                {STATUS_LABELS[c.status] ?? humanize(c.status)}, <OfficeName code={c.officeId} />)
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function RecordStatus({ n }: { n: Notice }) {
  const { hasRole } = useSession();
  return (
    <section aria-labelledby="notice-record-h" className="margin-top-4">
      <h2 id="notice-record-h">Record a change of the notice’s status</h2>
      {hasRole('liaison') ? (
        <NoticeStatusForm notice={n} caseNumbers={n.cases.map((c) => c.caseNumber)} />
      ) : (
        <RoleNote action="record a change of a notice’s status" roles="INTERPOL Washington liaison staff" />
      )}
    </section>
  );
}
