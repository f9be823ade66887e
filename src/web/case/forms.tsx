// The actions a user takes on the case page, each a small single-column form. The server decides whether
// the action is allowed; a refusal (403/409) is shown in the form's error summary with the server's words.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Label,
  Select,
  Textarea,
  TextInput,
} from '@trussworks/react-uswds';
import { createContext, type FormEvent, type ReactNode, useContext, useEffect, useId, useState } from 'react';
import { ApiError, get, post, prefixError, put } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import {
  firstMissingRow,
  listsMissing,
  MissingItemRows,
  type MissingRow,
  missingItemsBody,
  UseConditionsFields,
} from '../components/AnswerConditions.tsx';
import { ErrorSummary, FieldErrorText, fieldError, fieldId, formatDateTime } from '../components/common.tsx';
import { type DocRow, DocumentRows, documentsBody, firstDocRow } from '../components/DocumentRows.tsx';
import { LANGUAGES, languageLabel } from '../intake/languages.ts';
import { WordingFindings } from '../intake/WordingCheck.tsx';
import {
  type CaseView,
  CONTEST_GROUND_LABELS,
  type GateResult,
  KIND_LABELS,
  type LiaisonRequestView,
  refreshCase,
} from './data.ts';

/**
 * What the last action did, said at the top of the page: a form often disappears once its safeguard is met,
 * so its own success message would vanish with it.
 */
const FlashContext = createContext<{ message: string | null; say: (m: string) => void; provided: boolean }>({
  message: null,
  say: () => undefined,
  provided: false,
});

export function FlashProvider({ children }: { children: ReactNode }) {
  const [message, say] = useState<string | null>(null);
  return <FlashContext.Provider value={{ message, say, provided: true }}>{children}</FlashContext.Provider>;
}

export function useFlash() {
  return useContext(FlashContext).say;
}

/** A live region: always present, so screen readers announce the message when it appears. */
export function FlashMessage() {
  const { message } = useContext(FlashContext);
  return (
    <div role="status" aria-live="polite">
      {message ? (
        <Alert type="success" headingLevel="h2" slim className="margin-y-2">
          {message}
        </Alert>
      ) : null}
    </div>
  );
}

export interface FieldProps {
  path: string;
  label: string;
  hint?: string;
  required?: boolean;
  error: unknown;
  value: string;
  onChange: (v: string) => void;
  kind?: 'text' | 'textarea' | 'date' | 'datetime-local';
  /**
   * A text area is checked for wording as the person types (D10), with a finished rewording for each finding;
   * `false` turns that off where the text must quote flagged words (the reason for dismissing a finding).
   */
  wording?: boolean;
}

/**
 * A labelled input with its hint and error, its id derived from the API field path. Every text area of the
 * application's forms (rationales, acknowledgements, dispositions, legal reviews, contest answers, service
 * notes, exigency reasons, sign-offs…) is a `Field` and so gets the wording check as you type.
 */
export function Field({
  path,
  label,
  hint,
  required,
  error,
  value,
  onChange,
  kind = 'text',
  wording = true,
}: FieldProps) {
  const id = fieldId(path);
  const msg = fieldError(error, path);
  const describedBy = [hint ? `${id}-hint` : null, msg ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`usa-form-group${msg ? ' usa-form-group--error' : ''}`}>
      <Label htmlFor={id} requiredMarker={required}>
        {label}
      </Label>
      {hint ? (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <FieldErrorText error={error} path={path} />
      {kind === 'textarea' ? (
        <>
          <Textarea
            id={id}
            name={id}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-describedby={describedBy || undefined}
            error={!!msg}
          />
          {wording ? <WordingFindings path={path} value={value} onChange={onChange} compact /> : null}
        </>
      ) : kind === 'text' ? (
        <TextInput
          id={id}
          name={id}
          type={kind}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy || undefined}
          validationStatus={msg ? 'error' : undefined}
        />
      ) : (
        <input
          className={`usa-input${msg ? ' usa-input--error' : ''}`}
          id={id}
          name={id}
          type={kind}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy || undefined}
        />
      )}
    </div>
  );
}

export function SelectField({
  path,
  label,
  required,
  error,
  value,
  onChange,
  options,
}: Omit<FieldProps, 'kind' | 'hint'> & { options: Array<[string, string]> }) {
  const id = fieldId(path);
  const msg = fieldError(error, path);
  return (
    <div className={`usa-form-group${msg ? ' usa-form-group--error' : ''}`}>
      <Label htmlFor={id} requiredMarker={required}>
        {label}
      </Label>
      <FieldErrorText error={error} path={path} />
      <Select
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        validationStatus={msg ? 'error' : undefined}
        aria-describedby={msg ? `${id}-error` : undefined}
      >
        <option value="">- Select -</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** One action: a mutation that refreshes the case, its error (fields under the prefix) and its success. */
export function useCaseAction<B, R>(caseId: string, prefix: string, run: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: run,
    // not awaited: the caller's own onSuccess runs at once, before a refreshed case may unmount its form
    onSuccess: () => {
      void refreshCase(qc, caseId);
    },
  });
  return { m, error: m.error ? prefixError(m.error, prefix) : null };
}

