/**
 * The published PDF draws a bar chart of the row totals of cases by state, gates that blocked and
 * indicators by country, as the web page does, each followed by its data table; a withheld total has no
 * bar and reads "withheld".
 */
import { describe, expect, it } from 'vitest';
import type { OversightReport } from '../../src/services/report/oversight.ts';
import { reportPdf } from '../../src/services/report/publish.ts';
import { pdfLines } from '../helpers/pdf-text.ts';

const table = (rows: string[], cols: string[], cells: number[][]) => ({ rows, cols, cells });
const report: OversightReport = {
  from: '2024-01-01',
  to: '2024-12-31',
  officeId: null,
  country: null,
  generatedAt: '2025-01-01T00:00:00.000Z',
  tables: [
    {
      id: 'cases_by_state',
      title: 'Cases by state',
      counts: 'Cases opened in the period.',
      rowLabel: 'State',
      colLabel: 'Office',
      table: table(
        ['open', 'authorized', 'closed'],
        ['MIA', 'NYC'],
        [
          [40, 60],
          [20, 25],
          [3, 30],
        ],
      ),
    },
    {
      id: 'blocking_gates',
      title: 'Gates that blocked',
      counts: 'Refusals.',
      rowLabel: 'Gate',
      colLabel: 'Office',
      table: table(['G-VALIDITY'], ['MIA', 'NYC'], [[12, 30]]),
    },
    {
      id: 'indicators_by_country',
      title: 'Indicators found, by issuing country',
      counts: 'Indicators.',
      rowLabel: 'Indicator',
      colLabel: 'Issuing country',
      table: table(['IND_PROFILE_DISSIDENT'], ['RU', 'TR'], [[15, 22]]),
    },
    {
      id: 'contests',
      title: 'Contests and their outcomes',
      counts: 'Contests.',
      rowLabel: 'Decision',
      colLabel: 'Office',
      table: table(['pending'], ['MIA', 'NYC'], [[11, 12]]),
    },
  ],
  timeToAuthorization: [],
};

describe('the report PDF', () => {
  it('has a bar chart of row totals before the data table for the three charted tables, and none for others', async () => {
    const text = (await pdfLines(await reportPdf(report))).flat().join('\n');
    const charts = (text.match(/Chart: total by [a-z]+/g) ?? []).map((c) => c.trim());
    expect(charts).toEqual(['Chart: total by state', 'Chart: total by gate', 'Chart: total by indicator']);
    // The chart's values (row totals: 100, 45, 33) come before the table's, and "closed" (3 + 30: the 3 is
    // withheld, and so is its row total) reads withheld in the chart too.
    const chart = text.slice(text.indexOf('Chart: total by state'), text.indexOf('Gates that blocked'));
    expect(chart).toMatch(/open\s+100/);
    expect(chart).toMatch(/authorized\s+45/);
    expect(chart).toMatch(/closed\s+withheld/);
    expect(chart.indexOf('100')).toBeLessThan(chart.lastIndexOf('Total'));
  });
});
