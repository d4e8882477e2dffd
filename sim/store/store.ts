/**
 * The in-memory object store: the simulator's etcd plus watch cache. One global resourceVersion
 * counter; per resource a map for O(1) reads, a lazily sorted key list so lists come back in etcd
 * order (namespace, then name), and a bounded event log for watches. Stored objects are deep-frozen:
 * a write replaces the object, and readers may hold what they got without copying.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339, type Clock } from '../clock';
import { EventLog, type StoreEvent } from './event-log';
import { deepEqual, deepFreeze } from './json';

/** When `metadata.generation` moves: never, on changes outside metadata and status, or outside metadata. */
export type GenerationPolicy = 'none' | 'spec' | 'all-but-metadata';

export interface BucketOptions {
  namespaced: boolean;
  generation: GenerationPolicy;
}

export type StoreListener = (e: StoreEvent) => void;

interface Bucket {
  opts: BucketOptions;
  items: Map<string, KubeObject>;
  sorted: string[] | null;
  log: EventLog;
  listeners: Set<StoreListener>;
}

export interface StoreOptions {
  clock: Clock;
  /** Events each resource keeps for watch replay (default 10,000). */
  eventLogCapacity?: number;
}

/** The key of an object inside its resource: `namespace/name`, or `name` for cluster-scoped kinds. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class Store {
  private rv = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly uids = new Map<string, { storage: string; key: string }>();
  /** owner uid → dependent uids, for the garbage collector. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly globalListeners = new Set<StoreListener>();
  readonly clock: Clock;
  private readonly capacity: number;

  constructor(opts: StoreOptions) {
    this.clock = opts.clock;
    this.capacity = opts.eventLogCapacity ?? 10_000;
  }

  /** The newest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Declares a resource's storage (idempotent; options of an existing one are updated). */
  define(storage: string, opts: BucketOptions): void {
    const b = this.buckets.get(storage);
    if (b) b.opts = opts;
    else this.buckets.set(storage, { opts, items: new Map(), sorted: null, log: new EventLog(this.capacity), listeners: new Set() });
  }

  /** Forgets a resource's storage; its objects must already be gone (CRD removal). */
  undefine(storage: string): void {
    const b = this.buckets.get(storage);
    if (!b) return;
    for (const obj of b.items.values()) this.unindex(obj);
    this.buckets.delete(storage);
  }

  has(storage: string): boolean {
    return this.buckets.has(storage);
  }

  get(storage: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(storage)?.items.get(objectKey(namespace, name));
  }

  /** Objects of a resource in etcd order, optionally only one namespace. */
  list(storage: string, namespace?: string): KubeObject[] {
    const b = this.buckets.get(storage);
    if (!b) return [];
    if (!b.sorted) b.sorted = [...b.items.keys()].sort();
    const keys = b.sorted;
    if (!namespace) return keys.map((k) => b.items.get(k)!);
    // Keys are sorted, so one namespace is a contiguous run: find it by binary search.
    const prefix = `${namespace}/`;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: KubeObject[] = [];
    for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) out.push(b.items.get(keys[i]!)!);
    return out;
  }

  count(storage: string): number {
    return this.buckets.get(storage)?.items.size ?? 0;
  }

  byUid(uid: string): { storage: string; object: KubeObject } | undefined {
    const ref = this.uids.get(uid);
    if (!ref) return undefined;
    const object = this.buckets.get(ref.storage)?.items.get(ref.key);
    return object ? { storage: ref.storage, object } : undefined;
  }

  /** Objects whose ownerReferences name `ownerUid`. */
  dependentsOf(ownerUid: string): { storage: string; object: KubeObject }[] {
    const out: { storage: string; object: KubeObject }[] = [];
    for (const uid of this.dependents.get(ownerUid) ?? []) {
      const found = this.byUid(uid);
      if (found) out.push(found);
    }
    return out;
  }

  /**
   * Stores a new object: uid, creationTimestamp, resourceVersion and (per policy) generation 1 are
   * set here. With `dryRun` nothing is stored and no resourceVersion is used.
   */
  create(storage: string, obj: KubeObject, dryRun = false): KubeObject {
    const b = this.bucket(storage);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    if (b.items.has(key)) throw new Error(`store: ${storage} ${key} exists`);
    const meta = { ...obj.metadata, uid: obj.metadata.uid ?? randomUUID(), creationTimestamp: rfc3339(this.clock.now()) };
    if (b.opts.generation !== 'none') meta.generation = 1;
    else delete meta.generation;
    delete meta.deletionTimestamp;
    if (dryRun) {
      delete meta.resourceVersion;
      return deepFreeze({ ...obj, metadata: meta });
    }
    meta.resourceVersion = String(++this.rv);
    const stored = deepFreeze({ ...obj, metadata: meta });
    b.items.set(key, stored);
    b.sorted = null;
    this.index(stored, storage, key);
    this.emit(b, { type: 'ADDED', rv: this.rv, storage, object: stored });
    return stored;
  }

  /**
   * Replaces an existing object. Identity (uid, creationTimestamp) comes from the stored object;
   * generation moves per policy. With `dryRun` the result is computed but not stored.
   */
  update(storage: string, obj: KubeObject, dryRun = false): KubeObject {
    const b = this.bucket(storage);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const old = b.items.get(key);
    if (!old) throw new Error(`store: ${storage} ${key} missing`);
    const meta = { ...obj.metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp };
    if (b.opts.generation === 'none') delete meta.generation;
    else meta.generation = (old.metadata.generation ?? 1) + (this.specChanged(b.opts.generation, old, obj) ? 1 : 0);
    if (dryRun) {
      meta.resourceVersion = old.metadata.resourceVersion;
      return deepFreeze({ ...obj, metadata: meta });
    }
    meta.resourceVersion = String(++this.rv);
    const stored = deepFreeze({ ...obj, metadata: meta });
    b.items.set(key, stored);
    this.unindex(old);
    this.index(stored, storage, key);
    this.emit(b, { type: 'MODIFIED', rv: this.rv, storage, object: stored, old });
    return stored;
  }

  /** Removes an object; the DELETED event carries its final state with a fresh resourceVersion. */
  remove(storage: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const b = this.bucket(storage);
    const key = objectKey(namespace, name);
    const old = b.items.get(key);
    if (!old) return undefined;
    b.items.delete(key);
    b.sorted = null;
    this.unindex(old);
    const final = deepFreeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } });
    this.emit(b, { type: 'DELETED', rv: this.rv, storage, object: final, old });
    return final;
  }

  /** Events after `rv` for a resource, or `undefined` when the log no longer reaches back that far. */
  eventsSince(storage: string, rv: number): StoreEvent[] | undefined {
    return this.bucket(storage).log.since(rv);
  }

  /** The oldest resourceVersion a watch of this resource can still start from. */
  compactedRv(storage: string): number {
    return this.bucket(storage).log.compactedRv;
  }

  /** Emulates etcd compaction of one resource's history (tests of 410 Gone). */
  compact(storage: string): void {
    this.bucket(storage).log.compactAll(this.rv);
  }

  /** Calls `listener` synchronously after every change of one resource; returns the unsubscribe. */
  subscribe(storage: string, listener: StoreListener): () => void {
    const b = this.bucket(storage);
    b.listeners.add(listener);
    return () => b.listeners.delete(listener);
  }

  /** Calls `listener` after every change of every resource (garbage collector, controllers). */
  subscribeAll(listener: StoreListener): () => void {
    this.globalListeners.add(listener);
    return () => this.globalListeners.delete(listener);
  }

  private bucket(storage: string): Bucket {
    const b = this.buckets.get(storage);
    if (!b) throw new Error(`store: unknown resource ${storage}`);
    return b;
  }

  private emit(b: Bucket, e: StoreEvent): void {
    b.log.append(e);
    for (const l of [...b.listeners]) l(e);
    for (const l of [...this.globalListeners]) l(e);
  }

  private specChanged(policy: GenerationPolicy, old: KubeObject, next: KubeObject): boolean {
    const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
    for (const k of keys) {
      if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
      if (k === 'status' && policy === 'spec') continue;
      if (!deepEqual(old[k], next[k])) return true;
    }
    return false;
  }

  private index(obj: KubeObject, storage: string, key: string): void {
    const uid = obj.metadata.uid!;
    this.uids.set(uid, { storage, key });
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
  }

  private unindex(obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    this.uids.delete(uid);
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(ref.uid);
      if (!set) continue;
      set.delete(uid);
      if (set.size === 0) this.dependents.delete(ref.uid);
    }
  }
}
