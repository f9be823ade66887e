import { Alert } from '@trussworks/react-uswds';
import { useEffect, useRef } from 'react';
import type { FieldError } from '../api/client.ts';
import { fieldId } from '../components/common.tsx';
import { fieldLabel } from './draft.ts';

/**
 * The error summary of the intake. Each link names the field; following it opens the step that holds the
 * field (which may not be the step on screen) and moves focus to it.
 */
export function IntakeErrorSummary({
  message,
  fields,
  rule,
  onGo,
}: {
  message: string;
  fields: FieldError[];
  rule?: string | undefined;
  onGo: (path: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="margin-y-2">
      <Alert type="error" headingLevel="h2" heading="There is a problem" slim={false}>
        <p className="margin-top-0">{message}</p>
        {rule ? <p>Rule: {rule}</p> : null}
        {fields.length > 0 ? (
          <ul>
            {fields.map((f) => {
              const path = f.field.replace(/^(body|query|params)\./, '');
              return (
                <li key={`${f.field}:${f.message}`}>
                  <a
                    href={`#${fieldId(path)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onGo(path);
                    }}
                  >
                    {fieldLabel(path)}: {f.message}
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
