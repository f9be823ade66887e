// Accessible chart frame: a figure whose chart has a text summary as its accessible name, followed by the
// same data as a table. The chart itself is a picture of the table; nothing is told by colour alone.
import { Table } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';

/** USWDS colours with at least 3:1 contrast on white, in an order that neighbours stay distinguishable. */
export const PALETTE = ['#005ea2', '#c05600', '#00796b', '#8b0a03', '#54278f', '#1b1b1b'];

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** The first column heads each row. */
  numeric?: boolean;
}

export function ChartFigure<T>({
  id,
  title,
  summary,
  chart,
  rows,
  columns,
  empty,
}: {
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows; the accessible name of the chart. */
  summary: string;
  chart: ReactNode;
  rows: T[];
  columns: Column<T>[];
  /** Shown instead of the chart when there is no data. */
  empty: string;
}) {
  return (
    <section aria-labelledby={`${id}-h`} className="margin-bottom-6" data-chart={id}>
      <h2 id={`${id}-h`}>{title}</h2>
      {rows.length === 0 ? (
        <p className="text-italic">{empty}</p>
      ) : (
        <>
          <p id={`${id}-summary`}>{summary}</p>
          <div
            role="img"
            aria-labelledby={`${id}-h ${id}-summary`}
            className="rl-chart"
            style={{ height: 300 }}
          >
            {chart}
          </div>
          <Table fullWidth stackedStyle="default" caption={`${title}: the data`}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={c.numeric ? 'text-right' : undefined}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are a fixed snapshot of the dashboard
                <tr key={i}>
                  {columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c.header} scope="row" data-label={c.header}>
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td
                        key={c.header}
                        data-label={c.header}
                        className={c.numeric ? 'text-right' : undefined}
                      >
                        {c.cell(row)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}
