/**
 * The publishable forms of the oversight report: CSV and PDF, with every count below 11 withheld and the
 * complementary cells that protect it (domain/suppression.ts). Figures computed from fewer than 11
 * authorizations (median, 90th percentile) are withheld too. CSV cells that a spreadsheet would read as a
 * formula (leading = + - @, tab, carriage return) are escaped with a leading apostrophe (csv-stringify's
 * `escape_formulas`).
 */
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import {
  type PublishedTable,
  SUPPRESSION_THRESHOLD,
  suppressStatistic,
  suppressTable,
} from '../../domain/suppression.ts';
import type { OversightReport, TimeStat } from './oversight.ts';

export const WITHHELD = 'withheld';

export const SUPPRESSION_NOTE = `Counts below ${SUPPRESSION_THRESHOLD} are withheld, and so are as many other counts or totals as needed so that no withheld count can be worked out from the totals. Withheld figures read "${WITHHELD}". Medians and 90th percentiles from fewer than ${SUPPRESSION_THRESHOLD} authorizations are withheld.`;

export interface PublishedReport {
  report: OversightReport;
  tables: (OversightReport['tables'][number] & { published: PublishedTable })[];
  timeToAuthorization: TimeStat[];
}

/** Applies the suppression rule to every table and figure of the report. */
export function publishable(report: OversightReport): PublishedReport {
  return {
    report,
    tables: report.tables.map((t) => ({ ...t, published: suppressTable(t.table) })),
    timeToAuthorization: report.timeToAuthorization.map((s) => ({
      group: s.group,
      n: s.n,
      medianHours: suppressStatistic(s.medianHours, s.n),
      p90Hours: suppressStatistic(s.p90Hours, s.n),
    })),
  };
}

const shown = (v: number | null) => (v === null ? WITHHELD : v);

/** Long CSV: section, row, column, value (one line per cell and per total). */
export function reportCsv(report: OversightReport): string {
  const p = publishable(report);
  const lines: (string | number)[][] = [['section', 'row', 'column', 'value']];
  lines.push(['report', 'period', 'from', report.from], ['report', 'period', 'to', report.to]);
  lines.push(['report', 'filter', 'office', report.officeId ?? 'all offices']);
  lines.push(['report', 'filter', 'issuing country', report.country ?? 'all countries']);
  lines.push(['report', 'note', 'suppression', SUPPRESSION_NOTE]);
  for (const t of p.tables) {
    const pt = t.published;
    pt.rows.forEach((r, i) => {
      pt.cols.forEach((c, j) => {
        lines.push([t.id, r, c, shown(pt.cells[i]![j]!)]);
      });
      lines.push([t.id, r, 'Total', shown(pt.rowTotals[i]!)]);
    });
    pt.cols.forEach((c, j) => {
      lines.push([t.id, 'Total', c, shown(pt.colTotals[j]!)]);
    });
    lines.push([t.id, 'Total', 'Total', shown(pt.total)]);
  }
  for (const s of p.timeToAuthorization) {
    lines.push([
      'time_to_authorization',
      s.group,
      'authorizations',
      s.n < SUPPRESSION_THRESHOLD ? WITHHELD : s.n,
    ]);
    lines.push(['time_to_authorization', s.group, 'median hours', shown(s.medianHours)]);
    lines.push(['time_to_authorization', s.group, '90th percentile hours', shown(s.p90Hours)]);
  }
  return stringify(lines, { escape_formulas: true });
}

/**
 * The PDF: title, period and filters, the suppression note, then each table with its totals; cases by
 * state, gates that blocked and indicators by country each with a bar chart of their row totals first.
 */
