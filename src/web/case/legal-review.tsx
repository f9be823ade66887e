// The legal review (G-LEGAL-REVIEW): when the preliminary review confirms a strong indicator, an agency
// attorney independent of the case writes an analysis of each one against the rule it cites and concludes.
// The form lives under the gate; recorded legal reviews are listed in "What is recorded on this case".
import { Alert, Button, Fieldset, Radio } from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, post } from '../api/client.ts';
import { FieldErrorText, fieldError, fieldId, formatDateTime } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import { type CaseView, type GateResult, personName } from './data.ts';
import { Field, RoleNote, useCaseAction, useFlash } from './forms.tsx';

export const CONCLUSION_LABELS: Record<string, string> = {
  proceed: 'Proceed',
  proceed_with_conditions: 'Proceed with conditions',
  do_not_proceed: 'Do not proceed',
};

export interface LegalReviewView {
  id: string;
  reviewId: string;
  attorneyId: string;
  recordedAt: string;
  conclusion: 'proceed' | 'proceed_with_conditions' | 'do_not_proceed';
  analyses: Array<{ indicatorId: string; title: string; citation: string; analysis: string }>;
  conditions: string | null;
  reversalReason: string | null;
}

/** The legal reviews of a case (absent from older servers: none). */
export function legalReviewsOf(c: CaseView): LegalReviewView[] {
  return ((c as { legalReviews?: LegalReviewView[] }).legalReviews ?? []).slice();
}

/** The latest legal review of the case, whatever review it analysed. */
export function latestLegalReview(c: CaseView): LegalReviewView | null {
  return legalReviewsOf(c).sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt))[0] ?? null;
}

interface IndicatorLabel {
  id: string;
  title: string;
  citation: string;
}

/** The gate's action: the form for attorneys, a note for everyone else. */
export function LegalReviewAction({ c, g }: { c: CaseView; g: GateResult }) {
  const { hasRole } = useSession();
  if (!hasRole('attorney'))
    return (
      <RoleNote
        action="record the legal review"
        roles="agency attorneys who are neither the reviewer, nor the approver, nor the case's officer"
      />
    );
  if (c.review?.status !== 'complete')
    return (
      <p className="usa-hint">
        The legal review analyses the completed preliminary review: complete it first.
      </p>
    );
  return <LegalReviewForm c={c} g={g} />;
}

