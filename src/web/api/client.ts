// One way for the web application to talk to the Redline API: JSON in and out, the CSRF token on every
// state-changing request, and problem+json errors turned into an ApiError that forms can show per field.

export interface FieldError {
  field: string;
  message: string;
  /** The rule the value breaks (e.g. SUBSTANCE-STOCK-PHRASE), and what the rule asks in plain words. */
  rule?: string;
  explanation?: string;
  /** A stable code for what is wrong (the counsel portal translates it). */
  code?: string;
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail: string;
  errors?: FieldError[];
  rule?: string;
  /** The plain explanation of `rule`, from the server. */
  ruleExplanation?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly rule: string | undefined;
  readonly ruleExplanation: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || 'The request failed.');
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.fields = problem.errors ?? [];
    this.rule = problem.rule;
    this.ruleExplanation = problem.ruleExplanation;
    this.problem = problem;
  }
}

let csrfToken: string | null = null;

/** Told after every answered request: the server slides the session's idle limit on each one. */
let activityListener: (() => void) | null = null;
export function onActivity(listener: () => void): void {
  activityListener = listener;
}

/** Set after sign-in and whenever the session is read; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the session, for requests made outside `api` (an upload with progress). */
export const currentCsrfToken = () => csrfToken;

/** Listeners told when the server says the session has ended (401), so the app can return to sign-in. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  init?: { signal?: AbortSignal; rawBody?: string; contentType?: string; passive?: boolean },
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  // A request the page makes on its own (a progress poll) is not activity: the server does not slide the
  // session's idle limit for it (server/auth.ts), and neither does the idle timer here.
  const passive = init?.passive === true && method === 'GET';
  if (passive) headers['x-redline-activity'] = 'passive';
  let payload: string | undefined;
  if (init?.rawBody !== undefined) {
    payload = init.rawBody;
    headers['content-type'] = init.contentType ?? 'text/plain';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: init?.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      detail: 'Redline could not be reached. Check your connection and try again.',
    });
  }
  if (res.status !== 401 && !passive) activityListener?.();
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const problem: Problem =
      data && typeof data === 'object'
        ? ({ status: res.status, code: 'error', detail: '', ...(data as object) } as Problem)
        : { status: res.status, code: 'error', detail: `The server answered ${res.status}.` };
    if (res.status === 401 && !path.startsWith('/session')) for (const l of unauthorizedListeners) l();
    throw new ApiError(problem);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  api<T>('GET', withQuery(path, query), undefined, signal ? { signal } : undefined);
/**
 * A read the page makes on its own (polling progress): it does not count as activity, so an unattended
 * session still times out while the page watches an import or a re-screening run.
 */
export const pollGet = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  api<T>('GET', withQuery(path, query), undefined, { passive: true, ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Renames the fields of an API error under a prefix, so two forms on one page never share an input id. */
export function prefixError(err: unknown, prefix: string): unknown {
  if (!(err instanceof ApiError) || err.fields.length === 0) return err;
  return new ApiError({
    ...err.problem,
    errors: err.fields.map((f) => ({
      ...f,
      field: `${prefix}.${f.field.replace(/^(body|query|params)\./, '')}`,
    })),
  });
}
