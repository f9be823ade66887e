import type { FieldError } from '../api/client.ts';
import { ProblemSummary } from '../components/common.tsx';
import { fieldLabel } from './draft.ts';

/**
 * The error summary of the intake. Each link names the field; following it opens the step that holds the
 * field (which may not be the step on screen) and moves focus to it.
 */
export function IntakeErrorSummary({
  message,
  fields,
  rule,
  ruleExplanation,
  onGo,
}: {
  message: string;
  fields: FieldError[];
  rule?: string | undefined;
  ruleExplanation?: string | undefined;
  onGo: (path: string) => void;
}) {
  return (
    <ProblemSummary
      message={message}
      fields={fields}
      rule={rule}
      ruleExplanation={ruleExplanation}
      label={fieldLabel}
      onGo={onGo}
    />
  );
}
