import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  ButtonGroup,
  Fieldset,
  StepIndicator,
  StepIndicatorStep,
  Textarea,
} from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, type FieldError, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { BASIS_ACTION_LABELS, GROUND_SUPPORTS } from '../case/basis.tsx';
import { fieldId, formatDate, PageHeading } from '../components/common.tsx';
import { BasisFitFields } from '../intake/basis-fit.tsx';
import { countryName } from '../intake/countries.ts';
import {
  applyPrefill,
  CASE_PURPOSES,
  CHECK_STEP,
  CUSTODY_LABELS,
  type CustodyStatus,
  checkStep,
  compact,
  type Draft,
  EVIDENCE_SOURCE_LABELS,
  type EvidenceDraft,
  emptyDraft,
  emptyEvidence,
  emptyWarrant,
  GRANTED,
  NOTICE_PURPOSE_LABELS,
  NOTICE_TYPE_LABELS,
  type NoticePrefill,
  PROTECTION_LABELS,
  PURPOSE_LABELS,
  STEPS,
  stepOf,
  toBody,
  type WarrantDraft,
} from '../intake/draft.ts';
import {
  CountryField,
  type Errors,
  LanguageField,
  ListField,
  RadioField,
  SelectField,
  TextAreaField,
  TextField,
} from '../intake/fields.tsx';
import { IntakeErrorSummary } from '../intake/IntakeErrorSummary.tsx';
import { languageLabel } from '../intake/languages.ts';
import { WordingCheckedText } from '../intake/WordingCheck.tsx';
import { WarrantFields } from '../intake/warrant-fields.tsx';

interface Problem {
  message: string;
  fields: FieldError[];
  rule?: string | undefined;
  ruleExplanation?: string | undefined;
}

/**
 * New case: a guided intake, one step per screen, then "Check your answers" and POST /cases. The draft lives
 * in memory only (it holds personal data).
 */