export function reportPdf(report: OversightReport): Promise<Buffer> {
  const p = publishable(report);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    info: { Title: `Oversight report ${report.from} to ${report.to}`, Author: 'Redline' },
    pdfVersion: '1.7',
    lang: 'en-US',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fontSize(18).text('Oversight report');
  doc.moveDown(0.3);
  doc
    .fontSize(10)
    .text(`Period: ${report.from} to ${report.to}`)
    .text(
      `Office: ${report.officeId ?? 'all offices'}. Issuing country: ${report.country ?? 'all countries'}.`,
    )
    .text(`Produced: ${report.generatedAt}`);
  doc.moveDown(0.5);
  doc.fontSize(9).text(SUPPRESSION_NOTE);

  for (const t of p.tables) {
    doc.moveDown(1);
    if (doc.y > 650) doc.addPage();
    doc.fontSize(13).text(t.title);
    doc.fontSize(9).text(t.counts);
    doc.moveDown(0.3);
    if (CHARTED.has(t.id) && t.published.rows.length) drawBarChart(doc, t.rowLabel, t.published);
    drawTable(doc, t.rowLabel, t.published);
  }
  doc.moveDown(1);
  if (doc.y > 650) doc.addPage();
  doc.fontSize(13).text('Time to authorization');
  doc
    .fontSize(9)
    .text(
      'Hours from the opening of a case to its first authorization, for first authorizations in the period.',
    );
  doc.moveDown(0.3);
  const rows = p.timeToAuthorization.map((s) => [
    s.group,
    s.n < SUPPRESSION_THRESHOLD ? WITHHELD : String(s.n),
    String(shown(s.medianHours)),
    String(shown(s.p90Hours)),
  ]);
  drawRows(doc, ['Office', 'Authorizations', 'Median (hours)', '90th percentile (hours)'], rows);
  doc.end();
  return done;
}

/** The tables drawn as a bar chart of their row totals, as on the web page, each followed by its data table. */
export const CHARTED = new Set(['cases_by_state', 'blocking_gates', 'indicators_by_country']);

/**
 * A horizontal bar chart (vector drawing) of a table's published row totals: one bar per row with its
 * label and value written out; a withheld total has no bar and reads "withheld". The data table with
 * every figure follows the chart, so nothing is shown only as a picture.
 */
export function drawBarChart(doc: PDFKit.PDFDocument, rowLabel: string, t: PublishedTable) {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const labelW = Math.min(180, width / 3);
  const valueW = 50;
  const barMax = width - labelW - valueW - 10;
  const barH = 10;
  const gap = 4;
  const height = t.rows.length * (barH + gap) + 14;
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const max = Math.max(1, ...t.rowTotals.map((v) => v ?? 0));
  doc
    .font('Helvetica-Oblique')
    .fontSize(8)
    .fillColor('black')
    .text(`Chart: total by ${rowLabel.toLowerCase()} (the figures are in the table below).`, left, doc.y);
  let y = doc.y + 2;
  t.rows.forEach((r, i) => {
    const v = t.rowTotals[i];
    doc.font('Helvetica').fontSize(8).fillColor('black');
    doc.text(r, left, y + 1, { width: labelW - 6, height: barH, ellipsis: true, lineBreak: false });
    const x = left + labelW;
    if (v !== null && v !== undefined) {
      const w = Math.max(v > 0 ? 1 : 0, (v / max) * barMax);
      if (w > 0) doc.rect(x, y, w, barH).fill('#005ea2');
      doc.fillColor('black').text(String(v), x + w + 4, y + 1, { lineBreak: false });
    } else {
      doc.fillColor('black').text(WITHHELD, x + 4, y + 1, { lineBreak: false });
    }
    y += barH + gap;
  });
  doc.fillColor('black');
  doc.x = left;
  doc.y = y + 4;
}

function drawTable(doc: PDFKit.PDFDocument, rowLabel: string, t: PublishedTable) {
  const header = [rowLabel, ...t.cols, 'Total'];
  const rows = t.rows.map((r, i) => [
    r,
    ...t.cells[i]!.map((v) => String(shown(v))),
    String(shown(t.rowTotals[i]!)),
  ]);
  rows.push(['Total', ...t.colTotals.map((v) => String(shown(v))), String(shown(t.total))]);
  if (!t.rows.length) {
    doc.fontSize(9).text('Nothing to count in this period.');
    return;
  }
  drawRows(doc, header, rows);
}

function drawRows(doc: PDFKit.PDFDocument, header: string[], rows: string[][]) {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const first = Math.min(180, width / 3);
  const rest = header.length > 1 ? (width - first) / (header.length - 1) : 0;
  const xs = header.map((_, i) => (i === 0 ? left : left + first + (i - 1) * rest));
  const ws = header.map((_, i) => (i === 0 ? first : rest));
  const line = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    let h = 0;
    cells.forEach((c, i) => {
      const opts = { width: ws[i]! - 4, align: i === 0 ? ('left' as const) : ('right' as const) };
      h = Math.max(h, doc.heightOfString(c, opts));
      doc.text(c, xs[i]!, y, opts);
    });
    doc.x = left;
    doc.y = y + h + 3;
  };
  line(header, true);
  for (const r of rows) line(r, false);
  doc.font('Helvetica');
}
