/**
 * The decode-side steps of every write: body checks, unknown-field pruning per fieldValidation,
 * resetting server-owned metadata, defaulting and validation.
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { errors } from '../api/errors';
import type { FieldError, ResourceInfo } from '../registry/types';
import { gv } from '../registry/types';
import { clone, isJsonObject } from '../store/json';
import type { RequestContext } from './context';

/** Checks the body of a create/update and returns a mutable copy with namespace and kind settled. */
export function decodeBody(res: ResourceInfo, body: unknown, namespace: string | undefined): KubeObject {
  if (!isJsonObject(body)) throw errors.badRequest('the body of the request was not a JSON object');
  const obj = clone(body) as unknown as KubeObject;
  const want = gv(res);
  if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
    throw errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${want})`);
  }
  if (obj.kind !== undefined && obj.kind !== res.kind) {
    throw errors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${res.kind})`);
  }
  obj.apiVersion = want;
  obj.kind = res.kind;
  if (!isJsonObject(obj.metadata)) obj.metadata = {};
  if (res.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (namespace) obj.metadata.namespace = namespace;
  } else delete obj.metadata.namespace;
  return obj;
}

/** Applies fieldValidation to the unknown fields a decode found. */
export function reportUnknownFields(unknown: string[], ctx: RequestContext): void {
  if (unknown.length === 0) return;
  const mode = ctx.fieldValidation ?? 'Warn';
  if (mode === 'Ignore') return;
  const texts = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${texts.join(', ')}`);
  ctx.warnings.push(...texts);
}

/** Drops unknown fields of a built-in kind (custom resources are pruned by their schema later). */
export function pruneBuiltin(res: ResourceInfo, obj: KubeObject, ctx: RequestContext): KubeObject {
  if (!res.strategy.prune) return obj;
  const r = res.strategy.prune(obj as unknown as JsonObject);
  reportUnknownFields(r.unknown, ctx);
  return r.object as unknown as KubeObject;
}

/** Server-owned metadata a client cannot set on create. */
export function resetForCreate(res: ResourceInfo, obj: KubeObject): void {
  const m = obj.metadata;
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink', 'managedFields'] as const) delete (m as Record<string, unknown>)[k];
  // With a status subresource, status is written only through /status (pods start Pending).
  if (res.subresources.includes('status')) delete obj.status;
}

/** Defaulting (built-ins) or prune+default (custom resources, errors kept for validation). */
export function defaultObject(res: ResourceInfo, obj: KubeObject, ctx: RequestContext | undefined, old?: KubeObject): { object: KubeObject; schemaErrors: FieldError[] } {
  if (res.strategy.admit) {
    const r = res.strategy.admit(obj as unknown as JsonObject);
    if (ctx) reportUnknownFields(r.unknownFields, ctx);
    return { object: r.object as unknown as KubeObject, schemaErrors: r.errors };
  }
  res.strategy.defaults?.(obj as unknown as JsonObject, old);
  return { object: obj, schemaErrors: [] };
}

/** Kind validation plus schema errors; throws 422 Invalid when anything is wrong. */
export function validateObject(res: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, schemaErrors: FieldError[], subresource = ''): void {
  const errs = subresource ? [] : [...(res.strategy.validate?.(obj, old) ?? []), ...schemaErrors];
  if (subresource === 'status') errs.push(...schemaErrors);
  if (errs.length) throw errors.invalid(res.group, res.kind, obj.metadata.name ?? '', errs);
}

/** Go's `omitempty`: empty metadata maps and lists are not stored (an orphaned object has no `ownerReferences: []`). */
export function normalizeMeta(obj: KubeObject): void {
  const m = obj.metadata as Record<string, unknown>;
  for (const k of ['labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields']) {
    const v = m[k];
    if (v === null || (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0)) delete m[k];
  }
}
