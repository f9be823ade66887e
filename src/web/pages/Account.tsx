// Your account: the authenticator app (set it up, or make new recovery codes with a current code) and
// security keys (pages/SecurityKeys.tsx).

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Label, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { ApiError, api, get } from '../api/client.ts';
import type { Body, Res } from '../api/types.ts';
import {
  ErrorSummary,
  FieldErrorText,
  fieldError,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { MfaEnrolment, RecoveryCodes } from '../session/Mfa.tsx';
import { useSession } from '../session/session.tsx';
import { SecurityKeys } from './SecurityKeys.tsx';

type MfaStatus = Res<'/session/mfa', 'get'>;

export default function AccountPage() {
  const session = useSession();
  const queries = useQueryClient();
  const status = useQuery({ queryKey: ['session-mfa'], queryFn: () => get<MfaStatus>('/session/mfa') });
  const [enrolling, setEnrolling] = useState(false);
  const user = session.user!;

  return (
    <>
      <PageHeading title="Your account" />
      <p>
        {user.displayName} — username <strong>{user.username}</strong>
      </p>
      <h2>Authenticator app</h2>
      {status.isPending ? (
        <Loading what="your sign-in settings" />
      ) : status.isError ? (
        <LoadError error={status.error} />
      ) : status.data.enrolled ? (
        <>
          <p>
            You sign in with your passphrase and a code from your authenticator app.{' '}
            <span data-testid="recovery-left">
              You have {status.data.recoveryCodesLeft} unused recovery code
              {status.data.recoveryCodesLeft === 1 ? '' : 's'}.
            </span>
          </p>
          <NewRecoveryCodes onDone={() => queries.invalidateQueries({ queryKey: ['session-mfa'] })} />
          <p className="usa-hint">
            Lost your phone? Use a recovery code to sign in, then ask an administrator to remove the old app
            so you can set up a new one.
          </p>
        </>
      ) : enrolling ? (
        <MfaEnrolment
          onDone={() => {
            setEnrolling(false);
            queries.invalidateQueries({ queryKey: ['session-mfa'] });
          }}
        />
      ) : (
        <>
          <Alert type={status.data.required ? 'warning' : 'info'} headingLevel="h3" slim>
            {status.data.required
              ? 'Your role requires an authenticator app. Set one up now.'
              : 'A code from an authenticator app protects your account if your passphrase is ever guessed or stolen.'}
          </Alert>
          <Button type="button" className="margin-top-2" onClick={() => setEnrolling(true)}>
            Set up an authenticator app
          </Button>
        </>
      )}
      {status.isSuccess && <SecurityKeys mfaEnrolled={status.data.enrolled} />}
    </>
  );
}

function NewRecoveryCodes({ onDone }: { onDone(): void }) {
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      const message = 'Enter the 6 digits your authenticator app shows.';
      setError(
        new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: message,
          errors: [{ field: 'code', message }],
        }),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api<Res<'/session/mfa/recovery-codes', 'post'>>(
        'POST',
        '/session/mfa/recovery-codes',
        {
          code,
        } satisfies Body<'/session/mfa/recovery-codes', 'post'>,
      );
      setCodes(res.recoveryCodes);
    } catch (err) {
      setError(err);
    } finally {
      setCode('');
      setBusy(false);
    }
  }

  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        doneLabel="I have saved my new recovery codes"
        onDone={() => {
          setCodes(null);
          onDone();
        }}
      />
    );
  return (
    <section aria-labelledby="regen-heading">
      <h3 id="regen-heading">New recovery codes</h3>
      <p>Your old recovery codes stop working when you make new ones.</p>
      <ErrorSummary error={error} heading="New recovery codes were not made" />
      <Form onSubmit={submit}>
        <Label htmlFor="f-code">
          Code from your authenticator app{' '}
          <abbr title="required" className="usa-hint usa-hint--required">
            *
          </abbr>
        </Label>
        <FieldErrorText error={error} path="code" />
        <TextInput
          id="f-code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          className="usa-input--small"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
          validationStatus={fieldError(error, 'code') ? 'error' : undefined}
          aria-required
        />
        <Button type="submit" className="margin-top-2" aria-disabled={busy}>
          {busy ? 'Making codes…' : 'Make new recovery codes'}
        </Button>
      </Form>
    </section>
  );
}
