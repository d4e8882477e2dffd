/**
 * Namespace deletion, after kube's namespace controller: a Terminating namespace has its contents
 * deleted (their finalizers honoured); when nothing is left, the `kubernetes` finalizer is dropped
 * and the namespace goes.
 */
import type { ApiServer } from '../apiserver/api-server';
import { adminContext } from '../apiserver/api-server';
import { gv } from '../registry/types';
import { clone } from '../store/json';
import { WorkQueue } from './work-queue';

const NS_USER = { username: 'system:serviceaccount:kube-system:namespace-controller', groups: ['system:serviceaccounts', 'system:authenticated'] };

export function startNamespaceController(api: ApiServer): () => void {
  const queue = new WorkQueue();

  async function cleanup(name: string): Promise<void> {
    const ns = api.store.get('/namespaces', undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const res of api.registry.all()) {
      if (!res.namespaced || res.createOnly || gv(res) !== res.storageVersion) continue;
      for (const o of api.store.list(res.storage, name)) {
        remaining++;
        if (o.metadata.deletionTimestamp) continue;
        try {
          await api.delete(res, name, o.metadata.name ?? '', { propagationPolicy: 'Background' }, adminContext(NS_USER, 'namespace-controller'));
        } catch {
          // Gone meanwhile, or refused: the next event retries.
        }
      }
    }
    if (remaining > 0) return;
    const current = api.store.get('/namespaces', undefined, name);
    if (!current) return;
    const next = clone(current);
    next.spec = { ...(next.spec as object), finalizers: [] };
    const stored = api.store.update('/namespaces', next);
    if ((stored.metadata.finalizers ?? []).length === 0) api.store.remove('/namespaces', undefined, name);
  }

  const unsubscribe = api.store.subscribeAll((e) => {
    const o = e.object;
    if (e.storage === '/namespaces') {
      if (e.type !== 'DELETED' && o.metadata.deletionTimestamp) queue.add(o.metadata.name ?? '', () => cleanup(o.metadata.name ?? ''));
      return;
    }
    const ns = o.metadata.namespace;
    if (e.type === 'DELETED' && ns && api.store.get('/namespaces', undefined, ns)?.metadata.deletionTimestamp) queue.add(ns, () => cleanup(ns));
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
