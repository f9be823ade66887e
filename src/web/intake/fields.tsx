// Form fields of the intake: label above the input, hint, error message, and the id the error summary
// links to (fieldId of the API field path).
import { Button, Fieldset, FormGroup, Label, Select, Textarea, TextInput } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import type { FieldError } from '../api/client.ts';
import { FieldProblemText, fieldId, problemsFor } from '../components/common.tsx';
import { COUNTRY_OPTIONS } from './countries.ts';
import { LANGUAGES } from './languages.ts';

export type Errors = FieldError[];

export function errorFor(errors: Errors, path: string): string | undefined {
  return problemsFor(errors, path)[0]?.message;
}

/** Error messages of a path and everything under it that has no input of its own (e.g. "notice"). */
function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface BaseProps {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  errors: Errors;
}

function Wrap({
  path,
  label,
  hint,
  required,
  errors,
  children,
}: BaseProps & { children: (id: string, describedBy: string | undefined, error: boolean) => ReactNode }) {
  const id = fieldId(path);
  const msg = errorFor(errors, path);
  return (
    <FormGroup error={!!msg}>
      <Label htmlFor={id} error={!!msg} requiredMarker={required}>
        {label}
      </Label>
      {hint ? (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <FieldProblemText path={path} problems={problemsFor(errors, path)} />
      {children(id, describedBy(id, !!hint, !!msg), !!msg)}
    </FormGroup>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'date' | 'datetime-local';
    inputMode?: 'numeric' | 'text';
    autoComplete?: string;
  },
) {
  return (
    <Wrap {...props}>
      {(id, desc, error) =>
        props.type === 'date' || props.type === 'datetime-local' ? (
          // A native date (YYYY-MM-DD, as the API wants) or date-and-time input styled as a USWDS input.
          <input
            className={`usa-input ${props.type === 'date' ? 'usa-input--medium' : 'usa-input--lg'}${error ? ' usa-input--error' : ''}`}
            id={id}
            name={id}
            type={props.type}
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
            aria-describedby={desc}
            aria-invalid={error || undefined}
            required={props.required}
          />
        ) : (
          <TextInput
            id={id}
            name={id}
            type="text"
            inputMode={props.inputMode}
            autoComplete={props.autoComplete ?? 'off'}
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
            validationStatus={error ? 'error' : undefined}
            aria-describedby={desc}
            aria-invalid={error || undefined}
            aria-required={props.required || undefined}
          />
        )
      }
    </Wrap>
  );
}

export function TextAreaField(props: BaseProps & { value: string; onChange: (v: string) => void }) {
  return (
    <Wrap {...props}>
      {(id, desc, error) => (
        <Textarea
          id={id}
          name={id}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          error={error}
          aria-describedby={desc}
          aria-invalid={error || undefined}
        />
      )}
    </Wrap>
  );
}

export function SelectField(
  props: BaseProps & {
    value: string;
    onChange: (v: string) => void;
    options: Array<{ value: string; label: string }>;
    placeholder?: string;
  },
) {
  return (
    <Wrap {...props}>
      {(id, desc, error) => (
        <Select
          id={id}
          name={id}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          validationStatus={error ? 'error' : undefined}
          aria-describedby={desc}
          aria-invalid={error || undefined}
          aria-required={props.required || undefined}
        >
          <option value="">{props.placeholder ?? '- Select -'}</option>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Wrap>
  );
}

const COUNTRY_SELECT_OPTIONS = COUNTRY_OPTIONS.map((c) => ({
  value: c.code,
  label: `${c.name} (${c.code})`,
}));

const LANGUAGE_SELECT_OPTIONS = LANGUAGES.map(([code, label]) => ({
  value: code,
  label: `${label} (${code})`,
}));

/** A language the person reads, chosen from the ISO 639-1 list. */
export function LanguageField(props: BaseProps & { value: string; onChange: (v: string) => void }) {
  return <SelectField {...props} options={LANGUAGE_SELECT_OPTIONS} placeholder="- Select a language -" />;
}

export function CountryField(props: BaseProps & { value: string; onChange: (v: string) => void }) {
  return <SelectField {...props} options={COUNTRY_SELECT_OPTIONS} placeholder="- Select a country -" />;
}

/** Radio buttons; the first carries the id the error summary links to. */
export function RadioField<T extends string>(
  props: BaseProps & { value: string; onChange: (v: T) => void; options: Array<{ value: T; label: string }> },
) {
  const id = fieldId(props.path);
  const msg = errorFor(props.errors, props.path);
  return (
    <FormGroup error={!!msg}>
      <Fieldset
        legend={props.label}
        requiredMarker={props.required}
        aria-describedby={msg ? `${id}-error` : undefined}
      >
        {props.hint ? <div className="usa-hint">{props.hint}</div> : null}
        {msg ? (
          <span className="usa-error-message" id={`${id}-error`} role="alert">
            {msg}
          </span>
        ) : null}
        {props.options.map((o, i) => (
          <div className="usa-radio" key={o.value}>
            <input
              className="usa-radio__input"
              type="radio"
              id={i === 0 ? id : `${id}-${o.value}`}
              name={id}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
            />
            <label className="usa-radio__label" htmlFor={i === 0 ? id : `${id}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
      </Fieldset>
    </FormGroup>
  );
}

/**
 * A list of answers (aliases, dates of birth, nationalities, languages): one input per entry, "Add another"
 * and "Remove" buttons. Each entry's input has the id of `path.N`.
 */
export function ListField({
  path,
  legend,
  itemLabel,
  hint,
  values,
  onChange,
  errors,
  render,
}: {
  path: string;
  legend: string;
  itemLabel: string;
  hint?: string;
  values: string[];
  onChange: (v: string[]) => void;
  errors: Errors;
  render?: (p: { path: string; label: string; value: string; onChange: (v: string) => void }) => ReactNode;
}) {
  const set = (i: number, v: string) => onChange(values.map((x, j) => (j === i ? v : x)));
  return (
    <Fieldset legend={legend} className="margin-top-3">
      {hint ? <div className="usa-hint">{hint}</div> : null}
      {values.map((value, i) => {
        const p = `${path}.${i}`;
        const label = `${itemLabel} ${i + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries are positional; the API names them by index
          <div key={i} className="display-flex flex-align-end flex-wrap">
            <div className="flex-fill margin-right-1">
              {render ? (
                render({ path: p, label, value, onChange: (v) => set(i, v) })
              ) : (
                <TextField path={p} label={label} value={value} onChange={(v) => set(i, v)} errors={errors} />
              )}
            </div>
            {values.length > 1 ? (
              <Button
                type="button"
                unstyled
                className="margin-bottom-1"
                onClick={() => onChange(values.filter((_, j) => j !== i))}
              >
                Remove {label.toLowerCase()}
              </Button>
            ) : null}
          </div>
        );
      })}
      <Button type="button" outline className="margin-top-1" onClick={() => onChange([...values, ''])}>
        Add another {itemLabel.toLowerCase()}
      </Button>
    </Fieldset>
  );
}
