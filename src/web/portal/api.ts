// The portal's own client: /api/v1/portal only, the portal visit's CSRF token, problem+json errors.
import { ApiError, type Problem } from '../api/client.ts';
import type { Res } from '../api/types.ts';

let csrf: string | null = null;
export const setPortalCsrf = (t: string | null) => {
  csrf = t;
};

export async function portalApi<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1/portal${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error', detail: 'The portal could not be reached.' });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok)
    throw new ApiError({ status: res.status, code: 'error', detail: '', ...(data as object) } as Problem);
  return data as T;
}

/** Sends one file as multipart/form-data (part `file`) with the visit's CSRF token. */
export async function portalUpload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/portal${path}`, {
    method: 'POST',
    headers: {
      accept: 'application/json, application/problem+json',
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: form,
    credentials: 'same-origin',
  }).catch(() => {
    throw new ApiError({ status: 0, code: 'network_error', detail: 'The portal could not be reached.' });
  });
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok)
    throw new ApiError({ status: res.status, code: 'error', detail: '', ...(data as object) } as Problem);
  return data as T;
}

export interface PortalSessionView {
  signedIn: boolean;
  csrfToken: string | null;
  language: string | null;
  accessExpiresAt: string | null;
}

/** What the portal shows of its case (GET /portal/case), from the generated OpenAPI types. */
export type PortalCase = Res<'/portal/case'>;
