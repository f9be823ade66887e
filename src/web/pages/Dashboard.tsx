import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { get } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { useOfficeName } from '../app/offices.tsx';
import { formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { countryName, indicatorTitle } from '../components/labels.ts';
import { ChartFigure, PALETTE } from '../dashboard/charts.tsx';
import { ExigencyPanel } from '../dashboard/exigencies.tsx';
import { OverridesPanel } from '../dashboard/overrides.tsx';

type DashboardData = Res<'/dashboard', 'get'>;

const STATES = ['open', 'authorized', 'closed'] as const;
const STATE_LABEL: Record<string, string> = { open: 'Open', authorized: 'Authorized', closed: 'Closed' };
const DECISION_LABEL: Record<string, string> = {
  sustained: 'Sustained',
  not_sustained: 'Not sustained',
  withdrawn: 'Withdrawn',
  undecided: 'Not yet decided',
};

const hours = (h: number | null) =>
  h === null ? 'no data' : h < 48 ? `${h} hours` : `${Math.round((h / 24) * 10) / 10} days (${h} hours)`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const humanIndicator = indicatorTitle;

const axisTick = { fill: '#1b1b1b', fontSize: 14 };

export default function DashboardPage() {
  const q = useQuery({ queryKey: ['dashboard'], queryFn: () => get<DashboardData>('/dashboard') });
  const officeName = useOfficeName();
  if (q.isPending)
    return (
      <>
        <PageHeading title="Dashboard" />
        <Loading what="the dashboard" />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeading title="Dashboard" />
        <LoadError error={q.error} />
      </>
    );
  const d = q.data;

  const offices = [...new Set(d.casesByStateAndOffice.map((r) => r.officeId))].sort();
  const byOffice = offices.map((office) => {
    const row: Record<string, string | number> = { office: officeName(office) };
    for (const s of STATES)
      row[s] = d.casesByStateAndOffice.find((r) => r.officeId === office && r.status === s)?.count ?? 0;
    row.total = STATES.reduce((n, s) => n + (row[s] as number), 0);
    return row as { office: string; open: number; authorized: number; closed: number; total: number };
  });
  const totalCases = byOffice.reduce((n, r) => n + r.total, 0);

  const countries = [...new Set(d.indicatorsByCountry.map((r) => r.country))];
  const byCountry = countries
    .map((country) => ({
      country: countryName(country),
      present: d.indicatorsByCountry.filter((r) => r.country === country).reduce((n, r) => n + r.present, 0),
    }))
    .sort((a, b) => b.present - a.present || a.country.localeCompare(b.country));

  const contestRows = [
    ...d.contests.outcomes.map((o) => ({ decision: o.decision, count: o.count })),
    ...(d.contests.undecided > 0 ? [{ decision: 'undecided', count: d.contests.undecided }] : []),
  ].map((r) => ({ ...r, label: DECISION_LABEL[r.decision] ?? r.decision }));

  const tta = d.timeToAuthorization;
  const ttaRows =
    tta.cases > 0
      ? [
          { measure: 'Median', hours: tta.medianHours ?? 0 },
          { measure: '90th percentile', hours: tta.p90Hours ?? 0 },
        ]
      : [];
  const topGate = d.blockingGates[0];

  return (
    <>
      <PageHeading title="Dashboard" />
      <p className="usa-intro">
        How cases move through the directive’s safeguards{' '}
        {d.scope === 'all_offices' ? 'in every office' : `in your office (${officeName(d.scope)})`}. Figures
        as of {formatDateTime(d.generatedAt)}. Each chart is followed by its data as a table.
      </p>

      <ChartFigure
        id="cases"
        title="Cases by state and office"
        summary={`${plural(totalCases, 'case')} in ${plural(offices.length, 'office')}: ${byOffice
          .map((r) => `${r.office} has ${r.open} open, ${r.authorized} authorized and ${r.closed} closed`)
          .join('; ')}.`}
        empty="There are no cases yet."
        rows={byOffice}
        columns={[
          { header: 'Office', cell: (r) => r.office },
          { header: 'Open', cell: (r) => r.open, numeric: true },
          { header: 'Authorized', cell: (r) => r.authorized, numeric: true },
          { header: 'Closed', cell: (r) => r.closed, numeric: true },
          { header: 'Total', cell: (r) => r.total, numeric: true },
        ]}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={byOffice}
              accessibilityLayer={false}
              margin={{ top: 20, right: 10, left: 0, bottom: 5 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="office" tick={axisTick} />
              <YAxis allowDecimals={false} tick={axisTick} />
              <Legend formatter={(value) => <span style={{ color: '#1b1b1b' }}>{value}</span>} />
              {STATES.map((s, i) => (
                <Bar
                  key={s}
                  dataKey={s}
                  name={STATE_LABEL[s]}
                  stackId="a"
                  fill={PALETTE[i]}
                  isAnimationActive={false}
                >
                  <LabelList
                    dataKey={s}
                    position="center"
                    fill="#fff"
                    formatter={(v: unknown) => (v ? String(v) : '')}
                  />
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        }
      />

      <OverridesPanel overrides={d.overrides} />

      <ChartFigure
        id="gates"
        title="Gates most often blocking open cases"
        summary={
          topGate
            ? `Of ${plural(d.openCasesEvaluated, 'open case')}, the gate blocking most is ${topGate.gate} (${topGate.title}), on ${plural(topGate.count, 'case')}.`
            : `None of the ${plural(d.openCasesEvaluated, 'open case')} is blocked.`
        }
        empty="No open case is blocked by a gate."
        rows={d.blockingGates}
        columns={[
          { header: 'Gate', cell: (r) => r.gate },
          { header: 'What it requires', cell: (r) => r.title },
          { header: 'Open cases blocked', cell: (r) => r.count, numeric: true },
        ]}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={d.blockingGates}
              layout="vertical"
              accessibilityLayer={false}
              margin={{ top: 5, right: 30, left: 10, bottom: 5 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tick={axisTick} />
              <YAxis type="category" dataKey="gate" width={130} tick={axisTick} interval={0} />
              <Bar dataKey="count" name="Open cases blocked" fill={PALETTE[0]} isAnimationActive={false}>
                <LabelList dataKey="count" position="right" fill="#1b1b1b" />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        }
      />

      <ChartFigure
        id="indicators"
        title="Indicators of misuse found, by issuing country"
        summary={
          byCountry.length
            ? `Indicators found present in preliminary reviews, by the country that issued the notice: ${byCountry
                .map((r) => `${countryName(r.country)} ${r.present}`)
                .join(', ')}.`
            : 'No preliminary review found an indicator present.'
        }
        empty="No preliminary review has found an indicator present."
        rows={d.indicatorsByCountry}
        columns={[
          { header: 'Issuing country', cell: (r) => countryName(r.country) },
          {
            header: 'Indicator',
            cell: (r) => <>{humanIndicator(r.indicatorId)}</>,
          },
          { header: 'Cases where present', cell: (r) => r.present, numeric: true },
        ]}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={byCountry}
              accessibilityLayer={false}
              margin={{ top: 20, right: 10, left: 0, bottom: 5 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="country" tick={axisTick} />
              <YAxis allowDecimals={false} tick={axisTick} />
              <Bar dataKey="present" name="Indicators present" fill={PALETTE[1]} isAnimationActive={false}>
                <LabelList dataKey="present" position="top" fill="#1b1b1b" />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        }
      />

      <ChartFigure
        id="time"
        title="Time from opening to authorization"
        summary={
          tta.cases > 0
            ? `Over ${plural(tta.cases, 'authorized case')}, the median time from opening the case to its first authorization is ${hours(tta.medianHours)}; 90% were authorized within ${hours(tta.p90Hours)}.`
            : 'No case has been authorized yet.'
        }
        empty="No case has been authorized yet, so there is no time to show."
        rows={ttaRows}
        columns={[
          { header: 'Measure', cell: (r) => r.measure },
          { header: 'Hours', cell: (r) => r.hours, numeric: true },
        ]}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={ttaRows}
              accessibilityLayer={false}
              margin={{ top: 20, right: 10, left: 0, bottom: 5 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="measure" tick={axisTick} />
              <YAxis
                tick={axisTick}
                label={{ value: 'Hours', angle: -90, position: 'insideLeft', fill: '#1b1b1b' }}
              />
              <Bar dataKey="hours" name="Hours" fill={PALETTE[2]} isAnimationActive={false}>
                <LabelList dataKey="hours" position="top" fill="#1b1b1b" />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        }
      />

      <ChartFigure
        id="contests"
        title="Contests and their outcomes"
        summary={
          d.contests.filed > 0
            ? `${plural(d.contests.filed, 'contest')} filed; ${d.contests.undecided} not yet decided. ${contestRows
                .map((r) => `${r.label}: ${r.count}`)
                .join('; ')}.`
            : 'No person has contested yet.'
        }
        empty="No person has contested a case yet."
        rows={contestRows}
        columns={[
          { header: 'Outcome', cell: (r) => r.label },
          { header: 'Contests', cell: (r) => r.count, numeric: true },
        ]}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={contestRows}
              accessibilityLayer={false}
              margin={{ top: 20, right: 10, left: 0, bottom: 5 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={axisTick} />
              <YAxis allowDecimals={false} tick={axisTick} />
              <Bar dataKey="count" name="Contests" fill={PALETTE[4]} isAnimationActive={false}>
                <LabelList dataKey="count" position="top" fill="#1b1b1b" />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        }
      />

      {/* --- exigencies: own block --- */}
      <ExigencyPanel data={d.exigencies} />
      {/* --- end exigencies --- */}
    </>
  );
}
