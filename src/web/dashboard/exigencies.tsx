// Exigencies on the oversight dashboard: every reliance on a notice before the person's contest was over,
// approved or refused by the field office director, counted per office and listed with its reasons.
import { Button, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { useOfficeName } from '../app/offices.tsx';
import { ErrorSummary, formatDateTime } from '../components/common.tsx';

type ExigencyPage = Res<'/exigencies', 'get'>;
export type ExigencyOversight = ExigencyPage & {
  byOffice: Array<{ officeId: string; requested: number; approved: number; refused: number }>;
};

const STATUS: Record<string, string> = {
  requested: 'Awaiting the director',
  approved: 'Approved',
  refused: 'Refused',
};

export function ExigencyPanel({ data }: { data: ExigencyOversight | undefined }) {
  const officeName = useOfficeName();
  const e = data ?? { byOffice: [], items: [], nextCursor: null };
  // Further pages, read on demand (keyset: the dashboard itself carries only the first page).
  const [more, setMore] = useState<{ items: ExigencyPage['items']; nextCursor: string | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = [...e.items, ...(more?.items ?? [])];
  const cursor = more ? more.nextCursor : e.nextCursor;
  const showMore = async () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await get<ExigencyPage>(`/exigencies?after=${encodeURIComponent(cursor)}`);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  return (
    <section aria-labelledby="exigencies-h" className="margin-top-4">
      <h2 id="exigencies-h">Exigencies: reliance before the contest was over</h2>
      <p className="usa-hint">
        Each exigency lets a case rely on a notice before the person's contest window closed or their contest
        was decided. The field office director approves or refuses it.
      </p>
      {items.length === 0 ? (
        <p>No exigency has been requested.</p>
      ) : (
        <>
          <Table bordered fullWidth stackedStyle="default" caption="Exigencies per office">
            <thead>
              <tr>
                <th scope="col">Office</th>
                <th scope="col">Approved</th>
                <th scope="col">Refused</th>
                <th scope="col">Awaiting the director</th>
              </tr>
            </thead>
            <tbody>
              {e.byOffice.map((o) => (
                <tr key={o.officeId}>
                  <th scope="row" data-label="Office">
                    {officeName(o.officeId)}
                  </th>
                  <td className="text-right" data-label="Approved">
                    {o.approved}
                  </td>
                  <td className="text-right" data-label="Refused">
                    {o.refused}
                  </td>
                  <td className="text-right" data-label="Awaiting the director">
                    {o.requested}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Table bordered fullWidth stackedStyle="default" caption="Every exigency, newest first">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">For</th>
                <th scope="col">Requested</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <th scope="row" data-label="Case">
                    <Link to={`/cases/${x.caseId}`}>{x.caseNumber}</Link> ({officeName(x.officeId)})
                  </th>
                  <td data-label="For">
                    {x.action}
                    <div className="usa-hint">{x.reason}</div>
                  </td>
                  <td data-label="Requested">
                    {x.requestedBy}, {formatDateTime(x.requestedAt)}
                  </td>
                  <td data-label="Decision">
                    <strong>{STATUS[x.status] ?? x.status}</strong>
                    {x.decidedBy ? ` by ${x.decidedBy}, ${formatDateTime(x.decidedAt)}` : ''}
                    {x.decisionReason ? <div className="usa-hint">{x.decisionReason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {error ? <ErrorSummary error={error} /> : null}
          {cursor ? (
            <Button type="button" outline disabled={loading} onClick={showMore}>
              {loading ? 'Loading…' : 'Show more exigencies'}
            </Button>
          ) : null}
          <p className="usa-hint" aria-live="polite">
            {items.length} exigenc{items.length === 1 ? 'y' : 'ies'} shown{cursor ? '; there are more.' : '.'}
          </p>
        </>
      )}
    </section>
  );
}
