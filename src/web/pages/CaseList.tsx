import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Table, Tag } from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { get } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { OfficeName } from '../app/offices.tsx';
import { formatDate, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { CASE_PURPOSES, type CasePurpose, PURPOSE_LABELS } from '../intake/draft.ts';
import { useSession } from '../session/session.tsx';

type CasePage = Res<'/cases', 'get'>;

const STATUSES = ['open', 'authorized', 'closed'] as const;
type Status = (typeof STATUSES)[number];
const STATUS_LABELS: Record<Status, string> = { open: 'Open', authorized: 'Authorized', closed: 'Closed' };
const STATUS_TAG_CLASS: Record<Status, string> = {
  open: 'bg-primary',
  authorized: 'bg-green',
  closed: 'bg-base-dark',
};

const PAGE_SIZE = 10;
type SortKey = 'caseNumber' | 'person' | 'purpose' | 'status' | 'officeId' | 'officer' | 'createdAt';
const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'caseNumber', label: 'Case number' },
  { key: 'person', label: 'Person' },
  { key: 'purpose', label: 'Purpose' },
  { key: 'status', label: 'Status' },
  { key: 'officeId', label: 'Office' },
  { key: 'officer', label: 'Assigned officer' },
  { key: 'createdAt', label: 'Opened' },
];

const isStatus = (s: string | null): s is Status => !!s && (STATUSES as readonly string[]).includes(s);
const isPurpose = (s: string | null): s is CasePurpose =>
  !!s && (CASE_PURPOSES as readonly string[]).includes(s);
const purposeLabel = (p: string) => (isPurpose(p) ? PURPOSE_LABELS[p] : p);

/**
 * Case list: the cases of your office (every office for liaison staff and auditors). Filters live in the
 * query string (status and purpose only: never a name or any other personal data); the words searched
 * for (from this page or the header's search box) and the page's position live in the page's state only.
 * Pages are keyset pages (`after`, the API's opaque cursor): the next page starts right after the last
 * case shown, so a case opened or closed meanwhile never makes a case repeat or go missing. "Previous
 * page" goes back to the cursor it came from.
 */
