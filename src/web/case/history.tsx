// The case history: every action in plain language, oldest first; repeated entries (ten reads, repeated
// screening runs) arrive grouped by the server and show their count and time range.
import { Table } from '@trussworks/react-uswds';
import { ROLE_LABELS, type Role } from '../api/types.ts';
import { formatDateTime, LoadError, Loading } from '../components/common.tsx';
import type { useHistory } from './data.ts';
import { historyWhen } from './history-when.ts';

export function CaseHistory({ q: historyQ }: { q: ReturnType<typeof useHistory> }) {
  return (
    <section aria-labelledby="history-h" className="margin-top-4">
      <h2 id="history-h">Case history</h2>
      {historyQ.isPending ? (
        <Loading what="the history" />
      ) : historyQ.isError ? (
        <LoadError error={historyQ.error} />
      ) : (
        <Table fullWidth stackedStyle="default">
          <caption>
            Everything done on this case, oldest first; repeated actions are shown once with a count
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {historyQ.data.items.map((h) => (
              <tr key={h.seq}>
                <td data-label="When">{historyWhen(h, formatDateTime)}</td>
                <td data-label="Who">
                  {h.actorName}
                  {h.actorRole ? ` (${ROLE_LABELS[h.actorRole as Role] ?? h.actorRole})` : ''}
                </td>
                <td data-label="What happened">
                  {h.summary}
                  {h.count && h.count > 1 ? ` (${h.count} times)` : ''}
                  {h.outcome !== 'ok' ? ' Refused.' : ''}
                  {h.reasons.length > 0 ? (
                    <ul className="margin-y-05">
                      {h.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
