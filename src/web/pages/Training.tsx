// Training registry: who holds current annual INTERPOL notices training (Directive D3), who is about to
// lapse, and — for training coordinators — recording one completion or importing a CSV file.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, FormGroup, Label, Select, Tag, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Field, Pager, pageOf, ScrollTable } from '../admin/shared.tsx';
import { ApiError, get, post } from '../api/client.ts';
import { type Body, type Item, type Res, ROLE_LABELS, type Role, type UserName } from '../api/types.ts';
import {
  ErrorSummary,
  FieldErrorText,
  fieldError,
  fieldId,
  formatDate,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

type TrainingList = Res<'/training', 'get'>;
type TrainingRow = Item<TrainingList['items']>;

type Standing = 'current' | 'expiring' | 'expired' | 'none';
const SOON_DAYS = 30;
const PAGE_SIZE = 20;

function standingOf(r: TrainingRow, now: number): Standing {
  if (!r.completedAt || !r.expiresAt) return 'none';
  if (!r.current) return 'expired';
  return new Date(r.expiresAt).getTime() - now <= SOON_DAYS * 86_400_000 ? 'expiring' : 'current';
}

const STANDING_LABEL: Record<Standing, string> = {
  current: 'Current',
  expiring: 'Expires within 30 days',
  expired: 'Expired',
  none: 'No training recorded',
};

function StandingTag({ s }: { s: Standing }) {
  if (s === 'current') return <Tag className="bg-green">Current</Tag>;
  if (s === 'expiring') return <Tag className="bg-gold text-ink">{STANDING_LABEL.expiring}</Tag>;
  if (s === 'expired') return <Tag className="bg-secondary-dark">Expired</Tag>;
  return <Tag className="bg-base-dark">No training recorded</Tag>;
}

const roleLabel = (r: string) => ROLE_LABELS[r as Role] ?? r;

export default function TrainingPage() {
  const { hasRole } = useSession();
  const canRecord = hasRole('training_coordinator');
  const training = useQuery({
    queryKey: ['training'],
    queryFn: () => get<TrainingList>('/training'),
  });
  const names = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => get<Res<'/users/names', 'get'>>('/users/names'),
  });
  const nameOf = useMemo(() => {
    const m = new Map<string, UserName>();
    for (const u of names.data?.items ?? []) m.set(u.id, u);
    return m;
  }, [names.data]);

  return (
    <>
      <PageHeading title="Training" />
      <p className="usa-intro">
        Directive 15006.1 requires everyone who opens, reviews or approves a case to hold current annual
        INTERPOL notices training. Redline refuses those actions when a person’s training has expired.
      </p>
      {training.isPending ? <Loading what="training records" /> : null}
      {training.error ? <LoadError error={training.error} /> : null}
      {training.data ? <Registry rows={training.data.items} nameOf={nameOf} /> : null}
      {canRecord ? (
        <>
          <RecordForm rows={training.data?.items ?? []} nameOf={nameOf} />
          <ImportForm />
        </>
      ) : (
        <Alert type="info" headingLevel="h2" heading="Recording training" slim={false}>
          Only training coordinators record training completions or import training files. You can read the
          registry. If a record is missing or wrong, ask your training coordinator.
        </Alert>
      )}
    </>
  );
}

