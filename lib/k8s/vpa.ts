/** VerticalPodAutoscaler (autoscaling.k8s.io/v1): sets container requests from observed usage. */
import type { KubeObject } from './object';
import { at, list, str } from './fields';
import { memoByObject } from './memo';
import { readScaleTarget, type ScaleTarget } from './scale-target';

export const VPA_GVK = { group: 'autoscaling.k8s.io', version: 'v1', kind: 'VerticalPodAutoscaler', plural: 'verticalpodautoscalers' } as const;

export const VPA_UPDATE_MODES = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'] as const;
export type VpaUpdateMode = (typeof VPA_UPDATE_MODES)[number];

export const Vpa = {
  target: memoByObject((vpa: KubeObject): ScaleTarget | undefined => readScaleTarget(at(vpa.spec, 'targetRef'), vpa.metadata.namespace)),
  /** The mode as written; VPA defaults an absent mode to `Auto`, which behaves as `Recreate`. */
  updateMode(vpa: KubeObject): string {
    return str(at(vpa.spec, 'updatePolicy', 'updateMode')) ?? 'Auto';
  },
  /** The effective mode: `Auto` is a deprecated alias of `Recreate` (upstream). */
  effectiveMode(vpa: KubeObject): string {
    const mode = Vpa.updateMode(vpa);
    return mode === 'Auto' ? 'Recreate' : mode;
  },
  /** Resources controlled for a container, per resourcePolicy; defaults to cpu and memory. */
  controlledResources(vpa: KubeObject, container = '*'): string[] {
    const policies = list(at(vpa.spec, 'resourcePolicy', 'containerPolicies'));
    const policy = policies.find((p) => str(at(p, 'containerName')) === container) ?? policies.find((p) => str(at(p, 'containerName')) === '*');
    if (policy && str(at(policy, 'mode')) === 'Off') return [];
    const controlled = list(at(policy, 'controlledResources')).filter((r): r is string => typeof r === 'string');
    return controlled.length ? controlled : ['cpu', 'memory'];
  },
};
