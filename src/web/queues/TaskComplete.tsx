// Completing a re-review task (POST /tasks/:id/complete): supervisors and agency attorneys for their office's
// tasks; a referral by the role it is for (auditors for a referral to oversight).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Fieldset, Form, Label, Radio, Textarea } from '@trussworks/react-uswds';
import { useState } from 'react';
import { post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { ErrorSummary, FieldErrorText, fieldError, fieldId } from '../components/common.tsx';

const OUTCOMES: Array<[string, string, string]> = [
  ['reliance_ended', 'Reliance ended', 'The case no longer relies on the notice; nothing else to do.'],
  ['no_impact', 'No impact', 'The change does not affect the case (for example, the notice was corrected).'],
  [
    'reauthorization_required',
    'Re-authorization required',
    'The case must go through the gates again before anyone acts.',
  ],
  [
    'remedial_action_required',
    'Remedial action required',
    'Past actions taken on the notice need legal follow-up (release, notice to the court).',
  ],
];

/** The task to complete: what the screens know of it. */
export interface TaskToComplete {
  id: string;
  caseNumber: string | null;
  detail: string;
}

export function TaskComplete({
  task,
  onDone,
  what = 're-review task',
}: {
  task: TaskToComplete;
  onDone: (message: string) => void;
  /** What the task is called in the heading and the message ("referral to oversight"). */
  what?: string;
}) {
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: () =>
      post<Res<'/tasks/{id}/complete', 'post'>>(`/tasks/${task.id}/complete`, { outcome, note }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['queues'] });
      await qc.invalidateQueries({ queryKey: ['tasks'] });
      onDone(`You completed the ${what} on ${task.caseNumber ?? 'the case'}.`);
    },
  });
  const headingId = `task-${task.id}-heading`;
  return (
    <section aria-labelledby={headingId} className="border-1px border-base-light padding-2 margin-bottom-4">
      <h3 id={headingId} className="margin-top-0">
        Complete the {what} on {task.caseNumber}
      </h3>
      <p>{task.detail}</p>
      <ErrorSummary error={m.error} heading="The task could not be completed" />
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
        large
      >
        <Fieldset legend="Outcome (required)">
          <FieldErrorText error={m.error} path="outcome" />
          {OUTCOMES.map(([value, label, help], i) => (
            <Radio
              key={value}
              id={i === 0 ? fieldId('outcome') : `${fieldId('outcome')}-${value}`}
              name="outcome"
              value={value}
              checked={outcome === value}
              onChange={() => setOutcome(value)}
              label={label}
              labelDescription={help}
              tile
            />
          ))}
        </Fieldset>
        <Label htmlFor={fieldId('note')}>What you checked and decided (required)</Label>
        <span className="usa-hint" id={`${fieldId('note')}-hint`}>
          In your own words: the facts of the record you checked and why they support the outcome. A note that
          only says “reviewed” or “done”, or repeats another text of the case, is refused.
        </span>
        <FieldErrorText error={m.error} path="note" />
        <Textarea
          id={fieldId('note')}
          name="note"
          aria-describedby={`${fieldId('note')}-hint`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={!!fieldError(m.error, 'note')}
        />
        <Button type="submit">{m.isPending ? 'Completing…' : 'Complete the task'}</Button>
      </Form>
      {m.isSuccess ? (
        <Alert type="success" headingLevel="h4" slim>
          Task completed.
        </Alert>
      ) : null}
    </section>
  );
}
