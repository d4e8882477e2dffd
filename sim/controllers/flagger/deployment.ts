/**
 * The Deployment side of the simulated Flagger (pkg/canary/deployment_controller.go,
 * deployment_ready.go, config_tracker.go): the `-primary` copy, promotion of the template and its
 * ConfigMaps/Secrets, scaling the canary to and from zero, readiness, and change detection.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  applyPrimaryConfigs, computeHash, configRefKeys, FLAGGER_ID_ANNOTATION, filterMetadata, includeLabelsByPrefix,
  makePrimaryLabels, primaryName, selectorLabel, selectorLabelError, stableJson, TRACKED_SECRET_TYPES,
} from '@/lib/flagger';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import type { ControllerContext } from '../runtime/controller';
import { canaryOwnerRef, errText, FlaggerError, spec, status, tryGet, type Resources } from './kube';
import type { FlaggerSettings } from './settings';

type Obj = Record<string, unknown>;

export class DeploymentOps {
  constructor(private readonly ctx: ControllerContext, private readonly res: Resources, private readonly settings: FlaggerSettings) {}

  target(cd: KubeObject): KubeObject {
    const name = String((spec(cd).targetRef as Obj).name);
    const dep = tryGet(this.ctx, this.res.deployment, cd.metadata.namespace!, name);
    if (!dep) throw new FlaggerError(`deployment ${name}.${cd.metadata.namespace} get query error: deployments.apps "${name}" not found`);
    return dep;
  }

  selector(dep: KubeObject): { label: string; value: string } {
    const s = selectorLabel(((spec(dep).selector as Obj | undefined)?.matchLabels ?? {}) as Record<string, string>, this.settings.selectorLabels);
    if (!s) throw new FlaggerError(selectorLabelError(dep.metadata.name!, dep.metadata.namespace!, this.settings.selectorLabels));
    return s;
  }

  /** `createPrimaryDeployment`: only when `<target>-primary` is missing. */
  async ensurePrimary(cd: KubeObject, dep: KubeObject): Promise<void> {
    const ns = cd.metadata.namespace!;
    const name = primaryName(dep.metadata.name!);
    if (tryGet(this.ctx, this.res.deployment, ns, name)) return;
    const { label, value } = this.selector(dep);
    const refs = await this.syncPrimaryConfigs(cd, dep);
    const s = spec(dep);
    const tpl = (s.template ?? {}) as Obj;
    const tplMeta = (tpl.metadata ?? {}) as Obj;
    const replicas = typeof s.replicas === 'number' && s.replicas > 0 ? s.replicas : 1;
    const body: Obj = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: {
        name, namespace: ns,
        labels: makePrimaryLabels(includeLabelsByPrefix(dep.metadata.labels, this.settings.includeLabelPrefix), primaryName(value), label),
        annotations: filterMetadata(dep.metadata.annotations),
        ownerReferences: [canaryOwnerRef(cd)],
      },
      spec: {
        progressDeadlineSeconds: s.progressDeadlineSeconds, minReadySeconds: s.minReadySeconds, revisionHistoryLimit: s.revisionHistoryLimit,
        replicas, strategy: s.strategy,
        selector: { matchLabels: { [label]: primaryName(value) } },
        template: {
          metadata: { labels: makePrimaryLabels(tplMeta.labels as Record<string, string>, primaryName(value), label), annotations: makeAnnotations(tplMeta.annotations as Record<string, string>) },
          spec: applyPrimaryConfigs((tpl.spec ?? {}) as JsonObject, refs),
        },
      },
    };
    try {
      await this.ctx.api.create(this.res.deployment, ns, body, this.ctx.as());
    } catch (e) {
      throw new FlaggerError(`createPrimaryDeployment failed: creating deployment ${name}.${ns} failed: ${errText(e)}`);
    }
  }

  /** `Promote`: template, strategy and configs of the canary onto the primary. */
  async promote(cd: KubeObject): Promise<void> {
    const ns = cd.metadata.namespace!;
    const dep = this.target(cd);
    const { label, value } = this.selector(dep);
    const name = primaryName(dep.metadata.name!);
    const primary = tryGet(this.ctx, this.res.deployment, ns, name);
    if (!primary) throw new FlaggerError(`deployment ${name}.${ns} get query error: deployments.apps "${name}" not found`);
    const refs = await this.syncPrimaryConfigs(cd, dep);
    const s = spec(dep);
    const tpl = (s.template ?? {}) as Obj;
    const tplMeta = (tpl.metadata ?? {}) as Obj;
    const next = structuredClone(primary) as KubeObject & { spec: Obj };
    Object.assign(next.spec, { progressDeadlineSeconds: s.progressDeadlineSeconds, minReadySeconds: s.minReadySeconds, revisionHistoryLimit: s.revisionHistoryLimit, strategy: s.strategy });
    next.spec.template = {
      metadata: { ...((next.spec.template as Obj | undefined)?.metadata as Obj | undefined), labels: makePrimaryLabels(tplMeta.labels as Record<string, string>, primaryName(value), label), annotations: makeAnnotations(tplMeta.annotations as Record<string, string>) },
      spec: applyPrimaryConfigs((tpl.spec ?? {}) as JsonObject, refs),
    };
    try {
      await this.ctx.api.update(this.res.deployment, ns, name, next, this.ctx.as());
    } catch (e) {
      throw new FlaggerError(`updating deployment ${name}.${ns} template spec failed: ${errText(e)}`);
    }
  }

  async scale(cd: KubeObject, to: 'zero' | 'fromZero'): Promise<void> {
    const dep = this.target(cd);
    const cur = spec(dep).replicas;
    const replicas = to === 'zero' ? 0 : typeof cur === 'number' && cur > 0 ? cur : 1;
    if (cur === replicas) return;
    try {
      await this.ctx.api.patch(this.res.deployment, dep.metadata.namespace, dep.metadata.name!, { type: 'merge', body: JSON.stringify({ spec: { replicas } }) }, this.ctx.as());
    } catch (e) {
      throw new FlaggerError(to === 'zero' ? `deployment ${dep.metadata.name}.${dep.metadata.namespace} update query error: ${errText(e)}` : `scaling up ${dep.metadata.name}.${dep.metadata.namespace} to ${replicas} failed: ${errText(e)}`);
    }
  }

  /** `IsPrimaryReady` / `IsCanaryReady` (deployment_ready.go `isDeploymentReady`, without the progress deadline). */
  readiness(dep: KubeObject, readyThreshold: number): string | undefined {
    const s = status(dep);
    const generation = dep.metadata.generation ?? 0;
    if (generation > Number(s.observedGeneration ?? 0)) return 'waiting for rollout to finish: observed deployment generation less than desired generation';
    const replicas = Number(spec(dep).replicas ?? 1);
    const updated = Number(s.updatedReplicas ?? 0);
    const total = Number(s.replicas ?? 0);
    const available = Number(s.availableReplicas ?? 0);
    if (updated < replicas) return `waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated`;
    if (total > updated) return `waiting for rollout to finish: ${total - updated} old replicas are pending termination`;
    const need = Math.trunc(updated * (readyThreshold / 100));
    if (available < need) return `waiting for rollout to finish: ${available} of ${need} (readyThreshold ${readyThreshold}%) updated replicas are available`;
    return undefined;
  }

  primaryNotReady(cd: KubeObject, dep: KubeObject): string | undefined {
    const ns = cd.metadata.namespace!;
    const name = primaryName(dep.metadata.name!);
    const primary = tryGet(this.ctx, this.res.deployment, ns, name);
    if (!primary) return `deployment ${name}.${ns} get query error: deployments.apps "${name}" not found`;
    const why = this.readiness(primary, Number(((spec(cd).analysis ?? {}) as Obj).primaryReadyThreshold ?? 100));
    return why ? `${name}.${ns} not ready: ${why}` : undefined;
  }

  canaryNotReady(cd: KubeObject, dep: KubeObject): string | undefined {
    const why = this.readiness(dep, Number(((spec(cd).analysis ?? {}) as Obj).canaryReadyThreshold ?? 100));
    return why ? `canary deployment ${dep.metadata.name}.${dep.metadata.namespace} not ready: ${why}` : undefined;
  }

  /** The hash Flagger keeps in lastAppliedSpec: of the target's pod template. */
  specHash(dep: KubeObject): string {
    return computeHash(spec(dep).template ?? {});
  }

  /** `hasSpecChanged` (pkg/canary/spec.go): a manual rollback to the promoted spec is no change. */
  hasSpecChanged(cd: KubeObject, dep: KubeObject): boolean {
    const st = status(cd);
    if (!st.lastAppliedSpec) return true;
    const hash = this.specHash(dep);
    if (st.lastPromotedSpec === hash) return false;
    return st.lastAppliedSpec !== hash;
  }

  /** `GetConfigRefs`: `configmap/<name>` / `secret/<name>` → checksum of data. */
  trackedConfigs(dep: KubeObject): Record<string, string> {
    const ns = dep.metadata.namespace!;
    const out: Record<string, string> = {};
    for (const key of configRefKeys((spec(dep).template as Obj | undefined)?.spec)) {
      const [type, name] = key.split('/') as [string, string];
      const obj = tryGet(this.ctx, type === 'configmap' ? this.res.configMap : this.res.secret, ns, name);
      if (!obj) continue;
      if (type === 'secret' && !TRACKED_SECRET_TYPES.includes(String(obj.type ?? 'Opaque'))) continue;
      // config_tracker.go `checksum`: sha256 of the JSON of data, first 8 bytes in hex.
      out[key] = createHash('sha256').update(stableJson(obj.data ?? null)).digest('hex').slice(0, 16);
    }
    return out;
  }

  /** `HasConfigChanged`. */
  configsChanged(cd: KubeObject, dep: KubeObject): boolean {
    const now = this.trackedConfigs(dep);
    const tracked = status(cd).trackedConfigs as Record<string, string> | undefined;
    const keys = Object.keys(now);
    if (keys.length === 0 && tracked === undefined) return false;
    if (keys.length > 0 && tracked === undefined) return true;
    if (keys.length !== Object.keys(tracked ?? {}).length) return true;
    return keys.some((k) => tracked![k] !== now[k]);
  }

  /** `CreatePrimaryConfigs`: `<name>-primary` copies owned by the Canary; returns the tracked keys. */
  private async syncPrimaryConfigs(cd: KubeObject, dep: KubeObject): Promise<Set<string>> {
    const ns = cd.metadata.namespace!;
    const tracked = this.trackedConfigs(dep);
    for (const key of Object.keys(tracked)) {
      const [type, name] = key.split('/') as [string, string];
      const res = type === 'configmap' ? this.res.configMap : this.res.secret;
      const src = tryGet(this.ctx, res, ns, name)!;
      const body: Obj = {
        apiVersion: 'v1', kind: type === 'configmap' ? 'ConfigMap' : 'Secret',
        metadata: { name: primaryName(name), namespace: ns, labels: src.metadata.labels, ownerReferences: [canaryOwnerRef(cd)] },
        data: src.data,
      };
      if (type === 'secret') body.type = src.type;
      const existing = tryGet(this.ctx, res, ns, primaryName(name));
      if (existing) await this.ctx.api.update(res, ns, primaryName(name), { ...body, metadata: { ...(body.metadata as Obj), resourceVersion: existing.metadata.resourceVersion } }, this.ctx.as());
      else await this.ctx.api.create(res, ns, body, this.ctx.as());
    }
    return new Set(Object.keys(tracked));
  }
}

/** util.go `makeAnnotations`: the template annotations plus a fresh `flagger-id`, forcing a rollout. */
function makeAnnotations(annotations: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filterMetadata(annotations))) if (k !== FLAGGER_ID_ANNOTATION) out[k] = v;
  out[FLAGGER_ID_ANNOTATION] = randomUUID();
  return out;
}
