import 'server-only';
/**
 * What every mutating route checks before it parses its body (design §8): read-only mode, and a
 * simple rate limit per client address. Same-origin and CSRF checks already ran in `proxy.ts`.
 */
import { config } from '../config';
import { problem } from '../http/problem';

/** Mutating requests allowed per client address per window. */
export const RATE_LIMIT = 30;
const WINDOW_MS = 60_000;
const KEY = Symbol.for('scaleguard.rate-limit');

type Buckets = Map<string, number[]>;

function buckets(): Buckets {
  const g = globalThis as typeof globalThis & { [KEY]?: Buckets };
  g[KEY] ??= new Map();
  return g[KEY];
}

/**
 * The client's address as the server saw it. `next start` fills `x-forwarded-for` from the socket;
 * the dashboard binds 127.0.0.1 (design §8), so nobody in between can forge it.
 */
export function clientAddress(req: Request): string {
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || req.headers.get('x-real-ip') || 'local';
}

/** Counts one request; false when the address used its allowance in the last minute. */
export function takeToken(address: string, now = Date.now()): { ok: boolean; retryAfterS: number } {
  const b = buckets();
  const recent = (b.get(address) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.length >= RATE_LIMIT) {
    b.set(address, recent);
    return { ok: false, retryAfterS: Math.ceil((recent[0]! + WINDOW_MS - now) / 1000) };
  }
  recent.push(now);
  b.set(address, recent);
  if (b.size > 10_000) for (const [k, v] of b) if (!v.some((t) => now - t < WINDOW_MS)) b.delete(k);
  return { ok: true, retryAfterS: 0 };
}

/** A problem response when the write may not go ahead, else undefined. */
export function guardWrite(req: Request): Response | undefined {
  if (config().readOnly) {
    return problem(403, 'Read-only', 'scaleguard runs read-only (SCALEGUARD_READ_ONLY=1): plans, migrations and rollbacks are switched off. Restart it without that setting to make changes.');
  }
  const t = takeToken(clientAddress(req));
  if (!t.ok) {
    const res = problem(429, 'Too many requests', `At most ${RATE_LIMIT} changes a minute per client; try again in ${t.retryAfterS} s.`);
    res.headers.set('Retry-After', String(t.retryAfterS));
    return res;
  }
  return undefined;
}