/** A form with its heading, error summary and success message. */
export function ActionForm({
  title,
  error,
  errorHeading,
  done,
  onSubmit,
  submit,
  pending,
  children,
  headingLevel = 'h4',
  prefix,
}: {
  prefix?: string;
  title: string;
  error: unknown;
  errorHeading?: string;
  done: string | null;
  onSubmit: () => void;
  submit: string;
  pending: boolean;
  children?: ReactNode;
  headingLevel?: 'h3' | 'h4';
}) {
  const headingId = useId();
  const { say, provided } = useContext(FlashContext);
  useEffect(() => {
    if (done) say(done);
  }, [done, say]);
  const H = headingLevel;
  const handle = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section aria-labelledby={headingId} className="border-1px border-base-lighter padding-2 margin-y-2">
      <H id={headingId} className="margin-top-0">
        {title}
      </H>
      <ErrorSummary error={error} prefix={prefix} heading={errorHeading} />
      {done && !error && !provided ? (
        <Alert type="success" headingLevel="h4" slim>
          {done}
        </Alert>
      ) : null}
      <form className="usa-form maxw-tablet" onSubmit={handle} noValidate>
        {children}
        <Button type="submit" className="margin-top-2">
          {pending ? 'Sending…' : submit}
        </Button>
      </form>
    </section>
  );
}

/** Who may take an action, said plainly when the user's role may not. */
export function RoleNote({ action, roles }: { action: string; roles: string }) {
  return (
    <p className="usa-hint">
      Your role cannot {action}. This action is for {roles}.
    </p>
  );
}

// ---------------------------------------------------------------------------------------------------------

export function LiaisonRequestForm({ c, kind }: { c: CaseView; kind: LiaisonRequestView['kind'] }) {
  const prefix = `req-${kind}`;
  const [noticeId, setNoticeId] = useState(c.notices[0]?.id ?? '');
  const [details, setDetails] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post<Res<'/cases/{id}/liaison-requests', 'post'>>(`/cases/${c.id}/liaison-requests`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title={`Ask INTERPOL Washington: ${KIND_LABELS[kind]}`}
      error={error}
      done={done}
      pending={m.isPending}
      submit="Send the request to INTERPOL Washington"
      onSubmit={() =>
        m.mutate(
          { kind, noticeId: noticeId || null, details: details || null },
          {
            onSuccess: (r) =>
              setDone(
                `Your request was sent. INTERPOL Washington should answer by ${formatDateTime(r.dueAt)}.`,
              ),
          },
        )
      }
    >
      {c.notices.length > 1 ? (
        <SelectField
          path={`${prefix}.noticeId`}
          label="Notice"
          error={error}
          value={noticeId}
          onChange={setNoticeId}
          options={c.notices.map((n) => [n.id, n.interpolRef])}
        />
      ) : null}
      <Field
        path={`${prefix}.details`}
        label="What you need (optional)"
        kind="textarea"
        error={error}
        value={details}
        onChange={setDetails}
      />
    </ActionForm>
  );
}

const NOTICE_RESULTS: Array<[string, string]> = [
  ['valid', 'Valid'],
  ['suspended', 'Suspended'],
  ['withdrawn', 'Withdrawn'],
  ['cancelled', 'Cancelled'],
  ['deleted', 'Deleted'],
  ['expired', 'Expired'],
  ['refused', 'Refused'],
];

