import { Alert } from '@trussworks/react-uswds';
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

/** A rule a refusal names, with its plain explanation from the server. */
export function RuleNote({ rule, explanation }: { rule: string; explanation?: string | undefined }) {
  return (
    <span className="display-block text-normal rl-rule">
      Rule <code>{rule}</code>
      {explanation ? `: ${explanation}` : ''}
    </span>
  );
}

const bare = (path: string) => path.replace(/^(body|query|params)\./, '');

/** The problems a list of field errors gives for one field, each message once. */
export function problemsFor(fields: readonly FieldError[], path: string): FieldError[] {
  const hits = fields.filter((f) => bare(f.field) === path);
  return hits.filter((f, i) => hits.findIndex((g) => g.message === f.message) === i);
}

/**
 * The problems of one field, shown under its label: every message the server gave, and for each that names a
 * rule, the rule id and its plain explanation. Every form field of the application shows its errors with it.
 */
export function FieldProblemText({ path, problems }: { path: string; problems: readonly FieldError[] }) {
  if (problems.length === 0) return null;
  return (
    <span className="usa-error-message" id={`${fieldId(path)}-error`}>
      {problems.map((p) => (
        <span key={p.message} className="display-block margin-bottom-05">
          {p.message}
          {p.rule ? <RuleNote rule={p.rule} explanation={p.explanation} /> : null}
        </span>
      ))}
    </span>
  );
}

/**
 * The error summary at the top of a form: the message, the rule that refused (with its explanation) and
 * every field problem once, each linking to its field. `prefix` is left out of the field names shown (forms
 * whose fields are named under a prefix); `label` and `onGo` let a form name and open its fields itself.
 */
export function ProblemSummary({
  message,
  fields,
  rule,
  ruleExplanation,
  heading,
  prefix,
  label = humanField,
  onGo,
  focusKey,
}: {
  message: string;
  fields: readonly FieldError[];
  rule?: string | undefined;
  ruleExplanation?: string | undefined;
  heading?: string | undefined;
  prefix?: string | undefined;
  label?: (path: string) => string;
  onGo?: (path: string) => void;
  /** A new value (a new error) moves the focus to the summary again. */
  focusKey?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey is what tells a new error from the last
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  const strip = (f: string) => (prefix && f.startsWith(`${prefix}.`) ? f.slice(prefix.length + 1) : f);
  const unique = fields.filter(
    (f, i) => fields.findIndex((g) => g.field === f.field && g.message === f.message) === i,
  );
  return (
    <div ref={ref} tabIndex={-1} className="margin-y-2">
      <Alert type="error" headingLevel="h2" heading={heading ?? 'There is a problem'} slim={false}>
        <p className="margin-top-0">{message}</p>
        {rule ? (
          <p>
            <RuleNote rule={rule} explanation={ruleExplanation} />
          </p>
        ) : null}
        {unique.length > 0 ? (
          <ul>
            {unique.map((f) => {
              const path = bare(f.field);
              return (
                <li key={`${f.field}:${f.message}`}>
                  <a
                    href={`#${fieldId(path)}`}
                    onClick={
                      onGo
                        ? (e) => {
                            e.preventDefault();
                            onGo(path);
                          }
                        : undefined
                    }
                  >
                    {label(strip(path))}: {f.message}
                    {f.rule ? ` (rule ${f.rule})` : ''}
                  </a>
                </li>
              );
            })}
          </ul>
        ) : null}
      </Alert>
    </div>
  );
}

/** The error summary of a form, from the error its action gave (nothing when there is none). */
export function ErrorSummary({
  error,
  heading,
  prefix,
}: {
  error: unknown;
  heading?: string | undefined;
  prefix?: string | undefined;
}) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <ProblemSummary
      focusKey={error}
      message={error instanceof Error ? error.message : String(error)}
      fields={api?.fields ?? []}
      rule={api?.rule}
      ruleExplanation={api?.ruleExplanation}
      heading={heading}
      prefix={prefix}
    />
  );
}

/** The message for one field, if the error names it. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return problemsFor(error.fields, path)[0]?.message;
}

export function FieldErrorText({ error, path }: { error: unknown; path: string }) {
  return (
    <FieldProblemText
      path={path}
      problems={error instanceof ApiError ? problemsFor(error.fields, path) : []}
    />
  );
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

/** One term and its value in a record's summary (a `<dl>`): side by side on a wide screen, stacked on a narrow one. */
export function SummaryRow({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid-row grid-gap-2 border-bottom-1px border-base-lighter padding-y-1">
      <dt className="grid-col-12 mobile-lg:grid-col-4 text-bold">{term}</dt>
      <dd className="grid-col-12 mobile-lg:grid-col-8 margin-left-0">{children}</dd>
    </div>
  );
}
