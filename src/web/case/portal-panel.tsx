// The counsel portal on the case page: the access codes issued (issued, expires, revoked, last used), issue
// and revoke, contests filed through the portal, and CCF findings the person reported, which an attorney
// confirms (the notice's status changes: authorizations withdrawn, re-review raised) or sets aside.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Label, Select, Table, Textarea, TextInput } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ApiError, currentCsrfToken, get, post } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { formatDateTime } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';
import { refreshCase } from './data.ts';

/** The panel as the API answers it (GET /cases/{id}/portal), from the generated OpenAPI types. */
type Panel = Res<'/cases/{id}/portal'>;

const OUTCOME_TEXT: Record<string, string> = {
  pending: 'no decision yet',
  deletion: 'the CCF ordered the data deleted',
  non_compliant: 'the CCF found the data do not comply with INTERPOL’s rules',
  correction: 'the CCF ordered a correction',
  retained: 'the CCF kept the data',
  other: 'another outcome',
};

const message = (err: unknown) =>
  err instanceof ApiError
    ? [err.message, ...err.fields.map((f) => `${f.field.replace(/^body\./, '')}: ${f.message}`)].join(' ')
    : 'The request failed.';

export function PortalPanel({ caseId }: { caseId: string }) {
  const { hasRole } = useSession();
  const qc = useQueryClient();
  const key = ['case', caseId, 'portal'];
  const q = useQuery({ queryKey: key, queryFn: () => get<Panel>(`/cases/${caseId}/portal`) });
  const reload = () => {
    void qc.invalidateQueries({ queryKey: key });
    void refreshCase(qc, caseId);
  };
  const [issued, setIssued] = useState<{ code: string; link: string; expiresAt: string } | null>(null);
  const issue = useMutation({
    mutationFn: () =>
      post<{ code: string; link: string; expiresAt: string }>(`/cases/${caseId}/portal/access`),
    onSuccess: (r) => {
      setIssued(r);
      reload();
    },
  });
  if (q.isError) return null;
  const p = q.data;
  return (
    <section aria-labelledby="portal-h" className="margin-top-4">
      <h2 id="portal-h">Counsel portal</h2>
      <p>
        The person or their counsel reach the disclosed documents, file a contest and report a CCF application
        at <code>/portal</code> with an access code (printed on the packet) or a one-time link.
      </p>
      {issued ? (
        <Alert
          type="success"
          headingLevel="h3"
          heading="Access issued: shown once"
          data-testid="portal-issued"
        >
          <p>
            Code: <code data-testid="portal-code">{issued.code}</code>
          </p>
          <p>
            One-time link: <code data-testid="portal-link">{`${window.location.origin}${issued.link}`}</code>
          </p>
          <p>
            Valid until {formatDateTime(issued.expiresAt)}. Give it to the person or counsel now: it is not
            shown again.
          </p>
        </Alert>
      ) : null}
      {issue.isError ? (
        <Alert type="error" headingLevel="h3" slim>
          {message(issue.error)}
        </Alert>
      ) : null}
      {hasRole('officer', 'supervisor', 'attorney') ? (
        <Button type="button" outline onClick={() => issue.mutate()} disabled={issue.isPending}>
          Issue a portal access code
        </Button>
      ) : null}
      {p && p.accesses.length > 0 ? (
        <Table bordered fullWidth caption="Portal access codes of this case">
          <thead>
            <tr>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">Last used</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {p.accesses.map((a) => (
              <tr key={a.id} data-testid="portal-access-row">
                <td>
                  {formatDateTime(a.issuedAt)}
                  {a.issuedBy ? ` by ${a.issuedBy}` : ''}
                </td>
                <td>{formatDateTime(a.expiresAt)}</td>
                <td>
                  {a.state === 'revoked'
                    ? `Revoked ${formatDateTime(a.revokedAt!)}${a.revokedBy ? ` by ${a.revokedBy}` : ''}: ${a.revokeReason ?? ''}`
                    : a.state === 'expired'
                      ? 'Expired'
                      : 'Active'}
                  {a.linkUsed ? ' (one-time link used)' : ''}
                </td>
                <td>{a.lastUsedAt ? `${formatDateTime(a.lastUsedAt)} (${a.useCount} visits)` : 'Never'}</td>
                <td>
                  {a.state === 'active' && hasRole('attorney', 'supervisor') ? (
                    <RevokeForm accessId={a.id} onDone={reload} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {p && p.contests.length > 0 ? (
        <>
          <h3>Contests filed through the portal</h3>
          <ul className="usa-list">
            {p.contests.map((c) => (
              <li key={c.id} data-testid="portal-contest-row">
                {c.reference} — filed {formatDateTime(c.filedAt)} by {c.filedBy}:{' '}
                {c.decision
                  ? `decided (${c.decision.replaceAll('_', ' ')})`
                  : 'waiting for an attorney’s decision'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p && p.ccfReports.length > 0 ? (
        <>
          <h3>CCF applications reported through the portal</h3>
          {p.ccfReports.map((r) => (
            <div
              key={r.id}
              className="border-top-1px border-base-lighter padding-top-1"
              data-testid="ccf-report"
            >
              <p>
                {r.reference}: applied {r.appliedOn}
                {r.ccfReference ? ` (CCF ref. ${r.ccfReference})` : ''};{' '}
                {OUTCOME_TEXT[r.outcome] ?? r.outcome}
                {r.outcomeOn ? ` on ${r.outcomeOn}` : ''}. Reported {formatDateTime(r.reportedAt)}.
              </p>
              {r.statement ? <p>The person says: {r.statement}</p> : null}
              {r.letters.length > 0 ? (
                <ul className="usa-list" aria-label={`The CCF’s letter sent with ${r.reference}`}>
                  {r.letters.map((l) => (
                    <li key={l.documentId} data-testid="ccf-letter">
                      The CCF’s letter: <bdi>{l.fileName}</bdi> ({Math.max(1, Math.round(l.byteSize / 1024))}{' '}
                      KB, sent {formatDateTime(l.sentAt)}){' '}
                      <a href={`/api/v1/documents/${l.documentId}/file`} download>
                        Download the letter
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>No letter from the CCF was sent with this report.</p>
              )}
              {r.status === 'reported' ? (
                hasRole('attorney') ? (
                  <CcfReviewForm report={r} notices={p.notices} onDone={reload} />
                ) : (
                  <p className="text-bold">Awaiting an attorney’s confirmation.</p>
                )
              ) : (
                <p>
                  {r.status === 'confirmed'
                    ? `Confirmed by an attorney; the notice is now ${r.noticeStatus ?? 'changed'}.`
                    : 'Set aside by an attorney.'}{' '}
                  {r.reviewNote}
                </p>
              )}
            </div>
          ))}
        </>
      ) : null}
    </section>
  );
}

function RevokeForm({ accessId, onDone }: { accessId: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: () => post(`/portal-access/${accessId}/revoke`, { reason }),
    onSuccess: onDone,
  });
  if (!open)
    return (
      <Button type="button" unstyled onClick={() => setOpen(true)}>
        Revoke
      </Button>
    );
  const id = `revoke-${accessId.slice(0, 8)}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <Label htmlFor={id}>Why is the access revoked?</Label>
      <TextInput id={id} name={id} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
      {m.isError ? <p className="usa-error-message">{message(m.error)}</p> : null}
      <Button type="submit" disabled={m.isPending}>
        Revoke the access
      </Button>
    </form>
  );
}

function CcfReviewForm({
  report,
  notices,
  onDone,
}: {
  report: Panel['ccfReports'][number];
  notices: Panel['notices'];
  onDone: () => void;
}) {
  const [noticeId, setNoticeId] = useState(notices.length === 1 ? notices[0]!.id : '');
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: (confirm: boolean) =>
      post(`/ccf-reports/${report.id}/review`, {
        confirm,
        noticeId: confirm ? noticeId || null : null,
        note,
      }),
    onSuccess: onDone,
  });
  const actionable = report.outcome === 'deletion' || report.outcome === 'non_compliant';
  const p = `ccf-${report.id.slice(0, 8)}`;
  const [letter, setLetter] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      if (!letter)
        throw new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'Choose the CCF’s letter to upload.',
          errors: [{ field: 'file', message: 'Choose the CCF’s letter to upload.' }],
        });
      const form = new FormData();
      form.append('file', letter);
      const token = currentCsrfToken();
      const res = await fetch(`/api/v1/ccf-reports/${report.id}/letter`, {
        method: 'POST',
        body: form,
        headers: {
          accept: 'application/json, application/problem+json',
          ...(token ? { 'x-csrf-token': token } : {}),
        },
      });
      const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      if (!res.ok)
        throw new ApiError({
          status: res.status,
          code: 'error',
          detail: `The server answered ${res.status}.`,
          ...(data ?? {}),
        });
      return data;
    },
    onSuccess: () => {
      setLetter(null);
      onDone();
    },
  });
  const letterError =
    m.error instanceof ApiError ? m.error.fields.find((f) => f.field === 'letter') : undefined;
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      {actionable && report.letters.length === 0 ? (
        <div
          className={`usa-form-group${letterError || upload.isError ? ' usa-form-group--error' : ''}`}
          data-testid="ccf-letter-upload"
        >
          <Label htmlFor={`${p}-letter`}>
            The CCF’s letter (required to confirm; counsel did not send it)
          </Label>
          {letterError ? (
            <span className="usa-error-message" id={`${p}-letter-error`}>
              {letterError.message}
            </span>
          ) : null}
          {upload.isError ? (
            <span className="usa-error-message" role="alert">
              {message(upload.error)}
            </span>
          ) : null}
          <input
            className="usa-file-input"
            type="file"
            id={`${p}-letter`}
            name={`${p}-letter`}
            aria-describedby={letterError ? `${p}-letter-error` : undefined}
            onChange={(e) => setLetter(e.target.files?.[0] ?? null)}
          />
          <Button type="button" outline onClick={() => upload.mutate()} disabled={upload.isPending}>
            Upload the letter
          </Button>
        </div>
      ) : null}
      {actionable ? (
        <>
          <Label htmlFor={`${p}-notice`}>The notice the finding concerns</Label>
          <Select
            id={`${p}-notice`}
            name={`${p}-notice`}
            value={noticeId}
            onChange={(e) => setNoticeId(e.target.value)}
          >
            <option value="">- Select -</option>
            {notices.map((n) => (
              <option key={n.id} value={n.id}>
                {n.interpolRef} ({n.status})
              </option>
            ))}
          </Select>
        </>
      ) : null}
      <Label htmlFor={`${p}-note`}>What you checked (the CCF’s letter, its date and reference)</Label>
      <Textarea id={`${p}-note`} name={`${p}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
      {m.isError ? (
        <p className="usa-error-message" role="alert">
          {message(m.error)}
        </p>
      ) : null}
      {actionable ? (
        <Button type="button" onClick={() => m.mutate(true)} disabled={m.isPending}>
          Confirm the finding: the notice is deleted
        </Button>
      ) : null}
      <Button type="button" outline onClick={() => m.mutate(false)} disabled={m.isPending}>
        Set aside
      </Button>
    </form>
  );
}
