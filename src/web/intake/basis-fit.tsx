// The intake's questions on what the independent basis supports: the actions (checkboxes), the kind of ground
// and the legal authority, with the purpose's and the custody's needs said beside them (G-INDEPENDENT).
import { Alert } from '@trussworks/react-uswds';
import {
  ACTION_OPTIONS,
  type BasisAction,
  type BasisGround,
  CheckboxGroup,
  GROUND_OPTIONS,
  LEGAL_AUTHORITY_EXAMPLES,
  LEGAL_AUTHORITY_HINT,
  purposeNeeds,
} from '../case/basis.tsx';
import { FieldProblemText, problemsFor } from '../components/common.tsx';
import type { Draft } from './draft.ts';
import { type Errors, TextField } from './fields.tsx';

function ErrorText({ errors, path }: { errors: Errors; path: string }) {
  return <FieldProblemText path={path} problems={problemsFor(errors, path)} />;
}

export function BasisFitFields({
  draft,
  set,
  errors,
}: {
  draft: Draft;
  set: (patch: Partial<Draft['basis']>) => void;
  errors: Errors;
}) {
  const b = draft.basis;
  return (
    <>
      {draft.purpose ? <p className="usa-hint margin-top-3">{purposeNeeds(draft.purpose)}</p> : null}
      {draft.custodyStatus === 'in_custody' ? (
        <Alert type="warning" headingLevel="h3" slim>
          The person is in custody: the basis must support detention, with its own legal authority.
        </Alert>
      ) : null}
      <CheckboxGroup<BasisAction>
        path="independentBasis.actions"
        legend="What the basis supports"
        hint="Tick each action your basis supports. The notice itself supports none."
        options={ACTION_OPTIONS}
        value={b.actions}
        onChange={(actions) => set({ actions })}
        message={<ErrorText errors={errors} path="independentBasis.actions" />}
      />
      <CheckboxGroup<BasisGround>
        path="independentBasis.grounds"
        legend="Kind of ground"
        hint="Each kind supports some actions on its own: a visa overstay supports removal proceedings but not detention."
        options={GROUND_OPTIONS}
        value={b.grounds}
        onChange={(grounds) => set({ grounds })}
        message={<ErrorText errors={errors} path="independentBasis.grounds" />}
      />
      <TextField
        path="independentBasis.legalAuthority"
        label="Legal authority for the action"
        hint={`${LEGAL_AUTHORITY_HINT} ${LEGAL_AUTHORITY_EXAMPLES}`}
        value={b.legalAuthority}
        onChange={(legalAuthority) => set({ legalAuthority })}
        errors={errors}
      />
    </>
  );
}
