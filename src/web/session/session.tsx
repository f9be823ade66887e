import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, api, get, onActivity, onUnauthorized, setCsrfToken } from '../api/client.ts';
import type { Body, PublicUser, Res, Role, SessionView } from '../api/types.ts';

/** The server ends a session after 30 minutes without a request; every API call slides that window. */
export const IDLE_LIMIT_MS = 30 * 60_000;
/** How long before the idle limit the warning appears. */
export const IDLE_WARNING_MS = 5 * 60_000;

interface SessionState {
  /**
   * `second-factor`: the passphrase was right; the authenticator code (or a recovery code) comes next.
   * `enrol`: the role requires an authenticator app the account does not have yet; set it up first.
   */
  status: 'loading' | 'signed-out' | 'signed-in' | 'second-factor' | 'enrol';
  /** The account that is signing in while a second step is pending. */
  pendingUser: PublicUser | null;
  user: PublicUser | null;
  systemUseNotice: string;
  /** Why the user was returned to sign-in (timeout, sign-out), shown on the sign-in page. */
  endedReason: string | null;
  /** Local estimate of when the server's idle limit ends, refreshed by every API call. */
  idleExpiresAt: number | null;
  absoluteExpiresAt: number | null;
  signIn(username: string, passphrase: string): Promise<void>;
  /** The second step: the authenticator code or a recovery code. */
  completeSecondFactor(factor: { code: string } | { recoveryCode: string }): Promise<void>;
  /** Takes over a session the server returned (after enrolling an authenticator app). */
  adopt(s: SessionView): void;
  signOut(reason?: string): Promise<void>;
  /** Keep the session alive (reads the session, which counts as activity). */
  stayActive(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

let lastActivity = Date.now();
function noteActivity(): void {
  lastActivity = Date.now();
}
onActivity(noteActivity);

// The first session check starts as soon as the application's code runs, before the first render, so that
// it is answered ahead of the page's own reads (see prefetchCasePage).
let firstCheck: Promise<SessionView> | null = get<SessionView>('/session');
firstCheck.catch(() => undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [user, setUser] = useState<PublicUser | null>(null);
  const [pendingUser, setPendingUser] = useState<PublicUser | null>(null);
  const [notice, setNotice] = useState('');
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const [absoluteExpiresAt, setAbsolute] = useState<number | null>(null);
  const [idleExpiresAt, setIdle] = useState<number | null>(null);

  const adopt = useCallback((s: SessionView) => {
    setCsrfToken(s.csrfToken);
    if (s.stage !== 'active') {
      // Signed in with the passphrase only: nothing but the second step is possible yet.
      setUser(null);
      setPendingUser(s.user);
      setNotice(s.systemUseNotice);
      setEndedReason(null);
      setStatus(s.stage === 'mfa' ? 'second-factor' : 'enrol');
      return;
    }
    setPendingUser(null);
    setUser(s.user);
    setNotice(s.systemUseNotice);
    setAbsolute(Date.parse(s.absoluteExpiresAt));
    noteActivity();
    setIdle(Date.now() + IDLE_LIMIT_MS);
    setEndedReason(null);
    setStatus('signed-in');
  }, []);

  const end = useCallback((reason: string | null) => {
    setCsrfToken(null);
    setUser(null);
    setPendingUser(null);
    setIdle(null);
    setAbsolute(null);
    setEndedReason(reason);
    setStatus('signed-out');
  }, []);

  useEffect(() => {
    let cancelled = false;
    const check = firstCheck ?? get<SessionView>('/session');
    firstCheck = null;
    check
      .then((s) => !cancelled && adopt(s))
      .catch(async () => {
        if (cancelled) return;
        try {
          const n = await get<Res<'/system-use-notice', 'get'>>('/system-use-notice');
          setNotice(n.notice);
        } catch {
          /* the sign-in page shows a fallback */
        }
        end(null);
      });
    return () => {
      cancelled = true;
    };
  }, [adopt, end]);

  // A 401 from any request means the server ended the session (timeout, sign-out elsewhere, account
  // disabled). Ignored once the user is already signed out, so that "You have signed out" stays.
  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(
    () =>
      onUnauthorized(() => {
        if (statusRef.current === 'signed-in') end('Your session has ended. Sign in again to continue.');
      }),
    [end],
  );

  // Follow activity: every API call moves the idle limit; check once a second.
  useEffect(() => {
    if (status !== 'signed-in') return;
    const timer = window.setInterval(() => {
      const idleEnd = lastActivity + IDLE_LIMIT_MS;
      setIdle(idleEnd);
      const now = Date.now();
      if (now >= idleEnd || (absoluteExpiresAt !== null && now >= absoluteExpiresAt)) {
        api('DELETE', '/session').catch(() => undefined);
        end('You were signed out because your session timed out. Sign in again to continue.');
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [status, absoluteExpiresAt, end]);

  const value = useMemo<SessionState>(
    () => ({
      status,
      user,
      pendingUser,
      systemUseNotice: notice,
      endedReason,
      idleExpiresAt,
      absoluteExpiresAt,
      async signIn(username, passphrase) {
        const s = await api<Res<'/session', 'post'>>('POST', '/session', {
          username,
          passphrase,
        } satisfies Body<'/session', 'post'>);
        adopt(s);
      },
      async completeSecondFactor(factor) {
        adopt(
          await api<Res<'/session/mfa', 'post'>>(
            'POST',
            '/session/mfa',
            factor satisfies Body<'/session/mfa', 'post'>,
          ),
        );
      },
      adopt,
      async signOut(reason) {
        try {
          await api('DELETE', '/session');
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 401) throw err;
        }
        end(reason ?? 'You have signed out.');
      },
      async stayActive() {
        adopt(await get<SessionView>('/session'));
      },
      hasRole: (...roles) => user !== null && roles.includes(user.role),
    }),
    [status, user, pendingUser, notice, endedReason, idleExpiresAt, absoluteExpiresAt, adopt, end],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession must be used inside SessionProvider');
  return s;
}
