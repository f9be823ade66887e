import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE } from '../../src/demo/seed.ts';
import type { AppContext, Call } from '../../src/services/context.ts';
import { systemActor } from '../../src/services/context.ts';
import { KeyRing, newMasterKey } from '../../src/services/documents/keys.ts';
import type { Database } from '../../src/store/db.ts';

/** A controllable clock for tests of time limits. */
export function testClock(start = new Date('2026-06-01T12:00:00.000Z')) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(d: Date) {
      t = d.getTime();
    },
  };
}

export function testApp(
  d: Database,
  clock = testClock(),
): { app: AppContext; clock: ReturnType<typeof testClock>; system: Call } {
  const app: AppContext = {
    db: d.db,
    dbKind: d.kind,
    clock: clock.now,
    signer: null,
    // Second-factor secrets are sealed under a master key: a fresh one, in memory, per test app.
    secrets: new KeyRing(newMasterKey()),
    webauthn: { origin: 'http://localhost:3000', rpId: 'localhost', rpName: 'Redline' },
  };
  return {
    app,
    clock,
    system: { app, actor: systemActor('test'), meta: { requestId: null, sourceIp: null } },
  };
}

/**
 * The body of `POST /api/v1/session` for a demo account: its passphrase and the code its authenticator
 * app shows at the server's clock (demo accounts are enrolled with published secrets, src/demo/mfa.ts).
 */
export function demoSignInBody(username: string, app: AppContext) {
  return { username, passphrase: DEMO_PASSPHRASE, code: demoTotpCode(username, app.clock()) };
}

/** A demo account's session on an in-process server: its cookie and CSRF token, for `server.inject`. */
export type DemoSession = { cookie: string; csrf: string };

export async function signInDemo(
  server: { inject: (opts: { method: 'POST'; url: string; payload: object }) => Promise<InjectedSignIn> },
  username: string,
  app: AppContext,
): Promise<DemoSession> {
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: demoSignInBody(username, app),
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in of ${username} answered ${res.statusCode}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'redline_session')!;
  return { cookie: `redline_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

interface InjectedSignIn {
  statusCode: number;
  body: string;
  cookies: Array<{ name: string; value: string }>;
  json: () => unknown;
}
