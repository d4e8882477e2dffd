/**
 * The immutable view of one cluster context that everything above the informer cache reads:
 * objects per kind plus how fresh each kind is. Rules, DTO builders and planners take a Snapshot
 * and never a client.
 */
import type { KubeObject } from './k8s/object';
import { COMPONENTS, RESOURCE_KINDS, type Component, type ResourceId } from './k8s/resources';

/** How one kind's cache stands. `absent` is normal: the kind's CRD is not installed. */
export type KindState = 'pending' | 'synced' | 'stale' | 'absent' | 'forbidden' | 'error';

export interface KindSync {
  state: KindState;
  count: number;
  /** Last moment the cache was known to match the server (list completed, watch event or bookmark). */
  lastSyncAt?: string;
  /** Last complete list; a watch resumed after a disconnect does not change it, a relist does. */
  listedAt?: string;
  /** When the cache stopped following the server; set while `state` is `stale`. */
  staleSince?: string;
  /** Why the kind is not synced, in words (RBAC denial, server error …). */
  message?: string;
}

export type ConnectionState = 'connecting' | 'connected' | 'unreachable' | 'misconfigured';

export interface Connection {
  state: ConnectionState;
  /** The reason when not connected, e.g. `connect ECONNREFUSED 127.0.0.1:6443`. */
  message?: string;
  /** Since when the state holds. */
  since?: string;
}

export interface Snapshot {
  context: string;
  /** Grows with every change; clients compare it to know whether to refetch. */
  version: number;
  builtAt: string;
  cluster: { server?: string; version?: string };
  connection: Connection;
  kinds: Record<ResourceId, KindSync>;
  objects: Record<ResourceId, readonly KubeObject[]>;
}

export const Snapshot = {
  /** An empty snapshot, e.g. before the first list or when the kubeconfig cannot be read. */
  empty(context: string, now: string, connection: Connection): Snapshot {
    const kinds = {} as Record<ResourceId, KindSync>;
    const objects = {} as Record<ResourceId, readonly KubeObject[]>;
    for (const k of RESOURCE_KINDS) {
      kinds[k.id] = { state: 'pending', count: 0 };
      objects[k.id] = [];
    }
    return { context, version: 0, builtAt: now, cluster: {}, connection, kinds, objects };
  },
  /**
   * Whether an add-on is installed: its CRDs are served. `undefined` while not yet known
   * (before discovery answered).
   */
  componentInstalled(s: Snapshot, component: Component): boolean | undefined {
    const states = RESOURCE_KINDS.filter((k) => k.component === component).map((k) => s.kinds[k.id].state);
    if (states.some((st) => st === 'pending') && !states.some((st) => st === 'synced' || st === 'stale')) return undefined;
    return states.some((st) => st !== 'absent');
  },
  components(): readonly Component[] {
    return COMPONENTS;
  },
  /** The oldest moment any present kind went stale, if one did. */
  staleSince(s: Snapshot): string | undefined {
    let oldest: string | undefined;
    for (const k of RESOURCE_KINDS) {
      const since = s.kinds[k.id].staleSince;
      if (since && (!oldest || since < oldest)) oldest = since;
    }
    return oldest;
  },
};
