// Parts of INTERPOL Washington's answer shared by the liaison's answer screen and an officer recording an
// answer received by another channel: the items of the documentation that are missing (each with INTERPOL
// Washington's reason), and the structured conditions of a use authorization (disclosure in full, the
// purposes it covers).
import { Button, Checkbox, Fieldset } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import { FieldErrorText, fieldId } from './common.tsx';

export interface MissingRow {
  key: number;
  item: string;
  reason: string;
}

export const firstMissingRow = (): MissingRow[] => [{ key: 1, item: '', reason: '' }];

/** The outcomes of a documentation answer that must list what is missing. */
export const listsMissing = (outcome: string) =>
  outcome === 'partially_provided' || outcome === 'unavailable';

/** The rows as the API takes them, in order (`missingItems.N` names row N + 1); a single empty row sends none. */
export function missingItemsBody(rows: MissingRow[]): Array<{ item: string; reason: string }> {
  if (rows.every((r) => !r.item.trim() && !r.reason.trim())) return [];
  return rows.map((r) => ({ item: r.item.trim(), reason: r.reason.trim() }));
}

/** How a row's input is drawn: each form keeps its own field component and error display. */
export type RenderMissingField = (f: {
  path: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  long?: boolean;
}) => ReactNode;

export function MissingItemRows({
  rows,
  setRows,
  pathPrefix,
  field,
  error,
}: {
  rows: MissingRow[];
  setRows: (rows: MissingRow[]) => void;
  pathPrefix: string;
  field: RenderMissingField;
  error: unknown;
}) {
  const update = (key: number, patch: Partial<MissingRow>) =>
    setRows(rows.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  return (
    <Fieldset legend="Items that are missing (required when not provided in full)" className="margin-top-3">
      <span className="usa-hint">
        One row per item INTERPOL Washington could not provide, for example the charge sheet, the summary of
        facts or a translation, with the reason it gave. An agency attorney must then sign off on each before
        the case may go on without it.
      </span>
      <FieldErrorText error={error} path={`${pathPrefix}missingItems`} />
      {rows.map((r, i) => {
        const path = (k: string) => `${pathPrefix}missingItems.${i}.${k}`;
        return (
          <div key={r.key} className="border-left-05 border-base-light padding-left-2 margin-top-2">
            <h3 className="margin-y-1 font-sans-sm">Missing item {i + 1}</h3>
            {field({
              path: path('item'),
              label: `Missing item ${i + 1}`,
              hint: 'For example: charge sheet, national arrest warrant, summary of facts, English translation.',
              value: r.item,
              onChange: (v) => update(r.key, { item: v }),
            })}
            {field({
              path: path('reason'),
              label: `Why item ${i + 1} is unavailable`,
              hint: 'INTERPOL Washington’s reason, naming the item: who holds it, why it cannot be obtained, and whether it may come later.',
              value: r.reason,
              onChange: (v) => update(r.key, { reason: v }),
              long: true,
            })}
            {rows.length > 1 ? (
              <Button
                type="button"
                unstyled
                className="margin-top-1"
                onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
              >
                Remove missing item {i + 1}
              </Button>
            ) : null}
          </div>
        );
      })}
      <Button
        type="button"
        outline
        className="margin-top-2"
        onClick={() =>
          setRows([...rows, { key: Math.max(0, ...rows.map((x) => x.key)) + 1, item: '', reason: '' }])
        }
      >
        Add another missing item
      </Button>
    </Fieldset>
  );
}

/** The purposes a use authorization may cover, as the case records them. */
export const USE_PURPOSE_OPTIONS: Array<[string, string]> = [
  [
    'immigration_proceedings',
    'Immigration proceedings (removal or admissibility, before the immigration court)',
  ],
  ['law_enforcement_action', 'Law-enforcement action (an arrest, detention or a custody decision)'],
];

export function UseConditionsFields({
  pathPrefix,
  error,
  scopePurposes,
  setScopePurposes,
  disclosureInFull,
  setDisclosureInFull,
}: {
  pathPrefix: string;
  error: unknown;
  scopePurposes: string[];
  setScopePurposes: (v: string[]) => void;
  disclosureInFull: boolean;
  setDisclosureInFull: (v: boolean) => void;
}) {
  const scopePath = `${pathPrefix}scopePurposes`;
  return (
    <>
      <Fieldset legend="What the authorization covers (required when granted)" className="margin-top-3">
        <span className="usa-hint">
          Tick each purpose INTERPOL Washington authorized. A case whose purpose is not ticked may not use the
          notice.
        </span>
        <FieldErrorText error={error} path={scopePath} />
        {USE_PURPOSE_OPTIONS.map(([value, label], i) => (
          <Checkbox
            key={value}
            id={i === 0 ? fieldId(scopePath) : `${fieldId(scopePath)}-${value}`}
            name={fieldId(scopePath)}
            label={label}
            checked={scopePurposes.includes(value)}
            onChange={(e) =>
              setScopePurposes(
                e.target.checked ? [...scopePurposes, value] : scopePurposes.filter((p) => p !== value),
              )
            }
          />
        ))}
      </Fieldset>
      <Fieldset legend="Conditions" className="margin-top-3">
        <Checkbox
          id={fieldId(`${pathPrefix}disclosureInFull`)}
          name={fieldId(`${pathPrefix}disclosureInFull`)}
          label="The documentation must be disclosed to the person in full"
          checked={disclosureInFull}
          onChange={(e) => setDisclosureInFull(e.target.checked)}
        />
        <span className="usa-hint">
          The case is then blocked if the person was served a restricted version.
        </span>
      </Fieldset>
    </>
  );
}
