// G-LANGUAGE on the case page (D10): the wording findings, a way to rewrite the narrative and the
// independent-basis summary (checked as you type), and, for supervisors, dismissing a finding with a reason.
import { useState } from 'react';
import { patch, post } from '../api/client.ts';
import { WordingCheckedText } from '../intake/WordingCheck.tsx';
import { useSession } from '../session/session.tsx';
import type { CaseView, GateResult } from './data.ts';
import { ActionForm, Field, RoleNote, useCaseAction } from './forms.tsx';
import { type CaseUpdateResult, describeCaseUpdate, textFieldLabel } from './update-result.ts';

interface Finding {
  ruleId: string;
  field: string;
  excerpt: string;
  fingerprint: string;
  dismissed: boolean;
}

export function WordingAction({ c, g }: { c: CaseView; g: GateResult }) {
  const { hasRole } = useSession();
  const findings = ((g.facts as { findings?: Finding[] }).findings ?? []).filter((f) => !f.dismissed);
  return (
    <>
      {findings.length > 0 ? (
        <ul>
          {findings.map((f) => (
            <li key={f.fingerprint}>
              In {textFieldLabel(f.field)}: “{f.excerpt}” ({f.ruleId})
            </li>
          ))}
        </ul>
      ) : null}
      {hasRole('officer', 'supervisor') ? (
        <EditTextsForm c={c} />
      ) : (
        <RoleNote action="change the case's texts" roles="officers and supervisors" />
      )}
      {findings.length > 0 ? (
        hasRole('supervisor') ? (
          findings.map((f, i) => <DismissForm key={f.fingerprint} c={c} finding={f} n={i} />)
        ) : (
          <RoleNote
            action="dismiss a wording finding"
            roles="supervisors, who must give a reason (for example, a quotation of the requesting state)"
          />
        )
      ) : null}
    </>
  );
}

function EditTextsForm({ c }: { c: CaseView }) {
  const [narrative, setNarrative] = useState(c.narrative);
  const [summary, setSummary] = useState(c.independentBasis?.summary ?? '');
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, 'texts', (b: object) =>
    patch<CaseUpdateResult>(`/cases/${c.id}`, b),
  );
  const errors =
    error && typeof error === 'object' && 'fields' in error ? (error as { fields: [] }).fields : [];
  return (
    <ActionForm
      prefix="texts"
      title="Rewrite the narrative or the independent basis"
      error={error}
      done={done}
      pending={m.isPending}
      submit="Save the texts"
      onSubmit={() =>
        m.mutate(
          {
            narrative,
            ...(c.independentBasis ? { independentBasis: { ...c.independentBasis, summary } } : {}),
          },
          { onSuccess: (r) => setDone(describeCaseUpdate(r, 'The texts are saved and checked again.')) },
        )
      }
    >
      <p className="usa-hint">
        Changing these texts is a material change: it voids an approval and withdraws an authorization of this
        case, and the case history records it.
      </p>
      <WordingCheckedText
        path="texts.narrative"
        label="Narrative"
        value={narrative}
        onChange={setNarrative}
        errors={errors}
      />
      {c.independentBasis ? (
        <WordingCheckedText
          path="texts.independentBasis.summary"
          label="Independent basis (summary)"
          value={summary}
          onChange={setSummary}
          errors={errors}
        />
      ) : null}
    </ActionForm>
  );
}

function DismissForm({ c, finding, n }: { c: CaseView; finding: Finding; n: number }) {
  const prefix = `dismiss${n}`;
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post(`/cases/${c.id}/wording-dismissals`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title={`Dismiss the finding “${finding.excerpt}”`}
      error={error}
      done={done}
      pending={m.isPending}
      submit="Dismiss the finding"
      onSubmit={() =>
        m.mutate(
          { fingerprint: finding.fingerprint, reason },
          { onSuccess: () => setDone(`The finding “${finding.excerpt}” is dismissed.`) },
        )
      }
    >
      <Field
        path={`${prefix}.reason`}
        label="Why is this wording acceptable?"
        hint="Quote the flagged words and say where they come from (for example, the requesting state's own request). Your name and reason are kept with the case and shown to the approver and auditors."
        kind="textarea"
        wording={false}
        required
        error={error}
        value={reason}
        onChange={setReason}
      />
    </ActionForm>
  );
}
