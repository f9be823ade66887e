// The second factor in the browser: the code step of signing in, setting up an authenticator app (QR code,
// the key to type, confirmation by a first code) and showing recovery codes once.
import { startAuthentication } from '@simplewebauthn/browser';
import { Alert, Button, Form, Label, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { Body, Res, SessionView } from '../api/types.ts';
import { ErrorSummary, FieldErrorText, fieldError } from '../components/common.tsx';
import { useSession } from './session.tsx';

type KeyOptions = Res<'/session/security-key/options', 'post'>;

/** What the browser said when the person did not finish with the key (cancelled, timed out, no key). */
export const keyProblem = (err: unknown, action: string) =>
  new ApiError({
    status: 422,
    code: 'security_key',
    detail: `${action} did not finish. ${err instanceof Error && err.name === 'NotAllowedError' ? 'It was cancelled or timed out.' : 'The browser or the key refused.'} Try again, or use another way.`,
    errors: [],
  });

/**
 * Signing in with a security key instead of the code, offered when the account has one: the options come
 * from the server (which keeps the challenge), the browser asks the key, the server checks its answer.
 */
function SecurityKeyStep({ onError }: { onError(err: unknown): void }) {
  const session = useSession();
  const [options, setOptions] = useState<KeyOptions | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let cancelled = false;
    api<KeyOptions>('POST', '/session/security-key/options')
      .then((o) => !cancelled && setOptions(o))
      .catch(() => undefined); // no key, or keys not set up: the code form is enough
    return () => {
      cancelled = true;
    };
  }, []);
  if (!options) return null;

  async function signInWithKey() {
    setBusy(true);
    onError(null);
    let current = options!;
    try {
      let response: Awaited<ReturnType<typeof startAuthentication>>;
      try {
        response = await startAuthentication({ optionsJSON: current as never });
      } catch (err) {
        throw keyProblem(err, 'Signing in with your security key');
      }
      session.adopt(
        await api<Res<'/session/security-key', 'post'>>('POST', '/session/security-key', {
          response,
        } as Body<'/session/security-key', 'post'>),
      );
    } catch (err) {
      onError(err);
      // Each challenge works once: ask for a new one for the next try.
      current = await api<KeyOptions>('POST', '/session/security-key/options').catch(() => current);
      setOptions(current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="key-heading" className="margin-bottom-4">
      <h2 id="key-heading" className="font-heading-md">
        Security key
      </h2>
      <p>Your account has a security key. You can use it instead of a code.</p>
      <Button type="button" onClick={signInWithKey} aria-disabled={busy}>
        {busy ? 'Waiting for your key…' : 'Use your security key'}
      </Button>
    </section>
  );
}

const missing = (field: string, message: string) =>
  new ApiError({ status: 422, code: 'invalid_input', detail: message, errors: [{ field, message }] });

/** A 6-digit code field (numeric keyboard on phones, one-time-code autofill). */
function CodeField({
  id,
  label,
  value,
  onChange,
  error,
  path,
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error: unknown;
  path: string;
}) {
  return (
    <>
      <Label htmlFor={id}>
        {label}{' '}
        <abbr title="required" className="usa-hint usa-hint--required">
          *
        </abbr>
      </Label>
      <span className="usa-hint" id={`${id}-hint`}>
        The 6 digits your authenticator app shows for Redline now.
      </span>
      <FieldErrorText error={error} path={path} />
      <TextInput
        id={id}
        name={path}
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        className="usa-input--small"
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\s/g, ''))}
        validationStatus={fieldError(error, path) ? 'error' : undefined}
        aria-describedby={`${id}-hint`}
        aria-required
      />
    </>
  );
}

