import 'server-only';
/** Cluster access: kubeconfig contexts and one informer cache per context, shared process-wide. */
import { config } from '../config';
import { recordHistory } from '../history';
import { ClusterCache } from './cluster-cache';
import { describeSource, kubeConfigForContext, loadKubeconfig, sourceStamp, type ContextInfo, type LoadedKubeconfig } from './kubeconfig';

export type { ClusterCache } from './cluster-cache';
export type { ContextInfo } from './kubeconfig';

interface Registry {
  loaded: LoadedKubeconfig;
  caches: Map<string, ClusterCache>;
  checkedAt: number;
}

/** The name shown when no kubeconfig could be loaded. */
export const NO_CONTEXT = '(no context)';

export class UnknownContextError extends Error {
  constructor(readonly context: string, readonly known: string[]) {
    super(`Unknown context "${context}". Known contexts: ${known.join(', ') || 'none'}.`);
  }
}

// Route handlers and pages may be bundled separately; one registry per process keeps one set of
// informers per context however many bundles import this module.
const REGISTRY = Symbol.for('scaleguard.cluster-registry');
const RECHECK_MS = 2000;

function registry(): Registry {
  const g = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  let reg = g[REGISTRY];
  if (!reg) {
    reg = { loaded: loadKubeconfig(config().kubeconfig), caches: new Map(), checkedAt: Date.now() };
    g[REGISTRY] = reg;
  } else if (Date.now() - reg.checkedAt > RECHECK_MS) {
    reg.checkedAt = Date.now();
    // A rewritten kubeconfig (e.g. the simulator restarted on another port) is picked up live.
    if (sourceStamp(reg.loaded.source) !== reg.loaded.stamp) {
      for (const c of reg.caches.values()) c.stop();
      reg.caches.clear();
      reg.loaded = loadKubeconfig(config().kubeconfig);
    }
  }
  return reg;
}

export interface ContextsView {
  contexts: ContextInfo[];
  /** The context shown when the caller chose none. */
  defaultContext: string;
  source: string;
  error?: string;
}

export function listContexts(): ContextsView {
  const { loaded } = registry();
  if (!loaded.ok) return { contexts: [], defaultContext: NO_CONTEXT, source: describeSource(loaded.source), error: loaded.error };
  const preferred = config().defaultContext;
  const defaultContext = preferred && loaded.contexts.some((c) => c.name === preferred) ? preferred : loaded.current;
  return { contexts: loaded.contexts, defaultContext, source: describeSource(loaded.source) };
}

/** The cache of a context (started on first use); the default context when none is given. */
export function clusterCache(context?: string): ClusterCache {
  const reg = registry();
  const view = listContexts();
  const name = context || view.defaultContext;
  let cache = reg.caches.get(name);
  if (cache) return cache;
  const { loaded } = reg;
  if (!loaded.ok) {
    cache = new ClusterCache(NO_CONTEXT, undefined, undefined, loaded.error, cacheOptions());
  } else {
    const info = loaded.contexts.find((c) => c.name === name);
    if (!info) throw new UnknownContextError(name, loaded.contexts.map((c) => c.name));
    cache = new ClusterCache(name, kubeConfigForContext(loaded, name), info.server, undefined, cacheOptions());
  }
  reg.caches.set(name, cache);
  cache.start();
  recordHistory(cache);
  return cache;
}

function cacheOptions() {
  const c = config();
  return { chunkSize: c.listChunkSize, discoveryIntervalMs: c.discoveryIntervalMs };
}
