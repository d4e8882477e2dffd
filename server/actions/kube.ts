import 'server-only';
import {
  ApiException, AuthorizationV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, VersionApi, setHeaderOptions, type KubeConfig, type V1ConfigMap,
} from '@kubernetes/client-node';
import { isRecord, splitApiVersion, type KubeObject, type ObjectMeta, type ObjectRef } from '@/lib/k8s/object';
import { RESOURCE_KINDS } from '@/lib/k8s/resources';
import type { Precondition } from '@/lib/plans/types';

/** A refused or failed API request: HTTP status (0 = not reached), reason and the server's words, verbatim. */
export class KubeError extends Error {
  constructor(message: string, readonly status: number, readonly reason?: string) {
    super(message);
    this.name = 'KubeError';
  }
}

/** Turns client-node's ApiException (body = a JSON `Status` string) or a network error into a KubeError. */
export function toKubeError(e: unknown): KubeError {
  if (e instanceof KubeError) return e;
  if (e instanceof ApiException) {
    const body: unknown = typeof e.body === 'string' ? safeParse(e.body) : e.body;
    if (isRecord(body) && typeof body.message === 'string') return new KubeError(body.message, e.code, typeof body.reason === 'string' ? body.reason : undefined);
    return new KubeError(`HTTP ${e.code}${typeof e.body === 'string' && e.body ? `: ${e.body}` : ''}`, e.code);
  }
  return new KubeError(e instanceof Error ? e.message : String(e), 0);
}

function safeParse(s: string): unknown {
  try { return JSON.parse(s); } catch { return undefined; }
}

export interface Resource { group: string; version: string; plural: string; namespaced: boolean }

// Kinds scaleguard writes besides the ones it watches; anything else is looked up by discovery.
const EXTRA: Record<string, Omit<Resource, 'version'>> = {
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': { group: 'admissionregistration.k8s.io', plural: 'validatingwebhookconfigurations', namespaced: false },
};

export interface WriteResult {
  object: KubeObject;
  /** `Warning` headers of the answer (deprecations, unknown fields …). */
  warnings: string[];
}

/**
 * Everything the guard pipeline asks of a cluster, as the caller (a kubeconfig context), through
 * client-node. Objects travel as plain JSON: the generic custom-objects client is used for every
 * group-qualified kind (built-in ones too), so no model class drops or reshapes a field of a
 * manifest that is backed up and restored.
 */
export class KubeClient {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly resources = new Map<string, Promise<Resource>>();

  constructor(private readonly kc: KubeConfig, readonly fieldManager = 'scaleguard') {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  /** The kubeconfig user the context acts as (local mode's caller identity). */
  userName(): string {
    return this.kc.getCurrentUser()?.name ?? this.kc.getCurrentContext();
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      const r = await this.resource(ref);
      const obj: unknown = r.namespaced
        ? await this.custom.getNamespacedCustomObject({ ...base(r), namespace: ref.namespace ?? '', name: ref.name })
        : await this.custom.getClusterCustomObject({ ...base(r), name: ref.name });
      return obj as KubeObject;
    } catch (e) {
      const err = toKubeError(e);
      if (err.status === 404) return undefined;
      throw err;
    }
  }

