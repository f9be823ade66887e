import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Label, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { ApiError, get } from '../api/client.ts';
import type { Res } from '../api/types.ts';
import { ErrorSummary, FieldErrorText, fieldError, PageHeading } from '../components/common.tsx';
import { MfaEnrolment, SecondFactorForm } from '../session/Mfa.tsx';
import { useSession } from '../session/session.tsx';

/**
 * Sign in, with the system-use notice the user accepts by signing in. Accounts with an authenticator app
 * then give its code; an account whose role requires one and has none sets it up before anything else.
 */
export function SignInPage() {
  const session = useSession();
  if (session.status === 'second-factor')
    return (
      <div className="grid-row">
        <div className="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
          <PageHeading title="Enter your authenticator code" />
          <p>
            Your passphrase is right. To finish signing in as <strong>{session.pendingUser?.username}</strong>
            , open your authenticator app and enter the code it shows for Redline.
          </p>
          <SecondFactorForm
            onSubmit={(factor) => session.completeSecondFactor(factor)}
            onCancel={() => session.signOut('Signing in was cancelled.')}
          />
        </div>
      </div>
    );
  if (session.status === 'enrol')
    return (
      <div className="grid-row">
        <div className="grid-col-12 desktop:grid-col-8">
          <PageHeading title="Set up your authenticator app" />
          <Alert type="info" headingLevel="h2" slim>
            Your role ({session.pendingUser?.role.replace('_', ' ')}) must sign in with a code from an
            authenticator app as well as a passphrase. Set it up now; you can then use Redline.
          </Alert>
          <MfaEnrolment
            onDone={(s) => {
              if (s) session.adopt(s);
            }}
          />
          <p className="margin-top-3">
            <Button type="button" unstyled onClick={() => session.signOut('Signing in was cancelled.')}>
              Cancel and sign out
            </Button>
          </p>
        </div>
      </div>
    );
  return <PassphraseStep />;
}

function PassphraseStep() {
  const session = useSession();
  const [username, setUsername] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = [
      ...(username.trim() ? [] : [{ field: 'username', message: 'Enter your username.' }]),
      ...(passphrase ? [] : [{ field: 'passphrase', message: 'Enter your passphrase.' }]),
    ];
    if (missing.length) {
      setError(
        new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'Enter your username and passphrase.',
          errors: missing,
        }),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await session.signIn(username.trim(), passphrase);
    } catch (err) {
      setError(err);
      setPassphrase('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid-row">
      <div className="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
        <PageHeading title="Sign in to Redline" />
        {session.endedReason ? (
          <Alert type="info" headingLevel="h2" slim>
            {session.endedReason}
          </Alert>
        ) : null}
        {ssoFailed() ? (
          <Alert type="error" headingLevel="h2" heading="Single sign-on did not succeed" slim>
            Start again with “Sign in with single sign-on” below. If it fails again, your agency account may
            not be in a group that gives a Redline role, or it may be disabled: ask your administrator.
          </Alert>
        ) : null}
        <section aria-labelledby="notice-heading" className="usa-summary-box margin-y-3">
          <h2 id="notice-heading" className="usa-summary-box__heading">
            System use notice
          </h2>
          <p className="usa-summary-box__text" style={{ whiteSpace: 'pre-line' }}>
            {session.systemUseNotice ||
              'Use of this system is for authorized purposes only and may be monitored, recorded and audited. Unauthorized use is prohibited.'}
          </p>
          <p className="usa-summary-box__text text-bold">By signing in, you accept these terms.</p>
        </section>
        <ErrorSummary error={error} heading="You could not be signed in" />
        <Form onSubmit={submit} large>
          <Label htmlFor="f-username">
            Username{' '}
            <abbr title="required" className="usa-hint usa-hint--required">
              *
            </abbr>
          </Label>
          <FieldErrorText error={error} path="username" />
          <TextInput
            id="f-username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            validationStatus={fieldError(error, 'username') ? 'error' : undefined}
            aria-required
          />
          <Label htmlFor="f-passphrase">
            Passphrase{' '}
            <abbr title="required" className="usa-hint usa-hint--required">
              *
            </abbr>
          </Label>
          <FieldErrorText error={error} path="passphrase" />
          <TextInput
            id="f-passphrase"
            name="passphrase"
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            validationStatus={fieldError(error, 'passphrase') ? 'error' : undefined}
            aria-required
          />
          <Button type="submit" className="margin-top-3" aria-disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </Form>
        <SingleSignOn />
      </div>
    </div>
  );
}

/** Whether the identity provider's redirect came back refused (the server sends the browser to /?sso=failed). */
function ssoFailed() {
  return new URLSearchParams(window.location.search).get('sso') === 'failed';
}

/** "Sign in with single sign-on", when the installation has an identity provider (GET /sso). */
function SingleSignOn() {
  const sso = useQuery({ queryKey: ['sso'], queryFn: () => get<Res<'/sso', 'get'>>('/sso') });
  if (!sso.data?.enabled || !sso.data.loginUrl) return null;
  return (
    <section aria-labelledby="sso-heading" className="margin-top-4">
      <h2 id="sso-heading" className="font-heading-md">
        Or use your agency account
      </h2>
      <a className="usa-button usa-button--outline" href={sso.data.loginUrl}>
        Sign in with single sign-on
      </a>
    </section>
  );
}
