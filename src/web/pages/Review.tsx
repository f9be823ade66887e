import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Fieldset, Radio, Tag } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, post, prefixError } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import {
  type CaseView,
  DISPOSITION_LABELS,
  humanize,
  type IndicatorResult,
  type ReviewIndicator,
  refreshCase,
  type ScreeningRecord,
  useCase,
  useScreenings,
} from '../case/data.ts';
import { factLabel, namesIndicator, sectionAnchor, sectionForFact } from '../case/facts/model.ts';
import {
  ActionForm,
  Field,
  FlashMessage,
  FlashProvider,
  SelectField,
  useCaseAction,
  useFlash,
} from '../case/forms.tsx';
import { OutcomeTag, StrengthTag } from '../case/parts.tsx';
import {
  ErrorSummary,
  FieldErrorText,
  fieldError,
  fieldId,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

const OFFENCE_CATEGORIES = [
  'political_speech',
  'terrorism_extremism',
  'behavioural_cultural',
  'family_private',
  'private_dispute',
  'administrative_regulatory',
  'violent_crime',
  'drug_trafficking',
  'sexual_offence_child',
  'sexual_offence',
  'fraud_economic',
  'organised_crime',
  'property_crime',
] as const;

const REQUEST_FROM: Record<string, string> = {
  interpol_washington: 'INTERPOL Washington',
  case_file: 'the case file',
  public_sources: 'public sources',
  subject_or_counsel: 'the person or counsel',
};

export default function ReviewPage() {
  const { id = '' } = useParams();
  const caseQ = useCase(id);
  const screeningsQ = useScreenings(id);
  if (caseQ.isPending) return <Loading what="the review" />;
  if (caseQ.isError)
    return (
      <>
        <PageHeading title="Preliminary review" />
        <LoadError error={caseQ.error} />
      </>
    );
  const c = caseQ.data;
  return (
    <FlashProvider>
      <PageHeading title={`Preliminary review of case ${c.caseNumber}`} />
      <p>
        <Link to={`/cases/${c.id}`}>Back to the case</Link>
      </p>
      <FlashMessage />
      {screeningsQ.isError ? <LoadError error={screeningsQ.error} /> : null}
      <ReviewBody c={c} screening={screeningsQ.data?.latest ?? null} />
    </FlashProvider>
  );
}

function ReviewBody({ c, screening }: { c: CaseView; screening: ScreeningRecord | null }) {
  const { hasRole } = useSession();
  const canReview = hasRole('officer', 'supervisor', 'attorney');
  const review = c.review;
  const details = new Map((screening?.result.results ?? []).map((r) => [r.id, r]));
  const inProgress = review?.status === 'in_progress';
  const toDecide = (review?.indicators ?? []).filter((i) => i.outcome !== 'absent');
  const absent = (review?.indicators ?? []).filter((i) => i.outcome === 'absent');
  const [selected, setSelected] = useState<string[]>([]);
  const editable = inProgress && canReview;
  const titleOf = (i: ReviewIndicator) => i.title ?? details.get(i.indicatorId)?.title ?? i.indicatorId;
  const toggle = (id: string, on: boolean) =>
    setSelected((xs) => (on ? [...new Set([...xs, id])] : xs.filter((x) => x !== id)));
  return (
    <>
      <Recommendation c={c} />
      {!review ? (
        <>
          <p>
            The preliminary review has not started. Starting it screens the case with the facts as they stand
            now.
          </p>
          {canReview ? <StartReview c={c} label="Start the review" /> : <NoReviewRole />}
        </>
      ) : (
        <>
          <p>
            <strong>Status:</strong>{' '}
            <Tag className={inProgress ? 'bg-gold text-ink' : 'bg-green'}>
              {inProgress ? 'In progress' : 'Complete'}
            </Tag>{' '}
            Ruleset {review.rulesetVersion ?? '—'}
            {review.completedAt ? `; completed ${formatDateTime(review.completedAt)}` : ''}.
          </p>
          {!inProgress && canReview ? <StartReview c={c} label="Start a new review" /> : null}
          {!canReview ? <NoReviewRole /> : null}
        </>
      )}
      {review ? (
        <section aria-labelledby="ind-h">
          <h2 id="ind-h">Indicators to decide ({toDecide.length})</h2>
          {toDecide.length > 0 ? (
            <p>
              You have decided {toDecide.filter((i) => i.disposition).length} of {toDecide.length}. Each
              indicator present or that cannot be determined needs a decision before you can complete the
              review.
            </p>
          ) : null}
          {toDecide.length === 0 ? <p>The screening found no indicator present or undetermined.</p> : null}
          {editable && toDecide.length > 1 ? (
            <p className="usa-hint">
              Where the same reason applies to several indicators, select them and decide them together below.
            </p>
          ) : null}
          {toDecide.map((i) => (
            <Indicator
              key={i.indicatorId}
              c={c}
              ind={i}
              title={titleOf(i)}
              detail={details.get(i.indicatorId)}
              editable={editable}
              selected={selected.includes(i.indicatorId)}
              onSelect={editable && toDecide.length > 1 ? (on) => toggle(i.indicatorId, on) : undefined}
            />
          ))}
          {editable && toDecide.length > 1 ? (
            <BulkDecision
              c={c}
              indicators={toDecide.filter((i) => selected.includes(i.indicatorId))}
              titleOf={titleOf}
              onDone={() => setSelected([])}
            />
          ) : null}
          <details className="margin-y-2">
            <summary>Indicators the screening found absent ({absent.length})</summary>
            <ul>
              {absent.map((i) => (
                <li key={i.indicatorId}>{titleOf(i)}</li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
      <Charges c={c} screening={screening} canCorrect={canReview && c.status !== 'closed'} />
      {review && inProgress && canReview ? <CompleteReview c={c} details={details} /> : null}
    </>
  );
}

function NoReviewRole() {
  return (
    <p className="usa-hint">
      Your role cannot perform the review. It is for officers, supervisors and attorneys.
    </p>
  );
}

function Recommendation({ c }: { c: CaseView }) {
  const rec = c.review?.recommendation;
  if (rec?.code !== 'do_not_act_refer_legal_review') return null;
  const title = (id: string) => c.review?.indicators.find((i) => i.indicatorId === id)?.title ?? id;
  return (
    <Alert type="error" headingLevel="h2" heading="Do not act; refer for legal review" className="margin-y-3">
      <p className="margin-top-0">
        The reviewer confirmed {rec.confirmedStrong.length === 1 ? 'a strong indicator' : 'strong indicators'}
        :
      </p>
      <ul>
        {rec.confirmedStrong.map((id) => (
          <li key={id}>{title(id)}</li>
        ))}
      </ul>
      <p className="margin-bottom-0">
        This is advice, not a decision. A supervisor may approve only by acknowledging each confirmed strong
        indicator with a written justification.
      </p>
    </Alert>
  );
}

function StartReview({ c, label }: { c: CaseView; label: string }) {
  const say = useFlash();
  const { m, error } = useCaseAction(c.id, 'start', () => post(`/cases/${c.id}/review`, { start: true }));
  return (
    <>
      <ErrorSummary error={error} />
      <Button
        type="button"
        onClick={() => m.mutate(undefined, { onSuccess: () => say('The review has started.') })}
        outline={label !== 'Start the review'}
      >
        {m.isPending ? 'Starting…' : label}
      </Button>
    </>
  );
}

function Indicator({
  c,
  ind,
  title,
  detail,
  editable,
  selected,
  onSelect,
}: {
  c: CaseView;
  ind: ReviewIndicator;
  title: string;
  detail: IndicatorResult | undefined;
  editable: boolean;
  selected: boolean;
  onSelect?: (on: boolean) => void;
}) {
  const hid = `ind-${ind.indicatorId}-h`;
  const sections = [...new Set((detail?.missing ?? []).map((m) => sectionForFact(m.field)))];
  const request = c.liaisonRequests.find((r) => r.id === ind.liaisonRequestId);
  return (
    <section
      id={fieldId(`indicators.${ind.indicatorId}`)}
      tabIndex={-1}
      aria-labelledby={hid}
      className="border-1px border-base-lighter padding-2 margin-y-2"
    >
      <h3 id={hid} className="margin-top-0">
        {title}
      </h3>
      {onSelect ? (
        <Checkbox
          id={`select-${ind.indicatorId}`}
          name="select-indicator"
          label="Select to decide together with others"
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
        />
      ) : null}
      <p>
        <StrengthTag strength={ind.strength} /> <OutcomeTag outcome={ind.outcome} />{' '}
        {ind.disposition ? (
          <Tag
            className={ind.disposition === 'information_requested' ? 'bg-gold text-ink' : 'bg-primary-darker'}
          >
            {ind.disposition === 'information_requested' ? '' : 'Decided: '}
            {DISPOSITION_LABELS[ind.disposition]}
          </Tag>
        ) : (
          <Tag className="bg-white text-ink border-1px">Not decided</Tag>
        )}
      </p>
      {detail ? (
        <>
          <p>{detail.explanation}</p>
          {detail.triggeredBy.length > 0 ? (
            <>
              <p className="text-bold margin-bottom-0">What triggered it</p>
              <ul>
                {detail.triggeredBy.map((t, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: facts may repeat the same field
                  <li key={n} style={{ overflowWrap: 'anywhere' }}>
                    {factLabel(t.field)}: {describeValue(t.value)}
                    {(t as { source?: string }).source
                      ? ` (from ${(t as { source?: string }).source})`
                      : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {detail.missing.length > 0 ? (
            <>
              <p className="text-bold margin-bottom-0">Missing facts: what to request</p>
              <ul>
                {detail.missing.map((m) => (
                  <li key={`${m.field}-${m.requestDocument}`}>
                    {m.requestDocument} (from {REQUEST_FROM[m.requestFrom] ?? humanize(m.requestFrom)}; fact:{' '}
                    {factLabel(m.field)})
                  </li>
                ))}
              </ul>
              {ind.outcome === 'undetermined' ? (
                <p>
                  {sections.map((sec) => (
                    <Link
                      key={sec}
                      className="usa-button usa-button--outline"
                      to={`/cases/${c.id}/facts#${sectionAnchor(sec)}`}
                    >
                      Record the fact
                      {sections.length > 1
                        ? ` (${factLabel(detail.missing.find((m) => sectionForFact(m.field) === sec)?.field ?? sec)})`
                        : ''}
                    </Link>
                  ))}
                </p>
              ) : null}
              {ind.outcome === 'undetermined' && ind.strength === 'strong' ? (
                <p className="usa-hint">
                  A strong indicator the screening cannot determine is not set aside for want of information:
                  record the fact it needs (the case is screened again), or record that you requested it.
                </p>
              ) : null}
            </>
          ) : null}
          <p className="font-body-2xs">
            <span className="text-bold">Citation:</span> {detail.citation}
          </p>
        </>
      ) : null}
      {ind.disposition ? (
        <p>
          <strong>{DISPOSITION_LABELS[ind.disposition]}</strong>
          {ind.note ? `: ${ind.note}` : ''}
          {ind.disposition === 'information_requested'
            ? ` Requested from ${request ? `INTERPOL Washington (${KIND_TEXT[request.kind] ?? request.kind}, ${formatDateTime(request.requestedAt)})` : (ind.requestedFrom ?? '—')}.`
            : ''}
        </p>
      ) : null}
      {editable ? <DecideToggle c={c} ind={ind} title={title} /> : null}
    </section>
  );
}

const KIND_TEXT: Record<string, string> = {
  validity: 'validity request',
  documentation: 'documentation request',
  use_authorization: 'use-authorization request',
};

type Disposition = NonNullable<ReviewIndicator['disposition']>;

/** The dispositions a reviewer may choose for an indicator. */
function choicesFor(ind: ReviewIndicator): Array<[Disposition, string]> {
  const strongUnknown = ind.outcome === 'undetermined' && ind.strength === 'strong';
  const all: Array<[Disposition, string]> = [
    ['concern_confirmed', 'Concern confirmed (explain what the record shows)'],
    ['resolved', 'Resolved (explain and name the evidence)'],
    ['not_applicable', 'Not applicable (give the reason)'],
    ['information_requested', 'Information requested (the indicator stays open until the fact is recorded)'],
  ];
  return all.filter(([d]) => {
    if (d === 'information_requested') return ind.outcome === 'undetermined';
    if (strongUnknown) return d === 'concern_confirmed';
    return true;
  });
}

/** The decision form opens on request: a review can hold twenty indicators to decide. */
function DecideToggle({ c, ind, title }: { c: CaseView; ind: ReviewIndicator; title: string }) {
  const [open, setOpen] = useState(false);
  const formId = `decide-${ind.indicatorId}`;
  return (
    <>
      <Button
        type="button"
        outline
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide the decision form' : ind.disposition ? 'Change your decision' : 'Decide this indicator'}
      </Button>
      <div id={formId} hidden={!open}>
        {open ? <DispositionForm c={c} ind={ind} title={title} onDone={() => setOpen(false)} /> : null}
      </div>
    </>
  );
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(describeValue).join('; ');
  const o = v as Record<string, unknown>;
  if (typeof o.statement === 'string') return `${o.report ?? ''}: ${o.statement}`;
  return Object.entries(o)
    .map(([k, x]) => `${k}: ${describeValue(x)}`)
    .join(', ');
}

function DispositionForm({
  c,
  ind,
  title,
  onDone,
}: {
  c: CaseView;
  ind: ReviewIndicator;
  title: string;
  onDone: () => void;
}) {
  const prefix = `ind.${ind.indicatorId}`;
  const choices = choicesFor(ind);
  const [disposition, setDisposition] = useState<string>(
    choices.some(([d]) => d === ind.disposition) ? (ind.disposition ?? '') : '',
  );
  const [explanation, setExplanation] = useState('');
  const [evidence, setEvidence] = useState('');
  const [reason, setReason] = useState('');
  const [requestId, setRequestId] = useState(ind.liaisonRequestId ?? '');
  const [requestedFrom, setRequestedFrom] = useState(ind.requestedFrom ?? '');
  const say = useFlash();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (b: object) => post(`/cases/${c.id}/review`, b),
    onSuccess: () => {
      void refreshCase(qc, c.id);
    },
  });
  // the server names fields dispositions.0.*: rename them to this indicator's inputs
  const error =
    m.error instanceof ApiError
      ? prefixError(
          new ApiError({
            ...m.error.problem,
            errors: m.error.fields.map((f) => ({
              ...f,
              field: f.field.replace(/^(body\.)?dispositions\.0\./, ''),
            })),
          }),
          prefix,
        )
      : m.error;
  const radioName = fieldId(`${prefix}.disposition`);
  const textField = disposition === 'not_applicable' ? 'reason' : 'explanation';
  return (
    <ActionForm
      prefix={prefix}
      title={`Your decision on: ${title}`}
      error={error}
      done={null}
      pending={m.isPending}
      submit="Record the decision"
      onSubmit={() =>
        m.mutate(
          {
            dispositions: [
              {
                indicatorId: ind.indicatorId,
                disposition: disposition || 'none',
                explanation: explanation || null,
                evidence: evidence || null,
                reason: reason || null,
                ...(disposition === 'information_requested'
                  ? {
                      liaisonRequestId: requestId || null,
                      requestedFrom: requestId ? null : requestedFrom || null,
                    }
                  : {}),
              },
            ],
          },
          {
            onSuccess: () => {
              say(`Your decision on “${title}” is recorded.`);
              onDone();
            },
          },
        )
      }
    >
      <Fieldset
        legend="Decision"
        className={fieldError(error, `${prefix}.disposition`) ? 'usa-form-group--error' : ''}
      >
        <FieldErrorText error={error} path={`${prefix}.disposition`} />
        {choices.map(([d, label], n) => (
          <Radio
            key={d}
            id={n === 0 ? radioName : `${radioName}-${d}`}
            name={radioName}
            value={d}
            label={label}
            checked={disposition === d}
            onChange={() => setDisposition(d)}
          />
        ))}
      </Fieldset>
      {disposition ? (
        <Field
          path={`${prefix}.${textField}`}
          label={
            disposition === 'resolved'
              ? 'How it was resolved'
              : disposition === 'not_applicable'
                ? 'Why it does not apply'
                : disposition === 'information_requested'
                  ? 'What was requested, and why it is needed'
                  : 'What the record shows'
          }
          hint={`Name the indicator (“${title}”) and say what the record shows. A stock phrase such as “Noted” or “No information yet” is refused.`}
          required
          kind="textarea"
          error={error}
          value={textField === 'reason' ? reason : explanation}
          onChange={textField === 'reason' ? setReason : setExplanation}
        />
      ) : null}
      {disposition === 'resolved' ? (
        <Field
          path={`${prefix}.evidence`}
          label="Evidence that resolves it"
          required
          kind="textarea"
          error={error}
          value={evidence}
          onChange={setEvidence}
        />
      ) : null}
      {disposition === 'information_requested' ? (
        <>
          <SelectField
            path={`${prefix}.liaisonRequestId`}
            label="Request to INTERPOL Washington that asks for it"
            error={error}
            value={requestId}
            onChange={setRequestId}
            options={c.liaisonRequests.map((r) => [
              r.id,
              `${KIND_TEXT[r.kind] ?? r.kind}, ${formatDateTime(r.requestedAt)} (${r.status})`,
            ])}
          />
          {!requestId ? (
            <Field
              path={`${prefix}.requestedFrom`}
              label="Or: whom it was requested from"
              hint="For example: the person’s counsel, by letter of 3 June."
              error={error}
              value={requestedFrom}
              onChange={setRequestedFrom}
            />
          ) : null}
        </>
      ) : null}
    </ActionForm>
  );
}

/**
 * Several indicators decided at once, where the same reason applies: one disposition and one reason for
 * each selected indicator. The reason must name every indicator it is given for (the server checks each),
 * so the form shows which selected indicators the text does not name yet.
 */
function BulkDecision({
  c,
  indicators,
  titleOf,
  onDone,
}: {
  c: CaseView;
  indicators: ReviewIndicator[];
  titleOf: (i: ReviewIndicator) => string;
  onDone: () => void;
}) {
  const prefix = 'bulk';
  const [disposition, setDisposition] = useState('');
  const [text, setText] = useState('');
  const [evidence, setEvidence] = useState('');
  const say = useFlash();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (b: object) => post(`/cases/${c.id}/review`, b),
    onSuccess: () => {
      void refreshCase(qc, c.id);
    },
  });
  // only a decision open to every selected indicator is offered
  const common = (['concern_confirmed', 'resolved', 'not_applicable'] as const).filter((d) =>
    indicators.every((i) => choicesFor(i).some(([x]) => x === d)),
  );
  // the server's errors name dispositions.N.*: say which indicator each one is about
  const error =
    m.error instanceof ApiError
      ? new ApiError({
          ...m.error.problem,
          errors: m.error.fields.map((f) => {
            const hit = /^(?:body\.)?dispositions\.(\d+)\.(\w+)$/.exec(f.field);
            if (!hit) return f;
            const ind = indicators[Number(hit[1])];
            const key = hit[2] === 'reason' || hit[2] === 'explanation' ? 'text' : hit[2]!;
            return { field: `${prefix}.${key}`, message: `${ind ? `${titleOf(ind)}: ` : ''}${f.message}` };
          }),
        })
      : m.error;
  const unnamed = text.trim()
    ? indicators.filter((i) => !namesIndicator(text, { id: i.indicatorId, title: titleOf(i) }))
    : [];
  if (indicators.length === 0)
    return (
      <section aria-labelledby="bulk-h" className="margin-y-3">
        <h3 id="bulk-h">Decide several indicators together</h3>
        <p className="usa-hint">
          Select two or more indicators above to give them the same decision and reason.
        </p>
      </section>
    );
  const plural = indicators.length === 1 ? 'indicator' : 'indicators';
  return (
    <ActionForm
      prefix={prefix}
      headingLevel="h3"
      title={`Decide ${indicators.length} selected ${plural} together`}
      error={error}
      done={null}
      pending={m.isPending}
      submit={`Record the decision for the selected ${plural}`}
      onSubmit={() =>
        m.mutate(
          {
            dispositions: indicators.map((i) => ({
              indicatorId: i.indicatorId,
              disposition: disposition || 'none',
              ...(disposition === 'not_applicable'
                ? { reason: text || null }
                : { explanation: text || null }),
              ...(disposition === 'resolved' ? { evidence: evidence || null } : {}),
            })),
          },
          {
            onSuccess: () => {
              say(`Your decision on ${indicators.length} ${plural} is recorded.`);
              setText('');
              setEvidence('');
              setDisposition('');
              onDone();
            },
          },
        )
      }
    >
      <p className="margin-top-0">Selected:</p>
      <ul>
        {indicators.map((i) => (
          <li key={i.indicatorId}>{titleOf(i)}</li>
        ))}
      </ul>
      {common.length === 0 ? (
        <Alert type="warning" headingLevel="h4" slim>
          These indicators cannot take the same decision: decide them one by one.
        </Alert>
      ) : null}
      <Fieldset
        legend="Decision"
        className={fieldError(error, `${prefix}.disposition`) ? 'usa-form-group--error' : ''}
      >
        <FieldErrorText error={error} path={`${prefix}.disposition`} />
        {common.map((d, n) => (
          <Radio
            key={d}
            id={n === 0 ? fieldId(`${prefix}.disposition`) : fieldId(`${prefix}.disposition-${d}`)}
            name={fieldId(`${prefix}.disposition`)}
            value={d}
            label={DISPOSITION_LABELS[d] ?? d}
            checked={disposition === d}
            onChange={() => setDisposition(d)}
          />
        ))}
      </Fieldset>
      <Field
        path={`${prefix}.text`}
        label="The reason, for each selected indicator"
        hint="One reason given to each selected indicator: it must name each of them (its title) and say what the record shows."
        required
        kind="textarea"
        error={error}
        value={text}
        onChange={setText}
      />
      {unnamed.length > 0 ? (
        <p className="usa-hint" aria-live="polite">
          Not named yet: {unnamed.map(titleOf).join('; ')}.
        </p>
      ) : null}
      {disposition === 'resolved' ? (
        <Field
          path={`${prefix}.evidence`}
          label="Evidence that resolves them"
          required
          kind="textarea"
          error={error}
          value={evidence}
          onChange={setEvidence}
        />
      ) : null}
    </ActionForm>
  );
}

function Charges({
  c,
  screening,
  canCorrect,
}: {
  c: CaseView;
  screening: ScreeningRecord | null;
  canCorrect: boolean;
}) {
  const cats = screening?.result.offenceCategories ?? [];
  const reading = screening?.result.chargeReading ?? null;
  return (
    <section aria-labelledby="charges-h" className="margin-top-4">
      <h2 id="charges-h">Charges and offence categories</h2>
      {cats.length === 0 ? (
        <p>The charge reader suggested no offence category.</p>
      ) : (
        <ul>
          {cats.map((k) => (
            <li key={k.category}>
              <strong>{humanize(k.category)}</strong> (
              {k.origin === 'confirmed' ? 'confirmed by a reviewer' : 'suggested by the charge reader'},
              confidence {Math.round(k.confidence * 100)}%). Matched words:{' '}
              {[...new Set(k.evidence)].join(', ') || '—'}
            </li>
          ))}
        </ul>
      )}
      {reading?.text ? <p className="font-body-2xs">Charge read: “{reading.text}”</p> : null}
      {c.notices.map((notice) =>
        notice.warrants.map((w, pos) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: warrants are identified by their position
          <div key={`${notice.id}-${pos}`} className="margin-y-2">
            <h3>
              Notice {notice.interpolRef}, warrant {pos + 1}: {w.charge}
            </h3>
            <p>
              {w.lawCited ? `Law cited: ${w.lawCited}. ` : ''}
              {w.maxPenaltyMonths != null
                ? `Maximum penalty: ${w.maxPenaltyMonths} months. `
                : 'Maximum penalty not known. '}
            </p>
            {canCorrect ? <ChargeCorrection c={c} noticeId={notice.id} position={pos} /> : null}
          </div>
        )),
      )}
    </section>
  );
}

function ChargeCorrection({ c, noticeId, position }: { c: CaseView; noticeId: string; position: number }) {
  const prefix = `charge-${noticeId.slice(0, 8)}-${position}`;
  const [decision, setDecision] = useState('');
  const [category, setCategory] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post<Res<'/cases/{id}/charge-corrections', 'post'>>(`/cases/${c.id}/charge-corrections`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title="Confirm or correct the offence category of this charge"
      error={error}
      done={done}
      pending={m.isPending}
      submit="Record"
      onSubmit={() =>
        m.mutate(
          {
            noticeId,
            warrantPosition: position,
            decision: decision || 'none',
            ...(decision === 'corrected' ? { categories: category ? [category] : [] } : {}),
            reason,
          },
          {
            onSuccess: (r) =>
              setDone(
                `Recorded. Offence categories now: ${r.categories.map(humanize).join(', ') || 'none'}.`,
              ),
          },
        )
      }
    >
      <SelectField
        path={`${prefix}.decision`}
        label="Decision"
        required
        error={error}
        value={decision}
        onChange={setDecision}
        options={[
          ['confirmed', 'Confirm the suggested category'],
          ['corrected', 'Correct it'],
        ]}
      />
      {decision === 'corrected' ? (
        <SelectField
          path={`${prefix}.categories`}
          label="Correct category"
          error={error}
          value={category}
          onChange={setCategory}
          options={OFFENCE_CATEGORIES.map((k) => [k, humanize(k)])}
        />
      ) : null}
      <Field
        path={`${prefix}.reason`}
        label="Reason"
        required
        kind="textarea"
        error={error}
        value={reason}
        onChange={setReason}
      />
    </ActionForm>
  );
}

function CompleteReview({ c, details }: { c: CaseView; details: Map<string, IndicatorResult> }) {
  const [summary, setSummary] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  const qc = useQueryClient();
  const say = useFlash();
  const m = useMutation({
    mutationFn: (b: object) => post(`/cases/${c.id}/review`, b),
    onSuccess: () => {
      say('The review is complete.');
      return refreshCase(qc, c.id);
    },
  });
  useEffect(() => {
    if (m.error) ref.current?.focus();
  }, [m.error]);
  const fields = m.error instanceof ApiError ? m.error.fields : [];
  const undecided = fields
    .map((f) => f.field.replace(/^body\./, ''))
    .filter((f) => f.startsWith('indicators.'))
    .map((f) => f.slice('indicators.'.length));
  return (
    <section aria-labelledby="complete-h" className="margin-top-4">
      <h2 id="complete-h">Complete the review</h2>
      {m.error ? (
        <div ref={ref} tabIndex={-1}>
          <Alert type="error" headingLevel="h3" heading="The review could not be completed">
            <p className="margin-top-0">{m.error.message}</p>
            {undecided.length > 0 ? (
              <>
                <p>Decide these indicators first:</p>
                <ul>
                  {undecided.map((i) => (
                    <li key={i}>
                      <a href={`#${fieldId(`indicators.${i}`)}`}>{details.get(i)?.title ?? i}</a>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <form
        className="usa-form maxw-tablet"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ complete: true, summary: summary || null });
        }}
      >
        <Field
          path="review.summary"
          label="Summary of the review (optional)"
          kind="textarea"
          error={null}
          value={summary}
          onChange={setSummary}
        />
        <Button type="submit" className="margin-top-2">
          {m.isPending ? 'Completing…' : 'Complete the review'}
        </Button>
      </form>
    </section>
  );
}
