// Your security keys (WebAuthn): add one under a name, see when each was last used, remove one after
// confirming your passphrase and a current code. A key is used at sign-in instead of the code.
import { startRegistration } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Label, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { ApiError, api, get } from '../api/client.ts';
import type { Body, Res } from '../api/types.ts';
import { ErrorSummary, FieldErrorText, fieldError, LoadError, Loading } from '../components/common.tsx';
import { keyProblem } from '../session/Mfa.tsx';

type Keys = Res<'/account/security-keys', 'get'>;
type Key = Keys['keys'][number];

const missing = (field: string, message: string) =>
  new ApiError({ status: 422, code: 'invalid_input', detail: message, errors: [{ field, message }] });

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : 'never';

export function SecurityKeys({ mfaEnrolled }: { mfaEnrolled: boolean }) {
  const queries = useQueryClient();
  const keys = useQuery({ queryKey: ['security-keys'], queryFn: () => get<Keys>('/account/security-keys') });
  const [removing, setRemoving] = useState<Key | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['security-keys'] });

  if (keys.isPending) return <Loading what="your security keys" />;
  if (keys.isError) return <LoadError error={keys.error} />;
  if (!keys.data.available) return null;
  return (
    <section aria-labelledby="keys-heading" className="margin-top-4">
      <h2 id="keys-heading">Security keys</h2>
      <p>
        A security key (a USB or NFC key, or a passkey on this device) can be used at sign-in instead of a
        code from your authenticator app.
      </p>
      {notice && (
        <Alert type="success" headingLevel="h3" slim role="status">
          {notice}
        </Alert>
      )}
      {keys.data.keys.length > 0 ? (
        <table className="usa-table usa-table--borderless" data-testid="security-keys">
          <caption className="usa-sr-only">Your security keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td>{when(k.createdAt)}</td>
                <td>{when(k.lastUsedAt)}</td>
                <td>
                  <Button
                    type="button"
                    unstyled
                    onClick={() => {
                      setNotice(null);
                      setRemoving(k);
                    }}
                  >
                    Remove<span className="usa-sr-only"> {k.name}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>You have no security key.</p>
      )}
      {removing ? (
        <RemoveKey
          keyToRemove={removing}
          onCancel={() => setRemoving(null)}
          onDone={() => {
            setNotice(`The security key “${removing.name}” was removed.`);
            setRemoving(null);
            refresh();
          }}
        />
      ) : mfaEnrolled ? (
        <AddKey
          onDone={(name) => {
            setNotice(`The security key “${name}” was added. You can use it the next time you sign in.`);
            refresh();
          }}
        />
      ) : (
        <p className="usa-hint">Set up your authenticator app first; a security key is added to it.</p>
      )}
    </section>
  );
}

function AddKey({ onDone }: { onDone(name: string): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(missing('name', 'Give the key a name, for example “Blue key”.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const options = await api<Res<'/account/security-keys/options', 'post'>>(
        'POST',
        '/account/security-keys/options',
      );
      let response: Awaited<ReturnType<typeof startRegistration>>;
      try {
        response = await startRegistration({ optionsJSON: options as never });
      } catch (err) {
        throw keyProblem(err, 'Adding the security key');
      }
      await api('POST', '/account/security-keys', { name: trimmed, response } as Body<
        '/account/security-keys',
        'post'
      >);
      setName('');
      onDone(trimmed);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="add-key-heading">
      <h3 id="add-key-heading">Add a security key</h3>
      <ErrorSummary error={error} heading="The security key was not added" />
      <Form onSubmit={submit}>
        <Label htmlFor="f-key-name">
          Name of the key{' '}
          <abbr title="required" className="usa-hint usa-hint--required">
            *
          </abbr>
        </Label>
        <span className="usa-hint" id="f-key-name-hint">
          So you can tell your keys apart, for example “Blue key” or “Work laptop”.
        </span>
        <FieldErrorText error={error} path="name" />
        <TextInput
          id="f-key-name"
          name="name"
          type="text"
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          validationStatus={fieldError(error, 'name') ? 'error' : undefined}
          aria-describedby="f-key-name-hint"
          aria-required
        />
        <Button type="submit" className="margin-top-2" aria-disabled={busy}>
          {busy ? 'Waiting for your key…' : 'Add a security key'}
        </Button>
      </Form>
    </section>
  );
}

function RemoveKey({
  keyToRemove,
  onCancel,
  onDone,
}: {
  keyToRemove: Key;
  onCancel(): void;
  onDone(): void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!passphrase) return setError(missing('passphrase', 'Enter your passphrase.'));
    if (!/^\d{6}$/.test(code))
      return setError(missing('code', 'Enter the 6 digits your authenticator app shows.'));
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/account/security-keys/${keyToRemove.id}/remove`, {
        passphrase,
        code,
      } satisfies Body<'/account/security-keys/{id}/remove', 'post'>);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setPassphrase('');
      setCode('');
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="remove-key-heading">
      <h3 id="remove-key-heading">Remove the security key “{keyToRemove.name}”</h3>
      <p>Confirm it is you: enter your passphrase and a code from your authenticator app.</p>
      <ErrorSummary error={error} heading="The security key was not removed" />
      <Form onSubmit={submit}>
        <Label htmlFor="f-rm-passphrase">Passphrase</Label>
        <FieldErrorText error={error} path="passphrase" />
        <TextInput
          id="f-rm-passphrase"
          name="passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          validationStatus={fieldError(error, 'passphrase') ? 'error' : undefined}
          aria-required
        />
        <Label htmlFor="f-rm-code">Code from your authenticator app</Label>
        <FieldErrorText error={error} path="code" />
        <TextInput
          id="f-rm-code"
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
        <div className="margin-top-2">
          <Button type="submit" secondary aria-disabled={busy}>
            {busy ? 'Removing…' : 'Remove the key'}
          </Button>
          <Button type="button" unstyled onClick={onCancel}>
            Keep it
          </Button>
        </div>
      </Form>
    </section>
  );
}
