// What has been recorded on the case, for reading: the independent basis and narrative, documents received,
// service on the person, contests and their decisions, and every authorization with what it covered.
import { Table, Tag } from '@trussworks/react-uswds';
import { memo } from 'react';
import { formatDateTime } from '../components/common.tsx';
import { languageLabel } from '../intake/languages.ts';
import { BasisFit, BasisFitForm } from './basis.tsx';
import { type CaseView, CONTEST_GROUND_LABELS, humanize, PURPOSE_LABELS, personName } from './data.ts';
import { LegalReviewsRecord } from './legal-review.tsx';

export const CaseRecord = memo(function CaseRecord({ c }: { c: CaseView }) {
  return (
    <section aria-labelledby="record-h" className="margin-top-4">
      <h2 id="record-h">What is recorded on this case</h2>
      <Basis c={c} />
      <LegalReviewsRecord c={c} />
      <Documents c={c} />
      <Disclosures c={c} />
      <Contests c={c} />
      <Authorizations c={c} />
    </section>
  );
});

function Basis({ c }: { c: CaseView }) {
  const b = c.independentBasis;
  return (
    <>
      <h3 id="record-basis">Independent basis (not the INTERPOL notice)</h3>
      {b ? (
        <>
          <p className="measure-5">{b.summary}</p>
          <BasisFit b={b} />
          {b.evidence.length > 0 ? (
            <ul>
              {b.evidence.map((e) => (
                <li key={`${e.source}-${e.description}`}>
                  {e.description} ({humanize(e.sourceType)}: {e.source}
                  {e.reference ? `, reference ${e.reference}` : ''})
                </li>
              ))}
            </ul>
          ) : (
            <p>No evidence is listed.</p>
          )}
          {c.status !== 'closed' ? <BasisFitForm c={c} /> : null}
        </>
      ) : (
        <p>No independent basis is recorded.</p>
      )}
      <h3>Narrative</h3>
      <p className="measure-5" style={{ whiteSpace: 'pre-wrap' }}>
        {c.narrative || 'No narrative is recorded.'}
      </p>
    </>
  );
}

function Documents({ c }: { c: CaseView }) {
  return (
    <>
      <h3>Documents received</h3>
      {c.documents.length === 0 ? (
        <p>No documents are recorded yet.</p>
      ) : (
        <Table fullWidth stackedStyle="default">
          <caption className="usa-sr-only">Documents received</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Kind</th>
              <th scope="col">Received</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {c.documents.map((d) => (
              <tr key={d.id}>
                <td data-label="Title">{d.title}</td>
                <td data-label="Kind">{humanize(d.kind)}</td>
                <td data-label="Received">{formatDateTime(d.receivedAt)}</td>
                <td data-label="From">{d.fromLiaison ? 'INTERPOL Washington' : 'Recorded on the case'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function Disclosures({ c }: { c: CaseView }) {
  const title = (id: string) => c.documents.find((d) => d.id === id)?.title ?? 'a document no longer listed';
  return (
    <>
      <h3>Service on the person</h3>
      {c.disclosures.length === 0 ? (
        <p>The person has not been served with the documentation yet.</p>
      ) : (
        <ul className="usa-list">
          {c.disclosures.map((d) => (
            <li key={d.id}>
              Served {formatDateTime(d.servedAt)} ({humanize(d.method)}, in {languageLabel(d.language)}
              {d.interpreter
                ? `, interpreted into ${languageLabel(d.interpreter.language)} by ${d.interpreter.name}`
                : ''}
              ). The person may contest until {formatDateTime(d.contestDeadline)}.
              {d.documentIds && d.documentIds.length > 0 ? (
                <> Documents served: {d.documentIds.map(title).join('; ')}.</>
              ) : null}
              {d.restricted ? (
                <>
                  {' '}
                  <Tag className="bg-gold text-ink">Restricted</Tag> Withheld or redacted:{' '}
                  {d.restrictionNote ?? 'no explanation recorded'}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Contests({ c }: { c: CaseView }) {
  return (
    <>
      <h3>Contests</h3>
      {c.contests.length === 0 ? (
        <p>No contest is recorded.</p>
      ) : (
        <ul className="usa-list">
          {c.contests.map((k) => (
            <li key={k.id}>
              Filed {formatDateTime(k.filedAt)}.{' '}
              {k.decision
                ? `Decided ${formatDateTime(k.decidedAt)} by ${personName(c, k.decidedBy)}: ${humanize(k.decision)}.`
                : 'Awaiting the decision of an agency attorney.'}
              {k.grounds && k.grounds.length > 0 ? (
                <ol>
                  {k.grounds.map((g, i) => {
                    const answer = k.answers?.find((a) => a.groundIndex === i)?.answer;
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: grounds are positional
                      <li key={i}>
                        <strong>{CONTEST_GROUND_LABELS[g.ground] ?? g.ground}:</strong> “{g.statement}”
                        {answer ? <> Answer: {answer}</> : null}
                      </li>
                    );
                  })}
                </ol>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Authorizations({ c }: { c: CaseView }) {
  const list = c.authorizations ?? [];
  return (
    <>
      <h3>Authorizations</h3>
      {list.length === 0 ? (
        <p>The case has not been authorized.</p>
      ) : (
        list.map((a) => (
          <div key={a.id} className="border-left-05 border-base-light padding-left-2 margin-bottom-2">
            <p className="margin-bottom-05">
              <Tag
                className={
                  a.status === 'active'
                    ? 'bg-green'
                    : a.status === 'suspended'
                      ? 'bg-secondary-dark'
                      : 'bg-base-dark'
                }
              >
                {a.status === 'active'
                  ? 'In force'
                  : a.status === 'suspended'
                    ? 'Suspended: contest pending'
                    : humanize(a.status)}
              </Tag>{' '}
              {PURPOSE_LABELS[a.purpose] ?? a.purpose}, by {a.authorizedByName} on{' '}
              {formatDateTime(a.authorizedAt)}, under policy version {a.policyVersion}, for case version{' '}
              <code>{a.caseVersionHash.slice(0, 16)}</code>.
            </p>
            {a.suspendedAt ? (
              <p
                className={`margin-y-05${a.status === 'suspended' ? ' text-bold text-secondary-darker' : ''}`}
              >
                {a.status === 'suspended' ? 'Suspended since' : 'Was suspended on'}{' '}
                {formatDateTime(a.suspendedAt)}:{' '}
                {a.suspendedReason ?? 'a contest was filed after the authorization.'}
                {a.resumedAt
                  ? ` In force again since ${formatDateTime(a.resumedAt)} (the contest was decided and not sustained).`
                  : ''}
              </p>
            ) : null}
            {a.withdrawnAt ? (
              <p className="margin-y-05">
                Withdrawn {formatDateTime(a.withdrawnAt)}: {a.withdrawnReason ?? 'no reason recorded'}
              </p>
            ) : null}
            <details>
              <summary>The safeguards it covered ({a.gates.length})</summary>
              <ul>
                {a.gates.map((g) => (
                  <li key={g.gate}>
                    {g.title}: {g.status === 'met' ? 'met' : humanize(g.status)}
                  </li>
                ))}
              </ul>
            </details>
          </div>
        ))
      )}
    </>
  );
}
