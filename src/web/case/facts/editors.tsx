// The pieces of the screening facts form: a fact's source, one fact's fields, a list of facts, a yes/no
// fact. Each input's id comes from the API path of the fact (facts.subject.profileTags.0.tag), so the
// server's errors land on their input and the error summary links to it.
import { Button, Checkbox, Fieldset, Label, Select } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import { FieldErrorText, fieldError, fieldId } from '../../components/common.tsx';
import { COUNTRY_OPTIONS } from '../../intake/countries.ts';
import { Field, SelectField } from '../forms.tsx';
import { choiceFromSource, type FactSourceJson, sourceFromChoice } from './model.ts';

export type Json = Record<string, unknown>;
export interface CaseDocument {
  id: string;
  title: string;
  kind: string;
  origin: string;
  hint: string | null;
}

export interface FieldSpec {
  key: string;
  label: string;
  hint?: string;
  type: 'text' | 'textarea' | 'date' | 'country' | 'number' | 'bool' | 'select' | 'multi';
  options?: Array<[string, string]>;
  required?: boolean;
}

/** Where a fact comes from: one of the case's documents, another document, or the person who reported it. */
export function SourcePicker({
  path,
  value,
  onChange,
  documents,
  error,
  label = 'Source of this fact',
  required = true,
}: {
  path: string;
  value: FactSourceJson | undefined;
  onChange: (v: FactSourceJson | undefined) => void;
  documents: CaseDocument[];
  error: unknown;
  label?: string;
  required?: boolean;
}) {
  const choice = choiceFromSource(value);
  const set = (kind: string, text: string) => onChange(sourceFromChoice({ kind, text }, documents));
  const id = fieldId(`${path}.document`);
  const msg = fieldError(error, `${path}.document`) ?? fieldError(error, `${path}.documentId`);
  return (
    <div className={`usa-form-group${msg ? ' usa-form-group--error' : ''}`}>
      <Label htmlFor={id} requiredMarker={required}>
        {label}
      </Label>
      <div className="usa-hint" id={`${id}-hint`}>
        Choose the document on the case that shows it, name another document, or say who reported it.
      </div>
      <FieldErrorText error={error} path={`${path}.document`} />
      <FieldErrorText error={error} path={`${path}.documentId`} />
      <Select
        id={id}
        name={id}
        value={choice.kind}
        aria-describedby={`${id}-hint`}
        validationStatus={msg ? 'error' : undefined}
        onChange={(e) => set(e.target.value, e.target.value === choice.kind ? choice.text : '')}
      >
        <option value="">- Select -</option>
        {documents.length > 0 ? (
          <optgroup label="Documents on this case">
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title} ({d.origin})
              </option>
            ))}
          </optgroup>
        ) : null}
        <option value="other">Another document (name it)</option>
        <option value="reported">Reported by someone (say who)</option>
      </Select>
      {choice.kind === 'other' || choice.kind === 'reported' ? (
        <Field
          path={`${path}.${choice.kind === 'other' ? 'documentName' : 'reportedBy'}`}
          label={choice.kind === 'other' ? 'Name of the document' : 'Who reported it, and when'}
          hint={
            choice.kind === 'reported'
              ? 'For example: the person’s counsel, letter of 2 May 2026.'
              : undefined
          }
          error={error}
          value={choice.text}
          onChange={(t) => onChange(sourceFromChoice({ kind: choice.kind, text: t }, documents))}
        />
      ) : null}
    </div>
  );
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** One input for one field of a fact. */
export function FactInput({
  spec,
  path,
  value,
  onChange,
  error,
}: {
  spec: FieldSpec;
  path: string;
  value: unknown;
  onChange: (v: unknown) => void;
  error: unknown;
}) {
  const p = `${path}.${spec.key}`;
  switch (spec.type) {
    case 'text':
    case 'textarea':
    case 'date':
      return (
        <Field
          path={p}
          label={spec.label}
          hint={spec.hint ?? (spec.type === 'date' ? 'Format: YYYY-MM-DD.' : undefined)}
          required={spec.required}
          kind={spec.type === 'textarea' ? 'textarea' : 'text'}
          error={error}
          value={str(value)}
          onChange={(v) => onChange(v.trim() === '' ? undefined : v)}
        />
      );
    case 'number':
      return (
        <Field
          path={p}
          label={spec.label}
          hint={spec.hint}
          required={spec.required}
          error={error}
          value={str(value)}
          onChange={(v) => {
            const t = v.trim();
            onChange(t === '' ? undefined : Number.isFinite(Number(t)) ? Number(t) : t);
          }}
        />
      );
    case 'country':
      return (
        <SelectField
          path={p}
          label={spec.label}
          required={spec.required}
          error={error}
          value={str(value)}
          onChange={(v) => onChange(v || undefined)}
          options={COUNTRY_OPTIONS.map((c) => [c.code, c.name])}
        />
      );
    case 'select':
      return (
        <SelectField
          path={p}
          label={spec.label}
          required={spec.required}
          error={error}
          value={str(value)}
          onChange={(v) => onChange(v || undefined)}
          options={spec.options ?? []}
        />
      );
    case 'bool':
      return (
        <SelectField
          path={p}
          label={spec.label}
          required={spec.required}
          error={error}
          value={value === true ? 'yes' : value === false ? 'no' : ''}
          onChange={(v) => onChange(v === 'yes' ? true : v === 'no' ? false : undefined)}
          options={[
            ['yes', 'Yes'],
            ['no', 'No'],
          ]}
        />
      );
    case 'multi': {
      const list = Array.isArray(value) ? (value as string[]) : [];
      return (
        <Fieldset legend={spec.label} id={fieldId(p)}>
          <FieldErrorText error={error} path={p} />
          {(spec.options ?? []).map(([v, l]) => (
            <Checkbox
              key={v}
              id={fieldId(`${p}.${v}`)}
              name={fieldId(p)}
              label={l}
              checked={list.includes(v)}
              onChange={(e) => {
                const next = e.target.checked ? [...list, v] : list.filter((x) => x !== v);
                onChange(next.length ? next : undefined);
              }}
            />
          ))}
        </Fieldset>
      );
    }
  }
}

