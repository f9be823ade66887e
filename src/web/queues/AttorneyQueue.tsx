// The attorney's work on the home page: legal reviews to do, contests to decide and documentation
// sign-offs to do (GET /attorney-queue). Each list is read a page at a time, oldest first; "Show more"
// asks for the next page with the cursor the server gave (keyset paging). Work the attorney may not do
// under the separation-of-duties table is not offered.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { formatDateTime, LoadError, Loading } from '../components/common.tsx';

type AttorneyQueue = Res<'/attorney-queue', 'get'>;
type AttorneyList = Item<AttorneyQueue['lists']>;

const LISTS: Array<AttorneyList['list']> = ['legal_reviews', 'contests', 'sign_offs'];

const HELP: Record<AttorneyList['list'], string> = {
  legal_reviews:
    'Cases whose review advises “Do not act; refer for legal review”, or whose legal review concluded “do not proceed”. Cases where you are the officer, the reviewer, the approver or the contest decider are left out.',
  contests:
    'Contests not yet decided. A contest is decided by an attorney independent of the case: cases where you are the officer, the reviewer, the approver, the server or the legal reviewer are left out.',
  sign_offs:
    'Documentation INTERPOL Washington could not provide in full: each missing item needs an attorney’s sign-off before the documentation safeguard is met.',
};

const PAGE = 10;

function AttorneyListTable({ list }: { list: AttorneyList['list'] }) {
  const q = useInfiniteQuery({
    queryKey: ['attorney-queue', list],
    queryFn: ({ pageParam }) =>
      get<AttorneyQueue>('/attorney-queue', { list, limit: PAGE, after: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.lists[0]?.next ?? null,
  });
  const pages = q.data?.pages.map((p) => p.lists[0]).filter((l): l is AttorneyList => !!l) ?? [];
  const items = pages.flatMap((p) => p.items);
  const label = pages[0]?.label ?? list;
  const headingId = `aq-${list}`;
  return (
    <section aria-labelledby={headingId} className="margin-bottom-4" data-attorney-list={list}>
      <h3 id={headingId}>{label}</h3>
      <p className="margin-top-0">{HELP[list]}</p>
      {q.isPending ? <Loading what="the list" /> : null}
      {q.isError ? <LoadError error={q.error} /> : null}
      {q.isSuccess && items.length === 0 ? <p>Nothing waits for you here.</p> : null}
      {items.length > 0 ? (
        <table className="usa-table usa-table--borderless width-full">
          <caption className="usa-sr-only">{label}</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Person</th>
              <th scope="col">What waits</th>
              <th scope="col">Waiting since</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link to={`/cases/${i.caseId}`}>{i.caseNumber}</Link>
                </th>
                <td>{i.title}</td>
                <td>{i.detail}</td>
                <td>{formatDateTime(i.waitingSince)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {q.hasNextPage ? (
        <Button type="button" outline onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? 'Loading…' : `Show more: ${label.toLowerCase()}`}
        </Button>
      ) : null}
    </section>
  );
}

/** The attorney's three lists, under one heading. */
export function AttorneyWork() {
  return (
    <section aria-labelledby="attorney-work-heading" className="margin-bottom-5">
      <h2 id="attorney-work-heading">Your work as an attorney</h2>
      {LISTS.map((l) => (
        <AttorneyListTable key={l} list={l} />
      ))}
    </section>
  );
}
