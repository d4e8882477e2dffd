/**
 * The simulated API server's core, without HTTP: store, resource registry, admission and the
 * operations. The HTTP layer and in-process controllers both call these methods, so a controller's
 * write goes through the same defaulting, admission, validation and bookkeeping as a kubectl write.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { AdmissionChain } from '../admission/chain';
import type { AdmissionPlugin, WebhookBackend } from '../admission/types';
import { WebhookBackends, webhookAdmission } from '../admission/webhooks';
import { SYSTEM_ADMIN, type UserInfo } from '../auth/user';
import { systemClock, type Clock } from '../clock';
import { startCrdController } from '../controllers/crd-controller';
import { startGarbageCollector } from '../controllers/garbage-collector';
import { startNamespaceController } from '../controllers/namespace-controller';
import { Registry } from '../registry/registry';
import { gv, type ResourceInfo } from '../registry/types';
import { Store } from '../store/store';
import type { DeleteOptions, ListOptions, RequestContext } from './context';
import { deleteCollection, deleteObject, type DeleteResult } from './delete';
import { patchObject, type PatchRequest } from './patch';
import { getObject, ListSnapshots, listObjects, type ListResult } from './read';
import { createObject, updateObject } from './write';

export interface ApiServerOptions {
  clock?: Clock;
  /** Watch history kept per resource (default 10,000 events). */
  eventLogCapacity?: number;
  /** How long a continue token's list snapshot is kept (default 5 minutes, like etcd compaction). */
  continueTtlMs?: number;
  /** `/version` gitVersion (default v1.33.4). */
  serverVersion?: string;
}

export class ApiServer {
  readonly clock: Clock;
  readonly store: Store;
  readonly registry = new Registry();
  /** In-process admission plug-ins; stored webhooks run after them. */
  readonly admission = new AdmissionChain();
  readonly webhooks = new WebhookBackends();
  readonly snapshots: ListSnapshots;
  serverVersion: string;
  continueTtlMs: number;
  private readonly stops: (() => void)[] = [];

  constructor(opts: ApiServerOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.store = new Store({ clock: this.clock, eventLogCapacity: opts.eventLogCapacity });
    this.serverVersion = opts.serverVersion ?? 'v1.33.4';
    this.continueTtlMs = opts.continueTtlMs ?? 5 * 60_000;
    this.snapshots = new ListSnapshots(() => this.continueTtlMs, () => this.clock.now());
    this.syncStorage();
    this.registry.onChange = () => this.syncStorage();
    this.admission.setTail(webhookAdmission(this.store, this.webhooks));
    this.stops.push(startCrdController(this), startGarbageCollector(this), startNamespaceController(this));
  }

  /** Registers an in-process admission plug-in (runs before stored webhooks). */
  registerAdmission(plugin: AdmissionPlugin): () => void {
    return this.admission.register(plugin);
  }

  /** Registers the backend of a webhook Service `namespace/name`. */
  registerWebhookBackend(namespace: string, name: string, handler: WebhookBackend): () => void {
    return this.webhooks.register(namespace, name, handler);
  }

  /** Stops the built-in controllers. */
  stop(): void {
    for (const s of this.stops.splice(0)) s();
  }

  /** The resource served at group/version/plural, if any. */
  resource(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.registry.lookup(group, version, plural);
  }

  /** The resource for an object's apiVersion and kind (scenario loading, owner references). */
  resourceFor(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.registry.byKind(apiVersion, kind);
  }

  get(res: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
    return getObject(this, res, namespace, name);
  }

  list(res: ResourceInfo, namespace: string | undefined, opts: ListOptions = {}): ListResult {
    return listObjects(this, res, namespace, opts);
  }

  create(res: ResourceInfo, namespace: string | undefined, body: unknown, ctx: RequestContext = adminContext()): Promise<KubeObject> {
    return createObject(this, res, namespace, body, ctx);
  }

  update(res: ResourceInfo, namespace: string | undefined, name: string, body: unknown, ctx: RequestContext = adminContext(), subresource = ''): Promise<KubeObject> {
    return updateObject(this, res, namespace, name, body, ctx, subresource);
  }

  patch(res: ResourceInfo, namespace: string | undefined, name: string, req: PatchRequest, ctx: RequestContext = adminContext()): Promise<KubeObject> {
    return patchObject(this, res, namespace, name, req, ctx);
  }

  delete(res: ResourceInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}, ctx: RequestContext = adminContext()): Promise<DeleteResult> {
    return deleteObject(this, res, namespace, name, opts, ctx);
  }

  deleteCollection(res: ResourceInfo, namespace: string | undefined, list: ListOptions, opts: DeleteOptions, ctx: RequestContext = adminContext()): Promise<KubeObject[]> {
    return deleteCollection(this, res, namespace, list, opts, ctx);
  }

  /** Keeps one store bucket per resource's storage version. */
  private syncStorage(): void {
    for (const r of this.registry.all()) {
      if (gv(r) !== r.storageVersion || r.createOnly) continue;
      this.store.define(r.storage, { namespaced: r.namespaced, generation: r.strategy.generation });
    }
  }
}

/** A request context acting as `user` (default: the system admin controllers use). */
export function adminContext(user: UserInfo = SYSTEM_ADMIN, manager = 'scaleguard-sim'): RequestContext {
  return { user, fieldManager: manager, fieldValidation: 'Warn', warnings: [] };
}
