// Policy settings: the numbers behind the directive's gates, explained in plain words, their version
// history, and (for administrators) a form that saves a new version.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form } from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useState } from 'react';
import { DEFAULT_MFA_REQUIRED_ROLES } from '../../domain/sign-in.ts';
import { Field, ScrollTable } from '../admin/shared.tsx';
import { ApiError, get, put } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { ErrorSummary, formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

type PolicyView = Res<'/policy', 'get'>;
type Settings = PolicyView['current'];

interface SettingDef {
  path: string;
  label: string;
  unit: 'hours' | 'days' | 'entries' | 'seconds' | 'characters' | 'MiB';
  min: number;
  max: number;
  explain: string;
  read: (s: Settings) => number;
  /** The stored value of what the form shows (when the form shows it in other units). */
  write?: (n: number) => number;
}

const MIB = 1024 * 1024;

const SETTINGS: SettingDef[] = [
  {
    path: 'validityFreshnessHours',
    label: 'Validity freshness window',
    unit: 'hours',
    min: 1,
    max: 168,
    explain:
      'How long a confirmation from INTERPOL Washington that a notice is still valid stays fresh. After this, the validity gate is unmet and you must ask again before acting.',
    read: (s) => s.validityFreshnessHours,
  },
  {
    path: 'trainingValidityDays',
    label: 'Training validity',
    unit: 'days',
    min: 30,
    max: 730,
    explain:
      'How long the annual INTERPOL notices training stays current after it is completed. People whose training has expired cannot open, review or approve cases.',
    read: (s) => s.trainingValidityDays,
  },
  {
    path: 'contestWindowDays',
    label: 'Contest window',
    unit: 'days',
    min: 7,
    max: 180,
    explain: 'How long the person has to contest the notice after being served the documentation.',
    read: (s) => s.contestWindowDays,
  },
  {
    path: 'serviceBackdateHours',
    label: 'Recording a service late',
    unit: 'hours',
    min: 1,
    max: 720,
    explain:
      'A service on the person recorded more than this long after it happened needs a written reason. The contest window always runs from the later of the service and its recording.',
    read: (s) => s.serviceBackdateHours ?? 72,
  },
  {
    path: 'liaisonDeadlineDays.validity',
    label: 'INTERPOL Washington deadline: validity confirmation',
    unit: 'days',
    min: 1,
    max: 180,
    explain: 'How long INTERPOL Washington has to answer a validity request before it is overdue.',
    read: (s) => s.liaisonDeadlineDays.validity,
  },
  {
    path: 'liaisonDeadlineDays.documentation',
    label: 'INTERPOL Washington deadline: underlying documentation',
    unit: 'days',
    min: 1,
    max: 180,
    explain: 'How long INTERPOL Washington has to provide the underlying documentation before it is overdue.',
    read: (s) => s.liaisonDeadlineDays.documentation,
  },
  {
    path: 'liaisonDeadlineDays.use_authorization',
    label: 'INTERPOL Washington deadline: use authorization',
    unit: 'days',
    min: 1,
    max: 180,
    explain: 'How long INTERPOL Washington has to answer a request to use the notice before it is overdue.',
    read: (s) => s.liaisonDeadlineDays.use_authorization,
  },
  {
    path: 'liaisonFollowUpDays',
    label: 'Follow-up reminder',
    unit: 'days',
    min: 1,
    max: 180,
    explain: 'After how many days an unanswered request to INTERPOL Washington should get a follow-up.',
    read: (s) => s.liaisonFollowUpDays,
  },
  {
    path: 'reReviewDueDays.inCustody',
    label: 'Re-review deadline: person in custody',
    unit: 'days',
    min: 1,
    max: 90,
    explain:
      'When a notice changes (withdrawn, cancelled, suspended…), each case on it gets a re-review task. For a person in custody (priority 1) the task is overdue after this many days.',
    read: (s) => s.reReviewDueDays?.inCustody ?? 2,
  },
  {
    path: 'reReviewDueDays.notInCustody',
    label: 'Re-review deadline: other cases',
    unit: 'days',
    min: 1,
    max: 180,
    explain: 'For every other case (priority 2), the re-review task is overdue after this many days.',
    read: (s) => s.reReviewDueDays?.notInCustody ?? 14,
  },
  {
    path: 'referralDueDays.counsel',
    label: 'Referral deadline: counsel',
    unit: 'days',
    min: 1,
    max: 180,
    explain:
      'When a retrospective review refers a case to counsel, the attorneys of the case’s office get a task. The task is overdue after this many days.',
    read: (s) => s.referralDueDays?.counsel ?? 7,
  },
  {
    path: 'referralDueDays.oversight',
    label: 'Referral deadline: oversight',
    unit: 'days',
    min: 1,
    max: 180,
    explain:
      'When a retrospective review refers a case to oversight, the auditors get a task. The task is overdue after this many days.',
    read: (s) => s.referralDueDays?.oversight ?? 14,
  },
  {
    path: 'auditCheckpointEveryEntries',
    label: 'Audit checkpoint: every so many entries',
    unit: 'entries',
    min: 1,
    max: 1000,
    explain:
      'The audit trail is sealed with a signed checkpoint at least this often, so that removing or rewriting its latest entries is detected.',
    read: (s) => s.auditCheckpointEveryEntries ?? 50,
  },
  {
    path: 'auditCheckpointEverySeconds',
    label: 'Audit checkpoint: at most this long after an entry',
    unit: 'seconds',
    min: 5,
    max: 3600,
    explain:
      'Every entry is covered by a signed checkpoint within this time. Verification reports entries older than this (plus one minute) that no checkpoint covers.',
    read: (s) => s.auditCheckpointEverySeconds ?? 60,
  },
  {
    path: 'passphraseMinChars',
    label: 'Shortest passphrase',
    unit: 'characters',
    min: 8,
    max: 64,
    explain:
      'The fewest characters a new passphrase may have. Every passphrase is also checked against lists of common and breached passwords.',
    read: (s) => s.passphraseMinChars ?? 12,
  },
  {
    path: 'documentMaxBytes',
    label: 'Largest document upload',
    unit: 'MiB',
    min: 1,
    max: 200,
    explain:
      'The largest file that officers, INTERPOL Washington staff or counsel on the portal may upload. A larger file is refused and nothing of it is stored.',
    read: (s) => Math.max(1, Math.round((s.documentMaxBytes ?? 25 * MIB) / MIB)),
    write: (n) => n * MIB,
  },
];

const amount = (n: number, unit: string) =>
  unit === 'MiB' ? `${n} MiB` : `${n} ${n === 1 ? unit.replace(/ies$/, 'y').replace(/s$/, '') : unit}`;

export default function PolicyPage() {
  const { hasRole } = useSession();
  const policy = useQuery({ queryKey: ['policy'], queryFn: () => get<PolicyView>('/policy') });
  return (
    <>
      <PageHeading title="Policy settings" />
      <p className="usa-intro">
        These settings are the numbers behind the directive’s safeguards. Each change is saved as a new
        version; every gate decision records the version it used, so earlier decisions can still be explained.
      </p>
      {policy.isPending ? <Loading what="policy settings" /> : null}
      {policy.error ? <LoadError error={policy.error} /> : null}
      {policy.data ? (
        <>
          <Current s={policy.data.current} />
          {hasRole('administrator') ? (
            <ChangeForm current={policy.data.current} />
          ) : (
            <Alert type="info" headingLevel="h2" heading="Changing the settings" slim={false}>
              Only administrators change policy settings. You can read them here.
            </Alert>
          )}
          <History history={policy.data.history} />
        </>
      ) : null}
    </>
  );
}

function Current({ s }: { s: Settings }) {
  return (
    <section aria-labelledby="current-heading">
      <h2 id="current-heading">Current settings (version {s.version})</h2>
      <dl>
        {SETTINGS.map((d) => (
          <div key={d.path} className="margin-bottom-2">
            <dt className="text-bold">
              {d.label}: {amount(d.read(s), d.unit)}
            </dt>
            <dd className="margin-left-0">{d.explain}</dd>
          </div>
        ))}
        <div className="margin-bottom-2">
          <dt className="text-bold">
            Roles that must sign in with a second factor:{' '}
            {(s.mfaRequiredRoles ?? DEFAULT_MFA_REQUIRED_ROLES).join(', ') || 'none'}
          </dt>
          <dd className="margin-left-0">
            People in these roles sign in with a code from an authenticator app (or a security key) as well as
            their passphrase. Everyone else may enrol. Changed through the API (`PUT /api/v1/policy`); saving
            the form below keeps it.
          </dd>
        </div>
      </dl>
    </section>
  );
}

function ChangeForm({ current }: { current: Settings }) {
  const qc = useQueryClient();
  const initial = () => Object.fromEntries(SETTINGS.map((d) => [d.path, String(d.read(current))]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form when a new version arrives
  useEffect(() => setValues(initial()), [current.version]);
  const m = useMutation({
    mutationFn: () => {
      const errors: { field: string; message: string }[] = [];
      const num: Record<string, number> = {};
      for (const d of SETTINGS) {
        const raw = (values[d.path] ?? '').trim();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n < d.min || n > d.max)
          errors.push({
            field: `settings.${d.path}`,
            message: `Enter a whole number of ${d.unit} from ${d.min} to ${d.max}.`,
          });
        // A value shown in other units and left as it was is saved as it is stored (not rounded).
        num[d.path] =
          d.write && raw === String(d.read(current))
            ? ((current as unknown as Record<string, number | undefined>)[d.path] ?? d.write(n))
            : d.write
              ? d.write(n)
              : n;
      }
      if (errors.length)
        throw new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'The settings were not saved.',
          errors,
        });
      // Settings this form does not show are kept as they are (a new version replaces the whole set).
      const { version: _version, ...kept } = current;
      return put<Res<'/policy', 'put'>>('/policy', {
        settings: {
          ...kept,
          validityFreshnessHours: num.validityFreshnessHours,
          trainingValidityDays: num.trainingValidityDays,
          contestWindowDays: num.contestWindowDays,
          liaisonDeadlineDays: {
            validity: num['liaisonDeadlineDays.validity'],
            documentation: num['liaisonDeadlineDays.documentation'],
            use_authorization: num['liaisonDeadlineDays.use_authorization'],
          },
          liaisonFollowUpDays: num.liaisonFollowUpDays,
          serviceBackdateHours: num.serviceBackdateHours,
          reReviewDueDays: {
            inCustody: num['reReviewDueDays.inCustody'],
            notInCustody: num['reReviewDueDays.notInCustody'],
          },
          referralDueDays: {
            counsel: num['referralDueDays.counsel'],
            oversight: num['referralDueDays.oversight'],
          },
          auditCheckpointEveryEntries: num.auditCheckpointEveryEntries,
          auditCheckpointEverySeconds: num.auditCheckpointEverySeconds,
          passphraseMinChars: num.passphraseMinChars,
          documentMaxBytes: num.documentMaxBytes,
        },
        note: note.trim() || null,
      });
    },
    onMutate: () => setSaved(null),
    onSuccess: (s) => {
      setSaved(s.version);
      setNote('');
      void qc.invalidateQueries({ queryKey: ['policy'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <section aria-labelledby="change-heading" className="margin-top-4">
      <h2 id="change-heading">Change the settings</h2>
      <p>
        Saving creates version {current.version + 1}. The new numbers apply to every gate decision from then
        on; decisions already made keep the version they used.
      </p>
      <ErrorSummary error={m.error} heading="The settings were not saved" />
      {saved !== null ? (
        <Alert type="success" headingLevel="h3" heading="Settings saved" slim={false} role="status">
          Version {saved} is now in force.
        </Alert>
      ) : null}
      <Form onSubmit={submit} className="maxw-tablet" noValidate>
        {SETTINGS.map((d) => (
          <Field
            key={d.path}
            path={`settings.${d.path}`}
            label={`${d.label} (${d.unit})`}
            hint={`${d.explain} From ${d.min} to ${d.max} ${d.unit}.`}
            required
            inputMode="numeric"
            error={m.error}
            value={values[d.path] ?? ''}
            onChange={(v) => setValues((o) => ({ ...o, [d.path]: v }))}
          />
        ))}
        <Field
          path="note"
          label="Reason for the change (optional)"
          hint="Shown in the version history, for example the memo that asked for it."
          multiline
          error={m.error}
          value={note}
          onChange={setNote}
        />
        <Button type="submit">{m.isPending ? 'Saving…' : 'Save as a new version'}</Button>
      </Form>
    </section>
  );
}

function changes(prev: Settings | undefined, next: Settings | undefined): string {
  if (!next) return '—';
  if (!prev) return 'First version';
  const out = SETTINGS.filter((d) => d.read(prev) !== d.read(next)).map(
    (d) => `${d.label}: ${amount(d.read(prev), d.unit)} → ${amount(d.read(next), d.unit)}`,
  );
  return out.length ? out.join('; ') : 'No setting changed';
}

function History({ history }: { history: PolicyView['history'] }) {
  return (
    <section aria-labelledby="history-heading" className="margin-top-4">
      <h2 id="history-heading">Version history</h2>
      <ScrollTable
        label="Policy version history"
        caption="Every version of the policy settings, newest first"
      >
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">What changed</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h, i) => (
            <tr key={h.version}>
              <th scope="row">{h.version}</th>
              <td>{formatDateTime(h.createdAt)}</td>
              <td>{h.createdBy ?? 'Installation'}</td>
              <td>{changes(history[i + 1]?.settings, h.settings)}</td>
              <td>{h.note ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}
