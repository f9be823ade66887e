import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Fieldset, Form, Radio, Table, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { get, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { OfficeName } from '../app/offices.tsx';
import { Field, type FieldProps } from '../case/forms.tsx';
import { AffectedCases, NoticeStatusForm } from '../case/notice-status.tsx';
import {
  firstMissingRow,
  listsMissing,
  MissingItemRows,
  type MissingRow,
  missingItemsBody,
  USE_PURPOSE_OPTIONS,
  UseConditionsFields,
} from '../components/AnswerConditions.tsx';
import {
  ErrorSummary,
  FieldErrorText,
  fieldId,
  formatDate,
  formatDateTime,
  LoadError,
  Loading,
  PageHeading,
  SummaryRow,
} from '../components/common.tsx';
import { type DocRow, DocumentRows, documentsBody, firstDocRow } from '../components/DocumentRows.tsx';
import { DueCell, isOverdue, kindLabel, statusLabel } from '../queues/queues.tsx';

type LiaisonRequest = Res<'/liaison-requests/{id}', 'get'>;
type ResponseResult = Res<'/liaison-requests/{id}/response', 'post'>;

const NOTICE_STATUSES: Array<[string, string]> = [
  ['valid', 'Valid: the notice is in force.'],
  ['suspended', 'Suspended: INTERPOL has suspended the notice.'],
  ['withdrawn', 'Withdrawn: the issuing country withdrew the notice.'],
  ['cancelled', 'Cancelled: INTERPOL cancelled the notice.'],
  ['deleted', 'Deleted: the notice was deleted from INTERPOL’s files.'],
  ['expired', 'Expired: the notice is past its expiry date.'],
];

const DOC_OUTCOMES: Array<[string, string]> = [
  ['provided', 'Provided: all the documents asked for'],
  ['partially_provided', 'Partially provided: some documents are missing'],
  ['unavailable', 'Unavailable: the documents cannot be obtained'],
];

const USE_OUTCOMES: Array<[string, string]> = [
  ['granted', 'Granted: the office may use the notice within the scope below'],
  ['denied', 'Denied: the office may not use the notice'],
];

const KIND_TEXT: Record<string, string> = {
  validity: 'Confirm whether the notice is still valid, and its expiry date.',
  documentation: 'Provide the underlying documentation (warrant, judgment) and any disclosure restrictions.',
  use_authorization:
    'Say whether the issuing country authorizes the use of the notice, with scope and conditions.',
};

const blank = (v: string) => (v.trim() === '' ? null : v.trim());

export default function LiaisonRespondPage() {
  const { id = '' } = useParams();
  const [answered, setAnswered] = useState<ResponseResult | null>(null);
  const q = useQuery({
    queryKey: ['liaison-request', id],
    queryFn: () => get<LiaisonRequest>(`/liaison-requests/${id}`),
  });
  if (q.isPending)
    return (
      <>
        <PageHeading title="Answer a request" />
        <Loading what="the request" />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeading title="Answer a request" />
        <LoadError error={q.error} />
        <p>
          <Link to="/liaison">Back to the requests</Link>
        </p>
      </>
    );
  const r = q.data;
  const kind = kindLabel(`liaison_${r.kind}`);
  return (
    <>
      <p className="margin-top-2">
        <Link to="/liaison">Back to the requests</Link>
      </p>
      <PageHeading title={`${kind} request on ${r.caseNumber}`} />
      <p className="usa-intro">{KIND_TEXT[r.kind] ?? ''}</p>
      <RequestSummary r={r} />
      {answered ? <Answered answered={answered} /> : null}
      {r.responses.length > 0 ? <Responses r={r} /> : null}
      {r.status === 'pending' ? (
        <ResponseForm r={r} onAnswered={setAnswered} />
      ) : (
        <Alert type="info" headingLevel="h2" heading={`This request is ${r.status}`} slim>
          {r.status === 'cancelled'
            ? `It was cancelled: ${r.cancelledReason ?? 'no reason given'}. It needs no answer.`
            : 'It has been answered and cannot be answered again.'}
        </Alert>
      )}
      {r.notice ? <NoticeStatusPart notice={r.notice} /> : null}
    </>
  );
}

function RequestSummary({ r }: { r: LiaisonRequest }) {
  const late = r.status === 'pending' && isOverdue(r);
  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">The request</h2>
      <dl className="margin-top-0">
        <SummaryRow term="Kind">{kindLabel(`liaison_${r.kind}`)}</SummaryRow>
        <SummaryRow term="Status">
          <Tag className={late ? 'bg-secondary-dark' : 'bg-base-dark'}>
            {late ? 'Overdue' : statusLabel(r.status)}
          </Tag>
        </SummaryRow>
        <SummaryRow term="Case">
          <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link> ({statusLabel(r.caseStatus)},{' '}
          <OfficeName code={r.officeId} />)
        </SummaryRow>
        <SummaryRow term="Notice">
          {r.notice ? (
            <>
              {r.notice.type === 'red_notice' ? 'Red Notice' : statusLabel(r.notice.type)}{' '}
              {r.notice.interpolRef}; status now <strong>{statusLabel(r.notice.status)}</strong>; expires{' '}
              {formatDate(r.notice.expiresOn)}
            </>
          ) : (
            'No notice named'
          )}
        </SummaryRow>
        <SummaryRow term="Asked for">{r.details ?? KIND_TEXT[r.kind] ?? '—'}</SummaryRow>
        <SummaryRow term="Requested">{formatDateTime(r.requestedAt)}</SummaryRow>
        <SummaryRow term="Due">
          {r.status === 'pending' ? <DueCell item={r} /> : formatDate(r.dueAt)}
        </SummaryRow>
        {r.followUps.length > 0 ? (
          <SummaryRow term="Follow-ups">
            <ul className="usa-list margin-0">
              {r.followUps.map((f) => (
                <li key={f.at}>
                  {formatDateTime(f.at)}: {f.note}
                </li>
              ))}
            </ul>
          </SummaryRow>
        ) : null}
      </dl>
    </section>
  );
}

