/**
 * CSRF protection for mutating requests (design §7): double-submit token plus a same-origin check.
 * Pure so it can be tested without a server; `proxy.ts` applies it to every request.
 */

export const CSRF_COOKIE = 'scaleguard_csrf';
export const CSRF_HEADER = 'x-scaleguard-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface MutationRequest {
  method: string;
  /** The `Origin` header, if the browser sent one. */
  origin: string | null;
  /** The origin the dashboard is served from, e.g. `http://127.0.0.1:3000`. */
  selfOrigin: string;
  headerToken: string | null;
  cookieToken: string | undefined;
}

export type CsrfVerdict = { ok: true } | { ok: false; detail: string };

export function checkMutation(r: MutationRequest): CsrfVerdict {
  if (SAFE_METHODS.has(r.method.toUpperCase())) return { ok: true };
  // A foreign Origin is refused whatever token it carries.
  if (r.origin !== null && r.origin !== r.selfOrigin) {
    return { ok: false, detail: `Cross-origin request refused: Origin ${r.origin} is not ${r.selfOrigin}.` };
  }
  if (!r.cookieToken || !r.headerToken) {
    return { ok: false, detail: `Missing CSRF token: send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header (GET /api/v1/session sets the cookie).` };
  }
  if (!constantTimeEqual(r.cookieToken, r.headerToken)) {
    return { ok: false, detail: `CSRF token mismatch: the ${CSRF_HEADER} header must equal the ${CSRF_COOKIE} cookie.` };
  }
  return { ok: true };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Host names the dashboard answers to by default: loopback only (it binds 127.0.0.1). */
export const DEFAULT_ALLOWED_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Whether a `Host` header names this dashboard. A page on another domain that re-resolves its
 * name to 127.0.0.1 (DNS rebinding) would otherwise be same-origin with us; refusing unknown
 * hosts closes that door. The port is not checked.
 */
export function isAllowedHost(hostHeader: string | null, allowed: readonly string[] = DEFAULT_ALLOWED_HOSTS): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
  return allowed.includes(host.toLowerCase());
}
