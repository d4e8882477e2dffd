/**
 * Reading a VerticalPodAutoscaler object (untrusted) the way its components do: the recommendation
 * per container in its status, which VPA controls a pod when several target it, and which modes
 * change running pods.
 */
import { at, list, str, stringMap } from '../k8s/fields';
import { isRecord, type KubeObject } from '../k8s/object';
import { Vpa } from '../k8s/vpa';
import type { ContainerRecommendation } from './recommendation';

/** Modes in which the VPA updater changes running pods (by eviction or in place). `Auto` is Recreate. */
export const UPDATING_MODES: readonly string[] = ['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace'];

/** Modes that resize pods in place (AEP-4016). */
export const IN_PLACE_MODES: readonly string[] = ['InPlaceOrRecreate', 'InPlace'];

/** `status.recommendation.containerRecommendations`, one per container, quantities as written. */
export function vpaRecommendations(vpa: KubeObject): ContainerRecommendation[] {
  return list(at(vpa.status, 'recommendation', 'containerRecommendations')).filter(isRecord).map((r) => ({
    containerName: str(r.containerName) ?? '',
    target: stringMap(r.target),
    lowerBound: stringMap(r.lowerBound),
    upperBound: stringMap(r.upperBound),
    uncappedTarget: stringMap(r.uncappedTarget),
  })).filter((r) => r.containerName);
}

/** Target requests per container: what the admission controller gives a new pod. */
export function recommendedTargets(vpa: KubeObject): Record<string, Record<string, string>> {
  return Object.fromEntries(vpaRecommendations(vpa).map((r) => [r.containerName, r.target]));
}

/**
 * The VPA that acts on pods several VPAs match: the oldest, then by name
 * (vertical-pod-autoscaler pkg/utils/vpa/api.go `GetControllingVPAForPod`, `stronger`).
 */
export function controllingVpa(vpas: readonly KubeObject[]): KubeObject | undefined {
  return [...vpas].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
}

/** Whether the VPA's updater changes running pods (mode Auto, Recreate, InPlaceOrRecreate or InPlace). */
export function updatesPods(vpa: KubeObject): boolean {
  return UPDATING_MODES.includes(Vpa.updateMode(vpa));
}