/** The second step of signing in: the authenticator code, or one recovery code. */
export function SecondFactorForm(props: {
  onSubmit(factor: { code: string } | { recoveryCode: string }): Promise<void>;
  onCancel(): void;
}) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!useRecovery && !/^\d{6}$/.test(code)) {
      setError(missing('code', 'Enter the 6 digits your authenticator app shows.'));
      return;
    }
    if (useRecovery && recovery.trim().length < 8) {
      setError(missing('recoveryCode', 'Enter one of your recovery codes, for example abcde-fghjk.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(useRecovery ? { recoveryCode: recovery.trim() } : { code });
    } catch (err) {
      setError(err);
      setCode('');
      setRecovery('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ErrorSummary error={error} heading="The code was not accepted" />
      <SecurityKeyStep onError={setError} />
      <Form onSubmit={submit} large>
        {useRecovery ? (
          <>
            <Label htmlFor="f-recoveryCode">
              Recovery code{' '}
              <abbr title="required" className="usa-hint usa-hint--required">
                *
              </abbr>
            </Label>
            <span className="usa-hint" id="f-recoveryCode-hint">
              One of the codes you saved when you set up the app. Each works once.
            </span>
            <FieldErrorText error={error} path="recoveryCode" />
            <TextInput
              id="f-recoveryCode"
              name="recoveryCode"
              type="text"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              value={recovery}
              onChange={(e) => setRecovery(e.target.value)}
              validationStatus={fieldError(error, 'recoveryCode') ? 'error' : undefined}
              aria-describedby="f-recoveryCode-hint"
              aria-required
            />
          </>
        ) : (
          <CodeField
            id="f-code"
            label="Authenticator code"
            value={code}
            onChange={setCode}
            error={error}
            path="code"
          />
        )}
        <Button type="submit" className="margin-top-3" aria-disabled={busy}>
          {busy ? 'Checking…' : 'Verify'}
        </Button>
      </Form>
      <p className="margin-top-3">
        <Button
          type="button"
          unstyled
          onClick={() => {
            setUseRecovery((r) => !r);
            setError(null);
          }}
        >
          {useRecovery ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
        </Button>
      </p>
      <p>
        <Button type="button" unstyled onClick={props.onCancel}>
          Cancel and start again
        </Button>
      </p>
    </>
  );
}

/** The recovery codes, shown once, with what to do with them. */
export function RecoveryCodes({
  codes,
  onDone,
  doneLabel,
}: {
  codes: string[];
  onDone(): void;
  doneLabel: string;
}) {
  return (
    <section aria-labelledby="recovery-heading" className="margin-y-3">
      <h2 id="recovery-heading">Your recovery codes</h2>
      <Alert type="warning" headingLevel="h3" heading="Save these codes now" slim={false}>
        They are shown only this once. Each code signs you in once if you do not have your authenticator app.
        Keep them somewhere safe, away from your phone: print them or store them in a password manager.
      </Alert>
      <ol className="rl-recovery-codes font-mono-md" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <Button type="button" onClick={onDone}>
        {doneLabel}
      </Button>
    </section>
  );
}

type Enrolment = Res<'/session/mfa/enrolment', 'post'>;
type Confirmed = Res<'/session/mfa/enrolment/confirm', 'post'>;

/**
 * Setting up an authenticator app: the QR code and the key to type, then the first code to confirm it,
 * then the recovery codes. `onDone` receives the active session when signing in was waiting for this.
 */
export function MfaEnrolment({ onDone }: { onDone(session: SessionView | null): void }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await api<Enrolment>('POST', '/session/mfa/enrolment', {}));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setError(missing('code', 'Enter the 6 digits your authenticator app shows.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setConfirmed(
        await api<Confirmed>('POST', '/session/mfa/enrolment/confirm', {
          code,
        } satisfies Body<'/session/mfa/enrolment/confirm', 'post'>),
      );
    } catch (err) {
      setError(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (confirmed)
    return (
      <RecoveryCodes
        codes={confirmed.recoveryCodes}
        doneLabel="I have saved my recovery codes"
        onDone={() => onDone(confirmed.session)}
      />
    );

  if (!enrolment)
    return (
      <>
        <ErrorSummary error={error} />
        <ol className="usa-list">
          <li>
            Install an authenticator app on your work phone (for example Microsoft Authenticator or Google
            Authenticator).
          </li>
          <li>Show the QR code below and scan it with the app.</li>
          <li>Enter the 6-digit code the app shows to confirm.</li>
        </ol>
        <Button type="button" onClick={start} aria-disabled={busy}>
          {busy ? 'Preparing…' : 'Show the QR code'}
        </Button>
      </>
    );

  const key = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <>
      <ErrorSummary error={error} heading="The app could not be confirmed" />
      <div className="grid-row grid-gap">
        <div className="grid-col-auto">
          <img
            src={enrolment.qrDataUrl}
            width={240}
            height={240}
            alt="QR code to scan with your authenticator app. If you cannot scan it, type the key shown next to it."
          />
        </div>
        <div className="grid-col">
          <h2 className="margin-top-0">Cannot scan the code?</h2>
          <p>In the app, choose to enter a key and type:</p>
          <p className="font-mono-md text-bold" data-testid="mfa-key">
            {key}
          </p>
          <p className="usa-hint">Account: your username. Type: time-based. Issuer: Redline.</p>
        </div>
      </div>
      <Form onSubmit={confirm} large>
        <CodeField
          id="f-code"
          label="Code from the app"
          value={code}
          onChange={setCode}
          error={error}
          path="code"
        />
        <Button type="submit" className="margin-top-3" aria-disabled={busy}>
          {busy ? 'Confirming…' : 'Confirm'}
        </Button>
      </Form>
    </>
  );
}
