// The counsel portal: a separate part of the web application for the person named in a case and their
// counsel, outside the agency's sign-in. Its own visit (cookie) opened with the access code or the one-time
// link; pages in ten languages (Arabic and Persian right to left).
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Form,
  FormGroup,
  GridContainer,
  Label,
  Radio,
  Select,
  Textarea,
  TextInput,
} from '@trussworks/react-uswds';
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { type PortalCase, type PortalSessionView, portalApi, portalUpload, setPortalCsrf } from './api.ts';
import { applyLanguage, directionOf, initPortalI18n, langTag, PORTAL_LANGUAGES } from './i18n.ts';
import { fieldTexts, problemText } from './problems.ts';

const GROUNDS = [
  'political_character',
  'private_or_family_matter',
  'refugee_status',
  'due_process_or_torture',
  'insufficient_judicial_data',
  'not_the_person',
  'notice_not_current',
  'other',
] as const;
const OUTCOMES = ['pending', 'deletion', 'non_compliant', 'correction', 'retained', 'other'] as const;
const LANG_KEY = 'redline.portal.language';

function initialLanguage(): string {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  const stored = fromQuery ?? window.localStorage.getItem(LANG_KEY) ?? 'en';
  return PORTAL_LANGUAGES.some((l) => l.code === stored) ? stored : 'en';
}

const first = initialLanguage();
initPortalI18n(first);
applyLanguage(first);

export default function PortalApp() {
  return (
    <BrowserRouter>
      <Portal />
    </BrowserRouter>
  );
}

function Portal() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<PortalSessionView | null>(null);
  const lang = i18n.language;

  const refresh = useCallback(async () => {
    const s = await portalApi<PortalSessionView>('GET', '/session');
    setPortalCsrf(s.csrfToken);
    setSession(s);
  }, []);
  useEffect(() => {
    void refresh().catch(() =>
      setSession({ signedIn: false, csrfToken: null, language: null, accessExpiresAt: null }),
    );
  }, [refresh]);

  const changeLanguage = async (code: string) => {
    window.localStorage.setItem(LANG_KEY, code);
    applyLanguage(code);
    if (session?.signedIn) await portalApi('PUT', '/language', { language: code }).catch(() => undefined);
  };
  const leave = async () => {
    await portalApi('DELETE', '/session').catch(() => undefined);
    setPortalCsrf(null);
    setSession({ signedIn: false, csrfToken: null, language: null, accessExpiresAt: null });
  };

  return (
    <div lang={langTag(lang)} dir={directionOf(lang)} className="portal">
      <a className="usa-skipnav" href="#portal-main">
        {t('nav.case')}
      </a>
      <header className="usa-header usa-header--basic portal-header">
        <GridContainer>
          <div className="portal-brand">
            <p className="font-heading-lg margin-y-1 text-bold">{t('title')}</p>
            <p className="margin-y-0">{t('subtitle')}</p>
          </div>
          <div className="portal-tools">
            <Label htmlFor="portal-language" className="margin-top-0">
              {t('language')}
            </Label>
            <Select
              id="portal-language"
              name="language"
              value={lang}
              onChange={(e) => void changeLanguage(e.target.value)}
            >
              {PORTAL_LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={langTag(l.code)}>
                  {l.name}
                </option>
              ))}
            </Select>
          </div>
          {session?.signedIn && (
            <nav aria-label={t('title')} className="portal-nav margin-y-2">
              <Link to="/portal">{t('nav.case')}</Link>
              <Link to="/portal/contest">{t('nav.contest')}</Link>
              <Link to="/portal/ccf">{t('nav.ccf')}</Link>
              <Button type="button" unstyled onClick={() => void leave()}>
                {t('nav.leave')}
              </Button>
            </nav>
          )}
        </GridContainer>
      </header>
      <main id="portal-main">
        <GridContainer className="padding-bottom-6">
          {t('pending') && (
            <p
              className="usa-tag bg-gold text-ink margin-top-2"
              lang="en"
              dir="ltr"
              data-testid="translation-pending"
            >
              {t('pending')}
            </p>
          )}
          {session === null ? (
            <p>{t('loading')}</p>
          ) : (
            <Routes>
              <Route path="/portal/link/:token" element={<LinkSignIn onOpened={refresh} />} />
              <Route
                path="/portal/contest"
                element={session.signedIn ? <ContestForm /> : <SignIn onOpened={refresh} />}
              />
              <Route
                path="/portal/ccf"
                element={session.signedIn ? <CcfPage /> : <SignIn onOpened={refresh} />}
              />
              <Route path="*" element={session.signedIn ? <Overview /> : <SignIn onOpened={refresh} />} />
            </Routes>
          )}
        </GridContainer>
      </main>
    </div>
  );
}

