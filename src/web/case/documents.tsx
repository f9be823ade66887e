// The case's documents: what each is, its language and source, who uploaded it and when, which gate it counts
// toward; download, preview (PDF and images, served inline only to the preview under a strict policy) and an
// upload with progress and drag and drop (the USWDS file input; the browser's XHR upload progress event).

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, FileInput, Label, Select, Tag, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useRef, useState } from 'react';
import { ApiError, currentCsrfToken, get, type Problem } from '../api/client.ts';
import { formatDateTime } from '../components/common.tsx';
import { languageName } from '../components/labels.ts';
import { useSession } from '../session/session.tsx';
import { type CaseView, caseKey, refreshCase } from './data.ts';

interface DocumentItem {
  id: string;
  kind: string;
  title: string;
  language: string | null;
  source: string | null;
  receivedAt: string;
  uploadedAt: string | null;
  uploadedBy: string | null;
  hasFile: boolean;
  fileName: string | null;
  contentType: string | null;
  byteSize: number | null;
  attachedTo: { kind: string; id: string | null; label: string };
  gates: Array<{ gate: string; text: string }>;
}

export const DOCUMENT_KIND_LABELS: Record<string, string> = {
  warrant: 'Warrant',
  judgment: 'Judgment',
  charging_document: 'Charging document',
  translation: 'Translation',
  iw_correspondence: 'INTERPOL Washington correspondence',
  contest_submission: 'Contest submission',
  interpol_decision: 'Decision of the CCF or of INTERPOL',
  court_decision: 'Court or government decision (extradition, political finding)',
  protection_decision: 'Asylum, refugee or other protection decision',
  ccf_letter: 'CCF letter (through the counsel portal)',
  other: 'Other',
  arrest_warrant: 'Arrest warrant',
};

const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'text/plain']);
const UPLOAD_ROLES = ['officer', 'supervisor', 'attorney', 'liaison'] as const;

const fileUrl = (id: string, inline = false) =>
  `/api/v1/documents/${id}/file${inline ? '?disposition=inline' : ''}`;

