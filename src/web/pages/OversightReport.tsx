import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, FormGroup, Label, Select, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { get, withQuery } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { useOfficeName, useOffices } from '../app/offices.tsx';
import {
  ErrorSummary,
  fieldId,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { countryName, indicatorTitle } from '../components/labels.ts';
import { ChartFigure, PALETTE } from '../dashboard/charts.tsx';

type Report = Res<'/reports/oversight'>;
type ReportTable = Item<Report['tables']>;

const axisTick = { fill: '#1b1b1b', fontSize: 14 };

const LABELS: Record<string, string> = {
  open: 'Open',
  authorized: 'Authorized',
  closed: 'Closed',
  no_action: 'No action',
  authorization_withdrawn: 'Authorization withdrawn',
  release_recommended: 'Release or relief recommended',
  referral_counsel: 'Referred to counsel',
  referral_oversight: 'Referred to oversight',
  pending: 'Not decided yet',
  sustained: 'Sustained',
  not_sustained: 'Not sustained',
  withdrawn: 'Withdrawn',
};

function label(t: ReportTable, axis: 'row' | 'col', v: string): string {
  const kind = axis === 'row' ? t.rowLabel : t.colLabel;
  if (kind === 'Indicator') return indicatorTitle(v);
  if (kind === 'Issuing country') return countryName(v);
  return LABELS[v] ?? v.replaceAll('_', ' ');
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export default function OversightReportPage() {
  const now = new Date();
  const [draft, setDraft] = useState({
    from: isoDay(new Date(Date.UTC(now.getUTCFullYear(), 0, 1))),
    to: isoDay(now),
    office: '',
    country: '',
  });
  const [filter, setFilter] = useState(draft);
  const offices = useOffices();
  const [published, setPublished] = useState(false);
  const query = {
    from: filter.from,
    to: filter.to,
    ...(filter.office ? { office: filter.office } : {}),
    ...(filter.country ? { country: filter.country.toUpperCase() } : {}),
  };
  const q = useQuery({
    queryKey: ['oversight-report', query],
    queryFn: () => get<Report>('/reports/oversight', query),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
  };
  const set = (k: keyof typeof draft) => (v: string) => setDraft({ ...draft, [k]: v });

  return (
    <>
      <PageHeading title="Oversight report" />
      <p className="usa-intro">
        What the safeguards and the retrospective review found, for a period, by office and issuing country.
        The PDF and CSV are safe to publish: counts below 11 are withheld, with enough others that none can be
        worked out from the totals.
      </p>
      <form onSubmit={submit} className="margin-bottom-4" noValidate>
        <div className="grid-row grid-gap">
          {(
            [
              ['from', 'First day (YYYY-MM-DD)'],
              ['to', 'Last day (YYYY-MM-DD)'],
              ['office', 'Office'],
              ['country', 'Issuing country, two letters (leave empty for all)'],
            ] as const
          ).map(([k, text]) => (
            <div key={k} className="grid-col-12 tablet:grid-col-3">
              <FormGroup>
                <Label htmlFor={fieldId(`report-${k}`)}>{text}</Label>
                {k === 'office' ? (
                  <Select
                    id={fieldId(`report-${k}`)}
                    name={k}
                    value={draft[k]}
                    onChange={(e) => set(k)(e.target.value)}
                  >
                    <option value="">Every office you may see</option>
                    {(offices.data?.items ?? []).map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <TextInput
                    id={fieldId(`report-${k}`)}
                    name={k}
                    type="text"
                    value={draft[k]}
                    onChange={(e) => set(k)(e.target.value)}
                  />
                )}
              </FormGroup>
            </div>
          ))}
        </div>
        <Button type="submit">Show the report</Button>
      </form>
      {q.isPending ? (
        <Loading what="the report" />
      ) : q.isError ? (
        <>
          <ErrorSummary error={q.error} />
          <LoadError error={q.error} />
        </>
      ) : (
        <ReportView report={q.data} published={published} setPublished={setPublished} query={query} />
      )}
    </>
  );
}

function ReportView({
  report,
  published,
  setPublished,
  query,
}: {
  report: Report;
  published: boolean;
  setPublished: (v: boolean) => void;
  query: Record<string, string>;
}) {
  const shown = (v: number | null) => (v === null ? 'withheld' : v);
  const officeName = useOfficeName();
  return (
    <>
      <p>
        {report.from} to {report.to}; {report.officeId ? officeName(report.officeId) : 'every office'};{' '}
        {report.country ? countryName(report.country) : 'every issuing country'}. Produced{' '}
        {formatDateTime(report.generatedAt)}.
      </p>
      <ul className="usa-list">
        <li>
          <a href={withQuery('/api/v1/reports/oversight.pdf', query)} download>
            Download the publishable PDF
          </a>
        </li>
        <li>
          <a href={withQuery('/api/v1/reports/oversight.csv', query)} download>
            Download the publishable CSV
          </a>
        </li>
      </ul>
      <Checkbox
        id="report-published"
        name="published"
        label="Show the tables as published (small counts withheld)"
        checked={published}
        onChange={(e) => setPublished(e.target.checked)}
      />
      {report.tables.map((t) => {
        const rows = t.table.rows.map((r, i) => ({
          label: label(t, 'row', r),
          cells: published ? t.published.cells[i]! : t.table.cells[i]!,
          total: published ? t.published.rowTotals[i]! : t.table.cells[i]!.reduce((a, b) => a + b, 0),
        }));
        const colTotals = published
          ? t.published.colTotals
          : t.table.cols.map((_, j) => t.table.cells.reduce((a, r) => a + r[j]!, 0));
        const grand = published ? t.published.total : rows.reduce((a, r) => a + (r.total ?? 0), 0);
        const all = [...rows, { label: 'Total', cells: colTotals, total: grand }];
        const chartData = rows.map((r) => ({ label: r.label, total: r.total ?? 0 }));
        const top = [...rows].sort((a, b) => (b.total ?? 0) - (a.total ?? 0))[0];
        return (
          <ChartFigure
            key={t.id}
            id={`report-${t.id}`}
            title={t.title}
            summary={`${t.counts} ${top ? `Largest: ${top.label} (${shown(top.total)}).` : ''} Total ${shown(grand)}.`}
            empty={`Nothing to count for “${t.title}” in this period.`}
            rows={t.table.rows.length ? all : []}
            columns={[
              { header: t.rowLabel, cell: (r) => r.label },
              ...t.table.cols.map((c, j) => ({
                header: label(t, 'col', c),
                cell: (r: (typeof all)[number]) => shown(r.cells[j] ?? null),
                numeric: true,
              })),
              { header: 'Total', cell: (r) => shown(r.total), numeric: true },
            ]}
            chart={
              <ResponsiveContainer width="100%" height="100%">
                <BarChart
                  data={chartData}
                  layout="vertical"
                  accessibilityLayer={false}
                  margin={{ left: 20, right: 30 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} tick={axisTick} />
                  <YAxis type="category" dataKey="label" width={220} tick={axisTick} />
                  <Bar dataKey="total" fill={PALETTE[0]} isAnimationActive={false}>
                    <LabelList dataKey="total" position="right" fill="#1b1b1b" />
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            }
          />
        );
      })}
      <TimeToAuthorization report={report} published={published} />
    </>
  );
}

function TimeToAuthorization({ report, published }: { report: Report; published: boolean }) {
  const stats = published ? report.publishedTimeToAuthorization : report.timeToAuthorization;
  const rows = stats.filter((s) => s.n > 0);
  const shown = (v: number | null) => (v === null ? 'withheld' : `${v} h`);
  return (
    <ChartFigure
      id="report-tta"
      title="Time to authorization"
      summary={`Hours from the opening of a case to its first authorization. ${rows
        .map((s) => `${s.group}: median ${shown(s.medianHours)}, 90th percentile ${shown(s.p90Hours)}`)
        .join('; ')}.`}
      empty="No case was authorized in this period."
      rows={rows}
      columns={[
        { header: 'Office', cell: (s) => s.group },
        { header: 'Authorizations', cell: (s) => (published && s.n < 11 ? 'withheld' : s.n), numeric: true },
        { header: 'Median', cell: (s) => shown(s.medianHours), numeric: true },
        { header: '90th percentile', cell: (s) => shown(s.p90Hours), numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows.map((s) => ({ group: s.group, median: s.medianHours ?? 0, p90: s.p90Hours ?? 0 }))}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="group" tick={axisTick} />
            <YAxis tick={axisTick} />
            <Bar dataKey="median" name="Median" fill={PALETTE[0]} isAnimationActive={false} />
            <Bar dataKey="p90" name="90th percentile" fill={PALETTE[1]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
    />
  );
}
