// The packet's texts, language by language: a training coordinator or attorney reads each translation next
// to the English and approves it. The approval holds for that exact file; a changed file needs a new one.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Table, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import { get, post } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { ErrorSummary, formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

type Translations = Res<'/packet-translations', 'get'>;
type Translation = Item<Translations['items']>;

const key = ['packet-translations'] as const;

export default function PacketTranslationsPage() {
  const q = useQuery({ queryKey: key, queryFn: () => get<Translations>('/packet-translations') });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeading title="Packet translations" />
      <p>
        Each language of the disclosure packet is marked “translation pending certified review” until a
        training coordinator or an agency attorney approves its text. An approval holds for the exact text
        approved: when the translation file changes, the marking comes back until the new text is approved.
      </p>
      {q.isPending ? (
        <Loading what="the translations" />
      ) : q.isError ? (
        <LoadError error={q.error} />
      ) : (
        <>
          <Table bordered fullWidth>
            <caption>Languages of the packet</caption>
            <thead>
              <tr>
                <th scope="col">Language</th>
                <th scope="col">Status</th>
                <th scope="col">Approvals</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((t) => (
                <tr key={t.language}>
                  <th scope="row">
                    <span lang={t.language} dir={t.rtl ? 'rtl' : 'ltr'}>
                      {t.name}
                    </span>{' '}
                    ({t.language})
                  </th>
                  <td>
                    {t.source ? (
                      <Tag className="bg-base">Source text</Tag>
                    ) : t.approved ? (
                      <Tag className="bg-green">Approved</Tag>
                    ) : (
                      <Tag className="bg-gold text-ink">Pending certified review</Tag>
                    )}
                  </td>
                  <td>
                    {t.history.length
                      ? t.history
                          .map(
                            (h) =>
                              `Approval ${h.version} by ${h.approvedBy}, ${formatDateTime(h.approvedAt)}${h.sha256 === t.sha256 ? ' (this text)' : ' (an earlier text)'}`,
                          )
                          .join('; ')
                      : 'None'}
                  </td>
                  <td>
                    {t.source ? null : (
                      <Button
                        type="button"
                        unstyled
                        aria-expanded={open === t.language}
                        onClick={() => setOpen(open === t.language ? null : t.language)}
                      >
                        {open === t.language ? 'Close' : 'Review'} the {t.language} text
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {open ? <Review t={q.data.items.find((t) => t.language === open)!} /> : null}
        </>
      )}
    </>
  );
}

function Review({ t }: { t: Translation }) {
  const { hasRole } = useSession();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: () =>
      post<Res<'/packet-translations/{language}/approvals', 'post'>>(
        `/packet-translations/${t.language}/approvals`,
        { sha256: t.sha256, note: note || null },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const mayApprove = hasRole('training_coordinator', 'attorney');
  return (
    <section aria-labelledby="review-heading" className="margin-top-4">
      <h2 id="review-heading">Review: {t.name}</h2>
      <p className="usa-hint">Text SHA-256 {t.sha256}</p>
      <Table bordered fullWidth>
        <caption>The {t.language} text next to the English</caption>
        <thead>
          <tr>
            <th scope="col">English</th>
            <th scope="col">{t.name}</th>
          </tr>
        </thead>
        <tbody>
          {Object.keys(t.english).map((k) => (
            <tr key={k}>
              <td lang="en">{t.english[k]}</td>
              <td lang={t.language} dir={t.rtl ? 'rtl' : 'ltr'}>
                {t.strings[k] ?? '(missing: the English is used)'}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {t.approved ? (
        <Alert type="success" headingLevel="h3" slim>
          This text is approved (approval {t.approval?.version} by {t.approval?.approvedBy}).
        </Alert>
      ) : mayApprove ? (
        <form
          className="usa-form"
          onSubmit={(e) => {
            e.preventDefault();
            m.mutate();
          }}
        >
          <ErrorSummary error={m.error} />
          <label className="usa-label" htmlFor="approval-note">
            How it was reviewed (optional)
          </label>
          <textarea
            id="approval-note"
            className="usa-textarea"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="submit" className="margin-top-2">
            {m.isPending ? 'Sending…' : `Approve the ${t.language} text`}
          </Button>
        </form>
      ) : (
        <p className="usa-hint">A training coordinator or an agency attorney approves the text.</p>
      )}
    </section>
  );
}
