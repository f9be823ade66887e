// "Who may do what": the roles allowed each action and the duties one person may not combine on a case,
// as the server's permission table states them (GET /who-may-do-what). Nothing here is written by hand.
import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { LoadError, Loading, PageHeading } from '../components/common.tsx';

type Rules = Res<'/who-may-do-what', 'get'>;

export default function WhoMayDoWhatPage() {
  const q = useQuery({ queryKey: ['who-may-do-what'], queryFn: () => get<Rules>('/who-may-do-what') });
  return (
    <>
      <PageHeading title="Who may do what" />
      <p className="usa-intro">
        Redline checks these rules on every action. A refusal names the rule that applied; this page lists
        them all.
      </p>
      {q.isPending ? <Loading what="the rules" /> : null}
      {q.isError ? <LoadError error={q.error} /> : null}
      {q.isSuccess ? (
        <>
          <section aria-labelledby="separation-heading">
            <h2 id="separation-heading">Separation of duties on a case</h2>
            <p>
              One person may not hold both duties of a row on the same case. Whichever of the two is taken
              second is refused, with the rule.
            </p>
            <table className="usa-table usa-table--borderless usa-table--stacked width-full">
              <caption className="usa-sr-only">Duties one person may not combine on a case</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">One person may not be both</th>
                  <th scope="col">Why</th>
                  <th scope="col">Directive</th>
                </tr>
              </thead>
              <tbody>
                {q.data.separation.map((r) => (
                  <tr key={r.rule}>
                    <th scope="row" data-label="Rule">
                      <code>{r.rule}</code>
                    </th>
                    <td data-label="One person may not be both">
                      {r.duties[0]} <strong>and</strong> {r.duties[1]}
                    </td>
                    <td data-label="Why">{r.reason}</td>
                    <td data-label="Directive">{r.clauses.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="permissions-heading">
            <h2 id="permissions-heading">Which roles may take each action</h2>
            <p>
              Actions marked “training” also need current annual INTERPOL notices training (Directive D3).
            </p>
            <table className="usa-table usa-table--borderless usa-table--stacked width-full">
              <caption className="usa-sr-only">Roles allowed each action</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Training</th>
                </tr>
              </thead>
              <tbody>
                {q.data.permissions.map((p) => (
                  <tr key={p.action}>
                    <th scope="row" data-label="Action">
                      {p.describe.replace(/^./, (c) => c.toUpperCase())}
                    </th>
                    <td data-label="Roles">{p.roles.join(', ')}</td>
                    <td data-label="Training">{p.training ? 'Training' : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}
