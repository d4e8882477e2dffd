import 'server-only';
/**
 * Bridges fresh API reads and the informer cache: planners and the rules engine work on the
 * cache's snapshot, so after re-reading objects the pipeline waits until the snapshot has caught
 * up with what it read before it re-plans or looks for findings.
 */
import { ObjectRef, splitApiVersion, type KubeObject } from '@/lib/k8s/object';
import { RESOURCE_KINDS } from '@/lib/k8s/resources';
import { indexOf } from '@/lib/snapshot-index';
import type { Snapshot } from '@/lib/snapshot';
import type { ClusterCache } from '../cluster/cluster-cache';

/** The snapshot's copy of an object (undefined when absent or of a kind the cache does not watch). */
export function fromSnapshot(s: Snapshot, ref: ObjectRef): KubeObject | undefined {
  const group = splitApiVersion(ref.apiVersion).group;
  const kind = RESOURCE_KINDS.find((k) => k.group === group && k.kind === ref.kind);
  return kind ? indexOf(s).get(kind.id, ref.namespace, ref.name) : undefined;
}

/** Whether the cache watches this kind at all (a kind it does not cannot be waited for). */
export function watched(ref: ObjectRef): boolean {
  const group = splitApiVersion(ref.apiVersion).group;
  return RESOURCE_KINDS.some((k) => k.group === group && k.kind === ref.kind);
}

// resourceVersions are opaque to clients, but every server we know (etcd, the simulator) uses
// increasing integers; compare numerically when both are, otherwise ask for equality.
function atLeast(seen: string | undefined, read: string | undefined): boolean {
  if (seen === undefined || read === undefined) return seen === read;
  if (/^\d+$/.test(seen) && /^\d+$/.test(read)) return BigInt(seen) >= BigInt(read);
  return seen === read;
}

/**
 * Waits (up to `timeoutMs`) until the cache's snapshot holds each object at least as new as the
 * given fresh read — or holds none where the read found none. Returns the snapshot, and whether it
 * caught up (a cache that lags still serves, with the caller saying so).
 */
export async function snapshotAtLeast(cache: ClusterCache, reads: { ref: ObjectRef; object: KubeObject | undefined }[], timeoutMs = 10_000): Promise<{ snapshot: Snapshot; fresh: boolean }> {
  const relevant = reads.filter((r) => watched(r.ref));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = cache.snapshot();
    const ok = relevant.every(({ ref, object }) => {
      const seen = fromSnapshot(s, ref);
      if (!object) return !seen;
      return !!seen && seen.metadata.uid === object.metadata.uid && atLeast(seen.metadata.resourceVersion, object.metadata.resourceVersion);
    });
    if (ok) return { snapshot: s, fresh: true };
    if (Date.now() > deadline) return { snapshot: s, fresh: false };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Distinct refs by key, first kept. */
export function distinctRefs(refs: ObjectRef[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const r of refs) if (!seen.has(ObjectRef.key(r))) seen.set(ObjectRef.key(r), r);
  return [...seen.values()];
}
