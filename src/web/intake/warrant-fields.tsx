// The fields of one warrant or judgment on a notice: the intake's notice step and the form that changes the
// charges and penalties of a case after intake. Errors are named by path (`<prefix>.<index>.<field>`).
import { Button, Fieldset } from '@trussworks/react-uswds';
import type { WarrantDraft } from './draft.ts';
import { CountryField, type Errors, RadioField, TextAreaField, TextField } from './fields.tsx';

export function WarrantFields({
  index,
  warrant: w,
  errors,
  onChange,
  onRemove,
  prefix = 'notice.warrants',
}: {
  prefix?: string;
  index: number;
  warrant: WarrantDraft;
  errors: Errors;
  onChange: (patch: Partial<WarrantDraft>) => void;
  onRemove: (() => void) | null;
}) {
  const p = `${prefix}.${index}`;
  return (
    <Fieldset legend={`Warrant or judgment ${index + 1}`} legendStyle="large" className="margin-top-4">
      <RadioField
        path={`${p}.kind`}
        label="Kind"
        value={w.kind}
        options={[
          { value: 'arrest_warrant' as const, label: 'Arrest warrant' },
          { value: 'judgment' as const, label: 'Judgment' },
        ]}
        onChange={(v) => onChange({ kind: v })}
        errors={errors}
      />
      <TextAreaField
        path={`${p}.charge`}
        label="Charge, as written"
        required
        value={w.charge}
        onChange={(v) => onChange({ charge: v })}
        errors={errors}
      />
      <TextAreaField
        path={`${p}.chargeTranslation`}
        label="Translation of the charge"
        value={w.chargeTranslation}
        onChange={(v) => onChange({ chargeTranslation: v })}
        errors={errors}
      />
      <TextField
        path={`${p}.lawCited`}
        label="Law cited"
        value={w.lawCited}
        onChange={(v) => onChange({ lawCited: v })}
        errors={errors}
      />
      <TextField
        path={`${p}.maxPenaltyMonths`}
        label="Maximum penalty, in months"
        inputMode="numeric"
        value={w.maxPenaltyMonths}
        onChange={(v) => onChange({ maxPenaltyMonths: v })}
        errors={errors}
      />
      <TextField
        path={`${p}.sentenceMonths`}
        label="Sentence imposed, in months"
        inputMode="numeric"
        value={w.sentenceMonths}
        onChange={(v) => onChange({ sentenceMonths: v })}
        errors={errors}
      />
      <TextField
        path={`${p}.remainingMonths`}
        label="Time remaining to serve, in months"
        inputMode="numeric"
        value={w.remainingMonths}
        onChange={(v) => onChange({ remainingMonths: v })}
        errors={errors}
      />
      <RadioField
        path={`${p}.inAbsentia`}
        label="Was the person tried in absentia?"
        value={w.inAbsentia}
        options={[
          { value: 'yes' as const, label: 'Yes' },
          { value: 'no' as const, label: 'No' },
          { value: '' as const, label: 'Not known' },
        ]}
        onChange={(v) => onChange({ inAbsentia: v })}
        errors={errors}
      />
      <TextField
        path={`${p}.issuingCourt`}
        label="Issuing court"
        value={w.issuingCourt}
        onChange={(v) => onChange({ issuingCourt: v })}
        errors={errors}
      />
      <TextField
        path={`${p}.issuedOn`}
        label="Date issued"
        type="date"
        value={w.issuedOn}
        onChange={(v) => onChange({ issuedOn: v })}
        errors={errors}
      />
      <CountryField
        path={`${p}.issuingCountry`}
        label="Issuing country of the warrant"
        value={w.issuingCountry}
        onChange={(v) => onChange({ issuingCountry: v })}
        errors={errors}
      />
      {onRemove ? (
        <Button type="button" unstyled className="margin-top-2" onClick={onRemove}>
          Remove warrant or judgment {index + 1}
        </Button>
      ) : null}
    </Fieldset>
  );
}
