import { Alert, ErrorMessage } from '@trussworks/react-uswds';
import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError, type FieldError } from '../api/client.ts';
import { humanField } from './field-names.ts';

export { humanField };

/** Sets the document title and moves focus to the page heading on navigation (screen readers hear it). */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} | Redline`;
    ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="margin-top-2">
      {children ?? title}
    </h1>
  );
}

/**
 * The marking shown on every page that shows case data. Case data is law-enforcement sensitive: it is for
 * official use by people whose duties require it, and may not be disclosed outside those duties.
 */
export function HandlingMarking() {
  return (
    <div className="rl-marking" role="note" aria-label="Handling marking">
      <strong>{'CUI // LAW ENFORCEMENT SENSITIVE'}</strong> — for official use by authorised staff. Do not
      share outside your duties.
    </div>
  );
}

/** Turns an API field path such as "body.person.dateOfBirth" into the id of the input that edits it. */
export function fieldId(path: string): string {
  return `f-${path.replace(/^(body|query|params)\./, '').replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The error summary at the top of a form: every problem, each linking to its field. */
export function ErrorSummary({ error, heading }: { error: unknown; heading?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const fields: FieldError[] = apiError?.fields ?? [];
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div ref={ref} tabIndex={-1} className="margin-y-2">
      <Alert type="error" headingLevel="h2" heading={heading ?? 'There is a problem'} slim={false}>
        <p className="margin-top-0">{message}</p>
        {apiError?.rule ? <p>Rule: {apiError.rule}</p> : null}
        {fields.length > 0 ? (
          <ul>
            {fields.map((f) => (
              <li key={`${f.field}:${f.message}`}>
                <a href={`#${fieldId(f.field)}`}>
                  {humanField(f.field)}: {f.message}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </Alert>
    </div>
  );
}

/** The message for one field, if the error names it. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const hit = error.fields.find((f) => f.field.replace(/^(body|query|params)\./, '') === path);
  return hit?.message;
}

export function FieldErrorText({ error, path }: { error: unknown; path: string }) {
  const msg = fieldError(error, path);
  return msg ? <ErrorMessage id={`${fieldId(path)}-error`}>{msg}</ErrorMessage> : null;
}

export function Loading({ what }: { what?: string }) {
  return (
    <p role="status" aria-live="polite">
      Loading{what ? ` ${what}` : ''}…
    </p>
  );
}

/** A failed load, in plain words, with the server's explanation. */
export function LoadError({ error }: { error: unknown }) {
  const api = error instanceof ApiError ? error : null;
  const heading =
    api?.status === 403
      ? 'You do not have access to this'
      : api?.status === 404
        ? 'We could not find this'
        : 'This could not be loaded';
  return (
    <Alert type={api?.status === 403 ? 'warning' : 'error'} headingLevel="h2" heading={heading}>
      {error instanceof Error ? error.message : String(error)}
      {api?.rule ? ` (rule ${api.rule})` : ''}
    </Alert>
  );
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}
