import 'server-only';
import { UnknownContextError } from '../cluster';

/** An `application/problem+json` response (RFC 9457) with a human `detail`. */
export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ type: 'about:blank', title, status, detail, ...extra }, {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
  });
}

/** Runs a handler and turns known errors into problems instead of 500s without a word. */
export async function handle(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnknownContextError) return problem(400, 'Unknown context', err.message, { contexts: err.known });
    const detail = err instanceof Error ? err.message : String(err);
    console.error('scaleguard: request failed:', err);
    return problem(500, 'Internal error', detail);
  }
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
