/** get and list (with selectors, resourceVersion semantics and limit/continue chunking). */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '@/lib/k8s/object';
import { ApiError, errors } from '../api/errors';
import type { ResourceInfo } from '../registry/types';
import type { ApiServer } from './api-server';
import type { ListOptions } from './context';
import { fromStorage } from './convert';
import { compileFilter } from './selectors';

export function errResource(res: ResourceInfo): { group: string; resource: string } {
  return { group: res.group, resource: res.plural };
}

/** One object in the requested version, or 404. */
export function getObject(api: ApiServer, res: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
  const o = api.store.get(res.storage, res.namespaced ? namespace : undefined, name);
  if (!o) throw errors.notFound(errResource(res), name);
  return fromStorage(res, o);
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface Snapshot {
  items: KubeObject[];
  rv: number;
  expires: number;
}

interface Token {
  v: 'meta.k8s.io/v1';
  /** The list's resourceVersion; -1 marks an inconsistent continuation (fresh list from `start`). */
  rv: number;
  start: string;
  snap?: string;
}

const keyOf = (o: KubeObject): string => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? ''));
const encode = (t: Token): string => Buffer.from(JSON.stringify(t)).toString('base64');

function decode(token: string): Token {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Token;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.start !== 'string' || typeof t.rv !== 'number') throw new Error('bad');
    return t;
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

const INCONSISTENT = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The consistent list snapshots behind continue tokens, kept for a while like etcd's history. */
export class ListSnapshots {
  private readonly snaps = new Map<string, Snapshot>();
  constructor(private readonly ttlMs: () => number, private readonly now: () => number) {}

  put(items: KubeObject[], rv: number): string {
    this.evict();
    const id = randomUUID();
    this.snaps.set(id, { items, rv, expires: this.now() + this.ttlMs() });
    return id;
  }

  get(id: string | undefined): Snapshot | undefined {
    this.evict();
    return id ? this.snaps.get(id) : undefined;
  }

  /** Drops every snapshot: continue tokens issued so far expire (tests of 410). */
  expireAll(): void {
    this.snaps.clear();
  }

  private evict(): void {
    const now = this.now();
    for (const [id, s] of this.snaps) if (s.expires <= now) this.snaps.delete(id);
  }
}

function checkResourceVersion(api: ApiServer, res: ResourceInfo, opts: ListOptions): void {
  const rvText = opts.resourceVersion;
  if (opts.resourceVersionMatch && !rvText) throw errors.badRequest(`resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided`);
  if (!rvText || rvText === '0') return;
  const rv = Number(rvText);
  if (!/^\d+$/.test(rvText)) throw errors.badRequest(`resourceVersion: Invalid value: "${rvText}": must be a valid resource version`);
  const current = api.store.resourceVersion;
  if (rv > current) throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
  if (opts.resourceVersionMatch === 'Exact') {
    // No MVCC here: the current state is the state at `rv` only if nothing changed since.
    const since = api.store.eventsSince(res.storage, rv);
    if (!since || since.length > 0) throw errors.expired('The resourceVersion for the provided list is too old.');
  }
}

/** Lists a resource the way the apiserver does, including chunked reads. */
export function listObjects(api: ApiServer, res: ResourceInfo, namespace: string | undefined, opts: ListOptions): ListResult {
  const filter = compileFilter(res, opts.labelSelector, opts.fieldSelector);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  let items: KubeObject[];
  let rv: number;
  let offset = 0;
  if (opts.continue) {
    const t = decode(opts.continue);
    const snap = t.rv >= 0 ? api.snapshots.get(t.snap) : undefined;
    if (t.rv >= 0 && !snap) {
      const e = errors.expired(INCONSISTENT);
      e.status.metadata = { continue: encode({ v: 'meta.k8s.io/v1', rv: -1, start: t.start }) };
      throw e;
    }
    if (snap) {
      items = snap.items;
      rv = snap.rv;
    } else {
      rv = api.store.resourceVersion;
      items = collect(api, res, namespace, filter);
    }
    offset = firstAfter(items, t.start);
  } else {
    checkResourceVersion(api, res, opts);
    rv = api.store.resourceVersion;
    items = collect(api, res, namespace, filter);
  }
  if (!limit || offset + limit >= items.length) {
    return { items: items.slice(offset).map((o) => fromStorage(res, o)), resourceVersion: String(rv) };
  }
  const page = items.slice(offset, offset + limit);
  const snapId = opts.continue ? decode(opts.continue).snap : undefined;
  const id = snapId && api.snapshots.get(snapId) ? snapId : api.snapshots.put(items, rv);
  const result: ListResult = {
    items: page.map((o) => fromStorage(res, o)),
    resourceVersion: String(rv),
    continue: encode({ v: 'meta.k8s.io/v1', rv, start: keyOf(page[page.length - 1]!), snap: id }),
  };
  if (!filter) result.remainingItemCount = items.length - offset - limit;
  return result;
}

function collect(api: ApiServer, res: ResourceInfo, namespace: string | undefined, filter: ((o: KubeObject) => boolean) | undefined): KubeObject[] {
  const all = api.store.list(res.storage, res.namespaced ? namespace : undefined);
  return filter ? all.filter(filter) : all;
}

/** Index of the first object whose key sorts after `start` (items are in key order). */
function firstAfter(items: KubeObject[], start: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(items[mid]!) <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