/** An answer INTERPOL Washington gave by telephone or e-mail, recorded with its USNCB reference. */
export function OutOfBandForm({ c, request }: { c: CaseView; request: LiaisonRequestView }) {
  const prefix = `oob-${request.id.slice(0, 8)}`;
  const [v, setV] = useState<Record<string, string>>({});
  const [docs, setDocs] = useState<DocRow[]>(firstDocRow);
  const [missing, setMissing] = useState<MissingRow[]>(firstMissingRow);
  const [scopePurposes, setScopePurposes] = useState<string[]>([]);
  const [disclosureInFull, setDisclosureInFull] = useState(false);
  const set = (k: string) => (val: string) => setV((o) => ({ ...o, [k]: val }));
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post(`/liaison-requests/${request.id}/response`, b),
  );
  const body = () => {
    const b: Record<string, unknown> = {
      outOfBand: true,
      usncbReference: v.usncbReference || null,
      method: v.method || 'out of band',
      notes: v.notes || null,
    };
    if (request.kind === 'validity') {
      if (v.result) b.result = v.result;
      b.expiresOn = v.expiresOn || null;
    } else {
      if (v.outcome) b.outcome = v.outcome;
      if (request.kind === 'documentation') {
        b.documents = documentsBody(docs);
        b.disclosureRestrictions = v.disclosureRestrictions || null;
        if (listsMissing(v.outcome ?? '')) b.missingItems = missingItemsBody(missing);
      }
      if (request.kind === 'use_authorization') {
        b.scope = v.scope || null;
        b.conditions = v.conditions || null;
        b.validUntil = v.validUntil || null;
        if (v.outcome === 'granted') {
          b.scopePurposes = scopePurposes;
          b.disclosureInFull = disclosureInFull;
        }
      }
    }
    return b;
  };
  const p = (k: string) => `${prefix}.${k}`;
  return (
    <ActionForm
      prefix={prefix}
      title={`Record an answer received by another channel (request sent ${formatDateTime(request.requestedAt)})`}
      error={error}
      done={done}
      pending={m.isPending}
      submit="Record the answer"
      onSubmit={() =>
        m.mutate(body(), { onSuccess: () => setDone('The answer of INTERPOL Washington is recorded.') })
      }
    >
      <p className="usa-hint">
        Use this only when INTERPOL Washington answered by telephone, e-mail or another channel. You must give
        its reference.
      </p>
      <Field
        path={p('usncbReference')}
        label="INTERPOL Washington (USNCB) reference"
        required
        error={error}
        value={v.usncbReference ?? ''}
        onChange={set('usncbReference')}
      />
      <Field
        path={p('method')}
        label="How the answer came (for example, telephone)"
        error={error}
        value={v.method ?? ''}
        onChange={set('method')}
      />
      {request.kind === 'validity' ? (
        <>
          <SelectField
            path={p('result')}
            label="Status of the notice"
            required
            error={error}
            value={v.result ?? ''}
            onChange={set('result')}
            options={NOTICE_RESULTS}
          />
          <Field
            path={p('expiresOn')}
            label="Expiry date of the notice"
            kind="date"
            error={error}
            value={v.expiresOn ?? ''}
            onChange={set('expiresOn')}
          />
        </>
      ) : request.kind === 'documentation' ? (
        <>
          <SelectField
            path={p('outcome')}
            label="Outcome"
            required
            error={error}
            value={v.outcome ?? ''}
            onChange={set('outcome')}
            options={[
              ['provided', 'Provided'],
              ['partially_provided', 'Partially provided'],
              ['unavailable', 'Unavailable'],
            ]}
          />
          <DocumentRows
            docs={docs}
            setDocs={setDocs}
            pathPrefix={`${prefix}.`}
            field={(f) => <Field {...f} error={error} />}
          />
          {listsMissing(v.outcome ?? '') ? (
            <MissingItemRows
              rows={missing}
              setRows={setMissing}
              pathPrefix={`${prefix}.`}
              error={error}
              field={({ long, ...f }) => <Field {...f} kind={long ? 'textarea' : 'text'} error={error} />}
            />
          ) : null}
          <Field
            path={p('disclosureRestrictions')}
            label="Disclosure restrictions"
            hint="What may not be shown to the person or their counsel, and why. Leave blank if none."
            kind="textarea"
            error={error}
            value={v.disclosureRestrictions ?? ''}
            onChange={set('disclosureRestrictions')}
          />
        </>
      ) : (
        <>
          <SelectField
            path={p('outcome')}
            label="Outcome"
            required
            error={error}
            value={v.outcome ?? ''}
            onChange={set('outcome')}
            options={[
              ['granted', 'Granted'],
              ['denied', 'Denied'],
            ]}
          />
          <Field
            path={p('scope')}
            label="Scope of the authorization (required when granted)"
            kind="textarea"
            error={error}
            value={v.scope ?? ''}
            onChange={set('scope')}
          />
          {v.outcome === 'granted' ? (
            <UseConditionsFields
              pathPrefix={`${prefix}.`}
              error={error}
              scopePurposes={scopePurposes}
              setScopePurposes={setScopePurposes}
              disclosureInFull={disclosureInFull}
              setDisclosureInFull={setDisclosureInFull}
            />
          ) : null}
          <Field
            path={p('conditions')}
            label="Other conditions, as INTERPOL Washington wrote them"
            kind="textarea"
            error={error}
            value={v.conditions ?? ''}
            onChange={set('conditions')}
          />
          <Field
            path={p('validUntil')}
            label="Valid until"
            kind="date"
            error={error}
            value={v.validUntil ?? ''}
            onChange={set('validUntil')}
          />
        </>
      )}
      <Field
        path={p('notes')}
        label="Notes"
        kind="textarea"
        error={error}
        value={v.notes ?? ''}
        onChange={set('notes')}
      />
    </ActionForm>
  );
}

