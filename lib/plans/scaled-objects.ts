/**
 * Building the ScaledObjects the migrations create, and finding the objects a plan is about
 * (the workload and its native HPA) in a snapshot.
 */
import { buildScalingGraph, sources, type ScalingGraph } from '../graph/scaling-graph';
import { at, int, list, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import { memoByObject } from '../k8s/memo';
import type { JsonObject, JsonValue, KubeObject, OwnerReference } from '../k8s/object';
import { TRANSFER_HPA_OWNERSHIP_ANNOTATION } from '../k8s/scaled-object';
import { readScaleTarget, type ScaleTarget } from '../k8s/scale-target';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { SCALED_OBJECT_API_VERSION } from './refs';
import type { PlanTarget } from './types';

/** The scaling graph of a snapshot, built once however many plans or rows ask. */
export const graphOf: (s: Snapshot) => ScalingGraph = memoByObject(buildScalingGraph);

/** Whether some ownerReference of `obj` is a ScaledObject (KEDA's test: kind, and the name when given). */
export function ownedByScaledObject(obj: KubeObject, name?: string): boolean {
  return list(obj.metadata.ownerReferences).some((o) => str(at(o, 'kind')) === 'ScaledObject' && (name === undefined || str(at(o, 'name')) === name));
}

/** The workload a target names: the HPA's scale target for an HPA, the object itself otherwise. */
export function resolveWorkload(s: Snapshot, target: PlanTarget): { workload?: KubeObject; ref?: ScaleTarget; hpa?: KubeObject } {
  const idx = indexOf(s);
  if (target.kind === 'HorizontalPodAutoscaler') {
    const hpa = idx.get('hpas', target.namespace, target.name);
    const ref = hpa ? Hpa.scaleTarget(hpa) : undefined;
    const workload = ref ? workloadOf(s, ref) : undefined;
    return { workload, ref, hpa };
  }
  const ref = readScaleTarget({ apiVersion: target.kind === 'StatefulSet' || target.kind === 'Deployment' ? 'apps/v1' : '', kind: target.kind, name: target.name }, target.namespace);
  return { workload: ref ? workloadOf(s, ref) : undefined, ref };
}

/** The Deployment or StatefulSet a reference names, if the snapshot has it. */
export function workloadOf(s: Snapshot, ref: Pick<ScaleTarget, 'kind' | 'namespace' | 'name'>): KubeObject | undefined {
  const id = ref.kind === 'Deployment' ? 'deployments' : ref.kind === 'StatefulSet' ? 'statefulsets' : undefined;
  return id ? indexOf(s).get(id, ref.namespace, ref.name) : undefined;
}

/** HPAs scaling a target (by graph key), native and KEDA-made alike. */
export function hpasScaling(s: Snapshot, ref: ScaleTarget): KubeObject[] {
  return sources(graphOf(s), ref.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler');
}

/** ScaledObjects scaling a target. */
export function scaledObjectsScaling(s: Snapshot, ref: ScaleTarget): KubeObject[] {
  return sources(graphOf(s), ref.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'ScaledObject');
}

export interface ScaledObjectSpecInput {
  name: string;
  namespace: string;
  target: { apiVersion: string; kind: string; name: string };
  /** The HPA to take over (`advanced.horizontalPodAutoscalerConfig.name`); undefined: KEDA's default name. */
  hpaName?: string;
  min: number;
  max: number;
  behavior?: JsonValue;
  triggers: JsonObject[];
  /** Adds `scaledobject.keda.sh/transfer-hpa-ownership: "true"`. */
  transfer: boolean;
  ownerReferences?: OwnerReference[];
}

/** `spec.advanced` for a ScaledObject: the HPA name and behavior, omitted when neither is set. */
export function advancedFor(hpaName: string | undefined, behavior: JsonValue | undefined): JsonObject | undefined {
  const hpaConfig: JsonObject = {};
  if (hpaName) hpaConfig.name = hpaName;
  if (behavior !== undefined) hpaConfig.behavior = structuredClone(behavior);
  return Object.keys(hpaConfig).length ? { horizontalPodAutoscalerConfig: hpaConfig } : undefined;
}

/** A ScaledObject manifest as the migrations create it. */
export function buildScaledObject(p: ScaledObjectSpecInput): KubeObject {
  const spec: JsonObject = {
    scaleTargetRef: { apiVersion: p.target.apiVersion, kind: p.target.kind, name: p.target.name },
    minReplicaCount: p.min,
    maxReplicaCount: p.max,
  };
  const advanced = advancedFor(p.hpaName, p.behavior);
  if (advanced) spec.advanced = advanced;
  spec.triggers = structuredClone(p.triggers);
  const metadata: KubeObject['metadata'] = { name: p.name, namespace: p.namespace };
  if (p.transfer) metadata.annotations = { [TRANSFER_HPA_OWNERSHIP_ANNOTATION]: 'true' };
  if (p.ownerReferences?.length) metadata.ownerReferences = p.ownerReferences;
  return { apiVersion: SCALED_OBJECT_API_VERSION, kind: 'ScaledObject', metadata, spec };
}

/** min/max/behavior of an HPA as a ScaledObject takes them (minReplicas defaults to 1). */
export function hpaBounds(hpa: KubeObject): { min: number; max: number | undefined; behavior: JsonValue | undefined } {
  const behavior = at(hpa.spec, 'behavior');
  return { min: Hpa.minReplicas(hpa), max: int(at(hpa.spec, 'maxReplicas')), behavior: behavior === undefined || behavior === null ? undefined : (behavior as JsonValue) };
}
