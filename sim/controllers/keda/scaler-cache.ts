/**
 * KEDA's scalers cache (pkg/scaling/cache/scalers_cache.go, pkg/scaling/scale_handler.go
 * `performGetScalersCache`): scalers are built per ScaledObject/ScaledJob generation, and building
 * one resolves its `*FromEnv` parameters from the scale target's pod template env at that moment.
 * The cache is rebuilt only when the generation changes, when the keda-operator restarts (a new
 * process starts with an empty cache: detected from the start time of the `app=keda-operator`
 * pods in namespace keda), or, one scaler at a time, after that scaler fails (`refreshScaler`).
 * Changing the Deployment's env does nothing, so a stale value stays in use (keda#5915).
 */
import { effectiveParams, fromEnvParams, resolveContainerEnv } from '@/lib/keda/env';
import { parseGvkr } from '@/lib/keda/names';
import { triggerSpec, type TriggerSpec } from '@/lib/keda/scalers';
import { at, list, str, stringMap } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../../clock';
import type { ControllerContext } from '../runtime/controller';

export type BuildReason = 'created' | 'generation-changed' | 'operator-restart' | 'scaler-error';

export interface CachedScaler {
  index: number;
  name?: string;
  type: string;
  /** Parameters the scaler uses (metadata plus resolved `*FromEnv`). */
  params: Record<string, string | undefined>;
  fromEnv: { param: string; envName: string; value: string | undefined }[];
  spec: TriggerSpec;
  builtAt: number;
  reason: BuildReason;
}

export interface CacheEntry {
  kind: 'ScaledObject' | 'ScaledJob';
  namespace: string;
  name: string;
  generation: number;
  builtAt: number;
  reason: BuildReason;
  envContainer?: string;
  scalers: CachedScaler[];
  /** Why the scalers could not be built (then `scalers` is empty). */
  error?: string;
}

const keyOf = (kind: string, ns: string, name: string) => `${kind}/${ns}/${name}`;

