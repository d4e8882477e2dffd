/** Browser-side calls to scaleguard's own API, with its problem+json errors turned into messages. */
import { CSRF_COOKIE, CSRF_HEADER } from '@/lib/security/csrf';

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store', ...init });
  } catch {
    throw new ApiError('The scaleguard server cannot be reached. Is it still running?', 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { detail?: string; title?: string } | undefined;
    throw new ApiError(body?.detail ?? body?.title ?? `${res.status} ${res.statusText}`, res.status);
  }
  return (await res.json()) as T;
}

/** POST with the CSRF double-submit header the server requires on every write. */
export function postJson<T>(url: string, body: unknown): Promise<T> {
  return fetchJson<T>(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: readCookie(CSRF_COOKIE) ?? '' },
    body: JSON.stringify(body),
  });
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** `/api/v1/x?context=c&…`, dropping empty parameters. */
export function apiUrl(path: string, params: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}
