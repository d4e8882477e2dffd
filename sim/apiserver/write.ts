/**
 * create and update (PUT) through the same pipeline kube-apiserver runs: decode, default, mutating
 * admission, validation, validating admission, managedFields, storage. Patches and scale writes end
 * in {@link commitUpdate} too.
 */
import type { JsonObject, KubeObject, ManagedFieldsEntry } from '@/lib/k8s/object';
import { rfc3339 } from '../clock';
import { errors } from '../api/errors';
import { recordUpdate } from '../engine/server-side-apply';
import type { AdmissionOperation } from '../admission/types';
import { fieldErr } from '../kinds/field-errors';
import { gv, type ResourceInfo } from '../registry/types';
import { clone, deepEqual, getPath, isJsonObject } from '../store/json';
import type { ApiServer } from './api-server';
import type { RequestContext } from './context';
import { fromStorage, toStorage } from './convert';
import { decodeBody, defaultObject, normalizeMeta, pruneBuiltin, resetForCreate, validateObject } from './prepare';
import { errResource } from './read';

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function generateName(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 5; i++) s += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
  return s;
}

/** NamespaceLifecycle: the namespace must exist and not be terminating. */
export function checkNamespace(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string): void {
  if (!res.namespaced) return;
  const ns = api.store.get('/namespaces', undefined, namespace ?? '');
  if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, namespace ?? '');
  if (ns.metadata.deletionTimestamp) {
    throw errors.forbidden(errResource(res), name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

/** Runs mutating then returns the storage-version object (admission sees the request version). */
async function mutate(api: ApiServer, res: ResourceInfo, op: AdmissionOperation, obj: KubeObject, old: KubeObject | undefined, ctx: RequestContext, subresource: string): Promise<KubeObject> {
  const view = fromStorage(res, obj);
  const req = { operation: op, resource: res, subresource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', object: view, userInfo: ctx.user, dryRun: !!ctx.dryRun, warnings: ctx.warnings } as const;
  const out = await api.admission.mutate(old ? { ...req, oldObject: fromStorage(res, old) } : req);
  return out === view || !out ? obj : toStorage(res, out, old);
}

async function admitValidate(api: ApiServer, res: ResourceInfo, op: AdmissionOperation, obj: KubeObject, old: KubeObject | undefined, ctx: RequestContext, subresource: string): Promise<void> {
  const req = { operation: op, resource: res, subresource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', object: fromStorage(res, obj), userInfo: ctx.user, dryRun: !!ctx.dryRun, warnings: ctx.warnings } as const;
  await api.admission.validate(old ? { ...req, oldObject: fromStorage(res, old) } : req);
}

function managerOf(ctx: RequestContext): string {
  return ctx.fieldManager ?? 'unknown';
}

function managedFields(api: ApiServer, res: ResourceInfo, before: KubeObject | undefined, after: KubeObject, ctx: RequestContext, subresource: string): ManagedFieldsEntry[] {
  const entries = recordUpdate(before as unknown as JsonObject | undefined, after as unknown as JsonObject, managerOf(ctx), res.strategy.patchMeta(), gv(res), rfc3339(api.clock.now()), subresource || undefined);
  return entries as unknown as ManagedFieldsEntry[];
}

/** POST: creates an object; `preparedManagedFields` comes from a server-side apply that creates. */
export async function createObject(api: ApiServer, res: ResourceInfo, namespace: string | undefined, body: unknown, ctx: RequestContext, preparedManagedFields?: ManagedFieldsEntry[]): Promise<KubeObject> {
  let obj = decodeBody(res, body, namespace);
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
  const name = obj.metadata.name ?? '';
  if (res.strategy.terminating?.()) throw errors.methodNotAllowed();
  checkNamespace(api, res, namespace, name);
  obj = pruneBuiltin(res, obj, ctx);
  let st = toStorage(res, obj);
  resetForCreate(res, st);
  let d = defaultObject(res, st, ctx);
  st = await mutate(api, res, 'CREATE', d.object, undefined, ctx, '');
  if (st !== d.object) d = defaultObject(res, st, undefined);
  st = d.object;
  validateObject(res, st, undefined, d.schemaErrors);
  await admitValidate(api, res, 'CREATE', st, undefined, ctx, '');
  if (api.store.get(res.storage, st.metadata.namespace, st.metadata.name ?? '')) throw errors.alreadyExists(errResource(res), name);
  const view = fromStorage(res, st);
  st.metadata.managedFields = preparedManagedFields ?? managedFields(api, res, undefined, view, ctx, '');
  normalizeMeta(st);
  return fromStorage(res, api.store.create(res.storage, st, !!ctx.dryRun));
}

/** Equal apart from resourceVersion and the times inside managedFields: kube skips such writes. */
function isNoop(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined, managedFields: (o.metadata.managedFields ?? []).map((m) => ({ ...m, time: undefined })) } });
  return deepEqual(strip(a), strip(b));
}

export interface CommitOptions {
  /** A resourceVersion the client sent: must equal the stored one. */
  preconditionRv?: string;
  /** managedFields computed by server-side apply, used instead of recording an update. */
  managedFields?: ManagedFieldsEntry[];
}

/**
 * Finishes any update of an existing object. `next` is a mutable storage-version object; for
 * `status` only its status is taken, for the main resource of a kind with a status subresource its
 * status is ignored.
 */
export async function commitUpdate(api: ApiServer, res: ResourceInfo, current: KubeObject, next: KubeObject, ctx: RequestContext, subresource: string, opts: CommitOptions = {}): Promise<KubeObject> {
  const name = current.metadata.name ?? '';
  if (opts.preconditionRv && opts.preconditionRv !== current.metadata.resourceVersion) throw errors.staleResourceVersion(errResource(res), name);
  let st: KubeObject;
  if (subresource === 'status') {
    st = clone(current);
    if (next.status === undefined) delete st.status;
    else st.status = next.status;
    if (next.metadata.managedFields !== undefined) st.metadata.managedFields = next.metadata.managedFields;
  } else if (subresource === 'resize') {
    st = resizeOnly(current, next);
  } else {
    st = next;
    if (res.subresources.includes('status')) {
      if (current.status === undefined) delete st.status;
      else st.status = clone(current.status);
    }
    const m = st.metadata;
    m.name = current.metadata.name;
    if (current.metadata.namespace) m.namespace = current.metadata.namespace;
    for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
      if (current.metadata[k] === undefined) delete m[k];
      else (m as Record<string, unknown>)[k] = current.metadata[k];
    }
    if (current.metadata.deletionTimestamp) {
      const added = (m.finalizers ?? []).filter((f) => !(current.metadata.finalizers ?? []).includes(f));
      if (added.length) {
        throw errors.invalid(res.group, res.kind, name, [fieldErr.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`)]);
      }
    }
  }
  st.metadata.resourceVersion = current.metadata.resourceVersion;
  let d = defaultObject(res, st, subresource ? undefined : ctx, current);
  st = await mutate(api, res, 'UPDATE', d.object, current, ctx, subresource);
  if (st !== d.object) d = defaultObject(res, st, undefined, current);
  st = d.object;
  validateObject(res, st, current, d.schemaErrors, subresource);
  await admitValidate(api, res, 'UPDATE', st, current, ctx, subresource);
  const view = fromStorage(res, st);
  st.metadata.managedFields = opts.managedFields ?? managedFields(api, res, fromStorage(res, current), view, ctx, subresource);
  normalizeMeta(st);
  if (isNoop(current, st)) return fromStorage(res, current);
  const stored = api.store.update(res.storage, st, !!ctx.dryRun);
  // The last finalizer of an object being deleted is gone: the object goes now.
  if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0 && !ctx.dryRun) {
    const final = api.store.remove(res.storage, stored.metadata.namespace, name);
    return fromStorage(res, final ?? stored);
  }
  return fromStorage(res, stored);
}

/**
 * `pods/resize` (kube 1.33 `podResizeStrategy`, registry/core/pod/strategy.go `dropNonResizeUpdates`):
 * only the containers' `resources` and `resizePolicy` of the request are kept, everything else
 * stays as stored.
 */
function resizeOnly(current: KubeObject, next: KubeObject): KubeObject {
  const st = clone(current);
  const wanted = (getPath(next, ['spec', 'containers']) ?? []) as JsonObject[];
  const containers = (getPath(st, ['spec', 'containers']) ?? []) as JsonObject[];
  for (const c of containers) {
    const w = Array.isArray(wanted) ? wanted.find((x) => isJsonObject(x) && x.name === c.name) : undefined;
    if (!w) continue;
    if (w.resources === undefined) delete c.resources;
    else c.resources = w.resources;
    if (w.resizePolicy !== undefined) c.resizePolicy = w.resizePolicy;
  }
  return st;
}

/** PUT of the main resource or of `/status`. */
export async function updateObject(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string, body: unknown, ctx: RequestContext, subresource = ''): Promise<KubeObject> {
  const current = api.store.get(res.storage, res.namespaced ? namespace : undefined, name);
  if (!current) throw errors.notFound(errResource(res), name);
  let obj = decodeBody(res, body, namespace);
  if (obj.metadata.name && obj.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }
  obj.metadata.name = name;
  obj = pruneBuiltin(res, obj, ctx);
  const st = toStorage(res, obj, current);
  return commitUpdate(api, res, current, st, ctx, subresource, { preconditionRv: obj.metadata.resourceVersion });
}