export class ScalerCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly ctx: ControllerContext) {}

  /** Start of the newest keda-operator pod (its process start), if any pod exists. */
  operatorStartedAt(): number | undefined {
    let newest: number | undefined;
    for (const p of this.ctx.store.list('/pods', 'keda')) {
      if (p.metadata.labels?.app !== 'keda-operator' || p.metadata.deletionTimestamp) continue;
      const t = Date.parse(str(at(p.status, 'startTime')) ?? p.metadata.creationTimestamp ?? '');
      if (Number.isFinite(t) && (newest === undefined || t > newest)) newest = t;
    }
    return newest;
  }

  /** The cached scalers of `obj`, built (or rebuilt) when upstream would. */
  get(obj: KubeObject): CacheEntry {
    const kind = obj.kind === 'ScaledJob' ? 'ScaledJob' : 'ScaledObject';
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const key = keyOf(kind, ns, name);
    const cur = this.entries.get(key);
    const restarted = this.operatorStartedAt();
    let reason: BuildReason | undefined;
    if (!cur) reason = 'created';
    else if (cur.generation !== (obj.metadata.generation ?? 0)) reason = 'generation-changed';
    else if (restarted !== undefined && restarted > cur.builtAt) reason = 'operator-restart';
    if (!reason) return cur!;
    const entry = this.build(obj, kind, reason);
    this.entries.set(key, entry);
    return entry;
  }

  /** After a scaler error: that scaler is built again, re-reading the env (`refreshScaler`). */
  refreshScaler(obj: KubeObject, index: number): CachedScaler | undefined {
    const kind = obj.kind === 'ScaledJob' ? 'ScaledJob' : 'ScaledObject';
    const entry = this.entries.get(keyOf(kind, obj.metadata.namespace ?? '', obj.metadata.name ?? ''));
    if (!entry) return undefined;
    const fresh = this.build(obj, kind, 'scaler-error');
    const s = fresh.scalers.find((x) => x.index === index);
    if (!s) return undefined;
    entry.scalers = entry.scalers.map((x) => (x.index === index ? s : x));
    if (fresh.envContainer) entry.envContainer = fresh.envContainer;
    return s;
  }

  drop(kind: string, namespace: string, name: string): void {
    this.entries.delete(keyOf(kind, namespace, name));
  }

  /** What `GET /_sim/keda/scalers` shows: what each cache resolved and when it was built. */
  debug(): unknown[] {
    return [...this.entries.values()].map((e) => ({
      kind: e.kind, namespace: e.namespace, name: e.name, generation: e.generation, builtAt: rfc3339(e.builtAt), reason: e.reason, envContainer: e.envContainer, error: e.error,
      scalers: e.scalers.map((s) => ({ index: s.index, name: s.name, type: s.type, metricName: s.spec.metricName, builtAt: rfc3339(s.builtAt), reason: s.reason, fromEnv: s.fromEnv, params: s.params })),
    }));
  }

  private podTemplate(obj: KubeObject, kind: CacheEntry['kind']): { spec: unknown; container?: string } | { error: string } {
    if (kind === 'ScaledJob') return { spec: at(obj.spec, 'jobTargetRef', 'template', 'spec'), container: str(at(obj.spec, 'envSourceContainerName')) };
    const ref = at(obj.spec, 'scaleTargetRef');
    const g = parseGvkr(str(at(ref, 'apiVersion')), str(at(ref, 'kind')), (group, version, k) => this.ctx.api.resourceFor(group ? `${group}/${version}` : version, k)?.plural);
    if (!g.ok) return { error: g.error };
    const res = this.ctx.api.resource(g.gvkr.group, g.gvkr.version, g.gvkr.resource);
    const target = res ? this.ctx.store.get(res.storage, obj.metadata.namespace, str(at(ref, 'name')) ?? '') : undefined;
    if (!target) return { error: `${g.gvkr.resource}${g.gvkr.group ? `.${g.gvkr.group}` : ''} "${str(at(ref, 'name')) ?? ''}" not found` };
    return { spec: at(target.spec, 'template', 'spec'), container: str(at(ref, 'envSourceContainerName')) };
  }

  private build(obj: KubeObject, kind: CacheEntry['kind'], reason: BuildReason): CacheEntry {
    const now = this.ctx.clock.now();
    const ns = obj.metadata.namespace ?? '';
    const entry: CacheEntry = { kind, namespace: ns, name: obj.metadata.name ?? '', generation: obj.metadata.generation ?? 0, builtAt: now, reason, scalers: [] };
    const tpl = this.podTemplate(obj, kind);
    if ('error' in tpl) {
      entry.error = tpl.error;
      return entry;
    }
    const sources = {
      configMap: (n: string) => {
        const cm = this.ctx.store.get('/configmaps', ns, n);
        return cm ? stringMap(cm.data) : undefined;
      },
      secret: (n: string) => {
        const s = this.ctx.store.get('/secrets', ns, n);
        if (!s) return undefined;
        return Object.fromEntries(Object.entries(stringMap(s.data)).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
      },
    };
    const env = resolveContainerEnv(tpl.spec, tpl.container, sources, ns);
    if (!env.ok) {
      entry.error = env.error;
      return entry;
    }
    entry.envContainer = env.container;
    entry.scalers = list(at(obj.spec, 'triggers')).map((t, index) => {
      const metadata = stringMap(at(t, 'metadata'));
      const params = effectiveParams(metadata, env.env);
      const type = str(at(t, 'type')) ?? '';
      return {
        index, name: str(at(t, 'name')), type, params,
        fromEnv: fromEnvParams(metadata).map((f) => ({ ...f, value: env.env[f.envName] })),
        spec: triggerSpec({ type, name: str(at(t, 'name')), metricType: str(at(t, 'metricType')), params }, index),
        builtAt: now, reason,
      };
    });
    return entry;
  }
}
