// The disclosure packet on the case page: generate it in the person's language, list its versions, download
// one, see which the person received, and record the service of a packet.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, Table } from '@trussworks/react-uswds';
import { useId, useState } from 'react';
import { get, post } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { formatDateTime, LoadError, Loading } from '../components/common.tsx';
import { languageLabel } from '../intake/languages.ts';
import { useSession } from '../session/session.tsx';
import type { CaseView } from './data.ts';
import { ActionForm, Field, SelectField, useBackdateHours, useCaseAction } from './forms.tsx';

type Packets = Res<'/cases/{id}/packets', 'get'>;
type PacketView = Item<Packets['items']>;
type Generated = Res<'/cases/{id}/packets', 'post'>;

/** The packet's languages (server: src/services/packet/translations.ts). */
export const PACKET_LANGUAGES = ['en', 'es', 'ru', 'zh', 'ar', 'tr', 'fa', 'fr', 'uk', 'ht'] as const;

const METHODS: Array<[string, string]> = [
  ['in_person', 'In person'],
  ['mail', 'By mail'],
  ['to_counsel', 'To counsel'],
  ['electronic', 'Electronically'],
];

const packetsKey = (caseId: string) => ['case', caseId, 'packets'] as const;

function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function PacketSection({ c }: { c: CaseView }) {
  const headingId = useId();
  const { hasRole } = useSession();
  const q = useQuery({
    queryKey: packetsKey(c.id),
    queryFn: () => get<Packets>(`/cases/${c.id}/packets`),
  });
  const mayAct = hasRole('officer', 'supervisor', 'attorney');
  return (
    <section aria-labelledby={headingId} className="margin-top-4">
      <h2 id={headingId}>Disclosure packet</h2>
      <p className="usa-hint">
        The packet gives the person, in their language, the notice of rights, the documents that may be
        disclosed (and what INTERPOL Washington withheld, and why) and the counsel portal access code. A new
        version is made only when what it says changes.
      </p>
      {q.isPending ? (
        <Loading what="the packets" />
      ) : q.isError ? (
        <LoadError error={q.error} />
      ) : (
        <PacketList c={c} items={q.data.items} mayServe={mayAct} />
      )}
      {mayAct && c.status !== 'closed' ? <GenerateForm c={c} /> : null}
    </section>
  );
}

function PacketList({ c, items, mayServe }: { c: CaseView; items: PacketView[]; mayServe: boolean }) {
  if (items.length === 0) return <p>No packet has been generated for this case.</p>;
  const received = items.filter((p) => p.servedIn.length > 0);
  return (
    <>
      <p>
        <strong>Received by the person:</strong>{' '}
        {received.length
          ? received
              .map(
                (p) =>
                  `${p.reference} (${languageLabel(p.language)}, version ${p.version}), served ${p.servedIn.map((s) => formatDateTime(s.servedAt)).join(', ')}`,
              )
              .join('; ')
          : 'no packet has been served yet.'}
      </p>
      <Table bordered fullWidth>
        <caption>Packets of this case, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Packet</th>
            <th scope="col">Language and version</th>
            <th scope="col">Generated</th>
            <th scope="col">Translation</th>
            <th scope="col">Served</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                {p.reference}
                <br />
                <span className="usa-hint font-mono-3xs">SHA-256 {p.sha256}</span>
              </td>
              <td>
                {languageLabel(p.language)}, version {p.version}
                {p.latest ? ' (latest)' : ' (superseded)'}
              </td>
              <td>
                {formatDateTime(p.generatedAt)}
                {p.generatedBy ? ` by ${p.generatedBy}` : ''}
              </td>
              <td>{p.translationApproved ? 'Approved' : 'Pending certified review'}</td>
              <td>
                {p.servedIn.length
                  ? p.servedIn
                      .map((s) => `${formatDateTime(s.servedAt)} (${s.method.replace('_', ' ')})`)
                      .join(', ')
                  : 'Not served'}
              </td>
              <td>
                <a href={`/api/v1/cases/${c.id}/packets/${p.id}/pdf`} download>
                  Download {p.reference} (PDF, {Math.ceil(p.byteSize / 1024)} KB)
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {mayServe ? <ServeForm c={c} packets={items.filter((p) => p.latest)} /> : null}
    </>
  );
}

