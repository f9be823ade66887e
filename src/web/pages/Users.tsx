// User accounts (administrators): who has which role and office, disabled and locked accounts, creating an
// account, disabling or enabling it, and releasing a lockout after repeated failed sign-ins.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, FormGroup, Label, Select, Tag, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useState } from 'react';
import { Field, Pager, pageOf, ScrollTable } from '../admin/shared.tsx';
import { ApiError, del, get, post } from '../api/client.ts';
import { type Body, type PublicUser, type Res, ROLE_LABELS, ROLES, type Role } from '../api/types.ts';
import { OfficeName, useOffices } from '../app/offices.tsx';
import {
  ErrorSummary,
  FieldErrorText,
  fieldError,
  fieldId,
  LoadError,
  Loading,
  PageHeading,
} from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

const PAGE_SIZE = 25;
const NO_OFFICE: readonly Role[] = ['liaison', 'auditor', 'administrator', 'training_coordinator'];

export default function UsersPage() {
  const users = useQuery({
    queryKey: ['users', 'list'],
    queryFn: () => get<Res<'/users', 'get'>>('/users'),
  });
  return (
    <>
      <PageHeading title="Users" />
      <p className="usa-intro">
        Create accounts, give each person one role, and disable an account when someone no longer needs
        access. Every change is recorded in the audit log.
      </p>
      {users.isPending ? <Loading what="user accounts" /> : null}
      {users.error ? <LoadError error={users.error} /> : null}
      {users.data ? <UserTable users={users.data.items} /> : null}
      <CreateUserForm />
    </>
  );
}

function StateTags({ u }: { u: PublicUser }) {
  return (
    <>
      {u.disabled ? (
        <Tag className="bg-secondary-dark">Disabled</Tag>
      ) : (
        <Tag className="bg-green">Active</Tag>
      )}{' '}
      {u.locked ? <Tag className="bg-gold text-ink">Locked out</Tag> : null}
    </>
  );
}