/** A `datetime-local` value (the user's local time) as an ISO instant; unparseable text is passed on as is. */
function localToIso(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
}

/** A form that opens on a button and closes after a successful save (the page says what was saved). */
export function Opener({
  label,
  children,
}: {
  label: string;
  children: (close: (message: string) => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const say = useFlash();
  if (!open)
    return (
      <Button type="button" outline className="margin-y-1" onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  return (
    <>
      {children((message) => {
        say(message);
        setOpen(false);
      })}
      <Button type="button" unstyled onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </>
  );
}

/** The languages the person reads, recorded after intake (or corrected), with who gave them. */
export function PersonLanguagesForm({
  c,
  current,
  onDone,
}: {
  c: CaseView;
  current: string[];
  onDone?: (message: string) => void;
}) {
  const prefix = 'person-languages';
  const qc = useQueryClient();
  const [langs, setLangs] = useState<string[]>(current.length ? current : ['']);
  const [source, setSource] = useState('');
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    put<{ languages: string[] }>(`/persons/${c.personId}/languages`, b),
  );
  return (
    <ActionForm
      prefix={prefix}
      title="Record the languages the person reads"
      error={error}
      done={null}
      pending={m.isPending}
      submit="Save the languages"
      onSubmit={() =>
        m.mutate(
          { languages: langs.filter((l) => l), source },
          {
            onSuccess: (r) => {
              void qc.invalidateQueries({ queryKey: ['person', c.personId] });
              onDone?.(`Saved: the person reads ${r.languages.map(languageLabel).join(', ')}.`);
            },
          },
        )
      }
    >
      <p className="usa-hint">
        The one the person reads best first. Documents count as served only in one of these languages, or
        through an interpreter.
      </p>
      {langs.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; the API names them by index
        <div key={i}>
          <SelectField
            path={`${prefix}.languages.${i}`}
            label={`Language ${i + 1}`}
            required={i === 0}
            error={error}
            value={l}
            onChange={(val) => setLangs((o) => o.map((x, j) => (j === i ? val : x)))}
            options={LANGUAGES.map(([code, label]): [string, string] => [code, label])}
          />
          {langs.length > 1 ? (
            <Button type="button" unstyled onClick={() => setLangs((o) => o.filter((_, j) => j !== i))}>
              Remove language {i + 1}
            </Button>
          ) : null}
        </div>
      ))}
      <Button type="button" outline className="margin-top-1" onClick={() => setLangs((o) => [...o, ''])}>
        Add another language
      </Button>
      <Field
        path={`${prefix}.source`}
        label="Who gave this information"
        hint="For example, the person at the interview, or their counsel."
        required
        error={error}
        value={source}
        onChange={setSource}
      />
    </ActionForm>
  );
}

/**
 * How long after a service it may be recorded without a written reason: the policy's setting (72 hours
 * when not set), read once and shared with every form that records a service.
 */
export function useBackdateHours(): number {
  const policy = useQuery({
    queryKey: ['policy'],
    queryFn: () => get<Res<'/policy', 'get'>>('/policy'),
    staleTime: 60_000,
  });
  return policy.data?.current.serviceBackdateHours ?? 72;
}

