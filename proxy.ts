import { NextResponse, type NextRequest } from 'next/server';
import { CSRF_COOKIE, CSRF_HEADER, DEFAULT_ALLOWED_HOSTS, checkMutation, isAllowedHost } from '@/lib/security/csrf';

const allowedHosts = process.env.SCALEGUARD_ALLOWED_HOSTS
  ? process.env.SCALEGUARD_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
  : DEFAULT_ALLOWED_HOSTS;

/**
 * Runs before every page and API request: refuses unknown Host names (DNS rebinding), hands out
 * the CSRF cookie, and refuses mutating requests that fail the same-origin and double-submit
 * checks (design §7), before any handler runs.
 */
export function proxy(request: NextRequest) {
  const host = request.headers.get('host');
  if (!isAllowedHost(host, allowedHosts)) {
    return forbidden(`Host "${host ?? ''}" is not allowed. scaleguard answers to ${allowedHosts.join(', ')}; set SCALEGUARD_ALLOWED_HOSTS to add names.`);
  }
  const cookieToken = request.cookies.get(CSRF_COOKIE)?.value;
  const verdict = checkMutation({
    method: request.method,
    origin: request.headers.get('origin'),
    selfOrigin: `${request.nextUrl.protocol}//${host}`,
    headerToken: request.headers.get(CSRF_HEADER),
    cookieToken,
  });
  const response = verdict.ok ? NextResponse.next() : forbidden(verdict.detail);
  if (!cookieToken) {
    response.cookies.set(CSRF_COOKIE, randomToken(), { path: '/', sameSite: 'strict', httpOnly: false });
  }
  return response;
}

function forbidden(detail: string): NextResponse {
  return NextResponse.json(
    { type: 'about:blank', title: 'Forbidden', status: 403, detail },
    { status: 403, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

function randomToken(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
