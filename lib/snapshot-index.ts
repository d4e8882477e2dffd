/**
 * Lookups rules and views need, built once per snapshot (snapshots are immutable, so a WeakMap
 * memo is safe): an object by namespace and name, the objects of a namespace, and the pods a
 * workload controls. Without it a rule that asks "which HPA is called X" per ScaledObject is
 * quadratic at 10,000 workloads.
 */
import type { KubeObject } from './k8s/object';
import type { ResourceId } from './k8s/resources';
import type { Snapshot } from './snapshot';

export interface SnapshotIndex {
  get(id: ResourceId, namespace: string | undefined, name: string): KubeObject | undefined;
  inNamespace(id: ResourceId, namespace: string | undefined): readonly KubeObject[];
  /** Pods a Deployment controls (through its ReplicaSets) or a StatefulSet controls, by ownerReferences. */
  podsOf(workload: KubeObject): readonly KubeObject[];
  /** Objects of kind `id` naming `owner` in their ownerReferences (by kind and name, in its namespace). */
  ownedBy(id: 'pods' | 'replicasets', owner: KubeObject): readonly KubeObject[];
}

const memo = new WeakMap<Snapshot, SnapshotIndex>();
const EMPTY: readonly KubeObject[] = [];

export function indexOf(s: Snapshot): SnapshotIndex {
  let idx = memo.get(s);
  if (!idx) memo.set(s, (idx = build(s)));
  return idx;
}

function build(s: Snapshot): SnapshotIndex {
  const byName = new Map<ResourceId, Map<string, KubeObject>>();
  const byNamespace = new Map<ResourceId, Map<string, KubeObject[]>>();
  const lazy = <T>(f: () => T) => { let v: T | undefined; return () => (v ??= f()); };
  const podsByOwner = lazy(() => groupByOwner(s.objects.pods));
  const replicaSetsByOwner = lazy(() => groupByOwner(s.objects.replicasets));
  const names = (id: ResourceId) => {
    let m = byName.get(id);
    if (!m) {
      m = new Map(s.objects[id].map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o]));
      byName.set(id, m);
    }
    return m;
  };
  const namespaces = (id: ResourceId) => {
    let m = byNamespace.get(id);
    if (!m) {
      m = new Map();
      for (const o of s.objects[id]) {
        const ns = o.metadata.namespace ?? '';
        const list = m.get(ns);
        if (list) list.push(o);
        else m.set(ns, [o]);
      }
      byNamespace.set(id, m);
    }
    return m;
  };
  return {
    get: (id, namespace, name) => names(id).get(`${namespace ?? ''}/${name}`),
    inNamespace: (id, namespace) => namespaces(id).get(namespace ?? '') ?? EMPTY,
    ownedBy(id, owner) {
      const byOwner = id === 'pods' ? podsByOwner() : replicaSetsByOwner();
      return byOwner.get(`${owner.metadata.namespace ?? ''}/${owner.kind}/${owner.metadata.name ?? ''}`) ?? EMPTY;
    },
    podsOf(workload) {
      const ns = workload.metadata.namespace ?? '';
      const name = workload.metadata.name ?? '';
      if (workload.kind === 'StatefulSet') return podsByOwner().get(`${ns}/StatefulSet/${name}`) ?? EMPTY;
      const sets = replicaSetsByOwner().get(`${ns}/Deployment/${name}`) ?? EMPTY;
      return sets.flatMap((rs) => podsByOwner().get(`${ns}/ReplicaSet/${rs.metadata.name ?? ''}`) ?? EMPTY);
    },
  };
}

function groupByOwner(objects: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const o of objects) {
    for (const r of o.metadata.ownerReferences ?? []) {
      const key = `${o.metadata.namespace ?? ''}/${r.kind}/${r.name}`;
      const list = out.get(key);
      if (list) list.push(o);
      else out.set(key, [o]);
    }
  }
  return out;
}