function Responses({ r }: { r: LiaisonRequest }) {
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">Answers recorded</h2>
      {r.responses.map((x) => (
        <div key={x.id} className="border-1px border-base-lighter padding-2 margin-bottom-2">
          <p className="margin-top-0">
            <strong>{statusLabel(x.outcome)}</strong>, recorded {formatDateTime(x.respondedAt)}
            {x.outOfBand ? ' (received by another channel)' : ''}
            {x.usncbReference ? `; INTERPOL Washington reference ${x.usncbReference}` : ''}.
          </p>
          {r.confirmations.map((v) => (
            <p key={v.confirmedAt}>
              Validity confirmed as {statusLabel(v.result)}; notice expires {formatDate(v.expiresOn)}; checked
              by {v.method}.
            </p>
          ))}
          {x.scope ? <p>Scope: {x.scope}</p> : null}
          {x.scopePurposes?.length ? (
            <p>
              Covers:{' '}
              {x.scopePurposes.map((p) => USE_PURPOSE_OPTIONS.find(([v]) => v === p)?.[1] ?? p).join('; ')}
            </p>
          ) : null}
          {x.disclosureInFull ? (
            <p>Condition: the documentation must be disclosed to the person in full.</p>
          ) : null}
          {x.conditions ? <p>Conditions: {x.conditions}</p> : null}
          {x.missingItems?.length ? (
            <>
              <p className="margin-bottom-0">Missing items, with INTERPOL Washington’s reason:</p>
              <ul>
                {x.missingItems.map((mi) => (
                  <li key={mi.item}>
                    <strong>{mi.item}</strong>: {mi.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {x.validUntil ? <p>Valid until {formatDate(x.validUntil)}</p> : null}
          {x.disclosureRestrictions ? <p>Disclosure restrictions: {x.disclosureRestrictions}</p> : null}
          {x.notes ? <p>Notes: {x.notes}</p> : null}
          {x.documents.length > 0 ? (
            <Table caption="Documents provided" fullWidth stackedStyle="default">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Language</th>
                </tr>
              </thead>
              <tbody>
                {x.documents.map((d) => (
                  <tr key={d.id}>
                    <th scope="row" data-label="Title">
                      {d.title}
                    </th>
                    <td data-label="Kind">{d.kind}</td>
                    <td data-label="Language">{d.language ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
        </div>
      ))}
    </section>
  );
}

function RadioGroup({
  name,
  legend,
  options,
  value,
  onChange,
  error,
}: {
  name: string;
  legend: string;
  options: Array<[string, string]>;
  value: string;
  onChange: (v: string) => void;
  error: unknown;
}) {
  return (
    <Fieldset legend={legend}>
      <FieldErrorText error={error} path={name} />
      {options.map(([v, label], i) => (
        <Radio
          key={v}
          id={i === 0 ? fieldId(name) : `${fieldId(name)}-${v}`}
          name={name}
          value={v}
          checked={value === v}
          onChange={() => onChange(v)}
          label={label}
        />
      ))}
    </Fieldset>
  );
}

/** A text field of these forms: the case page's field, long answers as a text area. */
function TextField({ long, ...props }: Omit<FieldProps, 'kind'> & { long?: boolean }) {
  return <Field {...props} kind={long ? 'textarea' : 'text'} />;
}

function Answered({ answered }: { answered: ResponseResult }) {
  return (
    <Alert type="success" headingLevel="h2" heading="Your answer is recorded">
      {answered.validityConfirmationId ? <p>The validity confirmation is on the case.</p> : null}
      {answered.documentIds.length > 0 ? (
        <p>{answered.documentIds.length} document(s) were added to the case.</p>
      ) : null}
      {answered.affectedCases.length > 0 ? <AffectedCases cases={answered.affectedCases} /> : null}
    </Alert>
  );
}

function ResponseForm({ r, onAnswered }: { r: LiaisonRequest; onAnswered: (res: ResponseResult) => void }) {
  const qc = useQueryClient();
  const [result, setResult] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [method, setMethod] = useState('I-24/7 status query');
  const [outcome, setOutcome] = useState('');
  const [docs, setDocs] = useState<DocRow[]>(firstDocRow);
  const [restrictions, setRestrictions] = useState('');
  const [scope, setScope] = useState('');
  const [conditions, setConditions] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [missing, setMissing] = useState<MissingRow[]>(firstMissingRow);
  const [scopePurposes, setScopePurposes] = useState<string[]>([]);
  const [disclosureInFull, setDisclosureInFull] = useState(false);
  const [reference, setReference] = useState('');
  const [notes, setNotes] = useState('');

  const m = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {
        usncbReference: blank(reference),
        notes: blank(notes),
      };
      if (r.kind === 'validity') {
        if (result) body.result = result;
        body.expiresOn = blank(expiresOn);
        if (method.trim()) body.method = method.trim();
      } else if (r.kind === 'documentation') {
        body.outcome = outcome;
        body.documents = documentsBody(docs);
        body.disclosureRestrictions = blank(restrictions);
        if (listsMissing(outcome)) body.missingItems = missingItemsBody(missing);
      } else {
        body.outcome = outcome;
        body.scope = blank(scope);
        body.conditions = blank(conditions);
        body.validUntil = blank(validUntil);
        if (outcome === 'granted') {
          body.scopePurposes = scopePurposes;
          body.disclosureInFull = disclosureInFull;
        }
      }
      return post<ResponseResult>(`/liaison-requests/${r.id}/response`, body);
    },
    onSuccess: async (res) => {
      onAnswered(res);
      await qc.invalidateQueries({ queryKey: ['queues'] });
      await qc.invalidateQueries({ queryKey: ['liaison-request', r.id] });
    },
  });
  const err = m.error;

  return (
    <section aria-labelledby="answer-heading">
      <h2 id="answer-heading">Record the answer of INTERPOL Washington</h2>
      <p>Fields marked “required” must be filled in. The answer is recorded in the case’s audit trail.</p>
      <ErrorSummary error={err} heading="Your answer could not be recorded" />
      <Form
        large
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
      >
        {r.kind === 'validity' ? (
          <>
            <RadioGroup
              name="result"
              legend="Status of the notice (required)"
              options={NOTICE_STATUSES}
              value={result}
              onChange={setResult}
              error={err}
            />
            {result && r.notice && result !== r.notice.status ? (
              <Alert type="warning" headingLevel="h3" heading="This changes the notice’s status" slim>
                The notice is now recorded as {statusLabel(r.notice.status)}. Recording “{statusLabel(result)}
                ” changes it
                {result === 'valid'
                  ? ''
                  : ', withdraws every authorization that relied on it, and opens a re-review task on each affected case'}
                .
              </Alert>
            ) : null}
            <TextField
              path="expiresOn"
              label="Expiry date of the notice"
              hint="For example 2029-03-31 (YYYY-MM-DD). Leave blank if INTERPOL Washington gave none."
              value={expiresOn}
              onChange={setExpiresOn}
              error={err}
            />
            <TextField
              path="method"
              label="How you checked"
              hint="For example: I-24/7 status query."
              value={method}
              onChange={setMethod}
              error={err}
            />
          </>
        ) : null}
        {r.kind === 'documentation' ? (
          <>
            <RadioGroup
              name="outcome"
              legend="Outcome (required)"
              options={DOC_OUTCOMES}
              value={outcome}
              onChange={setOutcome}
              error={err}
            />
            <DocumentRows
              docs={docs}
              setDocs={setDocs}
              pathPrefix=""
              field={(f) => <TextField {...f} error={err} />}
            />
            {listsMissing(outcome) ? (
              <MissingItemRows
                rows={missing}
                setRows={setMissing}
                pathPrefix=""
                error={err}
                field={(f) => <TextField {...f} error={err} />}
              />
            ) : null}
            <TextField
              path="disclosureRestrictions"
              label="Disclosure restrictions"
              hint="What may not be shown to the person or their counsel, and why. Leave blank if none."
              value={restrictions}
              onChange={setRestrictions}
              error={err}
              long
            />
          </>
        ) : null}
        {r.kind === 'use_authorization' ? (
          <>
            <RadioGroup
              name="outcome"
              legend="Outcome (required)"
              options={USE_OUTCOMES}
              value={outcome}
              onChange={setOutcome}
              error={err}
            />
            <TextField
              path="scope"
              label="Scope (required when granted)"
              hint="What the office may use the notice for."
              value={scope}
              onChange={setScope}
              error={err}
              long
            />
            {outcome === 'granted' ? (
              <UseConditionsFields
                pathPrefix=""
                error={err}
                scopePurposes={scopePurposes}
                setScopePurposes={setScopePurposes}
                disclosureInFull={disclosureInFull}
                setDisclosureInFull={setDisclosureInFull}
              />
            ) : null}
            <TextField
              path="conditions"
              label="Other conditions, as INTERPOL Washington wrote them"
              value={conditions}
              onChange={setConditions}
              error={err}
              long
            />
            <TextField
              path="validUntil"
              label="Valid until"
              hint="For example 2027-06-30 (YYYY-MM-DD)."
              value={validUntil}
              onChange={setValidUntil}
              error={err}
            />
          </>
        ) : null}
        <TextField
          path="usncbReference"
          label="INTERPOL Washington reference"
          hint="Your message or file reference, if any."
          value={reference}
          onChange={setReference}
          error={err}
        />
        <TextField path="notes" label="Notes" value={notes} onChange={setNotes} error={err} long />
        <Button type="submit" className="margin-top-3">
          {m.isPending ? 'Recording…' : 'Record the answer'}
        </Button>
      </Form>
    </section>
  );
}

/** The shared form (case/notice-status.tsx), under its own heading on the request's screen. */
function NoticeStatusPart({ notice }: { notice: NonNullable<LiaisonRequest['notice']> }) {
  return (
    <section aria-labelledby="notice-heading" className="margin-top-5 border-top-1px border-base-light">
      <h2 id="notice-heading">Record a change of the notice’s status</h2>
      <p>
        <Link to={`/notices/${notice.id}`}>Open the page of notice {notice.interpolRef}</Link>: its charges,
        its status history and every case that relies on it.
      </p>
      <NoticeStatusForm notice={notice} />
    </section>
  );
}