function Registry({ rows, nameOf }: { rows: TrainingRow[]; nameOf: Map<string, UserName> }) {
  const [now] = useState(() => Date.now());
  const [standing, setStanding] = useState<'' | Standing>('');
  const [role, setRole] = useState('');
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);

  const withStanding = rows.map((r) => ({ ...r, standing: standingOf(r, now) }));
  const counts = { current: 0, expiring: 0, expired: 0, none: 0 } as Record<Standing, number>;
  for (const r of withStanding) counts[r.standing]++;
  const q = text.trim().toLowerCase();
  const filtered = withStanding
    .filter((r) => !standing || r.standing === standing)
    .filter((r) => !role || r.role === role)
    .filter(
      (r) =>
        !q ||
        r.username.toLowerCase().includes(q) ||
        (nameOf.get(r.userId)?.displayName.toLowerCase().includes(q) ?? false),
    );
  const safePage = Math.min(page, Math.max(0, Math.ceil(filtered.length / PAGE_SIZE) - 1));
  const shown = pageOf(filtered, safePage, PAGE_SIZE);
  const roles = [...new Set(rows.map((r) => r.role))].sort();

  return (
    <section aria-labelledby="registry-heading">
      <h2 id="registry-heading">Who holds current training</h2>
      <ul className="usa-list">
        <li>
          <strong>{counts.current}</strong> current
        </li>
        <li className={counts.expiring ? 'rl-overdue' : undefined}>
          <strong>{counts.expiring}</strong> expire within {SOON_DAYS} days — record their new training soon
        </li>
        <li>
          <strong>{counts.expired}</strong> expired — these people cannot open, review or approve cases
        </li>
        <li>
          <strong>{counts.none}</strong> have no training recorded
        </li>
      </ul>
      <Form
        onSubmit={(e) => e.preventDefault()}
        className="maxw-full"
        aria-label="Filter the training registry"
      >
        <div className="grid-row grid-gap">
          <FormGroup className="grid-col-12 tablet:grid-col-4">
            <Label htmlFor="training-filter-standing">Standing</Label>
            <Select
              id="training-filter-standing"
              name="standing"
              value={standing}
              onChange={(e) => {
                setStanding(e.target.value as Standing | '');
                setPage(0);
              }}
            >
              <option value="">Everyone</option>
              {(Object.keys(STANDING_LABEL) as Standing[]).map((s) => (
                <option key={s} value={s}>
                  {STANDING_LABEL[s]}
                </option>
              ))}
            </Select>
          </FormGroup>
          <FormGroup className="grid-col-12 tablet:grid-col-4">
            <Label htmlFor="training-filter-role">Role</Label>
            <Select
              id="training-filter-role"
              name="role"
              value={role}
              onChange={(e) => {
                setRole(e.target.value);
                setPage(0);
              }}
            >
              <option value="">All roles</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </Select>
          </FormGroup>
          <FormGroup className="grid-col-12 tablet:grid-col-4">
            <Label htmlFor="training-filter-text">Name or username contains</Label>
            <TextInput
              id="training-filter-text"
              name="text"
              type="text"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPage(0);
              }}
            />
          </FormGroup>
        </div>
      </Form>
      <ScrollTable label="Training registry" caption="Latest training of each person, with its expiry">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Completed</th>
            <th scope="col">Expires</th>
            <th scope="col">Standing</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.userId} className={r.standing === 'expiring' ? 'rl-overdue' : undefined}>
              <th scope="row">
                {nameOf.get(r.userId)?.displayName ?? r.username}
                <div className="font-body-2xs text-normal">{r.username}</div>
              </th>
              <td>{roleLabel(r.role)}</td>
              <td>{formatDate(r.completedAt)}</td>
              <td>{formatDate(r.expiresAt)}</td>
              <td>
                <StandingTag s={r.standing} />
              </td>
            </tr>
          ))}
          {shown.length === 0 ? (
            <tr>
              <td colSpan={5}>No one matches these filters.</td>
            </tr>
          ) : null}
        </tbody>
      </ScrollTable>
      <Pager page={safePage} pageSize={PAGE_SIZE} total={filtered.length} onPage={setPage} what="people" />
    </section>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function RecordForm({ rows, nameOf }: { rows: TrainingRow[]; nameOf: Map<string, UserName> }) {
  const qc = useQueryClient();
  const [userId, setUserId] = useState('');
  const [course, setCourse] = useState('INTERPOL notices annual training');
  const [completedOn, setCompletedOn] = useState(today());
  const [certificateRef, setCertificateRef] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: async () => {
      const errors = [];
      if (!userId) errors.push({ field: 'userId', message: 'Choose the person who completed the training.' });
      if (!course.trim()) errors.push({ field: 'course', message: 'Enter the name of the course.' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(completedOn))
        errors.push({ field: 'completedOn', message: 'Enter the date in the form YYYY-MM-DD.' });
      if (errors.length)
        throw new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'The training record could not be saved.',
          errors,
        });
      return post<Res<'/training', 'post'>>('/training', {
        userId,
        course: course.trim(),
        completedOn,
        certificateRef: certificateRef.trim() || null,
      } satisfies Body<'/training', 'post'>);
    },
    onSuccess: () => {
      const who = rows.find((r) => r.userId === userId);
      setDone(
        `Training recorded for ${nameOf.get(userId)?.displayName ?? who?.username ?? 'the person'}, completed ${formatDate(completedOn)}.`,
      );
      setUserId('');
      setCertificateRef('');
      void qc.invalidateQueries({ queryKey: ['training'] });
    },
    onMutate: () => setDone(null),
  });
  // The service names the date field completedAt; the form edits completedOn.
  const dateError = fieldError(m.error, 'completedOn') ?? fieldError(m.error, 'completedAt');
  const error =
    m.error instanceof ApiError
      ? new ApiError({
          ...m.error.problem,
          errors: m.error.fields.map((f) => ({
            field: f.field.replace(/completedAt$/, 'completedOn'),
            message: f.message,
          })),
        })
      : m.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const people = [...rows].sort((a, b) =>
    (nameOf.get(a.userId)?.displayName ?? a.username).localeCompare(
      nameOf.get(b.userId)?.displayName ?? b.username,
    ),
  );
  return (
    <section aria-labelledby="record-heading" className="margin-top-4">
      <h2 id="record-heading">Record a completion</h2>
      <p>
        Record one person’s completed training. Their training then counts as current for the validity period
        in the policy settings.
      </p>
      <ErrorSummary error={error} heading="The training record could not be saved" />
      {done ? (
        <Alert type="success" headingLevel="h3" heading="Training recorded" slim={false} role="status">
          {done}
        </Alert>
      ) : null}
      <Form onSubmit={submit} className="maxw-tablet" noValidate>
        <FormGroup error={!!fieldError(error, 'userId')}>
          <Label htmlFor={fieldId('userId')} requiredMarker>
            Person
          </Label>
          <FieldErrorText error={error} path="userId" />
          <Select
            id={fieldId('userId')}
            name="userId"
            value={userId}
            required
            onChange={(e) => setUserId(e.target.value)}
          >
            <option value="">- Choose a person -</option>
            {people.map((r) => (
              <option key={r.userId} value={r.userId}>
                {nameOf.get(r.userId)?.displayName ?? r.username} ({r.username})
              </option>
            ))}
          </Select>
        </FormGroup>
        <Field path="course" label="Course" required error={error} value={course} onChange={setCourse} />
        <Field
          path="completedOn"
          label="Date completed"
          hint="For example 2026-03-15. The date cannot be in the future."
          required
          error={dateError ? error : undefined}
          value={completedOn}
          onChange={setCompletedOn}
        />
        <Field
          path="certificateRef"
          label="Certificate reference (optional)"
          error={error}
          value={certificateRef}
          onChange={setCertificateRef}
        />
        <Button type="submit">{m.isPending ? 'Saving…' : 'Record training'}</Button>
      </Form>
    </section>
  );
}

