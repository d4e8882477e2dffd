/**
 * Extension points of the HTTP front that in-process parts of the simulator register on an
 * ApiServer (controllers start before the HTTP server exists, so registrations are kept per
 * ApiServer and read on every request):
 * - **aggregated APIs**: a group/version served by an add-on's own API server behind an APIService
 *   (e.g. KEDA's `external.metrics.k8s.io/v1beta1`); discovery lists it while it is available;
 * - **debug endpoints** under `/_sim/<prefix>/` (admin only, like the other control endpoints).
 */
import type { JsonObject } from '@/lib/k8s/object';
import type { ApiServer } from '../apiserver/api-server';

export interface AggregatedRequest {
  verb: string;
  namespace: string;
  /** The resource segment after the group version (a metric name for the metrics APIs). */
  resource: string;
  name: string;
  query: URLSearchParams;
}

export interface AggregatedApi {
  group: string;
  version: string;
  /** Whether the backing server is installed (discovery and requests answer only then). */
  available(): boolean;
  /** `APIResource` entries of the group version's discovery document. */
  resources(): JsonObject[];
  /** Answers a request under `/apis/<group>/<version>/…`; throws an ApiError to fail. */
  handle(req: AggregatedRequest): unknown;
}

/** A `/_sim/<prefix>/...` endpoint: gets the rest of the path and the query, answers JSON. */
export type DebugHandler = (subpath: string, query: URLSearchParams) => unknown;

export class HttpExtensions {
  private readonly aggregated: AggregatedApi[] = [];
  private readonly debug = new Map<string, DebugHandler>();

  registerAggregatedApi(a: AggregatedApi): () => void {
    this.aggregated.push(a);
    return () => {
      const i = this.aggregated.indexOf(a);
      if (i >= 0) this.aggregated.splice(i, 1);
    };
  }

  registerDebug(prefix: string, handler: DebugHandler): () => void {
    this.debug.set(prefix, handler);
    return () => {
      if (this.debug.get(prefix) === handler) this.debug.delete(prefix);
    };
  }

  /** The available aggregated APIs. */
  availableApis(): AggregatedApi[] {
    return this.aggregated.filter((a) => a.available());
  }

  /** The available aggregated API serving `group` (and `version`, when given). */
  api(group: string, version?: string): AggregatedApi | undefined {
    return this.availableApis().find((a) => a.group === group && (version === undefined || a.version === version));
  }

  /** The debug handler for `/_sim/<prefix>/...`, with the rest of the path. */
  debugFor(path: string): { handler: DebugHandler; subpath: string } | undefined {
    const m = /^\/_sim\/([^/]+)(\/.*)?$/.exec(path);
    const handler = m ? this.debug.get(m[1]!) : undefined;
    return handler ? { handler, subpath: m![2] ?? '/' } : undefined;
  }
}

const perServer = new WeakMap<ApiServer, HttpExtensions>();

/** The extensions registered on `api`. */
export function httpExtensions(api: ApiServer): HttpExtensions {
  let e = perServer.get(api);
  if (!e) {
    e = new HttpExtensions();
    perServer.set(api, e);
  }
  return e;
}
