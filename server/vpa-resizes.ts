import 'server-only';
/** The process-wide VPA resize store and one recorder per context cache (started with the cache). */
import path from 'node:path';
import type { ClusterCache } from './cluster/cluster-cache';
import { config } from './config';
import { VpaResizeStore } from './vpa-history';
import { VpaResizeRecorder } from './vpa-recorder';

const KEY = Symbol.for('scaleguard.vpa-resizes');

interface State {
  store: VpaResizeStore;
  recorders: WeakMap<ClusterCache, VpaResizeRecorder>;
}

function state(): State {
  const g = globalThis as typeof globalThis & { [KEY]?: State };
  // The same SQLite file as the replica history: one file holds everything scaleguard remembers.
  g[KEY] ??= { store: new VpaResizeStore(path.join(config().dataDir, 'history.sqlite')), recorders: new WeakMap() };
  return g[KEY];
}

/** The resize history of every context. */
export function vpaResizeStore(): VpaResizeStore {
  return state().store;
}

/** Starts recording a context's VPA resizes (once per cache). */
export function recordVpaResizes(cache: ClusterCache): void {
  const s = state();
  if (!s.recorders.has(cache)) s.recorders.set(cache, new VpaResizeRecorder(cache, s.store));
}
