import { Alert, Checkbox, Fieldset, Radio, Table, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import {
  type CaseView,
  DISPOSITION_LABELS,
  type GateEvaluation,
  humanize,
  type IndicatorResult,
  personName,
  type ScreeningRecord,
  useCase,
  useGates,
  useScreenings,
} from '../case/data.ts';
import { ActionForm, Field, useCaseAction } from '../case/forms.tsx';
import { CONCLUSION_LABELS, latestLegalReview } from '../case/legal-review.tsx';
import { GateTag, OutcomeTag, PersonSummary, StrengthTag } from '../case/parts.tsx';
import {
  FieldErrorText,
  fieldError,
  fieldId,
  formatDate,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { countryName, indicatorTitle } from '../components/labels.ts';

export default function ApprovalPage() {
  const { id = '' } = useParams();
  const caseQ = useCase(id);
  const gatesQ = useGates(id);
  const screeningsQ = useScreenings(id);
  if (caseQ.isPending) return <Loading what="the case" />;
  if (caseQ.isError)
    return (
      <>
        <PageHeading title="Approval" />
        <LoadError error={caseQ.error} />
      </>
    );
  const c = caseQ.data;
  const details = new Map((screeningsQ.data?.latest?.result.results ?? []).map((r) => [r.id, r]));
  return (
    <>
      <PageHeading title={`Approval of case ${c.caseNumber}`} />
      <p>
        <Link to={`/cases/${c.id}`}>Back to the case</Link>
      </p>
      <p>
        Read everything below before you decide. You approve acting on the case as it stands now: any later
        change of its facts voids your approval.
      </p>
      <PersonSummary c={c} />
      {gatesQ.isPending ? (
        <Loading what="the safeguards" />
      ) : gatesQ.isError ? (
        <LoadError error={gatesQ.error} />
      ) : (
        <GateList ev={gatesQ.data} />
      )}
      <ReviewOutcome c={c} details={details} />
      <LegalReview c={c} ev={gatesQ.data} />
      <NoticeAndCharges c={c} screening={screeningsQ.data?.latest ?? null} />
      <Basis c={c} ev={gatesQ.data} />
      <PriorDecisions c={c} />
      {c.status === 'closed' ? (
        <p>The case is closed: it cannot be approved.</p>
      ) : (
        <Decide c={c} details={details} ev={gatesQ.data} />
      )}
    </>
  );
}

function GateList({ ev }: { ev: GateEvaluation }) {
  return (
    <section aria-labelledby="ap-gates-h">
      <h2 id="ap-gates-h">Safeguards</h2>
      <ul className="usa-list">
        {ev.gates
          .filter((g) => g.status !== 'not_applicable')
          .map((g) => (
            <li key={g.gate}>
              <strong>{g.title}</strong> <GateTag status={g.status} /> ({g.clauses.join(', ')}): {g.reason}
            </li>
          ))}
      </ul>
    </section>
  );
}

function ReviewOutcome({ c, details }: { c: CaseView; details: Map<string, IndicatorResult> }) {
  const r = c.review;
  const found = (r?.indicators ?? []).filter((i) => i.outcome !== 'absent');
  return (
    <section aria-labelledby="ap-review-h">
      <h2 id="ap-review-h">Preliminary review</h2>
      {!r ? (
        <p>The preliminary review has not started.</p>
      ) : (
        <>
          <p>
            Status: {r.status === 'complete' ? 'complete' : 'in progress'}
            {r.completedAt
              ? `, completed ${formatDateTime(r.completedAt)} by ${personName(c, r.reviewerId)}`
              : ''}
            .
          </p>
          <p
            className={
              r.recommendation.code === 'do_not_act_refer_legal_review'
                ? 'text-bold text-secondary-darker'
                : ''
            }
          >
            Recommendation: {r.recommendation.text}
          </p>
          {found.length === 0 ? (
            <p>No indicator was found present or undetermined.</p>
          ) : (
            <Table fullWidth stackedStyle="default">
              <caption>Indicators found by the screening and the reviewer's decisions</caption>
              <thead>
                <tr>
                  <th scope="col">Indicator</th>
                  <th scope="col">Strength</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {found.map((i) => (
                  <tr key={i.indicatorId}>
                    <td data-label="Indicator">
                      {details.get(i.indicatorId)?.title ?? indicatorTitle(i.indicatorId)}
                    </td>
                    <td data-label="Strength">
                      <StrengthTag strength={i.strength} />
                    </td>
                    <td data-label="Outcome">
                      <OutcomeTag outcome={i.outcome} />
                    </td>
                    <td data-label="Decision">
                      {i.disposition ? DISPOSITION_LABELS[i.disposition] : 'Not decided'}
                      {i.note ? `: ${i.note}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </>
      )}
    </section>
  );
}

/** The legal review the approver has before them (G-LEGAL-REVIEW), or what is missing. */
function LegalReview({ c, ev }: { c: CaseView; ev: GateEvaluation | undefined }) {
  const gate = ev?.gates.find((g) => g.gate === 'G-LEGAL-REVIEW');
  const latest = latestLegalReview(c);
  if (!latest && (!gate || gate.status === 'not_applicable')) return null;
  return (
    <section aria-labelledby="ap-legal-h">
      <h2 id="ap-legal-h">Legal review</h2>
      {latest ? (
        <>
          <p
            className={
              latest.conclusion === 'do_not_proceed' ? 'text-bold text-secondary-darker' : 'text-bold'
            }
          >
            Conclusion: {CONCLUSION_LABELS[latest.conclusion] ?? latest.conclusion}, by{' '}
            {personName(c, latest.attorneyId)} on {formatDateTime(latest.recordedAt)}.
          </p>
          <ul>
            {latest.analyses.map((a) => (
              <li key={a.indicatorId} className="measure-5">
                <strong>{a.title}</strong>: {a.analysis}
              </li>
            ))}
          </ul>
          {latest.conditions ? <p>Conditions: {latest.conditions}</p> : null}
          {latest.reversalReason ? (
            <p>Reasons for reversing “Do not proceed”: {latest.reversalReason}</p>
          ) : null}
        </>
      ) : (
        <p>No legal review is recorded.</p>
      )}
      {gate && gate.status === 'unmet' ? <p>{gate.reason}</p> : null}
    </section>
  );
}

function NoticeAndCharges({ c, screening }: { c: CaseView; screening: ScreeningRecord | null }) {
  return (
    <section aria-labelledby="ap-notice-h">
      <h2 id="ap-notice-h">Notice and charges</h2>
      {c.notices.map((n) => (
        <div key={n.id}>
          <p>
            <strong>{n.type === 'red_notice' ? 'Red Notice' : humanize(n.type)}</strong> {n.interpolRef} from{' '}
            {countryName(n.issuingCountry)}; status <Tag className="bg-base-dark">{humanize(n.status)}</Tag>
            {'; '}issued {formatDate(n.issuedOn)}, expires {formatDate(n.expiresOn)}; purpose{' '}
            {n.purpose ? humanize(n.purpose) : 'not stated'}.
          </p>
          <ul>
            {n.warrants.map((w, pos) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: warrants are identified by position
              <li key={pos}>
                {w.charge}
                {w.lawCited ? ` (${w.lawCited})` : ''}
                {w.maxPenaltyMonths != null ? `; maximum penalty ${w.maxPenaltyMonths} months` : ''}
              </li>
            ))}
          </ul>
          {n.summaryOfFacts ? <p>Summary of facts: {n.summaryOfFacts}</p> : null}
        </div>
      ))}
      {screening?.result.offenceCategories.length ? (
        <p>
          Offence categories:{' '}
          {screening.result.offenceCategories
            .map((k) => `${humanize(k.category)} (${k.origin === 'confirmed' ? 'confirmed' : 'suggested'})`)
            .join(', ')}
        </p>
      ) : null}
    </section>
  );
}

function Basis({ c, ev }: { c: CaseView; ev: GateEvaluation | undefined }) {
  const language = ev?.gates.find((g) => g.gate === 'G-LANGUAGE');
  const findings = (language?.facts.findings as Array<Record<string, unknown>> | undefined) ?? [];
  return (
    <section aria-labelledby="ap-basis-h">
      <h2 id="ap-basis-h">Independent basis and narrative</h2>
      <p>{c.independentBasis?.summary || 'No independent basis is recorded.'}</p>
      {c.independentBasis?.evidence.length ? (
        <ul>
          {c.independentBasis.evidence.map((e) => (
            <li key={`${e.description}-${e.source}`}>
              {e.description} ({humanize(e.sourceType)}, {e.source})
            </li>
          ))}
        </ul>
      ) : null}
      <h3>Narrative</h3>
      <p style={{ whiteSpace: 'pre-wrap' }}>{c.narrative || 'No narrative.'}</p>
      <h3>Wording findings (D10)</h3>
      {findings.length === 0 ? (
        <p>No wording treats the notice as a warrant or as legal authority.</p>
      ) : (
        <ul>
          {findings.map((f, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: findings have no stable id here
            <li key={n}>
              {String(f.field ?? '')}: “{String(f.match ?? f.text ?? '')}”{' '}
              {String(f.message ?? f.explanation ?? '')}
              {f.dismissed ? ' (dismissed)' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PriorDecisions({ c }: { c: CaseView }) {
  if (c.approvals.length === 0) return null;
  return (
    <section aria-labelledby="ap-prior-h">
      <h2 id="ap-prior-h">Earlier decisions</h2>
      <ul>
        {c.approvals.map((a) => (
          <li key={a.id}>
            {humanize(a.decision)} by {personName(c, a.approverId)} on {formatDateTime(a.decidedAt)}
            {a.override ? (
              <>
                {' '}
                <Tag className="bg-secondary-dark">Override</Tag> {a.overrideReason ?? ''}
              </>
            ) : null}
            {a.voidedAt
              ? `; voided ${formatDateTime(a.voidedAt)}${a.voidReason ? ` (${a.voidReason})` : ''}`
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Decide({
  c,
  details,
  ev,
}: {
  c: CaseView;
  details: Map<string, IndicatorResult>;
  ev: GateEvaluation | undefined;
}) {
  const strong = c.review?.recommendation.confirmedStrong ?? [];
  // approving while the advice stands (the review's "do not act" not cleared by a legal review, or a legal
  // review's "do not proceed") is recorded as an override: say so before the approver submits
  const legalGate = ev?.gates.find((g) => g.gate === 'G-LEGAL-REVIEW');
  const latest = latestLegalReview(c);
  const againstAdvice =
    latest?.conclusion === 'do_not_proceed' || (strong.length > 0 && legalGate?.status === 'unmet');
  const [decision, setDecision] = useState('');
  const [rationale, setRationale] = useState('');
  const [acks, setAcks] = useState<Record<string, { on: boolean; text: string }>>({});
  const [done, setDone] = useState<string | null>(null);
  const { m } = useCaseAction(c.id, 'approval', (b: object) =>
    post<Res<'/cases/{id}/approvals', 'post'>>(`/cases/${c.id}/approvals`, b),
  );
  // the approval form's fields are the API's own (no prefix): rationale, decision, acknowledgements.<id>
  const err = m.error;
  const radio = fieldId('decision');
  return (
    <ActionForm
      title="Your decision"
      headingLevel="h3"
      error={err}
      errorHeading="Your decision could not be recorded"
      done={done}
      pending={m.isPending}
      submit="Record your decision"
      onSubmit={() =>
        m.mutate(
          {
            decision: decision || 'none',
            rationale,
            ...(decision === 'approved'
              ? {
                  acknowledgements: strong
                    .filter((i) => acks[i]?.on)
                    .map((i) => ({ indicatorId: i, justification: acks[i]?.text ?? '' })),
                }
              : {}),
          },
          {
            onSuccess: (r) =>
              setDone(
                `Your decision (${humanize(decision)}) is recorded for case version ${r.caseVersionHash.slice(0, 16)}.${r.override ? ' It is recorded as an override of the advice and shown to oversight.' : ''}`,
              ),
          },
        )
      }
    >
      <Fieldset legend="Decision" className={fieldError(err, 'decision') ? 'usa-form-group--error' : ''}>
        <FieldErrorText error={err} path="decision" />
        {(
          [
            ['approved', 'Approve acting on the case'],
            ['denied', 'Deny'],
            ['returned', 'Return to the officer for more work'],
          ] as const
        ).map(([v, l], n) => (
          <Radio
            key={v}
            id={n === 0 ? radio : `${radio}-${v}`}
            name="decision"
            value={v}
            label={l}
            checked={decision === v}
            onChange={() => setDecision(v)}
          />
        ))}
      </Fieldset>
      {strong.length > 0 ? (
        <Fieldset legend="Confirmed strong indicators you must acknowledge to approve">
          <p className="usa-hint">
            The reviewer confirmed these strong indicators and advised: do not act; refer for legal review. To
            approve, acknowledge each one and write why you approve despite it.
          </p>
          {strong.map((i) => {
            const title = details.get(i)?.title ?? i;
            return (
              <div key={i} className="margin-y-2">
                <Checkbox
                  id={`ack-${i}`}
                  name={`ack-${i}`}
                  label={`I acknowledge: ${title}`}
                  checked={acks[i]?.on ?? false}
                  onChange={(e) =>
                    setAcks((o) => ({ ...o, [i]: { on: e.target.checked, text: o[i]?.text ?? '' } }))
                  }
                />
                <Field
                  path={`acknowledgements.${i}`}
                  label={`Justification for approving despite: ${title}`}
                  kind="textarea"
                  error={err}
                  value={acks[i]?.text ?? ''}
                  onChange={(t) => setAcks((o) => ({ ...o, [i]: { on: o[i]?.on ?? false, text: t } }))}
                />
              </div>
            );
          })}
        </Fieldset>
      ) : null}
      <Field
        path="rationale"
        label="Rationale"
        required
        kind="textarea"
        error={err}
        value={rationale}
        onChange={setRationale}
      />
      {againstAdvice && decision === 'approved' ? (
        <Alert type="warning" headingLevel="h4" heading="This approval goes against the advice" slim={false}>
          {latest?.conclusion === 'do_not_proceed'
            ? 'The latest legal review concluded “Do not proceed”. '
            : 'The review advises “Do not act; refer for legal review”, and no legal review concluding that the case may proceed is recorded. '}
          If you approve, your approval is recorded as an override of the advice, visible to oversight on the
          dashboard and in the audit log.
          {latest?.conclusion === 'do_not_proceed'
            ? ' The case still cannot be authorized until a later legal review reverses the conclusion.'
            : ''}
        </Alert>
      ) : null}
    </ActionForm>
  );
}