function SignIn({ onOpened }: { onOpened: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await portalApi('POST', '/session', { code, language: i18n.language });
      await onOpened();
    } catch (err) {
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{t('signin.heading')}</h1>
      <p className="usa-intro">{t('signin.intro')}</p>
      <Form onSubmit={(e) => void submit(e)} large>
        <FormGroup error={error !== null}>
          <Label htmlFor="portal-code">{t('signin.code')}</Label>
          <span className="usa-hint" id="portal-code-hint">
            {t('signin.hint')}
          </span>
          {error && (
            <span className="usa-error-message" id="portal-code-error" role="alert">
              {error}
            </span>
          )}
          <TextInput
            id="portal-code"
            name="code"
            type="text"
            autoComplete="off"
            spellCheck={false}
            dir="ltr"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby={error ? 'portal-code-hint portal-code-error' : 'portal-code-hint'}
            validationStatus={error ? 'error' : undefined}
          />
        </FormGroup>
        <Button type="submit" disabled={busy}>
          {t('signin.submit')}
        </Button>
      </Form>
    </>
  );
}

function LinkSignIn({ onOpened }: { onOpened: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { token } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let done = false;
    portalApi('POST', '/session', { linkToken: token, language: i18n.language })
      .then(async () => {
        if (done) return;
        await onOpened();
        navigate('/portal', { replace: true });
      })
      .catch((err) => !done && setError(problemText(err, t)));
    return () => {
      done = true;
    };
  }, [token, onOpened, navigate, t, i18n.language]);
  return error ? (
    <Alert type="error" headingLevel="h1" heading={t('signin.heading')}>
      {error} <Link to="/portal">{t('signin.code')}</Link>
    </Alert>
  ) : (
    <p>{t('signin.opening')}</p>
  );
}

function useDate() {
  const { i18n } = useTranslation();
  return (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(langTag(i18n.language), { dateStyle: 'long', timeZone: 'UTC' }).format(
          new Date(iso),
        )
      : '';
}

function useCase() {
  const [data, setData] = useState<PortalCase | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    portalApi<PortalCase>('GET', '/case').then(setData, setError);
  }, []);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

