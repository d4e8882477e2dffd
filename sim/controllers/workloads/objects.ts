/**
 * Helpers the workload, HPA and CronHPA controllers share: owner references, the pod-template
 * hash, generated name suffixes, pod readiness, and writes that re-read and retry on a conflict
 * (every controller write goes through the API, so another writer may have moved the object).
 */
import type { KubeObject, OwnerReference } from '@/lib/k8s/object';
import { ApiError } from '../../api/errors';
import type { ApiServer } from '../../apiserver/api-server';
import type { RequestContext } from '../../apiserver/context';
import type { ResourceInfo } from '../../registry/types';
import { clone } from '../../store/json';

/** A controller owner reference to `owner` (kube's `metav1.NewControllerRef`). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** The owner reference with `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((o) => o?.controller === true);
}

/** JSON with object keys sorted, so equal values print equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `rand.SafeEncodeString`'s alphabet: no vowels, no 0/1/3, so names never spell words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * `controller.ComputeHash`: FNV-32a of the template, printed in decimal and mapped through
 * `SafeEncodeString`, hence hashes like `7d4b9c8f5`. Upstream hashes a spew dump of the Go struct;
 * we hash the template's canonical JSON, so the values differ but the shape does not.
 */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(stableJson(template));
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** A small seeded generator (mulberry32): generated names repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `utilrand.String(n)`, as the API server appends to a `generateName`. */
export function randomSuffix(random: () => number, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(random() * ALPHANUMS.length)];
  return s;
}

const condition = (pod: KubeObject, type: string): { status?: string; lastTransitionTime?: string } | undefined => {
  const conds = (pod.status as { conditions?: { type?: string; status?: string; lastTransitionTime?: string }[] } | undefined)?.conditions;
  return Array.isArray(conds) ? conds.find((c) => c?.type === type) : undefined;
};

/** `podutil.IsPodReady`. */
export function isPodReady(pod: KubeObject): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

export function podPhase(pod: KubeObject): string {
  return String((pod.status as { phase?: string } | undefined)?.phase ?? 'Pending');
}

/** `controller.IsPodActive`: not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** `intstr.GetScaledValueFromIntOrPercent`: `25%` of 10 is 3 rounding up, 2 rounding down. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  if (!m) return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

const isConflict = (e: unknown): boolean => e instanceof ApiError && e.code === 409;

/**
 * Reads the object fresh, lets `change` edit a copy (returning false for "nothing to do") and writes
 * it, retrying on 409 Conflict; a vanished object is not an error (the controller sees the deletion).
 */
export async function updateFresh(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string, ctx: () => RequestContext, change: (obj: KubeObject) => boolean, subresource = ''): Promise<KubeObject | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = api.store.get(res.storage, res.namespaced ? namespace : undefined, name);
    if (!current) return undefined;
    const copy = clone(current) as KubeObject;
    if (!change(copy)) return current;
    try {
      return await api.update(res, namespace, name, copy, ctx(), subresource);
    } catch (e) {
      if (!isConflict(e) || attempt >= 5) throw e;
    }
  }
}

/**
 * Writes `status` through the status subresource unless the stored one already equals it (compared
 * before any copy: status-only syncs of big objects are the controllers' most frequent call).
 * The API copies the body it receives, so the stored object is passed shallowly.
 */
export async function writeStatusIfChanged(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string, ctx: () => RequestContext, status: Record<string, unknown>): Promise<void> {
  const wanted = JSON.stringify(status);
  for (let attempt = 0; ; attempt++) {
    const current = api.store.get(res.storage, res.namespaced ? namespace : undefined, name);
    if (!current || JSON.stringify(current.status ?? {}) === wanted) return;
    try {
      await api.update(res, namespace, name, { ...current, status }, ctx(), 'status');
      return;
    } catch (e) {
      if (!isConflict(e) || attempt >= 5) throw e;
    }
  }
}

/** Whether an API error is a 404. */
export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}