function UserTable({ users }: { users: PublicUser[] }) {
  const qc = useQueryClient();
  const { user: me } = useSession();
  const [page, setPage] = useState(0);
  const [role, setRole] = useState('');
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // The account whose authenticator app is about to be removed (asked once more before it is done).
  const [confirmReset, setConfirmReset] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async ({
      u,
      what,
    }: {
      u: PublicUser;
      what: 'disable' | 'enable' | 'release' | 'reset-mfa';
    }): Promise<PublicUser> => {
      const path = `/users/${encodeURIComponent(u.username)}`;
      if (what === 'release') return del<Res<'/users/{username}/lockout', 'delete'>>(`${path}/lockout`);
      if (what === 'reset-mfa') {
        await del(`${path}/mfa`);
        return { ...u, mfaEnrolled: false };
      }
      return post<PublicUser>(`${path}/${what}`);
    },
    onMutate: () => setMessage(null),
    onSuccess: (u, { what }) => {
      setConfirmReset(null);
      setMessage(
        what === 'disable'
          ? `${u.displayName}’s account is disabled. Their sessions have ended and they cannot sign in.`
          : what === 'enable'
            ? `${u.displayName}’s account is enabled. They can sign in again.`
            : what === 'reset-mfa'
              ? `${u.displayName}’s authenticator app and security keys are removed and their sessions have ended. They set up a new authenticator app at their next sign-in.`
              : `${u.displayName}’s lockout is released. They can try to sign in again now.`,
      );
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const q = text.trim().toLowerCase();
  const filtered = users
    .filter((u) => !role || u.role === role)
    .filter((u) => !q || u.username.includes(q) || u.displayName.toLowerCase().includes(q));
  const safePage = Math.min(page, Math.max(0, Math.ceil(filtered.length / PAGE_SIZE) - 1));
  const shown = pageOf(filtered, safePage, PAGE_SIZE);
  const locked = users.filter((u) => u.locked).length;
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Accounts</h2>
      <p>
        <strong>Releasing a lockout</strong>: after {5} failed sign-ins in a row, Redline locks the account so
        that nobody can keep guessing its passphrase. Releasing the lockout lets the person try again at once;
        it does not change their passphrase. Check first that it was really them. <strong>Disabling</strong>{' '}
        an account ends its sessions at once and stops it signing in; its history stays. You can enable it
        again later.
      </p>
      {locked ? (
        <p className="rl-overdue">
          {locked} {locked === 1 ? 'account is' : 'accounts are'} locked out.
        </p>
      ) : null}
      {act.error ? <ErrorSummary error={act.error} heading="The change was not made" /> : null}
      {message ? (
        <Alert type="success" headingLevel="h3" heading="Done" slim={false} role="status">
          {message}
        </Alert>
      ) : null}
      <Form onSubmit={(e) => e.preventDefault()} className="maxw-full" aria-label="Filter accounts">
        <div className="grid-row grid-gap">
          <FormGroup className="grid-col-12 tablet:grid-col-6">
            <Label htmlFor="users-filter-role">Role</Label>
            <Select
              id="users-filter-role"
              name="role"
              value={role}
              onChange={(e) => {
                setRole(e.target.value);
                setPage(0);
              }}
            >
              <option value="">All roles</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </Select>
          </FormGroup>
          <FormGroup className="grid-col-12 tablet:grid-col-6">
            <Label htmlFor="users-filter-text">Name or username contains</Label>
            <TextInput
              id="users-filter-text"
              name="text"
              type="text"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPage(0);
              }}
            />
          </FormGroup>
        </div>
      </Form>
      <ScrollTable label="User accounts" caption="User accounts with their role, office and state">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Office</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.displayName}</th>
              <td>{u.username}</td>
              <td>{ROLE_LABELS[u.role] ?? u.role}</td>
              <td>{u.officeId ? <OfficeName code={u.officeId} /> : 'No office'}</td>
              <td>
                <StateTags u={u} />
              </td>
              <td>
                {u.id === me?.id ? (
                  <span className="font-body-2xs">
                    This is your own account; another administrator must change it.
                  </span>
                ) : (
                  <>
                    <Button
                      type="button"
                      unstyled
                      className="margin-right-2"
                      aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}
                      onClick={() => act.mutate({ u, what: u.disabled ? 'enable' : 'disable' })}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </Button>
                    {u.locked ? (
                      <Button
                        type="button"
                        unstyled
                        className="margin-right-2"
                        aria-label={`Release the lockout of ${u.username}`}
                        onClick={() => act.mutate({ u, what: 'release' })}
                      >
                        Release lockout
                      </Button>
                    ) : null}
                    {u.mfaEnrolled && confirmReset !== u.username ? (
                      <Button
                        type="button"
                        unstyled
                        aria-label={`Reset the authenticator app of ${u.username}`}
                        onClick={() => setConfirmReset(u.username)}
                      >
                        Reset authenticator
                      </Button>
                    ) : null}
                    {u.mfaEnrolled && confirmReset === u.username ? (
                      <span className="display-block margin-top-1">
                        <span className="display-block font-body-2xs">
                          For a lost phone or app only: this removes the authenticator app and security keys
                          of {u.username} and ends their sessions.
                        </span>
                        <Button
                          type="button"
                          secondary
                          className="margin-top-1"
                          onClick={() => act.mutate({ u, what: 'reset-mfa' })}
                        >
                          Remove the authenticator app of {u.username}
                        </Button>
                        <Button
                          type="button"
                          unstyled
                          className="margin-left-1"
                          onClick={() => setConfirmReset(null)}
                        >
                          Keep it
                        </Button>
                      </span>
                    ) : null}
                  </>
                )}
              </td>
            </tr>
          ))}
          {shown.length === 0 ? (
            <tr>
              <td colSpan={6}>No account matches these filters.</td>
            </tr>
          ) : null}
        </tbody>
      </ScrollTable>
      <Pager page={safePage} pageSize={PAGE_SIZE} total={filtered.length} onPage={setPage} what="accounts" />
    </section>
  );
}

