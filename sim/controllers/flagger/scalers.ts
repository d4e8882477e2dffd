/**
 * The simulated Flagger's ScalerReconcilers: HPA (pkg/canary/hpa_reconciler.go) and KEDA
 * ScaledObject (pkg/canary/scaled_object_reconciler.go, before and after flagger#1677 by release).
 * Flagger never deletes an old primary autoscaler when `autoscalerRef` changes kind (seed 000).
 */
import {
  copiesScaledObjectAnnotations, hpaChanged, includeLabelsByPrefix, PAUSED_REPLICAS_ANNOTATION, primaryHpaSpec, primaryName,
  primaryScaledObjectMeta, primaryScaledObjectSpec, filterMetadata,
} from '@/lib/flagger';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { deepEqual } from '../../store/json';
import type { ControllerContext } from '../runtime/controller';
import { canaryOwnerRef, errText, FlaggerError, spec, tryGet, type Resources } from './kube';
import type { FlaggerSettings } from './settings';

type Obj = Record<string, unknown>;

export interface ScalerReconciler {
  reconcilePrimary(cd: KubeObject, init: boolean): Promise<void>;
  pauseTarget(cd: KubeObject): Promise<void>;
  resumeTarget(cd: KubeObject): Promise<void>;
}

const ref = (cd: KubeObject) => (spec(cd).autoscalerRef ?? {}) as Obj;
const targetName = (cd: KubeObject) => String((spec(cd).targetRef as Obj).name);

export function scalerReconciler(ctx: ControllerContext, res: Resources, settings: FlaggerSettings, cd: KubeObject): ScalerReconciler | undefined {
  const kind = ref(cd).kind;
  if (kind === 'HorizontalPodAutoscaler') return new HpaReconciler(ctx, res);
  if (kind === 'ScaledObject') return new ScaledObjectReconciler(ctx, res, settings);
  return undefined;
}

class HpaReconciler implements ScalerReconciler {
  constructor(private readonly ctx: ControllerContext, private readonly res: Resources) {}

  async reconcilePrimary(cd: KubeObject, init: boolean): Promise<void> {
    const ns = cd.metadata.namespace!;
    const name = String(ref(cd).name);
    const hpa = tryGet(this.ctx, this.res.hpa, ns, name);
    if (!hpa) throw new FlaggerError(`HorizontalPodAutoscaler ${name}.${ns} get query error for both v2beta2: horizontalpodautoscalers.autoscaling "${name}" not found and v2: horizontalpodautoscalers.autoscaling "${name}" not found`);
    const want = primaryHpaSpec(hpa.spec, targetName(cd));
    const pName = primaryName(name);
    const primary = tryGet(this.ctx, this.res.hpa, ns, pName);
    if (!primary) {
      try {
        await this.ctx.api.create(this.res.hpa, ns, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: pName, namespace: ns, labels: filterMetadata(hpa.metadata.labels), ownerReferences: [canaryOwnerRef(cd)] }, spec: want }, this.ctx.as());
      } catch (e) {
        throw new FlaggerError(`creating HorizontalPodAutoscaler v2 ${pName}.${ns} failed: ${errText(e)}`);
      }
      return;
    }
    if (init || !hpaChanged({ spec: want, labels: hpa.metadata.labels, annotations: hpa.metadata.annotations }, { spec: primary.spec, labels: primary.metadata.labels, annotations: primary.metadata.annotations })) return;
    // Upstream's updateObjectMeta takes ObjectMeta by value, so labels and annotations stay as they are.
    const next = structuredClone(primary) as KubeObject & { spec: Obj };
    for (const k of ['minReplicas', 'maxReplicas', 'metrics', 'behavior'] as const) {
      if (want[k] === undefined) delete next.spec[k];
      else next.spec[k] = want[k];
    }
    try {
      await this.ctx.api.update(this.res.hpa, ns, pName, next, this.ctx.as());
    } catch (e) {
      throw new FlaggerError(`updating HorizontalPodAutoscaler v2 ${pName}.${ns} failed: ${errText(e)}`);
    }
  }

  async pauseTarget(): Promise<void> {}
  async resumeTarget(): Promise<void> {}
}

