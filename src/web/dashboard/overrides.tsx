// Overrides for oversight: approvals decided against the advice in force (the review's "do not act", or a
// legal review's "do not proceed"), counted per office and listed.
import { Table } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import { useOfficeName } from '../app/offices.tsx';
import { formatDateTime } from '../components/common.tsx';

export interface OverridesData {
  byOffice: Array<{ officeId: string; count: number }>;
  items: Array<{
    approvalId: string;
    caseId: string;
    caseNumber: string;
    officeId: string;
    approverName: string;
    decidedAt: string;
    indicators: Array<{ id: string; title: string }>;
    legalConclusion: string | null;
    legalConclusionLabel: string | null;
    reason: string;
    voided: boolean;
  }>;
}

export function OverridesPanel({ overrides }: { overrides: OverridesData | undefined }) {
  const officeName = useOfficeName();
  const o = overrides ?? { byOffice: [], items: [] };
  const total = o.byOffice.reduce((n, r) => n + r.count, 0);
  return (
    <section aria-labelledby="overrides-h" className="margin-y-4">
      <h2 id="overrides-h">Approvals against the advice (overrides)</h2>
      <p className="measure-5">
        A supervisor may approve a case although its review advised “Do not act; refer for legal review”, or
        although the legal review concluded “Do not proceed”. Each such approval is recorded as an override
        and listed here.{' '}
        {total === 0
          ? 'No approval has gone against the advice.'
          : `${total} ${total === 1 ? 'approval has' : 'approvals have'} gone against the advice.`}
      </p>
      {total > 0 ? (
        <>
          <Table fullWidth stackedStyle="default">
            <caption>Overrides per office</caption>
            <thead>
              <tr>
                <th scope="col">Office</th>
                <th scope="col" className="text-right">
                  Overrides
                </th>
              </tr>
            </thead>
            <tbody>
              {o.byOffice.map((r) => (
                <tr key={r.officeId}>
                  <td data-label="Office">{officeName(r.officeId)}</td>
                  <td data-label="Overrides" className="text-right">
                    {r.count}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Table fullWidth stackedStyle="default">
            <caption>Every override, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Office</th>
                <th scope="col">Approver</th>
                <th scope="col">Date</th>
                <th scope="col">Indicators acknowledged</th>
                <th scope="col">Legal review</th>
              </tr>
            </thead>
            <tbody>
              {o.items.map((i) => (
                <tr key={i.approvalId}>
                  <td data-label="Case">
                    <Link to={`/cases/${i.caseId}`}>{i.caseNumber}</Link>
                    {i.voided ? ' (approval since voided)' : ''}
                  </td>
                  <td data-label="Office">{officeName(i.officeId)}</td>
                  <td data-label="Approver">{i.approverName}</td>
                  <td data-label="Date">{formatDateTime(i.decidedAt)}</td>
                  <td data-label="Indicators acknowledged">
                    {i.indicators.length ? i.indicators.map((x) => x.title).join('; ') : 'None'}
                  </td>
                  <td data-label="Legal review">{i.legalConclusionLabel ?? 'None recorded'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : null}
    </section>
  );
}