export default function NewCasePage() {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [focusPath, setFocusPath] = useState<string | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Moving between steps: focus the step heading, or the field an error link points at.
  const shownStep = useRef(step);
  useEffect(() => {
    if (focusPath) {
      const el = document.getElementById(fieldId(focusPath));
      if (el) {
        el.focus();
        el.scrollIntoView({ block: 'center' });
      }
      shownStep.current = step;
      setFocusPath(null);
      return;
    }
    if (shownStep.current !== step) {
      shownStep.current = step;
      stepHeading.current?.focus();
      window.scrollTo(0, 0);
    }
  }, [step, focusPath]);

  const open = useMutation({
    mutationFn: () => post<Res<'/cases', 'post'>>('/cases', toBody(draft)),
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${res.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError)
        setProblem({
          message:
            err.fields.length > 0
              ? 'The case could not be opened. Correct the answers below; each link takes you to the question.'
              : err.message,
          fields: err.fields,
          rule: err.rule,
          ruleExplanation: err.ruleExplanation,
        });
      else setProblem({ message: String(err), fields: [] });
    },
  });

  const go = (to: number) => setStep(to);

  const goToField = (path: string) => {
    setFocusPath(path);
    setStep(stepOf(path));
  };

  const update = (fn: (d: Draft) => Draft) => setDraft((d) => fn(d));

  const onContinue = (e: FormEvent) => {
    e.preventDefault();
    if (step === CHECK_STEP) {
      setProblem(null);
      open.mutate();
      return;
    }
    const fields = checkStep(draft, step);
    if (fields.length) {
      setProblem({ message: 'Answer the questions below before you continue.', fields });
      return;
    }
    setDraft(compact);
    // A server error stays listed until the officer submits again; problems of this step are gone.
    setProblem((p) => {
      if (!p) return null;
      const rest = p.fields.filter((f) => stepOf(f.field) !== step);
      return rest.length ? { ...p, fields: rest } : null;
    });
    go(step + 1);
  };

  const onBack = () => {
    setProblem(null);
    go(step - 1);
  };

  // Errors shown next to the fields of the step on screen.
  const errors: Errors = problem?.fields ?? [];

  return (
    <>
      <PageHeading title="Open a new case" />
      <p className="usa-intro">
        Record the person, the INTERPOL notice, what you intend to do and your independent basis. You can go
        back to any step before you open the case. Nothing is saved until you select “Open the case”.
      </p>
      <StepIndicator
        headingLevel="h2"
        counters="small"
        className="margin-bottom-2"
        headingProps={{ ref: stepHeading, tabIndex: -1 }}
      >
        {STEPS.map((label, i) => (
          <StepIndicatorStep
            key={label}
            label={label}
            status={i < step ? 'complete' : i === step ? 'current' : 'incomplete'}
          />
        ))}
      </StepIndicator>
      {problem ? (
        <IntakeErrorSummary
          key={JSON.stringify(problem)}
          message={problem.message}
          fields={problem.fields}
          rule={problem.rule}
          ruleExplanation={problem.ruleExplanation}
          onGo={goToField}
        />
      ) : null}
      <form className="usa-form usa-form--large maxw-tablet" onSubmit={onContinue} noValidate>
        {step === 0 ? (
          <PersonStep
            draft={draft}
            update={update}
            errors={errors}
            onPrefill={setWarnings}
            warnings={warnings}
          />
        ) : null}
        {step === 1 ? (
          <NoticeStep
            draft={draft}
            update={update}
            errors={errors}
            onPrefill={setWarnings}
            warnings={warnings}
          />
        ) : null}
        {step === 2 ? <PurposeStep draft={draft} update={update} errors={errors} /> : null}
        {step === 3 ? <BasisStep draft={draft} update={update} errors={errors} /> : null}
        {step === 4 ? (
          <WordingCheckedText
            path="narrative"
            label="Narrative"
            hint="Describe the encounter and why the case is opened. Refer to the notice as a Red Notice or diffusion: it is a request from a foreign country, not a warrant."
            value={draft.narrative}
            onChange={(v) => update((d) => ({ ...d, narrative: v }))}
            errors={errors}
          />
        ) : null}
        {step === CHECK_STEP ? <CheckAnswers draft={draft} warnings={warnings} onChange={go} /> : null}
        <ButtonGroup className="margin-top-4">
          {step > 0 ? (
            <Button type="button" outline onClick={onBack}>
              Back
            </Button>
          ) : null}
          <Button type="submit">
            {step === CHECK_STEP ? (open.isPending ? 'Opening the case…' : 'Open the case') : 'Continue'}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

interface StepProps {
  draft: Draft;
  update: (fn: (d: Draft) => Draft) => void;
  errors: Errors;
}

// ---------------------------------------------------------------------------------------------------------
// Step 1: the person
// ---------------------------------------------------------------------------------------------------------

function PersonStep({
  draft,
  update,
  errors,
  onPrefill,
  warnings,
}: StepProps & { onPrefill: (w: string[]) => void; warnings: string[] }) {
  const p = draft.person;
  const set = (patch: Partial<Draft['person']>) =>
    update((d) => ({ ...d, person: { ...d.person, ...patch } }));
  const setProt = (patch: Partial<Draft['person']['protection']>) =>
    set({ protection: { ...p.protection, ...patch } });
  const granted = p.protection.status !== '' && GRANTED.includes(p.protection.status);
  return (
    <>
      <PastePublicNotice update={update} onPrefill={onPrefill} warnings={warnings} />
      <TextField
        path="person.familyName"
        label="Family name"
        required
        value={p.familyName}
        onChange={(v) => set({ familyName: v })}
        errors={errors}
      />
      <TextField
        path="person.givenNames"
        label="Given names"
        value={p.givenNames}
        onChange={(v) => set({ givenNames: v })}
        errors={errors}
      />
      <ListField
        path="person.aliases"
        legend="Aliases and other spellings"
        itemLabel="Alias"
        values={p.aliases}
        onChange={(v) => set({ aliases: v })}
        errors={errors}
      />
      <ListField
        path="person.datesOfBirth"
        legend="Dates of birth"
        itemLabel="Date of birth"
        hint="Record every date of birth the records give."
        values={p.datesOfBirth}
        onChange={(v) => set({ datesOfBirth: v })}
        errors={errors}
        render={(f) => <TextField {...f} type="date" errors={errors} />}
      />
      <TextField
        path="person.sex"
        label="Sex"
        value={p.sex}
        onChange={(v) => set({ sex: v })}
        errors={errors}
      />
      <TextField
        path="person.placeOfBirth"
        label="Place of birth"
        value={p.placeOfBirth}
        onChange={(v) => set({ placeOfBirth: v })}
        errors={errors}
      />
      <ListField
        path="person.nationalities"
        legend="Nationalities"
        itemLabel="Nationality"
        values={p.nationalities}
        onChange={(v) => set({ nationalities: v })}
        errors={errors}
        render={(f) => <CountryField {...f} errors={errors} />}
      />
      <TextField
        path="person.aNumber"
        label="A-number"
        hint="8 or 9 digits, for example A012345678. Leave blank if the person has none."
        value={p.aNumber}
        inputMode="numeric"
        onChange={(v) => set({ aNumber: v })}
        errors={errors}
      />
      <ListField
        path="person.languages"
        legend="Languages the person reads (required)"
        itemLabel="Language"
        hint="Ask the person or their counsel which languages they can read, the one they read best first. Documents must later be served in one of these languages, or with an interpreter, so that the person can contest the notice."
        values={p.languages}
        onChange={(v) => set({ languages: v })}
        errors={errors}
        render={(f) => <LanguageField {...f} errors={errors} />}
      />
      <Fieldset legend="Protection status" className="margin-top-3">
        <div className="usa-hint">
          A person who claimed asylum or holds refugee status may be the target of an abusive notice. Record
          what you know; screening takes it into account.
        </div>
        <SelectField
          path="person.protectionStatus.status"
          label="What is known"
          value={p.protection.status}
          placeholder="- Not known yet -"
          options={Object.entries(PROTECTION_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(v) => setProt({ status: v as Draft['person']['protection']['status'] })}
          errors={errors}
        />
        {p.protection.status && p.protection.status !== 'none' && p.protection.status !== 'naturalised' ? (
          <TextField
            path="person.protectionStatus.asylumClaimedOn"
            label="Date asylum was claimed"
            type="date"
            value={p.protection.asylumClaimedOn}
            onChange={(v) => setProt({ asylumClaimedOn: v })}
            errors={errors}
          />
        ) : null}
        {granted || p.protection.status === 'naturalised' ? (
          <CountryField
            path="person.protectionStatus.grantingCountry"
            label={
              p.protection.status === 'naturalised' ? 'Country of naturalisation' : 'Country that granted it'
            }
            value={p.protection.grantingCountry}
            onChange={(v) => setProt({ grantingCountry: v })}
            errors={errors}
          />
        ) : null}
        {granted ? (
          <>
            <CountryField
              path="person.protectionStatus.inRespectOfCountry"
              label="Country the person is protected from"
              value={p.protection.inRespectOfCountry}
              onChange={(v) => setProt({ inRespectOfCountry: v })}
              errors={errors}
            />
            <TextField
              path="person.protectionStatus.grantedOn"
              label="Date it was granted"
              type="date"
              value={p.protection.grantedOn}
              onChange={(v) => setProt({ grantedOn: v })}
              errors={errors}
            />
          </>
        ) : null}
      </Fieldset>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// "Paste INTERPOL public notice JSON"
// ---------------------------------------------------------------------------------------------------------

function PastePublicNotice({
  update,
  onPrefill,
  warnings,
}: {
  update: StepProps['update'];
  onPrefill: (w: string[]) => void;
  warnings: string[];
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<{ message: string; fields: FieldError[] } | null>(null);
  const [done, setDone] = useState(false);
  const extract = useMutation({
    mutationFn: (body: unknown) => post<NoticePrefill>('/notices/interpol-extract', body),
    onSuccess: (prefill) => {
      update((d) => applyPrefill(d, prefill));
      onPrefill(prefill.warnings);
      setError(null);
      setDone(true);
    },
    onError: (err) =>
      setError({
        message:
          err instanceof ApiError && err.fields.length
            ? 'This does not look like an INTERPOL public Red Notice. Check these parts of it:'
            : err.message,
        fields: err instanceof ApiError ? err.fields : [],
      }),
  });
  const fill = () => {
    setDone(false);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      setError({ message: 'This is not valid JSON. Paste the whole notice, from { to }.', fields: [] });
      return;
    }
    extract.mutate(body);
  };
  const id = 'f-interpol-public-json';
  return (
    <section className="bg-base-lightest padding-2 margin-y-2" aria-labelledby="paste-heading">
      <h3 id="paste-heading" className="margin-top-0 font-heading-md">
        Paste INTERPOL public notice JSON
      </h3>
      <p>
        If the notice is published on INTERPOL’s public website, paste its JSON (the detail format) here to
        fill in the person and the notice. You can change anything it fills in.
      </p>
      <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
        <label className="usa-label" htmlFor={id}>
          INTERPOL public notice JSON
        </label>
        {error ? (
          <div className="usa-error-message" id={`${id}-error`} role="alert">
            {error.message}
            {error.fields.length ? (
              <ul>
                {error.fields.map((f) => (
                  <li key={f.field}>
                    {f.field.replace(/^body\.?/, '') || 'the notice'}: {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <Textarea
          id={id}
          name={id}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="font-mono-xs"
          error={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <Button type="button" secondary className="margin-top-1" onClick={fill}>
        {extract.isPending ? 'Reading the notice…' : 'Fill in from this notice'}
      </Button>
      {done ? (
        <p role="status" className="text-bold">
          The person and the notice were filled in from the public notice. Check each answer.
        </p>
      ) : null}
      <PrefillWarnings warnings={warnings} />
    </section>
  );
}

function PrefillWarnings({ warnings }: { warnings: string[] }) {
  if (!warnings.length) return null;
  return (
    <Alert
      type="warning"
      headingLevel="h3"
      heading="Still to confirm through INTERPOL Washington"
      slim={false}
    >
      <ul className="margin-bottom-0">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </Alert>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Step 2: the notice
// ---------------------------------------------------------------------------------------------------------

function NoticeStep({
  draft,
  update,
  errors,
  onPrefill,
  warnings,
}: StepProps & { onPrefill: (w: string[]) => void; warnings: string[] }) {
  const n = draft.notice;
  const set = (patch: Partial<Draft['notice']>) =>
    update((d) => ({ ...d, notice: { ...d.notice, ...patch } }));
  const setWarrant = (i: number, patch: Partial<WarrantDraft>) =>
    set({ warrants: n.warrants.map((w, j) => (j === i ? { ...w, ...patch } : w)) });
  return (
    <>
      <PastePublicNotice update={update} onPrefill={onPrefill} warnings={warnings} />
      <RadioField
        path="notice.type"
        label="Type of notice"
        required
        value={n.type}
        options={Object.entries(NOTICE_TYPE_LABELS).map(([value, label]) => ({
          value: value as keyof typeof NOTICE_TYPE_LABELS,
          label,
        }))}
        onChange={(v) => set({ type: v })}
        errors={errors}
      />
      <TextField
        path="notice.interpolRef"
        label="INTERPOL reference"
        hint="The year, a slash and the number, for example 2023/12345."
        required
        value={n.interpolRef}
        onChange={(v) => set({ interpolRef: v })}
        errors={errors}
      />
      <CountryField
        path="notice.issuingCountry"
        label="Issuing country"
        required
        value={n.issuingCountry}
        onChange={(v) => set({ issuingCountry: v })}
        errors={errors}
      />
      <TextField
        path="notice.requestingAuthority"
        label="Requesting authority"
        value={n.requestingAuthority}
        onChange={(v) => set({ requestingAuthority: v })}
        errors={errors}
      />
      <TextField
        path="notice.issuedOn"
        label="Issue date"
        type="date"
        value={n.issuedOn}
        onChange={(v) => set({ issuedOn: v })}
        errors={errors}
      />
      <TextField
        path="notice.expiresOn"
        label="Expiry date"
        type="date"
        hint="You must still confirm through INTERPOL Washington that the notice is valid and unexpired."
        value={n.expiresOn}
        onChange={(v) => set({ expiresOn: v })}
        errors={errors}
      />
      <RadioField
        path="notice.purpose"
        label="What the notice is for"
        value={n.purpose}
        options={Object.entries(NOTICE_PURPOSE_LABELS).map(([value, label]) => ({
          value: value as keyof typeof NOTICE_PURPOSE_LABELS,
          label,
        }))}
        onChange={(v) => set({ purpose: v })}
        errors={errors}
      />
      {n.warrants.map((w, i) => (
        <WarrantFields
          // biome-ignore lint/suspicious/noArrayIndexKey: warrants are positional; the API names them by index
          key={i}
          index={i}
          warrant={w}
          errors={errors}
          onChange={(patch) => setWarrant(i, patch)}
          onRemove={
            n.warrants.length > 1 ? () => set({ warrants: n.warrants.filter((_, j) => j !== i) }) : null
          }
        />
      ))}
      <Button type="button" outline onClick={() => set({ warrants: [...n.warrants, emptyWarrant()] })}>
        Add another warrant or judgment
      </Button>
      <WordingCheckedText
        path="notice.summaryOfFacts"
        label="Summary of facts"
        hint="As the requesting country gives it."
        value={n.summaryOfFacts}
        onChange={(v) => set({ summaryOfFacts: v })}
        errors={errors}
      />
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Step 3: purpose
// ---------------------------------------------------------------------------------------------------------

function PurposeStep({ draft, update, errors }: StepProps) {
  return (
    <>
      <RadioField
        path="purpose"
        label="What do you intend to do?"
        hint="The directive sets different conditions for each. You cannot rely on the notice alone for either."
        required
        value={draft.purpose}
        options={CASE_PURPOSES.map((value) => ({ value, label: PURPOSE_LABELS[value] }))}
        onChange={(v) => update((d) => ({ ...d, purpose: v }))}
        errors={errors}
      />
      <SelectField
        path="custodyStatus"
        label="Custody"
        value={draft.custodyStatus}
        placeholder="- Not recorded -"
        options={Object.entries(CUSTODY_LABELS).map(([value, label]) => ({ value, label }))}
        onChange={(v) => update((d) => ({ ...d, custodyStatus: v as '' | CustodyStatus }))}
        errors={errors}
      />
      <RadioField
        path="inProceedings"
        label="Is the person already in immigration proceedings?"
        value={draft.inProceedings}
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        onChange={(v) => update((d) => ({ ...d, inProceedings: v }))}
        errors={errors}
      />
      <TextField
        path="encounterAt"
        label="When you met the person"
        hint="Your local date and time. Leave empty if the case is opened before any encounter."
        type="datetime-local"
        value={draft.encounterAt}
        onChange={(v) => update((d) => ({ ...d, encounterAt: v }))}
        errors={errors}
      />
      <TextField
        path="encounterLocation"
        label="Where you met the person"
        hint="For example, the port of entry or the field office."
        value={draft.encounterLocation}
        onChange={(v) => update((d) => ({ ...d, encounterLocation: v }))}
        errors={errors}
      />
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Step 4: independent basis
// ---------------------------------------------------------------------------------------------------------

function BasisStep({ draft, update, errors }: StepProps) {
  const b = draft.basis;
  const set = (patch: Partial<Draft['basis']>) => update((d) => ({ ...d, basis: { ...d.basis, ...patch } }));
  const setItem = (i: number, patch: Partial<EvidenceDraft>) =>
    set({ evidence: b.evidence.map((e, j) => (j === i ? { ...e, ...patch } : e)) });
  return (
    <>
      <Alert type="info" headingLevel="h3" heading="The notice alone is not enough" slim={false}>
        You need a basis that does not come from INTERPOL: your own records, a witness, documents or a foreign
        government approached directly. Anything that comes from INTERPOL does not count.
      </Alert>
      <WordingCheckedText
        path="independentBasis.summary"
        label="Summary of the independent basis"
        value={b.summary}
        onChange={(v) => set({ summary: v })}
        errors={errors}
      />
      <BasisFitFields draft={draft} set={set} errors={errors} />
      {b.evidence.map((e, i) => {
        const p = `independentBasis.evidence.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: evidence items are positional; the API names them by index
          <Fieldset key={i} legend={`Evidence item ${i + 1}`} legendStyle="large" className="margin-top-4">
            <TextAreaField
              path={`${p}.description`}
              label="What it shows"
              value={e.description}
              onChange={(v) => setItem(i, { description: v })}
              errors={errors}
            />
            <SelectField
              path={`${p}.sourceType`}
              label="Kind of source"
              value={e.sourceType}
              options={Object.entries(EVIDENCE_SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
              onChange={(v) => setItem(i, { sourceType: v as EvidenceDraft['sourceType'] })}
              errors={errors}
            />
            <TextField
              path={`${p}.source`}
              label="Source"
              hint="For example the record system or the agency."
              value={e.source}
              onChange={(v) => setItem(i, { source: v })}
              errors={errors}
            />
            <TextField
              path={`${p}.reference`}
              label="Reference"
              value={e.reference}
              onChange={(v) => setItem(i, { reference: v })}
              errors={errors}
            />
            <TextField
              path={`${p}.obtainedOn`}
              label="Date obtained"
              type="date"
              value={e.obtainedOn}
              onChange={(v) => setItem(i, { obtainedOn: v })}
              errors={errors}
            />
            {b.evidence.length > 1 ? (
              <Button
                type="button"
                unstyled
                className="margin-top-2"
                onClick={() => set({ evidence: b.evidence.filter((_, j) => j !== i) })}
              >
                Remove evidence item {i + 1}
              </Button>
            ) : null}
          </Fieldset>
        );
      })}
      <Button
        type="button"
        outline
        className="margin-top-2"
        onClick={() => set({ evidence: [...b.evidence, emptyEvidence()] })}
      >
        Add another evidence item
      </Button>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Check your answers
// ---------------------------------------------------------------------------------------------------------

const joined = (xs: string[], f: (x: string) => string = (x) => x) =>
  xs
    .filter((x) => x.trim())
    .map(f)
    .join(', ') || 'Not recorded';
const or = (s: string) => s.trim() || 'Not recorded';

function CheckAnswers({
  draft: d,
  warnings,
  onChange,
}: {
  draft: Draft;
  warnings: string[];
  onChange: (step: number) => void;
}) {
  const section = (title: string, step: number, rows: Array<[string, string]>) => (
    <section className="margin-bottom-4" aria-labelledby={`check-${step}`}>
      <div className="display-flex flex-justify flex-align-baseline border-bottom-1px border-base-lighter">
        <h3 id={`check-${step}`} className="margin-bottom-1">
          {title}
        </h3>
        <Button type="button" unstyled onClick={() => onChange(step)}>
          Change<span className="usa-sr-only"> {title.toLowerCase()}</span>
        </Button>
      </div>
      <dl className="margin-top-1">
        {rows.map(([k, v]) => (
          <div key={k} className="margin-bottom-1">
            <dt className="text-bold">{k}</dt>
            <dd className="margin-left-0" style={{ whiteSpace: 'pre-wrap' }}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
  const pr = d.person.protection;
  const prot = pr.status
    ? [
        PROTECTION_LABELS[pr.status],
        pr.asylumClaimedOn ? `claimed ${formatDate(pr.asylumClaimedOn)}` : '',
        pr.grantingCountry ? `by ${countryName(pr.grantingCountry)}` : '',
        pr.inRespectOfCountry ? `protected from ${countryName(pr.inRespectOfCountry)}` : '',
        pr.grantedOn ? `granted ${formatDate(pr.grantedOn)}` : '',
      ]
        .filter(Boolean)
        .join(', ')
    : 'Not known yet';
  const warrants = d.notice.warrants.filter((w) => w.charge.trim());
  const evidence = d.basis.evidence.filter((e) => e.description.trim());
  return (
    <>
      <p>Check your answers before you open the case. Select “Change” to correct a section.</p>
      <PrefillWarnings warnings={warnings} />
      {section('The person', 0, [
        [
          'Name',
          `${or(d.person.familyName)}${d.person.givenNames.trim() ? `, ${d.person.givenNames.trim()}` : ''}`,
        ],
        ['Aliases', joined(d.person.aliases)],
        ['Dates of birth', joined(d.person.datesOfBirth, formatDate)],
        ['Nationalities', joined(d.person.nationalities, countryName)],
        ['A-number', or(d.person.aNumber)],
        ['Languages the person reads', joined(d.person.languages.map(languageLabel))],
        ['Protection status', prot],
      ])}
      {section('The notice', 1, [
        ['Type', d.notice.type ? NOTICE_TYPE_LABELS[d.notice.type] : 'Not recorded'],
        ['INTERPOL reference', or(d.notice.interpolRef)],
        ['Issuing country', d.notice.issuingCountry ? countryName(d.notice.issuingCountry) : 'Not recorded'],
        ['Requesting authority', or(d.notice.requestingAuthority)],
        ['Issued', d.notice.issuedOn ? formatDate(d.notice.issuedOn) : 'Not recorded'],
        ['Expires', d.notice.expiresOn ? formatDate(d.notice.expiresOn) : 'Not recorded'],
        ['Purpose', d.notice.purpose ? NOTICE_PURPOSE_LABELS[d.notice.purpose] : 'Not recorded'],
        [
          'Warrants and judgments',
          warrants.length
            ? warrants
                .map(
                  (w, i) =>
                    `${i + 1}. ${w.kind === 'judgment' ? 'Judgment' : 'Arrest warrant'}: ${w.charge.trim()}`,
                )
                .join('\n')
            : 'None recorded',
        ],
        ['Summary of facts', or(d.notice.summaryOfFacts)],
      ])}
      {section('Purpose', 2, [
        ['What you intend to do', d.purpose ? PURPOSE_LABELS[d.purpose] : 'Not recorded'],
        ['Custody', d.custodyStatus ? CUSTODY_LABELS[d.custodyStatus] : 'Not recorded'],
        [
          'Already in immigration proceedings',
          d.inProceedings === '' ? 'Not recorded' : d.inProceedings === 'yes' ? 'Yes' : 'No',
        ],
        [
          'Encounter',
          d.encounterAt || d.encounterLocation.trim()
            ? [d.encounterAt ? new Date(d.encounterAt).toLocaleString() : '', d.encounterLocation.trim()]
                .filter(Boolean)
                .join(', ')
            : 'Not recorded',
        ],
      ])}
      {section('Independent basis', 3, [
        ['Summary', or(d.basis.summary)],
        [
          'Supports',
          d.basis.actions.length
            ? d.basis.actions.map((a) => BASIS_ACTION_LABELS[a]).join('; ')
            : 'Not recorded',
        ],
        [
          'Kind of ground',
          d.basis.grounds.length
            ? d.basis.grounds.map((g) => GROUND_SUPPORTS[g].label).join('; ')
            : 'Not recorded',
        ],
        ['Legal authority', or(d.basis.legalAuthority)],
        [
          'Evidence',
          evidence.length
            ? evidence
                .map(
                  (e, i) =>
                    `${i + 1}. ${e.description.trim()}${e.sourceType ? ` (${EVIDENCE_SOURCE_LABELS[e.sourceType]}${e.source.trim() ? `: ${e.source.trim()}` : ''})` : ''}`,
                )
                .join('\n')
            : 'None recorded. You can add evidence later, but the case cannot go ahead without it.',
        ],
      ])}
      {section('Narrative', 4, [['Narrative', or(d.narrative)]])}
    </>
  );
}