  async list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string): Promise<KubeObject[]> {
    try {
      const r = await this.resource({ apiVersion, kind, name: '' });
      const res: unknown = r.namespaced && namespace
        ? await this.custom.listNamespacedCustomObject({ ...base(r), namespace, labelSelector })
        : await this.custom.listClusterCustomObject({ ...base(r), labelSelector });
      return isRecord(res) && Array.isArray(res.items) ? (res.items as KubeObject[]) : [];
    } catch (e) {
      throw toKubeError(e);
    }
  }

  async create(obj: KubeObject, dryRun = false): Promise<WriteResult> {
    return this.write(async () => {
      const r = await this.resource(refOf(obj));
      const p = { ...base(r), body: obj, dryRun: dryRun ? 'All' : undefined, fieldManager: this.fieldManager };
      return r.namespaced
        ? this.custom.createNamespacedCustomObjectWithHttpInfo({ ...p, namespace: obj.metadata.namespace ?? '' })
        : this.custom.createClusterCustomObjectWithHttpInfo(p);
    });
  }

  /** PUT the object; its `metadata.resourceVersion` is the precondition (409 when stale). */
  async replace(obj: KubeObject, dryRun = false): Promise<WriteResult> {
    return this.write(async () => {
      const r = await this.resource(refOf(obj));
      const p = { ...base(r), name: obj.metadata.name ?? '', body: obj, dryRun: dryRun ? 'All' : undefined, fieldManager: this.fieldManager };
      return r.namespaced
        ? this.custom.replaceNamespacedCustomObjectWithHttpInfo({ ...p, namespace: obj.metadata.namespace ?? '' })
        : this.custom.replaceClusterCustomObjectWithHttpInfo(p);
    });
  }

  async patch(ref: ObjectRef, type: 'merge' | 'json' | 'strategic', body: unknown, dryRun = false): Promise<WriteResult> {
    const contentType = type === 'merge' ? PatchStrategy.MergePatch : type === 'json' ? PatchStrategy.JsonPatch : PatchStrategy.StrategicMergePatch;
    return this.write(async () => {
      const r = await this.resource(ref);
      const p = { ...base(r), name: ref.name, body, dryRun: dryRun ? 'All' : undefined, fieldManager: this.fieldManager };
      const opts = setHeaderOptions('Content-Type', contentType);
      return r.namespaced
        ? this.custom.patchNamespacedCustomObjectWithHttpInfo({ ...p, namespace: ref.namespace ?? '' }, opts)
        : this.custom.patchClusterCustomObjectWithHttpInfo(p, opts);
    });
  }

  /** DELETE with preconditions; a 404 counts as done (the object is gone either way). */
  async delete(ref: ObjectRef, opts: { propagationPolicy?: string; precondition?: Precondition; dryRun?: boolean } = {}): Promise<{ gone: boolean; warnings: string[] }> {
    try {
      const r = await this.resource(ref);
      const body = {
        apiVersion: 'v1', kind: 'DeleteOptions',
        ...(opts.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : {}),
        ...(opts.precondition && (opts.precondition.uid || opts.precondition.resourceVersion) ? { preconditions: opts.precondition } : {}),
        ...(opts.dryRun ? { dryRun: ['All'] } : {}),
      };
      const p = { ...base(r), name: ref.name, body, dryRun: opts.dryRun ? 'All' : undefined, propagationPolicy: opts.propagationPolicy };
      const info = r.namespaced
        ? await this.custom.deleteNamespacedCustomObjectWithHttpInfo({ ...p, namespace: ref.namespace ?? '' })
        : await this.custom.deleteClusterCustomObjectWithHttpInfo(p);
      return { gone: false, warnings: warningsOf(info.headers) };
    } catch (e) {
      const err = toKubeError(e);
      if (err.status === 404) return { gone: true, warnings: [] };
      throw err;
    }
  }

  /** ConfigMaps (the migration records) go through the typed core client; they hold strings only. */
  async getConfigMap(namespace: string, name: string): Promise<ConfigMapObject | undefined> {
    try {
      return plain(await this.core.readNamespacedConfigMap({ namespace, name }));
    } catch (e) {
      const err = toKubeError(e);
      if (err.status === 404) return undefined;
      throw err;
    }
  }

  async listConfigMaps(namespace: string | undefined, labelSelector: string): Promise<ConfigMapObject[]> {
    try {
      const res = namespace
        ? await this.core.listNamespacedConfigMap({ namespace, labelSelector })
        : await this.core.listConfigMapForAllNamespaces({ labelSelector });
      return res.items.map(plain);
    } catch (e) {
      throw toKubeError(e);
    }
  }

  async createConfigMap(cm: ConfigMapObject): Promise<ConfigMapObject> {
    try {
      return plain(await this.core.createNamespacedConfigMap({ namespace: cm.metadata.namespace, body: writable(cm), fieldManager: this.fieldManager }));
    } catch (e) {
      throw toKubeError(e);
    }
  }

  /** PUT with `metadata.resourceVersion` as the precondition. */
  async replaceConfigMap(cm: ConfigMapObject): Promise<ConfigMapObject> {
    try {
      return plain(await this.core.replaceNamespacedConfigMap({ namespace: cm.metadata.namespace, name: cm.metadata.name, body: writable(cm), fieldManager: this.fieldManager }));
    } catch (e) {
      throw toKubeError(e);
    }
  }

  async deleteConfigMap(namespace: string, name: string): Promise<void> {
    try {
      await this.core.deleteNamespacedConfigMap({ namespace, name });
    } catch (e) {
      const err = toKubeError(e);
      if (err.status !== 404) throw err;
    }
  }

  /** A SelfSubjectAccessReview as the caller, never cached: the pipeline asks right before writing. */
  async review(verb: string, group: string, resource: string, namespace?: string): Promise<{ allowed: boolean; reason?: string }> {
    try {
      const api = this.kc.makeApiClient(AuthorizationV1Api);
      const res = await api.createSelfSubjectAccessReview({
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group, resource, namespace } } },
      });
      return { allowed: res.status?.allowed === true, reason: res.status?.reason || undefined };
    } catch (e) {
      throw toKubeError(e);
    }
  }

  async serverVersion(): Promise<string | undefined> {
    try {
      return (await this.kc.makeApiClient(VersionApi).getCode()).gitVersion;
    } catch {
      return undefined;
    }
  }

  /** Records a core/v1 Event about an object (what `kubectl describe` shows). */
  async createEvent(ev: { involved: KubeObject | ObjectRef & { uid?: string }; reason: string; type: 'Normal' | 'Warning'; message: string; now: Date }): Promise<void> {
    const ref = 'metadata' in ev.involved ? { ...refOf(ev.involved as KubeObject), uid: (ev.involved as KubeObject).metadata.uid } : ev.involved;
    const namespace = ref.namespace ?? 'default';
    try {
      await this.core.createNamespacedEvent({
        namespace,
        body: {
          metadata: { name: `${ref.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`, namespace },
          involvedObject: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace, uid: ref.uid },
          reason: ev.reason,
          message: ev.message.slice(0, 1024),
          type: ev.type,
          source: { component: 'scaleguard' },
          reportingComponent: 'scaleguard',
          reportingInstance: this.userName(),
          firstTimestamp: ev.now,
          lastTimestamp: ev.now,
          count: 1,
        },
      });
    } catch (e) {
      throw toKubeError(e);
    }
  }

  private async write(call: () => Promise<{ data: unknown; headers: Record<string, string> }>): Promise<WriteResult> {
    try {
      const info = await call();
      return { object: info.data as KubeObject, warnings: warningsOf(info.headers) };
    } catch (e) {
      throw toKubeError(e);
    }
  }

  /** Group, version, plural and scope of a kind: the watched kinds by table, others by discovery. */
  resource(ref: ObjectRef): Promise<Resource> {
    const { group, version } = splitApiVersion(ref.apiVersion);
    const key = `${group}/${version}/${ref.kind}`;
    let hit = this.resources.get(key);
    if (!hit) {
      hit = this.lookup(group, version, ref.kind);
      this.resources.set(key, hit);
      hit.catch(() => this.resources.delete(key));
    }
    return hit;
  }

  private async lookup(group: string, version: string, kind: string): Promise<Resource> {
    if (!group) throw new KubeError(`scaleguard does not write core/${version} ${kind} objects through the generic client`, 400);
    const known = RESOURCE_KINDS.find((k) => k.group === group && k.kind === kind) ?? EXTRA[`${group}/${kind}`];
    if (known) return { group, version, plural: known.plural, namespaced: known.namespaced };
    const list = await this.custom.getAPIResources({ group, version }).catch((e: unknown) => { throw toKubeError(e); });
    const found = list.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) throw new KubeError(`the server does not serve ${kind} in ${group}/${version}`, 404, 'NotFound');
    return { group, version, plural: found.name, namespaced: found.namespaced };
  }
}

function refOf(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

/** A ConfigMap as plain JSON (dates as strings). */
export interface ConfigMapObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta & { name: string; namespace: string };
  data?: Record<string, string>;
}

/** What a ConfigMap write sends: identity, labels, annotations, the precondition and the data. */
function writable(cm: ConfigMapObject): V1ConfigMap {
  const { name, namespace, labels, annotations, resourceVersion } = cm.metadata;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels, annotations, resourceVersion }, data: cm.data };
}

function plain(cm: unknown): ConfigMapObject {
  return JSON.parse(JSON.stringify(cm)) as ConfigMapObject;
}

function base(r: Resource) {
  return { group: r.group, version: r.version, plural: r.plural };
}

function warningsOf(headers: Record<string, string> | undefined): string[] {
  const raw = headers?.warning;
  if (!raw) return [];
  // `299 - "text"`, several joined by commas.
  return [...raw.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
}