function GenerateForm({ c }: { c: CaseView }) {
  const qc = useQueryClient();
  const reads = (c.personLanguages ?? []).filter((l) => (PACKET_LANGUAGES as readonly string[]).includes(l));
  const [language, setLanguage] = useState(reads[0] ?? 'en');
  const [issue, setIssue] = useState(true);
  const [result, setResult] = useState<Generated | null>(null);
  const { m, error } = useCaseAction(c.id, 'packet', (b: object) =>
    post<Generated>(`/cases/${c.id}/packets`, b),
  );
  const options: Array<[string, string]> = [
    ...reads.map((l): [string, string] => [l, `${languageLabel(l)} (the person reads it)`]),
    ...PACKET_LANGUAGES.filter((l) => !reads.includes(l)).map((l): [string, string] => [
      l,
      `${languageLabel(l)}${(c.personLanguages ?? []).includes(l) ? '' : ' (an interpreter is needed)'}`,
    ]),
  ];
  return (
    <>
      {result ? (
        <Alert type="success" headingLevel="h3" heading={result.created ? 'Packet generated' : 'No change'}>
          {result.created
            ? `Packet ${result.reference}, ${languageLabel(result.language)}, version ${result.version}.`
            : `Nothing it says has changed since version ${result.version} (${result.reference}): no new version.`}{' '}
          SHA-256 {result.sha256}.
          {result.accessCode ? (
            <>
              {' '}
              The counsel portal access code printed on it is <strong>{result.accessCode}</strong> (shown this
              once).
            </>
          ) : null}
          {result.translationApproved ? '' : ' It is marked "translation pending certified review".'}
        </Alert>
      ) : null}
      <ActionForm
        prefix="packet"
        title="Generate the packet"
        error={error}
        done={null}
        pending={m.isPending}
        submit="Generate the packet"
        onSubmit={() =>
          m.mutate(
            { language, issueAccessCode: issue },
            {
              onSuccess: (r) => {
                setResult(r);
                void qc.invalidateQueries({ queryKey: packetsKey(c.id) });
              },
            },
          )
        }
      >
        <SelectField
          path="packet.language"
          label="Language of the packet"
          required
          error={error}
          value={language}
          onChange={setLanguage}
          options={options}
        />
        <Checkbox
          id="packet-issue-code"
          name="issueAccessCode"
          label="Issue a counsel portal access code and print it on the packet"
          checked={issue}
          onChange={(e) => setIssue(e.target.checked)}
        />
      </ActionForm>
    </>
  );
}

function ServeForm({ c, packets }: { c: CaseView; packets: PacketView[] }) {
  const qc = useQueryClient();
  const [v, setV] = useState<Record<string, string>>(() => ({
    servedAt: localNow(),
    packetId: packets[0]?.id ?? '',
    method: 'in_person',
  }));
  const [done, setDone] = useState<string | null>(null);
  const set = (k: string) => (val: string) => setV((o) => ({ ...o, [k]: val }));
  const { m, error } = useCaseAction(c.id, 'serve', (b: object) =>
    post<Res<'/cases/{id}/disclosures', 'post'>>(`/cases/${c.id}/disclosures`, b),
  );
  const backdateHours = useBackdateHours();
  const old = v.servedAt ? Date.now() - new Date(v.servedAt).getTime() > backdateHours * 3_600_000 : false;
  return (
    <ActionForm
      prefix="serve"
      title="Record the service of a packet"
      error={error}
      done={done}
      pending={m.isPending}
      submit="Record the service"
      onSubmit={() =>
        m.mutate(
          {
            packetId: v.packetId || null,
            servedAt: v.servedAt ? new Date(v.servedAt).toISOString() : '',
            method: v.method ?? '',
            recipient: v.recipient ?? '',
            servedBy: v.servedBy || null,
            acknowledgement: v.acknowledgement || null,
            ...(old ? { backdateReason: v.backdateReason || null } : {}),
          },
          {
            onSuccess: (r) => {
              setDone(
                `The service is recorded. The person may contest until ${formatDateTime(r.contestDeadline)}.`,
              );
              void qc.invalidateQueries({ queryKey: packetsKey(c.id) });
            },
          },
        )
      }
    >
      <p className="usa-hint">
        The contest window starts at the service. The packet's language and documents become the service's.
      </p>
      <SelectField
        path="serve.packetId"
        label="Packet served"
        required
        error={error}
        value={v.packetId ?? ''}
        onChange={set('packetId')}
        options={packets.map((p): [string, string] => [
          p.id,
          `${p.reference}: ${languageLabel(p.language)}, version ${p.version}`,
        ])}
      />
      <Field
        path="serve.servedAt"
        label="When the person was served"
        kind="datetime-local"
        required
        error={error}
        value={v.servedAt ?? ''}
        onChange={set('servedAt')}
      />
      <SelectField
        path="serve.method"
        label="How it was served"
        required
        error={error}
        value={v.method ?? ''}
        onChange={set('method')}
        options={METHODS}
      />
      <Field
        path="serve.recipient"
        label="Who received it"
        hint="The person, or their counsel (name)."
        required
        error={error}
        value={v.recipient ?? ''}
        onChange={set('recipient')}
      />
      <Field
        path="serve.servedBy"
        label="Served by"
        hint="Leave empty if you served it yourself."
        error={error}
        value={v.servedBy ?? ''}
        onChange={set('servedBy')}
      />
      <Field
        path="serve.acknowledgement"
        label="Acknowledgement"
        hint="For example: signed receipt; refused to sign; counsel's e-mail receipt."
        error={error}
        value={v.acknowledgement ?? ''}
        onChange={set('acknowledgement')}
      />
      {old ? (
        <Field
          path="serve.backdateReason"
          label="Why the service is recorded only now"
          required
          error={error}
          value={v.backdateReason ?? ''}
          onChange={set('backdateReason')}
        />
      ) : null}
    </ActionForm>
  );
}