class ScaledObjectReconciler implements ScalerReconciler {
  private readonly copies: boolean;

  constructor(private readonly ctx: ControllerContext, private readonly res: Resources, private readonly settings: FlaggerSettings) {
    this.copies = copiesScaledObjectAnnotations(settings.release);
  }

  private soRes() {
    if (!this.res.scaledObject) throw new FlaggerError('the server could not find the requested resource (get scaledobjects.keda.sh)');
    return this.res.scaledObject;
  }

  private canarySo(cd: KubeObject): KubeObject {
    const ns = cd.metadata.namespace!;
    const name = String(ref(cd).name);
    const so = tryGet(this.ctx, this.soRes(), ns, name);
    if (!so) throw new FlaggerError(`Keda ScaledObject ${name}.${ns} get query error: scaledobjects.keda.sh "${name}" not found`);
    return so;
  }

  async reconcilePrimary(cd: KubeObject, init: boolean): Promise<void> {
    const ns = cd.metadata.namespace!;
    const so = this.canarySo(cd);
    const r = ref(cd);
    const want = primaryScaledObjectSpec(so.spec, targetName(cd), { primaryScalerQueries: r.primaryScalerQueries as Record<string, string> | undefined, primaryScalerReplicas: r.primaryScalerReplicas as { minReplicas?: number } | undefined }, this.copies);
    const pName = primaryName(String(r.name));
    const primary = tryGet(this.ctx, this.soRes(), ns, pName);
    if (!primary) {
      const meta = primaryScaledObjectMeta(so.metadata.labels, so.metadata.annotations, this.copies);
      try {
        await this.ctx.api.create(this.soRes(), ns, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: pName, namespace: ns, ...meta, ownerReferences: [canaryOwnerRef(cd)] }, spec: want }, this.ctx.as());
      } catch (e) {
        throw new FlaggerError(`creating Keda ScaledObject ${pName}.${ns} failed: ${errText(e)}`);
      }
      return;
    }
    if (init || deepEqual(normalize(want), normalize(primary.spec))) return;
    const next = structuredClone(primary) as KubeObject;
    next.spec = want;
    next.metadata.annotations = includeLabelsByPrefix(primary.metadata.annotations, this.settings.includeLabelPrefix);
    next.metadata.labels = includeLabelsByPrefix(primary.metadata.labels, this.settings.includeLabelPrefix);
    try {
      await this.ctx.api.update(this.soRes(), ns, pName, next, this.ctx.as());
    } catch (e) {
      throw new FlaggerError(`updating ScaledObject ${pName}.${ns} failed: ${errText(e)}`);
    }
  }

  async pauseTarget(cd: KubeObject): Promise<void> {
    const so = this.canarySo(cd);
    if (so.metadata.annotations?.[PAUSED_REPLICAS_ANNOTATION] === '0') return;
    const next = structuredClone(so) as KubeObject;
    next.metadata.annotations = { ...(so.metadata.annotations ?? {}), [PAUSED_REPLICAS_ANNOTATION]: '0' };
    await this.ctx.api.update(this.soRes(), so.metadata.namespace, so.metadata.name!, next, this.ctx.as());
  }

  async resumeTarget(cd: KubeObject): Promise<void> {
    const so = this.canarySo(cd);
    if (so.metadata.annotations?.[PAUSED_REPLICAS_ANNOTATION] === undefined) return;
    const next = structuredClone(so) as KubeObject;
    const annotations = { ...(so.metadata.annotations ?? {}) };
    delete annotations[PAUSED_REPLICAS_ANNOTATION];
    next.metadata.annotations = annotations;
    await this.ctx.api.update(this.soRes(), so.metadata.namespace, so.metadata.name!, next, this.ctx.as());
  }
}

/** A plain-JSON copy for comparison (cmp.Diff of the specs upstream). */
function normalize(v: unknown): JsonObject {
  return JSON.parse(JSON.stringify(v ?? {})) as JsonObject;
}