function size(n: number | null): string {
  if (n === null) return '';
  if (n < 1024) return `${n} bytes`;
  if (n < 1048576) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

export function DocumentsSection({ c }: { c: CaseView }) {
  const q = useQuery({
    queryKey: [...caseKey(c.id), 'documents'],
    queryFn: () => get<{ documents: DocumentItem[] }>(`/cases/${c.id}/documents`),
  });
  const { hasRole } = useSession();
  const [preview, setPreview] = useState<DocumentItem | null>(null);
  const docs = q.data?.documents ?? [];
  return (
    <section aria-labelledby="documents-h" className="margin-top-4">
      <h2 id="documents-h">Documents</h2>
      {q.isPending ? <p>Loading the documents…</p> : null}
      {q.isError ? (
        <Alert type="error" headingLevel="h3" slim>
          The documents could not be loaded.
        </Alert>
      ) : null}
      {q.data && docs.length === 0 ? <p>No documents on this case yet.</p> : null}
      {docs.length > 0 ? (
        <table className="usa-table usa-table--borderless width-full" data-testid="documents-table">
          <caption className="usa-sr-only">Documents of the case</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Kind</th>
              <th scope="col">Language</th>
              <th scope="col">Received</th>
              <th scope="col">Counts toward</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.id} data-testid="document-row">
                <th scope="row">
                  {d.title}
                  <div className="font-body-3xs text-base">
                    {d.attachedTo.label}
                    {d.source ? ` · from ${d.source}` : ''}
                  </div>
                </th>
                <td>{DOCUMENT_KIND_LABELS[d.kind] ?? d.kind}</td>
                <td>{d.language ? languageName(d.language) : 'Not recorded'}</td>
                <td>
                  {formatDateTime(d.uploadedAt ?? d.receivedAt)}
                  {d.uploadedBy ? <div className="font-body-3xs">by {d.uploadedBy}</div> : null}
                </td>
                <td>
                  {d.gates.length === 0
                    ? 'On file'
                    : d.gates.map((g) => (
                        <div key={g.gate}>
                          <Tag className="bg-primary-dark">{g.gate}</Tag>{' '}
                          <span className="font-body-3xs">{g.text}</span>
                        </div>
                      ))}
                </td>
                <td>
                  {d.hasFile ? (
                    <>
                      <a
                        href={fileUrl(d.id)}
                        download={d.fileName ?? undefined}
                        aria-label={`Download ${d.title}`}
                      >
                        Download
                      </a>{' '}
                      <span className="font-body-3xs">({size(d.byteSize)})</span>
                      {d.contentType && PREVIEWABLE.has(d.contentType) ? (
                        <div>
                          <Button
                            type="button"
                            unstyled
                            onClick={() => setPreview(preview?.id === d.id ? null : d)}
                            aria-expanded={preview?.id === d.id}
                            aria-controls="document-preview"
                          >
                            {preview?.id === d.id ? 'Close preview' : 'Preview'}
                            <span className="usa-sr-only"> {d.title}</span>
                          </Button>
                        </div>
                      ) : null}
                    </>
                  ) : (
                    <span>Recorded as received; no file stored</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {preview ? <Preview d={preview} /> : null}
      {UPLOAD_ROLES.some((r) => hasRole(r)) ? <UploadForm c={c} /> : null}
    </section>
  );
}

function Preview({ d }: { d: DocumentItem }) {
  const src = fileUrl(d.id, true);
  return (
    <div
      id="document-preview"
      className="margin-y-2 border-1px border-base-lighter padding-1"
      data-testid="document-preview"
    >
      <h3 className="margin-top-0">Preview: {d.title}</h3>
      {d.contentType?.startsWith('image/') ? (
        <img src={src} alt={`Preview of ${d.title}`} style={{ maxWidth: '100%', maxHeight: '40rem' }} />
      ) : (
        <iframe
          src={src}
          title={`Preview of ${d.title}`}
          style={{ width: '100%', height: '40rem', border: 0 }}
          // Text is shown without scripts; a PDF needs the browser's own viewer, which a sandbox would block.
          {...(d.contentType === 'text/plain' ? { sandbox: '' } : {})}
        />
      )}
    </div>
  );
}

interface Target {
  value: string;
  label: string;
}

function targetsOf(c: CaseView): Target[] {
  const out: Target[] = [{ value: '', label: 'The case itself' }];
  for (const r of c.liaisonRequests) {
    const kind = r.kind.replace('_', ' ');
    out.push({ value: `liaisonRequestId:${r.id}`, label: `Request to INTERPOL Washington (${kind})` });
    if (r.response)
      out.push({
        value: `liaisonResponseId:${r.response.id}`,
        label: `INTERPOL Washington's answer (${kind})`,
      });
  }
  for (const [i, k] of c.contests.entries())
    out.push({ value: `contestId:${k.id}`, label: `Contest ${i + 1}` });
  return out;
}

/** POSTs the file with XMLHttpRequest, for its upload progress events. */
function sendFile(
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ documentId: string; fileName: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const token = currentCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as { documentId: string; fileName: string });
      else
        reject(
          new ApiError(
            data && typeof data === 'object'
              ? ({ status: xhr.status, code: 'error', detail: '', ...(data as object) } as Problem)
              : { status: xhr.status, code: 'error', detail: `The server answered ${xhr.status}.` },
          ),
        );
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          status: 0,
          code: 'network_error',
          detail: 'Redline could not be reached. Try again.',
        }),
      );
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

function UploadForm({ c }: { c: CaseView }) {
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState('warrant');
  const [language, setLanguage] = useState('');
  const [source, setSource] = useState('');
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fieldError = (f: string) => error?.fields.find((x) => x.field === f)?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!file) {
      setError(
        new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'Choose a file to upload.',
          errors: [{ field: 'file', message: 'Choose a file to upload.' }],
        }),
      );
      return;
    }
    const [key, id] = target ? target.split(':') : [null, null];
    const query = new URLSearchParams({ kind });
    if (language.trim()) query.set('language', language.trim());
    if (source.trim()) query.set('source', source.trim());
    if (title.trim()) query.set('title', title.trim());
    if (key && id) query.set(key, id);
    setProgress(0);
    try {
      const r = await sendFile(`/api/v1/cases/${c.id}/documents?${query}`, file, setProgress);
      setDone(`Uploaded and stored encrypted as ${r.fileName}.`);
      setFile(null);
      setTitle('');
      if (fileRef.current) fileRef.current.value = '';
      void refreshCase(qc, c.id);
      void qc.invalidateQueries({ queryKey: [...caseKey(c.id), 'documents'] });
    } catch (err) {
      setError(
        err instanceof ApiError ? err : new ApiError({ status: 0, code: 'error', detail: String(err) }),
      );
    } finally {
      setProgress(null);
    }
  }

  return (
    <form
      className="usa-form usa-form--large margin-top-3"
      onSubmit={submit}
      aria-labelledby="upload-h"
      noValidate
    >
      <h3 id="upload-h">Upload a document</h3>
      <p className="usa-hint">
        PDF, PNG, JPEG, TIFF, Word (DOCX) or plain text. The type is read from the file itself; PDFs with
        scripts, actions or embedded files are refused. Files are stored encrypted.
      </p>
      {error ? (
        <Alert
          type="error"
          headingLevel="h4"
          heading="The document was not uploaded"
          slim={false}
          role="alert"
        >
          {error.message}
        </Alert>
      ) : null}
      {done ? (
        <Alert type="success" headingLevel="h4" slim role="status">
          {done}
        </Alert>
      ) : null}
      <div className={`usa-form-group${fieldError('file') ? ' usa-form-group--error' : ''}`}>
        <Label htmlFor="document-file">File (drag and drop it here, or choose it)</Label>
        {fieldError('file') ? (
          <span className="usa-error-message" id="document-file-error">
            {fieldError('file')}
          </span>
        ) : null}
        <FileInput
          id="document-file"
          name="file"
          ref={fileRef as never}
          aria-describedby={fieldError('file') ? 'document-file-error' : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <Label htmlFor="document-kind">Kind of document</Label>
      <Select id="document-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
        {[
          'warrant',
          'judgment',
          'charging_document',
          'translation',
          'iw_correspondence',
          'contest_submission',
          'interpol_decision',
          'court_decision',
          'protection_decision',
          'other',
        ].map((k) => (
          <option key={k} value={k}>
            {DOCUMENT_KIND_LABELS[k]}
          </option>
        ))}
      </Select>
      <Label htmlFor="document-target">Attach to</Label>
      <Select id="document-target" name="attachTo" value={target} onChange={(e) => setTarget(e.target.value)}>
        {targetsOf(c).map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </Select>
      <div className={`usa-form-group${fieldError('language') ? ' usa-form-group--error' : ''}`}>
        <Label htmlFor="document-language">Language (optional)</Label>
        <span className="usa-hint" id="document-language-hint">
          A code such as fr or es, or the language's name.
        </span>
        {fieldError('language') ? <span className="usa-error-message">{fieldError('language')}</span> : null}
        <TextInput
          id="document-language"
          name="language"
          type="text"
          value={language}
          aria-describedby="document-language-hint"
          onChange={(e) => setLanguage(e.target.value)}
        />
      </div>
      <Label htmlFor="document-source">Source (optional)</Label>
      <TextInput
        id="document-source"
        name="source"
        type="text"
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <Label htmlFor="document-title">Title (optional; the file name when empty)</Label>
      <TextInput
        id="document-title"
        name="title"
        type="text"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      {progress !== null ? (
        <div className="margin-top-2" role="status">
          <label htmlFor="document-progress">Uploading: {Math.round(progress * 100)}%</label>
          <progress id="document-progress" max={1} value={progress} className="width-full" />
        </div>
      ) : null}
      <Button type="submit" disabled={progress !== null}>
        Upload
      </Button>
    </form>
  );
}
