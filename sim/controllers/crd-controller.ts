/**
 * CustomResourceDefinition lifecycle, after apiextensions-apiserver: an accepted CRD's versions are
 * served (NamesAccepted and Established conditions, acceptedNames, storedVersions); a deleted CRD
 * becomes Terminating, its custom resources are deleted, then it goes and its resources disappear.
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../clock';
import type { ApiServer } from '../apiserver/api-server';
import { adminContext } from '../apiserver/api-server';
import { resourcesOfCrd } from '../registry/crd';
import { clone, deepEqual, getPath, isJsonObject } from '../store/json';
import { WorkQueue } from './work-queue';

export const CRD_STORAGE = 'apiextensions.k8s.io/customresourcedefinitions';
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const CRD_USER = { username: 'system:apiextensions-controller', groups: ['system:masters', 'system:authenticated'] };

function condition(type: string, status: string, reason: string, message: string, now: string, old: JsonObject[]): JsonObject {
  const prev = old.find((c) => c.type === type);
  return { type, status, lastTransitionTime: prev && prev.status === status ? (prev.lastTransitionTime ?? now) : now, reason, message };
}

export function startCrdController(api: ApiServer): () => void {
  const queue = new WorkQueue();
  const terminating = new Set<string>();

  /** Another CRD already serves the same group and plural. */
  function namesConflict(crd: KubeObject): boolean {
    const group = getPath(crd, ['spec', 'group']);
    const plural = getPath(crd, ['spec', 'names', 'plural']);
    return api.store.list(CRD_STORAGE).some((o) => o.metadata.name !== crd.metadata.name && getPath(o, ['spec', 'group']) === group && getPath(o, ['spec', 'names', 'plural']) === plural && !!(o.metadata.creationTimestamp ?? '') && (o.metadata.creationTimestamp ?? '') <= (crd.metadata.creationTimestamp ?? ''));
  }

  function serve(crd: KubeObject): boolean {
    const name = crd.metadata.name ?? '';
    if (namesConflict(crd)) {
      api.registry.removeCrd(name);
      return false;
    }
    const infos = resourcesOfCrd(crd, () => terminating.has(name));
    const current = api.registry.all().filter((r) => r.crdName === name);
    const stale = current.filter((r) => !infos.some((i) => i.version === r.version && i.plural === r.plural));
    if (stale.length) api.registry.removeCrd(name);
    api.registry.add(infos);
    return infos.length > 0;
  }

  async function writeStatus(name: string, accepted: boolean): Promise<void> {
    const crd = api.store.get(CRD_STORAGE, undefined, name);
    if (!crd || crd.metadata.deletionTimestamp) return;
    const now = rfc3339(api.clock.now());
    const next = clone(crd);
    const status = (isJsonObject(next.status) ? next.status : {}) as JsonObject;
    const old = Array.isArray(status.conditions) ? status.conditions.filter(isJsonObject) : [];
    const spec = next.spec as JsonObject;
    const storageVersion = (Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : []).find((v) => v.storage === true)?.name;
    status.conditions = accepted
      ? [condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now, old), condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', now, old)]
      : [condition('NamesAccepted', 'False', 'AlreadyInUse', `"${String(getPath(spec, ['names', 'plural']))}" is already in use`, now, old), condition('Established', 'False', 'NotAccepted', 'not all names are accepted', now, old)];
    if (accepted) status.acceptedNames = clone(spec.names as JsonObject);
    const stored = Array.isArray(status.storedVersions) ? status.storedVersions.filter((v): v is string => typeof v === 'string') : [];
    if (typeof storageVersion === 'string' && !stored.includes(storageVersion)) stored.push(storageVersion);
    status.storedVersions = stored;
    next.status = status;
    if (!(next.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) next.metadata.finalizers = [...(next.metadata.finalizers ?? []), CLEANUP_FINALIZER];
    if (deepEqual(next, crd)) return;
    api.store.update(CRD_STORAGE, next);
  }

  async function cleanup(name: string): Promise<void> {
    const crd = api.store.get(CRD_STORAGE, undefined, name);
    const storage = `${String(getPath(crd, ['spec', 'group']))}/${String(getPath(crd, ['spec', 'names', 'plural']))}`;
    if (!crd) return;
    const res = api.registry.forStorage(storage);
    let remaining = 0;
    if (res && api.store.has(storage)) {
      for (const o of api.store.list(storage)) {
        remaining++;
        if (o.metadata.deletionTimestamp) continue;
        try {
          await api.delete(res, o.metadata.namespace, o.metadata.name ?? '', { propagationPolicy: 'Background' }, adminContext(CRD_USER, 'apiextensions'));
        } catch {
          // Retried on the next event.
        }
      }
    }
    if (remaining > 0) return;
    const next = clone(crd);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
    const stored = api.store.update(CRD_STORAGE, next);
    if ((stored.metadata.finalizers ?? []).length === 0) api.store.remove(CRD_STORAGE, undefined, name);
  }

  function forget(crd: KubeObject): void {
    const name = crd.metadata.name ?? '';
    terminating.delete(name);
    const gone = api.registry.removeCrd(name);
    const storage = gone[0]?.storage;
    if (storage && !api.registry.all().some((r) => r.storage === storage)) {
      for (const o of api.store.list(storage)) api.store.remove(storage, o.metadata.namespace, o.metadata.name ?? '');
      api.store.undefine(storage);
    }
  }

  const unsubscribe = api.store.subscribeAll((e) => {
    if (e.storage === CRD_STORAGE) {
      const name = e.object.metadata.name ?? '';
      if (e.type === 'DELETED') {
        const gone = e.object;
        queue.add(`forget:${name}`, async () => forget(gone));
        return;
      }
      if (e.object.metadata.deletionTimestamp) {
        terminating.add(name);
        queue.add(`cleanup:${name}`, () => cleanup(name));
        return;
      }
      // Serving is synchronous so a custom resource can be created right after its CRD.
      const accepted = serve(e.object);
      queue.add(`status:${name}`, () => writeStatus(name, accepted));
      return;
    }
    if (e.type === 'DELETED') {
      for (const name of terminating) {
        const r = api.registry.all().find((x) => x.crdName === name);
        if (r && r.storage === e.storage) queue.add(`cleanup:${name}`, () => cleanup(name));
      }
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
