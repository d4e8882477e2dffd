/**
 * The `/scale` subresource (autoscaling/v1 Scale) of Deployments, StatefulSets, ReplicaSets and
 * custom resources with a scale subresource: replicas and selector read and written through the
 * resource's spec/status paths.
 */
import type { JsonObject, JsonValue, KubeObject } from '@/lib/k8s/object';
import { formatLabelSelector, labelSelectorRequirements } from '@/lib/k8s/label-selector';
import { errors } from '../api/errors';
import { fieldErr } from '../kinds/field-errors';
import type { ResourceInfo } from '../registry/types';
import { clone, getPath, isJsonObject, setPath } from '../store/json';
import type { ApiServer } from './api-server';
import type { PatchType, RequestContext } from './context';
import { mergePatch } from './patch';
import { errResource } from './read';
import { commitUpdate } from './write';
import fastJsonPatch, { type Operation } from 'fast-json-patch';

const path = (p: string): string[] => p.replace(/^\./, '').split('.');

/** The Scale view of a stored object. */
export function scaleOf(res: ResourceInfo, obj: KubeObject): KubeObject {
  const sp = res.scale!;
  let selector = '';
  if (res.crdName) {
    const v = sp.labelSelectorPath ? getPath(obj, path(sp.labelSelectorPath)) : undefined;
    selector = typeof v === 'string' ? v : '';
  } else {
    const r = labelSelectorRequirements(getPath(obj, ['spec', 'selector']));
    selector = r.ok ? formatLabelSelector(r.requirements) : '';
  }
  const m = obj.metadata;
  const meta: Record<string, unknown> = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.namespace) meta.namespace = m.namespace;
  const specReplicas = getPath(obj, path(sp.specReplicasPath));
  const statusReplicas = getPath(obj, path(sp.statusReplicasPath));
  const status: JsonObject = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  if (selector) status.selector = selector;
  return { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: meta, spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 }, status };
}

export function getScale(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
  const o = api.store.get(res.storage, res.namespaced ? namespace : undefined, name);
  if (!o) throw errors.notFound(errResource(res), name);
  return scaleOf(res, o);
}

/** PUT or PATCH of `/scale`: the resulting replicas are written to the resource's spec. */
export async function writeScale(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string, input: { body: unknown } | { patchType: PatchType; patch: string }, ctx: RequestContext): Promise<KubeObject> {
  const current = api.store.get(res.storage, res.namespaced ? namespace : undefined, name);
  if (!current) throw errors.notFound(errResource(res), name);
  const scale = scaleOf(res, current);
  let next: KubeObject;
  if ('body' in input) {
    if (!isJsonObject(input.body)) throw errors.badRequest('the body of the request was not a JSON object');
    next = input.body as unknown as KubeObject;
    if (next.metadata?.name && next.metadata.name !== name) throw errors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
  } else if (input.patchType === 'merge' || input.patchType === 'strategic' || input.patchType === 'apply') {
    let p: JsonValue;
    try {
      p = JSON.parse(input.patch) as JsonValue;
    } catch {
      throw errors.badRequest('error decoding patch');
    }
    next = mergePatch(clone(scale) as unknown as JsonObject, p) as unknown as KubeObject;
  } else {
    try {
      next = fastJsonPatch.applyPatch(clone(scale), JSON.parse(input.patch) as Operation[], true, false).newDocument;
    } catch (e) {
      throw errors.badRequest(`the server rejected our request due to an error in our request: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  const replicas = getPath(next, ['spec', 'replicas']);
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('autoscaling', 'Scale', name, [fieldErr.invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
  }
  const rv = next.metadata?.resourceVersion;
  const updated = clone(current);
  setPath(updated as unknown as JsonObject, path(res.scale!.specReplicasPath), replicas);
  const result = await commitUpdate(api, res, current, updated, ctx, 'scale', { preconditionRv: rv && rv !== current.metadata.resourceVersion ? rv : undefined });
  const stored = api.store.get(res.storage, current.metadata.namespace, name) ?? current;
  return ctx.dryRun ? scaleOf(res, { ...result, metadata: { ...result.metadata } }) : scaleOf(res, stored);
}
