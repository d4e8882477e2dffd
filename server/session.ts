import 'server-only';
import { listContexts } from './cluster';

export const CONTEXT_COOKIE = 'scaleguard_context';
export const CONTEXT_HEADER = 'x-scaleguard-context';

/**
 * The context a request is about: `?context=`, then the `x-scaleguard-context` header, then the
 * context cookie set by the UI switcher; undefined means the default context. A cookie naming a
 * context that no longer exists is ignored rather than breaking every page.
 */
export function requestedContext(input: { query?: string | null; header?: string | null; cookie?: string }): string | undefined {
  if (input.query) return input.query;
  if (input.header) return input.header;
  if (input.cookie && listContexts().contexts.some((c) => c.name === input.cookie)) return input.cookie;
  return undefined;
}

export function contextOfRequest(req: Request): string | undefined {
  const url = new URL(req.url);
  const cookie = parseCookie(req.headers.get('cookie'), CONTEXT_COOKIE);
  return requestedContext({ query: url.searchParams.get('context'), header: req.headers.get(CONTEXT_HEADER), cookie });
}

function parseCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