function CreateUserForm() {
  const qc = useQueryClient();
  const offices = useOffices();
  const empty = { username: '', displayName: '', email: '', role: '', officeId: '', passphrase: '' };
  const [v, setV] = useState(empty);
  const [created, setCreated] = useState<PublicUser | null>(null);
  const set = (k: keyof typeof empty) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const m = useMutation({
    mutationFn: () => {
      if (!v.role)
        throw new ApiError({
          status: 422,
          code: 'invalid_input',
          detail: 'The account could not be created.',
          errors: [{ field: 'role', message: 'Choose the person’s role.' }],
        });
      return post<Res<'/users', 'post'>>('/users', {
        username: v.username.trim(),
        displayName: v.displayName,
        email: v.email.trim() || null,
        role: v.role as Role,
        officeId: v.officeId.trim() || null,
        passphrase: v.passphrase,
      } satisfies Body<'/users', 'post'>);
    },
    onMutate: () => setCreated(null),
    onSuccess: (u) => {
      setCreated(u);
      setV(empty);
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: ['training'] });
    },
  });
  // A taken username is a conflict without a field; show it next to the username too.
  const error =
    m.error instanceof ApiError && m.error.code === 'username_taken'
      ? new ApiError({ ...m.error.problem, errors: [{ field: 'username', message: m.error.message }] })
      : m.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const needsOffice = v.role !== '' && !NO_OFFICE.includes(v.role as Role);
  return (
    <section aria-labelledby="create-heading" className="margin-top-4">
      <h2 id="create-heading">Create an account</h2>
      <ErrorSummary error={error} heading="The account was not created" />
      {created ? (
        <Alert type="success" headingLevel="h3" heading="Account created" slim={false} role="status">
          {created.displayName} ({created.username}) can now sign in as {ROLE_LABELS[created.role]}. Give them
          the initial passphrase in person or by a separate channel, never by email with the username.
        </Alert>
      ) : null}
      <Form onSubmit={submit} className="maxw-tablet" noValidate>
        <Field
          path="username"
          label="Username"
          hint="2 to 63 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit."
          required
          error={error}
          value={v.username}
          onChange={set('username')}
          autoComplete="off"
        />
        <Field
          path="displayName"
          label="Full name"
          required
          error={error}
          value={v.displayName}
          onChange={set('displayName')}
          autoComplete="off"
        />
        <Field
          path="email"
          label="Email (optional)"
          error={error}
          value={v.email}
          onChange={set('email')}
          autoComplete="off"
        />
        <FormGroup error={!!fieldError(error, 'role')}>
          <Label htmlFor={fieldId('role')} requiredMarker>
            Role
          </Label>
          <div className="usa-hint" id={`${fieldId('role')}-hint`}>
            The role decides what the person can see and do. Give the smallest role their work needs.
          </div>
          <FieldErrorText error={error} path="role" />
          <Select
            id={fieldId('role')}
            name="role"
            required
            value={v.role}
            aria-describedby={`${fieldId('role')}-hint`}
            onChange={(e) => set('role')(e.target.value)}
          >
            <option value="">- Choose a role -</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </FormGroup>
        <FormGroup error={!!fieldError(error, 'officeId')}>
          <Label htmlFor={fieldId('officeId')} requiredMarker={needsOffice}>
            {needsOffice ? 'Office' : 'Office (optional for this role)'}
          </Label>
          <div className="usa-hint" id={`${fieldId('officeId')}-hint`}>
            Officers, supervisors and attorneys belong to an office and see only its cases.
          </div>
          <FieldErrorText error={error} path="officeId" />
          <Select
            id={fieldId('officeId')}
            name="officeId"
            required={needsOffice}
            value={v.officeId}
            aria-describedby={`${fieldId('officeId')}-hint`}
            onChange={(e) => set('officeId')(e.target.value)}
          >
            <option value="">{needsOffice ? '- Choose an office -' : 'No office'}</option>
            {(offices.data?.items ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </FormGroup>
        <Field
          path="passphrase"
          label="Initial passphrase"
          hint={
            <>
              Passphrase rules: at least 12 characters (the policy may ask for more; a few unrelated words are
              easiest to remember); not easy to guess and not on a list of common or breached passwords; not
              the same as the username. Spaces are allowed.
            </>
          }
          required
          type="password"
          error={error}
          value={v.passphrase}
          onChange={set('passphrase')}
          autoComplete="new-password"
        />
        <Button type="submit">{m.isPending ? 'Creating…' : 'Create account'}</Button>
      </Form>
    </section>
  );
}
