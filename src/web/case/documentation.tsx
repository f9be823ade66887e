// G-DOCS-RECEIVED on the case page: the items INTERPOL Washington could not provide, each with its reason,
// and an agency attorney's sign-off on going on without it (the form closes once the item is signed off).
import { useState } from 'react';
import { post } from '../api/client.ts';
import { formatDateTime } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import { type CaseView, type GateResult, personName } from './data.ts';
import { ActionForm, Field, RoleNote, useCaseAction, useFlash } from './forms.tsx';

interface MissingFact {
  item: string;
  reason: string;
  signedOffBy: string | null;
}

/** The missing items the gate reports for the latest documentation answer, with their sign-offs. */
export function MissingDocumentation({ c, g }: { c: CaseView; g: GateResult }) {
  const { hasRole } = useSession();
  const missing = (g.facts.missingItems as MissingFact[] | undefined) ?? [];
  const responseId = g.facts.responseId as string | undefined;
  if (missing.length === 0 || !responseId) return null;
  const signOffs = (c.documentationSignOffs ?? []).filter((s) => s.responseId === responseId);
  return (
    <>
      <h4>Items INTERPOL Washington could not provide</h4>
      <ul>
        {missing.map((m) => {
          const s = signOffs.find((x) => x.item === m.item);
          return (
            <li key={m.item}>
              <strong>{m.item}</strong>: {m.reason}{' '}
              {s ? (
                <span>
                  (signed off by {personName(c, s.signedBy)}, {formatDateTime(s.signedAt)}: “{s.rationale}”)
                </span>
              ) : (
                <span className="text-bold">(no attorney sign-off yet)</span>
              )}
            </li>
          );
        })}
      </ul>
      {missing
        .filter((m) => !signOffs.some((s) => s.item === m.item))
        .map((m, i) =>
          hasRole('attorney') ? (
            <SignOffForm key={m.item} c={c} responseId={responseId} item={m.item} n={i} />
          ) : i === 0 ? (
            <RoleNote
              key={m.item}
              action="sign off on going on without a missing item"
              roles="agency attorneys, who must say why the case may go on without it"
            />
          ) : null,
        )}
    </>
  );
}

function SignOffForm({
  c,
  responseId,
  item,
  n,
}: {
  c: CaseView;
  responseId: string;
  item: string;
  n: number;
}) {
  const prefix = `signoff${n}`;
  const [rationale, setRationale] = useState('');
  const say = useFlash();
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post(`/cases/${c.id}/documentation/sign-offs`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title={`Sign off on going on without “${item}”`}
      error={error}
      done={null}
      pending={m.isPending}
      submit="Record the sign-off"
      onSubmit={() =>
        m.mutate(
          { responseId, item, rationale },
          { onSuccess: () => say(`Your sign-off on “${item}” is recorded.`) },
        )
      }
    >
      <Field
        path={`${prefix}.rationale`}
        label={`Why may the case go on without “${item}”?`}
        hint={`Name the item and say what the record holds instead, and why the person can still contest the notice without it. For example: “The warrant on file states the offence, the law and the facts, so the missing ${item.toLowerCase()} adds nothing the person needs.”`}
        kind="textarea"
        required
        error={error}
        value={rationale}
        onChange={setRationale}
      />
    </ActionForm>
  );
}
