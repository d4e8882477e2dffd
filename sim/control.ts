/**
 * `/_sim/` control endpoints for tests (admin token only; the dashboard never calls them):
 * `POST /_sim/outage?seconds=N` drops every connection and stops listening for N seconds;
 * `POST /_sim/compact?resource=group/plural` drops a resource's watch history (410 tests);
 * `POST /_sim/expire-continue` invalidates every continue token;
 * `GET /_sim/stats` counts the requests served per user and verb.
 */
import { ApiError } from './api/errors';
import type { ControlHandler } from './http/server';

export const controlHandler: ControlHandler = (path, q, server) => {
  const api = server.api;
  switch (path) {
    case '/_sim/outage': {
      const seconds = Number(q.get('seconds') ?? '5');
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) throw new ApiError(400, 'BadRequest', 'seconds must be between 0 and 3600');
      // Answer first, then cut: the caller gets its acknowledgement before the outage.
      setTimeout(() => server.outage(seconds), 50);
      return { outage: true, seconds, port: server.port };
    }
    case '/_sim/compact': {
      const storage = q.get('resource') ?? '';
      if (!api.store.has(storage)) throw new ApiError(404, 'NotFound', `no resource ${storage}`);
      api.store.compact(storage);
      return { compacted: storage, resourceVersion: String(api.store.resourceVersion) };
    }
    case '/_sim/stats':
      // Requests per user and verb since start: how benchmarks prove a page view costs no API request.
      return { requests: Object.fromEntries([...server.requestCounts].map(([user, verbs]) => [user, Object.fromEntries(verbs)])) };
    case '/_sim/expire-continue':
      api.snapshots.expireAll();
      return { expired: true };
    default:
      throw new ApiError(404, 'NotFound', `unknown control endpoint ${path}`);
  }
};
