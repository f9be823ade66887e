// The independent basis's fit to the action (G-INDEPENDENT): the actions it supports, the kind of ground it
// rests on and the legal authority, shown on the case page and corrected through the case's update path.
// The tables come from the domain (domain/basis.ts), so the page says what the gate checks.
import { Button, Checkbox, Fieldset } from '@trussworks/react-uswds';
import { useState } from 'react';
import {
  BASIS_ACTION_LABELS,
  BASIS_ACTION_NOUNS,
  BASIS_ACTIONS,
  BASIS_GROUNDS,
  type BasisAction,
  type BasisGround,
  GROUND_SUPPORTS,
  LEGAL_AUTHORITY_HINT,
  PURPOSE_REQUIRES,
} from '../../domain/basis.ts';
import { patch } from '../api/client.ts';
import { FieldErrorText, fieldId } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import type { CaseView } from './data.ts';
import { ActionForm, Field, RoleNote, useCaseAction, useFlash } from './forms.tsx';
import { type CaseUpdateResult, describeCaseUpdate } from './update-result.ts';

export type { BasisAction, BasisGround };
export { BASIS_ACTION_LABELS, BASIS_ACTIONS, BASIS_GROUNDS, GROUND_SUPPORTS, LEGAL_AUTHORITY_HINT };

export const LEGAL_AUTHORITY_EXAMPLES =
  'Examples: detention during proceedings “INA 236(a), 8 U.S.C. 1226(a)”; mandatory detention after certain convictions “INA 236(c), 8 U.S.C. 1226(c)”; removal for an overstay “INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)”; inadmissibility for a crime “INA 212(a)(2)(A)(i), 8 U.S.C. 1182(a)(2)(A)(i)”.';

/** What the purpose needs, in one sentence (shown beside the checkboxes). */
export function purposeNeeds(purpose: string): string {
  const need = PURPOSE_REQUIRES[purpose as keyof typeof PURPOSE_REQUIRES];
  if (!need) return '';
  return `This case needs a basis for ${need.anyOf.map((a) => BASIS_ACTION_NOUNS[a]).join(' or ')}. ${need.why}`;
}

/** Checkbox group of one list, with its error under the legend; the first box carries the field's id. */
export function CheckboxGroup<T extends string>({
  path,
  legend,
  hint,
  options,
  value,
  onChange,
  message,
}: {
  path: string;
  legend: string;
  hint?: string;
  options: Array<[T, string, string?]>;
  value: T[];
  onChange: (v: T[]) => void;
  /** The field's error, drawn by the caller's error display. */
  message: React.ReactNode;
}) {
  const id = fieldId(path);
  return (
    <Fieldset legend={legend} className="margin-top-3">
      {hint ? <span className="usa-hint">{hint}</span> : null}
      {message}
      {options.map(([v, label, description], i) => (
        <Checkbox
          key={v}
          id={i === 0 ? id : `${id}-${v}`}
          name={id}
          label={label}
          labelDescription={description}
          tile={!!description}
          checked={value.includes(v)}
          onChange={(e) => onChange(e.target.checked ? [...value, v] : value.filter((x) => x !== v))}
        />
      ))}
    </Fieldset>
  );
}

export const ACTION_OPTIONS: Array<[BasisAction, string]> = BASIS_ACTIONS.map((a) => [
  a,
  BASIS_ACTION_LABELS[a],
]);
export const GROUND_OPTIONS: Array<[BasisGround, string, string]> = BASIS_GROUNDS.map((g) => [
  g,
  GROUND_SUPPORTS[g].label,
  `Supports: ${GROUND_SUPPORTS[g].actions.map((a) => BASIS_ACTION_NOUNS[a]).join(', ')}. Typical authority: ${GROUND_SUPPORTS[g].examples}.`,
]);

/** The action, kind of ground and legal authority of the basis, for reading. */
export function BasisFit({ b }: { b: NonNullable<CaseView['independentBasis']> }) {
  const actions = b.actions ?? [];
  const grounds = b.grounds ?? [];
  return (
    <ul className="usa-list usa-list--unstyled">
      <li>
        <strong>Supports:</strong>{' '}
        {actions.length ? actions.map((a) => BASIS_ACTION_LABELS[a] ?? a).join('; ') : 'Not recorded'}
      </li>
      <li>
        <strong>Kind of ground:</strong>{' '}
        {grounds.length ? grounds.map((g) => GROUND_SUPPORTS[g]?.label ?? g).join('; ') : 'Not recorded'}
      </li>
      <li>
        <strong>Legal authority:</strong> {b.legalAuthority?.trim() || 'Not recorded'}
      </li>
    </ul>
  );
}

/** The officer corrects the action, the kind of ground and the legal authority (a material change). */
export function BasisFitForm({ c }: { c: CaseView }) {
  const { hasRole } = useSession();
  const [open, setOpen] = useState(false);
  if (!c.independentBasis) return null;
  if (!hasRole('officer', 'supervisor'))
    return <RoleNote action="correct the independent basis" roles="officers and supervisors" />;
  if (!open)
    return (
      <Button type="button" outline onClick={() => setOpen(true)}>
        Correct the action and legal authority of the basis
      </Button>
    );
  return <BasisFitEdit c={c} onClose={() => setOpen(false)} />;
}

function BasisFitEdit({ c, onClose }: { c: CaseView; onClose: () => void }) {
  const b = c.independentBasis!;
  const prefix = 'basisfit';
  const [actions, setActions] = useState<BasisAction[]>(b.actions ?? []);
  const [grounds, setGrounds] = useState<BasisGround[]>(b.grounds ?? []);
  const [legalAuthority, setLegalAuthority] = useState(b.legalAuthority ?? '');
  const say = useFlash();
  const { m, error } = useCaseAction(c.id, prefix, (body: object) =>
    patch<CaseUpdateResult>(`/cases/${c.id}`, body),
  );
  const p = (k: string) => `${prefix}.independentBasis.${k}`;
  return (
    <ActionForm
      prefix={prefix}
      title="Correct the action and legal authority of the independent basis"
      error={error}
      done={null}
      pending={m.isPending}
      submit="Save the basis"
      onSubmit={() =>
        m.mutate(
          { independentBasis: { ...b, actions, grounds, legalAuthority: legalAuthority.trim() } },
          {
            onSuccess: (r) => {
              say(describeCaseUpdate(r, 'The independent basis is saved and the gates are checked again.'));
              onClose();
            },
          },
        )
      }
    >
      <p className="usa-hint">
        Changing the basis is a material change: it voids an approval and withdraws an authorization of this
        case, and the case history records it. {purposeNeeds(c.purpose)}
      </p>
      <CheckboxGroup
        path={p('actions')}
        legend="What the basis supports"
        options={ACTION_OPTIONS}
        value={actions}
        onChange={setActions}
        message={<FieldErrorText error={error} path={p('actions')} />}
      />
      <CheckboxGroup
        path={p('grounds')}
        legend="Kind of ground"
        hint="Each kind supports some actions on its own: a visa overstay supports removal proceedings but not detention."
        options={GROUND_OPTIONS}
        value={grounds}
        onChange={setGrounds}
        message={<FieldErrorText error={error} path={p('grounds')} />}
      />
      <Field
        path={p('legalAuthority')}
        label="Legal authority for the action"
        hint={`${LEGAL_AUTHORITY_HINT} ${LEGAL_AUTHORITY_EXAMPLES}`}
        required
        error={error}
        value={legalAuthority}
        onChange={setLegalAuthority}
      />
      <Button type="button" unstyled className="margin-top-2" onClick={onClose}>
        Cancel
      </Button>
    </ActionForm>
  );
}
