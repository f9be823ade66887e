// Exigencies on the oversight dashboard: every reliance on a notice before the person's contest was over,
// approved or refused by the field office director, counted per office and listed with its reasons.
import { Table } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import { formatDateTime } from '../components/common.tsx';

export interface ExigencyOversight {
  byOffice: Array<{ officeId: string; requested: number; approved: number; refused: number }>;
  items: Array<{
    id: string;
    caseId: string;
    caseNumber: string;
    officeId: string;
    action: string;
    reason: string;
    status: string;
    requestedBy: string;
    requestedAt: string;
    decidedBy: string | null;
    decidedAt: string | null;
    decisionReason: string | null;
  }>;
}

const STATUS: Record<string, string> = {
  requested: 'Awaiting the director',
  approved: 'Approved',
  refused: 'Refused',
};

export function ExigencyPanel({ data }: { data: ExigencyOversight | undefined }) {
  const e = data ?? { byOffice: [], items: [] };
  return (
    <section aria-labelledby="exigencies-h" className="margin-top-4">
      <h2 id="exigencies-h">Exigencies: reliance before the contest was over</h2>
      <p className="usa-hint">
        Each exigency lets a case rely on a notice before the person's contest window closed or their contest
        was decided. The field office director approves or refuses it.
      </p>
      {e.items.length === 0 ? (
        <p>No exigency has been requested.</p>
      ) : (
        <>
          <Table bordered fullWidth caption="Exigencies per office">
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
                  <th scope="row">{o.officeId}</th>
                  <td className="text-right">{o.approved}</td>
                  <td className="text-right">{o.refused}</td>
                  <td className="text-right">{o.requested}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Table bordered fullWidth caption="Every exigency, newest first">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">For</th>
                <th scope="col">Requested</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {e.items.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <Link to={`/cases/${x.caseId}`}>{x.caseNumber}</Link> ({x.officeId})
                  </th>
                  <td>
                    {x.action}
                    <div className="usa-hint">{x.reason}</div>
                  </td>
                  <td>
                    {x.requestedBy}, {formatDateTime(x.requestedAt)}
                  </td>
                  <td>
                    <strong>{STATUS[x.status] ?? x.status}</strong>
                    {x.decidedBy ? ` by ${x.decidedBy}, ${formatDateTime(x.decidedAt)}` : ''}
                    {x.decisionReason ? <div className="usa-hint">{x.decisionReason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}
