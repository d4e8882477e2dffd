/**
 * managedFields as a long-lived cluster accumulates them: the field set of every value a manager
 * wrote (`f:` keys, `k:{"name":…}` list items), for helm or `kubectl apply`, the controllers'
 * status writers and a `kubectl scale` or two. On a real v1.32 cluster they are about half of a
 * Deployment's bytes (design §10), which is what the dashboard drops at ingest.
 */
import type { JsonObject, JsonValue, KubeObject, ManagedFieldsEntry } from '@/lib/k8s/object';

/** The FieldsV1 of a value: maps by key, lists of named items by `k:{"name":…}`, other lists atomic. */
export function fieldsV1(value: JsonValue): JsonObject {
  const out: JsonObject = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) out[`f:${k}`] = { '.': {}, ...fieldsV1(v) };
    else if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Array.isArray(x) && typeof (x as JsonObject).name === 'string')) {
      const items: JsonObject = {};
      for (const item of v as JsonObject[]) items[`k:${JSON.stringify({ name: item.name })}`] = { '.': {}, ...fieldsV1(item) };
      out[`f:${k}`] = items;
    } else out[`f:${k}`] = {};
  }
  return out;
}

function entry(manager: string, operation: 'Apply' | 'Update', apiVersion: string, time: string, fields: JsonObject, subresource?: string): ManagedFieldsEntry {
  return { manager, operation, apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: fields, ...(subresource ? { subresource } : {}) };
}

/**
 * Entries for a generated object: the creator's (helm or kubectl), and when `heavy` also the
 * controllers' status writes, an annotation update and an extra `kubectl` manager, as objects
 * that have lived through several deploys carry them.
 */
export function managedFieldsFor(o: KubeObject, creator: string, time: string, heavy: boolean): ManagedFieldsEntry[] {
  const meta: JsonObject = {};
  if (o.metadata.labels) meta.labels = o.metadata.labels;
  if (o.metadata.annotations) meta.annotations = o.metadata.annotations;
  const owned: JsonObject = { 'f:metadata': fieldsV1(meta), 'f:spec': fieldsV1((o.spec ?? {}) as JsonValue) };
  const entries = [entry(creator, creator === 'helm' ? 'Update' : 'Apply', o.apiVersion, time, owned)];
  if (!heavy) return entries;
  if (o.status) entries.push(entry(o.apiVersion === 'apps/v1' ? 'kube-controller-manager' : `${o.kind.toLowerCase()}-controller`, 'Update', o.apiVersion, time, { 'f:status': fieldsV1(o.status as JsonValue) }, 'status'));
  entries.push(entry('kubectl-client-side-apply', 'Update', o.apiVersion, time, { 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } }, 'f:spec': fieldsV1((o.spec ?? {}) as JsonValue) }));
  if ((o.spec as { replicas?: number } | undefined)?.replicas !== undefined) entries.push(entry('kubectl', 'Update', o.apiVersion, time, { 'f:spec': { 'f:replicas': {} } }, 'scale'));
  return entries;
}