function LegalReviewForm({ c, g }: { c: CaseView; g: GateResult }) {
  const prefix = 'legal';
  const headingId = useId();
  const say = useFlash();
  const indicators = (g.facts.indicatorsToAnalyse as IndicatorLabel[] | undefined) ?? [];
  const reversing = typeof g.facts.doNotProceedId === 'string';
  const [open, setOpen] = useState(true);
  const [analyses, setAnalyses] = useState<Record<string, string>>({});
  const [conclusion, setConclusion] = useState('');
  const [conditions, setConditions] = useState('');
  const [reversalReason, setReversalReason] = useState('');
  const { m, error } = useCaseAction(c.id, prefix, (b: object) => post(`/cases/${c.id}/legal-reviews`, b));
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) summaryRef.current?.focus();
  }, [error]);

  if (!open)
    return (
      <p>
        <Button type="button" outline onClick={() => setOpen(true)}>
          Record a new legal review
        </Button>
      </p>
    );

  // the error summary names each field as the form labels it: an indicator by its title, never its id
  const labelOf = (field: string): string => {
    const path = field.replace(/^legal\./, '');
    const ind = indicators.find((i) => path === `analyses.${i.id}`);
    if (ind) return `Analysis of “${ind.title}”`;
    if (path === 'conclusion') return 'Conclusion';
    if (path === 'conditions') return 'Conditions';
    if (path === 'reversalReason') return 'Reasons for reversing “Do not proceed”';
    return path;
  };
  const api = error instanceof ApiError ? error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate(
      {
        analyses: indicators.map((i) => ({ indicatorId: i.id, analysis: analyses[i.id] ?? '' })),
        conclusion: conclusion || 'none',
        conditions: conclusion === 'proceed_with_conditions' ? conditions : null,
        reversalReason: reversing && conclusion !== 'do_not_proceed' ? reversalReason : null,
      },
      {
        onSuccess: () => {
          say(
            `Your legal review is recorded: ${CONCLUSION_LABELS[conclusion] ?? conclusion}. It is listed under “What is recorded on this case”.`,
          );
          setOpen(false);
          setAnalyses({});
          setConclusion('');
          setConditions('');
          setReversalReason('');
        },
      },
    );
  };
  return (
    <section aria-labelledby={headingId} className="border-1px border-base-lighter padding-2 margin-y-2">
      <h4 id={headingId} className="margin-top-0">
        Record the legal review
      </h4>
      {error ? (
        <div ref={summaryRef} tabIndex={-1} className="margin-y-2">
          <Alert type="error" headingLevel="h2" heading="There is a problem" slim={false}>
            <p className="margin-top-0">{error instanceof Error ? error.message : String(error)}</p>
            {api?.rule ? <p>Rule: {api.rule}</p> : null}
            {api && api.fields.length > 0 ? (
              <ul>
                {api.fields.map((f) => (
                  <li key={`${f.field}:${f.message}`}>
                    <a href={`#${fieldId(f.field)}`}>
                      {labelOf(f.field)}: {f.message}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <p className="measure-5">
        The preliminary review confirmed{' '}
        {indicators.length === 1 ? 'a strong indicator' : 'strong indicators'} of abuse of INTERPOL's channels
        and advises: do not act; refer for legal review. Analyse each indicator against the rule it cites, in
        your own words, and conclude. You may not record this review if you completed the preliminary review,
        approved the case or are its officer.
      </p>
      <form className="usa-form maxw-tablet" onSubmit={submit} noValidate>
        {indicators.map((i) => (
          <Field
            key={i.id}
            path={`${prefix}.analyses.${i.id}`}
            label={`Analysis of “${i.title}”`}
            hint={`The rule: ${i.citation}`}
            kind="textarea"
            required
            error={error}
            value={analyses[i.id] ?? ''}
            onChange={(v) => setAnalyses((a) => ({ ...a, [i.id]: v }))}
          />
        ))}
        <Fieldset
          legend="Conclusion"
          legendStyle="default"
          className={fieldError(error, `${prefix}.conclusion`) ? 'usa-form-group usa-form-group--error' : ''}
        >
          <FieldErrorText error={error} path={`${prefix}.conclusion`} />
          {(['proceed', 'proceed_with_conditions', 'do_not_proceed'] as const).map((value, n) => (
            <Radio
              key={value}
              id={n === 0 ? fieldId(`${prefix}.conclusion`) : `${fieldId(`${prefix}.conclusion`)}-${value}`}
              name={`${prefix}-conclusion`}
              value={value}
              label={CONCLUSION_LABELS[value]}
              checked={conclusion === value}
              onChange={() => setConclusion(value)}
            />
          ))}
        </Fieldset>
        {conclusion === 'proceed_with_conditions' ? (
          <Field
            path={`${prefix}.conditions`}
            label="Conditions"
            hint="What the case must respect to proceed, e.g. what the notice may and may not be used for."
            kind="textarea"
            required
            error={error}
            value={conditions}
            onChange={setConditions}
          />
        ) : null}
        {reversing && conclusion !== '' && conclusion !== 'do_not_proceed' ? (
          <Field
            path={`${prefix}.reversalReason`}
            label="Reasons for reversing “Do not proceed”"
            hint="An earlier legal review concluded that the case may not proceed. Say what has changed and why it no longer holds."
            kind="textarea"
            required
            error={error}
            value={reversalReason}
            onChange={setReversalReason}
          />
        ) : null}
        <Button type="submit" className="margin-top-2">
          {m.isPending ? 'Sending…' : 'Record the legal review'}
        </Button>
      </form>
    </section>
  );
}

/** Recorded legal reviews, for "What is recorded on this case". */
export function LegalReviewsRecord({ c }: { c: CaseView }) {
  const reviews = legalReviewsOf(c);
  if (reviews.length === 0) return null;
  return (
    <>
      <h3>Legal reviews</h3>
      {reviews.map((l) => (
        <div key={l.id} className="border-left-05 border-base-lighter padding-left-2 margin-bottom-2">
          <p className="margin-bottom-05">
            <strong>{CONCLUSION_LABELS[l.conclusion] ?? l.conclusion}</strong>, by{' '}
            {personName(c, l.attorneyId)} on {formatDateTime(l.recordedAt)}
            {c.review && l.reviewId !== c.review.id ? ' (analysed an earlier preliminary review)' : ''}
          </p>
          <ul className="margin-top-05">
            {l.analyses.map((a) => (
              <li key={a.indicatorId} className="measure-5">
                <strong>{a.title}</strong>: {a.analysis}
              </li>
            ))}
          </ul>
          {l.conditions ? <p className="measure-5">Conditions: {l.conditions}</p> : null}
          {l.reversalReason ? (
            <p className="measure-5">Reasons for reversing “Do not proceed”: {l.reversalReason}</p>
          ) : null}
        </div>
      ))}
    </>
  );
}
