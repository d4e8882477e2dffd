/**
 * DELETE and deletecollection: preconditions, admission, propagation policy (orphan and foreground
 * finalizers), deletionTimestamp while finalizers remain, immediate removal otherwise. Dependents are
 * handled by the garbage collector controller, as in kube.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../clock';
import { errors } from '../api/errors';
import type { ResourceInfo } from '../registry/types';
import { clone } from '../store/json';
import type { ApiServer } from './api-server';
import type { DeleteOptions, ListOptions, RequestContext } from './context';
import { fromStorage } from './convert';
import { errResource, listObjects } from './read';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** Namespaces the NamespaceLifecycle admission plug-in never lets go. */
const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export type DeleteResult = { removed: true; object: KubeObject } | { removed: false; object: KubeObject };

/** The policy kube applies when the request names none (batch/v1 Jobs still orphan by default). */
function defaultPolicy(res: ResourceInfo): 'Background' | 'Orphan' {
  return res.group === 'batch' && res.plural === 'jobs' ? 'Orphan' : 'Background';
}

function policyOf(res: ResourceInfo, opts: DeleteOptions): 'Background' | 'Foreground' | 'Orphan' {
  if (opts.propagationPolicy && opts.orphanDependents !== undefined) {
    throw errors.invalid('meta.k8s.io', 'DeleteOptions', '', [{ type: 'FieldValueInvalid', field: 'propagationPolicy', detail: 'orphanDependents and deletionPropagation cannot be both set', message: 'propagationPolicy: Invalid value: "' + opts.propagationPolicy + '": orphanDependents and deletionPropagation cannot be both set' }]);
  }
  if (opts.propagationPolicy) {
    if (!['Background', 'Foreground', 'Orphan'].includes(opts.propagationPolicy)) {
      throw errors.invalid('meta.k8s.io', 'DeleteOptions', '', [{ type: 'FieldValueNotSupported', field: 'propagationPolicy', detail: '', message: `propagationPolicy: Unsupported value: "${String(opts.propagationPolicy)}": supported values: "Foreground", "Background", "Orphan", "nil"` }]);
    }
    return opts.propagationPolicy;
  }
  if (opts.orphanDependents !== undefined) return opts.orphanDependents ? 'Orphan' : 'Background';
  return defaultPolicy(res);
}

/** Deletes one object; `removed` tells whether it is gone or waits for finalizers. */
export async function deleteObject(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string, opts: DeleteOptions, ctx: RequestContext): Promise<DeleteResult> {
  const ns = res.namespaced ? namespace : undefined;
  const current = api.store.get(res.storage, ns, name);
  if (!current) throw errors.notFound(errResource(res), name);
  const pre = opts.preconditions ?? {};
  if (pre.uid && pre.uid !== current.metadata.uid) {
    throw errors.conflict(errResource(res), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw errors.conflict(errResource(res), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
  if (res.group === '' && res.plural === 'namespaces' && IMMORTAL_NAMESPACES.includes(name)) {
    throw errors.forbidden(errResource(res), name, 'this namespace may not be deleted');
  }
  const policy = policyOf(res, opts);
  await api.admission.validate({
    operation: 'DELETE', resource: res, subresource: '', namespace: ns ?? '', name,
    oldObject: fromStorage(res, current), userInfo: ctx.user, dryRun: !!ctx.dryRun, warnings: ctx.warnings,
    options: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: policy },
  });

  let finalizers = [...(current.metadata.finalizers ?? [])].filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  const hadGcFinalizers = (current.metadata.finalizers ?? []).filter((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER);
  // Namespaces keep spec.finalizers; the namespace controller empties them.
  const nsFinalizers = res.group === '' && res.plural === 'namespaces';
  const hasDependents = api.store.dependentsOf(current.metadata.uid ?? '').length > 0;
  if (policy === 'Orphan' && (hasDependents || hadGcFinalizers.includes(ORPHAN_FINALIZER))) finalizers.push(ORPHAN_FINALIZER);
  if (policy === 'Foreground' && (hasDependents || hadGcFinalizers.includes(FOREGROUND_FINALIZER))) finalizers.push(FOREGROUND_FINALIZER);
  // An object already being deleted keeps the GC finalizers it has unless the policy changes them.
  if (current.metadata.deletionTimestamp && finalizers.length === 0 && hadGcFinalizers.length && policy === 'Background') finalizers = [];

  if (finalizers.length === 0 && !nsFinalizers) {
    if (ctx.dryRun) return { removed: true, object: fromStorage(res, current) };
    const final = api.store.remove(res.storage, ns, name)!;
    return { removed: true, object: fromStorage(res, final) };
  }
  const next = clone(current);
  next.metadata.finalizers = finalizers.length ? finalizers : undefined;
  if (!next.metadata.finalizers) delete next.metadata.finalizers;
  if (!next.metadata.deletionTimestamp) {
    next.metadata.deletionTimestamp = rfc3339(api.clock.now());
    next.metadata.deletionGracePeriodSeconds = 0;
  }
  if (nsFinalizers && next.status && typeof next.status === 'object') (next.status as Record<string, unknown>).phase = 'Terminating';
  const stored = api.store.update(res.storage, next, !!ctx.dryRun);
  // Setting deletionTimestamp also moves generation for kinds that track it.
  return { removed: false, object: fromStorage(res, stored) };
}

/** DELETE on a collection: every object the selectors match, each through {@link deleteObject}. */
export async function deleteCollection(api: ApiServer, res: ResourceInfo, namespace: string | undefined, list: ListOptions, opts: DeleteOptions, ctx: RequestContext): Promise<KubeObject[]> {
  const { items } = listObjects(api, res, namespace, { labelSelector: list.labelSelector, fieldSelector: list.fieldSelector });
  const out: KubeObject[] = [];
  for (const o of items) {
    try {
      const r = await deleteObject(api, res, o.metadata.namespace, o.metadata.name ?? '', opts, ctx);
      out.push(r.object);
    } catch (e) {
      // Already gone (e.g. collected meanwhile): deletecollection does not fail for that.
      if (!(e instanceof Error && 'status' in e && (e as { code?: number }).code === 404)) throw e;
    }
  }
  return out;
}