function Overview() {
  const { t } = useTranslation();
  const date = useDate();
  const { data, error } = useCase();
  if (error) return <Alert type="error" headingLevel="h1" heading={problemText(error, t)} />;
  if (!data) return <p>{t('loading')}</p>;
  return (
    <>
      <h1>{t('case.heading')}</h1>
      <p>{t('case.expires', { date: date(data.accessExpiresAt) })}</p>
      <Alert type="info" headingLevel="h2" slim>
        {data.contestDeadline
          ? t('case.deadline', { date: date(data.contestDeadline) })
          : t('case.noDeadline')}
      </Alert>
      {data.packets.length > 0 && (
        <Section title={t('packets.heading')}>
          <ul className="usa-list">
            {data.packets.map((p) => (
              <li key={p.id} data-testid="portal-packet">
                {t('packets.line', {
                  ref: p.reference,
                  lang: p.language,
                  version: p.version,
                  date: date(p.servedAt),
                })}{' '}
                <a href={`/api/v1/portal/packets/${p.id}`} download>
                  {t('packets.download')}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={t('docs.heading')}>
        {data.documents.length === 0 ? (
          <p>{t('docs.none')}</p>
        ) : (
          <ul className="usa-list">
            {data.documents.map((d) => (
              <li key={d.id}>
                <bdi>{d.title}</bdi> — {t('docs.received', { date: date(d.receivedAt) })}
                {d.downloadable && (
                  <>
                    {' '}
                    <a href={`/api/v1/portal/documents/${d.id}`} download>
                      {t('docs.download', { title: d.title })}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('contests.heading')}>
        {data.contests.length === 0 ? (
          <p>{t('contests.none')}</p>
        ) : (
          data.contests.map((c) => (
            <div key={c.id} className="usa-summary-box margin-bottom-2" data-testid="portal-contest">
              <div className="usa-summary-box__body">
                <h3 className="usa-summary-box__heading">
                  {t('contests.reference', { ref: c.reference ?? '' })} —{' '}
                  {c.decision ? t(`contests.${c.decision}`) : t('contests.under_review')}
                </h3>
                <p>{t('contests.filed', { date: date(c.filedAt) })}</p>
                <ul className="usa-list">
                  {c.grounds.map((g) => (
                    <li key={g.ground}>{t(`grounds.${g.ground}`)}</li>
                  ))}
                </ul>
                {c.decision && (
                  <>
                    <h4>{t('contests.reasons')}</h4>
                    {c.answers.map((a) => (
                      <div key={a.groundIndex}>
                        <p className="text-bold margin-bottom-0">
                          {t('contests.answerTo', {
                            ground: t(`grounds.${c.grounds[a.groundIndex]?.ground ?? 'other'}`),
                          })}
                        </p>
                        <p className="margin-top-05" lang="en" dir="ltr">
                          {a.answer}
                        </p>
                      </div>
                    ))}
                    {c.rationale && (
                      <p lang="en" dir="ltr">
                        {c.rationale}
                      </p>
                    )}
                  </>
                )}
              </div>
            </div>
          ))
        )}
        <Link className="usa-button" to="/portal/contest">
          {t('contest.heading')}
        </Link>
      </Section>
      <CcfList reports={data.ccfReports} />
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="margin-top-4">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function FieldError({ id, errors }: { id: string; errors: Record<string, string> }) {
  return errors[id] ? (
    <span className="usa-error-message" id={`${id}-error`}>
      {errors[id]}
    </span>
  ) : null;
}

function ContestForm() {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [contact, setContact] = useState({ name: '', role: 'counsel', email: '', phone: '', address: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<{ id: string; reference: string } | null>(null);
  const order = GROUNDS.filter((g) => g in chosen);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailed(null);
    try {
      const r = await portalApi<{ id: string; reference: string }>('POST', '/contests', {
        grounds: order.map((g) => ({ ground: g, statement: chosen[g] ?? '' })),
        contact: {
          name: contact.name,
          role: contact.role,
          email: contact.email || null,
          phone: contact.phone || null,
          address: contact.address || null,
        },
      });
      setReceipt(r);
    } catch (err) {
      setErrors(fieldTexts(err, t));
      setFailed(problemText(err, t));
    }
  };
  if (receipt)
    return (
      <Alert type="success" headingLevel="h1" heading={t('contest.receiptHeading')}>
        <p data-testid="receipt-reference">{t('contest.receiptReference', { ref: receipt.reference })}</p>
        <p>{t('contest.receiptKeep')}</p>
        <FileSender
          path={`/contests/${receipt.id}/documents`}
          id="supporting"
          heading={t('contest.docsHeading')}
          hint={t('contest.docsHint')}
          label={t('contest.docsLabel')}
        />
        <Link to="/portal">{t('nav.case')}</Link>
      </Alert>
    );
  const statementError = (i: number) => errors[`grounds.${i}.statement`];
  return (
    <>
      <h1>{t('contest.heading')}</h1>
      <p className="usa-intro">{t('contest.intro')}</p>
      {failed && (
        <Alert type="error" headingLevel="h2" slim role="alert">
          {failed}
        </Alert>
      )}
      <Form onSubmit={(e) => void submit(e)} large>
        <Fieldset legend={t('contest.grounds')}>
          <FieldError id="grounds" errors={errors} />
          {GROUNDS.map((g) => {
            const i = order.indexOf(g);
            return (
              <div key={g}>
                <Checkbox
                  id={`ground-${g}`}
                  name="grounds"
                  label={t(`grounds.${g}`)}
                  checked={g in chosen}
                  onChange={(e) =>
                    setChosen((c) => {
                      const next = { ...c };
                      if (e.target.checked) next[g] = '';
                      else delete next[g];
                      return next;
                    })
                  }
                />
                {g in chosen && (
                  <FormGroup error={i >= 0 && !!statementError(i)} className="margin-left-4">
                    <Label htmlFor={`statement-${g}`}>
                      {t('contest.statement')}: {t(`grounds.${g}`)}
                    </Label>
                    {i >= 0 && statementError(i) && (
                      <span className="usa-error-message">{statementError(i)}</span>
                    )}
                    <Textarea
                      id={`statement-${g}`}
                      name={`statement-${g}`}
                      value={chosen[g] ?? ''}
                      onChange={(e) => setChosen((c) => ({ ...c, [g]: e.target.value }))}
                    />
                  </FormGroup>
                )}
              </div>
            );
          })}
        </Fieldset>
        <Fieldset legend={t('contest.contact')}>
          <FormGroup error={!!errors['contact.name']}>
            <Label htmlFor="contact.name">{t('contest.name')}</Label>
            <FieldError id="contact.name" errors={errors} />
            <TextInput
              id="contact.name"
              name="contact.name"
              type="text"
              autoComplete="name"
              value={contact.name}
              onChange={(e) => setContact({ ...contact, name: e.target.value })}
            />
          </FormGroup>
          <Fieldset legend={t('contest.role')}>
            <Radio
              id="role-person"
              name="role"
              label={t('contest.rolePerson')}
              checked={contact.role === 'person'}
              onChange={() => setContact({ ...contact, role: 'person' })}
            />
            <Radio
              id="role-counsel"
              name="role"
              label={t('contest.roleCounsel')}
              checked={contact.role === 'counsel'}
              onChange={() => setContact({ ...contact, role: 'counsel' })}
            />
          </Fieldset>
          <FormGroup error={!!errors['contact.email']}>
            <Label htmlFor="contact.email">{t('contest.email')}</Label>
            <FieldError id="contact.email" errors={errors} />
            <TextInput
              id="contact.email"
              name="contact.email"
              type="email"
              dir="ltr"
              autoComplete="email"
              value={contact.email}
              onChange={(e) => setContact({ ...contact, email: e.target.value })}
            />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="contact.phone">{t('contest.phone')}</Label>
            <TextInput
              id="contact.phone"
              name="contact.phone"
              type="tel"
              dir="ltr"
              autoComplete="tel"
              value={contact.phone}
              onChange={(e) => setContact({ ...contact, phone: e.target.value })}
            />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="contact.address">{t('contest.address')}</Label>
            <Textarea
              id="contact.address"
              name="contact.address"
              autoComplete="street-address"
              value={contact.address}
              onChange={(e) => setContact({ ...contact, address: e.target.value })}
            />
          </FormGroup>
        </Fieldset>
        <p className="usa-hint">{t('contest.supporting')}</p>
        <Button type="submit">{t('contest.submit')}</Button>
      </Form>
    </>
  );
}

function CcfList({ reports }: { reports: PortalCase['ccfReports'] }) {
  const { t } = useTranslation();
  const date = useDate();
  if (reports.length === 0) return null;
  return (
    <Section title={t('ccf.listHeading')}>
      <ul className="usa-list">
        {reports.map((r) => (
          <li key={r.id} data-testid="portal-ccf-report">
            {t('contests.reference', { ref: r.reference })}: {t(`ccf.outcomes.${r.outcome}`)} —{' '}
            {t(`ccf.status.${r.status}`)} ({date(r.reportedAt)})
          </li>
        ))}
      </ul>
    </Section>
  );
}

function CcfPage() {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    appliedOn: '',
    ccfReference: '',
    outcome: 'pending',
    outcomeOn: '',
    statement: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ id: string; reference: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const r = await portalApi<{ id: string; reference: string }>('POST', '/ccf-reports', {
        appliedOn: form.appliedOn,
        ccfReference: form.ccfReference || null,
        outcome: form.outcome,
        outcomeOn: form.outcome === 'pending' ? null : form.outcomeOn || null,
        statement: form.statement || null,
      });
      setDone(r);
    } catch (err) {
      setErrors({ ...fieldTexts(err, t), form: problemText(err, t) });
    }
  };
  if (done)
    return (
      <Alert type="success" headingLevel="h1" heading={t('ccf.heading')}>
        <p data-testid="ccf-reference">{t('ccf.received', { ref: done.reference })}</p>
        <FileSender
          path={`/ccf-reports/${done.id}/letter`}
          id="ccf-letter"
          heading={t('ccf.letterHeading')}
          hint={t('ccf.letterHint')}
          label={t('ccf.letterLabel')}
        />
        <Link to="/portal">{t('nav.case')}</Link>
      </Alert>
    );
  return (
    <>
      <h1>{t('ccf.heading')}</h1>
      <p className="usa-intro">{t('ccf.intro')}</p>
      {errors.form && (
        <Alert type="error" headingLevel="h2" slim>
          {errors.form}
        </Alert>
      )}
      <Form onSubmit={(e) => void submit(e)} large>
        <FormGroup error={!!errors.appliedOn}>
          <Label htmlFor="appliedOn">{t('ccf.appliedOn')}</Label>
          <FieldError id="appliedOn" errors={errors} />
          <input
            className="usa-input"
            id="appliedOn"
            name="appliedOn"
            type="date"
            value={form.appliedOn}
            onChange={(e) => setForm({ ...form, appliedOn: e.target.value })}
          />
        </FormGroup>
        <FormGroup>
          <Label htmlFor="ccfReference">{t('ccf.reference')}</Label>
          <TextInput
            id="ccfReference"
            name="ccfReference"
            type="text"
            dir="ltr"
            value={form.ccfReference}
            onChange={(e) => setForm({ ...form, ccfReference: e.target.value })}
          />
        </FormGroup>
        <FormGroup error={!!errors.outcome}>
          <Label htmlFor="outcome">{t('ccf.outcome')}</Label>
          <Select
            id="outcome"
            name="outcome"
            value={form.outcome}
            onChange={(e) => setForm({ ...form, outcome: e.target.value })}
          >
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`ccf.outcomes.${o}`)}
              </option>
            ))}
          </Select>
        </FormGroup>
        {form.outcome !== 'pending' && (
          <FormGroup error={!!errors.outcomeOn}>
            <Label htmlFor="outcomeOn">{t('ccf.outcomeOn')}</Label>
            <FieldError id="outcomeOn" errors={errors} />
            <input
              className="usa-input"
              id="outcomeOn"
              name="outcomeOn"
              type="date"
              value={form.outcomeOn}
              onChange={(e) => setForm({ ...form, outcomeOn: e.target.value })}
            />
          </FormGroup>
        )}
        <FormGroup>
          <Label htmlFor="statement">{t('ccf.statement')}</Label>
          <Textarea
            id="statement"
            name="statement"
            value={form.statement}
            onChange={(e) => setForm({ ...form, statement: e.target.value })}
          />
        </FormGroup>
        <p className="usa-hint">{t('ccf.letterNext')}</p>
        <Button type="submit">{t('ccf.submit')}</Button>
      </Form>
    </>
  );
}

/** One file at a time sent with a contest or a CCF report just filed (the server checks it like every upload). */
function FileSender(props: { path: string; id: string; heading: string; hint: string; label: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await portalUpload<{ fileName: string }>(props.path, file);
      setSent((s) => [...s, r.fileName]);
      setFile(null);
    } catch (err) {
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const input = `${props.id}-file`;
  return (
    <section aria-labelledby={`${props.id}-heading`} className="margin-y-2">
      <h2 id={`${props.id}-heading`} className="font-heading-md">
        {props.heading}
      </h2>
      <p>{props.hint}</p>
      <form onSubmit={send}>
        <label className="usa-label" htmlFor={input}>
          {props.label}
        </label>
        {error && (
          <span className="usa-error-message" id={`${input}-error`} role="alert">
            {error}
          </span>
        )}
        <input
          id={input}
          className="usa-file-input"
          type="file"
          accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.docx,.txt"
          aria-describedby={error ? `${input}-error` : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <button type="submit" className="usa-button margin-top-1" disabled={!file || busy}>
          {t('contest.docsSend')}
        </button>
      </form>
      {sent.length > 0 && (
        <ul>
          {sent.map((n) => (
            <li key={n} data-testid="file-sent">
              {t('contest.docsSent', { name: n })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
