/**
 * PATCH in its four content types: JSON merge patch, JSON patch, strategic merge patch (built-in
 * kinds only) and server-side apply. The patched object then goes through the update pipeline.
 */
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import YAML from 'yaml';
import type { JsonObject, JsonValue, KubeObject, ManagedFieldsEntry } from '@/lib/k8s/object';
import { rfc3339 } from '../clock';
import { ApiError, errors } from '../api/errors';
import { serverSideApply } from '../engine/server-side-apply';
import { applyStrategicMergePatch, PatchError } from '../engine/strategic-merge';
import { fieldErr } from '../kinds/field-errors';
import { gv, type ResourceInfo } from '../registry/types';
import { isJsonObject } from '../store/json';
import type { ApiServer } from './api-server';
import type { PatchType, RequestContext } from './context';
import { toStorage, viewCopy } from './convert';
import { pruneBuiltin } from './prepare';
import { errResource } from './read';
import { commitUpdate, createObject } from './write';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function parseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function invalidPatch(res: ResourceInfo, name: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', message, { name, group: res.group || undefined, kind: res.kind });
}

/** Applies a non-apply patch to the object in its request version. */
function applyPatch(res: ResourceInfo, view: KubeObject, type: Exclude<PatchType, 'apply'>, body: string): KubeObject {
  const name = view.metadata.name ?? '';
  if (type === 'merge') {
    const p = parseJson(body);
    if (!isJsonObject(p)) throw errors.badRequest('error decoding patch: a merge patch must be a JSON object');
    return mergePatch(view as unknown as JsonObject, p) as unknown as KubeObject;
  }
  if (type === 'json') {
    const ops = parseJson(body);
    if (!Array.isArray(ops)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    try {
      return fastJsonPatch.applyPatch(view, ops as unknown as Operation[], true, false).newDocument;
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
      throw invalidPatch(res, name, `the server rejected our request due to an error in our request: ${msg}`);
    }
  }
  if (res.crdName) {
    throw errors.unsupportedMediaType(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  }
  const p = parseJson(body);
  if (!isJsonObject(p)) throw errors.badRequest('error decoding patch: a strategic merge patch must be a JSON object');
  try {
    return applyStrategicMergePatch(view as unknown as JsonObject, p, res.strategy.patchMeta()) as unknown as KubeObject;
  } catch (e) {
    if (e instanceof PatchError) throw invalidPatch(res, name, e.message);
    throw e;
  }
}

function parseApply(body: string): JsonObject {
  let doc: unknown;
  try {
    doc = YAML.parse(body);
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isJsonObject(doc)) throw errors.badRequest('error decoding YAML: the body is not an object');
  return doc;
}

export interface PatchRequest {
  type: PatchType;
  body: string;
  force?: boolean;
  subresource?: string;
}

/** PATCH of the main resource or `/status` (apply creates a missing object, as kube does). */
export async function patchObject(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string, req: PatchRequest, ctx: RequestContext): Promise<KubeObject> {
  const sub = req.subresource ?? '';
  if (req.type === 'apply' && !ctx.fieldManager) {
    throw errors.invalid('meta.k8s.io', 'PatchOptions', '', [fieldErr.required('fieldManager', 'is required for apply patch')]);
  }
  if (req.type !== 'apply' && req.force !== undefined) {
    throw errors.invalid('meta.k8s.io', 'PatchOptions', '', [fieldErr.forbidden('force', 'may not be specified for non-apply patch')]);
  }
  const ns = res.namespaced ? namespace : undefined;
  const current = api.store.get(res.storage, ns, name);
  if (req.type === 'apply') return applyObject(api, res, ns, name, current, req, ctx, sub);
  if (!current) throw errors.notFound(errResource(res), name);
  const view = viewCopy(res, current);
  let patched = applyPatch(res, view, req.type, req.body);
  if (!isJsonObject(patched.metadata)) patched.metadata = {};
  const rv = patched.metadata.resourceVersion;
  patched = pruneBuiltin(res, patched, ctx);
  patched.apiVersion = gv(res);
  patched.kind = res.kind;
  const st = toStorage(res, patched, current);
  return commitUpdate(api, res, current, st, ctx, sub, { preconditionRv: rv !== current.metadata.resourceVersion ? rv : undefined });
}

async function applyObject(api: ApiServer, res: ResourceInfo, ns: string | undefined, name: string, current: KubeObject | undefined, req: PatchRequest, ctx: RequestContext, sub: string): Promise<KubeObject> {
  const applied = parseApply(req.body);
  const meta = isJsonObject(applied.metadata) ? applied.metadata : {};
  if (meta.name !== undefined && meta.name !== name) throw errors.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  if (applied.apiVersion !== gv(res) || applied.kind !== res.kind) {
    throw errors.badRequest(`the API version in the data (${String(applied.apiVersion)}) does not match the expected API version (${gv(res)})`);
  }
  const outcome = serverSideApply({
    live: current ? (viewCopy(res, current) as unknown as JsonObject) : undefined,
    applied,
    manager: ctx.fieldManager!,
    force: !!req.force,
    meta: res.strategy.patchMeta(),
    apiVersion: gv(res),
    time: rfc3339(api.clock.now()),
    subresource: sub || undefined,
  });
  if (!outcome.ok) {
    if (outcome.status === 400) throw errors.badRequest(outcome.message);
    throw new ApiError(409, 'Conflict', outcome.message, {
      name, group: res.group || undefined, kind: res.plural,
      causes: outcome.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: c.message, field: c.field })),
    });
  }
  const result = outcome.object as unknown as KubeObject;
  const mf = (result.metadata?.managedFields ?? []) as ManagedFieldsEntry[];
  if (!current) {
    if (sub) throw errors.notFound(errResource(res), name);
    return createObject(api, res, ns, { ...result, metadata: { ...result.metadata, name } }, ctx, mf);
  }
  const pruned = pruneBuiltin(res, result, ctx);
  const st = toStorage(res, pruned, current);
  const rv = isJsonObject(applied.metadata) && typeof applied.metadata.resourceVersion === 'string' ? applied.metadata.resourceVersion : undefined;
  return commitUpdate(api, res, current, st, ctx, sub, { preconditionRv: rv, managedFields: mf });
}
