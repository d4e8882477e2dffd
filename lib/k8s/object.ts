import { memoByObject } from './memo';

/**
 * The shape every Kubernetes object shares, as plain data. `lib/` works on these domain types;
 * vendor (client-node) types stop at the adapter in `server/`.
 */

/** A JSON value as it travels over the Kubernetes API. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object; objects read from a cluster are untrusted and may hold anything. */
export type JsonObject = { [key: string]: JsonValue };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** Any Kubernetes object. `spec` and `status` stay loosely typed here; per-kind files narrow them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [extra: string]: unknown;
}

/** A standard condition (`metav1.Condition` or the older per-kind condition types). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  observedGeneration?: number;
}

/** A pointer to one object, as findings, links and API shapes carry it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Splits `apps/v1` into group `apps`, version `v1`; the core group is the empty string. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export const ObjectRef = {
  /** Builds a reference to an existing object. */
  of(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
    const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
    if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
    return ref;
  },
  /**
   * A stable key `namespace/group/kind/name`; the version is ignored so `autoscaling/v1` and
   * `autoscaling/v2` views of one HPA are one node.
   * @example ObjectRef.key({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'orders' }) // 'shop/apps/Deployment/orders'
   */
  key(ref: ObjectRef): string {
    return `${ref.namespace ?? ''}/${splitApiVersion(ref.apiVersion).group}/${ref.kind}/${ref.name}`;
  },
  equals(a: ObjectRef, b: ObjectRef): boolean {
    return ObjectRef.key(a) === ObjectRef.key(b);
  },
};

/**
 * Reads a condition of the given type from an untyped `status.conditions`. Every field is checked:
 * a condition from a misbehaving controller may carry a number where a string belongs.
 */
export function findCondition(status: unknown, type: string): Condition | undefined {
  if (!isRecord(status)) return undefined;
  return conditionsOf(status).get(type);
}

/** The conditions of a status by type, parsed once per (immutable) status object. */
const conditionsOf = memoByObject((status: Record<string, unknown>): Map<string, Condition> => {
  const out = new Map<string, Condition>();
  if (!Array.isArray(status.conditions)) return out;
  for (const c of status.conditions) {
    if (isRecord(c) && typeof c.type === 'string' && typeof c.status === 'string' && !out.has(c.type)) out.set(c.type, toCondition(c, c.type, c.status));
  }
  return out;
});

function toCondition(c: Record<string, unknown>, type: string, status: string): Condition {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    type,
    status,
    reason: text(c.reason),
    message: text(c.message),
    lastTransitionTime: text(c.lastTransitionTime),
    lastUpdateTime: text(c.lastUpdateTime),
    observedGeneration: typeof c.observedGeneration === 'number' ? c.observedGeneration : undefined,
  };
}

/** Narrows unknown JSON to an object; cluster data is untrusted and may be malformed. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Metadata with the types the rest of scaleguard relies on. Objects come from any API server;
 * the adapter runs this once at ingest so rules and pages can trust `metadata`: strings are
 * strings, maps hold strings, ownerReferences are well-formed (others are dropped).
 */
export function normalizeMetadata(raw: unknown): ObjectMeta {
  const m = isRecord(raw) ? raw : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const strings = (v: unknown): Record<string, string> | undefined => {
    if (!isRecord(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
    return out;
  };
  const owners = Array.isArray(m.ownerReferences)
    ? m.ownerReferences.filter((o): o is Record<string, unknown> => isRecord(o) && typeof o.kind === 'string' && typeof o.name === 'string' && typeof o.uid === 'string')
        .map((o) => ({ apiVersion: text(o.apiVersion) ?? '', kind: o.kind as string, name: o.name as string, uid: o.uid as string, ...(o.controller === true ? { controller: true } : {}), ...(o.blockOwnerDeletion === true ? { blockOwnerDeletion: true } : {}) }))
    : undefined;
  const out: ObjectMeta = {};
  for (const key of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp'] as const) {
    const v = text(m[key]);
    if (v !== undefined) out[key] = v;
  }
  if (typeof m.generation === 'number') out.generation = m.generation;
  const labels = strings(m.labels);
  const annotations = strings(m.annotations);
  if (labels) out.labels = labels;
  if (annotations) out.annotations = annotations;
  if (owners) out.ownerReferences = owners;
  if (Array.isArray(m.finalizers)) out.finalizers = m.finalizers.filter((f): f is string => typeof f === 'string');
  return out;
}