/** The fields of one fact, and its source. */
export function FactFields({
  specs,
  path,
  value,
  onChange,
  documents,
  error,
  withSource = true,
}: {
  specs: FieldSpec[];
  path: string;
  value: Json | undefined;
  onChange: (v: Json | undefined) => void;
  documents: CaseDocument[];
  error: unknown;
  withSource?: boolean;
}) {
  const v = value ?? {};
  const set = (k: string, x: unknown) => {
    const next: Json = { ...v };
    if (x === undefined) delete next[k];
    else next[k] = x;
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <>
      {specs.map((s) => (
        <FactInput
          key={s.key}
          spec={s}
          path={path}
          value={v[s.key]}
          onChange={(x) => set(s.key, x)}
          error={error}
        />
      ))}
      {withSource ? (
        <SourcePicker
          path={`${path}.source`}
          value={v.source as FactSourceJson | undefined}
          onChange={(x) => set('source', x)}
          documents={documents}
          error={error}
        />
      ) : null}
    </>
  );
}

/**
 * A list of facts of one kind. "None known" records an empty list: the file was checked and holds none
 * (the screening then finds the indicators that need it absent, not undetermined).
 */
export function FactList({
  title,
  itemName,
  specs,
  path,
  value,
  onChange,
  documents,
  error,
  newItem,
  noneLabel,
}: {
  title: string;
  itemName: string;
  specs: FieldSpec[];
  path: string;
  value: Json[] | undefined;
  onChange: (v: Json[] | undefined) => void;
  documents: CaseDocument[];
  error: unknown;
  newItem: () => Json;
  noneLabel: string;
}) {
  const items = value ?? [];
  const none = Array.isArray(value) && value.length === 0;
  return (
    <Fieldset legend={<strong>{title}</strong>} className="margin-top-2">
      <FieldErrorText error={error} path={path} />
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items are identified by their position, as in the API
        <div key={i} className="border-left-05 border-base-light padding-left-2 margin-top-2">
          <h4 className="margin-y-1">
            {itemName} {i + 1}
          </h4>
          <FactFields
            specs={specs}
            path={`${path}.${i}`}
            value={item}
            onChange={(x) => onChange(items.map((y, j) => (j === i ? (x ?? {}) : y)))}
            documents={documents}
            error={error}
          />
          <Button
            type="button"
            unstyled
            className="margin-top-1"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            Remove {itemName.toLowerCase()} {i + 1}
          </Button>
        </div>
      ))}
      <div className="margin-top-2">
        <Button type="button" outline onClick={() => onChange([...items, newItem()])}>
          Add {items.length ? 'another ' : 'a '}
          {itemName.toLowerCase()}
        </Button>
      </div>
      {items.length === 0 ? (
        <Checkbox
          id={fieldId(`${path}.none`)}
          name={fieldId(`${path}.none`)}
          className="margin-top-1"
          label={noneLabel}
          checked={none}
          onChange={(e) => onChange(e.target.checked ? [] : undefined)}
        />
      ) : null}
    </Fieldset>
  );
}

/** A read-only fact the screening already has, with where it came from. */
export function KnownFact({ label, value, from }: { label: string; value: ReactNode; from: string }) {
  return (
    <li>
      <strong>{label}:</strong> {value} <span className="text-base">({from})</span>
    </li>
  );
}
