/**
 * ownerReferences garbage collection, after kube-controller-manager's garbagecollector: dependents
 * whose owners are all gone are deleted (background); an owner with the `foregroundDeletion`
 * finalizer waits for its blocking dependents; one with `orphan` first removes itself from its
 * dependents' ownerReferences.
 */
import type { KubeObject } from '@/lib/k8s/object';
import type { ApiServer } from '../apiserver/api-server';
import { adminContext } from '../apiserver/api-server';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../apiserver/delete';
import { clone } from '../store/json';
import { WorkQueue } from './work-queue';

const GC_USER = { username: 'system:serviceaccount:kube-system:generic-garbage-collector', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
const ctx = () => adminContext(GC_USER, 'generic-garbage-collector');

const isNotFound = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: number }).code === 404;

export function startGarbageCollector(api: ApiServer): () => void {
  const queue = new WorkQueue();
  const resOf = (storage: string) => api.registry.forStorage(storage);

  async function writeBack(storage: string, obj: KubeObject): Promise<void> {
    const res = resOf(storage);
    if (!res) return;
    try {
      await api.update(res, obj.metadata.namespace, obj.metadata.name ?? '', obj, ctx());
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async function attemptToDelete(uid: string): Promise<void> {
    const found = api.store.byUid(uid);
    if (!found) return;
    const { storage, object } = found;
    const refs = object.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const dangling: string[] = [];
    const waiting: string[] = [];
    let solid = 0;
    for (const r of refs) {
      const owner = api.store.byUid(r.uid)?.object;
      if (!owner) dangling.push(r.uid);
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) waiting.push(r.uid);
      else solid++;
    }
    if (solid > 0) {
      if (dangling.length + waiting.length === 0) return;
      const next = clone(object);
      next.metadata.ownerReferences = refs.filter((r) => !dangling.includes(r.uid) && !waiting.includes(r.uid));
      await writeBack(storage, next);
      return;
    }
    if (object.metadata.deletionTimestamp) return;
    const res = resOf(storage);
    if (!res) return;
    const policy = waiting.length > 0 ? 'Foreground' : 'Background';
    try {
      await api.delete(res, object.metadata.namespace, object.metadata.name ?? '', { propagationPolicy: policy, preconditions: { uid } }, ctx());
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async function processOwner(uid: string): Promise<void> {
    const found = api.store.byUid(uid);
    if (!found || !found.object.metadata.deletionTimestamp) return;
    const { storage, object } = found;
    const fins = object.metadata.finalizers ?? [];
    const dependents = api.store.dependentsOf(uid);
    if (fins.includes(ORPHAN_FINALIZER)) {
      for (const d of dependents) {
        const next = clone(d.object);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        await writeBack(d.storage, next);
      }
      const fresh = api.store.byUid(uid)?.object;
      if (!fresh) return;
      const next = clone(fresh);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER);
      await writeBack(storage, next);
      return;
    }
    if (fins.includes(FOREGROUND_FINALIZER)) {
      const blocking = dependents.filter((d) => d.object.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion));
      if (blocking.length === 0) {
        const next = clone(object);
        next.metadata.finalizers = fins.filter((f) => f !== FOREGROUND_FINALIZER);
        await writeBack(storage, next);
        // Non-blocking dependents are collected in the background once the owner is gone.
        return;
      }
      for (const d of dependents) queue.add(`dependent:${d.object.metadata.uid}`, () => attemptToDelete(d.object.metadata.uid ?? ''));
    }
  }

  const unsubscribe = api.store.subscribeAll((e) => {
    const o = e.object;
    const uid = o.metadata.uid ?? '';
    if (e.type === 'DELETED') {
      for (const d of api.store.dependentsOf(uid)) queue.add(`dependent:${d.object.metadata.uid}`, () => attemptToDelete(d.object.metadata.uid ?? ''));
      // A foreground owner may be waiting for this object.
      for (const r of o.metadata.ownerReferences ?? []) queue.add(`owner:${r.uid}`, () => processOwner(r.uid));
      return;
    }
    if (o.metadata.deletionTimestamp && o.metadata.finalizers?.some((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER)) {
      queue.add(`owner:${uid}`, () => processOwner(uid));
    }
    if (o.metadata.ownerReferences?.some((r) => !api.store.byUid(r.uid))) queue.add(`dependent:${uid}`, () => attemptToDelete(uid));
  });
  gcQueues.set(api, queue);
  return () => {
    unsubscribe();
    queue.stop();
    gcQueues.delete(api);
  };
}

const gcQueues = new WeakMap<ApiServer, WorkQueue>();

/** Resolves when the garbage collector has nothing left to do (tests, scenario loading). */
export function garbageCollectorIdle(api: ApiServer): Promise<void> {
  return gcQueues.get(api)?.idle() ?? Promise.resolve();
}
