import { NextResponse, type NextRequest } from 'next/server';
import { CSRF_COOKIE, CSRF_HEADER, checkMutation } from '@/lib/security/csrf';

/**
 * Runs before every page and API request: hands out the CSRF cookie and refuses mutating requests
 * that fail the same-origin and double-submit checks (design §7), before any handler runs.
 */
export function proxy(request: NextRequest) {
  const cookieToken = request.cookies.get(CSRF_COOKIE)?.value;
  const verdict = checkMutation({
    method: request.method,
    origin: request.headers.get('origin'),
    selfOrigin: request.nextUrl.origin,
    headerToken: request.headers.get(CSRF_HEADER),
    cookieToken,
  });
  const response = verdict.ok
    ? NextResponse.next()
    : NextResponse.json(
        { type: 'about:blank', title: 'Forbidden', status: 403, detail: verdict.detail },
        { status: 403, headers: { 'Content-Type': 'application/problem+json' } },
      );
  if (!cookieToken) {
    response.cookies.set(CSRF_COOKIE, randomToken(), { path: '/', sameSite: 'strict', httpOnly: false });
  }
  return response;
}

function randomToken(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