interface ImportProblem {
  line: number | null;
  column: string | null;
  message: string;
}

function importProblems(err: unknown): ImportProblem[] {
  if (!(err instanceof ApiError)) return [];
  return err.fields.map((f) => {
    const m = /^(?:body\.)?line (\d+)\.(.+)$/.exec(f.field);
    if (m) return { line: Number(m[1]), column: m[2] ?? null, message: f.message };
    return { line: null, column: null, message: `${f.field === 'file' ? 'The file' : f.field} ${f.message}` };
  });
}

function ImportForm() {
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<{ imported: number; rows: number } | null>(null);
  const m = useMutation({
    mutationFn: async () => {
      const file = fileRef.current?.files?.[0];
      if (!file)
        throw new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'Choose a CSV file to import.',
        });
      const csv = await file.text();
      if (!csv.trim())
        throw new ApiError({ status: 422, code: 'invalid_input', detail: 'The file you chose is empty.' });
      return post<Res<'/training/import', 'post'>>('/training/import', { csv });
    },
    onMutate: () => setResult(null),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['training'] });
    },
  });
  const problems = importProblems(m.error);
  const inputId = 'f-training-file';
  return (
    <section aria-labelledby="import-heading" className="margin-top-4">
      <h2 id="import-heading">Import a training file</h2>
      <p>
        Import many completions at once from a CSV file. The first line must be the header{' '}
        <code>username,course,completed_on</code>, optionally followed by <code>,certificate</code>. Dates are
        in the form YYYY-MM-DD. The import is all or nothing: if any row has a problem, nothing is imported
        and you see every problem by line and column, so you can correct the file and import it again.
      </p>
      {m.error ? <ImportErrorSummary error={m.error} problems={problems} inputId={inputId} /> : null}
      {result ? (
        <Alert type="success" headingLevel="h3" heading="File imported" slim={false} role="status">
          Imported {result.imported} {result.imported === 1 ? 'row' : 'rows'} from {fileName ?? 'the file'}.
        </Alert>
      ) : null}
      <Form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
        className="maxw-tablet"
      >
        <FormGroup error={!!m.error}>
          <Label htmlFor={inputId} requiredMarker>
            CSV file
          </Label>
          <div className="usa-hint" id={`${inputId}-hint`}>
            A .csv file with the header username,course,completed_on.
          </div>
          <input
            ref={fileRef}
            id={inputId}
            name="file"
            type="file"
            accept=".csv,text/csv,text/plain"
            className="usa-input padding-1 height-auto"
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => {
              setFileName(e.target.files?.[0]?.name ?? null);
              setResult(null);
              m.reset();
            }}
          />
        </FormGroup>
        <Button type="submit">{m.isPending ? 'Importing…' : 'Import file'}</Button>
      </Form>
    </section>
  );
}

function ImportErrorSummary({
  error,
  problems,
  inputId,
}: {
  error: unknown;
  problems: ImportProblem[];
  inputId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  return (
    <div ref={ref} tabIndex={-1} className="margin-y-2">
      <Alert type="error" headingLevel="h3" heading="The file was not imported" slim={false}>
        <p className="margin-top-0">{error instanceof Error ? error.message : String(error)}</p>
        {problems.length ? (
          <ul>
            {problems.map((p) => (
              <li key={`${p.line}:${p.column}:${p.message}`}>
                <a href={`#${inputId}`}>
                  {p.line !== null ? `Line ${p.line}, column ${p.column}: ${p.message}` : p.message}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="margin-bottom-0">Correct the file, choose it again and import it.</p>
      </Alert>
    </div>
  );
}