/** Now as a `datetime-local` value (the user's local time, to the second). */
function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function DisclosureForm({ c, onDone }: { c: CaseView; onDone?: (message: string) => void }) {
  const prefix = 'disclosure';
  const [v, setV] = useState<Record<string, string>>(() => ({ servedAt: localNow() }));
  const [docs, setDocs] = useState<string[]>([]);
  const [restricted, setRestricted] = useState(false);
  const set = (k: string) => (val: string) => setV((o) => ({ ...o, [k]: val }));
  const { m, error } = useCaseAction(c.id, prefix, (b: object) =>
    post<Res<'/cases/{id}/disclosures', 'post'>>(`/cases/${c.id}/disclosures`, b),
  );
  const p = (k: string) => `${prefix}.${k}`;
  const reads = c.personLanguages ?? [];
  const language = v.language ?? '';
  const interpreted = language !== '' && !reads.includes(language);
  const servedAt = v.servedAt ? new Date(v.servedAt) : null;
  const backdateHours = useBackdateHours();
  const backdated =
    (servedAt !== null && Date.now() - servedAt.getTime() > backdateHours * 3_600_000) ||
    fieldError(error, p('backdateReason')) !== undefined;
  const languageOptions: Array<[string, string]> = [
    ...reads.map((code): [string, string] => [code, `${languageLabel(code)} (the person reads it)`]),
    ...LANGUAGES.filter(([code]) => !reads.includes(code)).map(([code, label]): [string, string] => [
      code,
      `${label} (an interpreter is needed)`,
    ]),
  ];
  return (
    <ActionForm
      prefix={prefix}
      title="Record that the person was served with the documentation"
      error={error}
      done={null}
      pending={m.isPending}
      submit="Record the service"
      onSubmit={() =>
        m.mutate(
          {
            servedAt: localToIso(v.servedAt ?? ''),
            method: v.method ?? '',
            recipient: v.recipient ?? '',
            language,
            documentIds: docs,
            restricted,
            restrictionNote: restricted ? v.restrictionNote || null : null,
            ...(interpreted
              ? {
                  interpreterName: v.interpreterName || null,
                  interpreterLanguage: v.interpreterLanguage || null,
                }
              : {}),
            note: v.note || null,
            ...(backdated ? { backdateReason: v.backdateReason || null } : {}),
          },
          {
            onSuccess: (r) =>
              onDone?.(
                `The service is recorded. The person may contest until ${formatDateTime(r.contestDeadline)}.`,
              ),
          },
        )
      }
    >
      <p className="usa-hint">
        A service counts only in a language the person reads
        {reads.length ? ` (${reads.map(languageLabel).join(', ')})` : ' (not recorded for this person)'}, or
        through an interpreter, and only for documents already recorded on the case.
      </p>
      <Field
        path={p('servedAt')}
        label="When the person was served"
        hint="Now, unless the service happened earlier."
        kind="datetime-local"
        required
        error={error}
        value={v.servedAt ?? ''}
        onChange={set('servedAt')}
      />
      {backdated ? (
        <Field
          path={p('backdateReason')}
          label="Why the service is recorded only now"
          hint={`The service happened more than ${backdateHours} hours ago. Say what delayed the record, for example where the signed receipt was.`}
          kind="textarea"
          required
          error={error}
          value={v.backdateReason ?? ''}
          onChange={set('backdateReason')}
        />
      ) : null}
      <Field
        path={p('method')}
        label="How (for example, in person)"
        required
        error={error}
        value={v.method ?? ''}
        onChange={set('method')}
      />
      <Field
        path={p('recipient')}
        label="Who received it (the person or counsel)"
        required
        error={error}
        value={v.recipient ?? ''}
        onChange={set('recipient')}
      />
      <SelectField
        path={p('language')}
        label="Language of the documents served"
        required
        error={error}
        value={language}
        onChange={set('language')}
        options={languageOptions}
      />
      {interpreted ? (
        <Fieldset legend="The interpreter">
          <p className="usa-hint">
            The person does not read {languageLabel(language)}. Record who interpreted the documents and into
            which language the person reads.
          </p>
          <Field
            path={p('interpreterName')}
            label="Name of the interpreter"
            required
            error={error}
            value={v.interpreterName ?? ''}
            onChange={set('interpreterName')}
          />
          <SelectField
            path={p('interpreterLanguage')}
            label="Language the interpreter put the documents into"
            required
            error={error}
            value={v.interpreterLanguage ?? ''}
            onChange={set('interpreterLanguage')}
            options={reads.map((code): [string, string] => [code, languageLabel(code)])}
          />
        </Fieldset>
      ) : null}
      <Fieldset legend="Documents served (at least one)">
        <FieldErrorText error={error} path={p('documentIds')} />
        {c.documents.length === 0 ? (
          <p className="usa-hint">
            No document is recorded on the case yet. Documents must be on the case before they can be served.
          </p>
        ) : null}
        {c.documents.map((d, i) => (
          <div key={d.id}>
            <FieldErrorText
              error={error}
              path={p(`documentIds.${docs.indexOf(d.id) >= 0 ? docs.indexOf(d.id) : i}`)}
            />
            <Checkbox
              id={i === 0 ? fieldId(p('documentIds')) : `${fieldId(p('documentIds'))}-${d.id}`}
              name="documentIds"
              label={`${d.title} (${d.kind}, received ${formatDateTime(d.receivedAt)})`}
              checked={docs.includes(d.id)}
              onChange={(e) =>
                setDocs((o) => (e.target.checked ? [...o, d.id] : o.filter((x) => x !== d.id)))
              }
            />
          </div>
        ))}
      </Fieldset>
      <Checkbox
        id={fieldId(p('restricted'))}
        name="restricted"
        label="Some of the documentation was withheld or redacted"
        checked={restricted}
        onChange={(e) => setRestricted(e.target.checked)}
      />
      {restricted ? (
        <Field
          path={p('restrictionNote')}
          label="What was withheld or redacted, and on what grounds"
          hint="For example, a restriction set by the country that issued the notice. The person's counsel is told that the packet is incomplete."
          kind="textarea"
          required
          error={error}
          value={v.restrictionNote ?? ''}
          onChange={set('restrictionNote')}
        />
      ) : null}
      <Field
        path={p('note')}
        label="Note on the service (optional)"
        hint="What was served, how, and anything the person said. Checked for substance and wording."
        kind="textarea"
        error={error}
        value={v.note ?? ''}
        onChange={set('note')}
      />
    </ActionForm>
  );
}