export default function CaseListPage() {
  const { hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const status = isStatus(params.get('status')) ? (params.get('status') as Status) : '';
  const purpose = isPurpose(params.get('purpose')) ? (params.get('purpose') as CasePurpose) : '';
  const [sort, setSort] = useState<{ key: SortKey; dir: 'ascending' | 'descending' }>({
    key: 'createdAt',
    dir: 'descending',
  });
  const location = useLocation();
  const incoming = ((location.state as { q?: unknown } | null)?.q as string | undefined) ?? '';
  const [q, setQ] = useState(incoming);
  const [qChoice, setQChoice] = useState(incoming);
  // A new search from the header while this page is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the header sends a search
  useEffect(() => {
    if (!incoming) return;
    setQ(incoming);
    setQChoice(incoming);
  }, [location.key]);
  // The cursor of each page shown so far: [undefined] is the first page; the last is the current one.
  // A new search, filter or order starts again from the first page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const listKey = JSON.stringify([q, status, purpose, sort.key, sort.dir]);
  const [cursorsFor, setCursorsFor] = useState(listKey);
  if (cursorsFor !== listKey) {
    setCursorsFor(listKey);
    setCursors([undefined]);
  }
  const pageIndex = cursorsFor === listKey ? cursors.length - 1 : 0;
  const after = cursorsFor === listKey ? cursors[cursors.length - 1] : undefined;
  const [statusChoice, setStatusChoice] = useState<string>(status);
  const [purposeChoice, setPurposeChoice] = useState<string>(purpose);

  // Filtered, sorted and paged by the server: an office may hold many thousands of cases.
  const cases = useQuery({
    queryKey: ['cases', 'list', q, status, purpose, sort.key, sort.dir, after ?? null],
    queryFn: () =>
      get<CasePage>('/cases', {
        q: q || undefined,
        status: status || undefined,
        purpose: purpose || undefined,
        sort: sort.key,
        order: sort.dir === 'ascending' ? 'asc' : 'desc',
        limit: PAGE_SIZE,
        after,
      }),
    placeholderData: keepPreviousData,
  });
  const names = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => get<Res<'/users/names', 'get'>>('/users/names'),
    staleTime: 5 * 60_000,
  });
  const nameOf = useMemo(() => {
    const m = new Map((names.data?.items ?? []).map((u) => [u.id, u.displayName]));
    return (id: string) => m.get(id) ?? 'Name not available';
  }, [names.data]);

  const total = cases.data?.total ?? 0;
  const shown = cases.data?.items ?? [];
  const capped = cases.data?.totalCapped ?? false;
  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = pageIndex + 1;
  const nextCursor = cases.data?.nextCursor ?? null;

  const setQuery = (next: { status?: string; purpose?: string }) => {
    const q = new URLSearchParams();
    const s = next.status ?? status;
    const p = next.purpose ?? purpose;
    if (s) q.set('status', s);
    if (p) q.set('purpose', p);
    setParams(q);
  };
  const nextPage = () => {
    if (nextCursor && !cases.isPlaceholderData) setCursors((c) => [...c, nextCursor]);
  };
  const previousPage = () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c));

  const applyFilters = (e: FormEvent) => {
    e.preventDefault();
    setQ(qChoice.trim());
    setQuery({ status: statusChoice, purpose: purposeChoice });
    setCursors([undefined]);
  };

  const clearFilters = () => {
    setQ('');
    setQChoice('');
    setStatusChoice('');
    setPurposeChoice('');
    setParams(new URLSearchParams());
    setCursors([undefined]);
  };

  const toggleSort = (key: SortKey) => {
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: key === 'createdAt' ? 'descending' : 'ascending' },
    );
  };

  const filtered = !!status || !!purpose || !!q;
  const first = shown.length ? pageIndex * PAGE_SIZE + 1 : 0;
  const last = pageIndex * PAGE_SIZE + shown.length;
  const totalText = `${capped ? 'more than ' : ''}${total.toLocaleString('en-US')}`;

  return (
    <>
      <PageHeading title="Cases" />
      <p className="usa-intro">
        {hasRole('liaison', 'auditor')
          ? 'Cases of every office.'
          : 'Cases of your office. Select a case number to see what blocks it and what to do next.'}
      </p>
      {hasRole('officer', 'supervisor') ? (
        <p>
          <Link to="/cases/new" className="usa-button">
            Open a new case
          </Link>
        </p>
      ) : null}

      <form className="usa-form maxw-full" onSubmit={applyFilters} aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="font-heading-md">
          Find and filter cases
        </h2>
        <div className="grid-row grid-gap flex-align-end">
          <div className="grid-col-12">
            <label className="usa-label" htmlFor="filter-q">
              Name, A-number, notice number or case number
            </label>
            <span className="usa-hint" id="filter-q-hint">
              Any spelling or script of a name finds the others (Mukhammad, Muhammad, Мухаммад). Leave empty
              to list every case.
            </span>
            <input
              className="usa-input maxw-mobile-lg"
              id="filter-q"
              name="q"
              type="search"
              aria-describedby="filter-q-hint"
              value={qChoice}
              maxLength={200}
              onChange={(e) => setQChoice(e.target.value)}
            />
          </div>
          <div className="grid-col-12 tablet:grid-col-4">
            <label className="usa-label" htmlFor="filter-status">
              Status
            </label>
            <select
              className="usa-select"
              id="filter-status"
              name="status"
              value={statusChoice}
              onChange={(e) => setStatusChoice(e.target.value)}
            >
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="grid-col-12 tablet:grid-col-4">
            <label className="usa-label" htmlFor="filter-purpose">
              Purpose
            </label>
            <select
              className="usa-select"
              id="filter-purpose"
              name="purpose"
              value={purposeChoice}
              onChange={(e) => setPurposeChoice(e.target.value)}
            >
              <option value="">Any purpose</option>
              {CASE_PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {PURPOSE_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <div className="grid-col-12 tablet:grid-col-4 margin-top-2">
            <Button type="submit">Apply filters</Button>
            {filtered ? (
              <Button type="button" unstyled className="margin-left-1" onClick={clearFilters}>
                Clear filters
              </Button>
            ) : null}
          </div>
        </div>
      </form>

      {cases.isPending ? <Loading what="cases" /> : null}
      {cases.isError ? <LoadError error={cases.error} /> : null}
      {cases.isSuccess ? (
        <>
          <p role="status" aria-live="polite" className="margin-top-3 text-bold">
            {total === 0
              ? 'No cases'
              : `Showing ${first} to ${last} of ${totalText} ${total === 1 && !capped ? 'case' : 'cases'}`}
            {filtered
              ? ` (${[
                  q ? `matching “${q}”` : '',
                  status ? STATUS_LABELS[status].toLowerCase() : '',
                  purpose ? PURPOSE_LABELS[purpose].toLowerCase() : '',
                ]
                  .filter(Boolean)
                  .join(', ')})`
              : ''}
          </p>
          {total === 0 ? (
            <div className="usa-summary-box margin-top-2">
              <div className="usa-summary-box__body">
                <h2 className="usa-summary-box__heading">
                  {filtered ? 'No cases match these filters' : 'There are no cases yet'}
                </h2>
                <div className="usa-summary-box__text">
                  {filtered ? (
                    <p>
                      Try another spelling, number, status or purpose, or{' '}
                      <Button type="button" unstyled onClick={clearFilters}>
                        clear the filters
                      </Button>
                      .
                    </p>
                  ) : hasRole('officer', 'supervisor') ? (
                    <p>
                      When you or your colleagues open a case, it appears here.{' '}
                      <Link to="/cases/new">Open a new case</Link>.
                    </p>
                  ) : (
                    <p>When officers open cases, they appear here.</p>
                  )}
                </div>
              </div>
            </div>
          ) : (
            // While the next page or order is on its way the previous rows stay, marked busy.
            <div aria-busy={cases.isPlaceholderData}>
              <Table
                fullWidth
                stackedStyle="headers"
                caption={
                  <>
                    Cases{filtered ? ', filtered' : ''}, sorted by{' '}
                    {COLUMNS.find((c) => c.key === sort.key)?.label.toLowerCase()} ({sort.dir}). Page{' '}
                    {current} of {capped ? `more than ${totalPages}` : totalPages}.
                  </>
                }
              >
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.dir : undefined}>
                        <Button
                          type="button"
                          unstyled
                          className="text-ink text-bold"
                          onClick={() => toggleSort(c.key)}
                        >
                          {c.label}
                          <span className="usa-sr-only">
                            {sort.key === c.key
                              ? `, sorted ${sort.dir}; select to sort ${sort.dir === 'ascending' ? 'descending' : 'ascending'}`
                              : ', select to sort'}
                          </span>
                          <span aria-hidden="true">
                            {sort.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}
                          </span>
                        </Button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" data-label="Case number">
                        <Link to={`/cases/${c.id}`}>{c.caseNumber}</Link>
                      </th>
                      <td data-label="Person">{c.personName}</td>
                      <td data-label="Purpose">{purposeLabel(c.purpose)}</td>
                      <td data-label="Status">
                        {isStatus(c.status) ? (
                          <Tag className={STATUS_TAG_CLASS[c.status]}>{STATUS_LABELS[c.status]}</Tag>
                        ) : (
                          <Tag>{c.status}</Tag>
                        )}
                      </td>
                      <td data-label="Office">
                        <OfficeName code={c.officeId} />
                      </td>
                      <td data-label="Assigned officer">{nameOf(c.assignedOfficerId)}</td>
                      <td data-label="Opened">{formatDate(c.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
          {pageIndex > 0 || nextCursor ? (
            <nav
              aria-label="Pages of cases"
              className="display-flex flex-align-center flex-wrap margin-top-2"
            >
              {pageIndex > 0 ? (
                <Button type="button" outline onClick={previousPage} className="margin-right-2">
                  Previous page<span className="usa-sr-only"> of cases</span>
                </Button>
              ) : null}
              <p className="margin-y-1 margin-right-2">
                Page {current} of {capped ? `more than ${totalPages}` : totalPages}
              </p>
              {nextCursor ? (
                <Button type="button" outline onClick={nextPage} disabled={cases.isPlaceholderData}>
                  Next page<span className="usa-sr-only"> of cases</span>
                </Button>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}
