// Small building blocks shared by the administration, training and audit screens.
import { Button, FormGroup, Label, Table, Textarea, TextInput } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import { FieldErrorText, fieldError, fieldId } from '../components/common.tsx';

/**
 * A table that scrolls sideways on narrow screens. The scrolling region can be reached by keyboard and is
 * named after the caption, so screen-reader and keyboard users can move through it.
 */
export function ScrollTable({
  caption,
  label,
  children,
}: {
  caption: ReactNode;
  label: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="usa-table-container--scrollable" tabIndex={0} aria-label={label}>
      <Table caption={caption} fullWidth striped>
        {children}
      </Table>
    </section>
  );
}

/** Shows one page of a list and the buttons to move between pages. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  what,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  what: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : page * pageSize + 1;
  const last = Math.min(total, (page + 1) * pageSize);
  return (
    <nav aria-label={`Pages of ${what}`} className="margin-y-2">
      <p className="margin-y-1" aria-live="polite">
        Showing {first}–{last} of {total} {what} (page {page + 1} of {pages}).
      </p>
      {page > 0 ? (
        <Button type="button" outline onClick={() => onPage(page - 1)}>
          Previous page
        </Button>
      ) : null}
      {page + 1 < pages ? (
        <Button type="button" outline onClick={() => onPage(page + 1)}>
          Next page
        </Button>
      ) : null}
    </nav>
  );
}

/** A labelled text input with its hint and its server error, wired together for assistive technology. */
export function Field({
  path,
  label,
  hint,
  error,
  value,
  onChange,
  required,
  type = 'text',
  multiline,
  inputMode,
  autoComplete,
}: {
  path: string;
  label: string;
  hint?: ReactNode;
  error: unknown;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  type?: 'text' | 'password' | 'url' | 'number';
  multiline?: boolean;
  inputMode?: 'numeric' | 'text' | 'url';
  autoComplete?: string;
}) {
  const id = fieldId(path);
  const msg = fieldError(error, path);
  const describedBy = [hint ? `${id}-hint` : null, msg ? `${id}-error` : null].filter(Boolean).join(' ');
  const common = {
    id,
    name: path,
    value,
    required,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': msg ? true : undefined,
  };
  return (
    <FormGroup error={!!msg}>
      <Label htmlFor={id} requiredMarker={required}>
        {label}
      </Label>
      {hint ? (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <FieldErrorText error={error} path={path} />
      {multiline ? (
        <Textarea {...common} error={!!msg} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <TextInput
          {...common}
          validationStatus={msg ? 'error' : undefined}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormGroup>
  );
}

/** A page of a list. */
export function pageOf<T>(items: T[], page: number, pageSize: number): T[] {
  return items.slice(page * pageSize, (page + 1) * pageSize);
}