const GROUND_OPTIONS = Object.entries(CONTEST_GROUND_LABELS) as Array<[string, string]>;

export function ContestForm({ c, onDone }: { c: CaseView; onDone?: (message: string) => void }) {
  const prefix = 'contest';
  const [v, setV] = useState<Record<string, string>>({});
  const [grounds, setGrounds] = useState<Array<{ ground: string; statement: string }>>([
    { ground: '', statement: '' },
  ]);
  const set = (k: string) => (val: string) => setV((o) => ({ ...o, [k]: val }));
  const setGround = (i: number, patch: Partial<{ ground: string; statement: string }>) =>
    setGrounds((gs) => gs.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const { m, error } = useCaseAction(c.id, prefix, (b: object) => post(`/cases/${c.id}/contests`, b));
  const p = (k: string) => `${prefix}.${k}`;
  return (
    <ActionForm
      prefix={prefix}
      title="Record that the person contests the notice"
      error={error}
      done={null}
      pending={m.isPending}
      submit="Record the contest"
      onSubmit={() =>
        m.mutate(
          {
            filedBy: v.filedBy ?? '',
            grounds,
            ccfApplication: v.ccfApplication || null,
            disclosureId: v.disclosureId || null,
            ...(v.filedAt ? { filedAt: localToIso(v.filedAt) } : {}),
          },
          {
            onSuccess: () =>
              onDone?.(
                'The contest is recorded. An agency attorney independent of the case must answer each ground.',
              ),
          },
        )
      }
    >
      <Field
        path={p('filedBy')}
        label="Filed by (the person or counsel)"
        required
        error={error}
        value={v.filedBy ?? ''}
        onChange={set('filedBy')}
      />
      <Fieldset legend="Grounds raised">
        <p className="usa-hint">
          Add one row for each ground the person raises, with what they say about it. The decision must answer
          each one.
        </p>
        <FieldErrorText error={error} path={p('grounds')} />
        {grounds.map((g, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; the API names them by index
          <div key={i} className="border-left-05 border-base-lighter padding-left-2 margin-y-2">
            <SelectField
              path={p(`grounds.${i}.ground`)}
              label={`Ground ${i + 1}`}
              required
              error={error}
              value={g.ground}
              onChange={(val) => setGround(i, { ground: val })}
              options={GROUND_OPTIONS}
            />
            <Field
              path={p(`grounds.${i}.statement`)}
              label={`What the person says on ground ${i + 1}`}
              hint="In their words, or a faithful summary."
              kind="textarea"
              required
              error={error}
              value={g.statement}
              onChange={(val) => setGround(i, { statement: val })}
            />
            {grounds.length > 1 ? (
              <Button type="button" unstyled onClick={() => setGrounds((gs) => gs.filter((_, j) => j !== i))}>
                Remove ground {i + 1}
              </Button>
            ) : null}
          </div>
        ))}
        <Button
          type="button"
          outline
          onClick={() => setGrounds((gs) => [...gs, { ground: '', statement: '' }])}
        >
          Add another ground
        </Button>
      </Fieldset>
      <Field
        path={p('filedAt')}
        label="When the contest was filed"
        hint="Leave empty if it is being filed now."
        kind="datetime-local"
        error={error}
        value={v.filedAt ?? ''}
        onChange={set('filedAt')}
      />
      {c.disclosures.length > 0 ? (
        <SelectField
          path={p('disclosureId')}
          label="The service it answers"
          error={error}
          value={v.disclosureId ?? ''}
          onChange={set('disclosureId')}
          options={c.disclosures.map((d): [string, string] => [
            d.id,
            `Served ${formatDateTime(d.servedAt)} (${d.method}, ${languageLabel(d.language)})`,
          ])}
        />
      ) : null}
      <Field
        path={p('ccfApplication')}
        label="Application to the CCF (reference, if any)"
        error={error}
        value={v.ccfApplication ?? ''}
        onChange={set('ccfApplication')}
      />
    </ActionForm>
  );
}

/**
 * A decision form: the decision, what a decision needs besides (`children`, given the form's error) and the
 * written reason. The contest and exigency decisions are this form with their own options and fields.
 */
function DecisionForm<R>({
  c,
  prefix,
  title,
  url,
  options,
  body,
  reasonField,
  reasonLabel,
  reasonRequired,
  decision,
  setDecision,
  reason,
  setReason,
  said,
  onDone,
  children,
}: {
  c: CaseView;
  prefix: string;
  title: string;
  url: string;
  options: Array<[string, string]>;
  /** The body sent, from the decision and the reason. */
  body: () => object;
  reasonField: string;
  reasonLabel: string;
  reasonRequired: boolean;
  decision: string;
  setDecision: (v: string) => void;
  reason: string;
  setReason: (v: string) => void;
  /** What to say once the decision is recorded. */
  said: (r: R) => string;
  onDone?: (message: string) => void;
  children?: (error: unknown) => ReactNode;
}) {
  const { m, error } = useCaseAction(c.id, prefix, (b: object) => post<R>(url, b));
  return (
    <ActionForm
      prefix={prefix}
      title={title}
      error={error}
      done={null}
      pending={m.isPending}
      submit="Record the decision"
      onSubmit={() => m.mutate(body(), { onSuccess: (r) => onDone?.(said(r)) })}
    >
      <SelectField
        path={`${prefix}.decision`}
        label="Decision"
        required
        error={error}
        value={decision}
        onChange={setDecision}
        options={options}
      />
      {children?.(error)}
      <Field
        path={`${prefix}.${reasonField}`}
        label={reasonLabel}
        kind="textarea"
        required={reasonRequired}
        error={error}
        value={reason}
        onChange={setReason}
      />
    </ActionForm>
  );
}

export function ContestDecisionForm({
  c,
  contestId,
  onDone,
}: {
  c: CaseView;
  contestId: string;
  onDone?: (message: string) => void;
}) {
  const prefix = `decide-${contestId.slice(0, 8)}`;
  const contest = c.contests.find((k) => k.id === contestId);
  const grounds = contest?.grounds ?? [];
  const [decision, setDecision] = useState('');
  const [answers, setAnswers] = useState<string[]>(() => grounds.map(() => ''));
  const [rationale, setRationale] = useState('');
  const withdrawn = decision === 'withdrawn';
  return (
    <DecisionForm
      c={c}
      prefix={prefix}
      title="Decide the contest"
      url={`/contests/${contestId}/decision`}
      options={[
        ['sustained', 'Sustained: the notice may not be relied on'],
        ['not_sustained', 'Not sustained'],
        ['withdrawn', 'Withdrawn by the person'],
      ]}
      body={() => ({
        decision: decision || 'none',
        answers: withdrawn ? [] : answers.map((answer, groundIndex) => ({ groundIndex, answer })),
        rationale: rationale || null,
      })}
      reasonField="rationale"
      reasonLabel={
        withdrawn ? 'How and when the person withdrew the contest' : 'Summary of the decision (optional)'
      }
      reasonRequired={withdrawn}
      decision={decision}
      setDecision={setDecision}
      reason={rationale}
      setReason={setRationale}
      said={() => 'Your decision is recorded. A contest is decided once.'}
      onDone={onDone}
    >
      {(error) =>
        withdrawn ? null : (
          <Fieldset legend="Your answer to each ground">
            <p className="usa-hint">
              For each ground, say what the person said, what the record shows, and why the ground does or
              does not hold. Name the ground or quote the person's words.
            </p>
            {grounds.map((g, i) => (
              <Field
                // biome-ignore lint/suspicious/noArrayIndexKey: answers are positional, by ground
                key={i}
                path={`${prefix}.answers.${i}`}
                label={`Ground ${i + 1}: ${CONTEST_GROUND_LABELS[g.ground] ?? g.ground}`}
                hint={`The person says: “${g.statement}”`}
                kind="textarea"
                required
                error={error}
                value={answers[i] ?? ''}
                onChange={(val) => setAnswers((as) => as.map((x, j) => (j === i ? val : x)))}
              />
            ))}
          </Fieldset>
        )
      }
    </DecisionForm>
  );
}

export function ExigencyRequestForm({ c, onDone }: { c: CaseView; onDone?: (message: string) => void }) {
  const prefix = 'exigency';
  const [v, setV] = useState<Record<string, string>>({});
  const set = (k: string) => (val: string) => setV((o) => ({ ...o, [k]: val }));
  const { m, error } = useCaseAction(c.id, prefix, (b: object) => post(`/cases/${c.id}/exigencies`, b));
  return (
    <ActionForm
      prefix={prefix}
      title="Request reliance before the contest is over (exigency)"
      error={error}
      done={null}
      pending={m.isPending}
      submit="Send to the field office director"
      onSubmit={() =>
        m.mutate(
          { action: v.action ?? '', reason: v.reason ?? '' },
          {
            onSuccess: () => onDone?.('The exigency is recorded. The field office director must decide it.'),
          },
        )
      }
    >
      <p className="usa-hint">
        Only for an emergency. The field office director decides, and oversight sees every exigency on the
        dashboard.
      </p>
      <Field
        path={`${prefix}.action`}
        label="What the reliance is for"
        hint="For example, the removal hearing and its date."
        required
        error={error}
        value={v.action ?? ''}
        onChange={set('action')}
      />
      <Field
        path={`${prefix}.reason`}
        label="Why it cannot wait"
        hint="What harm would follow from waiting until the contest window closes or the contest is decided, and why no other step would do."
        kind="textarea"
        required
        error={error}
        value={v.reason ?? ''}
        onChange={set('reason')}
      />
    </ActionForm>
  );
}

export function ExigencyDecisionForm({
  c,
  exigencyId,
  onDone,
}: {
  c: CaseView;
  exigencyId: string;
  onDone?: (message: string) => void;
}) {
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  return (
    <DecisionForm<{ status: string }>
      c={c}
      prefix={`exigency-${exigencyId.slice(0, 8)}`}
      title="Decide the exigency"
      url={`/exigencies/${exigencyId}/decision`}
      options={[
        ['approved', 'Approved: the notice may be relied on before the contest is over'],
        ['refused', 'Refused: reliance waits for the contest'],
      ]}
      body={() => ({ decision: decision || 'none', reason })}
      reasonField="reason"
      reasonLabel="Reason"
      reasonRequired
      decision={decision}
      setDecision={setDecision}
      reason={reason}
      setReason={setReason}
      said={(r) => `The exigency is ${r.status}.`}
      onDone={onDone}
    />
  );
}

/** Authorize: never hidden. When gates are unmet the server refuses (409) with the gates: shown here. */
export function AuthorizeForm({ c }: { c: CaseView }) {
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, 'authorize', () =>
    post<Res<'/cases/{id}/authorizations', 'post'>>(`/cases/${c.id}/authorizations`, {}),
  );
  const gates =
    error instanceof ApiError && Array.isArray(error.problem.gates)
      ? (error.problem.gates as GateResult[]).filter((g) => g.status === 'unmet')
      : [];
  return (
    <ActionForm
      title="Authorize acting on the notice"
      headingLevel="h3"
      error={error}
      errorHeading="You cannot authorize this case yet"
      done={done}
      pending={m.isPending}
      submit="Authorize"
      onSubmit={() =>
        m.mutate(undefined, {
          onSuccess: (r) =>
            setDone(
              `The case is authorized for this case version (${r.evaluation.caseVersionHash.slice(0, 12)}).`,
            ),
        })
      }
    >
      {gates.length > 0 ? (
        <div className="margin-bottom-2">
          <p className="text-bold">What you must do first:</p>
          <ul>
            {gates.map((g) => (
              <li key={g.gate}>
                <a href={`#gate-${g.gate}`}>{g.title}</a>: {g.reason} {g.nextStep}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        Authorizing records that every safeguard of Directive 15006.1 is met for the case as it stands now. If
        a safeguard is not met, Redline refuses and tells you what is missing.
      </p>
    </ActionForm>
  );
}

export function CloseCaseForm({ c }: { c: CaseView }) {
  const [reason, setReason] = useState('');
  const [withdraw, setWithdraw] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { m, error } = useCaseAction(c.id, 'close', (b: object) => post(`/cases/${c.id}/close`, b));
  return (
    <ActionForm
      prefix="close"
      title="Close the case"
      headingLevel="h3"
      error={error}
      done={done}
      pending={m.isPending}
      submit="Close the case"
      onSubmit={() =>
        m.mutate(
          { reason, withdrawAuthorization: withdraw || undefined },
          {
            onSuccess: () =>
              setDone('The case is closed. Pending requests to INTERPOL Washington were cancelled.'),
          },
        )
      }
    >
      <Field
        path="close.reason"
        label="Reason for closing"
        kind="textarea"
        required
        error={error}
        value={reason}
        onChange={setReason}
      />
      {c.status === 'authorized' ? (
        <Checkbox
          id={fieldId('close.withdrawAuthorization')}
          name="withdrawAuthorization"
          label="Withdraw the active authorization with the same reason"
          checked={withdraw}
          onChange={(e) => setWithdraw(e.target.checked)}
        />
      ) : null}
    </ActionForm>
  );
}
